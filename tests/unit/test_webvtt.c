/* test_webvtt.c — core/webvtt.c: well-formed captions (with identifiers,
 * settings, NOTE blocks, CR LF, hours), the cue times and text handed out,
 * and hostile input: a missing signature, bad and reversed times, cues out
 * of order, text holding "-->", binary and oversized files. */
#include "test.h"

#include <stdlib.h>

#include "core/webvtt.h"

struct cues {
    int n;
    int64_t start[8], end[8];
    char text[8][64];
};

static int collect(void *ctx, const webvtt_cue *cue)
{
    struct cues *c = ctx;
    if (c->n < 8) {
        c->start[c->n] = cue->start_ms;
        c->end[c->n] = cue->end_ms;
        snprintf(c->text[c->n], sizeof c->text[0], "%.*s", (int)cue->text_len, cue->text);
    }
    c->n++;
    return 0;
}

static int check(const char *s, int *line, char *err)
{
    return webvtt_check(s, strlen(s), NULL, NULL, line, err, 256);
}

TEST(webvtt_good_file)
{
    const char *f = "WEBVTT - samråd\n\nNOTE made by scripts/make-case-film.sh\nmore note\n\n"
                    "1\n00:00.000 --> 00:02.500\nFörsta meningen.\n\n"
                    "00:02.500 --> 00:05.000 align:center line:90%\nAndra raden\noch tredje.\n\n"
                    "01:00:00.000 --> 01:00:01.001\nEn timme in.\n";
    struct cues c = {0};
    int line;
    char err[256];
    CHECK_INT_EQ(webvtt_check(f, strlen(f), collect, &c, &line, err, sizeof err), 3);
    CHECK_INT_EQ(c.n, 3);
    CHECK_INT_EQ(c.start[0], 0);
    CHECK_INT_EQ(c.end[0], 2500);
    CHECK_STR_EQ(c.text[0], "Första meningen.");
    CHECK_STR_EQ(c.text[1], "Andra raden\noch tredje.");
    CHECK_INT_EQ(c.start[2], 3600000);
    CHECK_INT_EQ(c.end[2], 3601001);
}

TEST(webvtt_crlf_bom_and_empty)
{
    int line;
    char err[256];
    CHECK_INT_EQ(check("\xEF\xBB\xBFWEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\r\nHej.\r\n", &line, err), 1);
    CHECK_INT_EQ(check("WEBVTT\n", &line, err), 0);           /* no cues is well-formed */
    CHECK_INT_EQ(check("WEBVTT", &line, err), 0);
    CHECK_INT_EQ(check("WEBVTT\n\n\n\n", &line, err), 0);
}

TEST(webvtt_timestamps)
{
    int64_t ms;
    CHECK_INT_EQ(webvtt_timestamp("00:01.250", 9, &ms), 0);
    CHECK_INT_EQ(ms, 1250);
    CHECK_INT_EQ(webvtt_timestamp("12:00:01.250", 12, &ms), 0);
    CHECK_INT_EQ(ms, 12 * 3600000 + 1250);
    CHECK_INT_EQ(webvtt_timestamp("00:60.000", 9, &ms), -1);   /* seconds 00-59 */
    CHECK_INT_EQ(webvtt_timestamp("60:00.000", 9, &ms), -1);
    CHECK_INT_EQ(webvtt_timestamp("0:00:01.000", 11, &ms), -1); /* hours need two digits */
    CHECK_INT_EQ(webvtt_timestamp("00:01,000", 9, &ms), -1);   /* SRT's comma */
    CHECK_INT_EQ(webvtt_timestamp("00:01.00", 8, &ms), -1);
    CHECK_INT_EQ(webvtt_timestamp("-0:01.000", 9, &ms), -1);
    CHECK_INT_EQ(webvtt_timestamp("99999:00:00.000", 15, &ms), 0);
    CHECK_INT_EQ(webvtt_timestamp("999999:00:00.000", 16, &ms), -1);
}

TEST(webvtt_hostile)
{
    int line;
    char err[256];
    CHECK_INT_EQ(check("", &line, err), -1);
    CHECK_CONTAINS(err, "WEBVTT");
    CHECK_INT_EQ(check("WEBVTTX\n", &line, err), -1);
    CHECK_INT_EQ(check("1\n00:00:01,000 --> 00:00:02,000\nSRT\n", &line, err), -1);  /* an SRT file */
    CHECK_INT_EQ(line, 1);
    CHECK_INT_EQ(check("WEBVTT\n00:01.000 --> 00:02.000\nx\n", &line, err), -1);   /* no blank after header */
    CHECK_CONTAINS(err, "blank line");
    CHECK_INT_EQ(check("WEBVTT\n\n00:02.000 --> 00:01.000\nbackwards\n", &line, err), -1);
    CHECK_INT_EQ(line, 3);
    CHECK_CONTAINS(err, "end time");
    CHECK_INT_EQ(check("WEBVTT\n\n00:01.000 --> 00:01.000\nzero\n", &line, err), -1);
    CHECK_INT_EQ(check("WEBVTT\n\n00:05.000 --> 00:06.000\na\n\n00:01.000 --> 00:02.000\nb\n", &line, err), -1);
    CHECK_INT_EQ(line, 6);
    CHECK_CONTAINS(err, "time order");
    CHECK_INT_EQ(check("WEBVTT\n\n00:01.000 --> 00:02.000\n", &line, err), -1);    /* no text */
    CHECK_CONTAINS(err, "no text");
    CHECK_INT_EQ(check("WEBVTT\n\n00:01.000 --> 00:02.000\na\n00:02.000 --> 00:03.000\nb\n", &line, err), -1);
    CHECK_INT_EQ(line, 5);
    CHECK_INT_EQ(check("WEBVTT\n\njust words\nmore words\n", &line, err), -1);
    CHECK_CONTAINS(err, "timing line");
    CHECK_INT_EQ(check("WEBVTT\n\n00:01.000-->00:02.000\nno blanks\n", &line, err), -1);
    CHECK_INT_EQ(check("WEBVTT\n\n00:01.000 --> \nno end\n", &line, err), -1);
    CHECK_INT_EQ(check("WEBVTT\n\n00:01.000 --> 00:02.000x\nglued\n", &line, err), -1);
    CHECK_INT_EQ(webvtt_check("WEBVTT\n\n\0", 9, NULL, NULL, &line, err, sizeof err), -1);
    CHECK_INT_EQ(check("WEBVTT\n\n00:01.000 --> 00:02.000\n\xff\xfe\n", &line, err), -1);
    CHECK_CONTAINS(err, "UTF-8");
    size_t big = WEBVTT_MAX_FILE + 1;
    char *huge = malloc(big);
    CHECK(huge != NULL);
    memset(huge, 'a', big);
    memcpy(huge, "WEBVTT\n\n", 8);
    int rc = webvtt_check(huge, big, NULL, NULL, &line, err, sizeof err);
    free(huge);
    CHECK_INT_EQ(rc, -1);
    CHECK_CONTAINS(err, "larger");
}
