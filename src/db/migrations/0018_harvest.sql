-- 0018_harvest.sql — what `datalots catalog harvest` took from other
-- catalogues (store/harvest.c): for each dct:identifier harvested, the
-- guide's item it became, the catalogue and dataset node it came from, and
-- the SHA-256 of the item text the source gave last time, so that a later
-- harvest adds a version only when the source changed (and not over an
-- editor's own changes when it did not).
CREATE TABLE harvest_identifier (
    identifier   TEXT PRIMARY KEY,
    item_id      TEXT NOT NULL REFERENCES guide_item(id),
    catalogue    TEXT NOT NULL,
    dataset_uri  TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    harvested_at TEXT NOT NULL
);
CREATE INDEX harvest_identifier_item ON harvest_identifier(item_id);
@VERSIONED harvest_identifier@
