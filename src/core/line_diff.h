/* line_diff.h — the difference between two texts line by line (longest
 * common subsequence), for the knowledge guide's version history and the
 * "someone saved in between" page. Pure; at most LINE_DIFF_MAX_LINES lines
 * a side (larger texts are reported as not comparable). */
#ifndef DATALOTS_LINE_DIFF_H
#define DATALOTS_LINE_DIFF_H

#include <stddef.h>
#include "core/arena.h"

#define LINE_DIFF_MAX_LINES 4000

typedef enum { DIFF_SAME, DIFF_REMOVED, DIFF_ADDED } diff_op;

typedef struct diff_line {
    diff_op op;
    const char *text; /* the line without its newline, in the arena */
} diff_line;

/* The lines of a then b as kept, removed (only in a) and added (only in
 * b), in order, in arena a_out; *n of them. 0, or -1 when a side has more
 * than LINE_DIFF_MAX_LINES lines or memory ran out. */
int line_diff(arena *a_out, const char *a, const char *b, diff_line **out, size_t *n);

#endif
