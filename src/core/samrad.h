/* samrad.h — the samråd's meeting in core: the competences its attendees
 * bring (one list: key, Swedish label, whether a held meeting needs it) and
 * the rule that a meeting can be held only when every required competence
 * is present. Pure: no I/O, no SQL. The store (store/samrad.c) asks it when
 * a meeting is held; the pages list the competences from it. */
#ifndef DATALOTS_SAMRAD_H
#define DATALOTS_SAMRAD_H

/* enum name, stored key (never changes), Swedish label (a msgid), required
 * at a held meeting (1) or "vid behov" (0). From the seed's "Sammansättning
 * av kompetenser". */
#define SAMRAD_COMPETENCE_LIST(X)                                                     \
    X(COMP_COORDINATOR, "coordinator", "Samordnare och kansli", 1)                    \
    X(COMP_SCIENTIFIC, "scientific", "Vetenskaplig kompetens", 1)                     \
    X(COMP_PATIENT_SAFETY, "patient_safety", "Patientsäkerhetskompetens", 1)          \
    X(COMP_MEDICAL, "medical", "Medicinsk kompetens", 0)                              \
    X(COMP_LEGAL, "legal", "Juridisk kompetens", 0)                                   \
    X(COMP_DATA_EXTRACTION, "data_extraction", "Datauttagskompetens", 0)

#define SAMRAD_COMP_ENUM(name, key, label, required) name,
typedef enum samrad_competence { SAMRAD_COMPETENCE_LIST(SAMRAD_COMP_ENUM) SAMRAD_COMPETENCE__MAX } samrad_competence;
#undef SAMRAD_COMP_ENUM

#define SAMRAD_COMP_BIT(c) (1u << (unsigned)(c))

/* Keys in enum order, NULL-terminated (a form's enum values). */
extern const char *const samrad_competence_keys[SAMRAD_COMPETENCE__MAX + 1];
const char *samrad_competence_key(samrad_competence c);      /* NULL out of range */
const char *samrad_competence_label_sv(samrad_competence c); /* "" out of range */
int samrad_competence_required(samrad_competence c);
int samrad_competence_from_key(const char *key, samrad_competence *out); /* 0, or -1 when unknown */

/* The required competences missing from present (a set of
 * SAMRAD_COMP_BIT()s): 0 when the meeting can be held. */
unsigned samrad_missing_required(unsigned present);

/* The first competence in missing (a set of bits), or
 * SAMRAD_COMPETENCE__MAX when it is empty — for the sentence that names it. */
samrad_competence samrad_first_competence(unsigned missing);

/* What the samråd recommends for one case on the agenda. */
typedef enum samrad_recommendation { SAMRAD_REC_NONE, SAMRAD_REC_RELEASE, SAMRAD_REC_REFUSAL } samrad_recommendation;
/* "" | "release" | "refusal" as stored; -1 when unknown. */
int samrad_recommendation_from_key(const char *key, samrad_recommendation *out);
extern const char *const samrad_recommendation_keys[4]; /* "", "release", "refusal", NULL */

#endif
