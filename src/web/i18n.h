/* i18n.h — Swedish first, English second, with GNU gettext. The msgids are
 * the Swedish texts; src/i18n/po/en.po translates them. Each request renders
 * in its own language: the thread switches its LC_MESSAGES locale with
 * uselocale() around each lookup, so worker threads never disturb each
 * other. */
#ifndef DATALOTS_I18N_H
#define DATALOTS_I18N_H

#include "core/err.h"

struct request;

/* Binds the text domain to locale_dir (containing en/LC_MESSAGES/datalots.mo).
 * Returns DL_ECONFIG with a sentence if English cannot be loaded; the server
 * then runs in Swedish only and says so in its log. */
dl_err i18n_init(const char *locale_dir, dl_error *e);
/* Translation of a Swedish msgid into English (or the msgid itself). */
const char *i18n_english(const char *msgid_sv);
/* The template engine's translate callback; userdata is the request. */
const char *i18n_translate_cb(void *request, const char *msgid);

#endif
