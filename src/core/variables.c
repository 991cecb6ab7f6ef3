/* variables.c — reading and writing the request's variables field; see
 * variables.h. */
#include "core/variables.h"
#include "core/strbuf.h"
#include "extract/source_schema.h"

#include <string.h>

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* The piece s[0..n) without leading and trailing blanks. */
static void trim(const char **s, size_t *n)
{
    while (*n > 0 && is_blank(**s)) { (*s)++; (*n)--; }
    while (*n > 0 && is_blank((*s)[*n - 1])) (*n)--;
}

static int is_key(const char *s, size_t n)
{
    source_table_id t;
    int c;
    return n > 0 && n < VARIABLE_KEY_SIZE && memchr(s, '\n', n) == NULL && source_variable_find(s, n, &t, &c) == 0;
}

/* Adds s[0..n) to keys unless it is there already; 0 when there is no room. */
static int add_key(char keys[][VARIABLE_KEY_SIZE], int *n_keys, int max, const char *s, size_t n)
{
    for (int i = 0; i < *n_keys; i++)
        if (strlen(keys[i]) == n && memcmp(keys[i], s, n) == 0) return 1;
    if (*n_keys >= max) return 0;
    memcpy(keys[*n_keys], s, n);
    keys[*n_keys][n] = '\0';
    (*n_keys)++;
    return 1;
}

int variables_parse(arena *a, const char *text, char keys[][VARIABLE_KEY_SIZE], int max, const char **other_text)
{
    if (!text) text = "";
    if (max < 0) max = 0;
    int n_keys = 0;
    strbuf out;
    sb_init(&out, strlen(text) + 1);
    const char *line = text;
    while (*line) {
        size_t len = strcspn(line, "\n");
        const char *next = line[len] ? line + len + 1 : line + len;
        /* Does the line hold a key at all? If not, it stays as it was. */
        int has_key = 0;
        for (size_t at = 0; at <= len && !has_key;) {
            size_t plen = 0;
            while (at + plen < len && line[at + plen] != ',') plen++;
            const char *p = line + at;
            size_t pn = plen;
            trim(&p, &pn);
            has_key = is_key(p, pn);
            at += plen + 1;
        }
        if (!has_key) {
            sb_append(&out, line, len);
            sb_putc(&out, '\n');
        } else {
            int kept = 0;
            for (size_t at = 0; at <= len;) {
                size_t plen = 0;
                while (at + plen < len && line[at + plen] != ',') plen++;
                const char *p = line + at;
                size_t pn = plen;
                trim(&p, &pn);
                at += plen + 1;
                if (pn == 0) continue;
                if (is_key(p, pn) && add_key(keys, &n_keys, max, p, pn)) continue;
                if (kept++) sb_puts(&out, ", ");
                sb_append(&out, p, pn);
            }
            if (kept) sb_putc(&out, '\n');
        }
        line = next;
    }
    if (out.oom) { sb_free(&out); return -1; }
    /* Leading and trailing blank lines go. */
    const char *s = sb_cstr(&out);
    size_t n = strlen(s);
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n') start = i + 1;
        else if (!is_blank(s[i])) break;
    }
    while (n > start && (s[n - 1] == '\n' || is_blank(s[n - 1]))) n--;
    char *other = arena_strndup(a, s + start, n - start);
    sb_free(&out);
    if (!other) return -1;
    *other_text = other;
    return n_keys;
}

char *variables_join(arena *a, const char *const *keys, int n_keys, const char *other_text)
{
    strbuf sb;
    sb_init(&sb, 256);
    for (int i = 0; i < n_keys; i++) {
        sb_puts(&sb, keys[i]);
        sb_putc(&sb, '\n');
    }
    if (other_text && *other_text) {
        if (n_keys) sb_putc(&sb, '\n');
        sb_puts(&sb, other_text);
    }
    if (sb.oom) { sb_free(&sb); return NULL; }
    size_t n = strlen(sb_cstr(&sb));
    while (n > 0 && sb_cstr(&sb)[n - 1] == '\n') n--;
    char *r = arena_strndup(a, sb_cstr(&sb), n);
    sb_free(&sb);
    return r;
}
