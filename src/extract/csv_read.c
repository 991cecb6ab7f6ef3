/* csv_read.c — the buffered RFC 4180 reader (csv_read.h): a small state
 * machine over the input buffer that copies each field's unescaped bytes
 * into a row buffer. */
#include "extract/csv_read.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"

struct csv_reader {
    int fd;
    int eof;
    size_t pos, len;            /* unread input is in[pos..len) */
    char *row;                  /* field bytes, each followed by NUL */
    size_t row_len, row_cap;
    size_t starts[CSV_MAX_FIELDS];
    size_t lens[CSV_MAX_FIELDS];
    unsigned char quoted[CSV_MAX_FIELDS];
    const char *cells[CSV_MAX_FIELDS];
    int n;
    int64_t rows;
    char in[CSV_READ_BUFFER];
};

csv_reader *csv_reader_open(int fd)
{
    csv_reader *r = dl_calloc(1, sizeof *r);
    if (!r) return NULL;
    r->fd = fd;
    return r;
}

void csv_reader_free(csv_reader *r)
{
    if (!r) return;
    dl_free(r->row);
    dl_free(r);
}

int64_t csv_reader_rows(const csv_reader *r) { return r->rows; }

/* 1 when input is available, 0 at the end, -1 on a read error. */
static int fill(csv_reader *r, dl_error *e)
{
    if (r->pos < r->len) return 1;
    if (r->eof) return 0;
    for (;;) {
        ssize_t k = read(r->fd, r->in, sizeof r->in);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0) {
            dl_fail(e, DL_EIO, "cannot read the CSV file: %s", strerror(errno));
            return -1;
        }
        r->pos = 0;
        r->len = (size_t)k;
        if (k == 0) r->eof = 1;
        return k > 0;
    }
}

static int row_append(csv_reader *r, const char *p, size_t n, dl_error *e)
{
    if (r->row_len + n + 1 > r->row_cap) {
        if (r->row_len + n + 1 > CSV_MAX_ROW_BYTES) {
            dl_fail(e, DL_ELIMIT, "CSV row %lld is longer than %d bytes", (long long)r->rows + 1,
                    CSV_MAX_ROW_BYTES);
            return -1;
        }
        size_t cap = r->row_cap ? r->row_cap : 4096;
        while (cap < r->row_len + n + 1) cap *= 2;
        if (cap > CSV_MAX_ROW_BYTES) cap = CSV_MAX_ROW_BYTES;
        char *grown = dl_realloc(r->row, cap);
        if (!grown) {
            dl_fail(e, DL_ENOMEM, "out of memory reading a CSV row");
            return -1;
        }
        r->row = grown;
        r->row_cap = cap;
    }
    memcpy(r->row + r->row_len, p, n);
    r->row_len += n;
    return 0;
}

static int field_begin(csv_reader *r, dl_error *e)
{
    if (r->n == CSV_MAX_FIELDS) {
        dl_fail(e, DL_ELIMIT, "CSV row %lld has more than %d fields", (long long)r->rows + 1, CSV_MAX_FIELDS);
        return -1;
    }
    r->starts[r->n] = r->row_len;
    r->quoted[r->n] = 0;
    return 0;
}

static int field_end(csv_reader *r, dl_error *e)
{
    r->lens[r->n] = r->row_len - r->starts[r->n];
    if (row_append(r, "", 1, e) != 0) return -1;
    r->n++;
    return 0;
}

static int malformed(csv_reader *r, const char *what, dl_error *e)
{
    dl_fail(e, DL_EINVAL, "CSV row %lld is malformed: %s", (long long)r->rows + 1, what);
    return -1;
}

/* States of the row scanner. */
enum { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED, AFTER_CR };

int csv_read_row(csv_reader *r, const char *const **cells, const size_t **lens, int *n, dl_error *e)
{
    r->row_len = 0;
    r->n = 0;
    int state = FIELD_START, got = fill(r, e);
    if (got <= 0) return got;
    if (field_begin(r, e) != 0) return -1;
    for (;;) {
        if ((got = fill(r, e)) < 0) return -1;
        if (got == 0) {
            if (state == QUOTED) return malformed(r, "a quoted field is not closed", e);
            if (state == AFTER_CR) return malformed(r, "a CR is not followed by LF", e);
            break;
        }
        char c = r->in[r->pos];
        int plain = c != '"' && c != ',' && c != '\r' && c != '\n';
        if ((state == UNQUOTED || state == FIELD_START) && plain) {
            /* A run of plain bytes at once. */
            size_t start = r->pos, i = r->pos;
            while (i < r->len && r->in[i] != ',' && r->in[i] != '\r' && r->in[i] != '\n' && r->in[i] != '"') i++;
            if (row_append(r, r->in + start, i - start, e) != 0) return -1;
            r->pos = i;
            state = UNQUOTED;
            continue;
        }
        if (state == UNQUOTED && c == '"') return malformed(r, "a quote inside an unquoted field", e);
        if (state == QUOTED) {
            size_t start = r->pos;
            const char *q = memchr(r->in + start, '"', r->len - start);
            size_t stop = q ? (size_t)(q - r->in) : r->len;
            if (row_append(r, r->in + start, stop - start, e) != 0) return -1;
            r->pos = q ? stop + 1 : stop;
            if (q) state = QUOTE_IN_QUOTED;
            continue;
        }
        r->pos++;
        if (state == AFTER_CR) {
            if (c != '\n') return malformed(r, "a CR is not followed by LF", e);
            break;
        }
        if (state == QUOTE_IN_QUOTED && c == '"') {
            if (row_append(r, "\"", 1, e) != 0) return -1;
            state = QUOTED;
            continue;
        }
        if (state == FIELD_START && c == '"') {
            r->quoted[r->n] = 1;
            state = QUOTED;
            continue;
        }
        /* FIELD_START, UNQUOTED or after a closing quote: only a separator. */
        if (c == ',') {
            if (field_end(r, e) != 0 || field_begin(r, e) != 0) return -1;
            state = FIELD_START;
        } else if (c == '\n') {
            break;
        } else if (c == '\r') {
            state = AFTER_CR;
        } else {
            return malformed(r, "text after a closing quote", e);
        }
    }
    if (field_end(r, e) != 0) return -1;
    for (int i = 0; i < r->n; i++)
        r->cells[i] = r->lens[i] == 0 && !r->quoted[i] ? NULL : r->row + r->starts[i];
    r->rows++;
    *cells = r->cells;
    *lens = r->lens;
    *n = r->n;
    return 1;
}
