/* extraction.c — sources, terms, the kodnyckel, the spec of a case and the
 * runs with their leases (extraction.h). */
#include "store/extraction.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/utf8.h"
#include "extract/throttle.h"
#include "store/cases.h"

const char *const run_state_keys[RUN_STATE__MAX + 1] = {"queued", "running", "done", "failed", "cancelled", NULL};
static const char *const run_state_labels[RUN_STATE__MAX] = {"I kö", "Pågår", "Klar", "Misslyckades", "Avbruten"};
const char *run_state_label_sv(run_state s) { return (unsigned)s < RUN_STATE__MAX ? run_state_labels[s] : ""; }

static run_state run_state_of(const char *key)
{
    for (int i = 0; i < RUN_STATE__MAX; i++)
        if (strcmp(key, run_state_keys[i]) == 0) return (run_state)i;
    return RUN_FAILED;
}

static dl_err code_of(const dl_error *e) { return e->code != DL_OK ? e->code : DL_EDB; }

/* ---- sources ---------------------------------------------------------------- */

static int window_shape_ok(const char *w)
{
    /* The full parse is the throttle's; here only the shape "HH:MM-HH:MM". */
    if (!*w) return 1;
    if (strlen(w) != 11 || w[2] != ':' || w[5] != '-' || w[8] != ':') return 0;
    for (int i = 0; i < 11; i++)
        if (i != 2 && i != 5 && i != 8 && (w[i] < '0' || w[i] > '9')) return 0;
    int h1 = (w[0] - '0') * 10 + (w[1] - '0'), m1 = (w[3] - '0') * 10 + (w[4] - '0');
    int h2 = (w[6] - '0') * 10 + (w[7] - '0'), m2 = (w[9] - '0') * 10 + (w[10] - '0');
    return h1 < 24 && h2 < 24 && m1 < 60 && m2 < 60;
}

dl_err extract_source_set(db *d, const audit_actor *who, int64_t org_id, const char *name, const char *url,
                          int64_t rows_per_second, int max_concurrent, const char *window, int64_t *id_out,
                          dl_error *e)
{
    if (!name || !*name || strlen(name) > 60 || !utf8_valid(name, strlen(name)))
        return dl_fail(e, DL_EINVAL, "Ge källan ett namn (högst 60 tecken).");
    if (!url || !*url || strlen(url) > 2000) return dl_fail(e, DL_EINVAL, "Ange källans adress (sqlite:, postgresql:// eller odbc:).");
    if (rows_per_second < 0 || rows_per_second > EXTRACT_SOURCE_RATE_MAX)
        return dl_fail(e, DL_EINVAL, "Rader per sekund ska vara 0 (ingen gräns) eller högst %d.", EXTRACT_SOURCE_RATE_MAX);
    if (max_concurrent < 1 || max_concurrent > EXTRACT_SOURCE_CONCURRENCY_MAX)
        return dl_fail(e, DL_EINVAL, "Samtidiga uttag ska vara mellan 1 och %d.", EXTRACT_SOURCE_CONCURRENCY_MAX);
    if (!window) window = "";
    struct time_window parsed;
    if (!window_shape_ok(window) || time_window_parse(window, &parsed, e) != DL_OK)
        return dl_fail(e, DL_EINVAL, "Tidsfönstret ska skrivas TT:MM-TT:MM, till exempel 22:00-06:00, och börja och "
                                     "sluta på olika tider, eller lämnas tomt.");
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int64_t id = 0;
    rc = db_query_int(d, "SELECT id FROM extract_source WHERE org_id = ? AND name = ?", &id, e, "it", org_id, name);
    if (rc == DL_ENOTFOUND) {
        rc = db_run(d, "INSERT INTO extract_source(org_id, name, url, rows_per_second, max_concurrent, time_window)"
                       " VALUES (?, ?, ?, ?, ?, ?)",
                    e, "ittiit", org_id, name, url, rows_per_second, (int64_t)max_concurrent, window);
        if (rc == DL_OK)
            rc = db_query_int(d, "SELECT id FROM extract_source WHERE org_id = ? AND name = ?", &id, e, "it", org_id,
                              name);
    } else if (rc == DL_OK) {
        rc = db_run(d, "UPDATE extract_source SET url = ?, rows_per_second = ?, max_concurrent = ?, time_window = ?"
                       " WHERE id = ?",
                    e, "tiiti", url, rows_per_second, (int64_t)max_concurrent, window, id);
    }
    char detail[160];
    /* The URL may hold a password: the audit names the source and its pace only. */
    snprintf(detail, sizeof detail, "%.60s rate=%" PRId64 " concurrency=%d window=%.11s", name, rows_per_second,
             max_concurrent, window);
    char id_text[24];
    snprintf(id_text, sizeof id_text, "%" PRId64, id);
    if (rc == DL_OK) rc = audit_append(d, who, "extract.source_set", "extract_source", id_text, NULL, NULL, detail, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    if (rc != DL_OK) db_rollback(d);
    else if (id_out) *id_out = id;
    return rc;
}

#define SOURCE_COLS "s.id, s.org_id, s.name, s.url, s.time_window, o.code, s.rows_per_second, s.max_concurrent"
static void source_from(db_stmt *s, arena *a, extract_source_rec *r)
{
    r->id = db_col_int(s, 0);
    r->org_id = db_col_int(s, 1);
    r->name = arena_strdup(a, db_col_text(s, 2));
    r->url = arena_strdup(a, db_col_text(s, 3));
    r->time_window = arena_strdup(a, db_col_text(s, 4));
    r->org_code = arena_strdup(a, db_col_text(s, 5));
    r->rows_per_second = db_col_int(s, 6);
    r->max_concurrent = (int)db_col_int(s, 7);
}

dl_err extract_source_for_org(db *d, arena *a, int64_t org_id, extract_source_rec *out, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT " SOURCE_COLS " FROM extract_source s JOIN org_node o ON o.id = s.org_id"
                               " WHERE s.org_id = ? ORDER BY CASE WHEN s.name = 'default' THEN 0 ELSE 1 END, s.id"
                               " LIMIT 2", e);
    if (!s) return code_of(e);
    db_bind_int(s, 1, org_id);
    int n = 0, st;
    extract_source_rec second;
    while ((st = db_step(s, e)) == DB_ROW) source_from(s, a, n++ ? &second : out);
    db_stmt_done(s);
    if (st == DB_ERROR) return code_of(e);
    if (!n)
        return dl_fail(e, DL_ENOTFOUND, "Organisationen har ingen källdatabas för uttag. Lägg till en med "
                                        "datalots extract source add.");
    if (n > 1 && strcmp(out->name, "default") != 0)
        return dl_fail(e, DL_EINVAL, "Organisationen har flera källdatabaser och ingen heter ”default”; ge den som "
                                     "uttag läser namnet default.");
    return DL_OK;
}

dl_err extract_source_get(db *d, arena *a, int64_t id, extract_source_rec *out, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT " SOURCE_COLS " FROM extract_source s JOIN org_node o ON o.id = s.org_id"
                               " WHERE s.id = ?", e);
    if (!s) return code_of(e);
    db_bind_int(s, 1, id);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW) source_from(s, a, out);
    else rc = st == DB_DONE ? dl_fail(e, DL_ENOTFOUND, "Källdatabasen finns inte längre.") : code_of(e);
    db_stmt_done(s);
    return rc;
}

dl_err extract_source_list(db *d, arena *a, extract_source_rec *out, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT " SOURCE_COLS " FROM extract_source s JOIN org_node o ON o.id = s.org_id"
                               " ORDER BY o.code, s.name", e);
    if (!s) return code_of(e);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) source_from(s, a, &out[(*n)++]);
    db_stmt_done(s);
    return st == DB_ERROR ? code_of(e) : DL_OK;
}

/* ---- terms and key ---------------------------------------------------------- */

dl_err case_terms_get(db *d, int64_t case_id, release_terms *t, char decided_at[32], dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT variables, date_precision, small_cell_min, age_min, age_max, pseudonymise,"
                               " destroy_by, decided_at FROM case_release_terms WHERE case_id = ?", e);
    if (!s) return code_of(e);
    db_bind_int(s, 1, case_id);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW) {
        release_terms_default(t, "");
        rc = release_terms_parse_variables(t, db_col_text(s, 0), 1, e);
        if (date_precision_parse(db_col_text(s, 1), &t->dates) != 0) t->dates = DATE_DAY;
        t->small_cell_min = (int)db_col_int(s, 2);
        t->age_min = (int)db_col_int(s, 3);
        t->age_max = (int)db_col_int(s, 4);
        t->pseudonymise = db_col_int(s, 5) != 0;
        snprintf(t->destroy_by, sizeof t->destroy_by, "%s", db_col_text(s, 6));
        if (decided_at) snprintf(decided_at, 32, "%s", db_col_text(s, 7));
    } else if (st == DB_DONE) {
        rc = dl_fail(e, DL_ENOTFOUND, "Ärendet har inget beslut om utlämnande.");
    } else rc = code_of(e);
    db_stmt_done(s);
    return rc;
}

dl_err case_key_get(db *d, int64_t case_id, uint8_t key[32], dl_error *e)
{
    char hex[65], now_iso[32];
    uint8_t fresh[32];
    randombytes_buf(fresh, sizeof fresh);
    sodium_bin2hex(hex, sizeof hex, fresh, sizeof fresh);
    sodium_memzero(fresh, sizeof fresh);
    clock_iso_utc(clock_now(), now_iso);
    /* Two runs creating it at once: the first insert wins, both read it. */
    dl_err rc = db_run(d, "INSERT INTO case_key(case_id, key_hex, created_at) VALUES (?, ?, ?)"
                          " ON CONFLICT (case_id) DO NOTHING", e, "itt", case_id, hex, now_iso);
    sodium_memzero(hex, sizeof hex);
    if (rc != DL_OK) return rc;
    db_stmt *s = db_prepare(d, "SELECT key_hex FROM case_key WHERE case_id = ?", e);
    if (!s) return code_of(e);
    db_bind_int(s, 1, case_id);
    int st = db_step(s, e);
    rc = DL_OK;
    if (st != DB_ROW) rc = st == DB_DONE ? dl_fail(e, DL_EINTERNAL, "the case's key vanished") : code_of(e);
    else {
        const char *text = db_col_text(s, 0);
        size_t len = 0;
        if (sodium_hex2bin(key, 32, text, strlen(text), NULL, &len, NULL) != 0 || len != 32)
            rc = dl_fail(e, DL_EINTERNAL, "the case's key is damaged in the store");
    }
    db_stmt_done(s);
    return rc;
}

/* ---- the spec --------------------------------------------------------------- */

dl_err extract_spec_for_case(db *d, arena *a, int64_t case_id, extract_spec *out, dl_error *e)
{
    case_rec c;
    dl_err rc = case_get(d, a, case_id, &c, e);
    if (rc != DL_OK) return rc;
    release_terms terms;
    char decided_at[32] = "";
    rc = case_terms_get(d, case_id, &terms, decided_at, e);
    if (rc != DL_OK && rc != DL_ENOTFOUND) return rc;
    const release_terms *tp = rc == DL_OK ? &terms : NULL;
    /* The care units at or below the case's target, and their Process 2 answers. */
    const char *codes[SPEC_UNITS_MAX], *names[SPEC_UNITS_MAX];
    int refused[SPEC_UNITS_MAX], n = 0;
    db_stmt *s = db_prepare(d, "SELECT u.code, u.name, COALESCE(cu.answer, '') FROM org_node u"
                               " LEFT JOIN case_unit cu ON cu.node_id = u.id AND cu.case_id = ?"
                               " WHERE u.kind = 'vardenhet' AND substr(u.path, 1, length(?)) = ? ORDER BY u.code", e);
    if (!s) return code_of(e);
    db_bind_int(s, 1, case_id);
    db_bind_text(s, 2, c.target_path);
    db_bind_text(s, 3, c.target_path);
    int st;
    while ((st = db_step(s, e)) == DB_ROW) {
        if (n >= SPEC_UNITS_MAX) { n++; continue; } /* counted: refused below */
        codes[n] = arena_strdup(a, db_col_text(s, 0));
        names[n] = arena_strdup(a, db_col_text(s, 1));
        refused[n] = strcmp(db_col_text(s, 2), "refuse") == 0;
        n++;
    }
    db_stmt_done(s);
    if (st == DB_ERROR) return code_of(e);
    if (n > SPEC_UNITS_MAX)
        return dl_fail(e, DL_ELIMIT, "Ärendet omfattar %d vårdenheter; ett uttag klarar högst %d. Dela upp ansökan.", n,
                       SPEC_UNITS_MAX);
    spec_input in = {
        .case_id = c.id, .diary_number = c.diary_number, .title = c.req.v[REQ_TITLE], .organisation = c.org_name,
        .decided_at = arena_strdup(a, decided_at), .conditions = c.decision_conditions, .icd10 = c.req.v[REQ_ICD10],
        .period_from = c.req.v[REQ_PERIOD_FROM], .period_to = c.req.v[REQ_PERIOD_TO], .terms = tp, .n_units = n,
        .unit_codes = codes, .unit_names = names, .unit_refused = refused,
    };
    return extract_spec_build(&in, a, out, e);
}

/* ---- runs ------------------------------------------------------------------- */

#define RUN_COLS                                                                                          \
    "id, case_id, source_id, COALESCE(requested_by, 0), state, created_at, started_at, updated_at,"       \
    " finished_at, message, out_path, out_sha256, lease_until, out_bytes, cancel_requested, table_index," \
    " last_key, file_offset, rows_read, rows_written, rows_estimate, rate, progress, seconds_left, claim_token,"  \
    " work_dir"

static void run_from(db_stmt *s, arena *a, extraction_run_rec *r)
{
    r->id = db_col_int(s, 0);
    r->case_id = db_col_int(s, 1);
    r->source_id = db_col_int(s, 2);
    r->requested_by = db_col_int(s, 3);
    r->state = run_state_of(db_col_text(s, 4));
    r->created_at = arena_strdup(a, db_col_text(s, 5));
    r->started_at = arena_strdup(a, db_col_text(s, 6));
    r->updated_at = arena_strdup(a, db_col_text(s, 7));
    r->finished_at = arena_strdup(a, db_col_text(s, 8));
    r->message = arena_strdup(a, db_col_text(s, 9));
    r->out_path = arena_strdup(a, db_col_text(s, 10));
    r->out_sha256 = arena_strdup(a, db_col_text(s, 11));
    r->lease_until = db_col_int(s, 12);
    r->out_bytes = db_col_int(s, 13);
    r->cancel_requested = (int)db_col_int(s, 14);
    r->table_index = (int)db_col_int(s, 15);
    r->last_key = db_col_int(s, 16);
    r->file_offset = db_col_int(s, 17);
    r->rows_read = db_col_int(s, 18);
    r->rows_written = db_col_int(s, 19);
    r->rows_estimate = db_col_int(s, 20);
    r->rate = (double)db_col_int(s, 21);
    r->progress = (int)db_col_int(s, 22);
    r->seconds_left = db_col_int(s, 23);
    r->claim_token = arena_strdup(a, db_col_text(s, 24));
    r->work_dir = arena_strdup(a, db_col_text(s, 25));
}

static dl_err run_query(db *d, arena *a, const char *sql, int64_t id, extraction_run_rec *out, dl_error *e)
{
    db_stmt *s = db_prepare(d, sql, e);
    if (!s) return code_of(e);
    db_bind_int(s, 1, id);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW) run_from(s, a, out);
    else rc = st == DB_DONE ? dl_fail(e, DL_ENOTFOUND, "Inget uttag hittades.") : code_of(e);
    db_stmt_done(s);
    return rc;
}

dl_err extraction_run_get(db *d, arena *a, int64_t run_id, extraction_run_rec *out, dl_error *e)
{
    return run_query(d, a, "SELECT " RUN_COLS " FROM extraction_run WHERE id = ?", run_id, out, e);
}

dl_err extraction_run_latest(db *d, arena *a, int64_t case_id, extraction_run_rec *out, dl_error *e)
{
    return run_query(d, a, "SELECT " RUN_COLS " FROM extraction_run WHERE case_id = ? ORDER BY id DESC LIMIT 1",
                     case_id, out, e);
}

static dl_err audit_run(db *d, const audit_actor *who, const char *action, int64_t run_id, const char *detail,
                        dl_error *e)
{
    char id_text[24];
    snprintf(id_text, sizeof id_text, "%" PRId64, run_id);
    return audit_append(d, who, action, "extraction_run", id_text, NULL, NULL, detail, e);
}

dl_err extraction_run_start(db *d, int64_t case_id, const audit_actor *who, int reserve, int64_t *run_id, dl_error *e)
{
    arena *a = arena_new(4096);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) { arena_free(a); return rc; }
    case_rec c;
    extract_source_rec src = {0};
    int64_t active = 0, id = 0;
    char now_iso[32], detail[64];
    clock_iso_utc(clock_now(), now_iso);
    rc = case_get(d, a, case_id, &c, e);
    if (rc == DL_OK && c.state != CASE_EXTRACTING)
        rc = dl_fail(e, DL_ECONFLICT, "Ärendet väntar inte på uttag (det är %s).", case_state_label_sv(c.state));
    if (rc == DL_OK) rc = extract_source_for_org(d, a, c.org_id, &src, e);
    if (rc == DL_OK)
        rc = db_query_int(d, "SELECT COUNT(*) FROM extraction_run WHERE case_id = ? AND state IN ('queued', 'running')",
                          &active, e, "i", case_id);
    if (rc == DL_OK && active)
        rc = dl_fail(e, DL_ECONFLICT, "Ett uttag för ärendet pågår redan eller står i kö.");
    if (rc == DL_OK)
        rc = db_run(d, "INSERT INTO extraction_run(case_id, source_id, requested_by, created_at, updated_at, lease_until)"
                       " VALUES (?, ?, NULLIF(?, 0), ?, ?, ?)",
                    e, "iiitti", case_id, src.id, who ? who->user_id : 0, now_iso, now_iso,
                    reserve ? clock_now() + EXTRACT_LEASE_SECONDS : (int64_t)0);
    if (rc == DL_OK)
        rc = db_query_int(d, "SELECT MAX(id) FROM extraction_run WHERE case_id = ?", &id, e, "i", case_id);
    snprintf(detail, sizeof detail, "case %" PRId64 " source %" PRId64, case_id, src.id);
    if (rc == DL_OK) rc = audit_run(d, who, "extract.start", id, detail, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    if (rc != DL_OK) db_rollback(d);
    else if (run_id) *run_id = id;
    arena_free(a);
    return rc;
}

dl_err extraction_run_claim(db *d, int64_t run_id, int64_t now, extraction_run_rec *out, arena *a, dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int64_t id = run_id;
    if (!id)
        /* The oldest claimable run whose source has a free slot: one busy
         * source does not hold up the others. */
        rc = db_query_int(d, "SELECT r.id FROM extraction_run r JOIN extract_source s ON s.id = r.source_id"
                             " WHERE r.state IN ('queued', 'running') AND r.lease_until < ? AND"
                             " (SELECT COUNT(*) FROM extraction_run o WHERE o.source_id = r.source_id AND"
                             " o.state = 'running' AND o.lease_until >= ? AND o.id <> r.id) < s.max_concurrent"
                             " ORDER BY r.id LIMIT 1", &id, e, "ii", now, now);
    else {
        int64_t ok = 0;
        rc = db_query_int(d, "SELECT COUNT(*) FROM extraction_run WHERE id = ? AND (state = 'queued' OR"
                             " (state = 'running' AND lease_until < ?))", &ok, e, "ii", id, now);
        if (rc == DL_OK && !ok) {
            extraction_run_rec r;
            rc = extraction_run_get(d, a, id, &r, e);
            if (rc == DL_OK)
                rc = r.state == RUN_RUNNING
                         ? dl_fail(e, DL_ECONFLICT, "Uttaget körs redan av en annan process (servern eller en annan "
                                                    "terminal). Har den processen stannat tas uttaget upp igen "
                                                    "där det var inom en minut.")
                         : dl_fail(e, DL_ECONFLICT, "Uttaget är redan %s.", run_state_label_sv(r.state));
        }
    }
    int64_t busy = 0, cap = 1, source_id = 0, waiting = 0;
    if (rc == DL_OK)
        rc = db_query_int(d, "SELECT source_id FROM extraction_run WHERE id = ?", &source_id, e, "i", id);
    /* Claims of runs of one source queue here: a write to the source's row
     * holds its lock (PostgreSQL) until this transaction ends, so two
     * claimers cannot both count a free slot. SQLite's write lock does the
     * same for the whole store. */
    if (rc == DL_OK)
        rc = db_run(d, "UPDATE extract_source SET max_concurrent = max_concurrent WHERE id = ?", e, "i", source_id);
    if (rc == DL_OK)
        rc = db_query_int(d, "SELECT max_concurrent FROM extract_source WHERE id = ?", &cap, e, "i", source_id);
    if (rc == DL_OK)
        rc = db_query_int(d, "SELECT COUNT(*) FROM extraction_run WHERE state = 'running' AND lease_until >= ? AND"
                             " id <> ? AND source_id = ?", &busy, e, "iii", now, id, source_id);
    if (rc == DL_OK && busy >= cap)
        rc = dl_fail(e, DL_EBUSY, "Källan har redan %lld uttag igång (högst %lld samtidigt); uttaget "
                                    "väntar på sin tur.", (long long)busy, (long long)cap);
    /* A case no longer waiting for its data (withdrawn, or delivered by
     * other means) is not read from the source: its run ends here. */
    if (rc == DL_OK)
        rc = db_query_int(d, "SELECT COUNT(*) FROM extraction_run r JOIN cases c ON c.id = r.case_id"
                             " WHERE r.id = ? AND c.state = 'extracting'", &waiting, e, "i", id);
    char now_iso[32];
    clock_iso_utc(now, now_iso);
    if (rc == DL_OK && !waiting) {
        rc = db_run(d, "UPDATE extraction_run SET state = 'cancelled', message = ?, finished_at = ?, updated_at = ?,"
                       " lease_until = 0 WHERE id = ?", e, "ttti",
                    "Ärendet väntar inte längre på uttag; inget lästes.", now_iso, now_iso, id);
        if (rc == DL_OK && (rc = db_commit(d, e)) == DL_OK)
            return dl_fail(e, DL_ECONFLICT, "Ärendet väntar inte längre på uttag; uttaget avslutades utan att läsa något.");
        db_rollback(d);
        return rc;
    }
    /* The claim itself checks the run is still claimable: of two claimers
     * that both saw it free, the second finds it taken here. The token
     * says which process holds it: checkpoints and the finish of any other
     * are refused. */
    uint8_t raw[16];
    char token[33];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(token, sizeof token, raw, sizeof raw);
    int64_t claimed = 0;
    if (rc == DL_OK) {
        rc = db_query_int(d, "UPDATE extraction_run SET state = 'running', lease_until = ?, updated_at = ?,"
                             " claim_token = ?, started_at = CASE WHEN started_at = '' THEN ? ELSE started_at END"
                             " WHERE id = ? AND (state = 'queued' OR (state = 'running' AND lease_until < ?))"
                             " RETURNING id",
                          &claimed, e, "itttii", now + EXTRACT_LEASE_SECONDS, now_iso, token, now_iso, id, now);
        if (rc == DL_ENOTFOUND) rc = dl_fail(e, DL_ECONFLICT, "Uttaget togs nyss av en annan process.");
    }
    if (rc == DL_OK) rc = extraction_run_get(d, a, id, out, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    if (rc != DL_OK) db_rollback(d);
    return rc;
}

dl_err extraction_run_checkpoint(db *d, int64_t run_id, const char *token, int64_t now, const run_checkpoint *cp,
                                 int *cancel, dl_error *e)
{
    char now_iso[32];
    clock_iso_utc(now, now_iso);
    const char *t = token ? token : "";
    int64_t c = 0;
    if (cancel) *cancel = 0;
    dl_err rc = db_query_int(d, "UPDATE extraction_run SET table_index = ?, last_key = ?, file_offset = ?, rows_read = ?,"
                                " rows_written = ?, rows_estimate = ?, rate = ?, progress = ?, seconds_left = ?,"
                                " message = ?, lease_until = ?, updated_at = ?, work_dir = ?"
                                " WHERE id = ? AND state = 'running' AND (? = '' OR claim_token = ?)"
                                " RETURNING cancel_requested",
                             &c, e, "iiiiiiiiitittitt", (int64_t)cp->table_index, cp->last_key, cp->file_offset,
                             cp->rows_read, cp->rows_written, cp->rows_estimate, (int64_t)(cp->rate + 0.5),
                             (int64_t)cp->progress, cp->seconds_left, cp->message ? cp->message : "",
                             now + (cp->lease_seconds > 0 ? cp->lease_seconds : EXTRACT_LEASE_SECONDS), now_iso,
                             cp->work_dir ? cp->work_dir : "", run_id, t, t);
    if (rc == DL_ENOTFOUND) {
        if (*t)
            return dl_fail(e, DL_ECONFLICT, "En annan process har tagit över uttaget (den här stannade för länge); "
                                            "den här slutar utan att skriva mer.");
        rc = db_query_int(d, "SELECT cancel_requested FROM extraction_run WHERE id = ?", &c, e, "i", run_id);
    }
    if (cancel) *cancel = rc == DL_OK && c;
    return rc;
}

dl_err extraction_run_finish(db *d, int64_t run_id, const char *token, run_state to, const char *message,
                             const char *out_path, const char *sha256, int64_t bytes, dl_error *e)
{
    char now_iso[32], detail[200];
    clock_iso_utc(clock_now(), now_iso);
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = db_run(d, "UPDATE extraction_run SET state = ?, message = ?, out_path = ?, out_sha256 = ?, out_bytes = ?,"
                   " finished_at = ?, updated_at = ?, lease_until = 0, seconds_left = -1,"
                   " progress = CASE WHEN ? = 'done' THEN 1000 ELSE progress END WHERE id = ? AND (? = '' OR claim_token = ?)",
                e, "ttttitttitt", run_state_keys[to], message ? message : "", out_path ? out_path : "",
                sha256 ? sha256 : "", bytes, now_iso, now_iso, run_state_keys[to], run_id, token ? token : "",
                token ? token : "");
    snprintf(detail, sizeof detail, "%s %.120s", run_state_keys[to], to == RUN_DONE && sha256 ? sha256 : "");
    static const audit_actor system_actor = {0, "system"};
    if (rc == DL_OK) rc = audit_run(d, &system_actor, "extract.finish", run_id, detail, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    if (rc != DL_OK) db_rollback(d);
    return rc;
}

dl_err extraction_run_release(db *d, int64_t run_id, const char *token, int64_t retry_after, dl_error *e)
{
    const char *t = token ? token : "";
    return db_run(d, "UPDATE extraction_run SET lease_until = ? WHERE id = ? AND state = 'running' AND"
                     " (? = '' OR claim_token = ?)", e, "iitt", retry_after > 0 ? clock_now() + retry_after : 0,
                  run_id, t, t);
}

dl_err extraction_run_cancel(db *d, int64_t run_id, const audit_actor *who, dl_error *e)
{
    char now_iso[32];
    int64_t now = clock_now(), changed = 0;
    clock_iso_utc(now, now_iso);
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    /* Queued, or running with nobody holding it (a killed process): it
     * ends now. Running and held: its process stops at its next batch. */
    rc = db_query_int(d, "UPDATE extraction_run SET cancel_requested = 1, updated_at = ?,"
                         " state = CASE WHEN state = 'queued' OR lease_until < ? THEN 'cancelled' ELSE state END,"
                         " finished_at = CASE WHEN state = 'queued' OR lease_until < ? THEN ? ELSE finished_at END"
                         " WHERE id = ? AND state IN ('queued', 'running') RETURNING id",
                      &changed, e, "tiiti", now_iso, now, now, now_iso, run_id);
    if (rc == DL_ENOTFOUND) rc = dl_fail(e, DL_ECONFLICT, "Uttaget är redan avslutat.");
    if (rc == DL_OK) rc = audit_run(d, who, "extract.cancel", run_id, "", e);
    if (rc == DL_OK) rc = db_commit(d, e);
    if (rc != DL_OK) db_rollback(d);
    return rc;
}
