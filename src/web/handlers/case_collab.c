/* case_collab.c — working together on a case on the organisation's side
 * (docs/case-claim.md): who has taken the case, on its page and in the
 * queue; taking it, releasing it or handing it over with a note; the
 * staff's internal notes; and the admin's list of claims to release. None
 * of it is ever shown to the applicant (the owner is refused even when they
 * also hold a staff role), nor in the JSON API or the public register. */
#include "web/handlers/handlers.h"
#include "web/handlers/case_collab_fields.h"
#include "web/handlers/case_collab.h"
#include "store/case_claim.h"

#include <inttypes.h>
#include <string.h>

/* Staff who work the case — never its applicant. */
static int works_case(const request *r, const case_facts *f, const authz_object *obj)
{
    return !f->actor_is_owner && authz_may(&r->subject, ACT_CASE_QUEUE, obj);
}

static const char *note_kind_label(request *r, const char *kind)
{
    if (strcmp(kind, "handover") == 0) return tr(r, "Överlämning");
    if (strcmp(kind, "release") == 0) return tr(r, "Släppte ärendet");
    return tr(r, "Anteckning");
}

void case_collab_to_ctx(request *r, tmpl_ctx *x, const case_rec *c, const case_facts *f, const authz_object *obj)
{
    if (!works_case(r, f, obj)) return;
    tmpl_set_bool(x, "collab", 1);
    case_claim_rec claim;
    dl_error e = {0};
    if (case_claim_get(r->db, r->a, c->id, &claim, &e) != DL_OK) claim = (case_claim_rec){0, "", ""};
    int mine = claim.user_id && claim.user_id == r->user_id;
    int may_claim = authz_may(&r->subject, ACT_CASE_CLAIM, obj);
    int open = c->state != CASE_DRAFT && case_state_is_open(c->state);
    tmpl_set_bool(x, "claimed", claim.user_id != 0);
    tmpl_set_str(x, "claimed_by", claim.name);
    tmpl_set_str(x, "claimed_at", local_time(r, claim.claimed_at));
    tmpl_set_bool(x, "claim_mine", mine);
    tmpl_set_bool(x, "may_claim", open && may_claim && !claim.user_id);
    int may_release = claim.user_id && ((mine && may_claim) || authz_may(&r->subject, ACT_CASE_CLAIM_RELEASE, obj));
    tmpl_set_bool(x, "may_release", may_release);
    if (may_release) {
        case_colleague people[CASE_PAGE_MAX];
        int n = 0;
        tmpl_set_list(x, "colleagues");
        if (case_claim_colleagues(r->db, r->a, obj->node_path, people, CASE_PAGE_MAX, &n, &e) == DL_OK)
            for (int i = 0; i < n; i++) {
                if (people[i].id == claim.user_id) continue;
                tmpl_ctx *o = tmpl_list_append(x, "colleagues");
                if (!o) break;
                tmpl_set_int(o, "cid", people[i].id);
                tmpl_set_str(o, "cname", people[i].name);
            }
    }
    int may_note = authz_may(&r->subject, ACT_CASE_NOTE, obj);
    tmpl_set_bool(x, "may_note", may_note);
    if (!may_note) return;
    case_note_rec *notes = arena_alloc(r->a, sizeof *notes * CASE_NOTES_SHOWN);
    int n = 0;
    tmpl_set_list(x, "notes");
    if (notes && case_notes(r->db, r->a, c->id, notes, CASE_NOTES_SHOWN, &n, &e) == DL_OK)
        for (int i = 0; i < n; i++) {
            tmpl_ctx *o = tmpl_list_append(x, "notes");
            if (!o) break;
            tmpl_set_str(o, "note_at", local_time(r, notes[i].created_at));
            tmpl_set_str(o, "note_author", *notes[i].author ? notes[i].author : tr(r, "(okänd)"));
            tmpl_set_str(o, "note_kind", note_kind_label(r, notes[i].kind));
            tmpl_set_str(o, "note_from", notes[i].from_name);
            tmpl_set_str(o, "note_to", notes[i].to_name);
            tmpl_set_bool(o, "note_handover", strcmp(notes[i].kind, "handover") == 0);
            tmpl_set_str(o, "note_body", notes[i].body);
        }
}

void case_claims_to_rows(request *r, const case_rec *cases, int n, tmpl_ctx *const *rows)
{
    if (n <= 0) return;
    int64_t *ids = arena_alloc(r->a, sizeof *ids * (size_t)n);
    const char **names = arena_alloc(r->a, sizeof *names * (size_t)n);
    if (!ids || !names) return;
    for (int i = 0; i < n; i++) ids[i] = cases[i].id;
    dl_error e = {0};
    if (case_claim_names(r->db, r->a, ids, n, names, &e) != DL_OK) return;
    for (int i = 0; i < n; i++)
        if (rows[i]) tmpl_set_str(rows[i], "claimed_by", names[i]);
}

static void back_to_case(request *r, int64_t id) { redirect_local(r, arena_printf(r->a, "/cases/%" PRId64, id)); }

void h_case_claim(request *r)
{
    case_rec c;
    case_facts f;
    authz_object obj;
    if (!case_load_visible(r, &c, &f, &obj)) return;
    if (f.actor_is_owner || !authz_may(&r->subject, ACT_CASE_CLAIM, &obj)) {
        res_error(r, DL_EDENIED, "Bara registratorer och samordnare som handlägger ärendet kan ta det.");
        return;
    }
    if (r->form.n_errors) { res_error(r, DL_EINVAL, r->form.first_error); return; }
    dl_error e = {0};
    audit_actor who = actor_of(r);
    dl_err rc = case_claim_take(r->db, c.id, &who, form_at(&r->form, CLAIM_NOTE)->text, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    back_to_case(r, c.id);
}

/* The admin has no place in the case's queue: the case is loaded for the
 * claim alone, and its page is not shown. */
static int load_for_release(request *r, case_rec *c, case_facts *f, authz_object *obj, int *as_admin)
{
    int64_t id = req_param_id(r, 0);
    dl_error e = {0};
    dl_err rc = id ? case_get(r->db, r->a, id, c, &e) : DL_ENOTFOUND;
    if (rc == DL_OK) rc = case_facts_for(r->db, r->a, c, r->user_id, f, obj, &e);
    if (rc != DL_OK) {
        res_lookup_failed(r, rc, &e, "Det finns inget sådant ärende.");
        return 0;
    }
    *as_admin = authz_may(&r->subject, ACT_CASE_CLAIM_RELEASE, obj);
    if (*as_admin || (!f->actor_is_owner && authz_may(&r->subject, ACT_CASE_CLAIM, obj))) return 1;
    res_error(r, DL_ENOTFOUND, "Det finns inget sådant ärende.");
    return 0;
}

void h_case_release(request *r)
{
    case_rec c;
    case_facts f;
    authz_object obj;
    int as_admin = 0;
    if (!load_for_release(r, &c, &f, &obj, &as_admin)) return;
    if (r->form.n_errors) { res_error(r, DL_EINVAL, r->form.first_error); return; }
    dl_error e = {0};
    audit_actor who = actor_of(r);
    dl_err rc = case_claim_release(r->db, c.id, &who, as_admin, form_at(&r->form, CLAIM_TO)->num,
                                   form_at(&r->form, CLAIM_NOTE)->text, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    /* The admin goes back to the list of claims; staff to the case. */
    if (as_admin && !authz_may(&r->subject, ACT_CASE_QUEUE, &obj)) redirect_local(r, "/cases/claims");
    else back_to_case(r, c.id);
}

void h_case_note_add(request *r)
{
    case_rec c;
    case_facts f;
    authz_object obj;
    if (!case_load_visible(r, &c, &f, &obj)) return;
    if (f.actor_is_owner || !authz_may(&r->subject, ACT_CASE_NOTE, &obj)) {
        res_error(r, DL_EDENIED, "Interna anteckningar skrivs av handläggarna av ärendet.");
        return;
    }
    if (r->form.n_errors) { res_error(r, DL_EINVAL, r->form.first_error); return; }
    dl_error e = {0};
    audit_actor who = actor_of(r);
    dl_err rc = case_note_add(r->db, c.id, &who, form_at(&r->form, NOTE_BODY)->text, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    redirect_local(r, arena_printf(r->a, "/cases/%" PRId64 "#notes-h", c.id));
}

/* GET /cases/claims: the claims an admin may release, at nodes they cover. */
void h_case_claims(request *r)
{
    tmpl_ctx *x = page_ctx(r);
    case_claim_held_rec *rows = arena_alloc(r->a, sizeof *rows * CASE_PAGE_MAX);
    if (!x || !rows) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    int n = 0;
    dl_error e = {0};
    dl_err rc = case_claims_held(r->db, r->a, rows, CASE_PAGE_MAX, &n, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    int shown = 0;
    tmpl_set_list(x, "claims");
    for (int i = 0; i < n; i++) {
        authz_object at = {.node_path = rows[i].node_path, .state = -1};
        if (!authz_may(&r->subject, ACT_CASE_CLAIM_RELEASE, &at)) continue;
        tmpl_ctx *o = tmpl_list_append(x, "claims");
        if (!o) break;
        tmpl_set_int(o, "case_id", rows[i].case_id);
        tmpl_set_str(o, "number", *rows[i].diary_number ? rows[i].diary_number : tr(r, "(ej registrerad)"));
        tmpl_set_str(o, "holder", rows[i].holder);
        tmpl_set_str(o, "since", local_time(r, rows[i].claimed_at));
        shown++;
    }
    tmpl_set_bool(x, "has_claims", shown > 0);
    res_page(r, 200, "case_claims.html", "Tagna ärenden", x);
}
