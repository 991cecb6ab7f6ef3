/* mime_message.h — one e-mail as the registrar sees it, read with GMime
 * (never by hand): sender, subject, date, Message-ID, the text, and the
 * attached files. HTML is never rendered: when a message has no text/plain
 * part, its HTML is kept as text (the markup as characters), and pages
 * escape it as any text. File names are made safe by core/attachment.h
 * before they are shown or stored. */
#ifndef DATALOTS_MIME_MESSAGE_H
#define DATALOTS_MIME_MESSAGE_H

#include <stddef.h>

#include "core/arena.h"
#include "core/attachment.h"
#include "core/err.h"

#define MIME_FILES_MAX 20         /* attachments one message may carry */
#define MIME_TEXT_MAX 7000        /* bytes of the text kept (cut on a UTF-8 boundary) */

typedef struct mime_file {
    char filename[ATTACHMENT_NAME_MAX + 1]; /* made safe */
    const char *content_type;               /* "application/pdf" */
    const unsigned char *data;
    size_t len;
} mime_file;

typedef struct mime_message {
    const char *from;        /* "Anna Berg <anna@example.org>" as decoded */
    const char *from_name;   /* "Anna Berg" ("" when none) */
    const char *from_addr;   /* "anna@example.org" */
    const char *subject;     /* "" when none */
    const char *date;        /* ISO 8601, Europe/Stockholm ("" when none) */
    const char *message_id;  /* without <>; "sha256:HEX" of the bytes when the message has none */
    const char *text;        /* the body as plain UTF-8 text */
    int text_from_html;      /* the text is the HTML part's source */
    int text_cut;            /* the text was longer than MIME_TEXT_MAX */
    mime_file files[MIME_FILES_MAX];
    int n_files;
} mime_message;

/* Parses raw[0..len) into out; the strings and bytes live in arena a.
 * DL_EINVAL with a Swedish sentence for a message that is not one (no
 * headers, no sender) or has more than MIME_FILES_MAX files. */
dl_err mime_parse(const char *raw, size_t len, arena *a, mime_message *out, dl_error *e);

#endif
