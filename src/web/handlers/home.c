/* home.c — the start page, health, metrics, the language choice and the
 * static files. */
#include "web/etag.h"
#include "web/handlers/handlers.h"
#include "web/guide_views.h"
#include "web/app.h"
#include "web/metrics.h"
#include "web/session_web.h"
#include "store/diary.h"
#include "store/org.h"
#include "store/users.h"
#include "core/embedded.h"
#include "crypto/token.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Fills list `key` of c with diary rows, masking confidential fields. */
void diary_rows_to_ctx(request *r, tmpl_ctx *c, const char *key, const diary_rec *rows, int n);

void h_home(request *r)
{
    dl_error e = {0};
    diary_rec rows[5];
    int n = 0;
    if (diary_recent(r->db, r->a, 5, rows, &n, &e) != DL_OK) {
        res_error(r, DL_EDB, "Databasen svarar inte just nu. Försök igen om en stund.");
        return;
    }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    diary_rows_to_ctx(r, c, "recent", rows, n);
    res_page(r, 200, "home.html", "datalots – hälsodata för forskning", c);
}

void h_healthz(request *r)
{
    dl_error e = {0};
    if (db_ping(r->db, &e) != DL_OK) {
        res_json(r, 503, "{\"status\":\"unhealthy\",\"store\":\"unreachable\"}");
        return;
    }
    res_json(r, 200, "{\"status\":\"ok\",\"store\":\"ok\"}");
}

void h_metrics(request *r)
{
    r->res.status = 200;
    r->res.content_type = "text/plain; version=0.0.4; charset=utf-8";
    metrics_render(&r->res.body);
    sb_printf(&r->res.body,
              "# HELP datalots_guide_views_dropped_total Guide page views not counted: the in-memory table was full.\n"
              "# TYPE datalots_guide_views_dropped_total counter\n"
              "datalots_guide_views_dropped_total %llu\n",
              (unsigned long long)guide_views_dropped(r->app ? r->app->views : NULL));
}

/* The language choice is a preference cookie in the visitor's browser, not
 * state on the server, so a plain link sets it (no form, no CSRF token, and
 * anonymous pages need no cookie at all). */
void h_language(request *r)
{
    const char *choice = query_at(r, LANGUAGE_Q_LANG)->text; /* "sv" or "en" (the router refuses others) */
    if (!choice) {
        res_error(r, DL_EREQUEST, "Välj svenska (sv) eller engelska (en).");
        return;
    }
    session_web_set_cookie(r, "lang", choice, 365 * 24 * 3600);
    redirect_local(r, query_at(r, LANGUAGE_Q_NEXT)->text); /* NULL for an unsafe path: back to / */
}

void h_static(request *r)
{
    char name[128];
    size_t n = r->param_lens[0];
    if (n >= sizeof name) { res_error(r, DL_ENOTFOUND, "Filen finns inte."); return; }
    memcpy(name, r->params[0], n);
    name[n] = '\0';
    const struct embedded_file *f = embedded_find(embedded_static, name);
    if (!f) { res_error(r, DL_ENOTFOUND, "Filen finns inte."); return; }
    char etag[70], digest[65];
    sha256_hex(f->data, f->len, digest);
    snprintf(etag, sizeof etag, "\"%.32s\"", digest);
    res_header(r, "ETag", etag);
    res_header(r, "Cache-Control", "public, max-age=3600");
    r->res.cacheable = 1;
    if (etag_none_match(req_header(r, "If-None-Match"), etag)) {
        r->res.status = 304;
        r->res.content_type = "text/plain";
        return;
    }
    const char *type = "application/octet-stream";
    const char *dot = strrchr(name, '.');
    if (dot && strcmp(dot, ".css") == 0) type = "text/css; charset=utf-8";
    else if (dot && strcmp(dot, ".js") == 0) type = "text/javascript; charset=utf-8";
    else if (dot && strcmp(dot, ".svg") == 0) type = "image/svg+xml";
    else if (dot && strcmp(dot, ".png") == 0) type = "image/png";
    else if (dot && strcmp(dot, ".ico") == 0) type = "image/x-icon";
    r->res.status = 200;
    r->res.content_type = type;
    sb_append(&r->res.body, (const char *)f->data, f->len);
}
