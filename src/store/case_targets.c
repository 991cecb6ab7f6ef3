/* case_targets.c — target times of a case's steps per organisation (see
 * case_targets.h). The defaults follow what the region's process promises
 * the applicant: completeness within a week, the samråd within a month,
 * the decision within two weeks of the recommendation; the applicant has
 * four weeks to complete and two to answer an estimate (their time: the
 * clock pauses meanwhile); the whole case, from the complete application to
 * the decision, the EHDS's three months (90 calendar days), the applicant's
 * time left out. */
#include "store/case_targets.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"

int case_target_applies(int i)
{
    return i == CASE_TARGET_DECISION || (i >= 0 && i < CASE_STATE__MAX && i != CASE_DRAFT && case_state_is_open((case_state)i));
}

const char *case_target_key(int i) { return i == CASE_TARGET_DECISION ? "decision" : case_state_key((case_state)i); }

case_target case_target_default(int i)
{
    if (i == CASE_TARGET_DECISION) return (case_target){90, DUE_CALENDAR_DAYS, 1};
    int days = 0;
    switch (i) {
    case CASE_RECEIVED: days = 5; break;
    case CASE_COMPLETION_REQUESTED: days = 20; break;
    case CASE_AWAITING_SAMRAD: days = 20; break;
    case CASE_AWAITING_COST_ACCEPTANCE: days = 10; break;
    case CASE_UNIT_CONSULTATION: days = 15; break;
    case CASE_AWAITING_DECISION: days = 10; break;
    case CASE_AWAITING_ASSIGNMENT: days = 5; break;
    case CASE_EXTRACTING: days = 20; break;
    default: days = 0; break;
    }
    return (case_target){days, DUE_WORKING_DAYS, 1};
}

dl_err case_targets_get(db *d, int64_t org_id, case_target out[CASE_TARGETS], dl_error *e)
{
    for (int s = 0; s < CASE_TARGETS; s++) out[s] = case_target_default(s);
    db_stmt *q = db_prepare(d, "SELECT state, days, unit FROM case_step_target WHERE org_id = ?", e);
    if (!q) return e->code;
    db_bind_int(q, 1, org_id);
    int r;
    while ((r = db_step(q, e)) == DB_ROW) {
        case_state st;
        int s = strcmp(db_col_text(q, 0), "decision") == 0 ? CASE_TARGET_DECISION
                : case_state_from_key(db_col_text(q, 0), &st) == 0 ? (int)st : -1;
        if (!case_target_applies(s)) continue;
        int64_t days = db_col_int(q, 1);
        out[s] = (case_target){days < 0 ? 0 : days > DUE_DAYS_MAX ? DUE_DAYS_MAX : (int)days,
                               strcmp(db_col_text(q, 2), "calendar") == 0 ? DUE_CALENDAR_DAYS : DUE_WORKING_DAYS, 0};
    }
    dl_err rc = r == DB_DONE ? DL_OK : (e->code ? e->code : DL_EDB);
    db_stmt_done(q);
    return rc;
}

dl_err case_targets_set(db *d, int64_t org_id, const case_target in[CASE_TARGETS], const audit_actor *who,
                        dl_error *e)
{
    for (int s = 0; s < CASE_TARGETS; s++)
        if (case_target_applies(s) && (in[s].days < 0 || in[s].days > DUE_DAYS_MAX))
            return dl_fail(e, DL_EINVAL, "Ange för varje steg ett antal dagar mellan 0 och %d.", DUE_DAYS_MAX);
    char now[32], id_text[24];
    clock_iso_utc(clock_now(), now);
    snprintf(id_text, sizeof id_text, "%" PRId64, org_id);
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = db_run(d, "DELETE FROM case_step_target WHERE org_id = ?", e, "i", org_id);
    for (int s = 0; rc == DL_OK && s < CASE_TARGETS; s++) {
        if (!case_target_applies(s)) continue;
        rc = db_run(d, "INSERT INTO case_step_target(org_id, state, days, unit, updated_at, updated_by)"
                       " VALUES (?, ?, ?, ?, ?, NULLIF(?, 0))",
                    e, "ititti", org_id, case_target_key(s), (int64_t)in[s].days,
                    in[s].unit == DUE_CALENDAR_DAYS ? "calendar" : "working", now, who ? who->user_id : 0);
    }
    if (rc == DL_OK) rc = audit_append(d, who, "case_targets.set", "org", id_text, NULL, NULL, "", e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}
