/* web_config.h — the settings the web layer reads while serving: only
 * what the server and its handlers need, filled by whoever starts the
 * server (the CLI's `serve` from its config, cli/config.h's
 * config_web(); the tests directly). The web layer includes nothing from
 * src/cli (scripts/check-style.sh holds it to that). */
#ifndef DATALOTS_WEB_CONFIG_H
#define DATALOTS_WEB_CONFIG_H

struct web_config {
    char listen[128];          /* HOST:PORT as given, for messages */
    char listen_host[128];     /* its host part */
    int listen_port;           /* its port (0: any free one) */
    int workers;               /* HTTP worker threads */
    int request_timeout;       /* seconds a connection may idle */
    long max_body;             /* bytes */
    int max_connections_per_address; /* not for trusted proxies */
    char trusted_proxies[256]; /* addresses whose X-Forwarded-For is believed */
    char public_url[256];      /* https://… turns on Secure cookies and HSTS; the base of links in mail and feeds */
    char guide_media[512];     /* the knowledge guide's films and captions ("" content/media) */
    int reports_per_hour;      /* anonymous reports per address (0: no limit) */
    int oidc_hold_off;         /* seconds a provider that timed out is not called (oidc/oidc_breaker.h) */
    int obstacle_stale_days;   /* an open obstacle without a step this long is flagged */
    int release_register_delay;/* working days before a decision is public */
    int session_idle_minutes;
    int session_max_hours;
    char mailbox_url[256];     /* the official mailbox, imap(s)://HOST[:PORT]/MAILBOX ("" none) */
    char mailbox_user[128];
    char mailbox_password_file[512];
    char mailbox_after[128];   /* seen | none | move:FOLDER */
    long mailbox_max_bytes;
};

#endif
