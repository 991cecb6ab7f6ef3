/* cookie.h — reading one cookie from a Cookie request header and building
 * Set-Cookie header values (RFC 6265). */
#ifndef DATALOTS_COOKIE_H
#define DATALOTS_COOKIE_H

#include "core/arena.h"
#include "core/strbuf.h"

/* Work bounds for cookie_get(). */
#define COOKIE_HEADER_MAX 4096 /* bytes of the header looked at */
#define COOKIE_MAX_PAIRS 50    /* name=value pairs looked at */

/* Returns a copy (in a) of the value of the first cookie called `name` in a
 * Cookie header such as "a=1; b=\"2\"", with surrounding whitespace and one
 * pair of double quotes stripped; "" for an empty value. Spacing around ';'
 * and '=' is tolerated; pairs without '=' are skipped, as are pairs whose
 * value holds bytes outside the cookie-octet set (controls, space inside,
 * '"', ',', ';', '\\', non-ASCII). A pair cut by the COOKIE_HEADER_MAX bound
 * is ignored. Returns NULL when absent, when any argument is NULL, or on
 * out-of-memory. */
const char *cookie_get(arena *a, const char *cookie_header, const char *name);

/* Appends a Set-Cookie header value to out:
 *   name=value; Path=/[; Max-Age=N[; Expires=Thu, 01 Jan 1970 00:00:00 GMT]]
 *   [; Secure][; HttpOnly][; SameSite=Strict|Lax|None]
 * max_age: -1 (or any negative) = session cookie (no Max-Age), 0 = delete
 * (Max-Age=0 plus an Expires in the past), > 0 = seconds. same_site: NULL to
 * omit, else "Strict", "Lax" or "None" (any case; written capitalised).
 * Refuses, appending nothing, when name is not a non-empty RFC 9110 token of
 * at most 256 bytes, when value (NULL counts as "") holds a byte outside the
 * cookie-octet set or is longer than 4000 bytes, or when same_site is
 * another word. */
void cookie_format(strbuf *out, const char *name, const char *value, int max_age,
                   int secure, int http_only, const char *same_site);

#endif
