/* test_retention.c — core/retention.c with hand-written expectations: the
 * day a document falls due (leap days, the bounds), the checks of a rule as
 * typed, and the target keys. */
#include "test.h"

#include "core/retention.h"

static const char *due(const char *closed, long years)
{
    static char out[11];
    memset(out, 0, sizeof out);
    return retention_due_on(closed, years, out) == 0 ? out : "refused";
}

TEST(retention_due_day_is_the_same_day_years_later)
{
    CHECK_STR_EQ(due("2026-12-07", 2), "2028-12-07");
    CHECK_STR_EQ(due("2026-12-07", 0), "2026-12-07");
    CHECK_STR_EQ(due("2026-01-31", 10), "2036-01-31");
    CHECK_STR_EQ(due("2026-12-31", 1), "2027-12-31");
    /* 29 February: the 28th in a year without it, the 29th in one with it */
    CHECK_STR_EQ(due("2024-02-29", 1), "2025-02-28");
    CHECK_STR_EQ(due("2024-02-29", 4), "2028-02-29");
    CHECK_STR_EQ(due("2096-02-29", 4), "2100-02-28"); /* 2100 is no leap year */
    CHECK_STR_EQ(due("2000-02-29", 100), "2100-02-28");
}

TEST(retention_due_day_refuses_what_is_no_date_or_a_kept_document)
{
    CHECK_STR_EQ(due("2026-02-30", 2), "refused");
    CHECK_STR_EQ(due("2026-12-7", 2), "refused");
    CHECK_STR_EQ(due("", 2), "refused");
    CHECK_STR_EQ(due("2026-12-07T10:00:00Z", 2), "refused");
    CHECK_STR_EQ(due("2026-12-07", RETENTION_KEEP), "refused");
    CHECK_STR_EQ(due("2026-12-07", RETENTION_YEARS_MAX + 1), "refused");
    CHECK_STR_EQ(due("9950-01-01", 2), "refused"); /* beyond the years a rule may add */
    char out[11];
    CHECK_INT_EQ(retention_due_on(NULL, 2, out), -1);
}

static int rule_ok(const char *kind, long years, const char *basis)
{
    const char *msg = NULL;
    int rc = retention_rule_check(kind, years, basis, &msg);
    if (rc != 0 && !(msg && *msg)) return -1; /* a refusal without its sentence */
    return rc == 0;
}

TEST(retention_rule_check_takes_what_a_schedule_says_and_nothing_else)
{
    CHECK_INT_EQ(rule_ok("acknowledgement", 2, "Dokumenthanteringsplan 2026, punkt 4.2"), 1);
    CHECK_INT_EQ(rule_ok("ethics_decision", RETENTION_KEEP, "Bevaras"), 1);
    CHECK_INT_EQ(rule_ok("a", 0, "x"), 1);
    CHECK_INT_EQ(rule_ok("a", RETENTION_YEARS_MAX, "x"), 1);
    CHECK_INT_EQ(rule_ok("a", RETENTION_YEARS_MAX + 1, "x"), 0);
    CHECK_INT_EQ(rule_ok("a", -2, "x"), 0);
    CHECK_INT_EQ(rule_ok("", 2, "x"), 0);
    CHECK_INT_EQ(rule_ok(NULL, 2, "x"), 0);
    CHECK_INT_EQ(rule_ok("Acknowledgement", 2, "x"), 0);
    CHECK_INT_EQ(rule_ok("ack nowledgement", 2, "x"), 0);
    CHECK_INT_EQ(rule_ok("ack'; DROP TABLE cases;--", 2, "x"), 0);
    CHECK_INT_EQ(rule_ok("abcdefghijabcdefghijabcdefghijabcdefghijk", 2, "x"), 0); /* 41 bytes */
    CHECK_INT_EQ(rule_ok("abcdefghijabcdefghijabcdefghijabcdefghij", 2, "x"), 1);   /* 40 */
    CHECK_INT_EQ(rule_ok("a", 2, ""), 0);
    CHECK_INT_EQ(rule_ok("a", 2, NULL), 0);
    CHECK_INT_EQ(rule_ok("a", 2, "rad ett\nrad två"), 0);
    CHECK_INT_EQ(rule_ok("a", 2, "\xff\xfe"), 0);
    char long_basis[RETENTION_BASIS_MAX + 2];
    memset(long_basis, 'x', sizeof long_basis - 1);
    long_basis[sizeof long_basis - 1] = 0;
    CHECK_INT_EQ(rule_ok("a", 2, long_basis), 0);
    long_basis[RETENTION_BASIS_MAX] = 0;
    CHECK_INT_EQ(rule_ok("a", 2, long_basis), 1);
    CHECK_INT_EQ(rule_ok("a", 2, "Arkivlagen (1990:782) 10 §; gallringsbeslut RS 2026-04"), 1);
}

TEST(retention_targets_have_fixed_keys)
{
    retention_target t;
    CHECK_STR_EQ(retention_target_key(RETENTION_DOCUMENT), "document");
    CHECK_STR_EQ(retention_target_key(RETENTION_ATTACHMENT), "attachment");
    CHECK(retention_target_key(RETENTION_TARGET__MAX) == NULL);
    CHECK_INT_EQ(retention_target_from_key("attachment", &t), 0);
    CHECK_INT_EQ(t, RETENTION_ATTACHMENT);
    CHECK_INT_EQ(retention_target_from_key("Attachment", &t), -1);
    CHECK_INT_EQ(retention_target_from_key(NULL, &t), -1);
    CHECK_STR_EQ(retention_target_label_sv(RETENTION_DOCUMENT), "Ärendets handling");
}
