/* i18n.c — gettext lookups per request language (see i18n.h). */
#include "web/i18n.h"
#include "web/http.h"

#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static locale_t english = (locale_t)0;

dl_err i18n_init(const char *locale_dir, dl_error *e)
{
    char mo[1024];
    snprintf(mo, sizeof mo, "%s/en/LC_MESSAGES/datalots.mo", locale_dir);
    struct stat st;
    if (stat(mo, &st) != 0)
        return dl_fail(e, DL_ECONFIG, "the English translations are not at %s (run make, or set --locale-dir)", mo);
    if (!bindtextdomain("datalots", locale_dir) || !bind_textdomain_codeset("datalots", "UTF-8"))
        return dl_fail(e, DL_ECONFIG, "cannot bind the text domain to %s", locale_dir);
    /* glibc reads catalogs only for a real locale (not C or C.UTF-8). */
    static const char *const candidates[] = {"en_GB.UTF-8", "en_US.UTF-8"};
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0] && !english; i++)
        english = newlocale(LC_MESSAGES_MASK, candidates[i], (locale_t)0);
    if (!english) return dl_fail(e, DL_ECONFIG, "the en_GB.UTF-8 locale is missing (run scripts/install-deps.sh)");
    return DL_OK;
}

const char *i18n_english(const char *msgid)
{
    if (!english || !msgid || !*msgid) return msgid;
    locale_t old = uselocale(english);
    const char *t = dgettext("datalots", msgid);
    uselocale(old);
    return t;
}

const char *i18n_translate_cb(void *userdata, const char *msgid)
{
    request *r = userdata;
    return r && r->lang == LANG_EN ? i18n_english(msgid) : msgid;
}

const char *tr(request *r, const char *msgid_sv)
{
    return i18n_translate_cb(r, msgid_sv);
}
