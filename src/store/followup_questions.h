/* followup_questions.h — the part "Frågor till nätverket" of the follow-up
 * figures (store/followup.h): the answer times of the questions routed to
 * the network's member functions (store/questions.h,
 * question_answer_times_load — the same figures as /fragor's answer-time
 * section), for the questions answered on the days of the period (local
 * days, Europe/Stockholm, both included). Per member function by name, then
 * the coordinator's queue when it answered or holds any, then all together:
 * the number answered, the median and 90th percentile in working days
 * (nearest rank), and the questions open now and how many of them are
 * overdue (older than QUESTION_TARGET_DAYS working days) — now, when the
 * report is made, whatever the period. followup_summary_load() reads it in
 * its read snapshot through followup_questions_load(). */
#ifndef DATALOTS_STORE_FOLLOWUP_QUESTIONS_H
#define DATALOTS_STORE_FOLLOWUP_QUESTIONS_H

#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "store/questions.h"

struct obstacle_period;

#define FOLLOWUP_QUESTION_ROWS_MAX 501 /* 500 member rows and the line for all; past this members_cut */

typedef struct followup_questions {
    question_answer_time *members; /* members by name, then the coordinator's queue (member_id 0) */
    int n_members, members_cut;
    question_answer_time all;      /* every question together (member_id -1) */
    int target_days;               /* an open question is overdue past this many working days */
} followup_questions;

/* Inside the caller's read transaction. */
dl_err followup_questions_load(db *d, arena *a, const struct obstacle_period *p, int64_t now, followup_questions *out,
                               dl_error *e);

#endif
