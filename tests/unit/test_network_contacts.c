/* test_network_contacts.c — a network member's contact people
 * (store/network_edit.h: network_contact_add, _update, _remove) on SQLite
 * and (with DATALOTS_TEST_PG) PostgreSQL: each change stored and audited
 * with the member and the address; a malformed field, a ninth contact, an
 * address the member already has (any case), the last one's removal and a
 * contact of another member refused with a sentence and nothing written;
 * the question queue's access (store/questions.h) follows the addresses at
 * once. The HTTP side: tests/e2e/t_network_contacts.sh. */
#include "test.h"
#include "fixture.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "store/network_edit.h"
#include "store/questions.h"

static const audit_actor coordinator = {1, "natverk"};

static int64_t contacts_of(db *d, int64_t member)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM network_contact WHERE member_id = %" PRId64, member);
    return fixture_int(d, sql);
}

static int64_t member_with_contact(db *d, const char *name, const char *email)
{
    network_member_in m = {name, "Rådgivning", "Forskare", "", "Första Kontakt", email};
    int64_t id = 0;
    dl_error e;
    if (network_member_add(d, &coordinator, &m, 1794225600LL, &id, &e) != DL_OK)
        test_fail(__FILE__, __LINE__, "member_add: %s", e.msg);
    return id;
}

TEST(network_contacts_add_change_remove_audited)
{
    db *d = fixture_store();
    int64_t m = member_with_contact(d, "Öst", "erik@ost.example.se");
    dl_error e;
    int64_t c = 0;
    network_contact_in in = {"Stina", "stina@ost.example.se", "statistiker"};
    CHECK_INT_EQ(network_contact_add(d, &coordinator, m, &in, &c, &e), DL_OK);
    CHECK((int)c > 0);
    CHECK_INT_EQ((int)contacts_of(d, m), 2);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM audit_log WHERE action = 'network.contact_add' AND object_id = '%"
             PRId64 "' AND detail = 'member %" PRId64 ": stina@ost.example.se'", c, m);
    CHECK_INT_EQ((int)fixture_int(d, sql), 1);

    network_contact_in ch = {"Stina S", "STINA@ost.example.se", ""};
    CHECK_INT_EQ(network_contact_update(d, &coordinator, m, c, &ch, &e), DL_OK); /* its own address, other case */
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM network_contact WHERE id = %" PRId64
             " AND name = 'Stina S' AND email = 'STINA@ost.example.se' AND role = ''", c);
    CHECK_INT_EQ((int)fixture_int(d, sql), 1);
    CHECK_INT_EQ((int)fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'network.contact_change'"), 1);

    CHECK_INT_EQ(network_contact_remove(d, &coordinator, m, c, &e), DL_OK);
    CHECK_INT_EQ((int)contacts_of(d, m), 1);
    CHECK_INT_EQ((int)fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'network.contact_remove'"), 1);
    db_close(d);
}

TEST(network_contacts_refusals_write_nothing)
{
    db *d = fixture_store();
    int64_t m = member_with_contact(d, "Öst", "erik@ost.example.se");
    int64_t other = member_with_contact(d, "Väst", "vera@vast.example.se");
    int64_t first = fixture_int(d, "SELECT MIN(id) FROM network_contact");
    char long_name[NETWORK_TITLE_MAX + 2], long_role[NETWORK_ROLE_MAX + 2], long_mail[300];
    memset(long_name, 'n', sizeof long_name - 1), long_name[sizeof long_name - 1] = '\0';
    memset(long_role, 'r', sizeof long_role - 1), long_role[sizeof long_role - 1] = '\0';
    memset(long_mail, 'a', sizeof long_mail - 1), memcpy(long_mail + sizeof long_mail - 12, "@example.se", 12);
    const struct { const char *name, *email, *role, *want; } bad[] = {
        {"", "a@ost.example.se", "", "Fyll i kontaktpersonens namn"},
        {long_name, "a@ost.example.se", "", "för långt"},
        {"Rad\nRad", "a@ost.example.se", "", "på en rad"},
        {"A\x7f", "a@ost.example.se", "", "på en rad"},
        {"A\xff", "a@ost.example.se", "", "inte går att läsa"},
        {"Anna", "", "", "e-postadress"},
        {"Anna", "inte en adress", "", "namn@exempel.se"},
        {"Anna", long_mail, "", "för lång"},
        {"Anna", "a@ost.example.se\nBcc: b@example.se", "", "radbrytningar"},
        {"Anna", "a@ost.example.se", long_role, "rollen"},
        {"Anna", "a@ost.example.se", "stat\nistiker", "på en rad"},
        {"Anna", "a@ost.example.se", "\xc3", "inte går att läsa"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        network_contact_in in = {bad[i].name, bad[i].email, bad[i].role};
        int64_t id = 7;
        dl_error e;
        CHECK_INT_EQ(network_contact_add(d, &coordinator, m, &in, &id, &e), DL_EINVAL);
        CHECK_CONTAINS(e.msg, bad[i].want);
        CHECK_INT_EQ((int)id, 0);
        CHECK_INT_EQ(network_contact_update(d, &coordinator, m, first, &in, &e), DL_EINVAL);
        CHECK_CONTAINS(e.msg, bad[i].want);
    }
    dl_error e;
    int64_t id = 0;
    network_contact_in dup = {"Erik igen", "ERIK@Ost.Example.se", ""};
    CHECK_INT_EQ(network_contact_add(d, &coordinator, m, &dup, &id, &e), DL_ECONFLICT);
    CHECK_CONTAINS(e.msg, "redan en kontaktperson med den e-postadressen");
    CHECK_INT_EQ(network_contact_remove(d, &coordinator, m, first, &e), DL_ECONFLICT);
    CHECK_CONTAINS(e.msg, "alltid en kontaktperson");
    /* a contact of another member, through this one */
    network_contact_in ok = {"Vera V", "vera2@vast.example.se", ""};
    int64_t vera = fixture_int(d, "SELECT MAX(id) FROM network_contact");
    CHECK_INT_EQ(network_contact_update(d, &coordinator, m, vera, &ok, &e), DL_ENOTFOUND);
    CHECK_INT_EQ(network_contact_remove(d, &coordinator, m, vera, &e), DL_ENOTFOUND);
    CHECK_INT_EQ(network_contact_add(d, &coordinator, 999999, &ok, &id, &e), DL_ENOTFOUND);
    CHECK_INT_EQ((int)contacts_of(d, m), 1);
    CHECK_INT_EQ((int)contacts_of(d, other), 1);
    CHECK_INT_EQ((int)fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'network.contact_%'"), 0);
    /* eight at most; another member may hold the same address */
    for (int i = 2; i <= NETWORK_CONTACTS_MAX; i++) {
        char mail[64];
        snprintf(mail, sizeof mail, "p%d@ost.example.se", i);
        network_contact_in in = {"Person", mail, "registrator"};
        CHECK_INT_EQ(network_contact_add(d, &coordinator, m, &in, &id, &e), DL_OK);
    }
    network_contact_in ninth = {"Nio", "p9@ost.example.se", ""};
    CHECK_INT_EQ(network_contact_add(d, &coordinator, m, &ninth, &id, &e), DL_ECONFLICT);
    CHECK_CONTAINS(e.msg, "högst 8 kontaktpersoner");
    CHECK_INT_EQ((int)contacts_of(d, m), 8);
    network_contact_in shared = {"Erik i väst", "erik@ost.example.se", ""};
    CHECK_INT_EQ(network_contact_add(d, &coordinator, other, &shared, &id, &e), DL_OK);
    db_close(d);
}

TEST(network_contacts_decide_the_question_queue_at_once)
{
    db *d = fixture_store();
    int64_t m = member_with_contact(d, "Öst", "erik@ost.example.se");
    int64_t uid = fixture_user(d, "kim");
    fixture_exec(d, "UPDATE users SET email = 'Kim@Example.se' WHERE username = 'kim'");
    authz_subject kim = {uid, NULL, 0};
    question_actor who = {&kim, {uid, "kim"}, "https://dl.example.se"};
    int coord = 1, n = 5;
    int64_t members[8];
    CHECK_INT_EQ(question_queue_access(d, &who, &coord, members, 8, &n), 0);
    CHECK_INT_EQ(n, 0);
    dl_error e;
    int64_t c = 0;
    network_contact_in in = {"Kim", "kim@example.se", "samordnare"};
    CHECK_INT_EQ(network_contact_add(d, &coordinator, m, &in, &c, &e), DL_OK);
    CHECK_INT_EQ(question_queue_access(d, &who, &coord, members, 8, &n), 1);
    CHECK_INT_EQ(coord, 0);
    CHECK_INT_EQ(n, 1);
    CHECK_INT_EQ((int)members[0], (int)m);
    network_contact_in moved = {"Kim", "kim.ny@example.se", "samordnare"};
    CHECK_INT_EQ(network_contact_update(d, &coordinator, m, c, &moved, &e), DL_OK);
    CHECK_INT_EQ(question_queue_access(d, &who, &coord, members, 8, &n), 0);
    CHECK_INT_EQ(network_contact_update(d, &coordinator, m, c, &in, &e), DL_OK);
    CHECK_INT_EQ(question_queue_access(d, &who, &coord, members, 8, &n), 1);
    CHECK_INT_EQ(network_contact_remove(d, &coordinator, m, c, &e), DL_OK);
    CHECK_INT_EQ(question_queue_access(d, &who, &coord, members, 8, &n), 0);
    CHECK_INT_EQ(n, 0);
    db_close(d);
}
