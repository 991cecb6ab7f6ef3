/* case_request.c — the request form's field list and its rules: formats of
 * what a draft holds, and completeness before it is sent. */
#include "core/case_request.h"

#include <ctype.h>
#include <string.h>

#include "core/calendar.h"

#define INFO(name, key, kind, max, needed, label) [name] = {key, kind, max, needed, label},
const case_request_field_info case_request_fields[REQ__MAX] = {CASE_REQUEST_FIELDS(INFO)};
#undef INFO

#define CHECK_KEY(name, key, label) [name] = key,
#define CHECK_LABEL(name, key, label) [name] = label,
const char *const case_check_keys[CASE_CHECK__MAX + 1] = {CASE_CHECKLIST(CHECK_KEY)[CASE_CHECK__MAX] = NULL};
const char *const case_check_labels_sv[CASE_CHECK__MAX] = {CASE_CHECKLIST(CHECK_LABEL)};
#undef CHECK_KEY
#undef CHECK_LABEL

const char *const legal_basis_keys[LEGAL_BASIS__MAX + 1] = {
    [LEGAL_PUBLIC_INTEREST] = "public_interest", [LEGAL_CONSENT] = "consent", [LEGAL_OTHER] = "other",
    [LEGAL_BASIS__MAX] = NULL};
static const char *const legal_basis_labels[LEGAL_BASIS__MAX] = {
    [LEGAL_PUBLIC_INTEREST] = "Uppgift av allmänt intresse (forskning, GDPR art. 6.1 e och 9.2 j)",
    [LEGAL_CONSENT] = "Samtycke från de registrerade",
    [LEGAL_OTHER] = "Annan grund (förklara nedan)",
};
const char *legal_basis_label_sv(legal_basis b) { return (unsigned)b < LEGAL_BASIS__MAX ? legal_basis_labels[b] : ""; }

const char *const delivery_keys[DELIVERY__MAX + 1] = {
    [DELIVERY_ENCRYPTED] = "encrypted", [DELIVERY_PAPER] = "paper", [DELIVERY__MAX] = NULL};
static const char *const delivery_labels[DELIVERY__MAX] = {
    [DELIVERY_ENCRYPTED] = "Krypterad fil (age)",
    [DELIVERY_PAPER] = "Pappersutskrift",
};
const char *delivery_label_sv(delivery_method m) { return (unsigned)m < DELIVERY__MAX ? delivery_labels[m] : ""; }

static int filled(const char *s) { return s && *s; }

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i])) return 0;
    return 1;
}

int ethics_dnr_valid(const char *s)
{
    if (!s) return 0;
    size_t n = strlen(s);
    if (n != 10 && n != 13) return 0;
    if (!all_digits(s, 4) || s[4] != '-' || !all_digits(s + 5, 5)) return 0;
    int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    if (year < 2019 || year > 2100) return 0; /* the authority started in 2019 */
    if (n == 13 && (s[10] != '-' || !all_digits(s + 11, 2))) return 0;
    return 1;
}

int icd10_code_valid(const char *s, size_t n)
{
    if (n < 2 || !isupper((unsigned char)s[0]) || s[0] > 'Z') return 0;
    if (!isdigit((unsigned char)s[1])) return 0;
    if (n == 2) return 1;                      /* "I2": a prefix */
    if (!isdigit((unsigned char)s[2])) return 0;
    if (n == 3) return 1;                      /* "E11" */
    if (s[3] != '.' || n < 5 || n > 6) return 0;
    return all_digits(s + 4, n - 4);           /* "E11.9", "C50.91" */
}

int icd10_list_valid(const char *s, const char **bad, size_t *bad_len)
{
    const char *p = s ? s : "";
    while (*p) {
        while (*p == ',' || *p == ';' || isspace((unsigned char)*p)) p++;
        if (!*p) break;
        const char *start = p;
        while (*p && *p != ',' && *p != ';' && !isspace((unsigned char)*p)) p++;
        if (!icd10_code_valid(start, (size_t)(p - start))) {
            if (bad) *bad = start;
            if (bad_len) *bad_len = (size_t)(p - start);
            return 0;
        }
    }
    return 1;
}

static int date_ok(const char *s, cal_date *d)
{
    return cal_parse_iso(s, strlen(s), 1900, 2200, d);
}

int case_request_check(const case_request *r, int for_sending, case_request_problem *out, int max)
{
    int n = 0;
#define PROBLEM(f, m)                                  \
    do {                                               \
        if (n < max) out[n] = (case_request_problem){f, m}; \
        n++;                                           \
    } while (0)
    for (int f = 0; f < REQ__MAX; f++) {
        const char *v = r->v[f];
        if (!filled(v)) {
            if (for_sending && case_request_fields[f].needed_to_send)
                PROBLEM((case_request_field)f, "Fyll i fältet innan ansökan skickas.");
            continue;
        }
        switch (f) {
        case REQ_ETHICS_DNR:
            if (!ethics_dnr_valid(v))
                PROBLEM(REQ_ETHICS_DNR, "Ange diarienumret som Etikprövningsmyndigheten skrev det, "
                                        "till exempel 2024-01234-01 (år, fem siffror, ibland två till).");
            break;
        case REQ_ICD10:
            if (!icd10_list_valid(v, NULL, NULL))
                PROBLEM(REQ_ICD10, "Ange ICD-10-koder som E11, E11.9 eller I2 (bokstav och siffror), "
                                   "åtskilda med kommatecken.");
            break;
        case REQ_LEGAL_BASIS:
        case REQ_DELIVERY: {
            const char *const *keys = f == REQ_LEGAL_BASIS ? legal_basis_keys : delivery_keys;
            int known = 0;
            for (int k = 0; keys[k]; k++) known |= strcmp(v, keys[k]) == 0;
            if (!known) PROBLEM((case_request_field)f, "Välj ett av alternativen i listan.");
            break;
        }
        case REQ_AGE_KEY:
            if (strncmp(v, "age1", 4) != 0 || strlen(v) != 62)
                PROBLEM(REQ_AGE_KEY, "En age-nyckel börjar med age1 och är 62 tecken lång, "
                                     "så som age-keygen skriver ut den.");
            break;
        default:
            break;
        }
    }
    cal_date from, to;
    if (filled(r->v[REQ_PERIOD_FROM]) && filled(r->v[REQ_PERIOD_TO]) && date_ok(r->v[REQ_PERIOD_FROM], &from) &&
        date_ok(r->v[REQ_PERIOD_TO], &to) && cal_to_days(to) < cal_to_days(from))
        PROBLEM(REQ_PERIOD_TO, "Periodens slut ligger före dess början.");
    if (for_sending && filled(r->v[REQ_DELIVERY]) && strcmp(r->v[REQ_DELIVERY], "encrypted") == 0 &&
        !filled(r->v[REQ_AGE_KEY]))
        PROBLEM(REQ_AGE_KEY, "En krypterad leverans behöver mottagarens offentliga age-nyckel.");
    if (for_sending && filled(r->v[REQ_LEGAL_BASIS]) && strcmp(r->v[REQ_LEGAL_BASIS], "other") == 0 &&
        !filled(r->v[REQ_LEGAL_NOTE]))
        PROBLEM(REQ_LEGAL_NOTE, "Förklara den rättsliga grunden när du har valt Annan grund.");
#undef PROBLEM
    return n;
}
