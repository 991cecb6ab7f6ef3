/* accept_language.h — choosing the user interface language from an HTTP
 * Accept-Language header (RFC 9110 §12.5.4, basic matching after RFC 4647). */
#ifndef DATALOTS_ACCEPT_LANGUAGE_H
#define DATALOTS_ACCEPT_LANGUAGE_H

/* Work bounds: only the first ACCEPT_LANGUAGE_MAX_BYTES bytes and the first
 * ACCEPT_LANGUAGE_MAX_ENTRIES list entries of a header are looked at. */
#define ACCEPT_LANGUAGE_MAX_BYTES 1024
#define ACCEPT_LANGUAGE_MAX_ENTRIES 32

/* Returns the element of `supported` (a NULL-terminated list such as
 * {"sv", "en", NULL}) the header prefers, or `fallback`.
 *  - Each entry is a language range with an optional ";q=" weight (0 to 1,
 *    at most three decimals). Malformed entries (bad tag, bad or repeated
 *    weight, other parameters) are skipped; q=0 means "not acceptable".
 *  - A range matches a supported tag when equal, when it is a prefix of it
 *    at a '-' ("en" matches "en-US") or when the tag is a prefix of it
 *    ("en-GB" matches "en"), case-insensitively. When several ranges match
 *    one tag, an equal one beats a shorter prefix beats a longer range;
 *    among equals, the first in the header counts.
 *  - "*" matches every supported tag not matched by another range.
 *  - The highest weight wins; ties go to the range that came first in the
 *    header, then to the order of `supported`.
 * Returns fallback when header or supported is NULL or nothing matches. */
const char *accept_language_pick(const char *header, const char *const *supported,
                                 const char *fallback);

#endif
