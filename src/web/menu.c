/* menu.c — the items of the main menu (see menu.h), in the order shown.
 * Each item's action is the action of its GET route (tests/unit/test_menu.c
 * holds the table to that). */
#include "web/menu.h"

const menu_item main_menu[] = {
    {"/guide", "Kunskapsguiden", ACT_PUBLIC_READ},
    {"/diarium", "Diarium", ACT_PUBLIC_READ},
    {"/data/ordlista", "Dataordlista", ACT_PUBLIC_READ},
    {"/hinder", "Hinderregistret", ACT_PUBLIC_READ},
    {"/natverk", "Nätverket", ACT_PUBLIC_READ}, /* its pages link calendar, news, calls, /jamfor, /oppna-data */
    {"/org", "Organisation", ACT_ORG_VIEW},
    {"/cases", "Ärenden", ACT_CASE_APPLY},
    {"/samrad", "Samråd", ACT_CASE_RECOMMEND},
    {"/guide/review", "Redaktion", ACT_GUIDE_EDIT},
    {"/hinder/analys", "Hinderanalys", ACT_OBSTACLE_TRIAGE},
    {"/uppfoljning", "Uppföljning", ACT_FOLLOWUP_VIEW},
    {"/diarium/new", "Registrera handling", ACT_DIARY_REGISTER},
    {"/brevlada", "Brevlådan", ACT_CASE_REGISTER},
    {"/admin/users", "Användare", ACT_ROLE_ASSIGN},
    {"/admin/audit", "Granskningslogg", ACT_AUDIT_VIEW},
    {"/admin/outbox", "Utkorg", ACT_AUDIT_VIEW},
};
const size_t n_main_menu = sizeof main_menu / sizeof main_menu[0];

const menu_item network_menu[] = {
    {"/natverk", "Medlemmar", ACT_PUBLIC_READ},
    {"/kalender", "Kalender", ACT_PUBLIC_READ},
    {"/nyheter", "Nyheter", ACT_PUBLIC_READ},
    {"/fragor/ny", "Ställ en fråga", ACT_QUESTION_ASK},
    {"/utlysningar", "Utlysningar", ACT_PUBLIC_READ},
    {"/jamfor", "Jämför datahållare", ACT_PUBLIC_READ},
    {"/oppna-data", "Öppna data", ACT_PUBLIC_READ},
};
const size_t n_network_menu = sizeof network_menu / sizeof network_menu[0];
