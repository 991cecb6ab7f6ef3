/* obstacle_report.c — see obstacle_report.h: the period, the counts of the
 * compiled obstacle report by each dimension, the ages of the open ones and
 * the outcomes, and the texts read a page at a time. Prepared statements
 * only; the SQL is the same on SQLite and PostgreSQL. */
#include "store/obstacle_report.h"
#include "store/obstacle_categories.h"
#include "core/calendar.h"
#include "core/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_PAGE 500 /* obstacles read per statement of the list of texts */
#define MAX_LAW_ROWS 500
#define MAX_MONTH_ROWS 400

static const struct {
    const char *key, *label_sv;
} dims[OD__MAX] = {
    [OD_CATEGORY] = {"category", "Kategori"},
    [OD_POLICY_AREA] = {"policy_area", "Politikområde"},
    [OD_ACTOR_TYPE] = {"actor_type", "Typ av aktör"},
    [OD_STATE] = {"state", "Status"},
    [OD_CONSEQUENCE] = {"consequence", "Följd"},
    [OD_LAW] = {"law", "Lag eller regel"},
    [OD_YEAR] = {"year", "År"},
    [OD_MONTH] = {"month", "Månad"},
};

const char *obstacle_dim_label_sv(obstacle_dim d) { return (unsigned)d < OD__MAX ? dims[d].label_sv : NULL; }
const char *obstacle_dim_key(obstacle_dim d) { return (unsigned)d < OD__MAX ? dims[d].key : NULL; }

int obstacle_state_is_outcome(obstacle_state s)
{
    return (int)s >= 0 && s < OBSTACLE_STATE__MAX && obstacle_public_group_of(s) == OBSTACLE_GROUP_CLOSED;
}

dl_err obstacle_period_parse(const char *from, const char *to, obstacle_period *out, dl_error *e)
{
    memset(out, 0, sizeof *out);
    cal_date f, t;
    if (!from || !*from || !to || !*to) return dl_fail(e, DL_EINVAL, "Ange periodens första och sista dag (ÅÅÅÅ-MM-DD).");
    if (!cal_parse_iso(from, strlen(from), 2000, 2999, &f))
        return dl_fail(e, DL_EINVAL, "Periodens första dag är inget giltigt datum. Skriv den som ÅÅÅÅ-MM-DD.");
    if (!cal_parse_iso(to, strlen(to), 2000, 2999, &t))
        return dl_fail(e, DL_EINVAL, "Periodens sista dag är inget giltigt datum. Skriv den som ÅÅÅÅ-MM-DD.");
    int64_t days = cal_to_days(t) - cal_to_days(f);
    if (days < 0) return dl_fail(e, DL_EINVAL, "Periodens sista dag ligger före den första. Byt plats på dem.");
    if (days >= OBSTACLE_PERIOD_MAX_DAYS) return dl_fail(e, DL_EINVAL, "Perioden är för lång (högst 30 år).");
    cal_format_iso(f, out->from);
    cal_format_iso(t, out->to);
    cal_format_iso(cal_add_days(t, 1), out->until);
    return DL_OK;
}

/* ---- counts -------------------------------------------------------------------- */

/* The law's GROUP BY, with the guide's title (the other dimensions: read_dims). */
static const char *const group_sql[OD__MAX] = {
    [OD_LAW] = "SELECT o.law_id, COALESCE(MAX(g.title), ''), COUNT(*) FROM obstacle o"
               " LEFT JOIN guide_item g ON g.id = o.law_id"
               " WHERE o.created_at >= ? AND o.created_at < ? GROUP BY o.law_id ORDER BY COUNT(*) DESC, o.law_id",
};

typedef struct raw_row {
    const char *key, *title;
    int64_t n;
} raw_row;

/* Runs the dimension's query into rows (in a); *n their number. */
static dl_err read_groups(db *d, arena *a, obstacle_dim dim, const obstacle_period *p, raw_row *rows, int max, int *n,
                          dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, group_sql[dim], e);
    if (!s) return e->code;
    db_bind_text(s, 1, p->from);
    db_bind_text(s, 2, p->until);
    int st;
    dl_err rc = DL_OK;
    int law = dim == OD_LAW;
    while ((st = db_step(s, e)) == DB_ROW) {
        if (*n == max) { rc = dl_fail(e, DL_ELIMIT, "Rapporten har för många olika värden att visa."); break; }
        rows[*n].key = arena_strdup(a, db_col_text(s, 0));
        rows[*n].title = law ? arena_strdup(a, db_col_text(s, 1)) : "";
        rows[*n].n = db_col_int(s, law ? 2 : 1);
        if (!rows[*n].key || !rows[*n].title) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
        (*n)++;
    }
    if (rc == DL_OK && st == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    return rc;
}

/* ---- the dimensions but the law, in one pass ----------------------------------- */

/* Adds n to key's row of a dimension (rows: *k of them, at most max). */
static dl_err add_key(arena *a, raw_row *rows, int *k, int max, const char *key, int64_t n, dl_error *e)
{
    for (int i = *k - 1; i >= 0; i--)
        if (strcmp(rows[i].key, key) == 0) { rows[i].n += n; return DL_OK; }
    if (*k == max) return dl_fail(e, DL_ELIMIT, "Rapporten har för många olika värden att visa.");
    rows[*k] = (raw_row){arena_strdup(a, key), "", n};
    if (!rows[*k].key) return dl_fail(e, DL_ENOMEM, "out of memory");
    (*k)++;
    return DL_OK;
}

static int by_key(const void *x, const void *y) { return strcmp(((const raw_row *)x)->key, ((const raw_row *)y)->key); }

/* The rows of every dimension but the law, as read_groups gives each (in
 * key order), from two GROUP BYs of the period's obstacles: by category,
 * actor, state and consequence (the policy area is the category's in
 * obstacle_category, as the list cats holds it; '' for a key it does not
 * have), and by the month of creation (the year from the month). */
static dl_err read_dims(db *d, arena *a, const obstacle_period *p, const obstacle_category_list *cats,
                        raw_row *raw[OD__MAX], int n[OD__MAX], int max, dl_error *e)
{
    /* created_at || '': SQLite reads obstacle_counted in the GROUP BY's order and checks the period
     * in it, rather than the period's range of obstacle_created and a sort of every obstacle. */
    db_stmt *s = db_prepare(d, "SELECT category, actor_type, state, consequence, COUNT(*) FROM obstacle"
                               " WHERE created_at || '' >= ? AND created_at || '' < ?"
                               " GROUP BY category, actor_type, state, consequence", e);
    if (!s) return e->code;
    db_bind_text(s, 1, p->from);
    db_bind_text(s, 2, p->until);
    int st;
    dl_err rc = DL_OK;
    while (rc == DL_OK && (st = db_step(s, e)) == DB_ROW) {
        const char *cat = db_col_text(s, 0), *area = "";
        int64_t k = db_col_int(s, 4);
        for (int i = 0; i < cats->n; i++)
            if (strcmp(cats->v[i].key, cat) == 0) { area = cats->v[i].policy_area; break; }
        rc = add_key(a, raw[OD_CATEGORY], &n[OD_CATEGORY], max, cat, k, e);
        if (rc == DL_OK) rc = add_key(a, raw[OD_POLICY_AREA], &n[OD_POLICY_AREA], max, area, k, e);
        if (rc == DL_OK) rc = add_key(a, raw[OD_ACTOR_TYPE], &n[OD_ACTOR_TYPE], max, db_col_text(s, 1), k, e);
        if (rc == DL_OK) rc = add_key(a, raw[OD_STATE], &n[OD_STATE], max, db_col_text(s, 2), k, e);
        if (rc == DL_OK) rc = add_key(a, raw[OD_CONSEQUENCE], &n[OD_CONSEQUENCE], max, db_col_text(s, 3), k, e);
    }
    if (rc == DL_OK && st == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    /* The months, from the period's range of obstacle_created; the years from them. */
    s = rc == DL_OK ? db_prepare(d, "SELECT substr(created_at, 1, 7), COUNT(*) FROM obstacle"
                                    " WHERE created_at >= ? AND created_at < ? GROUP BY substr(created_at, 1, 7)", e)
                    : NULL;
    if (rc == DL_OK && !s) return e->code;
    if (s) {
        db_bind_text(s, 1, p->from);
        db_bind_text(s, 2, p->until);
        while (rc == DL_OK && (st = db_step(s, e)) == DB_ROW) {
            const char *month = db_col_text(s, 0);
            int64_t k = db_col_int(s, 1);
            char year[5];
            snprintf(year, sizeof year, "%.4s", month);
            rc = add_key(a, raw[OD_YEAR], &n[OD_YEAR], max, year, k, e);
            if (rc == DL_OK) rc = add_key(a, raw[OD_MONTH], &n[OD_MONTH], max, month, k, e);
        }
        if (rc == DL_OK && st == DB_ERROR) rc = e->code;
        db_stmt_done(s);
    }
    for (int dim = 0; rc == DL_OK && dim < OD__MAX; dim++)
        if (dim != OD_LAW) qsort(raw[dim], (size_t)n[dim], sizeof *raw[dim], by_key);
    return rc;
}

static int64_t take(raw_row *rows, int n, const char *key)
{
    for (int i = 0; i < n; i++)
        if (rows[i].key && strcmp(rows[i].key, key) == 0) {
            rows[i].key = NULL; /* counted */
            return rows[i].n;
        }
    return 0;
}

/* A list dimension: every entry of the list in order, then "none given",
 * then the unknown keys left over. */
static dl_err list_rows(arena *a, raw_row *raw, int n_raw, int n_list, const char *(*key_of)(int),
                        const char *(*label_of)(int), const char *none_label, obstacle_summary *out, obstacle_dim dim,
                        dl_error *e)
{
    obstacle_count *rows = arena_alloc(a, sizeof *rows * (size_t)(n_list + 1 + n_raw));
    if (!rows) return dl_fail(e, DL_ENOMEM, "out of memory");
    int k = 0;
    for (int i = 0; i < n_list; i++)
        rows[k++] = (obstacle_count){key_of(i), label_of(i), 1, NULL, take(raw, n_raw, key_of(i))};
    int64_t none = take(raw, n_raw, "");
    if (none && none_label) rows[k++] = (obstacle_count){"", none_label, 1, NULL, none};
    for (int i = 0; i < n_raw; i++)
        if (raw[i].key) rows[k++] = (obstacle_count){raw[i].key, raw[i].key, 0, NULL, raw[i].n};
    out->rows[dim] = rows;
    out->n_rows[dim] = k;
    return DL_OK;
}

/* The category list as the store holds it, in its order (inactive ones
 * too: old obstacles keep them), then the keys it does not have. */
static dl_err category_rows(arena *a, raw_row *raw, int n_raw, const obstacle_category_list *cats,
                            obstacle_summary *out, dl_error *e)
{
    obstacle_count *rows = arena_alloc(a, sizeof *rows * (size_t)(cats->n + n_raw));
    if (!rows) return dl_fail(e, DL_ENOMEM, "out of memory");
    int k = 0;
    for (int i = 0; i < cats->n; i++) {
        const obstacle_category_def *c = &cats->v[i];
        rows[k++] = (obstacle_count){c->key, c->label_sv, 1, *c->label_en ? c->label_en : NULL,
                                     take(raw, n_raw, c->key)};
    }
    for (int i = 0; i < n_raw; i++)
        if (raw[i].key) rows[k++] = (obstacle_count){raw[i].key, raw[i].key, 0, NULL, raw[i].n};
    out->rows[OD_CATEGORY] = rows;
    out->n_rows[OD_CATEGORY] = k;
    return DL_OK;
}

static const char *policy_area_key(int i) { return obstacle_policy_area_keys[i]; }
static const char *policy_area_label(int i) { return obstacle_policy_area_label_sv(obstacle_policy_area_keys[i]); }
static const char *actor_key(int i) { return obstacle_actor_type_keys[i]; }
static const char *consequence_key(int i) { return obstacle_consequence_keys[i]; }
static const char *state_key(int i) { return obstacle_state_key((obstacle_state)i); }
static const char *state_label(int i) { return obstacle_state_label_sv((obstacle_state)i); }

/* Year or month rows: every one of the period, zeros too. */
static dl_err period_rows(arena *a, raw_row *raw, int n_raw, const obstacle_period *p, int monthly,
                          obstacle_summary *out, dl_error *e)
{
    int fy = cal_digits(p->from, 4), fm = cal_digits(p->from + 5, 2);
    int ty = cal_digits(p->to, 4), tm = cal_digits(p->to + 5, 2);
    int n = monthly ? (ty - fy) * 12 + (tm - fm) + 1 : ty - fy + 1;
    if (n > MAX_MONTH_ROWS) n = MAX_MONTH_ROWS;
    obstacle_count *rows = arena_alloc(a, sizeof *rows * (size_t)n);
    if (!rows) return dl_fail(e, DL_ENOMEM, "out of memory");
    for (int i = 0; i < n; i++) {
        int y = monthly ? fy + (fm - 1 + i) / 12 : fy + i, m = monthly ? (fm - 1 + i) % 12 + 1 : 0;
        char *key = monthly ? arena_printf(a, "%04d-%02d", y, m) : arena_printf(a, "%04d", y);
        if (!key) return dl_fail(e, DL_ENOMEM, "out of memory");
        rows[i] = (obstacle_count){key, key, 0, NULL, take(raw, n_raw, key)};
    }
    out->rows[monthly ? OD_MONTH : OD_YEAR] = rows;
    out->n_rows[monthly ? OD_MONTH : OD_YEAR] = n;
    return DL_OK;
}

static dl_err law_rows(arena *a, raw_row *raw, int n_raw, obstacle_summary *out, dl_error *e)
{
    obstacle_count *rows = arena_alloc(a, sizeof *rows * (size_t)(n_raw + 1));
    if (!rows) return dl_fail(e, DL_ENOMEM, "out of memory");
    int k = 0;
    for (int i = 0; i < n_raw; i++) {
        int none = !*raw[i].key;
        rows[k++] = (obstacle_count){raw[i].key, none ? "Ingen lag angiven" : *raw[i].title ? raw[i].title : raw[i].key,
                                     none, NULL, raw[i].n};
    }
    out->rows[OD_LAW] = rows;
    out->n_rows[OD_LAW] = k;
    return DL_OK;
}

/* ---- ages and outcomes --------------------------------------------------------- */

/* head + "state NOT IN (?, …)" with one ? per final state (bound by
 * bind_outcomes; the statement text depends on the list's size only) + tail;
 * "1 = 1" when the list has no final state. */
static char *open_states_sql(arena *a, const char *head, const char *tail)
{
    int n = 0;
    for (int s = 0; s < OBSTACLE_STATE__MAX; s++) n += obstacle_state_is_outcome((obstacle_state)s);
    if (n == 0) return arena_printf(a, "%s 1 = 1%s", head, tail);
    char *sql = arena_printf(a, "%s state NOT IN (?", head);
    for (int i = 1; i < n && sql; i++) sql = arena_printf(a, "%s, ?", sql);
    return sql ? arena_printf(a, "%s)%s", sql, tail) : NULL;
}

static int bind_outcomes(db_stmt *s, int from)
{
    for (int st = 0; st < OBSTACLE_STATE__MAX; st++)
        if (obstacle_state_is_outcome((obstacle_state)st)) db_bind_text(s, from++, obstacle_state_key((obstacle_state)st));
    return from;
}

static int64_t age_days(int64_t now, const char *created_at)
{
    int64_t at = clock_parse_iso_utc(created_at);
    if (at <= 0 || at > now) return 0;
    return (now - at) / 86400;
}

/* The created_at of the open obstacle at offset off (oldest first), or "". */
static dl_err open_created_at(db *d, arena *a, const obstacle_period *p, int64_t off, char **out, int64_t *id,
                              dl_error *e)
{
    char *sql = open_states_sql(a, "SELECT created_at, id FROM obstacle WHERE created_at >= ? AND created_at < ? AND",
                                " ORDER BY created_at, id LIMIT 1 OFFSET ?");
    if (!sql) return dl_fail(e, DL_ENOMEM, "out of memory");
    db_stmt *s = db_prepare(d, sql, e);
    if (!s) return e->code;
    db_bind_text(s, 1, p->from);
    db_bind_text(s, 2, p->until);
    int i = bind_outcomes(s, 3);
    db_bind_int(s, i, off);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    *out = "";
    if (st == DB_ROW) {
        *out = arena_strdup(a, db_col_text(s, 0));
        if (id) *id = db_col_int(s, 1);
        if (!*out) rc = dl_fail(e, DL_ENOMEM, "out of memory");
    } else if (st == DB_ERROR) {
        rc = e->code;
    }
    db_stmt_done(s);
    return rc;
}

static dl_err ages(db *d, arena *a, const obstacle_period *p, obstacle_summary *out, dl_error *e)
{
    out->median_age_days = out->oldest_age_days = -1;
    out->oldest_id = 0;
    if (out->open == 0) return DL_OK;
    char *oldest, *mid1, *mid2;
    dl_err rc = open_created_at(d, a, p, 0, &oldest, &out->oldest_id, e);
    if (rc == DL_OK) rc = open_created_at(d, a, p, (out->open - 1) / 2, &mid1, NULL, e);
    if (rc == DL_OK) rc = open_created_at(d, a, p, out->open / 2, &mid2, NULL, e);
    if (rc != DL_OK) return rc;
    out->oldest_age_days = age_days(out->now, oldest);
    /* The median of an even count: the mean of the middle two, rounded down. */
    out->median_age_days = (age_days(out->now, mid1) + age_days(out->now, mid2)) / 2;
    return DL_OK;
}

dl_err obstacle_summary_load(db *d, arena *a, const obstacle_period *p, int64_t now, obstacle_summary *out,
                             dl_error *e)
{
    memset(out, 0, sizeof *out);
    out->period = *p;
    out->now = now;
    int raw_max = MAX_LAW_ROWS + 64;
    raw_row *raws[OD__MAX];
    int n_raws[OD__MAX] = {0};
    for (int dim = 0; dim < OD__MAX; dim++)
        if (!(raws[dim] = arena_alloc(a, sizeof *raws[dim] * (size_t)raw_max))) return dl_fail(e, DL_ENOMEM, "out of memory");
    obstacle_category_list *cats = arena_alloc(a, sizeof *cats);
    if (!cats) return dl_fail(e, DL_ENOMEM, "out of memory");
    dl_err rc = db_begin_read(d, e);
    if (rc != DL_OK) return rc;
    rc = obstacle_categories_load(d, a, cats, e);
    if (rc == DL_OK) rc = read_dims(d, a, p, cats, raws, n_raws, raw_max, e);
    if (rc == DL_OK) rc = read_groups(d, a, OD_LAW, p, raws[OD_LAW], raw_max, &n_raws[OD_LAW], e);
    for (int dim = 0; dim < OD__MAX && rc == DL_OK; dim++) {
        int n = n_raws[dim];
        raw_row *raw = raws[dim];
        switch ((obstacle_dim)dim) {
        case OD_CATEGORY:
            for (int i = 0; i < n; i++) out->total += raw[i].n;
            rc = category_rows(a, raw, n, cats, out, e);
            break;
        case OD_POLICY_AREA:
            rc = list_rows(a, raw, n, OBSTACLE_POLICY_AREA__MAX, policy_area_key, policy_area_label, "Ej angiven", out,
                           OD_POLICY_AREA, e);
            break;
        case OD_ACTOR_TYPE:
            rc = list_rows(a, raw, n, OBSTACLE_ACTOR_TYPE__MAX, actor_key, obstacle_actor_type_label_sv, "Ej angiven",
                           out, OD_ACTOR_TYPE, e);
            break;
        case OD_STATE:
            for (int i = 0; i < n; i++) {
                obstacle_state s;
                if (obstacle_state_from_key(raw[i].key, &s) == 0 && obstacle_state_is_outcome(s)) {
                    out->outcome[s] += raw[i].n;
                    out->closed += raw[i].n;
                }
            }
            rc = list_rows(a, raw, n, OBSTACLE_STATE__MAX, state_key, state_label, "Ej angiven", out, OD_STATE, e);
            break;
        case OD_CONSEQUENCE:
            rc = list_rows(a, raw, n, OBSTACLE_CONSEQUENCE__MAX, consequence_key, obstacle_consequence_label_sv,
                           "Ingen följd angiven", out, OD_CONSEQUENCE, e);
            break;
        case OD_LAW: rc = law_rows(a, raw, n, out, e); break;
        case OD_YEAR: rc = period_rows(a, raw, n, p, 0, out, e); break;
        case OD_MONTH: rc = period_rows(a, raw, n, p, 1, out, e); break;
        case OD__MAX: break;
        }
    }
    if (rc == DL_OK) {
        out->open = out->total - out->closed;
        rc = ages(d, a, p, out, e);
    }
    if (rc == DL_OK) rc = obstacle_measure_summary_load(d, a, p, out, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}

/* ---- the texts ------------------------------------------------------------------ */

dl_err obstacle_texts_each(db *d, const obstacle_period *p, int64_t limit, obstacle_text_fn fn, void *ud,
                           dl_error *e)
{
    static const char *const sql =
        "SELECT o.id, o.created_at, o.category, o.actor_type, o.state, o.consequence, o.law_id,"
        " COALESCE(g.title, ''), o.what_happened, o.suggestion"
        " FROM obstacle o LEFT JOIN guide_item g ON g.id = o.law_id AND o.law_id <> ''"
        " WHERE o.created_at >= ? AND o.created_at < ? AND (o.created_at > ? OR (o.created_at = ? AND o.id > ?))"
        " ORDER BY o.created_at, o.id LIMIT ?";
    char last_at[40] = "";
    int64_t last_id = 0, done = 0;
    for (;;) {
        int64_t want = TEXT_PAGE;
        if (limit > 0 && limit - done < want) want = limit - done;
        if (want <= 0) return DL_OK;
        db_stmt *s = db_prepare(d, sql, e);
        if (!s) return e->code;
        db_bind_text(s, 1, p->from);
        db_bind_text(s, 2, p->until);
        db_bind_text(s, 3, last_at);
        db_bind_text(s, 4, last_at);
        db_bind_int(s, 5, last_id);
        db_bind_int(s, 6, want);
        int st = DB_DONE, got = 0, stop = 0;
        while (!stop && (st = db_step(s, e)) == DB_ROW) {
            obstacle_text_rec row = {
                .id = db_col_int(s, 0), .created_at = db_col_text(s, 1), .category = db_col_text(s, 2),
                .actor_type = db_col_text(s, 3), .state = db_col_text(s, 4), .consequence = db_col_text(s, 5),
                .law_id = db_col_text(s, 6), .law_title = db_col_text(s, 7), .what_happened = db_col_text(s, 8),
                .suggestion = db_col_text(s, 9),
            };
            snprintf(last_at, sizeof last_at, "%s", row.created_at);
            last_id = row.id;
            got++;
            if (fn(ud, &row) != 0) stop = 1;
        }
        db_stmt_done(s);
        if (stop) return DL_OK;
        if (st == DB_ERROR) return e->code;
        done += got;
        if (got < want) return DL_OK;
    }
}
