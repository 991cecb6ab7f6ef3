/* case_notify.h — whom a case step tells, and the e-mails it queues: the
 * notify bits of the step's table row (core/case_flow.h) become outbox rows
 * in the step's own transaction (store/outbox.h), in each recipient's
 * language. An e-mail says that something happened and links to the case;
 * it never carries the content of a document. */
#ifndef DATALOTS_STORE_CASE_NOTIFY_H
#define DATALOTS_STORE_CASE_NOTIFY_H

#include "core/arena.h"
#include "core/case_flow.h"
#include "db/db.h"
#include "store/cases.h"

/* Queues the step's e-mails; run inside case_transition()'s transaction.
 * A recipient without an address is skipped (the step is still taken). */
dl_err case_notify_in_tx(db *d, arena *a, const case_rec *c, const case_transition_rule *row,
                         const case_step *st, dl_error *e);

/* Reminders before the units' deadline (Process 2): for every case whose
 * unit round is open, with units that have not answered, and whose deadline
 * is at most `working_days` working days after `today` (YYYY-MM-DD, local),
 * queues one e-mail (kind case.unit_reminder) to the area's chiefs and marks
 * the case reminded, all in one transaction; a case is reminded once per
 * round. *n receives how many cases were reminded. */
#define CASE_REMIND_WORKING_DAYS 2
dl_err case_send_unit_reminders(db *d, const char *today, int working_days, const char *public_url, int *n,
                                dl_error *e);

/* One mail of kind about case c beside a step's (the message thread, the
 * project members), in the step's manner: NOTIFY_APPLICANT in who → the
 * owner's address (else the request's); NOTIFY_COORDINATORS → the
 * coordinators over the case's target; to → that address too. It links to
 * link_path on the site (NULL: the case page). Inside the caller's
 * transaction. */
dl_err case_notify_kind_in_tx(db *d, const case_rec *c, unsigned who, const char *to, const char *kind,
                              const char *link_path, const char *public_url, dl_error *e);

#endif
