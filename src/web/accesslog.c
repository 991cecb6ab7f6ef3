/* accesslog.c — the structured access log (see accesslog.h). Each line is
 * written with one write(2) so lines from worker threads never interleave. */
#include "web/accesslog.h"
#include "web/http.h"
#include "core/clock.h"
#include "core/strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

static int log_fd = 2;

dl_err accesslog_open(const char *path, dl_error *e)
{
    if (!path || strcmp(path, "-") == 0) { log_fd = 2; return DL_OK; }
    if (strcmp(path, "off") == 0) { log_fd = -1; return DL_OK; }
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (fd < 0) return dl_fail(e, DL_EIO, "cannot open the access log %s: %s", path, strerror(errno));
    log_fd = fd;
    return DL_OK;
}

void accesslog_close(void)
{
    if (log_fd > 2) close(log_fd);
    log_fd = 2;
}

static void json_string(strbuf *sb, const char *s)
{
    sb_putc(sb, '"');
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\') { sb_putc(sb, '\\'); sb_putc(sb, (char)*p); }
        else if (*p < 0x20) sb_printf(sb, "\\u%04x", *p);
        else sb_putc(sb, (char)*p);
    }
    sb_putc(sb, '"');
}

void accesslog_write(struct request *r, int status, int64_t duration_ns, int aborted)
{
    if (log_fd < 0) return;
    char at[32];
    clock_iso_utc(clock_now(), at);
    strbuf sb;
    sb_init(&sb, 256);
    sb_printf(&sb, "{\"at\":\"%s\",\"client\":", at);
    json_string(&sb, r->client);
    sb_puts(&sb, ",\"method\":");
    json_string(&sb, r->method_text);
    sb_puts(&sb, ",\"path\":");
    /* r->path is the raw path here or the decoded one; cut any query off.
     * A path holding a secret is written as its route's pattern. */
    const char *q = r->path ? strchr(r->path, '?') : NULL;
    if (r->secret_path && r->route_name) json_string(&sb, r->route_name);
    else if (q) {
        strbuf p;
        sb_init(&p, 64);
        sb_append(&p, r->path, (size_t)(q - r->path));
        json_string(&sb, sb_cstr(&p));
        sb_free(&p);
    } else json_string(&sb, r->path);
    sb_puts(&sb, ",\"route\":");
    json_string(&sb, r->route_name ? r->route_name : "");
    sb_printf(&sb, ",\"status\":%d,\"ms\":%.3f,\"user\":%" PRId64 "%s}\n", status,
              (double)duration_ns / 1e6, r->user_id, aborted ? ",\"aborted\":true" : "");
    if (!sb.oom) {
        ssize_t w = write(log_fd, sb.data, sb.len);
        (void)w;
    }
    sb_free(&sb);
}
