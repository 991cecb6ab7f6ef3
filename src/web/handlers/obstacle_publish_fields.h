/* obstacle_publish_fields.h — the forms of an obstacle's publication page
 * (/hinder/analys/{id}/publicera; handlers/obstacle_publish.c), enum-indexed
 * like fields.h. */
#ifndef DATALOTS_OBSTACLE_PUBLISH_FIELDS_H
#define DATALOTS_OBSTACLE_PUBLISH_FIELDS_H

#include "core/obstacle.h"
#include "web/form.h"

/* POST /hinder/analys/{id}/publicera — the redacted texts, confirmed. */
enum { PUBLISH_TEXT, PUBLISH_SUGGESTION, PUBLISH_NAMES_CONFIRMED, PUBLISH__MAX };
static const field_spec obstacle_publish_fields[PUBLISH__MAX] = {
    [PUBLISH_TEXT] = {.name = "public_text", .type = FIELD_MULTILINE, .required = 1, .max_len = OBSTACLE_WHAT_MAX,
                      .label_sv = "Text att publicera"},
    [PUBLISH_SUGGESTION] = {.name = "public_suggestion", .type = FIELD_MULTILINE, .max_len = OBSTACLE_SUGGESTION_MAX,
                            .label_sv = "Förslag att publicera"},
    [PUBLISH_NAMES_CONFIRMED] = {.name = "names_confirmed", .type = FIELD_BOOL,
                                 .label_sv = "De markerade namnen är inte personer"},
};

/* POST /hinder/analys/{id}/avpublicera — why it leaves the register. */
enum { UNPUBLISH_REASON, UNPUBLISH__MAX };
static const field_spec obstacle_unpublish_fields[UNPUBLISH__MAX] = {
    [UNPUBLISH_REASON] = {.name = "reason", .type = FIELD_TEXT, .required = 1, .max_len = 500, .label_sv = "Skäl"},
};

/* GET …/publicera?klar=1 — just published. */
enum { PUBLISH_Q_DONE, PUBLISH_Q__MAX };
static const field_spec obstacle_publish_query[PUBLISH_Q__MAX] = {
    [PUBLISH_Q_DONE] = {.name = "klar", .type = FIELD_BOOL},
};

#endif
