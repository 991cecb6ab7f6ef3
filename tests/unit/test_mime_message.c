/* test_mime_message.c — notify/mime_message.c (GMime): a plain message with
 * an encoded subject and a PDF, a Latin-1 text, HTML only, a hostile file
 * name, a message without Message-ID (a SHA-256 stands in), one without a
 * sender and one that is no e-mail at all, too many files, and a text
 * longer than MIME_TEXT_MAX cut on a UTF-8 boundary. */
#include "test.h"

#include <stdlib.h>

#include "notify/mime_message.h"

static dl_err parse(const char *raw, arena *a, mime_message *m, dl_error *e)
{
    return mime_parse(raw, strlen(raw), a, m, e);
}

TEST(mime_plain_with_a_pdf)
{
    arena *a = arena_new(0);
    mime_message m;
    dl_error e;
    const char *raw = "From: =?UTF-8?B?w4VzYSDDlmJlcmc=?= <asa@example.org>\r\n"
                      "Subject: =?UTF-8?Q?Ans=C3=B6kan_om_uppgifter?=\r\n"
                      "Message-ID: <abc@example.org>\r\nDate: Mon, 07 Dec 2026 09:15:00 +0100\r\n"
                      "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"x\"\r\n\r\n"
                      "--x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHej på er!\r\n"
                      "--x\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"a.pdf\"\r\n"
                      "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjcKJSVFT0YK\r\n--x--\r\n";
    CHECK_INT_EQ(parse(raw, a, &m, &e), DL_OK);
    CHECK_STR_EQ(m.from_addr, "asa@example.org");
    CHECK_STR_EQ(m.from_name, "Åsa Öberg");
    CHECK_STR_EQ(m.subject, "Ansökan om uppgifter");
    CHECK_STR_EQ(m.message_id, "abc@example.org");
    CHECK_CONTAINS(m.text, "Hej på er!");
    CHECK(!m.text_from_html);
    CHECK_INT_EQ(m.n_files, 1);
    CHECK_STR_EQ(m.files[0].filename, "a.pdf");
    CHECK_STR_EQ(m.files[0].content_type, "application/pdf");
    CHECK_INT_EQ((int)m.files[0].len, 15);
    CHECK(memcmp(m.files[0].data, "%PDF-1.7\n%%EOF\n", 15) == 0);
    arena_free(a);
}

TEST(mime_latin1_html_and_hostile_names)
{
    arena *a = arena_new(0);
    mime_message m;
    dl_error e;
    const char *latin1 = "From: a@example.org\r\nSubject: x\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
                         "Content-Transfer-Encoding: quoted-printable\r\n\r\nK=F6ket\r\n";
    CHECK_INT_EQ(parse(latin1, a, &m, &e), DL_OK);
    CHECK_CONTAINS(m.text, "Köket");
    const char *html = "From: a@example.org\r\nSubject: <b>x</b>\r\nMIME-Version: 1.0\r\n"
                       "Content-Type: multipart/mixed; boundary=\"y\"\r\n\r\n"
                       "--y\r\nContent-Type: text/html\r\n\r\n<script>alert(1)</script>\r\n"
                       "--y\r\nContent-Type: application/octet-stream\r\n"
                       "Content-Disposition: attachment; filename=\"../../etc/pa\\\"ss\"\r\n\r\nMZ\r\n--y--\r\n";
    CHECK_INT_EQ(parse(html, a, &m, &e), DL_OK);
    CHECK(m.text_from_html);
    CHECK_CONTAINS(m.text, "<script>"); /* kept as text: the page escapes it */
    CHECK_STR_EQ(m.subject, "<b>x</b>");
    CHECK_INT_EQ(m.n_files, 1);
    CHECK_NOT_CONTAINS(m.files[0].filename, "/");
    CHECK_NOT_CONTAINS(m.files[0].filename, "\"");
    CHECK_CONTAINS(m.message_id, "sha256:"); /* none in the message */
    CHECK_INT_EQ((int)strlen(m.message_id), 7 + 64);
    arena_free(a);
}

TEST(mime_refuses_what_is_no_message)
{
    arena *a = arena_new(0);
    mime_message m;
    dl_error e;
    CHECK_INT_EQ(parse("Subject: no sender\r\n\r\nbody\r\n", a, &m, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "avsändare");
    CHECK(parse("this is no e-mail at all\r\nnothing\r\n", a, &m, &e) == DL_EINVAL);
    CHECK(parse("From: not an address\r\n\r\nx\r\n", a, &m, &e) == DL_EINVAL);
    CHECK(mime_parse("", 0, a, &m, &e) == DL_EINVAL);
    arena_free(a);
}

TEST(mime_limits)
{
    arena *a = arena_new(0);
    mime_message m;
    dl_error e;
    /* MIME_FILES_MAX + 1 files */
    size_t cap = 64 * 1024;
    char *raw = malloc(cap);
    size_t n = (size_t)snprintf(raw, cap, "From: a@example.org\r\nMIME-Version: 1.0\r\n"
                                          "Content-Type: multipart/mixed; boundary=\"z\"\r\n\r\n");
    for (int i = 0; i <= MIME_FILES_MAX; i++)
        n += (size_t)snprintf(raw + n, cap - n, "--z\r\nContent-Type: application/pdf\r\n"
                                                "Content-Disposition: attachment; filename=\"f%d.pdf\"\r\n\r\nx\r\n", i);
    snprintf(raw + n, cap - n, "--z--\r\n");
    CHECK_INT_EQ(parse(raw, a, &m, &e), DL_ELIMIT);
    /* a long text of two-byte characters, cut whole */
    n = (size_t)snprintf(raw, cap, "From: a@example.org\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
    for (int i = 0; i < 5000; i++) n += (size_t)snprintf(raw + n, cap - n, "å");
    CHECK_INT_EQ(parse(raw, a, &m, &e), DL_OK);
    CHECK(m.text_cut);
    CHECK(strlen(m.text) <= MIME_TEXT_MAX);
    CHECK((strlen(m.text) % 2) == 0);
    free(raw);
    arena_free(a);
}
