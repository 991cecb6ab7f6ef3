-- 0038_case_member.sql — project members of a release case and the terms of
-- use they accept (store/case_members.c). The applicant invites a
-- co-researcher by e-mail: a random token, only its SHA-256 kept, valid
-- expires_at (epoch seconds), usable once. Joining binds the row to an
-- account (user_id, joined_at); accepting the terms records the version
-- accepted (terms_version, accepted_at). Leaving or removal sets ended_at,
-- ended_how ('left' | 'removed') and who ended it. Only members who accepted
-- the newest terms get the delivery. Rows are never deleted.
CREATE TABLE terms_version (
    id         @ID@,
    version    BIGINT NOT NULL UNIQUE,
    body_sv    TEXT NOT NULL,
    body_en    TEXT NOT NULL,
    created_at TEXT NOT NULL
);
INSERT INTO terms_version(version, body_sv, body_en, created_at) VALUES (1,
'Jag använder uppgifterna bara för projektets syfte enligt beslutet. Jag försöker inte identifiera någon person. Jag lämnar inte uppgifterna vidare till någon utanför projektet. Jag förvarar dem säkert enligt ansökans säkerhetsåtgärder och förstör dem senast det datum beslutet anger. Jag meddelar sökanden och organisationen om något av detta inte kan följas.',
'I use the data only for the purpose of the project under the decision. I do not try to identify anyone. I do not pass the data on to anyone outside the project. I keep them safely under the security measures of the request and destroy them by the date the decision sets. I tell the applicant and the organisation if any of this cannot be kept.',
'2026-12-07T00:00:00Z');

CREATE TABLE case_member (
    id            @ID@,
    case_id       BIGINT NOT NULL REFERENCES cases(id),
    email         TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    invited_by    BIGINT REFERENCES users(id),
    invited_at    BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL,
    user_id       BIGINT REFERENCES users(id),
    joined_at     BIGINT NOT NULL DEFAULT 0,
    terms_version BIGINT NOT NULL DEFAULT 0,
    accepted_at   BIGINT NOT NULL DEFAULT 0,
    ended_at      BIGINT NOT NULL DEFAULT 0,
    ended_how     TEXT NOT NULL DEFAULT '',
    ended_by      BIGINT REFERENCES users(id)
);
CREATE INDEX case_member_case ON case_member(case_id, id);
CREATE INDEX case_member_user ON case_member(user_id);
@VERSIONED terms_version@
@VERSIONED case_member@
