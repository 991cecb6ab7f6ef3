/* diary_entry.c — validation of diary registrations (see diary_entry.h). */
#include "core/diary_entry.h"
#include "core/utf8.h"

#include <string.h>

static const struct { const char *key, *label_sv; } directions[] = {
    {"in", "Inkommande"},
    {"out", "Utgående"},
    {"internal", "Upprättad"},
};

const char *diary_direction_label_sv(const char *key)
{
    if (!key) return NULL;
    for (size_t i = 0; i < sizeof directions / sizeof directions[0]; i++)
        if (strcmp(directions[i].key, key) == 0) return directions[i].label_sv;
    return NULL;
}

/* Exactly YYYY-MM-DD: digits where digits belong (strptime would accept
 * spaces and one-digit fields), and a real calendar date. */
static int valid_date(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    if (m < 1 || m > 12) return 0;
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int max = days[m - 1] + (m == 2 && leap);
    return y >= 1900 && y <= 9999 && d >= 1 && d <= max;
}

static int blank(const char *s)
{
    if (!s) return 1;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return 0;
    return 1;
}

dl_err diary_input_check(const diary_input *in, dl_error *e)
{
    if (in->org_id <= 0) return dl_fail(e, DL_EINVAL, "Välj vilken organisations diarium handlingen ska registreras i.");
    if (!valid_date(in->doc_date)) return dl_fail(e, DL_EINVAL, "Handlingens datum ska vara ett datum i formen ÅÅÅÅ-MM-DD.");
    if (!diary_direction_label_sv(in->direction))
        return dl_fail(e, DL_EINVAL, "Välj om handlingen är inkommande, utgående eller upprättad.");
    if (blank(in->counterpart)) return dl_fail(e, DL_EINVAL, "Ange avsändare eller mottagare.");
    if (blank(in->subject)) return dl_fail(e, DL_EINVAL, "Ange vad handlingen gäller.");
    size_t nc = strlen(in->counterpart), ns = strlen(in->subject);
    if (!utf8_valid(in->counterpart, nc) || !utf8_valid(in->subject, ns))
        return dl_fail(e, DL_EINVAL, "Texten innehåller ogiltiga tecken.");
    if (utf8_count(in->counterpart, nc) > DIARY_TEXT_MAX || utf8_count(in->subject, ns) > DIARY_TEXT_MAX)
        return dl_fail(e, DL_EINVAL, "Avsändare/mottagare och ärendemening får vara högst %d tecken.", DIARY_TEXT_MAX);
    if (in->confidential && blank(in->legal_ref))
        return dl_fail(e, DL_EINVAL, "En sekretessmarkering kräver en hänvisning till lagrum, t.ex. OSL 25 kap. 1 §.");
    if (in->legal_ref && (!utf8_valid(in->legal_ref, strlen(in->legal_ref)) ||
                          utf8_count(in->legal_ref, strlen(in->legal_ref)) > DIARY_LEGAL_REF_MAX))
        return dl_fail(e, DL_EINVAL, "Lagrummet får vara högst %d tecken.", DIARY_LEGAL_REF_MAX);
    if (in->corrects_id < 0) return dl_fail(e, DL_EINVAL, "Den rättade registreringen finns inte.");
    return DL_OK;
}
