/* pii_marks.c — see pii_marks.h. */
#include "web/handlers/pii_marks.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/strbuf.h"

int64_t pii_marks_today(void)
{
    char day[16];
    clock_local_date(clock_now(), day);
    int y = 0, m = 0, d = 0;
    return sscanf(day, "%d-%d-%d", &y, &m, &d) == 3 ? (int64_t)y * 10000 + m * 100 + d : 20000101;
}

void pii_marks_to_ctx(request *r, tmpl_ctx *c, const char *key, const char *text, int *found,
                      int counts[PII_TYPE__COUNT])
{
    pii_spans spans = {0};
    dl_error e = {0};
    size_t len = strlen(text ? text : "");
    if (found) *found = 0;
    tmpl_set_list(c, key); /* empty for an empty text */
    if (!len) return;
    if (pii_scan(text, len, pii_marks_today(), &spans, &e) != DL_OK) spans.n = 0;
    size_t at = 0;
    for (size_t i = 0; i <= spans.n; i++) {
        size_t end = i < spans.n ? spans.v[i].start : len;
        if (end > at) {
            tmpl_ctx *seg = tmpl_list_append(c, key);
            if (seg) tmpl_set_str(seg, "text", arena_strndup(r->a, text + at, end - at));
        }
        if (i == spans.n) break;
        tmpl_ctx *seg = tmpl_list_append(c, key);
        if (seg) {
            tmpl_set_str(seg, "text", arena_strndup(r->a, text + spans.v[i].start, spans.v[i].end - spans.v[i].start));
            tmpl_set_str(seg, "kind", tr(r, pii_type_label_sv(spans.v[i].type)));
        }
        if (counts && (unsigned)spans.v[i].type < PII_TYPE__COUNT) counts[spans.v[i].type]++;
        at = spans.v[i].end;
    }
    if (found) *found = (int)spans.n;
    pii_spans_free(&spans);
}

const char *pii_marks_redacted(request *r, const char *text)
{
    size_t len = strlen(text ? text : "");
    if (!len) return "";
    pii_spans spans = {0};
    strbuf out;
    sb_init(&out, len + 32);
    dl_error e = {0};
    const char *result = text;
    if (pii_scan(text, len, pii_marks_today(), &spans, &e) == DL_OK &&
        pii_redact(text, len, spans.v, spans.n, &out, &e) == DL_OK && !out.oom)
        result = arena_strdup(r->a, sb_cstr(&out));
    sb_free(&out);
    pii_spans_free(&spans);
    return result ? result : "";
}
