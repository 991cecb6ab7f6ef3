/* test_cases_store.c — the store side of the release case on SQLite and
 * (under tests/with-pg.sh) PostgreSQL: a draft becomes a registered case in
 * one transaction with its diary entries, history, audit rows and e-mails;
 * a refused step writes nothing; two people acting on the same version —
 * one wins, the other gets DL_ECONFLICT and nothing of theirs is written;
 * the in-transaction form refuses to run outside a transaction. */
#include "test.h"
#include "fixture.h"

#include <pthread.h>

#include "core/authz.h"
#include "store/cases.h"

struct world {
    db *d;
    int64_t org, unit, applicant, coordinator;
    char org_path[32], unit_path[32];
};

static void make_world(struct world *w)
{
    w->d = fixture_store();
    w->org = fixture_org(w->d, 0, ORG_FORVALTNING, "Regionhälsan", "RH", "RH {year}-{seq:5}");
    int64_t area = fixture_org(w->d, w->org, ORG_REGIONOMRADE, "Norr", "RH-N", "");
    w->unit = fixture_org(w->d, area, ORG_VARDENHET, "Björkdalen", "VC-B", "");
    snprintf(w->org_path, sizeof w->org_path, "/%lld/", (long long)w->org);
    snprintf(w->unit_path, sizeof w->unit_path, "/%lld/%lld/%lld/", (long long)w->org, (long long)area,
             (long long)w->unit);
    w->applicant = fixture_user(w->d, "sokande");
    w->coordinator = fixture_user(w->d, "samordnare");
    fixture_exec(w->d, "UPDATE users SET email = username || '@example.se'");
    char sql[200];
    snprintf(sql, sizeof sql,
             "INSERT INTO role_assignment(user_id, role, node_id, granted_at) VALUES (%lld, 'coordinator', %lld, 'x')",
             (long long)w->coordinator, (long long)w->org);
    fixture_exec(w->d, sql);
}

static void full_request(const struct world *w, case_request *req, char target[24])
{
    static const char *const v[REQ__MAX] = {
        [REQ_APPLICANT_NAME] = "Sara", [REQ_APPLICANT_EMAIL] = "sara@example.se", [REQ_APPLICANT_ORG] = "GU",
        [REQ_PI_NAME] = "Åsa", [REQ_PI_EMAIL] = "asa@example.se", [REQ_PI_ORG] = "GU", [REQ_TITLE] = "Diabetes",
        [REQ_PURPOSE] = "Syfte", [REQ_QUESTION] = "Fråga", [REQ_ETHICS_DNR] = "2024-01234-01",
        [REQ_ETHICS_DATE] = "2024-03-15", [REQ_LEGAL_BASIS] = "public_interest", [REQ_POPULATION] = "Vuxna",
        [REQ_PERIOD_FROM] = "2015-01-01", [REQ_PERIOD_TO] = "2024-12-31", [REQ_VARIABLES] = "HbA1c",
        [REQ_SEC_STORAGE] = "s", [REQ_SEC_ACCESS] = "a", [REQ_SEC_RETENTION] = "r", [REQ_SEC_DESTRUCTION] = "d",
        [REQ_DELIVERY] = "paper",
    };
    for (int f = 0; f < REQ__MAX; f++) req->v[f] = v[f] ? v[f] : "";
    snprintf(target, 24, "%lld", (long long)w->unit);
    req->v[REQ_TARGET_NODE] = target;
}

static int64_t submitted_case(struct world *w)
{
    case_request req;
    char target[24];
    full_request(w, &req, target);
    audit_actor who = {w->applicant, "sokande"};
    case_request_problem p[8];
    int np = 0;
    int64_t id = 0;
    dl_error e;
    if (case_create_draft(w->d, w->org, &who, &req, NULL, &id, p, 8, &np, &e) != DL_OK) return 0;
    authz_subject s = {w->applicant, NULL, 0};
    case_step st = {.event = EV_SUBMIT, .expected_version = 1};
    case_step_result out;
    if (case_transition(w->d, id, &s, &who, &st, &out, &e) != DL_OK) return 0;
    return id;
}

TEST(cases_store_submit_registers_everything_in_one_step)
{
    struct world w;
    make_world(&w);
    int64_t id = submitted_case(&w);
    CHECK(id > 0);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM cases WHERE state = 'received' AND version = 2"), 1);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM case_document"), 2); /* request + acknowledgement */
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM case_document WHERE diary_entry_id IS NULL"), 0);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM diary_entry"), 2);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM case_event"), 1);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM audit_log WHERE action = 'case.submit'"), 1);
    /* the applicant's acknowledgement and the coordinator's notice */
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM outbox WHERE kind = 'case.received' AND to_addr = 'sara@example.se'"), 1);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM outbox WHERE kind = 'case.staff_new' AND to_addr = 'samordnare@example.se'"), 1);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM cases WHERE diary_number LIKE 'RH %'"), 1);
    db_close(w.d);
}

TEST(cases_store_a_refused_step_writes_nothing)
{
    struct world w;
    make_world(&w);
    int64_t id = submitted_case(&w);
    CHECK(id > 0);
    int64_t docs = fixture_int(w.d, "SELECT COUNT(*) FROM case_document"),
            audits = fixture_int(w.d, "SELECT COUNT(*) FROM audit_log"),
            mails = fixture_int(w.d, "SELECT COUNT(*) FROM outbox");
    dl_error e;
    audit_actor who = {w.applicant, "sokande"};
    authz_subject applicant = {w.applicant, NULL, 0};
    case_step st = {.event = EV_REQUEST_COMPLETION, .expected_version = 2, .text = "x"};
    CHECK_INT_EQ(case_transition(w.d, id, &applicant, &who, &st, NULL, &e), DL_EDENIED);
    CHECK_CONTAINS(e.msg, "behörighet");
    /* the coordinator, but without the text the step needs */
    authz_grant g = {ROLE_COORDINATOR, w.org_path};
    authz_subject coord = {w.coordinator, &g, 1};
    audit_actor cwho = {w.coordinator, "samordnare"};
    st.text = "";
    CHECK_INT_EQ(case_transition(w.d, id, &coord, &cwho, &st, NULL, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "saknas");
    /* accept without the completeness check ticked */
    case_step acc = {.event = EV_ACCEPT_COMPLETE, .expected_version = 2, .process = 1};
    CHECK_INT_EQ(case_transition(w.d, id, &coord, &cwho, &acc, NULL, &e), DL_EINVAL);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT version FROM cases"), 2);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM case_document"), docs);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM audit_log"), audits);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM outbox"), mails);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM case_step_length"), 0);
    /* the in-transaction form refuses to run alone */
    CHECK_INT_EQ(case_transition_in_tx(w.d, id, &coord, &cwho, &acc, NULL, &e), DL_EINTERNAL);
    /* A step taken ends the one before it: its length is written, and counted in its month. */
    st.text = "Bifoga etikprövningsmyndighetens beslut.";
    CHECK_INT_EQ(case_transition(w.d, id, &coord, &cwho, &st, NULL, &e), DL_OK);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM case_step_length WHERE state = 'received'"
                                  " AND working_days BETWEEN 0 AND 1 AND calendar_days BETWEEN 0 AND 1"), 1); /* midnight between */
    CHECK_INT_EQ(fixture_int(w.d, "SELECT SUM(n) FROM case_step_month WHERE state = 'received'"), 1);
    db_close(w.d);
}

struct racer {
    int64_t case_id, coordinator;
    const char *org_path, *text;
    dl_err rc;
};

static void *race(void *arg)
{
    struct racer *r = arg;
    db *d = NULL;
    dl_error e;
    if (db_open(fixture_url(), &d, &e) != DL_OK) { r->rc = DL_EDB; return NULL; }
    authz_grant g = {ROLE_COORDINATOR, r->org_path};
    authz_subject s = {r->coordinator, &g, 1};
    audit_actor who = {r->coordinator, "samordnare"};
    case_step st = {.event = EV_REQUEST_COMPLETION, .expected_version = 2, .text = r->text};
    r->rc = case_transition(d, r->case_id, &s, &who, &st, NULL, &e);
    db_close(d);
    return NULL;
}

TEST(cases_store_two_people_on_one_version_one_wins)
{
    struct world w;
    make_world(&w);
    int64_t id = submitted_case(&w);
    CHECK(id > 0);
    struct racer a = {id, w.coordinator, w.org_path, "Första", DL_OK},
                 b = {id, w.coordinator, w.org_path, "Andra", DL_OK};
    pthread_t ta, tb;
    pthread_create(&ta, NULL, race, &a);
    pthread_create(&tb, NULL, race, &b);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    int wins = (a.rc == DL_OK) + (b.rc == DL_OK);
    int conflicts = (a.rc == DL_ECONFLICT) + (b.rc == DL_ECONFLICT);
    if (wins != 1 || conflicts != 1)
        test_fail(__FILE__, __LINE__, "expected one win and one conflict, got %d and %d", (int)a.rc, (int)b.rc);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM case_document WHERE kind = 'completion_request'"), 1);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM case_event WHERE event = 'request_completion'"), 1);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM outbox WHERE kind = 'case.completion_requested'"), 1);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT version FROM cases"), 3);
    db_close(w.d);
}
