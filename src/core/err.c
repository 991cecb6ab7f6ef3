/* err.c — names for error codes and the one setter for dl_error. */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>

static const char *const err_names[DL_ERR__MAX] = {
    [DL_OK] = "ok",
    [DL_ENOMEM] = "out of memory",
    [DL_EINVAL] = "invalid input",
    [DL_ENOTFOUND] = "not found",
    [DL_EDENIED] = "not allowed",
    [DL_ECONFLICT] = "conflict",
    [DL_ECONSTRAINT] = "constraint violated",
    [DL_EDB] = "database error",
    [DL_EIO] = "input/output error",
    [DL_ELIMIT] = "limit exceeded",
    [DL_EAUTH] = "not authenticated",
    [DL_ELOCKED] = "locked",
    [DL_ECONFIG] = "configuration error",
    [DL_ECRYPTO] = "cryptographic check failed",
    [DL_EINTERNAL] = "internal error",
};

const char *dl_strerror(dl_err code)
{
    if ((unsigned)code >= DL_ERR__MAX || !err_names[code]) return "unknown error";
    return err_names[code];
}

dl_err dl_fail(dl_error *e, dl_err code, const char *fmt, ...)
{
    if (!e) return code;
    e->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return code;
}

void dl_error_clear(dl_error *e)
{
    if (!e) return;
    e->code = DL_OK;
    e->msg[0] = '\0';
}
