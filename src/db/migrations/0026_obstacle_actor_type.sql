-- 0026_obstacle_actor_type.sql — who reports an obstacle, or who is
-- involved: a key of OBSTACLE_ACTOR_TYPE_LIST in core/obstacle.h
-- (researcher, data_holder, authority, company, patient_organisation,
-- other; checked there), '' when none was given. No index of its own: the
-- compiled report (store/obstacle_report.c) reads a period through
-- obstacle_created and groups what it reads.
ALTER TABLE obstacle ADD COLUMN actor_type TEXT NOT NULL DEFAULT '';
