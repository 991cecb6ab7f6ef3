/* guide_fields.h — the query tables of the knowledge guide's pages
 * (handlers/guide.c), enum-indexed like fields.h. */
#ifndef DATALOTS_GUIDE_FIELDS_H
#define DATALOTS_GUIDE_FIELDS_H

#include "core/content.h"
#include "web/form.h"

/* Sort orders; "relevance" only means something with a search. */
enum { GUIDE_SORT_TITLE, GUIDE_SORT_DATE, GUIDE_SORT_RELEVANCE };
static const char *const guide_sort_values[] = {"title", "date", "relevance", NULL};

/* GET /guide */
enum { GUIDE_Q_TYPE, GUIDE_Q_CATEGORY, GUIDE_Q_SORT, GUIDE_Q_Q, GUIDE_Q__MAX };
static const field_spec guide_query[GUIDE_Q__MAX] = {
    [GUIDE_Q_Q] = {.name = "q", .type = FIELD_TEXT, .max_len = 200, .label_sv = "Sök"},
    [GUIDE_Q_TYPE] = {.name = "type", .type = FIELD_ENUM, .enum_values = content_type_filters, .label_sv = "Typ"},
    [GUIDE_Q_CATEGORY] = {.name = "category", .type = FIELD_TEXT, .max_len = 80, .label_sv = "Kategori"},
    [GUIDE_Q_SORT] = {.name = "sort", .type = FIELD_ENUM, .enum_values = guide_sort_values, .label_sv = "Sortering"},
};

/* GET /api/v1/search */
enum { SEARCH_Q_Q, SEARCH_Q_TYPE, SEARCH_Q__MAX };
static const field_spec search_api_query[SEARCH_Q__MAX] = {
    [SEARCH_Q_Q] = {.name = "q", .type = FIELD_TEXT, .required = 1, .max_len = 200, .label_sv = "Sök"},
    [SEARCH_Q_TYPE] = {.name = "type", .type = FIELD_ENUM, .enum_values = content_type_filters, .label_sv = "Typ"},
};

#endif
