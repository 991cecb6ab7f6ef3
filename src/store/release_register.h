/* release_register.h — the public register of decided release cases
 * (/beslut, /beslut/ID, /beslut.csv|.json|.atom; docs/release-register.md):
 * every case with a decision (approved, approved in part, refused) whose
 * decision was taken before a cut-off time — the caller passes the start
 * of the first Stockholm day whose decisions are not yet public
 * (core/release_register.h), so publication N working days after the
 * decision is a condition of the query, not a run.
 *
 * Only what may be shown publicly is ever read: the case's number, the
 * deciding organisation and unit, the process, the applicant's
 * organisation, the title, the purpose (cut to its brief here), the
 * outcome, the decision's time and, for a refusal, the reasons of the
 * decision document when it is not marked confidential (its conditions cut
 * off). The request's variables and ICD-10 codes are read only to derive
 * the data categories (fixed names of the source schema) and dropped. No
 * other column of the case — the applicant's and researchers' names and
 * addresses, the question, the population, the security plan, the legal
 * note, the age key — and no other document (the confidentiality review,
 * the recommendation, completions, unit answers, attachments) is selected,
 * so no page built on this can show them (tests/e2e/t_release_register.sh
 * plants a marker in each). */
#ifndef DATALOTS_STORE_RELEASE_REGISTER_H
#define DATALOTS_STORE_RELEASE_REGISTER_H

#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"

#define RELEASE_REGISTER_Q_MAX 100

/* A filter. before: "YYYY-MM-DDTHH:MM:SSZ", decisions taken earlier are
 * public (required). outcome: "approved", "approved_in_part", "refused" or
 * NULL/"" for any. org_id: the deciding organisation (förvaltning), 0 any.
 * from/to: a period of decision times (UTC, the caller's Stockholm year),
 * NULL for none. q: a substring of the title, the applicant's
 * organisation or the case number, case-insensitively for A–Z. */
typedef struct release_register_filter {
    const char *before, *outcome, *from, *to, *q;
    int64_t org_id;
} release_register_filter;

typedef struct release_public {
    int64_t id, org_id;
    int process;
    const char *diary_number, *org_name, *unit_name, *applicant_org, *title, *purpose_brief, *outcome,
        *decided_at, *reasons;
    unsigned categories; /* core/release_register.h release_categories() */
} release_public;

/* Newest decision first: at most limit (1..100) rows from offset, *n of
 * them; *total matching (NULL: not counted). */
dl_err release_register_list(db *d, arena *a, const release_register_filter *f, int limit, int64_t offset,
                             release_public *rows, int *n, int64_t *total, dl_error *e);

/* Every matching row, newest first, to fn (which returns non-zero to
 * stop); each row's strings live until the next call. For the downloads. */
typedef int (*release_row_fn)(void *ud, const release_public *row);
dl_err release_register_each(db *d, arena *a, const release_register_filter *f, release_row_fn fn, void *ud,
                             dl_error *e);

/* Case id when it is public under f->before; DL_ENOTFOUND otherwise (never
 * a hint whether the case exists). */
dl_err release_register_get(db *d, arena *a, const release_register_filter *f, int64_t id, release_public *out,
                            dl_error *e);

/* The deciding organisations among the public decisions, by name, with
 * their counts, and the decision times' range (for the year list). */
typedef struct release_org_count {
    int64_t org_id, n;
    const char *name;
} release_org_count;
#define RELEASE_ORGS_MAX 64
dl_err release_register_orgs(db *d, arena *a, const char *before, release_org_count *out, int *n,
                             const char **oldest, dl_error *e);

#endif
