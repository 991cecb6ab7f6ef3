/* holder_profile.h — reading another installation's holder profile (the
 * JSON of GET /api/v1/holder-profile, docs/holder-feeds.md) as a national
 * installation fetches it for /jamfor. Nothing fetched is trusted: the text
 * must be at most HOLDER_PROFILE_MAX_BYTES of JSON in the documented shape,
 * every string bounded and free of control characters, every number finite
 * and in range (days 0..3650, counts 5..10^7, fees 0..10^7 kronor, VAT 0,
 * 6, 12 or 25, p90 not below the median); anything else refuses the whole
 * profile with a sentence naming what was wrong. Pure (jansson parses; no
 * I/O). The strings it gives are copies in the arena, still to be escaped
 * by whoever prints them. */
#ifndef DATALOTS_HOLDER_PROFILE_H
#define DATALOTS_HOLDER_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"

#define HOLDER_PROFILE_MAX_BYTES (1024 * 1024)
#define HOLDER_PROFILE_ORGS_MAX 50
#define HOLDER_PROFILE_STEPS_MAX 30
#define HOLDER_PROFILE_NEEDS_MAX 60
#define HOLDER_PROFILE_TEXT_MAX 300
#define HOLDER_PROFILE_DAYS_MAX 3650

typedef struct hp_target { int days; int calendar; } hp_target; /* days 0: none */
typedef struct hp_lead { int shown; int64_t cases; double median_days, p90_days; } hp_lead;
typedef struct hp_step {
    const char *key, *label;
    int closed;
    hp_target target;
    hp_lead lead;
    hp_lead by_process[2]; /* process 1, 2 (version 2; not shown when the feed has none) */
} hp_step;

typedef struct hp_org {
    const char *name, *process_page;
    hp_step steps[HOLDER_PROFILE_STEPS_MAX];
    int n_steps;
    hp_target decision_target;
    const char *needs[HOLDER_PROFILE_NEEDS_MAX];
    int n_needs;
    int charges, vat_percent;
    double base_kronor, hourly_kronor;
    hp_lead lead[3]; /* complete application to decision: all, process 1, process 2 */
    hp_lead delivery; /* receipt to delivery */
} hp_org;

typedef struct holder_profile {
    int version; /* 1 when the feed says none */
    const char *generated_at;
    hp_org *orgs;
    int n_orgs;
} holder_profile;

/* Reads text[0..len-1]. DL_OK with *out filled; DL_EINVAL (DL_ELIMIT when
 * too large) with e->msg an English sentence on what was wrong. */
dl_err holder_profile_parse(arena *a, const char *text, size_t len, holder_profile *out, dl_error *e);

/* 1 for a URL a feed may have: http:// or https://, at most 2000 bytes,
 * printable ASCII without spaces, quotes, < > or backslash. */
int holder_feed_url_valid(const char *url);

#endif
