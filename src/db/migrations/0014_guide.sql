-- 0014_guide.sql — the knowledge guide in the store (store/guide.c): one
-- row per item with the fields lists and pages read, taken from its
-- published version, and every version of its source file (front matter
-- and Markdown, as in content/<area>/<id>.md) with who saved it and when.
-- `datalots catalog import` adds a version only where a file changed;
-- `datalots catalog export` writes the published versions back. The search
-- index covers the published titles, summaries, categories and body, with
-- Swedish stemming (db/stem_tokenizer.h; PostgreSQL's 'swedish').
CREATE TABLE guide_item (
    seq               @ID@,
    id                TEXT NOT NULL UNIQUE,
    area              TEXT NOT NULL,
    type              TEXT NOT NULL,
    title             TEXT NOT NULL,
    title_en          TEXT NOT NULL,
    summary           TEXT NOT NULL,
    summary_en        TEXT NOT NULL,
    categories        TEXT NOT NULL,
    reviewed          TEXT NOT NULL,
    responsible       TEXT NOT NULL,
    body              TEXT NOT NULL,
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
-- Searches that found nothing, counted per query (folded to lower case),
-- for the editors to follow up. Written while people only read, so not
-- versioned (store/store_version.c).
CREATE TABLE guide_search_miss (
    query   TEXT PRIMARY KEY,
    count   BIGINT NOT NULL,
    last_at TEXT NOT NULL
);
@SEARCH guide_item@
@VERSIONED guide_item@
@VERSIONED guide_version@
