/* case_seed.c — SQL for seeding generated cases in bulk (see case_seed.h).
 * One transaction per batch: the diary numbers of all the batch's documents
 * (one counter step per organisation and series), then the cases (one INSERT
 * each, for its id), then the diary entries, documents, history rows and
 * units and the steps' lengths with multi-row INSERTs of SEED_ROWS rows — the statement text is the
 * same placeholders repeated, never a value — and the last few rows one by
 * one, so each table uses two cached statements. */
#include "store/case_seed.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/diary_number.h"
#include "core/strbuf.h"
#include "store/case_step_length.h"
#include "store/org.h"

#define SEED_ROWS 100 /* rows per multi-row INSERT (at most 12 columns: 1,200 parameters) */
#define SEED_ORGS 8   /* distinct organisations in one batch */

/* ---- multi-row INSERT -------------------------------------------------------- */

typedef struct seed_val {
    enum { V_NULL, V_INT, V_TEXT } kind;
    int64_t i;
    const char *t;  /* lives until the batch ends (caller's data or the batch arena) */
} seed_val;

typedef struct bulk {
    db *d;
    const char *head;  /* "INSERT INTO t(a, b) VALUES " */
    const char *tuple; /* "(?, ?)" */
    int ncols, nrows;
    seed_val v[SEED_ROWS * 12];
    int col;           /* next column of the row being added */
} bulk;

static void bulk_init(bulk *b, db *d, const char *head, const char *tuple, int ncols)
{
    b->d = d;
    b->head = head;
    b->tuple = tuple;
    b->ncols = ncols;
    b->nrows = 0;
    b->col = 0;
}

/* Runs rows [from, from + count) of the buffer as one statement. */
static dl_err bulk_run(bulk *b, int from, int count, dl_error *e)
{
    strbuf sql;
    sb_init(&sql, strlen(b->head) + (size_t)count * (strlen(b->tuple) + 2));
    sb_puts(&sql, b->head);
    for (int r = 0; r < count; r++) {
        if (r) sb_puts(&sql, ", ");
        sb_puts(&sql, b->tuple);
    }
    if (sql.oom) { sb_free(&sql); return dl_fail(e, DL_ENOMEM, "out of memory"); }
    db_stmt *s = db_prepare(b->d, sb_cstr(&sql), e);
    sb_free(&sql);
    if (!s) return e->code;
    int p = 1;
    for (int r = from; r < from + count; r++)
        for (int c = 0; c < b->ncols; c++, p++) {
            const seed_val *v = &b->v[r * b->ncols + c];
            if (v->kind == V_INT) db_bind_int(s, p, v->i);
            else if (v->kind == V_TEXT) db_bind_text(s, p, v->t ? v->t : "");
            else db_bind_null(s, p);
        }
    int st = db_step(s, e);
    db_stmt_done(s);
    return st == DB_DONE ? DL_OK : st == DB_ERROR ? e->code : dl_fail(e, DL_EINTERNAL, "case_seed: unexpected row");
}

/* Writes what is buffered: a full buffer as one statement, a partial one
 * row by row (so only two statement texts per table are ever prepared). */
static dl_err bulk_flush(bulk *b, dl_error *e)
{
    dl_err rc = DL_OK;
    if (b->nrows == SEED_ROWS) rc = bulk_run(b, 0, SEED_ROWS, e);
    else
        for (int r = 0; r < b->nrows && rc == DL_OK; r++) rc = bulk_run(b, r, 1, e);
    b->nrows = 0;
    return rc;
}

static void put(bulk *b, seed_val v) { b->v[b->nrows * b->ncols + b->col++] = v; }
static void put_int(bulk *b, int64_t i) { put(b, (seed_val){V_INT, i, NULL}); }
static void put_id(bulk *b, int64_t i) { put(b, i > 0 ? (seed_val){V_INT, i, NULL} : (seed_val){V_NULL, 0, NULL}); }
static void put_text(bulk *b, const char *t) { put(b, (seed_val){V_TEXT, 0, t ? t : ""}); }

/* Ends the row being added; writes the buffer when it is full. */
static dl_err row_done(bulk *b, dl_error *e)
{
    b->col = 0;
    return ++b->nrows == SEED_ROWS ? bulk_flush(b, e) : DL_OK;
}

/* ---- diary numbers ------------------------------------------------------------ */

typedef struct seed_org {
    int64_t id;
    char fmt[DIARY_NUMBER_MAX];
} seed_org;

typedef struct doc_ref {
    int case_ix, doc_ix, org_ix, year, series;
    int64_t t, seq;
    const char *number;
} doc_ref;

static int by_series_then_time(const void *pa, const void *pb)
{
    const doc_ref *a = pa, *b = pb;
    if (a->org_ix != b->org_ix) return a->org_ix < b->org_ix ? -1 : 1;
    if (a->series != b->series) return a->series < b->series ? -1 : 1;
    if (a->t != b->t) return a->t < b->t ? -1 : 1;
    if (a->case_ix != b->case_ix) return a->case_ix < b->case_ix ? -1 : 1;
    return a->doc_ix < b->doc_ix ? -1 : a->doc_ix > b->doc_ix;
}

/* Moves the counter of (org, series) on by k; the first of the k numbers in *first. */
static dl_err take_numbers(db *d, int64_t org_id, int series, int64_t k, int64_t *first, dl_error *e)
{
    db_stmt *s = db_prepare(d, "INSERT INTO diary_counter(org_id, year, last_seq) VALUES (?, ?, ?)"
                               " ON CONFLICT (org_id, year) DO UPDATE SET last_seq = diary_counter.last_seq + ?"
                               " RETURNING last_seq", e);
    if (!s) return e->code;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, series);
    db_bind_int(s, 3, k);
    db_bind_int(s, 4, k);
    int st = db_step(s, e);
    if (st == DB_ROW) { *first = db_col_int(s, 0) - k + 1; while (db_step(s, e) == DB_ROW) {} }
    db_stmt_done(s);
    return st == DB_ROW ? DL_OK : e->code;
}

/* Numbers every document of the batch, in order of registration within each
 * series. refs (n_refs of them) are filled and sorted. */
static dl_err number_documents(db *d, arena *a, const case_seed_case *cases, int n, doc_ref *refs, int n_refs,
                               dl_error *e)
{
    seed_org orgs[SEED_ORGS];
    int n_orgs = 0, k = 0;
    for (int i = 0; i < n; i++) {
        int oi = 0;
        while (oi < n_orgs && orgs[oi].id != cases[i].org_id) oi++;
        if (oi == n_orgs && cases[i].n_docs > 0) {
            if (n_orgs == SEED_ORGS) return dl_fail(e, DL_EINVAL, "case_seed: more than %d organisations in a batch", SEED_ORGS);
            org_node_rec o;
            dl_err rc = org_get(d, a, cases[i].org_id, &o, e);
            if (rc != DL_OK) return rc;
            if (o.parent_id != 0) return dl_fail(e, DL_EINVAL, "case_seed: org %" PRId64 " is not a förvaltning", o.id);
            orgs[n_orgs].id = o.id;
            rc = org_expand_diary_format(*o.diary_format ? o.diary_format : DIARY_DEFAULT_FORMAT, o.code,
                                         orgs[n_orgs].fmt, sizeof orgs[n_orgs].fmt, e);
            if (rc == DL_OK) rc = diary_format_validate(orgs[n_orgs].fmt, e);
            if (rc != DL_OK) return rc;
            n_orgs++;
        }
        for (int j = 0; j < cases[i].n_docs; j++, k++) {
            doc_ref *r = &refs[k];
            r->case_ix = i;
            r->doc_ix = j;
            r->org_ix = oi;
            r->t = clock_parse_iso_utc(cases[i].docs[j].at);
            if (r->t < 0) return dl_fail(e, DL_EINVAL, "case_seed: bad time \"%s\"", cases[i].docs[j].at);
            r->year = clock_local_year(r->t);
            r->series = diary_format_series(orgs[oi].fmt, r->year);
        }
    }
    qsort(refs, (size_t)n_refs, sizeof *refs, by_series_then_time);
    for (int i = 0; i < n_refs;) {
        int j = i;
        while (j < n_refs && refs[j].org_ix == refs[i].org_ix && refs[j].series == refs[i].series) j++;
        int64_t first = 0;
        dl_err rc = take_numbers(d, orgs[refs[i].org_ix].id, refs[i].series, j - i, &first, e);
        for (int x = i; x < j && rc == DL_OK; x++) {
            char number[DIARY_NUMBER_MAX];
            refs[x].seq = first + (x - i);
            rc = diary_number_format(orgs[refs[x].org_ix].fmt, refs[x].year, refs[x].seq, number, sizeof number, e);
            if (rc == DL_OK && !(refs[x].number = arena_strdup(a, number))) rc = dl_fail(e, DL_ENOMEM, "out of memory");
        }
        if (rc != DL_OK) return rc;
        i = j;
    }
    return DL_OK;
}

/* ---- the batch ------------------------------------------------------------------ */

#define INSCOL(name, key, kind, max, needed, label) ", " key
#define QMARK(name, key, kind, max, needed, label) ", ?"

static dl_err insert_case(db *d, const case_seed_case *c, const char *diary_number, int64_t *id, dl_error *e)
{
    db_stmt *s = db_prepare(d,
                            "INSERT INTO cases(org_id, target_node_id, owner_user_id, assignee_user_id, state, process,"
                            " diary_number, created_at, updated_at, submitted_at, closed_at, clock_started_at,"
                            " clock_paused_at, clock_paused_total, clock_stopped_at, consultation_deadline,"
                            " decision_outcome, decision_conditions, version" CASE_REQUEST_FIELDS(INSCOL)
                            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
                            CASE_REQUEST_FIELDS(QMARK) ") RETURNING id", e);
    if (!s) return e->code;
    int p = 1;
    db_bind_int(s, p++, c->org_id);
    if (c->target_node_id > 0) db_bind_int(s, p++, c->target_node_id); else db_bind_null(s, p++);
    if (c->owner_user_id > 0) db_bind_int(s, p++, c->owner_user_id); else db_bind_null(s, p++);
    if (c->assignee_user_id > 0) db_bind_int(s, p++, c->assignee_user_id); else db_bind_null(s, p++);
    db_bind_text(s, p++, case_state_key(c->state));
    db_bind_int(s, p++, (int64_t)c->process);
    db_bind_text(s, p++, diary_number ? diary_number : "");
    db_bind_text(s, p++, c->created_at);
    db_bind_text(s, p++, c->updated_at ? c->updated_at : c->created_at);
    db_bind_text(s, p++, c->submitted_at ? c->submitted_at : "");
    db_bind_text(s, p++, c->closed_at ? c->closed_at : "");
    db_bind_int(s, p++, c->clock_started_at);
    db_bind_int(s, p++, c->clock_paused_at);
    db_bind_int(s, p++, c->clock_paused_total);
    db_bind_int(s, p++, c->clock_stopped_at);
    db_bind_text(s, p++, c->consultation_deadline ? c->consultation_deadline : "");
    db_bind_text(s, p++, c->decision_outcome ? c->decision_outcome : "");
    db_bind_text(s, p++, c->decision_conditions ? c->decision_conditions : "");
    db_bind_int(s, p++, c->version > 0 ? c->version : 1);
    for (int f = 0; f < REQ__MAX; f++) db_bind_text(s, p++, c->req.v[f] ? c->req.v[f] : "");
    int st = db_step(s, e);
    if (st == DB_ROW) { *id = db_col_int(s, 0); while (db_step(s, e) == DB_ROW) {} }
    db_stmt_done(s);
    return st == DB_ROW ? DL_OK : e->code;
}

static dl_err write_batch(db *d, arena *a, const case_seed_case *cases, int n, dl_error *e)
{
    int n_refs = 0;
    for (int i = 0; i < n; i++) {
        if (!cases[i].created_at || cases[i].n_docs < 0 || cases[i].n_events < 0 || cases[i].n_units < 0)
            return dl_fail(e, DL_EINVAL, "case_seed: case %d of the batch is incomplete", i);
        n_refs += cases[i].n_docs;
    }
    doc_ref *refs = n_refs ? arena_alloc(a, sizeof *refs * (size_t)n_refs) : NULL;
    int64_t *ids = arena_alloc(a, sizeof *ids * (size_t)n);
    const char **numbers = arena_alloc(a, sizeof *numbers * (size_t)n);
    bulk *b = malloc(sizeof *b);
    if ((n_refs && !refs) || !ids || !numbers || !b) { free(b); return dl_fail(e, DL_ENOMEM, "out of memory"); }

    dl_err rc = number_documents(d, a, cases, n, refs, n_refs, e);
    for (int x = 0; x < n_refs && rc == DL_OK; x++) {
        const doc_ref *r = &refs[x];
        /* The first request registered is the case's number. */
        if (cases[r->case_ix].docs[r->doc_ix].kind == DOC_REQUEST && !numbers[r->case_ix]) numbers[r->case_ix] = r->number;
    }
    for (int i = 0; i < n && rc == DL_OK; i++) rc = insert_case(d, &cases[i], numbers[i], &ids[i], e);

    /* Diary entries, in number order. */
    if (rc == DL_OK) {
        bulk_init(b, d, "INSERT INTO diary_entry(org_id, number, year, seq, registered_at, doc_date, direction,"
                        " counterpart, subject, confidential, legal_ref, registered_by) VALUES ",
                  "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", 12);
        for (int x = 0; x < n_refs && rc == DL_OK; x++) {
            const doc_ref *r = &refs[x];
            const case_seed_case *c = &cases[r->case_ix];
            const case_seed_doc *doc = &c->docs[r->doc_ix];
            char date[16];
            clock_local_date(r->t, date);
            const char *title = c->req.v[REQ_TITLE] && *c->req.v[REQ_TITLE] ? c->req.v[REQ_TITLE]
                                : numbers[r->case_ix] ? numbers[r->case_ix] : "";
            const char *subject = arena_printf(a, "%s: %.400s", case_doc_label_sv(doc->kind), title);
            const char *day = arena_strdup(a, date);
            if (!subject || !day) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
            put_int(b, c->org_id);
            put_text(b, r->number);
            put_int(b, r->series);
            put_int(b, r->seq);
            put_text(b, doc->at);
            put_text(b, day);
            put_text(b, case_doc_direction(doc->kind));
            put_text(b, doc->counterpart);
            put_text(b, subject);
            put_int(b, case_doc_confidential(doc->kind) ? 1 : 0);
            put_text(b, case_doc_legal_ref(doc->kind));
            put_id(b, doc->created_by);
            rc = row_done(b, e);
        }
        if (rc == DL_OK) rc = bulk_flush(b, e);
    }
    /* The documents, each pointing at its entry (found by its unique number). */
    if (rc == DL_OK) {
        bulk_init(b, d, "INSERT INTO case_document(case_id, kind, diary_entry_id, created_at, created_by, confidential,"
                        " counterpart, body) VALUES ",
                  "(?, ?, (SELECT id FROM diary_entry WHERE org_id = ? AND number = ?), ?, ?, ?, ?, ?)", 9);
        for (int x = 0; x < n_refs && rc == DL_OK; x++) {
            const doc_ref *r = &refs[x];
            const case_seed_case *c = &cases[r->case_ix];
            const case_seed_doc *doc = &c->docs[r->doc_ix];
            put_int(b, ids[r->case_ix]);
            put_text(b, case_doc_key(doc->kind));
            put_int(b, c->org_id);
            put_text(b, r->number);
            put_text(b, doc->at);
            put_id(b, doc->created_by);
            put_int(b, case_doc_confidential(doc->kind) ? 1 : 0);
            put_text(b, doc->counterpart);
            put_text(b, doc->body);
            rc = row_done(b, e);
        }
        if (rc == DL_OK) rc = bulk_flush(b, e);
    }
    /* A recommendation's assessments beside its document (found by its entry). */
    if (rc == DL_OK) {
#define SEED_REC_COLUMN(id, member, sv, en, subject) ", assessment_" #member
#define SEED_REC_MARK(id, member, sv, en, subject) ", ?"
        bulk_init(b, d, "INSERT INTO case_recommendation(document_id, case_id, recommendation, conditions"
                        SAMRAD_ASSESSMENT_LIST(SEED_REC_COLUMN) ") VALUES ",
                  "((SELECT cd.id FROM case_document cd WHERE cd.case_id = ? AND cd.diary_entry_id ="
                  " (SELECT de.id FROM diary_entry de WHERE de.org_id = ? AND de.number = ?)), ?, ?, ''"
                  SAMRAD_ASSESSMENT_LIST(SEED_REC_MARK) ")",
                  5 + SAMRAD_ASSESS__MAX);
#undef SEED_REC_COLUMN
#undef SEED_REC_MARK
        for (int x = 0; x < n_refs && rc == DL_OK; x++) {
            const doc_ref *r = &refs[x];
            const case_seed_case *c = &cases[r->case_ix];
            const case_seed_doc *doc = &c->docs[r->doc_ix];
            if (doc->kind != DOC_RECOMMENDATION || samrad_texts_empty(&doc->assessments)) continue;
            put_int(b, ids[r->case_ix]); /* the case's documents by their index, not every document's entry */
            put_int(b, c->org_id);
            put_text(b, r->number);
            put_int(b, ids[r->case_ix]);
            put_text(b, doc->recommendation && *doc->recommendation ? doc->recommendation : "release");
            for (int p = 0; p < SAMRAD_ASSESS__MAX; p++)
                put_text(b, samrad_texts_get(&doc->assessments, (samrad_assessment_part)p));
            rc = row_done(b, e);
        }
        if (rc == DL_OK) rc = bulk_flush(b, e);
    }
    /* The history, in order per case. */
    if (rc == DL_OK) {
        bulk_init(b, d, "INSERT INTO case_event(case_id, at, actor_user_id, actor_name, event, from_state, to_state,"
                        " note) VALUES ",
                  "(?, ?, ?, ?, ?, ?, ?, ?)", 8);
        for (int i = 0; i < n && rc == DL_OK; i++)
            for (int j = 0; j < cases[i].n_events && rc == DL_OK; j++) {
                const case_seed_event *ev = &cases[i].events[j];
                put_int(b, ids[i]);
                put_text(b, ev->at);
                put_id(b, ev->actor_user_id);
                put_text(b, ev->actor_name && *ev->actor_name ? ev->actor_name : "system");
                put_text(b, case_event_key(ev->event));
                put_text(b, case_state_key(ev->from));
                put_text(b, case_state_key(ev->to));
                put_text(b, ev->note);
                rc = row_done(b, e);
            }
        if (rc == DL_OK) rc = bulk_flush(b, e);
    }
    /* The steps the history ended, with their lengths (store/case_step_length.h), and their monthly counts. */
    int64_t last_step = 0;
    if (rc == DL_OK) rc = case_step_length_last_id(d, &last_step, e);
    if (rc == DL_OK) {
        bulk_init(b, d, "INSERT INTO case_step_length(case_id, org_id, case_created_at, state, entered_at, left_at,"
                        " working_days, calendar_days) VALUES ",
                  "(?, ?, ?, ?, ?, ?, ?, ?)", 8);
        for (int i = 0; i < n && rc == DL_OK; i++) {
            const case_seed_case *c = &cases[i];
            case_step_event *ev = c->n_events ? arena_alloc(a, sizeof *ev * (size_t)c->n_events) : NULL;
            case_step_span *sp = c->n_events ? arena_alloc(a, sizeof *sp * (size_t)c->n_events) : NULL;
            if (c->n_events && (!ev || !sp)) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
            for (int j = 0; j < c->n_events; j++)
                ev[j] = (case_step_event){clock_parse_iso_utc(c->events[j].at), c->events[j].from, c->events[j].to};
            int k = case_step_length_fold(ev, c->n_events, sp, c->n_events);
            for (int j = 0; j < k && rc == DL_OK; j++) {
                int64_t from = ev[sp[j].entered].at, to = ev[sp[j].left].at;
                put_int(b, ids[i]);
                put_int(b, c->org_id);
                put_text(b, c->created_at);
                put_text(b, case_state_key(sp[j].state));
                put_text(b, c->events[sp[j].entered].at);
                put_text(b, c->events[sp[j].left].at);
                put_int(b, case_step_days(from, to, DUE_WORKING_DAYS));
                put_int(b, case_step_days(from, to, DUE_CALENDAR_DAYS));
                rc = row_done(b, e);
            }
        }
        if (rc == DL_OK) rc = bulk_flush(b, e);
        if (rc == DL_OK) rc = case_step_length_roll_up_after(d, last_step, e);
    }
    /* Process 2: the units asked. */
    if (rc == DL_OK) {
        bulk_init(b, d, "INSERT INTO case_unit(case_id, node_id, answer, reason, answered_by, answered_at) VALUES ",
                  "(?, ?, ?, ?, ?, ?)", 6);
        for (int i = 0; i < n && rc == DL_OK; i++)
            for (int j = 0; j < cases[i].n_units && rc == DL_OK; j++) {
                const case_seed_unit *u = &cases[i].units[j];
                put_int(b, ids[i]);
                put_int(b, u->node_id);
                put_text(b, u->answer && *u->answer ? u->answer : "pending");
                put_text(b, u->reason);
                put_id(b, u->answered_by);
                put_text(b, u->answered_at);
                rc = row_done(b, e);
            }
        if (rc == DL_OK) rc = bulk_flush(b, e);
        if (rc == DL_OK && n) rc = case_unit_month_roll_up_after(d, ids[0] - 1, e); /* the batch's ids rise */
    }
    free(b);
    return rc;
}

dl_err case_seed_batch(db *d, const case_seed_case *cases, int n, dl_error *e)
{
    if (n <= 0) return DL_OK;
    arena *a = arena_new(64 * 1024);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    dl_err rc = db_begin(d, e);
    if (rc == DL_OK) {
        rc = write_batch(d, a, cases, n, e);
        if (rc == DL_OK) rc = db_commit(d, e);
        else db_rollback(d);
    }
    arena_free(a);
    return rc;
}

dl_err case_seed_audit(db *d, const audit_actor *who, int64_t org_id, int64_t count, dl_error *e)
{
    char id_text[24], detail[64];
    snprintf(id_text, sizeof id_text, "%" PRId64, org_id);
    snprintf(detail, sizeof detail, "%" PRId64 " cases", count);
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    /* One row for the whole seeding: seeded cases have no per-step audit. */
    rc = audit_append(d, who, "case.seed", "org_node", id_text, NULL, NULL, detail, e);
    if (rc == DL_OK) return db_commit(d, e);
    db_rollback(d);
    return rc;
}
