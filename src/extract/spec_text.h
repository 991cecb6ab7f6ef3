/* spec_text.h — an extraction spec as plain text, for the shell (`datalots
 * extract spec`) and the delivery's README: what is read and delivered,
 * from whom, and under which terms. */
#ifndef DATALOTS_EXTRACT_SPEC_TEXT_H
#define DATALOTS_EXTRACT_SPEC_TEXT_H

#include <stdio.h>

#include "extract/spec.h"

void extract_spec_print(const extract_spec *s, FILE *out);

#endif
