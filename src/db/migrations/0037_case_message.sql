-- 0037_case_message.sql — the thread of messages between the applicant and
-- the organisation on a case (store/case_messages.c): one thread per case,
-- oldest first. side is who wrote: the applicant ('applicant') or the
-- organisation's staff ('staff'). A message that is a document (a
-- completion, a new attachment) is registered: document_id names the case
-- document it became (with its diary entry), attachment_id the file.
-- Nothing is edited or deleted.
CREATE TABLE case_message (
    id             @ID@,
    case_id        BIGINT NOT NULL REFERENCES cases(id),
    at             TEXT NOT NULL,
    author_user_id BIGINT REFERENCES users(id),
    author_name    TEXT NOT NULL,
    side           TEXT NOT NULL CHECK (side IN ('applicant', 'staff')),
    body           TEXT NOT NULL,
    document_id    BIGINT REFERENCES case_document(id),
    attachment_id  BIGINT REFERENCES case_attachment(id)
);
CREATE INDEX case_message_case ON case_message(case_id, id);
@VERSIONED case_message@
