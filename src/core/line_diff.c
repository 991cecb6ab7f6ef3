/* line_diff.c — line-by-line difference by longest common subsequence; see
 * line_diff.h. The table is (lines of a + 1) × (lines of b + 1) counts, after
 * the common first and last lines are taken off. */
#include "core/line_diff.h"

#include <stdint.h>
#include <string.h>

/* Splits s into lines in the arena; -1 past max. */
static int split(arena *a, const char *s, const char ***lines, size_t *n)
{
    size_t count = 0;
    for (const char *p = s; *p; p++) count += *p == '\n';
    if (*s && s[strlen(s) - 1] != '\n') count++;
    if (count > LINE_DIFF_MAX_LINES) return -1;
    const char **v = arena_alloc(a, sizeof *v * (count ? count : 1));
    if (!v) return -1;
    size_t k = 0;
    for (const char *p = s; *p && k < count;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (!(v[k++] = arena_strndup(a, p, len))) return -1;
        p += len + (nl != NULL);
    }
    *lines = v;
    *n = k;
    return 0;
}

int line_diff(arena *a_out, const char *a, const char *b, diff_line **out, size_t *n)
{
    const char **la, **lb;
    size_t na, nb;
    *out = NULL;
    *n = 0;
    if (split(a_out, a ? a : "", &la, &na) != 0 || split(a_out, b ? b : "", &lb, &nb) != 0) return -1;
    size_t head = 0, tail = 0;
    while (head < na && head < nb && strcmp(la[head], lb[head]) == 0) head++;
    while (tail < na - head && tail < nb - head && strcmp(la[na - 1 - tail], lb[nb - 1 - tail]) == 0) tail++;
    size_t ma = na - head - tail, mb = nb - head - tail;
    diff_line *d = arena_alloc(a_out, sizeof *d * (na + nb + 1));
    uint16_t *t = arena_alloc(a_out, sizeof *t * (ma + 1) * (mb + 1)); /* lengths <= 4000 fit */
    if (!d || !t) return -1;
#define T(i, j) t[(i) * (mb + 1) + (j)]
    for (size_t i = ma + 1; i-- > 0;)
        for (size_t j = mb + 1; j-- > 0;) {
            if (i == ma || j == mb) T(i, j) = 0;
            else if (strcmp(la[head + i], lb[head + j]) == 0) T(i, j) = (uint16_t)(T(i + 1, j + 1) + 1);
            else T(i, j) = T(i + 1, j) > T(i, j + 1) ? T(i + 1, j) : T(i, j + 1);
        }
    size_t k = 0;
    for (size_t i = 0; i < head; i++) d[k++] = (diff_line){DIFF_SAME, la[i]};
    size_t i = 0, j = 0;
    while (i < ma || j < mb) {
        if (i < ma && j < mb && strcmp(la[head + i], lb[head + j]) == 0) { d[k++] = (diff_line){DIFF_SAME, la[head + i]}; i++; j++; }
        else if (i < ma && (j == mb || T(i + 1, j) >= T(i, j + 1))) { d[k++] = (diff_line){DIFF_REMOVED, la[head + i]}; i++; }
        else { d[k++] = (diff_line){DIFF_ADDED, lb[head + j]}; j++; } /* removals before additions */
    }
#undef T
    for (size_t x = na - tail; x < na; x++) d[k++] = (diff_line){DIFF_SAME, la[x]};
    *out = d;
    *n = k;
    return 0;
}
