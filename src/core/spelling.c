/* spelling.c — edit distance and the nearest word; see spelling.h. */
#include "core/spelling.h"

#include <string.h>

/* The code points of s into out; -1 when there are more than max. */
static int code_points(const char *s, unsigned out[], int max)
{
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        unsigned c = *p++;
        int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        if (more) c &= 0x3Fu >> more;
        for (; more && (*p & 0xC0) == 0x80; more--) c = (c << 6) | (*p++ & 0x3F);
        if (n == max) return -1;
        out[n++] = c;
    }
    return n;
}

int spelling_distance(const char *a, const char *b, int max)
{
    unsigned ca[SPELLING_MAX_CHARS], cb[SPELLING_MAX_CHARS];
    int na = code_points(a, ca, SPELLING_MAX_CHARS), nb = code_points(b, cb, SPELLING_MAX_CHARS);
    if (na < 0 || nb < 0) return max + 1;
    if (na - nb > max || nb - na > max) return max + 1;
    int row[SPELLING_MAX_CHARS + 1];
    for (int j = 0; j <= nb; j++) row[j] = j;
    for (int i = 1; i <= na; i++) {
        int diag = row[0], best = row[0] = i;
        for (int j = 1; j <= nb; j++) {
            int up = row[j];
            int v = diag + (ca[i - 1] != cb[j - 1]);
            if (up + 1 < v) v = up + 1;
            if (row[j - 1] + 1 < v) v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < best) best = v;
        }
        if (best > max) return max + 1; /* every path is already too long */
    }
    return row[nb] > max ? max + 1 : row[nb];
}

const char *spelling_nearest(const char *word, const char *const *vocab, size_t n)
{
    unsigned cw[SPELLING_MAX_CHARS];
    int len = code_points(word, cw, SPELLING_MAX_CHARS);
    if (len <= 2) return NULL;
    int max = len / 4;
    if (max < 1) max = 1;
    if (max > 3) max = 3;
    const char *best = NULL;
    int best_d = max + 1;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(vocab[i], word) == 0) return NULL; /* spelt right */
        int dist = spelling_distance(word, vocab[i], best_d - 1 < max ? best_d - 1 : max);
        if (dist < best_d) { best_d = dist; best = vocab[i]; }
    }
    return best;
}
