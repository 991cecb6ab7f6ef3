/* csv_write.h — the CSV files of a delivery: RFC 4180, UTF-8 (bytes are
 * written as given), CRLF after every row, written through one large buffer
 * straight to a file descriptor.
 *
 * Quoting: a field is written in double quotes, with every " doubled, when
 * it holds ", a comma, CR or LF, or when it begins or ends with a space or a
 * tab (RFC 4180 keeps such spaces, but many readers trim unquoted ones, so
 * quoting keeps them safe). A NULL cell (the source's NULL) is written as
 * nothing; an empty string as "" — so csv_read_row (csv_read.h) gives back
 * NULL and "" as they were. Nothing else is changed: a cell beginning with
 * =, +, - or @ is data in CSV (it is the XLSX writer that must, and does,
 * write such cells as strings, never as formulas).
 *
 *     csv_writer *w = csv_writer_open(fd);       // NULL: out of memory
 *     const char *row[] = {"A1B2…", NULL, "2024-03"};
 *     csv_write_row(w, row, 3);
 *     int64_t resume_at = csv_writer_offset(w);   // bytes incl. the buffer
 *     if (csv_writer_flush(w, &e) != DL_OK) …
 *     csv_writer_free(w);                        // the caller closes fd
 *
 * Errors are sticky: after a failed write every later call returns the same
 * error, and csv_writer_flush / csv_writer_status report it with a sentence. */
#ifndef DATALOTS_CSV_WRITE_H
#define DATALOTS_CSV_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define CSV_WRITE_BUFFER (256 * 1024)

typedef struct csv_writer csv_writer;

/* A writer appending at fd's current position (csv_writer_offset starts
 * there, or at 0 when fd cannot seek). NULL when out of memory. */
csv_writer *csv_writer_open(int fd);

/* One row of n >= 1 cells (NUL-terminated; NULL = no value). DL_OK, or
 * DL_EINVAL (n < 1), or the writer's sticky DL_EIO. */
dl_err csv_write_row(csv_writer *w, const char *const *cells, int n);
/* The same with lengths: cell i is lens[i] bytes (may hold NULs). */
dl_err csv_write_row_n(csv_writer *w, const char *const *cells, const size_t *lens, int n);

/* Writes the buffer to fd (not fsync). */
dl_err csv_writer_flush(csv_writer *w, dl_error *e);
/* The file offset the next row starts at: rows written so far, including
 * those still in the buffer. A resumed run truncates the file to an offset
 * recorded after a flush and opens a new writer there. */
int64_t csv_writer_offset(const csv_writer *w);
/* DL_OK or the sticky error, with its sentence in e. */
dl_err csv_writer_status(const csv_writer *w, dl_error *e);
/* Frees the writer; does not flush and does not close fd. NULL is fine. */
void csv_writer_free(csv_writer *w);

/* How cell text is written, for callers that size things: 1 when the n
 * bytes at s must be quoted. */
int csv_needs_quotes(const char *s, size_t n);

#endif
