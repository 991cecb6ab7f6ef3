/* template_render.c — contexts and rendering for the auto-escaping template
 * engine (see template.h): tmpl_ctx_new(), tmpl_set_*(), tmpl_list_append(),
 * tmpl_render(), and the escaping functions html_escape_append() and
 * url_component_escape_append(). Parsing is in template_parse.c.
 *
 * URL attributes are checked when rendering, against what this attribute has
 * output so far: a value that could still decide the scheme must leave it
 * http, https, mailto or relative (else "#" is written); once the URL holds
 * '?' or '=', values are percent-encoded.
 *
 * A loaded set is never written again and rendering keeps its state on the
 * stack, so any number of threads may render from one set at once. */
#include "web/template_internal.h"

#include <stdbool.h>
#include <string.h>

#define MAX_INCLUDE_DEPTH 16

/* ---- contexts ------------------------------------------------------------ */

/* Room for one more element in an arena array: the array, moved if it had to
 * grow, or NULL on out-of-memory. */
static void *arena_grow(arena *a, void *items, size_t n, size_t *cap, size_t size)
{
    if (n < *cap) return items;
    size_t bigger = *cap ? *cap * 2 : 8;
    void *p = arena_alloc(a, bigger * size);
    if (!p) return NULL;
    if (n) memcpy(p, items, n * size);
    *cap = bigger;
    return p;
}

tmpl_ctx *tmpl_ctx_new(arena *a)
{
    if (!a) return NULL;
    tmpl_ctx *c = arena_alloc(a, sizeof *c);
    if (c) c->a = a;
    return c;
}

/* The value slot for key in c (found or added); NULL and c->oom on failure. */
static struct val *ctx_slot(tmpl_ctx *c, const char *key)
{
    if (!c || !key) return NULL;
    size_t klen = strlen(key);
    uint32_t h = hash_bytes(key, klen);
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].hash == h && c->v[i].klen == klen && memcmp(c->v[i].key, key, klen) == 0)
            return &c->v[i];
    struct val *vals = arena_grow(c->a, c->v, c->n, &c->cap, sizeof *vals);
    char *k = vals ? arena_strndup(c->a, key, klen) : NULL;
    if (!k) { c->oom = 1; return NULL; }
    c->v = vals;
    struct val *v = &c->v[c->n++];
    memset(v, 0, sizeof *v);
    v->key = k;
    v->klen = klen;
    v->hash = h;
    return v;
}

static void set_text(tmpl_ctx *c, const char *key, const char *value, uint8_t type)
{
    struct val *v = ctx_slot(c, key);
    if (!v) return;
    v->type = V_NONE;
    size_t len = value ? strlen(value) : 0;
    char *s = arena_strndup(c->a, value ? value : "", len);
    if (!s) { c->oom = 1; return; }
    v->s = s;
    v->len = len;
    v->type = type;
}

void tmpl_set_str(tmpl_ctx *c, const char *key, const char *value) { set_text(c, key, value, V_STR); }
void tmpl_set_raw(tmpl_ctx *c, const char *key, const char *vetted_html) { set_text(c, key, vetted_html, V_RAW); }

static void set_num(tmpl_ctx *c, const char *key, int64_t value, uint8_t type)
{
    struct val *v = ctx_slot(c, key);
    if (!v) return;
    v->type = type;
    v->i = value;
}

void tmpl_set_int(tmpl_ctx *c, const char *key, int64_t value) { set_num(c, key, value, V_INT); }
void tmpl_set_bool(tmpl_ctx *c, const char *key, int value) { set_num(c, key, value != 0, V_BOOL); }

/* The list in key of c, made (empty) if key holds no list; NULL on out-of-memory. */
static struct list *list_slot(tmpl_ctx *c, const char *key)
{
    struct val *v = ctx_slot(c, key);
    if (!v) return NULL;
    if (v->type != V_LIST || !v->list) {
        struct list *l = arena_alloc(c->a, sizeof *l);
        if (!l) { c->oom = 1; return NULL; }
        v->list = l;
        v->type = V_LIST;
    }
    return v->list;
}

void tmpl_set_list(tmpl_ctx *c, const char *key) { (void)list_slot(c, key); }

tmpl_ctx *tmpl_list_append(tmpl_ctx *c, const char *key)
{
    struct list *l = list_slot(c, key);
    if (!l) return NULL;
    tmpl_ctx **items = arena_grow(c->a, l->items, l->n, &l->cap, sizeof *items);
    tmpl_ctx *child = items ? tmpl_ctx_new(c->a) : NULL;
    if (!child) { c->oom = 1; return NULL; }
    l->items = items;
    child->parent = c;
    l->items[l->n++] = child;
    return child;
}

/* ---- escaping ------------------------------------------------------------ */

void html_escape_append(strbuf *out, const char *s, size_t n)
{
    if (!s || !n) return;
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        case '\0': rep = ""; break;
        default: continue;
        }
        sb_append(out, s + run, i - run);
        sb_puts(out, rep);
        run = i + 1;
    }
    sb_append(out, s + run, n - run);
}

static bool is_unreserved(char c)
{
    return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

void url_component_escape_append(strbuf *out, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    if (!s || !n) return;
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if (is_unreserved(s[i])) continue;
        sb_append(out, s + run, i - run);
        run = i + 1;
        unsigned char b = (unsigned char)s[i];
        if (!b) continue; /* NUL is dropped */
        char pct[3] = {'%', hex[b >> 4], hex[b & 15]};
        sb_append(out, pct, sizeof pct);
    }
    sb_append(out, s + run, n - run);
}

/* ---- rendering ----------------------------------------------------------- */

struct loop { size_t index, count; };
struct view { uint8_t type; const char *s; size_t len; int64_t i; const struct list *list; };

struct rstate {
    const tmpl_set *set;
    strbuf *out;
    tmpl_translate_fn tr;
    void *td;
    size_t url_start; /* where the value of the current URL attribute began */
    int depth;        /* of includes */
    dl_error *e;
};

static struct view eval(const struct ref *r, const tmpl_ctx *c, const struct loop *lp)
{
    struct view v = {0};
    if (r->special) {
        if (!lp) return v;
        v.type = r->special == SP_INDEX ? V_INT : V_BOOL;
        v.i = r->special == SP_INDEX ? (int64_t)lp->index
            : r->special == SP_FIRST ? lp->index == 0 : lp->index + 1 == lp->count;
        return v;
    }
    for (; c; c = c->parent)
        for (size_t k = 0; k < c->n; k++) {
            const struct val *x = &c->v[k];
            if (x->hash == r->hash && x->klen == r->len && memcmp(x->key, r->key, r->len) == 0)
                return (struct view){x->type, x->s, x->len, x->i, x->list};
        }
    return v;
}

static bool truthy(struct view v)
{
    switch (v.type) {
    case V_STR: case V_RAW: return v.len > 0;
    case V_INT: case V_BOOL: return v.i != 0;
    case V_LIST: return v.list && v.list->n > 0;
    default: return false;
    }
}

static size_t fmt_int(int64_t v, char buf[24])
{
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    char tmp[24];
    size_t n = 0, k = 0;
    do { tmp[n++] = (char)('0' + u % 10); u /= 10; } while (u);
    if (v < 0) buf[k++] = '-';
    while (n) buf[k++] = tmp[--n];
    return k;
}

static bool is_url_ignored(char c) { return c == '\t' || c == '\n' || c == '\r'; }
static bool is_scheme_char(char c) { return is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.'; }

/* Is the URL a followed by b http(s), mailto or relative? */
static bool url_allowed(const char *a, size_t an, const char *b, size_t bn)
{
    static const char *const ok[] = {"http:", "https:", "mailto:"};
    char head[8];
    size_t h = 0;
    for (size_t k = 0; k < an + bn; k++) {
        char c = k < an ? a[k] : b[k - an];
        if (is_url_ignored(c)) continue;
        if (c == '/' || c == '?' || c == '#') return true;
        if (h < sizeof head) head[h++] = lower(c);
        if (c != ':') continue;
        for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
            if (strlen(ok[i]) == h && memcmp(head, ok[i], h) == 0) return true;
        return false;
    }
    return true;
}

static void emit_url(struct rstate *r, const char *s, size_t n)
{
    strbuf *out = r->out;
    size_t plen = out->data && out->len > r->url_start ? out->len - r->url_start : 0;
    const char *pre = plen ? out->data + r->url_start : "";
    while (plen && (unsigned char)*pre <= ' ') { pre++; plen--; }
    if (memchr(pre, '?', plen) || memchr(pre, '=', plen)) {
        url_component_escape_append(out, s, n);
        return;
    }
    bool scheme_open = true; /* could more text still change the scheme? */
    for (size_t k = 0; k < plen && scheme_open; k++)
        scheme_open = is_scheme_char(pre[k]) || is_url_ignored(pre[k]);
    if (!scheme_open || url_allowed(pre, plen, s, n)) html_escape_append(out, s, n);
    else sb_putc(out, '#');
}

static void emit(struct rstate *r, uint8_t esc, const char *s, size_t n, bool raw)
{
    if (esc == ESC_URL) emit_url(r, s, n);
    else if (raw && esc == ESC_TEXT) sb_append(r->out, s, n);
    else html_escape_append(r->out, s, n);
}

static void emit_view(struct rstate *r, uint8_t esc, struct view v)
{
    char buf[24];
    switch (v.type) {
    case V_STR: case V_RAW: emit(r, esc, v.s, v.len, v.type == V_RAW); break;
    case V_INT: emit(r, esc, buf, fmt_int(v.i, buf), false); break;
    case V_BOOL: if (v.i) emit(r, esc, "true", 4, false); break;
    default: break;
    }
}

static dl_err render_range(struct rstate *r, const struct tmpl *t, size_t from, size_t to,
                           const tmpl_ctx *c, const struct loop *lp);

static dl_err render_include(struct rstate *r, const struct tmpl *from, const struct tmpl *t,
                             const tmpl_ctx *c)
{
    if (r->depth >= MAX_INCLUDE_DEPTH)
        return dl_fail(r->e, DL_ELIMIT, "%s: includes nested deeper than %d (a template includes itself?)",
                       from->name, MAX_INCLUDE_DEPTH);
    r->depth++;
    dl_err err = render_range(r, t, 0, t->nops, c, NULL);
    r->depth--;
    return err;
}

/* In a strict set, the error for a key op uses that no context set. */
static dl_err check_set(struct rstate *r, const struct tmpl *t, const struct op *op, struct view v)
{
    if (!r->set->strict || op->ref.special || v.type != V_NONE) return DL_OK;
    return dl_fail(r->e, DL_EINVAL, "template %s:%d uses {{%s%.*s}}, which the handler never set",
                   t->name, op->line, op->kind == OP_EACH ? "#each " : "", (int)op->ref.len, op->ref.key);
}

static dl_err render_each(struct rstate *r, const struct tmpl *t, const struct op *op,
                          const tmpl_ctx *c, const struct loop *lp)
{
    struct view v = eval(&op->ref, c, lp);
    dl_err err = check_set(r, t, op, v);
    if (err) return err;
    size_t body = (size_t)(op - t->ops) + 1;
    if (!truthy(v) || v.type != V_LIST)
        return op->mid < op->end ? render_range(r, t, op->mid + 1, op->end, c, lp) : DL_OK;
    for (size_t k = 0; k < v.list->n; k++) {
        const tmpl_ctx *child = v.list->items[k];
        if (child->oom) return dl_fail(r->e, DL_ENOMEM, "out of memory building a list for %s", t->name);
        struct loop inner = {k, v.list->n};
        err = render_range(r, t, body, op->mid, child, &inner);
        if (err) return err;
    }
    return DL_OK;
}

static dl_err render_op(struct rstate *r, const struct tmpl *t, const struct op *op,
                        const tmpl_ctx *c, const struct loop *lp)
{
    size_t i = (size_t)(op - t->ops);
    switch (op->kind) {
    case OP_TEXT: sb_append(r->out, op->text, op->len); break;
    case OP_URL_MARK: r->url_start = r->out->len; break;
    case OP_VALUE: {
        struct view v = eval(&op->ref, c, lp);
        dl_err err = check_set(r, t, op, v);
        if (err) return err;
        emit_view(r, op->esc, v);
        break;
    }
    case OP_TRANS: {
        const char *s = r->tr ? r->tr(r->td, op->text) : NULL;
        if (!s) s = op->text;
        emit(r, op->esc, s, strlen(s), false);
        break;
    }
    case OP_IF: case OP_UNLESS:
        if (truthy(eval(&op->ref, c, lp)) != (op->kind == OP_UNLESS))
            return render_range(r, t, i + 1, op->mid, c, lp);
        return op->mid < op->end ? render_range(r, t, op->mid + 1, op->end, c, lp) : DL_OK;
    case OP_EACH: return render_each(r, t, op, c, lp);
    case OP_INCLUDE: return render_include(r, t, &r->set->t[op->include], c);
    default: break;
    }
    return DL_OK;
}

static dl_err render_range(struct rstate *r, const struct tmpl *t, size_t from, size_t to,
                           const tmpl_ctx *c, const struct loop *lp)
{
    for (size_t i = from; i < to; i++) {
        const struct op *op = &t->ops[i];
        dl_err err = render_op(r, t, op, c, lp);
        if (err) return err;
        if (r->out->oom) return dl_fail(r->e, DL_ENOMEM, "out of memory rendering %s", t->name);
        if (op->kind >= OP_IF && op->kind <= OP_EACH) i = op->end;
    }
    return DL_OK;
}

dl_err tmpl_render(const tmpl_set *set, const char *name, const tmpl_ctx *ctx,
                   tmpl_translate_fn translate, void *translate_data,
                   strbuf *out, dl_error *e)
{
    const struct tmpl *t = tmpl_find(set, name);
    if (!t) return dl_fail(e, DL_ENOTFOUND, "no template named \"%s\"", name ? name : "(null)");
    for (const tmpl_ctx *c = ctx; c; c = c->parent)
        if (c->oom) return dl_fail(e, DL_ENOMEM, "out of memory building the context for %s", name);
    if (out->oom) return dl_fail(e, DL_ENOMEM, "out of memory rendering %s", name);
    struct rstate r = {.set = set, .out = out, .tr = translate, .td = translate_data,
                       .url_start = out->len, .e = e};
    return render_range(&r, t, 0, t->nops, ctx, NULL);
}
