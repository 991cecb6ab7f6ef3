/* page.c — the base layout around every HTML page, and the values every page
 * needs: who is signed in, the CSRF token for its forms, the language, and
 * the main menu (the items of web/menu.c the user may perform somewhere). */
#include "web/http.h"
#include "web/app.h"
#include "web/i18n.h"
#include "web/menu.h"
#include "web/session_web.h"

#include <stdio.h>
#include <string.h>

static void menu_to_ctx(request *r, tmpl_ctx *c)
{
    tmpl_set_list(c, "menu");
    for (size_t i = 0; i < n_main_menu; i++) {
        const menu_item *m = &main_menu[i];
        if (!authz_may_somewhere(&r->subject, m->action)) continue;
        tmpl_ctx *row = tmpl_list_append(c, "menu");
        if (!row) return;
        tmpl_set_str(row, "path", m->path);
        tmpl_set_str(row, "label", tr(r, m->label_sv));
        tmpl_set_bool(row, "current", r->path && strcmp(r->path, m->path) == 0);
    }
}

/* On one of the network's pages, its row of links with that one current. */
static void network_menu_to_ctx(request *r, tmpl_ctx *c)
{
    size_t here = n_network_menu;
    for (size_t i = 0; i < n_network_menu && r->path; i++)
        if (strcmp(r->path, network_menu[i].path) == 0) here = i;
    if (here == n_network_menu) return;
    tmpl_set_list(c, "network_nav");
    for (size_t i = 0; i < n_network_menu; i++) {
        const menu_item *m = &network_menu[i];
        if (!authz_may_somewhere(&r->subject, m->action)) continue;
        tmpl_ctx *row = tmpl_list_append(c, "network_nav");
        if (!row) return;
        tmpl_set_str(row, "path", m->path);
        tmpl_set_str(row, "label", tr(r, m->label_sv));
        tmpl_set_bool(row, "current", i == here);
    }
}

tmpl_ctx *page_ctx(request *r)
{
    tmpl_ctx *c = tmpl_ctx_new(r->a);
    if (!c) return NULL;
    tmpl_set_str(c, "lang", r->lang == LANG_EN ? "en" : "sv");
    tmpl_set_str(c, "other_lang", r->lang == LANG_EN ? "sv" : "en");
    tmpl_set_str(c, "other_lang_label", r->lang == LANG_EN ? "Svenska" : "English");
    tmpl_set_str(c, "csrf", r->csrf_binding ? r->csrf_token : "");
    tmpl_set_str(c, "current_path", r->path);
    tmpl_set_bool(c, "signed_in", r->user_id != 0);
    tmpl_set_str(c, "user_display", r->display_name);
    tmpl_set_str(c, "username", r->username);
    tmpl_set_list(c, "menu"); /* empty for some visitors; see strict sets in template.h */
    tmpl_set_list(c, "network_nav");
    tmpl_set_list(c, "alternates"); /* a page with other formats fills it */
    menu_to_ctx(r, c);
    network_menu_to_ctx(r, c);
    return c;
}

/* The request's path for a log line; a path holding a secret as its route. */
static const char *log_path(const request *r)
{
    const char *p = r->secret_path ? r->route_name : r->path;
    return p ? p : "?";
}

void res_page(request *r, int status, const char *tmpl, const char *title_msgid, tmpl_ctx *c)
{
    response *res = &r->res;
    res->status = status;
    res->content_type = "text/html; charset=utf-8";
    sb_free(&res->body);
    if (!c) { res->body.oom = 1; return; }
    dl_error e = {0};
    strbuf content;
    sb_init(&content, 4096);
    tmpl_set_str(c, "title", tr(r, title_msgid));
    dl_err rc = tmpl_render(r->app->templates, tmpl, c, i18n_translate_cb, r, &content, &e);
    if (rc == DL_OK) {
        tmpl_set_raw(c, "content", sb_cstr(&content)); /* produced by the escaping engine */
        sb_init(&res->body, content.len + 2048);
        rc = tmpl_render(r->app->templates, "base.html", c, i18n_translate_cb, r, &res->body, &e);
    }
    sb_free(&content);
    if (rc != DL_OK) {
        /* names template, line and key of a strict-mode miss (see template.h) */
        fprintf(stderr, "datalots serve: %.200s: %s\n", log_path(r), e.msg);
        sb_free(&res->body);
        res->status = 500;
        res->content_type = "text/plain; charset=utf-8";
        sb_printf(&res->body, "500 %s\n", tr(r, "Sidan kunde inte visas."));
    }
}
