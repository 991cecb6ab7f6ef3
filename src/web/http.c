/* http.c — request accessors and response builders shared by all handlers. */
#include "web/http.h"
#include "web/app.h"
#include "web/cookie.h"
#include "web/i18n.h"
#include "web/pathparam.h"

#include <microhttpd.h>
#include <string.h>
#include <unistd.h>

const char *req_header(request *r, const char *name)
{
    return r->mhd_conn ? MHD_lookup_connection_value(r->mhd_conn, MHD_HEADER_KIND, name) : NULL;
}

const char *req_cookie(request *r, const char *name)
{
    const char *h = req_header(r, "Cookie");
    return h ? cookie_get(r->a, h, name) : NULL;
}

int64_t req_param_id(request *r, int i)
{
    int64_t id = 0;
    if (i < 0 || i >= r->n_params) return 0;
    return path_param_id(r->params[i], r->param_lens[i], &id) ? id : 0;
}

void res_header(request *r, const char *name, const char *value)
{
    response *res = &r->res;
    if (res->n_headers >= MAX_EXTRA_HEADERS) return;
    const char *copy = arena_strdup(r->a, value); /* NULL value: the caller ran out of memory */
    if (!copy) { res->oom = 1; return; }
    res->header_names[res->n_headers] = name;
    res->header_values[res->n_headers] = copy;
    res->n_headers++;
}

void res_text(request *r, int status, const char *content_type, const char *body)
{
    r->res.status = status;
    r->res.content_type = content_type;
    sb_free(&r->res.body);
    sb_puts(&r->res.body, body);
}

void res_file(request *r, int fd, uint64_t size, const char *content_type)
{
    if (r->res.has_file) close(r->res.file_fd);
    r->res.status = 200;
    r->res.content_type = content_type;
    sb_free(&r->res.body);
    r->res.has_file = 1;
    r->res.file_fd = fd;
    r->res.file_size = size;
}

void res_redirect(request *r, const char *location)
{
    r->res.status = 303;
    r->res.content_type = "text/plain; charset=utf-8";
    res_header(r, "Location", location);
    sb_free(&r->res.body);
}

void res_json(request *r, int status, const char *json)
{
    res_text(r, status, "application/json", json);
}
