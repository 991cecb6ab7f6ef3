-- 0019_search_facet.sql — an index of (key, type) for the guide's search,
-- so that the facet counts and a search limited to one type read it and
-- never the items' rows (store/guide_find.c, dialect_ranked_hits).
CREATE INDEX guide_item_search_facet ON guide_item(seq, type);
