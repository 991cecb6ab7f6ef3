-- 0054_case_step_length.sql — each step of a release case (a stint in one
-- state, from the history row that entered it to the one that left it),
-- written once when the step ends (store/case_step_length.c: by the
-- transition and by the demo seeding), so the follow-up figures
-- (store/followup.c) read one GROUP BY instead of every case_event row.
-- The days are counted as core/deadline.h counts them, both ways, because
-- an organisation may change how its targets count (working or calendar
-- days) and the figures follow its current targets. org_id and
-- case_created_at are the case's, kept here so the period's steps are read
-- from one index; neither changes once the case exists.
--
-- The rows of the existing history are written below from case_event (a
-- step ends at a row that changes the state, when the case's previous such
-- row entered that state); their days are -1 until `datalots` counts them
-- once after migrating (case_step_length_count_days, which needs the
-- holiday calendar SQL does not have).
CREATE TABLE case_step_length (
    id              @ID@,
    case_id         BIGINT NOT NULL REFERENCES cases(id),
    org_id          BIGINT NOT NULL,
    case_created_at TEXT NOT NULL,
    state           TEXT NOT NULL,
    entered_at      TEXT NOT NULL,
    left_at         TEXT NOT NULL,
    working_days    INTEGER NOT NULL,
    calendar_days   INTEGER NOT NULL
);
CREATE INDEX case_step_length_period ON case_step_length(case_created_at, state, org_id, working_days, calendar_days);
CREATE INDEX case_step_length_case ON case_step_length(case_id);
CREATE INDEX case_step_length_uncounted ON case_step_length(id) WHERE working_days < 0;
INSERT INTO case_step_length(case_id, org_id, case_created_at, state, entered_at, left_at, working_days, calendar_days)
SELECT x.case_id, c.org_id, c.created_at, x.from_state, x.prev_at, x.at, -1, -1
FROM (SELECT case_id, id, at, from_state,
             LAG(to_state) OVER (PARTITION BY case_id ORDER BY id) AS prev_to,
             LAG(at) OVER (PARTITION BY case_id ORDER BY id) AS prev_at
      FROM case_event WHERE from_state <> to_state) x
JOIN cases c ON c.id = x.case_id
WHERE x.prev_to = x.from_state AND x.at >= x.prev_at
ORDER BY x.case_id, x.id;
@VERSIONED case_step_length@
-- The same steps counted per month of the case's creation (UTC, as
-- case_created_at), organisation, state and length: what a period's
-- whole months read, so the figures of years of cases read thousands of
-- rows, not hundreds of thousands; the days of the period's first and last
-- month that it covers only in part are read from case_step_length. Kept in
-- the same transaction as the steps (store/case_step_length.c); filled
-- once the days are counted.
CREATE TABLE case_step_month (
    month           TEXT NOT NULL,
    org_id          BIGINT NOT NULL,
    state           TEXT NOT NULL,
    working_days    INTEGER NOT NULL,
    calendar_days   INTEGER NOT NULL,
    n               BIGINT NOT NULL,
    PRIMARY KEY (month, org_id, state, working_days, calendar_days)
);
@VERSIONED case_step_month@
-- The units' answers in Process 2 counted per month of the case's creation,
-- unit and answer, for the same reason: what a period's whole months read
-- (the units' answers of a month covered in part from case_unit). Kept in
-- the transaction that writes case_unit (the round opened, an answer).
CREATE TABLE case_unit_month (
    month   TEXT NOT NULL,
    node_id BIGINT NOT NULL,
    answer  TEXT NOT NULL,
    n       BIGINT NOT NULL,
    PRIMARY KEY (month, node_id, answer)
);
INSERT INTO case_unit_month(month, node_id, answer, n)
SELECT substr(c.created_at, 1, 7), u.node_id, u.answer, COUNT(*) FROM case_unit u JOIN cases c ON c.id = u.case_id
WHERE c.process = 2 GROUP BY substr(c.created_at, 1, 7), u.node_id, u.answer;
@VERSIONED case_unit_month@
-- The follow-up's reads of a period's cases and obstacles (store/followup.c,
-- store/obstacle_report.c): the counts from indexes in the order of their
-- GROUP BY, read whole without a sort (the period is checked in the index);
-- the units' answers and the refusals from the cases of the period.
CREATE INDEX cases_counted ON cases(state, process, decision_outcome, org_id, created_at);
CREATE INDEX cases_created ON cases(created_at, process, decision_outcome);
CREATE INDEX obstacle_counted ON obstacle(category, actor_type, state, consequence, created_at);
