/* cmd_mail.c — `datalots mail send|test|list`: one pass of the outbox's
 * sender (for cron or a test), a test mail in Swedish and English for the
 * operator's own check, and the outbox as text. Also the SMTP settings
 * serve and mail share (cli_smtp_setup): the password comes from
 * --smtp-password-file or DATALOTS_SMTP_PASSWORD, never the command line. */
#include "cli/cli.h"
#include "core/clock.h"
#include "notify/mail_sender.h"
#include "notify/mail_text.h"
#include "notify/smtp_send.h"
#include "store/outbox.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void mail_help(void)
{
    printf("usage:\n"
           "  datalots mail send [options]                 one pass of the sender: sends every due mail\n"
           "  datalots mail test --to ADDRESS [options]    queues a test mail in Swedish and one in English\n"
           "  datalots mail list [--state S] [--limit N]   the outbox, newest first (S: pending sending sent failed)\n\n"
           "send needs --smtp-url and --smtp-from; it prints how many were sent and how many\n"
           "attempts failed, and exits 0 when none failed, 1 when some did or the store\n"
           "failed. A failed attempt is retried later: after 1, 2, 4 … minutes, at most\n"
           "4 hours apart, 15 attempts in all (about 28 hours); then the mail is marked\n"
           "failed and an administrator may retry it on /admin/outbox.\n"
           "test puts the two mails in the outbox; a running `datalots serve` with\n"
           "--smtp-url sends them within --mail-interval seconds, or run `datalots mail send`.\n\n");
    config_print_help(stdout);
}

/* The first line of path, for the SMTP password. */
static int read_password_file(const char *path, char *out, size_t outsz)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "datalots: cannot read --smtp-password-file %s: %s\n", path, strerror(errno));
        return 1;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && (st.st_mode & 0077))
        fprintf(stderr, "datalots: warning: %s (the SMTP password) can be read by others; chmod 600 it\n", path);
    int ok = fgets(out, (int)outsz, f) != NULL;
    fclose(f);
    if (!ok) {
        fprintf(stderr, "datalots: --smtp-password-file %s is empty\n", path);
        return 1;
    }
    out[strcspn(out, "\r\n")] = '\0';
    return 0;
}

int cli_smtp_setup(const struct config *cfg, struct smtp_config *sc, char *password, size_t pwsz)
{
    password[0] = '\0';
    if (cfg->smtp_password_file[0]) {
        if (read_password_file(cfg->smtp_password_file, password, pwsz) != 0) return 1;
    } else {
        const char *env = getenv("DATALOTS_SMTP_PASSWORD");
        if (env && strlen(env) >= pwsz) {
            fprintf(stderr, "datalots: DATALOTS_SMTP_PASSWORD is too long\n");
            return 2;
        }
        if (env) snprintf(password, pwsz, "%s", env);
    }
    smtp_config c = {.url = cfg->smtp_url, .from = cfg->smtp_from, .user = cfg->smtp_user, .password = password,
                     .require_tls = cfg->smtp_require_tls};
    dl_error e;
    dl_error_clear(&e);
    if (smtp_config_check(&c, &e) != DL_OK) {
        fprintf(stderr, "datalots: %s\n", e.msg);
        return 2;
    }
    *sc = c;
    return 0;
}

static int mail_send(const struct config *cfg)
{
    char password[512];
    smtp_config sc;
    int status = cli_smtp_setup(cfg, &sc, password, sizeof password);
    if (status != 0) return status;
    smtp_global_init();
    db *d = cli_open_store(cfg);
    if (!d) return 1;
    dl_error e;
    dl_error_clear(&e);
    int sent = 0, failed = 0;
    dl_err rc = mail_sender_run_once(d, &sc, &sent, &failed, &e);
    db_close(d);
    memset(password, 0, sizeof password);
    printf("sent %d, failed %d\n", sent, failed);
    if (rc != DL_OK) {
        fprintf(stderr, "datalots mail: the store failed: %s\n", e.msg);
        return 1;
    }
    return failed ? 1 : 0;
}

static const audit_actor cli_actor = {0, "cli"};

static int mail_test(const struct config *cfg, const char *to)
{
    char host[256] = "";
    if (gethostname(host, sizeof host - 1) != 0) snprintf(host, sizeof host, "(unknown host)");
    char when[32];
    clock_local_minute(clock_now(), when);
    mail_value values[] = {{"host", host}, {"time", when}};
    db *d = cli_open_store(cfg);
    if (!d) return 1;
    dl_error e;
    dl_error_clear(&e);
    static const char *const langs[] = {"sv", "en"};
    int64_t ids[2] = {0, 0};
    dl_err rc = db_begin(d, &e);
    for (int i = 0; i < 2 && rc == DL_OK; i++) {
        mail_text t;
        rc = mail_text_render("mail.test", langs[i], values, 2, &t, &e);
        if (rc != DL_OK) break;
        outbox_mail m = {to, t.subject, t.body, langs[i], "mail.test", 0};
        rc = outbox_enqueue_in_tx(d, &m, &ids[i], &e);
        mail_text_free(&t);
    }
    char detail[96];
    snprintf(detail, sizeof detail, "%" PRId64 ",%" PRId64, ids[0], ids[1]);
    if (rc == DL_OK) rc = audit_append(d, &cli_actor, "mail.test", "outbox", detail, NULL, NULL, "", &e);
    if (rc == DL_OK) rc = db_commit(d, &e);
    else if (db_in_transaction(d)) db_rollback(d);
    db_close(d);
    if (rc != DL_OK) {
        fprintf(stderr, "datalots mail test: %s\n", e.msg);
        return rc == DL_EINVAL || rc == DL_ELIMIT ? 2 : 1;
    }
    printf("queued test mails %" PRId64 " (sv) and %" PRId64 " (en) to %s\n", ids[0], ids[1], to);
    return 0;
}

static int mail_list(const struct config *cfg, const char *state, int limit)
{
    db *d = cli_open_store(cfg);
    if (!d) return 1;
    arena *a = arena_new(64 * 1024);
    outbox_rec *rows = a ? arena_alloc(a, sizeof *rows * OUTBOX_LIST_MAX) : NULL;
    dl_error e;
    dl_error_clear(&e);
    int n = 0, status = 1;
    int64_t total = 0;
    if (!rows) fprintf(stderr, "datalots mail list: out of memory\n");
    else if (outbox_list(d, a, state, limit, 0, rows, &n, &total, &e) != DL_OK)
        fprintf(stderr, "datalots mail list: %s\n", e.msg);
    else {
        printf("id\tstate\tattempts\tnext attempt\tcreated\tkind\tlang\tto\tsubject\tlast error\n");
        for (int i = 0; i < n; i++) {
            char next[32] = "-";
            if (strcmp(rows[i].state, "pending") == 0) clock_local_minute(rows[i].next_attempt_at, next);
            printf("%" PRId64 "\t%s\t%" PRId64 "\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", rows[i].id, rows[i].state,
                   rows[i].attempts, next, rows[i].created_at, rows[i].kind, rows[i].lang, rows[i].to,
                   rows[i].subject, rows[i].last_error);
        }
        if (total > n) printf("(%d of %" PRId64 " shown; --limit N shows more)\n", n, total);
        status = 0;
    }
    arena_free(a);
    db_close(d);
    return status;
}

int cmd_mail(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) { mail_help(); return 0; }
    struct config cfg;
    if (cli_load_config("mail", &cfg, &argc, argv) != 0) return 2;
    if (argc < 1) { fprintf(stderr, "datalots mail: say send, test or list; see datalots mail --help\n"); return 2; }
    const char *sub = argv[0], *to = NULL, *state = NULL;
    int limit = 50;
    for (int i = 1; i < argc; i++) {
        int has_value = i + 1 < argc;
        if (strcmp(argv[i], "--to") == 0 && has_value) to = argv[++i];
        else if (strcmp(argv[i], "--state") == 0 && has_value) state = argv[++i];
        else if (strcmp(argv[i], "--limit") == 0 && has_value) {
            char *end = NULL;
            long v = strtol(argv[++i], &end, 10);
            if (!*argv[i] || *end || v < 1 || v > OUTBOX_LIST_MAX) {
                fprintf(stderr, "datalots mail list: --limit must be 1 to %d\n", OUTBOX_LIST_MAX);
                return 2;
            }
            limit = (int)v;
        } else {
            fprintf(stderr, "datalots mail: unknown option or argument \"%s\"; see datalots mail --help\n", argv[i]);
            return 2;
        }
    }
    if (strcmp(sub, "send") == 0 && !to && !state) return mail_send(&cfg);
    if (strcmp(sub, "test") == 0 && !state) {
        if (!to) { fprintf(stderr, "datalots mail test: give --to ADDRESS\n"); return 2; }
        return mail_test(&cfg, to);
    }
    if (strcmp(sub, "list") == 0 && !to) {
        if (state && !outbox_state_valid(state)) {
            fprintf(stderr, "datalots mail list: --state must be pending, sending, sent or failed\n");
            return 2;
        }
        return mail_list(&cfg, state, limit);
    }
    fprintf(stderr, "datalots mail: unknown subcommand or option for \"%s\"; see datalots mail --help\n", sub);
    return 2;
}
