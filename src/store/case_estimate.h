/* case_estimate.h — an organisation's fee schedule and the cost estimates
 * a coordinator sends before the decision (core/fee.h; the rows
 * send_estimate, accept_estimate, narrow_request and withdraw of
 * core/case_flow.c). case_transition() calls the *_in_tx functions inside
 * its transaction: the check of a step's estimate fields before anything
 * is written, the estimate's row after its document. */
#ifndef DATALOTS_STORE_CASE_ESTIMATE_H
#define DATALOTS_STORE_CASE_ESTIMATE_H

#include <stdint.h>

#include "core/fee.h"
#include "store/cases.h"

#define ESTIMATE_ANSWER_DAYS_MAX 365 /* the applicant answers within a year at most */

/* The schedule of organisation org_id; *charges 0 (and a zero schedule)
 * when it has none or does not charge. */
dl_err fee_schedule_get(db *d, int64_t org_id, int *charges, fee_schedule *out, dl_error *e);
/* Sets it (its own transaction, with an audit row). DL_EINVAL with a
 * sentence for amounts or VAT out of range. */
dl_err fee_schedule_set(db *d, int64_t org_id, int charges, const fee_schedule *s, const audit_actor *who,
                        dl_error *e);

typedef struct case_estimate_rec {
    int64_t id, document_id, hours_centi, base_ore, hourly_ore, net_ore, vat_ore, total_ore;
    int vat_percent;
    const char *answer_by, *status, *created_at, *answered_at;
} case_estimate_rec;
/* The case's newest estimate; *found 0 when it has none. */
dl_err case_estimate_latest(db *d, arena *a, int64_t case_id, case_estimate_rec *out, int *found, dl_error *e);

/* Checks a step of the estimate rows before anything is written: for
 * send_estimate the organisation charges, the hours parse and the answer
 * day lies after today and within ESTIMATE_ANSWER_DAYS_MAX days; for
 * accept_estimate and narrow_request an open estimate exists and its answer
 * day has not passed (DL_EINVAL with a sentence naming the day). Other
 * steps: DL_OK. */
dl_err case_estimate_check_in_tx(db *d, const case_rec *c, const case_transition_rule *row, const case_step *st,
                                 dl_error *e);
/* The body of the estimate's document: the specification, then the
 * amounts as computed from the schedule (in arena a); NULL on a step that
 * is not send_estimate or out of memory. */
const char *case_estimate_body(db *d, arena *a, const case_rec *c, const case_step *st, dl_error *e);
/* After the step's document (doc_id) is registered: send_estimate records
 * the estimate (a former open one becomes 'superseded'); accept_estimate,
 * narrow_request and withdraw close the open one. */
dl_err case_estimate_record_in_tx(db *d, const case_rec *c, const case_transition_rule *row, const case_step *st,
                                  int64_t doc_id, dl_error *e);

#endif
