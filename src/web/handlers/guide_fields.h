/* guide_fields.h — the query tables of the knowledge guide's pages
 * (handlers/guide.c), enum-indexed like fields.h. */
#ifndef DATALOTS_GUIDE_FIELDS_H
#define DATALOTS_GUIDE_FIELDS_H

#include <stdint.h>

#include "core/content.h"
#include "store/guide_facets.h"
#include "web/form.h"

/* Sort orders; "relevance" only means something with a search. */
enum { GUIDE_SORT_TITLE, GUIDE_SORT_DATE, GUIDE_SORT_RELEVANCE };
static const char *const guide_sort_values[] = {"title", "date", "relevance", NULL};

/* GET /guide; the facets' parameters are named as store/guide_facets.h's
 * (guide_facet_query below, checked by tests/unit/test_guide_search.c). */
enum { GUIDE_Q_TYPE, GUIDE_Q_CATEGORY, GUIDE_Q_HOLDER, GUIDE_Q_REGION, GUIDE_Q_DATATYPE, GUIDE_Q_LAW, GUIDE_Q_SORT,
       GUIDE_Q_Q, GUIDE_Q_PAGE, GUIDE_Q__MAX };
static const field_spec guide_query[GUIDE_Q__MAX] = {
    [GUIDE_Q_PAGE] = {.name = "page", .type = FIELD_INT, .min = 1, .max = 100000, .label_sv = "Sida"},
    [GUIDE_Q_Q] = {.name = "q", .type = FIELD_TEXT, .max_len = 200, .label_sv = "Sök"},
    [GUIDE_Q_TYPE] = {.name = "type", .type = FIELD_ENUM, .enum_values = content_type_filters, .label_sv = "Typ"},
    [GUIDE_Q_CATEGORY] = {.name = "category", .type = FIELD_TEXT, .max_len = 80, .label_sv = "Kategori"},
    [GUIDE_Q_HOLDER] = {.name = "holder", .type = FIELD_TEXT, .max_len = 80, .label_sv = "Datahållare"},
    [GUIDE_Q_REGION] = {.name = "region", .type = FIELD_TEXT, .max_len = 80, .label_sv = "Region"},
    [GUIDE_Q_DATATYPE] = {.name = "datatype", .type = FIELD_TEXT, .max_len = 80, .label_sv = "Datatyp"},
    [GUIDE_Q_LAW] = {.name = "law", .type = FIELD_TEXT, .max_len = 80, .label_sv = "Lag"},
    [GUIDE_Q_SORT] = {.name = "sort", .type = FIELD_ENUM, .enum_values = guide_sort_values, .label_sv = "Sortering"},
};

/* The parameter of each facet, in store/guide_facets.h's order. */
static const int guide_facet_query[] = {GUIDE_Q_CATEGORY, GUIDE_Q_HOLDER, GUIDE_Q_REGION, GUIDE_Q_DATATYPE, GUIDE_Q_LAW};
_Static_assert(sizeof guide_facet_query / sizeof guide_facet_query[0] == GF__MAX, "one parameter per facet");

/* POST /guide/{id}/edit: preview or save the whole source as a new version. */
enum { GUIDE_EDIT_PREVIEW, GUIDE_EDIT_SAVE };
static const char *const guide_edit_actions[] = {"preview", "save", NULL};
enum { GUIDE_EDIT_VERSION, GUIDE_EDIT_SOURCE, GUIDE_EDIT_ACTION, GUIDE_EDIT__MAX };
static const field_spec guide_edit_fields[GUIDE_EDIT__MAX] = {
    [GUIDE_EDIT_VERSION] = {.name = "version", .type = FIELD_INT, .required = 1, .min = 1, .max = INT64_MAX, .label_sv = "Version"},
    [GUIDE_EDIT_SOURCE] = {.name = "source", .type = FIELD_MULTILINE, .required = 1, .max_len = CONTENT_MAX_FILE,
                           .label_sv = "Sidans text"},
    [GUIDE_EDIT_ACTION] = {.name = "action", .type = FIELD_ENUM, .required = 1, .enum_values = guide_edit_actions,
                           .label_sv = "Åtgärd"},
};

/* POST /guide/{id}/publish */
enum { GUIDE_PUBLISH_VERSION, GUIDE_PUBLISH__MAX };
static const field_spec guide_publish_fields[GUIDE_PUBLISH__MAX] = {
    [GUIDE_PUBLISH_VERSION] = {.name = "version", .type = FIELD_INT, .required = 1, .min = 1, .max = INT64_MAX, .label_sv = "Version"},
};

/* GET /guide/{id}/history?v=N: the difference N-1 → N */
enum { GUIDE_HISTORY_Q_V, GUIDE_HISTORY_Q__MAX };
static const field_spec guide_history_query[GUIDE_HISTORY_Q__MAX] = {
    [GUIDE_HISTORY_Q_V] = {.name = "v", .type = FIELD_INT, .min = 1, .max = INT64_MAX, .label_sv = "Version"},
};

/* GET /api/v1/search */
enum { SEARCH_Q_Q, SEARCH_Q_TYPE, SEARCH_Q__MAX };
static const field_spec search_api_query[SEARCH_Q__MAX] = {
    [SEARCH_Q_Q] = {.name = "q", .type = FIELD_TEXT, .required = 1, .max_len = 200, .label_sv = "Sök"},
    [SEARCH_Q_TYPE] = {.name = "type", .type = FIELD_ENUM, .enum_values = content_type_filters, .label_sv = "Typ"},
};

#endif
