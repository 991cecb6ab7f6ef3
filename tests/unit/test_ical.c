/* test_ical.c — core/ical.c: TEXT escaping, folding at 75 octets without
 * splitting UTF-8, CRLF everywhere, UTC instants, a whole VEVENT. */
#include "test.h"

#include "core/alloc.h"
#include "core/ical.h"

static char *escaped(const char *s)
{
    strbuf sb;
    sb_init(&sb, 16);
    ical_escape(&sb, s);
    sb_cstr(&sb);
    size_t n;
    return sb_steal(&sb, &n);
}

TEST(ical_escapes_text)
{
    char *e = escaped("a,b;c\\d\ne\r\nf\rg\th");
    CHECK_STR_EQ(e, "a\\,b\\;c\\\\d\\ne\\nf\\ngh");
    dl_free(e);
    e = escaped("Östersund: möte");
    CHECK_STR_EQ(e, "Östersund: möte"); /* ':' and UTF-8 pass */
    dl_free(e);
    e = escaped("");
    CHECK_STR_EQ(e, "");
    dl_free(e);
}

TEST(ical_utc_instants)
{
    char t[17];
    ical_utc(0, t);
    CHECK_STR_EQ(t, "19700101T000000Z");
    ical_utc(1796644800, t); /* 2026-12-07 12:00:00 UTC */
    CHECK_STR_EQ(t, "20261207T120000Z");
    ical_utc(951825599, t); /* leap day */
    CHECK_STR_EQ(t, "20000229T115959Z");
}

/* every physical line ≤ 75 octets, ended by CRLF, continuation lines begin
 * with a space; unfolding gives back the input */
static void check_folded(const char *in)
{
    strbuf sb;
    sb_init(&sb, 64);
    ical_fold(&sb, in, strlen(in));
    const char *s = sb_cstr(&sb);
    strbuf un;
    sb_init(&un, 64);
    size_t start = 0, first = 1;
    for (size_t i = 0; i + 1 < sb.len + 1; i++) {
        if (s[i] == '\r') {
            CHECK(s[i + 1] == '\n');
            CHECK(i - start <= 75);
            if (!first)
                CHECK(s[start] == ' ');
            /* the line never ends inside a UTF-8 sequence */
            if (i > start) {
                size_t k = i;
                while (k > start && ((unsigned char)s[k - 1] & 0xC0) == 0x80)
                    k--;
                unsigned char lead = (unsigned char)s[k - 1];
                size_t tail = i - k;
                if (lead >= 0xF0)
                    CHECK(tail == 3);
                else if (lead >= 0xE0)
                    CHECK(tail == 2);
                else if (lead >= 0xC0)
                    CHECK(tail == 1);
            }
            sb_append(&un, s + start + (first ? 0 : 1), i - start - (first ? 0 : 1));
            first = 0;
            start = i + 2;
            i++;
        }
    }
    CHECK(start == sb.len);
    CHECK_STR_EQ(sb_cstr(&un), in);
    sb_free(&un);
    sb_free(&sb);
}

TEST(ical_folds_at_75_octets)
{
    char line[400];
    memset(line, 'x', sizeof line - 1);
    line[sizeof line - 1] = 0;
    check_folded(line);
    line[75] = 0;
    check_folded(line); /* exactly 75: one line */
    strbuf sb;
    sb_init(&sb, 64);
    ical_fold(&sb, line, 75);
    CHECK_INT_EQ((long)sb.len, 77);
    sb_free(&sb);
    line[76] = 0;
    line[75] = 'y';
    sb_init(&sb, 64);
    ical_fold(&sb, line, 76);
    CHECK(memcmp(sb_cstr(&sb) + 75, "\r\n y\r\n", 6) == 0);
    sb_free(&sb);
    /* multibyte text: å (2 octets), € (3), 𝄞 (4), at every offset */
    const char *pieces[] = {"å", "€", "𝄞"};
    for (int p = 0; p < 3; p++)
        for (int pre = 0; pre < 5; pre++) {
            char buf[600];
            size_t n = 0;
            for (int k = 0; k < pre; k++)
                buf[n++] = 'a';
            while (n < 500) {
                size_t l = strlen(pieces[p]);
                memcpy(buf + n, pieces[p], l);
                n += l;
            }
            buf[n] = 0;
            check_folded(buf);
        }
}

TEST(ical_event_whole)
{
    strbuf sb;
    sb_init(&sb, 256);
    ical_begin(&sb, "Nätverket, alla");
    ical_event ev = {.uid = "event-1@example.se", .dtstamp = 0, .start = 1796644800,
                     .end = 1796648400, .summary = "Seminarium; data, lag",
                     .description = "Rad 1\nRad 2", .location = "",
                     .url = "https://example.se/m?a=1;b", .organizer = NULL};
    ical_event_write(&sb, &ev);
    ical_end(&sb);
    const char *s = sb_cstr(&sb);
    CHECK(strstr(s, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") == s);
    CHECK(strstr(s, "X-WR-CALNAME:Nätverket\\, alla\r\n") != NULL);
    CHECK(strstr(s, "UID:event-1@example.se\r\n") != NULL);
    CHECK(strstr(s, "DTSTAMP:19700101T000000Z\r\n") != NULL);
    CHECK(strstr(s, "DTSTART:20261207T120000Z\r\nDTEND:20261207T130000Z\r\n") != NULL);
    CHECK(strstr(s, "SUMMARY:Seminarium\\; data\\, lag\r\n") != NULL);
    CHECK(strstr(s, "DESCRIPTION:Rad 1\\nRad 2\r\n") != NULL);
    CHECK(strstr(s, "LOCATION") == NULL);
    CHECK(strstr(s, "URL:https://example.se/m?a=1;b\r\n") != NULL);
    CHECK(strstr(s, "END:VEVENT\r\nEND:VCALENDAR\r\n") != NULL);
    for (size_t i = 0; i < sb.len; i++)
        if (s[i] == '\n')
            CHECK(i > 0 && s[i - 1] == '\r');
    sb_free(&sb);
}
