/* samrad.h — the samråd's meeting in core: the competences its attendees
 * bring (one list: key, Swedish label, whether a held meeting needs it) and
 * the rule that a meeting can be held only when every required competence
 * is present. Pure: no I/O, no SQL. The store (store/samrad.c) asks it when
 * a meeting is held; the pages list the competences from it. And the
 * samråd's three assessments of a case, listed once for the meeting's form,
 * the case page's recommend step, the store's checks and the letters. */
#ifndef DATALOTS_SAMRAD_H
#define DATALOTS_SAMRAD_H

#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"

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

/* The samråd's three assessments of a case (the seed's "vetenskaplig
 * frågeställning, genomförbarhet, överensstämmelse med etikgodkännandet"),
 * listed once: enum name, the member of samrad_texts (also the form field's
 * name and, after "assessment_", the column's), the Swedish label (a
 * msgid), the English label (letters) and the subject of a sentence about
 * it. The meeting's assessment form, the recommend steps on a case page,
 * the checks, the recommendation document and the minutes all come from
 * this list. (The fourth of the seed's five, the confidentiality review, is
 * the designated reviewer's own step; the fifth is the recommendation with
 * its conditions.) */
#define SAMRAD_ASSESSMENT_LIST(X)                                                                          \
    X(SAMRAD_ASSESS_SCIENTIFIC, scientific, "Vetenskaplig frågeställning", "Research question",            \
      "Bedömningen av den vetenskapliga frågeställningen")                                                 \
    X(SAMRAD_ASSESS_FEASIBILITY, feasibility, "Genomförbarhet", "Feasibility", "Bedömningen av genomförbarheten") \
    X(SAMRAD_ASSESS_ETHICS, ethics, "Överensstämmelse med etikgodkännandet",                                \
      "Consistency with the ethical approval", "Bedömningen av överensstämmelsen med etikgodkännandet")

#define SAMRAD_ASSESS_ENUM(id, member, sv, en, subject) id,
typedef enum samrad_assessment_part { SAMRAD_ASSESSMENT_LIST(SAMRAD_ASSESS_ENUM) SAMRAD_ASSESS__MAX } samrad_assessment_part;
#undef SAMRAD_ASSESS_ENUM

#define SAMRAD_ASSESS_MEMBER(id, member, sv, en, subject) const char *member;
/* The three texts of one case's assessment (NULL reads as ""). */
typedef struct samrad_texts { SAMRAD_ASSESSMENT_LIST(SAMRAD_ASSESS_MEMBER) } samrad_texts;
#undef SAMRAD_ASSESS_MEMBER

#define SAMRAD_TEXT_MAX 8000 /* characters of one assessment or the conditions */

const char *samrad_assessment_key(samrad_assessment_part p);      /* "scientific"; NULL out of range */
const char *samrad_assessment_label_sv(samrad_assessment_part p); /* a msgid; "" out of range */
const char *samrad_assessment_label_en(samrad_assessment_part p);
const char *samrad_texts_get(const samrad_texts *t, samrad_assessment_part p); /* never NULL */
void samrad_texts_set(samrad_texts *t, samrad_assessment_part p, const char *v);
int samrad_texts_empty(const samrad_texts *t); /* 1 when none of the three is written */

/* Each text valid UTF-8 and at most SAMRAD_TEXT_MAX characters, and, when
 * recommending, every one written: DL_OK, or DL_EINVAL with a sentence
 * that names the assessment. */
dl_err samrad_texts_check(const samrad_texts *t, int recommending, dl_error *e);

/* The three as the recommendation document's text, each under its Swedish
 * label: "Vetenskaplig frågeställning: …\n\nGenomförbarhet: …\n\n…".
 * NULL when out of memory. */
const char *samrad_texts_body(arena *a, const samrad_texts *t);

#endif
