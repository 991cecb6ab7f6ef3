/* spec_text.c — the spec as text (spec_text.h). Swedish, as the case's
 * documents are. */
#include "extract/spec_text.h"

void extract_spec_print(const extract_spec *s, FILE *out)
{
    fprintf(out, "Ärende:        %s %s\n", s->diary_number, s->title);
    fprintf(out, "Organisation:  %s\n", s->organisation);
    fprintf(out, "Beslut:        %s\n", s->decided_at);
    fprintf(out, "Period:        %s – %s\n", s->period_from, s->period_to);
    fprintf(out, "Diagnoskoder:  ");
    if (!s->n_icd) fprintf(out, "(inga: alla med en vårdkontakt under perioden)");
    for (int i = 0; i < s->n_icd; i++) fprintf(out, "%s%s*", i ? ", " : "", s->icd[i]);
    fprintf(out, "\nÅlder:         ");
    if (s->terms.age_min < 0 && s->terms.age_max < 0) fprintf(out, "alla");
    else fprintf(out, "%d–%d år vid periodens början", s->terms.age_min < 0 ? 0 : s->terms.age_min,
                 s->terms.age_max < 0 ? RELEASE_AGE_MAX : s->terms.age_max);
    fprintf(out, "\nEnheter:       ");
    for (int i = 0; i < s->n_units; i++) fprintf(out, "%s%s (%s)", i ? ", " : "", s->unit_names[i], s->units[i]);
    if (s->n_refused) {
        fprintf(out, "\nHar nekat:     ");
        for (int i = 0; i < s->n_refused; i++) fprintf(out, "%s%s", i ? ", " : "", s->refused[i]);
        fprintf(out, " (deras uppgifter tas inte med)");
    }
    fprintf(out, "\nIdentitet:     %s\n", s->terms.pseudonymise ? "pseudonym (HMAC-SHA-256 med ärendets kodnyckel)"
                                                              : "personnummer (patienterna ska kontaktas)");
    fprintf(out, "Datum:         per %s\n", (unsigned)s->terms.dates < DATE_PRECISION__MAX ? date_precision_labels_sv[s->terms.dates] : "?");
    if (s->terms.small_cell_min) fprintf(out, "Små celler:    värden som färre än %d patienter delar döljs\n",
                                         s->terms.small_cell_min);
    if (*s->terms.destroy_by) fprintf(out, "Förstörs senast: %s\n", s->terms.destroy_by);
    fprintf(out, "Variabler:\n");
    for (int t = 0; t < SRC_TABLE__MAX; t++) {
        int cols[SPEC_COLUMNS_MAX];
        int n = extract_spec_output_columns(s, (source_table_id)t, cols);
        if (!n) continue;
        fprintf(out, "  %s (%s):", source_tables[t].label_sv, source_tables[t].name);
        for (int i = 0; i < n; i++) fprintf(out, " %s", extract_spec_column_name(s, (source_table_id)t, cols[i]));
        fputc('\n', out);
    }
    if (s->conditions && *s->conditions) fprintf(out, "Villkor i beslutet:\n  %s\n", s->conditions);
}
