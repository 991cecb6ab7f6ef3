/* guide_edit.c — the editors' side of the knowledge guide (store/
 * guide_edit.h): /guide/{id}/edit shows the item's newest source (front
 * matter and Markdown) to change, previews it as readers would see it, and
 * saves it as a new version — refused with every problem listed when it
 * breaks a rule of the format, and with the difference shown when someone
 * else saved in between; /guide/{id}/history lists the versions (who,
 * when, from a file or the web) with the difference of each from the one
 * before, and publishes one. Works without JavaScript. */
#include "web/handlers/handlers.h"
#include "web/handlers/guide_fields.h"
#include "web/handlers/guide_case.h"
#include "web/markdown.h"
#include "core/clock.h"
#include "core/content.h"
#include "core/line_diff.h"
#include "store/guide_edit.h"
#include "store/questions.h"

#include <inttypes.h>
#include <string.h>

#define VERSIONS_MAX 200

static const char *item_id(request *r) { return arena_strndup(r->a, r->params[0], r->param_lens[0]); }

/* The lines of the difference a → b into list "diff"; 0 when not comparable. */
static int diff_to_ctx(request *r, tmpl_ctx *c, const char *a, const char *b)
{
    diff_line *d;
    size_t n;
    if (line_diff(r->a, a, b, &d, &n) != 0) return 0;
    tmpl_set_list(c, "diff");
    for (size_t i = 0; i < n; i++) {
        tmpl_ctx *row = tmpl_list_append(c, "diff");
        if (!row) return 0;
        tmpl_set_str(row, "cls", d[i].op == DIFF_ADDED ? "added" : d[i].op == DIFF_REMOVED ? "removed" : "same");
        tmpl_set_str(row, "sign", d[i].op == DIFF_ADDED ? "+" : d[i].op == DIFF_REMOVED ? "−" : " ");
        tmpl_set_str(row, "text", d[i].text);
    }
    tmpl_set_bool(c, "has_diff", 1);
    return 1;
}

static void problem_to_ctx(void *ctx, const char *path, int line, const char *msg)
{
    (void)path;
    tmpl_ctx *row = tmpl_list_append(ctx, "problems");
    if (!row) return;
    tmpl_set_int(row, "line", line);
    tmpl_set_bool(row, "has_line", line > 0);
    tmpl_set_str(row, "msg", msg);
}

static void edit_page(request *r, int status, tmpl_ctx *c, const guide_item *g, int64_t version, const char *source)
{
    tmpl_set_str(c, "id", g->id);
    tmpl_set_str(c, "item_title", g->title);
    tmpl_set_int(c, "version", version);
    tmpl_set_int(c, "published", g->published_version);
    tmpl_set_str(c, "source", source);
    int64_t question = 0; /* a general answer's draft: the link back to its question (store/questions.h) */
    dl_error e = {0};
    if (question_of_guide(r->db, g->id, &question, &e) == DL_OK) tmpl_set_int(c, "question_id", question);
    res_page(r, status, "guide_edit.html", "Redigera sidan", c);
}

void h_guide_edit_form(request *r)
{
    const char *id = item_id(r);
    tmpl_ctx *c = page_ctx(r);
    if (!id || !c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    guide_item g;
    int64_t version = 0;
    const char *source = NULL;
    dl_error e = {0};
    dl_err rc = guide_get(r->db, r->a, id, &g, &e);
    if (rc == DL_ENOTFOUND) {
        /* A draft never published (a project's results, a general answer to
         * a question): no published version to read, only the latest. */
        memset(&g, 0, sizeof g);
        g.id = id;
        g.title = id;
        rc = DL_OK;
    }
    if (rc == DL_OK) rc = guide_latest(r->db, r->a, id, &version, &source, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    edit_page(r, 200, c, &g, version, source);
}

void h_guide_edit(request *r)
{
    const char *id = item_id(r);
    tmpl_ctx *c = page_ctx(r);
    if (!id || !c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    guide_item g;
    dl_error e = {0};
    dl_err rc = guide_get(r->db, r->a, id, &g, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    const char *source = form_at(&r->form, GUIDE_EDIT_SOURCE)->text;
    int64_t version = form_at(&r->form, GUIDE_EDIT_VERSION)->num;
    if (r->form.n_errors) {
        tmpl_set_str(c, "error", r->form.first_error);
        int64_t latest = 0;
        const char *stored = NULL;
        dl_err lrc = guide_latest(r->db, r->a, id, &latest, &stored, &e);
        if (lrc != DL_OK) { res_lookup_failed(r, lrc, &e, "Det finns ingen sådan sida i kunskapsguiden."); return; }
        edit_page(r, http_status_of(DL_EINVAL), c, &g, version > 0 ? version : latest, source ? source : stored);
        return;
    }
    char today[16];
    clock_local_date(clock_now(), today);
    if (form_at(&r->form, GUIDE_EDIT_ACTION)->num == GUIDE_EDIT_PREVIEW) {
        /* The rules checked and the text shown as readers would see it; nothing saved. */
        content_item it;
        int problems = content_check_item("", id, source, strlen(source), today, &it, problem_to_ctx, c);
        const char *md = it.parsed ? it.body : NULL, *after_film = NULL;
        const char *type = it.parsed ? content_get(&it, "type") : NULL;
        if (md && type && strcmp(type, "case-story") == 0) { /* each step with its rules, as on the page */
            md = guide_case_to_ctx(r, c, &it, &after_film);
            if (md && after_film) md = arena_printf(r->a, "%s%s", md, after_film);
        }
        const char *html = md ? markdown_to_html(r->a, md, strlen(md)) : NULL;
        content_item_free(&it);
        if (problems) tmpl_set_str(c, "error", tr(r, "Sidan följer inte reglerna för guiden; se felen nedan. Inget sparades."));
        if (html) tmpl_set_raw(c, "preview", html); /* cmark-gfm without raw HTML: markdown.h */
        edit_page(r, 200, c, &g, version, source);
        return;
    }
    int64_t saved = 0;
    audit_actor who = actor_of(r);
    rc = guide_save(r->db, id, version, source, today, &who, problem_to_ctx, c, &saved, &e);
    if (rc == DL_ECONFLICT) {
        /* One wins; the other sees what changed since they started, keeps
         * their text, and saves again over the newest version if they want. */
        int64_t latest = 0;
        const char *theirs = NULL;
        if (guide_latest(r->db, r->a, id, &latest, &theirs, &e) != DL_OK) { res_error_from(r, e.code, &e); return; }
        tmpl_set_str(c, "error", tr(r, "Någon annan har sparat sidan sedan du började. Skillnaden mot din text visas nedan."));
        diff_to_ctx(r, c, theirs, source);
        edit_page(r, http_status_of(DL_ECONFLICT), c, &g, latest, source);
        return;
    }
    if (rc == DL_EINVAL) {
        tmpl_set_str(c, "error", error_message(r, rc, &e));
        edit_page(r, http_status_of(DL_EINVAL), c, &g, version, source);
        return;
    }
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    redirect_local(r, arena_printf(r->a, "/guide/%s/history?v=%" PRId64, id, saved));
}

void h_guide_history(request *r)
{
    const char *id = item_id(r);
    tmpl_ctx *c = page_ctx(r);
    guide_version_rec *v = arena_alloc(r->a, sizeof *v * VERSIONS_MAX);
    if (!id || !c || !v) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    guide_item g;
    int n = 0;
    dl_error e = {0};
    dl_err rc = guide_get(r->db, r->a, id, &g, &e);
    if (rc == DL_OK) rc = guide_versions(r->db, r->a, id, v, VERSIONS_MAX, &n, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    const form_value *want = query_at(r, GUIDE_HISTORY_Q_V);
    int64_t shown = want->text ? want->num : v[0].version;
    tmpl_set_list(c, "versions");
    for (int i = 0; i < n; i++) {
        tmpl_ctx *row = tmpl_list_append(c, "versions");
        if (!row) break;
        char at[32] = "";
        int64_t t = clock_parse_iso_utc(v[i].created_at);
        if (t >= 0) clock_local_minute(t, at);
        tmpl_set_int(row, "version", v[i].version);
        tmpl_set_str(row, "at", at);
        tmpl_set_str(row, "who", *v[i].created_by ? v[i].created_by : tr(r, "(import från filer)"));
        tmpl_set_str(row, "origin", strcmp(v[i].origin, "web") == 0 ? tr(r, "webben") : tr(r, "fil"));
        tmpl_set_bool(row, "published", v[i].published);
        tmpl_set_bool(row, "may_publish", !v[i].published);
        tmpl_set_bool(row, "shown", v[i].version == shown);
        tmpl_set_bool(row, "has_before", v[i].version > 1);
    }
    const char *after = NULL, *before = "";
    rc = guide_version_source(r->db, r->a, id, shown, &after, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    if (shown > 1 && guide_version_source(r->db, r->a, id, shown - 1, &before, &e) != DL_OK) before = "";
    if (!diff_to_ctx(r, c, before, after)) tmpl_set_bool(c, "too_large", 1);
    tmpl_set_str(c, "id", g.id);
    tmpl_set_str(c, "item_title", g.title);
    tmpl_set_int(c, "shown", shown);
    tmpl_set_int(c, "shown_before", shown - 1);
    tmpl_set_int(c, "published", g.published_version);
    res_page(r, 200, "guide_history.html", "Sidans historik", c);
}

void h_guide_publish(request *r)
{
    const char *id = item_id(r);
    if (!id) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    if (r->form.n_errors) { res_error(r, DL_EINVAL, r->form.first_error); return; }
    int64_t version = form_at(&r->form, GUIDE_PUBLISH_VERSION)->num;
    audit_actor who = actor_of(r);
    dl_error e = {0};
    dl_err rc = guide_publish(r->db, id, version, &who, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    redirect_local(r, arena_printf(r->a, "/guide/%s", id));
}
