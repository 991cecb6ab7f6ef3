/* obstacle_draft.h — what the reporter may do before publication
 * (docs/obstacles.md, "Before publication"): see similar obstacles that are
 * already published while writing a report, and, from their follow-up
 * link, change their texts or withdraw the report while it is not
 * published. The link's token is the authority: the store finds the report
 * by the token's SHA-256 inside the step's transaction, asks the
 * lifecycle's reporter door (core/obstacle_flow.h: obstacle_reporter_may)
 * and writes the change, a history row and an audit row together, or
 * nothing. */
#ifndef DATALOTS_STORE_OBSTACLE_DRAFT_H
#define DATALOTS_STORE_OBSTACLE_DRAFT_H

#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "store/audit.h"

/* A published obstacle as the public sees it: only its published wording. */
typedef struct obstacle_published_brief {
    int64_t id;
    const char *category;    /* its key in the category list */
    const char *state;       /* the stored key */
    const char *created_at;  /* ISO 8601 UTC */
    const char *public_text; /* the published wording, cut to about 300 characters */
} obstacle_published_brief;

/* Published obstacles whose published wording (public_text,
 * public_suggestion: the index "obstacle_public", migration 0031) shares
 * the longest words of text, best first; never an unpublished one, never a
 * reporter's own wording. *n is 0 when text has no word to search by. */
dl_err obstacle_similar_published(db *d, arena *a, const char *text, obstacle_published_brief *out, int max, int *n,
                                  dl_error *e);

/* Replaces the texts of the report behind token (what happened: required,
 * at most OBSTACLE_WHAT_MAX characters; suggestion: NULL or "" for none,
 * at most OBSTACLE_SUGGESTION_MAX), keeping the previous ones in an
 * internal history row "revise" the analyst sees. DL_ENOTFOUND a token
 * that opens nothing; DL_ECONFLICT published, closed or changed meanwhile
 * (a sentence); DL_EINVAL a text wrong or nothing changed. a holds what
 * is read meanwhile. */
dl_err obstacle_reporter_revise(db *d, arena *a, const char *token, const audit_actor *who, const char *what_happened,
                                const char *suggestion, int64_t now, dl_error *e);

/* Withdraws the report behind token: state withdrawn (closed), a public
 * history row "withdraw". No mail: the reporter did it themselves and sees
 * it at once. Errors as obstacle_reporter_revise. */
dl_err obstacle_reporter_withdraw(db *d, arena *a, const char *token, const audit_actor *who, int64_t now,
                                  dl_error *e);

#endif
