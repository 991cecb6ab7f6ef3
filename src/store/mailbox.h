/* mailbox.h — registering a message of the official mailbox
 * (myndighetsbrevlåda) in the store: into an existing case as an incoming
 * document (the case's register_incoming step, core/case_flow.c), or as a
 * new request (as /cases/register does), with its files, in one
 * transaction together with the row of mailbox_message that says this
 * message is registered. The row's two unique keys (the mailbox, its
 * UIDVALIDITY and the UID; the mailbox and the Message-ID) make a second
 * registration of the same message fail whole, whoever tries it and
 * however close together. See docs/mailbox.md. */
#ifndef DATALOTS_STORE_MAILBOX_H
#define DATALOTS_STORE_MAILBOX_H

#include <stdint.h>

#include "core/arena.h"
#include "core/authz.h"
#include "db/db.h"
#include "store/audit.h"
#include "store/cases.h"

typedef struct mailbox_key {
    const char *mailbox;       /* the mailbox URL (no credentials) */
    int64_t uidvalidity, uid;
    const char *message_id;
    const char *sender, *subject;
} mailbox_key;

/* The case the message was registered into (by its place or by its
 * Message-ID), with the registration's diary number; 0 and "" when it is
 * not registered. */
dl_err mailbox_registered(db *d, arena *a, const mailbox_key *k, int64_t *case_id, const char **diary_number,
                          dl_error *e);

typedef struct mailbox_target {
    int64_t case_id;           /* > 0: into this case (its register_incoming step) */
    int64_t org_id;            /* case_id 0: a new request at this organisation */
    const case_request *req;   /* a new request's fields (what the message says) */
    const char *counterpart;   /* who sent it */
    const char *text;          /* the document's body: the message's text */
    const case_upload *files;
    int n_files;
    const char *public_url;
} mailbox_target;

/* Registers the message. DL_ECONFLICT with a sentence when it is already
 * registered (naming the case); the step's own refusals (DL_EDENIED,
 * DL_ECONFLICT, DL_EINVAL: a file that is not a PDF, a field) with their
 * sentences. Nothing is written unless all of it is. */
dl_err mailbox_register(db *d, arena *a, const authz_subject *subject, const audit_actor *who, const mailbox_key *k,
                        const mailbox_target *t, int64_t *case_id_out, case_step_result *out, dl_error *e);

#endif
