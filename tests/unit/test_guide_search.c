/* test_guide_search.c — the knowledge guide's ranked search
 * (store/guide.c over db/dialect.c's dialect_ranked_hits and
 * dialect_search_facets, and on SQLite db/search_rank.c's title_first), on
 * SQLite and on PostgreSQL, with the expected order written out by hand:
 * an item whose title holds every word first, the shortest such title
 * first, then the text's relevance; facet counts per type; a type filter;
 * the other orders; paging. */
#include "test.h"
#include "fixture.h"

#include "core/arena.h"
#include "core/content.h"
#include "store/guide.h"

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
