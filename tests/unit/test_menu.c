/* test_menu.c — the main menu's table (web/menu.c): every item is a page
 * with a GET route whose action is the item's (so the menu shows an item
 * exactly to those the router lets through), the items are distinct, and
 * each label is a non-empty msgid. */
#include "test.h"

#include "web/menu.h"
#include "web/router.h"

static void check_menu(const menu_item *menu, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const menu_item *m = &menu[i];
        CHECK(m->path && m->path[0] == '/');
        CHECK(m->label_sv && m->label_sv[0]);
        const struct route *hit = NULL;
        for (size_t k = 0; k < n_routes && !hit; k++)
            if ((routes[k].methods & HTTP_GET) && strcmp(routes[k].pattern, m->path) == 0) hit = &routes[k];
        if (!hit) { test_fail(__FILE__, __LINE__, "menu item %s has no GET route", m->path); continue; }
        if (hit->action != m->action)
            test_fail(__FILE__, __LINE__, "menu item %s: action %s, its route's %s", m->path,
                      authz_action_name(m->action), authz_action_name(hit->action));
        for (size_t k = 0; k < i; k++)
            if (strcmp(menu[k].path, m->path) == 0 || strcmp(menu[k].label_sv, m->label_sv) == 0)
                test_fail(__FILE__, __LINE__, "menu items %zu and %zu repeat a path or label", k, i);
    }
}

TEST(menu_items_match_their_routes)
{
    CHECK(n_main_menu >= 5);
    check_menu(main_menu, n_main_menu);
}

/* The network's own row of links (network_nav.html): the same rules. */
TEST(network_menu_items_match_their_routes)
{
    CHECK(n_network_menu >= 6);
    check_menu(network_menu, n_network_menu);
}
