/* guide_fields.h — the query tables of the knowledge guide's pages
 * (handlers/guide.c), enum-indexed like fields.h. */
#ifndef DATALOTS_GUIDE_FIELDS_H
#define DATALOTS_GUIDE_FIELDS_H

#include "core/content.h"
#include "web/form.h"

static const char *const guide_sort_values[] = {"title", "date", NULL};

/* GET /guide */
enum { GUIDE_Q_TYPE, GUIDE_Q_CATEGORY, GUIDE_Q_SORT, GUIDE_Q__MAX };
static const field_spec guide_query[GUIDE_Q__MAX] = {
    [GUIDE_Q_TYPE] = {.name = "type", .type = FIELD_ENUM, .enum_values = content_type_filters, .label_sv = "Typ"},
    [GUIDE_Q_CATEGORY] = {.name = "category", .type = FIELD_TEXT, .max_len = 80, .label_sv = "Kategori"},
    [GUIDE_Q_SORT] = {.name = "sort", .type = FIELD_ENUM, .enum_values = guide_sort_values, .label_sv = "Sortering"},
};

#endif
