/* fuzz_form.c — feeds an application/x-www-form-urlencoded body (the same
 * bytes once as a form body, once as a query string) to form_parse_tr and
 * query_parse_tr against a table with one field of every text-like type,
 * and the bytes to url_decode and form_local_path_ok.
 * Invariants checked: every value handed out is valid UTF-8 without NUL;
 * one-line fields hold no control character; an INT lies within its bounds;
 * a DATE's num is a real calendar date; an ENUM's num indexes its list; a
 * malformed body leaves a non-empty message; url_decode's output re-encoded
 * byte for byte decodes to itself; an accepted local path starts with one
 * '/' and holds no backslash. */
#include "fuzz/fuzz.h"

#include <string.h>

#include "core/arena.h"
#include "core/calendar.h"
#include "core/utf8.h"
#include "web/form.h"

static const char *const colours[] = {"röd", "grön", "blå", NULL};
static const char *const boxes[] = {"a", "b", "c", NULL};

static const field_spec specs[] = {
    {.name = "title", .type = FIELD_TEXT, .required = 1, .max_len = 20},
    {.name = "body", .type = FIELD_MULTILINE},
    {.name = "n", .type = FIELD_INT, .min = -5, .max = 500},
    {.name = "big", .type = FIELD_INT},
    {.name = "mail", .type = FIELD_EMAIL},
    {.name = "day", .type = FIELD_DATE},
    {.name = "colour", .type = FIELD_ENUM, .enum_values = colours},
    {.name = "ok", .type = FIELD_BOOL},
    {.name = "csrf", .type = FIELD_TOKEN},
    {.name = "pw", .type = FIELD_PASSWORD},
    {.name = "next", .type = FIELD_LOCAL_PATH, .max_len = 200},
    {.name = "tick", .type = FIELD_CHECKBOXES, .enum_values = boxes},
    {.name = "free", .type = FIELD_CHECKBOXES, .max = 5},
};
#define N_SPECS (sizeof specs / sizeof specs[0])

static int one_line(field_type t)
{
    return t == FIELD_TEXT || t == FIELD_INT || t == FIELD_EMAIL || t == FIELD_DATE || t == FIELD_ENUM ||
           t == FIELD_TOKEN || t == FIELD_LOCAL_PATH;
}

static void check_text(const char *s, int single_line)
{
    size_t n = strlen(s);
    FUZZ_CHECK(utf8_valid(s, n));
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (single_line) FUZZ_CHECK(c >= 0x20 && c != 0x7f);
    }
}

static void check_form(dl_err rc, const form *f, const dl_error *e)
{
    if (rc != DL_OK) {
        FUZZ_CHECK(e->msg[0] != '\0');
        FUZZ_CHECK(utf8_valid(e->msg, strlen(e->msg)));
        return;
    }
    FUZZ_CHECK(f->n == N_SPECS);
    int errors = 0;
    for (size_t i = 0; i < N_SPECS; i++) {
        const form_value *v = &f->values[i];
        if (v->error) {
            errors++;
            FUZZ_CHECK(v->text == NULL);
            FUZZ_CHECK(utf8_valid(v->error, strlen(v->error)));
            continue;
        }
        if (!v->text) continue;
        check_text(v->text, one_line(specs[i].type));
        switch (specs[i].type) {
        case FIELD_INT:
            if (specs[i].min || specs[i].max) FUZZ_CHECK(v->num >= specs[i].min && v->num <= specs[i].max);
            break;
        case FIELD_DATE: {
            cal_date d = {.year = (int)(v->num / 10000), .month = (int)(v->num / 100 % 100),
                          .day = (int)(v->num % 100)};
            FUZZ_CHECK(cal_valid(d));
            break;
        }
        case FIELD_ENUM:
            FUZZ_CHECK(v->num >= 0 && v->num < 3 && strcmp(colours[v->num], v->text) == 0);
            break;
        case FIELD_TOKEN:
            FUZZ_CHECK(strlen(v->text) == 64);
            break;
        case FIELD_LOCAL_PATH:
            FUZZ_CHECK(v->text[0] == '/' && v->text[1] != '/' && !strchr(v->text, '\\'));
            break;
        case FIELD_CHECKBOXES:
            for (size_t k = 0; k < v->n_items; k++) check_text(v->items[k], 1);
            break;
        default:
            break;
        }
    }
    FUZZ_CHECK(errors == f->n_errors);
    FUZZ_CHECK((errors == 0) == (f->first_error == NULL));
}

static void check_decode(arena *a, const char *s, size_t n)
{
    char *out = NULL;
    size_t len = 0;
    dl_error e = {0};
    if (url_decode(a, s, n, 1, &out, &len, &e) != DL_OK) return;
    FUZZ_CHECK(strlen(out) == len);
    FUZZ_CHECK(utf8_valid(out, len));
    /* every byte as %XX decodes back to the same bytes, with either '+' rule */
    char *enc = arena_alloc(a, 3 * len + 1);
    FUZZ_CHECK(enc != NULL);
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        enc[3 * i] = '%';
        enc[3 * i + 1] = hex[(unsigned char)out[i] >> 4];
        enc[3 * i + 2] = hex[(unsigned char)out[i] & 15];
    }
    for (int plus = 0; plus < 2; plus++) {
        char *back = NULL;
        size_t blen = 0;
        FUZZ_CHECK(url_decode(a, enc, 3 * len, plus, &back, &blen, &e) == DL_OK);
        FUZZ_CHECK(blen == len && memcmp(back, out, len) == 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena *a = arena_new(4096);
    if (!a) return 0;
    const char *body = (const char *)data;
    form f = {0};
    dl_error e = {0};
    check_form(form_parse(a, size ? body : NULL, size, specs, N_SPECS, &f, &e), &f, &e);
    form q = {0};
    dl_error qe = {0};
    check_form(query_parse_tr(a, body, size, specs, N_SPECS, NULL, NULL, &q, &qe), &q, &qe);
    check_decode(a, body, size);
    if (form_local_path_ok(body, size)) {
        FUZZ_CHECK(size > 0 && body[0] == '/');
        FUZZ_CHECK(size == 1 || (body[1] != '/' && body[1] != '\\'));
        FUZZ_CHECK(memchr(body, '\\', size) == NULL);
    }
    arena_free(a);
    return 0;
}
