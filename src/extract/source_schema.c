/* source_schema.c — the tables and columns of the source database (see
 * source_schema.h): one table of constants that the generator, the
 * dictionary, the spec and the runner all read. */
#include "extract/source_schema.h"

#include <string.h>

#define SENS_KEY(name, key, label) key,
const char *const sensitivity_keys[SENS__MAX + 1] = {SENSITIVITY_CLASSES(SENS_KEY) NULL};
#undef SENS_KEY
#define SENS_LABEL(name, key, label) label,
const char *const sensitivity_labels_sv[SENS__MAX] = {SENSITIVITY_CLASSES(SENS_LABEL)};
#undef SENS_LABEL

static const source_column patient_columns[] = {
    {"id", SRC_INT, SENS_ADMIN, "Rad-id", "Radens nummer i källan; levereras aldrig."},
    {"personnummer", SRC_TEXT, SENS_DIRECT_ID, "Personnummer",
     "Personnummer eller samordningsnummer (12 siffror). Lämnas bara ut som pseudonym."},
    {"sex", SRC_TEXT, SENS_QUASI_ID, "Kön", "Juridiskt kön: K (kvinna) eller M (man)."},
    {"birth_date", SRC_DATE, SENS_QUASI_ID, "Födelsedatum", "Födelsedatum (ÅÅÅÅ-MM-DD)."},
    {"municipality", SRC_TEXT, SENS_QUASI_ID, "Hemkommun", "Folkbokföringskommunens fyrsiffriga kod (SCB)."},
};
static const source_column contact_columns[] = {
    {"id", SRC_INT, SENS_ADMIN, "Rad-id", "Radens nummer i källan; levereras aldrig."},
    {"patient_id", SRC_INT, SENS_ADMIN, "Patient", "Vilken patient kontakten gäller; levereras som pseudonym."},
    {"unit_code", SRC_TEXT, SENS_ADMIN, "Vårdenhet", "Kod för vårdenheten där kontakten ägde rum."},
    {"contact_date", SRC_DATE, SENS_HEALTH, "Kontaktdatum", "Datum för vårdkontakten (ÅÅÅÅ-MM-DD)."},
    {"contact_type", SRC_TEXT, SENS_HEALTH, "Kontakttyp", "Besök, telefon, video eller inskrivning."},
};
static const source_column diagnosis_columns[] = {
    {"id", SRC_INT, SENS_ADMIN, "Rad-id", "Radens nummer i källan; levereras aldrig."},
    {"patient_id", SRC_INT, SENS_ADMIN, "Patient", "Vilken patient diagnosen gäller; levereras som pseudonym."},
    {"unit_code", SRC_TEXT, SENS_ADMIN, "Vårdenhet", "Kod för vårdenheten som ställde diagnosen."},
    {"diagnosis_date", SRC_DATE, SENS_HEALTH, "Diagnosdatum", "Datum då diagnosen registrerades (ÅÅÅÅ-MM-DD)."},
    {"icd10", SRC_TEXT, SENS_HEALTH, "Diagnoskod", "Diagnoskod enligt ICD-10-SE, t.ex. E11.9."},
    {"is_primary", SRC_INT, SENS_HEALTH, "Huvuddiagnos", "1 om diagnosen är huvuddiagnos vid kontakten, annars 0."},
};
static const source_column lab_columns[] = {
    {"id", SRC_INT, SENS_ADMIN, "Rad-id", "Radens nummer i källan; levereras aldrig."},
    {"patient_id", SRC_INT, SENS_ADMIN, "Patient", "Vilken patient provet gäller; levereras som pseudonym."},
    {"unit_code", SRC_TEXT, SENS_ADMIN, "Vårdenhet", "Kod för vårdenheten som beställde provet."},
    {"sample_date", SRC_DATE, SENS_HEALTH, "Provtagningsdatum", "Datum då provet togs (ÅÅÅÅ-MM-DD)."},
    {"npu_code", SRC_TEXT, SENS_HEALTH, "NPU-kod", "Analysens kod i NPU-terminologin, t.ex. NPU27300 (HbA1c)."},
    {"value", SRC_REAL, SENS_HEALTH, "Värde", "Analysens resultat som tal."},
    {"value_unit", SRC_TEXT, SENS_HEALTH, "Enhet", "Resultatets enhet, t.ex. mmol/mol."},
};
static const source_column prescription_columns[] = {
    {"id", SRC_INT, SENS_ADMIN, "Rad-id", "Radens nummer i källan; levereras aldrig."},
    {"patient_id", SRC_INT, SENS_ADMIN, "Patient", "Vilken patient förskrivningen gäller; levereras som pseudonym."},
    {"unit_code", SRC_TEXT, SENS_ADMIN, "Vårdenhet", "Kod för vårdenheten där läkemedlet förskrevs."},
    {"prescribed_date", SRC_DATE, SENS_HEALTH, "Förskrivningsdatum", "Datum för förskrivningen (ÅÅÅÅ-MM-DD)."},
    {"atc_code", SRC_TEXT, SENS_HEALTH, "ATC-kod", "Läkemedlets ATC-kod, t.ex. A10BA02 (metformin)."},
    {"ddd_per_day", SRC_REAL, SENS_HEALTH, "DDD per dag", "Förskriven dos i definierade dygnsdoser per dag."},
};

#define N(a) ((int)(sizeof a / sizeof a[0]))
const source_table source_tables[SRC_TABLE__MAX] = {
    [SRC_PATIENT] = {"patient", "Patienter", patient_columns, N(patient_columns), -1, -1, -1},
    [SRC_CONTACT] = {"care_contact", "Vårdkontakter", contact_columns, N(contact_columns), 1, 2, 3},
    [SRC_DIAGNOSIS] = {"diagnosis", "Diagnoser", diagnosis_columns, N(diagnosis_columns), 1, 2, 3},
    [SRC_LAB] = {"lab_result", "Labbresultat", lab_columns, N(lab_columns), 1, 2, 3},
    [SRC_PRESCRIPTION] = {"prescription", "Förskrivningar", prescription_columns, N(prescription_columns), 1, 2, 3},
};
#undef N

int source_variable_find(const char *name, size_t n, source_table_id *table, int *column)
{
    const char *dot = memchr(name, '.', n);
    if (!dot) return -1;
    size_t tl = (size_t)(dot - name), cl = n - tl - 1;
    for (int t = 0; t < SRC_TABLE__MAX; t++) {
        const source_table *st = &source_tables[t];
        if (strlen(st->name) != tl || memcmp(st->name, name, tl) != 0) continue;
        for (int c = 0; c < st->n_columns; c++)
            if (strlen(st->columns[c].name) == cl && memcmp(st->columns[c].name, dot + 1, cl) == 0) {
                *table = (source_table_id)t;
                *column = c;
                return 0;
            }
        return -1;
    }
    return -1;
}
