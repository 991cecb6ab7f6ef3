-- 0052_guide_view.sql — the knowledge guide's page views, counted privately
-- (issue 15 item 3; docs/followup.md): one row per guide item and local day
-- (Europe/Stockholm) with the number of times its page was read. Nothing
-- about the reader is kept — no address, no cookie, no user. The server
-- counts in memory (web/guide_views.h) and adds its counts here in batches
-- (store/guide_views.c, count = count + n), so several servers sharing the
-- store add up. Written while people only read, so not versioned
-- (store/store_version.c): a batch must not empty the page cache.
CREATE TABLE guide_view_day (
    item_id TEXT NOT NULL,
    day     TEXT NOT NULL,
    views   BIGINT NOT NULL,
    PRIMARY KEY (item_id, day)
);
-- The report sums a period's days per page: this index covers that read.
CREATE INDEX guide_view_day_day ON guide_view_day(day, item_id, views);
