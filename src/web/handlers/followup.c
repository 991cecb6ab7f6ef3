/* followup.c — GET /uppfoljning: the follow-up figures of the support for
 * the network coordinator and the admins (ACT_FOLLOWUP_VIEW, issue 15
 * item 3). Without format= it is a page: the period's form, the downloads
 * and the figures (report/followup_html.c as a fragment). With
 * format=html|pdf|csv|xlsx it is that file (handlers/download.h). Only aggregate
 * figures and the refusals' own texts: no applicant is named. The period
 * defaults to the last twelve months. The page's figures are kept for the
 * minute it is stamped with, until the store changes (web/followup_cache.h). */
#include "web/handlers/handlers.h"
#include "web/handlers/download.h"
#include "web/handlers/followup_fields.h"
#include "web/app.h"
#include "core/clock.h"
#include "report/followup_render.h"
#include "store/store_version.h"
#include "web/followup_cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct job { const followup_render *fr; obstacle_format f; };

static dl_err write_report(const void *ctx, int fd, dl_error *e)
{
    const struct job *j = ctx;
    return followup_render_to_fd(j->fr, j->f, fd, getenv("TMPDIR"), e);
}

static void download(request *r, const followup_render *fr, obstacle_format f)
{
    struct job j = {fr, f};
    (void)download_report(r, write_report, &j, obstacle_format_mime(f),
                          arena_printf(r->a, "uppfoljning-%s-%s.%s", fr->s->period.from, fr->s->period.to,
                                       obstacle_format_key(f)));
}

void h_followup(request *r)
{
    int64_t now = clock_now();
    obstacle_period p;
    if (!report_period_of(r, query_at(r, FOLLOWUP_Q_FROM)->text, query_at(r, FOLLOWUP_Q_TO)->text, now, &p)) return;
    dl_error e = {0};
    char generated[32];
    clock_local_minute(now, generated);
    const form_value *fmt = query_at(r, FOLLOWUP_Q_FORMAT);
    /* The page's figures as kept for this minute and this state of the store (web/followup_cache.h);
     * the counter is read before the figures, so a write meanwhile makes the next key new. */
    int64_t version = 0;
    char key[FOLLOWUP_CACHE_KEY] = "";
    if (!fmt->text && store_version_read(r->db, &version, &e) == DL_OK)
        snprintf(key, sizeof key, "%s|%s|%d|%lld|%s", p.from, p.to, r->lang == LANG_EN, (long long)version, generated);
    const char *kept = *key ? followup_cache_get(key, r->a) : NULL;
    followup_summary s;
    dl_err rc = kept ? DL_OK : followup_summary_load(r->db, r->a, &p, now, &s, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    followup_render fr = {.s = &s, .english = r->lang == LANG_EN, .generated = generated, .a = r->a};
    obstacle_format f;
    if (fmt->text) {
        if (obstacle_format_parse(fmt->text, &f) != 0 || !followup_format_offered(f)) {
            res_error(r, DL_EREQUEST, "Uppföljningen finns som html, pdf, csv eller xlsx.");
            return;
        }
        download(r, &fr, f);
        return;
    }
    strbuf body;
    sb_init(&body, 64 * 1024);
    if (kept) sb_puts(&body, kept);
    else {
        followup_render_html(&fr, 1, &body);
        if (*key) followup_cache_put(key, sb_cstr(&body), strlen(sb_cstr(&body)));
    }
    tmpl_ctx *c = page_ctx(r);
    if (!c) {
        sb_free(&body);
        res_error(r, DL_EINTERNAL, "Sidan kunde inte skapas. Försök igen.");
        return;
    }
    tmpl_set_str(c, "from", p.from);
    tmpl_set_str(c, "to", p.to);
    tmpl_set_list(c, "downloads");
    for (int k = 0; followup_formats[k]; k++) {
        tmpl_ctx *row = tmpl_list_append(c, "downloads");
        if (!row) break;
        tmpl_set_str(row, "href", arena_printf(r->a, "/uppfoljning?fran=%s&till=%s&format=%s", p.from, p.to,
                                               followup_formats[k]));
        tmpl_set_str(row, "label", followup_formats[k]);
    }
    tmpl_set_raw(c, "report", sb_cstr(&body)); /* report/followup_html.c escapes every text */
    res_page(r, 200, "followup.html", "Uppföljning av stödet", c);
    sb_free(&body);
}
