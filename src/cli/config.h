/* config.h — datalots' settings and the one place that reads them: built-in
 * defaults, then a config file (--config FILE or DATALOTS_CONFIG; lines of
 * `key = value`, # comments), then the environment (DATALOTS_DB, …), then
 * command-line flags. Later sources win. */
#ifndef DATALOTS_CONFIG_H
#define DATALOTS_CONFIG_H

#include <stdio.h>

#include "core/err.h"

struct config {
    char db[512];             /* --db, DATALOTS_DB, db */
    char listen[128];         /* --listen, DATALOTS_LISTEN: HOST:PORT */
    int workers;              /* --workers: HTTP worker threads */
    int pool_size;            /* --pool-size: store connections (0: workers + 2) */
    int page_cache_mib;       /* --page-cache: MiB of rendered pages kept (0: none) */
    int statement_timeout;    /* --statement-timeout: seconds a PostgreSQL statement may run */
    char public_url[256];     /* --public-url: https://… turns on Secure cookies and HSTS */
    char locale_dir[512];     /* --locale-dir: where the .mo files are */
    char guide_media[512];    /* --guide-media: the knowledge guide's films and captions (content/media) */
    char access_log[512];     /* --access-log: file, or - for stderr, or off */
    char trusted_proxies[256];/* --trusted-proxy: addresses whose X-Forwarded-For is believed */
    long max_body;            /* --max-body: bytes */
    int request_timeout;      /* --request-timeout: seconds a connection may idle */
    int max_connections_per_address; /* --max-connections-per-address (not for trusted proxies) */
    int reports_per_hour;            /* --reports-per-hour: anonymous reports per address (0: no limit) */
    int oidc_hold_off;               /* --oidc-hold-off: seconds a provider that timed out is not called */
    int obstacle_stale_days;         /* --obstacle-stale-days: an open obstacle without a step this long is flagged */
    int release_register_delay;      /* --release-register-delay: working days before a decision is public */
    int session_idle_minutes; /* --session-idle */
    int session_max_hours;    /* --session-max */
    char audit_anchor[512];   /* --audit-anchor: file serve appends the audit head to ("" none) */
    int audit_anchor_interval;/* --audit-anchor-interval: seconds between looks at the head */
    char smtp_url[256];       /* --smtp-url: smtp://… or smtps://… ("" none: serve sends no mail) */
    char smtp_from[256];      /* --smtp-from: the sender's address */
    char smtp_user[128];      /* --smtp-user ("" no AUTH) */
    char smtp_password_file[512]; /* --smtp-password-file (else DATALOTS_SMTP_PASSWORD) */
    int smtp_require_tls;     /* --smtp-require-tls: smtp:// only with STARTTLS */
    int mail_interval;        /* --mail-interval: seconds between the sender's passes */
    char extract_dir[512];    /* --extract-dir: extraction work files and deliveries */
    int extract_interval;     /* --extract-interval: seconds between serve's looks for queued runs (0: none) */
    char mailbox_url[256];    /* --mailbox-url: imap(s)://HOST[:PORT]/MAILBOX, the official mailbox ("" none) */
    char mailbox_user[128];   /* --mailbox-user */
    char mailbox_password_file[512]; /* --mailbox-password-file: its first line is the password */
    char mailbox_after[128];  /* --mailbox-after: seen | none | move:FOLDER */
    long mailbox_max_bytes;   /* --mailbox-max-bytes */
    int holders_refresh;      /* --holders-refresh: seconds between serve's fetches of the holder feeds (0: none) */
    char config_file[512];
};

/* Fills cfg from all sources. Consumes the flags it knows from argv (from
 * index 0) and compacts the rest (positional arguments and flags of the
 * subcommand) into argv, setting *argc. A known flag without its value or
 * with a bad value is an error (DL_ECONFIG, a sentence naming the flag). */
dl_err config_load(struct config *cfg, int *argc, char **argv, dl_error *e);

/* Prints the common options for --help. */
void config_print_help(FILE *out);

/* Splits cfg->listen into host and port; DL_ECONFIG if malformed. */
dl_err config_listen_parts(const struct config *cfg, char *host, size_t hostsz, int *port, dl_error *e);

/* Fills the web layer's settings (web/web_config.h) from cfg: the parts
 * of --listen (DL_ECONFIG as config_listen_parts) and the values the
 * server and its handlers read. */
struct web_config;
dl_err config_web(const struct config *cfg, struct web_config *out, dl_error *e);

/* Strips "sqlite:" and returns a printable description of the store with no
 * password in it (for logs and errors). */
const char *config_db_display(const char *url, char *buf, size_t bufsz);

#endif
