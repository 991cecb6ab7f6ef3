/* mail_address.c — recipient address and subject checks (see mail_address.h). */
#include "core/mail_address.h"
#include "core/utf8.h"

#include <string.h>

static int atext(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("!#$%&'*+/=?^_`{|}~-", c) != NULL);
}

static int has_line_break(const char *s) { return strchr(s, '\r') || strchr(s, '\n'); }

dl_err mail_address_check(const char *addr, dl_error *e)
{
    if (!addr || !*addr) return dl_fail(e, DL_EINVAL, "Ange en e-postadress.");
    if (has_line_break(addr)) return dl_fail(e, DL_EINVAL, "E-postadressen får inte innehålla radbrytningar.");
    size_t n = strlen(addr);
    if (n > MAIL_ADDRESS_MAX) return dl_fail(e, DL_EINVAL, "E-postadressen är för lång.");
    const char *at = strchr(addr, '@');
    if (!at || strchr(at + 1, '@') || at == addr || (size_t)(at - addr) > MAIL_LOCAL_PART_MAX) goto bad;
    /* local part: atoms of atext joined by single dots */
    for (const char *p = addr; p < at; p++) {
        if (*p == '.') {
            if (p == addr || p + 1 == at || p[1] == '.') goto bad;
        } else if (!atext((unsigned char)*p)) {
            goto bad;
        }
    }
    /* domain: labels of 1..63 letters, digits, hyphens (not at either end), at least two */
    int labels = 0;
    const char *label = at + 1;
    for (const char *p = at + 1;; p++) {
        if (*p == '.' || *p == '\0') {
            size_t len = (size_t)(p - label);
            if (len == 0 || len > 63 || label[0] == '-' || p[-1] == '-') goto bad;
            labels++;
            if (*p == '\0') break;
            label = p + 1;
        } else {
            unsigned char c = (unsigned char)*p;
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) goto bad;
        }
    }
    if (labels < 2) goto bad;
    return DL_OK;
bad:
    return dl_fail(e, DL_EINVAL, "E-postadressen ska se ut som namn@exempel.se, utan mellanslag och utan å, ä eller ö.");
}

dl_err mail_subject_check(const char *subject, dl_error *e)
{
    size_t n = subject ? strlen(subject) : 0;
    if (n == 0) return dl_fail(e, DL_EINVAL, "Ämnesraden är tom.");
    if (n > MAIL_SUBJECT_MAX) return dl_fail(e, DL_EINVAL, "Ämnesraden är för lång (högst 250 byte).");
    if (!utf8_valid(subject, n)) return dl_fail(e, DL_EINVAL, "Ämnesraden är inte giltig UTF-8.");
    for (const unsigned char *p = (const unsigned char *)subject; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return dl_fail(e, DL_EINVAL, "Ämnesraden får inte innehålla radbrytningar eller andra styrtecken.");
    return DL_OK;
}
