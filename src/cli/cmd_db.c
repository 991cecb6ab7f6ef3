/* cmd_db.c — `datalots db copy --from URL --to URL`: moves an installation
 * from one store to another (typically the embedded SQLite store to
 * PostgreSQL) with store/copy.c, then prints the row counts of both ends and
 * the verdict on the target's audit chain. Exit 0 copied and verified; 1
 * refused, failed or a difference found; 2 wrong usage. */
#include "cli/cli.h"
#include "store/copy.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void db_help(void)
{
    printf("usage: datalots db copy --from URL --to URL\n\n"
           "Store operations.\n\n"
           "  copy     copy a whole installation into a new, empty store (for example\n"
           "           from the embedded SQLite store to PostgreSQL)\n\n"
           "  datalots db copy --help   what copy does and its options\n");
}

static void copy_help(void)
{
    printf("usage: datalots db copy --from URL --to URL\n\n"
           "Copies a whole installation — organisation, accounts, roles, sessions, the\n"
           "diarium and the audit log, every row with its own id — from one store to\n"
           "another, for example from the embedded store to PostgreSQL:\n\n"
           "  datalots db copy --from sqlite:/var/lib/datalots/datalots.db \\\n"
           "                   --to postgresql://datalots@dbhost/datalots\n\n"
           "  --from URL   the store to copy from; it is only read, in one snapshot. It\n"
           "               must be at the latest schema (datalots init --db URL upgrades\n"
           "               it). Stop datalots serve on it first, so nothing is written\n"
           "               while it is copied.\n"
           "  --to URL     the store to copy into. Its schema is created if needed; it\n"
           "               must hold no data. Every row is written in one transaction:\n"
           "               if anything fails, the target keeps no data.\n\n"
           "Store URLs: sqlite:PATH (or a plain path) or\n"
           "postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE. Passwords are never printed.\n\n"
           "Afterwards the rows of every table are counted in both stores and the\n"
           "target's audit chain is verified. Exit status 0: copied, counts equal and\n"
           "the chain intact; 1: refused, failed, or a difference was found; 2: wrong\n"
           "usage. SQLite → SQLite and PostgreSQL → SQLite work the same way.\n");
}

static int is_pg_url(const char *url)
{
    return strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0;
}

/* The file of an SQLite URL (db.c treats anything not PostgreSQL as SQLite). */
static const char *sqlite_path(const char *url)
{
    return strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
}

/* 1 when both URLs name the same store: the same text, or (SQLite) the same
 * existing file reached by another path. */
static int same_store(const char *a, const char *b)
{
    if (strcmp(a, b) == 0) return 1;
    if (is_pg_url(a) || is_pg_url(b)) return 0;
    if (strcmp(sqlite_path(a), sqlite_path(b)) == 0) return 1;
    char ra[PATH_MAX], rb[PATH_MAX];
    return realpath(sqlite_path(a), ra) && realpath(sqlite_path(b), rb) && strcmp(ra, rb) == 0;
}

/* --from URL or --from=URL at argv[*i]; 1 matched (value in *out), 0 not
 * this option, -1 a usage error (printed). */
static int take_option(const char *flag, int argc, char **argv, int *i, const char **out)
{
    size_t n = strlen(flag);
    const char *arg = argv[*i];
    if (strncmp(arg, flag, n) != 0 || (arg[n] != '\0' && arg[n] != '=')) return 0;
    const char *v = arg[n] == '=' ? arg + n + 1 : NULL;
    if (!v) {
        if (*i + 1 >= argc || strncmp(argv[*i + 1], "--", 2) == 0) v = NULL;
        else v = argv[++*i];
    }
    if (!v || !*v) {
        fprintf(stderr, "datalots db copy: option %s needs a value (a store URL); see datalots db copy --help\n",
                flag);
        return -1;
    }
    *out = v;
    return 1;
}

static void show_progress(void *arg, const char *table, int64_t rows)
{
    (void)arg;
    fprintf(stderr, "datalots db copy: %-16s %" PRId64 " rows copied\n", table, rows);
}

static void print_counts(const copy_report *rep)
{
    printf("%-18s %10s %10s\n", "table", "source", "target");
    for (int i = 0; i < rep->n_counts; i++) {
        const copy_count *c = &rep->counts[i];
        printf("%-18s %10" PRId64 " %10" PRId64 "%s\n", c->table, c->source, c->target,
               c->source != c->target ? "   <- differs" : "");
    }
}

static const copy_count *count_of(const copy_report *rep, const char *table)
{
    for (int i = 0; i < rep->n_counts; i++)
        if (rep->counts[i].table == table) return &rep->counts[i];
    return NULL;
}

static int run_copy(const char *from, const char *to)
{
    char shown_from[600], shown_to[600];
    config_db_display(from, shown_from, sizeof shown_from);
    config_db_display(to, shown_to, sizeof shown_to);
    dl_error e;
    dl_error_clear(&e);
    /* Opening a missing SQLite file would create an empty one. */
    if (!is_pg_url(from) && access(sqlite_path(from), R_OK) != 0) {
        fprintf(stderr, "datalots db copy: cannot open the source store %s: %s\n", shown_from, strerror(errno));
        return 1;
    }
    db *src = NULL, *dst = NULL;
    int status = 1;
    if (db_open(from, &src, &e) != DL_OK) {
        fprintf(stderr, "datalots db copy: cannot open the source store %s: %s\n", shown_from, e.msg);
        goto out;
    }
    if (db_open(to, &dst, &e) != DL_OK) {
        fprintf(stderr, "datalots db copy: cannot open the target store %s: %s\n", shown_to, e.msg);
        goto out;
    }
    printf("copying %s -> %s\n", shown_from, shown_to);
    fflush(stdout);
    copy_report rep;
    dl_err rc = copy_store(src, dst, isatty(STDERR_FILENO) ? show_progress : NULL, NULL, &rep, &e);
    if (rc != DL_OK) {
        if (rep.mismatch) print_counts(&rep);
        fprintf(stderr, "datalots db copy: %s\n", e.msg);
        goto out;
    }
    print_counts(&rep);
    if (rep.mismatch) {
        const copy_count *c = count_of(&rep, rep.mismatch);
        fprintf(stderr, "datalots db copy: the row counts differ in table %s (source %" PRId64 ", target %" PRId64
                "); was the source written to during the copy?\n", rep.mismatch, c ? c->source : 0,
                c ? c->target : 0);
        goto out;
    }
    if (rep.audit.first_bad_seq) {
        printf("audit chain BROKEN at row %" PRId64 ": %s (%" PRId64 " rows checked)\n", rep.audit.first_bad_seq,
               rep.audit.why, rep.audit.rows);
        fprintf(stderr, "datalots db copy: the target's audit chain does not verify\n");
        goto out;
    }
    printf("audit chain intact: %" PRId64 " rows\n", rep.audit.rows);
    printf("copied %" PRId64 " rows in %d tables to %s\n", rep.rows_copied, rep.n_counts, shown_to);
    status = 0;
out:
    db_close(src);
    db_close(dst);
    return status;
}

static int cmd_db_copy(int argc, char **argv)
{
    const char *from = NULL, *to = NULL;
    for (int i = 0; i < argc; i++) {
        int got = take_option("--from", argc, argv, &i, &from);
        if (got == 0) got = take_option("--to", argc, argv, &i, &to);
        if (got < 0) return 2;
        if (got > 0) continue;
        if (argv[i][0] == '-')
            fprintf(stderr, "datalots db copy: unknown option \"%s\"; see datalots db copy --help\n", argv[i]);
        else
            fprintf(stderr, "datalots db copy: unexpected argument \"%s\"; see datalots db copy --help\n", argv[i]);
        return 2;
    }
    if (!from || !to) {
        fprintf(stderr, "datalots db copy: %s is missing (the store to copy %s); see datalots db copy --help\n",
                !from ? "--from URL" : "--to URL", !from ? "from" : "into");
        return 2;
    }
    if (same_store(from, to)) {
        char shown[600];
        fprintf(stderr, "datalots db copy: --from and --to name the same store (%s); copy into a new, empty"
                " store\n", config_db_display(from, shown, sizeof shown));
        return 2;
    }
    return run_copy(from, to);
}

int cmd_db(int argc, char **argv)
{
    if (argc >= 1 && strcmp(argv[0], "copy") == 0) {
        if (cli_wants_help(argc - 1, argv + 1)) { copy_help(); return 0; }
        return cmd_db_copy(argc - 1, argv + 1);
    }
    if (cli_wants_help(argc, argv)) { db_help(); return 0; }
    if (argc == 0) {
        fprintf(stderr, "datalots db: expected a subcommand: copy; see datalots db --help\n");
        return 2;
    }
    fprintf(stderr, "datalots db: unknown subcommand \"%s\" (expected copy); see datalots db --help\n", argv[0]);
    return 2;
}
