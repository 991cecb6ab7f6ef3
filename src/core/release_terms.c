/* release_terms.c — the terms of an approving decision (release_terms.h):
 * parsing the variable list and checking a decision against its request. */
#include "core/release_terms.h"

#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "core/variables.h"

/* Columns nobody asks for: the row id and the reference to the patient
 * (every delivered row carries the pseudonym instead). */
static int is_requestable(source_table_id t, int column)
{
    return column > 0 && column != source_tables[t].patient_column;
}

int release_terms_has(const release_terms *t, source_table_id table, int column)
{
    for (int i = 0; i < t->n_variables; i++)
        if (t->variables[i].table == table && t->variables[i].column == column) return 1;
    return 0;
}

/* Schema order: by table, then column, whatever order they were named in. */
static void sort_variables(release_terms *t)
{
    for (int i = 1; i < t->n_variables; i++) {
        release_variable v = t->variables[i];
        int j = i;
        while (j > 0 && (t->variables[j - 1].table > v.table ||
                         (t->variables[j - 1].table == v.table && t->variables[j - 1].column > v.column))) {
            t->variables[j] = t->variables[j - 1];
            j--;
        }
        t->variables[j] = v;
    }
}

/* The keys are read as the request's field is (core/variables.h): one
 * reading of "table.column" everywhere. */
dl_err release_terms_parse_variables(release_terms *t, const char *text, int lenient, dl_error *e)
{
    t->n_variables = 0;
    arena *a = arena_new(4096);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    char (*keys)[VARIABLE_KEY_SIZE] = arena_alloc(a, sizeof *keys * (RELEASE_VARIABLES_MAX + 1));
    const char *other = "";
    int n = keys ? variables_parse(a, text, keys, RELEASE_VARIABLES_MAX + 1, &other) : -1;
    dl_err rc = DL_OK;
    if (n < 0) rc = dl_fail(e, DL_ENOMEM, "out of memory");
    else if (n > RELEASE_VARIABLES_MAX) rc = dl_fail(e, DL_ELIMIT, "För många variabler (högst %d).", RELEASE_VARIABLES_MAX);
    else if (!lenient && *other) {
        size_t len = strcspn(other, "\n");
        rc = dl_fail(e, DL_EINVAL, "”%.*s” är ingen variabel i dataordlistan. Ange variabler som tabell.kolumn, "
                                   "till exempel lab_result.value.", (int)(len > 60 ? 60 : len), other);
    }
    for (int i = 0; rc == DL_OK && i < n; i++) {
        source_table_id tab;
        int col;
        if (source_variable_find(keys[i], strlen(keys[i]), &tab, &col) != 0 || !is_requestable(tab, col)) {
            if (lenient) continue;
            rc = dl_fail(e, DL_EINVAL, "%s är ingen variabel som kan lämnas ut.", keys[i]);
        } else t->variables[t->n_variables++] = (release_variable){tab, col};
    }
    arena_free(a);
    if (rc == DL_OK) sort_variables(t);
    else t->n_variables = 0;
    return rc;
}

void release_terms_default(release_terms *t, const char *requested_variables)
{
    memset(t, 0, sizeof *t);
    t->dates = DATE_DAY;
    t->age_min = t->age_max = -1;
    t->pseudonymise = 1;
    dl_error ignored;
    (void)release_terms_parse_variables(t, requested_variables, 1, &ignored);
}

int release_terms_variables_text(const release_terms *t, char *out, size_t outsz)
{
    size_t len = 0;
    if (!outsz) return -1;
    out[0] = 0;
    for (int i = 0; i < t->n_variables; i++) {
        const source_table *st = &source_tables[t->variables[i].table];
        int n = snprintf(out + len, outsz - len, "%s%s.%s", i ? "\n" : "", st->name,
                         st->columns[t->variables[i].column].name);
        if (n < 0 || (size_t)n >= outsz - len) return -1;
        len += (size_t)n;
    }
    return (int)len;
}

dl_err release_terms_check(const release_terms *t, const char *requested, int contacts_patients, const char *today,
                           dl_error *e)
{
    if (t->n_variables == 0)
        return dl_fail(e, DL_EINVAL, "Välj minst en variabel som lämnas ut.");
    release_terms asked;
    release_terms_default(&asked, requested);
    for (int i = 0; i < t->n_variables; i++)
        if (!release_terms_has(&asked, t->variables[i].table, t->variables[i].column)) {
            const source_table *st = &source_tables[t->variables[i].table];
            return dl_fail(e, DL_EINVAL, "Variabeln %s.%s efterfrågas inte i ansökan. Ett beslut kan begränsa det som "
                                         "efterfrågas men inte lägga till något.",
                           st->name, st->columns[t->variables[i].column].name);
        }
    if ((unsigned)t->dates >= DATE_PRECISION__MAX) return dl_fail(e, DL_EINVAL, "Välj hur datum ska lämnas ut.");
    if (t->small_cell_min != 0 && (t->small_cell_min < 2 || t->small_cell_min > RELEASE_SMALL_CELL_MAX))
        return dl_fail(e, DL_EINVAL, "Minsta cellstorlek ska vara 0 (ingen) eller mellan 2 och %d.",
                       RELEASE_SMALL_CELL_MAX);
    if (t->age_min < -1 || t->age_min > RELEASE_AGE_MAX || t->age_max < -1 || t->age_max > RELEASE_AGE_MAX)
        return dl_fail(e, DL_EINVAL, "Åldern ska vara mellan 0 och %d år.", RELEASE_AGE_MAX);
    if (t->age_min >= 0 && t->age_max >= 0 && t->age_min > t->age_max)
        return dl_fail(e, DL_EINVAL, "Den lägsta åldern är högre än den högsta.");
    if (!t->pseudonymise && !contacts_patients)
        return dl_fail(e, DL_EINVAL, "Uppgifter som identifierar patienter lämnas bara ut när ansökan avser att kontakta "
                                     "patienter. Välj pseudonymisering.");
    if (*t->destroy_by) {
        cal_date d;
        if (!cal_parse_iso(t->destroy_by, strlen(t->destroy_by), 2000, 2200, &d))
            return dl_fail(e, DL_EINVAL, "Ange datum för förstöring som ÅÅÅÅ-MM-DD.");
        if (today && strcmp(t->destroy_by, today) <= 0)
            return dl_fail(e, DL_EINVAL, "Datumet för förstöring måste ligga efter i dag.");
    }
    return DL_OK;
}
