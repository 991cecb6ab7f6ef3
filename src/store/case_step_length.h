/* case_step_length.h — each ended step of a release case with its length,
 * written once when the step ends (table case_step_length, migration 0054),
 * so the follow-up figures (store/followup.c) read one GROUP BY instead of
 * every history row.
 *
 * A step is a stint of a case in one state: from the history row
 * (case_event) that entered the state to the next row that leaves it. A
 * row whose from and to state are the same (a unit's answer, a registered
 * document) does not end it. A step is written when the state it leaves is
 * the one the case's previous state-changing row entered, and it did not
 * end before it began. Its length is kept counted both ways
 * core/deadline.h counts a target (deadline_days_between: working days and
 * calendar days, Europe/Stockholm dates), because an organisation's target
 * may count either and may change; the reader picks the one that its
 * current target counts.
 *
 *   case_transition (store/case_transition.c)  -> case_step_length_end_in_tx
 *   the demo seeding (store/case_seed.c)       -> case_step_length_fold + its own multi-row INSERT,
 *                                                 then case_step_length_roll_up_after
 *   a store migrated to 0054                   -> case_step_length_count_days (once, at open)
 *   history written some other way (tests)     -> case_step_length_rebuild */
#ifndef DATALOTS_STORE_CASE_STEP_LENGTH_H
#define DATALOTS_STORE_CASE_STEP_LENGTH_H

#include <stdint.h>

#include "core/case_flow.h"
#include "core/deadline.h"
#include "db/db.h"

/* deadline_days_between(a, b, unit), from a table of the working days
 * 2000–2099 built once per process (asked of core/deadline.c outside it). */
int case_step_days(int64_t a, int64_t b, due_unit unit);

/* One history row of a case, in order, as the fold reads it. */
typedef struct case_step_event {
    int64_t at; /* epoch seconds */
    case_state from, to;
} case_step_event;

/* One ended step: the index of the row that entered it and of the one that left it. */
typedef struct case_step_span {
    int entered, left;
    case_state state;
} case_step_span;

/* The steps that the rows ev[0..n-1] of one case end, in order, into out
 * (at most max); returns how many. */
int case_step_length_fold(const case_step_event *ev, int n, case_step_span *out, int max);

/* In the transaction of a transition of case case_id from `from` to `to`
 * at at_iso, before its history row is written: writes the step it ends. */
dl_err case_step_length_end_in_tx(db *d, int64_t case_id, case_state from, case_state to, const char *at_iso,
                                  dl_error *e);

/* The monthly counts (table case_step_month: month of the case's creation,
 * organisation, state, working and calendar days → n), which must move in
 * the transaction that writes steps: case_step_length_end_in_tx keeps them;
 * a writer of many rows notes case_step_length_last_id before and calls
 * case_step_length_roll_up_after with it after. */
dl_err case_step_length_last_id(db *d, int64_t *id, dl_error *e);
dl_err case_step_length_roll_up_after(db *d, int64_t after_id, dl_error *e);

/* The units' answers of Process 2 cases per month of the case's creation,
 * unit and answer (table case_unit_month): a writer of a case's case_unit
 * rows calls case_unit_month_adjust(-1) before and (+1) after, in its
 * transaction; the seeding rolls up the cases after its last one before. */
dl_err case_unit_month_adjust(db *d, int64_t case_id, int sign, dl_error *e);
dl_err case_unit_month_roll_up_after(db *d, int64_t after_case, dl_error *e);

/* Counts the days of the rows written without them (-1: migration 0054's
 * rows of the history before it), in one transaction; nothing to do is one
 * indexed read. The monthly counts are then written anew. */
dl_err case_step_length_count_days(db *d, dl_error *e);

/* Writes the table and the monthly counts anew from case_event and case_unit
 * (its own transaction): for history written around case_transition, as
 * tests' fixtures write it. */
dl_err case_step_length_rebuild(db *d, dl_error *e);

#endif
