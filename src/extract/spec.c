/* spec.c — the extraction specification (spec.h): built from the case's
 * approval and request; the rules of who is in and what is read. */
#include "extract/spec.h"

#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "core/case_request.h"

static int icd_separator(char c) { return c == ',' || c == ';' || c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

/* Keeps a code without its dot, so "E11.9" and "E119" compare equal. */
static void add_code(extract_spec *s, const char *w, size_t n)
{
    char code[8];
    size_t k = 0;
    for (size_t i = 0; i < n && k < sizeof code - 1; i++)
        if (w[i] != '.') code[k++] = w[i] >= 'a' && w[i] <= 'z' ? (char)(w[i] - 32) : w[i];
    code[k] = 0;
    for (int i = 0; i < s->n_icd; i++)
        if (strcmp(s->icd[i], code) == 0) return;
    memcpy(s->icd[s->n_icd++], code, k + 1);
}

dl_err extract_spec_build(const spec_input *in, arena *a, extract_spec *s, dl_error *e)
{
    memset(s, 0, sizeof *s);
    s->case_id = in->case_id;
    s->diary_number = in->diary_number ? in->diary_number : "";
    s->title = in->title ? in->title : "";
    s->organisation = in->organisation ? in->organisation : "";
    s->decided_at = in->decided_at ? in->decided_at : "";
    s->conditions = in->conditions ? in->conditions : "";
    if (!in->terms)
        return dl_fail(e, DL_EINVAL, "Ärendet har inget beslut om utlämnande; det finns inget att ta ut.");
    s->terms = *in->terms;
    if (s->terms.n_variables == 0)
        return dl_fail(e, DL_EINVAL, "Beslutet lämnar inte ut någon variabel ur dataordlistan; det finns inget att ta "
                                     "ut. Ett nytt beslut behövs.");
    const char *bad;
    size_t bad_len;
    if (in->icd10 && !icd10_list_valid(in->icd10, &bad, &bad_len))
        return dl_fail(e, DL_EINVAL, "Diagnoskoden ”%.*s” i ansökan går inte att tolka.", (int)(bad_len > 20 ? 20 : bad_len),
                       bad);
    for (const char *p = in->icd10 ? in->icd10 : ""; *p;) {
        while (*p && icd_separator(*p)) p++;
        const char *w = p;
        while (*p && !icd_separator(*p)) p++;
        if (p == w) continue;
        if (s->n_icd >= SPEC_ICD_MAX)
            return dl_fail(e, DL_ELIMIT, "Ansökan har fler än %d diagnoskoder.", SPEC_ICD_MAX);
        add_code(s, w, (size_t)(p - w));
    }
    cal_date from, to;
    if (!in->period_from || !in->period_to ||
        !cal_parse_iso(in->period_from, strlen(in->period_from), 1900, 2200, &from) ||
        !cal_parse_iso(in->period_to, strlen(in->period_to), 1900, 2200, &to))
        return dl_fail(e, DL_EINVAL, "Ansökans period saknas eller går inte att tolka (ÅÅÅÅ-MM-DD).");
    if (strcmp(in->period_from, in->period_to) > 0)
        return dl_fail(e, DL_EINVAL, "Ansökans period slutar innan den börjar.");
    memcpy(s->period_from, in->period_from, 10);
    memcpy(s->period_to, in->period_to, 10);
    if (in->n_units > SPEC_UNITS_MAX)
        return dl_fail(e, DL_ELIMIT, "Fler än %d vårdenheter i uttaget.", SPEC_UNITS_MAX);
    for (int i = 0; i < in->n_units; i++) {
        const char *name = in->unit_names && in->unit_names[i] ? in->unit_names[i] : in->unit_codes[i];
        if (in->unit_refused && in->unit_refused[i]) s->refused[s->n_refused++] = name;
        else {
            s->units[s->n_units] = in->unit_codes[i];
            s->unit_names[s->n_units++] = name;
        }
    }
    (void)a;
    if (s->n_units == 0)
        return dl_fail(e, DL_EINVAL, "Ingen vårdenhet återstår i uttaget (alla har nekat eller ärendet saknar enhet).");
    return DL_OK;
}

static int add_col(int cols[SPEC_COLUMNS_MAX], int n, int c)
{
    if (c < 0) return n;
    for (int i = 0; i < n; i++)
        if (cols[i] == c) return n;
    if (n < SPEC_COLUMNS_MAX) cols[n++] = c;
    return n;
}

static int column_named(source_table_id t, const char *name)
{
    const source_table *st = &source_tables[t];
    for (int c = 0; c < st->n_columns; c++)
        if (strcmp(st->columns[c].name, name) == 0) return c;
    return -1;
}

/* The patient table is read whenever anything is delivered: the population
 * and the pseudonyms come from it. */
static int table_delivered(const extract_spec *s, source_table_id t)
{
    if (t == SRC_PATIENT) return 1;
    for (int i = 0; i < s->terms.n_variables; i++)
        if (s->terms.variables[i].table == t) return 1;
    return 0;
}

int extract_spec_read_columns(const extract_spec *s, source_table_id t, int cols[SPEC_COLUMNS_MAX])
{
    if (!table_delivered(s, t)) return 0;
    const source_table *st = &source_tables[t];
    int n = add_col(cols, 0, 0);
    if (t == SRC_PATIENT) {
        n = add_col(cols, n, column_named(t, "personnummer"));
        n = add_col(cols, n, column_named(t, "birth_date"));
    } else {
        n = add_col(cols, n, st->patient_column);
        n = add_col(cols, n, st->unit_column);
        n = add_col(cols, n, st->date_column);
    }
    for (int i = 0; i < s->terms.n_variables; i++)
        if (s->terms.variables[i].table == t) n = add_col(cols, n, s->terms.variables[i].column);
    return n;
}

int extract_spec_output_columns(const extract_spec *s, source_table_id t, int cols[SPEC_COLUMNS_MAX])
{
    int n = 0, personnummer = t == SRC_PATIENT ? column_named(t, "personnummer") : -1;
    for (int i = 0; i < s->terms.n_variables; i++)
        if (s->terms.variables[i].table == t && s->terms.variables[i].column != personnummer) {
            if (!n) cols[n++] = SPEC_PSEUDONYM_COLUMN;
            n = add_col(cols, n, s->terms.variables[i].column);
        }
    /* The patient table is delivered for its pseudonyms even when no other
     * of its variables is approved: the researcher counts the population. */
    if (!n && t == SRC_PATIENT) cols[n++] = SPEC_PSEUDONYM_COLUMN;
    return n;
}

const char *extract_spec_column_name(const extract_spec *s, source_table_id t, int col)
{
    if (col == SPEC_PSEUDONYM_COLUMN) return s->terms.pseudonymise ? "pseudonym" : "personnummer";
    return source_tables[t].columns[col].name;
}

int extract_spec_icd_matches(const extract_spec *s, const char *code, size_t n)
{
    if (!s->n_icd) return 1;
    char c[8];
    size_t k = 0;
    for (size_t i = 0; i < n && k < sizeof c - 1; i++)
        if (code[i] != '.') c[k++] = code[i] >= 'a' && code[i] <= 'z' ? (char)(code[i] - 32) : code[i];
    for (int i = 0; i < s->n_icd; i++) {
        size_t m = strlen(s->icd[i]);
        if (m <= k && memcmp(s->icd[i], c, m) == 0) return 1;
    }
    return 0;
}

int extract_spec_unit_allowed(const extract_spec *s, const char *unit, size_t n)
{
    for (int i = 0; i < s->n_units; i++)
        if (strlen(s->units[i]) == n && memcmp(s->units[i], unit, n) == 0) return 1;
    return 0;
}

int extract_spec_age_ok(const extract_spec *s, const char *birth, size_t n)
{
    if (s->terms.age_min < 0 && s->terms.age_max < 0) return 1;
    if (n != 10 || cal_digits(birth, 4) < 0) return 0;
    int age = cal_digits(s->period_from, 4) - cal_digits(birth, 4);
    /* Not yet had this year's birthday on the period's first day. */
    if (memcmp(s->period_from + 5, birth + 5, 5) < 0) age--;
    if (s->terms.age_min >= 0 && age < s->terms.age_min) return 0;
    if (s->terms.age_max >= 0 && age > s->terms.age_max) return 0;
    return 1;
}
