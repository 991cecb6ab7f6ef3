/* anchor_file.c — writes and checks audit anchor files (see anchor_file.h).
 * The writer appends each line with write(2) and fsync(2), and cuts a line
 * that was only half written off again, so a full disk leaves no torn line
 * for verify to trip over. The checker reads lines of bounded length and
 * treats every line that is not blank or a # comment as an anchor. */
#include "cli/anchor_file.h"
#include "core/clock.h"
#include "store/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

dl_err anchor_writer_open(anchor_writer *w, const char *path, dl_error *e)
{
    memset(w, 0, sizeof *w);
    w->path = path;
    w->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY, 0640);
    if (w->fd < 0) return dl_fail(e, DL_EIO, "cannot open the audit anchor file %s: %s", path, strerror(errno));
    return DL_OK;
}

void anchor_writer_close(anchor_writer *w)
{
    if (w->fd >= 0) close(w->fd);
    w->fd = -1;
}

static dl_err append_line(anchor_writer *w, const char *line, size_t n, dl_error *e)
{
    off_t before = lseek(w->fd, 0, SEEK_END);
    size_t done = 0;
    while (done < n) {
        ssize_t k = write(w->fd, line + done, n - done);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) {
            int err = k < 0 ? errno : EIO;
            int cut = done && before >= 0 ? ftruncate(w->fd, before) : 0; /* best effort: no torn line */
            (void)cut;
            return dl_fail(e, DL_EIO, "cannot write to the audit anchor file %s: %s", w->path, strerror(err));
        }
        done += (size_t)k;
    }
    /* EINVAL: a pipe or terminal, which cannot be synced and need not be. */
    if (fsync(w->fd) != 0 && errno != EINVAL)
        return dl_fail(e, DL_EIO, "cannot sync the audit anchor file %s: %s", w->path, strerror(errno));
    return DL_OK;
}

dl_err anchor_writer_note(anchor_writer *w, db *d, int only_if_moved, dl_error *e)
{
    audit_anchor a = {.at = clock_now()};
    dl_err rc = audit_head_read(d, &a.seq, a.hash, e);
    if (rc != DL_OK) return rc;
    if (only_if_moved && w->has_last && a.seq == w->last.seq && strcmp(a.hash, w->last.hash) == 0) return DL_OK;
    char line[AUDIT_ANCHOR_LINE_MAX + 2];
    audit_anchor_format(&a, line);
    fprintf(stderr, "datalots serve: audit head %s\n", line);
    size_t n = strlen(line);
    line[n++] = '\n';
    rc = append_line(w, line, n, e);
    if (rc != DL_OK) return rc;
    w->last = a;
    w->has_last = 1;
    return DL_OK;
}

enum { LINE_BUF = 1024 };

/* One line into buf, without its newline: 1 a line, 0 the end of the file,
 * -1 a read error (errno set), -2 a line of LINE_BUF bytes or more. */
static int read_line(FILE *f, char buf[LINE_BUF], size_t *len)
{
    size_t n = 0;
    int c;
    while ((c = getc(f)) != EOF && c != '\n') {
        if (n == LINE_BUF - 1) return -2;
        buf[n++] = (char)c;
    }
    buf[n] = '\0';
    *len = n;
    if (c == EOF && ferror(f)) return -1;
    return c == EOF && n == 0 ? 0 : 1;
}

static int blank_or_comment(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')) i++;
    return i == len || s[i] == '#';
}

static void describe(const char *path, int64_t lineno, const audit_anchor *a, const audit_anchor_finding *f,
                     char *out, size_t outsz)
{
    char at[32], now[120];
    clock_iso_utc(a->at, at);
    if (f->state == AUDIT_ANCHOR_HASH_DIFFERS)
        snprintf(now, sizeof now, "row %" PRId64 " now has hash %s", a->seq, f->found_hash);
    else if (f->state == AUDIT_ANCHOR_ROW_MISSING)
        snprintf(now, sizeof now, "row %" PRId64 " is missing", a->seq);
    else if (f->log_end == 0)
        snprintf(now, sizeof now, "the log is empty");
    else
        snprintf(now, sizeof now, "the log ends at row %" PRId64, f->log_end);
    snprintf(out, outsz,
             "the audit log was truncated or rewritten: the anchor at %s:%" PRId64 " (%s) records row %" PRId64
             " with hash %s, but %s",
             path, lineno, at, a->seq, a->hash, now);
}

static dl_err check_line(db *d, const char *path, int64_t lineno, const char *line, size_t len,
                         anchor_file_report *r, dl_error *e)
{
    audit_anchor a;
    dl_error why;
    dl_error_clear(&why);
    if (audit_anchor_parse(line, len, &a, &why) != DL_OK)
        return dl_fail(e, DL_EINVAL, "%s:%" PRId64 ": not an anchor line: %s", path, lineno, why.msg);
    audit_anchor_finding f;
    dl_err rc = audit_anchor_check(d, &a, &f, e);
    if (rc != DL_OK) return rc;
    r->lines++;
    if (a.seq > r->newest_seq) r->newest_seq = a.seq;
    if (f.state != AUDIT_ANCHOR_MATCHES) {
        r->broken = 1;
        describe(path, lineno, &a, &f, r->why, sizeof r->why);
    }
    return DL_OK;
}

dl_err anchor_file_verify(db *d, const char *path, anchor_file_report *r, dl_error *e)
{
    memset(r, 0, sizeof *r);
    FILE *f = fopen(path, "r");
    if (!f) return dl_fail(e, DL_EIO, "cannot read the anchor file %s: %s", path, strerror(errno));
    char line[LINE_BUF];
    size_t len = 0;
    int64_t lineno = 0;
    int got = 0;
    dl_err rc = db_begin_read(d, e);
    if (rc != DL_OK) goto out;
    while ((got = read_line(f, line, &len)) == 1) {
        lineno++;
        if (blank_or_comment(line, len)) continue;
        rc = check_line(d, path, lineno, line, len, r, e);
        if (rc != DL_OK || r->broken) goto out;
    }
    if (got == -1)
        rc = dl_fail(e, DL_EIO, "cannot read the anchor file %s: %s", path, strerror(errno));
    else if (got == -2)
        rc = dl_fail(e, DL_EINVAL, "%s:%" PRId64 ": not an anchor line: it is %d bytes or longer", path,
                     lineno + 1, LINE_BUF);
    else if (r->lines == 0)
        rc = dl_fail(e, DL_EINVAL, "%s holds no anchor lines (TIME seq=N hash=HEX); is it the right file?", path);
out:
    if (db_in_transaction(d)) db_rollback(d);
    fclose(f);
    return rc;
}
