-- 0025_obstacle_lifecycle.sql — the obstacle's lifecycle after the intake
-- (core/obstacle_flow.h, store/obstacle_steps.c). state holds a key of
-- OBSTACLE_STATE_LIST. What the analyst records: the need the obstacle
-- stands in the way of, its legal basis, the responsible body it was
-- forwarded to, and the public answer every report gets (a refusal or a
-- filing included); merged_into the obstacle a duplicate was merged into
-- (no foreign key: a duplicate may point at a newer report, and the copy
-- goes in id order; the store checks it); last_step_at the time of the
-- latest step ('' before the first), for the queue's age.
ALTER TABLE obstacle ADD COLUMN need TEXT NOT NULL DEFAULT '';
ALTER TABLE obstacle ADD COLUMN legal_basis TEXT NOT NULL DEFAULT '';
ALTER TABLE obstacle ADD COLUMN responsible_body TEXT NOT NULL DEFAULT '';
ALTER TABLE obstacle ADD COLUMN public_answer TEXT NOT NULL DEFAULT '';
ALTER TABLE obstacle ADD COLUMN merged_into BIGINT;
ALTER TABLE obstacle ADD COLUMN last_step_at TEXT NOT NULL DEFAULT '';
CREATE INDEX obstacle_state_created ON obstacle(state, created_at);
CREATE INDEX obstacle_merged_into ON obstacle(merged_into);

-- One row per step, never changed: when, who (the analyst's account),
-- the event, the states before and after, the note (a reason, the
-- measure, the public answer …), whether the reporter sees it, and the
-- SHA-256 of the follow-up token mailed with it (the token itself is
-- never stored; NULL when no mail went).
CREATE TABLE obstacle_step (
    id               @ID@,
    obstacle_id      BIGINT NOT NULL REFERENCES obstacle(id),
    at               TEXT NOT NULL,
    actor_id         BIGINT REFERENCES users(id),
    event            TEXT NOT NULL,
    from_state       TEXT NOT NULL,
    to_state         TEXT NOT NULL,
    note             TEXT NOT NULL DEFAULT '',
    is_public        INTEGER NOT NULL DEFAULT 0,
    mail_token_hash  TEXT UNIQUE
);
CREATE INDEX obstacle_step_obstacle ON obstacle_step(obstacle_id, id);
@VERSIONED obstacle_step@

-- Similar reports, for the analyst's duplicates: a ranked full-text index
-- over what the reporter wrote (db/dialect.c registers its columns).
@SEARCH obstacle@
