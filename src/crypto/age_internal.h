/* age_internal.h — pieces shared by the age implementation files only:
 * HKDF, strict unpadded base64, the buffered source, the parsed header. */
#ifndef DATALOTS_AGE_INTERNAL_H
#define DATALOTS_AGE_INTERNAL_H

#include "crypto/age.h"
#include "core/strbuf.h"

#define AGE_VERSION_LINE "age-encryption.org/v1\n"
#define AGE_MAX_STANZAS 64
#define AGE_MAX_ARGS 8
#define AGE_MAX_LINE 4096          /* a header line longer than this is malformed */
#define AGE_MAX_HEADER (1u << 20)  /* the whole header */

/* HKDF-SHA-256 (RFC 5869) with a 32-byte output. */
void age_hkdf(const uint8_t *ikm, size_t ikm_len, const uint8_t *salt, size_t salt_len,
              const char *info, uint8_t out[32]);

/* Unpadded standard base64. Decoding is strict: canonical only (no '=',
 * no stray bits), and the decoded length must be exactly want (or any when
 * want is (size_t)-1; *got receives it). 0 on success. */
int age_b64_decode(const char *s, size_t n, uint8_t *out, size_t outsz, size_t want, size_t *got);
void age_b64_encode(strbuf *sb, const uint8_t *data, size_t n);

/* A buffered reader over an age_read_fn. */
typedef struct age_src {
    age_read_fn read;
    void *ctx;
    uint8_t *buf;
    size_t cap, pos, len;
    int eof, error;
} age_src;

int age_src_init(age_src *s, age_read_fn read, void *ctx, size_t cap);
void age_src_free(age_src *s);
/* Makes at least n bytes available if the input has them; returns how many are. */
size_t age_src_fill(age_src *s, size_t n);
/* Copies up to n bytes out, reading as needed; returns the count (short only at EOF/error). */
size_t age_src_take(age_src *s, uint8_t *out, size_t n);
/* An age_read_fn reading from an age_src (to stack another reader on it). */
ssize_t age_src_read_fn(void *src, uint8_t *buf, size_t n);

typedef struct age_stanza {
    char *args[AGE_MAX_ARGS];  /* args[0] is the type */
    int n_args;
    uint8_t *body;
    size_t body_len;
} age_stanza;

typedef struct age_header {
    age_stanza stanzas[AGE_MAX_STANZAS];
    int n_stanzas;
    strbuf mac_input;          /* the header up to and including "---" */
    uint8_t mac[32];
} age_header;

/* Parses a header from s. AGE_OK, or AGE_FAIL_HEADER / AGE_FAIL_IO with e. */
age_failure age_header_parse(age_src *s, age_header *h, dl_error *e);
void age_header_free(age_header *h);
/* Appends one stanza (type and arguments, body) in the wire format. */
void age_stanza_encode(strbuf *out, const char *const *args, int n_args, const uint8_t *body, size_t n);

#endif
