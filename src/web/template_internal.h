/* template_internal.h — private to the template engine (template_parse.c,
 * template_render.c): the compiled op list, the set and the context structs,
 * and the small helpers both halves share. Nothing else includes this; the
 * public interface is web/template.h. */
#ifndef DATALOTS_TEMPLATE_INTERNAL_H
#define DATALOTS_TEMPLATE_INTERNAL_H

#include "web/template.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- compiled templates ------------------------------------------------ */

enum op_kind { OP_TEXT, OP_URL_MARK, OP_VALUE, OP_TRANS, OP_IF, OP_UNLESS,
               OP_EACH, OP_ELSE, OP_END, OP_INCLUDE };
enum esc { ESC_TEXT, ESC_ATTR, ESC_URL };
enum special { SP_NONE, SP_INDEX, SP_FIRST, SP_LAST };

struct ref { const char *key; size_t len; uint32_t hash; uint8_t special; };

struct op {
    uint8_t kind, esc;
    size_t mid, end;   /* blocks: index of the {{else}} (or of the end), of {{/…}} */
    size_t len;        /* OP_TEXT */
    size_t include;    /* OP_INCLUDE: index into the set */
    int line;          /* OP_VALUE, OP_EACH: where it stands, for strict errors */
    const char *text;  /* OP_TEXT text, OP_TRANS msgid */
    struct ref ref;    /* OP_VALUE, OP_IF, OP_UNLESS, OP_EACH */
};

struct tmpl { const char *name; struct op *ops; size_t nops, cap; };
struct tmpl_set { arena *a; struct tmpl *t; size_t n; bool strict; };

/* ---- contexts ------------------------------------------------------------ */

enum vtype { V_NONE, V_STR, V_INT, V_BOOL, V_RAW, V_LIST };
struct list { tmpl_ctx **items; size_t n, cap; };
struct val {
    const char *key; size_t klen; uint32_t hash;
    uint8_t type;
    const char *s; size_t len; /* V_STR, V_RAW */
    int64_t i;                 /* V_INT, V_BOOL */
    struct list *list;         /* V_LIST */
};
struct tmpl_ctx { arena *a; const tmpl_ctx *parent; struct val *v; size_t n, cap; int oom; };

static inline uint32_t hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static inline char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }
static inline bool is_alpha(char c) { c = lower(c); return c >= 'a' && c <= 'z'; }
static inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
static inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/* The template called name in set, or NULL (template_parse.c). */
const struct tmpl *tmpl_find(const tmpl_set *set, const char *name);

#endif
