/* network_news.c — the network's news (issue 15 item 1, docs/network.md),
 * public and anonymous:
 *   /nyheter        the newest 50 posts, newest first
 *   /nyheter/ID     one post, its Markdown rendered safely (web/markdown.h)
 *   /nyheter.atom   the newest 50 as an Atom 1.0 feed (RFC 4287), the
 *                   rendered HTML as escaped content
 * A post is shown from its published instant (UTC). */
#include "web/handlers/handlers.h"
#include "web/app.h"
#include "web/markdown.h"
#include "web/template.h"
#include "core/authz.h"
#include "core/clock.h"
#include "core/strbuf.h"
#include "store/network.h"

#include <string.h>

#define NEWS_MAX 50

static const char *now_text(request *r)
{
    char out[32];
    clock_iso_utc(clock_now(), out);
    return arena_strdup(r->a, out);
}

static const char *local_date(request *r, const char *utc)
{
    char out[16];
    clock_local_date(clock_parse_iso_utc(utc), out);
    return arena_strdup(r->a, out);
}

static void db_down(request *r) { res_error(r, DL_EDB, "Databasen svarar inte just nu. Försök igen om en stund."); }

void h_news(request *r)
{
    network_news_rec *rows = arena_alloc(r->a, sizeof *rows * NEWS_MAX);
    int n = 0;
    dl_error e = {0};
    if (!rows) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    if (network_news_list(r->db, r->a, now_text(r), NEWS_MAX, rows, &n, &e) != DL_OK) { db_down(r); return; }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_list(c, "posts");
    for (int i = 0; i < n; i++) {
        tmpl_ctx *p = tmpl_list_append(c, "posts");
        if (!p) continue;
        tmpl_set_int(p, "id", rows[i].id);
        tmpl_set_str(p, "title", rows[i].title);
        tmpl_set_str(p, "date", local_date(r, rows[i].published_at));
        tmpl_set_str(p, "published_utc", rows[i].published_at);
        tmpl_set_int(p, "member_id", rows[i].member_id);
        tmpl_set_str(p, "member", rows[i].member_name);
    }
    tmpl_set_bool(c, "has_posts", n > 0);
    tmpl_set_bool(c, "can_edit", authz_may_somewhere(&r->subject, ACT_NETWORK_EDIT));
    res_page(r, 200, "news.html", "Nyheter från nätverket", c);
}

void h_news_post(request *r)
{
    int64_t id = req_param_id(r, 0);
    network_news_rec p;
    dl_error e = {0};
    dl_err rc = id ? network_news_get(r->db, r->a, now_text(r), id, &p, &e) : DL_ENOTFOUND;
    if (rc == DL_ENOTFOUND) { res_error(r, DL_ENOTFOUND, "Det finns ingen sådan nyhet."); return; }
    if (rc != DL_OK) { db_down(r); return; }
    const char *html = markdown_to_html(r->a, p.body, strlen(p.body));
    tmpl_ctx *c = page_ctx(r);
    if (!c || !html) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_str(c, "title", p.title);
    tmpl_set_str(c, "date", local_date(r, p.published_at));
    tmpl_set_str(c, "published_utc", p.published_at);
    tmpl_set_int(c, "member_id", p.member_id);
    tmpl_set_str(c, "member", p.member_name);
    tmpl_set_raw(c, "body", html);
    tmpl_set_int(c, "id", p.id);
    tmpl_set_bool(c, "can_edit", authz_may_somewhere(&r->subject, ACT_NETWORK_EDIT));
    res_page(r, 200, "news_post.html", p.title, c);
}

void h_news_feed(request *r)
{
    network_news_rec *rows = arena_alloc(r->a, sizeof *rows * NEWS_MAX);
    int n = 0;
    dl_error e = {0};
    if (!rows) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    if (network_news_list(r->db, r->a, now_text(r), NEWS_MAX, rows, &n, &e) != DL_OK) { db_down(r); return; }
    const char *root = feed_root(r);
    const char *host = feed_tag_host(r, r->app->cfg->public_url);
    strbuf x;
    sb_init(&x, 32 * 1024);
    atom_feed_open(r, &x, host, "nyheter", tr(r, "Nyheter från nätverket"));
    atom_feed_links(&x, root, "nyheter");
    sb_puts(&x, "<updated>");
    /* the feed changes when a post does: the newest change of those listed */
    const char *updated = "2026-01-01T00:00:00Z";
    for (int i = 0; i < n; i++)
        if (strcmp(rows[i].updated_at, updated) > 0) updated = rows[i].updated_at;
    xml_text(&x, updated);
    sb_puts(&x, "</updated>\n");
    for (int i = 0; i < n; i++) {
        const network_news_rec *p = &rows[i];
        const char *html = markdown_to_html(r->a, p->body, strlen(p->body));
        atom_entry_open(&x, host, "nyheter", (long long)p->id, p->title, p->published_at, p->updated_at);
        sb_puts(&x, "<author><name>");
        xml_text(&x, p->member_name);
        sb_puts(&x, "</name></author>\n");
        atom_entry_link(&x, root, "nyheter", (long long)p->id);
        sb_puts(&x, "<content type=\"html\">");
        xml_text(&x, html ? html : "");
        sb_puts(&x, "</content>\n</entry>\n");
    }
    sb_puts(&x, "</feed>\n");
    char *body = x.oom ? NULL : arena_strdup(r->a, sb_cstr(&x));
    sb_free(&x);
    if (!body) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    res_text(r, 200, "application/atom+xml; charset=utf-8", body);
}
