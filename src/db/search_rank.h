/* search_rank.h — an FTS5 ranking function for SQLite, so that a ranked
 * search orders its hits from the index alone, without reading each hit's
 * row: title_first(fts_table) is the number of words in the first column
 * (the title) when every phrase of the query occurs in the first two
 * columns (title, English title), else 100000. Ordered ascending, before
 * bm25, it puts the item named by the words first, the shortest such title
 * first (see dialect_ranked_hits). Registered on every connection
 * (sqlite.c). */
#ifndef DATALOTS_SEARCH_RANK_H
#define DATALOTS_SEARCH_RANK_H

#include <sqlite3.h>

#define SEARCH_RANK_NOT_IN_TITLE 100000

/* SQLITE_OK, or an SQLite error code (FTS5 missing, out of memory). */
int search_rank_register(sqlite3 *db);

#endif
