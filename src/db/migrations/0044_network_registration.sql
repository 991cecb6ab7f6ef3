-- 0044_network_registration.sql — registration for the network's events
-- (issue 15 item 1, store/network_registration.c, docs/network.md). An
-- event takes registrations when seats > 0, until registration_closes_at
-- (UTC text; '' = at its start). registered counts the registrations: a
-- registration raises it only while it is below seats, in one statement,
-- so two people at once cannot take the last seat both. One registration
-- per address and event; it is cancelled with the mailed link, whose token
-- is stored only as its SHA-256.
ALTER TABLE network_event ADD COLUMN seats BIGINT NOT NULL DEFAULT 0;
ALTER TABLE network_event ADD COLUMN registration_closes_at TEXT NOT NULL DEFAULT '';
ALTER TABLE network_event ADD COLUMN registered BIGINT NOT NULL DEFAULT 0;
CREATE TABLE network_registration (
    id             @ID@,
    event_id       BIGINT NOT NULL REFERENCES network_event(id),
    name           TEXT NOT NULL,
    email          TEXT NOT NULL,
    token_hash     TEXT NOT NULL UNIQUE,
    registered_at  TEXT NOT NULL,
    UNIQUE (event_id, email)
);
@VERSIONED network_registration@
