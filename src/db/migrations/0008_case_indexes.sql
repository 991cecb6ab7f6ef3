-- 0008_case_indexes.sql — indexes for the staff queue with many cases
-- (case_list in src/store/cases.c, measured by bench/cases.sh). The queue
-- counts an organisation's open cases and shows the newest 50: both come
-- from (org_id, state, id) without reading the wide case rows, which
-- replaces the index on (org_id, state). The applicant's own list, newest
-- first, likewise from (owner_user_id, id).
CREATE INDEX cases_org_state_id ON cases(org_id, state, id);
DROP INDEX cases_org_state;
CREATE INDEX cases_owner_id ON cases(owner_user_id, id);
DROP INDEX cases_owner;
