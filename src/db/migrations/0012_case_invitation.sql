-- 0012_case_invitation.sql — an applicant whose request came by post or
-- e-mail, and who has no account here, is invited to follow and continue the
-- case online (store/case_invitation.c). The e-mail carries a random token;
-- only its SHA-256 is kept. One use, then accepted_at and accepted_by say by
-- whom; past expires_at it is refused.
CREATE TABLE case_invitation (
    id          @ID@,
    case_id     BIGINT NOT NULL REFERENCES cases(id),
    email       TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    accepted_at BIGINT,
    accepted_by BIGINT REFERENCES users(id)
);
CREATE INDEX case_invitation_case ON case_invitation(case_id);
@VERSIONED case_invitation@
