/* common.c — small pieces the handlers share: the audit actor of a request,
 * safe return paths, and loading the
 * organisation tree for pages that list units. */
#include "web/handlers/handlers.h"
#include "core/clock.h"
#include "store/org.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

audit_actor actor_of(const request *r)
{
    audit_actor a = {r->user_id, r->username ? r->username : "public"};
    return a;
}

/* A local path to return to: starts with one '/', no backslash, valid
 * UTF-8 without C0 or C1 control characters (U+0085 NEL among them), so
 * never an absolute or protocol-relative URL and nothing a header parser
 * could take for a line break. */
int safe_next(const char *next)
{
    return next && strlen(next) <= SAFE_NEXT_MAX && form_local_path_ok(next, strlen(next));
}

void redirect_local(request *r, const char *next)
{
    if (!safe_next(next)) { res_redirect(r, "/"); return; }
    /* The Location header carries ASCII only: every byte outside printable
     * ASCII, and the blank and quote, is %-encoded; the rest stays as sent. */
    static const char hex[] = "0123456789ABCDEF";
    strbuf loc;
    sb_init(&loc, strlen(next) + 16);
    for (const unsigned char *p = (const unsigned char *)next; *p; p++) {
        if (*p > 0x20 && *p < 0x7f && *p != '"') sb_append(&loc, (const char *)p, 1);
        else {
            char pct[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            sb_append(&loc, pct, sizeof pct);
        }
    }
    res_redirect(r, loc.oom ? "/" : sb_cstr(&loc));
    sb_free(&loc);
}

void add_change(request *r, tmpl_ctx *c, const char *label_sv, const char *now, const char *yours)
{
    if (!now) now = "";
    if (!yours) yours = "";
    if (strcmp(now, yours) == 0) return;
    tmpl_ctx *row = tmpl_list_append(c, "changes");
    if (!row) return;
    tmpl_set_str(row, "label", tr(r, label_sv));
    tmpl_set_str(row, "now", now);
    tmpl_set_str(row, "yours", yours);
}

org_node_rec *load_org_tree(request *r, int *n)
{
    dl_error e = {0};
    *n = 0;
    org_node_rec *nodes = arena_alloc(r->a, sizeof *nodes * MAX_ORG_NODES);
    if (!nodes || org_list(r->db, r->a, nodes, MAX_ORG_NODES, n, &e) != DL_OK) {
        res_error(r, DL_EDB, "Databasen svarar inte just nu. Försök igen om en stund.");
        return NULL;
    }
    return nodes;
}

void facet_option(tmpl_ctx *select, const char *value, const char *name, int64_t count, const char *chosen)
{
    tmpl_ctx *o = tmpl_list_append(select, "options");
    if (!o) return;
    tmpl_set_str(o, "value", value);
    tmpl_set_str(o, "name", name);
    tmpl_set_bool(o, "counted", count >= 0);
    tmpl_set_int(o, "count", count < 0 ? 0 : count);
    tmpl_set_bool(o, "selected", chosen && strcmp(chosen, value) == 0);
}

void pager_to_ctx(tmpl_ctx *c, const char *prefix, int64_t page, int64_t total, int64_t per_page)
{
    int64_t pages = total > 0 && per_page > 0 ? (total + per_page - 1) / per_page : 1;
    static const char *const keys[] = {"page", "pages", "total", "paged", "has_prev", "has_next", "prev_page", "next_page"};
    const int64_t values[] = {page, pages, total, pages > 1, page > 1, page < pages, page - 1, page + 1};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        char key[48];
        snprintf(key, sizeof key, "%s%s", prefix, keys[i]);
        if (i >= 3 && i <= 5) tmpl_set_bool(c, key, (int)values[i]);
        else tmpl_set_int(c, key, values[i]);
    }
}

/* A stored UTC time as people read it: "2026-12-06 10:35", Stockholm time. */
const char *local_time(request *r, const char *iso_utc)
{
    int64_t t = iso_utc && *iso_utc ? clock_parse_iso_utc(iso_utc) : -1;
    if (t < 0) return "";
    char *out = arena_alloc(r->a, 32);
    if (out) clock_local_minute(t, out);
    return out ? out : "";
}

/* A count with its thousands grouped as the page's language writes them:
 * "12 345" (a no-break space) in Swedish, "12,345" in English. */
const char *count_text(request *r, int64_t n)
{
    char digits[32], out[64];
    int len = snprintf(digits, sizeof digits, "%" PRId64, n < 0 ? -n : n);
    const char *sep = r->lang == LANG_EN ? "," : "\u00a0";
    size_t k = 0, sl = strlen(sep);
    if (n < 0) out[k++] = '-';
    for (int i = 0; i < len && k + sl + 2 < sizeof out; i++) {
        if (i && (len - i) % 3 == 0) { memcpy(out + k, sep, sl); k += sl; }
        out[k++] = digits[i];
    }
    out[k] = 0;
    const char *copy = arena_strdup(r->a, out);
    return copy ? copy : "";
}

/* The host a tag: URI names: the public address's, else this request's
 * Host (letters, digits, '.', '-' only; the port left out). */
const char *feed_tag_host(request *r, const char *base)
{
    const char *h = base && *base ? strstr(base, "://") : NULL;
    h = h ? h + 3 : req_header(r, "Host");
    if (!h) return "localhost";
    size_t k = 0;
    while (h[k] && ((h[k] >= 'a' && h[k] <= 'z') || (h[k] >= 'A' && h[k] <= 'Z') || (h[k] >= '0' && h[k] <= '9') ||
                    h[k] == '.' || h[k] == '-'))
        k++;
    return k ? arena_printf(r->a, "%.*s", (int)k, h) : "localhost";
}
