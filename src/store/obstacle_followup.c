/* obstacle_followup.c — see obstacle_followup.h. The open states are bound
 * as parameters, taken from the lifecycle's own answer
 * (obstacle_state_is_open); the ages are compared as ISO 8601 UTC text,
 * which sorts as time does. */
#include "store/obstacle_followup.h"

#include <string.h>

#include "core/clock.h"
#include "core/obstacle_flow.h"
#include "core/strbuf.h"

const int followup_age_upper_days[FOLLOWUP_AGE_GROUPS - 1] = {7, 30, 90, 365};

/* " IN (?, ?, …)" for the open states; their keys in keys[], count in *n. */
static void open_states(strbuf *sql, const char **keys, int *n)
{
    *n = 0;
    sb_puts(sql, " IN (");
    for (int s = 0; s < OBSTACLE_STATE__MAX; s++) {
        if (!obstacle_state_is_open((obstacle_state)s)) continue;
        sb_puts(sql, *n ? ", ?" : "?");
        keys[(*n)++] = obstacle_state_key((obstacle_state)s);
    }
    sb_puts(sql, ")");
}

/* The time a step was last taken, or the report received when none was. */
#define LAST_MOVE "(CASE WHEN last_step_at <> '' THEN last_step_at ELSE created_at END)"

static int64_t days_since(const char *iso, int64_t now)
{
    int64_t t = clock_parse_iso_utc(iso);
    return t > 0 && now > t ? (now - t) / 86400 : 0;
}

dl_err obstacle_followup_by_body(db *d, arena *a, int64_t now, int stale_days, followup_body *out, int max, int *n,
                                 followup_body *total, dl_error *e)
{
    *n = 0;
    if (total) memset(total, 0, sizeof *total);
    char bound[FOLLOWUP_AGE_GROUPS - 1][32], stale[32];
    for (int g = 0; g < FOLLOWUP_AGE_GROUPS - 1; g++)
        clock_iso_utc(now - (int64_t)followup_age_upper_days[g] * 86400, bound[g]);
    clock_iso_utc(now - (int64_t)stale_days * 86400, stale);
    strbuf sql;
    sb_init(&sql, 1024);
    sb_puts(&sql, "SELECT responsible_body, SUM(CASE WHEN created_at > ? THEN 1 ELSE 0 END)");
    for (int g = 1; g < FOLLOWUP_AGE_GROUPS - 1; g++)
        sb_puts(&sql, ", SUM(CASE WHEN created_at <= ? AND created_at > ? THEN 1 ELSE 0 END)");
    sb_puts(&sql, ", SUM(CASE WHEN created_at <= ? THEN 1 ELSE 0 END), COUNT(*),"
                  " SUM(CASE WHEN " LAST_MOVE " <= ? THEN 1 ELSE 0 END), MIN(created_at)"
                  " FROM obstacle WHERE state");
    const char *keys[OBSTACLE_STATE__MAX];
    int n_keys = 0;
    open_states(&sql, keys, &n_keys);
    sb_puts(&sql, " GROUP BY responsible_body ORDER BY COUNT(*) DESC, responsible_body LIMIT ?");
    if (sql.oom) { sb_free(&sql); return dl_fail(e, DL_ENOMEM, "out of memory"); }
    db_stmt *s = db_prepare(d, sb_cstr(&sql), e);
    sb_free(&sql);
    if (!s) return e->code ? e->code : DL_EDB;
    int p = 1;
    db_bind_text(s, p++, bound[0]);
    for (int g = 1; g < FOLLOWUP_AGE_GROUPS - 1; g++) {
        db_bind_text(s, p++, bound[g - 1]);
        db_bind_text(s, p++, bound[g]);
    }
    db_bind_text(s, p++, bound[FOLLOWUP_AGE_GROUPS - 2]);
    db_bind_text(s, p++, stale);
    for (int k = 0; k < n_keys; k++) db_bind_text(s, p++, keys[k]);
    db_bind_int(s, p, max);
    dl_err rc = DL_OK;
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) {
        followup_body *b = &out[*n];
        memset(b, 0, sizeof *b);
        if (!(b->body = arena_strdup(a, db_col_text(s, 0)))) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
        for (int g = 0; g < FOLLOWUP_AGE_GROUPS; g++) b->by_age[g] = db_col_int(s, 1 + g);
        b->open = db_col_int(s, 1 + FOLLOWUP_AGE_GROUPS);
        b->stale = db_col_int(s, 2 + FOLLOWUP_AGE_GROUPS);
        b->oldest_days = days_since(db_col_text(s, 3 + FOLLOWUP_AGE_GROUPS), now);
        if (total) {
            for (int g = 0; g < FOLLOWUP_AGE_GROUPS; g++) total->by_age[g] += b->by_age[g];
            total->open += b->open;
            total->stale += b->stale;
            if (b->oldest_days > total->oldest_days) total->oldest_days = b->oldest_days;
        }
        (*n)++;
    }
    if (rc == DL_OK && st == DB_ERROR) rc = e->code ? e->code : DL_EDB;
    db_stmt_done(s);
    if (total) total->body = "";
    return rc;
}

dl_err obstacle_followup_stale(db *d, arena *a, int64_t now, int stale_days, followup_stale *out, int max, int *n,
                               dl_error *e)
{
    *n = 0;
    char stale[32];
    clock_iso_utc(now - (int64_t)stale_days * 86400, stale);
    strbuf sql;
    sb_init(&sql, 512);
    sb_puts(&sql, "SELECT id, state, category, responsible_body, created_at, " LAST_MOVE
                  " FROM obstacle WHERE " LAST_MOVE " <= ? AND state");
    const char *keys[OBSTACLE_STATE__MAX];
    int n_keys = 0;
    open_states(&sql, keys, &n_keys);
    sb_puts(&sql, " ORDER BY " LAST_MOVE ", id LIMIT ?");
    if (sql.oom) { sb_free(&sql); return dl_fail(e, DL_ENOMEM, "out of memory"); }
    db_stmt *s = db_prepare(d, sb_cstr(&sql), e);
    sb_free(&sql);
    if (!s) return e->code ? e->code : DL_EDB;
    int p = 1;
    db_bind_text(s, p++, stale);
    for (int k = 0; k < n_keys; k++) db_bind_text(s, p++, keys[k]);
    db_bind_int(s, p, max);
    dl_err rc = DL_OK;
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) {
        followup_stale *o = &out[*n];
        o->id = db_col_int(s, 0);
        if (obstacle_state_from_key(db_col_text(s, 1), &o->state) != 0) o->state = OBSTACLE_RECEIVED;
        o->category = arena_strdup(a, db_col_text(s, 2));
        if (!(o->body = arena_strdup(a, db_col_text(s, 3))) || !o->category) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
        o->age_days = days_since(db_col_text(s, 4), now);
        o->days_since_step = days_since(db_col_text(s, 5), now);
        (*n)++;
    }
    if (rc == DL_OK && st == DB_ERROR) rc = e->code ? e->code : DL_EDB;
    db_stmt_done(s);
    return rc;
}
