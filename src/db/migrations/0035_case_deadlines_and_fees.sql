-- 0035_case_deadlines_and_fees.sql — target times of a case's steps, an
-- organisation's fee schedule and the cost estimates sent before the
-- decision (core/deadline.h, core/fee.h, store/case_targets.c,
-- store/case_estimate.c; docs/case-deadlines.md).
--
-- case_step_target: per organisation (a förvaltning) and state key
-- (core/case_flow.h), the days a step may take, counted as working days
-- ('working') or calendar days ('calendar'). A state without a row has the
-- default of case_targets.c.
CREATE TABLE case_step_target (
    org_id      BIGINT NOT NULL REFERENCES org_node(id),
    state       TEXT NOT NULL,
    days        INTEGER NOT NULL,
    unit        TEXT NOT NULL DEFAULT 'working',
    updated_at  TEXT NOT NULL DEFAULT '',
    updated_by  BIGINT REFERENCES users(id),
    PRIMARY KEY (org_id, state)
);
@VERSIONED case_step_target@

-- fee_schedule: what an organisation charges for an extraction, in öre
-- (integers): a base fee, an hourly rate and the VAT rate in percent (0, 6,
-- 12 or 25). charges 0: the organisation does not charge (no estimates).
CREATE TABLE fee_schedule (
    org_id       BIGINT PRIMARY KEY REFERENCES org_node(id),
    charges      INTEGER NOT NULL DEFAULT 0,
    base_ore     BIGINT NOT NULL DEFAULT 0,
    hourly_ore   BIGINT NOT NULL DEFAULT 0,
    vat_percent  INTEGER NOT NULL DEFAULT 0,
    updated_at   TEXT NOT NULL DEFAULT '',
    updated_by   BIGINT REFERENCES users(id)
);
@VERSIONED fee_schedule@

-- case_estimate: an estimate sent with the extraction specification
-- (document_id: the outgoing document), the schedule it was computed from
-- copied in (a later change of the schedule does not change it), the day
-- the applicant answers by (answer_by, YYYY-MM-DD, Europe/Stockholm) and
-- what became of it: 'open', 'accepted', 'narrowed', 'superseded' (a new
-- estimate replaced it) or 'withdrawn'; answer_document_id the incoming
-- document of the answer.
CREATE TABLE case_estimate (
    id                  @ID@,
    case_id             BIGINT NOT NULL REFERENCES cases(id),
    document_id         BIGINT REFERENCES case_document(id),
    hours_centi         BIGINT NOT NULL,
    base_ore            BIGINT NOT NULL,
    hourly_ore          BIGINT NOT NULL,
    vat_percent         INTEGER NOT NULL,
    net_ore             BIGINT NOT NULL,
    vat_ore             BIGINT NOT NULL,
    total_ore           BIGINT NOT NULL,
    answer_by           TEXT NOT NULL,
    status              TEXT NOT NULL DEFAULT 'open',
    created_at          TEXT NOT NULL,
    answered_at         TEXT NOT NULL DEFAULT '',
    answer_document_id  BIGINT REFERENCES case_document(id)
);
CREATE INDEX case_estimate_case ON case_estimate(case_id, id);
@VERSIONED case_estimate@

-- case_digest_sent: the daily digest of overdue cases, one row per
-- coordinator and local day it was queued (so a second run the same day
-- sends nothing). Written by `datalots cases digest` only.
CREATE TABLE case_digest_sent (
    user_id  BIGINT NOT NULL REFERENCES users(id),
    day      TEXT NOT NULL,
    n_cases  INTEGER NOT NULL,
    sent_at  TEXT NOT NULL,
    PRIMARY KEY (user_id, day)
);
