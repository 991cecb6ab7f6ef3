/* test_samrad.c — the samråd's meetings: the competences and the rule for
 * holding a meeting (core/samrad.c), and the store (store/samrad.c): the
 * agenda's rules, holding a meeting moves the recommended cases and
 * registers the minutes in one transaction, and a failure rolls all of it
 * back; the three assessments are one list, taken the same way by the
 * recommend step on a case page. On SQLite, and on PostgreSQL through tests/with-pg.sh. */
#include "test.h"
#include "fixture.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/samrad.h"
#include "store/cases.h"
#include "store/samrad.h"

TEST(samrad_competences_list_and_quorum)
{
    CHECK_INT_EQ(SAMRAD_COMPETENCE__MAX, 6);
    CHECK_STR_EQ(samrad_competence_key(COMP_COORDINATOR), "coordinator");
    CHECK_STR_EQ(samrad_competence_label_sv(COMP_PATIENT_SAFETY), "Patientsäkerhetskompetens");
    CHECK_STR_EQ(samrad_competence_label_sv(COMP_DATA_EXTRACTION), "Datauttagskompetens");
    CHECK(samrad_competence_required(COMP_COORDINATOR));
    CHECK(samrad_competence_required(COMP_SCIENTIFIC));
    CHECK(samrad_competence_required(COMP_PATIENT_SAFETY));
    CHECK(!samrad_competence_required(COMP_MEDICAL));
    CHECK(!samrad_competence_required(COMP_LEGAL));
    CHECK(!samrad_competence_required(COMP_DATA_EXTRACTION));
    for (int i = 0; i < SAMRAD_COMPETENCE__MAX; i++) {
        samrad_competence c;
        CHECK_INT_EQ(samrad_competence_from_key(samrad_competence_keys[i], &c), 0);
        CHECK_INT_EQ(c, i);
    }
    samrad_competence c;
    CHECK_INT_EQ(samrad_competence_from_key("chair", &c), -1);
    CHECK(samrad_competence_keys[SAMRAD_COMPETENCE__MAX] == NULL);

    unsigned all3 = SAMRAD_COMP_BIT(COMP_COORDINATOR) | SAMRAD_COMP_BIT(COMP_SCIENTIFIC) |
                    SAMRAD_COMP_BIT(COMP_PATIENT_SAFETY);
    CHECK_INT_EQ(samrad_missing_required(all3), 0);
    CHECK_INT_EQ(samrad_missing_required(all3 | SAMRAD_COMP_BIT(COMP_LEGAL)), 0);
    CHECK_INT_EQ(samrad_missing_required(0), all3);
    /* "vid behov" competences do not stand in for a required one */
    unsigned optional = SAMRAD_COMP_BIT(COMP_MEDICAL) | SAMRAD_COMP_BIT(COMP_LEGAL) | SAMRAD_COMP_BIT(COMP_DATA_EXTRACTION);
    CHECK_INT_EQ(samrad_missing_required(optional), all3);
    unsigned missing = samrad_missing_required(SAMRAD_COMP_BIT(COMP_COORDINATOR) | SAMRAD_COMP_BIT(COMP_SCIENTIFIC));
    CHECK_INT_EQ(missing, SAMRAD_COMP_BIT(COMP_PATIENT_SAFETY));
    CHECK_INT_EQ(samrad_first_competence(missing), COMP_PATIENT_SAFETY);
    CHECK_INT_EQ(samrad_first_competence(0), SAMRAD_COMPETENCE__MAX);

    samrad_recommendation r;
    CHECK_INT_EQ(samrad_recommendation_from_key("", &r), 0);
    CHECK_INT_EQ(r, SAMRAD_REC_NONE);
    CHECK_INT_EQ(samrad_recommendation_from_key("refusal", &r), 0);
    CHECK_INT_EQ(r, SAMRAD_REC_REFUSAL);
    CHECK_INT_EQ(samrad_recommendation_from_key("maybe", &r), -1);
}

/* The three assessments: one list, read by key and part, checked and
 * written as the recommendation's text in the list's order. */
TEST(samrad_assessments_are_one_list)
{
    CHECK_INT_EQ(SAMRAD_ASSESS__MAX, 3);
    CHECK_STR_EQ(samrad_assessment_key(SAMRAD_ASSESS_SCIENTIFIC), "scientific");
    CHECK_STR_EQ(samrad_assessment_key(SAMRAD_ASSESS_ETHICS), "ethics");
    CHECK(samrad_assessment_key(SAMRAD_ASSESS__MAX) == NULL);
    CHECK_STR_EQ(samrad_assessment_label_sv(SAMRAD_ASSESS_FEASIBILITY), "Genomförbarhet");
    CHECK_STR_EQ(samrad_assessment_label_en(SAMRAD_ASSESS_ETHICS), "Consistency with the ethical approval");
    samrad_texts t = {.scientific = "Tydlig.", .ethics = "Stämmer."};
    CHECK_STR_EQ(samrad_texts_get(&t, SAMRAD_ASSESS_SCIENTIFIC), "Tydlig.");
    CHECK_STR_EQ(samrad_texts_get(&t, SAMRAD_ASSESS_FEASIBILITY), ""); /* NULL reads as "" */
    CHECK(!samrad_texts_empty(&t));
    dl_error e;
    CHECK_INT_EQ(samrad_texts_check(&t, 0, &e), DL_OK);
    CHECK_INT_EQ(samrad_texts_check(&t, 1, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "tre bedömningar");
    samrad_texts_set(&t, SAMRAD_ASSESS_FEASIBILITY, "God.");
    CHECK_STR_EQ(t.feasibility, "God.");
    CHECK_INT_EQ(samrad_texts_check(&t, 1, &e), DL_OK);
    arena *a = arena_new(1024);
    CHECK_STR_EQ(samrad_texts_body(a, &t), "Vetenskaplig frågeställning: Tydlig.\n\nGenomförbarhet: God.\n\n"
                                           "Överensstämmelse med etikgodkännandet: Stämmer.");
    char *longer = arena_alloc(a, SAMRAD_TEXT_MAX + 2);
    memset(longer, 'x', SAMRAD_TEXT_MAX + 1);
    t.ethics = longer;
    CHECK_INT_EQ(samrad_texts_check(&t, 0, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "för lång");
    t.ethics = "\xff\xfe";
    CHECK_INT_EQ(samrad_texts_check(&t, 0, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "ogiltiga tecken");
    samrad_texts none = {0};
    CHECK(samrad_texts_empty(&none));
    arena_free(a);
}

/* ---- the store ------------------------------------------------------------ */

typedef struct world {
    db *d;
    int64_t org, other_org, unit;
    char org_path[64];
    authz_grant grant;
    authz_subject subject;
    audit_actor who;
} world;

static void setup(world *w)
{
    w->d = fixture_store();
    w->org = fixture_org(w->d, 0, ORG_FORVALTNING, "Regionhälsan", "RH", "");
    int64_t area = fixture_org(w->d, w->org, ORG_REGIONOMRADE, "Område Norr", "NO", "");
    w->unit = fixture_org(w->d, area, ORG_VARDENHET, "Vårdcentralen Björkdalen", "BJ", "");
    w->other_org = fixture_org(w->d, 0, ORG_FORVALTNING, "Annan förvaltning", "AF", "");
    int64_t user = fixture_user(w->d, "samordnare");
    snprintf(w->org_path, sizeof w->org_path, "/%" PRId64 "/", w->org);
    w->grant = (authz_grant){ROLE_COORDINATOR, w->org_path};
    w->subject = (authz_subject){user, &w->grant, 1};
    w->who = (audit_actor){user, "samordnare"};
}

/* A case of org in state, Process 1 at the unit, with its review when review. */
static int64_t make_case(world *w, int64_t org, const char *state, const char *number, int review)
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "INSERT INTO cases(org_id, target_node_id, state, process, diary_number, created_at, updated_at, title)"
             " VALUES (%" PRId64 ", %" PRId64 ", '%s', 1, '%s', '2026-12-01T10:00:00Z', '2026-12-01T10:00:00Z',"
             " 'Studie %s')",
             org, org == w->org ? w->unit : org, state, number, number);
    fixture_exec(w->d, sql);
    int64_t id = fixture_int(w->d, "SELECT MAX(id) FROM cases");
    if (review) {
        snprintf(sql, sizeof sql,
                 "INSERT INTO case_document(case_id, kind, created_at, confidential, body) VALUES (%" PRId64
                 ", 'confidentiality_review', '2026-12-01T11:00:00Z', 1, 'HEMLIG PRÖVNINGSTEXT')",
                 id);
        fixture_exec(w->d, sql);
    }
    return id;
}

static int64_t count(db *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int64_t count(db *d, const char *fmt, ...)
{
    char sql[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    return fixture_int(d, sql);
}

static void add_quorum(world *w, int64_t m)
{
    dl_error e;
    samrad_attendee_add(w->d, m, "Sam Ordnare", "coordinator", 0, &w->who, &e);
    samrad_attendee_add(w->d, m, "Vera Vetenskap", "scientific", 0, &w->who, &e);
    samrad_attendee_add(w->d, m, "Pia Patientsäker", "patient_safety", 0, &w->who, &e);
}

TEST(samrad_agenda_takes_only_ready_cases_of_the_organisation_once)
{
    world w;
    setup(&w);
    dl_error e;
    int64_t m = 0, m2 = 0;
    CHECK_INT_EQ(samrad_meeting_create(w.d, w.org, "2026-13-01", "", &w.who, &m, &e), DL_EINVAL);
    CHECK_INT_EQ(samrad_meeting_create(w.d, w.unit, "2026-12-10", "", &w.who, &m, &e), DL_EINVAL);
    CHECK_INT_EQ(samrad_meeting_create(w.d, w.org, "2026-12-10", "Sal 3", &w.who, &m, &e), DL_OK);
    CHECK_INT_EQ(samrad_meeting_create(w.d, w.org, "2026-12-17", "", &w.who, &m2, &e), DL_OK);
    int64_t ready = make_case(&w, w.org, "awaiting_samrad", "RH 2026-00001", 1);
    int64_t received = make_case(&w, w.org, "received", "RH 2026-00002", 0);
    int64_t foreign = make_case(&w, w.other_org, "awaiting_samrad", "AF 2026-00001", 0);

    arena *a = arena_new(4096);
    samrad_item_rec items[10];
    int n = 0;
    CHECK_INT_EQ(samrad_ready_cases(w.d, a, w.org, items, 10, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 1);
    CHECK_INT_EQ(items[0].case_id, ready);

    CHECK_INT_EQ(samrad_agenda_add(w.d, m, received, &w.who, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "väntar på samråd");
    CHECK_INT_EQ(samrad_agenda_add(w.d, m, foreign, &w.who, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "annan organisation");
    CHECK_INT_EQ(samrad_agenda_add(w.d, m, ready, &w.who, &e), DL_OK);
    CHECK_INT_EQ(samrad_agenda_add(w.d, m, ready, &w.who, &e), DL_ECONFLICT);
    CHECK_INT_EQ(samrad_agenda_add(w.d, m2, ready, &w.who, &e), DL_ECONFLICT); /* not on two planned agendas */
    CHECK_INT_EQ(samrad_ready_cases(w.d, a, w.org, items, 10, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 0);

    CHECK_INT_EQ(samrad_attendee_add(w.d, m, "X", "chair", 0, &w.who, &e), DL_EINVAL);
    CHECK_INT_EQ(samrad_attendee_add(w.d, m, "", "legal", 0, &w.who, &e), DL_EINVAL);

    /* A recommendation needs the three assessments; the item is versioned. */
    samrad_assessment as = {.texts = {.scientific = "Tydlig."}, .recommendation = "release", .expected_version = 1};
    CHECK_INT_EQ(samrad_assess(w.d, m, ready, &as, &w.who, &e), DL_EINVAL);
    as.texts.feasibility = "God.";
    as.texts.ethics = "Stämmer.";
    CHECK_INT_EQ(samrad_assess(w.d, m, ready, &as, &w.who, &e), DL_OK);
    CHECK_INT_EQ(samrad_assess(w.d, m, ready, &as, &w.who, &e), DL_ECONFLICT);
    as.expected_version = 2;
    as.recommendation = "maybe";
    CHECK_INT_EQ(samrad_assess(w.d, m, ready, &as, &w.who, &e), DL_EINVAL);
    CHECK_INT_EQ(samrad_agenda(w.d, a, m, items, 10, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 1);
    CHECK_STR_EQ(items[0].recommendation, "release");
    CHECK_INT_EQ(items[0].version, 2);
    CHECK_INT_EQ(items[0].review_documented, 1);
    CHECK(count(w.d, "SELECT COUNT(*) FROM audit_log WHERE object_type = 'samrad_meeting' AND object_id = '%" PRId64 "'", m) >= 3);
    arena_free(a);
    db_close(w.d);
}

/* A case comes off a planned agenda (and is ready for another meeting)
 * while the samråd has recorded nothing about it there; not off a held one. */
TEST(samrad_agenda_remove_only_unassessed_items_of_a_planned_meeting)
{
    world w;
    setup(&w);
    dl_error e;
    int64_t m = 0, m2 = 0;
    CHECK_INT_EQ(samrad_meeting_create(w.d, w.org, "2026-12-10", "", &w.who, &m, &e), DL_OK);
    CHECK_INT_EQ(samrad_meeting_create(w.d, w.org, "2026-12-17", "", &w.who, &m2, &e), DL_OK);
    int64_t c1 = make_case(&w, w.org, "awaiting_samrad", "RH 2026-00001", 1);
    int64_t c2 = make_case(&w, w.org, "awaiting_samrad", "RH 2026-00002", 1);
    CHECK_INT_EQ(samrad_agenda_add(w.d, m, c1, &w.who, &e), DL_OK);
    CHECK_INT_EQ(samrad_agenda_add(w.d, m, c2, &w.who, &e), DL_OK);

    CHECK_INT_EQ(samrad_agenda_remove(w.d, m2, c1, &w.who, &e), DL_ENOTFOUND); /* another meeting's item */
    CHECK_CONTAINS(e.msg, "står inte på det här mötets dagordning");
    CHECK_INT_EQ(samrad_agenda_remove(w.d, 999999, c1, &w.who, &e), DL_ENOTFOUND);

    /* Assessed: refused until the assessment is emptied. */
    samrad_assessment as = {.texts = {.scientific = "Tydlig."}, .expected_version = 1};
    CHECK_INT_EQ(samrad_assess(w.d, m, c2, &as, &w.who, &e), DL_OK);
    CHECK_INT_EQ(samrad_agenda_remove(w.d, m, c2, &w.who, &e), DL_ECONFLICT);
    CHECK_CONTAINS(e.msg, "Töm bedömningen");
    as = (samrad_assessment){.expected_version = 2};
    CHECK_INT_EQ(samrad_assess(w.d, m, c2, &as, &w.who, &e), DL_OK);
    CHECK_INT_EQ(samrad_agenda_remove(w.d, m, c2, &w.who, &e), DL_OK);

    CHECK_INT_EQ(samrad_agenda_remove(w.d, m, c1, &w.who, &e), DL_OK);
    CHECK_INT_EQ(count(w.d, "SELECT COUNT(*) FROM samrad_agenda WHERE meeting_id = %" PRId64, m), 0);
    CHECK_INT_EQ(count(w.d, "SELECT COUNT(*) FROM audit_log WHERE action = 'samrad.agenda_remove' AND object_id = '%" PRId64 "'", m), 2);
    CHECK_INT_EQ(samrad_agenda_remove(w.d, m, c1, &w.who, &e), DL_ENOTFOUND); /* twice */

    /* Ready again: onto the other meeting. */
    arena *a = arena_new(4096);
    samrad_item_rec items[10];
    int n = 0;
    CHECK_INT_EQ(samrad_ready_cases(w.d, a, w.org, items, 10, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 2);
    CHECK_INT_EQ(samrad_agenda_add(w.d, m2, c1, &w.who, &e), DL_OK);

    /* Held: nothing comes off. */
    fixture_exec(w.d, "UPDATE samrad_meeting SET state = 'held'");
    CHECK_INT_EQ(samrad_agenda_remove(w.d, m2, c1, &w.who, &e), DL_ECONFLICT);
    CHECK_CONTAINS(e.msg, "redan hållet");
    CHECK_INT_EQ(count(w.d, "SELECT COUNT(*) FROM samrad_agenda WHERE meeting_id = %" PRId64, m2), 1);
    arena_free(a);
    db_close(w.d);
}

TEST(samrad_hold_moves_cases_and_registers_minutes_in_one_transaction)
{
    world w;
    setup(&w);
    dl_error e;
    int64_t m = 0;
    CHECK_INT_EQ(samrad_meeting_create(w.d, w.org, "2026-12-10", "Sal 3", &w.who, &m, &e), DL_OK);
    int64_t c1 = make_case(&w, w.org, "awaiting_samrad", "RH 2026-00001", 1);
    int64_t c2 = make_case(&w, w.org, "awaiting_samrad", "RH 2026-00002", 1);
    int64_t c3 = make_case(&w, w.org, "awaiting_samrad", "RH 2026-00003", 0);
    CHECK_INT_EQ(samrad_agenda_add(w.d, m, c1, &w.who, &e), DL_OK);
    CHECK_INT_EQ(samrad_agenda_add(w.d, m, c2, &w.who, &e), DL_OK);
    CHECK_INT_EQ(samrad_agenda_add(w.d, m, c3, &w.who, &e), DL_OK);
    samrad_assessment as = {.texts = {.scientific = "Tydlig fråga.", .feasibility = "God.", .ethics = "Stämmer."},
                            .recommendation = "release", .conditions = "Pseudonymiserat.", .expected_version = 1};
    CHECK_INT_EQ(samrad_assess(w.d, m, c1, &as, &w.who, &e), DL_OK);
    CHECK_INT_EQ(samrad_assess(w.d, m, c3, &as, &w.who, &e), DL_OK); /* no review: tabled */
    int64_t entries = fixture_int(w.d, "SELECT COUNT(*) FROM diary_entry");

    samrad_hold_result res;
    samrad_attendee_add(w.d, m, "Sam Ordnare", "coordinator", 0, &w.who, &e);
    samrad_attendee_add(w.d, m, "Vera Vetenskap", "scientific", 0, &w.who, &e);
    samrad_attendee_add(w.d, m, "Lars Jurist", "legal", 0, &w.who, &e);
    CHECK_INT_EQ(samrad_hold(w.d, m, "2026-12-24", &w.subject, &w.who, NULL, &res, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "Patientsäkerhetskompetens saknas");
    CHECK_INT_EQ(count(w.d, "SELECT COUNT(*) FROM samrad_meeting WHERE id = %" PRId64 " AND state = 'planned'", m), 1);

    samrad_attendee_add(w.d, m, "Pia Patientsäker", "patient_safety", 0, &w.who, &e);
    CHECK_INT_EQ(samrad_hold(w.d, m, "2026-12-24", &w.subject, &w.who, NULL, &res, &e), DL_OK);
    CHECK_INT_EQ(res.moved, 1);
    CHECK_INT_EQ(res.tabled, 2);
    CHECK(res.minutes_number[0] != '\0');
    CHECK_INT_EQ(count(w.d, "SELECT COUNT(*) FROM cases WHERE id = %" PRId64 " AND state = 'awaiting_decision'", c1), 1);
    CHECK_INT_EQ(count(w.d, "SELECT COUNT(*) FROM cases WHERE id = %" PRId64 " AND state = 'awaiting_samrad'", c2), 1);
    CHECK_INT_EQ(count(w.d, "SELECT COUNT(*) FROM cases WHERE id = %" PRId64 " AND state = 'awaiting_samrad'", c3), 1);
    CHECK_INT_EQ(count(w.d, "SELECT COUNT(*) FROM case_document WHERE case_id = %" PRId64 " AND kind = 'recommendation'"
                            " AND body LIKE '%%Genomförbarhet: God.%%'", c1), 1);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM diary_entry"), entries + 2); /* recommendation, minutes */
    CHECK_INT_EQ(count(w.d, "SELECT COUNT(*) FROM case_recommendation r JOIN case_document cd ON cd.id = r.document_id"
                            " WHERE r.case_id = %" PRId64 " AND cd.kind = 'recommendation' AND r.recommendation = 'release'"
                            " AND r.assessment_scientific = 'Tydlig fråga.' AND r.assessment_feasibility = 'God.'"
                            " AND r.assessment_ethics = 'Stämmer.' AND r.conditions = 'Pseudonymiserat.'", c1), 1);
    CHECK_INT_EQ(count(w.d, "SELECT COUNT(*) FROM samrad_meeting m JOIN diary_entry d ON d.id = m.minutes_diary_entry_id"
                            " WHERE m.id = %" PRId64 " AND m.state = 'held' AND d.direction = 'internal'"
                            " AND d.counterpart = 'Samrådet' AND d.subject = 'Protokoll från samrådsmöte 2026-12-10'", m), 1);
    CHECK_INT_EQ(count(w.d, "SELECT COUNT(*) FROM samrad_meeting WHERE id = %" PRId64 " AND minutes_text LIKE '%%bordlagt%%'"
                            " AND minutes_text NOT LIKE '%%HEMLIG%%' AND minutes_text LIKE '%%Pia Patientsäker%%'", m), 1);
    CHECK_INT_EQ(count(w.d, "SELECT COUNT(*) FROM samrad_agenda WHERE meeting_id = %" PRId64 " AND outcome = 'tabled'", m), 2);
    CHECK_INT_EQ(count(w.d, "SELECT COUNT(*) FROM audit_log WHERE action = 'samrad.hold' AND object_id = '%" PRId64 "'", m), 1);
    /* Held once; a held meeting does not change. */
    CHECK_INT_EQ(samrad_hold(w.d, m, "2026-12-24", &w.subject, &w.who, NULL, &res, &e), DL_ECONFLICT);
    CHECK_INT_EQ(samrad_attendee_add(w.d, m, "Sen Ankomst", "medical", 0, &w.who, &e), DL_ECONFLICT);
    /* The tabled cases are ready for the next meeting. */
    arena *a = arena_new(4096);
    samrad_item_rec items[10];
    int n = 0;
    CHECK_INT_EQ(samrad_ready_cases(w.d, a, w.org, items, 10, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 2);
    arena_free(a);
    db_close(w.d);
}

/* The recommend step taken on a case page: the same three assessments, each
 * required and checked; refused, nothing of the step is written. */
TEST(samrad_recommend_on_the_case_takes_the_three_assessments)
{
    world w;
    setup(&w);
    dl_error e;
    int64_t c = make_case(&w, w.org, "awaiting_samrad", "RH 2026-00001", 1);
    int64_t docs = fixture_int(w.d, "SELECT COUNT(*) FROM case_document");
    int64_t entries = fixture_int(w.d, "SELECT COUNT(*) FROM diary_entry");
    case_step st = {.event = EV_RECOMMEND_REFUSAL, .expected_version = 1,
                    .assessments = {.scientific = "Oklar.", .ethics = "Täcker inte variablerna."},
                    .conditions = "", .text = "En fri text räcker inte."};
    case_step_result out;
    CHECK_INT_EQ(case_transition(w.d, c, &w.subject, &w.who, &st, &out, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "tre bedömningar");
    arena *a = arena_new(4096);
    char *longer = arena_alloc(a, SAMRAD_TEXT_MAX + 2);
    memset(longer, 'x', SAMRAD_TEXT_MAX + 1);
    st.assessments.feasibility = longer;
    CHECK_INT_EQ(case_transition(w.d, c, &w.subject, &w.who, &st, &out, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "för lång");
    st.assessments.feasibility = "Ej \xc3(";
    CHECK_INT_EQ(case_transition(w.d, c, &w.subject, &w.who, &st, &out, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "ogiltiga tecken");
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM case_document"), docs);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM diary_entry"), entries);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM case_recommendation"), 0);
    CHECK_INT_EQ(count(w.d, "SELECT COUNT(*) FROM cases WHERE id = %" PRId64 " AND state = 'awaiting_samrad'"
                            " AND version = 1", c), 1);

    st.assessments.feasibility = "Genomförbart.";
    st.conditions = "Inga.";
    CHECK_INT_EQ(case_transition(w.d, c, &w.subject, &w.who, &st, &out, &e), DL_OK);
    CHECK_INT_EQ(out.to, CASE_AWAITING_DECISION);
    CHECK_INT_EQ(count(w.d, "SELECT COUNT(*) FROM case_recommendation WHERE case_id = %" PRId64
                            " AND recommendation = 'refusal' AND assessment_scientific = 'Oklar.'"
                            " AND assessment_feasibility = 'Genomförbart.' AND assessment_ethics = 'Täcker inte variablerna.'"
                            " AND conditions = 'Inga.'", c), 1);
    /* The document's text is the three under their labels and the conditions; the free text is not taken. */
    case_document_rec d[8];
    int n = 0;
    CHECK_INT_EQ(case_documents(w.d, a, c, d, &n, &e), DL_OK);
    const case_document_rec *rec = NULL;
    for (int i = 0; i < n; i++)
        if (strcmp(d[i].kind, "recommendation") == 0) rec = &d[i];
    CHECK(rec != NULL);
    if (rec) {
        CHECK_STR_EQ(rec->body, "Vetenskaplig frågeställning: Oklar.\n\nGenomförbarhet: Genomförbart.\n\n"
                                "Överensstämmelse med etikgodkännandet: Täcker inte variablerna.\n\nInga.");
        CHECK(rec->has_assessments);
        CHECK_STR_EQ(rec->assessments.feasibility, "Genomförbart.");
        CHECK_STR_EQ(rec->rec_conditions, "Inga.");
    }
    for (int i = 0; i < n; i++)
        if (strcmp(d[i].kind, "confidentiality_review") == 0) CHECK(!d[i].has_assessments);
    arena_free(a);
    db_close(w.d);
}

TEST(samrad_hold_failure_rolls_everything_back_and_names_the_case)
{
    world w;
    setup(&w);
    dl_error e;
    int64_t m = 0;
    CHECK_INT_EQ(samrad_meeting_create(w.d, w.org, "2026-12-10", "", &w.who, &m, &e), DL_OK);
    int64_t c1 = make_case(&w, w.org, "awaiting_samrad", "RH 2026-00001", 1);
    int64_t c2 = make_case(&w, w.org, "awaiting_samrad", "RH 2026-00002", 1);
    CHECK_INT_EQ(samrad_agenda_add(w.d, m, c1, &w.who, &e), DL_OK);
    CHECK_INT_EQ(samrad_agenda_add(w.d, m, c2, &w.who, &e), DL_OK);
    samrad_assessment as = {.texts = {.scientific = "A", .feasibility = "B", .ethics = "C"}, .recommendation = "refusal",
                            .expected_version = 1};
    CHECK_INT_EQ(samrad_assess(w.d, m, c1, &as, &w.who, &e), DL_OK);
    CHECK_INT_EQ(samrad_assess(w.d, m, c2, &as, &w.who, &e), DL_OK);
    add_quorum(&w, m);
    /* Someone moves the second case on meanwhile. */
    fixture_exec(w.d, "UPDATE cases SET state = 'withdrawn', version = version + 1 WHERE diary_number = 'RH 2026-00002'");
    int64_t entries = fixture_int(w.d, "SELECT COUNT(*) FROM diary_entry");
    int64_t audits = fixture_int(w.d, "SELECT COUNT(*) FROM audit_log");
    samrad_hold_result res;
    CHECK_INT_EQ(samrad_hold(w.d, m, NULL, &w.subject, &w.who, NULL, &res, &e), DL_ECONFLICT);
    CHECK_CONTAINS(e.msg, "RH 2026-00002");
    CHECK_INT_EQ(count(w.d, "SELECT COUNT(*) FROM cases WHERE id = %" PRId64 " AND state = 'awaiting_samrad'", c1), 1);
    CHECK_INT_EQ(count(w.d, "SELECT COUNT(*) FROM case_document WHERE case_id = %" PRId64 " AND kind = 'recommendation'", c1), 0);
    CHECK_INT_EQ(count(w.d, "SELECT COUNT(*) FROM case_event WHERE case_id = %" PRId64, c1), 0);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM diary_entry"), entries);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM audit_log"), audits);
    CHECK_INT_EQ(count(w.d, "SELECT COUNT(*) FROM samrad_meeting WHERE id = %" PRId64 " AND state = 'planned'"
                            " AND minutes_diary_entry_id IS NULL", m), 1);
    CHECK_INT_EQ(count(w.d, "SELECT COUNT(*) FROM samrad_agenda WHERE meeting_id = %" PRId64 " AND outcome <> ''", m), 0);
    /* Someone without the role at the organisation moves nothing either. */
    fixture_exec(w.d, "UPDATE cases SET state = 'awaiting_samrad' WHERE diary_number = 'RH 2026-00002'");
    authz_grant elsewhere = {ROLE_COORDINATOR, "/999/"};
    authz_subject stranger = {w.subject.user_id, &elsewhere, 1};
    CHECK_INT_EQ(samrad_hold(w.d, m, NULL, &stranger, &w.who, NULL, &res, &e), DL_EDENIED);
    CHECK_CONTAINS(e.msg, "RH 2026-00001");
    CHECK_INT_EQ(count(w.d, "SELECT COUNT(*) FROM samrad_meeting WHERE id = %" PRId64 " AND state = 'planned'", m), 1);
    /* And with the role it holds. */
    CHECK_INT_EQ(samrad_hold(w.d, m, NULL, &w.subject, &w.who, NULL, &res, &e), DL_OK);
    CHECK_INT_EQ(res.moved, 2);
    db_close(w.d);
}

/* ---- the minutes as a letter (report/samrad_minutes.c) -------------------- */

#include "report/samrad_minutes.h"

static int doc_has(const doc *d, const char *text)
{
    if (d->title && strstr(d->title, text)) return 1;
    for (size_t i = 0; i < d->n_blocks; i++) {
        const doc_block *b = &d->blocks[i];
        if ((b->text && strstr(b->text, text)) || (b->name && strstr(b->name, text))) return 1;
        if (b->kind == DOC_TABLE)
            for (size_t k = 0; k < b->table.n_rows * b->table.ncols; k++)
                if (strstr(b->table.cells[k], text)) return 1;
    }
    return 0;
}

TEST(samrad_minutes_letter_in_swedish_and_english)
{
    samrad_minutes_attendee att[] = {{"Sam Ordnare", "coordinator"}, {"Pia Patientsäker", "patient_safety"}};
    samrad_minutes_item items[] = {
        {.diary_number = "RH 2026-00001", .title = "Studie A", .texts = {.scientific = "Tydlig.", .feasibility = "God.",
         .ethics = "Stämmer."}, .review_documented = 1, .recommendation = "release", .conditions = "Pseudonymiserat."},
        {.diary_number = "RH 2026-00002", .title = "Studie B", .tabled = 1},
    };
    samrad_minutes_input in = {.org_name = "Regionhälsan", .number = "RH 2026-00009", .held_on = "2026-12-10",
                               .place = "Sal 3", .held = 1, .attendees = att, .n_attendees = 2, .items = items,
                               .n_items = 2};
    arena *a = arena_new(16384);
    dl_error e;
    doc *d = doc_new(a);
    CHECK_INT_EQ(samrad_minutes_build(d, &in, &e), DL_OK);
    CHECK(doc_has(d, "Protokoll från samrådsmöte 2026-12-10"));
    CHECK(doc_has(d, "Patientsäkerhetskompetens"));
    CHECK(doc_has(d, "Pia Patientsäker"));
    CHECK(doc_has(d, "RH 2026-00001 – Studie A"));
    CHECK(doc_has(d, "Genomförbarhet: God."));
    CHECK(doc_has(d, "Villkor: Pseudonymiserat."));
    CHECK(doc_has(d, "bordlagt"));
    CHECK(doc_has(d, "dokumenterad av den utsedda funktionen"));
    in.lang = "en";
    d = doc_new(a);
    CHECK_INT_EQ(samrad_minutes_build(d, &in, &e), DL_OK);
    CHECK(doc_has(d, "Minutes of the samråd meeting of 2026-12-10"));
    CHECK(doc_has(d, "Patient safety competence"));
    CHECK(doc_has(d, "tabled"));
    in.lang = "de";
    CHECK_INT_EQ(samrad_minutes_build(doc_new(a), &in, &e), DL_EINVAL);
    in.lang = NULL;
    in.org_name = "";
    CHECK_INT_EQ(samrad_minutes_build(doc_new(a), &in, &e), DL_EINVAL);
    arena_free(a);
}
