/* diary_entry.c — validation of diary registrations (see diary_entry.h). */
#include "core/diary_entry.h"
#include "core/calendar.h"
#include "core/plain_text.h"
#include "core/utf8.h"

#include <string.h>

/* The one list of directions: enum, key (stored), Swedish label (msgid). */
#define DIRECTION_TABLE(X)                      \
    X(DIARY_IN, "in", "Inkommande")             \
    X(DIARY_OUT, "out", "Utgående")             \
    X(DIARY_INTERNAL, "internal", "Upprättad")

#define KEY_SLOT(id, key, label) [id] = key,
#define LABEL_SLOT(id, key, label) [id] = label,
#define ONE_ROW(id, key, label) +1
_Static_assert(0 DIRECTION_TABLE(ONE_ROW) == DIARY_DIRECTION__MAX, "one DIRECTION_TABLE row per diary_direction");
const char *const diary_direction_keys[DIARY_DIRECTION__MAX + 1] = {DIRECTION_TABLE(KEY_SLOT)[DIARY_DIRECTION__MAX] = NULL};
static const char *const direction_labels_sv[DIARY_DIRECTION__MAX] = {DIRECTION_TABLE(LABEL_SLOT)};

int diary_direction_from_key(const char *key)
{
    if (!key) return -1;
    for (int i = 0; i < DIARY_DIRECTION__MAX; i++)
        if (strcmp(diary_direction_keys[i], key) == 0) return i;
    return -1;
}

const char *diary_direction_label_sv(const char *key)
{
    int i = diary_direction_from_key(key);
    return i < 0 ? NULL : direction_labels_sv[i];
}

/* Exactly YYYY-MM-DD (strptime would accept spaces and one-digit fields)
 * and a real calendar date from 1900 on. */
static int valid_date(const char *s)
{
    cal_date d;
    return s && cal_parse_iso(s, strlen(s), 1900, 9999, &d);
}


dl_err diary_input_check(const diary_input *in, dl_error *e)
{
    if (in->org_id <= 0) return dl_fail(e, DL_EINVAL, "Välj vilken organisations diarium handlingen ska registreras i.");
    if (!valid_date(in->doc_date)) return dl_fail(e, DL_EINVAL, "Handlingens datum ska vara ett datum i formen ÅÅÅÅ-MM-DD.");
    if (!diary_direction_label_sv(in->direction))
        return dl_fail(e, DL_EINVAL, "Välj om handlingen är inkommande, utgående eller upprättad.");
    if (text_blank(in->counterpart)) return dl_fail(e, DL_EINVAL, "Ange avsändare eller mottagare.");
    if (text_blank(in->subject)) return dl_fail(e, DL_EINVAL, "Ange vad handlingen gäller.");
    size_t nc = strlen(in->counterpart), ns = strlen(in->subject);
    if (!utf8_valid(in->counterpart, nc) || !utf8_valid(in->subject, ns))
        return dl_fail(e, DL_EINVAL, "Texten innehåller ogiltiga tecken.");
    if (utf8_count(in->counterpart, nc) > DIARY_TEXT_MAX || utf8_count(in->subject, ns) > DIARY_TEXT_MAX)
        return dl_fail(e, DL_EINVAL, "Avsändare/mottagare och ärendemening får vara högst %d tecken.", DIARY_TEXT_MAX);
    if (in->confidential && text_blank(in->legal_ref))
        return dl_fail(e, DL_EINVAL, "En sekretessmarkering kräver en hänvisning till lagrum, t.ex. OSL 25 kap. 1 §.");
    if (in->legal_ref && (!utf8_valid(in->legal_ref, strlen(in->legal_ref)) ||
                          utf8_count(in->legal_ref, strlen(in->legal_ref)) > DIARY_LEGAL_REF_MAX))
        return dl_fail(e, DL_EINVAL, "Lagrummet får vara högst %d tecken.", DIARY_LEGAL_REF_MAX);
    if (in->corrects_id < 0) return dl_fail(e, DL_EINVAL, "Den rättade registreringen finns inte.");
    return DL_OK;
}
