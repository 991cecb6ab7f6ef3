/* cases.c — drafts, reading and listing cases, and the facts the transition
 * table's guards need. The transition itself is in case_transition.c. The
 * request's columns come from CASE_REQUEST_FIELDS (core/case_request.h):
 * the SQL below is assembled from it at compile time, never at run time. */
#include "store/cases.h"
#include "store/case_due.h"

#include <inttypes.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "crypto/age.h"
#include "core/strbuf.h"
#include "core/token.h"
#include "store/org.h"
#include "store/versioned.h"

#define SELCOL(name, key, kind, max, needed, label) ", c." key
#define INSCOL(name, key, kind, max, needed, label) ", " key
#define QMARK(name, key, kind, max, needed, label) ", ?"
#define SETCOL(name, key, kind, max, needed, label) ", " key " = ?"

#define CASE_FIXED_SQL                                                                                  \
    "c.id, c.org_id, COALESCE(c.target_node_id, 0), COALESCE(c.owner_user_id, 0),"                      \
    " COALESCE(c.assignee_user_id, 0), c.version, c.state, c.process, c.diary_number, c.created_at,"    \
    " c.updated_at, c.submitted_at, c.closed_at, o.name, COALESCE(t.name, ''), COALESCE(t.path, ''),"   \
    " COALESCE(t.kind, ''), COALESCE(u.display_name, ''), COALESCE(asg.display_name, ''),"              \
    " c.consultation_deadline, c.decision_outcome, c.decision_conditions"
/* A whole case: the fixed columns and every request field. */
#define CASE_COLS CASE_FIXED_SQL CASE_REQUEST_FIELDS(SELCOL)
/* A row of a list: the fixed columns and the request fields a list shows
 * (LIST_FIELDS, in this order); the other request fields read as "". */
#define CASE_LIST_COLS CASE_FIXED_SQL ", c.title, c.applicant_name"
static const case_request_field LIST_FIELDS[] = {REQ_TITLE, REQ_APPLICANT_NAME};
#define CASE_FROM                                                                                       \
    " FROM cases c JOIN org_node o ON o.id = c.org_id LEFT JOIN org_node t ON t.id = c.target_node_id" \
    " LEFT JOIN users u ON u.id = c.owner_user_id LEFT JOIN users asg ON asg.id = c.assignee_user_id"
enum { CASE_FIXED_COLS = 22 };

static const char *dup(arena *a, const char *s) { return arena_strdup(a, s ? s : ""); }

/* One row of CASE_COLS (whole) or of CASE_LIST_COLS. */
static void read_row(db_stmt *s, arena *a, case_rec *c, int whole)
{
    memset(c, 0, sizeof *c);
    c->id = db_col_int(s, 0);
    c->org_id = db_col_int(s, 1);
    c->target_node_id = db_col_int(s, 2);
    c->owner_user_id = db_col_int(s, 3);
    c->assignee_user_id = db_col_int(s, 4);
    c->version = db_col_int(s, 5);
    case_state st = CASE_DRAFT;
    case_state_from_key(db_col_text(s, 6), &st);
    c->state = st;
    c->process = (case_process)db_col_int(s, 7);
    c->diary_number = dup(a, db_col_text(s, 8));
    c->created_at = dup(a, db_col_text(s, 9));
    c->updated_at = dup(a, db_col_text(s, 10));
    c->submitted_at = dup(a, db_col_text(s, 11));
    c->closed_at = dup(a, db_col_text(s, 12));
    c->org_name = dup(a, db_col_text(s, 13));
    c->target_name = dup(a, db_col_text(s, 14));
    c->target_path = dup(a, db_col_text(s, 15));
    c->target_kind = dup(a, db_col_text(s, 16));
    c->owner_name = dup(a, db_col_text(s, 17));
    c->assignee_name = dup(a, db_col_text(s, 18));
    c->consultation_deadline = dup(a, db_col_text(s, 19));
    c->decision_outcome = dup(a, db_col_text(s, 20));
    c->decision_conditions = dup(a, db_col_text(s, 21));
    if (whole) {
        for (int f = 0; f < REQ__MAX; f++) c->req.v[f] = dup(a, db_col_text(s, CASE_FIXED_COLS + f));
        return;
    }
    for (int f = 0; f < REQ__MAX; f++) c->req.v[f] = "";
    for (size_t k = 0; k < sizeof LIST_FIELDS / sizeof LIST_FIELDS[0]; k++)
        c->req.v[LIST_FIELDS[k]] = dup(a, db_col_text(s, CASE_FIXED_COLS + (int)k));
}

dl_err case_get(db *d, arena *a, int64_t id, case_rec *out, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT " CASE_COLS CASE_FROM " WHERE c.id = ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, id);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW) read_row(s, a, out, 1);
    else if (st == DB_DONE) rc = dl_fail(e, DL_ENOTFOUND, "Ärendet finns inte.");
    else rc = e->code;
    db_stmt_done(s);
    return rc;
}

/* case_list's statements, assembled from constant pieces so that each
 * filter that is off leaves no condition behind: `(? = 0 OR c.org_id = ?)`
 * keeps SQLite from using an index, so every queue page counted its cases
 * by reading the whole table. Now the count is answered from the index
 * (org_id, state, id) (migration 0008) and the page picks its ids from the
 * same index before it reads the 50 wide rows. Every value is bound. */
static void list_where(strbuf *sb, const case_filter *f, int by_path, int n_open)
{
    if (by_path) sb_puts(sb, " JOIN org_node o ON o.id = c.org_id LEFT JOIN org_node t ON t.id = c.target_node_id");
    sb_puts(sb, " WHERE 1 = 1");
    if (f->owner_user_id) sb_puts(sb, " AND c.owner_user_id = ?");
    if (f->org_id) sb_puts(sb, " AND c.org_id = ?");
    if (f->exclude_drafts && f->state != -2) sb_puts(sb, " AND c.state <> 'draft'");
    if (by_path) sb_puts(sb, " AND substr(COALESCE(t.path, o.path), 1, length(?)) = ?");
    if (f->state == -2 || f->state == -3) {
        sb_puts(sb, " AND c.state IN (");
        for (int i = 0; i < n_open; i++) sb_puts(sb, i ? ", ?" : "?");
        sb_puts(sb, ")");
    } else if (f->state >= 0) sb_puts(sb, " AND c.state = ?");
}

/* Binds list_where's parameters from 1; returns the next index. */
static int bind_where(db_stmt *s, const case_filter *f, int by_path, const char *const *open, int n_open)
{
    int p = 1;
    if (f->owner_user_id) db_bind_int(s, p++, f->owner_user_id);
    if (f->org_id) db_bind_int(s, p++, f->org_id);
    if (by_path) { db_bind_text(s, p++, f->org_path); db_bind_text(s, p++, f->org_path); }
    if (f->state == -2 || f->state == -3)
        for (int i = 0; i < n_open; i++) db_bind_text(s, p++, open[i]);
    else if (f->state >= 0) db_bind_text(s, p++, case_state_key((case_state)f->state));
    return p;
}

dl_err case_list(db *d, arena *a, const case_filter *f, case_rec *out, int *n, int64_t *total, dl_error *e)
{
    *n = 0;
    if (f->state >= CASE_STATE__MAX) return dl_fail(e, DL_EINVAL, "case_list: state out of range");
    if (f->due) return case_list_due(d, a, f, out, n, total, e); /* store/case_due.c */
    /* "Open" (-2): every state a case can still leave, not the drafts;
     * "closed" (-3): every state it cannot. Both bound as a list of keys. */
    const char *open[CASE_STATE__MAX];
    int n_open = 0;
    for (int k = 0; k < CASE_STATE__MAX; k++)
        if (f->state == -3 ? !case_state_is_open((case_state)k)
                           : k != CASE_DRAFT && case_state_is_open((case_state)k))
            open[n_open++] = case_state_key((case_state)k);
    int by_path = f->org_path && *f->org_path;
    strbuf where, count_sql, list_sql;
    sb_init(&where, 256);
    sb_init(&count_sql, 512);
    sb_init(&list_sql, 2048);
    list_where(&where, f, by_path, n_open);
    sb_puts(&count_sql, "SELECT COUNT(*) FROM cases c");
    sb_puts(&count_sql, sb_cstr(&where));
    sb_puts(&list_sql, "SELECT " CASE_LIST_COLS CASE_FROM " WHERE c.id IN (SELECT c.id FROM cases c");
    sb_puts(&list_sql, sb_cstr(&where));
    sb_puts(&list_sql, " ORDER BY c.id DESC LIMIT ? OFFSET ?) ORDER BY c.id DESC");
    dl_err rc = where.oom || count_sql.oom || list_sql.oom ? dl_fail(e, DL_ENOMEM, "out of memory") : DL_OK;
    if (rc == DL_OK && total) {
        db_stmt *c = db_prepare(d, sb_cstr(&count_sql), e);
        if (!c) rc = e->code;
        else {
            bind_where(c, f, by_path, open, n_open);
            int st = db_step(c, e);
            *total = st == DB_ROW ? db_col_int(c, 0) : 0;
            if (st == DB_ERROR) rc = e->code;
            db_stmt_done(c);
        }
    }
    if (rc == DL_OK) {
        db_stmt *s = db_prepare(d, sb_cstr(&list_sql), e);
        if (!s) rc = e->code;
        else {
            int p = bind_where(s, f, by_path, open, n_open);
            db_bind_int(s, p, f->limit);
            db_bind_int(s, p + 1, f->offset);
            int st;
            while ((st = db_step(s, e)) == DB_ROW && *n < f->limit) read_row(s, a, &out[(*n)++], 0);
            if (st == DB_ERROR) rc = e->code;
            db_stmt_done(s);
        }
    }
    sb_free(&where);
    sb_free(&count_sql);
    sb_free(&list_sql);
    return rc;
}

/* The request's problems: core's rules, and the age key checked as
 * /account/age-key checks it (its bech32 checksum and key, not only its
 * shape). */
static int request_problems(const case_request *req, case_request_problem *p, int max)
{
    int n = case_request_check(req, 0, p, max);
    const char *key = req->v[REQ_AGE_KEY];
    int shape_refused = 0;
    for (int i = 0; i < n && i < max; i++) shape_refused |= p[i].field == REQ_AGE_KEY;
    if (key && *key && !shape_refused) {
        age_recipient r;
        dl_error e;
        if (age_parse_recipient(key, &r, &e) != DL_OK) {
            if (n < max)
                p[n] = (case_request_problem){REQ_AGE_KEY, "Det här är inte en giltig age-nyckel: kontrollsumman "
                                                           "stämmer inte. Kopiera nyckeln igen från age-keygen."};
            n++;
        }
    }
    return n;
}

/* The target node must lie in the organisation; returns its id (0 when the
 * field is empty). */
static dl_err check_target(db *d, int64_t org_id, const char *target, int64_t *node_id, dl_error *e)
{
    *node_id = 0;
    if (!target || !*target) return DL_OK;
    char *end;
    long long v = strtoll(target, &end, 10);
    if (*end || v <= 0) return dl_fail(e, DL_EINVAL, "Välj en enhet eller ett område i listan.");
    arena *a = arena_new(512);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    org_node_rec root;
    dl_err rc = org_root_of(d, a, (int64_t)v, &root, e);
    if (rc == DL_ENOTFOUND || (rc == DL_OK && root.id != org_id))
        rc = dl_fail(e, DL_EINVAL, "Den valda enheten hör inte till organisationen du ansöker hos.");
    arena_free(a);
    if (rc == DL_OK) *node_id = (int64_t)v;
    return rc;
}

static void bind_request(db_stmt *s, int first, const case_request *req)
{
    for (int f = 0; f < REQ__MAX; f++) db_bind_text(s, first + f, req->v[f] ? req->v[f] : "");
}

static dl_err audit_case(db *d, const audit_actor *who, const char *action, int64_t id, const char *detail,
                         dl_error *e)
{
    char id_text[24];
    snprintf(id_text, sizeof id_text, "%" PRId64, id);
    return audit_append(d, who, action, "case", id_text, NULL, NULL, detail, e);
}

/* Inserts a draft owned by owner (0: no one) inside the open transaction. */
static dl_err insert_draft(db *d, int64_t org_id, int64_t owner, const audit_actor *who, const case_request *req,
                           int64_t *id_out, dl_error *e)
{
    arena *a = arena_new(512);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    org_node_rec org;
    int64_t target = 0, id = 0;
    dl_err rc = org_get(d, a, org_id, &org, e);
    if (rc == DL_ENOTFOUND || (rc == DL_OK && org.parent_id != 0))
        rc = dl_fail(e, DL_EINVAL, "Välj den förvaltning du ansöker hos.");
    if (rc == DL_OK) rc = check_target(d, org_id, req->v[REQ_TARGET_NODE], &target, e);
    char now[32];
    clock_iso_utc(clock_now(), now);
    if (rc == DL_OK) {
        db_stmt *s = db_prepare(d,
                                "INSERT INTO cases(org_id, target_node_id, owner_user_id, state, created_at, updated_at"
                                CASE_REQUEST_FIELDS(INSCOL) ") VALUES (?, ?, ?, 'draft', ?, ?"
                                CASE_REQUEST_FIELDS(QMARK) ") RETURNING id", e);
        if (!s) rc = e->code;
        else {
            db_bind_int(s, 1, org_id);
            if (target) db_bind_int(s, 2, target); else db_bind_null(s, 2);
            if (owner > 0) db_bind_int(s, 3, owner); else db_bind_null(s, 3);
            db_bind_text(s, 4, now);
            db_bind_text(s, 5, now);
            bind_request(s, 6, req);
            int st = db_step(s, e);
            if (st == DB_ROW) { id = db_col_int(s, 0); while (db_step(s, e) == DB_ROW) {} }
            else rc = e->code;
            db_stmt_done(s);
        }
    }
    /* The case is written on the request form in force now (migration 0040, store/form_version.h). */
    if (rc == DL_OK)
        rc = db_run(d, "UPDATE cases SET form_version = COALESCE((SELECT MAX(version) FROM form_version), 1)"
                       " WHERE id = ?", e, "i", id);
    if (rc == DL_OK) rc = audit_case(d, who, "case.draft", id, NULL, e);
    arena_free(a);
    if (rc == DL_OK && id_out) *id_out = id;
    return rc;
}

dl_err case_create_draft(db *d, int64_t org_id, const audit_actor *who, const case_request *req,
                         const case_upload *file, int64_t *id_out,
                         case_request_problem *problems, int max_problems, int *n_problems, dl_error *e)
{
    *n_problems = request_problems(req, problems, max_problems);
    if (*n_problems) return dl_fail(e, DL_EINVAL, "Ansökan innehåller fel; se fälten nedan.");
    if (!who || who->user_id <= 0) return dl_fail(e, DL_EAUTH, "Logga in för att skriva en ansökan.");
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int64_t id = 0;
    rc = insert_draft(d, org_id, who->user_id, who, req, &id, e);
    if (rc == DL_OK && file) rc = case_attach_in_tx(d, id, who, file, NULL, e);
    if (rc == DL_OK && id_out) *id_out = id;
    if (rc == DL_OK) return db_commit(d, e);
    db_rollback(d);
    return rc;
}

dl_err case_create_draft_in_tx(db *d, int64_t org_id, const audit_actor *who, const case_request *req,
                               int64_t *id_out, case_request_problem *problems, int max_problems, int *n_problems,
                               dl_error *e)
{
    *n_problems = request_problems(req, problems, max_problems);
    if (*n_problems) return dl_fail(e, DL_EINVAL, "Ansökan innehåller fel; se fälten nedan.");
    if (!who || who->user_id <= 0) return dl_fail(e, DL_EAUTH, "Logga in för att skriva en ansökan.");
    if (!db_in_transaction(d)) return dl_fail(e, DL_EINTERNAL, "case_create_draft_in_tx outside a transaction");
    return insert_draft(d, org_id, who->user_id, who, req, id_out, e);
}

dl_err case_register_incoming_in_tx(db *d, int64_t org_id, const authz_subject *subject, const audit_actor *who,
                                    const case_request *req, const case_upload *files, int n_files,
                                    const char *counterpart, const char *text, const char *public_url, int64_t *id_out,
                                    case_step_result *out, case_request_problem *problems, int max_problems,
                                    int *n_problems, dl_error *e)
{
    if (!db_in_transaction(d)) return dl_fail(e, DL_EINTERNAL, "case_register_incoming_in_tx outside a transaction");
    *n_problems = request_problems(req, problems, max_problems);
    if (*n_problems) return dl_fail(e, DL_EINVAL, "Ansökan innehåller fel; se fälten nedan.");
    /* The applicant's account, when exactly one enabled account has the address. */
    int64_t owner = 0, n = 0;
    dl_err rc = DL_OK;
    const char *mail = req->v[REQ_APPLICANT_EMAIL];
    if (mail && *mail) {
        rc = db_query_int(d, "SELECT COUNT(*) FROM users WHERE lower(email) = lower(?) AND disabled = 0", &n, e, "t", mail);
        if (rc == DL_OK && n == 1)
            rc = db_query_int(d, "SELECT id FROM users WHERE lower(email) = lower(?) AND disabled = 0", &owner, e, "t", mail);
    }
    int64_t id = 0;
    if (rc == DL_OK) rc = insert_draft(d, org_id, owner, who, req, &id, e);
    for (int i = 0; rc == DL_OK && i < n_files; i++) rc = case_attach_in_tx(d, id, who, &files[i], NULL, e);
    if (rc == DL_OK) {
        case_step st = {.event = EV_REGISTER_INCOMING, .expected_version = 1, .counterpart = counterpart,
                        .text = text, .public_url = public_url};
        rc = case_transition_in_tx(d, id, subject, who, &st, out, e);
    }
    if (rc == DL_OK && id_out) *id_out = id;
    return rc;
}

dl_err case_register_incoming(db *d, int64_t org_id, const authz_subject *subject, const audit_actor *who,
                              const case_request *req, const case_upload *file, const char *counterpart,
                              const char *public_url, int64_t *id_out, case_step_result *out, case_request_problem *problems,
                              int max_problems, int *n_problems, dl_error *e)
{
    *n_problems = request_problems(req, problems, max_problems);
    if (*n_problems) return dl_fail(e, DL_EINVAL, "Ansökan innehåller fel; se fälten nedan.");
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = case_register_incoming_in_tx(d, org_id, subject, who, req, file, file ? 1 : 0, counterpart, NULL, public_url,
                                      id_out, out, problems, max_problems, n_problems, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}

dl_err case_save_draft(db *d, int64_t id, int64_t version, const audit_actor *who, const case_request *req,
                       const case_upload *file, case_request_problem *problems, int max_problems, int *n_problems, dl_error *e)
{
    *n_problems = request_problems(req, problems, max_problems);
    if (*n_problems) return dl_fail(e, DL_EINVAL, "Ansökan innehåller fel; se fälten nedan.");
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int64_t org_id = 0, owner = 0, is_draft = 0, target = 0;
    db_stmt *q = db_prepare(d, "SELECT org_id, COALESCE(owner_user_id, 0), CASE WHEN state = 'draft' THEN 1 ELSE 0 END FROM cases WHERE id = ?", e);
    if (!q) rc = e->code;
    else {
        db_bind_int(q, 1, id);
        int st = db_step(q, e);
        if (st == DB_ROW) { org_id = db_col_int(q, 0); owner = db_col_int(q, 1); is_draft = db_col_int(q, 2); }
        else rc = st == DB_DONE ? dl_fail(e, DL_ENOTFOUND, "Ärendet finns inte.") : e->code;
        db_stmt_done(q);
    }
    if (rc == DL_OK && (!who || owner != who->user_id))
        rc = dl_fail(e, DL_EDENIED, "Bara den som skriver ansökan kan ändra utkastet.");
    if (rc == DL_OK && !is_draft)
        rc = dl_fail(e, DL_ECONFLICT, "Ansökan är redan inskickad och kan inte ändras här. "
                                      "Skicka en komplettering om något behöver läggas till.");
    if (rc == DL_OK) rc = check_target(d, org_id, req->v[REQ_TARGET_NODE], &target, e);
    char now[32];
    clock_iso_utc(clock_now(), now);
    if (rc == DL_OK) {
        db_stmt *s = db_prepare(d, "UPDATE cases SET updated_at = ?, target_node_id = ?" CASE_REQUEST_FIELDS(SETCOL)
                                   ", version = version + 1 WHERE id = ? AND version = ? RETURNING version", e);
        if (!s) rc = e->code;
        else {
            db_bind_text(s, 1, now);
            if (target) db_bind_int(s, 2, target); else db_bind_null(s, 2);
            bind_request(s, 3, req);
            db_bind_int(s, 3 + REQ__MAX, id);
            db_bind_int(s, 4 + REQ__MAX, version);
            rc = versioned_finish(d, s, "SELECT COUNT(*) FROM cases WHERE id = ?", id, e);
        }
    }
    if (rc == DL_OK) rc = audit_case(d, who, "case.save_draft", id, NULL, e);
    if (rc == DL_OK && file) rc = case_attach_in_tx(d, id, who, file, NULL, e);
    if (rc == DL_OK) return db_commit(d, e);
    db_rollback(d);
    return rc;
}

dl_err case_facts_for(db *d, arena *a, const case_rec *c, int64_t actor_user_id, case_facts *facts,
                      authz_object *object, dl_error *e)
{
    memset(facts, 0, sizeof *facts);
    facts->state = c->state;
    facts->process = c->process;
    facts->actor_is_owner = actor_user_id > 0 && actor_user_id == c->owner_user_id;
    facts->actor_is_assignee = actor_user_id > 0 && actor_user_id == c->assignee_user_id;
    int64_t reviews = 0, pending = 0, units = 0;
    dl_err rc = DL_OK;
    db_stmt *q = db_prepare(d, "SELECT (SELECT COUNT(*) FROM case_document WHERE case_id = ? AND kind = 'confidentiality_review'),"
                               " (SELECT COUNT(*) FROM case_unit WHERE case_id = ? AND answer = 'pending'),"
                               " (SELECT COUNT(*) FROM case_unit WHERE case_id = ?)", e);
    if (!q) return e->code;
    for (int i = 1; i <= 3; i++) db_bind_int(q, i, c->id);
    int qs = db_step(q, e);
    if (qs == DB_ROW) {
        reviews = db_col_int(q, 0);
        pending = db_col_int(q, 1);
        units = db_col_int(q, 2);
    }
    db_stmt_done(q);
    if (qs == DB_ERROR) return e->code;
    facts->review_done = reviews > 0;
    /* The deadline is a date in Stockholm; it has passed the day after. */
    char today[16];
    clock_local_date(clock_now(), today);
    facts->consultation_over = pending == 0 || (*c->consultation_deadline && strcmp(today, c->consultation_deadline) > 0);

    memset(object, 0, sizeof *object);
    object->node_path = *c->target_path ? c->target_path : NULL;
    object->owner_user_id = c->owner_user_id;
    object->state = (int)c->state;
    if (!object->node_path) {
        /* No target chosen (a draft): the organisation itself. */
        org_node_rec org;
        rc = org_get(d, a, c->org_id, &org, e);
        if (rc != DL_OK) return rc;
        object->node_path = org.path;
    }
    if (units > 0) {
        const char **paths = arena_alloc(a, sizeof *paths * (size_t)units);
        if (!paths) return dl_fail(e, DL_ENOMEM, "out of memory");
        db_stmt *s = db_prepare(d, "SELECT o.path FROM case_unit u JOIN org_node o ON o.id = u.node_id"
                                   " WHERE u.case_id = ? ORDER BY o.path", e);
        if (!s) return e->code;
        db_bind_int(s, 1, c->id);
        int n = 0, st;
        while ((st = db_step(s, e)) == DB_ROW && n < units) paths[n++] = dup(a, db_col_text(s, 0));
        db_stmt_done(s);
        if (st == DB_ERROR) return e->code;
        object->node_paths = paths;
        object->n_node_paths = n;
    }
    return DL_OK;
}

dl_err case_history(db *d, arena *a, int64_t id, case_history_rec *out, int *n, dl_error *e)
{
    *n = 0;
    /* The person's name as it is now; the name recorded at the step when the account is gone. */
    db_stmt *s = db_prepare(d, "SELECT ce.at, COALESCE(u.display_name, ce.actor_name), ce.event, ce.from_state, ce.to_state,"
                               " ce.note, COALESCE(ce.actor_user_id, 0) FROM case_event ce"
                               " LEFT JOIN users u ON u.id = ce.actor_user_id"
                               " WHERE ce.case_id = ? ORDER BY ce.id LIMIT ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, CASE_PAGE_MAX);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < CASE_PAGE_MAX) {
        case_history_rec *h = &out[(*n)++];
        h->at = dup(a, db_col_text(s, 0));
        h->actor_name = dup(a, db_col_text(s, 1));
        h->event = dup(a, db_col_text(s, 2));
        h->from_state = dup(a, db_col_text(s, 3));
        h->to_state = dup(a, db_col_text(s, 4));
        h->note = dup(a, db_col_text(s, 5));
        h->actor_user_id = db_col_int(s, 6);
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

dl_err case_documents(db *d, arena *a, int64_t id, case_document_rec *out, int *n, dl_error *e)
{
    *n = 0;
#define REC_COLUMN(id, member, sv, en, subject) ", COALESCE(cr.assessment_" #member ", '')"
    db_stmt *s = db_prepare(d, "SELECT cd.id, COALESCE(cd.diary_entry_id, 0), cd.kind, cd.created_at,"
                               " COALESCE(de.number, ''), cd.counterpart, cd.body, cd.confidential,"
                               " COALESCE(cr.document_id, 0), COALESCE(cr.conditions, '')"
                               SAMRAD_ASSESSMENT_LIST(REC_COLUMN) ", cd.disposed_at"
                               " FROM case_document cd LEFT JOIN diary_entry de ON de.id = cd.diary_entry_id"
                               " LEFT JOIN case_recommendation cr ON cr.document_id = cd.id"
                               " WHERE cd.case_id = ? ORDER BY cd.id LIMIT ?", e);
#undef REC_COLUMN
    if (!s) return e->code;
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, CASE_PAGE_MAX);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < CASE_PAGE_MAX) {
        case_document_rec *x = &out[(*n)++];
        x->id = db_col_int(s, 0);
        x->diary_entry_id = db_col_int(s, 1);
        x->kind = dup(a, db_col_text(s, 2));
        x->created_at = dup(a, db_col_text(s, 3));
        x->diary_number = dup(a, db_col_text(s, 4));
        x->counterpart = dup(a, db_col_text(s, 5));
        x->body = dup(a, db_col_text(s, 6));
        x->confidential = (int)db_col_int(s, 7);
        x->has_assessments = db_col_int(s, 8) != 0;
        x->rec_conditions = dup(a, db_col_text(s, 9));
        memset(&x->assessments, 0, sizeof x->assessments);
        for (int p = 0; p < SAMRAD_ASSESS__MAX; p++)
            samrad_texts_set(&x->assessments, (samrad_assessment_part)p, dup(a, db_col_text(s, 10 + p)));
        x->disposed_at = dup(a, db_col_text(s, 10 + SAMRAD_ASSESS__MAX));
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

dl_err case_units(db *d, arena *a, int64_t id, case_unit_rec *out, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT u.node_id, o.name, o.path, u.answer, u.reason, u.answered_at"
                               " FROM case_unit u JOIN org_node o ON o.id = u.node_id"
                               " WHERE u.case_id = ? ORDER BY o.name LIMIT ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, CASE_PAGE_MAX);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < CASE_PAGE_MAX) {
        case_unit_rec *u = &out[(*n)++];
        u->node_id = db_col_int(s, 0);
        u->name = dup(a, db_col_text(s, 1));
        u->path = dup(a, db_col_text(s, 2));
        u->answer = dup(a, db_col_text(s, 3));
        u->reason = dup(a, db_col_text(s, 4));
        u->answered_at = dup(a, db_col_text(s, 5));
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

dl_err case_assignee_candidates(db *d, arena *a, const case_rec *c, case_person *out, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT DISTINCT u.id, u.display_name FROM role_assignment r"
                               " JOIN users u ON u.id = r.user_id JOIN org_node o ON o.id = r.node_id"
                               " WHERE r.role = 'assigned_employee' AND u.disabled = 0"
                               " AND substr(?, 1, length(o.path)) = o.path ORDER BY u.display_name LIMIT ?", e);
    if (!s) return e->code;
    db_bind_text(s, 1, c->target_path);
    db_bind_int(s, 2, CASE_PAGE_MAX);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < CASE_PAGE_MAX) {
        out[*n].id = db_col_int(s, 0);
        out[*n].display_name = dup(a, db_col_text(s, 1));
        (*n)++;
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

static int cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

/* The value at fraction q of the sorted sample (nearest rank). */
static double rank_days(const int64_t *v, int n, double q)
{
    int k = (int)(q * n + 0.999999);
    if (k < 1) k = 1;
    if (k > n) k = n;
    return (double)v[k - 1] / 86400.0;
}

dl_err case_lead_times(db *d, int64_t org_id, case_lead_time out[3], dl_error *e)
{
    memset(out, 0, sizeof *out * 3);
    int64_t *secs[3];
    int n[3] = {0, 0, 0};
    for (int p = 0; p < 3; p++) {
        secs[p] = calloc(LEAD_TIME_SAMPLE, sizeof *secs[p]);
        if (!secs[p]) {
            for (int k = 0; k < p; k++) free(secs[k]);
            return dl_fail(e, DL_ENOMEM, "out of memory");
        }
    }
    db_stmt *s = db_prepare(d, "SELECT process, clock_stopped_at - clock_started_at - clock_paused_total FROM cases"
                               " WHERE org_id = ? AND clock_stopped_at > 0 AND clock_started_at > 0"
                               " ORDER BY id DESC LIMIT ?", e);
    dl_err rc = s ? DL_OK : e->code;
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, LEAD_TIME_SAMPLE);
        int st;
        while ((st = db_step(s, e)) == DB_ROW) {
            int64_t p = db_col_int(s, 0), v = db_col_int(s, 1);
            if (p < 1 || p > 2 || v < 0) continue;
            secs[p][n[p]++] = v;
            secs[0][n[0]++] = v;
        }
        if (st == DB_ERROR) rc = e->code;
        db_stmt_done(s);
    }
    for (int p = 0; p < 3 && rc == DL_OK; p++) {
        out[p].n = n[p];
        if (!n[p]) continue;
        qsort(secs[p], (size_t)n[p], sizeof *secs[p], cmp_i64);
        out[p].median_days = rank_days(secs[p], n[p], 0.5);
        out[p].p90_days = rank_days(secs[p], n[p], 0.9);
    }
    for (int p = 0; p < 3; p++) free(secs[p]);
    return rc;
}

dl_err case_contacts(db *d, arena *a, int64_t org_id, case_contact *out, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT DISTINCT u.display_name, u.email, r.role FROM role_assignment r"
                               " JOIN users u ON u.id = r.user_id JOIN org_node o ON o.id = r.node_id"
                               " WHERE r.role IN ('coordinator', 'registrar') AND u.disabled = 0"
                               " AND o.path = (SELECT path FROM org_node WHERE id = ?)"
                               " ORDER BY r.role, u.display_name LIMIT ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, max);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) {
        out[*n].name = dup(a, db_col_text(s, 0));
        out[*n].email = dup(a, db_col_text(s, 1));
        out[*n].role = dup(a, db_col_text(s, 2));
        (*n)++;
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

dl_err case_assignments_of(db *d, arena *a, int64_t user_id, case_assignment *out, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT c.id, cd.id, c.diary_number, c.title, cd.created_at, COALESCE(de.number, '')"
                               " FROM cases c JOIN case_document cd ON cd.case_id = c.id AND cd.kind = 'assignment'"
                               " LEFT JOIN diary_entry de ON de.id = cd.diary_entry_id"
                               " WHERE c.assignee_user_id = ? ORDER BY cd.id DESC LIMIT ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, user_id);
    db_bind_int(s, 2, max);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) {
        case_assignment *x = &out[(*n)++];
        x->case_id = db_col_int(s, 0);
        x->document_id = db_col_int(s, 1);
        x->diary_number = dup(a, db_col_text(s, 2));
        x->title = dup(a, db_col_text(s, 3));
        x->given_at = dup(a, db_col_text(s, 4));
        x->document_number = dup(a, db_col_text(s, 5));
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}
