/* destroy_reminder.c — the schedule of destruction reminders; see
 * destroy_reminder.h. */
#include "core/destroy_reminder.h"

int destroy_reminder_stage(int64_t destroy_by_day, int64_t today_day)
{
    if (today_day < destroy_by_day - DESTROY_REMIND_DAYS_BEFORE) return DESTROY_STAGE_NONE;
    if (today_day < destroy_by_day) return DESTROY_STAGE_BEFORE;
    int64_t weeks = (today_day - destroy_by_day) / DESTROY_REMIND_EVERY_DAYS;
    if (weeks > 100000) weeks = 100000; /* a date centuries ago: the stage stays an int */
    return DESTROY_STAGE_ON_DAY + (int)weeks;
}

int destroy_reminder_due(int64_t destroy_by_day, int64_t today_day, int last_stage_sent)
{
    return destroy_reminder_stage(destroy_by_day, today_day) > last_stage_sent;
}
