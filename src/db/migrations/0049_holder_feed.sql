-- 0049_holder_feed.sql — the feeds of other data holders that a national
-- installation compares on /jamfor (issue 15 item 4; docs/holder-feeds.md;
-- store/holder_feeds.c, `datalots holders`). body is the last copy that was
-- fetched and read as a valid profile (core/holder_profile.h), kept when a
-- later fetch fails; last_error says why the newest fetch failed ('' when
-- it worked). Times are ISO 8601 UTC; '' for never.
CREATE TABLE holder_feed (
    id          @ID@,
    url         TEXT NOT NULL UNIQUE,
    added_at    TEXT NOT NULL,
    tried_at    TEXT NOT NULL DEFAULT '',
    fetched_at  TEXT NOT NULL DEFAULT '',
    last_error  TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL DEFAULT ''
);
@VERSIONED holder_feed@
