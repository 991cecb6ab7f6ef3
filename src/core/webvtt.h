/* webvtt.h — checking a WebVTT captions file (https://www.w3.org/TR/webvtt1/)
 * before the knowledge guide serves it with a case story's film: the
 * signature line "WEBVTT", then blocks separated by blank lines — NOTE,
 * STYLE and REGION blocks, and cues (an optional identifier line, a timing
 * line "[hh:]mm:ss.ttt --> [hh:]mm:ss.ttt [settings]", then one or more
 * lines of text). A cue must end after it starts and start no earlier than
 * the cue before it. No I/O: the caller reads the file. */
#ifndef DATALOTS_WEBVTT_H
#define DATALOTS_WEBVTT_H

#include <stddef.h>
#include <stdint.h>

#define WEBVTT_MAX_FILE (1024u * 1024u) /* bytes of one captions file */
#define WEBVTT_MAX_CUES 5000

typedef struct webvtt_cue {
    int64_t start_ms, end_ms;
    const char *text; /* the cue's lines, as in the file (not NUL-terminated) */
    size_t text_len;
    int line;         /* of the timing line */
} webvtt_cue;

/* Called for each cue in file order; return nonzero to stop. */
typedef int (*webvtt_cue_fn)(void *ctx, const webvtt_cue *cue);

/* Checks text (len bytes). Returns the number of cues (0 or more) when the
 * file is well-formed; -1 when not, with *err_line set to the line (0: the
 * whole file) and err a sentence saying what to change. cue_fn may be NULL. */
int webvtt_check(const char *text, size_t len, webvtt_cue_fn cue_fn, void *ctx, int *err_line, char *err,
                 size_t errsz);

/* Parses one timestamp "[hh:]mm:ss.ttt" of exactly n bytes into ms; 0 on
 * success, -1 when malformed. */
int webvtt_timestamp(const char *s, size_t n, int64_t *ms);

#endif
