/* demo_cases.c — `datalots demo cases --count N [--seed S]`: fills a demo
 * store (made by `datalots init --demo`) with N generated release cases for
 * trying the staff queue and for bench/cases.sh. Each case walks the
 * transition table (core/case_flow.c) from a draft to the state chosen for
 * it — most of the older ones closed, the recent ones spread over every open
 * state — with the history rows, documents (each registered in the
 * diarium), Process 2 units, clock and decision a real walk would leave.
 * Who took each step is a demo account holding the step's role where the
 * case is, or, where the demo has nobody there, a named role at the unit.
 * The same seed gives the same cases. The rows go in through
 * store/case_seed.c, BATCH cases a transaction; the seeding as a whole is
 * one audit row (seeded cases have no per-step audit). */
#include "core/splitmix.h"
#include "store/guide_seed.h"
#include "cli/cli.h"
#include "core/authz.h"
#include "core/case_flow.h"
#include "core/clock.h"
#include "store/case_seed.h"
#include "store/followup_demo.h"
#include "store/org.h"
#include "store/users.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BATCH 500       /* cases per transaction */
#define MAX_PEOPLE 512
#define MAX_NODES 512
#define MAX_STEPS 40
#define DAY 86400

static const audit_actor seed_actor = {0, "demo"};

/* ---- a small deterministic generator (splitmix64) ------------------------ */

#define PICK(r, arr) (arr)[below((r), (int)(sizeof(arr) / sizeof((arr)[0])))]

/* ---- what the cases are about ---------------------------------------------- */

struct topic { const char *title, *icd10, *population, *variables; };
static const struct topic topics[] = {
    {"Typ 2-diabetes och njurfunktion", "E11", "Vuxna med typ 2-diabetes listade vid enheten",
     "HbA1c, eGFR, förskrivna läkemedel (ATC A10), BMI, blodtryck"},
    {"Hjärtsvikt och återinläggning inom 30 dagar", "I50", "Patienter med diagnosen hjärtsvikt",
     "Vårdkontakter, inläggningar, NT-proBNP, läkemedel (ATC C03, C07, C09)"},
    {"Astma hos barn och inhalationssteroider", "J45", "Barn 2–17 år med astma",
     "Förskrivningar (ATC R03), akutbesök, spirometri"},
    {"Depression i primärvården", "F32, F33", "Vuxna med depressionsdiagnos",
     "PHQ-9, förskrivningar (ATC N06A), remisser till psykiatrin"},
    {"KOL och spirometriuppföljning", "J44", "Patienter med KOL",
     "Spirometri (FEV1, FVC), exacerbationer, rökstatus"},
    {"Förmaksflimmer och antikoagulantia", "I48", "Patienter med förmaksflimmer",
     "CHA2DS2-VASc, förskrivningar (ATC B01), blödningar"},
    {"Höftfraktur och rehabilitering", "S72", "Patienter 65 år och äldre med höftfraktur",
     "Vårdtid, rehabiliteringskontakter, funktionsbedömningar"},
    {"Långvarig smärta och opioidförskrivning", "M54, R52", "Vuxna med långvarig smärta",
     "Förskrivningar (ATC N02A), vårdkontakter, sjukskrivning"},
    {"ADHD hos unga vuxna", "F90", "Personer 18–29 år med ADHD",
     "Förskrivningar (ATC N06B), vårdkontakter, samsjuklighet"},
    {"Hypertoni och behandlingsmål", "I10", "Vuxna med hypertoni",
     "Blodtryck, förskrivningar (ATC C02–C09), kreatinin"},
    {"Stroke och sekundärprevention", "I63", "Patienter med ischemisk stroke",
     "Förskrivningar (ATC B01, C10), blodtryck, återinsjuknande"},
    {"Graviditetsdiabetes och uppföljning efter förlossning", "O24", "Kvinnor med graviditetsdiabetes",
     "Glukosbelastning, HbA1c efter förlossning, BMI"},
};
static const char *const first_names[] = {"Anna", "Erik", "Maria", "Johan", "Karin", "Lars", "Sofia", "Anders",
                                          "Elin", "Per", "Ingrid", "Mikael", "Åsa", "Jonas", "Linnéa", "Fredrik",
                                          "Helena", "Björn", "Sara", "Magnus"};
static const char *const last_names[] = {"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson",
                                         "Olsson", "Persson", "Svensson", "Gustafsson", "Lindqvist", "Bergström",
                                         "Åberg", "Holmgren", "Sjöberg", "Ekström", "Wallin", "Nyström"};
struct school { const char *name, *domain; };
static const struct school schools[] = {
    {"Göteborgs universitet", "gu.example"},    {"Karolinska institutet", "ki.example"},
    {"Lunds universitet", "lu.example"},        {"Uppsala universitet", "uu.example"},
    {"Umeå universitet", "umu.example"},        {"Linköpings universitet", "liu.example"},
    {"Örebro universitet", "oru.example"},
};
static const char *const study_kinds[] = {"en registerstudie", "en kohortstudie", "en fall-kontrollstudie",
                                          "en uppföljningsstudie"};

/* "Åsa Sjöberg" → "asa.sjoberg" (ASCII for the e-mail addresses). */
static void mail_name(const char *first, const char *last, char *out, size_t outsz)
{
    size_t o = 0;
    const char *parts[2] = {first, last};
    for (int k = 0; k < 2; k++) {
        if (k && o + 1 < outsz) out[o++] = '.';
        for (const unsigned char *p = (const unsigned char *)parts[k]; *p && o + 1 < outsz; p++) {
            char c = (char)*p;
            if (*p == 0xC3 && p[1]) {
                unsigned char x = *++p;
                c = (x == 0x85 || x == 0xA5 || x == 0x84 || x == 0xA4) ? 'a' : (x == 0x96 || x == 0xB6) ? 'o'
                    : x == 0xA9 ? 'e' : 'x';
            } else if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
            out[o++] = c;
        }
    }
    out[o] = '\0';
}

/* ---- the demo organisation and its people ------------------------------- */

typedef struct person {
    int64_t id;
    const char *name;
    user_grant *grants;
    int n_grants;
} person;

typedef struct world {
    org_node_rec root;
    org_node_rec *nodes; /* the root's tree: units and areas */
    int n_nodes;
    person *people;
    int n_people;
    const person *applicant;
    int64_t now;
} world;

static int covers(const char *grant_path, const char *path)
{
    return grant_path && path && strncmp(grant_path, path, strlen(grant_path)) == 0;
}

/* Someone holding a role of `action` at a node covering path; NULL if none. */
static const person *holder(const world *w, dl_action action, const char *path)
{
    unsigned roles = authz_action_roles(action);
    for (int i = 0; i < w->n_people; i++)
        for (int g = 0; g < w->people[i].n_grants; g++)
            if ((roles & ROLE_BIT(w->people[i].grants[g].role)) && covers(w->people[i].grants[g].node_path, path))
                return &w->people[i];
    return NULL;
}

static int load_world(db *d, arena *a, world *w, dl_error *e)
{
    memset(w, 0, sizeof *w);
    org_node_rec *all = arena_alloc(a, sizeof *all * MAX_NODES);
    user *users = arena_alloc(a, sizeof *users * MAX_PEOPLE);
    w->nodes = arena_alloc(a, sizeof *w->nodes * MAX_NODES);
    w->people = arena_alloc(a, sizeof *w->people * MAX_PEOPLE);
    if (!all || !users || !w->nodes || !w->people) { dl_fail(e, DL_ENOMEM, "out of memory"); return -1; }
    int n = 0, found = 0;
    if (org_list(d, a, all, MAX_NODES, &n, e) != DL_OK) return -1;
    for (int i = 0; i < n; i++)
        if (all[i].parent_id == 0 && strcmp(all[i].code, "RH") == 0) { w->root = all[i]; found = 1; }
    if (!found) return 1;
    for (int i = 0; i < n; i++)
        if (all[i].id != w->root.id && covers(w->root.path, all[i].path)) w->nodes[w->n_nodes++] = all[i];
    int nu = 0;
    if (user_list(d, a, users, MAX_PEOPLE, &nu, e) != DL_OK) return -1;
    for (int i = 0; i < nu; i++) {
        if (users[i].disabled) continue;
        person *p = &w->people[w->n_people];
        p->id = users[i].id;
        p->name = users[i].display_name;
        if (user_grants_all(d, a, p->id, &p->grants, &p->n_grants, e) != DL_OK) return -1;
        for (int g = 0; g < p->n_grants; g++)
            if (p->grants[g].role == ROLE_APPLICANT && !w->applicant) w->applicant = p;
        w->n_people++;
    }
    w->now = clock_now();
    return 0;
}

/* ---- one case ------------------------------------------------------------------ */

/* The state a case ends in, by its age: old cases are nearly all closed. */
static case_state choose_state(rng *r, int64_t age_days)
{
    struct w { case_state s; int weight; };
    static const struct w old[] = {
        {CASE_DELIVERED, 70}, {CASE_REFUSED, 12}, {CASE_WITHDRAWN, 10}, {CASE_EXTRACTING, 3},
        {CASE_AWAITING_DECISION, 2}, {CASE_AWAITING_ASSIGNMENT, 1}, {CASE_AWAITING_SAMRAD, 1}, {CASE_DRAFT, 1}};
    static const struct w mid[] = {
        {CASE_DELIVERED, 40}, {CASE_REFUSED, 8}, {CASE_WITHDRAWN, 6}, {CASE_EXTRACTING, 15},
        {CASE_AWAITING_ASSIGNMENT, 6}, {CASE_AWAITING_DECISION, 10}, {CASE_UNIT_CONSULTATION, 8},
        {CASE_AWAITING_SAMRAD, 5}, {CASE_COMPLETION_REQUESTED, 2}};
    static const struct w recent[] = {
        {CASE_RECEIVED, 20}, {CASE_COMPLETION_REQUESTED, 12}, {CASE_AWAITING_SAMRAD, 25},
        {CASE_UNIT_CONSULTATION, 10}, {CASE_AWAITING_DECISION, 10}, {CASE_AWAITING_ASSIGNMENT, 3},
        {CASE_EXTRACTING, 3}, {CASE_WITHDRAWN, 4}, {CASE_REFUSED, 3}, {CASE_DELIVERED, 2}, {CASE_DRAFT, 8}};
    const struct w *t = age_days > 180 ? old : age_days > 60 ? mid : recent;
    int n = age_days > 180 ? (int)(sizeof old / sizeof old[0]) : age_days > 60 ? (int)(sizeof mid / sizeof mid[0])
                                                                               : (int)(sizeof recent / sizeof recent[0]);
    int total = 0;
    for (int i = 0; i < n; i++) total += t[i].weight;
    int x = below(r, total);
    for (int i = 0; i < n; i++) {
        if (x < t[i].weight) return t[i].s;
        x -= t[i].weight;
    }
    return CASE_DELIVERED;
}

typedef struct step {
    const case_transition_rule *row;
    int unit;     /* EV_UNIT_ANSWER: index into the case's units */
    int64_t t;
} step;

static const char *iso(arena *a, int64_t t)
{
    char *out = arena_alloc(a, 32);
    if (out) clock_iso_utc(t, out);
    return out;
}

static const char *date_of(arena *a, int64_t t)
{
    char *out = arena_alloc(a, 16);
    if (out) clock_local_date(t, out);
    return out;
}

/* The request a researcher sends. */
static void make_request(rng *r, arena *a, const world *w, const org_node_rec *target, int64_t created,
                         case_request *req)
{
    const struct topic *tp = &PICK(r, topics);
    const struct school *sc = &PICK(r, schools);
    const char *f1 = PICK(r, first_names), *l1 = PICK(r, last_names);
    const char *f2 = PICK(r, first_names), *l2 = PICK(r, last_names);
    char m1[96], m2[96];
    mail_name(f1, l1, m1, sizeof m1);
    mail_name(f2, l2, m2, sizeof m2);
    int year = clock_local_year(created);
    int from = year - 3 - below(r, 8), to = year - 1;
    memset(req, 0, sizeof *req);
    req->v[REQ_APPLICANT_NAME] = arena_printf(a, "%s %s", f1, l1);
    req->v[REQ_APPLICANT_EMAIL] = arena_printf(a, "%s@%s", m1, sc->domain);
    req->v[REQ_APPLICANT_PHONE] = arena_printf(a, "031-%03d %02d %02d", below(r, 1000), below(r, 100), below(r, 100));
    req->v[REQ_APPLICANT_ORG] = sc->name;
    req->v[REQ_PI_NAME] = arena_printf(a, "%s %s", f2, l2);
    req->v[REQ_PI_EMAIL] = arena_printf(a, "%s@%s", m2, sc->domain);
    req->v[REQ_PI_ORG] = sc->name;
    req->v[REQ_TITLE] = arena_printf(a, "%s i %s %d–%d: %s", tp->title, target->name, from, to, PICK(r, study_kinds));
    req->v[REQ_PURPOSE] = arena_printf(a, "Att beskriva förekomst, behandling och utfall för %s och jämföra "
                                          "utvecklingen mellan åren %d och %d.", tp->population, from, to);
    req->v[REQ_QUESTION] = arena_printf(a, "Skiljer sig behandling och utfall för %s mellan enheterna, och har "
                                           "skillnaderna förändrats över tid?", tp->population);
    req->v[REQ_ETHICS_DNR] = arena_printf(a, "%d-%05d-%02d", year > 2020 ? year - 1 : 2019, 1 + below(r, 99998),
                                          1 + below(r, 3));
    req->v[REQ_ETHICS_DATE] = date_of(a, created - (int64_t)(30 + below(r, 200)) * DAY);
    req->v[REQ_LEGAL_BASIS] = chance(r, 85) ? "public_interest" : "consent";
    req->v[REQ_LEGAL_NOTE] = "";
    req->v[REQ_POPULATION] = arena_printf(a, "%s under perioden, utan övre åldersgräns.", tp->population);
    req->v[REQ_ICD10] = tp->icd10;
    req->v[REQ_PERIOD_FROM] = arena_printf(a, "%d-01-01", from);
    req->v[REQ_PERIOD_TO] = arena_printf(a, "%d-12-31", to);
    req->v[REQ_VARIABLES] = tp->variables;
    req->v[REQ_TARGET_NODE] = arena_printf(a, "%" PRId64, target->id);
    req->v[REQ_CONTACTS_PATIENTS] = target->kind == ORG_VARDENHET && chance(r, 15) ? "1" : "";
    req->v[REQ_SEC_STORAGE] = "På universitetets säkra server för känsliga personuppgifter, pseudonymiserat.";
    req->v[REQ_SEC_ACCESS] = "Endast forskargruppens namngivna medlemmar, med tvåfaktorsinloggning.";
    req->v[REQ_SEC_RETENTION] = "Tio år efter projektets slut, enligt universitetets arkivregler.";
    req->v[REQ_SEC_DESTRUCTION] = "Radering enligt universitetets rutin, med protokoll.";
    if (chance(r, 60)) {
        static const char bech[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
        char key[63] = "age1";
        for (int i = 4; i < 62; i++) key[i] = bech[below(r, 32)];
        key[62] = '\0';
        req->v[REQ_DELIVERY] = "encrypted";
        req->v[REQ_AGE_KEY] = arena_strdup(a, key);
    } else {
        req->v[REQ_DELIVERY] = "paper";
        req->v[REQ_AGE_KEY] = "";
    }
    req->v[REQ_WISHED_DATE] = chance(r, 40) ? date_of(a, created + (int64_t)(60 + below(r, 120)) * DAY) : "";
    (void)w;
}

/* What a step's document says (the text the person wrote). */
static const char *doc_text(rng *r, const case_transition_rule *row, int unit_refuses)
{
    switch (row->event) {
    case EV_REQUEST_COMPLETION:
        return chance(r, 50) ? "Bifoga Etikprövningsmyndighetens beslut och förtydliga vilka variabler som behövs."
                             : "Beskriv hur uppgifterna ska lagras och vem som får tillgång till dem.";
    case EV_COMPLETE:
    case EV_REGISTER_INCOMING:
        return row->from == CASE_DRAFT ? "" : "Kompletteringen bifogas; variablerna är avgränsade till huvudanalysen.";
    case EV_CONFIDENTIALITY_REVIEW:
        return "Men- och sekretessprövning enligt OSL 25 kap. 1 §: uppgifterna kan lämnas ut pseudonymiserade "
               "utan men för de enskilda, med förbehåll om att ingen får identifieras.";
    case EV_UNIT_ANSWER:
        return unit_refuses ? "Enheten kan inte ta fram uppgifterna under perioden." : "";
    case EV_REFUSE:
        return "Utlämnandet skulle medföra risk för men för enskilda som inte kan undanröjas med förbehåll.";
    case EV_ISSUE_ASSIGNMENT:
        return "Ta ut de efterfrågade variablerna för perioden och leverera enligt ansökan.";
    case EV_WITHDRAW:
        return chance(r, 50) ? "Projektet har avslutats." : "Vi har fått uppgifterna på annat sätt.";
    default:
        return "";
    }
}

/* The samråd's three assessments behind a recommendation. */
static samrad_texts assessments_of(case_event ev)
{
    if (ev == EV_RECOMMEND_REFUSAL)
        return (samrad_texts){.scientific = "Frågeställningen är relevant men urvalet är bredare än den kräver.",
                              .feasibility = "Genomförbart ur journalsystemet.",
                              .ethics = "Etikgodkännandet täcker inte alla efterfrågade variabler."};
    return (samrad_texts){.scientific = "Frågeställningen är tydlig och angelägen.",
                          .feasibility = "Genomförbart med de efterfrågade uppgifterna.",
                          .ethics = "Etikgodkännandet täcker population och period."};
}

/* Plans, times and writes one case into *c (arrays in a). Returns 0, or -1
 * when the table refuses a step (a bug here). */
static int make_case(rng *r, arena *a, const world *w, int64_t created, case_seed_case *c)
{
    memset(c, 0, sizeof *c);
    case_state goal = choose_state(r, (w->now - created) / DAY);

    /* Where: one care unit (mostly Process 1), an area or the whole organisation (Process 2). */
    const org_node_rec *units[MAX_NODES], *areas[MAX_NODES], *staffed[MAX_NODES];
    int nu = 0, na = 0, ns = 0;
    for (int i = 0; i < w->n_nodes; i++) {
        if (w->nodes[i].kind == ORG_VARDENHET) {
            units[nu++] = &w->nodes[i];
            if (holder(w, ACT_CASE_DELIVER_P1, w->nodes[i].path)) staffed[ns++] = &w->nodes[i];
        } else if (w->nodes[i].kind == ORG_REGIONOMRADE) areas[na++] = &w->nodes[i];
    }
    int x = below(r, 100);
    const org_node_rec *target = x < 55 && nu ? units[below(r, nu)] : x < 85 && na ? areas[below(r, na)] : &w->root;
    case_process process = target->kind == ORG_VARDENHET && chance(r, 80) ? PROCESS_1 : PROCESS_2;
    if (goal == CASE_AWAITING_ASSIGNMENT && nu) {
        process = PROCESS_1;
        if (target->kind != ORG_VARDENHET) target = units[below(r, nu)];
    }
    if (goal == CASE_UNIT_CONSULTATION) process = PROCESS_2;
    /* Process 1 past the decision needs an employee to extract: only where the demo has one. */
    if (process == PROCESS_1 && (goal == CASE_EXTRACTING || goal == CASE_DELIVERED || goal == CASE_AWAITING_ASSIGNMENT)) {
        if (ns) { if (!holder(w, ACT_CASE_DELIVER_P1, target->path)) target = staffed[below(r, ns)]; }
        else process = PROCESS_2;
    }

    /* Process 2: every care unit at or below the target is asked. */
    const org_node_rec *asked[MAX_NODES];
    int n_asked = 0;
    for (int i = 0; i < nu; i++)
        if (covers(target->path, units[i]->path)) asked[n_asked++] = units[i];

    /* The plan: every step towards the end this case is headed for. */
    int refused = goal == CASE_REFUSED, by_samrad = refused && chance(r, 50);
    case_event plan[MAX_STEPS];
    int np = 0;
    plan[np++] = chance(r, 10) ? EV_REGISTER_INCOMING : EV_SUBMIT;
    if (goal == CASE_COMPLETION_REQUESTED || chance(r, 25)) { plan[np++] = EV_REQUEST_COMPLETION; plan[np++] = EV_COMPLETE; }
    plan[np++] = EV_ACCEPT_COMPLETE;
    plan[np++] = EV_CONFIDENTIALITY_REVIEW;
    if (by_samrad) plan[np++] = EV_RECOMMEND_REFUSAL;
    else {
        plan[np++] = EV_RECOMMEND_RELEASE;
        if (process == PROCESS_2) {
            for (int i = 0; i < n_asked && np < MAX_STEPS - 6; i++) plan[np++] = EV_UNIT_ANSWER;
            plan[np++] = EV_CLOSE_CONSULTATION;
        }
    }
    if (refused) plan[np++] = EV_REFUSE;
    else {
        plan[np++] = EV_APPROVE;
        if (process == PROCESS_1) plan[np++] = EV_ISSUE_ASSIGNMENT;
        plan[np++] = EV_REGISTER_DELIVERY;
    }
    /* A withdrawn case stops at some open state first. */
    case_state stop = goal;
    if (goal == CASE_WITHDRAWN) {
        static const case_state open[] = {CASE_DRAFT, CASE_RECEIVED, CASE_RECEIVED, CASE_AWAITING_SAMRAD,
                                          CASE_AWAITING_SAMRAD, CASE_AWAITING_DECISION, CASE_EXTRACTING};
        stop = PICK(r, open);
    }

    /* Walk the table. */
    step steps[MAX_STEPS + 1];
    int n = 0, unit = 0;
    case_state state = CASE_DRAFT;
    for (int i = 0; i < np; i++) {
        const case_transition_rule *row = case_flow_find(state, plan[i], process);
        if (!row) {
            if (plan[i] == EV_REQUEST_COMPLETION || plan[i] == EV_COMPLETE) continue;
            fprintf(stderr, "datalots demo cases: no step %s from %s\n", case_event_key(plan[i]), case_state_key(state));
            return -1;
        }
        if (state == stop && stop != CASE_DELIVERED && stop != CASE_REFUSED) {
            /* At the end: perhaps a step that stays (the review, some units' answers). */
            if (row->to != state || !chance(r, row->event == EV_UNIT_ANSWER ? 60 : 50)) break;
        }
        steps[n].row = row;
        steps[n].unit = row->event == EV_UNIT_ANSWER ? unit++ : -1;
        n++;
        state = row->to;
    }
    if (goal == CASE_WITHDRAWN) {
        const case_transition_rule *row = case_flow_find(state, EV_WITHDRAW, process);
        if (!row) { fprintf(stderr, "datalots demo cases: no withdrawal from %s\n", case_state_key(state)); return -1; }
        steps[n].row = row;
        steps[n++].unit = -1;
        state = row->to;
    }

    /* Times: a few days to a few weeks a step, all before now. */
    int64_t gaps[MAX_STEPS + 1], sum = 0;
    for (int i = 0; i < n; i++) {
        case_event ev = steps[i].row->event;
        gaps[i] = (int64_t)(i == 0 ? below(r, 3 * DAY) : ev == EV_UNIT_ANSWER ? DAY + below(r, 10 * DAY)
                            : ev == EV_CONFIDENTIALITY_REVIEW ? DAY + below(r, 7 * DAY) : DAY + below(r, 25 * DAY)) + 600;
        sum += gaps[i];
    }
    int64_t room = w->now - 3600 - created;
    int64_t t = created;
    for (int i = 0; i < n; i++) {
        t += sum > room && room > 0 ? gaps[i] * room / sum : gaps[i];
        steps[i].t = t;
    }

    /* The case and what each step left. */
    c->org_id = w->root.id;
    c->target_node_id = target->id;
    c->owner_user_id = w->applicant ? w->applicant->id : 0;
    c->created_at = iso(a, created);
    make_request(r, a, w, target, created, &c->req);
    case_seed_event *events = arena_alloc(a, sizeof *events * (size_t)(n + 1));
    case_seed_doc *docs = arena_alloc(a, sizeof *docs * (size_t)(2 * n + 1));
    case_seed_unit *cu = arena_alloc(a, sizeof *cu * (size_t)(n_asked + 1));
    if (!events || !docs || !cu) return -1;
    c->events = events;
    c->docs = docs;
    c->units = cu;
    const char *applicant = c->req.v[REQ_APPLICANT_NAME];
    const person *assignee = NULL;
    int accepted = 0, refuse_one = refused && !by_samrad && process == PROCESS_2 && chance(r, 50);
    for (int i = 0; i < n; i++) {
        const case_transition_rule *row = steps[i].row;
        const char *at = iso(a, steps[i].t);
        /* Who: the applicant for their own steps, else someone with the role where it applies. */
        const org_node_rec *where = steps[i].unit >= 0 ? asked[steps[i].unit] : target;
        const person *who = NULL;
        const char *who_name = NULL;
        if (row->action == ACT_CASE_APPLY) who = w->applicant;
        else if (row->action == ACT_CASE_DELIVER_P1 && assignee) who = assignee;
        else who = holder(w, row->action, where->path);
        if (!who) {
            unsigned roles = authz_action_roles(row->action);
            dl_role role = ROLE_ADMIN;
            for (int k = 0; k < ROLE__MAX; k++)
                if (roles & ROLE_BIT(k)) { role = (dl_role)k; break; }
            who_name = arena_printf(a, "%s, %s", role_label_sv(role), where->name);
        }
        int refuses = 0;
        if (row->event == EV_UNIT_ANSWER) refuses = (refuse_one && steps[i].unit == 0) || chance(r, 5);
        case_seed_event *ev = &events[c->n_events++];
        *ev = (case_seed_event){row->event, row->from, row->to, at, who ? who->id : 0,
                                who ? who->name : who_name, row->event == EV_UNIT_ANSWER ? (refuses ? "refuse" : "accept") : ""};
        const char *text = doc_text(r, row, refuses);
        samrad_texts assessed = {0};
        if (row->fields == CF_RECOMMENDATION) {
            assessed = assessments_of(row->event);
            text = samrad_texts_body(a, &assessed);
        }
        case_doc kinds[2] = {row->registers, row->sends};
        for (int k = 0; k < 2; k++) {
            if (kinds[k] == DOC_NONE) continue;
            const char *cp = applicant;
            if (row->event == EV_REGISTER_INCOMING) cp = c->req.v[REQ_APPLICANT_ORG];
            else if (strcmp(case_doc_direction(kinds[k]), "internal") == 0) cp = w->root.name;
            else if (kinds[k] == DOC_UNIT_NOTICE || kinds[k] == DOC_UNIT_ANSWER) cp = where->name;
            docs[c->n_docs++] = (case_seed_doc){kinds[k], at, who ? who->id : 0, cp, k == 0 ? text : "",
                                                kinds[k] == DOC_RECOMMENDATION ? assessed : (samrad_texts){0},
                                                row->event == EV_RECOMMEND_REFUSAL ? "refusal" : "release"};
        }
        switch (row->clock) {
        case CLOCK_START:
            c->clock_started_at = steps[i].t;
            c->submitted_at = at;
            break;
        case CLOCK_PAUSE: c->clock_paused_at = steps[i].t; break;
        case CLOCK_RESUME:
            if (c->clock_paused_at) { c->clock_paused_total += steps[i].t - c->clock_paused_at; c->clock_paused_at = 0; }
            break;
        case CLOCK_STOP:
            if (c->clock_paused_at) { c->clock_paused_total += steps[i].t - c->clock_paused_at; c->clock_paused_at = 0; }
            if (!c->clock_stopped_at) c->clock_stopped_at = steps[i].t;
            break;
        case CLOCK_KEEP: break;
        }
        if (row->event == EV_ACCEPT_COMPLETE) accepted = 1;
        if (row->event == EV_RECOMMEND_RELEASE && row->to == CASE_UNIT_CONSULTATION) {
            c->consultation_deadline = date_of(a, steps[i].t + 21 * DAY);
            for (int k = 0; k < n_asked; k++)
                cu[c->n_units++] = (case_seed_unit){asked[k]->id, "pending", "", "", 0};
        }
        if (row->event == EV_UNIT_ANSWER && steps[i].unit < c->n_units)
            cu[steps[i].unit] = (case_seed_unit){asked[steps[i].unit]->id, refuses ? "refuse" : "accept", text, at,
                                                 who ? who->id : 0};
        if (row->fields == CF_DECISION) {
            c->decision_outcome = row->event == EV_REFUSE ? "refused" : chance(r, 10) ? "approved_in_part" : "approved";
            c->decision_conditions = row->event == EV_REFUSE ? "" : "Uppgifterna får bara användas i projektet och ska "
                                                                   "förstöras när det har avslutats.";
        }
        if (row->event == EV_ISSUE_ASSIGNMENT) {
            assignee = holder(w, ACT_CASE_DELIVER_P1, target->path);
            c->assignee_user_id = assignee ? assignee->id : 0;
        }
        if (!case_state_is_open(row->to)) c->closed_at = at;
        c->updated_at = at;
    }
    c->state = state;
    c->process = accepted ? process : PROCESS_UNSET;
    c->version = 1 + c->n_events;
    if (!c->updated_at) c->updated_at = c->created_at;
    return 0;
}

/* ---- the command ------------------------------------------------------------------ */

static void demo_help(void)
{
    printf("usage: datalots demo cases --count N [--seed S] [options]\n\n"
           "Adds N generated release cases to the demo organisation \"Regionhälsan\" (made by\n"
           "`datalots init --demo`): most of them closed, the recent ones in every open state,\n"
           "each with its history and its documents registered in the diarium. For trying the\n"
           "staff queue and for bench/cases.sh; not for a store in real use. The same seed\n"
           "(default 1) gives the same cases. One audit row \"case.seed\" records the count.\n"
           "Every closed case without one gets a satisfaction survey (about two in three\n"
           "answered), and the guide's items page views on some of the last 365 days, so\n"
           "the follow-up dashboard /uppfoljning shows both parts.\n\n"
           "usage: datalots demo guide --count N [--seed S] [options]\n\n"
           "Adds N generated datasets (ids dataset-gen-NNNNNNN) to the knowledge guide, for\n"
           "bench/guide.sh's search with many items; not for a store in real use.\n\n");
    demo_source_help(stdout);
    demo_obstacles_help(stdout);
    demo_network_help(stdout);
    demo_questions_help(stdout);
    printf("Options of demo cases and demo guide:\n");
    config_print_help(stdout);
}

int demo_cases_populate(db *d, long count, uint64_t seed, FILE *out)
{
    dl_error e;
    dl_error_clear(&e);
    arena *wa = arena_new(64 * 1024);
    if (!wa) { fprintf(stderr, "datalots demo cases: out of memory\n"); return 1; }
    world w;
    int found = load_world(d, wa, &w, &e);
    if (found != 0) {
        if (found > 0) fprintf(stderr, "datalots demo cases: no demo organisation (code RH); run `datalots init --demo` first\n");
        else fprintf(stderr, "datalots demo cases: %s\n", e.msg);
        arena_free(wa);
        return 1;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    rng r = {seed};
    long states[CASE_STATE__MAX] = {0}, done = 0;
    int64_t span = 3 * 365 * (int64_t)DAY;
    int status = 0;
    case_seed_case *batch = malloc(sizeof *batch * BATCH);
    if (!batch) { arena_free(wa); fprintf(stderr, "datalots demo cases: out of memory\n"); return 1; }
    while (done < count && status == 0) {
        arena *a = arena_new(256 * 1024);
        int n = 0;
        if (!a) { status = 1; fprintf(stderr, "datalots demo cases: out of memory\n"); break; }
        for (; n < BATCH && done + n < count; n++) {
            /* Spread over the last three years, oldest first (ids grow with time). */
            int64_t created = w.now - span + (int64_t)((double)(done + n) * (double)span / (double)count)
                              + below(&r, 3600);
            if (make_case(&r, a, &w, created, &batch[n]) != 0) { status = 1; break; }
        }
        if (status == 0 && case_seed_batch(d, batch, n, &e) != DL_OK) {
            fprintf(stderr, "datalots demo cases: %s\n", e.msg);
            status = 1;
        }
        if (status == 0) {
            for (int i = 0; i < n; i++) states[batch[i].state]++;
            done += n;
        }
        arena_free(a);
    }
    free(batch);
    /* What was written, also after a failure part-way. */
    if (done > 0 && case_seed_audit(d, &seed_actor, w.root.id, done, &e) != DL_OK) {
        fprintf(stderr, "datalots demo cases: audit: %s\n", e.msg);
        status = 1;
    }
    /* The follow-up's survey answers and guide page views (store/followup_demo.h). */
    int64_t surveys = 0, view_rows = 0;
    if (status == 0 && followup_demo_seed(d, seed, w.now, &surveys, &view_rows, &e) != DL_OK) {
        fprintf(stderr, "datalots demo cases: surveys and page views: %s\n", e.msg);
        status = 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    fprintf(out, "seeded %ld cases in %.2f s at %s:", done, secs, w.root.name);
    for (int s = 0; s < CASE_STATE__MAX; s++)
        if (states[s]) fprintf(out, " %s %ld", case_state_key((case_state)s), states[s]);
    fprintf(out, "\n");
    if (surveys || view_rows)
        fprintf(out, "and %lld satisfaction surveys of the closed cases, %lld days of guide page views\n",
                (long long)surveys, (long long)view_rows);
    arena_free(wa);
    return status;
}

int cmd_demo(int argc, char **argv)
{
    if (cli_wants_help(argc, argv) || argc < 1) { demo_help(); return argc < 1 ? 2 : 0; }
    int guide = strcmp(argv[0], "guide") == 0;
    if (strcmp(argv[0], "source") == 0) return demo_source_command(argc - 1, argv + 1);
    if (strcmp(argv[0], "obstacles") == 0) return demo_obstacles_command(argc - 1, argv + 1);
    if (strcmp(argv[0], "network") == 0) return demo_network_command(argc - 1, argv + 1);
    if (strcmp(argv[0], "questions") == 0) return demo_questions_command(argc - 1, argv + 1);
    if (strcmp(argv[0], "cases") != 0 && !guide) {
        fprintf(stderr, "datalots demo: unknown subcommand \"%s\"; see datalots demo --help\n", argv[0]);
        return 2;
    }
    argc--;
    argv++;
    struct config cfg;
    if (cli_load_config("demo", &cfg, &argc, argv) != 0) return 2;
    long count = -1;
    uint64_t seed = 1;
    for (int i = 0; i < argc; i++) {
        char *end = NULL;
        if ((strcmp(argv[i], "--count") == 0 || strcmp(argv[i], "--seed") == 0) && i + 1 < argc) {
            unsigned long long v = strtoull(argv[i + 1], &end, 10);
            if (!*argv[i + 1] || *end || argv[i + 1][0] == '-' || (argv[i][2] == 'c' && (v < 1 || v > 10000000))) {
                fprintf(stderr, "datalots demo cases: %s needs a number%s\n", argv[i],
                        argv[i][2] == 'c' ? " from 1 to 10000000" : "");
                return 2;
            }
            if (argv[i][2] == 'c') count = (long)v;
            else seed = (uint64_t)v;
            i++;
        } else {
            fprintf(stderr, "datalots demo cases: unknown option \"%s\"; see datalots demo --help\n", argv[i]);
            return 2;
        }
    }
    if (count < 0) { fprintf(stderr, "datalots demo cases: give --count N\n"); return 2; }
    db *d = cli_open_store(&cfg);
    if (!d) return 1;
    int status;
    if (guide) {
        dl_error e;
        dl_error_clear(&e);
        status = guide_seed_datasets(d, count, seed, &e) == DL_OK ? 0 : 1;
        if (status) fprintf(stderr, "datalots demo guide: %s\n", e.msg);
        else printf("seeded %ld generated datasets into the guide\n", count);
    } else {
        status = demo_cases_populate(d, count, seed, stdout);
    }
    db_close(d);
    return status;
}
