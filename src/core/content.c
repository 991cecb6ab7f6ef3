/* content.c — parsing and checking one knowledge-guide item (see
 * content.h and docs/content.md): the front matter between two "---" lines,
 * the per-type required and allowed keys, the value formats (slugs, ISO
 * dates, URLs, SFS and CELEX numbers, region codes, tiles) and the body's
 * closing "## Så går du vidare" section. Every problem is reported with its
 * line and a sentence that says what to change; checking goes on after a
 * problem so that one run lists them all. */
#include "core/content.h"
#include "core/mail_address.h"
#include "core/content_case.h"
#include "core/calendar.h"
#include "core/alloc.h"
#include "core/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define NEXT_STEPS "## Så går du vidare"

/* content_types: src/core/content_types.c */

/* Keys every item has; then the keys a type adds (required, then optional). */
static const char *const common_required[] = {
    "id", "type", "title", "title_en", "summary", "summary_en", "categories", "sources", "reviewed", "responsible", NULL,
};
static const char *const common_optional[] = {"related", "unconfirmed", "unconfirmed_checked", NULL};

static const char *const register_keys[] = {"holder", "coverage_from", "population", "how_to_apply", "lead_time",
                                            "fee", NULL};
static const char *const register_optional[] = {"contact_email", NULL};
static const char *const law_required[] = {"in_force", NULL};
static const char *const law_optional[] = {"sfs", "celex", "application_dates", NULL};
static const char *const region_keys[] = {"region_code", "tile", NULL};
static const char *const biobank_optional[] = {"holder", NULL};
static const char *const case_optional[] = {"rules", "video", "video_captions", "video_poster", NULL};
static const char *const none[] = {NULL};

struct type_keys {
    const char *type;
    const char *const *required;
    const char *const *optional;
};

static const struct type_keys type_table[] = {
    {"register", register_keys, register_optional},
    {"quality-register", register_keys, register_optional},
    {"dataset", register_keys, register_optional},
    {"law", law_required, law_optional},
    {"region", region_keys, none},
    {"biobank", none, biobank_optional},
    {"case-story", none, case_optional},
};

/* The official county codes (länskoder) of the 21 regions. */
static const char *const region_codes[] = {
    "01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13",
    "14", "17", "18", "19", "20", "21", "22", "23", "24", "25", NULL,
};

void content_problem(content_reporter *c, int line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    c->problems++;
    if (c->report) c->report(c->ctx, c->path, line, msg);
}

static int in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (strcmp(*list, s) == 0) return 1;
    return 0;
}

int content_type_known(const char *s) { return s && in_list(content_types, s); }

static const struct type_keys *keys_of(const char *type)
{
    for (size_t i = 0; type && i < sizeof type_table / sizeof type_table[0]; i++)
        if (strcmp(type_table[i].type, type) == 0) return &type_table[i];
    return NULL;
}

const char *content_get(const content_item *item, const char *key)
{
    for (int i = 0; i < item->n_fields; i++)
        if (strcmp(item->fields[i].key, key) == 0) return item->fields[i].value;
    return NULL;
}

int content_line_of(const content_item *item, const char *key)
{
    for (int i = 0; i < item->n_fields; i++)
        if (strcmp(item->fields[i].key, key) == 0) return item->fields[i].line;
    return 0;
}

static int next_entry(const char **p, const char **entry, size_t *len, char sep)
{
    if (!*p) return 0;
    const char *s = *p, *end = strchr(s, sep);
    size_t n = end ? (size_t)(end - s) : strlen(s);
    while (n && (*s == ' ' || *s == '\t')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    *entry = s;
    *len = n;
    *p = end ? end + 1 : NULL;
    return 1;
}

int content_list_next(const char **p, const char **entry, size_t *len) { return next_entry(p, entry, len, ','); }

int content_unconfirmed_next(const char **p, const char **entry, size_t *len) { return next_entry(p, entry, len, ';'); }

/* --- value formats ------------------------------------------------------------ */

static int is_slug(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 80 || s[0] == '-' || s[n - 1] == '-') return 0;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-')) return 0;
        if (ch == '-' && s[i + 1] == '-') return 0;
    }
    return 1;
}

static int digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

/* 1 for a real calendar date written YYYY-MM-DD (years 1000..2999). */
int content_is_iso_date(const char *s)
{
    cal_date d;
    return cal_parse_iso(s, strlen(s), 1000, 2999, &d);
}

/* s shortened to at most max bytes without cutting a UTF-8 sequence, and
 * with control characters shown as '?', for quoting in a message. */
static const char *quote(const char *s, size_t max, char *out, size_t outsz)
{
    size_t n = strlen(s);
    if (max >= outsz) max = outsz - 1;
    if (n > max) {
        n = max;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--; /* back to the start of a character */
    }
    for (size_t i = 0; i < n; i++) out[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
    out[n] = '\0';
    return out;
}

static int hexdigit(char ch) { return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F'); }

/* A well-formed absolute http(s) URL: scheme, a host name with a dot made of
 * letters, digits, '-' and '.', an optional port, then only characters URLs
 * allow (RFC 3986) with valid %XX escapes. Non-ASCII must be %-encoded. */
static int is_url(const char *s)
{
    const char *p;
    if (strncmp(s, "https://", 8) == 0)
        p = s + 8;
    else if (strncmp(s, "http://", 7) == 0)
        p = s + 7;
    else
        return 0;
    const char *host = p;
    int dots = 0;
    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '.') {
        if (*p == '.') {
            if (p == host || p[-1] == '.') return 0;
            dots++;
        }
        p++;
    }
    if (p == host || dots == 0 || p[-1] == '.' || p[-1] == '-' || host[0] == '-') return 0;
    if (*p == ':') {
        const char *port = ++p;
        while (*p >= '0' && *p <= '9') p++;
        if (p == port || p - port > 5) return 0;
    }
    if (*p && *p != '/' && *p != '?' && *p != '#') return 0;
    static const char allowed[] = "-._~:/?#[]@!$&'()*+;=";
    for (; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch == '%') {
            if (!hexdigit(p[1]) || !hexdigit(p[2])) return 0;
            p += 2;
        } else if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                     strchr(allowed, ch))) {
            return 0; /* spaces, quotes, '<', '>', ',', non-ASCII, control characters */
        }
    }
    return 1;
}

/* SFS number: year, colon, running number ("2008:355"). */
static int is_sfs(const char *s)
{
    size_t n = strlen(s);
    return n >= 6 && n <= 9 && s[4] == ':' && digits(s, 4) && digits(s + 5, n - 5) && s[5] != '0';
}

/* CELEX number: sector (digit, C or E), year, one or two capital letters
 * for the kind of act, and a number ("32016R0679", "32025R0327"). */
static int is_celex(const char *s)
{
    size_t n = strlen(s);
    if (n < 7 || n > 16 || !((s[0] >= '0' && s[0] <= '9') || s[0] == 'C' || s[0] == 'E') || !digits(s + 1, 4))
        return 0;
    size_t i = 5, letters = 0;
    while (i < n && s[i] >= 'A' && s[i] <= 'Z') i++, letters++;
    return letters >= 1 && letters <= 2 && i < n && digits(s + i, n - i);
}

/* "column,row", both 0..9. */
static int is_tile(const char *s)
{
    return strlen(s) == 3 && s[0] >= '0' && s[0] <= '9' && s[1] == ',' && s[2] >= '0' && s[2] <= '9';
}

/* --- lists ---------------------------------------------------------------------- */

/* Calls fn for each comma-separated entry of list (trimmed); returns the
 * number of entries and counts empty ones in *empty. */
typedef void (*entry_fn)(content_reporter *c, int line, const char *key, const char *entry, void *arg);

static int each_entry(content_reporter *c, int line, const char *key, const char *list, int *empty, entry_fn fn,
                      void *arg)
{
    int count = 0;
    *empty = 0;
    const char *p = list, *e;
    size_t len;
    while (content_list_next(&p, &e, &len)) {
        if (len == 0) {
            (*empty)++;
            continue;
        }
        char entry[1024];
        if (len >= sizeof entry) {
            content_problem(c, line, "%s: an entry is longer than %zu characters.", key, sizeof entry - 1);
        } else {
            memcpy(entry, e, len);
            entry[len] = '\0';
            if (fn) fn(c, line, key, entry, arg);
        }
        count++;
    }
    return count;
}

static void check_related_entry(content_reporter *c, int line, const char *key, const char *entry, void *self_id)
{
    if (!is_slug(entry))
        content_problem(c, line, "%s: \"%s\" is not an id (lower-case a-z, 0-9 and single '-', 2-80 characters).", key, entry);
    else if (self_id && strcmp(entry, (const char *)self_id) == 0)
        content_problem(c, line, "%s: the item lists itself; remove \"%s\".", key, entry);
}

static void check_source_entry(content_reporter *c, int line, const char *key, const char *entry, void *arg)
{
    (void)arg;
    char q[208];
    if (!is_url(entry))
        content_problem(c, line,
                "%s: \"%s\" is not a well-formed http(s) URL (a host with a dot; spaces, commas and non-ASCII "
                "characters must be %%-encoded).",
                key, quote(entry, 200, q, sizeof q));
}

/* --- front matter ------------------------------------------------------------------ */

/* 1 if the line at p (up to '\n' or the end) is "---", trailing blanks allowed. */
static int is_delimiter(const char *p)
{
    if (strncmp(p, "---", 3) != 0) return 0;
    p += 3;
    p += strspn(p, " \t");
    return *p == '\n' || *p == '\0';
}

/* Cuts item->text into lines; reads the front matter. 0 when it could not be
 * read at all (then the item is not parsed). */
static int parse_front_matter(content_reporter *c, content_item *item)
{
    char *p = item->text;
    if (*p == '\0') {
        content_problem(c, 0, "the file is empty: an item starts with a front matter between two \"---\" lines.");
        return 0;
    }
    if (strncmp(p, "\xEF\xBB\xBF", 3) == 0) {
        content_problem(c, 1, "the file starts with a byte-order mark; save it as UTF-8 without BOM.");
        return 0;
    }
    if (!is_delimiter(p) || !strchr(p, '\n')) {
        content_problem(c, 1, "the file must start with a line \"---\" that opens the front matter.");
        return 0;
    }
    p = strchr(p, '\n') + 1;
    int line = 2, closed = 0;
    for (const char *q = p; *q && !closed; q = strchr(q, '\n') ? strchr(q, '\n') + 1 : q + strlen(q))
        closed = is_delimiter(q);
    if (!closed) {
        content_problem(c, 1, "the front matter is not closed: add a line \"---\" after the last key.");
        return 0;
    }
    for (;;) {
        if (*p == '\0') {
            content_problem(c, line, "the front matter is not closed: add a line \"---\" after the last key.");
            return 0;
        }
        char *nl = strchr(p, '\n');
        if (nl) *nl = '\0';
        if (is_delimiter(p)) {
            item->body = nl ? nl + 1 : "";
            item->body_line = line + 1;
            return 1;
        }
        char *colon = strchr(p, ':');
        size_t klen = colon ? (size_t)(colon - p) : 0;
        int key_ok = klen > 0 && klen <= 32;
        for (size_t i = 0; key_ok && i < klen; i++)
            key_ok = (p[i] >= 'a' && p[i] <= 'z') || p[i] == '_' || (i > 0 && p[i] >= '0' && p[i] <= '9');
        if (!colon || !key_ok || (colon[1] != ' ' && colon[1] != '\0')) {
            char q[64];
            content_problem(c, line, "each front-matter line must be \"key: value\" with a lower-case key (at most 32 "
                             "characters); this one is \"%s\".", quote(p, 60, q, sizeof q));
        } else {
            *colon = '\0';
            char *v = colon + 1;
            while (*v == ' ' || *v == '\t') v++;
            char *e = v + strlen(v);
            while (e > v && (e[-1] == ' ' || e[-1] == '\t')) *--e = '\0';
            if (content_get(item, p)) {
                content_problem(c, line, "the key \"%s\" appears twice (first on line %d); keep one.", p, content_line_of(item, p));
            } else if (item->n_fields == CONTENT_MAX_KEYS) {
                content_problem(c, line, "too many front-matter keys (at most %d).", CONTENT_MAX_KEYS);
            } else {
                item->fields[item->n_fields++] = (content_field){p, v, line};
            }
        }
        if (!nl) {
            content_problem(c, line + 1, "the front matter is not closed: add a line \"---\" after the last key.");
            return 0;
        }
        p = nl + 1;
        line++;
    }
}

/* --- the rules of one item ------------------------------------------------------------ */

static void check_keys(content_reporter *c, const content_item *item, const char *type)
{
    const struct type_keys *tk = keys_of(type);
    for (int i = 0; i < item->n_fields; i++) {
        const content_field *f = &item->fields[i];
        int known = in_list(common_required, f->key) || in_list(common_optional, f->key) ||
                    (tk && (in_list(tk->required, f->key) || in_list(tk->optional, f->key)));
        if (!known)
            content_problem(c, f->line, "the key \"%s\" is not known for type %s (a misspelling? see docs/content.md).",
                    f->key, type ? type : "(missing)");
        else if (f->value[0] == '\0')
            content_problem(c, f->line, "the key \"%s\" has no value; write one or remove the line.", f->key);
    }
    for (const char *const *k = common_required; *k; k++)
        if (!content_get(item, *k)) content_problem(c, 0, "the required key \"%s\" is missing.", *k);
    if (tk)
        for (const char *const *k = tk->required; *k; k++)
            if (!content_get(item, *k)) content_problem(c, 0, "an item of type %s needs the key \"%s\".", type, *k);
}

static void check_summary(content_reporter *c, const content_item *item, const char *key)
{
    const char *s = content_get(item, key);
    if (!s || !*s) return;
    size_t n = strlen(s), chars = utf8_count(s, n);
    char last = s[n - 1];
    if (chars > 300)
        content_problem(c, content_line_of(item, key), "%s is %zu characters; keep it to one sentence of at most 300.", key, chars);
    if (last != '.' && last != '?' && last != '!')
        content_problem(c, content_line_of(item, key), "%s must be one full sentence ending with '.', '?' or '!'.", key);
}

/* unconfirmed: facts not yet confirmed, separated by ';', each non-empty
 * and at most 300 characters; unconfirmed_checked (when they were last
 * tried) is required with it, a date not after today. */
static void check_unconfirmed(content_reporter *c, const content_item *item, const char *today)
{
    const char *v = content_get(item, "unconfirmed"), *d = content_get(item, "unconfirmed_checked");
    int line = content_line_of(item, "unconfirmed");
    if (v && *v) {
        const char *p = v, *e;
        size_t len;
        int empty = 0;
        while (content_unconfirmed_next(&p, &e, &len)) {
            size_t chars = utf8_count(e, len);
            if (len == 0) empty++;
            else if (chars > 300)
                content_problem(c, line, "unconfirmed: an entry is %zu characters; keep each fact to at most 300.", chars);
        }
        if (empty) content_problem(c, line, "unconfirmed: an entry is empty (write \"fact ; fact\", none empty).");
        if (!d) content_problem(c, line, "unconfirmed needs \"unconfirmed_checked\": the date the facts were last tried.");
    }
    if (d && *d) {
        int dl = content_line_of(item, "unconfirmed_checked");
        if (!content_is_iso_date(d))
            content_problem(c, dl, "unconfirmed_checked \"%s\" is not a date written YYYY-MM-DD.", d);
        else if (today && strcmp(d, today) > 0)
            content_problem(c, dl, "unconfirmed_checked %s is later than today (%s).", d, today);
        if (!v) content_problem(c, dl, "unconfirmed_checked without \"unconfirmed\": list the facts or remove the date.");
    }
}

static void check_values(content_reporter *c, const content_item *item, const char *type, const char *stem,
                         const char *today)
{
    const char *v;
    int empty = 0;
    if ((v = content_get(item, "id")) && *v) {
        if (!is_slug(v))
            content_problem(c, content_line_of(item, "id"), "id \"%s\" must be lower-case a-z, 0-9 and single '-', 2-80 characters.", v);
        else if (stem && strcmp(v, stem) != 0)
            content_problem(c, content_line_of(item, "id"), "id \"%s\" must equal the file name (\"%s.md\"); rename one of them.", v, stem);
    }
    if (type && *type && !content_type_known(type))
        content_problem(c, content_line_of(item, "type"),
                "type \"%s\" is not known; use one of region, municipality-overview, agency, holder, register, "
                "quality-register, biobank, dataset, data-type, support-function, law, guide, case-story.", type);
    static const char *const titles[] = {"title", "title_en", "responsible", NULL};
    for (const char *const *k = titles; *k; k++)
        if ((v = content_get(item, *k)) && utf8_count(v, strlen(v)) > 200)
            content_problem(c, content_line_of(item, *k), "%s is longer than 200 characters.", *k);
    check_summary(c, item, "summary");
    check_summary(c, item, "summary_en");
    if ((v = content_get(item, "categories")) && *v) {
        int n = each_entry(c, content_line_of(item, "categories"), "categories", v, &empty, NULL, NULL);
        if (n == 0 || empty) content_problem(c, content_line_of(item, "categories"), "categories: write comma-separated words, none empty.");
    }
    if ((v = content_get(item, "related")) && *v) {
        each_entry(c, content_line_of(item, "related"), "related", v, &empty, check_related_entry,
                   (void *)content_get(item, "id"));
        if (empty) content_problem(c, content_line_of(item, "related"), "related: an entry is empty (two commas in a row?).");
    }
    if ((v = content_get(item, "sources")) && *v) {
        int n = each_entry(c, content_line_of(item, "sources"), "sources", v, &empty, check_source_entry, NULL);
        if (n == 0 || empty) content_problem(c, content_line_of(item, "sources"), "sources: an entry is empty (two commas in a row?).");
    }
    static const char *const dates[] = {"reviewed", "in_force", NULL};
    for (const char *const *k = dates; *k; k++)
        if ((v = content_get(item, *k)) && *v && !content_is_iso_date(v))
            content_problem(c, content_line_of(item, *k), "%s \"%s\" is not a date written YYYY-MM-DD.", *k, v);
    if ((v = content_get(item, "reviewed")) && content_is_iso_date(v) && today && strcmp(v, today) > 0)
        content_problem(c, content_line_of(item, "reviewed"), "reviewed %s is later than today (%s).", v, today);
    check_unconfirmed(c, item, today);
    if (!type) return;
    if (strcmp(type, "law") == 0) {
        const char *sfs = content_get(item, "sfs"), *celex = content_get(item, "celex");
        if (!sfs && !celex) content_problem(c, 0, "a law needs \"sfs\" (e.g. 2008:355) or \"celex\" (e.g. 32016R0679).");
        if (sfs && *sfs && !is_sfs(sfs))
            content_problem(c, content_line_of(item, "sfs"), "sfs \"%s\" must be written YEAR:NUMBER, e.g. 2008:355.", sfs);
        if (celex && *celex && !is_celex(celex))
            content_problem(c, content_line_of(item, "celex"), "celex \"%s\" is not a CELEX number such as 32016R0679.", celex);
    }
    if ((v = content_get(item, "coverage_from")) && *v &&
        !(content_is_iso_date(v) || (strlen(v) == 4 && digits(v, 4) && v[0] >= '1' && v[0] <= '2')))
        content_problem(c, content_line_of(item, "coverage_from"), "coverage_from \"%s\" must be a year (YYYY) or a date (YYYY-MM-DD).", v);
    dl_error mail_e;
    if ((v = content_get(item, "contact_email")) && *v && mail_address_check(v, &mail_e) != DL_OK)
        content_problem(c, content_line_of(item, "contact_email"),
                "contact_email \"%s\" is not an e-mail address such as registerservice@socialstyrelsen.se.", v);
    if ((v = content_get(item, "holder")) && *v && !is_slug(v))
        content_problem(c, content_line_of(item, "holder"), "holder \"%s\" must be the id of an item (e.g. socialstyrelsen).", v);
    if ((v = content_get(item, "region_code")) && *v && !in_list(region_codes, v))
        content_problem(c, content_line_of(item, "region_code"), "region_code \"%s\" is not one of the 21 official county codes (01, 03-10, 12-14, 17-25).", v);
    if ((v = content_get(item, "tile")) && *v && !is_tile(v))
        content_problem(c, content_line_of(item, "tile"), "tile \"%s\" must be \"column,row\" with digits 0-9, e.g. 3,7.", v);
}

static void check_body(content_reporter *c, const content_item *item)
{
    const char *b = item->body;
    if (strspn(b, " \t\n") == strlen(b)) {
        content_problem(c, item->body_line, "the body is empty: write the item's text after the front matter.");
        return;
    }
    /* the last "## " heading must be the next-steps section, with text under it */
    const char *last = NULL;
    for (const char *p = b; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
        if (strncmp(p, "## ", 3) == 0) last = p;
    size_t hl = strlen(NEXT_STEPS);
    if (!last || strncmp(last, NEXT_STEPS, hl) != 0 || (last[hl] != '\n' && last[hl] != '\0' && last[hl] != ' ')) {
        content_problem(c, 0, "the body must end with a section headed \"" NEXT_STEPS "\" (whom to contact, which form, "
                      "typical time).");
        return;
    }
    const char *after = strchr(last, '\n');
    if (!after || strspn(after, " \t\n") == strlen(after))
        content_problem(c, 0, "the section \"" NEXT_STEPS "\" is empty: say whom to contact, which form and the typical time.");
}

int content_check_item(const char *path, const char *file_stem, const char *text, size_t len, const char *today,
                       content_item *item, content_report_fn report, void *ctx)
{
    content_reporter c = {path, report, ctx, 0};
    memset(item, 0, sizeof *item);
    item->path = dl_strdup(path);
    item->stem = dl_strdup(file_stem ? file_stem : "");
    if (len > CONTENT_MAX_FILE) {
        content_problem(&c, 0, "the file is larger than %u KiB; split it into several items.", CONTENT_MAX_FILE / 1024);
        return c.problems;
    }
    if (!utf8_valid(text, len) || memchr(text, '\0', len)) {
        content_problem(&c, 0, "the file is not UTF-8 text (or holds a NUL byte); save it as UTF-8.");
        return c.problems;
    }
    if (memchr(text, '\r', len)) {
        content_problem(&c, 0, "the file has Windows line endings (CR LF); save it with LF line endings.");
        return c.problems;
    }
    for (size_t i = 0, line = 1; i < len; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (ch == '\n') line++;
        if ((ch < 0x20 && ch != '\n' && ch != '\t') || ch == 0x7f) {
            content_problem(&c, (int)line, "the line holds a control character (byte 0x%02X); remove it.", ch);
            return c.problems;
        }
    }
    item->text = dl_strndup(text, len);
    if (!item->path || !item->text || !item->stem) {
        content_problem(&c, 0, "out of memory");
        return c.problems;
    }
    if (!parse_front_matter(&c, item)) return c.problems;
    item->parsed = 1;
    const char *type = content_get(item, "type");
    check_keys(&c, item, type);
    check_values(&c, item, type, file_stem, today);
    check_body(&c, item);
    if (type && strcmp(type, "case-story") == 0) c.problems += content_check_case(item, path, report, ctx);
    return c.problems;
}

int content_parse(const char *text, size_t len, content_item *item)
{
    content_reporter c = {"", NULL, NULL, 0};
    memset(item, 0, sizeof *item);
    item->path = dl_strdup("");
    item->stem = dl_strdup("");
    item->text = dl_strndup(text, len);
    if (!item->path || !item->stem || !item->text) return 0;
    item->parsed = parse_front_matter(&c, item);
    return item->parsed;
}

void content_item_free(content_item *item)
{
    dl_free(item->path);
    dl_free(item->stem);
    dl_free(item->text);
    memset(item, 0, sizeof *item);
}
