/* imap_mailbox.c — see imap_mailbox.h. libcurl speaks the IMAP; this file
 * only builds its URLs and custom commands and reads the untagged answers
 * (* OK [UIDVALIDITY n], * n FETCH (UID u RFC822.SIZE s FLAGS (…))). */
#include "notify/imap_mailbox.h"
#include "core/capped_buf.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef capped_buf buf; /* an answer, up to the mailbox's largest message (core/capped_buf.h) */

static long max_bytes(const imap_config *c) { return c->max_bytes > 0 ? c->max_bytes : IMAP_DEFAULT_MAX_BYTES; }

/* The mailbox's name: the URL's path after the host ("INBOX" when none). */
static const char *mailbox_name(const char *url)
{
    const char *p = strstr(url, "://");
    p = p ? strchr(p + 3, '/') : NULL;
    return p && p[1] ? p + 1 : "INBOX";
}

static int name_ok(const char *s)
{
    if (!*s || strlen(s) > 100) return 0;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || strchr("._-/", *s)))
            return 0;
    return 1;
}

dl_err imap_config_check(const imap_config *c, dl_error *e)
{
    if (!c->url || (strncmp(c->url, "imap://", 7) != 0 && strncmp(c->url, "imaps://", 8) != 0))
        return dl_fail(e, DL_ECONFIG, "--mailbox-url must be imap://HOST[:PORT]/MAILBOX or imaps://…");
    const char *host = strstr(c->url, "://") + 3;
    const char *slash = strchr(host, '/');
    const char *at = strchr(host, '@');
    if (at && (!slash || at < slash))
        return dl_fail(e, DL_ECONFIG, "--mailbox-url must not hold a user or password; use --mailbox-user and "
                                      "--mailbox-password-file");
    if (!name_ok(mailbox_name(c->url)) || strchr(c->url, ';') || strchr(c->url, '?'))
        return dl_fail(e, DL_ECONFIG, "--mailbox-url: the mailbox name may hold letters, digits and . _ - / only");
    if (!c->user || !*c->user || !c->password_file || !*c->password_file)
        return dl_fail(e, DL_ECONFIG, "--mailbox-url needs --mailbox-user and --mailbox-password-file");
    const char *a = c->after ? c->after : "seen";
    if (strcmp(a, "seen") != 0 && strcmp(a, "none") != 0 && !(strncmp(a, "move:", 5) == 0 && name_ok(a + 5)))
        return dl_fail(e, DL_ECONFIG, "--mailbox-after must be seen, none or move:FOLDER");
    return DL_OK;
}

const char *imap_mailbox_key(const imap_config *c) { return c->url; }

/* The first line of the password file, into out. */
static dl_err read_password(const imap_config *c, char *out, size_t outsz, dl_error *e)
{
    FILE *f = fopen(c->password_file, "r");
    if (!f || !fgets(out, (int)outsz, f)) {
        if (f) fclose(f);
        return dl_fail(e, DL_ECONFIG, "Lösenordsfilen för brevlådan (--mailbox-password-file) går inte att läsa. "
                                      "Be driften se efter den.");
    }
    fclose(f);
    out[strcspn(out, "\r\n")] = '\0';
    return DL_OK;
}

struct imap_session {
    const imap_config *c;
    CURL *h;
    char errbuf[CURL_ERROR_SIZE];
};

dl_err imap_open(const imap_config *c, imap_session **out, dl_error *e)
{
    *out = NULL;
    char password[512];
    if (read_password(c, password, sizeof password, e) != DL_OK) return e->code;
    imap_session *s = calloc(1, sizeof *s);
    CURL *h = s ? curl_easy_init() : NULL;
    if (!h) {
        free(s);
        explicit_bzero(password, sizeof password);
        return dl_fail(e, DL_ENOMEM, "libcurl could not start");
    }
    s->c = c;
    s->h = h;
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "imap,imaps");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, s->errbuf);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)IMAP_TIMEOUT);
    curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
    curl_easy_setopt(h, CURLOPT_USERNAME, c->user);
    curl_easy_setopt(h, CURLOPT_PASSWORD, password); /* libcurl keeps its own copy */
    explicit_bzero(password, sizeof password);
    *out = s;
    return DL_OK;
}

void imap_close(imap_session *s)
{
    if (!s) return;
    curl_easy_cleanup(s->h);
    free(s);
}

/* A sentence for a failed conversation; never the password. */
static dl_err io_fail(CURLcode cc, const char *errbuf, dl_error *e)
{
    switch (cc) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_OPERATION_TIMEDOUT:
        return dl_fail(e, DL_EUPSTREAM, "Brevlådans IMAP-server svarar inte (%s). Försök igen om en stund, eller be driften "
                                  "se efter servern.", curl_easy_strerror(cc));
    case CURLE_LOGIN_DENIED:
        return dl_fail(e, DL_EUPSTREAM, "Brevlådan tog inte emot inloggningen: användarnamnet eller lösenordet i "
                                  "inställningarna (--mailbox-user, --mailbox-password-file) stämmer inte.");
    case CURLE_FILESIZE_EXCEEDED:
        return dl_fail(e, DL_ELIMIT, "Meddelandet är större än gränsen för brevlådan och kan inte registreras här. "
                                     "Registrera det för hand.");
    case CURLE_REMOTE_FILE_NOT_FOUND:
        return dl_fail(e, DL_ENOTFOUND, "Meddelandet finns inte längre i brevlådan (eller brevlådan har byggts om). "
                                        "Ladda om sidan.");
    default:
        return dl_fail(e, DL_EUPSTREAM, "Brevlådan gick inte att läsa: %s%s%s", curl_easy_strerror(cc),
                       errbuf[0] ? ": " : "", errbuf);
    }
}

/* One command on the connection of h; its answer in *b. */
static CURLcode run(CURL *h, const char *url, const char *cmd, buf *b)
{
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, cmd);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, capped_buf_write);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, b);
    return curl_easy_perform(h);
}

/* "imap://host:port/" (the URL without its mailbox). */
static void base_url(const char *url, char *out, size_t outsz)
{
    const char *host = strstr(url, "://");
    const char *slash = host ? strchr(host + 3, '/') : NULL;
    if (slash) snprintf(out, outsz, "%.*s", (int)(slash - url + 1), url);
    else snprintf(out, outsz, "%s/", url);
}

static int by_uid_desc(const void *a, const void *b)
{
    const imap_message_ref *x = a, *y = b;
    return x->uid < y->uid ? 1 : x->uid > y->uid ? -1 : 0;
}

dl_err imap_list(imap_session *s, uint32_t *uidvalidity, imap_message_ref *out, int max, int *n, dl_error *e)
{
    *n = 0;
    *uidvalidity = 0;
    const imap_config *c = s->c;
    CURL *h = s->h;
    const char *errbuf = s->errbuf;
    s->errbuf[0] = '\0';
    char base[600], box[700], cmd[200];
    base_url(c->url, base, sizeof base);
    snprintf(box, sizeof box, "%s%s", base, mailbox_name(c->url));
    snprintf(cmd, sizeof cmd, "EXAMINE \"%s\"", mailbox_name(c->url));
    buf b = {0};
    CURLcode cc = run(h, base, cmd, &b);
    const char *v = b.p ? strstr(b.p, "[UIDVALIDITY ") : NULL;
    if (cc == CURLE_OK && v) *uidvalidity = (uint32_t)strtoul(v + 13, NULL, 10);
    free(b.p);
    memset(&b, 0, sizeof b);
    dl_err rc = DL_OK;
    if (cc != CURLE_OK) rc = io_fail(cc, errbuf, e);
    else if (!*uidvalidity) rc = dl_fail(e, DL_EUPSTREAM, "Brevlådan %s finns inte på IMAP-servern.", mailbox_name(c->url));
    if (rc == DL_OK) {
        cc = run(h, box, "UID FETCH 1:* (UID RFC822.SIZE FLAGS)", &b);
        if (cc != CURLE_OK) rc = io_fail(cc, errbuf, e);
    }
    /* Every line: * SEQ FETCH (UID u RFC822.SIZE s FLAGS (…)), in any order of items. */
    int total = 0;
    imap_message_ref *all = NULL;
    for (char *line = b.p; rc == DL_OK && line && *line;) {
        char *end = strchr(line, '\n');
        if (end) *end = '\0';
        if (strstr(line, " FETCH (")) {
            char *u = strstr(line, "UID "), *sz = strstr(line, "RFC822.SIZE "), *f = strstr(line, "FLAGS (");
            if (u && sz) {
                imap_message_ref *grown = realloc(all, sizeof *all * (size_t)(total + 1));
                if (!grown) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
                all = grown;
                all[total].uid = (uint32_t)strtoul(u + 4, NULL, 10);
                all[total].size = strtol(sz + 12, NULL, 10);
                all[total].seen = f && strstr(f, "\\Seen") != NULL;
                total++;
            }
        }
        line = end ? end + 1 : NULL;
    }
    free(b.p);
    if (rc == DL_OK && total) {
        qsort(all, (size_t)total, sizeof *all, by_uid_desc);
        for (int i = 0; i < total && *n < max; i++) out[(*n)++] = all[i];
    }
    free(all);
    return rc;
}

dl_err imap_fetch(imap_session *s, uint32_t uidvalidity, uint32_t uid, int was_seen, char **data, size_t *len,
                  dl_error *e)
{
    *data = NULL;
    *len = 0;
    const imap_config *c = s->c;
    CURL *h = s->h;
    const char *errbuf = s->errbuf;
    s->errbuf[0] = '\0';
    char base[600], url[800], box[700], cmd[100];
    base_url(c->url, base, sizeof base);
    snprintf(box, sizeof box, "%s%s", base, mailbox_name(c->url));
    snprintf(url, sizeof url, "%s;UIDVALIDITY=%u/;UID=%u", box, uidvalidity, uid);
    buf b = {.max = (size_t)max_bytes(c)};
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max_bytes(c));
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, NULL);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, capped_buf_write);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
    CURLcode cc = curl_easy_perform(h);
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)0);
    dl_err rc = DL_OK;
    if (b.over) rc = io_fail(CURLE_FILESIZE_EXCEEDED, errbuf, e);
    else if (cc != CURLE_OK) rc = io_fail(cc, errbuf, e);
    else if (!b.len) rc = io_fail(CURLE_REMOTE_FILE_NOT_FOUND, errbuf, e);
    /* libcurl's FETCH BODY[] set \Seen: take it back (invariant 1). */
    if (!was_seen && cc != CURLE_COULDNT_CONNECT && cc != CURLE_LOGIN_DENIED) {
        buf ignored = {0};
        snprintf(cmd, sizeof cmd, "UID STORE %u -FLAGS.SILENT (\\Seen)", uid);
        CURLcode c2 = run(h, box, cmd, &ignored);
        free(ignored.p);
        if (c2 != CURLE_OK && rc == DL_OK) rc = io_fail(c2, errbuf, e);
    }
    if (rc != DL_OK) { free(b.p); return rc; }
    *data = b.p;
    *len = b.len;
    return DL_OK;
}

dl_err imap_after_register(imap_session *s, uint32_t uid, dl_error *e)
{
    const imap_config *c = s->c;
    const char *a = c->after && *c->after ? c->after : "seen";
    if (strcmp(a, "none") == 0) return DL_OK;
    CURL *h = s->h;
    s->errbuf[0] = '\0';
    char base[600], box[700], cmd[200];
    base_url(c->url, base, sizeof base);
    snprintf(box, sizeof box, "%s%s", base, mailbox_name(c->url));
    if (strncmp(a, "move:", 5) == 0) snprintf(cmd, sizeof cmd, "UID MOVE %u \"%s\"", uid, a + 5);
    else snprintf(cmd, sizeof cmd, "UID STORE %u +FLAGS.SILENT (\\Seen)", uid);
    buf b = {0};
    CURLcode cc = run(h, box, cmd, &b);
    free(b.p);
    return cc == CURLE_OK ? DL_OK : io_fail(cc, s->errbuf, e);
}
