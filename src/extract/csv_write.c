/* csv_write.c — the buffered RFC 4180 writer (csv_write.h). */
#include "extract/csv_write.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"

struct csv_writer {
    int fd;
    int64_t flushed;     /* file offset of buf[0] */
    size_t len;
    dl_error err;        /* sticky */
    char buf[CSV_WRITE_BUFFER];
};

/* 1 for the bytes that force quotes wherever they are. */
static const unsigned char special[256] = {['"'] = 1, [','] = 1, ['\r'] = 1, ['\n'] = 1};

csv_writer *csv_writer_open(int fd)
{
    csv_writer *w = dl_malloc(sizeof *w);
    if (!w) return NULL;
    w->fd = fd;
    off_t at = lseek(fd, 0, SEEK_CUR);
    w->flushed = at < 0 ? 0 : (int64_t)at;
    w->len = 0;
    dl_error_clear(&w->err);
    return w;
}

void csv_writer_free(csv_writer *w) { dl_free(w); }

int64_t csv_writer_offset(const csv_writer *w) { return w->flushed + (int64_t)w->len; }

dl_err csv_writer_status(const csv_writer *w, dl_error *e)
{
    if (w->err.code == DL_OK) return DL_OK;
    return dl_fail(e, w->err.code, "%s", w->err.msg);
}

static int write_all(csv_writer *w, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(w->fd, p, n);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) {
            dl_fail(&w->err, DL_EIO, "cannot write the CSV file: %s", k < 0 ? strerror(errno) : "no progress");
            return -1;
        }
        p += k;
        n -= (size_t)k;
        w->flushed += k;
    }
    return 0;
}

static int drain(csv_writer *w)
{
    if (w->err.code != DL_OK) return -1;
    size_t n = w->len;
    w->len = 0;
    return write_all(w, w->buf, n);
}

static int put(csv_writer *w, const char *p, size_t n)
{
    if (n <= sizeof w->buf - w->len) {
        memcpy(w->buf + w->len, p, n);
        w->len += n;
        return 0;
    }
    if (drain(w) != 0) return -1;
    if (n >= sizeof w->buf) return write_all(w, p, n);
    memcpy(w->buf, p, n);
    w->len = n;
    return 0;
}

static int put_byte(csv_writer *w, char c)
{
    if (w->len == sizeof w->buf && drain(w) != 0) return -1;
    w->buf[w->len++] = c;
    return 0;
}

int csv_needs_quotes(const char *s, size_t n)
{
    if (n == 0) return 0;
    if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t') return 1;
    for (size_t i = 0; i < n; i++)
        if (special[(unsigned char)s[i]]) return 1;
    return 0;
}

static int put_quoted(csv_writer *w, const char *s, size_t n)
{
    if (put_byte(w, '"') != 0) return -1;
    const char *end = s + n;
    while (s < end) {
        const char *q = memchr(s, '"', (size_t)(end - s));
        size_t run = q ? (size_t)(q - s) + 1 : (size_t)(end - s);
        if (put(w, s, run) != 0) return -1;   /* the quote itself included … */
        if (q && put_byte(w, '"') != 0) return -1; /* … and doubled */
        s += run;
    }
    return put_byte(w, '"');
}

static int put_cell(csv_writer *w, const char *s, size_t n)
{
    if (!s) return 0;
    if (n == 0) return put(w, "\"\"", 2);
    if (csv_needs_quotes(s, n)) return put_quoted(w, s, n);
    return put(w, s, n);
}

dl_err csv_write_row_n(csv_writer *w, const char *const *cells, const size_t *lens, int n)
{
    if (w->err.code != DL_OK) return w->err.code;
    if (n < 1) return DL_EINVAL;
    for (int i = 0; i < n; i++) {
        if (i > 0 && put_byte(w, ',') != 0) return w->err.code;
        if (put_cell(w, cells[i], cells[i] ? (lens ? lens[i] : strlen(cells[i])) : 0) != 0) return w->err.code;
    }
    if (put(w, "\r\n", 2) != 0) return w->err.code;
    return DL_OK;
}

dl_err csv_write_row(csv_writer *w, const char *const *cells, int n)
{
    return csv_write_row_n(w, cells, NULL, n);
}

dl_err csv_writer_flush(csv_writer *w, dl_error *e)
{
    if (drain(w) != 0) return csv_writer_status(w, e);
    return DL_OK;
}
