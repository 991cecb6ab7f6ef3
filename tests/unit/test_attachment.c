/* test_attachment.c — the rules for a case's attached PDF: a whole PDF
 * passes; an empty file, another type with a .pdf name, a PDF header in
 * front of something else and a file over the limit are refused with their
 * sentences; file names are made safe for storing and for headers. */
#include "test.h"

#include <stdlib.h>

#include "core/attachment.h"

static const unsigned char whole[] = "%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

TEST(attachment_accepts_a_whole_pdf_and_refuses_the_rest)
{
    CHECK(attachment_check_pdf(whole, sizeof whole - 1) == NULL);
    CHECK_CONTAINS(attachment_check_pdf(whole, 0), "tom");
    CHECK_CONTAINS(attachment_check_pdf(NULL, 5), "tom");
    static const unsigned char png[] = "\x89PNG\r\n\x1a\n0000000000000000%%EOF";
    CHECK_CONTAINS(attachment_check_pdf(png, sizeof png - 1), "ska vara en PDF-fil");
    static const unsigned char no_end[] = "%PDF-1.4\nnothing else here, no end marker at all";
    CHECK_CONTAINS(attachment_check_pdf(no_end, sizeof no_end - 1), "inte en hel PDF-fil");
    static const unsigned char version[] = "%PDF-9.9\nxxxxxxxxxxxxxx%%EOF";
    CHECK_CONTAINS(attachment_check_pdf(version, sizeof version - 1), "ska vara en PDF-fil");
    /* the end marker must be near the end, not somewhere early */
    size_t n = 4096;
    unsigned char *early = malloc(n);
    CHECK(early != NULL);
    memset(early, 'x', n);
    memcpy(early, "%PDF-1.4\n%%EOF\n", 15);
    CHECK_CONTAINS(attachment_check_pdf(early, n), "inte en hel PDF-fil");
    free(early);
    CHECK_CONTAINS(attachment_check_pdf(whole, (size_t)ATTACHMENT_MAX_BYTES + 1), "för stor");
}

TEST(attachment_names_are_made_safe)
{
    char out[ATTACHMENT_NAME_MAX + 1];
    attachment_safe_name("beslut.pdf", out);
    CHECK_STR_EQ(out, "beslut.pdf");
    attachment_safe_name("C:\\Users\\sara\\Beslut från EPM.pdf", out);
    CHECK_STR_EQ(out, "Beslut från EPM.pdf");
    attachment_safe_name("../../etc/passwd", out);
    CHECK_STR_EQ(out, "passwd");
    attachment_safe_name("a\"b;c\r\nd.pdf", out);
    CHECK_STR_EQ(out, "a_b_c__d.pdf");
    attachment_safe_name("", out);
    CHECK_STR_EQ(out, "bilaga.pdf");
    attachment_safe_name("..", out);
    CHECK_STR_EQ(out, "bilaga.pdf");
    attachment_safe_name(NULL, out);
    CHECK_STR_EQ(out, "bilaga.pdf");
    /* cut on a character boundary: 119 ASCII letters then an 'ö' (2 bytes) */
    char long_name[200];
    memset(long_name, 'a', 119);
    strcpy(long_name + 119, "ö.pdf");
    attachment_safe_name(long_name, out);
    CHECK_INT_EQ(strlen(out), 119);
}
