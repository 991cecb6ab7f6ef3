-- 0039_case_claim.sql — working together on a case on the organisation's
-- side (store/case_claim.c, docs/case-claim.md). case_claim: who has taken
-- a case now, one row per case (the key makes two claims at once end with
-- one holder); released claims are deleted — what happened stays in
-- case_note and the audit log. case_note: the staff's internal thread on a
-- case (kind 'note'), and the handover notes written when a case changes
-- hands (kind 'handover': from_user_id gave it to to_user_id). Never shown
-- to the applicant, the applicant's API or the public register.
CREATE TABLE case_claim (
    case_id     BIGINT NOT NULL PRIMARY KEY REFERENCES cases(id),
    user_id     BIGINT NOT NULL REFERENCES users(id),
    claimed_at  TEXT NOT NULL
);
CREATE INDEX case_claim_user ON case_claim(user_id);
@VERSIONED case_claim@
CREATE TABLE case_note (
    id           @ID@,
    case_id      BIGINT NOT NULL REFERENCES cases(id),
    author_id    BIGINT REFERENCES users(id),
    kind         TEXT NOT NULL,
    from_user_id BIGINT REFERENCES users(id),
    to_user_id   BIGINT REFERENCES users(id),
    body         TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX case_note_case ON case_note(case_id, id);
@VERSIONED case_note@
