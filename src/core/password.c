/* password.c — the password policy (length, UTF-8, username, common
 * passwords). Its messages are Swedish and never include the password
 * itself. */
#include "core/password.h"

#include <string.h>

#include "core/utf8.h"

enum {
    POLICY_MIN_CHARS = 12,
    POLICY_MAX_CHARS = 128,
    POLICY_MAX_BYTES = 512,
    POLICY_USERNAME_CONTAIN_MIN = 4,
};

/* Lower-case, compared after ASCII lower-casing the candidate. */
static const char *const common_passwords[] = {
    "123456789012", "1234567890123", "12345678901234", "123456123456",
    "password1234", "passwordpassword", "password123!", "qwertyuiop12",
    "qwertyuiopåä", "qwerty123456", "1q2w3e4r5t6y", "1qaz2wsx3edc",
    "abcdefghijkl", "abc123abc123", "iloveyou1234", "letmein12345",
    "welcome12345", "admin1234567", "administrator", "changeme1234",
    "lösenord1234", "losenord1234", "lösenordlösenord", "sommar2024!!",
    "sommar123456", "hejsan123456", "välkommen123", "valkommen123",
    "asdfghjkl123", "zxcvbnm12345", "trustno1trustno1", "passw0rd1234",
};

static char ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* ASCII case-insensitive equality of two byte ranges. */
static int ieq(const char *a, size_t an, const char *b, size_t bn)
{
    if (an != bn) return 0;
    for (size_t i = 0; i < an; i++)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return 0;
    return 1;
}

/* ASCII case-insensitive substring search of needle in hay. */
static int icontains(const char *hay, size_t hn, const char *needle, size_t nn)
{
    if (nn == 0) return 1;
    if (nn > hn) return 0;
    for (size_t i = 0; i + nn <= hn; i++)
        if (ieq(hay + i, nn, needle, nn)) return 1;
    return 0;
}

static int is_common(const char *pw, size_t n)
{
    for (size_t i = 0; i < sizeof common_passwords / sizeof common_passwords[0]; i++) {
        const char *c = common_passwords[i];
        if (ieq(pw, n, c, strlen(c))) return 1;
    }
    return 0;
}

/* 1 if pw (valid UTF-8, at least one code point) is one code point repeated. */
static int is_one_char_repeated(const char *pw, size_t n)
{
    unsigned long first;
    size_t flen = utf8_decode(pw, n, &first);
    if (flen == 0) return 0;
    for (size_t i = flen; i < n;) {
        unsigned long cp;
        size_t len = utf8_decode(pw + i, n - i, &cp);
        if (len == 0) return 0;
        if (cp != first) {
            /* ASCII letters count as the same character in either case. */
            if (!(cp < 0x80 && first < 0x80 &&
                  ascii_lower((char)cp) == ascii_lower((char)first)))
                return 0;
        }
        i += len;
    }
    return 1;
}

dl_err password_check_policy(const char *password, const char *username, dl_error *e)
{
    if (!password || password[0] == '\0')
        return dl_fail(e, DL_EINVAL, "Ange ett lösenord.");
    size_t n = strnlen(password, POLICY_MAX_BYTES + 1);
    /* More than 512 bytes is always more than 128 characters (a character
     * is at most 4 bytes), so say it in characters, which users count. */
    if (n > POLICY_MAX_BYTES)
        return dl_fail(e, DL_EINVAL, "Lösenordet får ha högst %d tecken.", POLICY_MAX_CHARS);
    if (!utf8_valid(password, n))
        return dl_fail(e, DL_EINVAL,
                       "Lösenordet innehåller ogiltiga tecken (inte giltig UTF-8). "
                       "Skriv in det igen.");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)password[i];
        if (c < 0x20 || c == 0x7F)
            return dl_fail(e, DL_EINVAL,
                           "Lösenordet får inte innehålla styrtecken som tabb eller radbrytning.");
    }
    size_t chars = utf8_count(password, n);
    if (chars < POLICY_MIN_CHARS)
        return dl_fail(e, DL_EINVAL, "Lösenordet måste ha minst %d tecken.", POLICY_MIN_CHARS);
    if (chars > POLICY_MAX_CHARS)
        return dl_fail(e, DL_EINVAL, "Lösenordet får ha högst %d tecken.", POLICY_MAX_CHARS);
    if (username && username[0] != '\0') {
        size_t un = strlen(username);
        if (ieq(password, n, username, un))
            return dl_fail(e, DL_EINVAL, "Lösenordet får inte vara samma som användarnamnet.");
        if (utf8_count(username, un) >= POLICY_USERNAME_CONTAIN_MIN &&
            icontains(password, n, username, un))
            return dl_fail(e, DL_EINVAL, "Lösenordet får inte innehålla användarnamnet.");
    }
    if (is_one_char_repeated(password, n))
        return dl_fail(e, DL_EINVAL,
                       "Lösenordet får inte bestå av ett och samma tecken upprepat.");
    if (is_common(password, n))
        return dl_fail(e, DL_EINVAL,
                       "Lösenordet är för vanligt och lätt att gissa. Välj ett annat.");
    return DL_OK;
}
