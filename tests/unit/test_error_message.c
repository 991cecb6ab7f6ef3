/* test_error_message.c — the error contract (core/err.h, web/http_error.c):
 * what a page says for an error — a sentence written for the user is shown;
 * the store's own words (a constraint, a database error) never are, they go
 * to the operator's log on standard error — and, written out by hand here,
 * each code's number, stable name and HTTP status, and the JSON error the
 * API answers with. */
#include "test.h"

#include "web/handlers/handlers.h"

#include <pthread.h>
#include <stdio.h>

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
    CHECK_INT_EQ(http_status_of(DL_ECONSTRAINT), 409);

    dl_fail(&e, DL_EDB, "database error: no such table: diary_entry");
    shown = error_message(&r, DL_EDB, &e);
    CHECK(strstr(shown, "no such table") == NULL);
    CHECK_CONTAINS(shown, "Databasen svarar inte");
    CHECK_INT_EQ(http_status_of(DL_EDB), 503);

    dl_fail(&e, DL_EINTERNAL, "a bug: %s", "detail");
    CHECK(strstr(error_message(&r, DL_EINTERNAL, &e), "detail") == NULL);
    CHECK_INT_EQ(http_status_of(DL_EINTERNAL), 500);

    /* A sentence written for the user is what the user sees. */
    dl_fail(&e, DL_ECONFLICT, "Koden RH används redan av en annan enhet.");
    CHECK_STR_EQ(error_message(&r, DL_ECONFLICT, &e), "Koden RH används redan av en annan enhet.");
    CHECK_INT_EQ(http_status_of(DL_ECONFLICT), 409);
}

/* The contract by hand: number, name, status. A code renumbered, renamed
 * or given another status breaks API clients; this table says so first. */
static const struct {
    dl_err code;
    int number;
    const char *name;
    int status;
} contract[] = {
    {DL_ENOMEM, 1, "out_of_memory", 500},     {DL_EINVAL, 2, "invalid", 422},
    {DL_ENOTFOUND, 3, "not_found", 404},      {DL_EDENIED, 4, "denied", 403},
    {DL_ECONFLICT, 5, "conflict", 409},       {DL_EDB, 6, "store_failed", 503},
    {DL_EIO, 7, "io_failed", 500},            {DL_ELIMIT, 8, "too_large", 413},
    {DL_EAUTH, 9, "not_signed_in", 401},      {DL_ELOCKED, 10, "locked", 429},
    {DL_ECONFIG, 11, "bad_configuration", 500}, {DL_ECRYPTO, 12, "crypto_failed", 500},
    {DL_EINTERNAL, 13, "internal", 500},      {DL_ECONSTRAINT, 14, "constraint", 409},
    {DL_EBUSY, 15, "busy", 503},              {DL_EREQUEST, 16, "bad_request", 400},
    {DL_EGONE, 17, "gone", 410},              {DL_EMETHOD, 18, "method_not_allowed", 405},
    {DL_EMEDIATYPE, 19, "unsupported_media_type", 415}, {DL_ENOTACCEPTABLE, 20, "not_acceptable", 406},
    {DL_EUPSTREAM, 21, "upstream_failed", 502}, {DL_EURITOOLONG, 22, "uri_too_long", 414},
};

TEST(error_codes_keep_their_number_name_and_status)
{
    CHECK_INT_EQ((int)(sizeof contract / sizeof contract[0]), DL_ERR__MAX - 1);
    for (size_t i = 0; i < sizeof contract / sizeof contract[0]; i++) {
        CHECK_INT_EQ((int)contract[i].code, contract[i].number);
        CHECK_STR_EQ(dl_err_name(contract[i].code), contract[i].name);
        CHECK_INT_EQ(http_status_of(contract[i].code), contract[i].status);
        for (size_t j = 0; j < i; j++) CHECK(strcmp(contract[i].name, contract[j].name) != 0);
    }
    CHECK_STR_EQ(dl_err_name(DL_ERR__MAX), "unknown");
    CHECK_STR_EQ(dl_err_name((dl_err)-1), "unknown");
    CHECK_INT_EQ(http_status_of(DL_ERR__MAX), 500);
    CHECK_INT_EQ(http_status_of(DL_OK), 500);
}

static void json_request(request *r, arena *a)
{
    memset(r, 0, sizeof *r);
    r->a = a;
    r->lang = LANG_SV;
    r->method_text = "GET";
    r->route_name = "/api/v1/test";
    r->wants_json = 1;
}

TEST(json_errors_carry_status_code_name_and_message)
{
    arena *a = arena_new(4096);
    request r;
    json_request(&r, a);
    res_error(&r, DL_ENOTFOUND, "Det finns inget sådant \"ärende\".");
    CHECK_INT_EQ(r.res.status, 404);
    CHECK_STR_EQ(r.res.content_type, "application/json");
    CHECK_STR_EQ(sb_cstr(&r.res.body), "{\"error\":{\"status\":404,\"code\":3,\"name\":\"not_found\","
                                       "\"message\":\"Det finns inget sådant \\\"ärende\\\".\"}}");
    sb_free(&r.res.body);

    /* A store failure is 503 with its code, never 404, and the store's words stay out. */
    json_request(&r, a);
    dl_error e;
    dl_fail(&e, DL_EBUSY, "database is locked");
    res_lookup_failed(&r, DL_EBUSY, &e, "Det finns inget sådant ärende.");
    CHECK_INT_EQ(r.res.status, 503);
    CHECK_CONTAINS(sb_cstr(&r.res.body), "\"code\":15,\"name\":\"busy\"");
    CHECK(strstr(sb_cstr(&r.res.body), "locked") == NULL);
    sb_free(&r.res.body);

    json_request(&r, a);
    dl_fail(&e, DL_ENOTFOUND, "no row");
    res_lookup_failed(&r, DL_ENOTFOUND, &e, "Det finns inget sådant ärende.");
    CHECK_INT_EQ(r.res.status, 404);
    CHECK_CONTAINS(sb_cstr(&r.res.body), "Det finns inget sådant ärende.");
    sb_free(&r.res.body);

    /* An error answer without an error is a bug: 500, internal. */
    json_request(&r, a);
    res_error(&r, DL_OK, "x");
    CHECK_INT_EQ(r.res.status, 500);
    CHECK_CONTAINS(sb_cstr(&r.res.body), "\"code\":13,\"name\":\"internal\"");
    sb_free(&r.res.body);

    /* Control characters in a message are escaped. */
    json_request(&r, a);
    res_error(&r, DL_EINVAL, "rad 1\nrad\\2");
    CHECK_CONTAINS(sb_cstr(&r.res.body), "\"message\":\"rad 1\\u000arad\\\\2\"");
    sb_free(&r.res.body);
    arena_free(a);
}

/* docs/api.md's table of errors (| code | `name` | status | meaning |) says
 * what the code does: every row agrees, and every code has its row. */
TEST(error_table_in_docs_matches_the_code)
{
    FILE *f = fopen("docs/api.md", "r");
    CHECK(f != NULL);
    if (!f) return;
    char line[512];
    int seen[DL_ERR__MAX] = {0}, rows = 0;
    while (fgets(line, sizeof line, f)) {
        int number = 0, status = 0, used = 0;
        char name[64];
        if (sscanf(line, "| %d | `%63[a-z_]` | %d |%n", &number, name, &status, &used) != 3 || !used) continue;
        rows++;
        CHECK(number > 0 && number < DL_ERR__MAX);
        if (number <= 0 || number >= DL_ERR__MAX) continue;
        seen[number]++;
        CHECK_STR_EQ(name, dl_err_name((dl_err)number));
        CHECK_INT_EQ(status, http_status_of((dl_err)number));
    }
    fclose(f);
    CHECK_INT_EQ(rows, DL_ERR__MAX - 1);
    for (int c = 1; c < DL_ERR__MAX; c++) CHECK_INT_EQ(seen[c], 1);
}

/* A translator that knows two formats, one of them translated wrongly. */
static const char *test_english(void *data, const char *msgid)
{
    (void)data;
    if (strcmp(msgid, "Namnet får vara högst %d tecken.") == 0) return "The name may be at most %d characters.";
    if (strcmp(msgid, "Texten innehåller %d uppgift%s.") == 0) return "The text holds %d item(s)%.0s.";
    if (strcmp(msgid, "Fel sort: %d.") == 0) return "Wrong kind: %s."; /* takes another argument */
    if (strcmp(msgid, "Fler: %d.") == 0) return "More: %d %"; /* a lone % at the end */
    if (strcmp(msgid, "Ordning: %s %d.") == 0) return "Order: %2$d %1$s."; /* positional */
    if (strcmp(msgid, "Bredd: %5.2f.") == 0) return "Width: %.1f."; /* the same argument, another width */
    if (strcmp(msgid, "Okänd: %d.") == 0) return "Unknown: %y."; /* no such conversion */
    return msgid;
}

static void *fail_in_another_thread(void *out)
{
    dl_error e;
    dl_fail(&e, DL_EINVAL, "Namnet får vara högst %d tecken.", 120);
    memcpy(out, e.msg, sizeof e.msg);
    return NULL;
}

/* dl_fail() formats from the translation while a translator is set on the
 * thread (the web layer sets the request's), never across threads, and
 * never from a translation that takes other arguments. */
TEST(dl_fail_formats_in_the_requests_language)
{
    dl_error e;
    dl_fail(&e, DL_EINVAL, "Namnet får vara högst %d tecken.", 120);
    CHECK_STR_EQ(e.msg, "Namnet får vara högst 120 tecken.");
    dl_error_translate_with(test_english, NULL);
    dl_fail(&e, DL_EINVAL, "Namnet får vara högst %d tecken.", 120);
    CHECK_STR_EQ(e.msg, "The name may be at most 120 characters.");
    dl_fail(&e, DL_EINVAL, "Texten innehåller %d uppgift%s.", 2, "er");
    CHECK_STR_EQ(e.msg, "The text holds 2 item(s).");
    dl_fail(&e, DL_EINVAL, "Fel sort: %d.", 7);
    CHECK_STR_EQ(e.msg, "Fel sort: 7.");
    dl_fail(&e, DL_EINVAL, "Fler: %d.", 7);
    CHECK_STR_EQ(e.msg, "Fler: 7.");
    dl_fail(&e, DL_EINVAL, "Ordning: %s %d.", "a", 7);
    CHECK_STR_EQ(e.msg, "Ordning: a 7.");
    dl_fail(&e, DL_EINVAL, "Bredd: %5.2f.", 2.25);
    CHECK_STR_EQ(e.msg, "Width: 2.2.");
    dl_fail(&e, DL_EINVAL, "Okänd: %d.", 7);
    CHECK_STR_EQ(e.msg, "Okänd: 7.");
    char other[sizeof ((dl_error *)0)->msg] = "";
    pthread_t t;
    CHECK_INT_EQ(pthread_create(&t, NULL, fail_in_another_thread, other), 0);
    pthread_join(t, NULL);
    CHECK_STR_EQ(other, "Namnet får vara högst 120 tecken.");
    dl_error_translate_with(NULL, NULL);
    dl_fail(&e, DL_EINVAL, "Namnet får vara högst %d tecken.", 120);
    CHECK_STR_EQ(e.msg, "Namnet får vara högst 120 tecken.");
}
