/* account_rules.c — username and display-name rules, and the grant safety
 * rules (see account_rules.h). */
#include "core/account_rules.h"
#include "core/authz.h"
#include "core/utf8.h"

#include <string.h>

dl_err username_check(const char *u, dl_error *e)
{
    size_t n = u ? strlen(u) : 0;
    if (n < USERNAME_MIN || n > USERNAME_MAX)
        return dl_fail(e, DL_EINVAL, "Användarnamnet ska ha %d–%d tecken.", USERNAME_MIN, USERNAME_MAX);
    for (size_t i = 0; i < n; i++) {
        char c = u[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (i > 0 && (c == '.' || c == '_' || c == '-'));
        if (!ok)
            return dl_fail(e, DL_EINVAL, "Användarnamnet får bara innehålla a–z, 0–9, punkt, understreck och bindestreck, och ska börja med en bokstav eller siffra.");
    }
    return DL_OK;
}

dl_err display_name_check(const char *name, dl_error *e)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0) return dl_fail(e, DL_EINVAL, "Ange ett namn.");
    if (n > DISPLAY_NAME_MAX) return dl_fail(e, DL_EINVAL, "Namnet får vara högst %d tecken.", DISPLAY_NAME_MAX);
    if (!utf8_valid(name, n)) return dl_fail(e, DL_EINVAL, "Namnet innehåller ogiltiga tecken.");
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f) return dl_fail(e, DL_EINVAL, "Namnet innehåller ogiltiga tecken.");
    return DL_OK;
}

int revoke_locks_out(int64_t actor_id, int64_t account_id, dl_role role)
{
    if (actor_id <= 0 || actor_id != account_id || (unsigned)role >= ROLE__MAX) return 0;
    return (authz_action_roles(ACT_ROLE_ASSIGN) & ROLE_BIT(role)) != 0;
}
