/* test_pii.c — the personal-data detector of core/pii.c: every accepted
 * form of personnummer, samordningsnummer, phone number, e-mail address
 * and name, the look-alikes that are not people (organisation numbers,
 * diary and EPM numbers, dates, amounts, bad check digits, impossible
 * dates), code-point offsets after å/ä/ö and emoji, overlaps, redaction,
 * the name lists' order, and random bytes that must not crash the scan.
 * The check digits of the numbers below were computed by hand (Luhn over
 * YYMMDDNNN) and are written out. */
#include "test.h"

#include <stdint.h>
#include <stdlib.h>

#include "core/alloc.h"
#include "core/pii.h"
#include "core/splitmix.h"
#include "core/strbuf.h"

#define TODAY 20261206

/* Scans text; writes "type:start-end" (code points) for each span, joined
 * by spaces, into buf. */
static const char *scan(const char *text, char *buf, size_t bufsz)
{
    pii_spans sp = {0};
    dl_error e;
    buf[0] = '\0';
    if (pii_scan(text, strlen(text), TODAY, &sp, &e) != DL_OK) {
        snprintf(buf, bufsz, "error: %s", e.msg);
        return buf;
    }
    size_t k = 0;
    for (size_t i = 0; i < sp.n; i++)
        k += (size_t)snprintf(buf + k, bufsz - k, "%s%s:%zu-%zu", i ? " " : "", pii_type_key(sp.v[i].type),
                              sp.v[i].cp_start, sp.v[i].cp_end);
    pii_spans_free(&sp);
    return buf;
}

/* Each text, wrapped as "x TEXT y", must give exactly one span of the type
 * covering TEXT (code points 2 .. 2 + length). */
static const struct { const char *text; const char *type; } positives[] = {
    /* personnummer, every written form */
    {"850709-9805", "personnummer"},
    {"850709+9805", "personnummer"}, /* 100 years or older: 1885 */
    {"8507099805", "personnummer"},
    {"198507099805", "personnummer"},
    {"19850709-9805", "personnummer"},
    {"850709 9805", "personnummer"},
    {"19850709 9805", "personnummer"},
    {"121212-1212", "personnummer"},
    {"20121212-1212", "personnummer"},
    {"000101-1238", "personnummer"},
    /* samordningsnummer: day + 60 */
    {"850769-9802", "samordningsnummer"},
    {"8507699802", "samordningsnummer"},
    {"19850769-9802", "samordningsnummer"},
    {"990361-2340", "samordningsnummer"},
    /* phone numbers */
    {"070-123 45 67", "phone"},
    {"0701234567", "phone"},
    {"070-1234567", "phone"},
    {"08-123 456 78", "phone"},
    {"08-12 34 56", "phone"},
    {"031-12 34 56", "phone"},
    {"0171-123 45", "phone"},
    {"08 123 456 78", "phone"},
    {"(08) 123 456 78", "phone"},
    {"(031) 12 34 56", "phone"},
    {"+46 70 123 45 67", "phone"},
    {"+46701234567", "phone"},
    {"+46 (0)8 123 456 78", "phone"},
    {"+46 8 123 456 78", "phone"},
    {"0046 8 123 456 78", "phone"},
    {"+46-8-123 456 78", "phone"},
    /* e-mail addresses */
    {"anna.svensson@regionhalland.se", "email"},
    {"a@b.se", "email"},
    {"per+hinder@vgregion.se", "email"},
    {"Anna_B-Lind%x@mail.example.com", "email"},
    {"åsa.öberg@region.se", "email"},
    {"kalle@höglandets-vc.se", "email"},
    /* names */
    {"Anna Svensson", "name"},
    {"Anna Maria Svensson", "name"},
    {"Ann-Marie Berg", "name"},
    {"Lars Berg-Lind", "name"},
    {"Åsa Öberg", "name"},
    {"Erik Tallqvist", "name"}, /* a surname outside the list */
};

TEST(pii_every_form_is_found)
{
    char text[256], want[128], got[512];
    for (size_t i = 0; i < sizeof positives / sizeof positives[0]; i++) {
        snprintf(text, sizeof text, "x %s y", positives[i].text);
        /* code points of the planted text */
        size_t cps = 0;
        for (const char *p = positives[i].text; *p; p++) cps += ((unsigned char)*p & 0xC0) != 0x80;
        snprintf(want, sizeof want, "%s:2-%zu", positives[i].type, 2 + cps);
        scan(text, got, sizeof got);
        if (strcmp(got, want) != 0) {
            test_fail(__FILE__, __LINE__, "\"%s\": got \"%s\", expected \"%s\"", text, got, want);
            return;
        }
    }
}

/* None of these is personal data. */
static const char *const negatives[] = {
    /* not a personnummer: check digit, impossible or future dates */
    "850709-9806", "8507099804", "19850709-9800",
    "850230-1230",     /* 30 February */
    "580229-1236",     /* 29 February 1958 */
    "20271201-1234",   /* born next year */
    "851309-1234",     /* month 13 */
    /* organisation numbers (month digits 20 or more), with valid check digits */
    "556677-8899", "5566778899", "212000-0142", "2120000142", "16556677-8899",
    /* embedded in a longer number or a word */
    "98507099805", "8507099805123", "A8507099805", "8507099805B", "12-850709-9805", "850709-9805-12",
    "850709-98051", "x850709-9805", "1.8507099805",
    /* diary and EPM numbers, dates, times */
    "RH 2026-00042", "Dnr 2021-01234", "Dnr 2023-01234-01", "EPM 2024-05678-02", "dnr RS 2025-1234",
    "2026-12-06", "20261206", "06-12-2026", "08-12-2026", "kl. 08-12", "08.00-16.30", "2026-12-06 08:15",
    /* amounts, postcodes, counts */
    "1 234 567 kr", "0 kr", "123 45 Stockholm", "412 96 Göteborg", "0,5 procent", "0 1 2 3 4 5 6 7",
    "05 06 07 08", "12 345 678", "ISBN 978-91-1-301234-5",
    /* phone-shaped but too short, too long, or not Swedish */
    "070-123 45", "070-123 45 678", "08-1234", "+47 22 12 34 56", "+4670", "0801", "00 46",
    /* not e-mail addresses */
    "anna@localhost", "@region.se", "anna@", "anna@.se", "anna@region.s", "anna@region.123", "a@b",
    /* not names: lone first names, lower case, capitalised words that are not names */
    "Anna", "anna svensson", "Hans bil", "Per capita", "Region Halland", "Karolinska Institutet",
    "Vid mötet med Anna. Svensson", "ANNA SVENSSON", "Anna svensson", "Maria,Svensson",
};

TEST(pii_lookalikes_are_not_found)
{
    char text[256], got[512];
    for (size_t i = 0; i < sizeof negatives / sizeof negatives[0]; i++) {
        snprintf(text, sizeof text, "Se %s här.", negatives[i]);
        scan(text, got, sizeof got);
        if (got[0]) {
            test_fail(__FILE__, __LINE__, "\"%s\" gave \"%s\", expected nothing", text, got);
            return;
        }
    }
}

TEST(pii_boundaries_at_the_ends_and_punctuation)
{
    char got[512];
    CHECK_STR_EQ(scan("850709-9805", got, sizeof got), "personnummer:0-11");
    CHECK_STR_EQ(scan("(850709-9805)", got, sizeof got), "personnummer:1-12");
    CHECK_STR_EQ(scan("pnr:850709-9805.", got, sizeof got), "personnummer:4-15");
    CHECK_STR_EQ(scan("Ring 070-123 45 67, annars mejla.", got, sizeof got), "phone:5-18");
    /* a year after a phone number is not part of it */
    CHECK_STR_EQ(scan("070-123 45 67 2026", got, sizeof got), "phone:0-13");
    /* more groups than a number has: the longest reading that is one */
    CHECK_STR_EQ(scan("070-123 45 67 89 01", got, sizeof got), "phone:0-13");
    CHECK_STR_EQ(scan("Skriv till anna@x.se.", got, sizeof got), "email:11-20");
    CHECK_STR_EQ(scan("<anna@x.se>", got, sizeof got), "email:1-10");
    CHECK_STR_EQ(scan("Anna Svensson.", got, sizeof got), "name:0-13");
    CHECK_STR_EQ(scan("", got, sizeof got), "");
}

TEST(pii_code_points_after_non_ascii)
{
    char got[512];
    /* å ä ö are two bytes each, the emoji four: offsets count code points */
    CHECK_STR_EQ(scan("åäö 850709-9805", got, sizeof got), "personnummer:4-15");
    CHECK_STR_EQ(scan("😀 850709-9805", got, sizeof got), "personnummer:2-13");
    CHECK_STR_EQ(scan("Här 😀😀 ringde Åsa Öberg på 070-123 45 67 – åter@här.se",
                      got, sizeof got),
                 "name:14-23 phone:27-40 email:43-54");
    pii_spans sp = {0};
    const char *t = "😀 a@b.se";
    CHECK_INT_EQ(pii_scan(t, strlen(t), TODAY, &sp, NULL), DL_OK);
    CHECK_INT_EQ(sp.n, 1);
    CHECK_INT_EQ(sp.v[0].start, 5); /* bytes */
    CHECK_INT_EQ(sp.v[0].end, 11);
    CHECK_INT_EQ(sp.v[0].cp_start, 2);
    CHECK_INT_EQ(sp.v[0].cp_end, 8);
    pii_spans_free(&sp);
}

TEST(pii_overlaps_give_one_span)
{
    char got[512];
    /* 050709-1239 is a valid personnummer and 0507091239 phone-shaped:
     * equally long, the personnummer is the more specific */
    CHECK_STR_EQ(scan("0507091239", got, sizeof got), "personnummer:0-10");
    CHECK_STR_EQ(scan("0701234569", got, sizeof got), "personnummer:0-10");
    CHECK_STR_EQ(scan("0701234567", got, sizeof got), "phone:0-10");
    /* an address made of a personnummer: the longer e-mail wins */
    CHECK_STR_EQ(scan("8507099805@x.se", got, sizeof got), "email:0-15");
    /* a name inside a longer name */
    CHECK_STR_EQ(scan("Anna Maria Svensson", got, sizeof got), "name:0-19");
    /* many in a row, none overlapping */
    CHECK_STR_EQ(scan("850709-9805 850769-9802 0701234567", got, sizeof got),
                 "personnummer:0-11 samordningsnummer:12-23 phone:24-34");
}

TEST(pii_types_listed_once)
{
    CHECK_STR_EQ(pii_type_key(PII_PERSONNUMMER), "personnummer");
    CHECK_STR_EQ(pii_type_key(PII_SAMORDNINGSNUMMER), "samordningsnummer");
    CHECK_STR_EQ(pii_type_key(PII_EMAIL), "email");
    CHECK_STR_EQ(pii_type_key(PII_PHONE), "phone");
    CHECK_STR_EQ(pii_type_key(PII_NAME), "name");
    CHECK_STR_EQ(pii_type_key((pii_type)99), "?");
    CHECK_STR_EQ(pii_type_label_sv(PII_EMAIL), "E-postadress");
    CHECK_STR_EQ(pii_type_marker(PII_PHONE), "[telefonnummer borttaget]");
    CHECK_INT_EQ(pii_type_from_key("phone", 5), PII_PHONE);
    CHECK_INT_EQ(pii_type_from_key("phon", 4), -1);
    CHECK_INT_EQ(PII_TYPE__COUNT, 5);
}

TEST(pii_redact_replaces_spans_with_markers)
{
    const char *t = "Åsa Öberg, 850709-9805, åsa@x.se, 070-123 45 67, 990361-2340.";
    pii_spans sp = {0};
    CHECK_INT_EQ(pii_scan(t, strlen(t), TODAY, &sp, NULL), DL_OK);
    CHECK_INT_EQ(sp.n, 5);
    strbuf out;
    sb_init(&out, 64);
    CHECK_INT_EQ(pii_redact(t, strlen(t), sp.v, sp.n, &out, NULL), DL_OK);
    CHECK_STR_EQ(sb_cstr(&out), "[namn borttaget], [personnummer borttaget], [e-postadress borttagen], "
                                "[telefonnummer borttaget], [samordningsnummer borttaget].");
    /* overlapping, out of order, empty or outside spans are refused and
     * nothing is written */
    out.len = 0;
    pii_span bad[2] = {{.start = 0, .end = 5, .type = PII_NAME}, {.start = 3, .end = 8, .type = PII_NAME}};
    dl_error e;
    CHECK_INT_EQ(pii_redact(t, strlen(t), bad, 2, &out, &e), DL_EINVAL);
    CHECK_INT_EQ(out.len, 0);
    pii_span outside = {.start = 0, .end = 500, .type = PII_NAME};
    CHECK_INT_EQ(pii_redact(t, strlen(t), &outside, 1, &out, &e), DL_EINVAL);
    pii_span empty = {.start = 2, .end = 2, .type = PII_NAME};
    CHECK_INT_EQ(pii_redact(t, strlen(t), &empty, 1, &out, &e), DL_EINVAL);
    /* no spans: the text as it is */
    CHECK_INT_EQ(pii_redact("abc", 3, NULL, 0, &out, &e), DL_OK);
    CHECK_STR_EQ(sb_cstr(&out), "abc");
    sb_free(&out);
    pii_spans_free(&sp);
}

TEST(pii_bad_today_is_refused)
{
    pii_spans sp = {0};
    dl_error e;
    CHECK_INT_EQ(pii_scan("x", 1, 20260230, &sp, &e), DL_EINTERNAL);
    CHECK_INT_EQ(pii_scan("x", 1, 0, &sp, &e), DL_EINTERNAL);
    pii_spans_free(&sp);
}

TEST(pii_out_of_memory_is_reported)
{
    pii_spans sp = {0};
    dl_error e;
    dl_alloc_fail_after(0);
    dl_err r = pii_scan("850709-9805", 11, TODAY, &sp, &e);
    dl_alloc_fail_after(-1);
    CHECK_INT_EQ(r, DL_ENOMEM);
    CHECK_INT_EQ(sp.n, 0);
    pii_spans_free(&sp);
}

TEST(pii_name_lists_are_sorted_and_searchable)
{
    const char *const *lists[] = {pii_first_names, pii_surnames};
    const size_t counts[] = {pii_first_names_count, pii_surnames_count};
    for (int l = 0; l < 2; l++) {
        CHECK(counts[l] >= 200);
        for (size_t i = 1; i < counts[l]; i++)
            if (strcmp(lists[l][i - 1], lists[l][i]) >= 0) {
                test_fail(__FILE__, __LINE__, "list %d not sorted at \"%s\", \"%s\"", l, lists[l][i - 1],
                          lists[l][i]);
                return;
            }
        for (size_t i = 0; i < counts[l]; i++)
            CHECK(pii_name_in(lists[l], counts[l], lists[l][i], strlen(lists[l][i])));
    }
    CHECK(pii_name_in(pii_first_names, pii_first_names_count, "Åsa", strlen("Åsa")));
    CHECK(!pii_name_in(pii_first_names, pii_first_names_count, "Ann", 2));   /* a prefix */
    CHECK(!pii_name_in(pii_first_names, pii_first_names_count, "Annaa", 5)); /* longer */
    CHECK(!pii_name_in(pii_first_names, pii_first_names_count, "Region", 6));
    CHECK(pii_name_in(pii_surnames, pii_surnames_count, "Svensson", 8));
}

/* Random bytes, and random pieces of the texts above glued together with
 * random UTF-8, must not crash the scan (ASan in build/san), and every span
 * must be inside the text, non-empty, sorted and not overlapping. */
TEST(pii_random_input_does_not_crash)
{
    static const char *const pieces[] = {"850709-9805", "+46 (0)8 ", "070-", "123 45 67", "@", "a@b.se", ".",
                                         "Anna ", "Svensson", "Ann-", "å", "😀", "\xC3", "\xF0\x9F", "-", " ",
                                         "0046", "(08) ", "19", "\xFF", "\0", "Åsa Öberg", "RH 2026-0"};
    rng seed = {20261206};
    char buf[512];
    pii_spans sp = {0};
    for (int round = 0; round < 20000; round++) {
        size_t n = 0, want = rnext(&seed) % sizeof buf;
        int mode = (int)(rnext(&seed) % 2);
        while (n < want) {
            if (mode == 0) {
                buf[n++] = (char)(rnext(&seed) & 0xFF);
            } else {
                const char *p = pieces[rnext(&seed) % (sizeof pieces / sizeof pieces[0])];
                size_t l = p[0] ? strlen(p) : 1;
                if (n + l > want) break;
                memcpy(buf + n, p, l);
                n += l;
            }
        }
        /* exactly n bytes on the heap, so ASan sees any read past the end */
        char *t = dl_malloc(n ? n : 1);
        CHECK(t != NULL);
        memcpy(t, buf, n);
        dl_err r = pii_scan(t, n, TODAY, &sp, NULL);
        dl_free(t);
        CHECK_INT_EQ(r, DL_OK);
        for (size_t k = 0; k < sp.n; k++) {
            CHECK(sp.v[k].start < sp.v[k].end && sp.v[k].end <= n);
            CHECK(sp.v[k].cp_start <= sp.v[k].cp_end);
            if (k) CHECK(sp.v[k - 1].end <= sp.v[k].start);
        }
    }
    pii_spans_free(&sp);
}
