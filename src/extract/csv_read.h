/* csv_read.h — reads back the CSV files csv_write.h writes (and any RFC
 * 4180 CSV): buffered from a file descriptor, one row at a time, in bounded
 * memory. Rows end with CRLF or a bare LF; the last row may lack its line
 * end. An unquoted empty field is given as NULL, a quoted one ("") as "",
 * which is how csv_write_row writes NULL and the empty string.
 *
 * Refused with DL_EINVAL and the row's number: a quote inside an unquoted
 * field, text after a closing quote, a CR not followed by LF outside quotes,
 * a quoted field open at the end of the file. DL_ELIMIT: a row over
 * CSV_MAX_ROW_BYTES or CSV_MAX_FIELDS. */
#ifndef DATALOTS_CSV_READ_H
#define DATALOTS_CSV_READ_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define CSV_READ_BUFFER (256 * 1024)
#define CSV_MAX_ROW_BYTES (4 * 1024 * 1024)
#define CSV_MAX_FIELDS 1024

typedef struct csv_reader csv_reader;

/* A reader from fd's current position; NULL when out of memory. */
csv_reader *csv_reader_open(int fd);

/* 1: a row — *cells[i] is field i, NUL-terminated (NULL for no value),
 * (*lens)[i] its length, *n the number of fields; valid until the next
 * call. 0: the end of the input. -1: an error, in e. */
int csv_read_row(csv_reader *r, const char *const **cells, const size_t **lens, int *n, dl_error *e);

/* The number of rows read so far (the row an error names). */
int64_t csv_reader_rows(const csv_reader *r);

/* Frees the reader; does not close fd. NULL is fine. */
void csv_reader_free(csv_reader *r);

#endif
