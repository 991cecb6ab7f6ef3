/* menu.h — the main menu as a table: each item is a page, its Swedish
 * label (a msgid) and the action whose permission shows it. page.c lists
 * the items the signed-in user may perform somewhere (authz_may_somewhere),
 * so a menu never offers a page its router would refuse. The network's
 * own row of links is a second such table. */
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

/* The network's pages, linked to each other in a row of their own
 * (network_nav.html) on each of them, the one shown marked as current;
 * page.c fills it on these pages only. */
extern const menu_item network_menu[];
extern const size_t n_network_menu;

#endif
