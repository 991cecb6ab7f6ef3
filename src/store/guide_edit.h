/* guide_edit.h — editing the knowledge guide on the web: every save is a
 * new version (who, when, the whole source), checked by the same rules as a
 * file (core/content.h) and refused when someone else saved since the
 * version the editor started from; publishing a version is a step of its
 * own, which readers then see. Each change has its audit row, in the same
 * transaction. */
#ifndef DATALOTS_STORE_GUIDE_EDIT_H
#define DATALOTS_STORE_GUIDE_EDIT_H

#include <stdint.h>
#include "core/arena.h"
#include "db/db.h"
#include "store/audit.h"
#include "store/guide.h"

typedef struct guide_version_rec {
    int64_t version;
    const char *created_at, *origin, *created_by; /* created_by: a person's name, "" for an import */
    int published;
} guide_version_rec;

/* Newest first, in arena a. */
dl_err guide_versions(db *d, arena *a, const char *id, guide_version_rec *out, int max, int *n, dl_error *e);
/* The whole source of one version (DL_ENOTFOUND when there is none). */
dl_err guide_version_source(db *d, arena *a, const char *id, int64_t version, const char **source, dl_error *e);
/* The newest version's number and source. */
dl_err guide_latest(db *d, arena *a, const char *id, int64_t *version, const char **source, dl_error *e);

/* Saves source as version expected + 1 of item id (not published). Refused:
 * a rule broken (DL_EINVAL; each problem told to problem(), the id must stay
 * the same, related and holder ids must exist), someone saved since
 * `expected` (DL_ECONFLICT), no such item (DL_ENOTFOUND). */
dl_err guide_save(db *d, const char *id, int64_t expected, const char *source, const char *today,
                  const audit_actor *who, guide_problem_fn problem, void *ctx, int64_t *saved, dl_error *e);

/* A new item's draft, in the caller's transaction: item id with source as
 * its version 1 and nothing published (readers see nothing until an editor
 * publishes it on /guide/ID/edit), by user_id (0: no account). Refused: an
 * item id already (DL_ECONFLICT), source breaking the guide's rules
 * (DL_EINVAL: "what_sv: the first problem"). For the texts other flows
 * propose to the guide (a joint call's results, a question's general
 * answer). */
dl_err guide_draft_insert_in_tx(db *d, const char *id, const char *source, const char *today, const char *at,
                                int64_t user_id, const char *what_sv, dl_error *e);

/* Readers see `version` from now on. */
dl_err guide_publish(db *d, const char *id, int64_t version, const audit_actor *who, dl_error *e);

#endif
