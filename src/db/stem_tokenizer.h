/* stem_tokenizer.h — an FTS5 tokenizer for SQLite that stems Swedish words
 * with Debian's libstemmer (Snowball), so that a search for "registret"
 * finds "register" and "registren": the words are cut out, folded to lower
 * case and split as FTS5's own unicode61 tokenizer does (diacritics kept:
 * å, ä, ö are letters of their own in Swedish), then each is reduced to its
 * stem. Registered on every connection as "swedish_stem" (sqlite.c), so
 * FTS5 tables and queries name it in tokenize='swedish_stem'. PostgreSQL
 * uses its own 'swedish' text search configuration, Snowball too. */
#ifndef DATALOTS_STEM_TOKENIZER_H
#define DATALOTS_STEM_TOKENIZER_H

#include <sqlite3.h>

#define STEM_TOKENIZER_NAME "swedish_stem"

/* SQLITE_OK, or an SQLite error code (FTS5 missing, out of memory). */
int stem_tokenizer_register(sqlite3 *db);

/* The connection's FTS5 interface (for tokenizers and ranking functions),
 * or NULL when SQLite was built without FTS5. */
fts5_api *sqlite_fts5_api(sqlite3 *db);

#endif
