/* copy.c — copies an installation between stores (see copy.h). The tables
 * and the order they are copied in live in one array below; every row is
 * read from the source with SELECT * in one snapshot and written to the
 * target with a prepared INSERT naming the source's own columns, every value
 * bound as text or NULL (the column types of both backends turn the text of
 * an integer back into that integer), inside one transaction on the target. */
#include "store/copy.h"
#include "core/alloc.h"
#include "core/embedded.h"
#include "core/strbuf.h"
#include "db/dialect.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Tables with an integer key are read a page at a time (PostgreSQL hands a
 * statement's whole result to the client at once). */
#define PAGE_ROWS "1000"
enum { PAGE_ROWS_N = 1000 };

struct table {
    const char *name;
    const char *select;     /* SELECT * …; paged: one ? for the last key seen */
    const char *count;      /* the rows compared after the copy */
    const char *holds_data; /* rows that make the target non-empty; NULL: count */
    const char *key;        /* integer key: pages go by it, seeded rows are updated by it */
    int identity;           /* an @ID@ column: its generator is moved past the copied ids */
    int paged;
    int seeded;             /* the migration inserts these rows: UPDATE them by key */
    const char *clear_seed; /* the migration seeds rows the source may have changed, added to or
                             * kept: this statement empties the target's table first */
};

#define WHOLE(t, order) \
    {.name = t, .select = "SELECT * FROM " t " ORDER BY " order, .count = "SELECT COUNT(*) FROM " t}
#define PAGED(t, k, ident)                                                              \
    {.name = t, .select = "SELECT * FROM " t " WHERE " k " > ? ORDER BY " k " LIMIT " PAGE_ROWS, \
     .count = "SELECT COUNT(*) FROM " t, .key = k, .identity = ident, .paged = 1}

/* Foreign-key order: a table comes after every table it points at. Within
 * org_node a parent always has a smaller id than its children (a node is
 * inserted under an existing parent and never moved), and a diary entry's
 * corrects_id always names an earlier entry, so ORDER BY id keeps those
 * references valid too. A test checks that this list names every table the
 * migrations create. */
static const struct table tables[] = {
    WHOLE("settings", "key"),
    PAGED("org_node", "id", 1),
    PAGED("users", "id", 1),
    PAGED("role_assignment", "id", 1),
    WHOLE("sessions", "id_hash"),
    WHOLE("login_throttle", "client"),
    WHOLE("submit_limit", "bucket"),
    WHOLE("signin_backoff", "account, source"),
    WHOLE("known_device", "id_hash, user_id"),
    WHOLE("diary_counter", "org_id, year"),
    PAGED("diary_entry", "id", 1),
    PAGED("cases", "id", 1),
    PAGED("case_event", "id", 1),
    PAGED("case_step_length", "id", 1),
    WHOLE("case_step_month", "month, org_id, state, working_days, calendar_days"),
    PAGED("case_document", "id", 1),
    WHOLE("case_recommendation", "document_id"),
    WHOLE("case_unit", "case_id, node_id"),
    WHOLE("case_unit_month", "month, node_id, answer"),
    PAGED("case_attachment", "id", 1),
    PAGED("case_invitation", "id", 1),
    PAGED("case_survey", "id", 1),
    PAGED("delivery", "id", 1),
    PAGED("samrad_meeting", "id", 1),
    PAGED("samrad_attendee", "id", 1),
    WHOLE("samrad_agenda", "meeting_id, case_id"),
    PAGED("outbox", "id", 1),
    WHOLE("guide_item", "id"),
    WHOLE("guide_version", "item_id, version"),
    WHOLE("guide_search_miss", "query"),
    WHOLE("guide_view_day", "item_id, day"),
    WHOLE("guide_facet", "seq, kind, value"),
    /* Seeded by migration 0029; a row the analysts edited or added has updated_at set. */
    {.name = "obstacle_category", .select = "SELECT * FROM obstacle_category ORDER BY key",
     .count = "SELECT COUNT(*) FROM obstacle_category",
     .holds_data = "SELECT COUNT(*) FROM obstacle_category WHERE updated_at <> ''",
     .clear_seed = "DELETE FROM obstacle_category"},
    PAGED("obstacle", "id", 1),
    PAGED("obstacle_step", "id", 1),
    PAGED("obstacle_subscription", "id", 1),
    WHOLE("obstacle_subscription_token", "token_hash"),
    PAGED("obstacle_measure", "id", 1),
    WHOLE("obstacle_measure_link", "measure_id, obstacle_id"),
    PAGED("obstacle_measure_step", "id", 1),
    WHOLE("data_dictionary", "org_id, variable"),
    WHOLE("harvest_identifier", "identifier"),
    WHOLE("case_release_terms", "case_id"),
    PAGED("extract_source", "id", 1),
    WHOLE("case_key", "case_id"),
    PAGED("extraction_run", "id", 1),
    PAGED("api_token", "id", 1),
    WHOLE("case_attachment_redaction", "attachment_id"),
    /* Seeded by migration 0042; a rule changed or added has updated_at set. */
    {.name = "retention_rule", .select = "SELECT * FROM retention_rule ORDER BY target, kind",
     .count = "SELECT COUNT(*) FROM retention_rule",
     .holds_data = "SELECT COUNT(*) FROM retention_rule WHERE updated_at <> ''",
     .clear_seed = "DELETE FROM retention_rule"},
    PAGED("retention_run", "id", 1),
    WHOLE("retention_item", "run_id, target, object_id"),
    WHOLE("case_step_target", "org_id, state"),
    WHOLE("fee_schedule", "org_id"),
    PAGED("case_estimate", "id", 1),
    WHOLE("case_digest_sent", "user_id, day"),
    PAGED("case_message", "id", 1),
    /* Seeded by migration 0038 (version 1); later versions are the installation's. */
    {.name = "terms_version", .select = "SELECT * FROM terms_version ORDER BY id",
     .count = "SELECT COUNT(*) FROM terms_version",
     .holds_data = "SELECT COUNT(*) FROM terms_version WHERE version <> 1", .key = "id", .identity = 1,
     .clear_seed = "DELETE FROM terms_version"},
    PAGED("case_member", "id", 1),
    WHOLE("case_claim", "case_id"),
    PAGED("case_note", "id", 1),
    /* Seeded by migration 0040 with version 1 of the request form; later versions are the installation's. */
    {.name = "form_field", .select = "SELECT * FROM form_field ORDER BY version, key",
     .count = "SELECT COUNT(*) FROM form_field",
     .holds_data = "SELECT COUNT(*) FROM form_field WHERE version <> 1", .clear_seed = "DELETE FROM form_field"},
    {.name = "form_version", .select = "SELECT * FROM form_version ORDER BY version",
     .count = "SELECT COUNT(*) FROM form_version",
     .holds_data = "SELECT COUNT(*) FROM form_version WHERE version <> 1", .clear_seed = "DELETE FROM form_version"},
    PAGED("mailbox_message", "id", 1),
    PAGED("holder_feed", "id", 1),
    PAGED("joint_call", "id", 1),
    PAGED("joint_application", "id", 1),
    WHOLE("joint_score", "application_id, criterion"),
    PAGED("network_member", "id", 1),
    PAGED("network_contact", "id", 1),
    PAGED("network_event", "id", 1),
    PAGED("network_news", "id", 1),
    PAGED("network_registration", "id", 1),
    WHOLE("question_route", "member_id, kind, value"),
    PAGED("question", "id", 1),
    PAGED("question_event", "id", 1),
    PAGED("oidc_provider", "id", 1),
    PAGED("oidc_role_map", "id", 1),
    WHOLE("oidc_login", "state_hash"),
    PAGED("audit_log", "seq", 0),
    {.name = "audit_head", .select = "SELECT * FROM audit_head ORDER BY id",
     .count = "SELECT COUNT(*) FROM audit_head",
     .holds_data = "SELECT COUNT(*) FROM audit_head WHERE last_seq <> 0", .key = "id", .seeded = 1},
    /* Last: the copy's own writes moved the target's counter; the source's
     * value is set over them. */
    {.name = "store_version", .select = "SELECT * FROM store_version ORDER BY id",
     .count = "SELECT COUNT(*) FROM store_version",
     .holds_data = "SELECT COUNT(*) FROM store_version WHERE id <> 1", .key = "id", .seeded = 1},
};
enum { N_TABLES = sizeof tables / sizeof tables[0] };
_Static_assert((int)N_TABLES <= (int)COPY_TABLES_MAX, "raise COPY_TABLES_MAX");

int copy_table_count(void) { return N_TABLES; }
const char *copy_table_name(int i) { return i >= 0 && i < N_TABLES ? tables[i].name : NULL; }

static dl_err code_of(const dl_error *e) { return e && e->code != DL_OK ? e->code : DL_EDB; }

static const struct table *known_table(const char *name)
{
    for (int i = 0; i < N_TABLES; i++)
        if (strcmp(tables[i].name, name) == 0) return &tables[i];
    return NULL;
}

/* --- the catalog ------------------------------------------------------------ */

dl_err copy_catalog_tables(db *d, arena *a, const char **names, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, dialect_list_tables_sql(db_backend_of(d)), e);
    if (!s) return code_of(e);
    int st;
    dl_err rc = DL_OK;
    while ((st = db_step(s, e)) == DB_ROW) {
        if (*n >= max) { rc = dl_fail(e, DL_ELIMIT, "the store has more than %d tables", max); break; }
        names[*n] = arena_strdup(a, db_col_text(s, 0));
        if (!names[*n]) { rc = dl_fail(e, DL_ENOMEM, "out of memory listing the store's tables"); break; }
        (*n)++;
    }
    db_stmt_done(s);
    if (rc == DL_OK && st == DB_ERROR) rc = code_of(e);
    return rc;
}

/* --- refusals before anything is written ------------------------------------ */

/* The source must have exactly the migrations this datalots knows. */
static dl_err check_source_schema(db *src, dl_error *e)
{
    dl_error why = {0};
    db_stmt *s = db_prepare(src, "SELECT version FROM schema_migrations ORDER BY version", &why);
    if (!s)
        return dl_fail(e, DL_ECONFIG, "the source store holds no datalots schema (%s); is it the right store?",
                       why.msg);
    int st;
    dl_err rc = DL_OK;
    while ((st = db_step(s, &why)) == DB_ROW) {
        if (!embedded_find(embedded_migrations, db_col_text(s, 0))) {
            rc = dl_fail(e, DL_ECONFIG, "the source store has migration %s, which this datalots does not know;"
                         " copy it with the datalots version that wrote it", db_col_text(s, 0));
            break;
        }
    }
    db_stmt_done(s);
    if (rc != DL_OK) return rc;
    if (st == DB_ERROR) return dl_fail(e, why.code, "cannot read the source's migrations: %s", why.msg);
    for (const struct embedded_file *f = embedded_migrations; f->name; f++) {
        int64_t seen = 0;
        rc = db_query_int(src, "SELECT COUNT(*) FROM schema_migrations WHERE version = ?", &seen, e, "t", f->name);
        if (rc != DL_OK) return rc;
        if (!seen)
            return dl_fail(e, DL_ECONFIG, "the source store is not at the latest schema (migration %s is not"
                           " applied); upgrade it first (datalots init --db SOURCE), then copy", f->name);
    }
    return DL_OK;
}

/* Every table of the source must be one this file copies: a table it does
 * not know would be left behind. Then the target: any known table it already
 * has must be empty (checked again inside the transaction; this first look,
 * before the target is migrated, keeps an older store with data untouched). */
static dl_err check_catalogs(db *src, db *dst, dl_error *e)
{
    const char *names[128];
    int n = 0;
    arena *a = arena_new(4096);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    dl_err rc = copy_catalog_tables(src, a, names, 128, &n, e);
    for (int i = 0; rc == DL_OK && i < n; i++)
        if (strcmp(names[i], "schema_migrations") != 0 && !known_table(names[i]))
            rc = dl_fail(e, DL_ECONFIG, "the source store has a table \"%s\" that datalots db copy does not know;"
                         " nothing was copied", names[i]);
    if (rc == DL_OK) rc = copy_catalog_tables(dst, a, names, 128, &n, e);
    for (int i = 0; rc == DL_OK && i < n; i++) {
        const struct table *t = known_table(names[i]);
        int64_t rows = 0;
        if (!t) continue;
        rc = db_query_int(dst, t->holds_data ? t->holds_data : t->count, &rows, e, "");
        if (rc == DL_OK && rows)
            rc = dl_fail(e, DL_ECONFLICT, "the target already holds data (table %s); copy only into a new,"
                         " empty store", t->name);
    }
    arena_free(a);
    return rc;
}

static dl_err check_target_empty(db *dst, dl_error *e)
{
    for (int i = 0; i < N_TABLES; i++) {
        const struct table *t = &tables[i];
        int64_t rows = 0;
        dl_err rc = db_query_int(dst, t->holds_data ? t->holds_data : t->count, &rows, e, "");
        if (rc != DL_OK) return rc;
        if (rows)
            return dl_fail(e, DL_ECONFLICT, "the target already holds data (table %s); copy only into a new,"
                           " empty store", t->name);
    }
    return DL_OK;
}

/* --- copying rows ------------------------------------------------------------ */

/* A column name as the schema spells them: [a-z_][a-z0-9_]*. The INSERT below
 * is the one statement whose text is assembled, and only from these names,
 * which come from the source's schema (the result of SELECT *), never from a
 * user; anything else is refused rather than quoted. */
static int plain_name(const char *s)
{
    if (!*s || (*s >= '0' && *s <= '9')) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_')) return 0;
    return 1;
}

/* The statement writing one row of t, from the columns of the source's
 * result r: INSERT INTO t(a, b) VALUES (?, ?), or for a seeded table
 * UPDATE t SET a = ?, b = ? WHERE key = ? (the key bound last). */
static dl_err write_sql_for(const struct table *t, db_stmt *r, char **out, int *key_col, dl_error *e)
{
    int ncols = db_col_count(r);
    *key_col = -1;
    for (int c = 0; c < ncols; c++) {
        const char *name = db_col_name(r, c);
        if (!plain_name(name))
            return dl_fail(e, DL_EINTERNAL, "table %s has a column named \"%.64s\", which the copy does not"
                           " accept", t->name, name);
        if (t->key && strcmp(name, t->key) == 0) *key_col = c;
    }
    if (t->key && *key_col < 0) return dl_fail(e, DL_EINTERNAL, "table %s has no column %s", t->name, t->key);
    if (t->seeded && ncols < 2) return dl_fail(e, DL_EINTERNAL, "table %s has nothing to update", t->name);
    strbuf sb;
    sb_init(&sb, 256);
    if (t->seeded) {
        sb_puts(&sb, "UPDATE ");
        sb_puts(&sb, t->name);
        sb_puts(&sb, " SET ");
        int first = 1;
        for (int c = 0; c < ncols; c++) {
            if (c == *key_col) continue;
            if (!first) sb_puts(&sb, ", ");
            first = 0;
            sb_puts(&sb, db_col_name(r, c));
            sb_puts(&sb, " = ?");
        }
        sb_puts(&sb, " WHERE ");
        sb_puts(&sb, t->key);
        sb_puts(&sb, " = ?");
    } else {
        sb_puts(&sb, "INSERT INTO ");
        sb_puts(&sb, t->name);
        sb_putc(&sb, '(');
        for (int c = 0; c < ncols; c++) {
            if (c) sb_puts(&sb, ", ");
            sb_puts(&sb, db_col_name(r, c));
        }
        sb_puts(&sb, ") VALUES (");
        for (int c = 0; c < ncols; c++) sb_puts(&sb, c ? ", ?" : "?");
        sb_putc(&sb, ')');
    }
    if (sb.oom) { sb_free(&sb); return dl_fail(e, DL_ENOMEM, "out of memory"); }
    *out = sb_steal(&sb, NULL);
    return *out ? DL_OK : dl_fail(e, DL_ENOMEM, "out of memory");
}

/* Writes the current row of r. Text is bound as it was read, NULL as NULL.
 * (No table has a byte-string column; one would need a blob accessor.) */
static dl_err write_row(db *dst, const struct table *t, const char *sql, db_stmt *r, int key_col, dl_error *e)
{
    db_stmt *w = db_prepare(dst, sql, e);
    if (!w) return code_of(e);
    int ncols = db_col_count(r), next = 1;
    for (int c = 0; c < ncols; c++) {
        int idx = !t->seeded ? c + 1 : c == key_col ? ncols : next++;
        if (db_col_is_null(r, c)) db_bind_null(w, idx);
        else db_bind_text(w, idx, db_col_text(r, c));
    }
    int st;
    while ((st = db_step(w, e)) == DB_ROW) {}
    db_stmt_done(w);
    return st == DB_ERROR ? code_of(e) : DL_OK;
}

static dl_err copy_table(db *src, db *dst, const struct table *t, int64_t *rows, dl_error *e)
{
    char *sql = NULL;
    int key_col = -1, ncols = 0;
    int64_t last_key = INT64_MIN;
    dl_err rc = DL_OK;
    *rows = 0;
    if (t->clear_seed && (rc = db_run(dst, t->clear_seed, e, "")) != DL_OK) return rc;
    for (;;) {
        db_stmt *r = db_prepare(src, t->select, e);
        if (!r) { rc = code_of(e); break; }
        if (t->paged) db_bind_int(r, 1, last_key);
        int st, page = 0;
        while ((st = db_step(r, e)) == DB_ROW) {
            if (!sql) {
                rc = write_sql_for(t, r, &sql, &key_col, e);
                if (rc != DL_OK) break;
                ncols = db_col_count(r);
            }
            if (db_col_count(r) != ncols) {
                rc = dl_fail(e, DL_EINTERNAL, "the columns of %s changed during the copy", t->name);
                break;
            }
            rc = write_row(dst, t, sql, r, key_col, e);
            if (rc != DL_OK) break;
            if (t->paged) last_key = db_col_int(r, key_col);
            page++;
            (*rows)++;
        }
        db_stmt_done(r);
        if (rc == DL_OK && st == DB_ERROR) rc = code_of(e);
        if (rc != DL_OK || !t->paged || page < PAGE_ROWS_N) break;
    }
    dl_free(sql);
    return rc;
}

dl_err copy_reset_identities(db *dst, dl_error *e)
{
    for (int i = 0; i < N_TABLES; i++) {
        if (!tables[i].identity) continue;
        char *sql = dialect_identity_reset_sql(db_backend_of(dst), tables[i].name);
        if (!sql) {
            if (db_backend_of(dst) == DB_POSTGRES) return dl_fail(e, DL_ENOMEM, "out of memory");
            continue;
        }
        dl_err rc = db_run(dst, sql, e, "");
        dl_free(sql);
        if (rc != DL_OK) return rc;
    }
    return DL_OK;
}

/* Inside both transactions: the source's counts in its snapshot against the
 * target's before it commits. */
static dl_err counts_agree(db *src, db *dst, copy_report *rep, dl_error *e)
{
    rep->n_counts = 0;
    rep->mismatch = NULL;
    for (int i = 0; i < N_TABLES; i++) {
        copy_count *c = &rep->counts[rep->n_counts++];
        c->table = tables[i].name;
        dl_err rc = db_query_int(src, tables[i].count, &c->source, e, "");
        if (rc == DL_OK) rc = db_query_int(dst, tables[i].count, &c->target, e, "");
        if (rc != DL_OK) return rc;
        if (c->source != c->target && !rep->mismatch) rep->mismatch = c->table;
    }
    return DL_OK;
}

/* Inside both transactions, after the target was found empty. */
static dl_err copy_rows(db *src, db *dst, copy_progress_fn progress, void *arg, copy_report *rep, dl_error *e)
{
    dl_err rc = DL_OK;
    for (int i = 0; rc == DL_OK && i < N_TABLES; i++) {
        int64_t rows = 0;
        dl_error why = {0};
        rc = copy_table(src, dst, &tables[i], &rows, &why);
        if (rc != DL_OK) return dl_fail(e, rc, "copying table %s failed: %s", tables[i].name, why.msg);
        rep->rows_copied += rows;
        if (progress) progress(arg, tables[i].name, rows);
    }
    rc = copy_reset_identities(dst, e);
    if (rc == DL_OK) rc = counts_agree(src, dst, rep, e);
    if (rc == DL_OK && rep->mismatch)
        for (int i = 0; i < rep->n_counts; i++)
            if (rep->counts[i].table == rep->mismatch)
                rc = dl_fail(e, DL_EDB, "table %s has %" PRId64 " rows in the source but %" PRId64
                             " in the target", rep->mismatch, rep->counts[i].source, rep->counts[i].target);
    return rc;
}

dl_err copy_store(db *src, db *dst, copy_progress_fn progress, void *arg, copy_report *rep, dl_error *e)
{
    memset(rep, 0, sizeof *rep);
    dl_err rc = check_source_schema(src, e);
    if (rc == DL_OK) rc = check_catalogs(src, dst, e);
    if (rc != DL_OK) return rc;
    int applied = 0;
    dl_error why = {0};
    if ((rc = db_migrate(dst, &applied, &why)) != DL_OK)
        return dl_fail(e, rc, "cannot prepare the target's schema: %s", why.msg);

    if ((rc = db_begin_read(src, e)) != DL_OK) return rc;
    if ((rc = db_begin(dst, e)) != DL_OK) { db_rollback(src); return rc; }
    rc = check_target_empty(dst, e);
    if (rc != DL_OK) {
        db_rollback(dst);
        db_rollback(src);
        return rc;
    }
    rc = copy_rows(src, dst, progress, arg, rep, e);
    /* copy_rows compared the counts; the chain is verified before the
     * commit too, so a failure while verifying (out of memory, a lost
     * connection) still leaves the target empty. */
    if (rc == DL_OK) rc = audit_verify_in_transaction(dst, &rep->audit, e);
    if (rc == DL_OK) rc = db_commit(dst, e);
    else db_rollback(dst);
    db_rollback(src);
    if (rc != DL_OK) {
        char msg[sizeof why.msg];
        snprintf(msg, sizeof msg, "%s", e ? e->msg : "");
        return dl_fail(e, rc, "%s; the copy was rolled back and the target holds no data", msg);
    }
    return DL_OK;
}

dl_err copy_compare(db *src, db *dst, copy_report *rep, dl_error *e)
{
    dl_err rc = counts_agree(src, dst, rep, e);
    if (rc != DL_OK) return rc;
    return audit_verify(dst, &rep->audit, e);
}
