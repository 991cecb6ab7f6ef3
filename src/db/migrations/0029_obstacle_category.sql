-- 0029_obstacle_category.sql — the obstacle categories as an editable list
-- (core/obstacle_category.h; store/obstacle_categories.c reads and edits
-- it; the analysts edit it on /hinder/kategorier). key is what an obstacle
-- stores in obstacle.category and never changes; label_sv and guidance_sv
-- are Swedish (the seeded ones are msgids, so they read in English through
-- the UI's catalogue); label_en and guidance_en, when not '', are the
-- English texts; policy_area a key of OBSTACLE_POLICY_AREA_LIST; position
-- the form's order; active 0 takes a category off the form (obstacles keep
-- it); updated_by the analyst's account (0: the shell). Rows are never
-- deleted. The nine of issue 13 are seeded here and
-- nowhere else.
CREATE TABLE obstacle_category (
    key          TEXT PRIMARY KEY,
    label_sv     TEXT NOT NULL,
    label_en     TEXT NOT NULL DEFAULT '',
    guidance_sv  TEXT NOT NULL DEFAULT '',
    guidance_en  TEXT NOT NULL DEFAULT '',
    policy_area  TEXT NOT NULL,
    position     INTEGER NOT NULL,
    active       INTEGER NOT NULL DEFAULT 1,
    updated_at   TEXT NOT NULL DEFAULT '',
    updated_by   BIGINT NOT NULL DEFAULT 0
);
INSERT INTO obstacle_category(key, label_sv, guidance_sv, policy_area, position) VALUES
    ('legal_interpretation', 'Tolkning av lagstiftning',
     'Vill du ha besked om just ditt utlämnande? Det beslutar den myndighet eller region som har uppgifterna, och beslutet kan överklagas. Rapportera här när oklar lagstiftning hindrar, så att det kan samlas och lyftas.',
     'law', 10),
    ('missing_legal_support', 'Saknat lagstöd', '', 'law', 20),
    ('technical', 'Tekniskt hinder', '', 'infrastructure', 30),
    ('semantic', 'Semantik och interoperabilitet', '', 'infrastructure', 40),
    ('organisational', 'Organisatoriskt hinder', '', 'organisation', 50),
    ('financial', 'Ekonomiskt hinder', '', 'financing', 60),
    ('ethical_review', 'Etikprövning',
     'Gäller det en enskild ansökan om etikprövning? Den handläggs av Etikprövningsmyndigheten (etikprovningsmyndigheten.se), som svarar på frågor om ansökan och beslut. Rapportera här när själva prövningen eller reglerna för den hindrar forskningen.',
     'research_ethics', 70),
    ('lead_times', 'Handläggnings- och ledtider', '', 'organisation', 80),
    ('other', 'Annat', '', 'other', 90);
@VERSIONED obstacle_category@
