-- 0042_redaction_retention.sql — redacted attachments and the retention
-- schedule (gallring) with the record of what was disposed of
-- (store/case_redaction.c, store/retention.c, core/retention.h;
-- docs/retention.md).

-- A redacted copy of an attachment: what the applicant and most roles see
-- from then on. The original stays in case_attachment, read only by those
-- who may read the registry's confidential parts, every read audited.
-- One redaction per attachment; a new one replaces it (audited).
CREATE TABLE case_attachment_redaction (
    attachment_id BIGINT PRIMARY KEY REFERENCES case_attachment(id),
    case_id       BIGINT NOT NULL REFERENCES cases(id),
    size          BIGINT NOT NULL,
    sha256        TEXT NOT NULL,
    data_base64   TEXT NOT NULL,
    reason        TEXT NOT NULL,
    redacted_at   TEXT NOT NULL,
    redacted_by   BIGINT REFERENCES users(id)
);
CREATE INDEX case_attachment_redaction_case ON case_attachment_redaction(case_id);
@VERSIONED case_attachment_redaction@

-- A disposed-of document keeps its row and its diary entry (the registry
-- is never thinned); its contents are emptied and the day recorded.
ALTER TABLE case_attachment ADD COLUMN disposed_at TEXT NOT NULL DEFAULT '';
ALTER TABLE case_document ADD COLUMN disposed_at TEXT NOT NULL DEFAULT '';

-- The schedule: for each document type (target: a case document of a kind
-- of core/case_flow.h's documents, or an attached file of a kind), how many
-- years after the case was closed it is disposed of; keep_years -1: kept
-- (bevaras). basis: the decision or plan the rule comes from. updated_at ''
-- while the row is as the migration seeded it.
CREATE TABLE retention_rule (
    target      TEXT NOT NULL CHECK (target IN ('document', 'attachment')),
    kind        TEXT NOT NULL,
    keep_years  BIGINT NOT NULL CHECK (keep_years >= -1 AND keep_years <= 100),
    basis       TEXT NOT NULL,
    updated_at  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (target, kind)
);
@VERSIONED retention_rule@
INSERT INTO retention_rule(target, kind, keep_years, basis) VALUES
    ('document', 'request', -1, 'Bevaras: ärendets grundhandling'),
    ('document', 'acknowledgement', 2, 'Gallras 2 år efter att ärendet avslutats (dokumenthanteringsplan, exempel)'),
    ('document', 'completion_request', -1, 'Bevaras: del av ärendets beredning'),
    ('document', 'completion', -1, 'Bevaras: del av ansökan'),
    ('document', 'confidentiality_review', -1, 'Bevaras: men- och sekretessprövningen'),
    ('document', 'recommendation', -1, 'Bevaras: samrådets rekommendation'),
    ('document', 'unit_notice', 2, 'Gallras 2 år efter att ärendet avslutats (dokumenthanteringsplan, exempel)'),
    ('document', 'unit_answer', -1, 'Bevaras: enhetens ställningstagande'),
    ('document', 'decision', -1, 'Bevaras: beslutet'),
    ('document', 'assignment', 5, 'Gallras 5 år efter att ärendet avslutats (dokumenthanteringsplan, exempel)'),
    ('document', 'delivery', 10, 'Gallras 10 år efter att ärendet avslutats (dokumenthanteringsplan, exempel)'),
    ('document', 'withdrawal', -1, 'Bevaras: sökandens återkallelse'),
    ('attachment', 'ethics_decision', 10,
     'Gallras 10 år efter att ärendet avslutats: kopia, originalet finns hos Etikprövningsmyndigheten (exempel)');

-- A run of `datalots retention run --apply`: first every document due is
-- listed (retention_item, in the run's first transaction), then each is
-- disposed of in its own transaction. A run stopped half-way has
-- finished_at ''; the next run finishes its listed items first, and never
-- disposes of anything it did not list.
CREATE TABLE retention_run (
    id          @ID@,
    as_of       TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    started_by  TEXT NOT NULL,
    finished_at TEXT NOT NULL DEFAULT ''
);
-- At most one unfinished run: a second --apply while one is under way
-- cannot list the same documents again.
CREATE UNIQUE INDEX retention_run_one_open ON retention_run(finished_at) WHERE finished_at = '';
@VERSIONED retention_run@

CREATE TABLE retention_item (
    run_id      BIGINT NOT NULL REFERENCES retention_run(id),
    target      TEXT NOT NULL CHECK (target IN ('document', 'attachment')),
    object_id   BIGINT NOT NULL,
    case_id     BIGINT NOT NULL REFERENCES cases(id),
    kind        TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    -- '' while listed; 'disposed'; 'kept' when no longer due at its turn
    -- (the rule was changed after the listing)
    outcome     TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'disposed', 'kept')),
    done_at     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (run_id, target, object_id)
);
CREATE INDEX retention_item_object ON retention_item(target, object_id);
@VERSIONED retention_item@
