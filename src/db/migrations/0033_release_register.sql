-- 0033_release_register.sql — the public register of decided release cases
-- (store/release_register.c, docs/release-register.md) reads each case's
-- decision from its history: the row of event 'approve' or 'refuse', whose
-- time says when the decision was taken and so when it becomes public. The
-- register lists them newest first and cuts at a time: both come from
-- (event, at) without reading the whole history. No table of its own: a
-- decision is public when its date is N working days old, a condition of
-- the query (no run to forget, nothing to keep in step).
CREATE INDEX case_event_decision ON case_event(event, at);
