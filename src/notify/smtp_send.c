/* smtp_send.c — one message over SMTP with libcurl, and the RFC 5322 /
 * MIME text of it (see smtp_send.h). */
#include "notify/smtp_send.h"
#include "core/alloc.h"
#include "core/mail_address.h"
#include "core/strbuf.h"
#include "core/utf8.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

enum { FROM_NAME_MAX = 128, QP_LINE_MAX = 76, WORD_BYTES = 39 };

void smtp_global_init(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

/* ---- the sender: "addr" or "Name <addr>" ----------------------------------------- */

static int parse_from(const char *from, char name[FROM_NAME_MAX + 1], char addr[MAIL_ADDRESS_MAX + 1])
{
    name[0] = addr[0] = '\0';
    if (!from) return 0;
    const char *lt = strchr(from, '<');
    if (!lt) {
        if (strlen(from) > MAIL_ADDRESS_MAX) return 0;
        snprintf(addr, MAIL_ADDRESS_MAX + 1, "%s", from);
    } else {
        const char *gt = strchr(lt, '>');
        if (!gt || gt[1] != '\0' || (size_t)(gt - lt - 1) > MAIL_ADDRESS_MAX) return 0;
        snprintf(addr, MAIL_ADDRESS_MAX + 1, "%.*s", (int)(gt - lt - 1), lt + 1);
        const char *s = from, *end = lt;
        while (*s == ' ') s++;
        while (end > s && end[-1] == ' ') end--;
        if (end - s >= 2 && *s == '"' && end[-1] == '"') { s++; end--; }
        if ((size_t)(end - s) > FROM_NAME_MAX) return 0;
        snprintf(name, FROM_NAME_MAX + 1, "%.*s", (int)(end - s), s);
    }
    dl_error e;
    if (mail_address_check(addr, &e) != DL_OK) return 0;
    if (!utf8_valid(name, strlen(name))) return 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '"' || *p == '\\') return 0;
    return 1;
}

dl_err smtp_config_check(const smtp_config *c, dl_error *e)
{
    const char *url = c && c->url ? c->url : "";
    const char *rest = strncmp(url, "smtp://", 7) == 0 ? url + 7 : strncmp(url, "smtps://", 8) == 0 ? url + 8 : NULL;
    if (!rest || !*rest)
        return dl_fail(e, DL_ECONFIG, "--smtp-url must be smtp://HOST[:PORT] or smtps://HOST[:PORT]");
    if (strchr(rest, '@'))
        return dl_fail(e, DL_ECONFIG, "--smtp-url must not hold a user or password; use --smtp-user and "
                                      "--smtp-password-file or DATALOTS_SMTP_PASSWORD");
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= 0x20 || *p >= 0x7f) return dl_fail(e, DL_ECONFIG, "--smtp-url holds a space or control character");
    char name[FROM_NAME_MAX + 1], addr[MAIL_ADDRESS_MAX + 1];
    if (!c->from || !*c->from) return dl_fail(e, DL_ECONFIG, "--smtp-from is needed with --smtp-url (the sender's address)");
    if (!parse_from(c->from, name, addr))
        return dl_fail(e, DL_ECONFIG, "--smtp-from must be an address such as noreply@region.se, or "
                                      "Name <noreply@region.se>");
    if (c->user && *c->user && (!c->password || !*c->password))
        return dl_fail(e, DL_ECONFIG, "--smtp-user needs a password: --smtp-password-file FILE or DATALOTS_SMTP_PASSWORD");
    return DL_OK;
}

/* ---- header encodings ------------------------------------------------------------ */

static int plain_header_text(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p >= 0x7f) return 0;
    return strstr(s, "=?") == NULL;
}

/* RFC 2047 encoded words of at most 39 bytes of text each (64 characters
 * with the markers, so "Subject: " and one word fit in 78), never
 * splitting a character, folded with CRLF SP. */
static void encoded_words(strbuf *sb, const char *s)
{
    size_t n = strlen(s), i = 0;
    while (i < n) {
        size_t take = n - i < WORD_BYTES ? n - i : WORD_BYTES;
        while (take > 1 && i + take < n && ((unsigned char)s[i + take] & 0xC0) == 0x80) take--;
        char b64[sodium_base64_ENCODED_LEN(WORD_BYTES, sodium_base64_VARIANT_ORIGINAL)];
        sodium_bin2base64(b64, sizeof b64, (const unsigned char *)s + i, take, sodium_base64_VARIANT_ORIGINAL);
        if (i) sb_puts(sb, "\r\n ");
        sb_printf(sb, "=?UTF-8?B?%s?=", b64);
        i += take;
    }
}

static void header_text(strbuf *sb, const char *s)
{
    if (plain_header_text(s) && strlen(s) < 900) sb_puts(sb, s);
    else encoded_words(sb, s);
}

static void date_header(strbuf *sb, int64_t t)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    sb_printf(sb, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", days[tm.tm_wday % 7], tm.tm_mday,
              months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* ---- the body: quoted-printable (RFC 2045 6.7), CRLF lines ---------------------------- */

static void qp_line(strbuf *sb, const char *s, size_t n)
{
    size_t col = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char tok[4];
        int literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && i + 1 < n);
        if (c == '.' && col == 0) literal = 0; /* never a line that starts with a dot */
        if (literal) { tok[0] = (char)c; tok[1] = '\0'; }
        else snprintf(tok, sizeof tok, "=%02X", c);
        size_t len = strlen(tok);
        if (col + len > QP_LINE_MAX - 1) { /* room for the soft break's '=' */
            sb_puts(sb, "=\r\n");
            col = 0;
            if (tok[0] == '.') snprintf(tok, sizeof tok, "=2E"), len = 3;
        }
        sb_puts(sb, tok);
        col += len;
    }
    sb_puts(sb, "\r\n");
}

static void qp_body(strbuf *sb, const char *body)
{
    const char *p = body;
    while (*p) {
        size_t n = strcspn(p, "\n");
        size_t len = n;
        if (len && p[len - 1] == '\r') len--;
        /* a bare CR inside a line is dropped: it would be a line break to some readers */
        char stack[1024];
        char *line = len < sizeof stack ? stack : dl_malloc(len + 1);
        if (!line) { sb->oom = 1; return; }
        size_t k = 0;
        for (size_t i = 0; i < len; i++)
            if (p[i] != '\r') line[k++] = p[i];
        qp_line(sb, line, k);
        if (line != stack) dl_free(line);
        p += n;
        if (*p == '\n') p++;
    }
}

char *smtp_build_message(const smtp_config *c, const smtp_message *m, size_t *len)
{
    char name[FROM_NAME_MAX + 1], addr[MAIL_ADDRESS_MAX + 1];
    if (!parse_from(c->from, name, addr)) return NULL;
    strbuf sb;
    sb_init(&sb, strlen(m->body_text) * 3 / 2 + 1024);
    date_header(&sb, m->date);
    sb_puts(&sb, "From: ");
    if (name[0]) {
        if (plain_header_text(name)) sb_printf(&sb, "\"%s\"", name);
        else encoded_words(&sb, name);
        sb_printf(&sb, " <%s>\r\n", addr);
    } else {
        sb_printf(&sb, "%s\r\n", addr);
    }
    sb_printf(&sb, "To: %s\r\n", m->to);
    sb_puts(&sb, "Subject: ");
    header_text(&sb, m->subject);
    sb_printf(&sb, "\r\nMessage-ID: %s\r\n", m->message_id);
    sb_puts(&sb, "MIME-Version: 1.0\r\n"
                 "Content-Type: text/plain; charset=utf-8\r\n"
                 "Content-Transfer-Encoding: quoted-printable\r\n"
                 "Auto-Submitted: auto-generated\r\n"
                 "\r\n");
    qp_body(&sb, m->body_text);
    if (sb.oom) { sb_free(&sb); return NULL; }
    sb_cstr(&sb);
    return sb_steal(&sb, len);
}

/* ---- libcurl ---------------------------------------------------------------------- */

struct upload { const char *data; size_t len, pos; };

static size_t read_upload(char *buf, size_t size, size_t nitems, void *arg)
{
    struct upload *u = arg;
    size_t room = size * nitems, left = u->len - u->pos;
    size_t n = left < room ? left : room;
    memcpy(buf, u->data + u->pos, n);
    u->pos += n;
    return n;
}

dl_err smtp_send(const smtp_config *c, const smtp_message *m, smtp_result *r, dl_error *e)
{
    memset(r, 0, sizeof *r);
    char name[FROM_NAME_MAX + 1], addr[MAIL_ADDRESS_MAX + 1];
    if (!parse_from(c->from, name, addr)) return dl_fail(e, DL_ECONFIG, "smtp: the sender address (--smtp-from) is malformed");
    size_t len = 0;
    char *text = smtp_build_message(c, m, &len);
    if (!text) return dl_fail(e, DL_ENOMEM, "smtp: out of memory building the message");
    CURL *h = curl_easy_init();
    struct curl_slist *rcpt = NULL;
    char from_path[MAIL_ADDRESS_MAX + 3], to_path[MAIL_ADDRESS_MAX + 3], errbuf[CURL_ERROR_SIZE] = "";
    snprintf(from_path, sizeof from_path, "<%s>", addr);
    snprintf(to_path, sizeof to_path, "<%s>", m->to);
    struct curl_slist *added = h ? curl_slist_append(NULL, to_path) : NULL;
    if (!h || !added) {
        if (h) curl_easy_cleanup(h);
        dl_free(text);
        return dl_fail(e, DL_ENOMEM, "smtp: libcurl could not start");
    }
    rcpt = added;
    int credentials = c->user && *c->user;
    int smtps = strncmp(c->url, "smtps://", 8) == 0;
    struct upload up = {text, len, 0};
    curl_easy_setopt(h, CURLOPT_URL, c->url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)(c->connect_timeout > 0 ? c->connect_timeout : SMTP_CONNECT_TIMEOUT));
    curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)(c->timeout > 0 ? c->timeout : SMTP_TIMEOUT));
    curl_easy_setopt(h, CURLOPT_USE_SSL, (long)(smtps || c->require_tls || credentials ? CURLUSESSL_ALL : CURLUSESSL_TRY));
    if (credentials) {
        curl_easy_setopt(h, CURLOPT_USERNAME, c->user);
        curl_easy_setopt(h, CURLOPT_PASSWORD, c->password ? c->password : "");
    }
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, from_path);
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, read_upload);
    curl_easy_setopt(h, CURLOPT_READDATA, &up);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    CURLcode cc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->reply);
    curl_easy_cleanup(h);
    curl_slist_free_all(rcpt);
    dl_free(text);
    if (cc == CURLE_OK) return DL_OK;
    r->unreachable = cc == CURLE_COULDNT_CONNECT || cc == CURLE_COULDNT_RESOLVE_HOST ||
                     (cc == CURLE_OPERATION_TIMEDOUT && r->reply == 0);
    /* 5xx to RCPT TO: the receiving side says this address will never work.
     * Anything else (4xx, MAIL FROM or AUTH refused, TLS, network) may pass later. */
    r->permanent = r->reply >= 500 && r->reply < 600 && strstr(errbuf, "RCPT") != NULL;
    return dl_fail(e, DL_EIO, "smtp: %s%s%s", curl_easy_strerror(cc), errbuf[0] ? ": " : "", errbuf);
}
