/* case_letters.h — a release case's documents as letters: fills the
 * document model (report/doc.h) for one registered case document, in
 * Swedish or English, so that the PDF renderer (report/doc_pdf.h) and the
 * HTML one (web/doc_web.h) can show it. Every word on the page is in this
 * module's own tables (no gettext in report/); the caller gives plain
 * strings read from the case, the document and the case's history.
 *
 *     case_letter_input in = {.lang = "en", .kind = DOC_DECISION, .org_name = "Regionhälsan",
 *                             .case_number = "RH 2026-00005", .date = "2026-12-06", …,
 *                             .outcome = "approved_in_part", .actor_name = "Dora Direktör",
 *                             .actor_role = ROLE_FORVALTNINGSDIREKTOR};
 *     doc *d = doc_new(a);
 *     if (case_letter_build(d, &in, &e) != DL_OK) … e.msg …
 *
 * Each letter has the organisation as letterhead, the header fields
 * Diarienummer, Datum, Mottagare and Ärende (Reference, Date, To, Case), the
 * footer "Dnr X" with "Sida N av M", a title and its text. A decision that
 * refuses, wholly or in part, carries the appeal instructions ("Hur man
 * överklagar": to the administrative court of appeal, sent to the deciding
 * organisation within three weeks); the confidentiality review is marked
 * "SEKRETESS enligt OSL 25 kap. 1 §" on every page. Text given by people
 * (reasons, conditions, names) is kept as text; carriage returns and other
 * control characters become spaces. */
#ifndef DATALOTS_CASE_LETTERS_H
#define DATALOTS_CASE_LETTERS_H

#include "core/case_flow.h"
#include "core/err.h"
#include "core/roles.h"
#include "core/samrad.h"
#include "report/doc.h"

typedef struct case_letter_input {
    const char *lang;            /* "sv" (NULL too) or "en" */
    case_doc kind;               /* any document kind but DOC_NONE */
    const char *org_name;        /* the organisation (letterhead, "sent to"): required */
    const char *case_number;     /* the case's diary number, "RH 2026-00005" ("" before registration) */
    const char *doc_number;      /* the document's own diary number; shown when it differs */
    const char *date;            /* the document's date, YYYY-MM-DD (Stockholm) */
    const char *recipient;       /* Mottagare: the document's counterpart */
    const char *case_title;      /* Ärende: the project's title */
    const char *applicant;       /* the applicant's name */
    const char *applicant_org;   /* the applicant's organisation (may be "") */
    const char *target_name;     /* the unit or area the data come from */
    int process;                 /* 1 or 2; 0 unknown */
    const char *received_date;   /* the day the request came in, YYYY-MM-DD ("" unknown) */
    const char *body;            /* the document's text (a decision's reasons, a review, …) */
    const char *conditions;      /* decision, assignment, delivery: the decision's conditions;
                                    recommendation: the samråd's conditions */
    const samrad_texts *assessments; /* recommendation: the three assessments, each under its
                                        heading; NULL: body is the whole text (older documents) */
    const char *outcome;         /* decision: "approved" | "approved_in_part" | "refused";
                                    recommendation: "release" | "refusal";
                                    a unit's answer: "accept" | "refuse" ("" unknown) */
    const char *decision_date;   /* assignment, delivery: the date of the decision ("" unknown) */
    const char *actor_name;      /* who took the step (decider, reviewer, verksamhetschef, …) */
    dl_role actor_role;          /* the role they acted in (their title on the letter) */
    const char *assignee;        /* assignment: the named employee */
    const char *delivery_method; /* delivery: "paper" | "encrypted" */
    const char *deadline;        /* unit notice: the day the units answer by */
} case_letter_input;

/* Fills d (new, empty) with the letter. DL_EINVAL when in lacks what the
 * letter needs (the organisation, a known kind, a decision's outcome) or the
 * language is neither "sv" nor "en"; else the model's first error
 * (doc_status). */
dl_err case_letter_build(doc *d, const case_letter_input *in, dl_error *e);

/* The word a PDF's file name uses for a kind: "beslut", "mottagningsbekraftelse"
 * … (ASCII, Swedish); "handling" for an unknown kind. */
const char *case_letter_file_word(case_doc kind);

#endif
