-- 0023_extraction.sql — from an approved case to data (docs/extract.md).
--
-- case_release_terms: what the decision approved, in a form the extraction
-- reads (core/release_terms.h): the variables ("table.column" keys of
-- extract/source_schema.h, one per line), how dates are coarsened, the
-- smallest cell shown, the age range, whether identities are replaced by
-- pseudonyms, and the date the data must be destroyed by. Written once, by
-- the approving decision, in the same transaction.
CREATE TABLE case_release_terms (
    case_id         BIGINT PRIMARY KEY REFERENCES cases(id),
    variables       TEXT NOT NULL,
    date_precision  TEXT NOT NULL DEFAULT 'day',
    small_cell_min  INTEGER NOT NULL DEFAULT 0,
    age_min         INTEGER NOT NULL DEFAULT -1,
    age_max         INTEGER NOT NULL DEFAULT -1,
    pseudonymise    INTEGER NOT NULL DEFAULT 1,
    destroy_by      TEXT NOT NULL DEFAULT '',
    decided_at      TEXT NOT NULL
);
@VERSIONED case_release_terms@

-- extract_source: a database the organisation's data is read from, with
-- its pace: rows per second (0: no limit), how many extractions may read
-- it at once, and the local time window reads are allowed in ('' always;
-- '22:00-06:00' nights). The URL may hold a password: it is never shown
-- or logged.
CREATE TABLE extract_source (
    id               @ID@,
    org_id           BIGINT NOT NULL REFERENCES org_node(id),
    name             TEXT NOT NULL,
    url              TEXT NOT NULL,
    rows_per_second  INTEGER NOT NULL DEFAULT 0,
    max_concurrent   INTEGER NOT NULL DEFAULT 1,
    time_window      TEXT NOT NULL DEFAULT '',
    UNIQUE (org_id, name)
);
@VERSIONED extract_source@

-- case_key: the case's kodnyckel, the HMAC key of its pseudonyms (hex).
-- Created with the case's first run; read only by the extraction.
CREATE TABLE case_key (
    case_id     BIGINT PRIMARY KEY REFERENCES cases(id),
    key_hex     TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
@VERSIONED case_key@

-- extraction_run: one run of a case's extraction, its progress and its
-- checkpoint (the table being written, the last source key written and
-- the byte length of that table's file then), so a run killed at any
-- point resumes where its last checkpoint was. A running run holds a
-- lease (lease_until) and a claim token; one whose lease ran out is taken
-- over, and the old holder's writes are refused from then on.
CREATE TABLE extraction_run (
    id               @ID@,
    case_id          BIGINT NOT NULL REFERENCES cases(id),
    source_id        BIGINT NOT NULL REFERENCES extract_source(id),
    state            TEXT NOT NULL DEFAULT 'queued',
    requested_by     BIGINT REFERENCES users(id),
    created_at       TEXT NOT NULL,
    started_at       TEXT NOT NULL DEFAULT '',
    updated_at       TEXT NOT NULL,
    finished_at      TEXT NOT NULL DEFAULT '',
    lease_until      BIGINT NOT NULL DEFAULT 0,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    table_index      INTEGER NOT NULL DEFAULT 0,
    last_key         BIGINT NOT NULL DEFAULT 0,
    file_offset      BIGINT NOT NULL DEFAULT 0,
    rows_read        BIGINT NOT NULL DEFAULT 0,
    rows_written     BIGINT NOT NULL DEFAULT 0,
    rows_estimate    BIGINT NOT NULL DEFAULT 0,
    progress         BIGINT NOT NULL DEFAULT 0,  -- thousandths of the run done
    seconds_left     BIGINT NOT NULL DEFAULT -1,
    rate             BIGINT NOT NULL DEFAULT 0,  -- rows per second lately
    message          TEXT NOT NULL DEFAULT '',
    out_path         TEXT NOT NULL DEFAULT '',
    out_sha256       TEXT NOT NULL DEFAULT '',
    out_bytes        BIGINT NOT NULL DEFAULT 0,
    claim_token      TEXT NOT NULL DEFAULT '',   -- the holder's; its checkpoints only
    work_dir         TEXT NOT NULL DEFAULT ''    -- absolute; a resumed run continues there
);
CREATE INDEX extraction_run_case ON extraction_run(case_id, id);
CREATE INDEX extraction_run_state ON extraction_run(state);
-- Not @VERSIONED: progress is written every second and no kept page shows it.
