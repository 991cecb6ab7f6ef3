/* test_obstacle_report.c — store/obstacle_report.c on a small set made by
 * hand (the expected figures worked out by hand below), on SQLite and on
 * PostgreSQL: the period's bounds, the counts by every dimension (list
 * order, zeros, "none given", unknown keys), the ages of the open ones, the
 * outcomes, the texts walked a page at a time (ties on created_at broken by
 * id) — and the periods that are refused. */
#include "test.h"
#include "fixture.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "store/obstacle_report.h"
#include "store/obstacle_seed.h"

static int n_hash;

static void add(db *d, const char *created, const char *category, const char *actor, const char *state,
                const char *law, const char *consequence)
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "INSERT INTO obstacle(state, created_at, what_happened, category, actor_type, law_id, consequence,"
             " follow_token_hash) VALUES ('%s', '%s', 'Hände %s', '%s', '%s', '%s', '%s', 'h%d')",
             state, created, created, category, actor, law, consequence, ++n_hash);
    fixture_exec(d, sql);
}

/* Nine obstacles; seven in 2024 (the first and the last are just outside). */
static db *hand_made(void)
{
    db *d = fixture_store();
    add(d, "2023-12-31T23:59:59Z", "technical", "researcher", "received", "", "");             /* outside */
    add(d, "2024-01-01T00:00:00Z", "legal_interpretation", "researcher", "received", "osl", "delayed");
    add(d, "2024-01-15T10:00:00Z", "legal_interpretation", "authority", "received", "osl", "stopped");
    add(d, "2024-03-10T08:00:00Z", "technical", "", "received", "", "");
    add(d, "2024-03-20T08:00:00Z", "financial", "company", "received", "gdpr", "cost");
    add(d, "2024-06-01T09:00:00Z", "semantic", "other", "closed", "", "moved_abroad");
    add(d, "2024-07-01T12:00:00Z", "legal_interpretation", "researcher", "received", "", "delayed");
    add(d, "2024-12-31T23:59:59Z", "other", "patient_organisation", "received", "", "");
    add(d, "2025-01-01T00:00:00Z", "technical", "researcher", "received", "", "");             /* outside */
    return d;
}

static int64_t count_of(const obstacle_summary *s, obstacle_dim dim, const char *key)
{
    for (int i = 0; i < s->n_rows[dim]; i++)
        if (strcmp(s->rows[dim][i].key, key) == 0) return s->rows[dim][i].n;
    return -1; /* no row */
}

TEST(obstacle_report_counts_a_hand_made_set)
{
    db *d = hand_made();
    arena *a = arena_new(16384);
    obstacle_period p;
    dl_error e;
    CHECK_INT_EQ(obstacle_period_parse("2024-01-01", "2024-12-31", &p, &e), DL_OK);
    CHECK_STR_EQ(p.until, "2025-01-01");
    obstacle_summary s;
    int64_t now = clock_parse_iso_utc("2025-01-01T00:00:00Z");
    CHECK_INT_EQ(obstacle_summary_load(d, a, &p, now, &s, &e), DL_OK);
    CHECK_INT_EQ(s.total, 7);

    /* Categories: the seeded list in its order, zeros too, nothing else. */
    static const char *const seeded[] = {"legal_interpretation", "missing_legal_support", "technical", "semantic",
                                         "organisational", "financial", "ethical_review", "lead_times", "other"};
    CHECK_INT_EQ(s.n_rows[OD_CATEGORY], 9);
    static const int64_t by_category[] = {3, 0, 1, 1, 0, 1, 0, 0, 1};
    for (int i = 0; i < 9; i++) {
        CHECK_STR_EQ(s.rows[OD_CATEGORY][i].key, seeded[i]);
        CHECK_INT_EQ(s.rows[OD_CATEGORY][i].n, by_category[i]);
    }
    CHECK_STR_EQ(s.rows[OD_CATEGORY][0].label, "Tolkning av lagstiftning");
    CHECK_INT_EQ(s.rows[OD_CATEGORY][0].translate, 1);

    /* Actor types: one not given, shown after the list. */
    CHECK_INT_EQ(s.n_rows[OD_ACTOR_TYPE], OBSTACLE_ACTOR_TYPE__MAX + 1);
    CHECK_INT_EQ(count_of(&s, OD_ACTOR_TYPE, "researcher"), 2);
    CHECK_INT_EQ(count_of(&s, OD_ACTOR_TYPE, "data_holder"), 0);
    CHECK_INT_EQ(count_of(&s, OD_ACTOR_TYPE, "authority"), 1);
    CHECK_INT_EQ(count_of(&s, OD_ACTOR_TYPE, "company"), 1);
    CHECK_INT_EQ(count_of(&s, OD_ACTOR_TYPE, "patient_organisation"), 1);
    CHECK_INT_EQ(count_of(&s, OD_ACTOR_TYPE, "other"), 1);
    CHECK_STR_EQ(s.rows[OD_ACTOR_TYPE][OBSTACLE_ACTOR_TYPE__MAX].key, "");
    CHECK_STR_EQ(s.rows[OD_ACTOR_TYPE][OBSTACLE_ACTOR_TYPE__MAX].label, "Ej angiven");
    CHECK_INT_EQ(s.rows[OD_ACTOR_TYPE][OBSTACLE_ACTOR_TYPE__MAX].n, 1);

    /* Consequences. */
    CHECK_INT_EQ(count_of(&s, OD_CONSEQUENCE, "delayed"), 2);
    CHECK_INT_EQ(count_of(&s, OD_CONSEQUENCE, "stopped"), 1);
    CHECK_INT_EQ(count_of(&s, OD_CONSEQUENCE, "moved_abroad"), 1);
    CHECK_INT_EQ(count_of(&s, OD_CONSEQUENCE, "cost"), 1);
    CHECK_INT_EQ(count_of(&s, OD_CONSEQUENCE, "other"), 0);
    CHECK_INT_EQ(count_of(&s, OD_CONSEQUENCE, ""), 2);

    /* Laws: most first; no guide item here, so the id is the label. */
    CHECK_INT_EQ(s.n_rows[OD_LAW], 3);
    CHECK_STR_EQ(s.rows[OD_LAW][0].key, "");
    CHECK_INT_EQ(s.rows[OD_LAW][0].n, 4);
    CHECK_STR_EQ(s.rows[OD_LAW][0].label, "Ingen lag angiven");
    CHECK_STR_EQ(s.rows[OD_LAW][1].key, "osl");
    CHECK_INT_EQ(s.rows[OD_LAW][1].n, 2);
    CHECK_STR_EQ(s.rows[OD_LAW][2].label, "gdpr");
    CHECK_INT_EQ(s.rows[OD_LAW][2].n, 1);

    /* Years and months: every one of the period, zeros too. */
    CHECK_INT_EQ(s.n_rows[OD_YEAR], 1);
    CHECK_STR_EQ(s.rows[OD_YEAR][0].key, "2024");
    CHECK_INT_EQ(s.rows[OD_YEAR][0].n, 7);
    CHECK_INT_EQ(s.n_rows[OD_MONTH], 12);
    static const int64_t by_month[12] = {2, 0, 2, 0, 0, 1, 1, 0, 0, 0, 0, 1};
    for (int m = 0; m < 12; m++) {
        char key[24];
        snprintf(key, sizeof key, "2024-%02d", m + 1);
        CHECK_STR_EQ(s.rows[OD_MONTH][m].key, key);
        CHECK_INT_EQ(s.rows[OD_MONTH][m].n, by_month[m]);
    }

    /* States, outcomes and ages, for whatever list core/obstacle.h holds:
     * "closed" is an outcome when the list has it, else an unknown key. */
    CHECK_INT_EQ(count_of(&s, OD_STATE, "received"), 6);
    obstacle_state closed;
    if (obstacle_state_from_key("closed", &closed) == 0) {
        CHECK_INT_EQ(s.n_rows[OD_STATE], OBSTACLE_STATE__MAX);
        CHECK_INT_EQ(s.closed, 1);
        CHECK_INT_EQ(s.outcome[closed], 1);
        CHECK_INT_EQ(s.open, 6);
        /* Open: 366, 351, 296, 286, 183 and 0 days: the median (296 + 286) / 2. */
        CHECK_INT_EQ(s.median_age_days, 291);
    } else {
        CHECK_INT_EQ(s.n_rows[OD_STATE], OBSTACLE_STATE__MAX + 1);
        CHECK_INT_EQ(count_of(&s, OD_STATE, "closed"), 1);
        CHECK_INT_EQ(s.rows[OD_STATE][OBSTACLE_STATE__MAX].translate, 0);
        CHECK_INT_EQ(s.closed, 0);
        CHECK_INT_EQ(s.open, 7);
        /* Open: 366, 351, 296, 286, 213, 183 and 0 days. */
        CHECK_INT_EQ(s.median_age_days, 286);
    }
    CHECK_INT_EQ(s.oldest_age_days, 366);
    CHECK_INT_EQ(s.oldest_id, fixture_int(d, "SELECT id FROM obstacle WHERE created_at = '2024-01-01T00:00:00Z'"));

    /* A period with nothing in it. */
    CHECK_INT_EQ(obstacle_period_parse("2020-02-01", "2020-02-29", &p, &e), DL_OK);
    CHECK_INT_EQ(obstacle_summary_load(d, a, &p, now, &s, &e), DL_OK);
    CHECK_INT_EQ(s.total, 0);
    CHECK_INT_EQ(s.open, 0);
    CHECK_INT_EQ(s.median_age_days, -1);
    CHECK_INT_EQ(s.oldest_age_days, -1);
    CHECK_INT_EQ(s.n_rows[OD_MONTH], 1);
    CHECK_INT_EQ(s.n_rows[OD_LAW], 0);
    arena_free(a);
    db_close(d);
}

typedef struct seen {
    int n;
    int64_t last_id;
    char last_at[32];
    int out_of_order;
} seen;

static int visit(void *ud, const obstacle_text_rec *o)
{
    seen *s = ud;
    int cmp = strcmp(o->created_at, s->last_at);
    if (s->n && (cmp < 0 || (cmp == 0 && o->id <= s->last_id))) s->out_of_order++;
    snprintf(s->last_at, sizeof s->last_at, "%s", o->created_at);
    s->last_id = o->id;
    s->n++;
    return 0;
}

static int stop_at_3(void *ud, const obstacle_text_rec *o)
{
    (void)o;
    return ++((seen *)ud)->n == 3;
}

TEST(obstacle_report_texts_in_pages)
{
    db *d = hand_made();
    obstacle_period p;
    dl_error e;
    CHECK_INT_EQ(obstacle_period_parse("2024-01-01", "2024-12-31", &p, &e), DL_OK);
    seen s = {0};
    CHECK_INT_EQ(obstacle_texts_each(d, &p, 0, visit, &s, &e), DL_OK);
    CHECK_INT_EQ(s.n, 7);
    CHECK_INT_EQ(s.out_of_order, 0);
    CHECK_STR_EQ(s.last_at, "2024-12-31T23:59:59Z");
    seen lim = {0};
    CHECK_INT_EQ(obstacle_texts_each(d, &p, 4, visit, &lim, &e), DL_OK);
    CHECK_INT_EQ(lim.n, 4);
    seen stop = {0};
    CHECK_INT_EQ(obstacle_texts_each(d, &p, 0, stop_at_3, &stop, &e), DL_OK);
    CHECK_INT_EQ(stop.n, 3);

    /* 1,234 on one second (more than two pages of 500): each once, by id. */
    static obstacle_seed_rec rows[1000];
    for (int i = 0; i < 1000; i++) {
        rows[i] = (obstacle_seed_rec){.state = "received", .created_at = "2024-05-05T05:05:05Z",
                                      .what_happened = "Samma sekund", .category = "other"};
        snprintf(rows[i].token_hash, sizeof rows[i].token_hash, "seed%d", i);
    }
    CHECK_INT_EQ(obstacle_seed_batch(d, rows, 1000, &e), DL_OK);
    for (int i = 0; i < 234; i++) snprintf(rows[i].token_hash, sizeof rows[i].token_hash, "more%d", i);
    CHECK_INT_EQ(obstacle_seed_batch(d, rows, 234, &e), DL_OK);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM obstacle"), 9 + 1234);
    seen all = {0};
    CHECK_INT_EQ(obstacle_texts_each(d, &p, 0, visit, &all, &e), DL_OK);
    CHECK_INT_EQ(all.n, 7 + 1234);
    CHECK_INT_EQ(all.out_of_order, 0);
    /* A batch that breaks a rule writes nothing. */
    snprintf(rows[1].token_hash, sizeof rows[1].token_hash, "seed5"); /* taken */
    CHECK(obstacle_seed_batch(d, rows, 60, &e) != DL_OK);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM obstacle"), 9 + 1234);
    CHECK_INT_EQ(obstacle_seed_batch(d, rows, 0, &e), DL_EINVAL);
    db_close(d);
}

TEST(obstacle_report_periods_refused)
{
    obstacle_period p;
    dl_error e;
    CHECK_INT_EQ(obstacle_period_parse("2025-02-29", "2025-03-01", &p, &e), DL_EINVAL);
    CHECK(strstr(e.msg, "första dag") != NULL);
    CHECK_INT_EQ(obstacle_period_parse("2025-01-01", "2025-1-31", &p, &e), DL_EINVAL);
    CHECK(strstr(e.msg, "sista dag") != NULL);
    CHECK_INT_EQ(obstacle_period_parse("2025-03-01", "2025-02-28", &p, &e), DL_EINVAL);
    CHECK(strstr(e.msg, "före den första") != NULL);
    CHECK_INT_EQ(obstacle_period_parse("2000-01-01", "2099-12-31", &p, &e), DL_EINVAL);
    CHECK(strstr(e.msg, "för lång") != NULL);
    CHECK_INT_EQ(obstacle_period_parse(NULL, "2025-01-01", &p, &e), DL_EINVAL);
    CHECK_INT_EQ(obstacle_period_parse("", "", &p, &e), DL_EINVAL);
    CHECK_INT_EQ(obstacle_period_parse("2025-01-01'--", "2025-01-02", &p, &e), DL_EINVAL);
    CHECK_INT_EQ(obstacle_period_parse("2024-02-29", "2024-02-29", &p, &e), DL_OK);
    CHECK_STR_EQ(p.from, "2024-02-29");
    CHECK_STR_EQ(p.until, "2024-03-01");
    CHECK_INT_EQ(obstacle_period_parse("2024-12-31", "2024-12-31", &p, &e), DL_OK);
    CHECK_STR_EQ(p.until, "2025-01-01");
}
