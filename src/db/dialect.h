/* dialect.h — every SQL difference between SQLite and PostgreSQL, in one
 * place. Migrations are written once with these tokens, replaced when applied:
 *   @ID@        an auto-assigned 64-bit primary key column type
 *   @BLOB@      a byte-string column type
 * Statements themselves use `?` placeholders (pg.c rewrites them to $n),
 * INSERT … RETURNING and ON CONFLICT … DO UPDATE, which both accept. Times
 * are stored as ISO 8601 UTC text or as epoch seconds (BIGINT), computed in C,
 * so no time function of either store is needed. */
#ifndef DATALOTS_DIALECT_H
#define DATALOTS_DIALECT_H

#include "db/db.h"
#include "core/strbuf.h"

/* The statement that opens a write transaction. */
const char *dialect_begin_sql(db_backend kind);
/* The statement that opens a read-only transaction seeing one snapshot. */
const char *dialect_begin_read_sql(db_backend kind);

/* Statements taken around applying migrations, so app servers starting at
 * once on a fresh store do not race (PostgreSQL: a session advisory lock;
 * SQLite: nothing — BEGIN IMMEDIATE serialises). NULL when not needed. */
const char *dialect_migration_lock_sql(db_backend kind);
const char *dialect_migration_unlock_sql(db_backend kind);

/* The query listing the store's own tables (one column: the name), for
 * checks that every table is handled. */
const char *dialect_list_tables_sql(db_backend kind);

/* After rows were inserted with explicit ids: the statement that moves
 * table's id generator past them (newly allocated; free with dl_free), or
 * NULL where nothing is needed (SQLite's INTEGER PRIMARY KEY follows MAX
 * by itself). table is a name from the schema, never user input. */
char *dialect_identity_reset_sql(db_backend kind, const char *table);

/* Full-text search. A migration line `@SEARCH name@` creates the search
 * index registered under that name in dialect.c (its table and columns; a
 * table's first index is named after the table, and the functions below
 * take that name where they say table): on SQLite an
 * FTS5 table over the table's own rows, kept in step by triggers; on
 * PostgreSQL a GIN index over to_tsvector('simple', …) of the columns — no
 * extra column, so rows copy between stores as they are. Words are matched
 * by prefix, case-insensitively, all words required, no ranking (newest
 * first is the order people want, and ranking is the cost; see
 * shared/design/performance.md, pitfall 4). */

/* The WHERE condition matching rows of table (aliased alias) against one
 * bound parameter made by dialect_search_query(); newly allocated, or NULL
 * for a table without a search index or out of memory. */
char *dialect_search_condition(db_backend kind, const char *table, const char *alias);
/* A search's hits as a row source for "FROM (…) h": one column, hit (the
 * row's key), in key order and limited. The ? in order: the query
 * (dialect_search_query), the value of filter_column when it is given
 * (rows with filter_column = ?; NULL for none), then those of key_in when
 * it is given (an SQL subquery "(SELECT …)" of the keys allowed; NULL for
 * none), then the limit. Newly allocated, or NULL for a table without a
 * search index or out of memory. */
char *dialect_search_hits(db_backend kind, const char *table, const char *filter_column, const char *key_in);
/* The same hits with what ranks them, best first when ordered by
 * (rank_title, rank_text, hit) ascending: rank_title the title's length
 * (SQLite: its words, db/search_rank.h's title_first) when the titles (the
 * first two columns) hold every word, else 100000; rank_text the text's
 * relevance as an integer (bm25 or -ts_rank, times 10^6). Still in key
 * order and limited, for the caller to sort: the rank is read from the
 * index alone, and only the rows shown are read afterwards. The ? as for
 * dialect_search_hits. */
char *dialect_ranked_hits(db_backend kind, const char *table, const char *filter_column, const char *key_in);
/* A subquery "(SELECT …)" of the integers in its one ?, a JSON array such
 * as "[3,5,8]" — a set of keys found once and used again. */
const char *dialect_key_list(db_backend kind);
/* Appends " INDEXED BY index" on SQLite (whose planner would read a row by
 * its key from the table rather than from a smaller covering index), and
 * nothing on PostgreSQL. */
void dialect_index_hint(db_backend kind, const char *index, strbuf *sb);
/* Turns what a person typed into that parameter: at most 8 words of
 * letters and digits (anything else separates words, so no search syntax
 * gets through). Returns the number of words; 0 means "no search". */
int dialect_search_query(db_backend kind, const char *typed, char *out, size_t outsz);
/* The same words, any of them matching (for "rows like this text", ranked
 * by dialect_ranked_hits: the more words a row shares, the better). */
int dialect_search_query_any(db_backend kind, const char *typed, char *out, size_t outsz);

/* Returns a newly allocated copy of migration SQL with the tokens replaced
 * (free with dl_free), or NULL on out-of-memory (or a malformed directive).
 * @SEARCH table@ as above; @VERSIONED table@ adds the triggers that count
 * every write to the table in store_version (store/store_version.h). */
char *dialect_rewrite_migration(db_backend kind, const char *sql);

#endif
