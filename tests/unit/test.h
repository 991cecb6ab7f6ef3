/* test.h — the tiny unit-test harness: TEST() registers a function, CHECK*()
 * records a failure and returns. tests/unit/runner.c runs every registered
 * test in a forked child (so a crash counts as one failure, not the end of
 * the run) and prints "unit: N passed, N failed". */
#ifndef DATALOTS_TEST_H
#define DATALOTS_TEST_H

#include <stdio.h>
#include <string.h>
#include <stdint.h>

typedef void (*test_fn)(void);
void test_register(const char *name, const char *file, test_fn fn);
void test_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A scratch directory unique to the running test, removed afterwards. */
const char *test_tmpdir(void);

#define TEST(name)                                                          \
    static void name(void);                                                 \
    __attribute__((constructor)) static void register_##name(void) {        \
        test_register(#name, __FILE__, name);                               \
    }                                                                       \
    static void name(void)

#define CHECK(cond)                                                         \
    do {                                                                    \
        if (!(cond)) {                                                      \
            test_fail(__FILE__, __LINE__, "CHECK(%s)", #cond);              \
            return;                                                         \
        }                                                                   \
    } while (0)

#define CHECK_INT_EQ(a, b)                                                  \
    do {                                                                    \
        long long check_a_ = (long long)(a), check_b_ = (long long)(b);     \
        if (check_a_ != check_b_) {                                         \
            test_fail(__FILE__, __LINE__, "%s == %lld, expected %s == %lld", \
                      #a, check_a_, #b, check_b_);                          \
            return;                                                         \
        }                                                                   \
    } while (0)

#define CHECK_STR_EQ(a, b)                                                  \
    do {                                                                    \
        const char *check_a_ = (a), *check_b_ = (b);                        \
        if (!check_a_ || !check_b_ || strcmp(check_a_, check_b_) != 0) {   \
            test_fail(__FILE__, __LINE__, "%s == \"%s\", expected \"%s\"",  \
                      #a, check_a_ ? check_a_ : "(null)",                   \
                      check_b_ ? check_b_ : "(null)");                      \
            return;                                                         \
        }                                                                   \
    } while (0)

#define CHECK_CONTAINS(hay, needle)                                         \
    do {                                                                    \
        const char *check_h_ = (hay), *check_n_ = (needle);                 \
        if (!check_h_ || !strstr(check_h_, check_n_)) {                     \
            test_fail(__FILE__, __LINE__, "%s does not contain \"%s\": \"%.400s\"", \
                      #hay, check_n_, check_h_ ? check_h_ : "(null)");      \
            return;                                                         \
        }                                                                   \
    } while (0)

#define CHECK_NOT_CONTAINS(hay, needle)                                     \
    do {                                                                    \
        const char *check_h_ = (hay), *check_n_ = (needle);                 \
        if (check_h_ && strstr(check_h_, check_n_)) {                       \
            test_fail(__FILE__, __LINE__, "%s contains \"%s\": \"%.400s\"", \
                      #hay, check_n_, check_h_);                            \
            return;                                                         \
        }                                                                   \
    } while (0)

#endif
