/* case_copy.c — follow-up applications on the web (docs/case-copy.md):
 * "Kopiera som ny ansökan" on a closed case (POST /cases/{id}/copy, the
 * applicant who owns it), the page that says which fields the form in
 * force no longer has, and on the case page the form version the case was
 * written on, the case it was copied from with the field-by-field
 * difference (for the staff), and the copies made of it. */
#include "web/handlers/handlers.h"
#include "web/handlers/case_collab.h"
#include "core/case_copy.h"
#include "store/form_version.h"

#include <inttypes.h>
#include <string.h>

#define COPIES_SHOWN 20

static const char *diff_op_class(diff_op op)
{
    return op == DIFF_ADDED ? "added" : op == DIFF_REMOVED ? "removed" : "same";
}

/* The field difference from the earlier case into x as "diffs". */
static void diff_to_ctx(request *r, tmpl_ctx *x, const case_rec *before, const case_rec *after, const char **labels)
{
    case_field_diff d[REQ__MAX];
    int n = case_request_diff(r->a, &before->req, &after->req, d);
    tmpl_set_bool(x, "diff_none", n == 0);
    tmpl_set_list(x, "diffs");
    for (int i = 0; i < n; i++) {
        tmpl_ctx *o = tmpl_list_append(x, "diffs");
        if (!o) return;
        int f = d[i].field;
        tmpl_set_str(o, "dlabel", tr(r, labels && labels[f] ? labels[f] : case_request_fields[f].label_sv));
        tmpl_set_str(o, "dbefore", d[i].before);
        tmpl_set_str(o, "dafter", d[i].after);
        tmpl_set_bool(o, "dlines", d[i].multiline && d[i].n_lines > 0);
        tmpl_set_list(o, "lines");
        for (size_t k = 0; d[i].multiline && k < d[i].n_lines; k++) {
            tmpl_ctx *l = tmpl_list_append(o, "lines");
            if (!l) return;
            tmpl_set_str(l, "lop", diff_op_class(d[i].lines[k].op));
            tmpl_set_str(l, "lsign", d[i].lines[k].op == DIFF_ADDED ? "+" : d[i].lines[k].op == DIFF_REMOVED ? "−" : " ");
            tmpl_set_str(l, "ltext", d[i].lines[k].text);
        }
    }
}

void case_followup_to_ctx(request *r, tmpl_ctx *x, const case_rec *c, const case_facts *f, const authz_object *obj)
{
    int64_t version = 1, from = 0;
    dl_error e = {0};
    if (case_lineage(r->db, c->id, &version, &from, &e) != DL_OK) return;
    tmpl_set_int(x, "form_version", version);
    tmpl_set_bool(x, "may_copy", case_copy_may(c->state, f->actor_is_owner, NULL));
    int64_t copies[COPIES_SHOWN];
    int n = 0;
    tmpl_set_list(x, "copies");
    if (case_copies_of(r->db, c->id, copies, COPIES_SHOWN, &n, &e) == DL_OK)
        for (int i = 0; i < n; i++) {
            case_rec k;
            case_facts kf;
            authz_object ko;
            if (case_get(r->db, r->a, copies[i], &k, &e) != DL_OK ||
                case_facts_for(r->db, r->a, &k, r->user_id, &kf, &ko, &e) != DL_OK)
                continue;
            /* Staff see a copy once it is sent; the owner sees their drafts. */
            if (!kf.actor_is_owner && (k.state == CASE_DRAFT || !authz_may(&r->subject, ACT_CASE_QUEUE, &ko))) continue;
            tmpl_ctx *o = tmpl_list_append(x, "copies");
            if (!o) break;
            tmpl_set_int(o, "copy_id", k.id);
            tmpl_set_str(o, "copy_number", *k.diary_number ? k.diary_number : tr(r, "(ej registrerad)"));
        }
    if (!from) return;
    case_rec before;
    case_facts bf;
    authz_object bo;
    if (case_get(r->db, r->a, from, &before, &e) != DL_OK ||
        case_facts_for(r->db, r->a, &before, r->user_id, &bf, &bo, &e) != DL_OK)
        return;
    int sees_before = bf.actor_is_owner || authz_may(&r->subject, ACT_CASE_QUEUE, &bo);
    if (!sees_before) return;
    tmpl_set_int(x, "copied_from", from);
    tmpl_set_str(x, "copied_from_number", *before.diary_number ? before.diary_number : tr(r, "(ej registrerad)"));
    /* The difference is the coordinator's reading (the applicant wrote it). */
    if (f->actor_is_owner || !authz_may(&r->subject, ACT_CASE_QUEUE, obj)) return;
    form_fields fields;
    const char *labels[REQ__MAX];
    if (form_version_fields(r->db, r->a, version, &fields, labels, &e) != DL_OK)
        for (int k = 0; k < REQ__MAX; k++) labels[k] = NULL;
    tmpl_set_bool(x, "show_diff", 1);
    diff_to_ctx(r, x, &before, c, labels);
}

void h_case_copy(request *r)
{
    case_rec c;
    case_facts f;
    authz_object obj;
    if (!case_load_visible(r, &c, &f, &obj)) return;
    const char *why = NULL;
    if (!case_copy_may(c.state, f.actor_is_owner, &why)) {
        res_error(r, f.actor_is_owner ? DL_ECONFLICT : DL_EDENIED, why);
        return;
    }
    int64_t id = 0;
    case_request_field dropped[REQ__MAX];
    int n_dropped = 0;
    dl_error e = {0};
    audit_actor who = actor_of(r);
    dl_err rc = case_copy_as_new(r->db, c.id, &who, &id, dropped, &n_dropped, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    tmpl_ctx *x = page_ctx(r);
    if (!x) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_int(x, "new_id", id);
    tmpl_set_int(x, "old_id", c.id);
    tmpl_set_str(x, "old_number", *c.diary_number ? c.diary_number : tr(r, "(ej registrerad)"));
    int64_t version = 1;
    if (form_version_current(r->db, &version, &e) == DL_OK) tmpl_set_int(x, "form_version", version);
    tmpl_set_list(x, "dropped");
    for (int i = 0; i < n_dropped; i++) {
        tmpl_ctx *o = tmpl_list_append(x, "dropped");
        if (!o) break;
        tmpl_set_str(o, "dlabel", tr(r, case_request_fields[dropped[i]].label_sv));
        tmpl_set_str(o, "dvalue", c.req.v[dropped[i]]);
    }
    res_page(r, 201, "case_copied.html", "Ansökan är kopierad", x);
}
