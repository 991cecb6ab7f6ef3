/* dictionary_view.h — what the data dictionary's page (dictionary.c) and
 * the request form's variable checkboxes (case_variables.c) share. */
#ifndef DATALOTS_DICTIONARY_VIEW_H
#define DATALOTS_DICTIONARY_VIEW_H

#include "core/case_request.h"
#include "store/dictionary.h"
#include "web/http.h"

/* The Swedish word for a type (a msgid). */
const char *dictionary_type_label_sv(src_type t);
/* The entry's description in r's language; *is_sv 1 when only the
 * organisation's Swedish text exists (the page marks it lang="sv"). */
const char *dictionary_description(request *r, const dict_entry *x, int *is_sv);

/* On the request form, field x of "Variabler som efterfrågas": the
 * organisation's offered variables as "var_groups" (a fieldset per table,
 * its "vars" with "vkey", "vlabel", "vchecked", …) ticked as value names
 * them, and "value" set to the rest of value (the free text). Without a
 * dictionary x keeps value whole and gets no groups. */
void case_variables_to_ctx(request *r, tmpl_ctx *x, int64_t org_id, const char *value);

/* The posted form's variables into req->v[REQ_VARIABLES]: the ticked keys
 * one per line, then the free text. 1 when done; 0 when a ticked key is not
 * one org_id offers or the whole is too long, with *error a sentence (in
 * r's language): nothing may then be saved, and req holds the offered
 * keys and the free text, for showing the form again. */
int case_variables_from_form(request *r, int64_t org_id, case_request *req, const char **error);

#endif
