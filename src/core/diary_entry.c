/* diary_entry.c — validation of diary registrations (see diary_entry.h). */
#include "core/diary_entry.h"
#include "core/calendar.h"
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

/* Exactly YYYY-MM-DD (strptime would accept spaces and one-digit fields)
 * and a real calendar date from 1900 on. */
static int valid_date(const char *s)
{
    cal_date d;
    return s && cal_parse_iso(s, strlen(s), 1900, 9999, &d);
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
