-- 0053_case_survey.sql — the one-question satisfaction survey sent to the
-- applicant when a release case closes (issue 15 item 3; the closing rows
-- of core/case_flow.c carry NOTIFY_SURVEY; store/case_survey.c). One per
-- case. The mail carries a random token; only its SHA-256 is kept. Until
-- expires_at it can be answered once: score 1–5 and an optional comment
-- (at most 2,000 characters); answered_at says when. Nothing ties the
-- answer to an account beyond the case it is about.
CREATE TABLE case_survey (
    id          @ID@,
    case_id     BIGINT NOT NULL UNIQUE REFERENCES cases(id),
    token_hash  TEXT NOT NULL UNIQUE,
    sent_at     BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    answered_at BIGINT,
    score       BIGINT CHECK (score IS NULL OR (score >= 1 AND score <= 5)),
    comment     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_survey_sent ON case_survey(sent_at, answered_at, score);
@VERSIONED case_survey@
