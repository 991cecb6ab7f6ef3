/* case_portal.c — the portal's words for a case's state and the typical
 * time in each state; see case_portal.h. */
#include "core/case_portal.h"

#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"

/* One row per state, in enum order: what happens next, who has the case. */
static const struct {
    const char *next_sv, *holder_sv;
} words[CASE_STATE__MAX] = {
    [CASE_DRAFT] = {"Skriv klart ansökan och skicka in den.", "Du (sökanden)"},
    [CASE_RECEIVED] = {"Ansökan kontrolleras: är den komplett går den vidare till samrådet, annars får du en "
                       "begäran om komplettering.", "Samordnaren"},
    [CASE_COMPLETION_REQUESTED] = {"Du skickar kompletteringen; tiden står still tills den kommer in.",
                                   "Du (sökanden)"},
    [CASE_AWAITING_COST_ACCEPTANCE] = {"Du svarar på kostnadsberäkningen: godta den, begränsa ansökan eller återkalla "
                                       "den; tiden står still tills du svarar.", "Du (sökanden)"},
    [CASE_AWAITING_SAMRAD] = {"Samrådet bedömer frågeställningen och sekretessen och lämnar en rekommendation.",
                              "Samrådet"},
    [CASE_UNIT_CONSULTATION] = {"De berörda enheterna får säga nej; sedan går ärendet till beslut.",
                                "Enheterna i området"},
    [CASE_AWAITING_DECISION] = {"Beslut fattas om utlämnande.", "Beslutsfattaren"},
    [CASE_AWAITING_ASSIGNMENT] = {"En medarbetare får uppdraget att ta ut uppgifterna.", "Verksamhetschefen"},
    [CASE_EXTRACTING] = {"Uppgifterna tas ut och levereras till dig.", "Den som tar ut uppgifterna"},
    [CASE_DELIVERED] = {"Ärendet är avslutat. Förstör uppgifterna enligt beslutet.", "Ingen (avslutat)"},
    [CASE_REFUSED] = {"Ärendet är avslutat. Beslutet säger hur du överklagar.", "Ingen (avslutat)"},
    [CASE_WITHDRAWN] = {"Ärendet är avslutat.", "Ingen (avslutat)"},
};

const char *case_state_next_sv(case_state s)
{
    return (int)s >= 0 && s < CASE_STATE__MAX ? words[s].next_sv : NULL;
}

const char *case_state_holder_sv(case_state s)
{
    return (int)s >= 0 && s < CASE_STATE__MAX ? words[s].holder_sv : NULL;
}

case_holder_place case_state_holder_place(case_state s)
{
    switch (s) {
    case CASE_RECEIVED:
    case CASE_AWAITING_SAMRAD: return HOLDER_ORGANISATION;
    case CASE_UNIT_CONSULTATION:
    case CASE_AWAITING_DECISION:
    case CASE_AWAITING_ASSIGNMENT:
    case CASE_EXTRACTING: return HOLDER_TARGET;
    default: return HOLDER_NOWHERE;
    }
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

int64_t median_i64(int64_t *v, int n)
{
    if (n <= 0) return 0;
    qsort(v, (size_t)n, sizeof *v, cmp_i64);
    if (n % 2) return v[n / 2];
    int64_t a = v[n / 2 - 1], b = v[n / 2];
    return a + (b - a) / 2; /* no overflow of a + b */
}

void case_state_medians(const case_hop *hops, int n, int64_t *scratch, int64_t median_out[CASE_STATE__MAX],
                        int count_out[CASE_STATE__MAX])
{
    for (int s = 0; s < CASE_STATE__MAX; s++) {
        median_out[s] = 0;
        count_out[s] = 0;
    }
    /* Two passes per state would read the rows CASE_STATE__MAX times; one
     * pass fills scratch grouped by state via counts first. */
    int start[CASE_STATE__MAX + 1] = {0};
    for (int pass = 0; pass < 2; pass++) {
        int fill[CASE_STATE__MAX] = {0};
        for (int i = 0; i + 1 < n; i++) {
            /* A stay that begins at hop i ends at the next hop of the same case into another state. */
            if (i > 0 && hops[i - 1].case_id == hops[i].case_id && hops[i - 1].to == hops[i].to) continue;
            case_state s = hops[i].to;
            if ((int)s < 0 || s >= CASE_STATE__MAX) continue;
            int j = i + 1;
            while (j < n && hops[j].case_id == hops[i].case_id && hops[j].to == s) j++;
            if (j >= n || hops[j].case_id != hops[i].case_id) continue; /* still in s */
            int64_t span = hops[j].at - hops[i].at;
            if (pass == 0) count_out[s]++;
            else scratch[start[s] + fill[s]++] = span < 0 ? 0 : span;
        }
        if (pass == 0)
            for (int s = 0; s < CASE_STATE__MAX; s++) start[s + 1] = start[s] + count_out[s];
    }
    for (int s = 0; s < CASE_STATE__MAX; s++) median_out[s] = median_i64(scratch + start[s], count_out[s]);
}

int64_t case_time_utc(const char *s)
{
    cal_date d;
    if (!s || strlen(s) != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z') return -1;
    if (!cal_parse_iso(s, 10, 1, 9999, &d)) return -1;
    int h = cal_digits(s + 11, 2), m = cal_digits(s + 14, 2), sec = cal_digits(s + 17, 2);
    if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60) return -1;
    return cal_to_days(d) * 86400 + h * 3600 + m * 60 + sec;
}

int64_t case_span_days(int64_t seconds)
{
    if (seconds <= 0) return 0;
    return (seconds + 43200) / 86400;
}
