/* leak_setup.c — makes LeakSanitizer's checks in the unit tests meaningful
 * for code that uses glib (pango, in report/doc_pdf.c):
 *  - hands tests/lsan.supp to LeakSanitizer: the sanitizer runtime calls the
 *    weak hook __lsan_default_suppressions() before its first leak check. The
 *    file is read with plain syscalls into a static buffer (this may run
 *    before main and must not allocate).
 *  - sets G_SLICE=always-malloc before glib is first used (in the forked
 *    test children): glib 2.74's slice allocator keeps objects in big
 *    reachable slabs, so a leaked PangoLayout would never be reported. */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#ifndef DATALOTS_SRC_LOCALEDIR
#define DATALOTS_SRC_LOCALEDIR "locale"
#endif

const char *__lsan_default_suppressions(void);

const char *__lsan_default_suppressions(void)
{
    static char buf[4096];
    /* DATALOTS_SRC_LOCALEDIR is <repository>/locale (see the Makefile). */
    int fd = open(DATALOTS_SRC_LOCALEDIR "/../tests/lsan.supp", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return "";
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    buf[n > 0 ? n : 0] = '\0';
    return buf;
}

__attribute__((constructor)) static void glib_plain_malloc(void)
{
    setenv("G_SLICE", "always-malloc", 0);
}
