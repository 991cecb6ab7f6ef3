-- 0011_store_version.sql — one counter of every change to what pages show.
-- Each insert, update or delete on a versioned table adds one to
-- store_version.n in the same transaction (triggers, written per backend by
-- the VERSIONED directive in src/db/dialect.c), so a server that remembers a page
-- with the counter it read can tell on the next request, by reading one
-- row, whether anything it showed may have changed — also when another
-- server sharing the store made the change (src/web/page_cache.c).
-- Tables written while people only read (sessions, the sign-in throttles
-- and devices) are left out, and named in src/store/store_version.c, whose
-- test checks that every other table carries the triggers.
CREATE TABLE store_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  BIGINT NOT NULL
);
INSERT INTO store_version(id, n) VALUES (1, 1);
@VERSIONED audit_head@
@VERSIONED audit_log@
@VERSIONED case_attachment@
@VERSIONED case_document@
@VERSIONED case_event@
@VERSIONED case_unit@
@VERSIONED cases@
@VERSIONED diary_counter@
@VERSIONED diary_entry@
@VERSIONED org_node@
@VERSIONED outbox@
@VERSIONED role_assignment@
@VERSIONED samrad_agenda@
@VERSIONED samrad_attendee@
@VERSIONED samrad_meeting@
@VERSIONED settings@
@VERSIONED users@
