/* test_holder_profile.c — reading a fetched holder profile
 * (src/core/holder_profile.c): a valid one read, and each kind of hostile
 * or malformed input refused with its reason; feed URLs. */
#include "test.h"

#include "core/holder_profile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ORG_OK                                                                                                       \
    "{\"id\":1,\"name\":\"Region A\",\"process_page\":\"/process/1\","                                               \
    "\"steps\":[{\"key\":\"received\",\"label\":\"Inkommen\",\"closed\":false,\"target\":{\"days\":5,\"unit\":\"working_days\"}}," \
    "{\"key\":\"refused\",\"label\":\"Avslagen\",\"closed\":true,\"target\":null}],"                                 \
    "\"decision_target\":{\"days\":90,\"unit\":\"calendar_days\"},"                                                  \
    "\"needed_to_send\":[{\"key\":\"title\",\"label\":\"Titel\"}],"                                                   \
    "\"fees\":{\"charges\":true,\"base_kronor\":500,\"hourly_kronor\":900.5,\"vat_percent\":25},"                    \
    "\"lead_times\":[{\"process\":\"all\",\"measure\":\"complete_application_to_decision\",\"cases\":12,\"median_days\":40.5,\"p90_days\":88},"     \
    "{\"process\":\"1\",\"measure\":\"complete_application_to_decision\",\"cases\":null,\"median_days\":null,\"p90_days\":null}]}"
#define DOC(orgs) "{\"format\":\"datalots-holder-profile/1\",\"generated_at\":\"2026-12-07T04:00:00Z\",\"suppressed_below\":5,\"organisations\":[" orgs "]}"

static dl_err parse(arena *a, const char *text, holder_profile *p, dl_error *e)
{
    return holder_profile_parse(a, text, strlen(text), p, e);
}

TEST(holder_profile_reads_a_valid_profile)
{
    arena *a = arena_new(4096);
    holder_profile p;
    dl_error e;
    CHECK_INT_EQ(parse(a, DOC(ORG_OK), &p, &e), DL_OK);
    CHECK_INT_EQ(p.n_orgs, 1);
    CHECK_STR_EQ(p.orgs[0].name, "Region A");
    CHECK_INT_EQ(p.orgs[0].n_steps, 2);
    CHECK_INT_EQ(p.orgs[0].steps[0].target.days, 5);
    CHECK_INT_EQ(p.orgs[0].steps[1].closed, 1);
    CHECK_INT_EQ(p.orgs[0].decision_target.calendar, 1);
    CHECK_INT_EQ(p.orgs[0].charges, 1);
    CHECK_INT_EQ(p.orgs[0].vat_percent, 25);
    CHECK_INT_EQ(p.orgs[0].lead[0].shown, 1);
    CHECK_INT_EQ(p.orgs[0].lead[0].cases, 12);
    CHECK_INT_EQ(p.orgs[0].lead[1].shown, 0);
    CHECK_INT_EQ(p.orgs[0].lead[2].shown, 0);
    CHECK_INT_EQ(p.orgs[0].delivery.shown, 0);
    CHECK_INT_EQ(parse(a, DOC(), &p, &e), DL_OK);
    CHECK_INT_EQ(p.n_orgs, 0);
    arena_free(a);
}

/* The valid organisation with one substring replaced. */
static char *with(const char *from, const char *to)
{
    const char *doc = DOC(ORG_OK);
    const char *at = strstr(doc, from);
    if (!at) return NULL;
    size_t n = strlen(doc) - strlen(from) + strlen(to) + 1;
    char *out = malloc(n);
    if (!out) return NULL;
    memcpy(out, doc, (size_t)(at - doc));
    strcpy(out + (at - doc), to);
    strcat(out, at + strlen(from));
    return out;
}

TEST(holder_profile_refuses_what_is_out_of_shape)
{
    static const struct { const char *from, *to, *why; } bad[] = {
        {"\"median_days\":40.5", "\"median_days\":-3", "a lead time is not a number of days"},
        {"\"median_days\":40.5", "\"median_days\":4000", "a lead time is not a number of days"},
        {"\"p90_days\":88", "\"p90_days\":10", "below its median"},
        {"\"cases\":12", "\"cases\":3", "number of cases"},
        {"\"cases\":12", "\"cases\":12.5", "number of cases"},
        {"\"vat_percent\":25", "\"vat_percent\":7", "fee schedule"},
        {"\"base_kronor\":500", "\"base_kronor\":\"500\"", "fee schedule"},
        {"\"days\":5,", "\"days\":0,", "target"},
        {"\"unit\":\"working_days\"", "\"unit\":\"weeks\"", "target"},
        {"\"name\":\"Region A\"", "\"name\":\"Region\\u0007A\"", "name"},
        {"\"name\":\"Region A\"", "\"name\":\"\"", "name"},
        {"\"name\":\"Region A\"", "\"name\":7", "name"},
        {"\"process\":\"all\"", "\"process\":\"3\"", "unknown process"},
        {"\"measure\":\"complete_application_to_decision\",\"cases\":12", "\"measure\":\"eta\",\"cases\":12", "unknown measure"},
        {"\"target\":null}", "\"target\":null,\"lead\":{\"cases\":6,\"median_days\":9,\"p90_days\":-1}}", "number of days"},
        {"\"label\":\"Titel\"", "\"label\":null", "needed field"},
        {"\"charges\":true", "\"charges\":1", "whether it charges"},
        {"datalots-holder-profile/1", "datalots-holder-profile/2", "not a datalots-holder-profile/1"},
        {"\"generated_at\":\"2026-12-07T04:00:00Z\"", "\"generated_at\":null", "when it was made"},
        {"\"organisations\":[", "\"organisations\":{\"a\":[", "not valid JSON"},
    };
    arena *a = arena_new(4096);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *doc = with(bad[i].from, bad[i].to);
        CHECK(doc != NULL);
        if (!doc) continue;
        holder_profile p;
        dl_error e;
        dl_err rc = parse(a, doc, &p, &e);
        CHECK(rc != DL_OK);
        if (rc != DL_OK && !strstr(e.msg, bad[i].why)) test_fail(__FILE__, __LINE__, "%s: %s", bad[i].to, e.msg);
        CHECK_INT_EQ(p.n_orgs, 0);
        free(doc);
    }
    holder_profile p;
    dl_error e;
    CHECK_INT_EQ(parse(a, "not json", &p, &e), DL_EINVAL);
    CHECK_INT_EQ(parse(a, "[]", &p, &e), DL_EINVAL);
    CHECK_INT_EQ(parse(a, "{\"format\":\"datalots-holder-profile/1\",\"format\":\"x\"}", &p, &e), DL_EINVAL);
    char *big = malloc(HOLDER_PROFILE_MAX_BYTES + 2);
    if (big) {
        memset(big, ' ', HOLDER_PROFILE_MAX_BYTES + 1);
        big[HOLDER_PROFILE_MAX_BYTES + 1] = '\0';
        CHECK_INT_EQ(holder_profile_parse(a, big, HOLDER_PROFILE_MAX_BYTES + 1, &p, &e), DL_ELIMIT);
        free(big);
    }
    arena_free(a);
}

/* Version 2: a step's lead times per process; version 1 (none given) still reads. */
TEST(holder_profile_reads_the_steps_per_process)
{
    static const char *step = "\"target\":{\"days\":5,\"unit\":\"working_days\"}}";
    arena *a = arena_new(4096);
    holder_profile p;
    dl_error e;
    CHECK_INT_EQ(parse(a, DOC(ORG_OK), &p, &e), DL_OK);
    CHECK_INT_EQ(p.version, 1);
    CHECK_INT_EQ(p.orgs[0].steps[0].by_process[0].shown, 0);
    char *doc = with(step, "\"target\":{\"days\":5,\"unit\":\"working_days\"},\"lead\":{\"cases\":9,\"median_days\":3,"
                           "\"p90_days\":7},\"lead_by_process\":{\"1\":{\"cases\":6,\"median_days\":2.5,\"p90_days\":6},"
                           "\"2\":{\"cases\":null,\"median_days\":null,\"p90_days\":null}}}");
    char *v2 = doc ? malloc(strlen(doc) + 16) : NULL;
    if (v2) {
        strcpy(v2, "{\"version\":2,");
        strcat(v2, doc + 1);
        CHECK_INT_EQ(parse(a, v2, &p, &e), DL_OK);
        CHECK_INT_EQ(p.version, 2);
        CHECK_INT_EQ(p.orgs[0].steps[0].by_process[0].shown, 1);
        CHECK_INT_EQ(p.orgs[0].steps[0].by_process[0].cases, 6);
        CHECK(p.orgs[0].steps[0].by_process[0].median_days == 2.5);
        CHECK_INT_EQ(p.orgs[0].steps[0].by_process[1].shown, 0);
    }
    CHECK(v2 != NULL);
    free(v2);
    free(doc);
    static const struct { const char *to, *why; } bad[] = {
        {"\"lead_by_process\":{\"1\":{\"cases\":6,\"median_days\":8,\"p90_days\":6}}}", "below its median"},
        {"\"lead_by_process\":{\"3\":{\"cases\":6,\"median_days\":1,\"p90_days\":6}}}", "unknown process"},
        {"\"lead_by_process\":[1,2]}", "process 1 and 2"},
        {"\"lead_by_process\":{\"1\":5}}", "not an object"},
        {"\"lead_by_process\":{\"2\":{\"cases\":2,\"median_days\":1,\"p90_days\":6}}}", "number of cases"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char to[300];
        snprintf(to, sizeof to, "\"target\":{\"days\":5,\"unit\":\"working_days\"},%s", bad[i].to);
        char *d = with(step, to);
        CHECK(d != NULL);
        if (!d) continue;
        dl_err rc = parse(a, d, &p, &e);
        CHECK(rc != DL_OK);
        if (rc != DL_OK && !strstr(e.msg, bad[i].why)) test_fail(__FILE__, __LINE__, "%s: %s", bad[i].to, e.msg);
        free(d);
    }
    char *d = with("{\"format\"", "{\"version\":\"2\",\"format\"");
    CHECK(d != NULL);
    if (d) {
        CHECK_INT_EQ(parse(a, d, &p, &e), DL_EINVAL);
        CHECK(strstr(e.msg, "version") != NULL);
        free(d);
    }
    arena_free(a);
}

TEST(holder_feed_urls)
{
    CHECK_INT_EQ(holder_feed_url_valid("https://region.example/api/v1/holder-profile"), 1);
    CHECK_INT_EQ(holder_feed_url_valid("http://127.0.0.1:8080/api/v1/holder-profile"), 1);
    static const char *const bad[] = {"ftp://x/y", "file:///etc/passwd", "http://", "https:///x", "http://a b/",
                                      "http://a/\"x", "http://a/<x>", "javascript:alert(1)", "", "HTTP://a/"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) CHECK_INT_EQ(holder_feed_url_valid(bad[i]), 0);
}
