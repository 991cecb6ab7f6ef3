/* mail_text.h — the words of the e-mails datalots sends, in Swedish and
 * English: one template per (kind, language) with {name} placeholders,
 * filled from named values. No gettext: a mail's language is the
 * recipient's, not the process's, and the texts live in one table in
 * mail_text.c.
 *
 * A caller that sends mail (e.g. the case engine) renders, then enqueues in
 * its own transaction:
 *
 *     mail_value v[] = {{"case_number", "RS 2026/14"}, {"name", "Kari"}};
 *     mail_text t;
 *     if (mail_text_render("case.acknowledgement", lang, v, 2, &t, e) == DL_OK) {
 *         outbox_mail m = {to, t.subject, t.body, lang, "case.acknowledgement", case_id};
 *         rc = outbox_enqueue_in_tx(d, &m, NULL, e);
 *         mail_text_free(&t);
 *     }
 *
 * Add a kind by adding its two rows (sv and en) to the table; a unit test
 * checks every kind has both. */
#ifndef DATALOTS_MAIL_TEXT_H
#define DATALOTS_MAIL_TEXT_H

#include <stddef.h>

#include "core/err.h"

typedef struct mail_value {
    const char *name;  /* as in the template: {name}, [a-z0-9_]+ */
    const char *value; /* UTF-8; in a subject it must hold no line break */
} mail_value;

typedef struct mail_text {
    char *subject; /* free both with mail_text_free() */
    char *body;    /* lines end in \n */
} mail_text;

/* Renders kind in lang ("sv" or "en"). DL_ENOTFOUND when there is no such
 * template; DL_EINVAL when a placeholder has no value (the text is never
 * sent with a hole in it); DL_ENOMEM. On error out is empty. Values not
 * named in the template are ignored. */
dl_err mail_text_render(const char *kind, const char *lang, const mail_value *values, size_t n_values,
                        mail_text *out, dl_error *e);
void mail_text_free(mail_text *t);

/* The kinds in the table, for tests: the i-th distinct kind, NULL past the end. */
const char *mail_text_kind(size_t i);

#endif
