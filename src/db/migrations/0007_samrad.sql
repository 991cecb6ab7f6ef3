-- 0007_samrad.sql — the samråd's meetings (docs/cases.md, "Samråd"): a
-- meeting of an organisation on a date, its attendees by competence (the
-- keys of SAMRAD_COMPETENCE_LIST in src/core/samrad.h), and its agenda of
-- cases waiting for the samråd with the assessments made per case. A
-- meeting is planned, then held once (src/store/samrad.c, samrad_hold): the
-- cases with a recommendation move through case_transition_in_tx and the
-- minutes are registered in the diarium. outcome records what the hold did
-- with an item ('recommended' or 'tabled'), review_documented whether the
-- confidentiality review was on the case then (never its text).

CREATE TABLE samrad_meeting (
    id                     @ID@,
    org_id                 BIGINT NOT NULL REFERENCES org_node(id),
    held_on                TEXT NOT NULL,
    place                  TEXT NOT NULL DEFAULT '',
    state                  TEXT NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'held')),
    minutes_diary_entry_id BIGINT REFERENCES diary_entry(id),
    minutes_text           TEXT NOT NULL DEFAULT '',
    held_at                TEXT NOT NULL DEFAULT '',
    created_at             TEXT NOT NULL,
    version                BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX samrad_meeting_org ON samrad_meeting(org_id, held_on);

CREATE TABLE samrad_attendee (
    id          @ID@,
    meeting_id  BIGINT NOT NULL REFERENCES samrad_meeting(id),
    name        TEXT NOT NULL,
    competence  TEXT NOT NULL,
    user_id     BIGINT REFERENCES users(id)
);
CREATE INDEX samrad_attendee_meeting ON samrad_attendee(meeting_id, id);

CREATE TABLE samrad_agenda (
    meeting_id             BIGINT NOT NULL REFERENCES samrad_meeting(id),
    case_id                BIGINT NOT NULL REFERENCES cases(id),
    position               BIGINT NOT NULL,
    assessment_scientific  TEXT NOT NULL DEFAULT '',
    assessment_feasibility TEXT NOT NULL DEFAULT '',
    assessment_ethics      TEXT NOT NULL DEFAULT '',
    recommendation         TEXT NOT NULL DEFAULT '' CHECK (recommendation IN ('', 'release', 'refusal')),
    conditions             TEXT NOT NULL DEFAULT '',
    outcome                TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'recommended', 'tabled')),
    review_documented      BIGINT NOT NULL DEFAULT 0,
    version                BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (meeting_id, case_id)
);
CREATE INDEX samrad_agenda_case ON samrad_agenda(case_id);
