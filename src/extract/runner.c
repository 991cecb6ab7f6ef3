/* runner.c — one extraction from the source to the delivery (runner.h). */
#include "extract/runner.h"
#include "extract/runner_files.h"

#include <errno.h>
#include <dirent.h>
#include <stdatomic.h>
#include <limits.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/personnummer.h"
#include "crypto/age.h"
#include "crypto/pseudonym.h"
#include "crypto/sha256.h"
#include "extract/coarsen.h"
#include "extract/csv_read.h"
#include "extract/csv_write.h"
#include "extract/package.h"
#include "extract/source.h"
#include "extract/throttle.h"
#include "store/cases.h"

#define SLOT 20 /* bytes of a pseudonym (or a personnummer) in the map */

/* The population: patient ids, sorted, unique; after phase 2 only those
 * included, with their pseudonyms in the same order. */
typedef struct population {
    int64_t *ids;
    size_t n, cap, sorted_n;
    char (*names)[SLOT];
} population;

typedef struct run_ctx {
    db *store;
    const extraction_run_rec *run;
    const extract_options *o;
    extract_spec spec;
    source *src;
    row_throttle pace;
    time_window window;
    uint8_t key[PSEUDONYM_KEY_SIZE];
    pseudonym_ctx names;
    int names_ready;
    population pop;
    char root[PATH_MAX], dir[PATH_MAX + 40];
    int batch;
    int64_t rows_read, rows_written;
    /* Progress: the population's scan (source keys), then the delivered
     * tables (population ids, one pass per table), half the bar each. */
    int64_t scan_done, scan_total, ids_done, ids_total;
    int64_t started_ns, rate_mark_ns, rate_mark_rows;
    double rate;
    int cancel, stopped, resumed, lost, source_down;
    /* The resume point as last recorded: written tables only move it. */
    int cp_table;
    int64_t cp_key, cp_offset, last_checkpoint_ns;
    const char *phase_sv;
    int64_t table_rows[SRC_TABLE__MAX];
} run_ctx;

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* Sorts and drops duplicates; keeps memory at about twice the unique ids. */
static void pop_compact(population *p)
{
    if (!p->n) return; /* ids is NULL when no row matched: qsort(NULL, 0) is undefined */
    qsort(p->ids, p->n, sizeof *p->ids, cmp_id);
    size_t k = 0;
    for (size_t i = 0; i < p->n; i++)
        if (!k || p->ids[k - 1] != p->ids[i]) p->ids[k++] = p->ids[i];
    p->n = p->sorted_n = k;
}

static dl_err pop_add(population *p, int64_t id, dl_error *e)
{
    if (p->n == p->cap) {
        if (p->sorted_n * 2 < p->n && p->n > 1024) {
            pop_compact(p);
            if (p->n < p->cap * 3 / 4) goto add;
        }
        size_t cap = p->cap ? p->cap * 2 : 65536;
        int64_t *ids = realloc(p->ids, cap * sizeof *ids);
        if (!ids) return dl_fail(e, DL_ENOMEM, "Minnet räcker inte för urvalet.");
        p->ids = ids;
        p->cap = cap;
    }
add:
    p->ids[p->n++] = id;
    return DL_OK;
}

static long pop_find(const population *p, int64_t id)
{
    size_t lo = 0, hi = p->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->ids[mid] < id) lo = mid + 1;
        else hi = mid;
    }
    return lo < p->n && p->ids[lo] == id ? (long)lo : -1;
}

static int64_t parse_i64(const char *s, size_t n)
{
    int64_t v = 0;
    for (size_t i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++) v = v * 10 + (s[i] - '0');
    return v;
}

/* The largest key of table t, found by bisection with reads of one key
 * (each an index seek): the source interface has no MAX(). 0 when empty
 * or unreadable (then progress is shown without a fraction). */
static int64_t max_key(source *s, source_table_id t)
{
    arena *a = arena_new(1024);
    if (!a) return 0;
    int cols[1] = {0};
    source_rows r;
    dl_error e;
    int64_t lo = 0, hi = 1;
    for (;;) { /* grow hi until no key lies beyond it */
        arena_reset(a);
        if (source_read(s, a, t, cols, 1, hi, 1, NULL, NULL, &r, &e) != DL_OK) { arena_free(a); return 0; }
        if (!r.n_rows) break;
        lo = r.last_key;
        if (hi > INT64_MAX / 4) break;
        hi = lo * 2 + 1;
    }
    while (lo < hi) { /* lo: a key (or 0); no key beyond hi */
        int64_t mid = lo + (hi - lo) / 2;
        arena_reset(a);
        if (source_read(s, a, t, cols, 1, mid, 1, NULL, NULL, &r, &e) != DL_OK) break;
        if (r.n_rows) lo = r.last_key;
        else hi = mid;
    }
    arena_free(a);
    return lo;
}

/* ---- pacing and checkpoints ------------------------------------------------- */

static double progress_fraction(const run_ctx *c)
{
    double scan = c->scan_total > 0 ? (double)c->scan_done / (double)c->scan_total : 0;
    double ids = c->ids_total > 0 ? (double)c->ids_done / (double)c->ids_total : 0;
    double f = 0.5 * (scan > 1 ? 1 : scan) + 0.5 * (ids > 1 ? 1 : ids);
    return f > 1 ? 1 : f;
}

static void report(run_ctx *c, const char *waiting)
{
    if (!c->o->progress) return;
    extract_progress p = {.phase_sv = c->phase_sv, .rows_read = c->rows_read, .rows_written = c->rows_written,
                          .rate = c->rate, .seconds_left = -1, .waiting_sv = waiting};
    p.fraction = progress_fraction(c);
    double elapsed = (double)(now_ns() - c->started_ns) / 1e9;
    if (p.fraction > 0.01 && elapsed > 1) p.seconds_left = (int64_t)(elapsed / p.fraction * (1 - p.fraction));
    c->o->progress(c->o->progress_ctx, &p);
}

/* Records progress and the resume point (c->cp_*), renewing the lease: at
 * most once a second unless forced (a table's end, a wait, the package).
 * The files are on disk up to the recorded lengths before it is written. */
static dl_err checkpoint_lease(run_ctx *c, const char *message, int force, int lease_seconds, dl_error *e)
{
    int64_t t = now_ns();
    if (!force && t - c->last_checkpoint_ns < 1000000000) return DL_OK;
    c->last_checkpoint_ns = t;
    /* The rate over the last second or more; a run shorter than that
     * gets its whole run's rate when it is forced to record. */
    if (t - c->rate_mark_ns > 1000000000 || (force && c->rate == 0 && t - c->rate_mark_ns > 1000000)) {
        c->rate = (double)(c->rows_read - c->rate_mark_rows) * 1e9 / (double)(t - c->rate_mark_ns);
        c->rate_mark_ns = t;
        c->rate_mark_rows = c->rows_read;
    }
    double fraction = progress_fraction(c);
    double elapsed = (double)(t - c->started_ns) / 1e9;
    run_checkpoint cp = {.table_index = c->cp_table, .last_key = c->cp_key, .file_offset = c->cp_offset,
                         .rows_read = c->rows_read, .rows_written = c->rows_written,
                         .rows_estimate = c->scan_total + c->ids_total, .rate = c->rate, .message = message,
                         .progress = (int)(fraction * 1000), .work_dir = c->dir, .lease_seconds = lease_seconds,
                         .seconds_left = fraction > 0.01 && elapsed > 1
                                             ? (int64_t)(elapsed / fraction * (1 - fraction)) : -1};
    dl_err rc = extraction_run_checkpoint(c->store, c->run->id, c->run->claim_token, clock_now(), &cp, &c->cancel, e);
    if (rc == DL_ECONFLICT) c->lost = 1;
    report(c, message && *message ? message : NULL);
    return rc;
}

static dl_err checkpoint(run_ctx *c, const char *message, int force, dl_error *e)
{
    return checkpoint_lease(c, message, force, 0, e);
}

static void sleep_ns(int64_t ns)
{
    struct timespec ts = {(time_t)(ns / 1000000000), (long)(ns % 1000000000)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {}
}

static int stop_asked(const run_ctx *c) { return c->o->stop && atomic_load(c->o->stop); }

/* Before a read: wait while the time window is closed (renewing the
 * lease). Returns DL_OK to go on; c->cancel or
 * c->stopped set means stop. */
static dl_err pace_before_read(run_ctx *c, dl_error *e)
{
    for (;;) {
        time_t now = time(NULL);
        struct tm lt;
        localtime_r(&now, &lt);
        int wait = time_window_wait_minutes(&c->window, lt.tm_hour * 60 + lt.tm_min);
        if (!wait) break;
        char msg[120];
        snprintf(msg, sizeof msg, "Väntar på tidsfönstret för läsning ur källan (om %d min).", wait);
        dl_err rc = checkpoint(c, msg, 1, e);
        if (rc != DL_OK) return rc;
        if (c->cancel) return DL_OK;
        for (int i = 0; i < 50 && !stop_asked(c); i++) sleep_ns(100000000);
        if (stop_asked(c)) { c->stopped = 1; return DL_OK; }
    }
    if (stop_asked(c)) c->stopped = 1;
    return DL_OK;
}

/* After a read of n rows: pays for them at the source's pace (the sleep
 * is cut short when a stop is asked). */
static void pace_after_read(run_ctx *c, int n)
{
    int64_t ns = row_throttle_take(&c->pace, n, now_ns());
    while (ns > 0 && !stop_asked(c)) {
        int64_t step = ns > 200000000 ? 200000000 : ns;
        sleep_ns(step);
        ns -= step;
    }
    if (stop_asked(c)) c->stopped = 1;
}

/* ---- output files ----------------------------------------------------------- */

static void table_path(const run_ctx *c, source_table_id t, char *out, size_t n)
{
    snprintf(out, n, "%s/%s.csv", c->dir, source_tables[t].name);
}

/* Opens table t's file cut back to offset (0: new, with the header). */
static dl_err open_table_file(run_ctx *c, source_table_id t, int64_t offset, csv_writer **w, int *fd_out, dl_error *e)
{
    char path[PATH_MAX + 80];
    table_path(c, t, path, sizeof path);
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return dl_fail(e, DL_EIO, "Kan inte skriva uttagets fil %s: %s.", path, strerror(errno));
    if (ftruncate(fd, offset) != 0 || lseek(fd, offset, SEEK_SET) != offset) {
        close(fd);
        return dl_fail(e, DL_EIO, "Kan inte återuppta uttagets fil %s: %s.", path, strerror(errno));
    }
    *w = csv_writer_open(fd);
    if (!*w) { close(fd); return dl_fail(e, DL_ENOMEM, "out of memory"); }
    *fd_out = fd;
    if (offset == 0) {
        int cols[SPEC_COLUMNS_MAX];
        int n = extract_spec_output_columns(&c->spec, t, cols);
        const char *names[SPEC_COLUMNS_MAX];
        for (int i = 0; i < n; i++) names[i] = extract_spec_column_name(&c->spec, t, cols[i]);
        if (csv_write_row(*w, names, n) != DL_OK) return dl_fail(e, DL_EIO, "Kan inte skriva till %s.", path);
    }
    return DL_OK;
}

static dl_err close_table_file(csv_writer *w, int fd, int64_t *offset, dl_error *e)
{
    dl_error ignored;
    int bad = csv_writer_flush(w, &ignored) != DL_OK;
    if (offset) *offset = csv_writer_offset(w);
    csv_writer_free(w);
    if (fsync(fd) != 0) bad = 1;
    if (close(fd) != 0) bad = 1;
    return bad ? dl_fail(e, DL_EIO, "Kan inte skriva uttagets fil: %s.", strerror(errno)) : DL_OK;
}

/* ---- phase 1: the population ------------------------------------------------ */

static int index_of(const int *cols, int n, int col)
{
    for (int i = 0; i < n; i++)
        if (cols[i] == col) return i;
    return -1;
}

static dl_err phase_population(run_ctx *c, arena *a, dl_error *e)
{
    source_table_id t = c->spec.n_icd ? SRC_DIAGNOSIS : SRC_CONTACT;
    const source_table *st = &source_tables[t];
    int cols[4] = {0, st->patient_column, st->unit_column, 0}, n = 3;
    if (t == SRC_DIAGNOSIS) {
        for (int k = 0; k < st->n_columns; k++)
            if (strcmp(st->columns[k].name, "icd10") == 0) cols[n++] = k;
    }
    dl_err rc = source_check(c->src, t, cols, n, e);
    if (rc != DL_OK) return rc;
    c->phase_sv = "Urval";
    /* The codes go to the source as LIKE patterns, so it sends only the
     * diagnoses that may match: each code with and without its dot, in
     * upper and lower case — never narrower than the test below, which
     * stays the rule. Too many codes: the source sends all, C sorts. */
    char pat[SOURCE_PREFIXES_MAX][24];
    const char *pats[SOURCE_PREFIXES_MAX];
    int n_pats = 0, too_many = 0;
    for (int i = 0; t == SRC_DIAGNOSIS && i < c->spec.n_icd && !too_many; i++) {
        const char *code = c->spec.icd[i];
        size_t len = strlen(code);
        char forms[2][12];
        int n_forms = 0;
        snprintf(forms[n_forms++], sizeof forms[0], "%s%%", code);
        if (len > 3) snprintf(forms[n_forms++], sizeof forms[0], "%.3s.%s%%", code, code + 3);
        for (int k = 0; k < 2 * n_forms; k++) {
            if (n_pats >= SOURCE_PREFIXES_MAX) { too_many = 1; break; }
            char *p = pat[n_pats];
            memcpy(p, forms[k / 2], sizeof forms[0]);
            for (char *q = p; k % 2 && *q; q++) /* odd: the lower-case form */
                if (*q >= 'A' && *q <= 'Z') *q = (char)(*q + 32);
            pats[n_pats++] = p;
        }
    }
    if (too_many) n_pats = 0;
    /* Up to the highest key when the run began (scan_total). A paced run
     * looks at most a batch of keys per read, so the source's work per
     * read is bounded however few rows match and the pace holds; an
     * unpaced one lets the source scan on to its next batch of matches
     * (a read per batch costs a tenth more time). */
    int64_t after = 0, high = c->scan_total;
    int bounded = c->pace.rate > 0;
    while (!high || after < high) {
        if ((rc = pace_before_read(c, e)) != DL_OK || c->cancel || c->stopped) return rc;
        arena_reset(a);
        source_rows r;
        int64_t through = !high ? 0 : !bounded || high - after <= c->batch ? high : after + c->batch;
        rc = source_read_prefixed(c->src, a, t, cols, n, after, through, c->batch, c->spec.period_from,
                                  c->spec.period_to, n == 4 ? cols[3] : 0, pats, n == 4 ? n_pats : 0, &r, e);
        if (rc != DL_OK) { c->source_down = rc == DL_EDB || rc == DL_EIO; return rc; }
        if (!high && !r.n_rows) break;
        /* The source looked at every key it passed, matched or not. */
        int64_t span = r.last_key - after < r.n_rows ? r.n_rows : r.last_key - after;
        pace_after_read(c, (int)(span > INT32_MAX ? INT32_MAX : span));
        c->rows_read += span;
        for (int i = 0; i < r.n_rows; i++) {
            const char **row = r.cells + (size_t)i * (size_t)n;
            const size_t *len = r.lens + (size_t)i * (size_t)n;
            if (!row[1] || !row[2] || !extract_spec_unit_allowed(&c->spec, row[2], len[2])) continue;
            if (n == 4 && (!row[3] || !extract_spec_icd_matches(&c->spec, row[3], len[3]))) continue;
            if ((rc = pop_add(&c->pop, parse_i64(row[1], len[1]), e)) != DL_OK) return rc;
        }
        c->scan_done += r.last_key - after;
        after = r.last_key;
        if ((rc = checkpoint(c, "", 0, e)) != DL_OK || c->cancel) return rc;
    }
    pop_compact(&c->pop);
    return DL_OK;
}

/* ---- phases 2 and 3: the delivered tables ----------------------------------- */

/* Writes one source row's delivered cells. */
static int write_row(run_ctx *c, csv_writer *w, source_table_id t, const int *out_cols, int n_out, const int *read_cols,
                     int n_read, const char **row, const size_t *len, const char *who, size_t who_len)
{
    const char *cells[SPEC_COLUMNS_MAX];
    size_t lens[SPEC_COLUMNS_MAX];
    char dates[SPEC_COLUMNS_MAX][11];
    for (int k = 0; k < n_out; k++) {
        if (out_cols[k] == SPEC_PSEUDONYM_COLUMN) {
            cells[k] = who;
            lens[k] = who_len;
            continue;
        }
        int i = index_of(read_cols, n_read, out_cols[k]);
        cells[k] = row[i];
        lens[k] = len[i];
        if (row[i] && source_tables[t].columns[out_cols[k]].type == SRC_DATE &&
            date_coarsen(row[i], len[i], c->spec.terms.dates, dates[k]) >= 0) {
            cells[k] = dates[k];
            lens[k] = strlen(dates[k]);
        }
    }
    return csv_write_row_n(w, cells, lens, n_out) == DL_OK ? 0 : -1;
}

/* The first population index whose id is above `after`. */
static size_t pop_after(const population *p, int64_t after)
{
    size_t lo = 0, hi = p->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->ids[mid] <= after) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* The population's rows of table t, read by patients through the
 * source's patient index, SOURCE_IDS_PER_READ at a time, in patient then
 * row order. The resume point is a patient whose rows are all in the file
 * (and the file's length then): a run resumed there writes the same
 * bytes as one never stopped. */
static dl_err phase_table(run_ctx *c, arena *a, source_table_id t, int resume_index, int64_t resume_key,
                          int64_t resume_offset, dl_error *e)
{
    int read_cols[SPEC_COLUMNS_MAX], out_cols[SPEC_COLUMNS_MAX];
    int n_read = extract_spec_read_columns(&c->spec, t, read_cols);
    int n_out = extract_spec_output_columns(&c->spec, t, out_cols);
    if (!n_read) return DL_OK;
    dl_err rc = source_check(c->src, t, read_cols, n_read, e);
    if (rc != DL_OK) return rc;
    const source_table *st = &source_tables[t];
    c->phase_sv = st->label_sv;
    /* Already written before a restart: the patient table is read again
     * for the pseudonyms, without writing; the others go on after it. */
    int writes = (int)t >= resume_index;
    int64_t write_after = (int)t == resume_index ? resume_key : 0;
    csv_writer *w = NULL;
    int fd = -1;
    if (writes && (rc = open_table_file(c, t, (int)t == resume_index ? resume_offset : 0, &w, &fd, e)) != DL_OK)
        return rc;
    int patient_ref = t == SRC_PATIENT ? 0 : index_of(read_cols, n_read, st->patient_column);
    int unit = t == SRC_PATIENT ? -1 : index_of(read_cols, n_read, st->unit_column);
    int pnr = t == SRC_PATIENT ? 1 : -1, birth = t == SRC_PATIENT ? 2 : -1;
    population kept = {0};
    if (t == SRC_PATIENT) {
        kept.ids = malloc((c->pop.n ? c->pop.n : 1) * sizeof *kept.ids);
        kept.names = malloc((c->pop.n ? c->pop.n : 1) * sizeof *kept.names);
        if (!kept.ids || !kept.names) { rc = dl_fail(e, DL_ENOMEM, "Minnet räcker inte för pseudonymerna."); goto out; }
    }
    const char *from = st->date_column >= 0 ? c->spec.period_from : NULL;
    const char *to = st->date_column >= 0 ? c->spec.period_to : NULL;
    size_t next = t == SRC_PATIENT ? 0 : pop_after(&c->pop, write_after);
    c->ids_done += (int64_t)next;
    /* The resume point as the file grows. */
    int64_t done_patient = write_after, done_offset = w ? csv_writer_offset(w) : 0;
    while (next < c->pop.n) {
        int n_ids = c->pop.n - next < SOURCE_IDS_PER_READ ? (int)(c->pop.n - next) : SOURCE_IDS_PER_READ;
        const int64_t *ids = c->pop.ids + next;
        int64_t cur = 0, cur_id = 0; /* the patient and row id of the last row read */
        for (;;) {
            if ((rc = pace_before_read(c, e)) != DL_OK || c->cancel || c->stopped) goto out;
            arena_reset(a);
            source_rows r;
            rc = source_read_patients(c->src, a, t, read_cols, n_read, ids, n_ids, cur, cur_id, c->batch, from, to,
                                      &r, e);
            if (rc != DL_OK) { c->source_down = rc == DL_EDB || rc == DL_EIO; goto out; }
            pace_after_read(c, r.n_rows ? r.n_rows : 1); /* an empty read still asked the source */
            c->rows_read += r.n_rows;
            for (int i = 0; i < r.n_rows; i++) {
                const char **row = r.cells + (size_t)i * (size_t)n_read;
                const size_t *len = r.lens + (size_t)i * (size_t)n_read;
                if (!row[patient_ref]) continue; /* cannot be: it matched the ids */
                int64_t key = parse_i64(row[0], len[0]), patient = parse_i64(row[patient_ref], len[patient_ref]);
                if (patient != cur && cur > done_patient && w) { /* every row of cur is in the file */
                    done_patient = cur;
                    done_offset = csv_writer_offset(w);
                }
                cur = patient;
                cur_id = key;
                const char *who;
                char name[PSEUDONYM_TEXT_SIZE];
                if (t == SRC_PATIENT) {
                    if (pop_find(&c->pop, key) < 0 || !row[pnr] || !row[birth] ||
                        !extract_spec_age_ok(&c->spec, row[birth], len[birth]))
                        continue;
                    if (c->spec.terms.pseudonymise) {
                        if (pseudonym_ctx_make(&c->names, row[pnr], len[pnr], name) != DL_OK) {
                            rc = dl_fail(e, DL_ENOMEM, "Minnet räcker inte för pseudonymerna.");
                            goto out;
                        }
                    }
                    else snprintf(name, sizeof name, "%.*s", (int)(len[pnr] > 19 ? 19 : len[pnr]), row[pnr]);
                    kept.ids[kept.n] = key;
                    memcpy(kept.names[kept.n], name, SLOT);
                    kept.n++;
                    who = name;
                } else {
                    if (!row[unit] || !extract_spec_unit_allowed(&c->spec, row[unit], len[unit])) continue;
                    long at = pop_find(&c->pop, patient);
                    if (at < 0) continue;
                    memcpy(name, c->pop.names[at], SLOT);
                    name[SLOT] = 0;
                    who = name;
                }
                if (w && patient > write_after) {
                    if (write_row(c, w, t, out_cols, n_out, read_cols, n_read, row, len, who, strlen(who)) != 0) {
                        rc = dl_fail(e, DL_EIO, "Kan inte skriva uttagets fil för %s.", st->name);
                        goto out;
                    }
                    c->rows_written++;
                    c->table_rows[t]++;
                }
            }
            int chunk_done = r.n_rows < c->batch; /* these patients are done */
            if (chunk_done) {
                next += (size_t)n_ids;
                c->ids_done += n_ids;
                if (w && ids[n_ids - 1] > done_patient) {
                    done_patient = ids[n_ids - 1];
                    done_offset = csv_writer_offset(w);
                }
            }
            /* Once a second: the file to disk, then the point to resume from. */
            if (now_ns() - c->last_checkpoint_ns >= 1000000000) {
                if (w) {
                    if (csv_writer_flush(w, e) != DL_OK) { rc = e->code; goto out; }
                    if (fdatasync(fd) != 0) {
                        rc = dl_fail(e, DL_EIO, "Kan inte skriva uttagets fil: %s.", strerror(errno));
                        goto out;
                    }
                    c->cp_table = (int)t;
                    c->cp_key = done_patient;
                    c->cp_offset = done_offset;
                }
                if ((rc = checkpoint(c, "", 1, e)) != DL_OK || c->cancel) goto out;
            }
            if (chunk_done) break;
        }
    }
    if (w) {
        int64_t end;
        rc = close_table_file(w, fd, &end, e);
        w = NULL;
        /* The next table starts from its beginning. */
        if (rc == DL_OK) {
            c->cp_table = (int)t + 1;
            c->cp_key = c->cp_offset = 0;
            rc = checkpoint(c, "", 1, e);
        }
    }
out:
    if (w) {
        dl_error ignored;
        csv_writer_flush(w, &ignored);
        csv_writer_free(w);
        close(fd);
    }
    if (t == SRC_PATIENT) {
        if (rc == DL_OK && !c->cancel && !c->stopped) {
            free(c->pop.ids);
            c->pop.ids = kept.ids;
            c->pop.names = kept.names;
            c->pop.n = c->pop.sorted_n = c->pop.cap = kept.n;
        } else {
            free(kept.ids);
            free(kept.names);
        }
    }
    return rc;
}

/* ---- the whole run ---------------------------------------------------------- */

static void remove_work(const run_ctx *c)
{
    if (!c->dir[0]) return; /* never had a work folder: nothing to remove */
    for (int t = 0; t < SRC_TABLE__MAX; t++) {
        char path[PATH_MAX + 80];
        table_path(c, (source_table_id)t, path, sizeof path);
        unlink(path);
    }
    rmdir(c->dir);
}

/* A case's earlier runs' files, now that a newer one is done: a case has
 * one delivery waiting at a time (case-N-run-M.*, in this folder). */
static void remove_older_deliveries(const run_ctx *c, const char *keep)
{
    char prefix[64];
    snprintf(prefix, sizeof prefix, "case-%" PRId64 "-run-", c->run->case_id);
    DIR *dir = opendir(c->root);
    if (!dir) return;
    struct dirent *de;
    while ((de = readdir(dir))) {
        if (strncmp(de->d_name, prefix, strlen(prefix)) != 0) continue;
        char path[PATH_MAX + 300];
        snprintf(path, sizeof path, "%s/%s", c->root, de->d_name);
        if (strcmp(path, keep) != 0) unlink(path);
    }
    closedir(dir);
}

static dl_err build_delivery(run_ctx *c, char *out_path, size_t out_sz, char sha[65], int64_t *bytes, dl_error *e)
{
    arena *a = arena_new(8192);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    case_rec cr;
    dl_err rc = case_get(c->store, a, c->run->case_id, &cr, e);
    package_info info = {0};
    int cols[SRC_TABLE__MAX][SPEC_COLUMNS_MAX];
    char paths[SRC_TABLE__MAX][PATH_MAX + 80], now_iso[32];
    clock_iso_utc(clock_now(), now_iso);
    if (rc == DL_OK) {
        info.diary_number = c->spec.diary_number;
        info.case_title = c->spec.title;
        info.organisation = c->spec.organisation;
        info.decided_at = c->spec.decided_at;
        info.decision_conditions = c->spec.conditions;
        /* The decision's time, not the clock's: every run of the case
         * packs the same bytes (tar times, the workbook's date, the
         * README), so a resumed run's manifest equals an uninterrupted one's. */
        info.generated_at = *c->spec.decided_at ? c->spec.decided_at : now_iso;
        info.destroy_by = c->spec.terms.destroy_by;
        info.recipient = cr.req.v[REQ_APPLICANT_NAME];
        info.pseudonymised = c->spec.terms.pseudonymise;
        info.dates = c->spec.terms.dates;
        info.small_cell_min = c->spec.terms.small_cell_min;
        for (int t = 0; t < SRC_TABLE__MAX; t++) {
            int n = extract_spec_output_columns(&c->spec, (source_table_id)t, cols[t]);
            if (!n) continue;
            table_path(c, (source_table_id)t, paths[t], sizeof paths[t]);
            int64_t rows = c->table_rows[t];
            /* After a restart the rows written before it are counted again. */
            if (c->resumed && (rc = extract_csv_rows(paths[t], &rows, e)) != DL_OK) break;
            info.tables[info.n_tables++] = (package_table){(source_table_id)t, cols[t], n, paths[t], rows};
        }
    }
    int paper = rc == DL_OK && cr.req.v[REQ_DELIVERY] && strcmp(cr.req.v[REQ_DELIVERY], "paper") == 0 &&
                !c->o->passphrase;
    /* The file's name carries the case's id, not its diary number (a path). */
    snprintf(out_path, out_sz, "%s/case-%" PRId64 "-run-%" PRId64 ".%s", c->root, c->run->case_id,
             c->run->id, paper ? "pdf" : "age");
    if (rc == DL_OK && paper) rc = package_build_pdf(&info, out_path, e);
    else if (rc == DL_OK) {
        age_recipient to = {0};
        if (c->o->passphrase) {
            to.kind = AGE_SCRYPT;
            to.passphrase = c->o->passphrase;
        } else if (!cr.req.v[REQ_AGE_KEY] || !*cr.req.v[REQ_AGE_KEY])
            rc = dl_fail(e, DL_EINVAL, "Ansökan saknar mottagarens age-nyckel; leveransen kan inte krypteras. Begär "
                                       "nyckeln av den sökande eller använd en lösenfras (--passphrase-file).");
        else rc = age_parse_recipient(cr.req.v[REQ_AGE_KEY], &to, e);
        if (rc == DL_OK) rc = package_build(&info, c->dir, c->o->want_xlsx, &to, out_path, sha, e);
    }
    if (rc == DL_OK) {
        struct stat sb;
        *bytes = stat(out_path, &sb) == 0 ? (int64_t)sb.st_size : 0;
        if (paper) rc = extract_file_sha256(out_path, sha, e); /* recorded; the page and receipt show it */
    }
    arena_free(a);
    return rc;
}

dl_err extract_run(db *store, const extraction_run_rec *run, const extract_options *o, int *stopped, dl_error *e)
{
    run_ctx *c = calloc(1, sizeof *c);
    /* a: what lives for the run (the spec's strings); batch: one read's rows. */
    arena *a = arena_new(16384), *batch = arena_new(1 << 20);
    if (!c || !a || !batch) {
        free(c);
        arena_free(a);
        arena_free(batch);
        return dl_fail(e, DL_ENOMEM, "out of memory");
    }
    if (stopped) *stopped = 0;
    c->store = store;
    c->run = run;
    c->o = o;
    c->batch = o->batch_rows > 0 ? o->batch_rows : EXTRACT_BATCH_DEFAULT;
    c->started_ns = c->rate_mark_ns = now_ns();
    extract_source_rec srcrec;
    dl_err rc = extract_spec_for_case(store, a, run->case_id, &c->spec, e);
    if (rc == DL_OK) rc = extract_source_get(store, a, run->source_id, &srcrec, e);
    if (rc == DL_OK) rc = time_window_parse(srcrec.time_window, &c->window, e);
    if (rc == DL_OK) {
        /* The source's pace is a ceiling: --rate may only go slower. */
        double rate = (double)srcrec.rows_per_second;
        if (o->rate_override > 0 && (rate <= 0 || o->rate_override < rate)) rate = o->rate_override;
        row_throttle_init(&c->pace, rate, now_ns());
        if (rate > 0 && rate < c->batch * 5) c->batch = rate / 5 < 1 ? 1 : (int)(rate / 5);
    }
    if (rc == DL_OK && c->spec.terms.pseudonymise) rc = case_key_get(store, run->case_id, c->key, e);
    if (rc == DL_OK && c->spec.terms.pseudonymise && (rc = pseudonym_ctx_init(&c->names, c->key, e)) == DL_OK)
        c->names_ready = 1;
    if (rc == DL_OK && (mkdir(o->extract_dir, 0700) != 0 && errno != EEXIST))
        rc = dl_fail(e, DL_EIO, "Kan inte skapa mappen för uttag %s: %s.", o->extract_dir, strerror(errno));
    /* Absolute: the delivery's path is stored and served from elsewhere. */
    if (rc == DL_OK && !realpath(o->extract_dir, c->root))
        rc = dl_fail(e, DL_EIO, "Kan inte hitta mappen för uttag %s: %s.", o->extract_dir, strerror(errno));
    /* Where it was, and from where it goes on. A resumed run continues in
     * the folder it started in (whichever --extract-dir this process has);
     * when that folder or the file it wrote is gone or shorter than
     * recorded (a lost disk write), the run starts over. */
    c->cp_table = run->table_index;
    c->cp_key = run->last_key;
    c->cp_offset = run->file_offset;
    struct stat sb;
    if (rc == DL_OK && run->work_dir && *run->work_dir && stat(run->work_dir, &sb) == 0 && S_ISDIR(sb.st_mode))
        snprintf(c->dir, sizeof c->dir, "%s", run->work_dir);
    else if (rc == DL_OK) {
        snprintf(c->dir, sizeof c->dir, "%s/run-%" PRId64, c->root, run->id);
        c->cp_table = 0, c->cp_key = 0, c->cp_offset = 0;
    }
    if (rc == DL_OK && c->cp_table < SRC_TABLE__MAX && (c->cp_key || c->cp_offset)) {
        char path[PATH_MAX + 80];
        table_path(c, (source_table_id)c->cp_table, path, sizeof path);
        if (stat(path, &sb) != 0 || (int64_t)sb.st_size < c->cp_offset) c->cp_table = 0, c->cp_key = 0, c->cp_offset = 0;
    }
    if (rc == DL_OK && (mkdir(c->dir, 0700) != 0 && errno != EEXIST))
        rc = dl_fail(e, DL_EIO, "Kan inte skapa uttagets arbetsmapp %s: %s.", c->dir, strerror(errno));
    if (rc == DL_OK) rc = source_open(srcrec.url, &c->src, e);
    /* The work ahead: the population's scan in source keys. */
    if (rc == DL_OK) c->scan_total = max_key(c->src, c->spec.n_icd ? SRC_DIAGNOSIS : SRC_CONTACT);
    /* A run that starts over (nothing written yet) or resumes. */
    int resume_index = c->cp_table;
    int64_t resume_key = c->cp_key, resume_offset = c->cp_offset;
    c->resumed = resume_index > 0 || resume_key > 0;
    if (rc == DL_OK) rc = phase_population(c, batch, e);
    for (int t = 0; rc == DL_OK && !c->cancel && !c->stopped && t < SRC_TABLE__MAX; t++) {
        if (t < resume_index && t != SRC_PATIENT) continue;
        /* Then the population's ids, once per table still to read (the
         * patient table may make it smaller). */
        int cols[SPEC_COLUMNS_MAX], left = 0;
        for (int k = t; k < SRC_TABLE__MAX; k++)
            left += (k >= resume_index || k == SRC_PATIENT) && extract_spec_read_columns(&c->spec, (source_table_id)k, cols) > 0;
        c->ids_total = c->ids_done + (int64_t)c->pop.n * left;
        rc = phase_table(c, batch, (source_table_id)t, resume_index, resume_key, resume_offset, e);
    }
    char out_path[PATH_MAX + 80] = "", sha[65] = "";
    int64_t bytes = 0;
    if (rc == DL_OK && !c->cancel && !c->stopped) {
        c->phase_sv = "Paketering";
        /* Packaging reads no source; its lease is long enough for it. */
        rc = checkpoint_lease(c, "Paketerar och krypterar leveransen.", 1, EXTRACT_PACKAGE_LEASE_SECONDS, e);
        if (rc == DL_OK) rc = build_delivery(c, out_path, sizeof out_path, sha, &bytes, e);
    }
    dl_error e2;
    const char *token = run->claim_token;
    if (c->lost) {
        /* Another process holds the run now: touch nothing of it. */
    } else if (c->stopped && rc == DL_OK) {
        (void)extraction_run_release(store, run->id, token, 0, &e2);
        if (stopped) *stopped = 1;
    } else if (c->cancel && rc == DL_OK) {
        remove_work(c);
        (void)extraction_run_finish(store, run->id, token, RUN_CANCELLED, "Avbrutet.", "", "", 0, &e2);
    } else if (rc == DL_OK) {
        remove_work(c);
        remove_older_deliveries(c, out_path);
        char msg[200];
        snprintf(msg, sizeof msg, "%" PRId64 " rader lästa, %" PRId64 " levererade.", c->rows_read, c->rows_written);
        rc = extraction_run_finish(store, run->id, token, RUN_DONE, msg, out_path, sha, bytes, e);
    } else if (c->source_down) {
        /* A source that stopped answering mid-run: the work so far stays
         * and the run is tried again from its checkpoint in a while. */
        char msg[sizeof e->msg + 80];
        snprintf(msg, sizeof msg, "%s Försöker igen om en minut.", e->msg);
        (void)checkpoint(c, msg, 1, &e2);
        (void)extraction_run_release(store, run->id, token, EXTRACT_LEASE_SECONDS, &e2);
    } else {
        /* No partial delivery: the work files go, the reason stays. */
        remove_work(c);
        (void)extraction_run_finish(store, run->id, token, RUN_FAILED, e->msg, "", "", 0, &e2);
    }
    if (c->src) source_close(c->src);
    sodium_memzero(c->key, sizeof c->key);
    if (c->names_ready) pseudonym_ctx_free(&c->names);
    if (c->pop.names) sodium_memzero(c->pop.names, c->pop.n * SLOT);
    free(c->pop.ids);
    free(c->pop.names);
    free(c);
    arena_free(a);
    arena_free(batch);
    return rc;
}
