/* imap_mailbox.h — reads the official mailbox (myndighetsbrevlåda) over
 * IMAP with libcurl: which messages lie there (UIDVALIDITY, UIDs, sizes,
 * flags), one message's bytes, and what is done to a message once it is
 * registered (flagged \Seen, or moved to a folder). See docs/mailbox.md.
 *
 * Invariants:
 *  1. Nothing here changes the mailbox before a registration: the listing
 *     is EXAMINE and FETCH of sizes and flags; reading a message's bytes
 *     with libcurl's FETCH BODY[] sets \Seen, so a message that was not
 *     \Seen before is unflagged again at once.
 *  2. A message is fetched by UIDVALIDITY and UID together: if the mailbox
 *     was rebuilt in between, the fetch fails instead of reading another
 *     message under the same UID.
 *  3. A message over max_bytes is never fetched (its size comes first).
 *  4. The password is read from its file when a session opens (so it can be
 *     changed without a restart) and never put in an error text, a log or a
 *     page.
 *  5. One session is one IMAP connection (libcurl keeps it between the
 *     commands): a page reads its list and every message over it. */
#ifndef DATALOTS_IMAP_MAILBOX_H
#define DATALOTS_IMAP_MAILBOX_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define IMAP_LIST_MAX 200          /* messages one listing reads at most (the newest) */
#define IMAP_TIMEOUT 30            /* seconds for one IMAP conversation */
#define IMAP_DEFAULT_MAX_BYTES (20L << 20)

typedef struct imap_config {
    const char *url;           /* imap://host:port/MAILBOX or imaps://…; no user or password in it */
    const char *user;
    const char *password_file; /* its first line is the password */
    const char *after;         /* after registering: "seen", "none" or "move:FOLDER" */
    long max_bytes;            /* a bigger message is refused (0: IMAP_DEFAULT_MAX_BYTES) */
} imap_config;

typedef struct imap_message_ref {
    uint32_t uid;
    long size;
    int seen;
} imap_message_ref;

/* Checks a configuration (scheme, no credentials in the URL, a mailbox in
 * its path, a known "after"). DL_ECONFIG with a sentence for the operator. */
dl_err imap_config_check(const imap_config *c, dl_error *e);

/* The mailbox's name as kept with a registration: the URL (it holds no
 * user or password). */
const char *imap_mailbox_key(const imap_config *c);

/* A session with the mailbox: nothing is sent until the first command.
 * DL_ECONFIG (a sentence) when the password file cannot be read. Close
 * with imap_close(); c must outlive it. */
typedef struct imap_session imap_session;
dl_err imap_open(const imap_config *c, imap_session **out, dl_error *e);
void imap_close(imap_session *s); /* NULL is fine */

/* The mailbox's UIDVALIDITY and its messages, newest first (at most max).
 * DL_EUPSTREAM with a Swedish sentence (dead server, wrong password, no such
 * mailbox). */
dl_err imap_list(imap_session *s, uint32_t *uidvalidity, imap_message_ref *out, int max, int *n, dl_error *e);

/* The bytes of message uid (malloc'd, free with free()), when the mailbox
 * still has uidvalidity. DL_EUPSTREAM as imap_list; DL_ETOOBIG (a sentence) over
 * max_bytes; DL_ENOTFOUND when the message is gone. was_seen: whether it
 * carried \Seen before (invariant 1). */
dl_err imap_fetch(imap_session *s, uint32_t uidvalidity, uint32_t uid, int was_seen, char **data, size_t *len,
                  dl_error *e);

/* What c->after says, done to message uid: after the registration's commit. */
dl_err imap_after_register(imap_session *s, uint32_t uid, dl_error *e);

#endif
