/* form.h — application/x-www-form-urlencoded bodies and query strings,
 * decoded and validated once, at the edge, against a table of field specs
 * (after kcgi's kvalid tables). Handlers then read only values that passed.
 *
 * Two kinds of failure:
 *  - The body itself is malformed or hostile (bad %-escape, invalid UTF-8,
 *    NUL, a forbidden control character, a repeated field name, more than
 *    FORM_MAX_PAIRS pairs, a name longer than FORM_MAX_KEY bytes): form_parse
 *    returns DL_EINVAL with a Swedish sentence in e, and *out is empty.
 *  - A value breaks its field's rule (required but empty, too long, not an
 *    integer, ...): form_parse returns DL_OK; that value gets text == NULL and
 *    a Swedish error naming the field's label; out->n_errors counts them and
 *    out->first_error is the first, in spec order.
 *
 * Query strings go through query_parse, against a route's query table, with
 * two differences: parameters not in the table are ignored whatever they
 * hold (only a repeated declared name, or a control character in a declared
 * value, makes the whole query fail), and a declared parameter that is
 * present but empty ("?page=") is an error unless it is textual.
 *
 * Handlers read values by position, with the enums of
 * web/handlers/field_keys.h: form_at(&r->form, DIARY_ORG), query_at(r,
 * DIARY_LIST_Q). A misspelt field is then a compile error, not a NULL.
 *
 * Everything (values, messages) is allocated in the arena passed in. */
#ifndef DATALOTS_FORM_H
#define DATALOTS_FORM_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"

#define FORM_MAX_PAIRS 64          /* name=value pairs in one body */
#define FORM_MAX_KEY 64            /* bytes of a decoded field name */
#define FORM_DEFAULT_MAX_LEN 1000  /* characters of a value when max_len is 0 */
#define FORM_MAX_BODY (1u << 20)   /* longer bodies fail with DL_ELIMIT */

typedef enum {
    FIELD_TEXT,      /* one line; trimmed of leading/trailing ASCII whitespace */
    FIELD_MULTILINE, /* may hold \n \r \t; \r\n and lone \r become \n */
    FIELD_INT,       /* optional '-', decimal digits; num holds the value */
    FIELD_EMAIL,     /* one '@', local part, domain with a dot, <= 254 bytes */
    FIELD_DATE,      /* YYYY-MM-DD, a real calendar date; num = YYYYMMDD */
    FIELD_ENUM,      /* one of enum_values (exact); num = its index */
    FIELD_BOOL,      /* checkbox: "1"/"on" = 1; absent, "", "0", "off" = 0 */
    FIELD_TOKEN,     /* exactly 64 lowercase hex digits */
    FIELD_PASSWORD,  /* like TEXT but not trimmed and never echoed */
    FIELD_LOCAL_PATH, /* a path on this site to return to (next=): one leading '/',
                      * not "//" or "/\\", no backslash or control character, at
                      * most max_len bytes; anything else reads as absent (text
                      * NULL, no error), so a bad next= only loses the return */
    FIELD_FILE,      /* multipart only (ROUTE_UPLOAD): a file part whose bytes stay
                      * binary; text is its file name (checked as TEXT), data and
                      * data_len its bytes, content_type as the client declared it */
    FIELD_CHECKBOXES /* a group of checkboxes sharing one name (form bodies only; in
                      * a query it may occur once, like any other): the name may
                      * occur up to max times (0: FORM_MAX_PAIRS), and these do not
                      * count against FORM_MAX_PAIRS. Each value is one line,
                      * trimmed, at most max_len characters, one of enum_values
                      * when given; empty ones are skipped, repeats kept once.
                      * items/n_items hold them in order, text the same joined by
                      * '\n' ("" when none), num how many. required: at least one. */
} field_type;

typedef struct field_spec {
    const char *name;
    field_type type;
    int required;          /* must be present and non-empty (BOOL: checked) */
    size_t max_len;        /* characters (code points); 0 = FORM_DEFAULT_MAX_LEN */
    int64_t min, max;      /* FIELD_INT bounds, ignored when both 0; FIELD_CHECKBOXES: max values */
    const char *const *enum_values; /* NULL-terminated, FIELD_ENUM */
    const char *label_sv;  /* Swedish label used in error messages (NULL: name) */
} field_spec;

typedef struct form_value {
    const char *name;      /* the spec's name */
    const char *text;      /* NUL-terminated, valid UTF-8; NULL when missing or
                            * invalid, and for an empty optional field of a
                            * type other than TEXT, MULTILINE, PASSWORD. BOOL:
                            * "1" or "0" when present. */
    int64_t num;           /* INT value, DATE YYYYMMDD, ENUM index, BOOL 0/1 */
    int present;           /* the name occurred in the body */
    const char *error;     /* Swedish sentence or NULL */
    /* FIELD_FILE: the part's bytes and declared type (NULL/0 when none came) */
    const unsigned char *data;
    size_t data_len;
    const char *content_type;
    /* FIELD_CHECKBOXES: the values ticked, in order (NULL/0 when none) */
    const char *const *items;
    size_t n_items;
} form_value;

typedef struct form {
    form_value *values;    /* same order as specs */
    size_t n;
    int n_errors;
    const char *first_error;
    int is_query;          /* parsed by query_parse (messages say "adressen") */
    /* Translates messages and labels (msgids are Swedish); NULL: Swedish. */
    const char *(*translate)(void *data, const char *msgid);
    void *translate_data;
} form;

/* Parses body[0..len) (body may be NULL when len is 0) against specs. Names
 * not in specs are checked for well-formedness, then ignored. Returns DL_OK
 * (per-field problems are in out, see above), DL_EINVAL for a malformed body,
 * DL_ELIMIT for a body over FORM_MAX_BODY bytes, DL_ENOMEM. */
dl_err form_parse(arena *a, const char *body, size_t len, const field_spec *specs,
                  size_t n_specs, form *out, dl_error *e);

/* As form_parse, with per-field messages in the language of translate
 * (a gettext lookup of the Swedish format and label; NULL keeps Swedish). */
dl_err form_parse_tr(arena *a, const char *body, size_t len, const field_spec *specs,
                     size_t n_specs, const char *(*translate)(void *, const char *),
                     void *translate_data, form *out, dl_error *e);

/* A query string (after '?', still %-encoded) against a route's query
 * table; see above for how it differs from a form body. DL_EINVAL with a
 * Swedish sentence naming the parameter for a repeated declared name or a
 * control character in a declared value. */
dl_err query_parse_tr(arena *a, const char *query, size_t len, const field_spec *specs, size_t n_specs,
                      const char *(*translate)(void *, const char *), void *translate_data, form *out,
                      dl_error *e);

/* The value of field i (the position of its spec, an enum of field_keys.h).
 * Never NULL: for a form that was not parsed on this request (f->n == 0: a
 * GET page that shows a POST route's form) every field reads as absent; for
 * a parsed form, i must be inside its table (asserted). */
const form_value *form_at(const form *f, size_t i);
/* form_at(f, i)->text: the validated text, NULL when absent or invalid. */
const char *form_text_at(const form *f, size_t i);

/* 1 when s[0..n) is a safe local path to return to (FIELD_LOCAL_PATH's
 * rule, without the length limit). */
int form_local_path_ok(const char *s, size_t n);

/* Strict %-decoding of s[0..n) into a NUL-terminated arena string: every '%'
 * must start %XX with two hex digits (either case); with plus_is_space '+'
 * becomes ' ' (query strings and form bodies), otherwise it stays '+'
 * (paths). The decoded bytes must be valid UTF-8 (no overlongs, surrogates,
 * or code points above U+10FFFF) and contain no NUL byte. Other control
 * characters are left for the caller to judge. Returns DL_EINVAL with a
 * Swedish message, or DL_ENOMEM; *out and *outlen are set only on DL_OK.
 * outlen may be NULL. */
dl_err url_decode(arena *a, const char *s, size_t n, int plus_is_space, char **out,
                  size_t *outlen, dl_error *e);

#endif
