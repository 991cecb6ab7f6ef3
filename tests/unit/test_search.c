/* test_search.c — full-text search over the diary (src/db/dialect.c builds
 * the per-store pieces, src/store/diary.c uses them), on SQLite and on
 * PostgreSQL: words as prefixes, all required, case-insensitive, Swedish
 * letters, never the text of confidential entries, exact diary numbers,
 * and typed search syntax that cannot get through. */
#include "test.h"
#include "fixture.h"

#include "core/clock.h"
#include "db/dialect.h"
#include "store/diary.h"
#include "store/org.h"

#include <string.h>

TEST(search_query_keeps_only_words)
{
    char out[600];
    CHECK_INT_EQ(dialect_search_query(DB_SQLITE, "utläm journal", out, sizeof out), 2);
    CHECK_STR_EQ(out, "\"utläm\"* \"journal\"*");
    CHECK_INT_EQ(dialect_search_query(DB_POSTGRES, "utläm journal", out, sizeof out), 2);
    CHECK_STR_EQ(out, "utläm:* & journal:*");
    /* Search syntax and SQL are separators, never operators. */
    CHECK_INT_EQ(dialect_search_query(DB_SQLITE, "\"; DROP TABLE x; -- NEAR(a b) OR *", out, sizeof out), 7);
    CHECK_NOT_CONTAINS(out, ";");
    CHECK_NOT_CONTAINS(out, "(");
    CHECK_INT_EQ(dialect_search_query(DB_POSTGRES, "a|b & !c :* 'd'", out, sizeof out), 4);
    CHECK_STR_EQ(out, "a:* & b:* & c:* & d:*");
    CHECK_INT_EQ(dialect_search_query(DB_SQLITE, "--- !!! ", out, sizeof out), 0);
    CHECK_INT_EQ(dialect_search_query(DB_SQLITE, "", out, sizeof out), 0);
    CHECK_INT_EQ(dialect_search_query(DB_SQLITE, NULL, out, sizeof out), 0);
    /* At most 8 words; a long word is cut at a character boundary. */
    CHECK_INT_EQ(dialect_search_query(DB_POSTGRES, "a b c d e f g h i j", out, sizeof out), 8);
    char longword[200];
    memset(longword, 0, sizeof longword);
    for (int i = 0; i < 40; i++) memcpy(longword + 2 * i, "\xc3\xa5", 2); /* 40 × å = 80 bytes */
    CHECK_INT_EQ(dialect_search_query(DB_POSTGRES, longword, out, sizeof out), 1);
    CHECK_INT_EQ((int)strlen(out), 64 + 2);
    /* Too small an output buffer: no search rather than a cut query. */
    CHECK_INT_EQ(dialect_search_query(DB_SQLITE, "journaluppgifter", out, 8), 0);
}

static int64_t add(db *d, int64_t org, const char *subject, const char *counterpart, int confidential)
{
    diary_input in = {.org_id = org, .doc_date = "2026-03-01", .direction = "in", .counterpart = counterpart,
                      .subject = subject, .confidential = confidential,
                      .legal_ref = confidential ? "OSL 25 kap. 1 §" : ""};
    audit_actor who = {0, "test"};
    int64_t id = 0;
    dl_error e = {0};
    if (diary_register(d, &in, &who, &id, NULL, &e) != DL_OK) test_fail(__FILE__, __LINE__, "%s", e.msg);
    return id;
}

static int hits(db *d, const char *q, int64_t *first)
{
    arena *a = arena_new(4096);
    diary_rec out[20];
    int n = 0;
    int64_t total = -1;
    dl_error e = {0};
    if (diary_list(d, a, 0, q, 20, 0, out, &n, &total, &e) != DL_OK) {
        test_fail(__FILE__, __LINE__, "search \"%s\": %s", q, e.msg);
        arena_free(a);
        return -1;
    }
    if (total != n) test_fail(__FILE__, __LINE__, "search \"%s\": total %lld but %d rows", q, (long long)total, n);
    if (first) *first = n ? out[0].id : 0;
    arena_free(a);
    return n;
}

TEST(search_finds_words_as_prefixes_and_hides_confidential_text)
{
    fixture_tz("Europe/Stockholm");
    clock_set_fake(1781000000); /* 2026-06-09 */
    db *d = fixture_store();
    int64_t rh = fixture_org(d, 0, ORG_FORVALTNING, "Regionhälsan", "RH", "RH {year}-{seq:5}");
    int64_t a = add(d, rh, "Begäran om utlämnande av journaluppgifter", "Göteborgs universitet", 0);
    int64_t b = add(d, rh, "Komplettering av ansökan", "Göteborgs universitet", 0);
    int64_t c = add(d, rh, "Patientförteckning hemlig diagnos", "Karolinska institutet", 1);
    CHECK(a && b && c);
    int64_t first = 0;
    CHECK_INT_EQ(hits(d, "utläm", &first), 1);          /* prefix, Swedish letters */
    CHECK_INT_EQ(first, a);
    CHECK_INT_EQ(hits(d, "journal", NULL), 1);          /* inside a compound: prefix of the word */
    CHECK_INT_EQ(hits(d, "göteborgs", NULL), 2);        /* counterpart too */
    CHECK_INT_EQ(hits(d, "GÖTEBORGS ANSÖKAN", &first), 1); /* all words, any case */
    CHECK_INT_EQ(first, b);
    CHECK_INT_EQ(hits(d, "hemlig", NULL), 0);           /* confidential text is never matched */
    CHECK_INT_EQ(hits(d, "Karolinska", NULL), 0);
    CHECK_INT_EQ(hits(d, "RH 2026-00003", &first), 1);  /* …but its number is public */
    CHECK_INT_EQ(first, c);
    CHECK_INT_EQ(hits(d, "nothingmatches", NULL), 0);
    CHECK_INT_EQ(hits(d, "\"; DROP TABLE diary_entry; --", NULL), 0);
    CHECK_INT_EQ(hits(d, "NEAR(begäran komplettering) OR *", NULL), 0);
    CHECK_INT_EQ(hits(d, "", NULL), 3);                 /* no words: everything */
    CHECK_INT_EQ(hits(d, NULL, NULL), 3);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM diary_entry"), 3); /* still there */
    /* New entries are searchable at once (triggers / expression index). */
    add(d, rh, "Utlämnande beslut", "Göteborgs universitet", 0);
    CHECK_INT_EQ(hits(d, "utläm", NULL), 2);
    db_close(d);
}
