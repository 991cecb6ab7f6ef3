/* followup_questions.c — see followup_questions.h: the answer times of the
 * questions to the network, for the follow-up's period, read by
 * store/question_times.c's question_answer_times_load (one statement, the
 * same on SQLite and PostgreSQL) and split into the members' rows and the
 * line for all. */
#include "store/followup_questions.h"
#include "store/obstacle_report.h"

#include <string.h>

dl_err followup_questions_load(db *d, arena *a, const obstacle_period *p, int64_t now, followup_questions *out,
                               dl_error *e)
{
    memset(out, 0, sizeof *out);
    out->all = (question_answer_time){-1, "", 0, 0, 0, 0, 0};
    out->target_days = QUESTION_TARGET_DAYS;
    question_answer_time *rows = arena_alloc(a, sizeof *rows * FOLLOWUP_QUESTION_ROWS_MAX);
    if (!rows) return dl_fail(e, DL_ENOMEM, "out of memory");
    int n = 0;
    dl_err rc = question_answer_times_load(d, a, p->from, p->to, now, rows, FOLLOWUP_QUESTION_ROWS_MAX, &n, e);
    if (rc != DL_OK) return rc;
    /* The loader ends with the line for all; it fills max - 1 member rows at most. */
    if (n > 0 && rows[n - 1].member_id < 0) out->all = rows[--n];
    out->members = rows;
    out->n_members = n;
    out->members_cut = n >= FOLLOWUP_QUESTION_ROWS_MAX - 1;
    return DL_OK;
}
