/* obstacle_publish.c — the analyst's publication page of an obstacle,
 * /hinder/analys/{id}/publicera (ACT_OBSTACLE_PUBLISH): the report as
 * written, with the personal data the detector finds (core/pii.h) marked
 * by kind — in words, not by colour alone — and beside it the text to
 * publish, proposed with those parts already replaced. The analyst edits
 * and confirms; the store checks the confirmed text again and refuses one
 * that still holds an identifier (store/obstacle_publish.h), so only the
 * redacted version can be published. POST …/avpublicera takes it out of
 * the register with a reason. */
#include "web/handlers/handlers.h"
#include "web/handlers/obstacle_publish_fields.h"
#include "web/handlers/pii_marks.h"
#include "web/app.h"
#include "core/clock.h"
#include "core/pii.h"
#include "core/strbuf.h"
#include "store/obstacle_publish.h"

#include <stdio.h>
#include <string.h>

/* text as a list `key` of segments (pii_marks.h); *found the number found. */
static void segments_to_ctx(request *r, tmpl_ctx *c, const char *key, const char *text, int *found)
{
    pii_marks_to_ctx(r, c, key, text, found, NULL);
}

/* text with what the detector finds replaced by its markers (pii_marks.h). */
static const char *redacted(request *r, const char *text) { return pii_marks_redacted(r, text); }

/* sent: the publish form as posted (shown again when refused), or NULL. */
static void publish_page(request *r, int status, const obstacle_publication *p, const char *error, int done,
                         const form *sent)
{
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    char ref[24], day[16];
    obstacle_reference(p->id, ref);
    int64_t at = clock_parse_iso_utc(p->created_at);
    clock_local_date(at > 0 ? at : 0, day);
    tmpl_set_int(c, "id", p->id);
    tmpl_set_str(c, "reference", ref);
    tmpl_set_str(c, "received", day);
    tmpl_set_str(c, "category", obstacle_category_label_of(r, p->category));
    tmpl_set_str(c, "error", error);
    tmpl_set_bool(c, "done", done && !error);
    int found_what = 0, found_suggestion = 0, found_data = 0, found_actors = 0;
    segments_to_ctx(r, c, "what", p->what_happened, &found_what);
    segments_to_ctx(r, c, "suggestion", p->suggestion, &found_suggestion);
    segments_to_ctx(r, c, "data", p->data_concerned, &found_data);
    segments_to_ctx(r, c, "actors", p->actors, &found_actors);
    tmpl_set_int(c, "found", found_what + found_suggestion + found_data + found_actors);
    tmpl_set_bool(c, "published", *p->published_at != '\0');
    if (*p->published_at) {
        int64_t pat = clock_parse_iso_utc(p->published_at);
        char pday[16];
        clock_local_date(pat > 0 ? pat : 0, pday);
        tmpl_set_str(c, "published_on", pday);
    }
    /* The proposal: what was sent (a refusal shows it again, marked), what
     * was published before, or the report with its findings replaced. */
    const char *text = sent ? form_text_at(sent, PUBLISH_TEXT)
                     : *p->public_text ? p->public_text : redacted(r, p->what_happened);
    const char *suggestion = sent ? form_text_at(sent, PUBLISH_SUGGESTION)
                           : *p->public_text ? p->public_suggestion : redacted(r, p->suggestion);
    tmpl_set_str(c, "public_text", text);
    tmpl_set_str(c, "public_suggestion", suggestion);
    tmpl_set_bool(c, "names_confirmed", sent && form_at(sent, PUBLISH_NAMES_CONFIRMED)->num == 1);
    int left_text = 0, left_suggestion = 0;
    segments_to_ctx(r, c, "left_text", text, &left_text);
    segments_to_ctx(r, c, "left_suggestion", suggestion, &left_suggestion);
    tmpl_set_int(c, "left", left_text + left_suggestion);
    res_page(r, status, "obstacle_publish.html", "Publicera ett hinder", c);
}

/* The obstacle of the path, or an answer already given. */
static int load(request *r, obstacle_publication *p)
{
    int64_t id = req_param_id(r, 0);
    dl_error e = {0};
    dl_err rc = id > 0 ? obstacle_publication_get(r->db, r->a, id, p, &e) : dl_fail(&e, DL_ENOTFOUND, "Hindret finns inte.");
    if (rc != DL_OK) { res_error_from(r, rc, &e); return 0; }
    return 1;
}

void h_obstacle_publish_form(request *r)
{
    obstacle_publication p;
    if (load(r, &p)) publish_page(r, 200, &p, NULL, query_at(r, PUBLISH_Q_DONE)->num == 1, NULL);
}

void h_obstacle_publish(request *r)
{
    obstacle_publication p;
    if (!load(r, &p)) return;
    const form *f = &r->form;
    if (f->n_errors) { publish_page(r, http_status_of(DL_EINVAL), &p, f->first_error, 0, f); return; }
    audit_actor who = actor_of(r);
    dl_error e = {0};
    dl_err rc = obstacle_publish(r->db, &who, p.id, form_text_at(f, PUBLISH_TEXT), form_text_at(f, PUBLISH_SUGGESTION),
                                 form_at(f, PUBLISH_NAMES_CONFIRMED)->num == 1, r->app->cfg->public_url, clock_now(), &e);
    if (rc == DL_EINVAL) { publish_page(r, http_status_of(DL_EINVAL), &p, tr(r, e.msg), 0, f); return; }
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    res_redirect(r, arena_printf(r->a, "/hinder/analys/%lld/publicera?klar=1", (long long)p.id));
}

void h_obstacle_unpublish(request *r)
{
    obstacle_publication p;
    if (!load(r, &p)) return;
    const form *f = &r->form;
    if (f->n_errors) { publish_page(r, http_status_of(DL_EINVAL), &p, f->first_error, 0, NULL); return; }
    audit_actor who = actor_of(r);
    dl_error e = {0};
    dl_err rc = obstacle_unpublish(r->db, &who, p.id, form_text_at(f, UNPUBLISH_REASON), &e);
    if (rc == DL_EINVAL) { publish_page(r, http_status_of(DL_EINVAL), &p, tr(r, e.msg), 0, NULL); return; }
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    res_redirect(r, arena_printf(r->a, "/hinder/analys/%lld/publicera", (long long)p.id));
}
