/* form_version.h — the request form over time, and follow-up applications
 * (docs/case-copy.md). A form version names the fields the form has and
 * their labels (migration 0040 seeds version 1 as the form was); a case
 * keeps the version it was written on and, when it is a copy, the case it
 * was copied from. Copying a closed request as a new draft carries over the
 * fields the form in force still has and says which it did not. */
#ifndef DATALOTS_STORE_FORM_VERSION_H
#define DATALOTS_STORE_FORM_VERSION_H

#include <stdint.h>

#include "core/arena.h"
#include "core/case_copy.h"
#include "db/db.h"
#include "store/audit.h"

/* The version in force now (the highest). */
dl_err form_version_current(db *d, int64_t *version, dl_error *e);

/* The fields of a version and their labels there (labels[f] NULL when
 * field f is not on it). DL_ENOTFOUND for a version that does not exist. */
dl_err form_version_fields(db *d, arena *a, int64_t version, form_fields *out, const char *labels[REQ__MAX],
                           dl_error *e);

/* A new version: the fields of the current one without those named in
 * drop (keys of CASE_REQUEST_FIELDS), with note. DL_EINVAL for a key the
 * current version does not have or a version that would have no field. */
dl_err form_version_add(db *d, const audit_actor *who, const char *const *drop, int n_drop, const char *note,
                        int64_t *version_out, dl_error *e);

/* The case's form version and the case it was copied from (0: none). */
dl_err case_lineage(db *d, int64_t case_id, int64_t *form_version, int64_t *copied_from, dl_error *e);

/* The copies made of a case, newest first (at most max ids). */
dl_err case_copies_of(db *d, int64_t case_id, int64_t *ids, int max, int *n, dl_error *e);

/* Copies the closed case src_id, owned by who, as a new draft on the form
 * in force now, linked to it. The fields the form no longer has, and that
 * had a value, are listed in dropped[] (*n_dropped), and so are values the
 * form's checks refuse today (core/case_request.h; the age key's checksum),
 * which are left out too. DL_EDENIED for someone
 * else's case, DL_ECONFLICT for an open one (core/case_copy.h's
 * sentences), DL_ENOTFOUND for none. Attachments are not copied. */
dl_err case_copy_as_new(db *d, int64_t src_id, const audit_actor *who, int64_t *new_id,
                        case_request_field dropped[REQ__MAX], int *n_dropped, dl_error *e);

#endif
