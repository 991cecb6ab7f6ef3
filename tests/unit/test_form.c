/* test_form.c — unit tests for src/web/form.c: strict %-decoding, body-level
 * rejection (bad escapes, invalid UTF-8, NUL, control characters, repeats,
 * too many pairs, long names), per-field validation of every field type,
 * form_at, and query strings (query_parse_tr). */
#include "test.h"

#include "core/arena.h"
#include "core/err.h"
#include "web/form.h"

#include <stdlib.h>

static const char *const colours[] = {"röd", "grön", "blå", NULL};

/* A spec table used by most tests. */
static const field_spec specs[] = {
    {.name = "name", .type = FIELD_TEXT, .required = 1, .max_len = 10, .label_sv = "Namn"},
    {.name = "note", .type = FIELD_MULTILINE, .label_sv = "Anteckning"},
    {.name = "age", .type = FIELD_INT, .min = 0, .max = 150, .label_sv = "Ålder"},
    {.name = "count", .type = FIELD_INT, .label_sv = "Antal"},
    {.name = "email", .type = FIELD_EMAIL, .label_sv = "E-post"},
    {.name = "born", .type = FIELD_DATE, .label_sv = "Födelsedag"},
    {.name = "colour", .type = FIELD_ENUM, .enum_values = colours, .label_sv = "Färg"},
    {.name = "ok", .type = FIELD_BOOL, .label_sv = "Godkänn"},
    {.name = "csrf", .type = FIELD_TOKEN, .label_sv = "Säkerhetsnyckel"},
    {.name = "pw", .type = FIELD_PASSWORD, .label_sv = "Lösenord"},
};
#define N_SPECS (sizeof specs / sizeof specs[0])

/* These tests name fields by their spec's name, for readability; the
 * program itself reads them by position (form_at). */
static const form_value *by_name(const form *f, const char *name)
{
    if (!f || !name) return NULL;
    for (size_t k = 0; k < f->n; k++)
        if (f->values[k].name && strcmp(f->values[k].name, name) == 0) return form_at(f, k);
    return NULL;
}
static const char *text_of(const form *f, const char *name)
{
    const form_value *v = by_name(f, name);
    return v ? v->text : NULL;
}

/* Parses body against specs; the arena is kept for the test's lifetime
 * (each test runs in its own process). */
static dl_err parse(const char *body, form *f, dl_error *e)
{
    static arena *a;
    if (!a) a = arena_new(4096);
    dl_error_clear(e);
    return form_parse(a, body, strlen(body), specs, N_SPECS, f, e);
}

/* Expects the whole parse to fail with DL_EINVAL and a message. */
#define CHECK_REJECTED(body, needle)                                        \
    do {                                                                    \
        form f_;                                                            \
        dl_error e_;                                                        \
        CHECK_INT_EQ(parse((body), &f_, &e_), DL_EINVAL);                   \
        CHECK_INT_EQ(e_.code, DL_EINVAL);                                   \
        CHECK_CONTAINS(e_.msg, (needle));                                   \
        CHECK(f_.values == NULL && f_.n == 0);                              \
    } while (0)

/* Parses name=Anna&<extra> and expects field `fname` to carry an error. */
#define CHECK_FIELD_ERROR(extra, fname, needle)                             \
    do {                                                                    \
        form f_;                                                            \
        dl_error e_;                                                        \
        CHECK_INT_EQ(parse("name=Anna&" extra, &f_, &e_), DL_OK);           \
        const form_value *v_ = by_name(&f_, (fname));                      \
        CHECK(v_ != NULL);                                                  \
        CHECK(v_->text == NULL);                                            \
        CHECK(v_->present);                                                 \
        CHECK_CONTAINS(v_->error, (needle));                                \
        CHECK_INT_EQ(f_.n_errors, 1);                                       \
        CHECK(f_.first_error == v_->error);                                 \
        CHECK(text_of(&f_, "name") != NULL);                              \
    } while (0)

/* Parses name=Anna&<extra> and expects field `fname` to hold `want`. */
#define CHECK_FIELD_OK(extra, fname, want)                                  \
    do {                                                                    \
        form f_;                                                            \
        dl_error e_;                                                        \
        CHECK_INT_EQ(parse("name=Anna&" extra, &f_, &e_), DL_OK);           \
        CHECK_INT_EQ(f_.n_errors, 0);                                       \
        CHECK(f_.first_error == NULL);                                      \
        CHECK_STR_EQ(text_of(&f_, (fname)), (want));                      \
        CHECK(by_name(&f_, (fname))->error == NULL);                       \
    } while (0)

/* ---- url_decode ---- */

TEST(form_url_decode_basics)
{
    arena *a = arena_new(1024);
    dl_error e;
    char *out = NULL;
    size_t n = 0;
    CHECK_INT_EQ(url_decode(a, "a+b%20c%2Fd%2f", 14, 1, &out, &n, &e), DL_OK);
    CHECK_STR_EQ(out, "a b c/d/");
    CHECK_INT_EQ(n, 8);
    CHECK_INT_EQ(url_decode(a, "a+b", 3, 0, &out, &n, &e), DL_OK);
    CHECK_STR_EQ(out, "a+b");
    CHECK_INT_EQ(url_decode(a, "%C3%A5%c3%a4", 12, 0, &out, &n, &e), DL_OK);
    CHECK_STR_EQ(out, "åä");
    CHECK_INT_EQ(url_decode(a, "", 0, 0, &out, &n, &e), DL_OK);
    CHECK_STR_EQ(out, "");
    CHECK_INT_EQ(n, 0);
    CHECK_INT_EQ(url_decode(a, NULL, 0, 0, &out, NULL, &e), DL_OK);
    CHECK_STR_EQ(out, "");
    /* Only n bytes are read: the "%" after them is never seen. */
    CHECK_INT_EQ(url_decode(a, "ab%", 2, 0, &out, &n, &e), DL_OK);
    CHECK_STR_EQ(out, "ab");
    /* %25 decodes to a literal '%' and is not decoded twice. */
    CHECK_INT_EQ(url_decode(a, "%2541", 5, 0, &out, &n, &e), DL_OK);
    CHECK_STR_EQ(out, "%41");
    arena_free(a);
}

TEST(form_url_decode_rejects)
{
    static const char *const bad[] = {
        "%", "%4", "%zz", "%4g", "%g4", "a%", "a%2", "%%41", "% 41", "%-1", "%+1",
        "%00", "a%00b",                       /* NUL */
        "%C0%AF", "%C0%80", "%E0%80%AF",      /* overlong */
        "%ED%A0%80", "%ED%BF%BF",             /* surrogates */
        "%F4%90%80%80", "%F5%80%80%80",       /* above U+10FFFF */
        "%C3", "%E2%82", "%80", "%FF", "\xff", "\xc3", /* truncated, stray, raw */
    };
    arena *a = arena_new(1024);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        dl_error e;
        dl_error_clear(&e);
        char *out = (char *)"untouched";
        if (url_decode(a, bad[i], strlen(bad[i]), 1, &out, NULL, &e) != DL_EINVAL) {
            test_fail(__FILE__, __LINE__, "url_decode accepted \"%s\"", bad[i]);
            return;
        }
        CHECK_STR_EQ(out, "untouched");
        CHECK_INT_EQ(e.code, DL_EINVAL);
        CHECK(e.msg[0] != '\0');
    }
    /* A raw NUL inside the counted bytes is refused too. */
    dl_error e;
    char *out = NULL;
    CHECK_INT_EQ(url_decode(a, "a\0b", 3, 0, &out, NULL, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "nolltecken");
    CHECK_INT_EQ(url_decode(a, "%zz", 3, 0, &out, NULL, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "%-kodning");
    arena_free(a);
}

/* ---- a good form ---- */

TEST(form_parse_all_types_ok)
{
    form f;
    dl_error e;
    const char *body =
        "name=+Anna+Andersson+&note=rad+1%0D%0Arad+2%0Drad+3&age=42&count=-7"
        "&email=anna%40example.se&born=2024-02-29&colour=gr%C3%B6n&ok=on"
        "&csrf=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
        "&pw=+hemligt+l%C3%B6sen+";
    /* name max_len is 10 in specs, so use a roomier table here. */
    field_spec sp[N_SPECS];
    memcpy(sp, specs, sizeof sp);
    sp[0].max_len = 0;
    arena *a = arena_new(4096);
    CHECK_INT_EQ(form_parse(a, body, strlen(body), sp, N_SPECS, &f, &e), DL_OK);
    CHECK_INT_EQ(e.code, DL_OK);
    CHECK_INT_EQ(f.n_errors, 0);
    CHECK(f.first_error == NULL);
    CHECK_INT_EQ(f.n, N_SPECS);
    CHECK_STR_EQ(text_of(&f, "name"), "Anna Andersson");
    CHECK_STR_EQ(text_of(&f, "note"), "rad 1\nrad 2\nrad 3");
    CHECK_STR_EQ(text_of(&f, "age"), "42");
    CHECK_INT_EQ(by_name(&f, "age")->num, 42);
    CHECK_INT_EQ(by_name(&f, "count")->num, -7);
    CHECK_STR_EQ(text_of(&f, "email"), "anna@example.se");
    CHECK_STR_EQ(text_of(&f, "born"), "2024-02-29");
    CHECK_INT_EQ(by_name(&f, "born")->num, 20240229);
    CHECK_STR_EQ(text_of(&f, "colour"), "grön");
    CHECK_INT_EQ(by_name(&f, "colour")->num, 1);
    CHECK_INT_EQ(by_name(&f, "ok")->num, 1);
    CHECK_STR_EQ(text_of(&f, "csrf"),
                 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    CHECK_STR_EQ(text_of(&f, "pw"), " hemligt lösen "); /* passwords are not trimmed */
    for (size_t i = 0; i < f.n; i++) {
        CHECK(f.values[i].present);
        CHECK(f.values[i].error == NULL);
        CHECK_STR_EQ(f.values[i].name, sp[i].name);
    }
    CHECK(by_name(&f, "nosuch") == NULL);
    CHECK(text_of(&f, "nosuch") == NULL);
    CHECK(by_name(NULL, "name") == NULL);
    arena_free(a);
}

TEST(form_parse_empty_body_without_required_ok)
{
    static const field_spec opt[] = {
        {.name = "q", .type = FIELD_TEXT, .label_sv = "Sök"},
        {.name = "page", .type = FIELD_INT, .min = 1, .max = 1000, .label_sv = "Sida"},
        {.name = "ok", .type = FIELD_BOOL, .label_sv = "Godkänn"},
    };
    arena *a = arena_new(1024);
    form f;
    dl_error e;
    CHECK_INT_EQ(form_parse(a, "", 0, opt, 3, &f, &e), DL_OK);
    CHECK_INT_EQ(f.n_errors, 0);
    CHECK(text_of(&f, "q") == NULL);
    CHECK(!by_name(&f, "q")->present);
    CHECK(text_of(&f, "page") == NULL);
    CHECK_INT_EQ(by_name(&f, "ok")->num, 0);
    CHECK(text_of(&f, "ok") == NULL);
    CHECK_INT_EQ(form_parse(a, NULL, 0, opt, 3, &f, &e), DL_OK);
    CHECK_INT_EQ(f.n_errors, 0);
    /* Present but empty optional values: text "" for text, NULL for typed. */
    CHECK_INT_EQ(form_parse(a, "q=&page=&ok=", 12, opt, 3, &f, &e), DL_OK);
    CHECK_INT_EQ(f.n_errors, 0);
    CHECK_STR_EQ(text_of(&f, "q"), "");
    CHECK(by_name(&f, "q")->present);
    CHECK(text_of(&f, "page") == NULL);
    CHECK(by_name(&f, "page")->present);
    CHECK_INT_EQ(by_name(&f, "ok")->num, 0);
    /* Empty segments and a key without '=' are fine. */
    CHECK_INT_EQ(form_parse(a, "&&q&&", 5, opt, 3, &f, &e), DL_OK);
    CHECK_STR_EQ(text_of(&f, "q"), "");
    arena_free(a);
}

TEST(form_parse_empty_body_with_required_reports_field)
{
    form f;
    dl_error e;
    CHECK_INT_EQ(parse("", &f, &e), DL_OK);
    CHECK_INT_EQ(f.n_errors, 1);
    CHECK_CONTAINS(f.first_error, "Namn");
    CHECK_CONTAINS(f.first_error, "måste fyllas i");
    CHECK(text_of(&f, "name") == NULL);
    CHECK(!by_name(&f, "name")->present);
}

TEST(form_parse_unknown_fields_ignored)
{
    form f;
    dl_error e;
    CHECK_INT_EQ(parse("evil=1&name=Bo&__proto__=x&note2=a%0Ab", &f, &e), DL_OK);
    CHECK_INT_EQ(f.n_errors, 0);
    CHECK_STR_EQ(text_of(&f, "name"), "Bo");
    CHECK(by_name(&f, "evil") == NULL);
    CHECK_INT_EQ(f.n, N_SPECS);
    /* An unknown field is still checked for well-formedness. */
    CHECK_REJECTED("name=Bo&evil=%zz", "%-kodning");
    CHECK_REJECTED("name=Bo&evil=%01", "styrtecken");
}

TEST(form_parse_metacharacters_pass_through)
{
    form f;
    dl_error e;
    static const field_spec sp[] = {
        {.name = "t", .type = FIELD_TEXT, .label_sv = "Text"},
        {.name = "m", .type = FIELD_MULTILINE, .label_sv = "Text"},
    };
    const char *body = "t=Robert%27%29%3B+DROP+TABLE+users%3B--+%22%5C%25_*"
                       "&m=%3Cscript%3Ealert(1)%3C%2Fscript%3E%26amp%3B";
    arena *a = arena_new(1024);
    CHECK_INT_EQ(form_parse(a, body, strlen(body), sp, 2, &f, &e), DL_OK);
    CHECK_INT_EQ(f.n_errors, 0);
    CHECK_STR_EQ(text_of(&f, "t"), "Robert'); DROP TABLE users;-- \"\\%_*");
    CHECK_STR_EQ(text_of(&f, "m"), "<script>alert(1)</script>&amp;");
    arena_free(a);
}

/* ---- body-level rejection ---- */

TEST(form_reject_bad_percent_escapes)
{
    CHECK_REJECTED("name=%", "%-kodning");
    CHECK_REJECTED("name=%4", "%-kodning");
    CHECK_REJECTED("name=%zz", "%-kodning");
    CHECK_REJECTED("name=%4z", "%-kodning");
    CHECK_REJECTED("name=%z4", "%-kodning");
    CHECK_REJECTED("name=a%", "%-kodning");
    CHECK_REJECTED("name=%%", "%-kodning");
    CHECK_REJECTED("name=%+4", "%-kodning");
    CHECK_REJECTED("name=% 4", "%-kodning");
    CHECK_REJECTED("name=%4&note=x", "%-kodning"); /* escape cut by '&' */
    CHECK_REJECTED("na%me=x", "%-kodning");         /* in the key */
    CHECK_REJECTED("%=x", "%-kodning");
    CHECK_REJECTED("name=Bo&note=ok%", "%-kodning");
}

TEST(form_reject_invalid_utf8)
{
    CHECK_REJECTED("name=%C0%AF", "UTF-8");        /* overlong '/' */
    CHECK_REJECTED("name=%C0%80", "UTF-8");        /* overlong NUL */
    CHECK_REJECTED("name=%E0%80%AF", "UTF-8");     /* 3-byte overlong */
    CHECK_REJECTED("name=%F0%80%80%AF", "UTF-8");  /* 4-byte overlong */
    CHECK_REJECTED("name=%ED%A0%80", "UTF-8");     /* surrogate U+D800 */
    CHECK_REJECTED("name=%ED%BF%BF", "UTF-8");     /* surrogate U+DFFF */
    CHECK_REJECTED("name=%F4%90%80%80", "UTF-8");  /* U+110000 */
    CHECK_REJECTED("name=%C3", "UTF-8");           /* truncated */
    CHECK_REJECTED("name=%C3x", "UTF-8");
    CHECK_REJECTED("name=%80", "UTF-8");           /* stray continuation */
    CHECK_REJECTED("name=%FE", "UTF-8");
    CHECK_REJECTED("name=\xc3\x28", "UTF-8");      /* raw invalid byte */
    CHECK_REJECTED("n%C3=x", "UTF-8");             /* in the key */
}

TEST(form_reject_nul)
{
    CHECK_REJECTED("name=%00", "nolltecken");
    CHECK_REJECTED("name=a%00b", "nolltecken");
    CHECK_REJECTED("na%00me=a", "nolltecken");
    form f;
    dl_error e;
    arena *a = arena_new(1024);
    /* A raw NUL byte inside the body's counted length. */
    CHECK_INT_EQ(form_parse(a, "name=a\0b", 8, specs, N_SPECS, &f, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "nolltecken");
    arena_free(a);
}

TEST(form_reject_control_characters)
{
    CHECK_REJECTED("name=a%01b", "styrtecken");
    CHECK_REJECTED("name=a%1Bb", "styrtecken");   /* ESC */
    CHECK_REJECTED("name=a%7Fb", "styrtecken");   /* DEL */
    CHECK_REJECTED("name=a%C2%85b", "styrtecken"); /* C1 NEL */
    CHECK_REJECTED("name=a%C2%9Bb", "styrtecken"); /* C1 CSI */
    /* \n \r \t only in MULTILINE. */
    CHECK_REJECTED("name=a%0Ab", "styrtecken");
    CHECK_REJECTED("name=a%0Db", "styrtecken");
    CHECK_REJECTED("name=a%09b", "styrtecken");
    CHECK_REJECTED("name=Bo&pw=a%0A", "Lösenord");
    CHECK_REJECTED("name=Bo&age=%0A4", "styrtecken");
    CHECK_REJECTED("name=Bo&note=a%0Cb", "styrtecken"); /* form feed even in MULTILINE */
    CHECK_REJECTED("name=Bo&note=a%01b", "styrtecken");
    CHECK_REJECTED("name%0A=Bo", "styrtecken");   /* in a key */
    CHECK_REJECTED("name=Bo&x%09=1", "styrtecken");
    /* Leading/trailing \t in TEXT is a control character, not whitespace to trim. */
    CHECK_REJECTED("name=%09Bo", "Namn");

    form f;
    dl_error e;
    CHECK_INT_EQ(parse("name=Bo&note=a%09b%0D%0Ac%0A", &f, &e), DL_OK);
    CHECK_STR_EQ(text_of(&f, "note"), "a\tb\nc\n");
    /* Non-control non-ASCII is fine: U+00A0, U+2028, emoji. */
    CHECK_INT_EQ(parse("name=%C2%A0%E2%80%A8%F0%9F%98%80", &f, &e), DL_OK);
    CHECK_INT_EQ(f.n_errors, 0);
}

TEST(form_reject_duplicate_field)
{
    CHECK_REJECTED("name=Bo&name=Bo", "Namn");
    CHECK_REJECTED("name=Bo&name=Bo", "mer än en gång");
    CHECK_REJECTED("name=Bo&n%61me=Eva", "mer än en gång"); /* same after decoding */
    CHECK_REJECTED("name=Bo&ok=1&ok=on", "Godkänn");
    CHECK_REJECTED("name=Bo&x=1&x=2", "mer än en gång");   /* unknown names too */
    CHECK_REJECTED("name=Bo&age&age=", "mer än en gång");
}

TEST(form_reject_too_many_pairs)
{
    char body[2048];
    size_t len = 0;
    len += (size_t)snprintf(body + len, sizeof body - len, "name=Bo");
    for (int i = 1; i < 64; i++)
        len += (size_t)snprintf(body + len, sizeof body - len, "&x%d=1", i);
    form f;
    dl_error e;
    CHECK_INT_EQ(parse(body, &f, &e), DL_OK); /* exactly 64 pairs */
    CHECK_STR_EQ(text_of(&f, "name"), "Bo");
    len += (size_t)snprintf(body + len, sizeof body - len, "&x64=1");
    CHECK(len < sizeof body);
    CHECK_REJECTED(body, "för många fält");
    /* Empty segments do not count as pairs. */
    char body2[4096];
    size_t l2 = 0;
    for (int i = 0; i < 64; i++)
        l2 += (size_t)snprintf(body2 + l2, sizeof body2 - l2, "y%d=1&&&", i);
    CHECK_INT_EQ(parse(body2, &f, &e), DL_OK);
}

TEST(form_reject_long_key)
{
    char key[200];
    memset(key, 'k', 64);
    memcpy(key + 64, "=1", 3);
    form f;
    dl_error e;
    CHECK_INT_EQ(parse(key, &f, &e), DL_OK); /* 64 bytes: fine (unknown) */
    memset(key, 'k', 65);
    memcpy(key + 65, "=1", 3);
    CHECK_REJECTED(key, "fältnamn");
    /* 65 bytes after decoding: 64 'k' and "%C3%A5" is 66 bytes. */
    memset(key, 'k', 63);
    memcpy(key + 63, "%C3%A5=1", 9);
    CHECK_REJECTED(key, "fältnamn");
    /* A very long raw key is refused without decoding it all. */
    char big[5000];
    memset(big, 'k', sizeof big - 3);
    memcpy(big + sizeof big - 3, "=1", 3);
    CHECK_REJECTED(big, "fältnamn");
    /* An empty name. */
    CHECK_REJECTED("name=Bo&=x", "utan namn");
}

TEST(form_reject_huge_body)
{
    arena *a = arena_new(1024);
    size_t len = FORM_MAX_BODY + 1;
    char *body = malloc(len);
    CHECK(body != NULL);
    memset(body, 'a', len);
    form f;
    dl_error e;
    CHECK_INT_EQ(form_parse(a, body, len, specs, N_SPECS, &f, &e), DL_ELIMIT);
    CHECK(e.msg[0] != '\0');
    free(body);
    arena_free(a);
}

/* ---- per-field errors ---- */

TEST(form_field_required_missing_or_blank)
{
    form f;
    dl_error e;
    CHECK_INT_EQ(parse("note=x", &f, &e), DL_OK);
    CHECK_INT_EQ(f.n_errors, 1);
    CHECK_CONTAINS(by_name(&f, "name")->error, "”Namn” måste fyllas i");
    CHECK(!by_name(&f, "name")->present);
    CHECK_STR_EQ(text_of(&f, "note"), "x");

    CHECK_INT_EQ(parse("name=", &f, &e), DL_OK);
    CHECK_INT_EQ(f.n_errors, 1);
    CHECK(by_name(&f, "name")->present);
    CHECK(text_of(&f, "name") == NULL);

    CHECK_INT_EQ(parse("name=+++%20+", &f, &e), DL_OK); /* whitespace only */
    CHECK_INT_EQ(f.n_errors, 1);
    CHECK_CONTAINS(f.first_error, "Namn");
    CHECK(text_of(&f, "name") == NULL);

    static const field_spec sp[] = {
        {.name = "m", .type = FIELD_MULTILINE, .required = 1, .label_sv = "Meddelande"},
        {.name = "p", .type = FIELD_PASSWORD, .required = 1, .label_sv = "Lösenord"},
        {.name = "c", .type = FIELD_BOOL, .required = 1, .label_sv = "Villkor"},
        {.name = "i", .type = FIELD_INT, .required = 1, .label_sv = "Antal"},
    };
    arena *a = arena_new(1024);
    const char *body = "m=+%0D%0A%09+&p=&c=0&i=+";
    CHECK_INT_EQ(form_parse(a, body, strlen(body), sp, 4, &f, &e), DL_OK);
    CHECK_INT_EQ(f.n_errors, 4);
    CHECK_CONTAINS(f.first_error, "Meddelande");
    CHECK_CONTAINS(by_name(&f, "p")->error, "Lösenord");
    CHECK_CONTAINS(by_name(&f, "c")->error, "Villkor");
    CHECK_CONTAINS(by_name(&f, "i")->error, "Antal");
    /* A password of spaces is not empty: it is the password policy's call. */
    CHECK_INT_EQ(form_parse(a, "m=x&p=++&c=1&i=3", 16, sp, 4, &f, &e), DL_OK);
    CHECK_INT_EQ(f.n_errors, 0);
    CHECK_STR_EQ(text_of(&f, "p"), "  ");
    CHECK_INT_EQ(by_name(&f, "c")->num, 1);
    arena_free(a);
}

TEST(form_field_too_long_multibyte)
{
    /* max_len 10 characters for "name": ten 2-byte letters (20 bytes) fit,
     * as the message speaks of characters. */
    CHECK_FIELD_OK("note=x", "name", "Anna");
    form f;
    dl_error e;
    CHECK_INT_EQ(parse("name=%C3%A5%C3%A4%C3%B6%C3%A5%C3%A4%C3%A5%C3%A4%C3%B6%C3%A5%C3%A4", &f, &e), DL_OK);
    CHECK_INT_EQ(f.n_errors, 0);
    CHECK_STR_EQ(text_of(&f, "name"), "åäöåäåäöåä");
    /* One character over (11 characters, 21 bytes). */
    CHECK_INT_EQ(parse("name=%C3%A5%C3%A4%C3%B6%C3%A5%C3%A4%C3%A5%C3%A4%C3%B6%C3%A5%C3%A4x", &f, &e), DL_OK);
    CHECK_INT_EQ(f.n_errors, 1);
    CHECK(text_of(&f, "name") == NULL);
    CHECK_CONTAINS(f.first_error, "”Namn”");
    CHECK_CONTAINS(f.first_error, "högst 10 tecken");
    /* Ten ASCII letters and one two-byte letter: 11 characters. */
    CHECK_INT_EQ(parse("name=abcdefghij%C3%A5", &f, &e), DL_OK);
    CHECK_INT_EQ(f.n_errors, 1);
    /* Trimming happens before the length check. */
    CHECK_INT_EQ(parse("name=++abcdefghij++", &f, &e), DL_OK);
    CHECK_INT_EQ(f.n_errors, 0);
    CHECK_STR_EQ(text_of(&f, "name"), "abcdefghij");

    /* Default limit 1000 bytes on "note": 1000 ok, 1001 not. */
    char body[1200];
    memcpy(body, "name=A&note=", 12);
    memset(body + 12, 'x', 1000);
    body[1012] = '\0';
    CHECK_INT_EQ(parse(body, &f, &e), DL_OK);
    CHECK_INT_EQ(f.n_errors, 0);
    CHECK_INT_EQ(strlen(text_of(&f, "note")), 1000);
    body[1012] = 'x';
    body[1013] = '\0';
    CHECK_INT_EQ(parse(body, &f, &e), DL_OK);
    CHECK_INT_EQ(f.n_errors, 1);
    CHECK_CONTAINS(f.first_error, "högst 1000 tecken");
}

TEST(form_field_multiline_crlf_limit)
{
    char *body = malloc(8000);
    CHECK(body != NULL);
    size_t l = 0;
    memcpy(body, "name=A&note=", 12);
    l = 12;
    for (int i = 0; i < 500; i++) { memcpy(body + l, "a%0D%0A", 7); l += 7; }
    body[l] = '\0'; /* 1500 bytes raw with CRLF, 1000 after normalising */
    form f;
    dl_error e;
    CHECK_INT_EQ(parse(body, &f, &e), DL_OK);
    CHECK_INT_EQ(f.n_errors, 0);
    CHECK_INT_EQ(strlen(text_of(&f, "note")), 1000);
    CHECK(strchr(text_of(&f, "note"), '\r') == NULL);
    free(body);
}

TEST(form_field_int_errors)
{
    CHECK_FIELD_ERROR("age=12abc", "age", "”Ålder” måste vara ett heltal");
    CHECK_FIELD_ERROR("age=abc", "age", "heltal");
    CHECK_FIELD_ERROR("age=1.5", "age", "heltal");
    CHECK_FIELD_ERROR("age=%2B5", "age", "heltal");      /* "+5" */
    CHECK_FIELD_ERROR("age=-", "age", "heltal");
    CHECK_FIELD_ERROR("age=1+2", "age", "heltal");       /* inner space */
    CHECK_FIELD_ERROR("age=0x10", "age", "heltal");
    CHECK_FIELD_ERROR("age=-1", "age", "från 0 till 150"); /* negative, min 0 */
    CHECK_FIELD_ERROR("age=151", "age", "från 0 till 150");
    CHECK_FIELD_ERROR("age=99999999999999999999", "age", "från 0 till 150");
    CHECK_FIELD_ERROR("count=99999999999999999999", "count", "”Antal”");
    CHECK_FIELD_ERROR("count=9223372036854775808", "count", "för stort");
    CHECK_FIELD_ERROR("count=-9223372036854775809", "count", "för litet");
    CHECK_FIELD_ERROR("count=%EF%BC%91", "count", "heltal"); /* fullwidth 1 */
    CHECK_FIELD_OK("age=0", "age", "0");
    CHECK_FIELD_OK("age=150", "age", "150");
    CHECK_FIELD_OK("age=+7+", "age", "7"); /* surrounding spaces trimmed */
    CHECK_FIELD_OK("age=007", "age", "007");
    CHECK_FIELD_OK("count=9223372036854775807", "count", "9223372036854775807");
    CHECK_FIELD_OK("count=-9223372036854775808", "count", "-9223372036854775808");
    form f;
    dl_error e;
    CHECK_INT_EQ(parse("name=A&count=-9223372036854775808", &f, &e), DL_OK);
    CHECK(by_name(&f, "count")->num == INT64_MIN);
    CHECK_INT_EQ(parse("name=A&age=007", &f, &e), DL_OK);
    CHECK_INT_EQ(by_name(&f, "age")->num, 7);
}

TEST(form_field_email)
{
    CHECK_FIELD_OK("email=a%40b.se", "email", "a@b.se");
    CHECK_FIELD_OK("email=+first.last%2Btag%40sub.example.org+", "email",
                   "first.last+tag@sub.example.org");
    CHECK_FIELD_ERROR("email=anna", "email", "”E-post”");
    CHECK_FIELD_ERROR("email=anna%40", "email", "e-postadress");
    CHECK_FIELD_ERROR("email=%40example.se", "email", "e-postadress");
    CHECK_FIELD_ERROR("email=a%40%40b.se", "email", "e-postadress");
    CHECK_FIELD_ERROR("email=a%40b%40c.se", "email", "e-postadress");
    CHECK_FIELD_ERROR("email=a%40localhost", "email", "e-postadress");
    CHECK_FIELD_ERROR("email=a+b%40c.se", "email", "e-postadress");
    CHECK_FIELD_ERROR("email=a%40b+c.se", "email", "e-postadress");
    CHECK_FIELD_ERROR("email=a%40.se", "email", "e-postadress");
    CHECK_FIELD_ERROR("email=a%40b.", "email", "e-postadress");
    CHECK_FIELD_ERROR("email=a%40b..se", "email", "e-postadress");
    CHECK_FIELD_ERROR("email=%3Cx%3E%40b.se", "email", "e-postadress");
    /* 254 bytes ok, 255 not (local 64 + '@' + domain). */
    char body[600];
    int n = snprintf(body, sizeof body, "name=A&email=");
    memset(body + n, 'l', 64);
    n += 64;
    body[n++] = '@';
    size_t dom = 254 - 65;
    memset(body + n, 'd', dom - 3);
    memcpy(body + n + dom - 3, ".se", 4);
    form f;
    dl_error e;
    CHECK_INT_EQ(parse(body, &f, &e), DL_OK);
    CHECK_INT_EQ(f.n_errors, 0);
    CHECK_INT_EQ(strlen(text_of(&f, "email")), 254);
    memset(body + n, 'd', dom - 2);
    memcpy(body + n + dom - 2, ".se", 4);
    CHECK_INT_EQ(parse(body, &f, &e), DL_OK);
    CHECK_INT_EQ(f.n_errors, 1);
    CHECK_CONTAINS(f.first_error, "e-postadress");
}

TEST(form_field_date)
{
    CHECK_FIELD_OK("born=2024-02-29", "born", "2024-02-29"); /* leap year */
    CHECK_FIELD_OK("born=2000-02-29", "born", "2000-02-29"); /* 400-year rule */
    CHECK_FIELD_OK("born=2025-12-31", "born", "2025-12-31");
    CHECK_FIELD_OK("born=0001-01-01", "born", "0001-01-01");
    CHECK_FIELD_ERROR("born=2025-02-29", "born", "”Födelsedag”");
    CHECK_FIELD_ERROR("born=1900-02-29", "born", "datum");  /* 100-year rule */
    CHECK_FIELD_ERROR("born=2026-13-01", "born", "datum");
    CHECK_FIELD_ERROR("born=2026-00-10", "born", "datum");
    CHECK_FIELD_ERROR("born=2026-04-31", "born", "datum");
    CHECK_FIELD_ERROR("born=2026-01-00", "born", "datum");
    CHECK_FIELD_ERROR("born=2026-01-32", "born", "datum");
    CHECK_FIELD_ERROR("born=0000-01-01", "born", "datum");
    CHECK_FIELD_ERROR("born=2026-1-01", "born", "datum");
    CHECK_FIELD_ERROR("born=26-01-01", "born", "datum");
    CHECK_FIELD_ERROR("born=2026%2F01%2F01", "born", "datum");
    CHECK_FIELD_ERROR("born=2026-01-01T00", "born", "datum");
    CHECK_FIELD_ERROR("born=%2B026-01-01", "born", "datum");
    CHECK_FIELD_ERROR("born=2026-0a-01", "born", "datum");
}

TEST(form_field_enum_bool_token)
{
    CHECK_FIELD_OK("colour=bl%C3%A5", "colour", "blå");
    CHECK_FIELD_ERROR("colour=gul", "colour", "”Färg”");
    CHECK_FIELD_ERROR("colour=R%C3%B6d", "colour", "valen"); /* case matters */
    CHECK_FIELD_ERROR("colour=r%C3%B6d+x", "colour", "valen");

    CHECK_FIELD_OK("ok=1", "ok", "1");
    CHECK_FIELD_OK("ok=on", "ok", "1");
    CHECK_FIELD_OK("ok=0", "ok", "0");
    CHECK_FIELD_ERROR("ok=yes", "ok", "”Godkänn”");
    CHECK_FIELD_ERROR("ok=2", "ok", "ogiltigt");

    CHECK_FIELD_OK("csrf=ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                   "csrf", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
    CHECK_FIELD_ERROR("csrf=FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
                      "csrf", "Säkerhetsnyckel");
    CHECK_FIELD_ERROR("csrf=fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                      "csrf", "ogiltigt format"); /* 63 */
    CHECK_FIELD_ERROR("csrf=fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                      "csrf", "ogiltigt format"); /* 65 */
    CHECK_FIELD_ERROR("csrf=gfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                      "csrf", "ogiltigt format");
}

TEST(form_several_errors_counted_in_spec_order)
{
    form f;
    dl_error e;
    CHECK_INT_EQ(parse("born=2025-02-30&age=x&email=nope", &f, &e), DL_OK);
    CHECK_INT_EQ(f.n_errors, 4);
    CHECK_CONTAINS(f.first_error, "Namn"); /* spec order, not body order */
    CHECK(by_name(&f, "age")->error != NULL);
    CHECK(by_name(&f, "email")->error != NULL);
    CHECK(by_name(&f, "born")->error != NULL);
    CHECK(by_name(&f, "note")->error == NULL);
    /* No error message echoes the submitted value. */
    CHECK_INT_EQ(parse("name=A&pw=&count=SECRET", &f, &e), DL_OK);
    CHECK_NOT_CONTAINS(f.first_error, "SECRET");
}

TEST(form_label_falls_back_to_name)
{
    static const field_spec sp[] = {{.name = "qty", .type = FIELD_INT, .required = 1}};
    arena *a = arena_new(512);
    form f;
    dl_error e;
    CHECK_INT_EQ(form_parse(a, "qty=x", 5, sp, 1, &f, &e), DL_OK);
    CHECK_CONTAINS(f.first_error, "”qty”");
    arena_free(a);
}

/* --- form_at and query strings --- */

enum { Q_Q, Q_PAGE, Q_NEXT, Q__MAX };
static const field_spec qspecs[Q__MAX] = {
    [Q_Q] = {.name = "q", .type = FIELD_TEXT, .max_len = 20, .label_sv = "Sökning"},
    [Q_PAGE] = {.name = "page", .type = FIELD_INT, .min = 1, .max = 100, .label_sv = "Sida"},
    [Q_NEXT] = {.name = "next", .type = FIELD_LOCAL_PATH, .max_len = 50, .label_sv = "Nästa sida"},
};

static dl_err qparse(const char *query, form *f, dl_error *e)
{
    static arena *a;
    if (!a) a = arena_new(4096);
    dl_error_clear(e);
    return query_parse_tr(a, query, strlen(query), qspecs, Q__MAX, NULL, NULL, f, e);
}

TEST(form_at_reads_by_position)
{
    form f;
    dl_error e;
    CHECK_INT_EQ(parse("name=Bo&age=7", &f, &e), DL_OK);
    CHECK_STR_EQ(form_at(&f, 0)->text, "Bo");
    CHECK_STR_EQ(form_at(&f, 0)->name, "name");
    CHECK_INT_EQ(form_at(&f, 2)->num, 7);
    CHECK_STR_EQ(form_text_at(&f, 2), "7");
    CHECK(form_text_at(&f, 1) == NULL); /* note: absent */
    /* A form not parsed on this request: every field reads as absent. */
    form none;
    memset(&none, 0, sizeof none);
    CHECK(form_at(&none, 5) != NULL);
    CHECK(form_at(&none, 5)->text == NULL);
    CHECK(!form_at(&none, 5)->present);
    CHECK_INT_EQ(form_at(&none, 5)->num, 0);
    CHECK(form_at(NULL, 0)->text == NULL);
}

TEST(query_declared_values_are_typed)
{
    form f;
    dl_error e;
    CHECK_INT_EQ(qparse("q=l%C3%A4kemedel+och+kohort&page=3&next=%2Fdiarium", &f, &e), DL_OK);
    CHECK_INT_EQ(f.n_errors, 0);
    CHECK(f.is_query);
    CHECK_STR_EQ(form_at(&f, Q_Q)->text, "l\xc3\xa4kemedel och kohort");
    CHECK_INT_EQ(form_at(&f, Q_PAGE)->num, 3);
    CHECK_STR_EQ(form_at(&f, Q_NEXT)->text, "/diarium");
    /* Nothing given: all absent, no error. */
    CHECK_INT_EQ(qparse("", &f, &e), DL_OK);
    CHECK_INT_EQ(f.n_errors, 0);
    CHECK(!form_at(&f, Q_PAGE)->present);
    CHECK(form_at(&f, Q_Q)->text == NULL);
}

TEST(query_bad_value_is_an_error_naming_the_parameter)
{
    static const char *const bad[] = {"page=0", "page=abc", "page=101", "page=1e3", "page=-1",
                                      "page=99999999999999999999", "page=", "q=abcdefghijklmnopqrstuvwxyz"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        form f;
        dl_error e;
        CHECK_INT_EQ(qparse(bad[i], &f, &e), DL_OK);
        if (f.n_errors != 1 || !f.first_error ||
            !strstr(f.first_error, strncmp(bad[i], "q=", 2) == 0 ? "Sökning" : "Sida")) {
            test_fail(__FILE__, __LINE__, "%s: expected one error naming the parameter, got %d: %s", bad[i],
                      f.n_errors, f.first_error ? f.first_error : "(none)");
            return;
        }
    }
    form f;
    dl_error e;
    CHECK_INT_EQ(qparse("page=", &f, &e), DL_OK);
    CHECK_CONTAINS(f.first_error, "saknar v\xc3\xa4rde");
    /* A textual parameter may be empty ("?q=" from an empty search box). */
    CHECK_INT_EQ(qparse("q=", &f, &e), DL_OK);
    CHECK_INT_EQ(f.n_errors, 0);
    CHECK_STR_EQ(form_at(&f, Q_Q)->text, "");
}

TEST(query_unknown_parameters_are_ignored)
{
    form f;
    dl_error e;
    /* Unknown names: repeated, with control characters, very long, nameless. */
    CHECK_INT_EQ(qparse("utm=a&utm=b&x=%01%7F&=v&&zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz=1&page=2",
                      &f, &e), DL_OK);
    CHECK_INT_EQ(f.n_errors, 0);
    CHECK_INT_EQ(form_at(&f, Q_PAGE)->num, 2);
    /* Many of them: no pair limit for names nobody reads. */
    char many[4000] = "";
    for (int i = 0; i < 200; i++) snprintf(many + strlen(many), sizeof many - strlen(many), "u%d=%d&", i, i);
    strcat(many, "q=ok");
    CHECK_INT_EQ(qparse(many, &f, &e), DL_OK);
    CHECK_STR_EQ(form_at(&f, Q_Q)->text, "ok");
}

TEST(query_repeated_declared_name_is_refused)
{
    form f;
    dl_error e;
    CHECK_INT_EQ(qparse("page=1&page=2", &f, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "Sida");
    CHECK_CONTAINS(e.msg, "mer \xc3\xa4n en g\xc3\xa5ng");
    CHECK_INT_EQ(qparse("q=a&page=1&q=a", &f, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "S\xc3\xb6kning");
    /* A control character in a declared value: refused, naming it. */
    CHECK_INT_EQ(qparse("q=a%01b", &f, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "S\xc3\xb6kning");
}

TEST(query_local_path_reads_unsafe_as_absent)
{
    static const char *const unsafe[] = {"next=%2F%2Fevil.example", "next=https%3A%2F%2Fevil.example",
                                         "next=%2F%5Cevil", "next=%2Fa%C2%85b", "next=%2Fa%0D%0AX:1",
                                         "next=relative", "next=%2F0123456789012345678901234567890123456789012345678901"};
    for (size_t i = 0; i < sizeof unsafe / sizeof unsafe[0]; i++) {
        form f;
        dl_error e;
        CHECK_INT_EQ(qparse(unsafe[i], &f, &e), DL_OK);
        CHECK_INT_EQ(f.n_errors, 0);
        if (form_at(&f, Q_NEXT)->text) {
            test_fail(__FILE__, __LINE__, "%s read as \"%s\", expected absent", unsafe[i], form_at(&f, Q_NEXT)->text);
            return;
        }
    }
    CHECK(form_local_path_ok("/diarium?q=x", 12));
    CHECK(!form_local_path_ok("//x", 3));
    CHECK(!form_local_path_ok("", 0));
}

/* --- FIELD_CHECKBOXES: a group of checkboxes sharing one name --- */

static const field_spec box_specs[] = {
    {.name = "title", .type = FIELD_TEXT, .max_len = 20, .label_sv = "Titel"},
    {.name = "var", .type = FIELD_CHECKBOXES, .max = 5, .max_len = 12, .label_sv = "Variabler"},
    {.name = "pick", .type = FIELD_CHECKBOXES, .enum_values = colours, .label_sv = "Färger"},
    {.name = "must", .type = FIELD_CHECKBOXES, .required = 1, .label_sv = "Minst en"},
};

static dl_err parse_boxes(const char *body, form *f, dl_error *e)
{
    static arena *a;
    if (!a) a = arena_new(4096);
    dl_error_clear(e);
    return form_parse(a, body, strlen(body), box_specs, sizeof box_specs / sizeof box_specs[0], f, e);
}

TEST(form_checkboxes_collect_in_order_once)
{
    form f;
    dl_error e;
    CHECK_INT_EQ(parse_boxes("var=b.x&title=T&var=a.y&var=+b.x+&var=&must=1", &f, &e), DL_OK);
    CHECK_INT_EQ(f.n_errors, 0);
    const form_value *v = form_at(&f, 1);
    CHECK(v->present);
    CHECK_INT_EQ(v->n_items, 2);
    CHECK_STR_EQ(v->items[0], "b.x");
    CHECK_STR_EQ(v->items[1], "a.y");
    CHECK_STR_EQ(v->text, "b.x\na.y");
    CHECK_INT_EQ(v->num, 2);
    /* none ticked: present 0, text "", no items */
    const form_value *p = form_at(&f, 2);
    CHECK(!p->present);
    CHECK_STR_EQ(p->text, "");
    CHECK_INT_EQ(p->n_items, 0);
    CHECK(p->items == NULL);
}

TEST(form_checkboxes_limits_and_rules)
{
    form f;
    dl_error e;
    /* more than max (5): an error naming the field, not a malformed body */
    CHECK_INT_EQ(parse_boxes("var=1&var=2&var=3&var=4&var=5&var=6&must=1", &f, &e), DL_OK);
    CHECK_INT_EQ(f.n_errors, 1);
    CHECK_CONTAINS(form_at(&f, 1)->error, "Variabler");
    CHECK_CONTAINS(form_at(&f, 1)->error, "högst 5");
    CHECK(form_at(&f, 1)->text == NULL);
    /* one value too long */
    CHECK_INT_EQ(parse_boxes("var=abcdefghijklm&must=1", &f, &e), DL_OK);
    CHECK_CONTAINS(form_at(&f, 1)->error, "högst 12 tecken");
    /* not among enum_values */
    CHECK_INT_EQ(parse_boxes("pick=r%C3%B6d&pick=lila&must=1", &f, &e), DL_OK);
    CHECK_CONTAINS(form_at(&f, 2)->error, "inte finns bland valen");
    CHECK_INT_EQ(parse_boxes("pick=r%C3%B6d&pick=bl%C3%A5&must=1", &f, &e), DL_OK);
    CHECK_INT_EQ(f.n_errors, 0);
    CHECK_STR_EQ(form_at(&f, 2)->text, "röd\nblå");
    /* required: at least one (an empty value does not count) */
    CHECK_INT_EQ(parse_boxes("must=", &f, &e), DL_OK);
    CHECK_CONTAINS(form_at(&f, 3)->error, "Välj minst ett");
    /* a newline or other control character in a value: the body is refused */
    CHECK_INT_EQ(parse_boxes("var=a%0Ab&must=1", &f, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "Variabler");
    /* a repeated name of another type is still a malformed body */
    CHECK_INT_EQ(parse_boxes("title=a&title=b&must=1", &f, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "mer än en gång");
}

TEST(form_checkboxes_do_not_count_against_max_pairs)
{
    static const field_spec many[] = {
        {.name = "v", .type = FIELD_CHECKBOXES, .max = 1000, .label_sv = "V"},
        {.name = "t", .type = FIELD_TEXT, .label_sv = "T"},
    };
    char *body = malloc(200 * 8);
    CHECK(body != NULL);
    size_t at = 0;
    for (int i = 0; i < 200; i++) at += (size_t)snprintf(body + at, 200 * 8 - at, "%sv=%d", i ? "&" : "", i);
    arena *a = arena_new(4096);
    form f;
    dl_error e;
    dl_err rc = form_parse(a, body, at, many, 2, &f, &e);
    CHECK_INT_EQ(rc, DL_OK);
    CHECK_INT_EQ(form_at(&f, 0)->n_items, 200);
    CHECK_STR_EQ(form_at(&f, 0)->items[199], "199");
    /* other names still count: 65 distinct unknown names fail */
    at = 0;
    for (int i = 0; i < FORM_MAX_PAIRS + 1; i++) at += (size_t)snprintf(body + at, 200 * 8 - at, "%sx%d=1", i ? "&" : "", i);
    CHECK_INT_EQ(form_parse(a, body, at, many, 2, &f, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "för många fält");
    free(body);
    arena_free(a);
}

TEST(form_checkboxes_in_query_once)
{
    static const field_spec q[] = {{.name = "v", .type = FIELD_CHECKBOXES, .label_sv = "V"}};
    arena *a = arena_new(1024);
    form f;
    dl_error e;
    CHECK_INT_EQ(query_parse_tr(a, "v=a", 3, q, 1, NULL, NULL, &f, &e), DL_OK);
    CHECK_STR_EQ(form_at(&f, 0)->text, "a");
    CHECK_INT_EQ(query_parse_tr(a, "v=a&v=b", 7, q, 1, NULL, NULL, &f, &e), DL_EINVAL);
    arena_free(a);
}
