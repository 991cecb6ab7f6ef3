/* test_pathparam.c — unit tests for src/web/pathparam.c: route patterns with
 * {parameters} and strict id parsing. */
#include "test.h"

#include "web/pathparam.h"

#include <stdlib.h>

TEST(pathparam_literal)
{
    CHECK_INT_EQ(path_match("/", "/", NULL, NULL, 0), 0);
    CHECK_INT_EQ(path_match("/admin", "/admin", NULL, NULL, 0), 0);
    CHECK_INT_EQ(path_match("/admin/users", "/admin/users", NULL, NULL, 0), 0);
    CHECK_INT_EQ(path_match("/admin", "/admin/", NULL, NULL, 0), -1); /* trailing slash */
    CHECK_INT_EQ(path_match("/admin/", "/admin", NULL, NULL, 0), -1);
    CHECK_INT_EQ(path_match("/admin", "/Admin", NULL, NULL, 0), -1);
    CHECK_INT_EQ(path_match("/admin", "/adminx", NULL, NULL, 0), -1);
    CHECK_INT_EQ(path_match("/adminx", "/admin", NULL, NULL, 0), -1);
    CHECK_INT_EQ(path_match("/admin", "/admin/users", NULL, NULL, 0), -1);
    CHECK_INT_EQ(path_match("/", "", NULL, NULL, 0), -1);
    CHECK_INT_EQ(path_match("/", "//", NULL, NULL, 0), -1);
    CHECK_INT_EQ(path_match("/a/b", "/a//b", NULL, NULL, 0), -1);
    CHECK_INT_EQ(path_match(NULL, "/", NULL, NULL, 0), -1);
    CHECK_INT_EQ(path_match("/", NULL, NULL, NULL, 0), -1);
}

TEST(pathparam_params)
{
    const char *p[4];
    size_t pl[4];
    const char *path = "/admin/users/42/roles/7";
    CHECK_INT_EQ(path_match("/admin/users/{id}/roles/{rid}", path, p, pl, 4), 2);
    CHECK(p[0] == path + 13);
    CHECK_INT_EQ(pl[0], 2);
    CHECK(memcmp(p[0], "42", 2) == 0);
    CHECK(p[1] == path + 22);
    CHECK_INT_EQ(pl[1], 1);
    CHECK(p[1][0] == '7');

    CHECK_INT_EQ(path_match("/u/{id}", "/u/abc%20def", p, pl, 4), 1);
    CHECK_INT_EQ(pl[0], 9);
    CHECK_INT_EQ(path_match("/{a}/{b}/{c}/{d}", "/1/2/3/4", p, pl, 4), 4);
    CHECK(p[3][0] == '4' && pl[3] == 1);
    CHECK_INT_EQ(path_match("/{a}", "/x", p, pl, 1), 1);
    CHECK_INT_EQ(path_match("/u/{id}/edit", "/u/5/edit", p, pl, 4), 1);
    CHECK_INT_EQ(pl[0], 1);
}

TEST(pathparam_non_matches)
{
    const char *p[4];
    size_t pl[4];
    CHECK_INT_EQ(path_match("/u/{id}", "/u/", p, pl, 4), -1);       /* empty segment */
    CHECK_INT_EQ(path_match("/u/{id}", "/u", p, pl, 4), -1);
    CHECK_INT_EQ(path_match("/u/{id}", "/u/5/", p, pl, 4), -1);     /* trailing slash */
    CHECK_INT_EQ(path_match("/u/{id}", "/u/5/6", p, pl, 4), -1);    /* no '/' in a param */
    CHECK_INT_EQ(path_match("/u/{id}", "/v/5", p, pl, 4), -1);
    CHECK_INT_EQ(path_match("/u/{id}/edit", "/u/5/delete", p, pl, 4), -1);
    CHECK_INT_EQ(path_match("/u/{id}/edit", "/u//edit", p, pl, 4), -1);
    CHECK_INT_EQ(path_match("/u/{id}", "//u/5", p, pl, 4), -1);
    /* More params in the pattern than room for them. */
    CHECK_INT_EQ(path_match("/{a}/{b}", "/1/2", p, pl, 1), -1);
    CHECK_INT_EQ(path_match("/{a}", "/1", NULL, NULL, 0), -1);
    CHECK_INT_EQ(path_match("/{a}", "/1", NULL, NULL, 1), -1);
    CHECK_INT_EQ(path_match("/{a}", "/1", p, pl, -1), -1);
    /* Only a whole "{name}" segment is a parameter; the rest is literal. */
    CHECK_INT_EQ(path_match("/u{id}", "/u5", p, pl, 4), -1);
    CHECK_INT_EQ(path_match("/u{id}", "/u{id}", p, pl, 4), 0);
    CHECK_INT_EQ(path_match("/{}", "/x", p, pl, 4), -1);
    CHECK_INT_EQ(path_match("/{}", "/{}", p, pl, 4), 0);
}

TEST(pathparam_long_path)
{
    size_t n = PATH_MATCH_MAX_LEN + 10;
    char *path = malloc(n + 1);
    CHECK(path != NULL);
    memset(path, 'a', n);
    path[0] = '/';
    path[n] = '\0';
    const char *p[1];
    size_t pl[1];
    CHECK_INT_EQ(path_match("/{x}", path, p, pl, 1), -1);
    path[PATH_MATCH_MAX_LEN] = '\0';
    CHECK_INT_EQ(path_match("/{x}", path, p, pl, 1), 1);
    CHECK_INT_EQ(pl[0], PATH_MATCH_MAX_LEN - 1);
    free(path);
}

TEST(pathparam_id)
{
    int64_t v = -99;
    CHECK_INT_EQ(path_param_id("1", 1, &v), 1);
    CHECK_INT_EQ(v, 1);
    CHECK_INT_EQ(path_param_id("42", 2, &v), 1);
    CHECK_INT_EQ(v, 42);
    CHECK_INT_EQ(path_param_id("999999999999999999", 18, &v), 1);
    CHECK(v == INT64_C(999999999999999999));
    CHECK_INT_EQ(path_param_id("100000000000000000", 18, &v), 1);
    CHECK(v == INT64_C(100000000000000000));
    /* Only n bytes count. */
    CHECK_INT_EQ(path_param_id("12/edit", 2, &v), 1);
    CHECK_INT_EQ(v, 12);

    static const char *const bad[] = {
        "", "0", "00", "01", "007", "-1", "+1", "1a", "a1", " 1", "1 ", "1.0", "0x1",
        "1e3", "１", "1000000000000000000" /* 19 digits */, "9999999999999999999",
        "99999999999999999999",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        v = -99;
        if (path_param_id(bad[i], strlen(bad[i]), &v) != 0 || v != -99) {
            test_fail(__FILE__, __LINE__, "accepted \"%s\"", bad[i]);
            return;
        }
    }
    CHECK_INT_EQ(path_param_id(NULL, 0, &v), 0);
    CHECK_INT_EQ(path_param_id("1", 1, NULL), 0);
    CHECK_INT_EQ(path_param_id("1\0" "2", 3, &v), 0); /* embedded NUL */
}

TEST(pathparam_match_then_id)
{
    const char *p[2];
    size_t pl[2];
    int64_t uid = 0, rid = 0;
    CHECK_INT_EQ(path_match("/admin/users/{id}/roles/{rid}", "/admin/users/17/roles/3", p, pl, 2), 2);
    CHECK_INT_EQ(path_param_id(p[0], pl[0], &uid), 1);
    CHECK_INT_EQ(path_param_id(p[1], pl[1], &rid), 1);
    CHECK_INT_EQ(uid, 17);
    CHECK_INT_EQ(rid, 3);
    CHECK_INT_EQ(path_match("/admin/users/{id}", "/admin/users/017", p, pl, 2), 1);
    CHECK_INT_EQ(path_param_id(p[0], pl[0], &uid), 0);
}
