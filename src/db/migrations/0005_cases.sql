-- 0005_cases.sql — the data-release case: the request (one column per field
-- of CASE_REQUEST_FIELDS in src/core/case_request.h, all text as typed), its
-- state in the transition table of src/core/case_flow.c, its history, the
-- documents it registers, the units asked in Process 2 and the samråd's
-- assessments. Nothing is deleted; a closed case stays as it was.

CREATE TABLE cases (
    id                 @ID@,
    org_id             BIGINT NOT NULL REFERENCES org_node(id),
    target_node_id     BIGINT REFERENCES org_node(id),
    owner_user_id      BIGINT REFERENCES users(id),
    state              TEXT NOT NULL,
    process            BIGINT NOT NULL DEFAULT 0,
    diary_number       TEXT NOT NULL DEFAULT '',
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    submitted_at       TEXT NOT NULL DEFAULT '',
    closed_at          TEXT NOT NULL DEFAULT '',
    -- lead-time clock: seconds paused while waiting for the applicant
    clock_started_at   BIGINT NOT NULL DEFAULT 0,
    clock_paused_at    BIGINT NOT NULL DEFAULT 0,
    clock_paused_total BIGINT NOT NULL DEFAULT 0,
    clock_stopped_at   BIGINT NOT NULL DEFAULT 0,
    assignee_user_id   BIGINT REFERENCES users(id),
    consultation_deadline TEXT NOT NULL DEFAULT '',
    decision_outcome   TEXT NOT NULL DEFAULT '',
    decision_conditions TEXT NOT NULL DEFAULT '',
    applicant_name     TEXT NOT NULL DEFAULT '',
    applicant_email    TEXT NOT NULL DEFAULT '',
    applicant_phone    TEXT NOT NULL DEFAULT '',
    applicant_org      TEXT NOT NULL DEFAULT '',
    pi_name            TEXT NOT NULL DEFAULT '',
    pi_email           TEXT NOT NULL DEFAULT '',
    pi_org             TEXT NOT NULL DEFAULT '',
    title              TEXT NOT NULL DEFAULT '',
    purpose            TEXT NOT NULL DEFAULT '',
    question           TEXT NOT NULL DEFAULT '',
    ethics_dnr         TEXT NOT NULL DEFAULT '',
    ethics_date        TEXT NOT NULL DEFAULT '',
    legal_basis        TEXT NOT NULL DEFAULT '',
    legal_note         TEXT NOT NULL DEFAULT '',
    population         TEXT NOT NULL DEFAULT '',
    icd10              TEXT NOT NULL DEFAULT '',
    period_from        TEXT NOT NULL DEFAULT '',
    period_to          TEXT NOT NULL DEFAULT '',
    variables          TEXT NOT NULL DEFAULT '',
    target_node        TEXT NOT NULL DEFAULT '',
    contacts_patients  TEXT NOT NULL DEFAULT '',
    sec_storage        TEXT NOT NULL DEFAULT '',
    sec_access         TEXT NOT NULL DEFAULT '',
    sec_retention      TEXT NOT NULL DEFAULT '',
    sec_destruction    TEXT NOT NULL DEFAULT '',
    delivery           TEXT NOT NULL DEFAULT '',
    age_key            TEXT NOT NULL DEFAULT '',
    wished_date        TEXT NOT NULL DEFAULT '',
    version            BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX cases_org_state ON cases(org_id, state);
CREATE INDEX cases_owner ON cases(owner_user_id);

-- One row per transition, in order: who, when, from where to where, and the
-- diary entry it registered. The step's text (a message, a review, reasons)
-- is in case_document.
CREATE TABLE case_event (
    id             @ID@,
    case_id        BIGINT NOT NULL REFERENCES cases(id),
    at             TEXT NOT NULL,
    actor_user_id  BIGINT REFERENCES users(id),
    actor_name     TEXT NOT NULL,
    event          TEXT NOT NULL,
    from_state     TEXT NOT NULL,
    to_state       TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_event_case ON case_event(case_id, id);

-- The documents of a case (request, acknowledgement, completion request,
-- review, recommendation, notices, answers, decision, assignment, delivery),
-- each registered in the diarium. body is the document's text as written;
-- the letter (HTML, PDF) is rendered from it and the case.
CREATE TABLE case_document (
    id             @ID@,
    case_id        BIGINT NOT NULL REFERENCES cases(id),
    kind           TEXT NOT NULL,
    diary_entry_id BIGINT REFERENCES diary_entry(id),
    created_at     TEXT NOT NULL,
    created_by     BIGINT REFERENCES users(id),
    confidential   BIGINT NOT NULL DEFAULT 0,
    counterpart    TEXT NOT NULL DEFAULT '',
    body           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_document_case ON case_document(case_id, id);

-- Process 2: the units of the area asked whether they refuse.
CREATE TABLE case_unit (
    case_id     BIGINT NOT NULL REFERENCES cases(id),
    node_id     BIGINT NOT NULL REFERENCES org_node(id),
    answer      TEXT NOT NULL DEFAULT 'pending' CHECK (answer IN ('pending', 'accept', 'refuse')),
    reason      TEXT NOT NULL DEFAULT '',
    answered_by BIGINT REFERENCES users(id),
    answered_at TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (case_id, node_id)
);
