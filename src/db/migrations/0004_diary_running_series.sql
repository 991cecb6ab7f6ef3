-- 0004_diary_running_series.sql — a diary format without {year} is one
-- running series (series 0 in diary_counter.year, src/core/diary_number.h).
-- Before, such formats were counted per calendar year: start each
-- organisation's running series after the highest number it has counted in
-- any year, so numbers never go backwards after the upgrade (and any number
-- taken anyway is skipped, src/store/diary.c).
INSERT INTO diary_counter(org_id, year, last_seq)
SELECT org_id, 0, MAX(last_seq) FROM diary_counter WHERE year <> 0 GROUP BY org_id
ON CONFLICT (org_id, year) DO NOTHING;
