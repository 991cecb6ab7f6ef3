/* org.h — the organisation tree in the store: förvaltning → regionområde →
 * vårdenhet, several roots per installation. */
#ifndef DATALOTS_STORE_ORG_H
#define DATALOTS_STORE_ORG_H

#include <stddef.h>
#include <stdint.h>
#include "core/arena.h"
#include "core/roles.h"
#include "db/db.h"
#include "store/audit.h"

typedef struct org_node_rec {
    int64_t id, parent_id;  /* parent 0 for a root */
    org_kind kind;
    const char *name, *code, *path, *diary_format;
    int depth;              /* 0 for a root */
    int64_t version;
} org_node_rec;

enum { ORG_NAME_MAX = 200, ORG_CODE_MAX = 32 };

/* The format an organisation's diary numbers use when none is given. */
#define DIARY_DEFAULT_FORMAT "{code} {year}-{seq:5}"

/* Replaces {code} in a diary number format with the organisation's code. */
dl_err org_expand_diary_format(const char *fmt, const char *code, char *out, size_t outsz, dl_error *e);

/* Checks nesting, name and code; computes the path. DL_ECONFLICT for a
 * taken code. Run inside a transaction. */
dl_err org_insert(db *d, int64_t parent_id, org_kind kind, const char *name, const char *code,
                  const char *diary_format, int64_t *id_out, dl_error *e);
/* Renames a unit and (for a förvaltning) sets its diary number format, if
 * the row still has expected_version. DL_ECONFLICT when it changed meanwhile.
 * Run inside a transaction. */
dl_err org_update(db *d, int64_t id, int64_t expected_version, const char *name,
                  const char *diary_format, dl_error *e);
/* org_insert and org_update with their audit rows ("org.create",
 * "org.update", the unit's code as detail), each in a transaction of its
 * own: what the web pages call. */
dl_err org_create_audited(db *d, const audit_actor *who, int64_t parent_id, org_kind kind, const char *name,
                          const char *code, const char *diary_format, int64_t *id_out, dl_error *e);
dl_err org_update_audited(db *d, const audit_actor *who, int64_t id, int64_t expected_version,
                          const char *name, const char *diary_format, dl_error *e);
dl_err org_get(db *d, arena *a, int64_t id, org_node_rec *out, dl_error *e);
/* All nodes in tree order (parents before their children). */
dl_err org_list(db *d, arena *a, org_node_rec *out, int max, int *n, dl_error *e);
/* Says which knowledge-guide item the förvaltning with code is (its region's
 * item, say), or none with ""; audited as org.guide_link. */
dl_err org_set_guide_id(db *d, const audit_actor *who, const char *code, const char *guide_id, dl_error *e);
/* The root (förvaltning) above a node, or the node itself. */
dl_err org_root_of(db *d, arena *a, int64_t id, org_node_rec *out, dl_error *e);

#endif
