-- 0050_questions.sql — questions to the national support routed to the
-- member function of the network that can answer them (issue 15 item 6,
-- store/questions.c, docs/questions.md).
-- question_route: what each member declares it answers — a topic or a data
-- type (the stored keys of core/question_route.h) or a data holder (its
-- name as text); the routing rule reads these rows.
-- question: one question — topic, data type, holder ('' none named), the
-- text, the asker's e-mail address (for the answer only; never shown in the
-- queue, never in the audit log), its state in core/question_flow.h, the
-- member it is with (NULL: the coordinator's queue), the answer, whether
-- it is general, the knowledge-guide draft it became, and the hash of the
-- token of the link in the answer mail. Instants are UTC text.
-- question_event: the question's history — received, routed, every hand-over
-- with its note, the answer — from which member to which, by whom.
CREATE TABLE question_route (
    member_id  BIGINT NOT NULL REFERENCES network_member(id),
    kind       TEXT NOT NULL,
    value      TEXT NOT NULL,
    PRIMARY KEY (member_id, kind, value),
    CHECK (kind IN ('topic', 'data-type', 'holder'))
);
@VERSIONED question_route@
CREATE TABLE question (
    id             @ID@,
    topic          TEXT NOT NULL,
    data_type      TEXT NOT NULL,
    holder         TEXT NOT NULL DEFAULT '',
    body           TEXT NOT NULL,
    asker_email    TEXT NOT NULL,
    lang           TEXT NOT NULL DEFAULT 'sv',
    state          TEXT NOT NULL,
    member_id      BIGINT REFERENCES network_member(id),
    answer         TEXT NOT NULL DEFAULT '',
    general        INTEGER NOT NULL DEFAULT 0,
    guide_item_id  TEXT,
    token_hash     TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    answered_at    TEXT NOT NULL DEFAULT '',
    updated_at     TEXT NOT NULL
);
@VERSIONED question@
CREATE INDEX question_state ON question(state, member_id);
CREATE INDEX question_guide ON question(guide_item_id);
CREATE INDEX question_token ON question(token_hash);
CREATE TABLE question_event (
    id           @ID@,
    question_id  BIGINT NOT NULL REFERENCES question(id),
    event        TEXT NOT NULL,
    from_member  BIGINT REFERENCES network_member(id),
    to_member    BIGINT REFERENCES network_member(id),
    note         TEXT NOT NULL DEFAULT '',
    actor_id     BIGINT REFERENCES users(id),
    created_at   TEXT NOT NULL
);
@VERSIONED question_event@
CREATE INDEX question_event_question ON question_event(question_id, id);
