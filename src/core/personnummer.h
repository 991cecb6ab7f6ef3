/* personnummer.h — parses and validates Swedish personal identity numbers
 * (personnummer) and coordination numbers (samordningsnummer, where 60 is
 * added to the day of birth).
 *
 * Accepted forms (surrounding spaces are ignored):
 *   YYMMDD-NNNN   YYMMDD+NNNN   YYMMDDNNNN   YYYYMMDDNNNN   YYYYMMDD-NNNN
 * With a two-digit year the century is the one that makes the person less
 * than 100 years old on today's date; '+' means 100 years or older, i.e. one
 * century earlier. The date must exist (leap years included), must not be
 * in the future, and the last digit must be the Luhn check digit over the
 * ten digits YYMMDDNNN. */
#ifndef DATALOTS_PERSONNUMMER_H
#define DATALOTS_PERSONNUMMER_H

#include <stdint.h>

#include "core/err.h"

/* Parses in. today_yyyymmdd is today's date as a number, e.g. 20240501
 * (passed in so the function stays pure and testable). On success writes
 * the canonical 12 digits YYYYMMDDNNNN and a NUL to out12 (the day keeps its
 * +60 for a samordningsnummer), sets *is_samordningsnummer (may be NULL) to
 * 1 or 0, and returns DL_OK. Otherwise returns DL_EINVAL with a Swedish
 * sentence that does not repeat the number, and out12 is the empty string
 * (DL_EINTERNAL if today_yyyymmdd is not a real date). */
dl_err personnummer_parse(const char *in, int64_t today_yyyymmdd, char out12[13],
                          int *is_samordningsnummer, dl_error *e);

#endif
