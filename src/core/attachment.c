/* attachment.c — the rules for files attached to a case (see attachment.h). */
#include "core/attachment.h"

#include <stdio.h>
#include <string.h>

/* Is needle within the last `tail` bytes of data? */
static int in_tail(const unsigned char *data, size_t len, const char *needle, size_t tail)
{
    size_t n = strlen(needle);
    size_t from = len > tail ? len - tail : 0;
    for (size_t i = from; i + n <= len; i++)
        if (memcmp(data + i, needle, n) == 0) return 1;
    return 0;
}

const char *attachment_check_pdf(const unsigned char *data, size_t len)
{
    if (!data || len == 0) return "Filen är tom.";
    if (len > ATTACHMENT_MAX_BYTES) return "Filen är för stor; en bilaga får vara högst 10 MiB.";
    if (len < 16 || memcmp(data, "%PDF-", 5) != 0 || (data[5] != '1' && data[5] != '2') || data[6] != '.')
        return "Bilagan ska vara en PDF-fil (beslutet från Etikprövningsmyndigheten som PDF).";
    /* A PDF ends with %%EOF (perhaps followed by a newline or a few bytes). */
    if (!in_tail(data, len, "%%EOF", 1024))
        return "Filen börjar som en PDF men är inte en hel PDF-fil (slutet saknas). Spara beslutet som PDF igen och bifoga det.";
    return NULL;
}

void attachment_safe_name(const char *sent, char out[ATTACHMENT_NAME_MAX + 1])
{
    const char *base = sent ? sent : "";
    for (const char *p = base; *p; p++)
        if (*p == '/' || *p == '\\') base = p + 1;
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)base; *p && n < ATTACHMENT_NAME_MAX; p++) {
        unsigned char c = *p;
        out[n++] = (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || c == '/' || c == ';') ? '_' : (char)c;
    }
    /* do not end inside a UTF-8 sequence */
    while (n > 0 && ((unsigned char)out[n - 1] & 0xC0) == 0x80) n--;
    if (n > 0 && ((unsigned char)out[n - 1] & 0xC0) == 0xC0) n--;
    out[n] = '\0';
    int only_dots = 1;
    for (size_t i = 0; i < n; i++)
        if (out[i] != '.' && out[i] != ' ' && out[i] != '_') only_dots = 0;
    if (n == 0 || only_dots) snprintf(out, ATTACHMENT_NAME_MAX + 1, "bilaga.pdf");
}
