/* test_content.c — the knowledge-guide item checker (core/content.h) on
 * text built here: value formats at their edges (leap days, URLs, SFS and
 * CELEX numbers), that one run reports every problem, that the set checks
 * find missing and duplicate ids, and that parsing keeps the values. The
 * CLI over the files in tests/data/content is tested in e2e/t_content.sh. */
#include "test.h"

#include <stdio.h>
#include <string.h>

#include "core/content.h"
#include "core/utf8.h"

#define TODAY "2026-12-05"

struct seen {
    int n;
    char last[512];
    int last_line;
};

static void remember(void *ctx, const char *path, int line, const char *msg)
{
    (void)path;
    struct seen *s = ctx;
    s->n++;
    s->last_line = line;
    snprintf(s->last, sizeof s->last, "%s", msg);
}

/* An agency item with one front-matter line replaced (key "" adds extra). */
static void build(char *out, size_t outsz, const char *key, const char *value, const char *extra)
{
    static const char *const keys[] = {"id", "type", "title", "title_en", "summary", "summary_en",
                                       "categories", "sources", "reviewed", "responsible"};
    static const char *const vals[] = {"prov-item", "agency", "Prov", "Test", "En mening.", "One sentence.",
                                       "test", "https://www.example.se/", "2026-01-01", "redaktör"};
    size_t n = (size_t)snprintf(out, outsz, "---\n");
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        n += (size_t)snprintf(out + n, outsz - n, "%s: %s\n", keys[i],
                              key && strcmp(key, keys[i]) == 0 ? value : vals[i]);
    n += (size_t)snprintf(out + n, outsz - n, "%s---\nText.\n\n## Så går du vidare\n\nRing.\n", extra ? extra : "");
}

static int problems_with(const char *key, const char *value, const char *extra, struct seen *s)
{
    char text[4096];
    build(text, sizeof text, key, value, extra);
    content_item item;
    memset(s, 0, sizeof *s);
    int n = content_check_item("prov-item.md", "prov-item", text, strlen(text), TODAY, &item, remember, s);
    content_item_free(&item);
    return n;
}

TEST(content_valid_item_has_no_problems)
{
    struct seen s;
    CHECK_INT_EQ(problems_with(NULL, NULL, NULL, &s), 0);
    CHECK_INT_EQ(s.n, 0);
}

TEST(content_dates_are_real_calendar_days)
{
    struct seen s;
    CHECK_INT_EQ(problems_with("reviewed", "2024-02-29", NULL, &s), 0); /* leap year */
    CHECK_INT_EQ(problems_with("reviewed", "2000-02-29", NULL, &s), 0); /* divisible by 400 */
    CHECK_INT_EQ(problems_with("reviewed", "2023-02-29", NULL, &s), 1);
    CHECK_INT_EQ(problems_with("reviewed", "1900-02-29", NULL, &s), 1); /* divisible by 100 */
    CHECK_INT_EQ(problems_with("reviewed", "2026-04-31", NULL, &s), 1);
    CHECK_INT_EQ(problems_with("reviewed", "2026-13-01", NULL, &s), 1);
    CHECK_INT_EQ(problems_with("reviewed", "2026-1-01", NULL, &s), 1);
    CHECK_INT_EQ(problems_with("reviewed", "26-01-01", NULL, &s), 1);
    CHECK_INT_EQ(problems_with("reviewed", "2026-12-05", NULL, &s), 0); /* today is fine */
    CHECK_INT_EQ(problems_with("reviewed", "2026-12-06", NULL, &s), 1); /* tomorrow is not */
    CHECK_CONTAINS(s.last, "later than today");
}

TEST(content_urls_must_be_well_formed)
{
    struct seen s;
    static const char *const good[] = {
        "https://www.socialstyrelsen.se/statistik-och-data/register/",
        "http://example.se",
        "https://eur-lex.europa.eu/legal-content/SV/TXT/?uri=CELEX:32016R0679",
        "https://sv.example.org/wiki/Sjukv%C3%A5rdsregion",
        "https://www.example.se:8443/a(b)#frag",
        "https://a.se/x, https://b.se/y",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        if (problems_with("sources", good[i], NULL, &s) != 0) test_fail(__FILE__, __LINE__, "%s: %s", good[i], s.last);
    }
    static const char *const bad[] = {
        "ftp://example.se/", "https://", "https://localhost/", "https://.example.se/", "https://example..se/",
        "https://example.se./", "https://-example.se/", "https://example.se:/", "https://example.se:123456/",
        "https://example.se/två", "https://example.se/a b", "https://example.se/%zz", "https://example.se/\"q\"",
        "https://example.se/<script>", "www.example.se", "javascript:alert(1)", "https://exa_mple.se/",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (problems_with("sources", bad[i], NULL, &s) != 1) test_fail(__FILE__, __LINE__, "accepted %s", bad[i]);
        else CHECK_CONTAINS(s.last, "not a well-formed http(s) URL");
    }
}

TEST(content_law_numbers)
{
    struct seen s;
    CHECK_INT_EQ(problems_with("type", "law", "sfs: 2009:400\nin_force: 2009-06-30\n", &s), 0);
    CHECK_INT_EQ(problems_with("type", "law", "celex: 32025R0327\nin_force: 2025-03-26\n", &s), 0);
    CHECK_INT_EQ(problems_with("type", "law", "celex: 32019L1024\nin_force: 2019-07-16\n", &s), 0);
    CHECK_INT_EQ(problems_with("type", "law", "sfs: 1949:105\ncelex: 32016R0679\nin_force: 1949-04-05\n", &s), 0);
    CHECK_INT_EQ(problems_with("type", "law", "sfs: 2009:0400\nin_force: 2009-06-30\n", &s), 1);
    CHECK_INT_EQ(problems_with("type", "law", "sfs: 09:400\nin_force: 2009-06-30\n", &s), 1);
    CHECK_INT_EQ(problems_with("type", "law", "sfs: 2009:\nin_force: 2009-06-30\n", &s), 1);
    CHECK_INT_EQ(problems_with("type", "law", "celex: 32016r0679\nin_force: 2016-05-24\n", &s), 1);
    CHECK_INT_EQ(problems_with("type", "law", "celex: 32016R\nin_force: 2016-05-24\n", &s), 1);
    CHECK_INT_EQ(problems_with("type", "law", "celex: 3201R0679\nin_force: 2016-05-24\n", &s), 1);
    CHECK_INT_EQ(problems_with("type", "law", "sfs: 2009:400\nin_force: 30 juni 2009\n", &s), 1);
}

TEST(content_every_problem_of_a_file_is_reported)
{
    struct seen s;
    /* a bad id, an unknown key, a summary without a full stop: three, not one */
    char text[4096];
    build(text, sizeof text, "summary", "Ingen punkt", "colour: blå\n");
    char *id = strstr(text, "prov-item");
    memcpy(id, "Prov_item", 9);
    content_item item;
    memset(&s, 0, sizeof s);
    int n = content_check_item("x/prov-item.md", "prov-item", text, strlen(text), TODAY, &item, remember, &s);
    CHECK_INT_EQ(n, 3);
    CHECK_INT_EQ(s.n, 3);
    CHECK(item.parsed);
    content_item_free(&item);
}

TEST(content_parse_keeps_values_and_body)
{
    char text[4096];
    build(text, sizeof text, "title", "  Med mellanslag  ", "related: a-b, c-d\n");
    content_item item;
    struct seen s = {0};
    CHECK_INT_EQ(content_check_item("p.md", "prov-item", text, strlen(text), TODAY, &item, remember, &s), 0);
    CHECK_STR_EQ(content_get(&item, "title"), "Med mellanslag");
    CHECK_STR_EQ(content_get(&item, "related"), "a-b, c-d");
    CHECK(content_get(&item, "holder") == NULL);
    CHECK(strncmp(item.body, "Text.\n", 6) == 0);
    CHECK_INT_EQ(item.body_line, 14);
    content_item_free(&item);
}

static int set_problems(const char *const *texts, const char *const *stems, size_t n, struct seen *s)
{
    content_item items[8] = {0};
    memset(s, 0, sizeof *s);
    for (size_t i = 0; i < n; i++) {
        struct seen ignore = {0};
        content_check_item(stems[i], stems[i], texts[i], strlen(texts[i]), TODAY, &items[i], remember, &ignore);
    }
    int p = content_check_set(items, n, remember, s);
    for (size_t i = 0; i < n; i++) content_item_free(&items[i]);
    return p;
}

TEST(content_set_finds_missing_and_duplicate_ids)
{
    char a[4096], b[4096], c[4096];
    build(a, sizeof a, "id", "aa", "related: bb, cc\n");
    build(b, sizeof b, "id", "bb", "related: aa\n");
    build(c, sizeof c, "id", "aa", NULL);
    struct seen s;
    const char *const two[] = {a, b}, *const two_stems[] = {"aa", "bb"};
    CHECK_INT_EQ(set_problems(two, two_stems, 2, &s), 1); /* cc is missing */
    CHECK_CONTAINS(s.last, "\"cc\"");
    const char *const three[] = {a, b, c}, *const three_stems[] = {"aa", "bb", "aa"};
    CHECK_INT_EQ(set_problems(three, three_stems, 3, &s), 2); /* cc, and aa twice */
    CHECK_INT_EQ(set_problems(NULL, NULL, 0, &s), 0);
}

TEST(content_hostile_text_is_refused_cleanly)
{
    struct seen s = {0};
    content_item item;
    static const char *const texts[] = {"", "---", "---\n", "---\n---\n", "----\nid: x\n---\n", "\xef\xbb\xbf---\nid: x\n---\n"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        int n = content_check_item("h.md", "h", texts[i], strlen(texts[i]), TODAY, &item, remember, &s);
        if (n < 1) test_fail(__FILE__, __LINE__, "text %zu accepted", i);
        content_item_free(&item);
    }
    /* a front matter of many keys: bounded, reported */
    char many[8192];
    size_t n = (size_t)snprintf(many, sizeof many, "---\n");
    for (int i = 0; i < 60; i++) n += (size_t)snprintf(many + n, sizeof many - n, "k%d: v\n", i);
    snprintf(many + n, sizeof many - n, "---\nx\n");
    CHECK(content_check_item("m.md", "m", many, strlen(many), TODAY, &item, remember, &s) > 0);
    content_item_free(&item);
}

TEST(content_delimiters_boms_and_control_characters)
{
    struct seen s = {0};
    content_item item;
    char text[4096];
    build(text, sizeof text, NULL, NULL, NULL);
    char *close = strstr(text, "\n---\n");
    char trailing[4200];
    snprintf(trailing, sizeof trailing, "%.*s\n---  \t%s", (int)(close - text), text, close + 4);
    CHECK_INT_EQ(content_check_item("p.md", "prov-item", trailing, strlen(trailing), TODAY, &item, remember, &s), 0);
    CHECK_STR_EQ(content_get(&item, "responsible"), "redaktör");
    content_item_free(&item);

    char bom[4200];
    snprintf(bom, sizeof bom, "\xEF\xBB\xBF%s", text);
    CHECK_INT_EQ(content_check_item("p.md", "prov-item", bom, strlen(bom), TODAY, &item, remember, &s), 1);
    CHECK_CONTAINS(s.last, "byte-order mark");
    CHECK(!item.parsed);
    CHECK_STR_EQ(item.stem, "prov-item"); /* kept for the set check */
    content_item_free(&item);

    build(text, sizeof text, "title", "Röd\x1b[31mtext", NULL);
    CHECK_INT_EQ(content_check_item("p.md", "prov-item", text, strlen(text), TODAY, &item, remember, &s), 1);
    CHECK_CONTAINS(s.last, "control character (byte 0x1B)");
    CHECK_INT_EQ(s.last_line, 4);
    content_item_free(&item);
}

TEST(content_messages_never_cut_a_character)
{
    struct seen s = {0};
    content_item item;
    char text[4096], line[300] = "a";
    for (int i = 0; i < 80; i++) strcat(line, "å"); /* no colon: a malformed line, quoted in the message */
    build(text, sizeof text, NULL, NULL, NULL);
    char with[4600];
    snprintf(with, sizeof with, "---\n%s\n%s", line, text + 4);
    CHECK(content_check_item("p.md", "prov-item", with, strlen(with), TODAY, &item, remember, &s) >= 1);
    CHECK(utf8_valid(s.last, strlen(s.last)));
    content_item_free(&item);
}

TEST(content_set_does_not_blame_items_for_a_broken_one)
{
    char a[4096], b[4096];
    build(a, sizeof a, "id", "aa", "related: bb\n");
    build(b, sizeof b, "id", "bb", NULL);
    b[strlen(b) - 1] = '\r'; /* CR: bb cannot be read */
    content_item items[2] = {0};
    struct seen s = {0}, ignore = {0};
    content_check_item("aa.md", "aa", a, strlen(a), TODAY, &items[0], remember, &ignore);
    CHECK_INT_EQ(content_check_item("bb.md", "bb", b, strlen(b), TODAY, &items[1], remember, &ignore), 1);
    CHECK_INT_EQ(content_check_set(items, 2, remember, &s), 0);
    content_item_free(&items[0]);
    content_item_free(&items[1]);
}
