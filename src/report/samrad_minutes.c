/* samrad_minutes.c — the minutes of a samråd meeting as a letter (see
 * samrad_minutes.h). L("svenska", "English") picks the language, as in
 * case_letters.c. */
#include "report/samrad_minutes.h"

#include <string.h>

#include "core/samrad.h"

#define L(sv, en_text) (en ? (en_text) : (sv))

static int filled(const char *s) { return s && *s; }

/* A copy without carriage returns or other control characters (but \n, \t). */
static const char *clean(arena *a, const char *s)
{
    if (!s) return "";
    size_t n = strlen(s);
    char *out = arena_alloc(a, n + 1);
    if (!out) return "";
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '\r') continue;
        if ((ch < 0x20 && ch != '\n' && ch != '\t') || ch == 0x7f) ch = ' ';
        out[k++] = (char)ch;
    }
    out[k] = '\0';
    return out;
}

static const char *competence_label(int en, const char *key)
{
    static const char *const en_labels[SAMRAD_COMPETENCE__MAX] = {
        [COMP_COORDINATOR] = "Coordinator and secretariat",
        [COMP_SCIENTIFIC] = "Scientific competence",
        [COMP_PATIENT_SAFETY] = "Patient safety competence",
        [COMP_MEDICAL] = "Medical competence",
        [COMP_LEGAL] = "Legal competence",
        [COMP_DATA_EXTRACTION] = "Data extraction competence",
    };
    samrad_competence c;
    if (samrad_competence_from_key(key, &c) != 0) return key ? key : "";
    return en ? en_labels[c] : samrad_competence_label_sv(c);
}

dl_err samrad_minutes_build(doc *d, const samrad_minutes_input *in, dl_error *e)
{
    if (!d || !in) return dl_fail(e, DL_EINVAL, "samrad_minutes: no document or input");
    const char *lang = in->lang ? in->lang : "sv";
    if (strcmp(lang, "sv") != 0 && strcmp(lang, "en") != 0)
        return dl_fail(e, DL_EINVAL, "samrad_minutes: language must be sv or en");
    if (!filled(in->org_name)) return dl_fail(e, DL_EINVAL, "samrad_minutes: the organisation is missing");
    int en = strcmp(lang, "en") == 0;
    arena *a = d->a;
    const char *org = clean(a, in->org_name), *date = clean(a, in->held_on), *number = clean(a, in->number);
    doc_set_lang(d, lang);
    doc_letterhead(d, org, NULL);
    doc_field(d, L("Diarienummer", "Reference no."), *number ? number : L("(ännu inte registrerat)", "(not yet registered)"));
    doc_field(d, L("Datum", "Date"), *date ? date : "–");
    if (filled(in->place)) doc_field(d, L("Plats", "Place"), clean(a, in->place));
    doc_footer(d, *number ? arena_printf(a, L("Dnr %s", "Ref. %s"), number) : org, L("Sida", "Page"), L("av", "of"));
    if (!in->held) doc_marking(d, L("UTKAST – mötet är inte hållet", "DRAFT – the meeting has not been held"));
    doc_title(d, arena_printf(a, L("Protokoll från samrådsmöte %s", "Minutes of the samråd meeting of %s"), date));

    doc_heading(d, L("Närvarande", "Present"));
    if (in->n_attendees) {
        doc_table_begin(d, 2, L("Namn", "Name"), L("Kompetens", "Competence"));
        for (size_t i = 0; i < in->n_attendees; i++)
            doc_table_row(d, clean(a, in->attendees[i].name), competence_label(en, in->attendees[i].competence));
        doc_table_end(d);
    } else {
        doc_paragraph(d, L("Inga deltagare antecknade.", "No attendees recorded."));
    }

    doc_heading(d, L("Ärenden", "Cases"));
    if (!in->n_items) doc_paragraph(d, L("Inga ärenden på dagordningen.", "No cases on the agenda."));
    for (size_t i = 0; i < in->n_items; i++) {
        const samrad_minutes_item *x = &in->items[i];
        doc_heading(d, arena_printf(a, "§ %zu %s – %s", i + 1,
                                    filled(x->diary_number) ? clean(a, x->diary_number) : L("(utan diarienummer)", "(no reference)"),
                                    filled(x->title) ? clean(a, x->title) : L("(utan titel)", "(untitled)")));
        const char *none = "–";
        for (int p = 0; p < SAMRAD_ASSESS__MAX; p++) {
            const char *v = samrad_texts_get(&x->texts, (samrad_assessment_part)p);
            doc_paragraph(d, arena_printf(a, "%s: %s",
                                          L(samrad_assessment_label_sv((samrad_assessment_part)p),
                                            samrad_assessment_label_en((samrad_assessment_part)p)),
                                          filled(v) ? clean(a, v) : none));
        }
        doc_paragraph(d, arena_printf(a, "%s: %s", L("Men- och sekretessprövning", "Review of harm and confidentiality"),
                                      x->review_documented
                                          ? L("dokumenterad av den utsedda funktionen (separat handling, sekretess)",
                                              "documented by the designated reviewer (a separate, confidential document)")
                                          : L("inte dokumenterad", "not documented")));
        const char *rec = x->recommendation ? x->recommendation : "";
        doc_paragraph(d, arena_printf(a, "%s: %s", L("Rekommendation", "Recommendation"),
                                      x->tabled                     ? L("ingen", "none")
                                      : strcmp(rec, "refusal") == 0 ? L("avslag", "refusal")
                                      : strcmp(rec, "release") == 0 ? L("utlämnande", "release")
                                                                    : none));
        if (!x->tabled && filled(x->conditions))
            doc_paragraph(d, arena_printf(a, "%s: %s", L("Villkor", "Conditions"), clean(a, x->conditions)));
        if (x->tabled)
            doc_paragraph(d, L("Ärendet bordlagt: det står kvar och tas upp på ett senare möte.",
                               "The case was tabled (bordlagt): it stays and is taken up at a later meeting."));
    }
    doc_signature(d, org, L("För samrådet", "For the samråd"),
                  arena_printf(a, L("Datum: %s", "Date: %s"), *date ? date : "–"));
    return doc_status(d, e);
}
