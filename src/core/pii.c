/* pii.c — the personal-data detector and redaction of core/pii.h. One pass
 * over the bytes finds candidates where a number or a capitalised word
 * begins (personnummer and samordningsnummer through core/personnummer.c,
 * phone numbers, names from core/pii_names.c), a memchr pass finds the
 * e-mail addresses around each '@'; overlapping candidates are then
 * resolved to one span per place. The rules are written out in
 * docs/pii.md. Pure. */
#include "core/pii.h"
#include "core/alloc.h"
#include "core/calendar.h"
#include "core/personnummer.h"
#include "core/utf8.h"

#include <stdlib.h>
#include <string.h>

/* A first name followed by any capitalised word counts as a name (1), or
 * only by a surname of the list (0). docs/pii.md has the measurement. */
#define PII_SURNAME_ANY_WORD 1

static const struct { const char *key, *label, *marker; } type_info[PII_TYPE__COUNT] = {
#define PII_ROW(id, key, label, marker) [id] = {key, label, marker},
    PII_TYPES(PII_ROW)
#undef PII_ROW
};

const char *pii_type_key(pii_type t) { return (unsigned)t < PII_TYPE__COUNT ? type_info[t].key : "?"; }
const char *pii_type_label_sv(pii_type t) { return (unsigned)t < PII_TYPE__COUNT ? type_info[t].label : "?"; }
const char *pii_type_marker(pii_type t) { return (unsigned)t < PII_TYPE__COUNT ? type_info[t].marker : "[?]"; }

int pii_type_from_key(const char *s, size_t n)
{
    for (int t = 0; t < PII_TYPE__COUNT; t++)
        if (strlen(type_info[t].key) == n && memcmp(type_info[t].key, s, n) == 0) return t;
    return -1;
}

void pii_spans_free(pii_spans *s)
{
    dl_free(s->v);
    s->v = NULL;
    s->n = s->cap = 0;
}

static int push(pii_spans *s, size_t start, size_t end, pii_type type)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        pii_span *v = dl_realloc(s->v, cap * sizeof *v);
        if (!v) return -1;
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = (pii_span){.start = start, .end = end, .type = type};
    return 0;
}

/* ---- characters ---------------------------------------------------------- */

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_ascii_alnum(unsigned char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Letters as the detector sees them: ASCII, Latin-1 and Latin Extended-A/B
 * (å ä ö é ü ø æ …), Greek and Cyrillic. */
static int is_letter_cp(unsigned long cp)
{
    if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    if (cp >= 0xC0 && cp <= 0x24F) return cp != 0xD7 && cp != 0xF7;
    return cp >= 0x370 && cp <= 0x4FF;
}
static int is_word_cp(unsigned long cp) { return is_letter_cp(cp) || (cp >= '0' && cp <= '9') || cp == '_'; }
static int is_upper_cp(unsigned long cp) { return (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7); }
static int is_lower_cp(unsigned long cp) { return (cp >= 'a' && cp <= 'z') || (cp >= 0xDF && cp <= 0xFF && cp != 0xF7); }

/* The code point at s[i] (length in *n, at least 1); an invalid byte reads
 * as U+FFFD, one byte long. */
static unsigned long cp_at(const char *s, size_t len, size_t i, size_t *n)
{
    unsigned long cp;
    size_t k = utf8_decode(s + i, len - i, &cp);
    if (k == 0) { *n = 1; return 0xFFFD; }
    *n = k;
    return cp;
}

/* The code point that ends just before s[i] (i > 0); U+FFFD when the bytes
 * there are not well-formed. */
static unsigned long cp_before(const char *s, size_t i)
{
    size_t j = i - 1;
    while (j > 0 && i - j < 4 && ((unsigned char)s[j] & 0xC0) == 0x80) j--;
    unsigned long cp;
    size_t k = utf8_decode(s + j, i - j, &cp);
    return k == i - j ? cp : 0xFFFD;
}

static int is_number_joiner(unsigned char c)
{
    return c == '-' || c == '+' || c == '.' || c == '/' || c == ',' || c == ':';
}

/* A number may begin at s[i]: not inside a word, not the continuation of a
 * longer number ("2023-01234-01", "12.850709-9805"). */
static int number_starts_here(const char *s, size_t i)
{
    if (i == 0) return 1;
    unsigned char c = (unsigned char)s[i - 1];
    if (c < 0x80) {
        if (is_ascii_alnum(c) || c == '_') return 0;
        return !(is_number_joiner(c) && i >= 2 && is_digit((unsigned char)s[i - 2]));
    }
    return !is_word_cp(cp_before(s, i));
}

/* A number may end before s[j]: no letter or digit follows, nor a joiner
 * and a digit. */
static int number_ends_here(const char *s, size_t len, size_t j)
{
    if (j >= len) return 1;
    unsigned char c = (unsigned char)s[j];
    if (c < 0x80) {
        if (is_ascii_alnum(c) || c == '_') return 0;
        return !(is_number_joiner(c) && j + 1 < len && is_digit((unsigned char)s[j + 1]));
    }
    size_t n;
    return !is_word_cp(cp_at(s, len, j, &n));
}

static size_t digit_run(const char *s, size_t len, size_t i)
{
    size_t j = i;
    while (j < len && is_digit((unsigned char)s[j])) j++;
    return j - i;
}

/* ---- personnummer and samordningsnummer ---------------------------------- */

/* YYMMDD[-+ ]NNNN, YYMMDDNNNN, YYYYMMDD[- ]NNNN, YYYYMMDDNNNN starting at
 * s[i]; date and check digit by personnummer_parse(). */
static int match_personnummer(const char *s, size_t len, size_t i, int64_t today, size_t *end, pii_type *type)
{
    size_t d = digit_run(s, len, i), e;
    char buf[16];
    if (d == 10 || d == 12) {
        memcpy(buf, s + i, d);
        buf[d] = '\0';
        e = i + d;
    } else if ((d == 6 || d == 8) && i + d + 5 <= len) {
        char sep = s[i + d];
        if (!(sep == '-' || sep == ' ' || (sep == '+' && d == 6))) return 0;
        if (digit_run(s, len, i + d + 1) != 4) return 0;
        memcpy(buf, s + i, d + 5);
        buf[d] = sep == ' ' ? '-' : sep;
        buf[d + 5] = '\0';
        e = i + d + 5;
    } else {
        return 0;
    }
    if (!number_ends_here(s, len, e)) return 0;
    char canon[13];
    int samordning = 0;
    if (personnummer_parse(buf, today, canon, &samordning, NULL) != DL_OK) return 0;
    *end = e;
    *type = samordning ? PII_SAMORDNINGSNUMMER : PII_PERSONNUMMER;
    return 1;
}

/* ---- phone numbers -------------------------------------------------------- */

/* Swedish numbers from s[i] ('0', '+' or '('); the end of the longest
 * acceptable reading, 0 when none:
 *   national  0AA[A][A] then the subscriber number, 8–10 digits in all with
 *             the 0: "0701234567", "070-123 45 67", "08-12 34 56",
 *             "(08) 123 456 78"; an area code set apart is 08 or 3–4
 *             digits;
 *   +46 / 0046, an optional "(0)" (or a stray trunk 0), then 7–9 digits:
 *             "+46 70 123 45 67", "+46 (0)8 123 456 78", "0046 8 123 456 78".
 * Only the area code may be followed by '-'; the subscriber number's groups
 * are set apart by single spaces and have at least two digits each. A
 * mobile number (07…, +46 7…) has all 10 (9 after +46) digits. */
static size_t match_phone(const char *s, size_t len, size_t i)
{
    size_t j = i;
    int intl = 0, paren = 0, total = 0, min_digits = 8, max_digits = 10;
    if (s[j] == '+' || (j + 3 < len && memcmp(s + j, "0046", 4) == 0)) {
        if (s[j] == '+') {
            if (!(j + 2 < len && s[j + 1] == '4' && s[j + 2] == '6')) return 0;
            j += 3;
        } else {
            j += 4;
        }
        intl = 1;
        min_digits = 7;
        max_digits = 9;
        if (j < len && (s[j] == ' ' || s[j] == '-')) j++;
        if (j + 2 < len && s[j] == '(' && s[j + 1] == '0' && s[j + 2] == ')') {
            j += 3;
            if (j < len && s[j] == ' ') j++;
        } else if (j < len && s[j] == '0') {
            j++;
        }
        if (j >= len || s[j] < '1' || s[j] > '9') return 0;
    } else if (s[j] == '(') {
        size_t a = digit_run(s, len, j + 1);
        if (a < 2 || a > 4 || s[j + 1] != '0' || s[j + 2] == '0') return 0;
        if (a == 2 && s[j + 2] != '8') return 0;
        if (j + 1 + a >= len || s[j + 1 + a] != ')') return 0;
        j += a + 2;
        if (j < len && s[j] == ' ') j++;
        paren = 1;
        total = (int)a;
    } else if (!(s[j] == '0' && j + 1 < len && s[j + 1] >= '1' && s[j + 1] <= '9')) {
        return 0;
    }

    /* mobile numbers (07…) have all ten digits */
    int mobile = intl ? s[j] == '7' : (!paren && s[j + 1] == '7');
    size_t best = 0, first_start = j;
    int group = 0, first_ok = 1;
    for (;;) {
        size_t g = digit_run(s, len, j);
        if (g == 0 || (group > 0 && g < 2) || g > 12) break;
        if (group == 0 && !paren) {
            /* the area code (national) or the first group after +46, when
             * more groups follow */
            first_ok = intl ? g <= 3 : ((g == 2 && s[first_start + 1] == '8') || g == 3 || g == 4);
        }
        total += (int)g;
        j += g;
        if (total > max_digits) break;
        if (total >= min_digits && (group == 0 || first_ok || paren) && (!mobile || total == max_digits) &&
            number_ends_here(s, len, j))
            best = j;
        int hyphen_ok = group == 0 && !paren;
        if (j + 1 < len && (s[j] == ' ' || (hyphen_ok && s[j] == '-')) && is_digit((unsigned char)s[j + 1])) {
            j++;
            group++;
            continue;
        }
        break;
    }
    return best;
}

/* ---- e-mail addresses ----------------------------------------------------- */

static int is_local_ascii(unsigned char c)
{
    return is_ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

/* The address around the '@' at s[at]: local part of ASCII letters, digits,
 * . _ % + - and letters such as å ä ö (at most 64 bytes); a domain of at
 * least two labels (letters, digits, inner hyphens; at most 63 bytes each,
 * 253 in all) whose last label is two or more ASCII letters. */
static int match_email(const char *s, size_t len, size_t at, size_t *start, size_t *end)
{
    size_t b = at;
    while (b > 0) {
        unsigned char c = (unsigned char)s[b - 1];
        if (c < 0x80) {
            if (!is_local_ascii(c)) break;
            b--;
        } else {
            unsigned long cp = cp_before(s, b);
            if (!is_letter_cp(cp)) break;
            while (b > 0 && ((unsigned char)s[b - 1] & 0xC0) == 0x80) b--;
            if (b > 0) b--;
        }
        if (at - b > 64) return 0;
    }
    while (b < at && s[b] == '.') b++;
    if (b == at) return 0;

    size_t j = at + 1, labels = 0, last_label = 0, last_end = 0;
    for (;;) {
        size_t ls = j;
        while (j < len) {
            unsigned char c = (unsigned char)s[j];
            if (c < 0x80) {
                if (!(is_ascii_alnum(c) || c == '-')) break;
                j++;
            } else {
                size_t n;
                if (!is_letter_cp(cp_at(s, len, j, &n))) break;
                j += n;
            }
        }
        while (j > ls && s[j - 1] == '-') j--; /* a hyphen ends no label */
        if (j == ls || s[ls] == '-' || j - ls > 63 || j - (at + 1) > 253) break;
        labels++;
        last_label = ls;
        last_end = j;
        if (j + 1 < len && s[j] == '.' && (is_ascii_alnum((unsigned char)s[j + 1]) || (unsigned char)s[j + 1] >= 0x80)) {
            j++;
            continue;
        }
        break;
    }
    if (labels < 2 || last_end - (at + 1) > 253 || last_end - last_label < 2) return 0;
    for (size_t k = last_label; k < last_end; k++) {
        unsigned char c = (unsigned char)s[k];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return 0;
    }
    *start = b;
    *end = last_end;
    return 1;
}

/* ---- names ---------------------------------------------------------------- */

/* A capitalised word from s[i]: an upper-case letter, then lower-case ones,
 * optionally "-" and another such part ("Ann-Marie", "Berg-Lind"). Returns
 * its end, 0 when the word there is not so shaped; *parts holds where the
 * hyphen is (0 when none). */
static size_t capitalised_word(const char *s, size_t len, size_t i, size_t *hyphen)
{
    size_t j = i, n;
    *hyphen = 0;
    for (int part = 0; part < 2; part++) {
        if (j >= len || !is_upper_cp(cp_at(s, len, j, &n))) return 0;
        j += n;
        size_t lower = 0;
        while (j < len) {
            unsigned long cp = cp_at(s, len, j, &n);
            if (!is_lower_cp(cp)) break;
            j += n;
            lower++;
        }
        if (lower == 0) return 0;
        if (part == 0 && j + 1 < len && s[j] == '-') {
            size_t m;
            if (!is_upper_cp(cp_at(s, len, j + 1, &m))) break;
            *hyphen = j;
            j++;
            continue;
        }
        break;
    }
    if (j < len && is_word_cp(cp_at(s, len, j, &n))) return 0;
    return j;
}

static int is_first_name(const char *s, size_t b, size_t e, size_t hyphen)
{
    if (pii_name_in(pii_first_names, pii_first_names_count, s + b, e - b)) return 1;
    return hyphen && pii_name_in(pii_first_names, pii_first_names_count, s + b, hyphen - b) &&
           pii_name_in(pii_first_names, pii_first_names_count, s + hyphen + 1, e - hyphen - 1);
}

static int is_surname(const char *s, size_t b, size_t e)
{
    (void)s;
    (void)b;
    (void)e;
#if PII_SURNAME_ANY_WORD
    return 1;
#else
    return pii_name_in(pii_surnames, pii_surnames_count, s + b, e - b);
#endif
}

/* "Förnamn Efternamn" or "Förnamn Förnamn Efternamn" from s[i]; the end of
 * the name, 0 when none. A lone first name is not reported. */
static size_t match_name(const char *s, size_t len, size_t i, size_t w1_end, size_t w1_hyphen)
{
    if (!is_first_name(s, i, w1_end, w1_hyphen)) return 0;
    if (w1_end + 1 >= len || s[w1_end] != ' ') return 0;
    size_t h2, w2 = capitalised_word(s, len, w1_end + 1, &h2);
    if (!w2) return 0;
    if (is_first_name(s, w1_end + 1, w2, h2) && w2 + 1 < len && s[w2] == ' ') {
        size_t h3, w3 = capitalised_word(s, len, w2 + 1, &h3);
        if (w3 && is_surname(s, w2 + 1, w3)) return w3;
    }
    return is_surname(s, w1_end + 1, w2) ? w2 : 0;
}

/* ---- the scan ------------------------------------------------------------- */

static int by_place(const void *a, const void *b)
{
    const pii_span *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->end != y->end) return x->end > y->end ? -1 : 1;
    return (int)x->type - (int)y->type;
}

/* One span per place: the longest candidate, then the more specific type. */
static void resolve_overlaps(pii_spans *s)
{
    if (s->n == 0) return;
    qsort(s->v, s->n, sizeof s->v[0], by_place);
    size_t kept = 1;
    for (size_t k = 1; k < s->n; k++) {
        pii_span *last = &s->v[kept - 1], *c = &s->v[k];
        if (c->start >= last->end) {
            s->v[kept++] = *c;
            continue;
        }
        size_t cl = c->end - c->start, ll = last->end - last->start;
        if (cl > ll || (cl == ll && c->type < last->type)) *last = *c;
    }
    s->n = kept;
}

static void set_code_points(const char *text, size_t len, pii_spans *s)
{
    size_t pos = 0, cp = 0;
    for (size_t k = 0; k < s->n; k++) {
        pii_span *sp = &s->v[k];
        for (; pos < sp->start && pos < len; pos++) cp += ((unsigned char)text[pos] & 0xC0) != 0x80;
        sp->cp_start = cp;
        for (; pos < sp->end && pos < len; pos++) cp += ((unsigned char)text[pos] & 0xC0) != 0x80;
        sp->cp_end = cp;
    }
}

dl_err pii_scan(const char *text, size_t len, int64_t today, pii_spans *out, dl_error *e)
{
    out->n = 0;
    if (today < 18000101 || today > 99991231 ||
        !cal_valid((cal_date){(int)(today / 10000), (int)(today / 100 % 100), (int)(today % 100)}))
        return dl_fail(e, DL_EINTERNAL, "pii_scan: today is not a date (%lld)", (long long)today);
    if (len == 0) return DL_OK;
    const char *s = text;
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (is_digit(c) || c == '+' || c == '(') {
            if (number_starts_here(s, i)) {
                size_t end;
                pii_type type;
                if (is_digit(c) && match_personnummer(s, len, i, today, &end, &type) && push(out, i, end, type))
                    goto oom;
                if ((c == '0' || c == '+' || c == '(') && (end = match_phone(s, len, i)) != 0 &&
                    push(out, i, end, PII_PHONE))
                    goto oom;
            }
            i++;
            if (is_digit(c))
                while (i < len && is_digit((unsigned char)s[i])) i++;
            continue;
        }
        if ((c >= 'A' && c <= 'Z') || c == 0xC3) {
            size_t n, hyphen, w1;
            if (is_upper_cp(cp_at(s, len, i, &n)) && (i == 0 || !is_word_cp(cp_before(s, i))) &&
                (w1 = capitalised_word(s, len, i, &hyphen)) != 0) {
                size_t end = match_name(s, len, i, w1, hyphen);
                if (end && push(out, i, end, PII_NAME)) goto oom;
                i = w1;
                continue;
            }
        }
        if (is_ascii_alnum(c)) {
            while (i < len && is_ascii_alnum((unsigned char)s[i])) i++;
            continue;
        }
        i++;
    }
    for (const char *at = memchr(s, '@', len); at; at = memchr(at + 1, '@', len - (size_t)(at + 1 - s))) {
        size_t b, end;
        if (match_email(s, len, (size_t)(at - s), &b, &end) && push(out, b, end, PII_EMAIL)) goto oom;
    }
    resolve_overlaps(out);
    set_code_points(text, len, out);
    return DL_OK;
oom:
    out->n = 0;
    return dl_fail(e, DL_ENOMEM, "out of memory");
}

dl_err pii_redact(const char *text, size_t len, const pii_span *spans, size_t n, strbuf *out, dl_error *e)
{
    size_t prev = 0;
    for (size_t k = 0; k < n; k++) {
        if (spans[k].start < prev || spans[k].end <= spans[k].start || spans[k].end > len ||
            (unsigned)spans[k].type >= PII_TYPE__COUNT)
            return dl_fail(e, DL_EINVAL, "pii_redact: span %zu is out of order, empty or outside the text", k);
        prev = spans[k].end;
    }
    size_t before = out->len;
    prev = 0;
    for (size_t k = 0; k < n; k++) {
        sb_append(out, text + prev, spans[k].start - prev);
        sb_puts(out, pii_type_marker(spans[k].type));
        prev = spans[k].end;
    }
    sb_append(out, text + prev, len - prev);
    if (out->oom) {
        out->len = before;
        return dl_fail(e, DL_ENOMEM, "out of memory");
    }
    return DL_OK;
}
