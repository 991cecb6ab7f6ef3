/* test_router_table.c — router_check_table(): the real route table passes,
 * and each way a route can contradict itself is refused with its reason
 * (the class of the /language crash: a session loaded with no store). Also
 * media_type_is(), which decides whether a body is a form. */
#include "test.h"

#include "web/router.h"

static void h_none(request *r) { (void)r; }

static const field_spec one_field[] = {{.name = "x", .type = FIELD_TEXT, .max_len = 10, .label_sv = "X"}};
/* A table sized by its enum with one slot left out, as a forgotten
 * designated initializer leaves it. */
enum { HOLE_A, HOLE_B, HOLE__MAX };
static const field_spec holey[HOLE__MAX] = {[HOLE_A] = {.name = "a", .type = FIELD_TEXT}};
static const field_spec twice[] = {{.name = "a", .type = FIELD_TEXT}, {.name = "a", .type = FIELD_INT}};
static const field_spec with_csrf[] = {{.name = "csrf", .type = FIELD_TOKEN}};
static const field_spec empty_enum[] = {{.name = "e", .type = FIELD_ENUM}};

TEST(router_table_real_table_is_consistent)
{
    dl_error e;
    dl_error_clear(&e);
    CHECK_INT_EQ(router_check_table(routes, n_routes, &e), DL_OK);
    CHECK(n_routes > 10);
}

TEST(router_table_refuses_contradictions)
{
    static const field_spec a_file[] = {{.name = "f", .type = FIELD_FILE, .label_sv = "Fil"}};
    static const struct {
        struct route rt;
        const char *why;
    } bad[] = {
        {{HTTP_GET, "/language", ACT_PUBLIC_READ, NULL, 0, h_none, ROUTE_NO_DB}, "ROUTE_NO_DB without ROUTE_NO_SESSION"},
        {{HTTP_GET, "/me", ACT_ACCOUNT_SELF, NULL, 0, h_none, ROUTE_NO_SESSION}, "needs a signed-in user"},
        {{HTTP_GET, "/x", ACT_USER_MANAGE, NULL, 0, h_none, ROUTE_NO_SESSION | ROUTE_NO_DB}, "needs a signed-in user"},
        {{HTTP_POST, "/x", ACT_PUBLIC_READ, NULL, 0, h_none, ROUTE_NO_SESSION}, "state change"},
        {{HTTP_GET | HTTP_POST, "/x", ACT_PUBLIC_READ, NULL, 0, h_none, ROUTE_NO_SESSION}, "state change"},
        {{HTTP_GET, "/x", ACT_ACCOUNT_SELF, NULL, 0, h_none, ROUTE_UPLOAD}, "ROUTE_UPLOAD without POST"},
        {{HTTP_POST, "/x", ACT_ACCOUNT_SELF, a_file, 1, h_none, 0}, "a file field without ROUTE_UPLOAD"},
        {{HTTP_GET, "/x", ACT_PUBLIC_READ, one_field, 1, h_none, 0}, "takes no body"},
        {{HTTP_POST, "/x", ACT_PUBLIC_READ, NULL, 1, h_none, 0}, "n_fields without fields"},
        {{HTTP_GET, "x", ACT_PUBLIC_READ, NULL, 0, h_none, 0}, "start with /"},
        {{HTTP_GET, NULL, ACT_PUBLIC_READ, NULL, 0, h_none, 0}, "start with /"},
        {{HTTP_GET, "/x", ACT_PUBLIC_READ, NULL, 0, NULL, 0}, "no handler"},
        {{0, "/x", ACT_PUBLIC_READ, NULL, 0, h_none, 0}, "no method"},
        {{HTTP_PATCH, "/x", ACT_PUBLIC_READ, NULL, 0, h_none, 0}, "no method"},
        {{HTTP_GET, "/x", ACT__MAX, NULL, 0, h_none, 0}, "outside the rule table"},
        {{HTTP_POST, "/x", ACT_PUBLIC_READ, holey, HOLE__MAX, h_none, 0}, "has no name"},
        {{HTTP_GET, "/x", ACT_PUBLIC_READ, NULL, 0, h_none, 0, holey, HOLE__MAX}, "has no name"},
        {{HTTP_GET, "/x", ACT_PUBLIC_READ, NULL, 0, h_none, 0, twice, 2}, "occurs twice"},
        {{HTTP_POST, "/x", ACT_PUBLIC_READ, twice, 2, h_none, 0}, "occurs twice"},
        {{HTTP_POST, "/x", ACT_PUBLIC_READ, with_csrf, 1, h_none, 0}, "declares csrf"},
        {{HTTP_GET, "/x", ACT_PUBLIC_READ, NULL, 0, h_none, 0, empty_enum, 1}, "enumeration without values"},
        {{HTTP_GET, "/x", ACT_PUBLIC_READ, NULL, 0, h_none, 0, NULL, 1}, "n_query without query"},
        /* A JSON body is read only where no cookie is (a foreign page could
         * post one with the visitor's cookie and no CSRF token) (docs/security.md). */
        {{HTTP_POST, "/api/x", ACT_PUBLIC_READ, one_field, 1, h_none, ROUTE_JSON_BODY | ROUTE_JSON}, "ROUTE_JSON_BODY takes a POST only"},
        {{HTTP_POST, "/api/x", ACT_PUBLIC_READ, one_field, 1, h_none, ROUTE_JSON_BODY | ROUTE_NO_SESSION}, "ROUTE_JSON_BODY takes a POST only"},
        {{HTTP_GET | HTTP_POST, "/api/x", ACT_PUBLIC_READ, one_field, 1, h_none, ROUTE_JSON_BODY | ROUTE_JSON | ROUTE_NO_SESSION}, "ROUTE_JSON_BODY takes a POST only"},
        {{HTTP_POST, "/api/x", ACT_PUBLIC_READ, one_field, 1, h_none, ROUTE_JSON_BODY | ROUTE_JSON | ROUTE_NO_SESSION | ROUTE_UPLOAD}, "ROUTE_JSON_BODY takes a POST only"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct route table[2] = {routes[0], bad[i].rt};
        dl_error e;
        dl_error_clear(&e);
        if (router_check_table(table, 2, &e) != DL_EINTERNAL || !strstr(e.msg, bad[i].why) ||
            !strstr(e.msg, "route 1")) {
            test_fail(__FILE__, __LINE__, "bad route %zu: \"%s\", expected a refusal naming \"%s\"", i, e.msg,
                      bad[i].why);
            return;
        }
    }
}

TEST(router_table_accepts_what_is_allowed)
{
    const struct route good[] = {
        {HTTP_GET, "/a", ACT_PUBLIC_READ, NULL, 0, h_none, ROUTE_NO_SESSION | ROUTE_NO_DB},
        {HTTP_GET, "/b", ACT_PUBLIC_READ, NULL, 0, h_none, ROUTE_NO_SESSION},
        {HTTP_GET | HTTP_POST, "/c", ACT_ACCOUNT_SELF, one_field, 1, h_none, ROUTE_UPLOAD},
        {HTTP_GET, "/d/{id}", ACT_ORG_VIEW, NULL, 0, h_none, ROUTE_JSON},
        {HTTP_GET, "/e", ACT_PUBLIC_READ, NULL, 0, h_none, ROUTE_NO_SESSION | ROUTE_NO_DB, one_field, 1},
    };
    dl_error e;
    dl_error_clear(&e);
    CHECK_INT_EQ(router_check_table(good, sizeof good / sizeof good[0], &e), DL_OK);
}

TEST(router_media_type_is_exact)
{
    const char *urlenc = "application/x-www-form-urlencoded";
    CHECK(media_type_is("application/x-www-form-urlencoded", urlenc));
    CHECK(media_type_is("Application/X-WWW-Form-Urlencoded", urlenc));
    CHECK(media_type_is("application/x-www-form-urlencoded; charset=UTF-8", urlenc));
    CHECK(media_type_is("  application/x-www-form-urlencoded ;charset=utf-8", urlenc));
    CHECK(!media_type_is("application/x-www-form-urlencodedXYZ", urlenc));
    CHECK(!media_type_is("application/x-www-form-urlencoded-x; a=b", urlenc));
    CHECK(!media_type_is("application/x-www-form", urlenc));
    CHECK(!media_type_is("", urlenc));
    CHECK(!media_type_is(NULL, urlenc));
    CHECK(media_type_is("multipart/form-data; boundary=x", "multipart/form-data"));
    CHECK(!media_type_is("multipart/form-datax; boundary=x", "multipart/form-data"));
}
