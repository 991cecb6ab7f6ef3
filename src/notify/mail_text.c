/* mail_text.c — the mail templates in Swedish and English, and filling in
 * their {name} placeholders (see mail_text.h). */
#include "notify/mail_text.h"
#include "core/alloc.h"
#include "core/strbuf.h"

#include <string.h>

struct template {
    const char *kind, *lang, *subject, *body;
};

/* Keep each kind's sv and en rows together. */
static const struct template templates[] = {
    {"mail.test", "sv", "Testmeddelande från datalots (å, ä, ö)",
     "Hej!\n"
     "\n"
     "Det här är ett testmeddelande från datalots på {host}, lagt i utkorgen {time}.\n"
     "Kommer det fram fungerar e-posten från datalots: utkorgen, avsändaren och\n"
     "SMTP-servern. Å, ä och ö ska synas som bokstäver, inte som teckensallad.\n"
     "\n"
     "Du behöver inte svara.\n"
     "\n"
     "-- \n"
     "datalots\n"},
    {"mail.test", "en", "Test message from datalots",
     "Hello,\n"
     "\n"
     "This is a test message from datalots on {host}, put in the outbox {time}.\n"
     "If it arrives, e-mail from datalots works: the outbox, the sender and the\n"
     "SMTP server.\n"
     "\n"
     "No need to reply.\n"
     "\n"
     "-- \n"
     "datalots\n"},
    {"case.received", "sv", "Er ansökan har kommit in: {case_number}",
     "Hej!\n"
     "\n"
     "Vi har tagit emot och diariefört er ansökan om uppgifter för forskning,\n"
     "\"{title}\". Den har diarienummer {case_number}; ange det när ni kontaktar oss.\n"
     "\n"
     "Ansökan kontrolleras nu och går sedan till samrådet. Ni kan följa ärendet här:\n"
     "{link}\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.received", "en", "Your request has been received: {case_number}",
     "Hello,\n"
     "\n"
     "We have received and registered your request for data for research,\n"
     "\"{title}\". Its registration number is {case_number}; please quote it when you contact us.\n"
     "\n"
     "The request is now checked for completeness and then goes to the consultation\n"
     "meeting (samråd). You can follow it here:\n"
     "{link}\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.invitation", "sv", "Er ansökan har kommit in: {case_number}",
     "Hej!\n"
     "\n"
     "Vi har tagit emot och diariefört er ansökan om uppgifter för forskning,\n"
     "\"{title}\". Den har diarienummer {case_number}; ange det när ni kontaktar oss.\n"
     "\n"
     "Ni kan följa ärendet och svara på frågor om det på webben. Öppna länken,\n"
     "skapa ett konto (eller logga in med ett ni redan har) så kopplas ärendet\n"
     "till kontot:\n"
     "{link}\n"
     "\n"
     "Länken gäller i 30 dagar och kan användas en gång. Vill ni hellre fortsätta\n"
     "per post eller e-post behöver ni inte göra något.\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.invitation", "en", "Your request has been received: {case_number}",
     "Hello,\n"
     "\n"
     "We have received and registered your request for data for research,\n"
     "\"{title}\". Its registration number is {case_number}; please quote it when you contact us.\n"
     "\n"
     "You can follow the case and answer questions about it online. Open the link,\n"
     "create an account (or sign in with one you already have) and the case is\n"
     "linked to it:\n"
     "{link}\n"
     "\n"
     "The link is valid for 30 days and can be used once. If you prefer to go on\n"
     "by post or e-mail, there is nothing you need to do.\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.completion_requested", "sv", "Komplettering behövs: {case_number}",
     "Hej!\n"
     "\n"
     "För att kunna handlägga er ansökan {case_number} (\"{title}\") behöver vi fler\n"
     "uppgifter. Logga in och läs vad som saknas:\n"
     "{link}\n"
     "\n"
     "Ärendet väntar tills kompletteringen har kommit in.\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.completion_requested", "en", "Your request needs completing: {case_number}",
     "Hello,\n"
     "\n"
     "To handle your request {case_number} (\"{title}\") we need more information.\n"
     "Sign in to read what is missing:\n"
     "{link}\n"
     "\n"
     "The case waits until the completion has arrived.\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.decided", "sv", "Beslut i ärende {case_number}",
     "Hej!\n"
     "\n"
     "Det finns nu ett beslut i ärende {case_number} (\"{title}\"). Logga in för att\n"
     "läsa beslutet och, vid avslag, hur man överklagar:\n"
     "{link}\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.decided", "en", "A decision in case {case_number}",
     "Hello,\n"
     "\n"
     "There is now a decision in case {case_number} (\"{title}\"). Sign in to read it\n"
     "and, if the request was refused, how to appeal:\n"
     "{link}\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.delivered", "sv", "Uppgifterna är utlämnade: {case_number}",
     "Hej!\n"
     "\n"
     "Uppgifterna i ärende {case_number} (\"{title}\") har lämnats ut och leveransen är\n"
     "registrerad. Ärendet är därmed avslutat:\n"
     "{link}\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.delivered", "en", "The data has been delivered: {case_number}",
     "Hello,\n"
     "\n"
     "The data in case {case_number} (\"{title}\") has been delivered and the delivery\n"
     "is registered. The case is now closed:\n"
     "{link}\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.survey", "sv", "Hur nöjd är du med hanteringen av ärende {case_number}?",
     "Hej!\n"
     "\n"
     "Ärende {case_number} (\"{title}\") är avslutat. Vi vill gärna veta hur nöjd du är\n"
     "med hur ärendet hanterades. Det är en enda fråga och en kommentar om du vill;\n"
     "du behöver inte logga in. Länken gäller i 60 dagar och kan användas en gång:\n"
     "{link}\n"
     "\n"
     "Svaret används bara för att följa upp och förbättra handläggningen.\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.survey", "en", "How satisfied are you with the handling of case {case_number}?",
     "Hello,\n"
     "\n"
     "Case {case_number} (\"{title}\") is closed. We would like to know how satisfied\n"
     "you are with how it was handled. It is a single question, and a comment if you\n"
     "like; you do not need to sign in. The link is valid for 60 days and can be used\n"
     "once:\n"
     "{link}\n"
     "\n"
     "The answer is used only to follow up and improve the handling.\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.estimate", "sv", "Kostnadsförslag i ärende {case_number}: svara senast {deadline}",
     "Hej!\n"
     "\n"
     "Vi har tagit fram ett kostnadsförslag med uttagsspecifikation för ärende\n"
     "{case_number} (\"{title}\"). Logga in för att läsa det och svara senast {deadline}:\n"
     "godkänn förslaget, begränsa ansökan eller återkalla den.\n"
     "{link}\n"
     "\n"
     "Ärendet väntar tills du har svarat.\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.estimate", "en", "Cost estimate in case {case_number}: answer by {deadline}",
     "Hello,\n"
     "\n"
     "We have prepared a cost estimate with an extraction specification for case\n"
     "{case_number} (\"{title}\"). Sign in to read it and answer by {deadline}:\n"
     "accept the estimate, narrow the request or withdraw it.\n"
     "{link}\n"
     "\n"
     "The case waits until you have answered.\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.updated", "sv", "Nytt i ärende {case_number}",
     "Hej!\n"
     "\n"
     "Det har hänt något i ärende {case_number} (\"{title}\"):\n"
     "{link}\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.updated", "en", "News in case {case_number}",
     "Hello,\n"
     "\n"
     "Something has happened in case {case_number} (\"{title}\"):\n"
     "{link}\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.staff_new", "sv", "Ny ansökan: {case_number}",
     "Hej!\n"
     "\n"
     "En ny ansökan om uppgifter för forskning har kommit in och är diarieförd som\n"
     "{case_number}: \"{title}\". Den väntar på kontroll av att den är komplett:\n"
     "{link}\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.staff_new", "en", "New request: {case_number}",
     "Hello,\n"
     "\n"
     "A new request for data for research has arrived and is registered as\n"
     "{case_number}: \"{title}\". It waits for the completeness check:\n"
     "{link}\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.digest", "sv", "Försenade ärenden {day}: {count}",
     "Hej!\n"
     "\n"
     "De här ärendena har passerat målet för steget de står i ({day}):\n"
     "\n"
     "{cases}\n"
     "Alla försenade ärenden i kön:\n"
     "{link}\n"
     "\n"
     "Målen för varje steg ställs in under Handläggningstider och avgifter.\n"
     "\n"
     "-- \n"
     "datalots\n"},
    {"case.digest", "en", "Overdue cases {day}: {count}",
     "Hello,\n"
     "\n"
     "These cases have passed the target of the step they are in ({day}):\n"
     "\n"
     "{cases}\n"
     "Every overdue case in the queue:\n"
     "{link}\n"
     "\n"
     "The target of each step is set under Target times and fees.\n"
     "\n"
     "-- \n"
     "datalots\n"},
    {"case.staff_update", "sv", "Nytt i ärende {case_number}",
     "Hej!\n"
     "\n"
     "Det har hänt något i ärende {case_number} (\"{title}\") som du handlägger:\n"
     "{link}\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.staff_update", "en", "News in case {case_number}",
     "Hello,\n"
     "\n"
     "Something has happened in case {case_number} (\"{title}\"), which you handle:\n"
     "{link}\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.unit_notice", "sv", "Samrådet rekommenderar utlämnande: {case_number}, svara senast {deadline}",
     "Hej!\n"
     "\n"
     "Samrådet rekommenderar att uppgifter lämnas ut i ärende {case_number}\n"
     "(\"{title}\"). Enheterna i ert område kan neka utlämnande av uppgifter från sin\n"
     "enhet. Svara för varje enhet senast {deadline}:\n"
     "{link}\n"
     "\n"
     "En enhet som inte har svarat när tiden gått ut räknas som att den inte nekar.\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.unit_notice", "en", "The consultation recommends release: {case_number}, answer by {deadline}",
     "Hello,\n"
     "\n"
     "The consultation meeting recommends releasing data in case {case_number}\n"
     "(\"{title}\"). The units of your area may refuse the release of data from their\n"
     "unit. Answer for each unit by {deadline}:\n"
     "{link}\n"
     "\n"
     "A unit that has not answered when the time is up is taken not to refuse.\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.for_decision", "sv", "Ärende {case_number} väntar på beslut",
     "Hej!\n"
     "\n"
     "Ärende {case_number} (\"{title}\") har samrådets rekommendation och väntar på\n"
     "ditt beslut:\n"
     "{link}\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.for_decision", "en", "Case {case_number} awaits a decision",
     "Hello,\n"
     "\n"
     "Case {case_number} (\"{title}\") has the consultation's recommendation and awaits\n"
     "your decision:\n"
     "{link}\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.assignment", "sv", "Uppdrag att ta ut data: {case_number}",
     "Hej!\n"
     "\n"
     "Du har fått ett skriftligt uppdrag att ta ut data i ärende {case_number}\n"
     "(\"{title}\"). Läs uppdraget och villkoren och registrera leveransen när den är gjord:\n"
     "{link}\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.assignment", "en", "Assignment to extract data: {case_number}",
     "Hello,\n"
     "\n"
     "You have been given a written assignment to extract data in case {case_number}\n"
     "(\"{title}\"). Read the assignment and its conditions, and register the delivery\n"
     "when it is done:\n"
     "{link}\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.for_data_analysis", "sv", "Beviljat uttag till Data och analys: {case_number}",
     "Hej!\n"
     "\n"
     "Utlämnande är beslutat i ärende {case_number} (\"{title}\"). Begäran och\n"
     "dokumentationen av men- och sekretessprövningen finns i ärendet:\n"
     "{link}\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.for_data_analysis", "en", "An approved extraction for Data and Analysis: {case_number}",
     "Hello,\n"
     "\n"
     "Release has been decided in case {case_number} (\"{title}\"). The request and the\n"
     "confidentiality review's documentation are in the case:\n"
     "{link}\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.unit_reminder", "sv", "Påminnelse: enheternas svar i {case_number} senast {deadline}",
     "Hej!\n"
     "\n"
     "Alla enheter i ert område har ännu inte svarat i ärende {case_number}\n"
     "(\"{title}\"). Sista dag att neka utlämnande från en enhet är {deadline}:\n"
     "{link}\n"
     "\n"
     "En enhet som inte har svarat när tiden gått ut räknas som att den inte nekar.\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.unit_reminder", "en", "Reminder: the units' answers in {case_number} by {deadline}",
     "Hello,\n"
     "\n"
     "Not every unit of your area has answered in case {case_number}\n"
     "(\"{title}\"). The last day to refuse the release from a unit is {deadline}:\n"
     "{link}\n"
     "\n"
     "A unit that has not answered when the time is up is taken not to refuse.\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    /* The reporter of an obstacle (store/obstacle_steps.c): the reference, the
     * new state and their private link; never what they wrote. */
    {"obstacle.step", "sv", "Nytt om hindret du rapporterade: {reference}",
     "Hej!\n"
     "\n"
     "Hindret du rapporterade, {reference}, har kommit ett steg vidare.\n"
     "Läge nu: {state}\n"
     "\n"
     "Se vad som har hänt och svaret till dig:\n"
     "{link}\n"
     "\n"
     "Länken är personlig. Den som har den kan läsa din rapport.\n"
     "\n"
     "(In English: there is news about the obstacle you reported; the link shows it.)\n"
     "\n"
     "-- \n"
     "datalots\n"},
    {"obstacle.step", "en", "News about the obstacle you reported: {reference}",
     "Hello,\n"
     "\n"
     "The obstacle you reported, {reference}, has moved a step on.\n"
     "State now: {state}\n"
     "\n"
     "See what has happened and the answer to you:\n"
     "{link}\n"
     "\n"
     "The link is personal. Whoever has it can read your report.\n"
     "\n"
     "-- \n"
     "datalots\n"},
    /* Whoever follows a published obstacle (store/obstacle_subscription.c):
     * the confirmation of a request, then news of each public step. Only
     * the reference, the public state and the public answer; never a note
     * or the report as written. */
    {"obstacle.subscription.confirm", "sv", "Bekräfta att du vill bevaka hinder {reference}",
     "Hej!\n"
     "\n"
     "Någon, förhoppningsvis du, har bett om att få e-post när något händer\n"
     "med hinder {reference} i hinderregistret.\n"
     "\n"
     "Bekräfta bevakningen här (länken gäller i {days} dagar):\n"
     "{link}\n"
     "\n"
     "Har du inte bett om det behöver du inte göra något. Då får du inga fler brev.\n"
     "\n"
     "(In English: confirm that you want news of obstacle {reference} by following\n"
     "the link within {days} days; if you did not ask, do nothing.)\n"
     "\n"
     "-- \n"
     "datalots\n"},
    {"obstacle.subscription.confirm", "en", "Confirm that you want to follow obstacle {reference}",
     "Hello,\n"
     "\n"
     "Someone, hopefully you, has asked for e-mail when anything happens to\n"
     "obstacle {reference} in the obstacle register.\n"
     "\n"
     "Confirm here (the link is valid for {days} days):\n"
     "{link}\n"
     "\n"
     "If you did not ask, you need do nothing. You will get no more mail.\n"
     "\n"
     "-- \n"
     "datalots\n"},
    {"obstacle.subscription.news", "sv", "Nytt om hinder {reference}",
     "Hej!\n"
     "\n"
     "Hinder {reference}, som du bevakar, har kommit ett steg vidare.\n"
     "Läge nu: {state}\n"
     "\n"
     "Svar:\n"
     "{answer}\n"
     "\n"
     "Hindret i registret:\n"
     "{link}\n"
     "\n"
     "Sluta bevaka hindret:\n"
     "{unsubscribe}\n"
     "\n"
     "(In English: there is news about obstacle {reference}; the first link shows it,\n"
     "the second ends your subscription.)\n"
     "\n"
     "-- \n"
     "datalots\n"},
    {"obstacle.subscription.news", "en", "News about obstacle {reference}",
     "Hello,\n"
     "\n"
     "Obstacle {reference}, which you follow, has moved a step on.\n"
     "State now: {state}\n"
     "\n"
     "Answer:\n"
     "{answer}\n"
     "\n"
     "The obstacle in the register:\n"
     "{link}\n"
     "\n"
     "Stop following the obstacle:\n"
     "{unsubscribe}\n"
     "\n"
     "-- \n"
     "datalots\n"},
    /* The case's message thread (store/case_messages.c): that something was written, never what. */
    {"case.message", "sv", "Nytt meddelande i ärende {case_number}",
     "Hej!\n"
     "\n"
     "Det finns ett nytt meddelande i ert ärende {case_number} (\"{title}\").\n"
     "Logga in för att läsa det och svara:\n"
     "{link}\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.message", "en", "New message on case {case_number}",
     "Hello,\n"
     "\n"
     "There is a new message on your case {case_number} (\"{title}\").\n"
     "Sign in to read it and reply:\n"
     "{link}\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.staff_message", "sv", "Sökanden har skrivit i ärende {case_number}",
     "Hej!\n"
     "\n"
     "Sökanden har skrivit ett meddelande i ärende {case_number} (\"{title}\").\n"
     "Läs det i ärendet:\n"
     "{link}\n"
     "\n"
     "-- \n"
     "datalots\n"},
    {"case.staff_message", "en", "The applicant has written on case {case_number}",
     "Hello,\n"
     "\n"
     "The applicant has written a message on case {case_number} (\"{title}\").\n"
     "Read it on the case:\n"
     "{link}\n"
     "\n"
     "-- \n"
     "datalots\n"},
    /* A co-researcher invited to a case (store/case_members.c). */
    {"case.member_invite", "sv", "Inbjudan till forskningsprojekt: {case_number}",
     "Hej!\n"
     "\n"
     "Sökanden i ärende {case_number} (\"{title}\") hos {organisation} har bjudit in\n"
     "dig som medlem i projektet. Öppna länken, logga in eller skapa ett konto,\n"
     "och godkänn användarvillkoren; först då kan du få uppgifterna som lämnas ut:\n"
     "{link}\n"
     "\n"
     "Länken gäller i 30 dagar och kan användas en gång.\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
    {"case.member_invite", "en", "Invitation to a research project: {case_number}",
     "Hello,\n"
     "\n"
     "The applicant of case {case_number} (\"{title}\") at {organisation} has invited\n"
     "you as a member of the project. Open the link, sign in or create an account,\n"
     "and accept the terms of use; only then can you receive the data released:\n"
     "{link}\n"
     "\n"
     "The link is valid for 30 days and can be used once.\n"
     "\n"
     "-- \n"
     "{organisation} via datalots\n"},
};
enum { N_TEMPLATES = sizeof templates / sizeof templates[0] };

const char *mail_text_kind(size_t i)
{
    size_t seen = 0;
    for (size_t k = 0; k < N_TEMPLATES; k++) {
        int first = 1;
        for (size_t j = 0; j < k; j++)
            if (strcmp(templates[j].kind, templates[k].kind) == 0) first = 0;
        if (first && seen++ == i) return templates[k].kind;
    }
    return NULL;
}

static int name_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

/* Copies text into sb with each {name} replaced by its value. */
static dl_err fill(strbuf *sb, const char *text, const mail_value *values, size_t n_values, dl_error *e)
{
    for (const char *p = text; *p;) {
        const char *q = p;
        if (*p == '{') {
            q = p + 1;
            while (name_char(*q)) q++;
        }
        if (*p != '{' || q == p + 1 || *q != '}') {
            sb_putc(sb, *p++);
            continue;
        }
        size_t len = (size_t)(q - p - 1);
        const mail_value *v = NULL;
        for (size_t i = 0; i < n_values && !v; i++)
            if (values[i].name && strlen(values[i].name) == len && strncmp(values[i].name, p + 1, len) == 0)
                v = &values[i];
        if (!v || !v->value)
            return dl_fail(e, DL_EINVAL, "the mail text has no value for {%.*s}", (int)len, p + 1);
        sb_puts(sb, v->value);
        p = q + 1;
    }
    return DL_OK;
}

dl_err mail_text_render(const char *kind, const char *lang, const mail_value *values, size_t n_values,
                        mail_text *out, dl_error *e)
{
    out->subject = out->body = NULL;
    const struct template *t = NULL;
    for (size_t i = 0; i < N_TEMPLATES && !t; i++)
        if (kind && lang && strcmp(templates[i].kind, kind) == 0 && strcmp(templates[i].lang, lang) == 0)
            t = &templates[i];
    if (!t) return dl_fail(e, DL_ENOTFOUND, "there is no mail text %s in language %s", kind ? kind : "(null)",
                           lang ? lang : "(null)");
    strbuf subject, body;
    sb_init(&subject, 128);
    sb_init(&body, 1024);
    dl_err rc = fill(&subject, t->subject, values, n_values, e);
    if (rc == DL_OK) rc = fill(&body, t->body, values, n_values, e);
    if (rc == DL_OK && (subject.oom || body.oom)) rc = dl_fail(e, DL_ENOMEM, "out of memory rendering a mail");
    if (rc == DL_OK) {
        sb_cstr(&subject);
        sb_cstr(&body);
        out->subject = sb_steal(&subject, NULL);
        out->body = sb_steal(&body, NULL);
        if (out->subject && out->body) return DL_OK;
        mail_text_free(out);
        return dl_fail(e, DL_ENOMEM, "out of memory rendering a mail");
    }
    sb_free(&subject);
    sb_free(&body);
    return rc;
}

void mail_text_free(mail_text *t)
{
    if (!t) return;
    dl_free(t->subject);
    dl_free(t->body);
    t->subject = t->body = NULL;
}
