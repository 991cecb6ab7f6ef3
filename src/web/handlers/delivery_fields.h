/* delivery_fields.h — the form table of the destruction confirmation
 * (POST /forstoring/{token}, handlers/delivery.c), enum-indexed like
 * fields.h. The download's POST takes no field but the router's csrf. */
#ifndef DATALOTS_DELIVERY_FIELDS_H
#define DATALOTS_DELIVERY_FIELDS_H

#include "web/form.h"

enum { DESTROY_ON, DESTROY_BY, DESTROY__MAX };
static const field_spec destroy_fields[DESTROY__MAX] = {
    [DESTROY_ON] = {.name = "destroyed_on", .type = FIELD_DATE, .required = 1, .label_sv = "Förstördes den"},
    [DESTROY_BY] = {.name = "destroyed_by", .type = FIELD_TEXT, .required = 1, .max_len = 200,
                    .label_sv = "Förstördes av"},
};

#endif
