/* test_spelling.c — core/spelling.c: edit distances written out by hand,
 * letters å ä ö counted as one, the cut-off, and the near-miss spellings
 * the knowledge guide's issue names. */
#include "test.h"

#include "core/spelling.h"

TEST(spelling_distance_by_hand)
{
    CHECK_INT_EQ(spelling_distance("register", "register", 3), 0);
    CHECK_INT_EQ(spelling_distance("socialstyrelsn", "socialstyrelsen", 3), 1);  /* one left out */
    CHECK_INT_EQ(spelling_distance("kvalitetsregistret", "kvalitetsregister", 3), 2);
    CHECK_INT_EQ(spelling_distance("bild", "blid", 3), 2);                       /* a swap is two edits */
    CHECK_INT_EQ(spelling_distance("läkemedel", "lakemedel", 3), 1);             /* ä is one letter */
    CHECK_INT_EQ(spelling_distance("", "abc", 3), 3);
    CHECK_INT_EQ(spelling_distance("abc", "", 2), 3);                            /* over the max: max + 1 */
    CHECK_INT_EQ(spelling_distance("patientregistret", "cancer", 2), 3);
}

TEST(spelling_nearest_word)
{
    static const char *const vocab[] = {"socialstyrelsen", "patientregistret", "kvalitetsregister", "biobank",
                                        "läkemedelsregistret", "scb"};
    size_t n = sizeof vocab / sizeof vocab[0];
    CHECK_STR_EQ(spelling_nearest("socialstyrelsn", vocab, n), "socialstyrelsen");
    CHECK_STR_EQ(spelling_nearest("kvalitetsregistret", vocab, n), "kvalitetsregister");
    CHECK_STR_EQ(spelling_nearest("lakemedelsregistret", vocab, n), "läkemedelsregistret");
    CHECK(spelling_nearest("biobank", vocab, n) == NULL);   /* spelt right: nothing to suggest */
    CHECK(spelling_nearest("zebra", vocab, n) == NULL);     /* nothing near */
    CHECK(spelling_nearest("sc", vocab, n) == NULL);        /* too short to guess */
}
