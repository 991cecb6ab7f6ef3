/* doc.c — the document model of the case letters: bounded builders that copy
 * into the caller's arena, check UTF-8 and bounds, and either add a whole
 * element or change nothing (see doc.h). No I/O. */
#include "report/doc.h"

#include "core/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Records the first error of d and returns code. */
static dl_err fail(doc *d, dl_err code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static dl_err fail(doc *d, dl_err code, const char *fmt, ...)
{
    if (d->first.code == DL_OK) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(d->first.msg, sizeof d->first.msg, fmt, ap);
        va_end(ap);
        d->first.code = code;
    }
    return code;
}

doc *doc_new(arena *a)
{
    if (!a) return NULL;
    doc *d = arena_alloc(a, sizeof *d);
    if (!d) return NULL;
    d->blocks = arena_alloc(a, DOC_MAX_BLOCKS * sizeof *d->blocks);
    if (!d->blocks) return NULL;
    d->a = a;
    d->lang = "sv";
    d->org_name = d->marking = d->title = d->footer_text = "";
    d->page_word = d->of_word = "";
    dl_error_clear(&d->first);
    return d;
}

/* Checks one string: non-NULL (unless may_be_null), at most max bytes,
 * well-formed UTF-8, no control characters but \n and \t (no newline at
 * all when !multiline). what names it in the message. */
static dl_err check_text(doc *d, const char *what, const char *s, size_t max, int multiline)
{
    if (!s) return fail(d, DL_EINVAL, "doc: %s is missing", what);
    size_t n = strlen(s);
    if (n > max) return fail(d, DL_ELIMIT, "doc: %s is %zu bytes, more than %zu", what, n, max);
    if (!utf8_valid(s, n)) return fail(d, DL_EINVAL, "doc: %s is not valid UTF-8", what);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t' && (c != '\n' || !multiline)) || c == 0x7f)
            return fail(d, DL_EINVAL, "doc: %s holds control character 0x%02x at byte %zu", what, c, i);
    }
    return DL_OK;
}

/* Checks that `extra` more bytes keep the document within DOC_MAX_TOTAL. */
static dl_err check_total(doc *d, size_t extra)
{
    if (extra > DOC_MAX_TOTAL - d->total)
        return fail(d, DL_ELIMIT, "doc: the document's text would exceed %d bytes", DOC_MAX_TOTAL);
    return DL_OK;
}

/* Refuses a new element while a table is open, or when the slots are full. */
static dl_err check_block(doc *d, const char *what)
{
    if (d->open_table)
        return fail(d, DL_EINVAL, "doc: %s added while a table is open (call doc_table_end first)", what);
    if (d->n_blocks >= DOC_MAX_BLOCKS)
        return fail(d, DL_ELIMIT, "doc: more than %d blocks", DOC_MAX_BLOCKS);
    return DL_OK;
}

static char *dup(doc *d, const char *s)
{
    char *c = arena_strdup(d->a, s);
    if (!c) fail(d, DL_ENOMEM, "doc: out of memory");
    return c;
}

/* A fresh block slot (not yet counted). */
static doc_block *next_block(doc *d, doc_block_kind kind)
{
    doc_block *b = &d->blocks[d->n_blocks];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->text = b->title = b->name = b->date = "";
    return b;
}

dl_err doc_set_lang(doc *d, const char *lang)
{
    if (!lang || (strcmp(lang, "sv") != 0 && strcmp(lang, "en") != 0))
        return fail(d, DL_EINVAL, "doc: language must be sv or en");
    d->lang = strcmp(lang, "sv") == 0 ? "sv" : "en";
    return DL_OK;
}

dl_err doc_letterhead(doc *d, const char *org_name, const char *line)
{
    dl_err rc = check_text(d, "letterhead organisation", org_name, DOC_MAX_SHORT, 0);
    if (rc) return rc;
    if (!*org_name) return fail(d, DL_EINVAL, "doc: letterhead organisation is empty");
    if (line && (rc = check_text(d, "letterhead line", line, DOC_MAX_SHORT, 0))) return rc;
    if (*d->org_name && strcmp(d->org_name, org_name) != 0)
        return fail(d, DL_EINVAL, "doc: the letterhead already names another organisation");
    if (line && *line && d->n_letterhead >= DOC_MAX_LETTERHEAD)
        return fail(d, DL_ELIMIT, "doc: more than %d letterhead lines", DOC_MAX_LETTERHEAD);
    size_t extra = strlen(org_name) + (line ? strlen(line) : 0);
    if ((rc = check_total(d, extra))) return rc;
    const char *o = *d->org_name ? d->org_name : dup(d, org_name);
    const char *l = line && *line ? dup(d, line) : NULL;
    if (!o || (line && *line && !l)) return DL_ENOMEM;
    d->org_name = o;
    if (l) d->letterhead[d->n_letterhead++] = l;
    d->total += extra;
    return DL_OK;
}

dl_err doc_field(doc *d, const char *label, const char *value)
{
    dl_err rc;
    if ((rc = check_text(d, "field label", label, DOC_MAX_SHORT, 0))) return rc;
    if ((rc = check_text(d, "field value", value, DOC_MAX_SHORT, 1))) return rc;
    if (!*label) return fail(d, DL_EINVAL, "doc: a field label is empty");
    if (d->n_fields >= DOC_MAX_FIELDS)
        return fail(d, DL_ELIMIT, "doc: more than %d header fields", DOC_MAX_FIELDS);
    if ((rc = check_total(d, strlen(label) + strlen(value)))) return rc;
    const char *l = dup(d, label), *v = dup(d, value);
    if (!l || !v) return DL_ENOMEM;
    d->fields[d->n_fields++] = (doc_field_pair){l, v};
    d->total += strlen(label) + strlen(value);
    return DL_OK;
}

/* Sets *slot to a copy of s (checked as one line of at most DOC_MAX_SHORT). */
static dl_err set_short(doc *d, const char *what, const char **slot, const char *s)
{
    dl_err rc;
    if ((rc = check_text(d, what, s, DOC_MAX_SHORT, 0))) return rc;
    if ((rc = check_total(d, strlen(s)))) return rc;
    const char *c = dup(d, s);
    if (!c) return DL_ENOMEM;
    *slot = c;
    d->total += strlen(s);
    return DL_OK;
}

dl_err doc_marking(doc *d, const char *marking)
{
    return set_short(d, "marking", &d->marking, marking ? marking : "");
}

dl_err doc_title(doc *d, const char *title)
{
    return set_short(d, "title", &d->title, title);
}

dl_err doc_footer(doc *d, const char *text, const char *page_word, const char *of_word)
{
    dl_err rc;
    if ((rc = check_text(d, "footer text", text, DOC_MAX_SHORT, 0))) return rc;
    if ((rc = check_text(d, "footer page word", page_word, 64, 0))) return rc;
    if ((rc = check_text(d, "footer of word", of_word, 64, 0))) return rc;
    size_t extra = strlen(text) + strlen(page_word) + strlen(of_word);
    if ((rc = check_total(d, extra))) return rc;
    const char *t = dup(d, text), *p = dup(d, page_word), *o = dup(d, of_word);
    if (!t || !p || !o) return DL_ENOMEM;
    d->footer_text = t;
    d->page_word = p;
    d->of_word = o;
    d->total += extra;
    return DL_OK;
}

/* A block holding one text: HEADING (one line, short) or PARAGRAPH. */
static dl_err text_block(doc *d, doc_block_kind kind, const char *what, const char *text,
                         size_t max, int multiline)
{
    dl_err rc;
    if ((rc = check_block(d, what))) return rc;
    if ((rc = check_text(d, what, text, max, multiline))) return rc;
    if ((rc = check_total(d, strlen(text)))) return rc;
    const char *c = dup(d, text);
    if (!c) return DL_ENOMEM;
    doc_block *b = next_block(d, kind);
    b->text = c;
    d->n_blocks++;
    d->total += strlen(text);
    return DL_OK;
}

dl_err doc_heading(doc *d, const char *text)
{
    return text_block(d, DOC_HEADING, "heading", text, DOC_MAX_SHORT, 0);
}

dl_err doc_paragraph(doc *d, const char *text)
{
    return text_block(d, DOC_PARAGRAPH, "paragraph", text, DOC_MAX_TEXT, 1);
}

dl_err doc_list(doc *d, const char *const *items, size_t n)
{
    dl_err rc;
    if ((rc = check_block(d, "list"))) return rc;
    if (!items || n == 0) return fail(d, DL_EINVAL, "doc: a list needs at least one item");
    if (n > DOC_MAX_ITEMS) return fail(d, DL_ELIMIT, "doc: a list of %zu items, more than %d", n, DOC_MAX_ITEMS);
    size_t extra = 0;
    for (size_t i = 0; i < n; i++) {
        if ((rc = check_text(d, "list item", items[i], DOC_MAX_TEXT, 0))) return rc;
        extra += strlen(items[i]);
    }
    if ((rc = check_total(d, extra))) return rc;
    const char **copy = arena_alloc(d->a, n * sizeof *copy);
    if (!copy) return fail(d, DL_ENOMEM, "doc: out of memory");
    for (size_t i = 0; i < n; i++)
        if (!(copy[i] = dup(d, items[i]))) return DL_ENOMEM;
    doc_block *b = next_block(d, DOC_LIST);
    b->items = copy;
    b->n_items = n;
    d->n_blocks++;
    d->total += extra;
    return DL_OK;
}

dl_err doc_table_begin_v(doc *d, size_t ncols, const char *const *headers)
{
    dl_err rc;
    if ((rc = check_block(d, "table"))) return rc;
    if (ncols < 1 || ncols > DOC_MAX_COLS)
        return fail(d, DL_ELIMIT, "doc: a table of %zu columns; 1 to %d are allowed", ncols, DOC_MAX_COLS);
    if (!headers) return fail(d, DL_EINVAL, "doc: table headers are missing");
    size_t extra = 0;
    for (size_t i = 0; i < ncols; i++) {
        if ((rc = check_text(d, "table header", headers[i], DOC_MAX_SHORT, 0))) return rc;
        extra += strlen(headers[i]);
    }
    if ((rc = check_total(d, extra))) return rc;
    const char **h = arena_alloc(d->a, ncols * sizeof *h);
    if (!h) return fail(d, DL_ENOMEM, "doc: out of memory");
    for (size_t i = 0; i < ncols; i++)
        if (!(h[i] = dup(d, headers[i]))) return DL_ENOMEM;
    doc_block *b = next_block(d, DOC_TABLE);
    b->table.ncols = ncols;
    b->table.headers = h;
    d->open_table = b; /* counted in n_blocks by doc_table_end() */
    d->total += extra;
    return DL_OK;
}

dl_err doc_table_begin(doc *d, size_t ncols, ...)
{
    const char *h[DOC_MAX_COLS];
    if (ncols < 1 || ncols > DOC_MAX_COLS)
        return fail(d, DL_ELIMIT, "doc: a table of %zu columns; 1 to %d are allowed", ncols, DOC_MAX_COLS);
    va_list ap;
    va_start(ap, ncols);
    for (size_t i = 0; i < ncols; i++) h[i] = va_arg(ap, const char *);
    va_end(ap);
    return doc_table_begin_v(d, ncols, h);
}

dl_err doc_table_numeric(doc *d, size_t col)
{
    if (!d->open_table) return fail(d, DL_EINVAL, "doc: doc_table_numeric without an open table");
    if (col >= d->open_table->table.ncols)
        return fail(d, DL_EINVAL, "doc: numeric column %zu of a table of %zu columns", col,
                    d->open_table->table.ncols);
    d->open_table->table.numeric |= 1u << col;
    return DL_OK;
}

dl_err doc_table_row_v(doc *d, const char *const *cells)
{
    dl_err rc;
    doc_block *b = d->open_table;
    if (!b) return fail(d, DL_EINVAL, "doc: a table row without an open table");
    doc_table *t = &b->table;
    if (!cells) return fail(d, DL_EINVAL, "doc: table cells are missing");
    if (t->n_rows >= DOC_MAX_ROWS) return fail(d, DL_ELIMIT, "doc: a table of more than %d rows", DOC_MAX_ROWS);
    size_t extra = 0;
    for (size_t i = 0; i < t->ncols; i++) {
        if ((rc = check_text(d, "table cell", cells[i], DOC_MAX_CELL, 1))) return rc;
        extra += strlen(cells[i]);
    }
    if ((rc = check_total(d, extra))) return rc;
    if (t->n_rows == t->cap_rows) {
        size_t cap = t->cap_rows ? t->cap_rows * 2 : 16;
        if (cap > DOC_MAX_ROWS) cap = DOC_MAX_ROWS;
        const char **c = arena_alloc(d->a, cap * t->ncols * sizeof *c);
        if (!c) return fail(d, DL_ENOMEM, "doc: out of memory");
        if (t->n_rows) memcpy(c, t->cells, t->n_rows * t->ncols * sizeof *c);
        t->cells = c;
        t->cap_rows = cap;
    }
    const char *row[DOC_MAX_COLS];
    for (size_t i = 0; i < t->ncols; i++)
        if (!(row[i] = dup(d, cells[i]))) return DL_ENOMEM;
    memcpy(&t->cells[t->n_rows * t->ncols], row, t->ncols * sizeof *row);
    t->n_rows++;
    d->total += extra;
    return DL_OK;
}

dl_err doc_table_row(doc *d, ...)
{
    const char *c[DOC_MAX_COLS];
    if (!d->open_table) return fail(d, DL_EINVAL, "doc: a table row without an open table");
    va_list ap;
    va_start(ap, d);
    for (size_t i = 0; i < d->open_table->table.ncols; i++) c[i] = va_arg(ap, const char *);
    va_end(ap);
    return doc_table_row_v(d, c);
}

dl_err doc_table_end(doc *d)
{
    if (!d->open_table) return fail(d, DL_EINVAL, "doc: doc_table_end without an open table");
    d->open_table = NULL;
    d->n_blocks++;
    return DL_OK;
}

dl_err doc_signature(doc *d, const char *name, const char *title, const char *date)
{
    dl_err rc;
    if ((rc = check_block(d, "signature"))) return rc;
    if ((rc = check_text(d, "signature name", name, DOC_MAX_SHORT, 0))) return rc;
    if ((rc = check_text(d, "signature title", title, DOC_MAX_SHORT, 0))) return rc;
    if ((rc = check_text(d, "signature date", date, DOC_MAX_SHORT, 0))) return rc;
    if (!*name) return fail(d, DL_EINVAL, "doc: the signature has no name");
    size_t extra = strlen(name) + strlen(title) + strlen(date);
    if ((rc = check_total(d, extra))) return rc;
    const char *n = dup(d, name), *t = dup(d, title), *dt = dup(d, date);
    if (!n || !t || !dt) return DL_ENOMEM;
    doc_block *b = next_block(d, DOC_SIGNATURE);
    b->name = n;
    b->title = t;
    b->date = dt;
    d->n_blocks++;
    d->total += extra;
    return DL_OK;
}

dl_err doc_notice(doc *d, const char *title, const char *text)
{
    dl_err rc;
    if ((rc = check_block(d, "notice"))) return rc;
    if ((rc = check_text(d, "notice title", title, DOC_MAX_SHORT, 0))) return rc;
    if ((rc = check_text(d, "notice", text, DOC_MAX_TEXT, 1))) return rc;
    size_t extra = strlen(title) + strlen(text);
    if ((rc = check_total(d, extra))) return rc;
    const char *t = dup(d, title), *x = dup(d, text);
    if (!t || !x) return DL_ENOMEM;
    doc_block *b = next_block(d, DOC_NOTICE);
    b->title = t;
    b->text = x;
    d->n_blocks++;
    d->total += extra;
    return DL_OK;
}

dl_err doc_status(const doc *d, dl_error *e)
{
    if (!d) return dl_fail(e, DL_ENOMEM, "doc: out of memory");
    if (d->first.code != DL_OK) {
        if (e) *e = d->first;
        return d->first.code;
    }
    if (d->open_table) return dl_fail(e, DL_EINVAL, "doc: a table was begun but not ended");
    if (!*d->org_name) return dl_fail(e, DL_EINVAL, "doc: the letterhead has no organisation");
    if (!*d->title) return dl_fail(e, DL_EINVAL, "doc: the document has no title");
    return DL_OK;
}

void doc_each_para(const char *text, void (*fn)(void *ud, const char *s, size_t n), void *ud)
{
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        size_t k = 0;
        while (k < n && (p[k] == ' ' || p[k] == '\t')) k++;
        if (k < n) fn(ud, p, n);
        p += n + (nl ? 1 : 0);
    }
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }

/* Length of a joiner at s: '-' (1 byte) or an en dash U+2013 (3 bytes); 0 if none. */
static size_t joiner_len(const char *s, size_t left)
{
    if (left >= 1 && s[0] == '-') return 1;
    if (left >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x93) return 3;
    return 0;
}

void doc_each_keep(const char *text, size_t n, void (*fn)(void *ud, size_t at, size_t len), void *ud)
{
    size_t i = 0;
    while (i < n) {
        /* A run starts at a digit that does not continue a word or a number. */
        if (!is_digit(text[i]) || (i > 0 && (is_digit(text[i - 1]) || is_upper(text[i - 1]) ||
                                             (text[i - 1] >= 'a' && text[i - 1] <= 'z')))) {
            i++;
            continue;
        }
        size_t end = i, joins = 0;
        while (end < n && is_digit(text[end])) end++;
        for (;;) {
            size_t j = joiner_len(text + end, n - end);
            if (!j || end + j >= n || !is_digit(text[end + j])) break;
            end += j;
            joins++;
            while (end < n && is_digit(text[end])) end++;
        }
        if (!joins) { i = end; continue; }
        size_t at = i;
        /* A diary number's series letters before it: "RH 2026-00031". */
        if (at >= 2 && text[at - 1] == ' ' && is_upper(text[at - 2])) {
            size_t b = at - 2;
            while (b > 0 && is_upper(text[b - 1]) && at - 1 - b < 5) b--;
            if (at - 1 - b <= 5 && (b == 0 || text[b - 1] == ' ' || text[b - 1] == '(' || text[b - 1] == '\n')) at = b;
        }
        /* A date's time after it: "2026-03-16 14:05". */
        if (end + 6 <= n && text[end] == ' ' && is_digit(text[end + 1]) && is_digit(text[end + 2]) &&
            text[end + 3] == ':' && is_digit(text[end + 4]) && is_digit(text[end + 5]) &&
            (end + 6 == n || !is_digit(text[end + 6])))
            end += 6;
        fn(ud, at, end - at);
        i = end;
    }
}
