-- 0045_joint_call.sql — joint calls (utlysningar) of the coordinating
-- support and the projects they fund (store/calls.c, docs/calls.md).
-- joint_call: a call the network coordinator publishes — its Markdown text,
-- the first and last day applications are received (Europe/Stockholm, both
-- included), its criteria (one a line) and its budget or scope.
-- joint_application: an organisation's application (the applying account,
-- the organisation's name and contact e-mail), its state in the
-- transition table of core/call_flow.h, the decision's reasons, and for a
-- granted project the knowledge-guide item its results were published as.
-- joint_score: the coordinator's score (0–5) and comment per criterion.
CREATE TABLE joint_call (
    id          @ID@,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    opens_on    TEXT NOT NULL,
    closes_on   TEXT NOT NULL,
    criteria    TEXT NOT NULL,
    budget      TEXT NOT NULL,
    created_by  BIGINT REFERENCES users(id),
    created_at  TEXT NOT NULL
);
CREATE INDEX joint_call_closes ON joint_call(closes_on);
@VERSIONED joint_call@
CREATE TABLE joint_application (
    id             @ID@,
    call_id        BIGINT NOT NULL REFERENCES joint_call(id),
    applicant_id   BIGINT NOT NULL REFERENCES users(id),
    org_name       TEXT NOT NULL,
    contact_email  TEXT NOT NULL,
    project_title  TEXT NOT NULL,
    description    TEXT NOT NULL,
    state          TEXT NOT NULL,
    decision_reason TEXT NOT NULL DEFAULT '',
    guide_item_id  TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX joint_application_call ON joint_application(call_id, id);
CREATE INDEX joint_application_applicant ON joint_application(applicant_id);
CREATE INDEX joint_application_guide ON joint_application(guide_item_id);
@VERSIONED joint_application@
CREATE TABLE joint_score (
    application_id BIGINT NOT NULL REFERENCES joint_application(id),
    criterion      INTEGER NOT NULL,
    score          INTEGER NOT NULL,
    comment        TEXT NOT NULL,
    PRIMARY KEY (application_id, criterion)
);
@VERSIONED joint_score@
