-- 0010_case_attachments.sql — files attached to a case (today the ethics
-- decision as PDF, checked by src/core/attachment.c), with their SHA-256.
-- The bytes are kept as base64 text so that both backends store them the
-- same way through the text interface of src/db (no bytea/blob binding).
CREATE TABLE case_attachment (
    id           @ID@,
    case_id      BIGINT NOT NULL REFERENCES cases(id),
    kind         TEXT NOT NULL,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    data_base64  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   BIGINT REFERENCES users(id)
);
CREATE INDEX case_attachment_case ON case_attachment(case_id, id);
