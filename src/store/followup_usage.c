/* followup_usage.c — see followup_usage.h: the guide's page views and the
 * satisfaction survey of a period. Prepared statements only; the SQL is
 * the same on SQLite and PostgreSQL. */
#include "store/followup_usage.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "store/obstacle_report.h"

#include <stdio.h>
#include <string.h>

static dl_err views(db *d, arena *a, const obstacle_period *p, followup_usage *out, dl_error *e)
{
    out->pages = arena_alloc(a, sizeof *out->pages * FOLLOWUP_PAGES_MAX);
    if (!out->pages) return dl_fail(e, DL_ENOMEM, "out of memory");
    /* Summed per page first (from the covering index on day), then named. */
    db_stmt *s = db_prepare(d, "SELECT t.item_id, COALESCE(g.title, ''), COALESCE(g.title_en, ''), t.n"
                               " FROM (SELECT item_id, SUM(views) AS n FROM guide_view_day"
                               "       WHERE day >= ? AND day <= ? GROUP BY item_id) t"
                               " LEFT JOIN guide_item g ON g.id = t.item_id ORDER BY t.n DESC, t.item_id", e);
    if (!s) return e->code;
    db_bind_text(s, 1, p->from);
    db_bind_text(s, 2, p->to);
    int st;
    dl_err rc = DL_OK;
    while ((st = db_step(s, e)) == DB_ROW) {
        int64_t n = db_col_int(s, 3);
        out->views_total += n;
        out->pages_viewed++;
        if (out->n_pages == FOLLOWUP_PAGES_MAX) continue;
        followup_page_views *v = &out->pages[out->n_pages];
        v->item_id = arena_strdup(a, db_col_text(s, 0));
        v->title = arena_strdup(a, *db_col_text(s, 1) ? db_col_text(s, 1) : db_col_text(s, 0));
        v->title_en = arena_strdup(a, db_col_text(s, 2));
        v->n = n;
        if (!v->item_id || !v->title || !v->title_en) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
        out->n_pages++;
    }
    if (rc == DL_OK && st == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    return rc;
}

/* The period's first and last-plus-one day as epoch seconds (UTC midnight,
 * as the cases' created_at text compares with the days). */
static void period_seconds(const obstacle_period *p, int64_t *from, int64_t *until)
{
    cal_date f = {0, 0, 0}, u = {0, 0, 0};
    cal_parse_iso(p->from, strlen(p->from), 2000, 2999, &f);
    cal_parse_iso(p->until, strlen(p->until), 2000, 3000, &u);
    *from = cal_to_days(f) * 86400;
    *until = cal_to_days(u) * 86400;
}

static dl_err survey(db *d, arena *a, const obstacle_period *p, followup_survey *out, dl_error *e)
{
    out->median = -1;
    int64_t from, until;
    period_seconds(p, &from, &until);
    db_stmt *s = db_prepare(d, "SELECT COUNT(*), COUNT(answered_at) FROM case_survey WHERE sent_at >= ? AND sent_at < ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, from);
    db_bind_int(s, 2, until);
    int st = db_step(s, e);
    if (st == DB_ROW) {
        out->sent = db_col_int(s, 0);
        out->answered = db_col_int(s, 1);
    }
    db_stmt_done(s);
    if (st == DB_ERROR) return e->code;
    s = db_prepare(d, "SELECT score, COUNT(*) FROM case_survey WHERE sent_at >= ? AND sent_at < ?"
                      " AND answered_at IS NOT NULL GROUP BY score", e);
    if (!s) return e->code;
    db_bind_int(s, 1, from);
    db_bind_int(s, 2, until);
    while ((st = db_step(s, e)) == DB_ROW) {
        int64_t k = db_col_int(s, 0);
        if (k >= 1 && k <= 5) out->by_score[k - 1] = db_col_int(s, 1);
    }
    db_stmt_done(s);
    if (st == DB_ERROR) return e->code;
    int64_t n = 0, sum = 0;
    for (int k = 0; k < 5; k++) { n += out->by_score[k]; sum += (k + 1) * out->by_score[k]; }
    if (n > 0) {
        out->mean = (double)sum / (double)n;
        int64_t rank = (n + 1) / 2, seen = 0; /* ceil(n/2): the nearest-rank median */
        for (int k = 0; k < 5 && out->median < 0; k++) {
            seen += out->by_score[k];
            if (seen >= rank) out->median = k + 1;
        }
    }
    out->comments = arena_alloc(a, sizeof *out->comments * FOLLOWUP_COMMENTS_MAX);
    if (!out->comments) return dl_fail(e, DL_ENOMEM, "out of memory");
    s = db_prepare(d, "SELECT score, answered_at, comment FROM case_survey WHERE sent_at >= ? AND sent_at < ?"
                      " AND answered_at IS NOT NULL AND comment <> '' ORDER BY answered_at, id LIMIT ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, from);
    db_bind_int(s, 2, until);
    db_bind_int(s, 3, FOLLOWUP_COMMENTS_MAX + 1);
    dl_err rc = DL_OK;
    while ((st = db_step(s, e)) == DB_ROW) {
        if (out->n_comments == FOLLOWUP_COMMENTS_MAX) { out->comments_cut = 1; break; }
        followup_comment *c = &out->comments[out->n_comments];
        c->score = (int)db_col_int(s, 0);
        char day[16];
        clock_local_date(db_col_int(s, 1), day);
        c->answered_on = arena_strdup(a, day);
        c->text = arena_strdup(a, db_col_text(s, 2));
        if (!c->answered_on || !c->text) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
        out->n_comments++;
    }
    if (rc == DL_OK && st == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    return rc;
}

dl_err followup_usage_load(db *d, arena *a, const obstacle_period *p, followup_usage *v, followup_survey *sv,
                           dl_error *e)
{
    memset(v, 0, sizeof *v);
    memset(sv, 0, sizeof *sv);
    dl_err rc = views(d, a, p, v, e);
    if (rc == DL_OK) rc = survey(d, a, p, sv, e);
    return rc;
}

int64_t followup_survey_rate(const followup_survey *s)
{
    if (s->sent <= 0) return -1;
    return (s->answered * 200 + s->sent) / (s->sent * 2);
}
