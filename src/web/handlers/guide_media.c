/* guide_media.c — GET /guide/media/{file}: a case story's film, captions
 * or poster from the media folder (--guide-media, default content/media;
 * docs/content.md). Only names a case story may use are served (a-z, 0-9,
 * '-', one allowed extension: no path can be named), opened with
 * O_NOFOLLOW. Films need seeking, so one byte range is honoured
 * (web/byte_range.h): 206 with Content-Range, 416 past the end, the whole
 * file when the Range header is not one usable range or If-Range names
 * another version. A changed film gets a new file name, so the answer may
 * be kept for 30 days. */
#include "web/handlers/handlers.h"
#include "web/app.h"
#include "web/byte_range.h"
#include "core/content_case.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MEDIA_MAX_BYTES (64L << 20) /* as content check allows for a film */

void h_guide_media(request *r)
{
    char name[128];
    size_t n = r->param_lens[0];
    if (n >= sizeof name) { res_error(r, DL_ENOTFOUND, "Filen finns inte."); return; }
    memcpy(name, r->params[0], n);
    name[n] = '\0';
    const char *type = content_media_type(name);
    if (!type) { res_error(r, DL_ENOTFOUND, "Filen finns inte."); return; }
    const char *dir = r->app->cfg->guide_media[0] ? r->app->cfg->guide_media : "content/media";
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > MEDIA_MAX_BYTES) {
        if (fd >= 0) close(fd);
        res_error(r, DL_ENOTFOUND, "Filen finns inte.");
        return;
    }
    char etag[64], range[96];
    snprintf(etag, sizeof etag, "\"%" PRIx64 "-%" PRIx64 "\"", (uint64_t)st.st_size, (uint64_t)st.st_mtime);
    res_header(r, "ETag", etag);
    res_header(r, "Accept-Ranges", "bytes");
    res_header(r, "Cache-Control", "public, max-age=2592000");
    r->res.cacheable = 1;
    const char *inm = req_header(r, "If-None-Match");
    if (inm && strcmp(inm, etag) == 0) {
        close(fd);
        r->res.status = 304;
        r->res.content_type = type;
        return;
    }
    int64_t size = (int64_t)st.st_size, first = 0, last = size - 1;
    const char *if_range = req_header(r, "If-Range");
    byte_range_kind kind = if_range && strcmp(if_range, etag) != 0
                               ? BYTE_RANGE_WHOLE
                               : byte_range_parse(req_header(r, "Range"), size, &first, &last);
    if (kind == BYTE_RANGE_UNSATISFIABLE) {
        close(fd);
        snprintf(range, sizeof range, "bytes */%" PRId64, size);
        res_header(r, "Content-Range", range);
        r->res.status = 416;
        r->res.content_type = "text/plain; charset=utf-8";
        sb_printf(&r->res.body, "416 %s\n", tr(r, "Den begärda delen av filen finns inte."));
        return;
    }
    if (kind == BYTE_RANGE_WHOLE) first = 0, last = size - 1;
    size_t want = size ? (size_t)(last - first + 1) : 0, got = 0;
    char buf[65536];
    while (got < want && !r->res.body.oom) {
        size_t chunk = want - got < sizeof buf ? want - got : sizeof buf;
        ssize_t k = pread(fd, buf, chunk, (off_t)(first + (int64_t)got));
        if (k <= 0) break;
        sb_append(&r->res.body, buf, (size_t)k);
        got += (size_t)k;
    }
    close(fd);
    if (got != want) { res_error(r, DL_EINTERNAL, "Filen kunde inte läsas."); return; }
    if (kind == BYTE_RANGE_PART) {
        snprintf(range, sizeof range, "bytes %" PRId64 "-%" PRId64 "/%" PRId64, first, last, size);
        res_header(r, "Content-Range", range);
    }
    r->res.status = kind == BYTE_RANGE_PART ? 206 : 200;
    r->res.content_type = type;
}
