/* age_armor.h — the ASCII armor of age files (spec: shared/specs/age-v1.md,
 * "ASCII armor"; edge cases as filippo.io/age/armor decides them): strict
 * PEM with the label "AGE ENCRYPTED FILE", standard base64 with '=' padding,
 * 64 columns a line, no headers. Internal to src/crypto.
 *
 * Both directions stream in constant memory (a few KiB each), whatever the
 * size of the file.
 *
 * The writer writes
 *     -----BEGIN AGE ENCRYPTED FILE-----\n
 *     <64 base64 characters>\n            (every line but the last)
 *     <1..64 base64 characters>\n         (none when there is no input)
 *     -----END AGE ENCRYPTED FILE-----\n
 * which is byte for byte what `age -a` writes for the same binary file.
 *
 * The reader accepts exactly what filippo.io/age/armor accepts (one
 * deliberate difference, below), and rejects at the point it is found:
 *   - before the BEGIN line, only lines of whitespace, at most 1024 bytes
 *     of them (counted as Go counts: each line's length without its "\n" and
 *     final "\r", plus one); the BEGIN line itself exactly, no spaces;
 *   - lines end in "\n" or "\r\n" (one "\r" at most);
 *   - data lines: not empty, at most 64 columns, canonical base64 with
 *     padding (no stray bits, '=' only at the end of the last line); every
 *     line but the last decodes to exactly 48 bytes, and the line after one
 *     that decodes to fewer must be the END line;
 *   - the END line exactly; "\n" after it is optional (EOF is fine);
 *   - after the END line only whitespace, and less than 1024 bytes of it;
 *   - EOF before the END line is malformed armor.
 * "Whitespace" is Go's unicode.IsSpace over UTF-8: \t \n \v \f \r space,
 * U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F,
 * U+3000.
 * The difference: Go's base64 decoder skips '\r' anywhere inside a data
 * line (so Go accepts "AAAA\rAAAA\n" or a line ending "\r\r\n"); this reader
 * treats such a '\r' as a bad character, as the spec's strict PEM asks. */
#ifndef DATALOTS_AGE_ARMOR_H
#define DATALOTS_AGE_ARMOR_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "crypto/age.h"

#define AGE_ARMOR_BEGIN "-----BEGIN AGE ENCRYPTED FILE-----"
#define AGE_ARMOR_END "-----END AGE ENCRYPTED FILE-----"
/* Whitespace allowed before the BEGIN line and after the END line. */
#define AGE_ARMOR_MAX_WHITESPACE 1024
/* How many leading bytes age_armor_detect wants to see to be sure (fewer
 * do when the file has no leading whitespace). */
#define AGE_ARMOR_DETECT_LEN (AGE_ARMOR_MAX_WHITESPACE + sizeof AGE_ARMOR_BEGIN - 1)

typedef struct age_armor_writer age_armor_writer;

/* Wraps a writer: bytes written through it come out armored. Output is
 * buffered (16 KiB); nothing reaches out before the buffer fills or
 * age_armor_writer_finish. NULL when out of memory. */
age_armor_writer *age_armor_writer_new(age_write_fn out, void *out_ctx);
/* An age_write_fn (writer is the age_armor_writer). 0, or -1 when out
 * failed (then every later call fails too) or after finish. */
int age_armor_write(void *writer, const uint8_t *buf, size_t n);
/* Writes the last line and the END line and flushes; returns 0 or -1 (out
 * failed, or finish was already called); frees nothing. */
int age_armor_writer_finish(age_armor_writer *w);
void age_armor_writer_free(age_armor_writer *w);  /* NULL is fine */

typedef struct age_armor_reader age_armor_reader;

/* Wraps a reader positioned at the start of an armored file (whitespace
 * before the BEGIN line is allowed, as above). To look at the first bytes
 * with age_armor_detect first, read them through an age_src and stack this
 * reader on age_src_read_fn, so that they are read again. NULL when out of
 * memory. */
age_armor_reader *age_armor_reader_new(age_read_fn in, void *in_ctx);
/* An age_read_fn (reader is the age_armor_reader): decoded bytes, 0 at the
 * end of well-formed armor (after the END line and the whitespace check),
 * -1 on malformed armor or when in failed. A problem is reported as soon
 * as it is read; bytes decoded before it in the same call are returned
 * first, and the -1 comes with the next call (and every one after). */
ssize_t age_armor_read(void *reader, uint8_t *buf, size_t n);
/* After a -1 from age_armor_read: 1 if the armor was malformed (an armor
 * failure), 0 if the underlying reader failed (I/O). 0 before any -1. */
int age_armor_reader_malformed(const age_armor_reader *r);
/* An English sentence saying what went wrong ("" before any -1). */
const char *age_armor_reader_error(const age_armor_reader *r);
void age_armor_reader_free(age_armor_reader *r);  /* NULL is fine */

/* 1 if the first bytes look like the start of armor — whitespace (as
 * above), then the whole BEGIN line text — as `age -d` decides; 0 if not.
 * Give it the first min(file size, AGE_ARMOR_DETECT_LEN) bytes. */
int age_armor_detect(const uint8_t *buf, size_t n);

#endif
