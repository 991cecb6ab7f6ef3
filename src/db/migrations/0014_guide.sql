-- 0014_guide.sql — the knowledge guide in the store (store/guide.c): one
-- row per item with the fields lists and pages read, taken from its
-- published version, and every version of its source file (front matter
-- and Markdown, as in content/<area>/<id>.md) with who saved it and when.
-- `datalots catalog import` adds a version only where a file changed;
-- `datalots catalog export` writes the published versions back.
CREATE TABLE guide_item (
    id                TEXT PRIMARY KEY,
    area              TEXT NOT NULL,
    type              TEXT NOT NULL,
    title             TEXT NOT NULL,
    title_en          TEXT NOT NULL,
    summary           TEXT NOT NULL,
    summary_en        TEXT NOT NULL,
    categories        TEXT NOT NULL,
    reviewed          TEXT NOT NULL,
    responsible       TEXT NOT NULL,
    latest_version    BIGINT NOT NULL,
    published_version BIGINT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX guide_item_type ON guide_item(type, title);
CREATE TABLE guide_version (
    item_id    TEXT NOT NULL REFERENCES guide_item(id),
    version    BIGINT NOT NULL,
    source     TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    origin     TEXT NOT NULL CHECK (origin IN ('import', 'web')),
    created_at TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    PRIMARY KEY (item_id, version)
);
@VERSIONED guide_item@
@VERSIONED guide_version@
