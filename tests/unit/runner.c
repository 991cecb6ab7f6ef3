/* runner.c — runs every TEST() linked into the unit-test binary. Each test
 * runs in a forked child with its own scratch directory, so a crash, an abort
 * from a sanitizer or a leaked lock fails that test alone. Optional argument:
 * a substring; only tests whose name contains it run. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "test.h"

#include <stdarg.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <ftw.h>

struct test_entry { const char *name, *file; test_fn fn; };
static struct test_entry tests[1024];
static int n_tests;
static int failed_in_child;
static char tmpdir[256];

void test_register(const char *name, const char *file, test_fn fn)
{
    if (n_tests < (int)(sizeof tests / sizeof tests[0]))
        tests[n_tests++] = (struct test_entry){name, file, fn};
}

void test_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "    %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    failed_in_child = 1;
}

const char *test_tmpdir(void) { return tmpdir; }

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb; (void)flag; (void)ftw;
    return remove(path);
}

static int run_one(const struct test_entry *t)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) { perror("fork"); return 0; }
    if (pid == 0) {
        snprintf(tmpdir, sizeof tmpdir, "/tmp/datalots-test-XXXXXX");
        if (!mkdtemp(tmpdir)) { perror("mkdtemp"); _exit(2); }
        t->fn();
        nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
        fflush(NULL);
        _exit(failed_in_child ? 1 : 0);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {}
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return 1;
    if (WIFSIGNALED(status))
        fprintf(stderr, "    killed by signal %d\n", WTERMSIG(status));
    return 0;
}

int main(int argc, char **argv)
{
    const char *filter = argc > 1 ? argv[1] : NULL;
    int passed = 0, failed = 0;
    for (int i = 0; i < n_tests; i++) {
        if (filter && !strstr(tests[i].name, filter)) continue;
        int ok = run_one(&tests[i]);
        printf("%s %s (%s)\n", ok ? "ok  " : "FAIL", tests[i].name, tests[i].file);
        fflush(stdout);
        if (ok) passed++; else failed++;
    }
    const char *label = getenv("DATALOTS_TEST_SUITE");
    printf("%s: %d passed, %d failed\n", label && *label ? label : "unit", passed, failed);
    return failed ? 1 : 0;
}
