-- 0031_obstacle_public_search.sql — a ranked full-text index over the
-- published wording of obstacles only (public_text, public_suggestion of
-- migration 0028; db/dialect.c registers it as "obstacle_public"). The
-- reporter's preview (handlers/obstacle_preview.c) lists similar published
-- obstacles ranked by it: ranking by the index over what reporters wrote
-- (0025) would let anyone probe a published report's unpublished text
-- (a name, a personnummer) by what comes up.
@SEARCH obstacle_public@
