-- 0002_diary_search.sql — full-text search over the diary's subject and
-- counterpart (what the search index covers is registered in
-- src/db/dialect.c; the token below becomes the per-store DDL).
@SEARCH diary_entry@
