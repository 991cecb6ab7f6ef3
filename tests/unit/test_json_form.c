/* test_json_form.c — web/json_form.c: a JSON object becomes the urlencoded
 * pairs a browser would send, for each kind of field; everything else is
 * refused with a sentence naming the member. */
#include "test.h"

#include <string.h>

#include "web/json_form.h"

static const char *const colours[] = {"red", "green", NULL};
static const field_spec specs[] = {
    {.name = "what", .type = FIELD_MULTILINE},
    {.name = "count", .type = FIELD_INT},
    {.name = "ok", .type = FIELD_BOOL},
    {.name = "colour", .type = FIELD_CHECKBOXES, .enum_values = colours},
};
#define N (sizeof specs / sizeof specs[0])

static dl_err enc(arena *a, const char *json, const char **out, dl_error *e)
{
    size_t len = 0;
    dl_err rc = json_form_encode(a, json, strlen(json), specs, N, out, &len, e);
    if (rc == DL_OK && len != strlen(*out)) test_fail(__FILE__, __LINE__, "length %zu of \"%s\"", len, *out);
    return rc;
}

TEST(json_form_every_kind_of_value)
{
    arena *a = arena_new(4096);
    const char *out = NULL;
    dl_error e;
    CHECK_INT_EQ(enc(a, "{\"what\": \"a & b=c\\nÅ\", \"count\": 42, \"ok\": true, \"colour\": [\"red\", \"green\"]}",
                     &out, &e), DL_OK);
    CHECK_STR_EQ(out, "what=a%20%26%20b%3Dc%0A%C3%85&count=42&ok=1&colour=red&colour=green");
    CHECK_INT_EQ(enc(a, "{\"what\": null, \"ok\": false}", &out, &e), DL_OK);
    CHECK_STR_EQ(out, "ok=0");
    CHECK_INT_EQ(enc(a, "{}", &out, &e), DL_OK);
    CHECK_STR_EQ(out, "");
    /* A text field may come as a string only, even for a number. */
    CHECK_INT_EQ(enc(a, "{\"count\": \"7\"}", &out, &e), DL_OK);
    CHECK_STR_EQ(out, "count=7");
    arena_free(a);
}

TEST(json_form_refuses_with_a_sentence)
{
    arena *a = arena_new(4096);
    const char *out = NULL;
    dl_error e;
    static const struct { const char *json, *says; } cases[] = {
        {"", "giltig JSON"},
        {"{\"what\": ", "giltig JSON"},
        {"[]", "JSON-objekt"},
        {"\"what\"", "JSON-objekt"},
        {"42", "JSON-objekt"},
        {"{\"who\": \"x\"}", "\"who\" finns inte"},
        {"{\"what\": 1}", "\"what\" har fel sorts värde"},
        {"{\"what\": true}", "\"what\" har fel sorts värde"},
        {"{\"what\": {\"a\": 1}}", "\"what\" har fel sorts värde"},
        {"{\"count\": 1.5}", "\"count\" har fel sorts värde"},
        {"{\"ok\": \"yes\", \"ok\": true}", "två gånger"},
        {"{\"colour\": [\"red\", 2]}", "lista av textvärden"},
        {"{\"colour\": \"red\", \"x\": 1}", "\"x\" finns inte"},
        {"{\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\": 1}", "mycket långt namn"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dl_error_clear(&e);
        if (enc(a, cases[i].json, &out, &e) != DL_EINVAL) {
            test_fail(__FILE__, __LINE__, "%s was taken", cases[i].json);
            continue;
        }
        if (!strstr(e.msg, cases[i].says)) test_fail(__FILE__, __LINE__, "%s: \"%s\"", cases[i].json, e.msg);
    }
    arena_free(a);
}
