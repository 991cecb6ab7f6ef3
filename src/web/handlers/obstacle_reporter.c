/* obstacle_reporter.c — see obstacle_reporter.h: the preview of the report
 * form (POST /hinder with steg=preview) and the reporter's own changes from
 * their follow-up page, POST /hinder/folj/andra (revise the texts) and
 * POST /hinder/folj/aterkalla (withdraw), both only while the report is not
 * published. The follow-up token, sent in the form, is the authority; the
 * store checks it and the lifecycle's reporter door in one transaction. */
#include "web/handlers/obstacle_reporter.h"
#include "web/handlers/obstacle_fields.h"
#include "web/handlers/pii_marks.h"
#include "web/app.h"
#include "web/session_web.h"
#include "core/clock.h"
#include "core/obstacle_flow.h"
#include "store/guide.h"
#include "store/obstacle_draft.h"

#include <string.h>

#define SIMILAR_SHOWN 5

static const char *day_of(request *r, const char *iso)
{
    char day[16];
    int64_t at = clock_parse_iso_utc(iso);
    clock_local_date(at > 0 ? at : 0, day);
    return arena_strdup(r->a, day);
}

static const char *key_of(const form *f, size_t i, const char *const keys[])
{
    const form_value *v = form_at(f, i);
    return v->text ? keys[v->num] : "";
}

/* The title of a guide item (a law, the page reported from), or NULL. */
static const char *guide_title(request *r, const char *id)
{
    guide_item g;
    dl_error e = {0};
    if (!id || !*id || guide_brief(r->db, r->a, id, &g, &e) != DL_OK) return NULL;
    return r->lang == LANG_EN && g.title_en && *g.title_en ? g.title_en : g.title;
}

/* Published obstacles like the report's text, each with its link to follow it instead. */
static void similar_to_ctx(request *r, tmpl_ctx *c, const char *what, const char *suggestion)
{
    obstacle_published_brief found[SIMILAR_SHOWN];
    int n = 0;
    dl_error e = {0};
    const char *text = arena_printf(r->a, "%s %s", what ? what : "", suggestion ? suggestion : "");
    /* A search that fails leaves the list empty: the preview is still worth showing. */
    if (!text || obstacle_similar_published(r->db, r->a, text, found, SIMILAR_SHOWN, &n, &e) != DL_OK) n = 0;
    tmpl_set_list(c, "similar");
    for (int i = 0; i < n; i++) {
        tmpl_ctx *row = tmpl_list_append(c, "similar");
        if (!row) break;
        char ref[24];
        obstacle_reference(found[i].id, ref);
        tmpl_set_int(row, "id", found[i].id);
        tmpl_set_str(row, "reference", arena_strdup(r->a, ref));
        tmpl_set_str(row, "received", day_of(r, found[i].created_at));
        tmpl_set_str(row, "category", obstacle_category_label_of(r, found[i].category));
        tmpl_set_str(row, "text", found[i].public_text);
    }
}

void obstacle_preview_page(request *r, const char *page)
{
    session_web_ensure_csrf(r);
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    const form *f = &r->form;
    const char *what = form_text_at(f, OBSTACLE_WHAT), *suggestion = form_text_at(f, OBSTACLE_SUGGESTION);
    const char *data = form_text_at(f, OBSTACLE_DATA), *actors = form_text_at(f, OBSTACLE_ACTORS);
    const char *law = form_text_at(f, OBSTACLE_LAW), *email = form_text_at(f, OBSTACLE_EMAIL);
    /* the values again, for the form that sends them or goes back to editing */
    tmpl_set_str(c, "page", page);
    tmpl_set_str(c, "what_value", what);
    tmpl_set_str(c, "suggestion_value", suggestion);
    tmpl_set_str(c, "data_value", data);
    tmpl_set_str(c, "actors_value", actors);
    tmpl_set_str(c, "law_value", law);
    tmpl_set_str(c, "email_value", email);
    tmpl_set_str(c, "category_value", form_text_at(f, OBSTACLE_CATEGORY));
    tmpl_set_str(c, "consequence_value", key_of(f, OBSTACLE_CONSEQUENCE, obstacle_consequence_keys));
    tmpl_set_str(c, "actor_type_value", key_of(f, OBSTACLE_ACTOR_TYPE, obstacle_actor_type_keys));
    /* how it reads */
    const form_value *v;
    tmpl_set_str(c, "category", obstacle_category_label_of(r, form_text_at(f, OBSTACLE_CATEGORY)));
    if ((v = form_at(f, OBSTACLE_CONSEQUENCE))->text) tmpl_set_str(c, "consequence", tr(r, obstacle_consequence_label_sv((int)v->num)));
    if ((v = form_at(f, OBSTACLE_ACTOR_TYPE))->text) tmpl_set_str(c, "actor_type", tr(r, obstacle_actor_type_label_sv((int)v->num)));
    if (law && *law) {
        const char *title = guide_title(r, law);
        tmpl_set_str(c, "law_title", title ? title : law);
    }
    if (page && *page) {
        const char *title = strncmp(page, "/guide/", 7) == 0 ? guide_title(r, page + 7) : NULL;
        tmpl_set_str(c, "about_title", title ? title : page);
    }
    int counts[PII_TYPE__COUNT] = {0}, found = 0, k = 0;
    pii_marks_to_ctx(r, c, "what", what, &k, counts);
    found += k;
    pii_marks_to_ctx(r, c, "suggestion", suggestion, &k, counts);
    found += k;
    pii_marks_to_ctx(r, c, "data", data, &k, counts);
    found += k;
    pii_marks_to_ctx(r, c, "actors", actors, &k, counts);
    found += k;
    tmpl_set_int(c, "found", found);
    tmpl_set_list(c, "found_kinds");
    for (int t = 0; t < PII_TYPE__COUNT; t++) {
        if (!counts[t]) continue;
        tmpl_ctx *row = tmpl_list_append(c, "found_kinds");
        if (!row) break;
        tmpl_set_str(row, "kind", tr(r, pii_type_label_sv((pii_type)t)));
        tmpl_set_int(row, "count", counts[t]);
    }
    similar_to_ctx(r, c, what, suggestion);
    res_page(r, 200, "obstacle_preview.html", "Förhandsgranska ditt hinder", c);
}

void obstacle_reporter_to_ctx(request *r, tmpl_ctx *c, const obstacle *o, const char *token, const form *sent)
{
    int published = *o->published_at != '\0';
    tmpl_set_bool(c, "published", published);
    tmpl_set_int(c, "id", o->id);
    tmpl_set_str(c, "token", token);
    /* What the register would show: the analyst's wording once drafted, else the reporter's own text
     * with what the detector finds already replaced, as the analyst will be offered it. */
    if (!published && o->state != OBSTACLE_WITHDRAWN && o->state != OBSTACLE_MERGED) {
        int drafted = *o->public_text != '\0';
        tmpl_set_bool(c, "proposal", 1);
        tmpl_set_bool(c, "proposal_drafted", drafted);
        tmpl_set_str(c, "proposal_text", drafted ? o->public_text : pii_marks_redacted(r, o->what_happened));
        tmpl_set_str(c, "proposal_suggestion", drafted ? o->public_suggestion : pii_marks_redacted(r, o->suggestion));
    }
    obstacle_event evs[OBSTACLE_EVENT__MAX];
    int n = obstacle_reporter_events_allowed(o->state, published, evs);
    for (int i = 0; i < n; i++) {
        if (evs[i] == OE_REVISE) tmpl_set_bool(c, "may_revise", 1);
        if (evs[i] == OE_WITHDRAW) tmpl_set_bool(c, "may_withdraw", 1);
    }
    const char *what = sent ? form_text_at(sent, OBSTACLE_REVISE_WHAT) : NULL;
    const char *suggestion = sent ? form_text_at(sent, OBSTACLE_REVISE_SUGGESTION) : NULL;
    tmpl_set_str(c, "revise_what", what ? what : o->what_happened);
    tmpl_set_str(c, "revise_suggestion", suggestion ? suggestion : o->suggestion);
}

static const char bad_link[] = "Länken till hindret är inte giltig. Kontrollera att hela länken kom med. "
                               "Ingenting har ändrats.";

/* After the store said no: the follow-up page with the sentence, or a bare
 * refusal when the token opens nothing. */
static void refused(request *r, const char *token, dl_err rc, const dl_error *e, const form *sent)
{
    if (rc == DL_ENOTFOUND) { res_error(r, DL_ENOTFOUND, tr(r, bad_link)); return; }
    if (rc == DL_EINVAL || rc == DL_ECONFLICT || rc == DL_EDENIED) {
        obstacle_follow_page(r, token, http_status_of(rc), error_message(r, rc, e), sent);
        return;
    }
    res_error_from(r, rc, e);
}

void h_obstacle_revise(request *r)
{
    const form *f = &r->form;
    const char *token = form_text_at(f, OBSTACLE_REVISE_TOKEN);
    if (!token) { res_error(r, DL_ENOTFOUND, tr(r, bad_link)); return; }
    if (f->n_errors) { obstacle_follow_page(r, token, http_status_of(DL_EINVAL), f->first_error, f); return; }
    audit_actor who = actor_of(r);
    dl_error e = {0};
    dl_err rc = obstacle_reporter_revise(r->db, r->a, token, &who, form_text_at(f, OBSTACLE_REVISE_WHAT),
                                         form_text_at(f, OBSTACLE_REVISE_SUGGESTION), clock_now(), &e);
    if (rc != DL_OK) { refused(r, token, rc, &e, f); return; }
    res_redirect(r, arena_printf(r->a, "/hinder/folj?t=%s&klar=andrad", token));
}

void h_obstacle_withdraw(request *r)
{
    const form *f = &r->form;
    const char *token = form_text_at(f, OBSTACLE_WITHDRAW_TOKEN);
    if (!token) { res_error(r, DL_ENOTFOUND, tr(r, bad_link)); return; }
    if (f->n_errors || form_at(f, OBSTACLE_WITHDRAW_CONFIRM)->num != 1) {
        obstacle_follow_page(r, token, http_status_of(DL_EINVAL), tr(r, "Kryssa i rutan om du vill återkalla rapporten. Ingenting har ändrats."),
                             NULL);
        return;
    }
    audit_actor who = actor_of(r);
    dl_error e = {0};
    dl_err rc = obstacle_reporter_withdraw(r->db, r->a, token, &who, clock_now(), &e);
    if (rc != DL_OK) { refused(r, token, rc, &e, NULL); return; }
    res_redirect(r, arena_printf(r->a, "/hinder/folj?t=%s&klar=aterkallad", token));
}
