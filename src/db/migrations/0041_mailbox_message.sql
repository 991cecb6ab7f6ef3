-- 0041_mailbox_message.sql — the messages of the official mailbox
-- (myndighetsbrevlåda) that have been registered (store/mailbox.c,
-- docs/mailbox.md). A message is known by where it lies — the mailbox URL
-- (without user or password), the mailbox's UIDVALIDITY and the message's
-- UID — and by its Message-ID ("sha256:…" of the bytes when it has none).
-- Both are unique, so the same message is never registered twice: not by a
-- double click, not by two registrars at once, not after the mailbox was
-- rebuilt with new UIDs. Rows are never changed or deleted.
CREATE TABLE mailbox_message (
    id            @ID@,
    mailbox       TEXT NOT NULL,
    uidvalidity   BIGINT NOT NULL,
    uid           BIGINT NOT NULL,
    message_id    TEXT NOT NULL,
    sender        TEXT NOT NULL,
    subject       TEXT NOT NULL,
    case_id       BIGINT NOT NULL REFERENCES cases(id),
    diary_number  TEXT NOT NULL DEFAULT '',
    attachments   BIGINT NOT NULL DEFAULT 0,
    registered_at TEXT NOT NULL,
    registered_by BIGINT REFERENCES users(id),
    UNIQUE (mailbox, uidvalidity, uid),
    UNIQUE (mailbox, message_id)
);
@VERSIONED mailbox_message@
