/* test_obstacle_register.c — store/obstacle_register.c on a small set made
 * by hand (the expected figures worked out by hand below), on SQLite and on
 * PostgreSQL: only published obstacles, each filter, the word searched for
 * (case, LIKE's own characters), paging, one by id (404 for one not
 * published), the feed's order, the counts per filter value — and that
 * nothing of the report as sent (what happened, data, actors, suggestion,
 * e-mail) ever comes back. */
#include "test.h"
#include "fixture.h"

#include <stdio.h>
#include <string.h>

#include "store/obstacle_register.h"

static int n_hash;

/* An obstacle whose private texts all carry "HEMLIG"; published at pub
 * with public text text when pub is not "". */
static void add(db *d, const char *created, const char *category, const char *actor, const char *state,
                const char *law, const char *pub, const char *text)
{
    char sql[2048];
    n_hash++;
    snprintf(sql, sizeof sql,
             "INSERT INTO obstacle(state, created_at, what_happened, data_concerned, actors, category, actor_type,"
             " law_id, consequence, suggestion, about_page, reporter_email, follow_token_hash, public_text,"
             " public_suggestion, published_at) VALUES ('%s', '%s', 'HEMLIG vad %d', 'HEMLIG data', 'HEMLIG aktor',"
             " '%s', '%s', '%s', 'delayed', 'HEMLIG forslag', '/HEMLIG', 'hemlig@HEMLIG.se', 'h%d', '%s',"
             " '%s', '%s')",
             state, created, n_hash, category, actor, law, n_hash, text, *pub ? "Publikt förslag" : "", pub);
    fixture_exec(d, sql);
}

/* Seven obstacles, five published (ids 1, 2, 4, 5, 7). */
static db *hand_made(void)
{
    db *d = fixture_store();
    fixture_exec(d, "INSERT INTO guide_item(id, area, type, title, title_en, summary, summary_en, categories,"
                    " reviewed, responsible, body, latest_version, published_version, updated_at) VALUES"
                    " ('osl', 'lag', 'law', 'Offentlighets- och sekretesslagen', 'OSL', '', '', '', '2026-01-01', '',"
                    " '', 1, 1, '2026-01-01T00:00:00Z')");
    add(d, "2024-01-10T10:00:00Z", "technical", "researcher", "received", "osl", "2024-01-12T08:00:00Z",
        "Registret gick inte att läsa ut.");
    add(d, "2024-05-01T10:00:00Z", "technical", "authority", "received", "", "2024-06-01T08:00:00Z",
        "Etikprövningen tog 100% för lång tid");
    add(d, "2024-06-01T10:00:00Z", "technical", "researcher", "received", "osl", "", "");
    add(d, "2025-02-01T10:00:00Z", "financial", "researcher", "received", "osl", "2025-02-03T08:00:00Z",
        "Avgiften var för hög för REGISTRET.");
    add(d, "2025-03-01T10:00:00Z", "legal_interpretation", "", "received", "", "2025-01-01T08:00:00Z",
        "Tolkningen av 25_kap skilde sig åt.");
    add(d, "2025-04-01T10:00:00Z", "financial", "company", "received", "", "", "");
    add(d, "2026-01-01T10:00:00Z", "financial", "company", "received", "osl", "2026-01-02T08:00:00Z",
        "Ingen svarade.");
    return d;
}

/* No text of any row holds the private marker. */
static void check_public_only(const obstacle_public *o)
{
    const char *v[] = {o->created_at, o->published_at, o->state, o->category, o->actor_type, o->consequence,
                       o->law_id, o->law_title, o->public_text, o->public_suggestion};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        CHECK(v[i] != NULL);
        CHECK_NOT_CONTAINS(v[i], "HEMLIG");
    }
}

/* The list under f holds want rows, the newest want_first (0: not checked). */
static void list_is(db *d, arena *a, obstacle_register_filter f, int64_t want, int64_t want_first)
{
    obstacle_public rows[10];
    int n = 0;
    int64_t total = -1;
    dl_error e;
    CHECK_INT_EQ(obstacle_register_list(d, a, &f, 10, 0, rows, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(n, total); /* fewer than a page here */
    CHECK_INT_EQ(total, want);
    for (int i = 0; i < n; i++) check_public_only(&rows[i]);
    if (want_first) CHECK_INT_EQ(n ? rows[0].id : 0, want_first);
}

TEST(obstacle_register_lists_only_published_with_filters)
{
    db *d = hand_made();
    arena *a = arena_new(16384);
    obstacle_register_filter all = {0};
    list_is(d, a, all, 5, 7);

    list_is(d, a, (obstacle_register_filter){.category = "technical"}, 2, 2);
    list_is(d, a, (obstacle_register_filter){.category = "financial"}, 2, 0);
    list_is(d, a, (obstacle_register_filter){.category = "semantic"}, 0, 0);
    list_is(d, a, (obstacle_register_filter){.actor_type = "researcher"}, 2, 0);
    list_is(d, a, (obstacle_register_filter){.actor_type = "company"}, 1, 0);
    list_is(d, a, (obstacle_register_filter){.state = "received"}, 5, 0);
    list_is(d, a, (obstacle_register_filter){.state = "closed"}, 0, 0);
    list_is(d, a, (obstacle_register_filter){.law_id = "osl"}, 3, 0);
    list_is(d, a, (obstacle_register_filter){.year = 2024}, 2, 0);
    list_is(d, a, (obstacle_register_filter){.year = 2025}, 2, 5);
    list_is(d, a, (obstacle_register_filter){.year = 2023}, 0, 0);
    list_is(d, a, (obstacle_register_filter){.law_id = "osl", .year = 2025}, 1, 4);

    /* The word: any case for A–Z, LIKE's % and _ as themselves, nothing private. */
    list_is(d, a, (obstacle_register_filter){.q = "registret"}, 2, 0);
    list_is(d, a, (obstacle_register_filter){.q = "REGISTRET"}, 2, 0);
    list_is(d, a, (obstacle_register_filter){.q = "100%"}, 1, 2);
    list_is(d, a, (obstacle_register_filter){.q = "%"}, 1, 0);
    list_is(d, a, (obstacle_register_filter){.q = "25_kap"}, 1, 0);
    list_is(d, a, (obstacle_register_filter){.q = "25xkap"}, 0, 0);
    list_is(d, a, (obstacle_register_filter){.q = "HEMLIG"}, 0, 0);
    list_is(d, a, (obstacle_register_filter){.q = "registret", .category = "financial"}, 1, 0);
    arena_free(a);
    db_close(d);
}

TEST(obstacle_register_pages_and_one_by_id)
{
    db *d = hand_made();
    arena *a = arena_new(16384);
    dl_error e;
    obstacle_public rows[2];
    int n = 0;
    int64_t total = 0;
    obstacle_register_filter all = {0};
    CHECK_INT_EQ(obstacle_register_list(d, a, &all, 2, 2, rows, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(total, 5);
    CHECK_INT_EQ(n, 2);
    CHECK_INT_EQ(rows[0].id, 4);
    CHECK_INT_EQ(rows[1].id, 2);
    CHECK_INT_EQ(obstacle_register_list(d, a, &all, 2, 4, rows, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(n, 1);
    CHECK_INT_EQ(rows[0].id, 1);
    CHECK_INT_EQ(obstacle_register_list(d, a, &all, 2, 6, rows, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(n, 0);
    CHECK_INT_EQ(obstacle_register_list(d, a, &all, 0, 0, rows, &n, &total, &e), DL_EINVAL);
    CHECK_INT_EQ(obstacle_register_list(d, a, &all, 101, 0, rows, &n, &total, &e), DL_EINVAL);

    obstacle_public o;
    CHECK_INT_EQ(obstacle_register_get(d, a, 1, &o, &e), DL_OK);
    check_public_only(&o);
    CHECK_STR_EQ(o.public_text, "Registret gick inte att läsa ut.");
    CHECK_STR_EQ(o.public_suggestion, "Publikt förslag");
    CHECK_STR_EQ(o.law_id, "osl");
    CHECK_STR_EQ(o.law_title, "Offentlighets- och sekretesslagen");
    CHECK_STR_EQ(o.category, "technical");
    CHECK_STR_EQ(o.consequence, "delayed");
    CHECK_INT_EQ(obstacle_register_get(d, a, 3, &o, &e), DL_ENOTFOUND); /* not published */
    CHECK_INT_EQ(obstacle_register_get(d, a, 99, &o, &e), DL_ENOTFOUND);
    /* taken out of the register: gone from it, its texts kept */
    fixture_exec(d, "UPDATE obstacle SET published_at = '' WHERE id = 1");
    CHECK_INT_EQ(obstacle_register_get(d, a, 1, &o, &e), DL_ENOTFOUND);
    CHECK_INT_EQ(obstacle_register_list(d, a, &all, 2, 0, rows, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(total, 4);

    obstacle_public_step steps[OBSTACLE_PUBLIC_STEPS_MAX];
    CHECK_INT_EQ(obstacle_register_get(d, a, 2, &o, &e), DL_OK);
    CHECK_INT_EQ(obstacle_register_history(d, a, &o, steps, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 2);
    CHECK_STR_EQ(steps[0].what, "received");
    CHECK_STR_EQ(steps[0].at, "2024-05-01T10:00:00Z");
    CHECK_STR_EQ(steps[1].what, "published");
    CHECK_STR_EQ(steps[1].at, "2024-06-01T08:00:00Z");
    arena_free(a);
    db_close(d);
}

TEST(obstacle_register_feed_newest_published_first)
{
    db *d = hand_made();
    arena *a = arena_new(16384);
    dl_error e;
    obstacle_public rows[10];
    int n = 0;
    CHECK_INT_EQ(obstacle_register_newest(d, a, 10, rows, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 5);
    /* by published_at: 7 (2026-01-02), 4 (2025-02-03), 5 (2025-01-01), 2, 1 */
    static const int64_t order[] = {7, 4, 5, 2, 1};
    for (int i = 0; i < n; i++) {
        CHECK_INT_EQ(rows[i].id, order[i]);
        check_public_only(&rows[i]);
    }
    CHECK_INT_EQ(obstacle_register_newest(d, a, 2, rows, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 2);
    arena_free(a);
    db_close(d);
}

static int64_t facet(const obstacle_register_facets *fc, obstacle_facet_dim dim, const char *value)
{
    for (int i = 0; i < fc->n_rows[dim]; i++)
        if (strcmp(fc->rows[dim][i].value, value) == 0) return fc->rows[dim][i].n;
    return 0;
}

TEST(obstacle_register_counts_per_filter_value)
{
    db *d = hand_made();
    arena *a = arena_new(16384);
    dl_error e;
    obstacle_register_facets fc;
    obstacle_register_filter all = {0};
    CHECK_INT_EQ(obstacle_register_facets_load(d, a, &all, &fc, &e), DL_OK);
    CHECK_INT_EQ(fc.total, 5);
    CHECK_INT_EQ(fc.n_rows[OF_CATEGORY], 3);
    CHECK_INT_EQ(facet(&fc, OF_CATEGORY, "technical"), 2);
    CHECK_INT_EQ(facet(&fc, OF_CATEGORY, "financial"), 2);
    CHECK_INT_EQ(facet(&fc, OF_CATEGORY, "legal_interpretation"), 1);
    CHECK_INT_EQ(facet(&fc, OF_ACTOR_TYPE, "researcher"), 2);
    CHECK_INT_EQ(facet(&fc, OF_ACTOR_TYPE, ""), 1);
    CHECK_INT_EQ(facet(&fc, OF_STATE, "received"), 5);
    CHECK_INT_EQ(facet(&fc, OF_LAW, "osl"), 3);
    CHECK_INT_EQ(facet(&fc, OF_LAW, ""), 2);
    CHECK_INT_EQ(fc.rows[OF_LAW][0].n, 3); /* most first */
    CHECK_STR_EQ(fc.rows[OF_LAW][0].label, "Offentlighets- och sekretesslagen");
    CHECK_INT_EQ(fc.n_rows[OF_YEAR], 3);
    CHECK_STR_EQ(fc.rows[OF_YEAR][0].value, "2024");
    CHECK_INT_EQ(facet(&fc, OF_YEAR, "2024"), 2);
    CHECK_INT_EQ(facet(&fc, OF_YEAR, "2026"), 1);

    /* With a category chosen: the other lists count within it, its own list does not. */
    obstacle_register_filter fin = {.category = "financial"};
    CHECK_INT_EQ(obstacle_register_facets_load(d, a, &fin, &fc, &e), DL_OK);
    CHECK_INT_EQ(facet(&fc, OF_CATEGORY, "technical"), 2);
    CHECK_INT_EQ(facet(&fc, OF_YEAR, "2024"), 0);
    CHECK_INT_EQ(facet(&fc, OF_YEAR, "2025"), 1);
    CHECK_INT_EQ(facet(&fc, OF_ACTOR_TYPE, "company"), 1);
    CHECK_INT_EQ(facet(&fc, OF_LAW, "osl"), 2);
    CHECK_INT_EQ(fc.total, 2);

    /* A law and a year: the year list counts the law's obstacles of every year. */
    obstacle_register_filter law_year = {.law_id = "osl", .year = 2025};
    CHECK_INT_EQ(obstacle_register_facets_load(d, a, &law_year, &fc, &e), DL_OK);
    CHECK_INT_EQ(fc.total, 1);
    CHECK_INT_EQ(facet(&fc, OF_YEAR, "2024"), 1);
    CHECK_INT_EQ(facet(&fc, OF_YEAR, "2025"), 1);
    CHECK_INT_EQ(facet(&fc, OF_YEAR, "2026"), 1);
    CHECK_INT_EQ(facet(&fc, OF_LAW, "osl"), 1);
    CHECK_INT_EQ(facet(&fc, OF_LAW, ""), 1);
    CHECK_INT_EQ(facet(&fc, OF_CATEGORY, "financial"), 1);
    CHECK_INT_EQ(facet(&fc, OF_CATEGORY, "technical"), 0);

    /* The word applies to every list. */
    obstacle_register_filter word = {.q = "registret"};
    CHECK_INT_EQ(obstacle_register_facets_load(d, a, &word, &fc, &e), DL_OK);
    CHECK_INT_EQ(fc.total, 2);
    CHECK_INT_EQ(facet(&fc, OF_CATEGORY, "technical"), 1);
    CHECK_INT_EQ(facet(&fc, OF_CATEGORY, "financial"), 1);
    CHECK_INT_EQ(facet(&fc, OF_CATEGORY, "legal_interpretation"), 0);
    arena_free(a);
    db_close(d);
}
