/* age_key.c — /account/age-key: a researcher gives the age public key
 * ("age1…") a data delivery will be encrypted to, pasted or uploaded as a
 * file (age-keygen's output or a recipients file). It is validated with
 * crypto/age.h and shown back; it is not stored yet (it will be stored with
 * the case when the case workflow arrives). A secret key pasted by mistake
 * is recognised, never stored, echoed or logged. */
#include "web/handlers/handlers.h"
#include "crypto/age.h"

#include <string.h>
#include <strings.h>

/* 1 if an age secret key (any case, with or without the PQ prefix) appears
 * anywhere in text: a whole key file pasted counts too. */
static int holds_secret_key(const char *text)
{
    static const char needle[] = "age-secret-key-";
    for (const char *p = text; *p; p++)
        if (strncasecmp(p, needle, sizeof needle - 1) == 0) return 1;
    return 0;
}

/* An uploaded file: recipients files and age-keygen output hold comment
 * lines ("# public key: age1…"); the key is the one line that is neither a
 * comment nor blank. The whole text when there is not exactly one such line
 * (the checks below then explain what is wrong), or NULL without memory. */
static const char *only_key_line(request *r, const char *text)
{
    const char *found = NULL, *p = text;
    size_t found_len = 0;
    int n = 0;
    while (*p) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        size_t skip = strspn(p, " \t\r");
        if (skip < len && p[skip] != '#') {
            n++;
            found = p;
            found_len = len;
        }
        p += len + (end ? 1 : 0);
    }
    return n == 1 ? arena_strndup(r->a, found, found_len) : text;
}

/* error and warning are translated already. */
static void age_key_page(request *r, int status, const char *error, const char *warning, const char *key)
{
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, 500, "Servern fick slut på minne."); return; }
    tmpl_set_str(c, "error", error);
    tmpl_set_str(c, "warning", warning);
    tmpl_set_str(c, "key", key ? key : "");
    res_page(r, status, "age_key.html", "Nyckel för krypterade leveranser", c);
}

void h_age_key(request *r)
{
    if (r->method != HTTP_POST) { age_key_page(r, 200, NULL, NULL, NULL); return; }
    const char *sent = form_text(&r->form, "key");
    const char *file = form_text(&r->form, "key_file");
    if ((!sent || !*sent) && file && *file) sent = only_key_line(r, file);
    if (!sent) {
        /* Too long or missing: the value is never echoed, it may be a secret. */
        age_key_page(r, 422, tr(r, "Klistra in din offentliga age-nyckel. Den börjar med age1 och är 62 tecken lång."),
                     NULL, NULL);
        return;
    }
    if (holds_secret_key(sent)) {
        age_key_page(r, 422, NULL,
                     tr(r, "Det du klistrade in är en hemlig age-nyckel (AGE-SECRET-KEY-…). Den har inte sparats "
                           "och visas inte här. Klistra in den offentliga nyckeln, som börjar med age1. Den hemliga "
                           "nyckeln har lämnat din dator: skapa helst ett nytt nyckelpar med age-keygen."),
                     NULL);
        return;
    }
    while (*sent == ' ' || *sent == '\t' || *sent == '\r' || *sent == '\n') sent++;
    size_t n = strlen(sent);
    while (n && (sent[n - 1] == ' ' || sent[n - 1] == '\t' || sent[n - 1] == '\r' || sent[n - 1] == '\n')) n--;
    char key[AGE_RECIPIENT_MAX];
    age_recipient rec;
    dl_error e;
    dl_error_clear(&e);
    if (n && n < sizeof key) {
        memcpy(key, sent, n);
        key[n] = '\0';
        if (age_parse_recipient(key, &rec, &e) == DL_OK) {
            age_key_page(r, 200, NULL, NULL, key);
            return;
        }
    }
    const char *why;
    if (n == 0)
        why = tr(r, "Klistra in din offentliga age-nyckel. Den börjar med age1 och är 62 tecken lång.");
    else if (strncmp(sent, "ssh-", 4) == 0)
        why = tr(r, "SSH-nycklar stöds inte. Klistra in en age-nyckel, som börjar med age1.");
    else if (strncasecmp(sent, "age1pq1", 7) == 0)
        why = tr(r, "Den här sortens age-nyckel (age1pq…) stöds inte ännu. Skapa en vanlig nyckel med age-keygen.");
    else if (strncasecmp(sent, "age1", 4) == 0)
        why = tr(r, "Det här är inte en giltig age-nyckel: den börjar med age1 men kontrollsumman eller längden "
                    "stämmer inte. Kopiera hela raden igen, med små bokstäver.");
    else
        why = tr(r, "Det här är inte en giltig age-nyckel: den ska börja med age1 och vara 62 tecken lång, "
                    "så som age-keygen skriver ut den (\"Public key: age1…\").");
    age_key_page(r, 422, why, NULL, NULL);
}
