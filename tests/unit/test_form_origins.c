/* test_form_origins.c — web/form_origins.c: the origin of a provider's
 * address as a CSP source, written out by hand, and what is refused (a
 * character that would end or split the CSP directive). */
#include "test.h"

#include <string.h>

#include "web/form_origins.h"

TEST(form_origin_of_takes_scheme_host_and_port)
{
    char o[64];
    CHECK(form_origin_of("https://idp.region.se/realms/x/protocol/openid-connect/auth?x=1", o, sizeof o));
    CHECK_STR_EQ(o, "https://idp.region.se");
    CHECK(form_origin_of("http://127.0.0.1:18556/session/end", o, sizeof o));
    CHECK_STR_EQ(o, "http://127.0.0.1:18556");
    CHECK(form_origin_of("https://[::1]:8443", o, sizeof o));
    CHECK_STR_EQ(o, "https://[::1]:8443");
    CHECK(form_origin_of("https://idp.example#frag", o, sizeof o));
    CHECK_STR_EQ(o, "https://idp.example");
}

TEST(form_origin_of_refuses_what_would_break_the_csp)
{
    char o[64];
    static const char *const bad[] = {
        NULL, "", "ftp://idp.example/", "https://", "https:///x", "javascript:alert(1)",
        "https://idp.example;script-src *", "https://idp.example,evil", "https://a b/", "https://idp'x/",
        "https://user@idp.example/", "https://idp.example\r\nSet-Cookie: x=1",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) CHECK(!form_origin_of(bad[i], o, sizeof o));
    /* Too long for the buffer: refused, not cut. */
    CHECK(!form_origin_of("https://a-very-long-host-name-that-does-not-fit.example/", o, 16));
}
