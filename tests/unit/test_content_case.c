/* test_content_case.c — core/content_case.c: the steps of "## Steg för
 * steg" (numbers, offsets, bold names, the end of the section), the
 * `rules` pairs and their hostile forms, media file names, and the case
 * story's checks (a rule on a missing step, a film without captions or
 * transcript, captions without a film). The files on disk and the law
 * check across items: tests/e2e/t_guide_media.sh. */
#include "test.h"

#include <stdio.h>
#include <string.h>

#include "core/content_case.h"

static const char *const BODY =
    "Inledning.\n\n## Steg för steg\n\n"
    "1. **Etikprövning (cirka 2 månader).** Text ett.\n"
    "2. **Begäran.** Text två\n   som fortsätter.\n\n"
    "3. Utan fetstil.\n\n"
    "## Tid\n\n4. Inte ett steg.\n";

TEST(case_steps_are_read_from_their_section)
{
    content_step s[8];
    int n = content_case_steps(BODY, s, 8);
    CHECK_INT_EQ(n, 3);
    CHECK_INT_EQ(s[0].number, 1);
    CHECK(s[0].title != NULL);
    char t[64];
    snprintf(t, sizeof t, "%.*s", (int)s[0].title_len, s[0].title);
    CHECK_STR_EQ(t, "Etikprövning (cirka 2 månader)");
    snprintf(t, sizeof t, "%.*s", (int)(s[1].end - s[1].start), BODY + s[1].start);
    CHECK_STR_EQ(t, "2. **Begäran.** Text två\n   som fortsätter."); /* no trailing blank line */
    CHECK(s[2].title == NULL);
    CHECK_INT_EQ(content_case_steps("## Annat\n\n1. x\n", s, 8), 0);
    CHECK_INT_EQ(content_case_steps("", s, 8), 0);
    CHECK_INT_EQ(content_case_steps("## Steg för steg: så kunde det gå till\n1. a\n", s, 8), 1);
    CHECK_INT_EQ(content_case_steps("## Steg för stegvis\n1. a\n", s, 8), 0);
    CHECK_INT_EQ(content_case_steps(BODY, s, 2), 2); /* at most max */
}

TEST(case_rules_pairs)
{
    content_rule r[4];
    const char *bad;
    CHECK_INT_EQ(content_case_rules("1=etikprovningslagen, 4=osl-25-kap-1", r, 4, &bad), 2);
    CHECK_INT_EQ(r[1].step, 4);
    CHECK_STR_EQ(r[1].law, "osl-25-kap-1");
    static const char *const hostile[] = {
        "fyra=gdpr", "4 = gdpr", "4=", "=gdpr", "0=gdpr", "123=gdpr", "4=GDPR", "4=gdpr/../x", "4=-gdpr",
        "4=a", "4=gdpr,", "4=gdpr,,5=gdpr", "-4=gdpr", "4=gdpr=5",
    };
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        int n = content_case_rules(hostile[i], r, 4, &bad);
        if (n != -1) test_fail(__FILE__, __LINE__, "\"%s\" gave %d rules", hostile[i], n);
        CHECK(n == -1 && bad != NULL);
    }
}

TEST(case_media_names)
{
    CHECK(content_media_name_ok("video", "fall-x.webm"));
    CHECK(content_media_name_ok("video", "fall-x.mp4"));
    CHECK(content_media_name_ok("video_captions", "fall-x.vtt"));
    CHECK(content_media_name_ok("video_poster", "fall-x-poster.png"));
    CHECK(!content_media_name_ok("video", "fall-x.vtt"));
    CHECK(!content_media_name_ok("video", "../x.webm"));
    CHECK(!content_media_name_ok("video", "a/b.webm"));
    CHECK(!content_media_name_ok("video", ".webm"));
    CHECK(!content_media_name_ok("video", "Fall.webm"));
    CHECK(!content_media_name_ok("video", "fall.webm.exe"));
    CHECK(!content_media_name_ok("video", "fall..webm"));
    CHECK(!content_media_name_ok("nope", "fall.webm"));
    CHECK_STR_EQ(content_media_type("fall-x.webm"), "video/webm");
    CHECK_STR_EQ(content_media_type("fall-x.vtt"), "text/vtt; charset=utf-8");
    CHECK(content_media_type("fall-x.html") == NULL);
    CHECK(content_media_type("..") == NULL);
}

struct seen {
    int n;
    char all[2048];
};

static void remember(void *ctx, const char *path, int line, const char *msg)
{
    (void)path;
    (void)line;
    struct seen *s = ctx;
    s->n++;
    size_t l = strlen(s->all);
    snprintf(s->all + l, sizeof s->all - l, "%s\n", msg);
}

static int check_story(const char *front, const char *body, struct seen *s)
{
    char text[2048];
    snprintf(text, sizeof text,
             "---\nid: fall-prov\ntype: case-story\ntitle: Prov\ntitle_en: Test\nsummary: En mening.\n"
             "summary_en: One sentence.\ncategories: test\nsources: https://www.example.se/\nreviewed: 2026-01-01\n"
             "responsible: redaktör\n%s---\n%s\n## Så går du vidare\n\nFråga.\n", front, body);
    content_item it;
    memset(s, 0, sizeof *s);
    int n = content_check_item("fall-prov.md", "fall-prov", text, strlen(text), "2026-12-05", &it, remember, s);
    content_item_free(&it);
    return n;
}

TEST(case_story_checks)
{
    struct seen s;
    CHECK_INT_EQ(check_story("rules: 1=gdpr, 2=gdpr\n", BODY, &s), 0);
    CHECK_INT_EQ(check_story("rules: 7=gdpr\n", BODY, &s), 1);
    CHECK_CONTAINS(s.all, "step 7 is not in the list");
    CHECK_INT_EQ(check_story("rules: 1=gdpr, 1=gdpr\n", BODY, &s), 1);
    CHECK_CONTAINS(s.all, "written twice");
    CHECK_INT_EQ(check_story("rules: 1=gdpr\n", "Inga steg.\n", &s), 1);
    CHECK_CONTAINS(s.all, "no numbered list");
    CHECK_INT_EQ(check_story("video: film.webm\nvideo_captions: film.vtt\n", BODY, &s), 1);
    CHECK_CONTAINS(s.all, "Textversion av filmen");
    CHECK_INT_EQ(check_story("video: film.webm\nvideo_captions: film.vtt\n", "## Textversion av filmen\n\nOrden.\n", &s), 0);
    CHECK_INT_EQ(check_story("video: film.webm\n", "## Textversion av filmen\n\nOrden.\n", &s), 1);
    CHECK_CONTAINS(s.all, "needs captions");
    CHECK_INT_EQ(check_story("video_captions: film.vtt\n", BODY, &s), 1);
    CHECK_CONTAINS(s.all, "without \"video\"");
    CHECK_INT_EQ(check_story("video: film.avi\nvideo_captions: film.srt\n", "## Textversion av filmen\n\nOrden.\n", &s), 2);
    /* the keys belong to case stories only */
    struct seen t;
    char text[1024];
    snprintf(text, sizeof text,
             "---\nid: prov\ntype: agency\ntitle: Prov\ntitle_en: Test\nsummary: En.\nsummary_en: One.\n"
             "categories: test\nsources: https://www.example.se/\nreviewed: 2026-01-01\nresponsible: r\n"
             "rules: 1=gdpr\n---\nText.\n\n## Så går du vidare\n\nFråga.\n");
    content_item it;
    memset(&t, 0, sizeof t);
    CHECK_INT_EQ(content_check_item("prov.md", "prov", text, strlen(text), "2026-12-05", &it, remember, &t), 1);
    content_item_free(&it);
    CHECK_CONTAINS(t.all, "\"rules\" is not known for type agency");
}
