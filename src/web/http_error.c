/* http_error.c — how a failure reaches the client: the one table from an
 * error code (core/err.h) to its HTTP status, the sentence shown for it, and
 * the error answer itself, a page in HTML or, for the API, the JSON error
 * {"error":{"status":404,"code":3,"name":"not_found","message":"…"}}
 * (docs/api.md, "Errors"). Handlers name a code, never a status. */
#include "web/http.h"
#include "web/app.h"

#include <stdio.h>

/* The status of each code. A code the client can do nothing about but wait
 * (the store down or busy) is 503; a bug or the server's own failure 500. */
static const short status_of_code[DL_ERR__MAX] = {
    [DL_OK] = 500, /* an error answer with no error is a bug */
    [DL_ENOMEM] = 500,
    [DL_EINVAL] = 422,
    [DL_ENOTFOUND] = 404,
    [DL_EDENIED] = 403,
    [DL_ECONFLICT] = 409,
    [DL_EDB] = 503,
    [DL_EIO] = 500,
    [DL_ELIMIT] = 413,
    [DL_EAUTH] = 401,
    [DL_ELOCKED] = 429,
    [DL_ECONFIG] = 500,
    [DL_ECRYPTO] = 500,
    [DL_EINTERNAL] = 500,
    [DL_ECONSTRAINT] = 409,
    [DL_EBUSY] = 503,
    [DL_EREQUEST] = 400,
    [DL_EGONE] = 410,
    [DL_EMETHOD] = 405,
    [DL_EMEDIATYPE] = 415,
    [DL_ENOTACCEPTABLE] = 406,
    [DL_EUPSTREAM] = 502,
    [DL_EURITOOLONG] = 414,
};
_Static_assert(sizeof status_of_code / sizeof status_of_code[0] == DL_ERR__MAX, "every dl_err has a status");

int http_status_of(dl_err code)
{
    if ((unsigned)code >= DL_ERR__MAX || !status_of_code[code]) return 500;
    return status_of_code[code];
}

/* Codes whose dl_error message is a sentence written for the user to act
 * on; the others' text is the store's or the server's own words. */
static int written_for_the_user(dl_err code)
{
    switch (code) {
    case DL_EINVAL: case DL_ECONFLICT: case DL_ENOTFOUND: case DL_EDENIED: case DL_ELIMIT:
    case DL_EREQUEST: case DL_EGONE:
        return 1;
    default:
        return 0;
    }
}

/* The store's or the server's own words go to the operator's log (standard
 * error), never to the page: route and code, then the text. */
static void log_for_operator(const request *r, dl_err code, const dl_error *e)
{
    fprintf(stderr, "datalots serve: %s %s: %s: %s\n", r->method_text ? r->method_text : "-",
            r->route_name ? r->route_name : "-", dl_strerror(code), e && e->msg[0] ? e->msg : "(no message)");
}

const char *error_message(request *r, dl_err code, const dl_error *e)
{
    if (written_for_the_user(code) && e && e->msg[0]) return tr(r, e->msg);
    log_for_operator(r, code, e);
    switch (code) {
    case DL_ECONSTRAINT:
        return tr(r, "Uppgifterna kunde inte sparas eftersom de krockar med något som redan finns. "
                     "Ladda om sidan och försök igen.");
    case DL_EDB:
    case DL_EBUSY:
        return tr(r, "Databasen svarar inte just nu. Försök igen om en stund.");
    case DL_ENOMEM:
        return tr(r, "Servern fick slut på minne.");
    default:
        return tr(r, "Något gick fel i servern. Försök igen om en stund.");
    }
}

static void json_escape(strbuf *sb, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') { sb_putc(sb, '\\'); sb_putc(sb, (char)*p); }
        else if (*p < 0x20) sb_printf(sb, "\\u%04x", *p);
        else sb_putc(sb, (char)*p);
    }
}

static void error_answer(request *r, dl_err code, const char *message_sv, const char *field)
{
    if ((unsigned)code >= DL_ERR__MAX || code == DL_OK) {
        fprintf(stderr, "datalots serve: %s: an error answer with code %d (a bug)\n",
                r->route_name ? r->route_name : "-", (int)code);
        code = DL_EINTERNAL;
    }
    int status = http_status_of(code);
    const char *msg = tr(r, message_sv);
    sb_free(&r->res.body);
    r->res.status = status;
    if (r->wants_json) {
        r->res.content_type = "application/json";
        sb_printf(&r->res.body, "{\"error\":{\"status\":%d,\"code\":%d,\"name\":\"%s\",\"message\":\"", status,
                  (int)code, dl_err_name(code));
        json_escape(&r->res.body, msg);
        if (field) {
            sb_puts(&r->res.body, "\",\"field\":\"");
            json_escape(&r->res.body, field);
        }
        sb_puts(&r->res.body, "\"}}");
        return;
    }
    tmpl_ctx *c = page_ctx(r);
    if (c && r->app->templates) {
        tmpl_set_int(c, "status", status);
        tmpl_set_str(c, "message", msg);
        tmpl_set_str(c, "status_text", tr(r, http_status_text(status)));
        res_page(r, status, "error.html", http_status_text(status), c);
        return;
    }
    r->res.content_type = "text/plain; charset=utf-8";
    sb_printf(&r->res.body, "%d %s\n", status, msg);
}

void res_error(request *r, dl_err code, const char *message_sv)
{
    error_answer(r, code, message_sv, NULL);
}

void res_error_field(request *r, dl_err code, const char *message_sv, const char *field)
{
    error_answer(r, code, message_sv, field);
}

void res_error_from(request *r, dl_err code, const dl_error *e)
{
    res_error(r, code, error_message(r, code, e));
}

void res_error_with(request *r, dl_err code, const dl_error *e, const char *message_sv)
{
    if (!written_for_the_user(code)) log_for_operator(r, code, e);
    res_error(r, code, message_sv);
}

void res_lookup_failed(request *r, dl_err code, const dl_error *e, const char *not_found_sv)
{
    if (code == DL_ENOTFOUND || code == DL_OK) res_error(r, DL_ENOTFOUND, not_found_sv);
    else res_error_from(r, code, e);
}

const char *http_status_text(int status)
{
    switch (status) {
    case 400: return "Felaktig begäran";
    case 401: return "Inloggning krävs";
    case 403: return "Åtkomst nekad";
    case 404: return "Sidan finns inte";
    case 405: return "Metoden stöds inte";
    case 406: return "Inget format som går att ta emot";
    case 409: return "Konflikt";
    case 410: return "Finns inte längre";
    case 413: return "För stor begäran";
    case 414: return "För lång adress";
    case 415: return "Fel innehållstyp";
    case 422: return "Uppgifterna behöver rättas";
    case 429: return "För många försök";
    case 500: return "Internt fel";
    case 502: return "En annan server svarade inte";
    case 503: return "Tjänsten är inte tillgänglig";
    default: return "Fel";
    }
}
