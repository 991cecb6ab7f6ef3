/* obstacle_subscription.h — anyone following a published obstacle by
 * e-mail (migration 0030; docs/obstacles.md, "Subscribing").
 *
 * Double opt-in. obstacle_subscribe() stores a pending subscription and
 * queues, in the same transaction, a mail with a confirmation link; the
 * link's token is random and only its SHA-256 is stored, like the
 * reporter's follow-up link. obstacle_subscription_confirm() makes it
 * live; a pending one expires (core/obstacle_subscription.h). Every
 * notification carries a fresh unsubscribe link (its hash stored too);
 * obstacle_unsubscribe() removes the subscription and all its links.
 *
 * The answer is the same whether the address already follows the obstacle
 * or not: obstacle_subscribe() returns DL_OK either way, and for an address
 * already confirmed it writes and mails nothing (the person already gets
 * the news; nothing tells a stranger that the address is there).
 *
 * obstacle_subscribers_notify_in_tx() is what obstacle_transition() (a
 * public step) and obstacle_publish() (into the register) call inside their
 * transaction: each confirmed subscriber of a published obstacle gets a
 * mail with its reference, the public state, the public answer and the two
 * links — never a note, the report as written, or another subscriber. */
#ifndef DATALOTS_STORE_OBSTACLE_SUBSCRIPTION_H
#define DATALOTS_STORE_OBSTACLE_SUBSCRIPTION_H

#include <stdint.h>

#include "core/err.h"
#include "core/token.h"
#include "db/db.h"

/* The two kinds of link a subscriber is mailed. */
typedef enum obstacle_subscription_link {
    OSL_CONFIRM,     /* /hinder/bevakning/bekrafta?t=TOKEN */
    OSL_UNSUBSCRIBE, /* /hinder/bevakning/avsluta?t=TOKEN */
} obstacle_subscription_link;

/* Asks to follow published obstacle id from address email. DL_EINVAL (a
 * sentence) for an address that is not one; DL_ENOTFOUND when there is no
 * published obstacle id (never published, taken out, or none). DL_OK
 * otherwise, with the confirmation mail queued unless the address already
 * follows the obstacle. Pending requests that have expired (of any
 * obstacle) are swept first. public_url: the links' base ("https://…").
 * token_out (may be NULL): the confirmation link's token, "" when nothing
 * was mailed — for tests; the web never shows it. */
dl_err obstacle_subscribe(db *d, int64_t obstacle_id, const char *email, const char *public_url, int64_t now,
                          char token_out[TOKEN_HEX_SIZE], dl_error *e);

/* Whether token is a live link of this kind, without using it (the page a
 * link opens shows a button; only the POST acts). obstacle_id: the
 * obstacle it is about. DL_ENOTFOUND with a sentence for a malformed,
 * unknown, used or expired link. */
dl_err obstacle_subscription_link_check(db *d, obstacle_subscription_link kind, const char *token, int64_t now,
                                        int64_t *obstacle_id, dl_error *e);

/* Makes the pending subscription of confirmation token live and removes
 * the confirmation link (DL_ENOTFOUND as above). Audit
 * "obstacle.subscription_confirm" naming the subscription's id only. */
dl_err obstacle_subscription_confirm(db *d, const char *token, int64_t now, int64_t *obstacle_id, dl_error *e);

/* Removes the subscription of unsubscribe token and every link of it
 * (DL_ENOTFOUND as above). Audit "obstacle.unsubscribe". */
dl_err obstacle_unsubscribe(db *d, const char *token, int64_t *obstacle_id, dl_error *e);

/* Inside the caller's transaction: one mail to each confirmed subscriber
 * of obstacle id when it is published (nothing otherwise). n_mailed may be
 * NULL. */
dl_err obstacle_subscribers_notify_in_tx(db *d, int64_t id, const char *public_url, int64_t now, int *n_mailed,
                                         dl_error *e);

#endif
