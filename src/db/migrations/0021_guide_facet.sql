-- 0021_guide_facet.sql — what each published item of the knowledge guide
-- says about itself in its front matter, one row per value, so that a
-- search or the directory can be narrowed by it and count its hits by it
-- (store/guide_facets.h): kind 'category' (each word of categories),
-- 'holder' (the holder's item id), and 'region', 'datatype', 'law' (the
-- holder or a related item of that type). Rewritten with the item's
-- published version (import, publish); `datalots catalog import` rebuilds
-- them all.
CREATE TABLE guide_facet (
    seq   BIGINT NOT NULL,
    kind  TEXT NOT NULL CHECK (kind IN ('category', 'holder', 'region', 'datatype', 'law')),
    value TEXT NOT NULL,
    PRIMARY KEY (seq, kind, value)
);
CREATE INDEX guide_facet_value ON guide_facet(kind, value, seq);
@VERSIONED guide_facet@
