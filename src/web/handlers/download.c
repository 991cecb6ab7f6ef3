/* download.c — see download.h. */
#include "web/handlers/download.h"
#include "web/handlers/handlers.h"
#include "core/calendar.h"
#include "core/clock.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *tmp_dir(void)
{
    const char *dir = getenv("TMPDIR");
    return dir && *dir ? dir : "/tmp";
}

int download_temp_fd(void)
{
    int fd = open(tmp_dir(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0) return fd;
    char path[512];
    snprintf(path, sizeof path, "%s/datalots-download-XXXXXX", tmp_dir());
    fd = mkstemp(path);
    if (fd >= 0) unlink(path);
    return fd;
}

const char *download_temp_path(request *r)
{
    char *path = arena_printf(r->a, "%s/datalots-download-XXXXXX", tmp_dir());
    if (!path) return NULL;
    int fd = mkstemp(path);
    if (fd < 0) return NULL;
    close(fd);
    return path;
}

int download_send(request *r, int fd, const char *mime, const char *file_name)
{
    struct stat sb;
    if (fstat(fd, &sb) != 0 || lseek(fd, 0, SEEK_SET) != 0) {
        close(fd);
        res_error(r, DL_EINTERNAL, "Filen kunde inte skapas. Försök igen.");
        return -1;
    }
    res_file(r, fd, (uint64_t)sb.st_size, mime);
    res_header(r, "Content-Disposition", arena_printf(r->a, "attachment; filename=\"%s\"", file_name));
    return 0;
}

int download_report(request *r, dl_err (*write)(const void *ctx, int fd, dl_error *e), const void *ctx,
                    const char *mime, const char *file_name)
{
    int fd = download_temp_fd();
    if (fd < 0) { res_error(r, DL_EINTERNAL, "Rapporten kunde inte skapas: ingen tillfällig fil."); return -1; }
    dl_error e = {0};
    dl_err rc = write(ctx, fd, &e);
    if (rc != DL_OK) {
        close(fd);
        res_error(r, rc, "Rapporten kunde inte skapas. Försök igen.");
        return -1;
    }
    return download_send(r, fd, mime, file_name);
}

int report_period_of(request *r, const char *from, const char *to, int64_t now, obstacle_period *out)
{
    char today[16], year_ago[11];
    clock_local_date(now, today);
    cal_date t;
    if (!cal_parse_iso(today, strlen(today), 2000, 2999, &t)) t = (cal_date){2026, 1, 1};
    cal_format_iso(cal_add_days(t, -365), year_ago);
    dl_error e = {0};
    if (obstacle_period_parse(from ? from : year_ago, to ? to : today, out, &e) == DL_OK) return 1;
    res_error(r, DL_EREQUEST, tr(r, e.msg));
    return 0;
}
