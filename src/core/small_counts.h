/* small_counts.h — small counts kept out of published aggregate figures
 * (issue 15 item 5, docs/open-data.md). Pure: no I/O, no SQL.
 *
 * The rule, for a group of cells that add up to a published total:
 *  1. primary: a cell of 1..SMALL_COUNT_MIN-1 is suppressed (a zero is
 *     shown: that no case exists says nothing about a person);
 *  2. the total is suppressed when it is itself 1..SMALL_COUNT_MIN-1;
 *  3. complementary: when exactly one cell of a group is suppressed and the
 *     total is shown, the total minus the shown cells would give it back,
 *     so the smallest other non-zero cell is suppressed too (the first of
 *     equals); when there is no such cell, the total is suppressed.
 * After this no suppressed cell can be derived from the total and the shown
 * cells: two or more unknowns share the remainder. */
#ifndef DATALOTS_SMALL_COUNTS_H
#define DATALOTS_SMALL_COUNTS_H

#include <stdint.h>

#define SMALL_COUNT_MIN 5

/* 1 when a single count must not be published. */
int small_count_hidden(int64_t count);

/* Applies the rule to count[0..n-1] whose sum is the group's total:
 * hidden[i] is set to 1 for each suppressed cell, 0 otherwise; returns 1
 * when the total must be suppressed too. Negative counts are treated as
 * zero. n may be 0 (returns 0). */
int small_counts_suppress(const int64_t *count, int n, int *hidden);

#endif
