/* obstacle_report.c — GET /hinder/rapport: the compiled obstacle report for
 * the obstacle analysts (ACT_OBSTACLE_COMPILED_REPORT). Without format= it is
 * a page: the period's form, the four downloads and the report itself (the
 * HTML of report/obstacle_html.c as a fragment, the first texts only). With
 * format=html|pdf|csv|xlsx it is that file, written to an unnamed temporary
 * file and sent from it (handlers/download.h); each download is audited (the report names every
 * obstacle's text). The period defaults to the last twelve months. */
#include "web/handlers/handlers.h"
#include "web/handlers/download.h"
#include "web/handlers/obstacle_fields.h"
#include "web/app.h"
#include "core/clock.h"
#include "report/obstacle_render.h"
#include "store/audit.h"

#include <stdlib.h>
#include <string.h>

struct job { const obstacle_render *rr; obstacle_format f; };

static dl_err write_report(const void *ctx, int fd, dl_error *e)
{
    const struct job *j = ctx;
    return obstacle_render_to_fd(j->rr, j->f, fd, getenv("TMPDIR"), e);
}

static void download(request *r, const obstacle_render *rr, obstacle_format f)
{
    struct job j = {rr, f};
    if (download_report(r, write_report, &j, obstacle_format_mime(f),
                        arena_printf(r->a, "hinder-%s-%s.%s", rr->s->period.from, rr->s->period.to,
                                     obstacle_format_key(f))) != 0)
        return;
    audit_actor who = actor_of(r);
    dl_error ignored;
    (void)audit_append_tx(r->db, &who, "obstacle.report_download", "obstacle", "",
                          arena_printf(r->a, "%s %s..%s", obstacle_format_key(f), rr->s->period.from, rr->s->period.to),
                          &ignored);
}

void h_obstacle_compiled_report(request *r)
{
    int64_t now = clock_now();
    obstacle_period p;
    if (!report_period_of(r, query_at(r, OBSTACLE_REPORT_Q_FROM)->text, query_at(r, OBSTACLE_REPORT_Q_TO)->text, now, &p)) return;
    dl_error e = {0};
    obstacle_summary s;
    dl_err rc = obstacle_summary_load(r->db, r->a, &p, now, &s, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    char generated[32];
    clock_local_minute(now, generated);
    obstacle_render rr = {.d = r->db, .s = &s, .english = r->lang == LANG_EN, .generated = generated};
    const form_value *fmt = query_at(r, OBSTACLE_REPORT_Q_FORMAT);
    if (fmt->text) { download(r, &rr, (obstacle_format)fmt->num); return; }
    rr.text_limit = OBSTACLE_PAGE_TEXTS;
    strbuf body;
    sb_init(&body, 64 * 1024);
    rc = obstacle_render_html(&rr, 1, &body, &e);
    tmpl_ctx *c = rc == DL_OK ? page_ctx(r) : NULL;
    if (!c) {
        sb_free(&body);
        res_error(r, DL_EINTERNAL, "Rapporten kunde inte skapas. Försök igen.");
        return;
    }
    tmpl_set_str(c, "from", p.from);
    tmpl_set_str(c, "to", p.to);
    tmpl_set_list(c, "downloads");
    for (int f = 0; f < OF__MAX; f++) {
        tmpl_ctx *row = tmpl_list_append(c, "downloads");
        if (!row) break;
        tmpl_set_str(row, "href", arena_printf(r->a, "/hinder/rapport?fran=%s&till=%s&format=%s", p.from, p.to,
                                               obstacle_format_key((obstacle_format)f)));
        tmpl_set_str(row, "label", obstacle_format_key((obstacle_format)f));
    }
    tmpl_set_raw(c, "report", sb_cstr(&body)); /* report/obstacle_html.c escapes every text */
    res_page(r, 200, "obstacle_report.html", "Sammanställning av rapporterade hinder", c);
    sb_free(&body);
}
