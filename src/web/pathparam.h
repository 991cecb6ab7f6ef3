/* pathparam.h — matching request paths against route patterns that carry
 * parameters, e.g. "/admin/users/{id}/roles/{rid}", and parsing numeric ids
 * taken from them. Pure functions: no allocation, no global state. */
#ifndef DATALOTS_PATHPARAM_H
#define DATALOTS_PATHPARAM_H

#include <stddef.h>
#include <stdint.h>

/* Longest pattern or path path_match() looks at, in bytes; longer = no match. */
#define PATH_MATCH_MAX_LEN 4096

/* Matches `path` (no query string, not yet %-decoded) against `pattern`.
 * Both are split on '/'. A pattern segment that is exactly "{name}" matches
 * one non-empty path segment (which never contains '/'); every other segment
 * must match byte for byte, so "/a/b/" does not match "/a/b" (trailing slash
 * is an extra, empty segment) and "/a//b" does not match "/a/{x}/b".
 * On a match, params[i] points into `path` at the i-th parameter and
 * param_lens[i] holds its length (it is not NUL-terminated), and the number
 * of parameters is returned (0 for a literal pattern). Returns -1 for no
 * match, for NULL arguments, for inputs longer than PATH_MATCH_MAX_LEN, or
 * when the pattern has more parameters than max_params. params/param_lens
 * may be NULL only when max_params is 0. */
int path_match(const char *pattern, const char *path, const char **params,
               size_t *param_lens, int max_params);

/* Parses a database id from s[0..n): only 1 to 18 decimal digits, no sign,
 * no leading zero, no spaces, value > 0. Returns 1 and sets *out on success;
 * returns 0 (leaving *out untouched) otherwise. */
int path_param_id(const char *s, size_t n, int64_t *out);

#endif
