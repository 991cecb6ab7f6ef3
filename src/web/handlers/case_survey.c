/* case_survey.c — the satisfaction survey of a closed case, answered with
 * the mailed link (store/case_survey.h; docs/followup.md):
 *   GET  /enkat?t=TOKEN   the one question (a radio group 1–5 in a fieldset
 *                         with its legend) and an optional comment; not
 *                         cached: it sets the cookie its CSRF token is
 *                         bound to
 *   POST /enkat           the answer, once; the thank-you page
 * Both are ACT_CASE_SURVEY: anyone with the link, no sign-in. A link that
 * is unknown, used or expired gets the store's sentence. */
#include "web/handlers/handlers.h"
#include "web/handlers/case_survey_fields.h"
#include "web/session_web.h"
#include "core/clock.h"
#include "store/case_survey.h"

#include <string.h>

static const char *const score_labels[5] = {"Mycket missnöjd", "Ganska missnöjd", "Varken nöjd eller missnöjd",
                                            "Ganska nöjd", "Mycket nöjd"};

static void survey_page(request *r, int status, const case_survey *v, const char *token, int score,
                        const char *comment, const char *error, int done)
{
    if (!done) session_web_ensure_csrf(r);
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_str(c, "case_number", *v->diary_number ? v->diary_number : "–");
    tmpl_set_str(c, "case_title", v->title);
    tmpl_set_str(c, "org", v->org_name);
    tmpl_set_str(c, "token", token);
    tmpl_set_str(c, "comment", comment ? comment : "");
    tmpl_set_str(c, "error", error);
    tmpl_set_bool(c, "done", done);
    tmpl_set_list(c, "scores");
    for (int i = 0; i < 5; i++) {
        tmpl_ctx *it = tmpl_list_append(c, "scores");
        if (!it) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
        tmpl_set_int(it, "value", i + 1);
        tmpl_set_str(it, "label", tr(r, score_labels[i]));
        tmpl_set_bool(it, "checked", score == i + 1);
    }
    res_page(r, status, "case_survey.html", "Hur nöjd är du med hanteringen av ditt ärende?", c);
}

void h_case_survey_form(request *r)
{
    const char *token = query_at(r, SURVEY_Q_TOKEN)->text;
    case_survey v;
    dl_error e = {0};
    dl_error_clear(&e);
    dl_err rc = case_survey_find(r->db, r->a, token, clock_now(), &v, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    survey_page(r, 200, &v, token, 0, "", "", 0);
}

void h_case_survey_answer(request *r)
{
    const form *f = &r->form;
    const char *token = form_text_at(f, SURVEY_TOKEN);
    case_survey v;
    dl_error e = {0};
    dl_error_clear(&e);
    /* Which survey first: an unknown, used or expired link says so, whatever else was sent. */
    dl_err rc = case_survey_find(r->db, r->a, token, clock_now(), &v, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    const form_value *score = form_at(f, SURVEY_SCORE);
    int picked = score->text && !score->error ? (int)score->num + 1 : 0;
    const char *comment = form_text_at(f, SURVEY_COMMENT);
    if (f->n_errors) { survey_page(r, http_status_of(DL_EINVAL), &v, token, picked, comment, f->first_error, 0); return; }
    rc = case_survey_answer(r->db, token, picked, comment, clock_now(), &e);
    if (rc == DL_EINVAL) { survey_page(r, http_status_of(rc), &v, token, picked, comment, error_message(r, rc, &e), 0); return; }
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    survey_page(r, 200, &v, "", 0, "", "", 1);
}
