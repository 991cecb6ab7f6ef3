/* obstacle_answers.c — the answer templates (obstacle_answers.h). Each says
 * what was done or why not, and what the reporter can do next: an answer,
 * never a brush-off. */
#include "core/obstacle_answers.h"

#include <string.h>

#define ANSWERS(X)                                                                                                     \
    X("forwarded_done", OE_CLOSE, NULL, "Lyft till ansvarig aktör",                                                      \
      "Tack för din rapport. Vi har beskrivit hindret för {ansvarig}, som ansvarar för frågan, och följer vad som "     \
      "görs. Hindret finns med i den sammanställning som går till regeringen och andra beslutsfattare.")              \
    X("guidance_published", OE_CLOSE, "legal_interpretation", "Vägledning finns nu",                                 \
      "Tack för din rapport. Frågan om hur lagen ska tolkas har nu fått en vägledning, som du hittar i kunskapsguiden. " \
      "Stöter du på samma hinder igen trots vägledningen, rapportera gärna igen och hänvisa till det här hindret.")    \
    X("law_change_proposed", OE_CLOSE, "missing_legal_support", "Förslag om lagändring",                              \
      "Tack för din rapport. Hindret beror på att lagstöd saknas, och det kan bara ändras genom lagstiftning. Vi har "  \
      "tagit med det i underlaget till regeringen med förslag om ändring. Det kan ta lång tid; du kan följa arbetet "   \
      "här.")                                                                                                          \
    X("ethical_review_elsewhere", OE_ARCHIVE, "ethical_review", "Hör till Etikprövningsmyndigheten",                  \
      "Tack för din rapport. Frågor om en enskild ansökan om etikprövning avgörs av Etikprövningsmyndigheten, och "    \
      "deras beslut kan överklagas. Vi har därför lagt rapporten till handlingarna här, men den räknas med när vi "    \
      "sammanställer hinder som gäller etikprövning.")                                                                  \
    X("out_of_scope", OE_ARCHIVE, NULL, "Utanför uppdraget",                                                             \
      "Tack för din rapport. Det du beskriver gäller inte användning av hälsodata för forskning eller uppföljning, "    \
      "som den här kartläggningen omfattar. Vi har lagt rapporten till handlingarna. Tror du att vi har missförstått, " \
      "rapportera gärna igen med mer om hur data berördes.")                                                            \
    X("too_little_to_go_on", OE_ARCHIVE, NULL, "För lite att gå vidare med",                                             \
      "Tack för din rapport. Vi kunde inte gå vidare med den, eftersom det inte framgick vilka data eller vilka aktörer " \
      "det gällde, och vi hade ingen adress att fråga på. Rapportera gärna igen med de uppgifterna.")

#define ROW(key, ev, cat, label, text) {key, ev, cat, label, text},
const obstacle_answer obstacle_answers[] = {ANSWERS(ROW){NULL, OE_CLOSE, NULL, NULL, NULL}};
#undef ROW
#define KEY(key, ev, cat, label, text) key,
const char *const obstacle_answer_keys[] = {ANSWERS(KEY) NULL};
#undef KEY

const obstacle_answer *obstacle_answer_find(const char *key)
{
    for (const obstacle_answer *a = obstacle_answers; key && a->key; a++)
        if (strcmp(a->key, key) == 0) return a;
    return NULL;
}

int obstacle_answer_fits(const obstacle_answer *a, obstacle_event ev, const char *category)
{
    return a && a->key && a->event == ev && (!a->category || (category && strcmp(a->category, category) == 0));
}
