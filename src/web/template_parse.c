/* template_parse.c — loading the auto-escaping template engine (see
 * template.h): tmpl_set_load(), tmpl_set_free(), tmpl_set_has().
 *
 * tmpl_set_load() parses every template once. The literal text between tags
 * runs through a small HTML tokenizer, so each {{value}} learns at parse time
 * which context it stands in (text, quoted attribute, URL attribute) — or is
 * rejected with "FILE:LINE: …" when it would stand in a tag or attribute name,
 * an unquoted value, <script>, <style>, a comment, or an event-handler, style
 * or srcdoc attribute. The result is a flat op list per template; {{#if}},
 * {{#unless}} and {{#each}} carry the indexes of their {{else}} and {{/…}}.
 * Rendering is in template_render.c. */
#include "web/template_internal.h"
#include "core/alloc.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define MAX_BLOCK_DEPTH 32
#define MAX_NAME_LEN 128

/* ---- the HTML tokenizer (parse time) ------------------------------------ */

enum hstate { S_TEXT, S_LT, S_LT_SLASH, S_TAG_NAME, S_TAG, S_ATTR_NAME, S_AFTER_NAME,
              S_BEFORE_VALUE, S_VALUE_DQ, S_VALUE_SQ, S_VALUE_UNQ, S_SCRIPT, S_STYLE,
              S_COMMENT, S_DECL };
enum { A_PLAIN, A_URL, A_FORBIDDEN };
enum { R_NONE, R_SCRIPT, R_STYLE };

struct hctx {
    uint8_t state, attr, raw, end_tag, nlen, trunc;
    uint8_t glued; /* a block just ended a tag or attribute name */
    char name[16]; /* tag or attribute name being read, lower-cased */
};

static void name_reset(struct hctx *c) { c->nlen = 0; c->trunc = 0; }
static void name_push(struct hctx *c, char ch)
{
    if (c->nlen < sizeof c->name) c->name[c->nlen++] = lower(ch);
    else c->trunc = 1;
}
static bool name_is(const struct hctx *c, const char *s)
{
    size_t n = strlen(s);
    return !c->trunc && c->nlen == n && memcmp(c->name, s, n) == 0;
}

static uint8_t attr_kind(const struct hctx *c)
{
    static const char *const url_attrs[] = {"href", "src", "action", "formaction",
                                            "xlink:href", "poster", "data"};
    if (c->nlen >= 2 && c->name[0] == 'o' && c->name[1] == 'n') return A_FORBIDDEN;
    if (name_is(c, "style") || name_is(c, "srcdoc")) return A_FORBIDDEN;
    for (size_t i = 0; i < sizeof url_attrs / sizeof url_attrs[0]; i++)
        if (name_is(c, url_attrs[i])) return A_URL;
    return A_PLAIN;
}

static void tag_name_done(struct hctx *c)
{
    c->raw = R_NONE;
    if (!c->end_tag && name_is(c, "script")) c->raw = R_SCRIPT;
    if (!c->end_tag && name_is(c, "style")) c->raw = R_STYLE;
}

static size_t tag_close(struct hctx *c)
{
    c->state = c->raw == R_SCRIPT ? S_SCRIPT : c->raw == R_STYLE ? S_STYLE : S_TEXT;
    c->end_tag = 0;
    return 1;
}

/* In <script>/<style>: does s start the matching end tag? Returns its length. */
static size_t raw_end(const struct hctx *c, const char *s, size_t n)
{
    const char *name = c->raw == R_SCRIPT ? "script" : "style";
    size_t k = strlen(name);
    if (n < 2 + k || s[0] != '<' || s[1] != '/') return 0;
    for (size_t i = 0; i < k; i++)
        if (lower(s[2 + i]) != name[i]) return 0;
    if (n > 2 + k && !is_space(s[2 + k]) && s[2 + k] != '/' && s[2 + k] != '>') return 0;
    return 2 + k;
}

static size_t step_markup(struct hctx *c, const char *s, size_t n)
{
    char ch = s[0];
    switch (c->state) {
    case S_LT:
        if (is_alpha(ch)) { name_reset(c); c->end_tag = 0; c->state = S_TAG_NAME; return 0; }
        if (ch == '/') { c->state = S_LT_SLASH; return 1; }
        if (ch == '!' && n >= 3 && s[1] == '-' && s[2] == '-') { c->state = S_COMMENT; return 3; }
        c->state = ch == '!' || ch == '?' ? S_DECL : S_TEXT;
        return c->state == S_DECL;
    case S_LT_SLASH:
        if (is_alpha(ch)) { name_reset(c); c->end_tag = 1; c->state = S_TAG_NAME; return 0; }
        c->state = ch == '>' ? S_TEXT : S_DECL;
        return ch == '>';
    case S_SCRIPT: case S_STYLE: {
        size_t k = raw_end(c, s, n);
        if (!k) return 1;
        c->state = S_TAG;
        c->end_tag = 1;
        c->raw = R_NONE;
        return k;
    }
    case S_COMMENT:
        if (n >= 3 && memcmp(s, "-->", 3) == 0) { c->state = S_TEXT; return 3; }
        return 1;
    case S_DECL:
        if (ch == '>') c->state = S_TEXT;
        return 1;
    default: /* S_TEXT */
        if (ch == '<') c->state = S_LT;
        return 1;
    }
}

/* Advances c over the first token of s[0..n) and returns its length; 0 means
 * the state changed and the same character is read again. Sets *url_mark when
 * the value of a URL attribute starts right after the consumed text. */
static size_t html_step(struct hctx *c, const char *s, size_t n, bool *url_mark)
{
    char ch = s[0];
    switch (c->state) {
    case S_TAG_NAME:
        if (is_space(ch) || ch == '/') { tag_name_done(c); c->state = S_TAG; return 1; }
        if (ch == '>') { tag_name_done(c); return tag_close(c); }
        name_push(c, ch);
        return 1;
    case S_TAG: case S_AFTER_NAME:
        if (is_space(ch) || ch == '/') { c->state = ch == '/' ? S_TAG : c->state; return 1; }
        if (ch == '>') return tag_close(c);
        if (ch == '=' && c->state == S_AFTER_NAME) { c->attr = attr_kind(c); c->state = S_BEFORE_VALUE; return 1; }
        name_reset(c);
        name_push(c, ch);
        c->state = S_ATTR_NAME;
        return 1;
    case S_ATTR_NAME:
        if (is_space(ch)) { c->state = S_AFTER_NAME; return 1; }
        if (ch == '=') { c->attr = attr_kind(c); c->state = S_BEFORE_VALUE; return 1; }
        if (ch == '/') { c->state = S_TAG; return 1; }
        if (ch == '>') return tag_close(c);
        name_push(c, ch);
        return 1;
    case S_BEFORE_VALUE:
        if (is_space(ch)) return 1;
        if (ch == '>') return tag_close(c);
        if (ch == '"' || ch == '\'') {
            c->state = ch == '"' ? S_VALUE_DQ : S_VALUE_SQ;
            *url_mark = c->attr == A_URL;
            return 1;
        }
        c->state = S_VALUE_UNQ;
        return 1;
    case S_VALUE_DQ: case S_VALUE_SQ:
        if (ch == (c->state == S_VALUE_DQ ? '"' : '\'')) c->state = S_TAG;
        return 1;
    case S_VALUE_UNQ:
        if (is_space(ch)) c->state = S_TAG;
        return ch == '>' ? tag_close(c) : 1;
    default:
        return step_markup(c, s, n);
    }
}

/* Block boundaries end a tag or attribute name, as in
 * <option{{#if sel}} selected{{/if}}>; literal() rejects text that would
 * continue the name. */
static void hc_settle(struct hctx *c)
{
    if (c->state == S_TAG_NAME) tag_name_done(c);
    else if (c->state != S_ATTR_NAME && c->state != S_AFTER_NAME) return;
    c->glued = c->state != S_AFTER_NAME;
    c->state = S_TAG;
}

/* Same context for what follows? (Settled contexts are never in a name.) */
static bool hc_eq(const struct hctx *a, const struct hctx *b)
{
    bool quoted = a->state == S_VALUE_DQ || a->state == S_VALUE_SQ;
    return a->state == b->state && a->raw == b->raw && a->end_tag == b->end_tag &&
           (!quoted || a->attr == b->attr);
}

/* ---- the parser ---------------------------------------------------------- */

struct block { uint8_t kind; bool has_else; int line; size_t op; struct hctx start, then_end; };

struct parser {
    tmpl_set *set;
    struct tmpl *t;          /* the template being parsed */
    const char *src;         /* its text */
    size_t n;
    int line, depth, each_depth;
    struct hctx hc;          /* the HTML context at the current position */
    struct block stack[MAX_BLOCK_DEPTH];
    dl_error *e;
};

__attribute__((format(printf, 3, 4)))
static dl_err perr(struct parser *p, int line, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return dl_fail(p->e, DL_EINVAL, "%s:%d: %s", p->t->name, line, msg);
}

static dl_err poom(struct parser *p)
{
    return dl_fail(p->e, DL_ENOMEM, "out of memory while loading template %s", p->t->name);
}

/* Appends an op (valid until the next op_add); NULL on out-of-memory. */
static struct op *op_add(struct parser *p, uint8_t kind)
{
    struct tmpl *t = p->t;
    if (t->nops == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        struct op *ops = dl_realloc(t->ops, cap * sizeof *ops);
        if (!ops) return NULL;
        t->ops = ops;
        t->cap = cap;
    }
    struct op *op = &t->ops[t->nops++];
    memset(op, 0, sizeof *op);
    op->kind = kind;
    return op;
}

static dl_err emit_text(struct parser *p, const char *s, size_t n)
{
    if (!n) return DL_OK;
    char *d = arena_strndup(p->set->a, s, n);
    struct op *op = d ? op_add(p, OP_TEXT) : NULL;
    if (!op) return poom(p);
    op->text = d;
    op->len = n;
    return DL_OK;
}

/* Literal template text: tokenized, and split where a URL value starts. */
static dl_err literal(struct parser *p, const char *s, size_t n)
{
    size_t start = 0, i = 0;
    if (n && p->hc.glued && !is_space(s[0]) && s[0] != '/' && s[0] != '>')
        return perr(p, p->line, "a {{#…}}, {{else}} or {{/…}} may not split a tag or attribute name");
    if (n) p->hc.glued = 0;
    while (i < n) {
        bool mark = false;
        i += html_step(&p->hc, s + i, n - i, &mark);
        if (!mark) continue;
        dl_err err = emit_text(p, s + start, i - start);
        if (err) return err;
        if (!op_add(p, OP_URL_MARK)) return poom(p);
        start = i;
    }
    for (size_t k = 0; k < n; k++) p->line += s[k] == '\n';
    return emit_text(p, s + start, n - start);
}

static bool valid_name(const char *s, size_t n, bool slash_ok)
{
    if (!n || n > MAX_NAME_LEN) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!is_alpha(c) && !is_digit(c) && c != '_' && c != '.' && c != '-' && !(slash_ok && c == '/'))
            return false;
    }
    return true;
}

static dl_err parse_ref(struct parser *p, const char *s, size_t n, int line, struct ref *r)
{
    memset(r, 0, sizeof *r);
    if (!n) return perr(p, line, "empty name in {{…}}");
    if (s[0] == '@') {
        static const char *const specials[] = {NULL, "@index", "@first", "@last"};
        for (uint8_t k = SP_INDEX; k <= SP_LAST; k++)
            if (strlen(specials[k]) == n && memcmp(s, specials[k], n) == 0) r->special = k;
        if (!r->special) return perr(p, line, "unknown name \"%.*s\" (@index, @first, @last exist)", (int)(n > 40 ? 40 : n), s);
        if (!p->each_depth) return perr(p, line, "%.*s outside {{#each}}", (int)n, s);
        return DL_OK;
    }
    if (!valid_name(s, n, false))
        return perr(p, line, "bad name \"%.*s\": use letters, digits, _ . and -", (int)(n > 40 ? 40 : n), s);
    char *k = arena_strndup(p->set->a, s, n);
    if (!k) return poom(p);
    r->key = k;
    r->len = n;
    r->hash = hash_bytes(s, n);
    return DL_OK;
}

/* The escaping a value gets in the current HTML context, or a parse error. */
static dl_err value_esc(struct parser *p, int line, const char *what, uint8_t *esc)
{
    static const char *const where[] = {
        [S_LT] = "a tag name", [S_LT_SLASH] = "a tag name", [S_TAG_NAME] = "a tag name",
        [S_TAG] = "a tag, in place of an attribute name", [S_ATTR_NAME] = "an attribute name",
        [S_AFTER_NAME] = "a tag, in place of an attribute name",
        [S_BEFORE_VALUE] = "an unquoted attribute value (quote it)",
        [S_VALUE_UNQ] = "an unquoted attribute value (quote it)",
        [S_VALUE_DQ] = "an event-handler, style or srcdoc attribute",
        [S_VALUE_SQ] = "an event-handler, style or srcdoc attribute",
        [S_SCRIPT] = "<script>", [S_STYLE] = "<style>", [S_COMMENT] = "an HTML comment",
        [S_DECL] = "a <!…> or <?…> declaration",
    };
    bool quoted = p->hc.state == S_VALUE_DQ || p->hc.state == S_VALUE_SQ;
    if (p->hc.state == S_TEXT || (quoted && p->hc.attr != A_FORBIDDEN)) {
        *esc = p->hc.state == S_TEXT ? ESC_TEXT : p->hc.attr == A_URL ? ESC_URL : ESC_ATTR;
        return DL_OK;
    }
    return perr(p, line, "%s inside %s is not allowed", what, where[p->hc.state]);
}

static dl_err tag_value(struct parser *p, const char *s, size_t n, int line)
{
    struct ref r;
    uint8_t esc = ESC_TEXT;
    dl_err err = parse_ref(p, s, n, line, &r);
    if (!err) err = value_esc(p, line, "a {{value}}", &esc);
    struct op *op = err ? NULL : op_add(p, OP_VALUE);
    if (!op) return err ? err : poom(p);
    op->ref = r;
    op->esc = esc;
    op->line = line;
    return DL_OK;
}

/* {{_ "text"}}: a string literal with \" and \\ escapes. */
static dl_err tag_translate(struct parser *p, const char *s, size_t n, int line)
{
    size_t i = 1;
    while (i < n && is_space(s[i])) i++;
    if (i >= n || s[i] != '"') return perr(p, line, "{{_ …}} needs a quoted string");
    char *msg = arena_alloc(p->set->a, n);
    if (!msg) return poom(p);
    size_t m = 0;
    for (i++; i < n && s[i] != '"'; i++) {
        if (s[i] == '\\') {
            if (i + 1 >= n || (s[i + 1] != '"' && s[i + 1] != '\\'))
                return perr(p, line, "bad escape in {{_ \"…\"}}: only \\\" and \\\\ exist");
            i++;
        }
        msg[m++] = s[i];
    }
    if (i >= n) return perr(p, line, "unterminated string in {{_ \"…\"}}");
    for (i++; i < n; i++)
        if (!is_space(s[i])) return perr(p, line, "unexpected text after the string in {{_ \"…\"}}");
    uint8_t esc = ESC_TEXT;
    dl_err err = value_esc(p, line, "a {{_ \"…\"}}", &esc);
    struct op *op = err ? NULL : op_add(p, OP_TRANS);
    if (!op) return err ? err : poom(p);
    op->text = msg;
    op->esc = esc;
    return DL_OK;
}

static dl_err tag_include(struct parser *p, const char *s, size_t n, int line)
{
    size_t i = 1;
    while (i < n && is_space(s[i])) i++;
    if (!valid_name(s + i, n - i, true))
        return perr(p, line, "bad template name in {{> …}}");
    if (p->hc.state != S_TEXT) return perr(p, line, "{{> …}} is only allowed in HTML text");
    for (size_t k = 0; k < p->set->n; k++) {
        const char *name = p->set->t[k].name;
        if (strlen(name) != n - i || memcmp(name, s + i, n - i) != 0) continue;
        struct op *op = op_add(p, OP_INCLUDE);
        if (!op) return poom(p);
        op->include = k;
        return DL_OK;
    }
    return perr(p, line, "{{> %.*s}}: no such template", (int)(n - i), s + i);
}

static const char *block_word(uint8_t kind)
{
    return kind == OP_IF ? "if" : kind == OP_UNLESS ? "unless" : "each";
}

/* Splits "#word rest" / "/word rest": returns the block kind or 0. */
static uint8_t block_kind(const char *s, size_t n, size_t *wlen)
{
    size_t w = 1;
    while (w < n && is_alpha(s[w])) w++;
    *wlen = w;
    if (w < n && !is_space(s[w])) return 0;
    for (uint8_t k = OP_IF; k <= OP_EACH; k++) {
        const char *word = block_word(k);
        if (strlen(word) == w - 1 && memcmp(s + 1, word, w - 1) == 0) return k;
    }
    return 0;
}

static dl_err tag_open(struct parser *p, const char *s, size_t n, int line)
{
    size_t w;
    uint8_t kind = block_kind(s, n, &w);
    if (!kind) return perr(p, line, "unknown directive {{%.*s}}", (int)(n > 40 ? 40 : n), s);
    while (w < n && is_space(s[w])) w++;
    struct ref r;
    dl_err err = parse_ref(p, s + w, n - w, line, &r);
    if (err) return err;
    if (kind == OP_EACH && r.special) return perr(p, line, "{{#each}} needs a list, not %.*s", (int)(n - w), s + w);
    if (p->depth == MAX_BLOCK_DEPTH) return perr(p, line, "blocks nested deeper than %d", MAX_BLOCK_DEPTH);
    struct op *op = op_add(p, kind);
    if (!op) return poom(p);
    op->ref = r;
    op->line = line;
    hc_settle(&p->hc);
    p->stack[p->depth++] = (struct block){.kind = kind, .line = line, .op = p->t->nops - 1, .start = p->hc};
    p->each_depth += kind == OP_EACH;
    return DL_OK;
}

static dl_err tag_else(struct parser *p, int line)
{
    if (!p->depth) return perr(p, line, "{{else}} outside {{#if}}, {{#unless}} or {{#each}}");
    struct block *b = &p->stack[p->depth - 1];
    if (b->has_else) return perr(p, line, "second {{else}} in the {{#%s}} of line %d", block_word(b->kind), b->line);
    hc_settle(&p->hc);
    if (b->kind == OP_EACH && !hc_eq(&p->hc, &b->start))
        return perr(p, line, "the body of {{#each}} (line %d) ends in another HTML context than it starts in", b->line);
    if (!op_add(p, OP_ELSE)) return poom(p);
    p->t->ops[b->op].mid = p->t->nops - 1;
    b->has_else = true;
    b->then_end = p->hc;
    p->hc = b->start;
    p->each_depth -= b->kind == OP_EACH; /* the else branch runs outside the loop */
    return DL_OK;
}

static dl_err tag_close_block(struct parser *p, const char *s, size_t n, int line)
{
    size_t w;
    uint8_t kind = block_kind(s, n, &w);
    if (!kind) return perr(p, line, "unknown directive {{%.*s}}", (int)(n > 40 ? 40 : n), s);
    if (w != n) return perr(p, line, "{{/%s}} takes nothing after it", block_word(kind));
    if (!p->depth) return perr(p, line, "{{/%s}} without an open {{#%s}}", block_word(kind), block_word(kind));
    struct block *b = &p->stack[p->depth - 1];
    if (b->kind != kind)
        return perr(p, line, "{{/%s}} closes the {{#%s}} of line %d", block_word(kind), block_word(b->kind), b->line);
    hc_settle(&p->hc);
    if (!hc_eq(&p->hc, b->has_else ? &b->then_end : &b->start))
        return perr(p, line, "the branches of the {{#%s}} of line %d end in different HTML contexts",
                    block_word(kind), b->line);
    if (!op_add(p, OP_END)) return poom(p);
    size_t i = p->t->nops - 1;
    struct op *op = &p->t->ops[b->op];
    op->end = i;
    if (b->has_else) p->t->ops[op->mid].end = i;
    else op->mid = i;
    p->each_depth -= kind == OP_EACH && !b->has_else;
    p->depth--;
    return DL_OK;
}

static dl_err parse_tag(struct parser *p, const char *s, size_t n, int line)
{
    while (n && is_space(*s)) { s++; n--; }
    while (n && is_space(s[n - 1])) n--;
    if (n && s[0] == '{') return perr(p, line, "{{{…}}} is not supported; pass vetted HTML with tmpl_set_raw()");
    if (!n) return perr(p, line, "empty name in {{}}");
    if (s[0] == '#') return tag_open(p, s, n, line);
    if (s[0] == '/') return tag_close_block(p, s, n, line);
    if (s[0] == '>') return tag_include(p, s, n, line);
    if (n == 4 && memcmp(s, "else", 4) == 0) return tag_else(p, line);
    if (s[0] == '_' && (n == 1 || is_space(s[1]) || s[1] == '"')) return tag_translate(p, s, n, line);
    return tag_value(p, s, n, line);
}

/* The offset of the "}}" closing the tag whose content starts at `from`. */
static bool find_close(const struct parser *p, size_t from, size_t *at)
{
    size_t i = from;
    while (i < p->n && is_space(p->src[i])) i++;
    bool strings = i < p->n && p->src[i] == '_', in_str = false;
    for (; i + 1 < p->n; i++) {
        char c = p->src[i];
        if (in_str) {
            if (c == '\\') i++;
            else if (c == '"') in_str = false;
        } else if (c == '"' && strings) {
            in_str = true;
        } else if (c == '}' && p->src[i + 1] == '}') {
            *at = i;
            return true;
        }
    }
    return false;
}

static dl_err parse_file(struct parser *p)
{
    size_t pos = 0;
    p->line = 1;
    while (pos < p->n) {
        const char *s = p->src + pos, *open = NULL;
        for (const char *q = s; (q = memchr(q, '{', (size_t)(p->src + p->n - q))) != NULL; q++)
            if (q + 1 < p->src + p->n && q[1] == '{') { open = q; break; }
        size_t lit = open ? (size_t)(open - s) : p->n - pos;
        dl_err err = literal(p, s, lit);
        if (err) return err;
        if (!open) break;
        size_t o = pos + lit + 2, close;
        int line = p->line;
        if (!find_close(p, o, &close)) return perr(p, line, "unterminated {{ (no closing }})");
        err = parse_tag(p, p->src + o, close - o, line);
        if (err) return err;
        for (size_t k = o; k < close; k++) p->line += p->src[k] == '\n';
        pos = close + 2;
    }
    if (p->depth) {
        const struct block *b = &p->stack[p->depth - 1];
        return perr(p, b->line, "{{#%s}} is never closed", block_word(b->kind));
    }
    if (p->hc.state != S_TEXT)
        return perr(p, p->line, "the file ends inside a tag, comment, <script> or <style>");
    return DL_OK;
}

/* ---- the set ------------------------------------------------------------ */

const struct tmpl *tmpl_find(const tmpl_set *set, const char *name)
{
    for (size_t i = 0; set && name && i < set->n; i++)
        if (strcmp(set->t[i].name, name) == 0) return &set->t[i];
    return NULL;
}

int tmpl_set_has(const tmpl_set *set, const char *name) { return tmpl_find(set, name) != NULL; }

void tmpl_set_strict(tmpl_set *set, int on)
{
    if (set) set->strict = on != 0;
}

void tmpl_set_free(tmpl_set *set)
{
    if (!set) return;
    for (size_t i = 0; set->t && i < set->n; i++) dl_free(set->t[i].ops);
    dl_free(set->t);
    arena_free(set->a);
    dl_free(set);
}

dl_err tmpl_set_load(const struct embedded_file *files, tmpl_set **out, dl_error *e)
{
    *out = NULL;
    size_t n = 0;
    while (files && files[n].name) n++;
    tmpl_set *set = dl_calloc(1, sizeof *set);
    if (set) set->a = arena_new(16384);
    if (set && set->a) set->t = dl_calloc(n ? n : 1, sizeof *set->t);
    bool ok = set && set->t;
    for (size_t i = 0; ok && i < n; i++) ok = (set->t[i].name = arena_strdup(set->a, files[i].name)) != NULL;
    if (!ok) { tmpl_set_free(set); return dl_fail(e, DL_ENOMEM, "out of memory loading templates"); }
    set->n = n;
    set->strict = TMPL_STRICT_DEFAULT;
    for (size_t i = 0; i < n; i++) {
        struct parser p = {.set = set, .t = &set->t[i], .src = (const char *)files[i].data,
                           .n = files[i].data ? files[i].len : 0, .e = e};
        dl_err err = parse_file(&p);
        if (err) { tmpl_set_free(set); return err; }
    }
    *out = set;
    return DL_OK;
}
