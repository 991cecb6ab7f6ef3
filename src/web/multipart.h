/* multipart.h — turns a multipart/form-data body (a form with a file
 * field) into the application/x-www-form-urlencoded text that form.c
 * validates, so an upload passes exactly the same field checks (lengths,
 * UTF-8, no NUL, known names) as a typed value. Parsing is libmicrohttpd's
 * post processor; this file only collects what it reports. */
#ifndef DATALOTS_MULTIPART_H
#define DATALOTS_MULTIPART_H

#include <stddef.h>

#include "core/err.h"
#include "web/form.h"
#include "web/http.h"

/* Converts r's body. On success *out (in r's arena) is the urlencoded form
 * and DL_OK is returned; a body that is not well-formed multipart gives
 * DL_EINVAL with a Swedish sentence in e. A file part of a FIELD_FILE field
 * of specs is not text: its file name becomes the field's value and its
 * bytes (at most file_limit, else DL_ELIMIT) go to r->uploads. */
dl_err multipart_to_urlencoded(request *r, const field_spec *specs, size_t n_specs, size_t file_limit,
                               const char **out, size_t *out_len, dl_error *e);

#endif
