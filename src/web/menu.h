/* menu.h — the main menu as a table: each item is a page, its Swedish
 * label (a msgid) and the action whose permission shows it. page.c lists
 * the items the signed-in user may perform somewhere (authz_may_somewhere),
 * so a menu never offers a page its router would refuse. */
#ifndef DATALOTS_MENU_H
#define DATALOTS_MENU_H

#include <stddef.h>

#include "core/authz.h"

typedef struct menu_item {
    const char *path;     /* a GET route's pattern, without parameters */
    const char *label_sv; /* msgid */
    dl_action action;     /* the GET route's action */
} menu_item;

extern const menu_item main_menu[];
extern const size_t n_main_menu;

#endif
