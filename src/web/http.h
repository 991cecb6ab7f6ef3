/* http.h — one request as the handlers see it, and the response they build.
 * The server (server.c) fills a request from libmicrohttpd; the router
 * (router.c) checks method, sign-in, CSRF, permission and fields from the
 * route table before a handler runs; handlers read typed values only and
 * set a response. All memory of a request lives in its arena. */
#ifndef DATALOTS_HTTP_H
#define DATALOTS_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/authz.h"
#include "core/strbuf.h"
#include "db/db.h"
#include "web/form.h"
#include "web/template.h"

struct app;
struct tmpl_ctx;

typedef enum http_method {
    HTTP_GET = 1, HTTP_HEAD = 2, HTTP_POST = 4, HTTP_PUT = 8, HTTP_DELETE = 16,
    HTTP_PATCH = 32, HTTP_OPTIONS = 64, HTTP_OTHER = 128
} http_method;

typedef enum lang { LANG_SV = 0, LANG_EN = 1 } lang;

#define MAX_EXTRA_HEADERS 20
#define MAX_GRANTS AUTHZ_MAX_GRANTS /* a user holds no more (account_grant refuses them) */

typedef struct response {
    int status;
    const char *content_type;
    strbuf body;
    const char *header_names[MAX_EXTRA_HEADERS];
    const char *header_values[MAX_EXTRA_HEADERS];
    int n_headers;
    int cacheable;          /* static assets: long cache, no no-store */
    int not_for_page_cache; /* the answer had an effect (e.g. a no-hit search counted): render it every time */
    int oom;                /* a part of the response could not be allocated: server.c answers 500 */
    /* A file sent as the body instead (res_file): libmicrohttpd reads it
     * from the descriptor and closes it when the response is done. */
    int has_file, file_fd;
    uint64_t file_size;
} response;

typedef struct request {
    struct app *app;
    arena *a;
    http_method method;
    const char *method_text;
    const char *path;       /* decoded, validated UTF-8, no NUL */
    const char *raw_query;  /* after '?', undecoded; "" if none */
    const char *client;     /* peer address text */
    void *mhd_conn;         /* for header lookups */
    const char *body;       /* NUL-terminated; body_buf's data */
    size_t body_len;
    strbuf body_buf;
    int body_too_large;
    size_t discarded;       /* bytes of an oversized body dropped */
    int upload_not_text;    /* multipart: a file field was not UTF-8 text and was dropped */
    /* multipart: the parts of the route's FIELD_FILE fields, bytes as sent */
    struct request_upload {
        const char *name, *filename, *content_type;
        const unsigned char *data;
        size_t len;
    } uploads[4];
    int n_uploads;

    /* filled by the router */
    const char *route_name; /* for metrics: the pattern, not the raw path */
    const char *params[4];
    size_t param_lens[4];
    int n_params;
    form form;
    form query;             /* the route's declared query parameters */
    db *db;                 /* taken from the pool for this request */
    lang lang;
    int wants_json;
    int vary_accept;        /* the route negotiates on Accept (ROUTE_RDF_CONNEG) */
    int secret_path;        /* ROUTE_SECRET_PATH: log the route, not the path */

    /* the signed-in user, if any */
    int64_t user_id;
    const char *username, *display_name;
    const char *session_token;
    authz_grant grants[MAX_GRANTS];
    int n_grants;
    authz_subject subject;
    char csrf_token[65];
    const char *csrf_binding; /* session token or the anonymous csrf cookie */
    const char *new_anon_cookie;
    int64_t api_token_id;     /* signed in by an API token (web/api_auth.h): no cookie, no CSRF */

    response res;
    int64_t started_ns;
    /* the obstacle category list, read on first use (handlers/common.c, obstacle_categories_of) */
    const struct obstacle_category_list *categories;
} request;

/* Header lookup (case-insensitive); NULL if absent. */
const char *req_header(request *r, const char *name);
const char *req_cookie(request *r, const char *name);
/* Path parameter i as a positive id; 0 if not one. */
int64_t req_param_id(request *r, int i);

/* Responses. */
void res_header(request *r, const char *name, const char *value); /* value copied; no memory: res.oom */
void res_text(request *r, int status, const char *content_type, const char *body);
void res_redirect(request *r, const char *location); /* 303 See Other */
/* Errors (http_error.c). The status comes from the code by one table,
 * http_status_of(); the answer is an error page (HTML) or, for the API,
 * {"error":{"status":N,"code":N,"name":"…","message":"…"}} with the code and
 * the stable name of core/err.h. message_sv is a sentence to act on. */
int http_status_of(dl_err code);
void res_error(request *r, dl_err code, const char *message_sv);
/* The sentence to show for a failure: the user-facing message of a code
 * the user can fix (DL_EINVAL, DL_ENOTFOUND, …), else a standard sentence;
 * the store's or server's own text goes to the operator's log (stderr). */
const char *error_message(request *r, dl_err code, const dl_error *e);
/* res_error with the API name of the field it is about (NULL: none), in
 * JSON as "field"; an HTML page shows the message only. */
void res_error_field(request *r, dl_err code, const char *message_sv, const char *field);
/* res_error(r, code, error_message(r, code, e)). */
void res_error_from(request *r, dl_err code, const dl_error *e);
/* The failure code of e with a sentence of the handler's own; the store's
 * or server's words go to the operator's log as with error_message(). */
void res_error_with(request *r, dl_err code, const dl_error *e, const char *message_sv);
/* A lookup that failed: not_found_sv with 404 when the object is missing
 * (DL_ENOTFOUND, or DL_OK for "found, but not shown to you"), else the
 * failure itself (a store down is 503, never 404). */
void res_lookup_failed(request *r, dl_err code, const dl_error *e, const char *not_found_sv);
void res_json(request *r, int status, const char *json);
/* 200 with the size bytes of the open file fd as the body (streamed, not
 * read into memory); the response owns fd from here on and closes it,
 * also when it is never sent. Headers as usual with res_header(). */
void res_file(request *r, int fd, uint64_t size, const char *content_type);

/* Renders page template `name` into the base layout with title and ctx. */
void res_page(request *r, int status, const char *tmpl, const char *title_msgid, struct tmpl_ctx *ctx);
/* A context pre-filled with what every page uses (user, csrf, lang, flash). */
struct tmpl_ctx *page_ctx(request *r);

/* Translation for the request's language. */
const char *tr(request *r, const char *msgid_sv);

int64_t mono_ns(void);
const char *http_status_text(int status);

#endif
