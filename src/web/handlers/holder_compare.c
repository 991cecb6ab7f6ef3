/* holder_compare.c — GET /jamfor (issue 15 item 4; docs/holder-feeds.md):
 * the national comparison of data holders from the feeds `datalots holders
 * refresh` fetched (store/holder_feeds.h): per organisation of each feed,
 * the lead time from a complete application to the decision (median and
 * 90th percentile, all and per process), the fee, the steps with their
 * target times and the days closed cases spent in each (all, process 1,
 * process 2: median / 90th percentile) and what a request needs, side by side, so a researcher
 * knows what to expect before applying. Each stored copy is read again with
 * core/holder_profile.h (it was valid when stored; it is checked anyway),
 * every text goes out through the escaping templates, and a feed whose
 * newest fetch failed shows its last good copy with its age and the reason. */
#include "web/handlers/handlers.h"
#include "core/clock.h"
#include "core/holder_profile.h"
#include "store/holder_feeds.h"

#include <stdio.h>
#include <string.h>

/* "https://host:port" of a valid feed URL, for its process page links. */
static const char *origin_of(request *r, const char *url)
{
    const char *host = strstr(url, "://");
    if (!host) return "";
    host += 3;
    size_t n = strcspn(host, "/?#");
    return arena_strndup(r->a, url, (size_t)(host - url) + n);
}

static const char *days_text(request *r, const hp_lead *l, int p90)
{
    if (!l->shown) return "–";
    return arena_printf(r->a, "%.0f", p90 ? l->p90_days : l->median_days);
}

/* "median / p90" in days, or "–" under five cases (or none in the feed). */
static const char *pair_text(request *r, const hp_lead *l)
{
    if (!l->shown) return "–";
    return arena_printf(r->a, "%.0f / %.0f", l->median_days, l->p90_days);
}

static const char *target_text(request *r, const hp_target *t)
{
    if (!t->days) return tr(r, "inget mål");
    return arena_printf(r->a, "%d %s", t->days, t->calendar ? tr(r, "kalenderdagar") : tr(r, "arbetsdagar"));
}

static void add_org(request *r, tmpl_ctx *c, const holder_feed_rec *f, const hp_org *o)
{
    tmpl_ctx *x = tmpl_list_append(c, "holders");
    if (!x) return;
    tmpl_set_str(x, "name", o->name);
    tmpl_set_str(x, "source", origin_of(r, f->url));
    if (*o->process_page) tmpl_set_str(x, "page", arena_printf(r->a, "%s%s", origin_of(r, f->url), o->process_page));
    static const char *const keys[3][2] = {{"all_med", "all_p90"}, {"p1_med", "p1_p90"}, {"p2_med", "p2_p90"}};
    for (int p = 0; p < 3; p++) {
        tmpl_set_str(x, keys[p][0], days_text(r, &o->lead[p], 0));
        tmpl_set_str(x, keys[p][1], days_text(r, &o->lead[p], 1));
    }
    tmpl_set_str(x, "dl_med", days_text(r, &o->delivery, 0));
    tmpl_set_str(x, "dl_p90", days_text(r, &o->delivery, 1));
    tmpl_set_str(x, "cases", o->lead[0].shown ? arena_printf(r->a, "%lld", (long long)o->lead[0].cases) : tr(r, "färre än 5"));
    tmpl_set_str(x, "fee", o->charges ? arena_printf(r->a, "%.0f kr + %.0f kr/%s, %s %d %%", o->base_kronor, o->hourly_kronor,
                                                     tr(r, "timme"), tr(r, "moms"), o->vat_percent)
                                      : tr(r, "Avgiftsfritt"));
    tmpl_set_str(x, "decision_target", target_text(r, &o->decision_target));
    tmpl_set_list(x, "steps");
    for (int i = 0; i < o->n_steps; i++) {
        if (o->steps[i].closed) continue;
        tmpl_ctx *s = tmpl_list_append(x, "steps");
        if (!s) break;
        tmpl_set_str(s, "label", o->steps[i].label);
        tmpl_set_str(s, "target", target_text(r, &o->steps[i].target));
        tmpl_set_str(s, "all", pair_text(r, &o->steps[i].lead));
        tmpl_set_str(s, "p1", pair_text(r, &o->steps[i].by_process[0]));
        tmpl_set_str(s, "p2", pair_text(r, &o->steps[i].by_process[1]));
    }
    tmpl_set_list(x, "needs");
    for (int i = 0; i < o->n_needs; i++) {
        tmpl_ctx *s = tmpl_list_append(x, "needs");
        if (s) tmpl_set_str(s, "label", o->needs[i]);
    }
}

void h_holder_compare(request *r)
{
    holder_feed_rec *f = arena_alloc(r->a, sizeof *f * HOLDER_FEEDS_MAX);
    int n = 0;
    dl_error e = {0};
    if (!f || holder_feed_list(r->db, r->a, 1, f, HOLDER_FEEDS_MAX, &n, &e) != DL_OK) {
        res_error(r, DL_EDB, "Jämförelsen kunde inte läsas just nu. Försök igen om en stund.");
        return;
    }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    int64_t now = clock_now();
    tmpl_set_bool(c, "has_feeds", n > 0);
    tmpl_set_list(c, "feeds");
    for (int i = 0; i < n; i++) {
        holder_profile p;
        int good = *f[i].body && holder_profile_parse(r->a, f[i].body, strlen(f[i].body), &p, &e) == DL_OK;
        tmpl_ctx *s = tmpl_list_append(c, "feeds");
        if (!s) break;
        tmpl_set_str(s, "url", f[i].url);
        tmpl_set_bool(s, "good", good);
        if (good) {
            int64_t at = clock_parse_iso_utc(f[i].fetched_at);
            tmpl_set_str(s, "fetched", local_time(r, f[i].fetched_at));
            tmpl_set_int(s, "age_days", at > 0 && now > at ? (now - at) / 86400 : 0);
            for (int k = 0; k < p.n_orgs; k++) add_org(r, c, &f[i], &p.orgs[k]);
        }
        tmpl_set_str(s, "error", f[i].last_error);
        tmpl_set_bool(s, "failed", *f[i].last_error != '\0' || !good);
    }
    res_page(r, 200, "holder_compare.html", "Jämför datahållare", c);
}
