/* dialect.c — the SQLite/PostgreSQL differences listed in dialect.h. */
#include "db/dialect.h"
#include "db/stem_tokenizer.h"
#include "core/alloc.h"
#include "core/strbuf.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

struct token { const char *name, *sqlite, *postgres; };

/* The search indexes: the index's name (what @SEARCH and the functions
 * below name; the table's own name for a table's first index), the table,
 * its integer key, the language of its words ("simple": as written;
 * "swedish": stemmed — stem_tokenizer.h on SQLite, PostgreSQL's own
 * configuration) and the text columns searched. */
struct search_index {
    const char *name, *table, *key, *config;
    const char *columns[8];
    const char *weights; /* SQLite bm25's weight per column, for a ranked search */
};
static const struct search_index search_indexes[] = {
    {"diary_entry", "diary_entry", "id", "simple", {"subject", "counterpart", NULL}, "1, 1"},
    {"guide_item", "guide_item", "seq", "swedish", {"title", "title_en", "summary", "summary_en", "categories", "body", NULL},
     "10, 10, 4, 4, 3, 1"},
    {"obstacle", "obstacle", "id", "swedish", {"what_happened", "suggestion", "data_concerned", "actors", NULL},
     "4, 2, 1, 1"},
    /* the published wording only (migration 0031): what the public may be shown ranked by */
    {"obstacle_public", "obstacle", "id", "swedish", {"public_text", "public_suggestion", NULL}, "2, 1"},
};

static const struct search_index *search_index_of(const char *table, size_t len)
{
    for (size_t i = 0; i < sizeof search_indexes / sizeof search_indexes[0]; i++)
        if (strlen(search_indexes[i].name) == len && strncmp(search_indexes[i].name, table, len) == 0)
            return &search_indexes[i];
    return NULL;
}

/* "a, b" / "new.a, new.b" / the PostgreSQL document expression. */
static void column_list(strbuf *sb, const struct search_index *ix, const char *prefix)
{
    for (int i = 0; ix->columns[i]; i++) {
        if (i) sb_puts(sb, ", ");
        sb_puts(sb, prefix);
        sb_puts(sb, ix->columns[i]);
    }
}

static void pg_document(strbuf *sb, const struct search_index *ix, const char *alias)
{
    sb_printf(sb, "to_tsvector('%s', ", ix->config);
    for (int i = 0; ix->columns[i]; i++) {
        if (i) sb_puts(sb, " || ' ' || ");
        sb_puts(sb, "coalesce(");
        if (alias) { sb_puts(sb, alias); sb_putc(sb, '.'); }
        sb_puts(sb, ix->columns[i]);
        sb_puts(sb, ", '')");
    }
    sb_putc(sb, ')');
}

static void search_ddl(strbuf *sb, db_backend kind, const struct search_index *ix)
{
    const char *t = ix->name, *table = ix->table;
    if (kind == DB_POSTGRES) {
        sb_printf(sb, "CREATE INDEX %s_search ON %s USING GIN (", t, table);
        pg_document(sb, ix, NULL);
        sb_puts(sb, ");\n");
        return;
    }
    sb_printf(sb, "CREATE VIRTUAL TABLE %s_fts USING fts5(", t);
    column_list(sb, ix, "");
    if (strcmp(ix->config, "swedish") == 0)
        sb_printf(sb, ", content='%s', content_rowid='%s', tokenize='" STEM_TOKENIZER_NAME "');\n", table, ix->key);
    else
        sb_printf(sb, ", content='%s', content_rowid='%s', tokenize='unicode61 remove_diacritics 0');\n", table, ix->key);
    /* insert / delete / update keep the index in step with the rows */
    sb_printf(sb, "CREATE TRIGGER %s_fts_insert AFTER INSERT ON %s BEGIN INSERT INTO %s_fts(rowid, ", t, table, t);
    column_list(sb, ix, "");
    sb_printf(sb, ") VALUES (new.%s, ", ix->key);
    column_list(sb, ix, "new.");
    sb_puts(sb, "); END;\n");
    for (int upd = 0; upd < 2; upd++) {
        sb_printf(sb, "CREATE TRIGGER %s_fts_%s AFTER %s ON %s BEGIN INSERT INTO %s_fts(%s_fts, rowid, ", t,
                  upd ? "update" : "delete", upd ? "UPDATE" : "DELETE", table, t, t);
        column_list(sb, ix, "");
        sb_printf(sb, ") VALUES ('delete', old.%s, ", ix->key);
        column_list(sb, ix, "old.");
        sb_puts(sb, ");");
        if (upd) {
            sb_printf(sb, " INSERT INTO %s_fts(rowid, ", t);
            column_list(sb, ix, "");
            sb_printf(sb, ") VALUES (new.%s, ", ix->key);
            column_list(sb, ix, "new.");
            sb_puts(sb, ");");
        }
        sb_puts(sb, " END;\n");
    }
    sb_printf(sb, "INSERT INTO %s_fts(rowid, ", t);
    column_list(sb, ix, "");
    sb_printf(sb, ") SELECT %s, ", ix->key);
    column_list(sb, ix, "");
    sb_printf(sb, " FROM %s;\n", table);
}

char *dialect_search_condition(db_backend kind, const char *table, const char *alias)
{
    const struct search_index *ix = search_index_of(table, strlen(table));
    if (!ix) return NULL;
    strbuf sb;
    sb_init(&sb, 160);
    if (kind == DB_POSTGRES) {
        pg_document(&sb, ix, alias);
        sb_printf(&sb, " @@ to_tsquery('%s', ?)", ix->config);
    } else {
        sb_printf(&sb, "%s.%s IN (SELECT rowid FROM %s_fts WHERE %s_fts MATCH ?)", alias, ix->key, table, table);
    }
    if (sb.oom) { sb_free(&sb); return NULL; }
    return sb_steal(&sb, NULL);
}

/* The hits' FROM and WHERE clauses (the ? as dialect_search_hits says). */
static void hits_from_where(strbuf *sb, db_backend kind, const struct search_index *ix, const char *filter_column,
                            const char *key_in)
{
    const char *t = ix->table, *fts = ix->name;
    if (kind == DB_POSTGRES) {
        sb_printf(sb, " FROM %s t, to_tsquery('%s', ?) AS search_q WHERE ", t, ix->config);
        pg_document(sb, ix, "t");
        sb_puts(sb, " @@ search_q");
        if (filter_column) sb_printf(sb, " AND t.%s = ?", filter_column);
        if (key_in) sb_printf(sb, " AND t.%s IN %s", ix->key, key_in);
    } else {
        /* The filter reads the (key, facet) index, never the rows. */
        sb_printf(sb, " FROM %s_fts WHERE %s_fts MATCH ?", fts, fts);
        if (filter_column)
            sb_printf(sb, " AND (SELECT f.%s FROM %s f INDEXED BY %s_search_facet WHERE f.%s = %s_fts.rowid) = ?",
                      filter_column, t, t, ix->key, fts);
        if (key_in) sb_printf(sb, " AND %s_fts.rowid IN %s", fts, key_in);
    }
}

char *dialect_search_hits(db_backend kind, const char *table, const char *filter_column, const char *key_in)
{
    const struct search_index *ix = search_index_of(table, strlen(table));
    if (!ix) return NULL;
    strbuf sb;
    sb_init(&sb, 512);
    if (kind == DB_POSTGRES) sb_printf(&sb, "SELECT t.%s AS hit", ix->key);
    else sb_printf(&sb, "SELECT %s_fts.rowid AS hit", table);
    hits_from_where(&sb, kind, ix, filter_column, key_in);
    sb_puts(&sb, " ORDER BY hit LIMIT ?");
    return sb.oom ? (sb_free(&sb), NULL) : sb_steal(&sb, NULL);
}

char *dialect_ranked_hits(db_backend kind, const char *table, const char *filter_column, const char *key_in)
{
    const struct search_index *ix = search_index_of(table, strlen(table));
    if (!ix) return NULL;
    strbuf sb;
    sb_init(&sb, 512);
    if (kind == DB_POSTGRES) {
        /* The query once, as a row source both the match and the rank use. */
        sb_printf(&sb, "SELECT t.%s AS hit, CASE WHEN to_tsvector('%s', coalesce(t.%s, '') || ' ' || coalesce(t.%s, ''))"
                       " @@ search_q THEN length(t.%s) ELSE 100000 END AS rank_title, CAST(-ts_rank(",
                  ix->key, ix->config, ix->columns[0], ix->columns[1], ix->columns[0]);
        pg_document(&sb, ix, "t");
        sb_puts(&sb, ", search_q) * 1000000 AS BIGINT) AS rank_text");
    } else {
        /* title_first and bm25 read the index only. */
        sb_printf(&sb, "SELECT %s_fts.rowid AS hit, title_first(%s_fts) AS rank_title,"
                       " CAST(bm25(%s_fts, %s) * 1000000 AS BIGINT) AS rank_text",
                  table, table, table, ix->weights);
    }
    hits_from_where(&sb, kind, ix, filter_column, key_in);
    sb_puts(&sb, " ORDER BY hit LIMIT ?");
    return sb.oom ? (sb_free(&sb), NULL) : sb_steal(&sb, NULL);
}

const char *dialect_key_list(db_backend kind)
{
    /* one ?: the keys as a JSON array of integers, "[3,5,8]" */
    return kind == DB_POSTGRES ? "(SELECT CAST(jsonb_array_elements_text(CAST(? AS jsonb)) AS BIGINT))"
                               : "(SELECT value FROM json_each(?))";
}

void dialect_index_hint(db_backend kind, const char *index, strbuf *sb)
{
    if (kind != DB_POSTGRES) sb_printf(sb, " INDEXED BY %s", index);
}

static int search_query(db_backend kind, const char *typed, int any, char *out, size_t outsz)
{
    strbuf sb;
    sb_init(&sb, 64);
    int words = 0;
    const unsigned char *p = (const unsigned char *)(typed ? typed : "");
    while (*p && words < 8) {
        /* letters and digits: ASCII alphanumerics and every non-ASCII byte
         * (UTF-8 letters such as å, ä, ö); everything else separates */
        while (*p && !(isalnum(*p) || *p >= 0x80)) p++;
        const unsigned char *start = p;
        while (*p && (isalnum(*p) || *p >= 0x80)) p++;
        size_t len = (size_t)(p - start), n = len;
        if (!n) continue;
        if (n > 64) n = 64;
        while (n > 0 && n < len && (start[n] & 0xC0) == 0x80) n--; /* cut before a character, not inside */
        if (words) sb_puts(&sb, kind == DB_POSTGRES ? (any ? " | " : " & ") : (any ? " OR " : " "));
        if (kind == DB_POSTGRES) { sb_append(&sb, (const char *)start, n); sb_puts(&sb, ":*"); }
        else { sb_putc(&sb, '"'); sb_append(&sb, (const char *)start, n); sb_puts(&sb, "\"*"); }
        words++;
    }
    int ok = !sb.oom && sb.len < outsz;
    if (ok) memcpy(out, sb_cstr(&sb), sb.len + 1);
    else if (outsz) out[0] = '\0';
    sb_free(&sb);
    return ok ? words : 0;
}

int dialect_search_query(db_backend kind, const char *typed, char *out, size_t outsz)
{
    return search_query(kind, typed, 0, out, outsz);
}

int dialect_search_query_any(db_backend kind, const char *typed, char *out, size_t outsz)
{
    return search_query(kind, typed, 1, out, outsz);
}

static const struct token tokens[] = {
    {"@ID@", "INTEGER PRIMARY KEY", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"},
    {"@BLOB@", "BLOB", "BYTEA"},
};

const char *dialect_begin_sql(db_backend kind)
{
    return kind == DB_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN";
}

const char *dialect_begin_read_sql(db_backend kind)
{
    /* SQLite in WAL mode: a deferred transaction reads one snapshot from its
     * first read to its end, without blocking writers. */
    return kind == DB_SQLITE ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
}

#define MIGRATION_LOCK_KEY "7261107" /* any constant shared by all datalots servers */

const char *dialect_migration_lock_sql(db_backend kind)
{
    return kind == DB_POSTGRES ? "SELECT pg_advisory_lock(" MIGRATION_LOCK_KEY ")" : NULL;
}

const char *dialect_migration_unlock_sql(db_backend kind)
{
    return kind == DB_POSTGRES ? "SELECT pg_advisory_unlock(" MIGRATION_LOCK_KEY ")" : NULL;
}

const char *dialect_list_tables_sql(db_backend kind)
{
    return kind == DB_POSTGRES
        ? "SELECT table_name FROM information_schema.tables"
          " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
        : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
          " AND name NOT LIKE '%\\_fts' ESCAPE '\\' AND name NOT LIKE '%\\_fts\\_%' ESCAPE '\\'" /* search indexes */
          " ORDER BY name";
}

/* Table names cannot be bound as parameters; this one is spliced in only
 * after checking it is a plain lower-case identifier. */
static int plain_identifier(const char *s)
{
    if (!s || !*s || strlen(s) > 63) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || *s == '_')) return 0;
    return 1;
}

char *dialect_identity_reset_sql(db_backend kind, const char *table)
{
    if (kind != DB_POSTGRES || !plain_identifier(table)) return NULL;
    strbuf sb;
    sb_init(&sb, 128);
    sb_puts(&sb, "SELECT setval(pg_get_serial_sequence('");
    sb_puts(&sb, table);
    sb_puts(&sb, "', 'id'), (SELECT MAX(id) FROM ");
    sb_puts(&sb, table);
    sb_puts(&sb, "))");
    if (sb.oom) { sb_free(&sb); return NULL; }
    return sb_steal(&sb, NULL);
}

/* @VERSIONED table@: every insert, update or delete on the table adds one
 * to store_version.n in the same transaction (see store/store_version.h).
 * SQLite has row triggers only (one writer at a time: no lock order to
 * mind). PostgreSQL fires once per statement, BEFORE it: the counter's row
 * is then always locked before the statement's own rows, so two
 * transactions cannot take it and, say, the audit head in opposite orders
 * and deadlock. */
static void versioned_ddl(strbuf *sb, db_backend kind, const char *t)
{
    if (kind == DB_POSTGRES) {
        sb_puts(sb, "CREATE OR REPLACE FUNCTION store_version_bump() RETURNS trigger LANGUAGE plpgsql AS"
                    " $$ BEGIN UPDATE store_version SET n = n + 1 WHERE id = 1; RETURN NULL; END $$;\n");
        sb_printf(sb, "CREATE TRIGGER %s_version BEFORE INSERT OR UPDATE OR DELETE ON %s"
                      " FOR EACH STATEMENT EXECUTE FUNCTION store_version_bump();\n", t, t);
        return;
    }
    static const char *const events[] = {"insert", "update", "delete"};
    for (int i = 0; i < 3; i++)
        sb_printf(sb, "CREATE TRIGGER %s_version_%s AFTER %s ON %s BEGIN"
                      " UPDATE store_version SET n = n + 1 WHERE id = 1; END;\n",
                  t, events[i], i == 0 ? "INSERT" : i == 1 ? "UPDATE" : "DELETE", t);
}

char *dialect_rewrite_migration(db_backend kind, const char *sql)
{
    strbuf sb;
    sb_init(&sb, strlen(sql) + 64);
    const char *p = sql;
    while (*p) {
        if (strncmp(p, "@SEARCH ", 8) == 0) {
            const char *name = p + 8, *end = strchr(name, '@');
            const struct search_index *ix = end ? search_index_of(name, (size_t)(end - name)) : NULL;
            if (!ix) { sb_free(&sb); return NULL; } /* a migration naming no registered index: a bug */
            search_ddl(&sb, kind, ix);
            p = end + 1;
            continue;
        }
        if (strncmp(p, "@VERSIONED ", 11) == 0) {
            const char *name = p + 11, *end = strchr(name, '@');
            char table[64];
            size_t len = end ? (size_t)(end - name) : sizeof table;
            if (len >= sizeof table) { sb_free(&sb); return NULL; }
            memcpy(table, name, len);
            table[len] = '\0';
            if (!plain_identifier(table)) { sb_free(&sb); return NULL; } /* spliced into DDL: checked */
            versioned_ddl(&sb, kind, table);
            p = end + 1;
            continue;
        }
        const struct token *hit = NULL;
        if (*p == '@') {
            for (size_t i = 0; i < sizeof tokens / sizeof tokens[0]; i++)
                if (strncmp(p, tokens[i].name, strlen(tokens[i].name)) == 0) hit = &tokens[i];
        }
        if (hit) {
            sb_puts(&sb, kind == DB_SQLITE ? hit->sqlite : hit->postgres);
            p += strlen(hit->name);
        } else {
            sb_putc(&sb, *p++);
        }
    }
    if (sb.oom) { sb_free(&sb); return NULL; }
    return sb_steal(&sb, NULL);
}
