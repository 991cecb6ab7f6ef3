/* guide_case.h — a case story's rules, steps and film on its page (guide_case.c). */
#ifndef DATALOTS_GUIDE_CASE_H
#define DATALOTS_GUIDE_CASE_H

#include "core/content.h"
#include "web/http.h"

/* Sets the table of rules and the film's values in c; returns the body's
 * Markdown up to the film's transcript with each step's rules added
 * (arena memory, NULL when out of memory), and sets *after_film to the
 * transcript section and what follows it (NULL when there is no film). */
const char *guide_case_to_ctx(request *r, tmpl_ctx *c, const content_item *parsed, const char **after_film);

#endif
