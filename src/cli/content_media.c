/* content_media.c — the media files of case stories on disk (see
 * content_media.h). Files are opened with O_NOFOLLOW and checked with
 * fstat on the open descriptor, so what is checked is what was opened. */
#include "cli/content_media.h"
#include "core/alloc.h"
#include "core/content_case.h"
#include "core/webvtt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void content_media_dir_for(const char *root, char *out, size_t outsz)
{
    struct stat st;
    if (!root || stat(root, &st) != 0 || S_ISDIR(st.st_mode)) {
        snprintf(out, outsz, "%s/media", root ? root : "content");
        return;
    }
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", root);
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(buf, '/');
        if (slash) *slash = '\0';
        else snprintf(buf, sizeof buf, ".");
    }
    snprintf(out, outsz, "%s/media", buf);
}

struct magic {
    const char *ext;
    size_t offset, len;
    const char *bytes;
    const char *kind;
};
static const struct magic magics[] = {
    {"webm", 0, 4, "\x1A\x45\xDF\xA3", "a WebM (Matroska) film"},
    {"mp4", 4, 4, "ftyp", "an MP4 film"},
    {"png", 0, 8, "\x89PNG\r\n\x1A\n", "a PNG image"},
    {"jpg", 0, 3, "\xFF\xD8\xFF", "a JPEG image"},
};

__attribute__((format(printf, 5, 6))) static int problem(content_report_fn report, void *ctx, const char *path, int line,
                                                         const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (report) report(ctx, path, line, msg);
    return 1;
}

/* Reads the whole file (at most max bytes) into a new buffer. */
static char *read_all(int fd, size_t size)
{
    char *buf = dl_malloc(size + 1);
    size_t got = 0;
    while (buf && got < size) {
        ssize_t r = read(fd, buf + got, size - got);
        if (r <= 0) { dl_free(buf); return NULL; }
        got += (size_t)r;
    }
    if (buf) buf[size] = '\0';
    return buf;
}

static int check_one(const content_item *item, const char *key, const char *dir, content_report_fn report, void *ctx)
{
    const char *name = content_get(item, key);
    if (!name || !content_media_name_ok(key, name)) return 0; /* none, or reported by the item check */
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int line = content_line_of(item, key);
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return problem(report, ctx, item->path, line, "%s: %s %s; put the file in %s/.", key, path,
                       errno == ELOOP ? "is a symbolic link, which is not followed" : "does not exist or cannot be read", dir);
    struct stat st;
    int bad = 0;
    const char *ext = strrchr(name, '.') + 1;
    long max = strcmp(key, "video") == 0 ? CONTENT_MEDIA_MAX_VIDEO
               : strcmp(key, "video_poster") == 0 ? CONTENT_MEDIA_MAX_POSTER : (long)WEBVTT_MAX_FILE;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        bad = problem(report, ctx, item->path, line, "%s: %s is not a regular file.", key, path);
    else if (st.st_size > max)
        bad = problem(report, ctx, item->path, line, "%s: %s is larger than %ld KiB.", key, path, max / 1024);
    else if (strcmp(ext, "vtt") == 0) {
        char *text = read_all(fd, (size_t)st.st_size);
        char err[256];
        int eline = 0;
        if (!text)
            bad = problem(report, ctx, item->path, line, "%s: %s could not be read.", key, path);
        else if (webvtt_check(text, (size_t)st.st_size, NULL, NULL, &eline, err, sizeof err) < 0)
            bad = problem(report, ctx, path, eline, "%s (captions of %s)", err, item->path);
        dl_free(text);
    } else {
        unsigned char head[16] = {0};
        ssize_t got = read(fd, head, sizeof head);
        for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++) {
            const struct magic *m = &magics[i];
            if (strcmp(m->ext, ext) != 0) continue;
            if (got < (ssize_t)(m->offset + m->len) || memcmp(head + m->offset, m->bytes, m->len) != 0)
                bad = problem(report, ctx, item->path, line, "%s: %s is not %s (its first bytes say otherwise).", key,
                              path, m->kind);
        }
    }
    close(fd);
    return bad;
}

int content_media_check(const content_item *items, size_t n, const char *dir, content_report_fn report, void *ctx)
{
    int problems = 0;
    for (size_t i = 0; i < n; i++) {
        const char *type = items[i].parsed ? content_get(&items[i], "type") : NULL;
        if (!type || strcmp(type, "case-story") != 0) continue;
        for (const char *const *k = content_media_keys; *k; k++) problems += check_one(&items[i], *k, dir, report, ctx);
    }
    return problems;
}

int content_media_check_texts(const char *const *paths, const char *const *texts, const size_t *lens, size_t n,
                              const char *dir, content_report_fn report, void *ctx)
{
    int problems = 0;
    for (size_t i = 0; i < n; i++) {
        content_item it;
        if (content_parse(texts[i], lens[i], &it)) {
            dl_free(it.path);
            it.path = dl_strdup(paths[i]);
            if (it.path) problems += content_media_check(&it, 1, dir, report, ctx);
        }
        content_item_free(&it);
    }
    return problems;
}

static int copy_file(const char *from, const char *to, const char *who)
{
    char tmp[4300];
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", to, (long)getpid());
    int in = open(from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), out = -1, rc = -1;
    if (in >= 0) out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (in >= 0 && out >= 0) {
        char buf[65536];
        ssize_t r;
        rc = 0;
        while (rc == 0 && (r = read(in, buf, sizeof buf)) != 0) {
            if (r < 0 || write(out, buf, (size_t)r) != r) rc = -1;
        }
        if (fsync(out) != 0) rc = -1;
    }
    if (out >= 0 && close(out) != 0) rc = -1;
    if (in >= 0) close(in);
    if (rc == 0 && rename(tmp, to) != 0) rc = -1;
    if (rc != 0) {
        fprintf(stderr, "%s: %s: %s (pass --guide-media DIR where the films are)\n", who, in < 0 ? from : to, strerror(errno));
        unlink(tmp);
    }
    return rc;
}

int content_media_copy(const char *source, const char *from_dir, const char *to_dir, const char *who)
{
    content_item it;
    int rc = 0;
    if (content_parse(source, strlen(source), &it)) {
        for (const char *const *k = content_media_keys; *k && rc == 0; k++) {
            const char *name = content_get(&it, *k);
            if (!name || !content_media_name_ok(*k, name)) continue;
            char from[4200], to[4200];
            snprintf(from, sizeof from, "%s/%s", from_dir, name);
            snprintf(to, sizeof to, "%s/%s", to_dir, name);
            if (mkdir(to_dir, 0755) != 0 && errno != EEXIST) {
                fprintf(stderr, "%s: %s: %s\n", who, to_dir, strerror(errno));
                rc = -1;
            } else {
                rc = copy_file(from, to, who);
            }
        }
    }
    content_item_free(&it);
    return rc;
}
