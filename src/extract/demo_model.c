/* demo_model.c — the rows of the synthetic source database (see
 * demo_model.h): who the patients are, how often they come, where, why,
 * which samples are taken and what is prescribed. All the numbers that make
 * it look like primary care in a Swedish region are in the tables below.
 *
 * Personnummer. Skatteverket publishes a list of test personnummer, but no
 * serial range that a generator could draw from, and every serial 001–999
 * of every date can belong to a real person. So these numbers are invented:
 * a birth date from the age pyramid, a serial number allocated per birth
 * date (unique by construction: a counter per date, sex and kind, permuted
 * so the serials look random), the sex digit matching the sex and the Luhn
 * check digit right. They are valid in form and MAY coincide with a real
 * person's number; the database says so in datalots_source ('synthetic').
 * About 1 % are samordningsnummer (day + 60).
 *
 * Determinism: one splitmix64 stream from the seed, integer arithmetic only
 * (no libm), so a seed gives the same bytes on every machine. */
#include "core/splitmix.h"
#include "extract/demo_model.h"

#include "extract/demo_units.h"

#include <stdlib.h>
#include <string.h>

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- the generator ------------------------------------------------------- */

static double unit_real(rng *r) { return (double)(rnext(r) >> 11) * (1.0 / 9007199254740992.0); }
/* About N(0, 1): the sum of four uniforms, centred and scaled (no libm). */
static double gauss(rng *r)
{
    double s = unit_real(r) + unit_real(r) + unit_real(r) + unit_real(r);
    return (s - 2.0) * 1.7320508075688772;
}
static double clampd(double v, double lo, double hi) { return v < lo ? lo : v > hi ? hi : v; }
/* v rounded to `decimals` (0–2) decimals, halves away from zero (values are positive). */
static double round_to(double v, int decimals)
{
    static const double scale[] = {1.0, 10.0, 100.0};
    return (double)(int64_t)(v * scale[decimals] + 0.5) / scale[decimals];
}

typedef struct weighted { const char *value; int weight; } weighted;
static const char *pick_weighted(rng *r, const weighted *w, int n)
{
    int total = 0;
    for (int i = 0; i < n; i++) total += w[i].weight;
    int x = below(r, total);
    for (int i = 0; i < n; i++) {
        if (x < w[i].weight) return w[i].value;
        x -= w[i].weight;
    }
    return w[n - 1].value;
}

/* ---- dates (days since 1970-01-01, proleptic Gregorian) -------------------- */

static int days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}
static void civil_from_days(int z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = yoe + era * 400 + (*m <= 2);
}
static void put_digits(char *out, int v, int n)
{
    for (int i = n - 1; i >= 0; i--) { out[i] = (char)('0' + v % 10); v /= 10; }
}
/* "YYYY-MM-DD" and a NUL into out. */
static void format_date(int day, char out[11])
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    put_digits(out, y, 4);
    out[4] = '-';
    put_digits(out + 5, m, 2);
    out[7] = '-';
    put_digits(out + 8, d, 2);
    out[10] = '\0';
}

/* ---- who the patients are -------------------------------------------------- */

/* Age at DEMO_LAST_DATE in five-year bands, per mille (Sweden's population
 * pyramid, roughly: SCB's tables for 2023). */
static const int age_band_permille[20] = {54, 58, 62, 59, 60, 66, 70, 67, 63, 64,
                                          66, 63, 57, 53, 52, 46, 30, 16, 7, 2};
/* Age groups for prevalences and visit rates. */
enum { G_0_4, G_5_17, G_18_29, G_30_44, G_45_64, G_65_79, G_80, G__N };
static int age_group(int years)
{
    return years < 5 ? G_0_4 : years < 18 ? G_5_17 : years < 30 ? G_18_29 : years < 45 ? G_30_44
         : years < 65 ? G_45_64 : years < 80 ? G_65_79 : G_80;
}

/* Home municipalities: SCB's four-digit codes, weighted by population
 * (thousands, rounded). */
static const weighted municipalities[] = {
    {"0180", 985}, {"1480", 600}, {"1280", 360}, {"0380", 245}, {"0580", 166}, {"1880", 159},
    {"1980", 158}, {"1283", 151}, {"0581", 145}, {"0680", 145}, {"2480", 132}, {"1281", 128},
    {"1490", 115}, {"0126", 115}, {"1380", 104}, {"2180", 103}, {"0181", 101}, {"2281", 99},
    {"0780", 97},  {"0127", 95},  {"1780", 95},  {"1384", 86},  {"0184", 85},  {"2580", 79},
    {"0880", 71},  {"2380", 64},  {"0980", 61},  {"2080", 60},  {"1488", 59},  {"0480", 58},
    {"1496", 57},  {"1485", 57},  {"1494", 40},  {"2584", 22},  {"2583", 10},
};

/* ---- why they come: chronic conditions and acute reasons ------------------ */

/* The drugs a condition or reason is treated with: ATC code and the doses
 * (defined daily doses per day) prescribed. */
typedef struct drug { const char *atc; double ddd[4]; int n_ddd; } drug;

enum lab_id { L_HBA1C, L_GLUCOSE, L_CREATININE, L_LDL, L_POTASSIUM, L_HB, L_CRP, L_TSH, L__N };
typedef struct lab_def { const char *npu, *unit; int decimals; } lab_def;
/* NPU codes as Swedish laboratories report them. */
static const lab_def lab_defs[L__N] = {
    [L_HBA1C] = {"NPU27300", "mmol/mol", 0},     /* B-HbA1c (IFCC) */
    [L_GLUCOSE] = {"NPU02192", "mmol/L", 1},     /* P-Glukos */
    [L_CREATININE] = {"NPU18016", "µmol/L", 0},  /* P-Kreatinin */
    [L_LDL] = {"NPU01568", "mmol/L", 1},         /* P-LDL-kolesterol */
    [L_POTASSIUM] = {"NPU03230", "mmol/L", 1},   /* P-Kalium */
    [L_HB] = {"NPU28309", "g/L", 0},             /* B-Hemoglobin */
    [L_CRP] = {"NPU19748", "mg/L", 0},           /* P-CRP */
    [L_TSH] = {"NPU03577", "mIE/L", 1},          /* P-TSH */
};

typedef struct lab_order { int lab; int percent; } lab_order;

enum cond_id { C_E11, C_I10, C_J45, C_F32, C_F41, C_J44, C_I48, C_F90, C_M54, C__N };
enum reason_kind { R_CHRONIC, R_ACUTE };

/* A reason for a contact: its ICD-10-SE code, the samples taken (each with
 * its chance), and what may be prescribed (rx_percent: the chance of a
 * prescription at an acute visit; chronic ones follow the patient). */
typedef struct reason {
    const char *icd10;
    int psychiatric, musculoskeletal, infection;
    lab_order labs[4];
    drug drugs[3];
    int n_drugs, rx_percent;
} reason;

/* Chronic conditions, index = cond_id. */
static const reason chronic[C__N] = {
    [C_E11] = {"E11.9", 0, 0, 0, {{L_HBA1C, 85}, {L_GLUCOSE, 35}, {L_CREATININE, 40}, {L_LDL, 30}},
               {{"A10BA02", {0.5, 0.75, 1.0, 1.5}, 4}, {"A10BK01", {1.0}, 1}, {"A10BJ06", {1.0}, 1}}, 3, 0},
    [C_I10] = {"I10.9", 0, 0, 0, {{L_CREATININE, 45}, {L_POTASSIUM, 40}, {L_LDL, 20}},
               {{"C09AA05", {1.0, 2.0, 4.0}, 3}, {"C08CA01", {1.0, 2.0}, 2}, {"C03AA03", {0.5, 1.0}, 2}}, 3, 0},
    [C_J45] = {"J45.9", 0, 0, 0, {{L_HB, 5}},
               {{"R03AC02", {0.5, 1.0, 2.0}, 3}, {"R03BA02", {1.0, 2.0}, 2}}, 2, 0},
    [C_F32] = {"F32.9", 1, 0, 0, {{L_TSH, 12}, {L_HB, 8}},
               {{"N06AB06", {1.0, 2.0}, 2}, {"N06AB04", {1.0, 2.0}, 2}}, 2, 0},
    [C_F41] = {"F41.1", 1, 0, 0, {{L_TSH, 10}}, {{"N06AB10", {1.0, 2.0}, 2}}, 1, 0},
    [C_J44] = {"J44.9", 0, 0, 0, {{L_HB, 15}, {L_CRP, 20}}, {{"R03BB04", {1.0}, 1}}, 1, 0},
    [C_I48] = {"I48.9", 0, 0, 0, {{L_CREATININE, 30}, {L_HB, 30}},
               {{"B01AF02", {1.0}, 1}, {"C07AB02", {0.33, 0.67}, 2}}, 2, 0},
    [C_F90] = {"F90.0", 1, 0, 0, {{L_HB, 3}}, {{"N06BA04", {0.67, 1.0, 1.33, 2.0}, 4}}, 1, 0},
    [C_M54] = {"M54.5", 0, 1, 0, {{L_HB, 3}}, {{"N02BE01", {0.67, 1.0}, 2}, {"M01AE01", {0.6, 1.0}, 2}}, 2, 0},
};

/* How common each condition is, per 10 000 in each age group, and the
 * factor for women and men in percent. Type 2 diabetes comes to about 6 %
 * of adults, hypertension to a third of those over 65, asthma to 8 % of
 * children; depression and anxiety are more common in women, ADHD in boys. */
typedef struct prevalence { int per10000[G__N]; int woman_pct, man_pct; } prevalence;
static const prevalence prevalences[C__N] = {
    [C_E11] = {{0, 5, 20, 150, 600, 1200, 1300}, 85, 115},
    [C_I10] = {{0, 0, 80, 400, 1600, 3200, 3800}, 100, 100},
    [C_J45] = {{500, 900, 700, 600, 600, 600, 500}, 100, 100},
    [C_F32] = {{0, 250, 700, 700, 550, 400, 400}, 130, 70},
    [C_F41] = {{0, 300, 800, 700, 500, 300, 250}, 130, 70},
    [C_J44] = {{0, 0, 0, 20, 200, 600, 700}, 100, 100},
    [C_I48] = {{0, 0, 0, 20, 150, 700, 1300}, 80, 120},
    [C_F90] = {{0, 600, 450, 200, 80, 10, 0}, 60, 140},
    [C_M54] = {{0, 20, 300, 500, 600, 500, 400}, 100, 100},
};

/* Acute reasons, with their weight among a child's or an adult's acute
 * visits. Z76.0 (a prescription renewed) renews one of the patient's drugs. */
typedef struct acute { reason r; int weight; } acute;
#define NO_DRUG {{NULL, {0}, 0}}, 0, 0
static const acute adult_acute[] = {
    {{"J06.9", 0, 0, 1, {{L_CRP, 25}}, NO_DRUG}, 20},
    {{"M54.5", 0, 1, 0, {{L_HB, 3}}, {{"M01AE01", {0.6, 1.0}, 2}, {"N02BE01", {0.67, 1.0}, 2}}, 2, 55}, 12},
    {{"R10.4", 0, 0, 0, {{L_CRP, 40}, {L_HB, 30}}, NO_DRUG}, 7},
    {{"N39.0", 0, 0, 1, {{L_CRP, 30}}, {{"J01XE01", {1.0}, 1}, {"J01CA08", {1.0}, 1}}, 2, 75}, 8},
    {{"Z00.0", 0, 0, 0, {{L_GLUCOSE, 40}, {L_LDL, 40}, {L_HB, 30}, {L_CREATININE, 20}}, NO_DRUG}, 10},
    {{"J02.9", 0, 0, 1, {{L_CRP, 35}}, {{"J01CE02", {1.0}, 1}}, 1, 40}, 6},
    {{"B34.9", 0, 0, 1, {{L_CRP, 30}}, NO_DRUG}, 5},
    {{"R51.9", 0, 0, 0, {{L_HB, 10}}, {{"N02BE01", {0.67, 1.0}, 2}}, 1, 20}, 5},
    {{"L30.9", 0, 0, 0, {{L_HB, 2}}, {{"D07AA02", {1.0}, 1}}, 1, 40}, 5},
    {{"S93.4", 0, 1, 0, {{L_HB, 1}}, NO_DRUG}, 4},
    {{"K59.0", 0, 0, 0, {{L_HB, 5}}, {{"A06AD65", {1.0}, 1}}, 1, 40}, 3},
    {{"Z76.0", 0, 0, 0, {{L_HB, 2}}, NO_DRUG}, 6},
};
static const acute child_acute[] = {
    {{"J06.9", 0, 0, 1, {{L_CRP, 20}}, NO_DRUG}, 25},
    {{"H66.9", 0, 0, 1, {{L_CRP, 15}}, {{"J01CE02", {1.0}, 1}}, 1, 60}, 12},
    {{"Z00.1", 0, 0, 0, {{L_HB, 5}}, NO_DRUG}, 25},
    {{"L20.9", 0, 0, 0, {{L_HB, 1}}, {{"D07AA02", {1.0}, 1}}, 1, 50}, 8},
    {{"J02.9", 0, 0, 1, {{L_CRP, 35}}, {{"J01CE02", {1.0}, 1}}, 1, 40}, 6},
    {{"A09.9", 0, 0, 1, {{L_CRP, 20}}, NO_DRUG}, 8},
    {{"R50.9", 0, 0, 1, {{L_CRP, 45}, {L_HB, 10}}, NO_DRUG}, 8},
};
#undef NO_DRUG
static const drug statin = {"C10AA05", {1.0, 2.0}, 2}; /* atorvastatin, with diabetes */

/* Visits a year... over the whole period: the mean number of contacts, in
 * tenths, per age group, and what each chronic condition adds. Gives about
 * four contacts per patient. */
static const int visits_tenths[G__N] = {50, 20, 22, 25, 30, 40, 50};
#define VISITS_PER_CONDITION_TENTHS 25
#define MAX_CONTACTS 48

/* ---- where they come ------------------------------------------------------ */

typedef struct unit { const char *code; demo_unit_profile profile; } unit;
#define UNIT_ROW(code, name, parent, profile) {code, profile},
static const unit units[] = {DEMO_CARE_UNITS(UNIT_ROW)};
#undef UNIT_ROW

static const weighted contact_types[][4] = {
    [DEMO_UNIT_PRIMARY] = {{"besök", 68}, {"telefon", 24}, {"video", 7}, {"inskrivning", 1}},
    [DEMO_UNIT_CHILDREN] = {{"besök", 80}, {"telefon", 15}, {"video", 4}, {"inskrivning", 1}},
    [DEMO_UNIT_PSYCHIATRY] = {{"besök", 60}, {"telefon", 20}, {"video", 18}, {"inskrivning", 2}},
    [DEMO_UNIT_REHAB] = {{"besök", 88}, {"telefon", 4}, {"video", 8}, {"inskrivning", 0}},
};

/* The k-th unit (0-based) of a profile; the first one if there are fewer. */
static const char *unit_of(demo_unit_profile p, int k)
{
    const char *first = NULL;
    for (int i = 0; i < N(units); i++)
        if (units[i].profile == p) {
            if (!first) first = units[i].code;
            if (k-- == 0) return units[i].code;
        }
    return first;
}
static int units_of(demo_unit_profile p)
{
    int n = 0;
    for (int i = 0; i < N(units); i++) n += units[i].profile == p;
    return n;
}

/* ---- the columns this model fills, checked against source_schema ----------- */

static const char *const expected_columns[SRC_TABLE__MAX][8] = {
    [SRC_PATIENT] = {"id", "personnummer", "sex", "birth_date", "municipality"},
    [SRC_CONTACT] = {"id", "patient_id", "unit_code", "contact_date", "contact_type"},
    [SRC_DIAGNOSIS] = {"id", "patient_id", "unit_code", "diagnosis_date", "icd10", "is_primary"},
    [SRC_LAB] = {"id", "patient_id", "unit_code", "sample_date", "npu_code", "value", "value_unit"},
    [SRC_PRESCRIPTION] = {"id", "patient_id", "unit_code", "prescribed_date", "atc_code", "ddd_per_day"},
};
static int schema_matches(void)
{
    for (int t = 0; t < SRC_TABLE__MAX; t++) {
        int n = 0;
        while (n < 8 && expected_columns[t][n]) n++;
        if (source_tables[t].n_columns != n) return 0;
        for (int c = 0; c < n; c++)
            if (strcmp(source_tables[t].columns[c].name, expected_columns[t][c]) != 0) return 0;
    }
    return 1;
}

/* ---- the run --------------------------------------------------------------- */

typedef struct patient {
    int64_t id;
    int birth_day, man;
    unsigned conds;          /* bit per cond_id */
    unsigned prescribed;     /* conditions with a first prescription made */
    int drug[C__N], dose[C__N];
    int hba1c_base;
    const char *home_unit;
} patient;

typedef struct model {
    rng r;
    demo_row_fn row;
    void *ctx;
    int first_birth, n_birth_days, first_contact, last_contact;
    uint16_t *serials_used; /* [day][man][samordningsnummer] */
    int64_t next_id[SRC_TABLE__MAX];
    char date[11];
} model;

/* Serials per birth date: even 002–998 for women, odd 001–999 for men. */
static int serial_capacity(int man) { return man ? 500 : 499; }
#define SERIAL_STRIDE 263 /* prime: coprime to 499 and 500, so k -> k*263 mod cap is a permutation */

/* Allocates a birth date near `day` with a free serial: sets *day and
 * returns the serial, or -1 if every date is full. */
static int allocate_serial(model *m, int *day, int man, int samordning)
{
    int cap = serial_capacity(man);
    for (int tries = 0; tries < 1000000; tries++) {
        uint16_t *used = &m->serials_used[((size_t)(*day - m->first_birth) * 2 + (size_t)man) * 2 + (size_t)samordning];
        if (*used < cap) {
            int k = (*used)++;
            int idx = (int)(((int64_t)k * SERIAL_STRIDE + (int64_t)(*day - m->first_birth) * 37) % cap);
            return man ? 2 * idx + 1 : 2 * idx + 2;
        }
        *day = m->first_birth + below(&m->r, m->n_birth_days); /* full: another date */
    }
    return -1;
}

/* The twelve digits YYYYMMDDNNNC; the Luhn check digit over YYMMDDNNN. */
static void make_personnummer(int day, int serial, int samordning, char out[13])
{
    int y, mo, d;
    civil_from_days(day, &y, &mo, &d);
    put_digits(out, y, 4);
    put_digits(out + 4, mo, 2);
    put_digits(out + 6, d + (samordning ? 60 : 0), 2);
    put_digits(out + 8, serial, 3);
    int sum = 0;
    for (int i = 0; i < 9; i++) {
        int v = (out[2 + i] - '0') * (i % 2 == 0 ? 2 : 1);
        sum += v / 10 + v % 10;
    }
    out[11] = (char)('0' + (10 - sum % 10) % 10);
    out[12] = '\0';
}

static int years_between(int from_day, int to_day) { return (int)(((int64_t)(to_day - from_day) * 4) / 1461); }

static int emit(model *m, source_table_id t, demo_cell *cells)
{
    cells[0].i = ++m->next_id[t];
    return m->row(m->ctx, t, cells);
}

static int make_patient(model *m, patient *p, int *rc)
{
    rng *r = &m->r;
    int total = 0, band = 0;
    for (int b = 0; b < 20; b++) total += age_band_permille[b];
    int x = below(r, total);
    while (band < 19 && x >= age_band_permille[band]) x -= age_band_permille[band++];
    int lo = band * 1826, span = band == 19 ? m->n_birth_days - 1 - lo : 1826; /* 1826 days ≈ five years */
    int day = m->last_contact - (lo + below(r, span));
    p->man = below(r, 2);
    int samordning = chance(r, 1);
    int serial = allocate_serial(m, &day, p->man, samordning);
    if (serial < 0) return -1;
    p->birth_day = day;
    char pnr[13], birth[11];
    make_personnummer(day, serial, samordning, pnr);
    format_date(day, birth);
    int group = age_group(years_between(day, m->last_contact));
    p->conds = 0;
    p->prescribed = 0;
    for (int c = 0; c < C__N; c++) {
        const prevalence *pv = &prevalences[c];
        int per10000 = pv->per10000[group] * (p->man ? pv->man_pct : pv->woman_pct) / 100;
        if (below(r, 10000) < per10000) p->conds |= 1u << c;
        p->drug[c] = below(r, chronic[c].n_drugs);
        p->dose[c] = below(r, chronic[c].drugs[p->drug[c]].n_ddd);
    }
    p->hba1c_base = (int)clampd(52.0 + 9.0 * gauss(r), 40, 90);
    p->home_unit = unit_of(DEMO_UNIT_PRIMARY, below(r, units_of(DEMO_UNIT_PRIMARY)));
    demo_cell cells[5] = {{0}, {.s = pnr}, {.s = p->man ? "M" : "K"}, {.s = birth},
                          {.s = pick_weighted(r, municipalities, N(municipalities))}};
    *rc = emit(m, SRC_PATIENT, cells);
    p->id = m->next_id[SRC_PATIENT];
    return 0;
}

static double lab_value(model *m, const patient *p, int lab, int infection, int years)
{
    rng *r = &m->r;
    switch (lab) {
    case L_HBA1C: return clampd(p->hba1c_base + 6.0 * gauss(r), 30, 130);
    case L_GLUCOSE: return clampd((p->conds & (1u << C_E11)) ? 8.0 + 2.0 * gauss(r) : 5.4 + 0.6 * gauss(r), 3, 25);
    case L_CREATININE: return clampd((p->man ? 85 + 14 * gauss(r) : 70 + 12 * gauss(r)) + (years >= 80 ? 15 : 0), 35, 400);
    case L_LDL: return clampd((p->conds & (1u << C_E11)) ? 2.4 + 0.7 * gauss(r) : 3.0 + 0.9 * gauss(r), 0.8, 7.5);
    case L_POTASSIUM: return clampd(4.1 + 0.3 * gauss(r), 2.8, 6.0);
    case L_HB: return clampd(years < 18 ? 125 + 9 * gauss(r) : p->man ? 148 + 11 * gauss(r) : 133 + 10 * gauss(r), 70, 200);
    case L_CRP: { double u = unit_real(r); return infection ? 5 + 120 * u * u * u : 1 + 4 * u; }
    default: return chance(r, 5) ? 6 + 6 * unit_real(r) : clampd(1.8 + 0.8 * gauss(r), 0.1, 12);
    }
}

/* One contact of patient p on `day`, with its diagnoses, samples and prescriptions. */
static int make_contact(model *m, patient *p, int day)
{
    rng *r = &m->r;
    int years = years_between(p->birth_day, day), child = years < 18, rc;
    int cond = -1;
    const reason *why;
    if (p->conds && chance(r, 55)) {
        int n = __builtin_popcount(p->conds), k = below(r, n);
        for (cond = 0; cond < C__N; cond++)
            if ((p->conds & (1u << cond)) && k-- == 0) break;
        why = &chronic[cond];
    } else {
        const acute *list = child ? child_acute : adult_acute;
        int n = child ? N(child_acute) : N(adult_acute), total = 0;
        for (int i = 0; i < n; i++) total += list[i].weight;
        int x = below(r, total), i = 0;
        while (x >= list[i].weight) x -= list[i++].weight;
        why = &list[i].r;
    }
    const char *unit_code = p->home_unit;
    demo_unit_profile profile = DEMO_UNIT_PRIMARY;
    if (child && chance(r, 92)) profile = DEMO_UNIT_CHILDREN;
    else if (!child && why->psychiatric && chance(r, 55)) profile = DEMO_UNIT_PSYCHIATRY;
    else if (!child && why->musculoskeletal && chance(r, 35)) profile = DEMO_UNIT_REHAB;
    else if (chance(r, 5)) unit_code = unit_of(DEMO_UNIT_PRIMARY, below(r, units_of(DEMO_UNIT_PRIMARY)));
    if (profile != DEMO_UNIT_PRIMARY) unit_code = unit_of(profile, 0);
    format_date(day, m->date);
    demo_cell contact[5] = {{0}, {.i = p->id}, {.s = unit_code}, {.s = m->date},
                            {.s = pick_weighted(r, contact_types[profile], 4)}};
    if ((rc = emit(m, SRC_CONTACT, contact))) return rc;

    demo_cell dx[6] = {{0}, {.i = p->id}, {.s = unit_code}, {.s = m->date}, {.s = why->icd10}, {.i = 1}};
    if ((rc = emit(m, SRC_DIAGNOSIS, dx))) return rc;
    unsigned others = p->conds & ~(cond >= 0 ? 1u << cond : 0u);
    if (chance(r, 35) && others) {
        int k = below(r, __builtin_popcount(others)), c;
        for (c = 0; c < C__N; c++)
            if ((others & (1u << c)) && k-- == 0) break;
        dx[4].s = chronic[c].icd10;
        dx[5].i = 0;
        if ((rc = emit(m, SRC_DIAGNOSIS, dx))) return rc;
    }

    int ldl_taken = 0;
    for (int i = 0; i < 4 && why->labs[i].percent; i++) {
        if (!chance(r, why->labs[i].percent)) continue;
        const lab_def *ld = &lab_defs[why->labs[i].lab];
        ldl_taken |= why->labs[i].lab == L_LDL;
        demo_cell lab[7] = {{0}, {.i = p->id}, {.s = unit_code}, {.s = m->date}, {.s = ld->npu},
                            {.r = round_to(lab_value(m, p, why->labs[i].lab, why->infection, years), ld->decimals)},
                            {.s = ld->unit}};
        if ((rc = emit(m, SRC_LAB, lab))) return rc;
    }

    const drug *d = NULL;
    int dose = 0;
    if (cond >= 0) {
        int first = !(p->prescribed & (1u << cond));
        if (chance(r, first ? 90 : 35)) {
            d = &chronic[cond].drugs[p->drug[cond]];
            dose = p->dose[cond];
            p->prescribed |= 1u << cond;
        }
    } else if (strcmp(why->icd10, "Z76.0") == 0 && p->prescribed) {
        int k = below(r, __builtin_popcount(p->prescribed)), c;
        for (c = 0; c < C__N; c++)
            if ((p->prescribed & (1u << c)) && k-- == 0) break;
        d = &chronic[c].drugs[p->drug[c]];
        dose = p->dose[c];
    } else if (why->n_drugs && chance(r, why->rx_percent)) {
        d = &why->drugs[below(r, why->n_drugs)];
        dose = below(r, d->n_ddd);
    }
    demo_cell rx[6] = {{0}, {.i = p->id}, {.s = unit_code}, {.s = m->date}, {0}, {0}};
    if (d) {
        rx[4].s = d->atc;
        rx[5].r = d->ddd[dose];
        if ((rc = emit(m, SRC_PRESCRIPTION, rx))) return rc;
    }
    if (cond == C_E11 && ldl_taken && chance(r, 50)) {
        rx[4].s = statin.atc;
        rx[5].r = statin.ddd[below(r, statin.n_ddd)];
        if ((rc = emit(m, SRC_PRESCRIPTION, rx))) return rc;
    }
    return 0;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int make_contacts(model *m, patient *p)
{
    rng *r = &m->r;
    int group = age_group(years_between(p->birth_day, m->last_contact));
    int mean_tenths = visits_tenths[group] + VISITS_PER_CONDITION_TENTHS * __builtin_popcount(p->conds);
    if (mean_tenths > MAX_CONTACTS * 8) mean_tenths = MAX_CONTACTS * 8;
    int n = 0; /* binomial(MAX_CONTACTS, mean / MAX_CONTACTS): about Poisson, integer only */
    for (int i = 0; i < MAX_CONTACTS; i++) n += below(r, MAX_CONTACTS * 10) < mean_tenths;
    int first = p->birth_day > m->first_contact ? p->birth_day : m->first_contact;
    int days[MAX_CONTACTS];
    for (int i = 0; i < n; i++) days[i] = first + below(r, m->last_contact - first + 1);
    qsort(days, (size_t)n, sizeof days[0], cmp_int);
    for (int i = 0; i < n; i++) {
        int rc = make_contact(m, p, days[i]);
        if (rc) return rc;
    }
    return 0;
}

static int parse_date(const char *s)
{
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int mo = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    return days_from_civil(y, mo, d);
}

int demo_model_run(long patients, uint64_t seed, demo_row_fn row, void *ctx)
{
    if (patients < 1 || patients > DEMO_MAX_PATIENTS || !schema_matches()) return -1;
    model m = {.r = {seed}, .row = row, .ctx = ctx};
    m.first_contact = parse_date(DEMO_FIRST_DATE);
    m.last_contact = parse_date(DEMO_LAST_DATE);
    m.n_birth_days = 100 * 365 + 25; /* ages 0 to 100 */
    m.first_birth = m.last_contact - (m.n_birth_days - 1);
    m.serials_used = calloc((size_t)m.n_birth_days * 4, sizeof *m.serials_used);
    if (!m.serials_used) return -1;
    int rc = 0;
    for (long i = 0; i < patients && rc == 0; i++) {
        patient p;
        if (make_patient(&m, &p, &rc) != 0) { rc = -1; break; }
        if (rc == 0) rc = make_contacts(&m, &p);
    }
    free(m.serials_used);
    return rc;
}
