/* followup_fields.h — the query of GET /uppfoljning?fran=DAY&till=DAY
 * [&format=html|pdf|csv|xlsx] (handlers/followup.c): without format, the page. */
#ifndef DATALOTS_FOLLOWUP_FIELDS_H
#define DATALOTS_FOLLOWUP_FIELDS_H

#include "web/form.h"

static const char *const followup_formats[] = {"html", "pdf", "csv", "xlsx", NULL};
enum { FOLLOWUP_Q_FROM, FOLLOWUP_Q_TO, FOLLOWUP_Q_FORMAT, FOLLOWUP_Q__MAX };
static const field_spec followup_query[FOLLOWUP_Q__MAX] = {
    [FOLLOWUP_Q_FROM] = {.name = "fran", .type = FIELD_DATE, .label_sv = "Från och med"},
    [FOLLOWUP_Q_TO] = {.name = "till", .type = FIELD_DATE, .label_sv = "Till och med"},
    [FOLLOWUP_Q_FORMAT] = {.name = "format", .type = FIELD_ENUM, .enum_values = followup_formats, .label_sv = "Format"},
};

#endif
