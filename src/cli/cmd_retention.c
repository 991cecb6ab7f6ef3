/* cmd_retention.c — `datalots retention schedule|set|run`: the retention
 * schedule (gallring) from the shell (store/retention.h; docs/retention.md).
 * run lists what is due and disposes of nothing unless --apply is given;
 * an --apply run stopped half-way (--max, a signal, a crash) is finished by
 * the next --apply before anything new is listed. */
#include "cli/cli.h"
#include "store/retention.h"
#include "core/calendar.h"
#include "core/clock.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const audit_actor cli_actor = {0, "cli"};

static void retention_help(void)
{
    printf("usage:\n"
           "  datalots retention schedule\n"
           "  datalots retention set --target document|attachment --kind KIND (--years N | --keep) --basis TEXT\n"
           "  datalots retention run [--dry-run | --apply] [--as-of YYYY-MM-DD] [--max N]\n\n"
           "The retention schedule says, for each kind of case document and attached\n"
           "file, how many years after the case was closed it is disposed of (gallras),\n"
           "or that it is kept (bevaras). schedule prints it: target, kind, years (or\n"
           "keep), basis, tab-separated. set changes one rule (audited).\n\n"
           "run lists what is due on --as-of (default: today, Europe/Stockholm): case\n"
           "number, what, kind, closed, due, tab-separated, then a count. It disposes of\n"
           "nothing unless --apply is given (--dry-run is the default). With --apply it\n"
           "records the listing as a run, then disposes of each listed document in a\n"
           "transaction of its own: its contents are emptied, the day is recorded, the\n"
           "diary entry stays, and the audit log has a row. --max N stops after N; an\n"
           "unfinished run is finished by the next --apply before anything new is\n"
           "listed, and nothing is disposed of twice or without being listed.\n"
           "--apply refuses a day after today.\n\n"
           "Exit status: 0 done, 1 the store refused or failed, 2 usage.\n");
}

static int schedule(db *d)
{
    arena *a = arena_new(4096);
    retention_rule_rec *rules = a ? arena_alloc(a, sizeof *rules * RETENTION_RULES_MAX) : NULL;
    int n = 0;
    dl_error e;
    dl_error_clear(&e);
    if (!rules || retention_rules(d, a, rules, RETENTION_RULES_MAX, &n, &e) != DL_OK) {
        fprintf(stderr, "datalots retention schedule: %s\n", rules ? e.msg : "out of memory");
        arena_free(a);
        return 1;
    }
    for (int i = 0; i < n; i++) {
        if (rules[i].keep_years == RETENTION_KEEP)
            printf("%s\t%s\tkeep\t%s\n", retention_target_key(rules[i].target), rules[i].kind, rules[i].basis);
        else
            printf("%s\t%s\t%ld\t%s\n", retention_target_key(rules[i].target), rules[i].kind, rules[i].keep_years,
                   rules[i].basis);
    }
    arena_free(a);
    return 0;
}

static int set(db *d, int argc, char **argv)
{
    const char *target = NULL, *kind = NULL, *years = NULL, *basis = NULL;
    int keep = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--keep") == 0) { keep = 1; continue; }
        const char **slot = strcmp(argv[i], "--target") == 0 ? &target : strcmp(argv[i], "--kind") == 0 ? &kind
                          : strcmp(argv[i], "--years") == 0 ? &years : strcmp(argv[i], "--basis") == 0 ? &basis : NULL;
        if (!slot) { fprintf(stderr, "datalots retention set: unknown argument \"%s\"\n", argv[i]); return 2; }
        if (i + 1 >= argc) { fprintf(stderr, "datalots retention set: option %s needs a value\n", argv[i]); return 2; }
        *slot = argv[++i];
    }
    retention_target t;
    if (!target || retention_target_from_key(target, &t) != 0) {
        fprintf(stderr, "datalots retention set: --target is document or attachment\n");
        return 2;
    }
    if (!kind || !basis || keep == (years != NULL)) {
        fprintf(stderr, "datalots retention set: give --kind, --basis and either --years N or --keep; see --help\n");
        return 2;
    }
    long y = RETENTION_KEEP;
    if (years) {
        char *end = NULL;
        y = strtol(years, &end, 10);
        if (!*years || !end || *end || y < 0 || y > RETENTION_YEARS_MAX) {
            fprintf(stderr, "datalots retention set: --years is a whole number of years, 0 to %d\n", RETENTION_YEARS_MAX);
            return 2;
        }
    }
    dl_error e;
    dl_error_clear(&e);
    if (retention_rule_set(d, t, kind, y, basis, &cli_actor, &e) != DL_OK) {
        fprintf(stderr, "datalots retention set: %s\n", e.msg);
        return 1;
    }
    printf("%s %s: %s\n", target, kind, keep ? "kept" : years);
    return 0;
}

#define LIST_MAX 10000

static int dry_run(db *d, const char *as_of)
{
    arena *a = arena_new(1 << 16);
    retention_due *due = a ? arena_alloc(a, sizeof *due * LIST_MAX) : NULL;
    int n = 0;
    int64_t total = 0;
    dl_error e;
    dl_error_clear(&e);
    if (!due || retention_list_due(d, a, as_of, due, LIST_MAX, &n, &total, &e) != DL_OK) {
        fprintf(stderr, "datalots retention run: %s\n", due ? e.msg : "out of memory");
        arena_free(a);
        return 1;
    }
    for (int i = 0; i < n; i++)
        printf("%s\t%s\t%s\t%s\t%s\n", *due[i].case_number ? due[i].case_number : "(no number)",
               retention_target_key(due[i].target), due[i].kind, due[i].closed_on, due[i].due_on);
    printf("%" PRId64 " due on %s%s; nothing disposed of (dry run: --apply disposes of them)\n", total, as_of,
           total > n ? " (the first listed)" : "");
    arena_free(a);
    return 0;
}

static int apply(db *d, const char *as_of, int64_t max)
{
    int status = 0;
    for (;;) {
        arena *a = arena_new(1 << 16);
        if (!a) return 1;
        retention_outcome o;
        dl_error e;
        dl_error_clear(&e);
        dl_err rc = retention_apply(d, a, as_of, max, &cli_actor, &o, &e);
        if (o.run_id)
            printf("run %" PRId64 " (%s%s): %" PRId64 " listed, %" PRId64 " disposed of now, %" PRId64
                   " kept (no longer due), %s\n",
                   o.run_id, o.resumed ? "taken up, due on " : "due on ", o.as_of ? o.as_of : as_of, o.listed,
                   o.disposed, o.kept, o.finished ? "finished" : "not finished: run --apply again to go on");
        if (rc != DL_OK) { fprintf(stderr, "datalots retention run: %s\n", e.msg); status = 1; }
        int again = rc == DL_OK && o.resumed && o.finished && (max <= 0 || o.disposed + o.kept < max);
        if (max > 0) max -= o.disposed + o.kept;
        arena_free(a);
        if (!again) break;
    }
    return status;
}

static int run(db *d, int argc, char **argv)
{
    int do_apply = 0, dry = 0;
    const char *as_of = NULL;
    int64_t max = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--apply") == 0) { do_apply = 1; continue; }
        if (strcmp(argv[i], "--dry-run") == 0) { dry = 1; continue; }
        if ((strcmp(argv[i], "--as-of") == 0 || strcmp(argv[i], "--max") == 0) && i + 1 >= argc) {
            fprintf(stderr, "datalots retention run: option %s needs a value\n", argv[i]);
            return 2;
        }
        if (strcmp(argv[i], "--as-of") == 0) { as_of = argv[++i]; continue; }
        if (strcmp(argv[i], "--max") == 0) {
            char *end = NULL;
            const char *v = argv[++i];
            long long m = strtoll(v, &end, 10);
            if (!*v || !end || *end || m <= 0) {
                fprintf(stderr, "datalots retention run: --max is a whole number above 0\n");
                return 2;
            }
            max = m;
            continue;
        }
        fprintf(stderr, "datalots retention run: unknown argument \"%s\"\n", argv[i]);
        return 2;
    }
    if (do_apply && dry) { fprintf(stderr, "datalots retention run: --apply and --dry-run exclude each other\n"); return 2; }
    char today[16];
    clock_local_date(clock_now(), today);
    cal_date day;
    if (as_of && !cal_parse_iso(as_of, strlen(as_of), 1900, 9999, &day)) {
        fprintf(stderr, "datalots retention run: --as-of is a day, YYYY-MM-DD\n");
        return 2;
    }
    if (!as_of) as_of = today;
    return do_apply ? apply(d, as_of, max) : dry_run(d, as_of);
}

int cmd_retention(int argc, char **argv)
{
    if (argc == 0 || cli_wants_help(argc, argv)) { retention_help(); return argc == 0 ? 2 : 0; }
    struct config cfg;
    if (cli_load_config("retention", &cfg, &argc, argv) != 0) return 2;
    const char *sub = argc ? argv[0] : "";
    if (strcmp(sub, "schedule") != 0 && strcmp(sub, "set") != 0 && strcmp(sub, "run") != 0) {
        fprintf(stderr, "datalots retention: expected schedule, set or run, not \"%s\"; see datalots retention --help\n", sub);
        return 2;
    }
    if (strcmp(sub, "schedule") == 0 && argc > 1) {
        fprintf(stderr, "datalots retention schedule: unexpected argument \"%s\"\n", argv[1]);
        return 2;
    }
    db *d = cli_open_store(&cfg);
    if (!d) return 1;
    int status = strcmp(sub, "schedule") == 0 ? schedule(d)
               : strcmp(sub, "set") == 0 ? set(d, argc - 1, argv + 1) : run(d, argc - 1, argv + 1);
    db_close(d);
    return status;
}
