-- 0024_delivery.sql — the encrypted delivery of a release case
-- (store/delivery.c): one age file per offer, fetched once through a link
-- whose random token is mailed to the recipient; only the token's SHA-256
-- is kept. claimed_at says when it was fetched (and claimed_from by which
-- address); removed_at when the file left the disk (after the download, or
-- at expiry by the sweep). receipt_entry_id is the diary entry of the
-- receipt. The destruction the decision requires by destroy_by
-- (YYYY-MM-DD, '' for none) is tracked: reminder_stage is the last
-- reminder sent (core/destroy_reminder.h), confirm_token_hash the current
-- confirmation link's (a new one with each reminder), and destroyed_on /
-- destroyed_by / destroyed_at what the recipient recorded.
CREATE TABLE delivery (
    id                 @ID@,
    case_id            BIGINT NOT NULL REFERENCES cases(id),
    token_hash         TEXT NOT NULL UNIQUE,
    file_path          TEXT NOT NULL,
    file_name          TEXT NOT NULL,
    sha256             TEXT NOT NULL,
    bytes              BIGINT NOT NULL,
    recipient_email    TEXT NOT NULL,
    destroy_by         TEXT NOT NULL DEFAULT '',
    created_at         BIGINT NOT NULL,
    created_by         BIGINT REFERENCES users(id),
    expires_at         BIGINT NOT NULL,
    claimed_at         BIGINT,
    claimed_from       TEXT NOT NULL DEFAULT '',
    removed_at         BIGINT,
    receipt_entry_id   BIGINT REFERENCES diary_entry(id),
    reminder_stage     INTEGER NOT NULL DEFAULT 0,
    confirm_token_hash TEXT UNIQUE,
    destroyed_on       TEXT NOT NULL DEFAULT '',
    destroyed_by       TEXT NOT NULL DEFAULT '',
    destroyed_at       BIGINT
);
CREATE INDEX delivery_case ON delivery(case_id);
CREATE INDEX delivery_expires ON delivery(expires_at);
@VERSIONED delivery@
