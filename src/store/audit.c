/* audit.c — append to and verify the hash-chained audit log (see audit.h
 * and src/core/audit_chain.c for the hash). The head row in audit_head is
 * updated first, which takes its row lock on PostgreSQL and the write lock
 * on SQLite, so concurrent appenders are serialised and the chain never
 * forks. */
#include "store/audit.h"
#include "core/audit_anchor.h"
#include "core/audit_chain.h"
#include "core/clock.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

dl_err audit_append(db *d, const audit_actor *who, const char *action,
                    const char *object_type, const char *object_id,
                    const char *before_digest, const char *after_digest,
                    const char *detail, dl_error *e)
{
    if (!db_in_transaction(d))
        return dl_fail(e, DL_EINTERNAL, "audit_append outside a transaction");
    db_stmt *s = db_prepare(d, "UPDATE audit_head SET last_seq = last_seq + 1 WHERE id = 1 "
                               "RETURNING last_seq, last_hash", e);
    if (!s) return e->code;
    int64_t seq = 0;
    char prev[65] = {0};
    int st = db_step(s, e);
    if (st == DB_ROW) {
        seq = db_col_int(s, 0);
        snprintf(prev, sizeof prev, "%s", db_col_text(s, 1));
        while ((st = db_step(s, e)) == DB_ROW) {}
    }
    db_stmt_done(s);
    if (st == DB_ERROR) return e->code;
    if (seq == 0) return dl_fail(e, DL_EDB, "the audit log has no head row; run datalots init");

    char at[32], hash[65], id_text[24];
    clock_iso_utc(clock_now(), at);
    snprintf(id_text, sizeof id_text, "%" PRId64, seq);
    struct audit_record r = {
        .id = seq,
        .at = at,
        .actor_user_id = who ? who->user_id : 0,
        .actor = who && who->name ? who->name : "system",
        .action = action,
        .object_type = object_type ? object_type : "",
        .object_id = object_id ? object_id : "",
        .before_digest = before_digest ? before_digest : "",
        .after_digest = after_digest ? after_digest : "",
        .detail = detail ? detail : "",
    };
    audit_chain_hash(prev, &r, hash);
    dl_err rc = db_run(d,
        "INSERT INTO audit_log(seq, at, actor_user_id, actor, action, object_type, object_id,"
        " before_digest, after_digest, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        e, "itittttttttt", seq, r.at, r.actor_user_id, r.actor, r.action, r.object_type,
        r.object_id, r.before_digest, r.after_digest, r.detail, prev, hash);
    if (rc != DL_OK) return rc;
    return db_run(d, "UPDATE audit_head SET last_hash = ? WHERE id = 1", e, "t", hash);
}

dl_err audit_append_tx(db *d, const audit_actor *who, const char *action,
                       const char *object_type, const char *object_id,
                       const char *detail, dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = audit_append(d, who, action, object_type, object_id, NULL, NULL, detail, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}

dl_err audit_head_read(db *d, int64_t *seq, char hash[65], dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT last_seq, last_hash FROM audit_head WHERE id = 1", e);
    if (!s) return e->code;
    int st = db_step(s, e);
    if (st == DB_ROW) {
        *seq = db_col_int(s, 0);
        snprintf(hash, 65, "%s", db_col_text(s, 1));
    }
    db_stmt_done(s);
    if (st == DB_DONE) return dl_fail(e, DL_EDB, "the audit log has no head row; run datalots init");
    return st == DB_ROW ? DL_OK : e->code;
}

dl_err audit_recent(db *d, arena *a, int max, audit_rec *out, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT seq, at, actor, action, object_type, object_id, detail, hash"
                               " FROM audit_log ORDER BY seq DESC LIMIT ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, max);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) {
        audit_rec *r = &out[(*n)++];
        r->seq = db_col_int(s, 0);
        r->at = arena_strdup(a, db_col_text(s, 1));
        r->actor = arena_strdup(a, db_col_text(s, 2));
        r->action = arena_strdup(a, db_col_text(s, 3));
        r->object_type = arena_strdup(a, db_col_text(s, 4));
        r->object_id = arena_strdup(a, db_col_text(s, 5));
        r->detail = arena_strdup(a, db_col_text(s, 6));
        r->hash = arena_strdup(a, db_col_text(s, 7));
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

static void bad(audit_verdict *v, int64_t seq, const char *why)
{
    if (v->first_bad_seq) return;
    v->first_bad_seq = seq;
    snprintf(v->why, sizeof v->why, "%s", why);
}

static dl_err verify_snapshot(db *d, audit_verdict *v, dl_error *e);

/* The head and the rows are read in one snapshot, so an append that commits
 * meanwhile cannot look like tampering. */
dl_err audit_verify(db *d, audit_verdict *v, dl_error *e)
{
    memset(v, 0, sizeof *v);
    dl_err rc = db_begin_read(d, e);
    if (rc != DL_OK) return rc;
    rc = verify_snapshot(d, v, e);
    db_rollback(d);
    return rc;
}

dl_err audit_verify_in_transaction(db *d, audit_verdict *v, dl_error *e)
{
    memset(v, 0, sizeof *v);
    return verify_snapshot(d, v, e);
}

static dl_err verify_snapshot(db *d, audit_verdict *v, dl_error *e)
{
    int64_t head_seq = 0;
    char head_hash[65] = "";
    dl_err rc = audit_head_read(d, &head_seq, head_hash, e);
    if (rc != DL_OK) return rc;
    db_stmt *s = db_prepare(d, "SELECT seq, at, actor_user_id, actor, action, object_type, object_id,"
                               " before_digest, after_digest, detail, prev_hash, hash"
                               " FROM audit_log ORDER BY seq", e);
    if (!s) return e->code;
    char prev[65];
    snprintf(prev, sizeof prev, "%s", AUDIT_GENESIS_HASH);
    int64_t expect_seq = 1;
    int st;
    while ((st = db_step(s, e)) == DB_ROW) {
        struct audit_record r = {
            .id = db_col_int(s, 0),
            .at = db_col_text(s, 1),
            .actor_user_id = db_col_int(s, 2),
            .actor = db_col_text(s, 3),
            .action = db_col_text(s, 4),
            .object_type = db_col_text(s, 5),
            .object_id = db_col_text(s, 6),
            .before_digest = db_col_text(s, 7),
            .after_digest = db_col_text(s, 8),
            .detail = db_col_text(s, 9),
        };
        char hash[65];
        v->rows++;
        if (r.id > head_seq) bad(v, r.id, "this row lies beyond the newest row the log recorded (added outside datalots)");
        else if (r.id != expect_seq) bad(v, r.id, "a row is missing before this one (sequence gap)");
        else if (strcmp(db_col_text(s, 10), prev) != 0)
            bad(v, r.id, "prev_hash does not match the hash of the row before");
        audit_chain_hash(prev, &r, hash);
        if (strcmp(hash, db_col_text(s, 11)) != 0) bad(v, r.id, "the row's content does not match its hash");
        snprintf(prev, sizeof prev, "%s", db_col_text(s, 11));
        expect_seq = r.id + 1;
    }
    db_stmt_done(s);
    if (st == DB_ERROR) return e->code;

    if (!v->first_bad_seq && head_seq > expect_seq - 1)
        bad(v, expect_seq, "the newest rows have been removed (the log ends before its recorded head)");
    else if (!v->first_bad_seq && strcmp(head_hash, prev) != 0)
        bad(v, head_seq, "the newest row does not match the recorded head hash (rows removed or replaced)");
    return DL_OK;
}

/* The stored hash of row seq; *found 0 when there is no such row. */
static dl_err row_hash(db *d, int64_t seq, char hash[65], int *found, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT hash FROM audit_log WHERE seq = ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, seq);
    int st = db_step(s, e);
    *found = st == DB_ROW;
    if (*found) snprintf(hash, 65, "%s", db_col_text(s, 0));
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

dl_err audit_anchor_check(db *d, const audit_anchor *a, audit_anchor_finding *f, dl_error *e)
{
    memset(f, 0, sizeof *f);
    int found = a->seq == 0;
    snprintf(f->found_hash, sizeof f->found_hash, "%s", AUDIT_GENESIS_HASH);
    if (a->seq > 0) {
        dl_err rc = row_hash(d, a->seq, f->found_hash, &found, e);
        if (rc != DL_OK) return rc;
    }
    if (found) {
        f->state = strcmp(f->found_hash, a->hash) == 0 ? AUDIT_ANCHOR_MATCHES : AUDIT_ANCHOR_HASH_DIFFERS;
        return DL_OK;
    }
    f->found_hash[0] = '\0';
    dl_err rc = db_query_int(d, "SELECT COALESCE(MAX(seq), 0) FROM audit_log", &f->log_end, e, "");
    if (rc != DL_OK) return rc;
    f->state = f->log_end < a->seq ? AUDIT_ANCHOR_PAST_END : AUDIT_ANCHOR_ROW_MISSING;
    return DL_OK;
}
