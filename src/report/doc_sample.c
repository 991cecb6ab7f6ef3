/* doc_sample.c — the sample decision letter of doc_sample.h, in Swedish and
 * English; every text is fictitious (Regionhälsan is the demo region). */
#include "report/doc_sample.h"

#include <stdio.h>
#include <string.h>

struct texts {
    const char *org, *unit, *addr, *contact;
    const char *f_dnr, *f_date, *f_to, *f_ref, *f_officer;
    const char *to, *ref;
    const char *marking, *footer, *page, *of, *title;
    const char *h_decision, *decision;
    const char *h_conditions, *conditions[5];
    const char *h_data, *cols[4], *rows[8][4];
    const char *h_reasons, *reasons, *h_delivery, *delivery, *made_by;
    const char *sig_date, *sig_title, *appeal_title, *appeal;
};

static const struct texts sv = {
    "Regionhälsan", "Regionkansliet, juridiska enheten", "Box 100, 901 85 Umeå",
    "Telefon 090-100 00 00 · registrator@regionhalsan.example",
    "Diarienummer", "Datum", "Mottagare", "Er referens", "Handläggare",
    "Åsa Öberg\nInstitutionen för folkhälsa och klinisk medicin\nUmeå universitet, 901 87 Umeå",
    "Ansökan den 3 februari 2026",
    "SEKRETESS enligt OSL 25 kap. 1 §", "Dnr RH 2026-0142", "Sida", "av",
    "Beslut om utlämnande av allmänna handlingar",
    "Beslut",
    "Regionhälsan beslutar att lämna ut de uppgifter ur det patientadministrativa systemet (PAS) och "
    "Hjärtsviktsregistret som anges nedan till forskningsprojektet ”Långtidsutfall efter hjärtsvikt i "
    "norra Sverige” (Etikprövningsmyndighetens dnr 2025-01234-01).\n"
    "Uppgifterna lämnas ut med förbehåll enligt 10 kap. 14 § offentlighets- och sekretesslagen (2009:400). "
    "Förbehållen gäller från den dag ni tar emot uppgifterna och gäller även för den som ni, med stöd av "
    "detta beslut, låter ta del av uppgifterna.",
    "Förbehåll",
    {"Uppgifterna får bara användas för det forskningsprojekt som anges i ansökan och i "
     "Etikprövningsmyndighetens beslut.",
     "Uppgifterna får inte lämnas vidare, och inga försök får göras att identifiera enskilda personer "
     "eller att samköra uppgifterna med andra register än de som anges i ansökan.",
     "Uppgifterna ska förvaras krypterade; bara de personer som anges i ansökan får ha åtkomst, och "
     "åtkomsten ska loggas.",
     "Resultat får bara redovisas så att enskilda inte kan identifieras; celler med färre än fem "
     "individer ska döljas.",
     "Uppgifterna ska förstöras senast den 31 december 2031, och förstörandet ska intygas skriftligen "
     "till Regionhälsan."},
    "Uppgifter som lämnas ut",
    {"Variabel", "Källa", "Period", "Antal poster"},
    {{"Löpnummer (pseudonym för personnummer)", "PAS", "2015–2024", "48 312"},
     {"Kön och födelseår", "PAS", "2015–2024", "48 312"},
     {"Diagnoskoder (ICD-10-SE)", "PAS", "2015–2024", "212 904"},
     {"Åtgärdskoder (KVÅ)", "PAS", "2015–2024", "96 418"},
     {"Vårdtillfällen i slutenvård", "PAS", "2015–2024", "131 077"},
     {"Ejektionsfraktion", "Hjärtsviktsregistret", "2015–2024", "22 561"},
     {"Läkemedel vid utskrivning", "Hjärtsviktsregistret", "2015–2024", "22 561"},
     {"Dödsdatum", "Hjärtsviktsregistret", "2015–2024", "9 804"}},
    "Skäl för beslutet",
    "Uppgifterna omfattas av sekretess enligt 25 kap. 1 § offentlighets- och sekretesslagen. Regionhälsan "
    "har vid samrådet den 9 mars 2026 prövat om uppgifterna kan lämnas ut utan att den enskilde eller "
    "någon närstående lider men. Med de förbehåll som anges ovan bedöms risken för men vara obetydlig. "
    "Projektet har godkänts av Etikprövningsmyndigheten, och uppgifterna är begränsade till vad som behövs "
    "för projektets syfte.\n"
    "Uppgifter om dödsorsak lämnas inte ut, eftersom de inte behövs för projektets frågeställningar.",
    "Så lämnas uppgifterna ut",
    "Uppgifterna lämnas ut som en krypterad fil via Regionhälsans säkra filöverföring. Nyckeln skickas "
    "separat till projektets ansvariga forskare.",
    "Beslutet har fattats av chefsjurist Karin Lundqvist efter föredragning av handläggare Erik Ström.",
    "Umeå den 16 mars 2026", "Chefsjurist",
    "Hur man överklagar",
    "Om ni är missnöjd med beslutet kan ni överklaga det hos kammarrätten. Överklagandet ska vara "
    "skriftligt.\n"
    "Skicka eller lämna överklagandet till Regionhälsan, inte till kammarrätten. Regionhälsan måste ha "
    "fått överklagandet inom tre veckor från den dag ni fick del av beslutet; annars kan det inte prövas.\n"
    "Skriv vilket beslut ni överklagar (diarienummer RH 2026-0142), hur ni vill att beslutet ska ändras "
    "och varför. Skriv också ert namn, er adress och ert telefonnummer.\n"
    "Regionhälsan prövar först om beslutet ska ändras. Ändras det inte, skickar Regionhälsan "
    "överklagandet vidare till kammarrätten.",
};

static const struct texts en = {
    "Regionhälsan", "Regional office, legal unit", "Box 100, SE-901 85 Umeå, Sweden",
    "Telephone +46 90 100 00 00 · registrator@regionhalsan.example",
    "Diary number", "Date", "Recipient", "Your reference", "Case officer",
    "Åsa Öberg\nDepartment of Public Health and Clinical Medicine\nUmeå University, SE-901 87 Umeå",
    "Application of 3 February 2026",
    "CONFIDENTIAL under chapter 25, section 1 of the Public Access to Information and Secrecy Act",
    "Ref. RH 2026-0142", "Page", "of",
    "Decision on the release of official documents",
    "Decision",
    "Regionhälsan decides to release the data from the patient administration system (PAS) and the "
    "Swedish Heart Failure Registry listed below to the research project “Long-term outcomes after heart "
    "failure in northern Sweden” (Swedish Ethical Review Authority ref. 2025-01234-01).\n"
    "The data are released subject to conditions under chapter 10, section 14 of the Public Access to "
    "Information and Secrecy Act (2009:400). The conditions apply from the day you receive the data, and "
    "also to anyone you let see the data under this decision.",
    "Conditions",
    {"The data may only be used for the research project named in the application and in the Ethical "
     "Review Authority's decision.",
     "The data may not be passed on, and no attempt may be made to identify individuals or to link the "
     "data with registers other than those named in the application.",
     "The data must be stored encrypted; only the people named in the application may have access, and "
     "access must be logged.",
     "Results may only be reported so that no individual can be identified; cells with fewer than five "
     "individuals must be suppressed.",
     "The data must be destroyed by 31 December 2031 at the latest, and the destruction confirmed in "
     "writing to Regionhälsan."},
    "Data released",
    {"Variable", "Source", "Period", "Records"},
    {{"Serial number (pseudonym for the personal identity number)", "PAS", "2015–2024", "48,312"},
     {"Sex and year of birth", "PAS", "2015–2024", "48,312"},
     {"Diagnosis codes (ICD-10-SE)", "PAS", "2015–2024", "212,904"},
     {"Procedure codes (KVÅ)", "PAS", "2015–2024", "96,418"},
     {"Inpatient episodes", "PAS", "2015–2024", "131,077"},
     {"Ejection fraction", "Heart Failure Registry", "2015–2024", "22,561"},
     {"Medication at discharge", "Heart Failure Registry", "2015–2024", "22,561"},
     {"Date of death", "Heart Failure Registry", "2015–2024", "9,804"}},
    "Reasons for the decision",
    "The data are confidential under chapter 25, section 1 of the Public Access to Information and Secrecy "
    "Act. At the consultation (samråd) on 9 March 2026 Regionhälsan examined whether the data can be "
    "released without harm to the individuals or their relatives. With the conditions above, the risk of "
    "harm is judged to be negligible. The project has been approved by the Swedish Ethical Review "
    "Authority, and the data are limited to what the project needs.\n"
    "Causes of death are not released, as the project's questions do not need them.",
    "How the data are delivered",
    "The data are delivered as an encrypted file through Regionhälsan's secure file transfer. The key is "
    "sent separately to the project's principal investigator.",
    "This decision was made by chief legal officer Karin Lundqvist on the report of case officer Erik Ström.",
    "Umeå, 16 March 2026", "Chief legal officer",
    "How to appeal",
    "If you are dissatisfied with the decision, you may appeal to the administrative court of appeal "
    "(kammarrätten). The appeal must be in writing.\n"
    "Send or hand in the appeal to Regionhälsan, not to the court. Regionhälsan must receive it within "
    "three weeks of the day you received the decision; otherwise it cannot be considered.\n"
    "State which decision you appeal (diary number RH 2026-0142), how you want it changed and why. Also "
    "give your name, address and telephone number.\n"
    "Regionhälsan first considers whether to change the decision. If it does not, it forwards the appeal "
    "to the administrative court of appeal.",
};

doc *doc_sample(arena *a, const char *lang, int extra_rows, dl_error *e)
{
    if (!lang || (strcmp(lang, "sv") != 0 && strcmp(lang, "en") != 0)) {
        dl_fail(e, DL_EINVAL, "doc_sample: language must be sv or en");
        return NULL;
    }
    if (extra_rows < 0 || extra_rows > DOC_MAX_ROWS - 20) {
        dl_fail(e, DL_EINVAL, "doc_sample: extra rows must be 0 to %d", DOC_MAX_ROWS - 20);
        return NULL;
    }
    const struct texts *t = strcmp(lang, "sv") == 0 ? &sv : &en;
    doc *d = doc_new(a);
    if (!d) { dl_fail(e, DL_ENOMEM, "doc_sample: out of memory"); return NULL; }
    doc_set_lang(d, lang);
    doc_letterhead(d, t->org, t->unit);
    doc_letterhead(d, t->org, t->addr);
    doc_letterhead(d, t->org, t->contact);
    doc_field(d, t->f_dnr, "RH 2026-0142");
    doc_field(d, t->f_date, "2026-03-16");
    doc_field(d, t->f_to, t->to);
    doc_field(d, t->f_ref, t->ref);
    doc_field(d, t->f_officer, "Erik Ström");
    doc_marking(d, t->marking);
    doc_footer(d, t->footer, t->page, t->of);
    doc_title(d, t->title);
    doc_heading(d, t->h_decision);
    doc_paragraph(d, t->decision);
    doc_heading(d, t->h_conditions);
    doc_list(d, t->conditions, 5);
    doc_heading(d, t->h_data);
    doc_table_begin_v(d, 4, t->cols);
    doc_table_numeric(d, 3);
    for (int i = 0; i < 8; i++) doc_table_row_v(d, t->rows[i]);
    for (int i = 0; i < extra_rows; i++) {
        char name[64], n[32];
        snprintf(name, sizeof name, "%s %d", strcmp(lang, "sv") == 0 ? "Tilläggsvariabel" : "Additional variable", i + 1);
        snprintf(n, sizeof n, "%d", 1000 + i * 37);
        const char *row[] = {name, "PAS", "2015–2024", n};
        doc_table_row_v(d, row);
    }
    doc_table_end(d);
    doc_heading(d, t->h_reasons);
    doc_paragraph(d, t->reasons);
    doc_heading(d, t->h_delivery);
    doc_paragraph(d, t->delivery);
    doc_paragraph(d, t->made_by);
    doc_signature(d, "Karin Lundqvist", t->sig_title, t->sig_date);
    doc_notice(d, t->appeal_title, t->appeal);
    if (doc_status(d, e) != DL_OK) return NULL;
    return d;
}
