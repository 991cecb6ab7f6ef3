/* fuzz_content.c — feeds a knowledge-guide item file (content/<area>/<id>.md,
 * docs/content.md) to content_check_item (every rule of one item, with the
 * case-story rules) and content_parse, then the item and a copy of it under
 * another file name to content_check_set, and every value to
 * content_list_next and content_unconfirmed_next.
 * Invariants checked: what content_check_item reads content_parse reads;
 * every field has a key, a value without leading or trailing blanks and a
 * line number from 1 to the file's line count, and content_get finds it;
 * the body lies inside the item's copy of the text (or is ""); each problem
 * reported names one of the two files and a line within it; the list
 * walkers end and hand out entries inside the value. */
#include "fuzz/fuzz.h"

#include <string.h>

#include "core/content.h"

struct count { int lines, reports; };

static void report(void *ctx, const char *path, int line, const char *msg)
{
    struct count *c = ctx;
    FUZZ_CHECK(strcmp(path, "content/laws/x.md") == 0 || strcmp(path, "content/laws/y.md") == 0);
    FUZZ_CHECK(line >= 0 && line <= c->lines + 1);
    FUZZ_CHECK(msg && msg[0]);
    c->reports++;
}

static void check_item(const content_item *it, int lines, size_t size)
{
    if (!it->parsed) return;
    FUZZ_CHECK(it->n_fields >= 0 && it->n_fields <= CONTENT_MAX_KEYS);
    for (int i = 0; i < it->n_fields; i++) {
        const content_field *f = &it->fields[i];
        FUZZ_CHECK(f->key && f->key[0] && f->value);
        size_t n = strlen(f->value);
        if (n) FUZZ_CHECK(f->value[0] != ' ' && f->value[n - 1] != ' ' && f->value[n - 1] != '\t');
        FUZZ_CHECK(f->line >= 1 && f->line <= lines);
        const char *got = content_get(it, f->key);
        FUZZ_CHECK(got != NULL);
        const char *p = f->value, *entry;
        size_t len;
        int guard = 0;
        while (content_list_next(&p, &entry, &len)) {
            FUZZ_CHECK(entry >= f->value && entry + len <= f->value + n);
            FUZZ_CHECK(++guard <= (int)n + 1);
        }
        p = f->value;
        guard = 0;
        while (content_unconfirmed_next(&p, &entry, &len)) {
            FUZZ_CHECK(entry >= f->value && entry + len <= f->value + n);
            FUZZ_CHECK(++guard <= (int)n + 1);
        }
    }
    if (it->body) {
        /* inside the copy (cut into keys and values with NULs: measured by
         * size), or "" when the closing --- ends the file */
        FUZZ_CHECK(it->body[0] == '\0' || (it->body >= it->text && it->body < it->text + size));
        FUZZ_CHECK(it->body_line >= 1);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > CONTENT_MAX_FILE) return 0;
    const char *text = (const char *)data;
    struct count c = {.lines = 1};
    for (size_t i = 0; i < size; i++) c.lines += text[i] == '\n';
    content_item items[3];
    memset(items, 0, sizeof items);
    content_check_item("content/laws/x.md", "x", text, size, "2024-05-01", &items[0], report, &c);
    int parsed = content_parse(text, size, &items[1]);
    /* content_parse trusts text that passed the checks (no UTF-8 or CR check) */
    FUZZ_CHECK(!items[0].parsed || parsed);
    check_item(&items[0], c.lines, size);
    check_item(&items[1], c.lines, size);
    /* the same text again as another file: the cross checks see two items */
    content_check_item("content/laws/y.md", "y", text, size, "2024-05-01", &items[2], report, &c);
    if (items[0].parsed) {
        content_item set[2] = {items[0], items[2]};
        content_check_set(set, 2, report, &c);
    }
    for (int i = 0; i < 3; i++) content_item_free(&items[i]);
    return 0;
}
