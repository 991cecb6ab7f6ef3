/* config.c — defaults → file → environment → flags, from one option table. */
#include "cli/config.h"
#include "core/submit_limit.h"
#include "oidc/oidc_breaker.h"
#include "web/web_config.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { OPT_STR, OPT_INT, OPT_LONG } opt_type;

struct option_spec {
    const char *flag, *env, *key;
    opt_type type;
    size_t offset, size;
    long min, max;
    const char *help;
};

#define STR(f, e, k, field, h) {f, e, k, OPT_STR, offsetof(struct config, field), sizeof(((struct config *)0)->field), 0, 0, h}
#define NUM(f, e, k, t, field, lo, hi, h) {f, e, k, t, offsetof(struct config, field), 0, lo, hi, h}

static const struct option_spec options[] = {
    STR("--db", "DATALOTS_DB", "db", db, "store: sqlite:PATH (default sqlite:var/datalots.db) or postgresql://…"),
    STR("--listen", "DATALOTS_LISTEN", "listen", listen, "address to serve on, HOST:PORT (default 127.0.0.1:8080)"),
    NUM("--workers", "DATALOTS_WORKERS", "workers", OPT_INT, workers, 1, 64, "HTTP worker threads (default 2)"),
    NUM("--pool-size", "DATALOTS_POOL_SIZE", "pool_size", OPT_INT, pool_size, 1, 256, "store connections per server (default: workers + 2)"),
    NUM("--statement-timeout", "DATALOTS_STATEMENT_TIMEOUT", "statement_timeout", OPT_INT, statement_timeout, 1, 3600, "seconds a PostgreSQL statement may run (default 30)"),
    STR("--public-url", "DATALOTS_PUBLIC_URL", "public_url", public_url, "the address users see (links in mail, the data catalogue's IRIs); https://… turns on Secure cookies and HSTS"),
    STR("--locale-dir", "DATALOTS_LOCALE_DIR", "locale_dir", locale_dir, "folder with en/LC_MESSAGES/datalots.mo (default: beside the binary)"),
    STR("--guide-media", "DATALOTS_GUIDE_MEDIA", "guide_media", guide_media, "folder with the knowledge guide's films and captions, served at /guide/media/ (default: content/media; for catalog import the media folder beside the files)"),
    NUM("--page-cache", "DATALOTS_PAGE_CACHE", "page_cache", OPT_INT, page_cache_mib, 0, 4096, "MiB of rendered pages kept in memory until the store changes, 0 for none (default 32)"),
    STR("--access-log", "DATALOTS_ACCESS_LOG", "access_log", access_log, "access log file, - for standard error, off for none (default -)"),
    STR("--trusted-proxy", "DATALOTS_TRUSTED_PROXY", "trusted_proxy", trusted_proxies, "comma-separated proxy addresses (e.g. 127.0.0.1) whose X-Forwarded-For names the client"),
    NUM("--max-body", "DATALOTS_MAX_BODY", "max_body", OPT_LONG, max_body, 1024, 64L << 20, "largest request body in bytes (default 1048576)"),
    NUM("--request-timeout", "DATALOTS_REQUEST_TIMEOUT", "request_timeout", OPT_INT, request_timeout, 1, 3600, "seconds a connection may stay idle (default 30)"),
    NUM("--max-connections-per-address", "DATALOTS_MAX_CONNECTIONS_PER_ADDRESS", "max_connections_per_address", OPT_INT,
        max_connections_per_address, 1, 4096, "open connections per client address, 1-4096; not applied to --trusted-proxy addresses (default 64)"),
    NUM("--obstacle-stale-days", "DATALOTS_OBSTACLE_STALE_DAYS", "obstacle_stale_days", OPT_INT, obstacle_stale_days, 1,
        3650, "days an open obstacle may go without a step before the follow-up flags it (default 30)"),
    NUM("--release-register-delay", "DATALOTS_RELEASE_REGISTER_DELAY", "release_register_delay", OPT_INT,
        release_register_delay, 0, 365, "Swedish working days after a decision before the public register of releases (/beslut) shows it (default 30, as the EHDS sets)"),
    NUM("--reports-per-hour", "DATALOTS_REPORTS_PER_HOUR", "reports_per_hour", OPT_INT, reports_per_hour, 0, 100000,
        "anonymous reports (obstacles, by the form or the API) taken per client address in an hour, and as many requests to follow an obstacle, 0 for no limit (default 10)"),
    NUM("--oidc-hold-off", "DATALOTS_OIDC_HOLD_OFF", "oidc_hold_off", OPT_INT, oidc_hold_off, 0, 3600,
        "seconds an OpenID provider that did not answer in time is not called again; sign-ins through it are refused at once meanwhile (default 30; docs/oidc.md)"),
    NUM("--session-idle", "DATALOTS_SESSION_IDLE", "session_idle", OPT_INT, session_idle_minutes, 1, 1440, "minutes without activity before sign-out (default 30)"),
    NUM("--session-max", "DATALOTS_SESSION_MAX", "session_max", OPT_INT, session_max_hours, 1, 168, "hours after sign-in before sign-out (default 12)"),
    STR("--audit-anchor", "DATALOTS_AUDIT_ANCHOR", "audit_anchor", audit_anchor, "file to append the audit log's head to (at start, when it moved, at stop); keep it off the store's machine"),
    NUM("--audit-anchor-interval", "DATALOTS_AUDIT_ANCHOR_INTERVAL", "audit_anchor_interval", OPT_INT, audit_anchor_interval, 5, 86400, "seconds between looks at the audit head for --audit-anchor (default 60)"),
    STR("--smtp-url", "DATALOTS_SMTP_URL", "smtp_url", smtp_url, "SMTP server for the outbox: smtp://HOST:587 (STARTTLS when offered) or smtps://HOST:465; unset: serve sends no mail"),
    STR("--smtp-from", "DATALOTS_SMTP_FROM", "smtp_from", smtp_from, "sender of outgoing mail: noreply@region.se or \"Name <noreply@region.se>\""),
    STR("--smtp-user", "DATALOTS_SMTP_USER", "smtp_user", smtp_user, "SMTP user name (then TLS is required); the password from --smtp-password-file or DATALOTS_SMTP_PASSWORD"),
    STR("--smtp-password-file", "DATALOTS_SMTP_PASSWORD_FILE", "smtp_password_file", smtp_password_file, "file whose first line is the SMTP password (never give the password itself on the command line)"),
    NUM("--smtp-require-tls", "DATALOTS_SMTP_REQUIRE_TLS", "smtp_require_tls", OPT_INT, smtp_require_tls, 0, 1, "1: smtp:// never sends without STARTTLS (default 0: STARTTLS when the server offers it)"),
    STR("--extract-dir", "DATALOTS_EXTRACT_DIR", "extract_dir", extract_dir, "folder for extractions: work files while a run goes on, then the encrypted delivery until it is fetched (default: var/extract; keep it on an encrypted disk, never under a web root)"),
    NUM("--extract-interval", "DATALOTS_EXTRACT_INTERVAL", "extract_interval", OPT_INT, extract_interval, 0, 3600, "seconds between serve's looks for queued extractions (default 5; 0: serve runs none, `datalots extract` does)"),
    STR("--mailbox-url", "DATALOTS_MAILBOX_URL", "mailbox_url", mailbox_url, "the official mailbox the registrar reads at /brevlada: imaps://HOST[:993]/INBOX (or imap://…, STARTTLS when offered); unset: no mailbox"),
    STR("--mailbox-user", "DATALOTS_MAILBOX_USER", "mailbox_user", mailbox_user, "IMAP user name of the official mailbox"),
    STR("--mailbox-password-file", "DATALOTS_MAILBOX_PASSWORD_FILE", "mailbox_password_file", mailbox_password_file, "file whose first line is the mailbox's IMAP password (read at each connection; never logged nor shown)"),
    STR("--mailbox-after", "DATALOTS_MAILBOX_AFTER", "mailbox_after", mailbox_after, "what is done to a message once it is registered (after the commit): seen (flag \\Seen, default), none, or move:FOLDER"),
    NUM("--mailbox-max-bytes", "DATALOTS_MAILBOX_MAX_BYTES", "mailbox_max_bytes", OPT_LONG, mailbox_max_bytes, 1024, 256L << 20, "largest mailbox message read, in bytes; a bigger one is refused with a sentence (default 20971520)"),
    NUM("--mail-interval", "DATALOTS_MAIL_INTERVAL", "mail_interval", OPT_INT, mail_interval, 1, 3600, "seconds between the sender's looks at the outbox in serve (default 30)"),
    NUM("--holders-refresh", "DATALOTS_HOLDERS_REFRESH", "holders_refresh", OPT_INT, holders_refresh, 0, 604800, "seconds between serve's fetches of the holder feeds compared on /jamfor, the first at start (default 0: serve fetches none, `datalots holders refresh` does; 3600 is hourly)"),
};
#define N_OPTIONS (sizeof options / sizeof options[0])

static void defaults(struct config *c)
{
    memset(c, 0, sizeof *c);
    snprintf(c->db, sizeof c->db, "sqlite:var/datalots.db");
    snprintf(c->listen, sizeof c->listen, "127.0.0.1:8080");
    c->workers = 2;
    c->page_cache_mib = 32;
    c->reports_per_hour = SUBMIT_PER_WINDOW;
    c->oidc_hold_off = OIDC_BREAKER_SECONDS;
    c->obstacle_stale_days = 30;
    c->release_register_delay = 30;
    snprintf(c->mailbox_after, sizeof c->mailbox_after, "seen");
    c->mailbox_max_bytes = 20L << 20;
    c->statement_timeout = 30;
    snprintf(c->access_log, sizeof c->access_log, "-");
    c->max_body = 1L << 20;
    c->request_timeout = 30;
    c->max_connections_per_address = 64;
    c->session_idle_minutes = 30;
    c->session_max_hours = 12;
    c->audit_anchor_interval = 60;
    c->mail_interval = 30;
    snprintf(c->extract_dir, sizeof c->extract_dir, "var/extract");
    c->extract_interval = 5;
}

static dl_err set_value(struct config *c, const struct option_spec *o, const char *value,
                        const char *source, dl_error *e)
{
    char *field = (char *)c + o->offset;
    if (o->type == OPT_STR) {
        if (strlen(value) >= o->size)
            return dl_fail(e, DL_ECONFIG, "%s %s is too long (at most %zu characters)", source, o->flag, o->size - 1);
        memcpy(field, value, strlen(value) + 1);
        return DL_OK;
    }
    char *end = NULL;
    errno = 0;
    long v = strtol(value, &end, 10);
    if (errno || end == value || *end || v < o->min || v > o->max)
        return dl_fail(e, DL_ECONFIG, "%s %s must be a whole number from %ld to %ld, not \"%s\"",
                       source, o->flag, o->min, o->max, value);
    if (o->type == OPT_INT) *(int *)field = (int)v;
    else *(long *)field = v;
    return DL_OK;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    char *end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r')) *--end = '\0';
    return s;
}

static dl_err load_file(struct config *c, const char *path, dl_error *e)
{
    FILE *f = fopen(path, "r");
    if (!f) return dl_fail(e, DL_ECONFIG, "cannot read the config file %s: %s", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    int lineno = 0;
    dl_err rc = DL_OK;
    while (rc == DL_OK && getline(&line, &cap, f) >= 0) {
        lineno++;
        char *s = trim(line);
        if (!*s || *s == '#') continue;
        char *eq = strchr(s, '=');
        if (!eq) { rc = dl_fail(e, DL_ECONFIG, "%s:%d: expected key = value", path, lineno); break; }
        *eq = '\0';
        char *key = trim(s), *value = trim(eq + 1);
        const struct option_spec *o = NULL;
        for (size_t i = 0; i < N_OPTIONS; i++)
            if (strcmp(options[i].key, key) == 0) o = &options[i];
        if (!o) { rc = dl_fail(e, DL_ECONFIG, "%s:%d: unknown setting \"%s\"", path, lineno, key); break; }
        char source[600];
        snprintf(source, sizeof source, "%s:%d:", path, lineno);
        rc = set_value(c, o, value, source, e);
    }
    free(line);
    fclose(f);
    return rc;
}

dl_err config_load(struct config *cfg, int *argc, char **argv, dl_error *e)
{
    defaults(cfg);
    /* The config file first: find --config among the flags, or the env. */
    const char *file = getenv("DATALOTS_CONFIG");
    for (int i = 0; i < *argc; i++) {
        if (strcmp(argv[i], "--config") == 0) {
            if (i + 1 >= *argc) return dl_fail(e, DL_ECONFIG, "option --config needs a value");
            file = argv[i + 1];
        } else if (strncmp(argv[i], "--config=", 9) == 0) {
            file = argv[i] + 9;
        }
    }
    if (file && *file) {
        snprintf(cfg->config_file, sizeof cfg->config_file, "%s", file);
        dl_err rc = load_file(cfg, file, e);
        if (rc != DL_OK) return rc;
    }
    for (size_t i = 0; i < N_OPTIONS; i++) {
        const char *v = getenv(options[i].env);
        if (v && *v) {
            char source[64];
            snprintf(source, sizeof source, "environment %s for", options[i].env);
            dl_err rc = set_value(cfg, &options[i], v, source, e);
            if (rc != DL_OK) return rc;
        }
    }
    int out = 0;
    for (int i = 0; i < *argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--config") == 0) { i++; continue; }
        if (strncmp(arg, "--config=", 9) == 0) continue;
        const struct option_spec *o = NULL;
        const char *value = NULL;
        for (size_t k = 0; k < N_OPTIONS; k++) {
            size_t n = strlen(options[k].flag);
            if (strncmp(arg, options[k].flag, n) == 0 && (arg[n] == '\0' || arg[n] == '=')) {
                o = &options[k];
                value = arg[n] == '=' ? arg + n + 1 : NULL;
            }
        }
        if (!o) { argv[out++] = argv[i]; continue; }
        if (!value) {
            if (i + 1 >= *argc || strncmp(argv[i + 1], "--", 2) == 0)
                return dl_fail(e, DL_ECONFIG, "option %s needs a value", o->flag);
            value = argv[++i];
        }
        dl_err rc = set_value(cfg, o, value, "option", e);
        if (rc != DL_OK) return rc;
    }
    *argc = out;
    argv[out] = NULL;
    return DL_OK;
}

void config_print_help(FILE *out)
{
    int flag_w = (int)strlen("--config FILE"), env_w = (int)strlen("DATALOTS_CONFIG");
    for (size_t i = 0; i < N_OPTIONS; i++) {
        if ((int)strlen(options[i].flag) > flag_w) flag_w = (int)strlen(options[i].flag);
        if ((int)strlen(options[i].env) > env_w) env_w = (int)strlen(options[i].env);
    }
    fprintf(out, "Common options (flag, then environment variable; flags win over the\n"
                 "environment, which wins over --config FILE / DATALOTS_CONFIG):\n");
    for (size_t i = 0; i < N_OPTIONS; i++)
        fprintf(out, "  %-*s %-*s %s\n", flag_w, options[i].flag, env_w, options[i].env, options[i].help);
    fprintf(out, "  %-*s %-*s %s\n", flag_w, "--config FILE", env_w, "DATALOTS_CONFIG",
            "read settings (key = value lines) from FILE");
}

dl_err config_listen_parts(const struct config *cfg, char *host, size_t hostsz, int *port, dl_error *e)
{
    const char *colon = strrchr(cfg->listen, ':');
    if (!colon || colon == cfg->listen)
        return dl_fail(e, DL_ECONFIG, "--listen must be HOST:PORT, e.g. 127.0.0.1:8080, not \"%s\"", cfg->listen);
    char *end = NULL;
    errno = 0;
    long p = strtol(colon + 1, &end, 10);
    if (errno || end == colon + 1 || *end || p < 0 || p > 65535)
        return dl_fail(e, DL_ECONFIG, "the port in --listen must be 0..65535, not \"%s\"", colon + 1);
    size_t n = (size_t)(colon - cfg->listen);
    if (n >= hostsz) return dl_fail(e, DL_ECONFIG, "the host in --listen is too long");
    memcpy(host, cfg->listen, n);
    host[n] = '\0';
    *port = (int)p;
    return DL_OK;
}

dl_err config_web(const struct config *cfg, struct web_config *out, dl_error *e)
{
    memset(out, 0, sizeof *out);
    dl_err rc = config_listen_parts(cfg, out->listen_host, sizeof out->listen_host, &out->listen_port, e);
    if (rc != DL_OK) return rc;
#define COPY(field) snprintf(out->field, sizeof out->field, "%s", cfg->field)
    COPY(listen);
    COPY(trusted_proxies);
    COPY(public_url);
    COPY(guide_media);
    COPY(mailbox_url);
    COPY(mailbox_user);
    COPY(mailbox_password_file);
    COPY(mailbox_after);
#undef COPY
    out->workers = cfg->workers;
    out->request_timeout = cfg->request_timeout;
    out->max_body = cfg->max_body;
    out->max_connections_per_address = cfg->max_connections_per_address;
    out->reports_per_hour = cfg->reports_per_hour;
    out->oidc_hold_off = cfg->oidc_hold_off;
    out->obstacle_stale_days = cfg->obstacle_stale_days;
    out->release_register_delay = cfg->release_register_delay;
    out->session_idle_minutes = cfg->session_idle_minutes;
    out->session_max_hours = cfg->session_max_hours;
    out->mailbox_max_bytes = cfg->mailbox_max_bytes;
    return DL_OK;
}

const char *config_db_display(const char *url, char *buf, size_t bufsz)
{
    if (strncmp(url, "sqlite:", 7) == 0) { snprintf(buf, bufsz, "%s", url + 7); return buf; }
    /* postgresql://user:password@host/db?password=… → postgresql://user@host/db:
     * the query string is dropped, it may carry a password too. */
    char no_query[512];
    snprintf(no_query, sizeof no_query, "%.*s", (int)strcspn(url, "?"), url);
    url = no_query;
    const char *scheme_end = strstr(url, "://");
    const char *at = strchr(url, '@');
    if (scheme_end && at && at > scheme_end) {
        const char *colon = memchr(scheme_end + 3, ':', (size_t)(at - scheme_end - 3));
        if (colon) {
            snprintf(buf, bufsz, "%.*s%s", (int)(colon - url), url, at);
            return buf;
        }
    }
    snprintf(buf, bufsz, "%s", url);
    return buf;
}
