/* test_config.c — cli/config.c: defaults, then the config file, then the
 * environment, then flags; error sentences that name what to fix; argv
 * compaction; --listen splitting; the web layer's settings filled from
 * the flags (config_web); and printing a store URL without its
 * password. */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli/config.h"
#include "web/web_config.h"

static const char *const env_names[] = {
    "DATALOTS_CONFIG", "DATALOTS_DB", "DATALOTS_LISTEN", "DATALOTS_WORKERS", "DATALOTS_PUBLIC_URL",
    "DATALOTS_LOCALE_DIR", "DATALOTS_ACCESS_LOG", "DATALOTS_MAX_BODY", "DATALOTS_REQUEST_TIMEOUT",
    "DATALOTS_SESSION_IDLE", "DATALOTS_SESSION_MAX", "DATALOTS_AUDIT_ANCHOR", "DATALOTS_AUDIT_ANCHOR_INTERVAL",
    "DATALOTS_MAX_CONNECTIONS_PER_ADDRESS", "DATALOTS_TRUSTED_PROXY",
};

static void clean_env(void)
{
    for (size_t i = 0; i < sizeof env_names / sizeof env_names[0]; i++) unsetenv(env_names[i]);
}

/* Writes text to <tmpdir>/name and returns the path (static buffer per slot). */
static const char *write_file(const char *name, const char *text)
{
    static char paths[4][512];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, 512, "%s/%s", test_tmpdir(), name);
    FILE *f = fopen(p, "w");
    if (!f) return NULL;
    fputs(text, f);
    fclose(f);
    return p;
}

/* Runs config_load on a copy of args (NULL-terminated); the compacted argv
 * is left in out_argv (room for 16). */
static dl_err load(struct config *c, const char *const *args, int *argc, char **out_argv, dl_error *e)
{
    int n = 0;
    while (args && args[n]) {
        out_argv[n] = (char *)args[n];
        n++;
    }
    out_argv[n] = NULL;
    *argc = n;
    return config_load(c, argc, out_argv, e);
}

TEST(config_defaults)
{
    clean_env();
    struct config c;
    char *argv[16];
    int argc = 0;
    dl_error e = {0};
    CHECK_INT_EQ(load(&c, NULL, &argc, argv, &e), DL_OK);
    CHECK_INT_EQ(argc, 0);
    CHECK_STR_EQ(c.db, "sqlite:var/datalots.db");
    CHECK_STR_EQ(c.listen, "127.0.0.1:8080");
    CHECK_INT_EQ(c.workers, 2);
    CHECK_STR_EQ(c.access_log, "-");
    CHECK_INT_EQ(c.max_body, 1048576);
    CHECK_INT_EQ(c.request_timeout, 30);
    CHECK_INT_EQ(c.session_idle_minutes, 30);
    CHECK_INT_EQ(c.session_max_hours, 12);
    CHECK_STR_EQ(c.audit_anchor, "");
    CHECK_INT_EQ(c.audit_anchor_interval, 60);
    CHECK_INT_EQ(c.max_connections_per_address, 64);
    CHECK_INT_EQ(c.reports_per_hour, 10);
    CHECK_INT_EQ(c.obstacle_stale_days, 30);
    CHECK_INT_EQ(c.release_register_delay, 30);
    CHECK_STR_EQ(c.public_url, "");
    CHECK_STR_EQ(c.locale_dir, "");
    CHECK_STR_EQ(c.config_file, "");
}

TEST(config_file_then_env_then_flags)
{
    clean_env();
    const char *file = write_file("d.conf", "# datalots settings\n"
                                            "\n"
                                            "db = sqlite:/from/file.db\n"
                                            "  listen=10.0.0.1:81  \n"
                                            "workers = 3\r\n"
                                            "session_idle = 45\n");
    CHECK(file != NULL);
    struct config c;
    char *argv[16];
    int argc;
    dl_error e = {0};

    /* File alone. */
    const char *a1[] = {"--config", file, NULL};
    CHECK_INT_EQ(load(&c, a1, &argc, argv, &e), DL_OK);
    CHECK_STR_EQ(c.db, "sqlite:/from/file.db");
    CHECK_STR_EQ(c.listen, "10.0.0.1:81");
    CHECK_INT_EQ(c.workers, 3);
    CHECK_INT_EQ(c.session_idle_minutes, 45);
    CHECK_STR_EQ(c.config_file, file);
    CHECK_INT_EQ(argc, 0);

    /* The environment beats the file. */
    setenv("DATALOTS_DB", "sqlite:/from/env.db", 1);
    setenv("DATALOTS_LISTEN", "10.0.0.2:82", 1);
    setenv("DATALOTS_WORKERS", "4", 1);
    CHECK_INT_EQ(load(&c, a1, &argc, argv, &e), DL_OK);
    CHECK_STR_EQ(c.db, "sqlite:/from/env.db");
    CHECK_STR_EQ(c.listen, "10.0.0.2:82");
    CHECK_INT_EQ(c.workers, 4);
    CHECK_INT_EQ(c.session_idle_minutes, 45); /* only in the file */

    /* Flags beat both — wherever --config stands. */
    const char *a2[] = {"--db", "sqlite:/from/flag.db", "--listen", "10.0.0.3:83", "--workers", "5",
                        "--config", file, NULL};
    CHECK_INT_EQ(load(&c, a2, &argc, argv, &e), DL_OK);
    CHECK_STR_EQ(c.db, "sqlite:/from/flag.db");
    CHECK_STR_EQ(c.listen, "10.0.0.3:83");
    CHECK_INT_EQ(c.workers, 5);
    CHECK_INT_EQ(argc, 0);

    /* Each setting from its own source. */
    unsetenv("DATALOTS_DB");
    unsetenv("DATALOTS_WORKERS");
    const char *a3[] = {"--config", file, "--workers", "6", NULL};
    CHECK_INT_EQ(load(&c, a3, &argc, argv, &e), DL_OK);
    CHECK_STR_EQ(c.db, "sqlite:/from/file.db");
    CHECK_STR_EQ(c.listen, "10.0.0.2:82");
    CHECK_INT_EQ(c.workers, 6);

    /* An empty environment variable does not override. */
    setenv("DATALOTS_LISTEN", "", 1);
    CHECK_INT_EQ(load(&c, a3, &argc, argv, &e), DL_OK);
    CHECK_STR_EQ(c.listen, "10.0.0.1:81");
}

TEST(config_file_from_environment_and_flag_wins)
{
    clean_env();
    const char *f1 = write_file("one.conf", "db = sqlite:one.db\n");
    const char *f2 = write_file("two.conf", "db = sqlite:two.db\n");
    setenv("DATALOTS_CONFIG", f1, 1);
    struct config c;
    char *argv[16];
    int argc;
    dl_error e = {0};
    CHECK_INT_EQ(load(&c, NULL, &argc, argv, &e), DL_OK);
    CHECK_STR_EQ(c.db, "sqlite:one.db");
    CHECK_STR_EQ(c.config_file, f1);
    const char *a[] = {"--config", f2, NULL};
    CHECK_INT_EQ(load(&c, a, &argc, argv, &e), DL_OK);
    CHECK_STR_EQ(c.db, "sqlite:two.db");
    char eq[600];
    snprintf(eq, sizeof eq, "--config=%s", f1);
    const char *b[] = {eq, NULL};
    CHECK_INT_EQ(load(&c, b, &argc, argv, &e), DL_OK);
    CHECK_STR_EQ(c.db, "sqlite:one.db");
    CHECK_INT_EQ(argc, 0);
}

TEST(config_audit_anchor_from_every_source)
{
    clean_env();
    struct config c;
    char *argv[16];
    int argc;
    dl_error e = {0};
    const char *f = write_file("a.conf", "audit_anchor = /srv/anchors/file.log\naudit_anchor_interval = 300\n");
    const char *a1[] = {"--config", f, NULL};
    CHECK_INT_EQ(load(&c, a1, &argc, argv, &e), DL_OK);
    CHECK_STR_EQ(c.audit_anchor, "/srv/anchors/file.log");
    CHECK_INT_EQ(c.audit_anchor_interval, 300);
    setenv("DATALOTS_AUDIT_ANCHOR", "/env/anchor.log", 1);
    setenv("DATALOTS_AUDIT_ANCHOR_INTERVAL", "5", 1);
    CHECK_INT_EQ(load(&c, a1, &argc, argv, &e), DL_OK);
    CHECK_STR_EQ(c.audit_anchor, "/env/anchor.log");
    CHECK_INT_EQ(c.audit_anchor_interval, 5);
    /* The longer flag is not taken for the shorter one, nor the other way round. */
    const char *a2[] = {"--audit-anchor-interval", "86400", "--audit-anchor", "/flag/anchor.log", "verify", NULL};
    CHECK_INT_EQ(load(&c, a2, &argc, argv, &e), DL_OK);
    CHECK_STR_EQ(c.audit_anchor, "/flag/anchor.log");
    CHECK_INT_EQ(c.audit_anchor_interval, 86400);
    CHECK_INT_EQ(argc, 1);
    CHECK_STR_EQ(argv[0], "verify");
    const char *a3[] = {"--audit-anchor=/eq.log", "--audit-anchor-interval=61", NULL};
    CHECK_INT_EQ(load(&c, a3, &argc, argv, &e), DL_OK);
    CHECK_STR_EQ(c.audit_anchor, "/eq.log");
    CHECK_INT_EQ(c.audit_anchor_interval, 61);
    clean_env();
}

TEST(config_flag_equals_form)
{
    clean_env();
    struct config c;
    char *argv[16];
    int argc;
    dl_error e = {0};
    const char *a[] = {"--db=postgresql://u:p@h/db?x=y", "--workers=8", "--listen=[::1]:9000",
                       "--max-body=2048", "--public-url=https://datalots.example", "--access-log=off", NULL};
    CHECK_INT_EQ(load(&c, a, &argc, argv, &e), DL_OK);
    CHECK_STR_EQ(c.db, "postgresql://u:p@h/db?x=y"); /* only the first '=' splits */
    CHECK_INT_EQ(c.workers, 8);
    CHECK_STR_EQ(c.listen, "[::1]:9000");
    CHECK_INT_EQ(c.max_body, 2048);
    CHECK_STR_EQ(c.public_url, "https://datalots.example");
    CHECK_STR_EQ(c.access_log, "off");
    CHECK_INT_EQ(argc, 0);
}

TEST(config_missing_value_names_the_flag)
{
    clean_env();
    struct config c;
    char *argv[16];
    int argc;
    dl_error e = {0};
    static const struct { const char *args[4]; const char *flag; } cases[] = {
        {{"--listen", NULL}, "--listen"},
        {{"--db", "--workers", "3", NULL}, "--db"}, /* the next flag is not a value */
        {{"serve", "--workers", NULL}, "--workers"},
        {{"--config", NULL}, "--config"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dl_error_clear(&e);
        CHECK_INT_EQ(load(&c, cases[i].args, &argc, argv, &e), DL_ECONFIG);
        CHECK_CONTAINS(e.msg, cases[i].flag);
        CHECK_CONTAINS(e.msg, "needs a value");
    }
}

TEST(config_bad_number_is_an_error_naming_the_source)
{
    clean_env();
    struct config c;
    char *argv[16];
    int argc;
    dl_error e = {0};
    static const struct { const char *args[3]; const char *expect; } cases[] = {
        {{"--workers", "abc", NULL}, "--workers"},
        {{"--workers", "0", NULL}, "1 to 64"},
        {{"--workers", "65", NULL}, "\"65\""},
        {{"--workers", "3x", NULL}, "\"3x\""},
        {{"--workers=", NULL}, "--workers"},
        {{"--workers", "-2", NULL}, "\"-2\""},
        {{"--max-body", "99999999999999999999999", NULL}, "--max-body"},
        {{"--max-body", "1023", NULL}, "1024"},
        {{"--session-max", "169", NULL}, "--session-max"},
        {{"--request-timeout", " ", NULL}, "--request-timeout"},
        {{"--audit-anchor-interval", "4", NULL}, "5 to 86400"},
        {{"--audit-anchor-interval", "86401", NULL}, "--audit-anchor-interval"},
        {{"--max-connections-per-address", "0", NULL}, "1 to 4096"},
        {{"--max-connections-per-address", "4097", NULL}, "\"4097\""},
        {{"--reports-per-hour", "-1", NULL}, "--reports-per-hour"},
        {{"--reports-per-hour", "100001", NULL}, "0 to 100000"},
        {{"--obstacle-stale-days", "0", NULL}, "1 to 3650"},
        {{"--release-register-delay", "-1", NULL}, "0 to 365"},
        {{"--release-register-delay", "366", NULL}, "--release-register-delay"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dl_error_clear(&e);
        if (load(&c, cases[i].args, &argc, argv, &e) != DL_ECONFIG) {
            test_fail(__FILE__, __LINE__, "%s %s was accepted", cases[i].args[0],
                      cases[i].args[1] ? cases[i].args[1] : "");
            continue;
        }
        CHECK_CONTAINS(e.msg, cases[i].expect);
        CHECK_CONTAINS(e.msg, "whole number");
    }
    /* From the environment: the message names the variable. */
    setenv("DATALOTS_WORKERS", "many", 1);
    CHECK_INT_EQ(load(&c, NULL, &argc, argv, &e), DL_ECONFIG);
    CHECK_CONTAINS(e.msg, "DATALOTS_WORKERS");
    CHECK_CONTAINS(e.msg, "many");
    unsetenv("DATALOTS_WORKERS");
    /* From a file: the message names file:line. */
    const char *f = write_file("n.conf", "db = sqlite:x.db\nworkers = lots\n");
    const char *a[] = {"--config", f, NULL};
    CHECK_INT_EQ(load(&c, a, &argc, argv, &e), DL_ECONFIG);
    char where[600];
    snprintf(where, sizeof where, "%s:2:", f);
    CHECK_CONTAINS(e.msg, where);
    CHECK_CONTAINS(e.msg, "lots");
}

TEST(config_max_connections_per_address_from_every_source)
{
    clean_env();
    struct config c;
    char *argv[16];
    int argc;
    dl_error e = {0};
    const char *f = write_file("m.conf", "max_connections_per_address = 10\n");
    const char *a[] = {"--config", f, NULL};
    CHECK_INT_EQ(load(&c, a, &argc, argv, &e), DL_OK);
    CHECK_INT_EQ(c.max_connections_per_address, 10);
    setenv("DATALOTS_MAX_CONNECTIONS_PER_ADDRESS", "20", 1);
    CHECK_INT_EQ(load(&c, a, &argc, argv, &e), DL_OK);
    CHECK_INT_EQ(c.max_connections_per_address, 20);
    const char *b[] = {"--config", f, "--max-connections-per-address", "4096", NULL};
    CHECK_INT_EQ(load(&c, b, &argc, argv, &e), DL_OK);
    CHECK_INT_EQ(c.max_connections_per_address, 4096);
    CHECK_INT_EQ(argc, 0);
    unsetenv("DATALOTS_MAX_CONNECTIONS_PER_ADDRESS");
}

/* The longest flag and variable names set the column widths. */
TEST(config_help_text_in_one_column)
{
    char path[600];
    snprintf(path, sizeof path, "%s/help.txt", test_tmpdir());
    FILE *out = fopen(path, "w+");
    CHECK(out != NULL);
    config_print_help(out);
    rewind(out);
    char line[512];
    int col = -1, rows = 0;
    while (fgets(line, sizeof line, out)) {
        if (strncmp(line, "  --", 4) != 0) continue;
        rows++;
        char *env = strstr(line, " DATALOTS_");
        CHECK(env != NULL);
        char *help = strchr(env + 1, ' ');
        while (help && *help == ' ') help++;
        CHECK(help != NULL);
        if (col < 0) col = (int)(help - line);
        if ((int)(help - line) != col) test_fail(__FILE__, __LINE__, "help text not in one column: %s", line);
    }
    fclose(out);
    CHECK(rows >= 15);
}

TEST(config_file_errors_name_file_and_line)
{
    clean_env();
    struct config c;
    char *argv[16];
    int argc;
    dl_error e = {0};
    const char *f = write_file("u.conf", "# comment\ndb = sqlite:x.db\ncolour = blue\nworkers = 3\n");
    const char *a[] = {"--config", f, NULL};
    CHECK_INT_EQ(load(&c, a, &argc, argv, &e), DL_ECONFIG);
    char where[600];
    snprintf(where, sizeof where, "%s:3:", f);
    CHECK_CONTAINS(e.msg, where);
    CHECK_CONTAINS(e.msg, "colour");

    f = write_file("v.conf", "db = sqlite:x.db\n\njust some words\n");
    const char *b[] = {"--config", f, NULL};
    CHECK_INT_EQ(load(&c, b, &argc, argv, &e), DL_ECONFIG);
    snprintf(where, sizeof where, "%s:3:", f);
    CHECK_CONTAINS(e.msg, where);
    CHECK_CONTAINS(e.msg, "key = value");

    /* Flag names are not file keys. */
    f = write_file("w.conf", "--db = sqlite:x.db\n");
    const char *d[] = {"--config", f, NULL};
    CHECK_INT_EQ(load(&c, d, &argc, argv, &e), DL_ECONFIG);
    CHECK_CONTAINS(e.msg, ":1:");

    char missing[600];
    snprintf(missing, sizeof missing, "%s/nope.conf", test_tmpdir());
    const char *m[] = {"--config", missing, NULL};
    CHECK_INT_EQ(load(&c, m, &argc, argv, &e), DL_ECONFIG);
    CHECK_CONTAINS(e.msg, missing);
}

TEST(config_long_comment_line_is_ignored)
{
    /* KNOWN-BUG: load_file() in src/cli/config.c reads lines with
     * fgets(line, 1024): a comment longer than 1023 bytes is split, and the
     * rest of it is parsed as a setting of its own ("expected key = value",
     * with the next line number), so a valid file is refused. */
    clean_env();
    char text[3000];
    size_t n = 0;
    text[n++] = '#';
    for (; n < 2000; n++) text[n] = (n % 50 == 0) ? ' ' : 'x';
    text[n] = '\0';
    strcat(text, "\nworkers = 7\n");
    const char *f = write_file("long.conf", text);
    struct config c;
    char *argv[16];
    int argc;
    dl_error e = {0};
    const char *a[] = {"--config", f, NULL};
    dl_err rc = load(&c, a, &argc, argv, &e);
    if (rc != DL_OK) test_fail(__FILE__, __LINE__, "refused: %s", e.msg);
    else CHECK_INT_EQ(c.workers, 7);
}

TEST(config_leaves_positional_arguments_in_argv)
{
    clean_env();
    struct config c;
    char *argv[16];
    int argc;
    dl_error e = {0};
    const char *a[] = {"user", "--db", "sqlite:x.db", "add", "anna", "--role", "registrar@RH",
                       "--listen=1.2.3.4:5", "--dbx", "--workers", "3", "last", NULL};
    CHECK_INT_EQ(load(&c, a, &argc, argv, &e), DL_OK);
    CHECK_INT_EQ(argc, 7);
    CHECK_STR_EQ(argv[0], "user");
    CHECK_STR_EQ(argv[1], "add");
    CHECK_STR_EQ(argv[2], "anna");
    CHECK_STR_EQ(argv[3], "--role");
    CHECK_STR_EQ(argv[4], "registrar@RH");
    CHECK_STR_EQ(argv[5], "--dbx"); /* not --db */
    CHECK_STR_EQ(argv[6], "last");
    CHECK(argv[7] == NULL);
    CHECK_STR_EQ(c.db, "sqlite:x.db");
    CHECK_STR_EQ(c.listen, "1.2.3.4:5");
    CHECK_INT_EQ(c.workers, 3);
}

TEST(config_too_long_value_is_refused)
{
    clean_env();
    char big[700];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    struct config c;
    char *argv[16];
    int argc;
    dl_error e = {0};
    const char *a[] = {"--db", big, NULL};
    CHECK_INT_EQ(load(&c, a, &argc, argv, &e), DL_ECONFIG);
    CHECK_CONTAINS(e.msg, "--db");
    CHECK_CONTAINS(e.msg, "too long");
}

TEST(config_listen_splits_host_and_port)
{
    struct config c;
    memset(&c, 0, sizeof c);
    char host[64];
    int port = -1;
    dl_error e = {0};

    snprintf(c.listen, sizeof c.listen, "127.0.0.1:8080");
    CHECK_INT_EQ(config_listen_parts(&c, host, sizeof host, &port, &e), DL_OK);
    CHECK_STR_EQ(host, "127.0.0.1");
    CHECK_INT_EQ(port, 8080);

    snprintf(c.listen, sizeof c.listen, "[::1]:80"); /* the server strips the brackets */
    CHECK_INT_EQ(config_listen_parts(&c, host, sizeof host, &port, &e), DL_OK);
    CHECK_STR_EQ(host, "[::1]");
    CHECK_INT_EQ(port, 80);

    snprintf(c.listen, sizeof c.listen, "localhost:0");
    CHECK_INT_EQ(config_listen_parts(&c, host, sizeof host, &port, &e), DL_OK);
    CHECK_STR_EQ(host, "localhost");
    CHECK_INT_EQ(port, 0);

    static const struct { const char *listen, *expect; } bad[] = {
        {"nocolon", "HOST:PORT"},
        {"h:99999", "0..65535"},
        {"h:", "0..65535"},
        {"h:-1", "0..65535"},
        {"h:80x", "0..65535"},
        {":8080", "HOST:PORT"},
        {"", "HOST:PORT"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(c.listen, sizeof c.listen, "%s", bad[i].listen);
        port = -1;
        dl_error_clear(&e);
        if (config_listen_parts(&c, host, sizeof host, &port, &e) != DL_ECONFIG) {
            test_fail(__FILE__, __LINE__, "\"%s\" was accepted", bad[i].listen);
            continue;
        }
        CHECK_CONTAINS(e.msg, bad[i].expect);
        CHECK_INT_EQ(port, -1);
    }

    /* A host that does not fit the caller's buffer. */
    snprintf(c.listen, sizeof c.listen, "a-rather-long-host-name.example:80");
    char tiny[8];
    CHECK_INT_EQ(config_listen_parts(&c, tiny, sizeof tiny, &port, &e), DL_ECONFIG);
    CHECK_CONTAINS(e.msg, "too long");
}

/* config_web: what the server and handlers read, each from its own flag
 * (values unlike the defaults), and --listen split. */
TEST(config_web_takes_what_the_server_reads)
{
    clean_env();
    static const char *const args[] = {
        "--listen", "[::1]:8181", "--workers", "5", "--request-timeout", "17", "--max-body", "2048",
        "--max-connections-per-address", "9", "--trusted-proxy", "10.0.0.1,10.0.0.2",
        "--public-url", "https://data.example.se", "--guide-media", "/srv/media", "--reports-per-hour", "4",
        "--obstacle-stale-days", "12", "--release-register-delay", "6", "--session-idle", "41",
        "--session-max", "7", "--mailbox-url", "imaps://mail.example.se/INBOX", "--mailbox-user", "reg",
        "--mailbox-password-file", "/etc/pw", "--mailbox-after", "move:Done", "--mailbox-max-bytes", "4096", NULL,
    };
    struct config c;
    char *argv[40];
    int argc = 0;
    dl_error e = {0};
    CHECK_INT_EQ(load(&c, args, &argc, argv, &e), DL_OK);
    struct web_config w;
    memset(&w, 0x5a, sizeof w);
    CHECK_INT_EQ(config_web(&c, &w, &e), DL_OK);
    CHECK_STR_EQ(w.listen, "[::1]:8181");
    CHECK_STR_EQ(w.listen_host, "[::1]");
    CHECK_INT_EQ(w.listen_port, 8181);
    CHECK_INT_EQ(w.workers, 5);
    CHECK_INT_EQ(w.request_timeout, 17);
    CHECK_INT_EQ(w.max_body, 2048);
    CHECK_INT_EQ(w.max_connections_per_address, 9);
    CHECK_STR_EQ(w.trusted_proxies, "10.0.0.1,10.0.0.2");
    CHECK_STR_EQ(w.public_url, "https://data.example.se");
    CHECK_STR_EQ(w.guide_media, "/srv/media");
    CHECK_INT_EQ(w.reports_per_hour, 4);
    CHECK_INT_EQ(w.obstacle_stale_days, 12);
    CHECK_INT_EQ(w.release_register_delay, 6);
    CHECK_INT_EQ(w.session_idle_minutes, 41);
    CHECK_INT_EQ(w.session_max_hours, 7);
    CHECK_STR_EQ(w.mailbox_url, "imaps://mail.example.se/INBOX");
    CHECK_STR_EQ(w.mailbox_user, "reg");
    CHECK_STR_EQ(w.mailbox_password_file, "/etc/pw");
    CHECK_STR_EQ(w.mailbox_after, "move:Done");
    CHECK_INT_EQ(w.mailbox_max_bytes, 4096);

    /* A malformed --listen is the same sentence as config_listen_parts'. */
    snprintf(c.listen, sizeof c.listen, "nocolon");
    dl_error_clear(&e);
    CHECK_INT_EQ(config_web(&c, &w, &e), DL_ECONFIG);
    CHECK_CONTAINS(e.msg, "HOST:PORT");
}

TEST(config_db_display_strips_passwords)
{
    char buf[256];
    CHECK_STR_EQ(config_db_display("sqlite:var/datalots.db", buf, sizeof buf), "var/datalots.db");
    CHECK_STR_EQ(config_db_display("var/plain.db", buf, sizeof buf), "var/plain.db");
    CHECK_STR_EQ(config_db_display("postgresql://user:secret@host/db", buf, sizeof buf), "postgresql://user@host/db");
    CHECK_STR_EQ(config_db_display("postgres://user:secret@host:5432/db", buf, sizeof buf),
                 "postgres://user@host:5432/db");
    CHECK_STR_EQ(config_db_display("postgresql://user@host/db", buf, sizeof buf), "postgresql://user@host/db");
    CHECK_STR_EQ(config_db_display("postgresql://host:5432/db", buf, sizeof buf), "postgresql://host:5432/db");
    CHECK_STR_EQ(config_db_display("postgresql://:secret@host/db", buf, sizeof buf), "postgresql://@host/db");
    /* The buffer is respected. */
    char small[12];
    const char *s = config_db_display("postgresql://user:secret@host/db", small, sizeof small);
    CHECK(strlen(s) < sizeof small);
    CHECK_NOT_CONTAINS(s, "secret");
}

TEST(config_db_display_hides_a_password_in_the_query)
{
    /* KNOWN-BUG: config_db_display() (src/cli/config.c) only removes the
     * password from the user-info part. libpq connection URIs may also carry
     * it as a query parameter (postgresql://host/db?password=…), and that is
     * printed as is — e.g. in `datalots serve`'s start-up line. */
    char buf[256];
    const char *s = config_db_display("postgresql://user@host/db?sslmode=require&password=secret", buf, sizeof buf);
    CHECK_NOT_CONTAINS(s, "secret");
}

TEST(config_help_lists_every_option)
{
    FILE *f = tmpfile();
    CHECK(f != NULL);
    config_print_help(f);
    long n = ftell(f);
    CHECK(n > 0);
    rewind(f);
    char text[8192];
    size_t got = fread(text, 1, sizeof text - 1, f);
    text[got] = '\0';
    fclose(f);
    static const char *const want[] = {
        "--db", "DATALOTS_DB", "--listen", "--workers", "--public-url", "--locale-dir", "--access-log",
        "--max-body", "--request-timeout", "--session-idle", "--session-max", "--config FILE", "DATALOTS_CONFIG",
        "--audit-anchor ", "DATALOTS_AUDIT_ANCHOR ", "--audit-anchor-interval", "DATALOTS_AUDIT_ANCHOR_INTERVAL",
        "--trusted-proxy", "--max-connections-per-address", "DATALOTS_MAX_CONNECTIONS_PER_ADDRESS", "default 64",
        "--reports-per-hour", "DATALOTS_REPORTS_PER_HOUR",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) CHECK_CONTAINS(text, want[i]);
}
