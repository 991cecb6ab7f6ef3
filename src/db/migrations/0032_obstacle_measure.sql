-- 0032_obstacle_measure.sql — measures (åtgärder) taken against reported
-- obstacles (core/measure.h, core/measure_flow.h, store/obstacle_measures.c;
-- docs/obstacles.md "Measures"), Decidim's accountability model: a measure
-- with its outcome type (a key of MEASURE_OUTCOME_LIST), its status (a key
-- of MEASURE_STATUS_LIST), its progress in per cent, its responsible body
-- and its start and due days (YYYY-MM-DD, '' when not set); created_by the
-- analyst who registered it.
CREATE TABLE obstacle_measure (
    id               @ID@,
    title            TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    outcome_type     TEXT NOT NULL,
    responsible_body TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL,
    progress         INTEGER NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 100),
    start_date       TEXT NOT NULL DEFAULT '',
    due_date         TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    created_by       BIGINT REFERENCES users(id),
    updated_at       TEXT NOT NULL
);
CREATE INDEX obstacle_measure_status ON obstacle_measure(status, outcome_type);
CREATE INDEX obstacle_measure_created ON obstacle_measure(created_at);
@VERSIONED obstacle_measure@

-- Which obstacles a measure addresses: one measure, several obstacles; one
-- obstacle, several measures.
CREATE TABLE obstacle_measure_link (
    measure_id   BIGINT NOT NULL REFERENCES obstacle_measure(id),
    obstacle_id  BIGINT NOT NULL REFERENCES obstacle(id),
    linked_at    TEXT NOT NULL,
    PRIMARY KEY (measure_id, obstacle_id)
);
CREATE INDEX obstacle_measure_link_obstacle ON obstacle_measure_link(obstacle_id);
@VERSIONED obstacle_measure_link@

-- The timeline: one row per step, never changed — when, who, the event
-- ('create' for the first row), the statuses before and after, the
-- progress after it and the note (required for every step but the first).
-- is_public: the row and its note show on the public obstacle page.
CREATE TABLE obstacle_measure_step (
    id          @ID@,
    measure_id  BIGINT NOT NULL REFERENCES obstacle_measure(id),
    at          TEXT NOT NULL,
    actor_id    BIGINT REFERENCES users(id),
    event       TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    progress    INTEGER NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    is_public   INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX obstacle_measure_step_measure ON obstacle_measure_step(measure_id, id);
@VERSIONED obstacle_measure_step@
