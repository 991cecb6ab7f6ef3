/* store_version.c — reading the change counter; see store_version.h. */
#include "store/store_version.h"

#include <string.h>

static const char *const exempt_tables[] = {
    "schema_migrations", /* written by the migrations alone */
    "store_version",     /* the counter itself */
    "sessions",          /* last activity, on reads */
    "login_throttle",    /* failed sign-ins */
    "submit_limit",      /* anonymous submissions counted per address */
    "signin_backoff",    /* failed sign-ins */
    "known_device",      /* devices seen at sign-in */
    "guide_search_miss", /* searches that found nothing, counted as people search */
    "guide_view_day",    /* the guide's page views, added in batches as people read */
    "api_token",         /* API tokens: last use written once a minute; no kept page shows them */
    "extraction_run",    /* a run's progress, written every second; no kept page shows it */
    "obstacle_subscription",       /* followers of an obstacle by e-mail; no page shows them */
    "obstacle_subscription_token", /* the links mailed to them */
    "case_digest_sent",  /* which daily digests went out; no page shows it */
    "oidc_provider",     /* sign-in providers and their cached keys: only /login and the account page,
                          * which are never kept, show them */
    "oidc_role_map",     /* claim values mapped to roles: no page shows them */
    "oidc_login",        /* OpenID Connect sign-ins under way */
};

int store_version_exempt(const char *table)
{
    for (size_t i = 0; i < sizeof exempt_tables / sizeof exempt_tables[0]; i++)
        if (strcmp(exempt_tables[i], table) == 0) return 1;
    return 0;
}

dl_err store_version_read(db *d, int64_t *n, dl_error *e)
{
    *n = 0;
    return db_query_int(d, "SELECT n FROM store_version WHERE id = 1", n, e, "");
}
