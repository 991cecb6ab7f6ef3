/* cmd_serve.c — `datalots serve`: open the store, apply migrations, load
 * templates and translations, serve until SIGTERM/SIGINT, then stop
 * gracefully. Signals are blocked before any thread starts and taken with
 * sigtimedwait() here (performance.md, pitfall 3); between signals the same
 * loop purges expired sessions and stale sign-in counters and removes the
 * files of expired delivery links (store/delivery.h) every ten minutes and, with --audit-anchor,
 * appends the audit head to the anchor file when it moved (also once at
 * start and once at stop). With --smtp-url a mail sender thread
 * (notify/mail_sender.h) sends the outbox every --mail-interval seconds; it
 * stops after the requests in flight. The knowledge guide's page views,
 * counted in memory (web/guide_views.h), are added to the store every
 * GUIDE_VIEWS_FLUSH_SECONDS by the same loop and once more at stop. With
 * --holders-refresh a thread (cli/holder_refresh.h) fetches the holder
 * feeds compared on /jamfor at start and then every so many seconds. */
#include "cli/anchor_file.h"
#include "cli/cli.h"
#include "cli/holder_refresh.h"
#include "core/clock.h"
#include "core/case_flow.h"
#include "core/obstacle_flow.h"
#include "extract/worker.h"
#include "notify/imap_mailbox.h"
#include "notify/mail_sender.h"
#include "store/delivery.h"
#include "store/sessions.h"
#include "store/signin.h"
#include "store/settings.h"
#include "web/page_cache.h"
#include "web/guide_views.h"
#include "web/accesslog.h"
#include "web/app.h"
#include "web/i18n.h"
#include "web/router.h"
#include "web/handlers/handlers.h"
#include "web/peer.h"
#include "web/server.h"

#include <curl/curl.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { SESSION_PURGE_EVERY = 600 }; /* seconds */

static void serve_help(void)
{
    printf("usage: datalots serve [options]\n\n"
           "Serves the web application and JSON API until SIGTERM or SIGINT; requests in\n"
           "flight finish before it stops. Applies pending migrations at start.\n"
           "With --audit-anchor FILE it appends the audit log's head (time, row number,\n"
           "hash) to FILE and to standard error at start, every --audit-anchor-interval\n"
           "seconds if the head moved, and at stop; `datalots audit verify --anchor FILE`\n"
           "then notices the newest rows removed from the store.\n"
           "With --smtp-url (and --smtp-from) it sends the e-mail outbox every\n"
           "--mail-interval seconds; see datalots mail --help.\n"
           "With --mailbox-url (and --mailbox-user, --mailbox-password-file) the\n"
           "registrar reads the official mailbox over IMAP at /brevlada and registers\n"
           "its messages; see docs/mailbox.md.\n"
           "The knowledge guide's page views are counted in memory (no cookie, no\n"
           "address) and added to the store every 60 seconds and at stop; see\n"
           "docs/followup.md.\n"
           "With --holders-refresh SECONDS it fetches the holder feeds /jamfor compares\n"
           "at start and then every SECONDS; see datalots holders --help.\n\n");
    config_print_help(stdout);
}

void cli_default_locale_dir(struct config *cfg)
{
    if (cfg->locale_dir[0]) return;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    struct stat st;
    if (n > 0) {
        exe[n] = '\0';
        char candidate[PATH_MAX + 16];
        snprintf(candidate, sizeof candidate, "%s/locale", dirname(exe));
        if (stat(candidate, &st) == 0 && strlen(candidate) < sizeof cfg->locale_dir) {
            memcpy(cfg->locale_dir, candidate, strlen(candidate) + 1);
            return;
        }
    }
    snprintf(cfg->locale_dir, sizeof cfg->locale_dir, "%s", DATALOTS_SRC_LOCALEDIR);
}

static int64_t monotonic_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec;
}

static void purge_sessions(struct app *app, const struct config *cfg)
{
    dl_error e;
    dl_error_clear(&e);
    db *d = db_pool_acquire(app->pool);
    session_limits lim = {(int64_t)cfg->session_idle_minutes * 60, (int64_t)cfg->session_max_hours * 3600};
    int64_t removed = 0;
    session_purge(d, clock_now(), &lim, &removed, &e);
    signin_purge(d, clock_now(), &e);
    int gone = 0;
    if (delivery_sweep(d, clock_now(), &gone, &e) != DL_OK)
        fprintf(stderr, "datalots serve: delivery sweep: %s\n", e.msg);
    db_pool_release(app->pool, d);
}

/* Adds the guide's page views counted since the last flush to the store. */
static void flush_guide_views(struct app *app)
{
    dl_error e;
    dl_error_clear(&e);
    db *d = db_pool_acquire(app->pool);
    int64_t n = 0;
    if (guide_views_flush(app->views, d, &n, &e) != DL_OK)
        fprintf(stderr, "datalots serve: guide page views kept for the next try: %s\n", e.msg);
    db_pool_release(app->pool, d);
}

/* Appends the audit head to the anchor file (see anchor_writer_note). */
static dl_err note_audit_head(struct app *app, anchor_writer *w, int only_if_moved)
{
    dl_error e;
    dl_error_clear(&e);
    db *d = db_pool_acquire(app->pool);
    dl_err rc = anchor_writer_note(w, d, only_if_moved, &e);
    db_pool_release(app->pool, d);
    if (rc != DL_OK) fprintf(stderr, "datalots serve: audit anchor: %s\n", e.msg);
    return rc;
}

/* Waits for SIGTERM or SIGINT, doing the periodic work meanwhile. */
static void serve_until_stopped(struct app *app, const struct config *cfg, anchor_writer *anchor,
                                const sigset_t *stop_signals)
{
    int64_t now = monotonic_seconds();
    int64_t next_purge = now + SESSION_PURGE_EVERY, next_anchor = now + cfg->audit_anchor_interval;
    int64_t next_views = now + GUIDE_VIEWS_FLUSH_SECONDS;
    for (;;) {
        int64_t due = anchor && next_anchor < next_purge ? next_anchor : next_purge;
        if (next_views < due) due = next_views;
        now = monotonic_seconds();
        struct timespec wait = {due > now ? (time_t)(due - now) : 0, 0};
        int sig = sigtimedwait(stop_signals, NULL, &wait);
        if (sig == SIGTERM || sig == SIGINT) return;
        now = monotonic_seconds();
        if (now >= next_purge) {
            purge_sessions(app, cfg);
            next_purge = now + SESSION_PURGE_EVERY;
        }
        if (now >= next_views) {
            flush_guide_views(app);
            next_views = now + GUIDE_VIEWS_FLUSH_SECONDS;
        }
        if (anchor && now >= next_anchor) {
            note_audit_head(app, anchor, 1);
            next_anchor = now + cfg->audit_anchor_interval;
        }
    }
}

int cmd_serve(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) { serve_help(); return 0; }
    struct config cfg;
    if (cli_load_config("serve", &cfg, &argc, argv) != 0) return 2;
    dl_error e;
    dl_error_clear(&e);
    if (argc > 0) {
        fprintf(stderr, "datalots serve: unknown option or argument \"%s\"; see datalots serve --help\n", argv[0]);
        return 2;
    }
    if (router_check_table(routes, n_routes, &e) != DL_OK) {
        fprintf(stderr, "datalots serve: the route table contradicts itself: %s\n", e.msg);
        return 1;
    }
#ifndef NDEBUG
    assert_case_flow_table(); /* the case's transition table keeps its invariants (aborts if not) */
#endif
    const char *flow_problem = obstacle_flow_problem();
    if (flow_problem) {
        fprintf(stderr, "datalots serve: the obstacle lifecycle's table is broken: %s\n", flow_problem);
        return 1;
    }
    login_prepare();
    cli_default_locale_dir(&cfg);
    struct web_config web; /* what the server and its handlers read */
    peer_trust trusted;
    if (config_web(&cfg, &web, &e) != DL_OK ||
        peer_trust_parse(cfg.trusted_proxies, &trusted, &e) != DL_OK) {
        fprintf(stderr, "datalots serve: %s\n", e.msg);
        return 2;
    }

    char smtp_password[512] = "";
    smtp_config smtp = {0};
    if (cfg.smtp_url[0]) {
        int st = cli_smtp_setup(&cfg, &smtp, smtp_password, sizeof smtp_password);
        if (st != 0) return st;
        smtp_global_init();
    }

    if (cfg.mailbox_url[0]) {
        imap_config ic = {.url = cfg.mailbox_url, .user = cfg.mailbox_user, .password_file = cfg.mailbox_password_file,
                          .after = cfg.mailbox_after, .max_bytes = cfg.mailbox_max_bytes};
        if (imap_config_check(&ic, &e) != DL_OK) {
            fprintf(stderr, "datalots serve: %s\n", e.msg);
            return 2;
        }
        curl_global_init(CURL_GLOBAL_DEFAULT);
    }
    if (cfg.holders_refresh && !cfg.mailbox_url[0]) curl_global_init(CURL_GLOBAL_DEFAULT);

    struct app app = {.cfg = &web, .secure = strncmp(cfg.public_url, "https://", 8) == 0};
    db *setup = cli_open_store(&cfg);
    if (!setup) return 1;
    if (settings_ensure_secret(setup, app.secret, &e) != DL_OK) {
        fprintf(stderr, "datalots serve: cannot read the server secret: %s\n", e.msg);
        db_close(setup);
        return 1;
    }
    db_close(setup);
    if (db_pool_open(cfg.db, cfg.pool_size ? cfg.pool_size : cfg.workers + 2, &app.pool, &e) != DL_OK) {
        fprintf(stderr, "datalots serve: %s\n", e.msg);
        return 1;
    }
    int status = 1;
    server *srv = NULL;
    mail_sender *sender = NULL;
    extract_worker *extractor = NULL;
    holder_refresher *refresher = NULL;
    anchor_writer anchor_file = {.fd = -1}, *anchor = NULL;
    if (tmpl_set_load(embedded_templates, &app.templates, &e) != DL_OK) {
        fprintf(stderr, "datalots serve: templates: %s\n", e.msg);
        goto out;
    }
    if (cfg.page_cache_mib && !(app.pages = page_cache_new((size_t)cfg.page_cache_mib << 20))) {
        fprintf(stderr, "datalots serve: no memory for a page cache of %d MiB; lower --page-cache\n", cfg.page_cache_mib);
        goto out;
    }
    if (!(app.views = guide_views_new())) {
        fprintf(stderr, "datalots serve: out of memory\n");
        goto out;
    }
    if (i18n_init(cfg.locale_dir, &e) != DL_OK)
        fprintf(stderr, "datalots serve: warning: %s; pages will be in Swedish only\n", e.msg);
    if (accesslog_open(cfg.access_log, &e) != DL_OK) {
        fprintf(stderr, "datalots serve: %s\n", e.msg);
        goto out;
    }

    if (cfg.audit_anchor[0]) {
        if (anchor_writer_open(&anchor_file, cfg.audit_anchor, &e) != DL_OK) {
            fprintf(stderr, "datalots serve: %s\n", e.msg);
            goto out;
        }
        anchor = &anchor_file;
        if (note_audit_head(&app, anchor, 0) != DL_OK) goto out;
    }

    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    int port = 0;
    if (server_start(&app, &srv, &port, &e) != DL_OK) {
        fprintf(stderr, "datalots serve: %s\n", e.msg);
        goto out;
    }
    if (cfg.smtp_url[0] && mail_sender_start(cfg.db, &smtp, cfg.mail_interval, &sender, &e) != DL_OK) {
        fprintf(stderr, "datalots serve: %s\n", e.msg);
        goto out;
    }
    if (cfg.extract_interval &&
        extract_worker_start(cfg.db, cfg.extract_dir, cfg.extract_interval, &extractor, &e) != DL_OK) {
        fprintf(stderr, "datalots serve: %s\n", e.msg);
        goto out;
    }
    if (cfg.holders_refresh && holder_refresher_start(cfg.db, cfg.holders_refresh, &refresher, &e) != DL_OK) {
        fprintf(stderr, "datalots serve: %s\n", e.msg);
        goto out;
    }
    char shown[600];
    printf("datalots %s listening on http://%s:%d (store: %s)\n", DATALOTS_VERSION, web.listen_host, port,
           config_db_display(cfg.db, shown, sizeof shown));
    fflush(stdout);

    serve_until_stopped(&app, &cfg, anchor, &stop_signals);
    fprintf(stderr, "datalots serve: stopping; letting requests in flight finish\n");
    server_stop(srv, 10000);
    srv = NULL;
    flush_guide_views(&app); /* the views of the last minute, after the last request */
    mail_sender_stop(sender);
    sender = NULL;
    /* A run in progress stops at its next batch and resumes later. */
    extract_worker_stop(extractor);
    extractor = NULL;
    holder_refresher_stop(refresher);
    refresher = NULL;
    status = 0;
    if (anchor) note_audit_head(&app, anchor, 0);
out:
    if (srv) server_stop(srv, 0);
    mail_sender_stop(sender);
    extract_worker_stop(extractor);
    holder_refresher_stop(refresher);
    memset(smtp_password, 0, sizeof smtp_password);
    anchor_writer_close(&anchor_file);
    accesslog_close();
    tmpl_set_free(app.templates);
    page_cache_free(app.pages);
    guide_views_free(app.views);
    db_pool_close(app.pool);
    return status;
}
