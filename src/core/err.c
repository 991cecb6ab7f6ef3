/* err.c — names for error codes and the one setter for dl_error. */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Per code: the stable identifier of the JSON error contract (never
 * renamed) and the words for logs. */
static const struct {
    const char *name, *words;
} err_table[] = {
    [DL_OK] = {"ok", "ok"},
    [DL_ENOMEM] = {"out_of_memory", "out of memory"},
    [DL_EINVAL] = {"invalid", "invalid input"},
    [DL_ENOTFOUND] = {"not_found", "not found"},
    [DL_EDENIED] = {"denied", "not allowed"},
    [DL_ECONFLICT] = {"conflict", "conflict"},
    [DL_EDB] = {"store_failed", "database error"},
    [DL_EIO] = {"io_failed", "input/output error"},
    [DL_ELIMIT] = {"too_large", "limit exceeded"},
    [DL_EAUTH] = {"not_signed_in", "not authenticated"},
    [DL_ELOCKED] = {"locked", "locked"},
    [DL_ECONFIG] = {"bad_configuration", "configuration error"},
    [DL_ECRYPTO] = {"crypto_failed", "cryptographic check failed"},
    [DL_EINTERNAL] = {"internal", "internal error"},
    [DL_ECONSTRAINT] = {"constraint", "constraint violated"},
    [DL_EBUSY] = {"busy", "busy"},
    [DL_EREQUEST] = {"bad_request", "malformed request"},
    [DL_EGONE] = {"gone", "gone"},
    [DL_EMETHOD] = {"method_not_allowed", "method not allowed"},
    [DL_EMEDIATYPE] = {"unsupported_media_type", "unsupported media type"},
    [DL_ENOTACCEPTABLE] = {"not_acceptable", "not acceptable"},
    [DL_EUPSTREAM] = {"upstream_failed", "another server failed"},
    [DL_EURITOOLONG] = {"uri_too_long", "address too long"},
};
_Static_assert(sizeof err_table / sizeof err_table[0] == DL_ERR__MAX, "every dl_err has a name");

const char *dl_strerror(dl_err code)
{
    if ((unsigned)code >= DL_ERR__MAX || !err_table[code].words) return "unknown error";
    return err_table[code].words;
}

const char *dl_err_name(dl_err code)
{
    if ((unsigned)code >= DL_ERR__MAX || !err_table[code].name) return "unknown";
    return err_table[code].name;
}

static _Thread_local dl_translate_fn thread_translate;
static _Thread_local void *thread_translate_data;

void dl_error_translate_with(dl_translate_fn translate, void *data)
{
    thread_translate = translate;
    thread_translate_data = data;
}

const char *dl_tr(const char *msgid_sv)
{
    if (!thread_translate || !msgid_sv) return msgid_sv;
    const char *t = thread_translate(thread_translate_data, msgid_sv);
    return t ? t : msgid_sv;
}

/* The next conversion of a printf format at or after *p ("%%" skipped):
 * what it takes from the arguments, as its '*'s, length modifiers and
 * conversion letter in sig (flags, width and precision dropped: they change
 * no argument's type). 1 and *p past it; 0 at the end; -1 for what this
 * check does not vouch for (a positional "%1$s", a lone or unknown
 * conversion), which makes the translation unusable. */
static int next_conversion(const char **p, char sig[8])
{
    const char *q = *p;
    for (; (q = strchr(q, '%')); q += 2) {
        if (q[1] == '%') continue;
        size_t n = 1, k = 0;
        for (; q[n] && strchr("0123456789.*-+ #'hlLqjzt", q[n]); n++)
            if (strchr("*hlLqjzt", q[n])) {
                if (k == 6) return -1;
                sig[k++] = q[n];
            }
        if (!q[n] || !strchr("diouxXeEfFgGaAcsp", q[n])) return -1;
        sig[k++] = q[n];
        sig[k] = '\0';
        *p = q + n + 1;
        return 1;
    }
    return 0;
}

/* 1 when b takes the same arguments as a, in the same order, and both are
 * formats this check understands. */
static int same_conversions(const char *a, const char *b)
{
    char sa[8], sb[8];
    for (;;) {
        int ra = next_conversion(&a, sa), rb = next_conversion(&b, sb);
        if (ra < 0 || rb < 0 || ra != rb) return 0;
        if (ra == 0) return 1;
        if (strcmp(sa, sb) != 0) return 0;
    }
}

dl_err dl_fail(dl_error *e, dl_err code, const char *fmt, ...)
{
    if (!e) return code;
    e->code = code;
    const char *use = fmt;
    if (thread_translate && strchr(fmt, '%')) {
        const char *t = thread_translate(thread_translate_data, fmt);
        if (t && t != fmt && same_conversions(fmt, t)) use = t;
    }
    va_list ap;
    va_start(ap, fmt);
    /* use is fmt or a translation that takes the same arguments
     * (same_conversions), so the arguments are read as fmt says. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(e->msg, sizeof e->msg, use, ap);
#pragma GCC diagnostic pop
    va_end(ap);
    return code;
}

void dl_error_clear(dl_error *e)
{
    if (!e) return;
    e->code = DL_OK;
    e->msg[0] = '\0';
}
