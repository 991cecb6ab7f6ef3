/* spelling.h — "did you mean": the word of a vocabulary nearest to a
 * misspelt one, by edit distance over characters (UTF-8 code points, so
 * "å" is one letter), for the knowledge guide's search. Pure. */
#ifndef DATALOTS_SPELLING_H
#define DATALOTS_SPELLING_H

#include <stddef.h>

#define SPELLING_MAX_CHARS 64 /* longer words are not compared */

/* Levenshtein distance between a and b (UTF-8), or max + 1 when it is more
 * than max (or a word is longer than SPELLING_MAX_CHARS). */
int spelling_distance(const char *a, const char *b, int max);

/* The vocabulary word nearest to word, at a distance of at most a quarter
 * of its length (at least 1, at most 3) and not the word itself; the first
 * such in vocab on a tie. NULL when none is near enough. */
const char *spelling_nearest(const char *word, const char *const *vocab, size_t n);

#endif
