/* case_portal.h — what the applicant's portal says about a case, worked out
 * without I/O: for each state of the release case (core/case_flow.h) what
 * happens next and who has the case (a role or unit, never a person), and
 * the typical time a case spends in each state, the median over the past
 * cases' transitions. The store reads the transitions (store/case_messages.h);
 * the page (handlers/case_portal.c) words the result. */
#ifndef DATALOTS_CASE_PORTAL_H
#define DATALOTS_CASE_PORTAL_H

#include <stdint.h>

#include "core/case_flow.h"

/* What happens next in state s, a Swedish sentence (a msgid); NULL out of range. */
const char *case_state_next_sv(case_state s);
/* Who has the case in state s: a role or the applicant (a msgid); NULL out of range. */
const char *case_state_holder_sv(case_state s);

/* Where the holder of state s sits: the case's organisation (intake, the
 * samråd), its target unit or area (the units, the decision, the
 * assignment, the extraction), or nowhere to name (the applicant, a closed
 * case). */
typedef enum case_holder_place { HOLDER_NOWHERE, HOLDER_ORGANISATION, HOLDER_TARGET } case_holder_place;
case_holder_place case_state_holder_place(case_state s);

/* The median of v[0..n-1] (sorted in place); the mean of the two middle
 * values, rounded down, when n is even. 0 when n is 0. */
int64_t median_i64(int64_t *v, int n);

/* One registered transition: the case, when (epoch seconds) and the state
 * it entered. Rows come grouped by case, oldest first within a case. */
typedef struct case_hop {
    int64_t case_id, at;
    case_state to;
} case_hop;

/* The time spent in each state, per stay: a stay begins with the hop into a
 * state and ends with the next hop of the same case into another state (a
 * hop into the same state, such as the confidentiality review, continues
 * the stay; a stay not ended yet is not counted; a negative span, from a
 * clock set back, counts as 0). The medians go to median_out and the
 * number of stays to count_out, per state. scratch holds n values. */
void case_state_medians(const case_hop *hops, int n, int64_t *scratch, int64_t median_out[CASE_STATE__MAX],
                        int count_out[CASE_STATE__MAX]);

/* "YYYY-MM-DDTHH:MM:SSZ" (as the store keeps a transition's time) in epoch
 * seconds; -1 when malformed. Without strptime: the portal reads thousands. */
int64_t case_time_utc(const char *s);

/* A span in whole days, rounded to the nearest; 0 for under half a day. */
int64_t case_span_days(int64_t seconds);

#endif
