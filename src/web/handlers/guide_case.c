/* guide_case.c — what a case story's page adds (core/content_case.h): each
 * step that has rules ends with "Regel: <law>" linking to the law's page
 * (written into the Markdown before it is rendered, so the link sits in
 * the step's own list item), a table "Regler i exemplet" (rule → step),
 * and the film: a <video> with its captions track, download links, and the
 * section "## Textversion av filmen" right under it, so that the page tells
 * the whole story without the film. */
#include "web/handlers/handlers.h"
#include "web/handlers/guide_case.h"
#include "web/markdown.h"
#include "core/content_case.h"
#include "core/strbuf.h"
#include "store/guide.h"

#include <stdlib.h>
#include <string.h>

/* text with Markdown's punctuation escaped, for a link's words */
static void md_escape(strbuf *out, const char *text)
{
    for (const char *p = text; *p; p++) {
        if (strchr("\\`*_{}[]()<>#+-.!|~", *p)) sb_putc(out, '\\');
        sb_putc(out, *p);
    }
}

struct row {
    int step, order;
    const char *law, *title_sv, *title; /* title: in the page's language */
};

static int by_step(const void *a, const void *b)
{
    const struct row *x = a, *y = b;
    return x->step != y->step ? (x->step > y->step) - (x->step < y->step) : (x->order > y->order) - (x->order < y->order);
}

/* The start of the line at which heading begins in body, or NULL. */
static const char *find_heading(const char *body, const char *heading)
{
    size_t n = strlen(heading);
    for (const char *p = body; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
        if (strncmp(p, heading, n) == 0 && (p[n] == '\n' || p[n] == '\0' || p[n] == ' ')) return p;
    return NULL;
}

const char *guide_case_to_ctx(request *r, tmpl_ctx *c, const content_item *parsed, const char **after_film)
{
    const char *body = parsed->body ? parsed->body : "";
    *after_film = NULL;
    content_step steps[CONTENT_MAX_STEPS];
    content_rule rules[CONTENT_MAX_RULES];
    const char *bad, *value = content_get(parsed, "rules");
    int ns = content_case_steps(body, steps, CONTENT_MAX_STEPS);
    int nr = value ? content_case_rules(value, rules, CONTENT_MAX_RULES, &bad) : 0;
    struct row rows[CONTENT_MAX_RULES];
    int nrows = 0;
    for (int i = 0; i < nr; i++) {
        guide_item g;
        dl_error e = {0};
        if (guide_brief(r->db, r->a, rules[i].law, &g, &e) != DL_OK) continue; /* not published: left out */
        rows[nrows++] = (struct row){rules[i].step, i, g.id, g.title, r->lang == LANG_EN ? g.title_en : g.title};
    }
    qsort(rows, (size_t)nrows, sizeof rows[0], by_step);
    /* The body with "Regel: …" after each step that has rules. */
    strbuf md;
    sb_init(&md, strlen(body) + 1024);
    size_t at = 0;
    for (int s = 0; s < ns; s++) {
        int first = 1, count = 0;
        for (int i = 0; i < nrows; i++) count += rows[i].step == steps[s].number;
        if (!count) continue;
        sb_append(&md, body + at, steps[s].end - at);
        at = steps[s].end;
        /* in the Swedish body, in Swedish: the label and the law's Swedish title */
        sb_puts(&md, count == 1 ? "\\\n   **Regel:** " : "\\\n   **Regler:** ");
        for (int i = 0; i < nrows; i++) {
            if (rows[i].step != steps[s].number) continue;
            if (!first) sb_puts(&md, ", ");
            first = 0;
            sb_putc(&md, '[');
            md_escape(&md, rows[i].title_sv);
            sb_printf(&md, "](/guide/%s)", rows[i].law);
        }
    }
    const char *film_at = content_get(parsed, "video") ? find_heading(body + at, CONTENT_TRANSCRIPT_HEADING) : NULL;
    size_t rest = film_at ? (size_t)(film_at - (body + at)) : strlen(body + at);
    sb_append(&md, body + at, rest);
    const char *out = md.oom ? NULL : arena_strdup(r->a, sb_cstr(&md));
    sb_free(&md);
    /* The table: one row per rule and step, in the order of the steps. */
    tmpl_set_list(c, "case_rules");
    for (int i = 0; i < nrows; i++) {
        tmpl_ctx *row = tmpl_list_append(c, "case_rules");
        if (!row) break;
        tmpl_set_str(row, "law", rows[i].law);
        tmpl_set_str(row, "law_title", rows[i].title);
        tmpl_set_int(row, "step", rows[i].step);
        for (int s = 0; s < ns; s++)
            if (steps[s].number == rows[i].step && steps[s].title)
                tmpl_set_str(row, "step_title", arena_strndup(r->a, steps[s].title, steps[s].title_len));
    }
    if (film_at) {
        const char *video = content_get(parsed, "video");
        tmpl_set_str(c, "film", video);
        tmpl_set_str(c, "film_type", content_media_type(video));
        tmpl_set_str(c, "film_captions", content_get(parsed, "video_captions"));
        tmpl_set_str(c, "film_poster", content_get(parsed, "video_poster"));
        tmpl_set_bool(c, "film_webm", strstr(video, ".webm") != NULL);
        *after_film = film_at;
    }
    return out;
}
