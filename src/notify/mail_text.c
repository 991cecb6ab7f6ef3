/* mail_text.c — the mail templates in Swedish and English, and filling in
 * their {name} placeholders (see mail_text.h). */
#include "notify/mail_text.h"
#include "core/alloc.h"
#include "core/strbuf.h"

#include <string.h>

struct template {
    const char *kind, *lang, *subject, *body;
};

/* Keep each kind's sv and en rows together. */
static const struct template templates[] = {
    {"mail.test", "sv", "Testmeddelande från datalots (å, ä, ö)",
     "Hej!\n"
     "\n"
     "Det här är ett testmeddelande från datalots på {host}, lagt i utkorgen {time}.\n"
     "Kommer det fram fungerar e-posten från datalots: utkorgen, avsändaren och\n"
     "SMTP-servern. Å, ä och ö ska synas som bokstäver, inte som teckensallad.\n"
     "\n"
     "Du behöver inte svara.\n"
     "\n"
     "-- \n"
     "datalots\n"},
    {"mail.test", "en", "Test message from datalots",
     "Hello,\n"
     "\n"
     "This is a test message from datalots on {host}, put in the outbox {time}.\n"
     "If it arrives, e-mail from datalots works: the outbox, the sender and the\n"
     "SMTP server.\n"
     "\n"
     "No need to reply.\n"
     "\n"
     "-- \n"
     "datalots\n"},
};
enum { N_TEMPLATES = sizeof templates / sizeof templates[0] };

const char *mail_text_kind(size_t i)
{
    size_t seen = 0;
    for (size_t k = 0; k < N_TEMPLATES; k++) {
        int first = 1;
        for (size_t j = 0; j < k; j++)
            if (strcmp(templates[j].kind, templates[k].kind) == 0) first = 0;
        if (first && seen++ == i) return templates[k].kind;
    }
    return NULL;
}

static int name_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

/* Copies text into sb with each {name} replaced by its value. */
static dl_err fill(strbuf *sb, const char *text, const mail_value *values, size_t n_values, dl_error *e)
{
    for (const char *p = text; *p;) {
        const char *q = p;
        if (*p == '{') {
            q = p + 1;
            while (name_char(*q)) q++;
        }
        if (*p != '{' || q == p + 1 || *q != '}') {
            sb_putc(sb, *p++);
            continue;
        }
        size_t len = (size_t)(q - p - 1);
        const mail_value *v = NULL;
        for (size_t i = 0; i < n_values && !v; i++)
            if (values[i].name && strlen(values[i].name) == len && strncmp(values[i].name, p + 1, len) == 0)
                v = &values[i];
        if (!v || !v->value)
            return dl_fail(e, DL_EINVAL, "the mail text has no value for {%.*s}", (int)len, p + 1);
        sb_puts(sb, v->value);
        p = q + 1;
    }
    return DL_OK;
}

dl_err mail_text_render(const char *kind, const char *lang, const mail_value *values, size_t n_values,
                        mail_text *out, dl_error *e)
{
    out->subject = out->body = NULL;
    const struct template *t = NULL;
    for (size_t i = 0; i < N_TEMPLATES && !t; i++)
        if (kind && lang && strcmp(templates[i].kind, kind) == 0 && strcmp(templates[i].lang, lang) == 0)
            t = &templates[i];
    if (!t) return dl_fail(e, DL_ENOTFOUND, "there is no mail text %s in language %s", kind ? kind : "(null)",
                           lang ? lang : "(null)");
    strbuf subject, body;
    sb_init(&subject, 128);
    sb_init(&body, 1024);
    dl_err rc = fill(&subject, t->subject, values, n_values, e);
    if (rc == DL_OK) rc = fill(&body, t->body, values, n_values, e);
    if (rc == DL_OK && (subject.oom || body.oom)) rc = dl_fail(e, DL_ENOMEM, "out of memory rendering a mail");
    if (rc == DL_OK) {
        sb_cstr(&subject);
        sb_cstr(&body);
        out->subject = sb_steal(&subject, NULL);
        out->body = sb_steal(&body, NULL);
        if (out->subject && out->body) return DL_OK;
        mail_text_free(out);
        return dl_fail(e, DL_ENOMEM, "out of memory rendering a mail");
    }
    sb_free(&subject);
    sb_free(&body);
    return rc;
}

void mail_text_free(mail_text *t)
{
    if (!t) return;
    dl_free(t->subject);
    dl_free(t->body);
    t->subject = t->body = NULL;
}
