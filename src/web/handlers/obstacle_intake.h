/* obstacle_intake.h — what the report form (handlers/obstacle.c) and the
 * JSON API (handlers/obstacle_api.c) share, so that a report is taken the
 * same way whichever door it comes through: the fields (obstacle_fields),
 * the robot trap, the flood limit (core/submit_limit.h) and the report
 * made from the checked form. */
#ifndef DATALOTS_OBSTACLE_INTAKE_H
#define DATALOTS_OBSTACLE_INTAKE_H

#include "store/obstacles.h"
#include "web/form.h"
#include "web/http.h"

/* The report the checked form holds (obstacle_fields; no errors left). */
obstacle_report obstacle_report_from_form(const form *f);

/* A Swedish sentence when the form's category is not one new reports may
 * pick from the list (the store asks again when it writes), else NULL. */
const char *obstacle_category_refusal(request *r, const form *f);

/* A Swedish sentence when the robot trap was filled in, else NULL. */
const char *obstacle_trap_refusal(const form *f);

/* Counts this report against its address (submit_limit_take); a sentence
 * (translated, with the minutes to wait) when the address has sent its
 * share of this hour, else NULL. */
const char *obstacle_flood_refusal(request *r);

#endif
