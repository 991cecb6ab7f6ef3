/* cmd_delivery.c — `datalots delivery offer|sweep`: an operator offers an
 * encrypted file made outside datalots (or by the runner) to a case's
 * applicant — the case's register_delivery step and the mailed single-use
 * link in one transaction (store/delivery.h) — and removes expired files.
 *
 * Acting as someone: the step needs a person whose grants allow it (Data
 * och analys for Process 2, the named employee for Process 1), so the
 * command takes --as USERNAME and acts with that account's grants, audited
 * under its name. No password is asked: whoever runs datalots on the server
 * can read the store anyway; --as names whose authority the step uses, as
 * the audit log will show. A disabled account cannot act. */
#include "cli/cli.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/token.h"
#include "store/delivery.h"
#include "store/users.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void delivery_help(void)
{
    printf("usage:\n"
           "  datalots delivery offer --case ID --file PATH --as USERNAME [--hours H] [--destroy-by YYYY-MM-DD]\n"
           "                          [--note TEXT]\n"
           "      registers the delivery of case ID (which must be in extraction) by USERNAME's authority\n"
           "      and mails the applicant a single-use link to PATH (an age file), valid H hours\n"
           "      (1..%d, default 168); the file is removed after the download or at expiry\n"
           "  datalots delivery sweep\n"
           "      removes the files of expired links (the server does it every ten minutes)\n\n",
           DELIVERY_HOURS_MAX);
    config_print_help(stdout);
}

/* SHA-256 of a file, read in pieces; its size in *bytes. 0 on success. */
static int file_sha256(const char *path, char hex[TOKEN_HEX_SIZE], int64_t *bytes)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    unsigned char buf[65536], out[crypto_hash_sha256_BYTES];
    ssize_t n;
    *bytes = 0;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        crypto_hash_sha256_update(&st, buf, (unsigned long long)n);
        *bytes += n;
    }
    close(fd);
    if (n < 0) return -1;
    crypto_hash_sha256_final(&st, out);
    sodium_bin2hex(hex, TOKEN_HEX_SIZE, out, sizeof out);
    return 0;
}

static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno || v < lo || v > hi) return 0;
    *out = v;
    return 1;
}

static int offer(const struct config *cfg, int argc, char **argv)
{
    long case_id = 0, hours = 168;
    const char *file = NULL, *as = NULL, *destroy_by = "", *note = NULL;
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--case") == 0 && v) {
            if (!parse_long(v, 1, INT32_MAX, &case_id)) { fprintf(stderr, "datalots delivery: --case takes a case id\n"); return 2; }
        } else if (strcmp(argv[i], "--hours") == 0 && v) {
            if (!parse_long(v, DELIVERY_HOURS_MIN, DELIVERY_HOURS_MAX, &hours)) {
                fprintf(stderr, "datalots delivery: --hours takes %d to %d\n", DELIVERY_HOURS_MIN, DELIVERY_HOURS_MAX);
                return 2;
            }
        } else if (strcmp(argv[i], "--file") == 0 && v) file = v;
        else if (strcmp(argv[i], "--as") == 0 && v) as = v;
        else if (strcmp(argv[i], "--destroy-by") == 0 && v) destroy_by = v;
        else if (strcmp(argv[i], "--note") == 0 && v) note = v;
        else {
            fprintf(stderr, "datalots delivery: unknown option or argument \"%s\"; see datalots delivery --help\n", argv[i]);
            return 2;
        }
        i++;
    }
    if (!case_id || !file || !as) {
        fprintf(stderr, "datalots delivery offer: say --case, --file and --as; see datalots delivery --help\n");
        return 2;
    }
    char path[PATH_MAX], sha[TOKEN_HEX_SIZE];
    int64_t bytes = 0;
    if (!realpath(file, path) || file_sha256(path, sha, &bytes) != 0) {
        fprintf(stderr, "datalots delivery offer: cannot read %s: %s\n", file, strerror(errno));
        return 1;
    }
    db *d = cli_open_store(cfg);
    if (!d) return 1;
    arena *a = arena_new(4096);
    dl_error e;
    dl_error_clear(&e);
    user u;
    user_grant grants[AUTHZ_MAX_GRANTS];
    authz_grant ag[AUTHZ_MAX_GRANTS];
    int n = 0;
    int64_t id = 0;
    dl_err rc = a ? user_by_username(d, a, as, &u, &e) : dl_fail(&e, DL_ENOMEM, "out of memory");
    if (rc == DL_ENOTFOUND) dl_fail(&e, rc, "Kontot %s finns inte.", as);
    if (rc == DL_OK && u.disabled) rc = dl_fail(&e, DL_EDENIED, "Kontot %s är avstängt och kan inte registrera en leverans.", as);
    if (rc == DL_OK) rc = user_grants(d, a, u.id, grants, AUTHZ_MAX_GRANTS, &n, &e);
    if (rc == DL_OK) {
        user_grants_to_authz(grants, n, ag);
        authz_subject subject = {u.id, ag, n};
        audit_actor who = {u.id, u.username};
        rc = delivery_offer_case(d, &subject, &who, case_id, path, sha, bytes, destroy_by, (int)hours, cfg->public_url,
                                 note, &id, &e);
    }
    arena_free(a);
    db_close(d);
    if (rc != DL_OK) {
        fprintf(stderr, "datalots delivery offer: %s\n", e.msg);
        return 1;
    }
    char until[32];
    clock_local_minute(clock_now() + hours * 3600, until);
    printf("delivery %" PRId64 ": case %ld delivered, link mailed to the applicant, valid until %s\n", id, case_id, until);
    return 0;
}

int cmd_delivery(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) { delivery_help(); return 0; }
    struct config cfg;
    if (cli_load_config("delivery", &cfg, &argc, argv) != 0) return 2;
    if (argc >= 1 && strcmp(argv[0], "offer") == 0) return offer(&cfg, argc, argv);
    if (argc == 1 && strcmp(argv[0], "sweep") == 0) {
        db *d = cli_open_store(&cfg);
        if (!d) return 1;
        dl_error e;
        dl_error_clear(&e);
        int removed = 0;
        dl_err rc = delivery_sweep(d, clock_now(), &removed, &e);
        db_close(d);
        if (rc != DL_OK) { fprintf(stderr, "datalots delivery sweep: %s\n", e.msg); return 1; }
        printf("removed %d expired deliver%s\n", removed, removed == 1 ? "y" : "ies");
        return 0;
    }
    fprintf(stderr, "datalots delivery: say offer or sweep; see datalots delivery --help\n");
    return 2;
}
