/* test_mail_message.c — notify/mail_text.c (every kind in Swedish and
 * English, placeholders filled, a missing value refused) and the message
 * smtp_send.c builds: RFC 2047 subject that decodes back to the UTF-8 it
 * came from, quoted-printable body with CRLF lines of at most 76
 * characters, no line starting with a dot, the fixed Message-ID. */
#include "test.h"

#include <sodium.h>
#include <stdlib.h>

#include "core/alloc.h"
#include "notify/mail_text.h"
#include "notify/smtp_send.h"

TEST(mail_text_every_kind_has_swedish_and_english)
{
    /* Every placeholder any kind uses (mail.test; the case mails; the obstacle step and subscription). */
    mail_value v[] = {{"host", "datalots-1"}, {"time", "2026-12-06 10:00"}, {"case_number", "RH 2026-00042"},
                      {"title", "Diabetes"}, {"organisation", "Regionhälsan"}, {"deadline", "2026-12-20"},
                      {"link", "https://datalots.example/cases/1"}, {"reference", "H-000042"},
                      {"state", "Åtgärdat (Åtgärd vidtagen)"}, {"days", "7"}, {"answer", "Tack."},
                      {"unsubscribe", "https://datalots.example/hinder/bevakning/avsluta?t=x"},
                      {"day", "2026-12-07"}, {"count", "2"}, {"cases", "RH 2026-00042 Diabetes\n"}};
    int kinds = 0;
    for (size_t i = 0; mail_text_kind(i); i++, kinds++) {
        for (int l = 0; l < 2; l++) {
            mail_text t;
            dl_error e = {0};
            CHECK_INT_EQ(mail_text_render(mail_text_kind(i), l ? "en" : "sv", v, sizeof v / sizeof v[0], &t, &e), DL_OK);
            CHECK(t.subject[0] && t.body[0]);
            CHECK(!strchr(t.subject, '\n'));
            CHECK_NOT_CONTAINS(t.body, "{");
            mail_text_free(&t);
        }
    }
    CHECK(kinds >= 1);
}

TEST(mail_text_fills_placeholders_and_refuses_a_missing_value)
{
    mail_value v[] = {{"time", "2026-12-06 10:00"}, {"host", "datalots-1"}, {"unused", "x"}};
    mail_text t;
    dl_error e = {0};
    CHECK_INT_EQ(mail_text_render("mail.test", "sv", v, 3, &t, &e), DL_OK);
    CHECK_CONTAINS(t.subject, "å, ä, ö");
    CHECK_CONTAINS(t.body, "på datalots-1, lagt i utkorgen 2026-12-06 10:00.");
    mail_text_free(&t);
    CHECK_INT_EQ(mail_text_render("mail.test", "en", v, 3, &t, &e), DL_OK);
    CHECK_CONTAINS(t.body, "on datalots-1, put in the outbox 2026-12-06 10:00.");
    mail_text_free(&t);
    CHECK_INT_EQ(mail_text_render("mail.test", "en", v, 1, &t, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "{host}");
    CHECK(t.subject == NULL && t.body == NULL);
    CHECK_INT_EQ(mail_text_render("mail.test", "de", v, 3, &t, &e), DL_ENOTFOUND);
    CHECK_INT_EQ(mail_text_render("no.such.kind", "sv", v, 3, &t, &e), DL_ENOTFOUND);
}

/* The text of the header name (e.g. "Subject: "), unfolded, or NULL. */
static char *header(const char *msg, const char *name)
{
    const char *p = strstr(msg, name);
    if (!p) return NULL;
    p += strlen(name);
    char *out = calloc(1, strlen(p) + 1);
    size_t n = 0;
    while (*p && !(p[0] == '\r' && p[1] == '\n' && p[2] != ' ')) {
        if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ') { p += 3; continue; }
        out[n++] = *p++;
    }
    return out;
}

/* Decodes a run of =?UTF-8?B?…?= words (no spaces between them once unfolded). */
static int decode_words(const char *s, char *out, size_t outsz)
{
    size_t n = 0;
    while (*s) {
        if (strncmp(s, "=?UTF-8?B?", 10) != 0) return 0;
        s += 10;
        const char *end = strstr(s, "?=");
        if (!end || end - s > 75) return 0;
        size_t got = 0;
        if (sodium_base642bin((unsigned char *)out + n, outsz - n - 1, s, (size_t)(end - s), NULL, &got, NULL,
                              sodium_base64_VARIANT_ORIGINAL) != 0)
            return 0;
        n += got;
        s = end + 2;
    }
    out[n] = '\0';
    return 1;
}

TEST(smtp_message_headers_encoding_and_line_rules)
{
    smtp_config c = {.url = "smtp://127.0.0.1:25", .from = "Region Norr – datalots <noreply@region.example>"};
    const char *subject = "Ärendet RS 2026/14 är mottaget – åäö ÅÄÖ, och en ganska lång ämnesrad som måste delas upp";
    char body[4096];
    snprintf(body, sizeof body,
             "Hej!\n.\n.en rad som börjar med punkt\nslut med mellanslag \n"
             "%s\nrad med CR\r\n=likhetstecken=\n", "lång rad lång rad lång rad lång rad lång rad lång rad lång rad "
             "lång rad lång rad lång rad lång rad lång rad lång rad lång rad ..........");
    smtp_message m = {"kari@region.example", subject, body, "<outbox.7.abc@datalots>", 1796549425};
    size_t len = 0;
    char *msg = smtp_build_message(&c, &m, &len);
    CHECK(msg);
    CHECK_INT_EQ(strlen(msg), len);
    char *subj = header(msg, "\r\nSubject: ");
    char *from = header(msg, "\r\nFrom: ");
    char decoded[1024];
    int ok_subject = subj && decode_words(subj, decoded, sizeof decoded) && strcmp(decoded, subject) == 0;
    int ok_from = from && strstr(from, "?= <noreply@region.example>") != NULL;
    free(subj);
    free(from);
    CHECK_CONTAINS(msg, "Date: Sun, 06 Dec 2026 09:30:25 +0000\r\n");
    CHECK_CONTAINS(msg, "\r\nTo: kari@region.example\r\n");
    CHECK_CONTAINS(msg, "\r\nMessage-ID: <outbox.7.abc@datalots>\r\n");
    CHECK_CONTAINS(msg, "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                        "Content-Transfer-Encoding: quoted-printable\r\n");
    CHECK(ok_subject);
    CHECK(ok_from);
    /* every line: CRLF, at most 78 characters (76 in the body), 7-bit, never a dot first */
    const char *body_start = strstr(msg, "\r\n\r\n");
    CHECK(body_start);
    int bad = 0;
    for (const char *line = msg; *line;) {
        const char *eol = strstr(line, "\r\n");
        if (!eol) { bad = 1; break; }
        size_t n = (size_t)(eol - line);
        if (n > (line > body_start ? 76u : 78u) || line[0] == '.' || memchr(line, '\n', n) || memchr(line, '\r', n)) bad = 1;
        for (size_t i = 0; i < n; i++) if ((unsigned char)line[i] >= 0x80) bad = 1;
        line = eol + 2;
    }
    CHECK_INT_EQ(bad, 0);
    CHECK_CONTAINS(body_start, "\r\n\r\nHej!\r\n=2E\r\n=2Een rad som b=C3=B6rjar med punkt\r\n");
    CHECK_CONTAINS(body_start, "slut med mellanslag=20\r\n");
    CHECK_CONTAINS(body_start, "\r\nrad med CR\r\n=3Dlikhetstecken=3D\r\n");
    dl_free(msg);
    /* a plain ASCII subject stays as it is */
    m.subject = "Test message from datalots";
    msg = smtp_build_message(&c, &m, &len);
    CHECK(msg);
    CHECK_CONTAINS(msg, "\r\nSubject: Test message from datalots\r\n");
    dl_free(msg);
}

TEST(smtp_config_check_refuses_credentials_in_the_url_and_a_bad_sender)
{
    dl_error e = {0};
    smtp_config c = {.url = "smtp://mail.region.example:587", .from = "noreply@region.example"};
    CHECK_INT_EQ(smtp_config_check(&c, &e), DL_OK);
    c.url = "smtps://mail.region.example";
    CHECK_INT_EQ(smtp_config_check(&c, &e), DL_OK);
    c.url = "smtp://user:secret@mail.region.example";
    CHECK_INT_EQ(smtp_config_check(&c, &e), DL_ECONFIG);
    CHECK_NOT_CONTAINS(e.msg, "secret");
    c.url = "http://mail.region.example";
    CHECK_INT_EQ(smtp_config_check(&c, &e), DL_ECONFIG);
    c.url = "smtp://mail.region.example";
    c.from = "noreply@region.example\r\nBcc: x@evil.example";
    CHECK_INT_EQ(smtp_config_check(&c, &e), DL_ECONFIG);
    c.from = "Name <noreply@region.example";
    CHECK_INT_EQ(smtp_config_check(&c, &e), DL_ECONFIG);
    c.from = "";
    CHECK_INT_EQ(smtp_config_check(&c, &e), DL_ECONFIG);
    c.from = "\"Region Norr\" <noreply@region.example>";
    CHECK_INT_EQ(smtp_config_check(&c, &e), DL_OK);
    c.user = "datalots";
    CHECK_INT_EQ(smtp_config_check(&c, &e), DL_ECONFIG); /* a user needs a password */
    c.password = "pw";
    CHECK_INT_EQ(smtp_config_check(&c, &e), DL_OK);
}
