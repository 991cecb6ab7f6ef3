/* diary_number.h — formats diary (registration) numbers such as
 * "RH 2024-00042" from an administrator-defined format string.
 *
 * Format language:
 *   {year}    the year, four digits (years are limited to 1900..9999)
 *   {seq}     the sequence number, no padding
 *   {seq:N}   the sequence number zero-padded to N digits, 1 <= N <= 9;
 *             a wider number is printed in full, never truncated
 *   {{ and }} a literal '{' and '}'
 *   anything else is copied as is.
 * A valid format has exactly one {seq} or {seq:N}, at most one {year}, is
 * valid UTF-8 without control characters, and is at most
 * DIARY_FORMAT_MAX_CHARS characters (code points) long.
 *
 * Numbering series: with {year} the sequence starts over at 1 every
 * 1 January (Stockholm time), one series per year; without {year} it runs
 * on across years as one series (DIARY_SERIES_RUNNING), so a format such
 * as "NY-{seq}" never repeats a number at New Year. */
#ifndef DATALOTS_DIARY_NUMBER_H
#define DATALOTS_DIARY_NUMBER_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define DIARY_FORMAT_MAX_CHARS 64
/* Enough for any valid format: 64 code points of at most 4 bytes, plus a
 * 19-digit sequence number in place of a placeholder, plus the NUL. */
#define DIARY_NUMBER_MAX 320

/* Checks fmt against the rules above. DL_OK, or DL_EINVAL with a Swedish
 * sentence saying what to change. */
dl_err diary_format_validate(const char *fmt, dl_error *e);

/* The series a registration in `year` belongs to: the year itself when fmt
 * holds {year}, else DIARY_SERIES_RUNNING; -1 when fmt is not valid. */
#define DIARY_SERIES_RUNNING 0
int diary_format_series(const char *fmt, int year);

/* Writes the diary number for (year, seq) into out (outsz bytes, always
 * NUL-terminated when outsz > 0). fmt must pass diary_format_validate().
 * Errors (all DL_EINVAL, message in Swedish): invalid format, year outside
 * 1900..9999, seq < 1, out too small (out is then the empty string). */
dl_err diary_number_format(const char *fmt, int year, int64_t seq, char *out, size_t outsz,
                           dl_error *e);

#endif
