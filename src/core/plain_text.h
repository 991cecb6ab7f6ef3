/* plain_text.h — the two checks every free-text field of a form makes
 * before the store keeps it: is anything written (not only white space),
 * and is it plain text of a bounded length (strict UTF-8, at most max
 * characters, no control character but, in a text of several lines, line
 * breaks and tabs). Shared by the obstacles', measures', calls' and their
 * steps' checks, which each wrote their own. */
#ifndef DATALOTS_PLAIN_TEXT_H
#define DATALOTS_PLAIN_TEXT_H

#include <stddef.h>

/* 1 when s is NULL, empty or only spaces, tabs, CR and LF. */
int text_blank(const char *s);

/* 1 when s is NULL or plain text of at most max code points: valid UTF-8,
 * no DEL, no C0 control character but (multiline) LF, CR and tab. */
int text_fits(const char *s, size_t max, int multiline);

#endif
