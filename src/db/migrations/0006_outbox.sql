-- 0006_outbox.sql — the e-mail outbox (src/store/outbox.h). A mail is a
-- row written in the same transaction as the step that causes it, so the
-- step and its mail commit or roll back together; the sender
-- (src/notify/mail_sender.c) claims rows with a lease, sends them over SMTP
-- and marks them sent, or schedules a retry with back-off.
-- Times: created_at and sent_at are ISO 8601 UTC text (people read them);
-- next_attempt_at and lease_until are epoch seconds the sender compares.
-- case_id names a case (no foreign key: the cases table comes later).
-- attempts is raised by each claim, so it also names the claim: only the
-- claimer whose attempt it is may mark the row.
CREATE TABLE outbox (
    id              @ID@,
    created_at      TEXT NOT NULL,
    to_addr         TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body_text       TEXT NOT NULL,
    lang            TEXT NOT NULL CHECK (lang IN ('sv', 'en')),
    kind            TEXT NOT NULL,
    case_id         BIGINT,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_until     BIGINT NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    sent_at         TEXT NOT NULL DEFAULT '',
    message_id      TEXT NOT NULL UNIQUE
);
-- What the sender looks for: due pending rows and expired leases.
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
CREATE INDEX outbox_case ON outbox(case_id);
