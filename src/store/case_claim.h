/* case_claim.h — working together on a case on the organisation's side
 * (docs/case-claim.md): one person takes (claims) a case so two do not work
 * on it at once, releases it or hands it over to a named colleague with a
 * handover note; and the staff's internal notes on the case. Nothing here
 * is ever shown to the applicant, the applicant's API or the public
 * register. Every write is audited in the same transaction. Who may act is
 * the caller's check (ACT_CASE_CLAIM, ACT_CASE_CLAIM_RELEASE, ACT_CASE_NOTE);
 * the store checks the case's state and who holds it, so that of two claims
 * at once one wins and the other is told who has the case. */
#ifndef DATALOTS_STORE_CASE_CLAIM_H
#define DATALOTS_STORE_CASE_CLAIM_H

#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"
#include "store/audit.h"

#define CASE_NOTE_MAX 4000   /* characters (bytes) of a note */
#define CASE_NOTES_SHOWN 200 /* the newest notes a page shows */

typedef struct case_claim_rec {
    int64_t user_id; /* 0: nobody has the case */
    const char *name, *claimed_at;
} case_claim_rec;

/* Who has the case now (user_id 0: nobody). */
dl_err case_claim_get(db *d, arena *a, int64_t case_id, case_claim_rec *out, dl_error *e);

/* who takes the case. DL_ECONFLICT with a sentence naming the holder when
 * someone else has it, or when the case is closed or a draft; DL_OK and
 * nothing written when who has it already. When the last person who had the
 * case was someone else, a handover note (from them to who) is written with
 * note (NULL or "": a standard sentence). */
dl_err case_claim_take(db *d, int64_t case_id, const audit_actor *who, const char *note, dl_error *e);

/* Releases the claim. as_admin: who may release someone else's claim.
 * to_user_id > 0: the case goes straight to that colleague (one of
 * case_claim_colleagues), with note as the handover note (required then).
 * DL_ECONFLICT when nobody has the case; DL_EDENIED when someone else has
 * it and who is not an admin; DL_EINVAL for a colleague who cannot take the
 * case, an empty handover note, or a note over CASE_NOTE_MAX. */
dl_err case_claim_release(db *d, int64_t case_id, const audit_actor *who, int as_admin, int64_t to_user_id,
                          const char *note, dl_error *e);

/* The colleagues a case can be handed to: enabled accounts holding the
 * registrar or coordinator role at or above node_path (the case's node),
 * by name, at most max. */
typedef struct case_colleague { int64_t id; const char *name; } case_colleague;
dl_err case_claim_colleagues(db *d, arena *a, const char *node_path, case_colleague *out, int max, int *n,
                             dl_error *e);

/* Who holds each of the cases ids[0..n) ("" for nobody) into names[]. */
dl_err case_claim_names(db *d, arena *a, const int64_t *ids, int n, const char **names, dl_error *e);

/* Every claim held now, oldest first (at most max): for the admin's list
 * (/cases/claims), which keeps those at a node the admin covers. */
typedef struct case_claim_held_rec {
    int64_t case_id;
    const char *diary_number, *node_path, *holder, *claimed_at;
} case_claim_held_rec;
dl_err case_claims_held(db *d, arena *a, case_claim_held_rec *out, int max, int *n, dl_error *e);

/* An internal note. DL_EINVAL for an empty note or one over CASE_NOTE_MAX. */
dl_err case_note_add(db *d, int64_t case_id, const audit_actor *who, const char *body, dl_error *e);

typedef struct case_note_rec {
    int64_t id;
    const char *kind;   /* "note", "handover" or "release" */
    const char *author, *from_name, *to_name, *body, *created_at;
} case_note_rec;
/* The case's notes, oldest first (the newest CASE_NOTES_SHOWN). */
dl_err case_notes(db *d, arena *a, int64_t case_id, case_note_rec *out, int max, int *n, dl_error *e);

#endif
