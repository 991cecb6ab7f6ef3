/* demo_source.c — writes the synthetic source database (demo_source.h):
 * the rows of demo_model.c into a SQLite file (one transaction, one
 * prepared INSERT per table, journal and fsync off while generating,
 * indexes at the end, renamed into place when complete) or into
 * PostgreSQL COPY text. The tables' DDL is built from source_schema.c's
 * constant names — identifiers cannot be bound; no value ever enters SQL
 * text: values are bound (SQLite) or COPY data (PostgreSQL). */
#include "extract/demo_source.h"

#include "core/strbuf.h"
#include "extract/demo_model.h"
#include "extract/source_schema.h"

#include <errno.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const sqlite_types[] = {[SRC_INT] = "INTEGER", [SRC_REAL] = "REAL", [SRC_TEXT] = "TEXT",
                                           [SRC_DATE] = "TEXT"};
static const char *const pg_types[] = {[SRC_INT] = "bigint", [SRC_REAL] = "double precision", [SRC_TEXT] = "text",
                                       [SRC_DATE] = "date"};
_Static_assert(sizeof sqlite_types / sizeof sqlite_types[0] == SRC_DATE + 1, "a SQLite type per src_type");
_Static_assert(sizeof pg_types / sizeof pg_types[0] == SRC_DATE + 1, "a PostgreSQL type per src_type");

#define PROGRESS_EVERY 50000L /* patients between progress lines (at least) */

void demo_source_generated_at(char out[32])
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    char *end = NULL;
    long long v = sde && *sde ? strtoll(sde, &end, 10) : -1;
    time_t t = (end && !*end && v >= 0) ? (time_t)v : time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The rows of table datalots_source; values[0..n) set by metadata(). */
enum { META_KEYS = 7 };
static const char *const meta_keys[META_KEYS] = {"schema_version", "seed", "patients", "generated_at",
                                                 "synthetic", "period", "generator"};
static void metadata(long patients, uint64_t seed, char values[META_KEYS][200])
{
    snprintf(values[0], 200, "%d", SOURCE_SCHEMA_VERSION);
    snprintf(values[1], 200, "%" PRIu64, seed);
    snprintf(values[2], 200, "%ld", patients);
    demo_source_generated_at(values[3]);
    snprintf(values[4], 200, "%s", "yes: every row is invented; the personnummer are valid in form but "
                                    "made up and may coincide with real persons' numbers");
    snprintf(values[5], 200, "%s..%s", DEMO_FIRST_DATE, DEMO_LAST_DATE);
    snprintf(values[6], 200, "%s", "datalots demo source");
}

typedef struct progress_state {
    FILE *out;
    long patients, next;
    const char *what;
    struct timespec t0;
} progress_state;

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}
static void progress_start(progress_state *p, FILE *out, long patients, const char *what)
{
    p->out = out;
    p->patients = patients;
    p->what = what;
    p->next = patients / 20 > PROGRESS_EVERY ? patients / 20 : PROGRESS_EVERY;
    clock_gettime(CLOCK_MONOTONIC, &p->t0);
}
static void progress_patient(progress_state *p, int64_t id)
{
    if (!p->out || (id % p->next != 0 && id != p->patients)) return;
    fprintf(p->out, "demo source: %s %" PRId64 "/%ld patients, %.1f s\n", p->what, id, p->patients, seconds_since(&p->t0));
    fflush(p->out);
}

/* ---- SQLite ------------------------------------------------------------------ */

typedef struct sqlite_sink {
    sqlite3 *db;
    sqlite3_stmt *insert[SRC_TABLE__MAX];
    progress_state progress;
} sqlite_sink;

static int sqlite_row(void *ctx, source_table_id t, const demo_cell *cells)
{
    sqlite_sink *s = ctx;
    sqlite3_stmt *st = s->insert[t];
    const source_table *tab = &source_tables[t];
    for (int c = 0; c < tab->n_columns; c++) {
        switch (tab->columns[c].type) {
        case SRC_INT: sqlite3_bind_int64(st, c + 1, cells[c].i); break;
        case SRC_REAL: sqlite3_bind_double(st, c + 1, cells[c].r); break;
        default: sqlite3_bind_text(st, c + 1, cells[c].s, -1, SQLITE_STATIC); break;
        }
    }
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return 1;
    if (t == SRC_PATIENT) progress_patient(&s->progress, cells[0].i);
    return 0;
}

static dl_err sql_exec(sqlite3 *db, const char *sql, dl_error *e)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK) return DL_OK;
    dl_fail(e, DL_EIO, "could not write the source database: %s", msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    return DL_EIO;
}

/* CREATE TABLE from the schema (dialect: SQLite types, or PostgreSQL types
 * with the primary key added after loading). Identifiers from source_schema. */
static void create_table_sql(strbuf *sb, const source_table *t, int pg)
{
    sb_printf(sb, "CREATE TABLE %s (", t->name);
    for (int c = 0; c < t->n_columns; c++) {
        const source_column *col = &t->columns[c];
        sb_printf(sb, "%s%s %s", c ? ", " : "", col->name, pg ? pg_types[col->type] : sqlite_types[col->type]);
        sb_puts(sb, c == 0 && !pg ? " PRIMARY KEY" : " NOT NULL");
    }
    sb_puts(sb, ");\n");
}

/* The indexes: personnummer unique; patient_id and the period's date on each child table. */
static void index_sql(strbuf *sb, int pg)
{
    for (int t = 0; t < SRC_TABLE__MAX; t++) {
        const source_table *tab = &source_tables[t];
        if (pg) sb_printf(sb, "ALTER TABLE %s ADD PRIMARY KEY (id);\n", tab->name);
        if (tab->patient_column < 0) {
            sb_printf(sb, "CREATE UNIQUE INDEX %s_personnummer ON %s (personnummer);\n", tab->name, tab->name);
            continue;
        }
        sb_printf(sb, "CREATE INDEX %s_patient ON %s (%s);\n", tab->name, tab->name,
                  tab->columns[tab->patient_column].name);
        if (tab->date_column >= 0)
            sb_printf(sb, "CREATE INDEX %s_date ON %s (%s);\n", tab->name, tab->name, tab->columns[tab->date_column].name);
    }
}

static dl_err prepare_inserts(sqlite_sink *s, dl_error *e)
{
    for (int t = 0; t < SRC_TABLE__MAX; t++) {
        const source_table *tab = &source_tables[t];
        strbuf sb;
        sb_init(&sb, 256);
        sb_puts(&sb, "INSERT INTO ");
        sb_puts(&sb, tab->name);
        sb_puts(&sb, " VALUES (");
        for (int c = 0; c < tab->n_columns; c++) sb_puts(&sb, c ? ", ?" : "?");
        sb_puts(&sb, ")");
        int rc = sqlite3_prepare_v2(s->db, sb_cstr(&sb), -1, &s->insert[t], NULL);
        sb_free(&sb);
        if (rc != SQLITE_OK) return dl_fail(e, DL_EIO, "could not write the source database: %s", sqlite3_errmsg(s->db));
    }
    return DL_OK;
}

static dl_err write_metadata(sqlite3 *db, long patients, uint64_t seed, dl_error *e)
{
    char values[META_KEYS][200];
    metadata(patients, seed, values);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "INSERT INTO datalots_source (key, value) VALUES (?, ?)", -1, &st, NULL) != SQLITE_OK)
        return dl_fail(e, DL_EIO, "could not write the source database: %s", sqlite3_errmsg(db));
    for (int k = 0; k < META_KEYS; k++) {
        sqlite3_bind_text(st, 1, meta_keys[k], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, values[k], -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) {
            dl_fail(e, DL_EIO, "could not write the source database: %s", sqlite3_errmsg(db));
            sqlite3_finalize(st);
            return DL_EIO;
        }
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return DL_OK;
}

static dl_err fill_sqlite(sqlite_sink *s, long patients, uint64_t seed, dl_error *e)
{
    strbuf sb;
    sb_init(&sb, 2048);
    sb_puts(&sb, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-32768; BEGIN;\n");
    for (int t = 0; t < SRC_TABLE__MAX; t++) create_table_sql(&sb, &source_tables[t], 0);
    sb_puts(&sb, "CREATE TABLE datalots_source (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n");
    dl_err rc = sql_exec(s->db, sb_cstr(&sb), e);
    sb_free(&sb);
    if (rc != DL_OK || (rc = prepare_inserts(s, e)) != DL_OK) return rc;
    int mrc = demo_model_run(patients, seed, sqlite_row, s);
    if (mrc < 0) return dl_fail(e, DL_ENOMEM, "out of memory while generating the source database");
    if (mrc > 0) return dl_fail(e, DL_EIO, "could not write the source database: %s", sqlite3_errmsg(s->db));
    if ((rc = write_metadata(s->db, patients, seed, e)) != DL_OK) return rc;
    if (s->progress.out) fprintf(s->progress.out, "demo source: indexing, %.1f s\n", seconds_since(&s->progress.t0));
    sb_init(&sb, 1024);
    index_sql(&sb, 0);
    sb_puts(&sb, "COMMIT;");
    rc = sql_exec(s->db, sb_cstr(&sb), e);
    sb_free(&sb);
    return rc;
}

static void remove_partial(const char *tmp)
{
    static const char *const suffixes[] = {"", "-journal", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        strbuf sb;
        sb_init(&sb, 256);
        sb_puts(&sb, tmp);
        sb_puts(&sb, suffixes[i]);
        unlink(sb_cstr(&sb));
        sb_free(&sb);
    }
}

static dl_err check_patients(long patients, dl_error *e)
{
    if (patients < 1 || patients > DEMO_MAX_PATIENTS)
        return dl_fail(e, DL_EINVAL, "the number of patients must be from 1 to %ld", DEMO_MAX_PATIENTS);
    return DL_OK;
}

dl_err demo_source_generate(const char *sqlite_path, long patients, uint64_t seed, FILE *progress, dl_error *e)
{
    dl_err rc = check_patients(patients, e);
    if (rc != DL_OK) return rc;
    if (!sqlite_path || !*sqlite_path) return dl_fail(e, DL_EINVAL, "give the path of the SQLite file to write");
    if (access(sqlite_path, F_OK) == 0)
        return dl_fail(e, DL_ECONFLICT, "%s already exists; remove it or choose another path", sqlite_path);
    strbuf tmp;
    sb_init(&tmp, 256);
    sb_puts(&tmp, sqlite_path);
    sb_puts(&tmp, ".partial");
    remove_partial(sb_cstr(&tmp)); /* left by a run that was killed */
    sqlite_sink s = {0};
    progress_start(&s.progress, progress, patients, "wrote");
    if (sqlite3_open_v2(sb_cstr(&tmp), &s.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        rc = dl_fail(e, DL_EIO, "cannot create %s: %s", sqlite_path, s.db ? sqlite3_errmsg(s.db) : "out of memory");
    } else {
        rc = fill_sqlite(&s, patients, seed, e);
    }
    for (int t = 0; t < SRC_TABLE__MAX; t++) sqlite3_finalize(s.insert[t]);
    if (sqlite3_close(s.db) != SQLITE_OK && rc == DL_OK)
        rc = dl_fail(e, DL_EIO, "could not close %s: %s", sqlite_path, sqlite3_errmsg(s.db));
    /* link() refuses an existing path: a file made meanwhile is not overwritten. */
    if (rc == DL_OK && link(sb_cstr(&tmp), sqlite_path) != 0)
        rc = dl_fail(e, errno == EEXIST ? DL_ECONFLICT : DL_EIO, "cannot create %s: %s", sqlite_path, strerror(errno));
    remove_partial(sb_cstr(&tmp));
    sb_free(&tmp);
    if (rc == DL_OK && progress)
        fprintf(progress, "demo source: %ld patients in %s, %.1f s\n", patients, sqlite_path, seconds_since(&s.progress.t0));
    return rc;
}

/* ---- PostgreSQL COPY text ------------------------------------------------------ */

typedef struct copy_sink {
    FILE *out;
    source_table_id table; /* the one table this pass writes */
    char line[1024];
    progress_state progress;
} copy_sink;

/* Appends s to line at *n, escaped for COPY's text format. */
static void copy_text(char *line, size_t *n, size_t cap, const char *s)
{
    for (; *s && *n + 2 < cap; s++) {
        char c = *s;
        if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
            line[(*n)++] = '\\';
            c = c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : '\\';
        }
        line[(*n)++] = c;
    }
}

static int copy_row(void *ctx, source_table_id t, const demo_cell *cells)
{
    copy_sink *s = ctx;
    if (t == SRC_PATIENT) progress_patient(&s->progress, cells[0].i);
    if (t != s->table) return 0;
    const source_table *tab = &source_tables[t];
    size_t n = 0, cap = sizeof s->line;
    for (int c = 0; c < tab->n_columns; c++) {
        if (c) s->line[n++] = '\t';
        char num[40];
        switch (tab->columns[c].type) {
        case SRC_INT: snprintf(num, sizeof num, "%" PRId64, cells[c].i); copy_text(s->line, &n, cap, num); break;
        case SRC_REAL: snprintf(num, sizeof num, "%.15g", cells[c].r); copy_text(s->line, &n, cap, num); break;
        default: copy_text(s->line, &n, cap, cells[c].s); break;
        }
    }
    s->line[n++] = '\n';
    return fwrite(s->line, 1, n, s->out) == n ? 0 : 1;
}

static void copy_header(FILE *out, const source_table *tab)
{
    fprintf(out, "COPY %s (", tab->name);
    for (int c = 0; c < tab->n_columns; c++) fprintf(out, "%s%s", c ? ", " : "", tab->columns[c].name);
    fputs(") FROM stdin;\n", out);
}

dl_err demo_source_write_sql(FILE *out, long patients, uint64_t seed, FILE *progress, dl_error *e)
{
    dl_err rc = check_patients(patients, e);
    if (rc != DL_OK) return rc;
    strbuf sb;
    sb_init(&sb, 4096);
    sb_printf(&sb, "-- The synthetic source database of datalots (`datalots demo source`): %ld patients, seed %" PRIu64
                   ".\n-- Every row is invented; the personnummer are valid in form but made up.\n"
                   "SET client_encoding = 'UTF8';\nBEGIN;\n",
              patients, seed);
    for (int t = 0; t < SRC_TABLE__MAX; t++) create_table_sql(&sb, &source_tables[t], 1);
    sb_puts(&sb, "CREATE TABLE datalots_source (key text PRIMARY KEY, value text NOT NULL);\n");
    fputs(sb_cstr(&sb), out);
    sb_free(&sb);
    copy_sink s = {.out = out};
    for (int t = 0; t < SRC_TABLE__MAX && rc == DL_OK; t++) {
        s.table = (source_table_id)t;
        progress_start(&s.progress, progress, patients, source_tables[t].name);
        copy_header(out, &source_tables[t]);
        int mrc = demo_model_run(patients, seed, copy_row, &s);
        if (mrc < 0) rc = dl_fail(e, DL_ENOMEM, "out of memory while generating the source database");
        else if (mrc > 0) rc = dl_fail(e, DL_EIO, "could not write the SQL: %s", strerror(errno));
        fputs("\\.\n", out);
    }
    if (rc != DL_OK) return rc;
    char values[META_KEYS][200];
    metadata(patients, seed, values);
    copy_header(out, &(source_table){.name = "datalots_source", .n_columns = 2,
                                      .columns = (const source_column[]){{.name = "key"}, {.name = "value"}}});
    for (int k = 0; k < META_KEYS; k++) {
        char line[512];
        size_t n = 0;
        copy_text(line, &n, sizeof line, meta_keys[k]);
        line[n++] = '\t';
        copy_text(line, &n, sizeof line, values[k]);
        line[n++] = '\n';
        fwrite(line, 1, n, out);
    }
    sb_init(&sb, 2048);
    sb_puts(&sb, "\\.\n");
    index_sql(&sb, 1);
    sb_puts(&sb, "ANALYZE;\nCOMMIT;\n");
    fputs(sb_cstr(&sb), out);
    sb_free(&sb);
    if (fflush(out) != 0 || ferror(out)) return dl_fail(e, DL_EIO, "could not write the SQL: %s", strerror(errno));
    return DL_OK;
}
