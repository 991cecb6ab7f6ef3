-- 0009_case_reminders.sql — the day the area's chiefs were reminded that the
-- units' answers in a Process 2 case fall due ('' until then): one reminder
-- per round (datalots cases remind).
ALTER TABLE cases ADD COLUMN units_reminded_on TEXT NOT NULL DEFAULT '';
