/* extraction.h — the store's side of an extraction: the organisation's
 * sources and their pace, a case's approval terms and kodnyckel, the spec
 * built from the case, and runs with their checkpoints and leases.
 *
 * A run's states:
 *
 *   queued ──claim──▶ running ──finish──▶ done
 *      │                │  ▲  └──fail───▶ failed
 *      │                │  └─claim (lease ran out: the worker died; resume)
 *      └──cancel──▶ cancelled ◀──cancel (seen at the next checkpoint)
 *
 * At most one run of a case is queued or running (extraction_run_start
 * refuses a second). A run is claimed only while fewer than the source's
 * max_concurrent runs of the same source hold a live lease. */
#ifndef DATALOTS_STORE_EXTRACTION_H
#define DATALOTS_STORE_EXTRACTION_H

#include <stdint.h>

#include "core/arena.h"
#include "core/release_terms.h"
#include "db/db.h"
#include "extract/spec.h"
#include "store/audit.h"

#define EXTRACT_LEASE_SECONDS 60   /* a run renews it at every checkpoint */
#define EXTRACT_PACKAGE_LEASE_SECONDS 3600 /* while packaging (no checkpoints meanwhile) */
#define EXTRACT_SOURCE_RATE_MAX 10000000
#define EXTRACT_SOURCE_CONCURRENCY_MAX 16

typedef struct extract_source_rec {
    int64_t id, org_id;
    const char *name, *url, *time_window, *org_code;
    int64_t rows_per_second;
    int max_concurrent;
} extract_source_rec;

/* Adds or changes (by org and name) a source. The URL is not checked here
 * (the runner opens it); the pace is. */
dl_err extract_source_set(db *d, const audit_actor *who, int64_t org_id, const char *name, const char *url,
                          int64_t rows_per_second, int max_concurrent, const char *time_window, int64_t *id_out,
                          dl_error *e);
/* The source an extraction of a case at organisation org_id reads: the
 * organisation's only source, or the one named "default". */
dl_err extract_source_for_org(db *d, arena *a, int64_t org_id, extract_source_rec *out, dl_error *e);
dl_err extract_source_get(db *d, arena *a, int64_t id, extract_source_rec *out, dl_error *e);
dl_err extract_source_list(db *d, arena *a, extract_source_rec *out, int max, int *n, dl_error *e);

/* The terms the case's approval recorded; DL_ENOTFOUND when none. */
dl_err case_terms_get(db *d, int64_t case_id, release_terms *out, char decided_at[32], dl_error *e);

/* The case's kodnyckel, created on first use. */
dl_err case_key_get(db *d, int64_t case_id, uint8_t key[32], dl_error *e);

/* The spec of case_id as the decision and request make it (extract/spec.h). */
dl_err extract_spec_for_case(db *d, arena *a, int64_t case_id, extract_spec *out, dl_error *e);

typedef enum run_state { RUN_QUEUED, RUN_RUNNING, RUN_DONE, RUN_FAILED, RUN_CANCELLED, RUN_STATE__MAX } run_state;
extern const char *const run_state_keys[RUN_STATE__MAX + 1];
const char *run_state_label_sv(run_state s);

typedef struct extraction_run_rec {
    int64_t id, case_id, source_id, requested_by;
    run_state state;
    const char *created_at, *started_at, *updated_at, *finished_at, *message;
    const char *out_path, *out_sha256;
    const char *claim_token;      /* who holds it (extraction_run_claim); "" none */
    const char *work_dir;         /* the run's work folder, absolute, once it has one */
    int64_t lease_until, out_bytes;
    int cancel_requested, table_index;
    int64_t last_key, file_offset, rows_read, rows_written, rows_estimate, seconds_left;
    int progress;                 /* thousandths done */
    double rate;
} extraction_run_rec;

/* Queues a run of the case at its organisation's source. DL_ECONFLICT when
 * one is queued or running already. reserve: for the process that starts
 * it (the CLI), which claims it by id next: serve's worker leaves it alone
 * for EXTRACT_LEASE_SECONDS (and takes it after, should that process die
 * first). */
dl_err extraction_run_start(db *d, int64_t case_id, const audit_actor *who, int reserve, int64_t *run_id, dl_error *e);
/* Claims run_id (0: the oldest claimable run: queued or running, its lease
 * run out) for this process; by id: queued, or running with its lease run
 * out. DL_ENOTFOUND when there is none;
 * DL_EBUSY when the source has no free slot (max_concurrent runs hold
 * a live lease). */
dl_err extraction_run_claim(db *d, int64_t run_id, int64_t now, extraction_run_rec *out, arena *a, dl_error *e);
/* Records progress and renews the lease; *cancel set when someone asked to
 * cancel. */
typedef struct run_checkpoint {
    int table_index;
    int64_t last_key, file_offset, rows_read, rows_written, rows_estimate, seconds_left;
    int progress;                 /* thousandths done */
    double rate;
    const char *message;
    const char *work_dir;
    int lease_seconds;            /* 0: EXTRACT_LEASE_SECONDS (longer while packaging) */
} run_checkpoint;
/* token: the claim's (only its holder may write; NULL: anyone — tools and
 * tests). DL_ECONFLICT when another process has taken the run over: the
 * caller stops writing at once. */
dl_err extraction_run_checkpoint(db *d, int64_t run_id, const char *token, int64_t now, const run_checkpoint *cp,
                                 int *cancel, dl_error *e);
dl_err extraction_run_finish(db *d, int64_t run_id, const char *token, run_state to, const char *message,
                             const char *out_path, const char *sha256, int64_t bytes, dl_error *e);
/* Gives up this process's claim (a run stopped by a signal, or by a source
 * that did not answer): the run stays running and can be claimed again
 * after retry_after seconds (0: at once), and resumes. */
dl_err extraction_run_release(db *d, int64_t run_id, const char *token, int64_t retry_after, dl_error *e);
/* Asks a run to stop: a queued one, or a running one nobody holds (its
 * process died), stops at once; DL_ECONFLICT when it has ended already. */
dl_err extraction_run_cancel(db *d, int64_t run_id, const audit_actor *who, dl_error *e);
dl_err extraction_run_get(db *d, arena *a, int64_t run_id, extraction_run_rec *out, dl_error *e);
/* The case's newest run; DL_ENOTFOUND when it has none. */
dl_err extraction_run_latest(db *d, arena *a, int64_t case_id, extraction_run_rec *out, dl_error *e);

#endif
