/* network_edit.h — the network coordinator adds, changes and removes
 * members, calendar events and news (ACT_NETWORK_EDIT; docs/network.md).
 * Each checks its input and refuses with a sentence (DL_EINVAL; DL_ECONFLICT
 * for a member name already taken, a member that still has events or news,
 * fewer seats than registrations; DL_ENOTFOUND for an unknown member, event
 * or post), then writes the row and an audit row (network.member_add,
 * _change, _remove; network.event_…; network.news_…) in one transaction.
 * Instants are UTC epoch seconds. */
#ifndef DATALOTS_STORE_NETWORK_EDIT_H
#define DATALOTS_STORE_NETWORK_EDIT_H

#include <stdint.h>

#include "core/err.h"
#include "core/arena.h"
#include "db/db.h"
#include "store/audit.h"

#define NETWORK_TITLE_MAX 200
#define NETWORK_TEXT_MAX 20000
#define NETWORK_ROLE_MAX 100   /* a contact person's role: "registrator", "statistiker", … */
#define NETWORK_CONTACTS_MAX 8 /* contact people per member */

typedef struct network_member_in {
    const char *name, *offers, *serves, *website;
    const char *contact_name, *contact_email; /* the first contact person (adding); NULL when changing */
} network_member_in;

typedef struct network_contact_in {
    const char *name, *email, *role; /* role may be empty */
} network_contact_in;

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

/* The member's name, offers, serves and website; its contact people stay. */
dl_err network_member_update(db *d, const audit_actor *who, int64_t id, const network_member_in *m, dl_error *e);
/* Refused while the member organises events or signs news. */
dl_err network_member_remove(db *d, const audit_actor *who, int64_t id, dl_error *e);
/* Seats cannot drop below the registrations standing. */
dl_err network_event_update(db *d, const audit_actor *who, int64_t id, const network_event_in *v, int64_t now,
                            dl_error *e);
/* Removes the event and its registrations; when it has not started, each
 * standing registration gets a mail (outbox kind network.event_cancelled)
 * in the same transaction. a: for the list of registrations. */
dl_err network_event_remove(db *d, arena *a, const audit_actor *who, int64_t id, int64_t now, dl_error *e);
dl_err network_news_update(db *d, const audit_actor *who, int64_t id, int64_t member_id, const char *title,
                           const char *body, int64_t now, dl_error *e);
dl_err network_news_remove(db *d, const audit_actor *who, int64_t id, dl_error *e);

/* A member's contact people (their addresses decide who handles the
 * member's questions, docs/questions.md). Refused with a sentence: a
 * malformed field (DL_EINVAL); a ninth contact, an address the member
 * already has (case ignored), removing the last one (DL_ECONFLICT); an
 * unknown member, or a contact that is not the member's (DL_ENOTFOUND).
 * Audited as network.contact_add, _change, _remove with the member and the
 * address as detail. */
dl_err network_contact_add(db *d, const audit_actor *who, int64_t member_id, const network_contact_in *c, int64_t *id,
                           dl_error *e);
dl_err network_contact_update(db *d, const audit_actor *who, int64_t member_id, int64_t id,
                              const network_contact_in *c, dl_error *e);
dl_err network_contact_remove(db *d, const audit_actor *who, int64_t member_id, int64_t id, dl_error *e);

#endif
