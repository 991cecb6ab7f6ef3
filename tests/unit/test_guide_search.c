/* test_guide_search.c — the knowledge guide's ranked search
 * (store/guide.c over db/dialect.c's dialect_ranked_hits and
 * dialect_search_facets, and on SQLite db/search_rank.c's title_first), on
 * SQLite and on PostgreSQL, with the expected order written out by hand:
 * an item whose title holds every word first, the shortest such title
 * first, then the text's relevance; facet counts per type; a type filter;
 * the other orders; paging; the facets (store/guide_facets.c) narrowing
 * and counting a search and the directory. */
#include "test.h"
#include "fixture.h"

#include "core/arena.h"
#include "core/content.h"
#include "store/guide.h"
#include "store/guide_facets.h"
#include "store/guide_seed.h"
#include "web/handlers/guide_fields.h"

#include <stdio.h>
#include <string.h>

static void item(db *d, const char *id, const char *type, const char *title, const char *title_en, const char *summary,
                 const char *reviewed)
{
    db_stmt *s;
    dl_error e;
    s = db_prepare(d, "INSERT INTO guide_item(id, area, type, title, title_en, summary, summary_en, categories, reviewed,"
                      " responsible, body, latest_version, published_version, updated_at)"
                      " VALUES (?, 'test', ?, ?, ?, ?, 'A test item.', 'prov', ?, 'redaktör', 'Text.', 1, 1,"
                      " '2026-01-01T00:00:00Z')", &e);
    CHECK(s != NULL);
    if (!s) return;
    db_bind_text(s, 1, id);
    db_bind_text(s, 2, type);
    db_bind_text(s, 3, title);
    db_bind_text(s, 4, title_en);
    db_bind_text(s, 5, summary);
    db_bind_text(s, 6, reviewed);
    CHECK_INT_EQ(db_step(s, &e), DB_DONE);
    db_stmt_done(s);
}

/* The ids found, joined by spaces. */
static const char *found(db *d, arena *a, const char *typed, const char *type, int order, int offset, int max,
                         int by_type[])
{
    guide_item out[10];
    int n = 0, words = 0, scratch[64];
    dl_error e;
    if (guide_search_page(d, a, typed, type, order, offset, out, max, &n, by_type ? by_type : scratch, &words, &e) !=
        DL_OK)
        return arena_strdup(a, e.msg);
    char *s = arena_alloc(a, 512);
    size_t len = 0;
    s[0] = '\0';
    for (int i = 0; i < n && len < 480; i++) len += (size_t)snprintf(s + len, 512 - len, "%s%s", i ? " " : "", out[i].id);
    return s;
}

static int type_index(const char *type)
{
    for (int k = 0; content_types[k]; k++)
        if (strcmp(content_types[k], type) == 0) return k;
    return -1;
}

TEST(guide_search_ranks_titles_first_then_text)
{
    db *d = fixture_store();
    arena *a = arena_new(1 << 16);
    item(d, "pat", "register", "Patientregistret", "The National Patient Register",
         "Diagnoser vid diabetes och annat i specialiserad vård.", "2026-03-01");
    item(d, "dia-pv", "dataset", "Diabetes i primärvården", "Diabetes in primary care", "Besök i primärvården.",
         "2026-01-01");
    item(d, "dia", "dataset", "Diabetes", "Diabetes", "Om diabetes.", "2025-12-01");
    item(d, "guide", "guide", "Guide till registren", "A guide to the registers",
         "Diabetes, diabetes och åter diabetes: registren om diabetes.", "2026-02-01");
    item(d, "annat", "law", "Patientdatalagen", "The Patient Data Act", "Om journaler.", "2026-04-01");

    /* Title hits first, the shortest title first; then the text's relevance
     * (the guide mentions the word four times, the register once). */
    CHECK_STR_EQ(found(d, a, "diabetes", "", GUIDE_BY_RELEVANCE, 0, 10, NULL), "dia dia-pv guide pat");
    CHECK_STR_EQ(found(d, a, "DIABETES primärvård", "", GUIDE_BY_RELEVANCE, 0, 10, NULL), "dia-pv");
    /* A word in the English title is a title hit too. */
    CHECK_STR_EQ(found(d, a, "national", "", GUIDE_BY_RELEVANCE, 0, 10, NULL), "pat");
    /* Paging: the second and third of the ranked list. */
    CHECK_STR_EQ(found(d, a, "diabetes", "", GUIDE_BY_RELEVANCE, 1, 2, NULL), "dia-pv guide");
    /* A type filter keeps the rank. */
    CHECK_STR_EQ(found(d, a, "diabetes", "dataset", GUIDE_BY_RELEVANCE, 0, 10, NULL), "dia dia-pv");
    CHECK_STR_EQ(found(d, a, "diabetes", "law", GUIDE_BY_RELEVANCE, 0, 10, NULL), "");
    /* By name and by date (newest review first). */
    CHECK_STR_EQ(found(d, a, "diabetes", "", GUIDE_BY_TITLE, 0, 10, NULL), "dia dia-pv guide pat");
    CHECK_STR_EQ(found(d, a, "diabetes", "", GUIDE_BY_DATE, 0, 10, NULL), "pat guide dia-pv dia");
    CHECK_STR_EQ(found(d, a, "diabetes", "", GUIDE_BY_DATE, 3, 10, NULL), "dia");
    /* Facet counts: every hit, whatever the filter. */
    int by_type[64];
    CHECK_STR_EQ(found(d, a, "diabetes", "guide", GUIDE_BY_RELEVANCE, 0, 10, by_type), "guide");
    CHECK_INT_EQ(by_type[type_index("dataset")], 2);
    CHECK_INT_EQ(by_type[type_index("register")], 1);
    CHECK_INT_EQ(by_type[type_index("guide")], 1);
    CHECK_INT_EQ(by_type[type_index("law")], 0);
    /* Nothing searchable, hostile syntax: no result, no error. */
    CHECK_STR_EQ(found(d, a, "", "", GUIDE_BY_RELEVANCE, 0, 10, NULL), "");
    CHECK_STR_EQ(found(d, a, "\"; DROP TABLE guide_item; -- OR *", "", GUIDE_BY_RELEVANCE, 0, 10, NULL), "");
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM guide_item"), 5);
    arena_free(a);
    db_close(d);
}

/* A facet row as import and publish write them (store/guide_facets.c). */
static void facet_rows(db *d, const char *id, const char *source)
{
    content_item it = {0};
    dl_error e;
    CHECK(content_parse(source, strlen(source), &it));
    CHECK_INT_EQ(db_begin(d, &e), DL_OK);
    CHECK_INT_EQ(guide_facets_set_in_tx(d, id, &it, &e), DL_OK);
    CHECK_INT_EQ(db_commit(d, &e), DL_OK);
    content_item_free(&it);
}

static int facet_count(const guide_facet_counts *fc, guide_facet f, const char *value)
{
    for (int i = 0; i < fc->n[f]; i++)
        if (strcmp(fc->values[f][i].value, value) == 0) return fc->values[f][i].count;
    return -1;
}

TEST(guide_find_narrows_and_counts_by_facets)
{
    db *d = fixture_store();
    arena *a = arena_new(1 << 16);
    item(d, "region-x", "region", "Region X", "Region X", "En region.", "2026-01-01");
    item(d, "gdpr", "law", "Dataskyddsförordningen", "GDPR", "Om personuppgifter.", "2026-01-01");
    item(d, "dt-journal", "data-type", "Journaldata", "Patient records", "Om journaler.", "2026-01-01");
    item(d, "kvreg", "quality-register", "Diabetesregistret", "The diabetes register", "Om diabetes.", "2026-01-01");
    item(d, "journal-x", "dataset", "Journaler i Region X", "Records in Region X", "Om diabetes i journaler.", "2026-01-01");
    facet_rows(d, "kvreg", "---\ncategories: kvalitetsregister, diabetes\nholder: region-x\nrelated: gdpr\n---\nText.\n");
    facet_rows(d, "journal-x", "---\ncategories: journaldata, diabetes\nholder: region-x\n"
                               "related: region-x, dt-journal, gdpr, kvreg\n---\nText.\n");
    /* The holder that is a region counts once for the region, whether or not it is related too. */
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM guide_facet WHERE kind = 'region'"), 2);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM guide_facet WHERE kind = 'law' AND value = 'gdpr'"), 2);

    guide_facet_counts *fc = arena_alloc(a, sizeof *fc);
    guide_item out[10];
    int n = 0, words = 0, by_type[64];
    dl_error e;
    guide_find_query q = {.typed = "diabetes"};
    CHECK_INT_EQ(guide_find(d, a, &q, out, 10, &n, by_type, fc, &words, NULL, &e), DL_OK);
    CHECK_INT_EQ(n, 2);
    CHECK_INT_EQ(facet_count(fc, GF_CATEGORY, "diabetes"), 2);
    CHECK_INT_EQ(facet_count(fc, GF_CATEGORY, "journaldata"), 1);
    CHECK_INT_EQ(facet_count(fc, GF_HOLDER, "region-x"), 2);
    CHECK_INT_EQ(facet_count(fc, GF_REGION, "region-x"), 2);
    CHECK_INT_EQ(facet_count(fc, GF_DATA_TYPE, "dt-journal"), 1);
    CHECK_INT_EQ(facet_count(fc, GF_LAW, "gdpr"), 2);
    CHECK_INT_EQ(facet_count(fc, GF_LAW, "kvreg"), -1); /* a related register is no law */
    CHECK_STR_EQ(fc->values[GF_LAW][0].title, "Dataskyddsförordningen");
    CHECK_STR_EQ(fc->values[GF_CATEGORY][0].value, "diabetes"); /* most hits first */

    /* Narrowed by a data type: one hit, and the counts follow it. */
    q.facet[GF_DATA_TYPE] = "dt-journal";
    CHECK_INT_EQ(guide_find(d, a, &q, out, 10, &n, by_type, fc, &words, NULL, &e), DL_OK);
    CHECK_INT_EQ(n, 1);
    CHECK_STR_EQ(out[0].id, "journal-x");
    CHECK_INT_EQ(facet_count(fc, GF_CATEGORY, "diabetes"), 1);
    /* Two facets at once: both must hold. */
    q.facet[GF_CATEGORY] = "kvalitetsregister";
    CHECK_INT_EQ(guide_find(d, a, &q, out, 10, &n, by_type, fc, &words, NULL, &e), DL_OK);
    CHECK_INT_EQ(n, 0);

    /* The directory (nothing typed), narrowed by a law, by name. */
    guide_find_query dir = {.facet = {[GF_LAW] = "gdpr"}, .order = GUIDE_BY_TITLE};
    CHECK_INT_EQ(guide_find(d, a, &dir, out, 10, &n, by_type, fc, &words, NULL, &e), DL_OK);
    CHECK_INT_EQ(n, 2);
    CHECK_STR_EQ(out[0].id, "kvreg");
    CHECK_STR_EQ(out[1].id, "journal-x");
    CHECK_INT_EQ(words, 0);
    /* A value no item has, and a hostile one: nothing, no error. */
    guide_find_query none = {.facet = {[GF_HOLDER] = "'); DROP TABLE guide_facet; --"}};
    CHECK_INT_EQ(guide_find(d, a, &none, out, 10, &n, by_type, fc, &words, NULL, &e), DL_OK);
    CHECK_INT_EQ(n, 0);
    CHECK(fixture_int(d, "SELECT COUNT(*) FROM guide_facet") > 0);

    /* Publishing anew replaces an item's rows. */
    facet_rows(d, "kvreg", "---\ncategories: kvalitetsregister\n---\nText.\n");
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM guide_facet f JOIN guide_item i ON i.seq = f.seq"
                                " WHERE i.id = 'kvreg'"), 1);
    arena_free(a);
    db_close(d);
}

TEST(guide_facet_parameters_match_the_query_table)
{
    for (int f = 0; f < GF__MAX; f++) CHECK_STR_EQ(guide_query[guide_facet_query[f]].name, guide_facet_param((guide_facet)f));
}

/* More hits than GUIDE_RANKED_MAX: the first of them, in key order, are
 * ranked, paged and counted; "more than" is said; a facet that narrows the
 * hits below the limit counts them exactly again. */
TEST(guide_find_caps_very_many_hits)
{
    db *d = fixture_store();
    arena *a = arena_new(1 << 20);
    dl_error e;
    CHECK_INT_EQ(guide_seed_datasets(d, GUIDE_RANKED_MAX + 5, 11, &e), DL_OK);
    guide_facet_counts *fc = arena_alloc(a, sizeof *fc);
    guide_item out[10];
    int n = 0, words = 0, by_type[64];
    int64_t matched = 0;
    guide_find_query q = {.typed = "genererad"};
    CHECK_INT_EQ(guide_find(d, a, &q, out, 10, &n, by_type, fc, &words, &matched, &e), DL_OK);
    CHECK_INT_EQ(matched, GUIDE_RANKED_MAX + 1);
    CHECK_INT_EQ(n, 10);
    CHECK_INT_EQ(by_type[type_index("dataset")], GUIDE_RANKED_MAX);
    CHECK_INT_EQ(facet_count(fc, GF_CATEGORY, "genererad"), GUIDE_RANKED_MAX);
    q.offset = GUIDE_RANKED_MAX - 4; /* the last page of the ranked ones */
    CHECK_INT_EQ(guide_find(d, a, &q, out, 10, &n, by_type, fc, &words, &matched, &e), DL_OK);
    CHECK_INT_EQ(n, 4);
    /* Narrowed by a topic: fewer than the limit, counted exactly. */
    int64_t want = fixture_int(d, "SELECT COUNT(*) FROM guide_facet WHERE kind = 'category' AND value = 'diabetes'");
    CHECK(want > 0 && want < GUIDE_RANKED_MAX);
    guide_find_query topic = {.typed = "genererad", .facet = {[GF_CATEGORY] = "diabetes"}};
    CHECK_INT_EQ(guide_find(d, a, &topic, out, 10, &n, by_type, fc, &words, &matched, &e), DL_OK);
    CHECK_INT_EQ(matched, want);
    CHECK_INT_EQ(facet_count(fc, GF_CATEGORY, "diabetes"), want);
    /* By name, the capped hits are still the same set, in title order. */
    guide_find_query by_name = {.typed = "genererad", .order = GUIDE_BY_TITLE};
    CHECK_INT_EQ(guide_find(d, a, &by_name, out, 10, &n, by_type, NULL, &words, &matched, &e), DL_OK);
    CHECK_INT_EQ(n, 10);
    for (int i = 1; i < n; i++) CHECK(strcmp(out[i - 1].title, out[i].title) <= 0);
    arena_free(a);
    db_close(d);
}
