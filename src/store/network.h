/* network.h — the network of support functions (issue 15 item 1,
 * docs/network.md): members, their contact people and the shared calendar
 * of events. Reads for the public pages and feeds; one write, the demo seed
 * (`datalots demo network`). Instants are UTC text (clock_iso_utc). */
#ifndef DATALOTS_STORE_NETWORK_H
#define DATALOTS_STORE_NETWORK_H

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"

#include <stdint.h>

#define NETWORK_LIST_MAX 500

typedef struct network_contact_rec {
    int64_t id;
    const char *name, *email, *role;
} network_contact_rec;

typedef struct network_member_rec {
    int64_t id;
    const char *name, *offers, *serves, *website;
    int64_t upcoming; /* events starting after the list's "now" (lists only) */
    network_contact_rec *contacts;
    int n_contacts;
} network_member_rec;

typedef struct network_event_rec {
    int64_t id, member_id;
    const char *member_name, *kind, *title, *description, *starts_at, *ends_at, *place, *online_url, *updated_at;
    int64_t seats, registered;        /* migration 0044: seats 0 = no registration */
    const char *registration_closes;  /* UTC text: the closing time, or the start when none is set */
} network_event_rec;

/* Every member by name (at most NETWORK_LIST_MAX), with the number of
 * events starting at or after now (UTC text); no contacts. */
dl_err network_members(db *d, arena *a, const char *now, network_member_rec *out, int *n, dl_error *e);
/* One member with its contacts; DL_ENOTFOUND when there is none. */
dl_err network_member_get(db *d, arena *a, int64_t id, network_member_rec *out, dl_error *e);

/* The events of member_id (0: all members); when == 1 those ending at or
 * after now in start order, -1 those that ended before now newest first,
 * 0 all in start order. At most max (≤ NETWORK_LIST_MAX). */
dl_err network_events(db *d, arena *a, int64_t member_id, int when, const char *now, int max,
                      network_event_rec *out, int *n, dl_error *e);
dl_err network_event_get(db *d, arena *a, int64_t id, network_event_rec *out, dl_error *e);

typedef struct network_news_rec {
    int64_t id, member_id;
    const char *member_name, *title, *body, *published_at, *updated_at;
} network_news_rec;

/* The newest max (≤ NETWORK_LIST_MAX) news posts published before now
 * (UTC text), newest first. */
dl_err network_news_list(db *d, arena *a, const char *now, int max, network_news_rec *out, int *n, dl_error *e);
/* One post published before now; DL_ENOTFOUND otherwise. */
dl_err network_news_get(db *d, arena *a, const char *now, int64_t id, network_news_rec *out, dl_error *e);

/* The demo network: a few members, contacts and events around now (epoch
 * seconds) and three news posts, in one transaction; DL_ECONFLICT when the network has members. */
dl_err network_seed_demo(db *d, int64_t now, int *members, int *events, int *news, dl_error *e);

#endif
