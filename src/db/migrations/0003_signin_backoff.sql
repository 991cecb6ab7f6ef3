-- 0003_signin_backoff.sql — sign-in back-off per account and source, and the
-- devices an account has signed in from (src/store/signin.c).
--
-- Failed sign-ins were counted per account (users.failed_logins), so anyone
-- who knew a username could lock its owner out, and an unknown username
-- answered differently from a locked one. Now the back-off is kept per
-- (account name as typed, source): the source is the client address, or a
-- device the account has signed in from before (a long-lived cookie whose
-- SHA-256 is in known_device). A stranger's guesses lock only the stranger's
-- own source; the owner still signs in from a known device. Names that are
-- no account are counted exactly like real ones.

CREATE TABLE signin_backoff (
    account        TEXT NOT NULL, -- SHA-256 (hex) of the name as typed, never the name
    source         TEXT NOT NULL,
    failures       BIGINT NOT NULL,
    last_failed_at BIGINT NOT NULL,
    locked_until   BIGINT NOT NULL DEFAULT 0,
    refusal_noted  BIGINT NOT NULL DEFAULT 0, -- the lock whose refusal is audited
    PRIMARY KEY (account, source)
);
CREATE INDEX signin_backoff_age ON signin_backoff(last_failed_at);

-- A browser keeps one device id for every account signed in on it (a shared
-- workstation is a known device of each of its users).
CREATE TABLE known_device (
    id_hash      TEXT NOT NULL,
    user_id      BIGINT NOT NULL REFERENCES users(id),
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT NOT NULL,
    PRIMARY KEY (id_hash, user_id)
);
CREATE INDEX known_device_user ON known_device(user_id);

-- The window whose refusal is audited: a refused attempt writes nothing more.
ALTER TABLE login_throttle ADD COLUMN refusal_noted BIGINT NOT NULL DEFAULT 0;

ALTER TABLE users DROP COLUMN failed_logins;
ALTER TABLE users DROP COLUMN last_failed_at;
ALTER TABLE users DROP COLUMN locked_until;
