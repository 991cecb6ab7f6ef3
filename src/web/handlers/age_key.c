/* age_key.c — /account/age-key: a researcher gives the age public key
 * ("age1…") a data delivery will be encrypted to, pasted or uploaded as a
 * file (age-keygen's output or a recipients file). It is validated with
 * crypto/age.h and shown back; it is not stored yet (it will be stored with
 * the case when the case workflow arrives). A secret key sent by mistake
 * is recognised anywhere in the request, however long, and never stored,
 * echoed or logged. */
#include "web/handlers/handlers.h"
#include "crypto/age.h"

#include <string.h>
#include <strings.h>

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* After an optional case-insensitive prefix, the rest of the line (trimmed);
 * NULL when the line does not start with it. */
static const char *after_prefix(const char *line, size_t len, const char *prefix, size_t *rest_len)
{
    size_t n = strlen(prefix);
    if (len < n || strncasecmp(line, prefix, n) != 0) return NULL;
    while (n < len && is_blank(line[n])) n++;
    *rest_len = len - n;
    return line + n;
}

/* The key in pasted or uploaded text: the one line that is neither blank
 * nor a comment, "Public key: " (age-keygen's message) removed; else the
 * key in a "# public key: age1…" comment (a key file whose secret line was
 * deleted). *several is set when more than one key line is there. A copy
 * in r's arena ("" when there is none), NULL without memory. */
static const char *pick_key(request *r, const char *text, int *several)
{
    const char *key = NULL, *commented = NULL;
    size_t key_len = 0, commented_len = 0;
    int n_keys = 0;
    *several = 0;
    if (strncmp(text, "\xEF\xBB\xBF", 3) == 0) text += 3; /* a byte-order mark (Windows editors) */
    for (const char *p = text; *p;) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *line = p;
        p += len + (end ? 1 : 0);
        while (len && is_blank(*line)) line++, len--;
        while (len && is_blank(line[len - 1])) len--;
        if (len == 0) continue;
        size_t rest;
        const char *v = after_prefix(line, len, "# public key:", &rest);
        if (v) {
            commented = v;
            commented_len = rest;
            continue;
        }
        if (line[0] == '#') continue;
        if ((v = after_prefix(line, len, "public key:", &rest)) != NULL) line = v, len = rest;
        n_keys++;
        key = line;
        key_len = len;
    }
    if (n_keys > 1) *several = 1;
    if (n_keys == 0 && commented) key = commented, key_len = commented_len;
    return arena_strndup(r->a, key ? key : "", key ? key_len : 0);
}

/* error and warning are translated already. */
static void age_key_page(request *r, int status, const char *error, const char *warning, const char *key)
{
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_str(c, "error", error);
    tmpl_set_str(c, "warning", warning);
    tmpl_set_str(c, "key", key ? key : "");
    res_page(r, status, "age_key.html", "Nyckel för krypterade leveranser", c);
}

/* Why sent (not a valid key) was refused, translated. */
static const char *why_not_a_key(request *r, const char *sent)
{
    if (strncmp(sent, "ssh-", 4) == 0)
        return tr(r, "SSH-nycklar stöds inte. Klistra in en age-nyckel, som börjar med age1.");
    if (strncasecmp(sent, "age1pq1", 7) == 0)
        return tr(r, "Den här sortens age-nyckel (age1pq…) stöds inte ännu. Skapa en vanlig nyckel med age-keygen.");
    if (strncasecmp(sent, "age1", 4) == 0)
        return tr(r, "Det här är inte en giltig age-nyckel: den börjar med age1 men kontrollsumman eller längden "
                     "stämmer inte. Kopiera hela raden igen, med små bokstäver.");
    return tr(r, "Det här är inte en giltig age-nyckel: den ska börja med age1 och vara 62 tecken lång, "
                 "så som age-keygen skriver ut den (\"Public key: age1…\").");
}

void h_age_key(request *r)
{
    if (r->method != HTTP_POST) { age_key_page(r, 200, NULL, NULL, NULL); return; }
    /* searched in the raw body: the key's characters (letters, digits, '-')
     * travel unencoded in both form encodings, so it is found even in a
     * value too long for its field */
    if (age_holds_secret_key(r->body, r->body_len)) {
        age_key_page(r, http_status_of(DL_EINVAL), NULL,
                     tr(r, "Det du klistrade in är en hemlig age-nyckel (AGE-SECRET-KEY-…). Den har inte sparats "
                           "och visas inte här. Klistra in den offentliga nyckeln, som börjar med age1. Den hemliga "
                           "nyckeln har lämnat din dator: skapa helst ett nytt nyckelpar med age-keygen."),
                     NULL);
        return;
    }
    const form_value *typed = form_at(&r->form, AGE_KEY_KEY), *file = form_at(&r->form, AGE_KEY_FILE);
    if (typed->error && typed->present) {
        age_key_page(r, http_status_of(DL_EINVAL), tr(r, "Det inklistrade är för långt för att vara en age-nyckel. Klistra in bara "
                                   "raden som börjar med age1."), NULL, NULL);
        return;
    }
    const char *sent = typed->text ? typed->text : "";
    while (is_blank(*sent) || *sent == '\n') sent++;
    if (!*sent) {
        if (r->upload_not_text) {
            age_key_page(r, http_status_of(DL_EINVAL), tr(r, "Filen är inte en textfil. Ladda upp filen som innehåller din offentliga "
                                       "nyckel (en rad som börjar med age1)."), NULL, NULL);
            return;
        }
        if (file->error && file->present) {
            age_key_page(r, http_status_of(DL_EINVAL), tr(r, "Filen är för stor för att vara en nyckelfil. Ladda upp filen som "
                                       "innehåller din offentliga nyckel (en rad som börjar med age1)."), NULL, NULL);
            return;
        }
        sent = file->text ? file->text : "";
    }
    int several = 0;
    const char *key = pick_key(r, sent, &several);
    if (!key) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    if (several) {
        age_key_page(r, http_status_of(DL_EINVAL), tr(r, "Det finns flera nycklar här. Leveransen krypteras till en nyckel: ge bara "
                                   "raden med din egen offentliga nyckel (age1…)."), NULL, NULL);
        return;
    }
    if (!*key) {
        age_key_page(r, http_status_of(DL_EINVAL), tr(r, "Klistra in din offentliga age-nyckel. Den börjar med age1 och är 62 tecken lång."),
                     NULL, NULL);
        return;
    }
    age_recipient rec;
    dl_error e = {0};
    dl_error_clear(&e);
    if (strlen(key) < AGE_RECIPIENT_MAX && age_parse_recipient(key, &rec, &e) == DL_OK) {
        age_key_page(r, 200, NULL, NULL, key);
        return;
    }
    age_key_page(r, http_status_of(DL_EINVAL), why_not_a_key(r, key), NULL, NULL);
}
