/* guide_review.c — the editors' worklist of the knowledge guide,
 * /guide/review: the items whose review date is more than
 * GUIDE_REVIEW_DAYS old (oldest first), and every fact an item marks as not
 * yet confirmed (front-matter key "unconfirmed"), oldest check first. */
#include "web/handlers/handlers.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/content.h"
#include "store/guide.h"

#include <stdlib.h>
#include <string.h>

#define GUIDE_REVIEW_DAYS 365 /* an item's facts are checked again within a year */

static int64_t days_of(const char *iso)
{
    cal_date d;
    return iso && cal_parse_iso(iso, strlen(iso), 1900, 9999, &d) ? cal_to_days(d) : -1;
}

struct due { const guide_source *src; const char *title, *reviewed, *responsible; int64_t age; };

static int oldest_first(const void *a, const void *b)
{
    const struct due *x = a, *y = b;
    return (y->age > x->age) - (y->age < x->age);
}

void h_guide_review(request *r)
{
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    guide_source *src = NULL;
    size_t n = 0;
    dl_error e = {0};
    dl_err rc = guide_published_sources(r->db, r->a, &src, &n, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    char today[16];
    clock_local_date(clock_now(), today);
    int64_t now_days = days_of(today);
    struct due *due = arena_alloc(r->a, sizeof *due * (n ? n : 1));
    if (!due) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    size_t n_due = 0, n_facts = 0;
    for (size_t i = 0; i < n; i++) {
        content_item it;
        if (!content_parse(src[i].source, strlen(src[i].source), &it)) { content_item_free(&it); continue; }
        const char *title = arena_strdup(r->a, content_get(&it, "title") ? content_get(&it, "title") : src[i].id);
        const char *reviewed = arena_strdup(r->a, content_get(&it, "reviewed") ? content_get(&it, "reviewed") : "");
        int64_t age = now_days - days_of(reviewed);
        if (days_of(reviewed) < 0 || age > GUIDE_REVIEW_DAYS)
            due[n_due++] = (struct due){&src[i], title, reviewed,
                                        arena_strdup(r->a, content_get(&it, "responsible") ? content_get(&it, "responsible") : ""), age};
        const char *checked = content_get(&it, "unconfirmed_checked");
        const char *p = content_get(&it, "unconfirmed"), *entry;
        size_t len;
        tmpl_set_list(c, "facts");
        while (p && content_unconfirmed_next(&p, &entry, &len)) {
            if (!len) continue;
            tmpl_ctx *row = tmpl_list_append(c, "facts");
            if (!row) break;
            tmpl_set_str(row, "id", src[i].id);
            tmpl_set_str(row, "title", title);
            tmpl_set_str(row, "fact", arena_strndup(r->a, entry, len));
            tmpl_set_str(row, "checked", checked ? checked : "");
            n_facts++;
        }
        content_item_free(&it);
    }
    if (n_due > 1) qsort(due, n_due, sizeof *due, oldest_first);
    tmpl_set_list(c, "due");
    for (size_t i = 0; i < n_due; i++) {
        tmpl_ctx *row = tmpl_list_append(c, "due");
        if (!row) break;
        tmpl_set_str(row, "id", due[i].src->id);
        tmpl_set_str(row, "title", due[i].title);
        tmpl_set_str(row, "reviewed", due[i].reviewed);
        tmpl_set_int(row, "age", due[i].age);
        tmpl_set_str(row, "responsible", due[i].responsible);
    }
    tmpl_set_int(c, "n_due", (int64_t)n_due);
    tmpl_set_int(c, "n_facts", (int64_t)n_facts);
    tmpl_set_int(c, "n_items", (int64_t)n);
    tmpl_set_int(c, "review_days", GUIDE_REVIEW_DAYS);
    res_page(r, 200, "guide_review.html", "Redaktionens arbetslista", c);
}
