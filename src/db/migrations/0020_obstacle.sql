-- 0020_obstacle.sql — obstacles to the use of health data, reported by
-- anyone (core/obstacle.h, store/obstacles.c). The reporter may be signed
-- in (reporter_id) or not; either way a random follow-up token is given
-- once, and only its SHA-256 is kept. The e-mail address is optional and
-- never shown in public. category and consequence hold keys of the lists
-- in core/obstacle.h (checked there; the category list is to become
-- editable); law_id the guide item of the law it concerns ('' for none);
-- about_page the page it was reported from ('' for none). The lifecycle
-- after 'received' comes with its transition table.
CREATE TABLE obstacle (
    id                 @ID@,
    state              TEXT NOT NULL DEFAULT 'received',
    created_at         TEXT NOT NULL,
    what_happened      TEXT NOT NULL,
    data_concerned     TEXT NOT NULL DEFAULT '',
    actors             TEXT NOT NULL DEFAULT '',
    category           TEXT NOT NULL,
    law_id             TEXT NOT NULL DEFAULT '',
    consequence        TEXT NOT NULL DEFAULT '',
    suggestion         TEXT NOT NULL DEFAULT '',
    about_page         TEXT NOT NULL DEFAULT '',
    reporter_id        BIGINT REFERENCES users(id),
    reporter_email     TEXT NOT NULL DEFAULT '',
    follow_token_hash  TEXT NOT NULL UNIQUE
);
CREATE INDEX obstacle_created ON obstacle(created_at);
@VERSIONED obstacle@
