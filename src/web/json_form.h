/* json_form.h — a JSON object as a form: the body of an API route that
 * takes JSON (ROUTE_JSON_BODY) becomes the same name=value pairs a browser
 * would send, so one field table and one check (form.h) serve the page and
 * the API. Members must be declared fields; values strings, true/false
 * (a FIELD_BOOL), numbers (a FIELD_INT), arrays of strings (a
 * FIELD_CHECKBOXES) or null (left out). Anything else is refused with a
 * sentence naming the member. */
#ifndef DATALOTS_JSON_FORM_H
#define DATALOTS_JSON_FORM_H

#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"
#include "web/form.h"

/* body[0..len) → *out (NUL-terminated, in a) of *out_len bytes,
 * application/x-www-form-urlencoded. DL_EINVAL with a sentence for
 * malformed JSON, a body that is not one object, an unknown member or a
 * value of the wrong kind; DL_ENOMEM. */
dl_err json_form_encode(arena *a, const char *body, size_t len, const field_spec *specs, size_t n_specs,
                        const char **out, size_t *out_len, dl_error *e);

#endif
