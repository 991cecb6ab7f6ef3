/* embedded.c — lookup in the embedded file sets generated at build time. */
#include "core/embedded.h"

#include <string.h>

const struct embedded_file *embedded_find(const struct embedded_file *set, const char *name)
{
    for (; set && set->name; set++)
        if (strcmp(set->name, name) == 0) return set;
    return NULL;
}
