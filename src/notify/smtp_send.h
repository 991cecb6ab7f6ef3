/* smtp_send.h — sends one message through an SMTP server with libcurl, and
 * builds the RFC 5322 text it sends: From, To, a Subject in RFC 2047
 * encoded words (=?UTF-8?B?…?=) when it is not plain ASCII, Date,
 * Message-ID, MIME-Version, a text/plain UTF-8 body in quoted-printable —
 * so the message is 7-bit clean, every line ends in CRLF and no line
 * starts with a dot.
 *
 * TLS: smtps:// is TLS from the first byte. smtp:// uses STARTTLS when the
 * server offers it, and requires it (refuses to send in clear) when
 * require_tls is set or a user name is configured — a password never goes
 * over an unencrypted connection. Certificates are checked against the
 * system's CAs. The password is never logged nor put in an error text. */
#ifndef DATALOTS_SMTP_SEND_H
#define DATALOTS_SMTP_SEND_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define SMTP_CONNECT_TIMEOUT 20 /* seconds, default */
#define SMTP_TIMEOUT 60         /* seconds for one whole message, default */

typedef struct smtp_config {
    const char *url;        /* smtp://host[:port] or smtps://host[:port]; no user or password in it */
    const char *from;       /* noreply@region.se, or Region Norr <noreply@region.se> */
    const char *user;       /* NULL or "": no AUTH */
    const char *password;   /* with user; never logged */
    int require_tls;        /* smtp://: never send without STARTTLS */
    int connect_timeout;    /* seconds; 0: SMTP_CONNECT_TIMEOUT */
    int timeout;            /* seconds; 0: SMTP_TIMEOUT */
} smtp_config;

typedef struct smtp_message {
    const char *to, *subject, *body_text; /* as the outbox keeps them (store/outbox.h) */
    const char *message_id;               /* <…@…>, the same on every attempt */
    int64_t date;                         /* Unix time for the Date header */
} smtp_message;

typedef struct smtp_result {
    long reply;       /* the SMTP server's last reply code, 0 if none */
    int permanent;    /* the server refused the recipient for good (5xx to RCPT) */
    int unreachable;  /* no SMTP conversation at all (connect, DNS, timeout) */
} smtp_result;

/* Starts libcurl; call once before any thread sends. */
void smtp_global_init(void);

/* Checks a configuration: the URL's scheme and that it has no user or
 * password in it, the sender's address. DL_ECONFIG with an English
 * sentence for the operator. */
dl_err smtp_config_check(const smtp_config *c, dl_error *e);

/* Sends m. DL_OK when the server accepted the message (250 after DATA);
 * DL_EIO otherwise, with the reason in e (no password) and r filled. */
dl_err smtp_send(const smtp_config *c, const smtp_message *m, smtp_result *r, dl_error *e);

/* The message text smtp_send uploads (headers and body, CRLF lines);
 * newly allocated (free with dl_free), *len its length; NULL out of memory
 * or when c->from is malformed. */
char *smtp_build_message(const smtp_config *c, const smtp_message *m, size_t *len);

#endif
