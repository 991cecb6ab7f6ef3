/* harvest_render.c — a harvested dataset written as a guide item's source
 * (front matter and Markdown, docs/content.md); see harvest_map.h. */
#include "rdf/harvest_map.h"
#include "core/strbuf.h"
#include "core/utf8.h"

#include <string.h>

/* The fields the source has no word for, with what the editors' worklist
 * calls them. */
static const struct { const char *key, *fact; } placeholders[] = {
    {"population", "populationen"},
    {"how_to_apply", "hur man ansöker"},
    {"lead_time", "handläggningstiden"},
    {"fee", "avgiften"},
};
#define MARK "(saknas i den skördade katalogen)"

/* The keys the harvest writes; the prior version's others are kept. */
static const char *const written[] = {
    "id", "type", "title", "title_en", "summary", "summary_en", "categories", "sources", "reviewed", "responsible",
    "holder", "coverage_from", "population", "how_to_apply", "lead_time", "fee", "unconfirmed", "unconfirmed_checked",
    NULL,
};

/* The first sentence of text, one line, at most 300 characters, ending
 * with '.', '?' or '!'; NULL when text has none. */
static const char *first_sentence(arena *a, const char *text)
{
    if (!text) return NULL;
    strbuf sb;
    sb_init(&sb, 256);
    for (const char *p = text; *p; p++) {
        char c = *p;
        if ((unsigned char)c < 0x20 || c == 0x7f) c = ' ';
        if (c == ' ' && (!sb.len || sb.data[sb.len - 1] == ' ')) continue;
        sb_putc(&sb, c);
        if ((c == '.' || c == '?' || c == '!') && (p[1] == '\0' || p[1] == ' ' || p[1] == '\n')) break;
    }
    while (sb.len && sb.data[sb.len - 1] == ' ') sb.data[--sb.len] = '\0';
    if (!sb.len) { sb_free(&sb); return NULL; }
    const char *s = sb_cstr(&sb);
    size_t len = sb.len;
    /* cut to 296 characters at a blank, then a full stop */
    if (utf8_count(s, len) > 300) {
        size_t bytes = 0, chars = 0, last_blank = 0;
        while (bytes < len && chars < 296) {
            if (s[bytes] == ' ') last_blank = bytes;
            bytes++;
            while (bytes < len && ((unsigned char)s[bytes] & 0xC0) == 0x80) bytes++;
            chars++;
        }
        len = last_blank ? last_blank : bytes;
    }
    char *out = arena_alloc(a, len + 2);
    if (out) {
        memcpy(out, s, len);
        char last = len ? out[len - 1] : '.';
        if (last != '.' && last != '?' && last != '!') {
            if (last == ',' || last == ':' || last == ';') len--;
            out[len++] = '.';
        }
        out[len] = '\0';
    }
    sb_free(&sb);
    return out;
}

/* Markdown paragraphs of plain text: controls other than line breaks
 * dropped, blank lines kept as paragraph breaks. */
static void body_text(strbuf *sb, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '\r') continue;
        if (*p == '\t' || *p == '\n' || (*p >= 0x20 && *p != 0x7f)) sb_putc(sb, (char)*p);
    }
    while (sb->len && (sb->data[sb->len - 1] == '\n' || sb->data[sb->len - 1] == ' ')) sb->data[--sb->len] = '\0';
    sb_puts(sb, "\n\n");
}

static const char *prior_value(const harvest_target *t, const char *key)
{
    const char *v = t->prior ? content_get(t->prior, key) : NULL;
    return v && *v && strcmp(v, harvest_placeholder) != 0 ? v : NULL;
}

static void unconfirmed_add(strbuf *u, const char *fact)
{
    if (u->len) sb_puts(u, " ; ");
    sb_puts(u, fact);
}

static void key(strbuf *sb, const char *k, const char *v) { sb_printf(sb, "%s: %s\n", k, v); }

const char *harvest_render(arena *a, const harvest_dataset *d, const harvest_target *t)
{
    strbuf sb, un;
    sb_init(&sb, 4096);
    sb_init(&un, 256);
    const char *type = prior_value(t, "type") ? prior_value(t, "type") : "dataset";
    const char *title = d->title ? d->title : d->identifier;
    const char *title_en = d->title_en ? d->title_en : prior_value(t, "title_en");
    if (!title_en) { title_en = title; unconfirmed_add(&un, "den engelska titeln " MARK); }
    const char *summary = first_sentence(a, d->desc);
    if (!summary) { summary = "Källkatalogen beskriver inte datamängden."; unconfirmed_add(&un, "beskrivningen " MARK); }
    const char *summary_en = first_sentence(a, d->desc_en);
    if (!summary_en) summary_en = prior_value(t, "summary_en");
    if (!summary_en) { summary_en = "The harvested catalogue gives no English description."; unconfirmed_add(&un, "den engelska sammanfattningen " MARK); }
    sb_puts(&sb, "---\n");
    key(&sb, "id", t->id);
    key(&sb, "type", type);
    key(&sb, "title", title);
    key(&sb, "title_en", title_en);
    key(&sb, "summary", summary);
    key(&sb, "summary_en", summary_en);
    key(&sb, "categories", *d->keywords ? d->keywords : "datamängd");
    key(&sb, "sources", d->pages);
    key(&sb, "reviewed", t->today);
    key(&sb, "responsible", prior_value(t, "responsible") ? prior_value(t, "responsible") : "redaktör");
    key(&sb, "holder", t->holder);
    key(&sb, "coverage_from", d->coverage_from ? d->coverage_from : "");
    if (d->coverage_from_issued)
        unconfirmed_add(&un, "startåret: källan anger ingen tidsperiod, så utgivningsåret står där");
    for (size_t i = 0; i < sizeof placeholders / sizeof placeholders[0]; i++) {
        const char *v = prior_value(t, placeholders[i].key);
        if (!v) { v = harvest_placeholder; unconfirmed_add(&un, arena_printf(a, "%s " MARK, placeholders[i].fact)); }
        key(&sb, placeholders[i].key, v);
    }
    for (int i = 0; t->prior && i < t->prior->n_fields; i++) {
        const content_field *f = &t->prior->fields[i];
        int ours = 0;
        for (const char *const *w = written; *w && !ours; w++) ours = strcmp(*w, f->key) == 0;
        if (!ours) key(&sb, f->key, f->value);
    }
    /* An editor's own unconfirmed facts stay; the harvest's are recomputed. */
    const char *pu = t->prior ? content_get(t->prior, "unconfirmed") : NULL, *entry;
    size_t len;
    strbuf keep;
    sb_init(&keep, 128);
    while (pu && content_unconfirmed_next(&pu, &entry, &len))
        if (len && !memmem(entry, len, MARK, strlen(MARK)) &&
            !memmem(entry, len, "utgivningsåret står där", strlen("utgivningsåret står där"))) {
            if (keep.len) sb_puts(&keep, " ; ");
            sb_append(&keep, entry, len);
        }
    if (keep.len) { if (un.len) sb_puts(&keep, " ; "); sb_puts(&keep, sb_cstr(&un)); }
    strbuf *all = keep.len ? &keep : &un;
    if (all->len) {
        key(&sb, "unconfirmed", sb_cstr(all));
        key(&sb, "unconfirmed_checked", t->today);
    }
    sb_puts(&sb, "---\n\n");
    if (d->desc && *d->desc) body_text(&sb, d->desc);
    else sb_puts(&sb, "Källkatalogen beskriver inte datamängden.\n\n");
    if (d->access_rights) sb_printf(&sb, "Åtkomst enligt källan: %s\n\n", d->access_rights);
    if (d->license) sb_printf(&sb, "Licens enligt källan: %s\n\n", d->license);
    sb_puts(&sb, "## Så går du vidare\n\n");
    char ident[300];
    size_t k = 0;
    for (const char *p = d->identifier ? d->identifier : ""; *p && k < sizeof ident - 1; p++)
        if (*p != '`') ident[k++] = *p;
    ident[k] = '\0';
    sb_printf(&sb, "Uppgifterna är hämtade ur en annan katalog (identifierare `%s`). ", ident);
    sb_puts(&sb, "Hur du ansöker, hur lång tid det tar och vad det kostar står i källan");
    const char *first = d->pages, *comma = strchr(first, ',');
    if (*first) sb_printf(&sb, ": <%.*s>", (int)(comma ? (size_t)(comma - first) : strlen(first)), first);
    sb_puts(&sb, ".\n");
    const char *out = sb.oom || un.oom || keep.oom ? NULL : arena_strdup(a, sb_cstr(&sb));
    sb_free(&sb);
    sb_free(&un);
    sb_free(&keep);
    return out;
}
