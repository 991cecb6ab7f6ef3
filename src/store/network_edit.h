/* network_edit.h — the network coordinator adds members, calendar events
 * and news (ACT_NETWORK_EDIT; docs/network.md). Each checks its input and
 * refuses with a sentence (DL_EINVAL; DL_ECONFLICT for a member name
 * already taken; DL_ENOTFOUND for an unknown member), then writes the row
 * and an audit row in one transaction. Instants are UTC epoch seconds. */
#ifndef DATALOTS_STORE_NETWORK_EDIT_H
#define DATALOTS_STORE_NETWORK_EDIT_H

#include <stdint.h>

#include "core/err.h"
#include "db/db.h"
#include "store/audit.h"

#define NETWORK_TITLE_MAX 200
#define NETWORK_TEXT_MAX 20000

typedef struct network_member_in {
    const char *name, *offers, *serves, *website, *contact_name, *contact_email;
} network_member_in;

typedef struct network_event_in {
    int64_t member_id;
    const char *kind; /* seminar, conference, meeting */
    const char *title, *description, *place, *online_url;
    int64_t starts, ends, closes; /* closes 0: at the start */
    int64_t seats;                /* 0: no registration */
} network_event_in;

dl_err network_member_add(db *d, const audit_actor *who, const network_member_in *m, int64_t now, int64_t *id,
                          dl_error *e);
dl_err network_event_add(db *d, const audit_actor *who, const network_event_in *v, int64_t now, int64_t *id,
                         dl_error *e);
dl_err network_news_add(db *d, const audit_actor *who, int64_t member_id, const char *title, const char *body,
                        int64_t now, int64_t *id, dl_error *e);

#endif
