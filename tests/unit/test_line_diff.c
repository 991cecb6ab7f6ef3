/* test_line_diff.c — core/line_diff.c with differences written out by
 * hand: nothing changed, a line changed, lines added at either end and in
 * the middle, a missing last newline, and a text too long to compare. */
#include "test.h"

#include <stdio.h>
#include <string.h>

#include "core/line_diff.h"

/* The diff as one string: " x" kept, "-x" removed, "+x" added, joined by |. */
static const char *render(arena *a, const char *x, const char *y)
{
    diff_line *d;
    size_t n;
    if (line_diff(a, x, y, &d, &n) != 0) return "(not comparable)";
    char *out = arena_alloc(a, 4096);
    size_t len = 0;
    for (size_t i = 0; i < n && len < 4000; i++)
        len += (size_t)snprintf(out + len, 4096 - len, "%s%c%s", i ? "|" : "",
                                d[i].op == DIFF_SAME ? ' ' : d[i].op == DIFF_ADDED ? '+' : '-', d[i].text);
    return out;
}

TEST(line_diff_by_hand)
{
    arena *a = arena_new(1 << 16);
    CHECK_STR_EQ(render(a, "a\nb\nc\n", "a\nb\nc\n"), " a| b| c");
    CHECK_STR_EQ(render(a, "a\nb\nc\n", "a\nB\nc\n"), " a|-b|+B| c");
    CHECK_STR_EQ(render(a, "a\nb\n", "x\na\nb\ny\n"), "+x| a| b|+y");
    CHECK_STR_EQ(render(a, "a\nb\nc\nd\n", "a\nd\n"), " a|-b|-c| d");
    CHECK_STR_EQ(render(a, "a\nb", "a\nb\n"), " a| b");            /* the last newline is not a line */
    CHECK_STR_EQ(render(a, "", "ny\n"), "+ny");
    CHECK_STR_EQ(render(a, "gammal\n", ""), "-gammal");
    CHECK_STR_EQ(render(a, "å\nä\nö\n", "å\nö\n"), " å|-ä| ö");
    arena_free(a);
}

TEST(line_diff_refuses_texts_too_long)
{
    arena *a = arena_new(1 << 16);
    size_t n = (LINE_DIFF_MAX_LINES + 1) * 2;
    char *big = arena_alloc(a, n + 1);
    for (size_t i = 0; i < n; i += 2) { big[i] = 'x'; big[i + 1] = '\n'; }
    big[n] = '\0';
    diff_line *d;
    size_t nd;
    CHECK_INT_EQ(line_diff(a, big, "x\n", &d, &nd), -1);
    arena_free(a);
}
