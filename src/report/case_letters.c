/* case_letters.c — the release case's documents as letters (see
 * case_letters.h). One function per kind of letter; every word is written
 * here in Swedish and English side by side: L("svenska", "English") picks
 * the letter's language (both are string literals, so a format stays a
 * literal for the compiler's checks). */
#include "report/case_letters.h"

#include <string.h>

typedef struct ctx {
    doc *d;
    arena *a;
    int en;
    const case_letter_input *in;
    /* the input, cleaned: never NULL, no control characters but \n and \t */
    const char *org, *number, *date, *title, *applicant, *applicant_org, *target, *received, *body,
        *conditions, *actor, *assignee, *decision_date, *deadline;
} ctx;

#define L(sv, en_text) (c->en ? (en_text) : (sv))
#define P(...) arena_printf(c->a, __VA_ARGS__)

/* A copy of s without carriage returns ("\r\n" → "\n") or other control
 * characters (→ space), trimmed of leading and trailing blank space. */
static const char *clean(arena *a, const char *s)
{
    if (!s) return "";
    while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
    char *out = arena_alloc(a, n + 1);
    if (!out) return "";
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '\r') {
            if (i + 1 < n && s[i + 1] == '\n') continue;
            ch = '\n';
        } else if ((ch < 0x20 && ch != '\n' && ch != '\t') || ch == 0x7f) {
            ch = ' ';
        }
        out[k++] = (char)ch;
    }
    out[k] = '\0';
    return out;
}

static int filled(const char *s) { return s && *s; }

/* A role as a title under a signature. */
static const char *role_title(const ctx *c, dl_role r)
{
    switch (r) {
    case ROLE_VERKSAMHETSCHEF: return L("Verksamhetschef", "Head of unit (verksamhetschef)");
    case ROLE_REGIONOMRADESCHEF: return L("Regionområdeschef", "Head of area (regionområdeschef)");
    case ROLE_FORVALTNINGSDIREKTOR: return L("Förvaltningsdirektör", "Director (förvaltningsdirektör)");
    case ROLE_CONFIDENTIALITY_REVIEWER:
        return L("Utsedd för men- och sekretessprövning", "Designated confidentiality reviewer");
    case ROLE_COORDINATOR: return L("Samordnare i samrådet", "Coordinator of the samråd");
    case ROLE_SAMRAD_MEMBER: return L("Ledamot i samrådet", "Member of the samråd");
    case ROLE_REGISTRAR: return L("Registrator", "Registrar");
    case ROLE_ASSIGNED_EMPLOYEE: return L("Medarbetare med uppdrag att ta ut data", "Employee assigned to extract data");
    case ROLE_DATA_ANALYSIS: return L("Avdelningen för Data och analys", "Data and Analysis department");
    case ROLE_APPLICANT: return L("Sökande", "Applicant");
    default: return "";
    }
}

/* The title of the person who took the step: the role the caller names, or
 * dflt when it named none (ROLE_APPLICANT, the zero value, for a staff
 * letter). */
static const char *actor_title(const ctx *c, dl_role dflt)
{
    dl_role r = c->in->actor_role;
    if (r == ROLE_APPLICANT && dflt != ROLE_APPLICANT) r = dflt;
    return role_title(c, r);
}

static const char *title_of(const ctx *c, case_doc k)
{
    switch (k) {
    case DOC_REQUEST: return L("Begäran om utlämnande av uppgifter för forskning", "Request for data for research");
    case DOC_ACKNOWLEDGEMENT: return L("Mottagningsbekräftelse", "Acknowledgement of receipt");
    case DOC_COMPLETION_REQUEST: return L("Begäran om komplettering", "Request for additional information");
    case DOC_COMPLETION: return L("Komplettering", "Additional information");
    case DOC_CONFIDENTIALITY_REVIEW: return L("Men- och sekretessprövning", "Review of harm and confidentiality");
    case DOC_RECOMMENDATION: return L("Samrådets rekommendation", "Recommendation of the samråd");
    case DOC_UNIT_NOTICE: return L("Underrättelse till berörda enheter", "Notice to the units concerned");
    case DOC_UNIT_ANSWER: return L("Enhetens svar", "Answer of a unit");
    case DOC_DECISION:
        return L("Beslut om utlämnande av allmänna handlingar", "Decision on the release of official documents");
    case DOC_ASSIGNMENT: return L("Uppdrag att ta ut data", "Assignment to extract data");
    case DOC_DELIVERY: return L("Utlämnande av uppgifter", "Release of data");
    case DOC_WITHDRAWAL: return L("Återkallelse av ansökan", "Withdrawal of the request");
    case DOC_COST_ESTIMATE: return L("Kostnadsförslag och uttagsspecifikation", "Cost estimate and extraction specification");
    case DOC_ESTIMATE_ACCEPTANCE: return L("Godkännande av kostnadsförslag", "Acceptance of the cost estimate");
    case DOC_NARROWING: return L("Begränsning av ansökan", "Narrowing of the request");
    default: return "";
    }
}

const char *case_letter_file_word(case_doc kind)
{
    switch (kind) {
    case DOC_REQUEST: return "ansokan";
    case DOC_ACKNOWLEDGEMENT: return "mottagningsbekraftelse";
    case DOC_COMPLETION_REQUEST: return "begaran-om-komplettering";
    case DOC_COMPLETION: return "komplettering";
    case DOC_CONFIDENTIALITY_REVIEW: return "sekretessprovning";
    case DOC_RECOMMENDATION: return "rekommendation";
    case DOC_UNIT_NOTICE: return "underrattelse";
    case DOC_UNIT_ANSWER: return "enhetens-svar";
    case DOC_DECISION: return "beslut";
    case DOC_ASSIGNMENT: return "uppdrag";
    case DOC_DELIVERY: return "utlamnande";
    case DOC_WITHDRAWAL: return "aterkallelse";
    case DOC_COST_ESTIMATE: return "kostnadsforslag";
    case DOC_ESTIMATE_ACCEPTANCE: return "godkannande-av-kostnadsforslag";
    case DOC_NARROWING: return "begransning";
    default: return "handling";
    }
}

/* «title» of the project, or "ert ärende" when it has none. */
static const char *project(const ctx *c)
{
    return filled(c->title) ? P(L("»%s«", "“%s”"), c->title) : L("ert ärende", "your case");
}

static const char *who_applies(const ctx *c)
{
    if (!filled(c->applicant)) return L("sökanden", "the applicant");
    return filled(c->applicant_org) ? P("%s (%s)", c->applicant, c->applicant_org) : c->applicant;
}

static const char *dnr(const ctx *c)
{
    return filled(c->number) ? c->number : L("(ännu inte registrerat)", "(not yet registered)");
}

/* Conditions, one per line, as a bullet list; a paragraph when there are
 * more lines than a list holds. */
static void conditions_block(ctx *c, const char *text)
{
    const char *items[DOC_MAX_ITEMS];
    size_t n = 0;
    const char *s = text;
    int too_many = 0;
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        const char *t = clean(c->a, arena_strndup(c->a, s, len));
        if (*t) {
            if (n == DOC_MAX_ITEMS) { too_many = 1; break; }
            items[n++] = t;
        }
        s += len + (nl ? 1 : 0);
    }
    if (too_many) doc_paragraph(c->d, text);
    else if (n) doc_list(c->d, items, n);
}

static void sign(ctx *c, const char *name, const char *title)
{
    doc_signature(c->d, filled(name) ? name : c->org, filled(name) ? title : "",
                  P(L("Datum: %s", "Date: %s"), c->date));
}

/* The text a person wrote, under a heading; "empty" when there is none. */
static void text_section(ctx *c, const char *heading, const char *empty)
{
    if (heading) doc_heading(c->d, heading);
    doc_paragraph(c->d, filled(c->body) ? c->body : empty);
}

static void acknowledgement(ctx *c)
{
    doc_paragraph(c->d, P(L("Er ansökan om utlämnande av uppgifter för forskning, %s, kom in till %s den %s. "
                            "Den har registrerats med diarienummer %s. Ange diarienumret när ni kontaktar oss "
                            "om ärendet.",
                            "Your request for data for research, %s, reached %s on %s. It has been registered "
                            "under reference number %s. Please quote the reference number whenever you contact "
                            "us about the case."),
                          project(c), c->org, filled(c->received) ? c->received : c->date, dnr(c)));
    doc_heading(c->d, L("Vad händer nu", "What happens next"));
    doc_paragraph(c->d, L("Först kontrollerar vi att ansökan är komplett. Saknas något får ni en begäran om "
                          "komplettering; handläggningen står då still tills kompletteringen har kommit in.\n"
                          "En komplett ansökan bedöms av samrådet: den vetenskapliga frågeställningen, "
                          "genomförbarheten, att begäran stämmer med Etikprövningsmyndighetens beslut, och en men- "
                          "och sekretessprövning. Samrådet lämnar en rekommendation till den som beslutar.\n"
                          "Ni får beslutet skriftligt. Ni kan följa ärendet och återkalla ansökan i datalots.",
                          "We first check that the request is complete. If something is missing, you will receive "
                          "a request for additional information; the case then waits until it has arrived.\n"
                          "A complete request is assessed by the samråd (the advisory group): the scientific "
                          "question, feasibility, agreement with the decision of the Swedish Ethical Review "
                          "Authority, and a review of harm and confidentiality. The samråd makes a "
                          "recommendation to the person who decides.\n"
                          "You will receive the decision in writing. You can follow the case, or withdraw the "
                          "request, in datalots."));
    doc_signature(c->d, c->org, L("Registraturen", "Registry"), P(L("Datum: %s", "Date: %s"), c->date));
}

static void completion_request(ctx *c)
{
    doc_paragraph(c->d, P(L("Vi har gått igenom er ansökan %s med diarienummer %s. Innan den kan prövas behöver "
                            "vi följande från er.",
                            "We have gone through your request %s, reference number %s. Before it can be "
                            "assessed, we need the following from you."),
                          project(c), dnr(c)));
    text_section(c, L("Det här saknas", "What is missing"), L("(ingen text)", "(no text)"));
    doc_heading(c->d, L("Ärendet väntar på er komplettering", "The case waits for your answer"));
    doc_paragraph(c->d, P(L("Handläggningen står still tills kompletteringen har kommit in. Skicka den i datalots "
                            "(ärendets sida, »Skicka komplettering«) eller till %s med diarienumret angivet. Vill ni "
                            "inte längre fullfölja ansökan kan ni återkalla den.",
                            "The handling of the case is paused until the information has arrived. Send it in "
                            "datalots (the case's page, “Send additional information”) or to %s, quoting the "
                            "reference number. If you no longer wish to pursue the request, you may withdraw it."),
                          c->org));
    sign(c, c->actor, actor_title(c, ROLE_COORDINATOR));
}

static void appeal_notice(ctx *c)
{
    doc_notice(c->d, L("Hur man överklagar", "How to appeal"),
               P(L("Ni kan överklaga beslutet hos kammarrätten. Skriv till kammarrätten, men skicka eller lämna "
                   "överklagandet till %s, som har fattat beslutet. Överklagandet måste ha kommit in till %s inom "
                   "tre veckor från den dag då ni fick del av beslutet; annars kan det inte prövas.\n"
                   "Ange i överklagandet vilket beslut ni överklagar (diarienummer %s, beslutet den %s), hur ni "
                   "vill att beslutet ska ändras och varför ni anser att det ska ändras. Skicka gärna med det som "
                   "stöder er uppfattning.\n"
                   "%s prövar först om överklagandet har kommit in i rätt tid och om beslutet ska ändras; annars "
                   "skickas överklagandet vidare till kammarrätten (6 kap. 7 § offentlighets- och sekretesslagen, "
                   "40–45 §§ förvaltningslagen).",
                   "You may appeal against the decision to the Administrative Court of Appeal (kammarrätten). "
                   "Address the appeal to the Administrative Court of Appeal, but send it or hand it in to %s, "
                   "which made the decision. The appeal must have reached %s within three weeks of the day you "
                   "received the decision; otherwise it cannot be considered.\n"
                   "In the appeal, state which decision you are appealing against (reference number %s, the "
                   "decision of %s), the change you want and the reasons why you think the decision should be "
                   "changed. You may enclose anything that supports your view.\n"
                   "%s first checks that the appeal arrived in time and whether it will change the decision "
                   "itself; otherwise the appeal is passed on to the Administrative Court of Appeal (chapter 6, "
                   "section 7 of the Public Access to Information and Secrecy Act; sections 40–45 of the "
                   "Administrative Procedure Act)."),
                 c->org, c->org, dnr(c), c->date, c->org));
}

static dl_err decision(ctx *c, dl_error *e)
{
    const char *o = c->in->outcome ? c->in->outcome : "";
    int refused = strcmp(o, "refused") == 0, part = strcmp(o, "approved_in_part") == 0;
    if (!refused && !part && strcmp(o, "approved") != 0)
        return dl_fail(e, DL_EINVAL, "case_letters: a decision needs its outcome (approved, approved_in_part, refused)");
    doc_heading(c->d, L("Beslut", "Decision"));
    const char *from = filled(c->target) ? P(L(" ur %s", " from %s"), c->target) : "";
    if (refused)
        doc_paragraph(c->d, P(L("%s avslår begäran från %s om att få ut uppgifter%s för forskningsprojektet %s.",
                                "%s refuses the request by %s for data%s for the research project %s."),
                              c->org, who_applies(c), from, project(c)));
    else if (part)
        doc_paragraph(c->d, P(L("%s bifaller delvis begäran från %s om att få ut uppgifter%s för "
                                "forskningsprojektet %s. Uppgifterna lämnas ut med de villkor som anges nedan. I den "
                                "del som inte lämnas ut avslås begäran; skälen anges nedan.",
                                "%s grants in part the request by %s for data%s for the research project %s. The "
                                "data are released on the conditions set out below. The request is refused as to "
                                "the rest; the reasons are given below."),
                              c->org, who_applies(c), from, project(c)));
    else
        doc_paragraph(c->d, P(L("%s bifaller begäran från %s om att få ut uppgifter%s för forskningsprojektet %s. "
                                "Uppgifterna lämnas ut med de villkor som anges nedan.",
                                "%s grants the request by %s for data%s for the research project %s. The data are "
                                "released on the conditions set out below."),
                              c->org, who_applies(c), from, project(c)));
    doc_paragraph(c->d, P(L("Utfall: %s.", "Outcome: %s."),
                          refused ? L("avslag", "refused") : part ? L("delvis bifall", "approved in part")
                                                                  : L("bifall", "approved")));
    if (!refused) {
        doc_heading(c->d, L("Villkor", "Conditions"));
        doc_paragraph(c->d, L("Uppgifterna lämnas ut med förbehåll enligt 10 kap. 14 § offentlighets- och "
                              "sekretesslagen. Förbehållen gäller för mottagaren och för alla som får del av "
                              "uppgifterna:",
                              "The data are released with reservations under chapter 10, section 14 of the Public "
                              "Access to Information and Secrecy Act. They bind the recipient and everyone who gets "
                              "access to the data:"));
        if (filled(c->conditions)) conditions_block(c, c->conditions);
        else doc_paragraph(c->d, L("Inga villkor utöver de som följer av ansökan och etikgodkännandet.",
                                   "No conditions beyond those that follow from the request and the ethics approval."));
    }
    text_section(c, L("Skäl", "Reasons"),
                 refused ? L("Samrådets rekommendation och men- och sekretessprövningen har legat till grund för "
                             "beslutet.",
                             "The decision rests on the samråd's recommendation and the review of harm and "
                             "confidentiality.")
                         : L("Ansökan uppfyller förutsättningarna för utlämnande. Samrådets rekommendation och men- "
                             "och sekretessprövningen har legat till grund för beslutet.",
                             "The request meets the requirements for release. The decision rests on the samråd's "
                             "recommendation and the review of harm and confidentiality."));
    sign(c, c->actor, actor_title(c, c->in->process == 2 ? ROLE_FORVALTNINGSDIREKTOR : ROLE_VERKSAMHETSCHEF));
    if (refused || part) appeal_notice(c);
    return DL_OK;
}

static void assignment(ctx *c)
{
    doc_paragraph(c->d, P(L("Som verksamhetschef%s ger jag %s i uppdrag att ta ut de uppgifter ur patientjournalen "
                            "som beslutet i ärende %s%s avser: forskningsprojektet %s, på begäran av %s.",
                            "As head of unit%s I assign %s to extract the data from the patient records that the "
                            "decision in case %s%s covers: the research project %s, requested by %s."),
                          filled(c->target) ? P(L(" vid %s", " at %s"), c->target) : "",
                          filled(c->assignee) ? c->assignee : L("den namngivna medarbetaren", "the named employee"),
                          dnr(c), filled(c->decision_date) ? P(L(" den %s", " of %s"), c->decision_date) : "",
                          project(c), who_applies(c)));
    doc_heading(c->d, L("Villkor enligt beslutet", "Conditions of the decision"));
    if (filled(c->conditions)) conditions_block(c, c->conditions);
    else doc_paragraph(c->d, L("Beslutet har inga villkor utöver det som ansökan och etikgodkännandet anger.",
                               "The decision sets no conditions beyond what the request and the ethics approval say."));
    doc_heading(c->d, L("Så går uttaget till", "How the extraction is done"));
    doc_paragraph(c->d, L("Ta bara ut den population, den period och de variabler som beslutet omfattar. Lämna ut "
                          "uppgifterna på det sätt som ansökan anger (pappersutskrift eller krypterad fil) och "
                          "registrera leveransen i ärendet när den är gjord.\n"
                          "Uppdraget är skriftligt och förvaras i din personalakt. Det gäller bara detta ärende.",
                          "Extract only the population, period and variables the decision covers. Release the data "
                          "the way the request says (paper print-out or encrypted file) and register the delivery "
                          "in the case when it is done.\n"
                          "The assignment is in writing and is kept in your personnel file. It applies to this case "
                          "only."));
    if (filled(c->body)) text_section(c, L("Anvisningar", "Instructions"), "");
    sign(c, c->actor, actor_title(c, ROLE_VERKSAMHETSCHEF));
}

static void review(ctx *c)
{
    doc_paragraph(c->d, P(L("Prövning av om uppgifterna i ärende %s (%s) kan lämnas ut utan att den enskilde eller "
                            "någon närstående lider men (25 kap. 1 § offentlighets- och sekretesslagen, OSL), och "
                            "vilka förbehåll som behövs för det (10 kap. 14 § OSL).",
                            "Review of whether the data in case %s (%s) can be released without harm to the "
                            "individuals or anyone close to them (chapter 25, section 1 of the Public Access to "
                            "Information and Secrecy Act, OSL), and which reservations that requires (chapter 10, "
                            "section 14 OSL)."),
                          dnr(c), project(c)));
    text_section(c, L("Bedömning och föreslagna förbehåll", "Assessment and proposed reservations"),
                 L("(ingen text)", "(no text)"));
    if (filled(c->conditions)) {
        doc_heading(c->d, L("Föreslagna förbehåll (10 kap. 14 § OSL)", "Proposed reservations (OSL 10:14)"));
        conditions_block(c, c->conditions);
    }
    doc_paragraph(c->d, L("Handlingen omfattas av sekretess och lämnas inte ut till sökanden.",
                          "This document is confidential and is not given to the applicant."));
    sign(c, c->actor, role_title(c, ROLE_CONFIDENTIALITY_REVIEWER));
}

static void recommendation(ctx *c)
{
    const char *o = c->in->outcome ? c->in->outcome : "";
    int refusal = strcmp(o, "refusal") == 0;
    doc_paragraph(c->d, P(L("Samrådet har bedömt ansökan %s i ärende %s: den vetenskapliga frågeställningen, "
                            "genomförbarheten, överensstämmelsen med Etikprövningsmyndighetens beslut och men- och "
                            "sekretessprövningen.",
                            "The samråd has assessed the request %s in case %s: the scientific question, "
                            "feasibility, agreement with the decision of the Swedish Ethical Review Authority, and "
                            "the review of harm and confidentiality."),
                          project(c), dnr(c)));
    doc_heading(c->d, L("Rekommendation", "Recommendation"));
    if (*o)
        doc_paragraph(c->d, refusal ? L("Samrådet rekommenderar att begäran avslås.",
                                        "The samråd recommends that the request be refused.")
                                    : c->in->process == 2
                                          ? L("Samrådet rekommenderar utlämnande. De berörda enheterna tillfrågas "
                                              "först; därefter beslutar förvaltningsdirektören eller "
                                              "regionområdeschefen.",
                                              "The samråd recommends release. The units concerned are asked first; "
                                              "then the director or the head of area decides.")
                                          : L("Samrådet rekommenderar utlämnande. Verksamhetschefen beslutar.",
                                              "The samråd recommends release. The head of unit decides."));
    if (c->in->assessments) {
        for (int p = 0; p < SAMRAD_ASSESS__MAX; p++) {
            const char *v = clean(c->a, samrad_texts_get(c->in->assessments, (samrad_assessment_part)p));
            doc_heading(c->d, L(samrad_assessment_label_sv((samrad_assessment_part)p),
                                samrad_assessment_label_en((samrad_assessment_part)p)));
            doc_paragraph(c->d, *v ? v : "–");
        }
        if (filled(c->conditions)) {
            doc_heading(c->d, L("Villkor", "Conditions"));
            doc_paragraph(c->d, c->conditions);
        }
    } else {
        text_section(c, L("Bedömning och villkor", "Assessment and conditions"), L("(ingen text)", "(no text)"));
    }
    sign(c, c->actor, L("För samrådet", "For the samråd"));
}

static void unit_notice(ctx *c)
{
    doc_paragraph(c->d, P(L("Samrådet rekommenderar att uppgifter%s lämnas ut till %s för forskningsprojektet %s "
                            "(ärende %s).",
                            "The samråd recommends that data%s be released to %s for the research project %s "
                            "(case %s)."),
                          filled(c->target) ? P(L(" ur %s", " from %s"), c->target) : "", who_applies(c),
                          project(c), dnr(c)));
    doc_heading(c->d, L("Vad ni behöver göra", "What you need to do"));
    doc_paragraph(c->d, P(L("Verksamhetschefen eller regionområdeschefen för varje berörd vårdenhet kan neka "
                            "utlämnande från sin enhet. Svara för varje enhet i datalots%s, och ange skälen om "
                            "enheten nekar. När alla enheter har svarat, eller svarstiden har gått ut, går ärendet "
                            "vidare till beslut.",
                            "The head of unit or the head of area of each care unit concerned may refuse release "
                            "from that unit. Answer for each unit in datalots%s, giving the reasons if the unit "
                            "refuses. When every unit has answered, or the time has run out, the case goes on to "
                            "a decision."),
                          filled(c->deadline) ? P(L(" senast den %s", " by %s"), c->deadline) : ""));
    sign(c, c->actor, actor_title(c, ROLE_COORDINATOR));
}

static void delivery(ctx *c)
{
    const char *m = c->in->delivery_method ? c->in->delivery_method : "";
    const char *how = strcmp(m, "paper") == 0 ? L("som pappersutskrift", "as a paper print-out")
                      : strcmp(m, "encrypted") == 0
                          ? L("som krypterad fil (age) till den nyckel ni har angett",
                              "as an encrypted file (age) to the key you gave")
                          : L("på det sätt som ansökan anger", "the way the request says");
    doc_paragraph(c->d, P(L("De uppgifter som beslutet i ärende %s%s avser har lämnats ut till %s den %s, %s.",
                            "The data that the decision in case %s%s covers were released to %s on %s, %s."),
                          dnr(c), filled(c->decision_date) ? P(L(" den %s", " of %s"), c->decision_date) : "",
                          who_applies(c), c->date, how));
    if (filled(c->conditions)) {
        doc_heading(c->d, L("Villkor enligt beslutet", "Conditions of the decision"));
        doc_paragraph(c->d, L("Villkoren gäller så länge ni har uppgifterna:",
                              "The conditions apply for as long as you hold the data:"));
        conditions_block(c, c->conditions);
    }
    if (filled(c->body)) text_section(c, L("Anteckning", "Note"), "");
    doc_paragraph(c->d, L("Ärendet är därmed avslutat.", "The case is now closed."));
    sign(c, c->actor, actor_title(c, c->in->process == 2 ? ROLE_DATA_ANALYSIS : ROLE_ASSIGNED_EMPLOYEE));
}

static void withdrawal(ctx *c)
{
    doc_paragraph(c->d, P(L("%s har den %s återkallat ansökan %s (ärende %s). Ärendet är avslutat och prövas inte "
                            "vidare.",
                            "On %2$s, %1$s withdrew the request %3$s (case %4$s). The case is closed and will not be "
                            "assessed further."),
                          who_applies(c), c->date, project(c), dnr(c)));
    if (filled(c->body)) text_section(c, L("Skäl", "Reasons"), "");
    sign(c, c->actor, role_title(c, ROLE_APPLICANT));
}

/* The documents that come in (the request, a completion, a unit's answer):
 * a record of what arrived, with its text. */
static void incoming(ctx *c)
{
    const char *from = filled(c->in->recipient) ? clean(c->a, c->in->recipient) : who_applies(c);
    doc_paragraph(c->d, P(L("Handlingen kom in den %s från %s och hör till ärende %s, %s.",
                            "The document arrived on %s from %s and belongs to case %s, %s."),
                          c->date, from, dnr(c), project(c)));
    const char *o = c->in->outcome ? c->in->outcome : "";
    if (c->in->kind == DOC_UNIT_ANSWER && (strcmp(o, "accept") == 0 || strcmp(o, "refuse") == 0)) {
        /* What the unit answered, and its reasons when it refuses. */
        doc_heading(c->d, L("Svar", "Answer"));
        doc_paragraph(c->d, strcmp(o, "refuse") == 0
                                ? P(L("%s nekar utlämnande av uppgifter från enheten.",
                                      "%s refuses the release of data from the unit."), from)
                                : P(L("%s medger utlämnande av uppgifter från enheten.",
                                      "%s accepts the release of data from the unit."), from));
        if (filled(c->body)) text_section(c, L("Skäl", "Reasons"), "");
    } else if (filled(c->body)) text_section(c, L("Innehåll", "Content"), "");
    else if (c->in->kind == DOC_REQUEST)
        doc_paragraph(c->d, L("Ansökans uppgifter finns på ärendets sida i datalots.",
                              "The request's details are on the case's page in datalots."));
}

/* The estimate sent before the decision: what it is, how to answer, then
 * the specification and the amounts (the document's text, store/case_estimate.c). */
static void cost_estimate(ctx *c)
{
    doc_paragraph(c->d, P(L("Här är kostnadsförslaget för uttaget i ärende %s, %s. Godkänn förslaget, begränsa "
                            "ansökan eller återkalla den på ärendets sida i datalots senast den dag som anges nedan. "
                            "Under tiden står handläggningen still.",
                            "Here is the cost estimate for the extraction in case %s, %s. Accept the estimate, "
                            "narrow the request or withdraw it on the case's page in datalots by the day given "
                            "below. Meanwhile the handling waits."),
                          dnr(c), project(c)));
    if (filled(c->body)) text_section(c, L("Innehåll", "Content"), "");
}

dl_err case_letter_build(doc *d, const case_letter_input *in, dl_error *e)
{
    if (!d || !in) return dl_fail(e, DL_EINVAL, "case_letters: no document or input");
    if (in->kind <= DOC_NONE || in->kind >= CASE_DOC__MAX)
        return dl_fail(e, DL_EINVAL, "case_letters: unknown document kind %d", (int)in->kind);
    const char *lang = in->lang ? in->lang : "sv";
    if (strcmp(lang, "sv") != 0 && strcmp(lang, "en") != 0)
        return dl_fail(e, DL_EINVAL, "case_letters: language must be sv or en");
    ctx cx = {.d = d, .a = d->a, .en = strcmp(lang, "en") == 0, .in = in}, *c = &cx;
    c->org = clean(c->a, in->org_name);
    if (!*c->org) return dl_fail(e, DL_EINVAL, "case_letters: the organisation is missing");
    c->number = clean(c->a, in->case_number);
    c->date = clean(c->a, in->date);
    c->title = clean(c->a, in->case_title);
    c->applicant = clean(c->a, in->applicant);
    c->applicant_org = clean(c->a, in->applicant_org);
    c->target = clean(c->a, in->target_name);
    c->received = clean(c->a, in->received_date);
    c->body = clean(c->a, in->body);
    c->conditions = clean(c->a, in->conditions);
    c->actor = clean(c->a, in->actor_name);
    c->assignee = clean(c->a, in->assignee);
    c->decision_date = clean(c->a, in->decision_date);
    c->deadline = clean(c->a, in->deadline);

    doc_set_lang(d, c->en ? "en" : "sv");
    doc_letterhead(d, c->org, NULL);
    doc_field(d, L("Diarienummer", "Reference no."), dnr(c));
    const char *own = clean(c->a, in->doc_number);
    if (*own && strcmp(own, c->number) != 0) doc_field(d, L("Handling nr", "Document no."), own);
    doc_field(d, L("Datum", "Date"), *c->date ? c->date : "–");
    const char *to = clean(c->a, in->recipient);
    if (in->kind == DOC_ASSIGNMENT && *c->assignee) to = c->assignee;
    /* An incoming document's counterpart sent it (the applicant, a unit). */
    if (strcmp(case_doc_direction(in->kind), "in") == 0) doc_field(d, L("Avsändare", "From"), *to ? to : c->org);
    else doc_field(d, L("Mottagare", "To"), *to ? to : c->org);
    doc_field(d, L("Ärende", "Case"), *c->title ? c->title : dnr(c));
    doc_footer(d, P(L("Dnr %s", "Ref. %s"), dnr(c)), L("Sida", "Page"), L("av", "of"));
    if (in->kind == DOC_CONFIDENTIALITY_REVIEW)
        doc_marking(d, L("SEKRETESS enligt OSL 25 kap. 1 §",
                         "SEKRETESS enligt OSL 25 kap. 1 § · CONFIDENTIAL under the Public Access to Information "
                         "and Secrecy Act, chapter 25, section 1"));
    doc_title(d, title_of(c, in->kind));

    switch (in->kind) {
    case DOC_ACKNOWLEDGEMENT: acknowledgement(c); break;
    case DOC_COMPLETION_REQUEST: completion_request(c); break;
    case DOC_DECISION: {
        dl_err rc = decision(c, e);
        if (rc != DL_OK) return rc;
        break;
    }
    case DOC_ASSIGNMENT: assignment(c); break;
    case DOC_CONFIDENTIALITY_REVIEW: review(c); break;
    case DOC_RECOMMENDATION: recommendation(c); break;
    case DOC_UNIT_NOTICE: unit_notice(c); break;
    case DOC_DELIVERY: delivery(c); break;
    case DOC_WITHDRAWAL: withdrawal(c); break;
    case DOC_COST_ESTIMATE: cost_estimate(c); break;
    case DOC_REQUEST:
    case DOC_COMPLETION:
    case DOC_ESTIMATE_ACCEPTANCE:
    case DOC_NARROWING:
    case DOC_UNIT_ANSWER: incoming(c); break;
    default: break;
    }
    return doc_status(d, e);
}
