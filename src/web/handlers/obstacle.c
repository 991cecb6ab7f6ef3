/* obstacle.c — reporting an obstacle (store/obstacles.h): GET /hinder/ny
 * shows the short form, pre-filled with the knowledge page it came from
 * (?sida=/guide/ID; a law's page picks that law); POST /hinder checks and
 * stores the report, signed in or not, and sends the reporter to their
 * private follow-up link, GET /hinder/folj?t=TOKEN, which shows the report
 * and its state, its public steps and the answer (obstacle_public_to_ctx,
 * handlers/obstacle_triage.c, which holds the analyst's pages). The
 * preview (steg=preview) and the reporter's changes from the follow-up
 * page are handlers/obstacle_reporter.c. */
#include "web/handlers/handlers.h"
#include "web/handlers/obstacle_fields.h"
#include "web/handlers/obstacle_intake.h"
#include "web/handlers/obstacle_reporter.h"
#include "web/app.h"
#include "web/session_web.h"
#include "core/clock.h"
#include "core/content.h"
#include "store/guide.h"
#include "store/obstacles.h"
#include "store/submit_limit.h"
#include "core/submit_limit.h"

#include <string.h>

#define MAX_LAWS 200

static const char *title_of(const request *r, const guide_item *g) { return r->lang == LANG_EN ? g->title_en : g->title; }

/* The guide item a page of this site shows (/guide/ID), or NULL. */
static int page_item(request *r, const char *page, guide_item *out)
{
    if (!page || strncmp(page, "/guide/", 7) != 0 || !page[7] || strchr(page + 7, '/') || strchr(page + 7, '?'))
        return 0;
    dl_error e = {0};
    return guide_brief(r->db, r->a, page + 7, out, &e) == DL_OK;
}

/* The form: empty, pre-filled from the page it is about, or the values sent
 * with a sentence saying what to correct. */
static void report_page(request *r, int status, const char *page, const char *error)
{
    session_web_ensure_csrf(r); /* a visitor new to the site posts this form */
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    const form *f = &r->form;
    int sent = f->n != 0;
    guide_item about;
    int has_about = page_item(r, page, &about);
    tmpl_set_str(c, "error", error);
    tmpl_set_str(c, "page", page);
    if (has_about) {
        tmpl_set_str(c, "about_title", title_of(r, &about));
    } else if (page && *page) {
        tmpl_set_str(c, "about_title", page);
    }
    const char *law = sent ? form_text_at(f, OBSTACLE_LAW) : has_about && strcmp(about.type, "law") == 0 ? about.id : "";
    guide_filter only_laws = {.type = "law"};
    guide_item laws[MAX_LAWS];
    int n_laws = 0;
    dl_error e = {0};
    if (guide_list(r->db, r->a, &only_laws, laws, MAX_LAWS, &n_laws, &e) != DL_OK) n_laws = 0;
    tmpl_set_list(c, "laws");
    for (int i = 0; i < n_laws; i++) {
        tmpl_ctx *row = tmpl_list_append(c, "laws");
        if (!row) break;
        tmpl_set_str(row, "id", laws[i].id);
        tmpl_set_str(row, "title", title_of(r, &laws[i]));
        tmpl_set_bool(row, "selected", law && strcmp(law, laws[i].id) == 0);
    }
    const char *category = sent ? form_text_at(f, OBSTACLE_CATEGORY) : NULL;
    const obstacle_category_list *cats = obstacle_categories_of(r);
    tmpl_set_list(c, "categories");
    for (int k = 0; k < cats->n; k++) {
        const obstacle_category_def *cat = &cats->v[k];
        if (!cat->active) continue;
        tmpl_ctx *row = tmpl_list_append(c, "categories");
        if (!row) break;
        tmpl_set_str(row, "key", cat->key);
        tmpl_set_str(row, "label", obstacle_category_label_of(r, cat->key));
        tmpl_set_bool(row, "checked", category && strcmp(category, cat->key) == 0);
        const char *guidance = obstacle_category_guidance(cat, r->lang == LANG_EN);
        if (guidance) tmpl_set_str(row, "guidance", tr(r, guidance));
    }
    const char *consequence = sent ? form_text_at(f, OBSTACLE_CONSEQUENCE) : NULL;
    tmpl_set_list(c, "consequences");
    for (int k = 0; k < OBSTACLE_CONSEQUENCE__MAX; k++) {
        tmpl_ctx *row = tmpl_list_append(c, "consequences");
        if (!row) break;
        tmpl_set_str(row, "key", obstacle_consequence_keys[k]);
        tmpl_set_str(row, "label", tr(r, obstacle_consequence_label_sv(k)));
        tmpl_set_bool(row, "checked", consequence && strcmp(consequence, obstacle_consequence_keys[k]) == 0);
    }
    const char *actor_type = sent ? form_text_at(f, OBSTACLE_ACTOR_TYPE) : NULL;
    tmpl_set_list(c, "actor_types");
    for (int k = 0; k < OBSTACLE_ACTOR_TYPE__MAX; k++) {
        tmpl_ctx *row = tmpl_list_append(c, "actor_types");
        if (!row) break;
        tmpl_set_str(row, "key", obstacle_actor_type_keys[k]);
        tmpl_set_str(row, "label", tr(r, obstacle_actor_type_label_sv(k)));
        tmpl_set_bool(row, "selected", actor_type && strcmp(actor_type, obstacle_actor_type_keys[k]) == 0);
    }
    tmpl_set_str(c, "what_value", sent ? form_text_at(f, OBSTACLE_WHAT) : "");
    tmpl_set_str(c, "data_value", sent ? form_text_at(f, OBSTACLE_DATA) : "");
    tmpl_set_str(c, "actors_value", sent ? form_text_at(f, OBSTACLE_ACTORS) : "");
    tmpl_set_str(c, "suggestion_value", sent ? form_text_at(f, OBSTACLE_SUGGESTION) : "");
    tmpl_set_str(c, "email_value", sent ? form_text_at(f, OBSTACLE_EMAIL) : "");
    res_page(r, status, "obstacle_form.html", "Rapportera ett hinder", c);
}

void h_obstacle_form(request *r)
{
    report_page(r, 200, query_at(r, OBSTACLE_NEW_Q_PAGE)->text, NULL);
}

obstacle_report obstacle_report_from_form(const form *f)
{
    return (obstacle_report){
        .what_happened = form_text_at(f, OBSTACLE_WHAT),
        .data_concerned = form_text_at(f, OBSTACLE_DATA),
        .actors = form_text_at(f, OBSTACLE_ACTORS),
        .suggestion = form_text_at(f, OBSTACLE_SUGGESTION),
        .category = form_text_at(f, OBSTACLE_CATEGORY),
        .consequence = form_at(f, OBSTACLE_CONSEQUENCE)->text ? (int)form_at(f, OBSTACLE_CONSEQUENCE)->num : -1,
        .actor_type = form_at(f, OBSTACLE_ACTOR_TYPE)->text ? (int)form_at(f, OBSTACLE_ACTOR_TYPE)->num : -1,
        .law_id = form_text_at(f, OBSTACLE_LAW),
        .about_page = form_text_at(f, OBSTACLE_PAGE),
        .reporter_email = form_text_at(f, OBSTACLE_EMAIL),
    };
}

const char *obstacle_category_refusal(request *r, const form *f)
{
    const obstacle_category_def *c = obstacle_category_find(obstacle_categories_of(r), form_text_at(f, OBSTACLE_CATEGORY));
    return c && c->active ? NULL : "Välj en av kategorierna i listan.";
}

const char *obstacle_trap_refusal(const form *f)
{
    const char *trap = form_text_at(f, OBSTACLE_TRAP);
    return trap && *trap ? "Formuläret kunde inte tas emot: ett fält som ska vara tomt var ifyllt. "
                           "Ladda om sidan och skicka igen."
                         : NULL;
}

/* A translated message format: format_arg keeps the arguments checked. */
__attribute__((format_arg(2))) static const char *tr_format(request *r, const char *msgid) { return tr(r, msgid); }

const char *obstacle_flood_refusal(request *r)
{
    int64_t now = clock_now(), until = 0;
    dl_error e = {0};
    if (submit_limit_take(r->db, r->app->secret, "obstacle", r->client, r->app->cfg->reports_per_hour, now, &until, &e) != DL_OK || !until)
        return NULL; /* a store that cannot count does not stop a report; storing it will say */
    return arena_printf(r->a, tr_format(r, "Många rapporter har kommit från din adress den senaste timmen. Försök igen om %d "
                                    "minuter, eller skriv till oss om du har fler hinder att rapportera på en gång."),
                        submit_limit_minutes_left(until, now));
}

void h_obstacle_create(request *r)
{
    const form *f = &r->form;
    const char *page = form_text_at(f, OBSTACLE_PAGE);
    const form_value *step = form_at(f, OBSTACLE_FORM_STEP);
    int pressed = step->text ? (int)step->num : OBSTACLE_STEP_SEND; /* no button named (Enter in old browsers): send */
    const char *refusal = obstacle_trap_refusal(f);
    if (refusal) { res_error(r, DL_EREQUEST, refusal); return; }
    if (pressed == OBSTACLE_STEP_EDIT) { report_page(r, 200, page, f->n_errors ? f->first_error : NULL); return; }
    if (f->n_errors) { report_page(r, http_status_of(DL_EINVAL), page, f->first_error); return; }
    if ((refusal = obstacle_category_refusal(r, f))) { report_page(r, http_status_of(DL_EINVAL), page, tr(r, refusal)); return; }
    /* The preview stores nothing and does not count against the flood
     * limit: a careful reporter may look several times before sending, and
     * a preview costs one search over the published wording — what the
     * public register's own search gives anyone without a limit. The robot
     * trap and the CSRF token hold for it as for sending. */
    if (pressed == OBSTACLE_STEP_PREVIEW) { obstacle_preview_page(r, page); return; }
    if ((refusal = obstacle_flood_refusal(r))) { res_error(r, DL_ELOCKED, refusal); return; }
    obstacle_report in = obstacle_report_from_form(f);
    audit_actor who = actor_of(r);
    int64_t id = 0;
    char token[65];
    dl_error e = {0};
    dl_err rc = obstacle_create(r->db, &in, &who, clock_now(), &id, token, &e);
    if (rc == DL_EINVAL) { report_page(r, http_status_of(DL_EINVAL), page, tr(r, e.msg)); return; }
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    res_redirect(r, arena_printf(r->a, "/hinder/folj?t=%s&ny=1", token));
}

/* The follow-up page; is_new: just sent; done: a notice after the reporter's change (-1: none). */
static void follow_page(request *r, const char *token, int status, const char *error, const form *sent, int is_new,
                        int done)
{
    obstacle o;
    dl_error e = {0};
    dl_err rc = obstacle_by_token(r->db, r->a, token, &o, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    session_web_ensure_csrf(r); /* the page holds the reporter's forms; they may never have visited before */
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    char ref[24], day[16];
    obstacle_reference(o.id, ref);
    int64_t at = clock_parse_iso_utc(o.created_at);
    clock_local_date(at > 0 ? at : 0, day);
    tmpl_set_bool(c, "new", is_new);
    tmpl_set_str(c, "error", error);
    tmpl_set_bool(c, "revised", done == 0);
    tmpl_set_bool(c, "withdrawn", done == 1);
    tmpl_set_str(c, "link", arena_printf(r->a, "%s/hinder/folj?t=%s", r->app->cfg->public_url, token));
    tmpl_set_str(c, "reference", ref);
    tmpl_set_str(c, "received", day);
    tmpl_set_str(c, "state", tr(r, obstacle_state_label_sv(o.state)));
    tmpl_set_str(c, "category", obstacle_category_label_of(r, o.category));
    tmpl_set_str(c, "actor_type", o.actor_type >= 0 ? tr(r, obstacle_actor_type_label_sv(o.actor_type)) : "");
    tmpl_set_str(c, "consequence", o.consequence >= 0 ? tr(r, obstacle_consequence_label_sv(o.consequence)) : "");
    tmpl_set_str(c, "law_id", o.law_id);
    tmpl_set_str(c, "law_title", r->lang == LANG_EN && *o.law_title_en ? o.law_title_en : o.law_title);
    tmpl_set_str(c, "what", o.what_happened);
    tmpl_set_str(c, "data", o.data_concerned);
    tmpl_set_str(c, "actors", o.actors);
    tmpl_set_str(c, "suggestion", o.suggestion);
    tmpl_set_str(c, "about_page", o.about_page);
    guide_item about;
    tmpl_set_str(c, "about_title", page_item(r, o.about_page, &about) ? title_of(r, &about) : o.about_page);
    tmpl_set_str(c, "email", o.reporter_email);
    obstacle_public_to_ctx(r, c, &o);              /* the lifecycle's public part (obstacle_triage.c) */
    obstacle_reporter_to_ctx(r, c, &o, token, sent); /* the reporter's own changes (obstacle_reporter.c) */
    res_page(r, status, "obstacle_follow.html", "Ditt rapporterade hinder", c);
}

void obstacle_follow_page(request *r, const char *token, int status, const char *error, const form *sent)
{
    follow_page(r, token, status, error, sent, 0, -1);
}

void h_obstacle_follow(request *r)
{
    const form_value *done = query_at(r, OBSTACLE_FOLLOW_Q_DONE);
    follow_page(r, query_at(r, OBSTACLE_FOLLOW_Q_TOKEN)->text, 200, NULL, NULL, query_at(r, OBSTACLE_FOLLOW_Q_NEW)->num == 1,
                done->text ? (int)done->num : -1);
}
