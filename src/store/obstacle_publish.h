/* obstacle_publish.h — putting an obstacle in the public register, and
 * taking it out (migration 0028; docs/obstacles.md, "Publication"). Only
 * redacted texts are published: the store itself scans what it is given
 * (core/pii.h) and refuses a public text in which a personnummer,
 * samordningsnummer, e-mail address or phone number is still found; a
 * name still found is refused too unless the analyst has confirmed that
 * the highlighted names are not people (a hospital named after someone).
 * Each change is one transaction with an audit row that names no text. */
#ifndef DATALOTS_STORE_OBSTACLE_PUBLISH_H
#define DATALOTS_STORE_OBSTACLE_PUBLISH_H

#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "store/audit.h"

/* What the publication page shows: the report as written (never public)
 * beside what is published, or proposed. */
typedef struct obstacle_publication {
    int64_t id;
    const char *state;           /* the stored key */
    const char *category;        /* its key in the category list */
    const char *created_at;      /* ISO 8601 UTC */
    const char *what_happened, *suggestion, *data_concerned, *actors; /* as reported */
    const char *public_text, *public_suggestion;                       /* "" until published once */
    const char *published_at;    /* "" while not in the register */
} obstacle_publication;

/* DL_ENOTFOUND when there is no obstacle id. Strings in a. */
dl_err obstacle_publication_get(db *d, arena *a, int64_t id, obstacle_publication *out, dl_error *e);

/* The checks of a public text without storing it: DL_OK, or DL_EINVAL with
 * a sentence naming what is still there ("Texten innehåller fortfarande
 * ett personnummer …"). today_yyyymmdd as core/pii.h takes it. */
dl_err obstacle_public_text_check(const char *text, int names_confirmed, int64_t today_yyyymmdd, dl_error *e);

/* Publishes (or republishes with new wording) obstacle id: public_text is
 * the redacted "what happened" (required, at most OBSTACLE_WHAT_MAX
 * characters), public_suggestion the redacted suggestion (NULL or "" for
 * none). DL_ENOTFOUND, DL_EINVAL (nothing written). Audit
 * "obstacle.publish". A withdrawn report (the reporter took it back) is
 * refused: DL_ECONFLICT; a merged one is the analyst's call. When the
 * obstacle enters the register (it was not in it), its confirmed
 * subscribers — kept from an earlier publication — are mailed in the same
 * transaction, with links under public_url (store/obstacle_subscription.h). */
dl_err obstacle_publish(db *d, const audit_actor *who, int64_t id, const char *public_text,
                        const char *public_suggestion, int names_confirmed, const char *public_url, int64_t now,
                        dl_error *e);

/* Takes obstacle id out of the public register (the texts are kept for a
 * later publication). reason: required, stored in the audit row. */
dl_err obstacle_unpublish(db *d, const audit_actor *who, int64_t id, const char *reason, dl_error *e);

#endif
