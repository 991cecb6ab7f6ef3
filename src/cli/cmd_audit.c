/* cmd_audit.c — `datalots audit verify [--anchor FILE]…`: recompute the
 * audit hash chain and name the first row that does not fit, then check
 * each anchor file (copies of the head kept outside the store) against the
 * log. Exit 0 whole, 1 broken or error, 2 wrong usage.
 * `datalots audit head`: print the head as an anchor line, to be kept
 * somewhere the store's users cannot write. */
#include "cli/anchor_file.h"
#include "cli/cli.h"
#include "core/clock.h"
#include "store/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

enum { MAX_ANCHOR_FILES = 64 };

static void audit_help(void)
{
    printf("usage: datalots audit verify [--anchor FILE]... [options]\n"
           "       datalots audit head [options]\n\n"
           "verify recomputes the SHA-256 chain of the audit log and reports the first row\n"
           "that was changed, removed or inserted. Alone it cannot see the newest rows\n"
           "removed together with a matching rewrite of the head (audit_head): for that,\n"
           "--anchor FILE checks every line of an anchor file (written by serve\n"
           "--audit-anchor, or lines saved from audit head or the server's log): the row\n"
           "it names must still be there with the same hash. Repeat --anchor for several\n"
           "files. Exit status 0: the chain is whole and every anchor matches; 1: it is\n"
           "broken, an anchor does not match, or a file or the store could not be read;\n"
           "2: wrong usage.\n\n"
           "head prints the newest row's number and hash as an anchor line,\n"
           "  2026-12-06T10:00:00Z seq=1234 hash=<64 hex digits>\n"
           "to keep outside the store (another machine, the diarium, paper).\n\n");
    config_print_help(stdout);
}

static int audit_head(const struct config *cfg)
{
    db *d = cli_open_store(cfg);
    if (!d) return 1;
    dl_error e;
    dl_error_clear(&e);
    audit_anchor a = {.at = clock_now()};
    int status = 1;
    if (audit_head_read(d, &a.seq, a.hash, &e) != DL_OK) {
        fprintf(stderr, "datalots audit: cannot read the audit head: %s\n", e.msg);
    } else {
        char line[AUDIT_ANCHOR_LINE_MAX + 1];
        audit_anchor_format(&a, line);
        printf("%s\n", line);
        status = 0;
    }
    db_close(d);
    return status;
}

/* Checks one anchor file; 0 when every line matches. */
static int verify_anchor_file(db *d, const char *path)
{
    dl_error e;
    dl_error_clear(&e);
    anchor_file_report r;
    if (anchor_file_verify(d, path, &r, &e) != DL_OK) {
        fprintf(stderr, "datalots audit: %s\n", e.msg);
        return 1;
    }
    if (r.broken) {
        printf("anchor file %s: BROKEN: %s\n", path, r.why);
        return 1;
    }
    printf("anchor file %s: %" PRId64 " line%s match (newest: row %" PRId64 ")\n", path, r.lines,
           r.lines == 1 ? "" : "s", r.newest_seq);
    return 0;
}

static int audit_verify_cmd(const struct config *cfg, const char *const *anchors, int n_anchors)
{
    db *d = cli_open_store(cfg);
    if (!d) return 1;
    dl_error e;
    dl_error_clear(&e);
    audit_verdict v;
    int status = 1;
    if (audit_verify(d, &v, &e) != DL_OK) {
        fprintf(stderr, "datalots audit: cannot read the audit log: %s\n", e.msg);
        goto out;
    }
    if (v.first_bad_seq)
        printf("audit log BROKEN at row %" PRId64 ": %s (%" PRId64 " rows checked)\n", v.first_bad_seq, v.why, v.rows);
    else
        printf("audit log intact: %" PRId64 " rows\n", v.rows);
    status = v.first_bad_seq ? 1 : 0;
    for (int i = 0; i < n_anchors; i++)
        if (verify_anchor_file(d, anchors[i]) != 0) status = 1;
    if (!n_anchors && cfg->audit_anchor[0])
        fprintf(stderr, "datalots audit: note: the anchor file %s (--audit-anchor) was not checked; "
                        "add --anchor %s\n", cfg->audit_anchor, cfg->audit_anchor);
out:
    db_close(d);
    return status;
}

int cmd_audit(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) { audit_help(); return 0; }
    struct config cfg;
    if (cli_load_config("audit", &cfg, &argc, argv) != 0) return 2;
    const char *verb = NULL, *anchors[MAX_ANCHOR_FILES];
    int n_anchors = 0;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--anchor") == 0 || strncmp(arg, "--anchor=", 9) == 0) {
            const char *file = arg[8] == '=' ? arg + 9 : i + 1 < argc ? argv[++i] : NULL;
            if (!file || !*file) {
                fprintf(stderr, "datalots audit: option --anchor needs a file; see datalots audit --help\n");
                return 2;
            }
            if (n_anchors == MAX_ANCHOR_FILES) {
                fprintf(stderr, "datalots audit: at most %d --anchor files at once\n", MAX_ANCHOR_FILES);
                return 2;
            }
            anchors[n_anchors++] = file;
        } else if (arg[0] == '-') {
            fprintf(stderr, "datalots audit: unknown option \"%s\"; see datalots audit --help\n", arg);
            return 2;
        } else if (verb) {
            fprintf(stderr, "datalots audit: unexpected argument \"%s\"; see datalots audit --help\n", arg);
            return 2;
        } else {
            verb = arg;
        }
    }
    if (verb && strcmp(verb, "head") == 0 && !n_anchors) return audit_head(&cfg);
    if (verb && strcmp(verb, "verify") == 0) return audit_verify_cmd(&cfg, anchors, n_anchors);
    if (verb && strcmp(verb, "head") == 0)
        fprintf(stderr, "datalots audit: --anchor belongs to verify, not head; see datalots audit --help\n");
    else
        fprintf(stderr, "datalots audit: expected \"verify\" or \"head\"%s%s%s; see datalots audit --help\n",
                verb ? ", not \"" : "", verb ? verb : "", verb ? "\"" : "");
    return 2;
}
