/* test_error_message.c — what a page says for an error (handlers/common.c):
 * a sentence written for the user is shown; the store's own words (a
 * constraint, a database error) never are — they go to the operator's log
 * on standard error — and each code gets its status. */
#include "test.h"

#include "web/handlers/handlers.h"

TEST(error_message_never_shows_the_store_text)
{
    request r;
    memset(&r, 0, sizeof r);
    r.lang = LANG_SV;
    r.method_text = "POST";
    r.route_name = "/diarium";
    dl_error e;
    dl_fail(&e, DL_ECONSTRAINT, "constraint failed: UNIQUE constraint failed: diary_entry.org_id, diary_entry.number");
    const char *shown = error_message(&r, DL_ECONSTRAINT, &e);
    CHECK(strstr(shown, "constraint") == NULL && strstr(shown, "UNIQUE") == NULL);
    CHECK_CONTAINS(shown, "krockar med något som redan finns");
    CHECK_INT_EQ(status_for(DL_ECONSTRAINT), 409);

    dl_fail(&e, DL_EDB, "database error: no such table: diary_entry");
    shown = error_message(&r, DL_EDB, &e);
    CHECK(strstr(shown, "no such table") == NULL);
    CHECK_CONTAINS(shown, "Databasen svarar inte");
    CHECK_INT_EQ(status_for(DL_EDB), 503);

    dl_fail(&e, DL_EINTERNAL, "a bug: %s", "detail");
    CHECK(strstr(error_message(&r, DL_EINTERNAL, &e), "detail") == NULL);
    CHECK_INT_EQ(status_for(DL_EINTERNAL), 500);

    /* A sentence written for the user is what the user sees. */
    dl_fail(&e, DL_ECONFLICT, "Koden RH används redan av en annan enhet.");
    CHECK_STR_EQ(error_message(&r, DL_ECONFLICT, &e), "Koden RH används redan av en annan enhet.");
    CHECK_INT_EQ(status_for(DL_ECONFLICT), 409);
}
