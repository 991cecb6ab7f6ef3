/* form.c — strict decoding of application/x-www-form-urlencoded bodies and
 * query strings, and per-field validation against field_spec tables; see
 * form.h. */
#include "web/form.h"
#include "core/calendar.h"
#include "core/utf8.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Why a decode failed; form_parse and url_decode word the message. */
typedef enum {
    DEC_OK,
    DEC_ESCAPE, /* '%' not followed by two hex digits */
    DEC_UTF8,   /* decoded bytes are not valid UTF-8 */
    DEC_NUL,    /* decoded bytes contain a NUL */
    DEC_NOMEM
} dec_result;

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static dec_result decode(arena *a, const char *s, size_t n, int plus_is_space,
                         char **out, size_t *outlen)
{
    if (n > 0 && !s) return DEC_ESCAPE;
    char *d = arena_alloc(a, n + 1);
    if (!d) return DEC_NOMEM;
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%') {
            if (n - i < 3) return DEC_ESCAPE;
            int hi = hexval((unsigned char)s[i + 1]), lo = hexval((unsigned char)s[i + 2]);
            if (hi < 0 || lo < 0) return DEC_ESCAPE;
            c = (unsigned char)(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            c = ' ';
        }
        if (c == '\0') return DEC_NUL;
        d[j++] = (char)c;
    }
    d[j] = '\0';
    if (!utf8_valid(d, j)) return DEC_UTF8;
    *out = d;
    *outlen = j;
    return DEC_OK;
}

dl_err url_decode(arena *a, const char *s, size_t n, int plus_is_space, char **out,
                  size_t *outlen, dl_error *e)
{
    if (!a || !out) return dl_fail(e, DL_EINTERNAL, "url_decode: saknat argument.");
    char *d = NULL;
    size_t dl = 0;
    switch (decode(a, s, n, plus_is_space, &d, &dl)) {
    case DEC_OK:
        break;
    case DEC_ESCAPE:
        return dl_fail(e, DL_EINVAL, "Adressen innehåller en felaktig %%-kodning.");
    case DEC_UTF8:
        return dl_fail(e, DL_EINVAL, "Adressen innehåller tecken som inte är giltig UTF-8.");
    case DEC_NUL:
        return dl_fail(e, DL_EINVAL, "Adressen innehåller ett otillåtet nolltecken.");
    case DEC_NOMEM:
    default:
        return dl_fail(e, DL_ENOMEM, "Minnet tog slut.");
    }
    *out = d;
    if (outlen) *outlen = dl;
    dl_error_clear(e);
    return DL_OK;
}

/* 1 if the valid UTF-8 s[0..n) holds a C0 control (other than \t \n \r when
 * allow_ws), DEL, or a C1 control (U+0080..U+009F, encoded C2 80..C2 9F). */
static int has_control(const char *s, size_t n, int allow_ws)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (c < 0x20) {
            if (allow_ws && (c == '\t' || c == '\n' || c == '\r')) continue;
            return 1;
        }
        if (c == 0x7F) return 1;
        if (c == 0xC2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F) return 1;
    }
    return 0;
}

static int is_ascii_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Trims s[0..*n) in place of pointers: returns the new start, updates *n. */
static char *trim(char *s, size_t *n)
{
    size_t len = *n;
    while (len > 0 && is_ascii_ws(*s)) { s++; len--; }
    while (len > 0 && is_ascii_ws(s[len - 1])) len--;
    s[len] = '\0'; /* s lives in a writable arena copy */
    *n = len;
    return s;
}

/* \r\n and lone \r become \n, in place. */
static void normalise_newlines(char *s, size_t *n)
{
    size_t j = 0, len = *n;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\r') {
            s[j++] = '\n';
            if (i + 1 < len && s[i + 1] == '\n') i++;
        } else {
            s[j++] = s[i];
        }
    }
    s[j] = '\0';
    *n = j;
}

static int valid_email(const char *s, size_t n)
{
    if (n < 3 || n > 254) return 0;
    const char *at = memchr(s, '@', n);
    if (!at || memchr(at + 1, '@', n - (size_t)(at - s) - 1)) return 0;
    size_t local = (size_t)(at - s), dom = n - local - 1;
    if (local == 0 || local > 64 || dom < 3) return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c == 0x7F || c == '<' || c == '>' || c == ',' || c == ';' ||
            c == '"' || c == '(' || c == ')' || c == '[' || c == ']' || c == '\\')
            return 0;
    }
    const char *d = at + 1;
    if (!memchr(d, '.', dom) || d[0] == '.' || d[dom - 1] == '.' || d[0] == '-') return 0;
    for (size_t i = 0; i + 1 < dom; i++)
        if (d[i] == '.' && d[i + 1] == '.') return 0;
    return 1;
}

/* YYYY-MM-DD, proleptic Gregorian, year 0001..9999 (core/calendar.h). */
static int valid_date(const char *s, size_t n, int64_t *yyyymmdd)
{
    cal_date d;
    if (!cal_parse_iso(s, n, 1, 9999, &d)) return 0;
    *yyyymmdd = (int64_t)d.year * 10000 + d.month * 100 + d.day;
    return 1;
}

int form_local_path_ok(const char *s, size_t n)
{
    if (!s || n == 0 || s[0] != '/' || (n > 1 && (s[1] == '/' || s[1] == '\\'))) return 0;
    if (!utf8_valid(s, n) || memchr(s, '\\', n) || memchr(s, '\0', n)) return 0;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < 0x20 || p[i] == 0x7f) return 0;
        if (p[i] == 0xC2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F) return 0; /* U+0080..U+009F */
    }
    return 1;
}

static int valid_token(const char *s, size_t n)
{
    if (n != 64) return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return 0;
    return 1;
}

/* Integer check: optional '-', 1..19 digits, then strtoll with errno and end
 * checks. Returns 1 ok, 0 not an integer, -1 out of int64 range. */
static int parse_int(const char *s, size_t n, int64_t *out)
{
    size_t i = 0;
    if (n > 0 && s[0] == '-') i = 1;
    if (i == n || n - i > 19) return (n - i > 19) ? -1 : 0;
    for (size_t k = i; k < n; k++)
        if (s[k] < '0' || s[k] > '9') return 0;
    errno = 0;
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (end != s + n) return 0;
    if (errno == ERANGE) return -1;
    if (errno != 0) return 0;
    *out = (int64_t)v;
    return 1;
}

/* A message format or label in the form's language. format_arg lets the
 * compiler check each format against its arguments as if it were literal. */
__attribute__((format_arg(2)))
static const char *T(const form *f, const char *msgid)
{
    const char *t = f->translate ? f->translate(f->translate_data, msgid) : NULL;
    return t ? t : msgid;
}

static const char *label_of(const form *f, const field_spec *sp)
{
    return sp->label_sv ? T(f, sp->label_sv) : (sp->name ? sp->name : "?");
}

/* Records an error for value v; returns DL_ENOMEM if the message could not
 * be built. */
static dl_err set_error(form *f, form_value *v, const char *msg)
{
    if (!msg) return DL_ENOMEM;
    v->error = msg;
    v->text = NULL;
    f->n_errors++;
    if (!f->first_error) f->first_error = msg;
    return DL_OK;
}

/* The values of one FIELD_CHECKBOXES field, as they came. */
struct multi {
    char **v;
    size_t *len;
    size_t n, cap;
    int overflow; /* more than the field's max came */
};

static size_t checkbox_limit(const field_spec *sp)
{
    return sp->max > 0 ? (size_t)sp->max : FORM_MAX_PAIRS;
}

/* Validates a FIELD_CHECKBOXES field: each value as the type says. */
static dl_err check_checkboxes(arena *a, form *f, const field_spec *sp, form_value *v, const struct multi *m)
{
    const char *label = label_of(f, sp);
    size_t max_len = sp->max_len ? sp->max_len : FORM_DEFAULT_MAX_LEN;
    v->text = "";
    if (m && m->overflow)
        return set_error(f, v, arena_printf(a, T(f, "Fältet ”%s” har för många val (högst %zu)."), label,
                                               checkbox_limit(sp)));
    size_t n_in = m ? m->n : 0;
    const char **items = arena_alloc(a, (n_in ? n_in : 1) * sizeof *items);
    if (!items) return DL_ENOMEM;
    size_t n = 0, bytes = 0;
    for (size_t i = 0; i < n_in; i++) {
        size_t len = m->len[i];
        char *s = trim(m->v[i], &len);
        if (len == 0) continue;
        if (len > max_len && utf8_count(s, len) > max_len)
            return set_error(f, v, arena_printf(a, T(f, "Ett val i fältet ”%s” får vara högst %zu tecken långt."),
                                                   label, max_len));
        if (sp->enum_values) {
            int found = 0;
            for (size_t k = 0; sp->enum_values[k] && k < 1000 && !found; k++) found = strcmp(sp->enum_values[k], s) == 0;
            if (!found)
                return set_error(f, v, arena_printf(a,
                    T(f, "Fältet ”%s” har ett värde som inte finns bland valen."), label));
        }
        int repeat = 0;
        for (size_t k = 0; k < n && !repeat; k++) repeat = strcmp(items[k], s) == 0;
        if (repeat) continue;
        items[n++] = s;
        bytes += len + 1;
    }
    if (sp->required && n == 0)
        return set_error(f, v, arena_printf(a, T(f, "Välj minst ett alternativ i ”%s”."), label));
    char *joined = arena_alloc(a, bytes + 1);
    if (!joined) return DL_ENOMEM;
    size_t j = 0;
    for (size_t k = 0; k < n; k++) {
        if (k) joined[j++] = '\n';
        size_t len = strlen(items[k]);
        memcpy(joined + j, items[k], len);
        j += len;
    }
    joined[j] = '\0';
    v->items = n ? items : NULL;
    v->n_items = n;
    v->num = (int64_t)n;
    v->text = joined;
    return DL_OK;
}

/* Validates one field whose raw decoded value (if present) is s[0..n). */
static dl_err check_field(arena *a, form *f, const field_spec *sp, form_value *v,
                          char *s, size_t n)
{
    const char *label = label_of(f, sp);
    size_t max_len = sp->max_len ? sp->max_len : FORM_DEFAULT_MAX_LEN;

    if (sp->type == FIELD_BOOL) {
        if (v->present && (strcmp(s, "1") == 0 || strcmp(s, "on") == 0)) {
            v->num = 1;
            v->text = "1";
        } else if (!v->present || s[0] == '\0' || strcmp(s, "0") == 0 ||
                   strcmp(s, "off") == 0) {
            v->num = 0;
            v->text = v->present ? "0" : NULL;
        } else {
            return set_error(f, v, arena_printf(a, T(f, "Fältet ”%s” har ett ogiltigt värde."), label));
        }
        if (sp->required && v->num != 1)
            return set_error(f, v, arena_printf(a, T(f, "Rutan ”%s” måste kryssas i."), label));
        return DL_OK;
    }

    if (sp->type == FIELD_LOCAL_PATH) {
        size_t limit = sp->max_len ? sp->max_len : FORM_DEFAULT_MAX_LEN;
        v->text = v->present && n <= limit && form_local_path_ok(s, n) ? s : NULL;
        if (sp->required && !v->text)
            return set_error(f, v, arena_printf(a, T(f, "Fältet ”%s” måste fyllas i."), label));
        return DL_OK;
    }
    if (v->present) {
        if (sp->type == FIELD_MULTILINE) normalise_newlines(s, &n);
        else if (sp->type != FIELD_PASSWORD) s = trim(s, &n);
    }
    int empty = !v->present || n == 0;
    if (sp->type == FIELD_MULTILINE && !empty) {
        size_t k = 0;
        while (k < n && is_ascii_ws(s[k])) k++;
        empty = k == n;
    }
    if (empty) {
        if (sp->required)
            return set_error(f, v, arena_printf(a, T(f, "Fältet ”%s” måste fyllas i."), label));
        int textual = sp->type == FIELD_TEXT || sp->type == FIELD_MULTILINE ||
                      sp->type == FIELD_PASSWORD || sp->type == FIELD_FILE || sp->type == FIELD_CHECKBOXES;
        if (f->is_query && v->present && !textual) /* "?page=": a value left out by mistake */
            return set_error(f, v, arena_printf(a, T(f, "Parametern ”%s” saknar värde."), label));
        v->text = (v->present && textual) ? s : NULL;
        return DL_OK;
    }
    /* The limit is in characters, as the message says (values are valid
     * UTF-8 by now, so at most 4 bytes each). */
    if (n > max_len && utf8_count(s, n) > max_len)
        return set_error(f, v, arena_printf(a, T(f, "Fältet ”%s” får vara högst %zu tecken långt."),
                                               label, max_len));

    switch (sp->type) {
    case FIELD_TEXT:
    case FIELD_MULTILINE:
    case FIELD_PASSWORD:
    case FIELD_BOOL:
    case FIELD_FILE:
    case FIELD_CHECKBOXES: /* in a query: one value, as text */
        break;
    case FIELD_INT: {
        int64_t num = 0;
        int r = parse_int(s, n, &num);
        int bounded = sp->min != 0 || sp->max != 0;
        if (r == 0)
            return set_error(f, v, arena_printf(a, T(f, "Fältet ”%s” måste vara ett heltal."), label));
        if (r < 0 || (bounded && (num < sp->min || num > sp->max))) {
            if (bounded)
                return set_error(f, v, arena_printf(a,
                    T(f, "Fältet ”%s” måste vara ett heltal från %lld till %lld."), label,
                    (long long)sp->min, (long long)sp->max));
            return set_error(f, v, arena_printf(a, T(f, "Fältet ”%s” innehåller ett för %s tal."), label,
                                                s[0] == '-' ? T(f, "litet") : T(f, "stort")));
        }
        v->num = num;
        break;
    }
    case FIELD_EMAIL:
        if (!valid_email(s, n))
            return set_error(f, v, arena_printf(a,
                T(f, "Fältet ”%s” måste vara en giltig e-postadress."), label));
        break;
    case FIELD_DATE:
        if (!valid_date(s, n, &v->num))
            return set_error(f, v, arena_printf(a,
                T(f, "Fältet ”%s” måste vara ett giltigt datum (ÅÅÅÅ-MM-DD)."), label));
        break;
    case FIELD_ENUM: {
        int found = -1;
        for (size_t k = 0; sp->enum_values && sp->enum_values[k] && k < 1000; k++)
            if (strcmp(sp->enum_values[k], s) == 0) { found = (int)k; break; }
        if (found < 0)
            return set_error(f, v, arena_printf(a,
                T(f, "Fältet ”%s” har ett värde som inte finns bland valen."), label));
        v->num = found;
        break;
    }
    case FIELD_TOKEN:
        if (!valid_token(s, n))
            return set_error(f, v, arena_printf(a, T(f, "Fältet ”%s” har ett ogiltigt format."), label));
        break;
    default:
        return set_error(f, v, arena_printf(a, T(f, "Fältet ”%s” har en okänd typ."), label));
    }
    v->text = s;
    return DL_OK;
}

static dl_err fail_decode(dl_error *e, dec_result r)
{
    switch (r) {
    case DEC_ESCAPE:
        return dl_fail(e, DL_EINVAL, "Formuläret innehåller en felaktig %%-kodning.");
    case DEC_UTF8:
        return dl_fail(e, DL_EINVAL, "Formuläret innehåller tecken som inte är giltig UTF-8.");
    case DEC_NUL:
        return dl_fail(e, DL_EINVAL, "Formuläret innehåller ett otillåtet nolltecken.");
    case DEC_NOMEM:
    case DEC_OK:
    default:
        return dl_fail(e, DL_ENOMEM, "Minnet tog slut.");
    }
}

dl_err form_parse(arena *a, const char *body, size_t len, const field_spec *specs,
                  size_t n_specs, form *out, dl_error *e)
{
    return form_parse_tr(a, body, len, specs, n_specs, NULL, NULL, out, e);
}

static dl_err parse(arena *a, const char *body, size_t len, const field_spec *specs, size_t n_specs,
                    const char *(*translate)(void *, const char *), void *translate_data, int is_query,
                    form *out, dl_error *e);

dl_err form_parse_tr(arena *a, const char *body, size_t len, const field_spec *specs,
                     size_t n_specs, const char *(*translate)(void *, const char *),
                     void *translate_data, form *out, dl_error *e)
{
    return parse(a, body, len, specs, n_specs, translate, translate_data, 0, out, e);
}

dl_err query_parse_tr(arena *a, const char *query, size_t len, const field_spec *specs, size_t n_specs,
                      const char *(*translate)(void *, const char *), void *translate_data, form *out,
                      dl_error *e)
{
    return parse(a, query, len, specs, n_specs, translate, translate_data, 1, out, e);
}

/* The position of the spec named key[0..klen), or n_specs. */
static size_t spec_index(const field_spec *specs, size_t n_specs, const char *key, size_t klen)
{
    for (size_t k = 0; k < n_specs; k++)
        if (specs[k].name && strlen(specs[k].name) == klen && memcmp(specs[k].name, key, klen) == 0) return k;
    return n_specs;
}

/* One name=value pair of a query string, body[start..end). Names that are
 * not declared are skipped unread; a declared one may occur once. */
static dl_err query_pair(arena *a, form *out, const field_spec *specs, size_t n_specs, const char *body,
                         size_t start, size_t end, form_value *vals, char **raw, size_t *raw_len, dl_error *e)
{
    const char *eq = memchr(body + start, '=', end - start);
    size_t klen_raw = eq ? (size_t)(eq - (body + start)) : end - start;
    char *key = NULL;
    size_t klen = 0;
    if (klen_raw > 3 * FORM_MAX_KEY || decode(a, body + start, klen_raw, 1, &key, &klen) != DEC_OK)
        return DL_OK; /* no declared name looks like that */
    size_t idx = spec_index(specs, n_specs, key, klen);
    if (idx == n_specs) return DL_OK;
    const field_spec *sp = &specs[idx];
    if (vals[idx].present)
        return dl_fail(e, DL_EINVAL, T(out, "Parametern ”%s” förekommer mer än en gång i adressen."),
                       label_of(out, sp));
    char *val = NULL;
    size_t vlen = 0;
    dec_result r = eq ? decode(a, eq + 1, (size_t)(body + end - (eq + 1)), 1, &val, &vlen)
                      : decode(a, "", 0, 1, &val, &vlen);
    if (r == DEC_NOMEM) return dl_fail(e, DL_ENOMEM, "Minnet tog slut.");
    if (r != DEC_OK) return dl_fail(e, DL_EINVAL, "Adressen innehåller en felaktig %%-kodning eller ogiltiga tecken.");
    if (sp->type != FIELD_LOCAL_PATH && has_control(val, vlen, sp->type == FIELD_MULTILINE))
        return dl_fail(e, DL_EINVAL, T(out, "Fältet ”%s” innehåller otillåtna styrtecken."), label_of(out, sp));
    vals[idx].present = 1;
    raw[idx] = val;
    raw_len[idx] = vlen;
    return DL_OK;
}

static dl_err parse(arena *a, const char *body, size_t len, const field_spec *specs, size_t n_specs,
                    const char *(*translate)(void *, const char *), void *translate_data, int is_query,
                    form *out, dl_error *e)
{
    if (!out) return dl_fail(e, DL_EINTERNAL, "form_parse: saknat argument.");
    memset(out, 0, sizeof *out);
    out->is_query = is_query;
    out->translate = translate;
    out->translate_data = translate_data;
    if (!a || (len > 0 && !body) || (n_specs > 0 && !specs))
        return dl_fail(e, DL_EINTERNAL, "form_parse: saknat argument.");
    if (len > FORM_MAX_BODY)
        return dl_fail(e, DL_ELIMIT, "Formuläret är för stort (högst %u byte).", FORM_MAX_BODY);

    form_value *vals = arena_alloc(a, (n_specs ? n_specs : 1) * sizeof *vals);
    char **raw = arena_alloc(a, (n_specs ? n_specs : 1) * sizeof *raw);
    size_t *raw_len = arena_alloc(a, (n_specs ? n_specs : 1) * sizeof *raw_len);
    struct multi *multi = arena_alloc(a, (n_specs ? n_specs : 1) * sizeof *multi);
    if (!vals || !raw || !raw_len || !multi) return dl_fail(e, DL_ENOMEM, "Minnet tog slut.");
    for (size_t k = 0; k < n_specs; k++) vals[k].name = specs[k].name;

    const char *keys[FORM_MAX_PAIRS];
    size_t key_lens[FORM_MAX_PAIRS];
    size_t n_pairs = 0;

    size_t i = 0;
    while (i < len) {
        size_t start = i;
        while (i < len && body[i] != '&') i++;
        size_t end = i;
        if (i < len) i++; /* skip '&' */
        if (start == end) continue; /* "a=1&&b=2", a trailing '&' */
        if (is_query) {
            dl_err rc = query_pair(a, out, specs, n_specs, body, start, end, vals, raw, raw_len, e);
            if (rc != DL_OK) return rc;
            continue;
        }

        const char *eq = memchr(body + start, '=', end - start);
        size_t klen_raw = eq ? (size_t)(eq - (body + start)) : end - start;
        if (klen_raw > 3 * FORM_MAX_KEY)
            return dl_fail(e, DL_EINVAL, "Formuläret innehåller ett för långt fältnamn (högst %d byte).",
                           FORM_MAX_KEY);
        char *key = NULL, *val = NULL;
        size_t klen = 0, vlen = 0;
        dec_result r = decode(a, body + start, klen_raw, 1, &key, &klen);
        if (r == DEC_OK) {
            if (eq) r = decode(a, eq + 1, (size_t)(body + end - (eq + 1)), 1, &val, &vlen);
            else r = decode(a, "", 0, 1, &val, &vlen);
        }
        if (r != DEC_OK) return fail_decode(e, r);
        if (klen > FORM_MAX_KEY)
            return dl_fail(e, DL_EINVAL, "Formuläret innehåller ett för långt fältnamn (högst %d byte).",
                           FORM_MAX_KEY);
        if (klen == 0)
            return dl_fail(e, DL_EINVAL, "Formuläret innehåller ett fält utan namn.");
        if (has_control(key, klen, 0))
            return dl_fail(e, DL_EINVAL, "Formuläret innehåller otillåtna styrtecken.");

        size_t idx = spec_index(specs, n_specs, key, klen);
        if (idx < n_specs && specs[idx].type == FIELD_CHECKBOXES) {
            /* A group of checkboxes: its own limit, not FORM_MAX_PAIRS. */
            if (has_control(val, vlen, 0))
                return dl_fail(e, DL_EINVAL, T(out, "Fältet ”%s” innehåller otillåtna styrtecken."),
                               label_of(out, &specs[idx]));
            struct multi *m = &multi[idx];
            vals[idx].present = 1;
            if (m->n == checkbox_limit(&specs[idx])) { m->overflow = 1; continue; }
            if (m->n == m->cap) {
                size_t cap = m->cap ? m->cap * 2 : 8;
                char **nv = arena_alloc(a, cap * sizeof *nv);
                size_t *nl = arena_alloc(a, cap * sizeof *nl);
                if (!nv || !nl) return dl_fail(e, DL_ENOMEM, "Minnet tog slut.");
                if (m->n) { memcpy(nv, m->v, m->n * sizeof *nv); memcpy(nl, m->len, m->n * sizeof *nl); }
                m->v = nv;
                m->len = nl;
                m->cap = cap;
            }
            m->v[m->n] = val;
            m->len[m->n++] = vlen;
            continue;
        }
        if (n_pairs == FORM_MAX_PAIRS)
            return dl_fail(e, DL_EINVAL, "Formuläret innehåller för många fält (högst %d).",
                           FORM_MAX_PAIRS);
        for (size_t k = 0; k < n_pairs; k++) {
            if (key_lens[k] == klen && memcmp(keys[k], key, klen) == 0) {
                if (idx < n_specs)
                    return dl_fail(e, DL_EINVAL, T(out, "Fältet ”%s” förekommer mer än en gång i formuläret."),
                                   label_of(out, &specs[idx]));
                return dl_fail(e, DL_EINVAL, "Formuläret innehåller samma fält mer än en gång.");
            }
        }
        keys[n_pairs] = key;
        key_lens[n_pairs] = klen;
        n_pairs++;

        /* Unknown fields may carry the whitespace a textarea would. */
        int allow_ws = idx == n_specs || specs[idx].type == FIELD_MULTILINE;
        int judged_later = idx < n_specs && specs[idx].type == FIELD_LOCAL_PATH; /* reads as absent */
        if (!judged_later && has_control(val, vlen, allow_ws)) {
            if (idx < n_specs)
                return dl_fail(e, DL_EINVAL, T(out, "Fältet ”%s” innehåller otillåtna styrtecken."),
                               label_of(out, &specs[idx]));
            return dl_fail(e, DL_EINVAL, "Formuläret innehåller otillåtna styrtecken.");
        }
        if (idx < n_specs) {
            vals[idx].present = 1;
            raw[idx] = val;
            raw_len[idx] = vlen;
        }
    }

    out->values = vals;
    out->n = n_specs;
    for (size_t k = 0; k < n_specs; k++) {
        /* A missing field is checked as "" (never stored: present == 0). */
        char empty[1] = {0};
        char *s = raw[k] ? raw[k] : empty;
        dl_err rc = specs[k].type == FIELD_CHECKBOXES && !is_query
                        ? check_checkboxes(a, out, &specs[k], &vals[k], &multi[k])
                        : check_field(a, out, &specs[k], &vals[k], s, raw[k] ? raw_len[k] : 0);
        if (rc != DL_OK) {
            memset(out, 0, sizeof *out);
            return dl_fail(e, DL_ENOMEM, "Minnet tog slut.");
        }
    }
    dl_error_clear(e);
    return DL_OK;
}

const form_value *form_at(const form *f, size_t i)
{
    static const form_value absent = {0};
    if (!f || f->n == 0) return &absent; /* no form on this request */
    assert(i < f->n && "form_at: index outside the form's table");
    if (i >= f->n) return &absent;
    return &f->values[i];
}

const char *form_text_at(const form *f, size_t i) { return form_at(f, i)->text; }
