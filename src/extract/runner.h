/* runner.h — runs one claimed extraction: reads the source in batches at
 * the source's pace, keeps the population, writes the approved columns of
 * it pseudonymised into one CSV per table, checkpoints once a second, then
 * builds the delivery (extract/package.h).
 *
 * Phases:
 *   1. population: one pass in key order over the diagnosis rows (or care
 *      contacts) up to the highest key when the run began; those in the
 *      period at the units mark the patients who are in (sorted ids);
 *   2. patients, read by those ids (source_read_patients): those of the
 *      right age get their pseudonym (kept in memory, id order) and their
 *      row in patient.csv;
 *   3. each other approved table, read by the remaining ids through its
 *      patient index: its rows in the period at the units, in patient then
 *      row order.
 * Phases 1 and 2 are read again on every start (the population and the
 * pseudonyms are not stored anywhere); what was written before a kill is
 * kept up to the last checkpoint — the file cut back to its recorded
 * length and the read continued with the patient after the recorded one
 * (all of whose rows were in the file) — so a resumed run writes the same
 * bytes as one that never stopped. */
#ifndef DATALOTS_EXTRACT_RUNNER_H
#define DATALOTS_EXTRACT_RUNNER_H

#include <stdatomic.h>
#include <stdint.h>

#include "core/err.h"
#include "db/db.h"
#include "store/extraction.h"

#define EXTRACT_BATCH_DEFAULT 5000

typedef struct extract_progress {
    const char *phase_sv;           /* "Urval", "Patienter", a table's label, "Paketering" */
    int64_t rows_read, rows_written;
    double rate;                    /* source rows per second lately */
    double fraction;                /* 0..1 of the whole run, as far as known */
    int64_t seconds_left;           /* -1: not known yet */
    const char *waiting_sv;         /* non-NULL: why it is waiting (time window, pace) */
} extract_progress;

typedef void (*extract_progress_fn)(void *ctx, const extract_progress *p);

typedef struct extract_options {
    const char *extract_dir;        /* the run's work folder and the delivery go here */
    int batch_rows;                 /* 0: EXTRACT_BATCH_DEFAULT */
    int want_xlsx;                  /* 0: CSV only (the benchmark) */
    const char *passphrase;         /* non-NULL: encrypt to this passphrase instead of the case's key */
    double rate_override;           /* > 0: rows per second instead of the source's (tests) */
    extract_progress_fn progress;
    void *progress_ctx;
    atomic_int *stop;               /* set (e.g. by SIGTERM): stop at the next batch, resumable */
} extract_options;

/* Runs run (claimed by this process) to its end: RUN_DONE with the
 * delivery's path and SHA-256 recorded, RUN_FAILED with the reason (the
 * same sentence in e), RUN_CANCELLED. When *o->stop is set the run stays
 * claimable from its last checkpoint and DL_OK is returned with
 * *stopped = 1. */
dl_err extract_run(db *store, const extraction_run_rec *run, const extract_options *o, int *stopped, dl_error *e);

#endif
