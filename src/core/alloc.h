/* alloc.h — every heap allocation in datalots goes through these, so tests
 * can swap in a hook that fails the Nth allocation (as Lua's ltests.c does)
 * and check that out-of-memory is handled, not crashed on. */
#ifndef DATALOTS_ALLOC_H
#define DATALOTS_ALLOC_H

#include <stddef.h>

void *dl_malloc(size_t n);
void *dl_calloc(size_t count, size_t size);
void *dl_realloc(void *p, size_t n);
void dl_free(void *p);
char *dl_strdup(const char *s);            /* NULL in, NULL out */
char *dl_strndup(const char *s, size_t n); /* copies at most n bytes, NUL-terminates */

/* Tests: fail every allocation after `remaining` more succeed; -1 disables. */
void dl_alloc_fail_after(long remaining);

#endif
