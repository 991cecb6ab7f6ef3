/* cmd_extract.c — `datalots extract`: an approved case's extraction from
 * the shell. The same runs as the case page's button (store/extraction.h):
 * started here they run in the foreground with progress on standard error;
 * one killed (or stopped with Ctrl-C) continues from its last checkpoint
 * with the same command. Also the organisation's sources and their pace. */
#include "cli/cli.h"

#include <inttypes.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "extract/runner.h"
#include "extract/spec_text.h"
#include "store/dictionary.h"
#include "store/extraction.h"
#include "store/org.h"

static void extract_help(void)
{
    printf("usage:\n"
           "  datalots extract --case N [--passphrase-file F] [--no-xlsx] [--rate R] [--batch B]\n"
           "        run (or resume) the approved extraction of case N in the foreground; progress on\n"
           "        standard error; Ctrl-C stops it at the next batch, the same command resumes it.\n"
           "        --passphrase-file: encrypt to the passphrase in F (given to the recipient out of\n"
           "        band) instead of the recipient's age key from the request.\n"
           "        --rate: rows per second instead of the source's pace (never above it unless the\n"
           "        source has none). --no-xlsx: CSV only.\n"
           "  datalots extract spec --case N       show what the extraction will read and deliver\n"
           "  datalots extract status --case N     the case's latest run\n"
           "  datalots extract cancel --case N     stop the case's run (queued or running)\n"
           "  datalots extract source add --org CODE --name NAME --url URL [--rate R]\n"
           "        [--concurrency C] [--window HH:MM-HH:MM]\n"
           "        the source database of organisation CODE: sqlite:PATH, postgresql://… or\n"
           "        odbc:CONNECTION-STRING; R rows per second (0: no limit), C extractions at once,\n"
           "        the local time window reads are allowed in (default always)\n"
           "  datalots extract source list\n\n");
    config_print_help(stdout);
}

static atomic_int stop_flag; /* lock-free: safe to set from a signal handler */
static void on_signal(int sig) { (void)sig; atomic_store(&stop_flag, 1); }

static int parse_long(const char *s, long min, long max, long *out)
{
    char *end = NULL;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < min || v > max) return -1;
    *out = v;
    return 0;
}

static const audit_actor cli_actor = {0, "cli"};

static void print_progress(void *ctx, const extract_progress *p)
{
    (void)ctx;
    char left[32] = "?";
    if (p->seconds_left >= 0)
        snprintf(left, sizeof left, "%" PRId64 ":%02" PRId64, p->seconds_left / 60, p->seconds_left % 60);
    fprintf(stderr, "\r%-14.14s %3.0f %%  %" PRId64 " rows read, %" PRId64 " written, %.0f rows/s, left %s  %s",
            p->phase_sv, p->fraction * 100, p->rows_read, p->rows_written, p->rate, left,
            p->waiting_sv ? p->waiting_sv : "");
    fflush(stderr);
}

static int64_t org_id_of(db *d, const char *code)
{
    int64_t id = 0;
    dl_error e;
    return dictionary_org_by_code(d, code, &id, &e) == DL_OK ? id : 0;
}

static int source_cmd(db *d, int argc, char **argv)
{
    dl_error e;
    dl_error_clear(&e);
    if (argc >= 1 && strcmp(argv[0], "list") == 0) {
        arena *a = arena_new(8192);
        extract_source_rec rows[64];
        int n = 0;
        if (!a || extract_source_list(d, a, rows, 64, &n, &e) != DL_OK) {
            fprintf(stderr, "datalots extract source list: %s\n", e.msg);
            arena_free(a);
            return 1;
        }
        for (int i = 0; i < n; i++)
            printf("%s\t%s\trate=%" PRId64 "\tconcurrency=%d\twindow=%s\n", rows[i].org_code, rows[i].name,
                   rows[i].rows_per_second, rows[i].max_concurrent, *rows[i].time_window ? rows[i].time_window : "always");
        arena_free(a);
        return 0;
    }
    if (argc < 1 || strcmp(argv[0], "add") != 0) {
        fprintf(stderr, "datalots extract source: say add or list; see datalots extract --help\n");
        return 2;
    }
    const char *org = NULL, *name = NULL, *url = NULL, *window = "";
    long rate = 0, conc = 1;
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) { fprintf(stderr, "datalots extract source add: %s needs a value\n", argv[i]); return 2; }
        if (strcmp(argv[i], "--org") == 0) org = v;
        else if (strcmp(argv[i], "--name") == 0) name = v;
        else if (strcmp(argv[i], "--url") == 0) url = v;
        else if (strcmp(argv[i], "--window") == 0) window = v;
        else if (strcmp(argv[i], "--rate") == 0) {
            if (parse_long(v, 0, EXTRACT_SOURCE_RATE_MAX, &rate) != 0) {
                fprintf(stderr, "datalots extract source add: --rate takes 0 (no limit) to %d rows per second\n",
                        EXTRACT_SOURCE_RATE_MAX);
                return 2;
            }
        } else if (strcmp(argv[i], "--concurrency") == 0) {
            if (parse_long(v, 1, EXTRACT_SOURCE_CONCURRENCY_MAX, &conc) != 0) {
                fprintf(stderr, "datalots extract source add: --concurrency takes 1 to %d\n",
                        EXTRACT_SOURCE_CONCURRENCY_MAX);
                return 2;
            }
        } else {
            fprintf(stderr, "datalots extract source add: unknown option \"%s\"\n", argv[i]);
            return 2;
        }
        i++;
    }
    if (!org || !name || !url) {
        fprintf(stderr, "datalots extract source add: --org, --name and --url are needed\n");
        return 2;
    }
    int64_t org_id = org_id_of(d, org);
    if (!org_id) {
        fprintf(stderr, "datalots extract source add: no organisation (förvaltning) has the code \"%s\"\n", org);
        return 1;
    }
    int64_t id = 0;
    if (extract_source_set(d, &cli_actor, org_id, name, url, rate, (int)conc, window, &id, &e) != DL_OK) {
        fprintf(stderr, "datalots extract source add: %s\n", e.msg);
        return 1;
    }
    printf("source %s of %s saved (id %" PRId64 ")\n", name, org, id);
    return 0;
}

static int read_passphrase(const char *path, char *out, size_t n)
{
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t got = fread(out, 1, n - 1, f);
    fclose(f);
    out[got] = 0;
    while (got && (out[got - 1] == '\n' || out[got - 1] == '\r')) out[--got] = 0;
    return got >= 8 ? 0 : -2;
}

static int run_cmd(const struct config *cfg, db *d, int64_t case_id, const char *pass_file, int xlsx, long rate,
                   long batch)
{
    dl_error e;
    dl_error_clear(&e);
    char pass[512];
    if (pass_file) {
        int r = read_passphrase(pass_file, pass, sizeof pass);
        if (r != 0) {
            fprintf(stderr, "datalots extract: %s\n", r == -1 ? "cannot read the passphrase file"
                                                              : "the passphrase must have at least 8 characters");
            return r == -1 ? 1 : 2;
        }
    }
    arena *a = arena_new(8192);
    if (!a) return 1;
    extraction_run_rec run;
    int64_t run_id = 0;
    /* The case's unfinished run resumes; else a new one starts. */
    dl_err rc = extraction_run_latest(d, a, case_id, &run, &e);
    if (rc == DL_OK && (run.state == RUN_QUEUED || run.state == RUN_RUNNING)) run_id = run.id;
    else if (rc == DL_OK || rc == DL_ENOTFOUND) rc = extraction_run_start(d, case_id, &cli_actor, 1, &run_id, &e);
    int status = 0;
    for (int waited = 0; rc == DL_OK;) {
        rc = extraction_run_claim(d, run_id, clock_now(), &run, a, &e);
        if (rc != DL_EBUSY) break;
        if (!waited++) fprintf(stderr, "datalots extract: %s\n", e.msg);
        sleep(5);
        if (atomic_load(&stop_flag)) { rc = DL_OK; status = 3; break; }
    }
    if (rc != DL_OK) {
        fprintf(stderr, "datalots extract: %s\n", e.msg);
        arena_free(a);
        return 1;
    }
    if (status == 3) { arena_free(a); return 1; }
    if (run.table_index || run.last_key)
        fprintf(stderr, "datalots extract: resuming run %" PRId64 " of case %" PRId64 " from its checkpoint\n", run.id,
                case_id);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    extract_options o = {.extract_dir = cfg->extract_dir, .batch_rows = (int)batch, .want_xlsx = xlsx,
                         .passphrase = pass_file ? pass : NULL, .rate_override = (double)rate,
                         .progress = isatty(2) || getenv("DATALOTS_PROGRESS") ? print_progress : NULL,
                         .stop = &stop_flag};
    int stopped = 0;
    rc = extract_run(d, &run, &o, &stopped, &e);
    if (o.progress) fputc('\n', stderr);
    extraction_run_rec done;
    if (rc == DL_OK && stopped) {
        fprintf(stderr, "datalots extract: stopped; run the same command to resume\n");
        status = 1;
    } else if (rc != DL_OK) {
        fprintf(stderr, "datalots extract: %s\n", e.msg);
        status = 1;
    } else if (extraction_run_get(d, a, run.id, &done, &e) == DL_OK) {
        if (done.state == RUN_DONE)
            printf("%s\t%s\t%" PRId64 " bytes\t%s\n", done.out_path, done.out_sha256, done.out_bytes, done.message);
        else {
            printf("%s: %s\n", run_state_keys[done.state], done.message);
            status = 1;
        }
    }
    memset(pass, 0, sizeof pass);
    arena_free(a);
    return status;
}

int cmd_extract(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) { extract_help(); return 0; }
    struct config cfg;
    if (cli_load_config("extract", &cfg, &argc, argv) != 0) return 2;
    const char *sub = argc > 0 && argv[0][0] != '-' ? argv[0] : "run";
    int first = strcmp(sub, "run") == 0 && !(argc > 0 && strcmp(argv[0], "run") == 0) ? 0 : 1;
    if (strcmp(sub, "source") == 0) {
        db *d = cli_open_store(&cfg);
        if (!d) return 1;
        int r = source_cmd(d, argc - 1, argv + 1);
        db_close(d);
        return r;
    }
    if (strcmp(sub, "run") && strcmp(sub, "spec") && strcmp(sub, "status") && strcmp(sub, "cancel")) {
        fprintf(stderr, "datalots extract: unknown subcommand \"%s\"; see datalots extract --help\n", sub);
        return 2;
    }
    long case_id = 0, rate = 0, batch = 0;
    const char *pass_file = NULL;
    int xlsx = 1;
    for (int i = first; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--no-xlsx") == 0) { xlsx = 0; continue; }
        if (!v) { fprintf(stderr, "datalots extract: %s needs a value\n", argv[i]); return 2; }
        if (strcmp(argv[i], "--case") == 0) {
            if (parse_long(v, 1, INT32_MAX, &case_id) != 0) {
                fprintf(stderr, "datalots extract: --case takes a case number\n");
                return 2;
            }
        } else if (strcmp(argv[i], "--rate") == 0) {
            if (parse_long(v, 1, EXTRACT_SOURCE_RATE_MAX, &rate) != 0) {
                fprintf(stderr, "datalots extract: --rate takes 1 to %d rows per second\n", EXTRACT_SOURCE_RATE_MAX);
                return 2;
            }
        } else if (strcmp(argv[i], "--batch") == 0) {
            if (parse_long(v, 1, 100000, &batch) != 0) {
                fprintf(stderr, "datalots extract: --batch takes 1 to 100000 rows\n");
                return 2;
            }
        } else if (strcmp(argv[i], "--passphrase-file") == 0) pass_file = v;
        else {
            fprintf(stderr, "datalots extract: unknown option \"%s\"; see datalots extract --help\n", argv[i]);
            return 2;
        }
        i++;
    }
    if (!case_id) {
        fprintf(stderr, "datalots extract: say which case with --case N\n");
        return 2;
    }
    db *d = cli_open_store(&cfg);
    if (!d) return 1;
    dl_error e;
    dl_error_clear(&e);
    arena *a = arena_new(16384);
    int status = 0;
    if (!a) status = 1;
    else if (strcmp(sub, "spec") == 0) {
        extract_spec spec;
        if (extract_spec_for_case(d, a, case_id, &spec, &e) != DL_OK) {
            fprintf(stderr, "datalots extract spec: %s\n", e.msg);
            status = 1;
        } else extract_spec_print(&spec, stdout);
    } else if (strcmp(sub, "status") == 0 || strcmp(sub, "cancel") == 0) {
        extraction_run_rec run;
        if (extraction_run_latest(d, a, case_id, &run, &e) != DL_OK) {
            fprintf(stderr, "datalots extract %s: case %ld has no extraction run\n", sub, case_id);
            status = 1;
        } else if (strcmp(sub, "cancel") == 0) {
            if (extraction_run_cancel(d, run.id, &cli_actor, &e) != DL_OK) {
                fprintf(stderr, "datalots extract cancel: %s\n", e.msg);
                status = 1;
            } else printf("cancel asked of run %" PRId64 "\n", run.id);
        } else {
            printf("run %" PRId64 "\t%s\trows read %" PRId64 "\twritten %" PRId64 "\trate %.0f/s\t%s%s%s\n", run.id,
                   run_state_keys[run.state], run.rows_read, run.rows_written, run.rate, run.message,
                   *run.out_path ? "\t" : "", run.out_path);
        }
    } else status = run_cmd(&cfg, d, case_id, pass_file, xlsx, rate, batch);
    arena_free(a);
    db_close(d);
    return status;
}
