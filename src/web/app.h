/* app.h — what the running server shares between requests: configuration,
 * the store pool, compiled templates and the server secret. Nothing here
 * is state that matters across app servers: sessions, counters and
 * rate limits live in the store. */
#ifndef DATALOTS_APP_H
#define DATALOTS_APP_H

#include <stdint.h>

#include "db/db.h"
#include "web/template.h"
#include "web/web_config.h"

struct app {
    const struct web_config *cfg; /* filled by the caller, which keeps it while the server runs */
    db_pool *pool;
    tmpl_set *templates;
    struct page_cache *pages; /* NULL: --page-cache 0 */
    struct guide_views *views; /* the guide's page views since the last flush (web/guide_views.h); NULL: not counted */
    char secret[65];     /* CSRF HMAC key, from the store */
    int secure;          /* behind TLS: Secure cookies and HSTS */
};

#endif
