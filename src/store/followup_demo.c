/* followup_demo.c — see followup_demo.h. One transaction; prepared
 * statements; the same SQL on SQLite and PostgreSQL. */
#include "store/followup_demo.h"
#include "core/alloc.h"
#include "core/clock.h"
#include "core/splitmix.h"
#include "crypto/token.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO_ITEMS_MAX 2000

static const char *const comments[] = {
    "Snabb och tydlig handläggning, tack!",
    "Det tog lång tid innan jag fick veta vad som saknades i ansökan.",
    "Bra att kunna följa ärendet på webben.",
    "Svårt att förstå vilka variabler som gick att få ut.",
    "Vänligt bemötande från registratorn.",
};

static int score_of(rng *r)
{
    static const int weights[5] = {5, 10, 20, 35, 30}; /* per cent for 1..5 */
    int x = below(r, 100), acc = 0;
    for (int k = 0; k < 5; k++) {
        acc += weights[k];
        if (x < acc) return k + 1;
    }
    return 5;
}

static dl_err surveys_of_closed_cases(db *d, rng *r, int64_t now, int64_t *n, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT c.id, c.closed_at, c.updated_at FROM cases c"
                               " WHERE c.state IN ('refused', 'delivered', 'withdrawn') AND c.submitted_at <> ''"
                               " AND NOT EXISTS (SELECT 1 FROM case_survey v WHERE v.case_id = c.id) ORDER BY c.id", e);
    if (!s) return e->code;
    size_t cap = 1024, k = 0;
    int64_t *ids = dl_malloc(sizeof *ids * cap), *at = dl_malloc(sizeof *at * cap);
    int st = DB_DONE;
    dl_err rc = DL_OK;
    while (ids && at && (st = db_step(s, e)) == DB_ROW) {
        if (k == cap) {
            cap *= 2;
            int64_t *ni = dl_realloc(ids, sizeof *ids * cap), *na = ni ? dl_realloc(at, sizeof *at * cap) : NULL;
            if (ni) ids = ni;
            if (na) at = na;
            if (!ni || !na) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
        }
        int64_t t = clock_parse_iso_utc(db_col_text(s, 1));
        if (t < 0) t = clock_parse_iso_utc(db_col_text(s, 2));
        ids[k] = db_col_int(s, 0);
        at[k++] = t < 0 ? now : t;
    }
    if (!ids || !at) rc = dl_fail(e, DL_ENOMEM, "out of memory");
    else if (rc == DL_OK && st == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    for (size_t i = 0; i < k && rc == DL_OK; i++) {
        char token[TOKEN_HEX_SIZE], hash[TOKEN_HEX_SIZE];
        token_random_hex(token);
        sha256_hex(token, strlen(token), hash);
        int64_t sent = at[i], expires = sent + 60 * 86400;
        int answered = chance(r, 65) && sent + 3600 < now;
        int64_t when = sent + 3600 + below(r, 10 * 86400);
        if (when > now) when = now;
        if (answered) {
            int score = score_of(r);
            const char *comment = chance(r, 30) ? comments[below(r, (int)(sizeof comments / sizeof comments[0]))] : "";
            rc = db_run(d, "INSERT INTO case_survey(case_id, token_hash, sent_at, expires_at, answered_at, score, comment)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?)", e, "itiiiit", ids[i], hash, sent, expires, when,
                        (int64_t)score, comment);
        } else {
            rc = db_run(d, "INSERT INTO case_survey(case_id, token_hash, sent_at, expires_at) VALUES (?, ?, ?, ?)", e,
                        "itii", ids[i], hash, sent, expires);
        }
        if (rc == DL_OK) (*n)++;
    }
    dl_free(ids);
    dl_free(at);
    return rc;
}

static dl_err views_of_guide_items(db *d, rng *r, int64_t now, int64_t *n, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT id FROM guide_item ORDER BY id", e);
    if (!s) return e->code;
    char (*ids)[101] = dl_malloc(sizeof *ids * DEMO_ITEMS_MAX);
    int k = 0, st = DB_DONE;
    while (ids && k < DEMO_ITEMS_MAX && (st = db_step(s, e)) == DB_ROW) snprintf(ids[k++], sizeof ids[0], "%s", db_col_text(s, 0));
    db_stmt_done(s);
    if (!ids) return dl_fail(e, DL_ENOMEM, "out of memory");
    if (st == DB_ERROR) { dl_free(ids); return e->code; }
    dl_err rc = DL_OK;
    for (int i = 0; i < k && rc == DL_OK; i++) {
        int popularity = 1 + below(r, 12); /* a few pages much read, most a little */
        if (i % 7 == 0) popularity *= 4;
        for (int back = 0; back < 365 && rc == DL_OK; back += 1 + below(r, 6)) {
            char day[16];
            clock_local_date(now - (int64_t)back * 86400, day);
            rc = db_run(d, "INSERT INTO guide_view_day(item_id, day, views) VALUES (?, ?, ?)"
                           " ON CONFLICT (item_id, day) DO UPDATE SET views = guide_view_day.views + excluded.views",
                        e, "tti", ids[i], day, (int64_t)(1 + below(r, popularity)));
            if (rc == DL_OK) (*n)++;
        }
    }
    dl_free(ids);
    return rc;
}

dl_err followup_demo_seed(db *d, uint64_t seed, int64_t now, int64_t *surveys, int64_t *view_rows, dl_error *e)
{
    *surveys = *view_rows = 0;
    rng r = {seed ^ 0x5eed5eedULL};
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = surveys_of_closed_cases(d, &r, now, surveys, e);
    if (rc == DL_OK) rc = views_of_guide_items(d, &r, now, view_rows, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    if (rc != DL_OK) *surveys = *view_rows = 0;
    return rc;
}
