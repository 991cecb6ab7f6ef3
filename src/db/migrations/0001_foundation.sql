-- 0001_foundation.sql — settings, organisation tree, accounts, roles,
-- sessions, login throttling, the diarium and the hash-chained audit log.
-- Written for both SQLite and PostgreSQL; @ID@ is replaced per dialect
-- (src/db/dialect.c). Times: ISO 8601 UTC text for records people read,
-- epoch seconds (BIGINT) for timeouts the server compares.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- förvaltning → regionområde → vårdenhet; several roots per installation.
-- path is the chain of ids from the root, e.g. '/1/4/9/', so "is X inside Y"
-- is a prefix test done without a query.
CREATE TABLE org_node (
    id           @ID@,
    parent_id    BIGINT REFERENCES org_node(id),
    -- the CHECK repeats org_kind_keys[] of src/core/roles.c, the one list
    kind         TEXT NOT NULL CHECK (kind IN ('forvaltning', 'regionomrade', 'vardenhet')),
    name         TEXT NOT NULL,
    code         TEXT NOT NULL UNIQUE,
    path         TEXT NOT NULL DEFAULT '',
    diary_format TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    version      BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX org_node_parent ON org_node(parent_id);

CREATE TABLE users (
    id                  @ID@,
    username            TEXT NOT NULL UNIQUE,
    display_name        TEXT NOT NULL,
    email               TEXT NOT NULL DEFAULT '',
    password_hash       TEXT NOT NULL DEFAULT '',
    -- an account may instead be signed in by an external identity (OIDC later)
    external_issuer     TEXT,
    external_subject    TEXT,
    language            TEXT NOT NULL DEFAULT '',
    disabled            BIGINT NOT NULL DEFAULT 0,
    failed_logins       BIGINT NOT NULL DEFAULT 0,
    last_failed_at      BIGINT NOT NULL DEFAULT 0,
    locked_until        BIGINT NOT NULL DEFAULT 0,
    password_changed_at TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL,
    version             BIGINT NOT NULL DEFAULT 1,
    UNIQUE (external_issuer, external_subject)
);

-- A role held at one node of the tree, covering that node and everything
-- below it. node_id NULL: the whole installation (only for admin).
CREATE TABLE role_assignment (
    id         @ID@,
    user_id    BIGINT NOT NULL REFERENCES users(id),
    role       TEXT NOT NULL,
    node_id    BIGINT REFERENCES org_node(id),
    granted_by BIGINT REFERENCES users(id),
    granted_at TEXT NOT NULL
);
CREATE UNIQUE INDEX role_assignment_unique ON role_assignment(user_id, role, COALESCE(node_id, 0));

-- The cookie holds a random 256-bit id; the store holds only its SHA-256, so
-- a copy of the database does not let anyone sign in.
CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users(id),
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Failed sign-ins per client address in a fixed window that starts at the
-- first failure (per-account lockout is on users).
CREATE TABLE login_throttle (
    client       TEXT PRIMARY KEY,
    failures     BIGINT NOT NULL,
    window_start BIGINT NOT NULL
);

-- The last diary sequence number used per organisation and year. Taking the
-- next number is one upsert inside the registering transaction.
CREATE TABLE diary_counter (
    org_id   BIGINT NOT NULL REFERENCES org_node(id),
    year     BIGINT NOT NULL,
    last_seq BIGINT NOT NULL,
    PRIMARY KEY (org_id, year)
);

-- Registered documents. Never deleted or changed; a correction is a new
-- entry whose corrects_id points at the one it corrects.
CREATE TABLE diary_entry (
    id            @ID@,
    org_id        BIGINT NOT NULL REFERENCES org_node(id),
    number        TEXT NOT NULL,
    year          BIGINT NOT NULL,
    seq           BIGINT NOT NULL,
    registered_at TEXT NOT NULL,
    doc_date      TEXT NOT NULL,
    -- the CHECK repeats diary_direction_keys[] of src/core/diary_entry.c
    direction     TEXT NOT NULL CHECK (direction IN ('in', 'out', 'internal')),
    counterpart   TEXT NOT NULL,
    subject       TEXT NOT NULL,
    confidential  BIGINT NOT NULL DEFAULT 0,
    legal_ref     TEXT NOT NULL DEFAULT '',
    corrects_id   BIGINT REFERENCES diary_entry(id),
    registered_by BIGINT REFERENCES users(id),
    UNIQUE (org_id, year, seq),
    UNIQUE (org_id, number)
);
CREATE INDEX diary_entry_recent ON diary_entry(registered_at);
CREATE INDEX diary_entry_corrects ON diary_entry(corrects_id);

-- Append-only audit trail. hash = SHA-256 over prev_hash and the row's
-- fields (src/core/audit_chain.c); audit_head holds the newest seq and hash
-- and is updated in the same transaction, which also serialises appenders.
CREATE TABLE audit_log (
    seq           BIGINT PRIMARY KEY,
    at            TEXT NOT NULL,
    actor_user_id BIGINT NOT NULL,
    actor         TEXT NOT NULL,
    action        TEXT NOT NULL,
    object_type   TEXT NOT NULL,
    object_id     TEXT NOT NULL,
    before_digest TEXT NOT NULL,
    after_digest  TEXT NOT NULL,
    detail        TEXT NOT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
);
CREATE TABLE audit_head (
    id        BIGINT PRIMARY KEY CHECK (id = 1),
    last_seq  BIGINT NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO audit_head(id, last_seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
