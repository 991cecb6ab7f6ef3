/* destroy_reminder.h — when the recipient of a delivery is reminded to
 * destroy the delivered data (the decision's destroy-by date), as pure
 * arithmetic on day numbers (core/calendar.h's cal_to_days).
 *
 * With D the destroy-by date and T today, the stage T is in:
 *
 *   T <  D - 30            stage 0: nothing yet
 *   D - 30 <= T < D        stage 1: "destroy by D" — sent once, 30 days before
 *   D <= T < D + 7         stage 2: "today is the day" — sent once, on D
 *   T >= D + 7             stage 2 + (T - D) / 7: once a week after D
 *
 * until the recipient confirms the destruction (then nothing is sent). A
 * reminder is due when the stage of today is above the last stage sent;
 * a run that was missed for some days sends one mail for the stage it
 * finds, not one for each stage it missed. `datalots cases remind` (daily,
 * deploy/datalots-remind.timer) sends them. */
#ifndef DATALOTS_DESTROY_REMINDER_H
#define DATALOTS_DESTROY_REMINDER_H

#include <stdint.h>

#define DESTROY_REMIND_DAYS_BEFORE 30 /* the first reminder, days before the date */
#define DESTROY_REMIND_EVERY_DAYS 7   /* after the date, until confirmed */

typedef enum destroy_stage {
    DESTROY_STAGE_NONE = 0,
    DESTROY_STAGE_BEFORE = 1, /* within DESTROY_REMIND_DAYS_BEFORE days */
    DESTROY_STAGE_ON_DAY = 2, /* the date itself (and the week after it) */
    /* 3, 4, …: the first, second, … week after the date */
} destroy_stage;

/* The stage of today_day for a destroy-by date (both day numbers). */
int destroy_reminder_stage(int64_t destroy_by_day, int64_t today_day);

/* 1 when a reminder is due today: the stage of today is above
 * last_stage_sent (0 when none was sent). */
int destroy_reminder_due(int64_t destroy_by_day, int64_t today_day, int last_stage_sent);

#endif
