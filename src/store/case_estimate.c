/* case_estimate.c — fee schedules and cost estimates in the store (see
 * case_estimate.h). Amounts are öre in BIGINT columns; the arithmetic is
 * core/fee.c's; the answer day is a Stockholm date (core/deadline.h). */
#include "store/case_estimate.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "core/clock.h"
#include "core/deadline.h"

dl_err fee_schedule_get(db *d, int64_t org_id, int *charges, fee_schedule *out, dl_error *e)
{
    *charges = 0;
    *out = (fee_schedule){0};
    db_stmt *s = db_prepare(d, "SELECT charges, base_ore, hourly_ore, vat_percent FROM fee_schedule WHERE org_id = ?",
                            e);
    if (!s) return e->code;
    db_bind_int(s, 1, org_id);
    dl_err rc = DL_OK;
    int r = db_step(s, e);
    if (r == DB_ROW) {
        *charges = (int)db_col_int(s, 0);
        *out = (fee_schedule){db_col_int(s, 1), db_col_int(s, 2), (int)db_col_int(s, 3)};
    } else if (r != DB_DONE) rc = e->code ? e->code : DL_EDB;
    db_stmt_done(s);
    return rc;
}

dl_err fee_schedule_set(db *d, int64_t org_id, int charges, const fee_schedule *fs, const audit_actor *who,
                        dl_error *e)
{
    if (!fee_vat_valid(fs->vat_percent))
        return dl_fail(e, DL_EINVAL, "Momssatsen ska vara 0, 6, 12 eller 25 procent.");
    if (!fee_schedule_valid(fs))
        return dl_fail(e, DL_EINVAL, "Grundavgift och timtaxa ska vara mellan 0 och 1 000 000 000 kronor.");
    char now[32], id_text[24], detail[120];
    clock_iso_utc(clock_now(), now);
    snprintf(id_text, sizeof id_text, "%" PRId64, org_id);
    snprintf(detail, sizeof detail, "charges=%d base=%" PRId64 " hourly=%" PRId64 " vat=%d", charges ? 1 : 0,
             fs->base_ore, fs->hourly_ore, fs->vat_percent);
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = db_run(d, "DELETE FROM fee_schedule WHERE org_id = ?", e, "i", org_id);
    if (rc == DL_OK)
        rc = db_run(d, "INSERT INTO fee_schedule(org_id, charges, base_ore, hourly_ore, vat_percent, updated_at,"
                       " updated_by) VALUES (?, ?, ?, ?, ?, ?, NULLIF(?, 0))",
                    e, "iiiiiti", org_id, (int64_t)(charges ? 1 : 0), fs->base_ore, fs->hourly_ore,
                    (int64_t)fs->vat_percent, now, who ? who->user_id : 0);
    if (rc == DL_OK) rc = audit_append(d, who, "fee_schedule.set", "org", id_text, NULL, NULL, detail, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}

dl_err case_estimate_latest(db *d, arena *a, int64_t case_id, case_estimate_rec *out, int *found, dl_error *e)
{
    *found = 0;
    db_stmt *s = db_prepare(d, "SELECT id, COALESCE(document_id, 0), hours_centi, base_ore, hourly_ore, vat_percent,"
                               " net_ore, vat_ore, total_ore, answer_by, status, created_at, answered_at"
                               " FROM case_estimate WHERE case_id = ? ORDER BY id DESC LIMIT 1", e);
    if (!s) return e->code;
    db_bind_int(s, 1, case_id);
    dl_err rc = DL_OK;
    int r = db_step(s, e);
    if (r == DB_ROW) {
        *out = (case_estimate_rec){
            .id = db_col_int(s, 0), .document_id = db_col_int(s, 1), .hours_centi = db_col_int(s, 2),
            .base_ore = db_col_int(s, 3), .hourly_ore = db_col_int(s, 4), .vat_percent = (int)db_col_int(s, 5),
            .net_ore = db_col_int(s, 6), .vat_ore = db_col_int(s, 7), .total_ore = db_col_int(s, 8),
            .answer_by = arena_strdup(a, db_col_text(s, 9)), .status = arena_strdup(a, db_col_text(s, 10)),
            .created_at = arena_strdup(a, db_col_text(s, 11)), .answered_at = arena_strdup(a, db_col_text(s, 12)),
        };
        *found = out->answer_by && out->status && out->created_at && out->answered_at;
        if (!*found) rc = dl_fail(e, DL_ENOMEM, "out of memory");
        while (db_step(s, e) == DB_ROW) {}
    } else if (r != DB_DONE) rc = e->code ? e->code : DL_EDB;
    db_stmt_done(s);
    return rc;
}

static void today(char out[11]) { cal_format_iso(deadline_local_date(clock_now()), out); }

/* The schedule and the estimate a send_estimate step computes. */
static dl_err computed(db *d, const case_rec *c, const case_step *st, fee_schedule *fs, fee_estimate *est,
                       dl_error *e)
{
    int charges = 0;
    dl_err rc = fee_schedule_get(d, c->org_id, &charges, fs, e);
    if (rc != DL_OK) return rc;
    if (!charges)
        return dl_fail(e, DL_EINVAL, "Organisationen tar inte ut någon avgift för uttag. Lägg in en avgiftstabell "
                                     "(Handläggningstider och avgifter) innan du skickar ett kostnadsförslag.");
    int64_t hours = 0;
    if (!st->hours || !*st->hours || !fee_parse_hours(st->hours, &hours) || hours <= 0)
        return dl_fail(e, DL_EINVAL, "Ange hur många timmar uttaget beräknas ta, till exempel 12 eller 12,5 "
                                     "(högst 10 000 timmar, högst två decimaler).");
    if (!fee_compute(fs, hours, est))
        return dl_fail(e, DL_EINVAL, "Avgiftstabellen är ogiltig; rätta den innan du skickar ett kostnadsförslag.");
    return DL_OK;
}

dl_err case_estimate_check_in_tx(db *d, const case_rec *c, const case_transition_rule *row, const case_step *st,
                                 dl_error *e)
{
    char now_day[11];
    today(now_day);
    if (row->event == EV_SEND_ESTIMATE) {
        fee_schedule fs;
        fee_estimate est;
        dl_err rc = computed(d, c, st, &fs, &est, e);
        if (rc != DL_OK) return rc;
        cal_date by, t = deadline_local_date(clock_now());
        if (!st->deadline || !cal_parse_iso(st->deadline, strlen(st->deadline), 2000, 2200, &by))
            return dl_fail(e, DL_EINVAL, "Ange sista dag för den sökandes svar på kostnadsförslaget (ÅÅÅÅ-MM-DD).");
        if (cal_to_days(by) <= cal_to_days(t))
            return dl_fail(e, DL_EINVAL, "Sista svarsdag för kostnadsförslaget måste ligga efter i dag (%s).", now_day);
        if (cal_to_days(by) - cal_to_days(t) > ESTIMATE_ANSWER_DAYS_MAX)
            return dl_fail(e, DL_EINVAL, "Sista svarsdag får ligga högst %d dagar fram.", ESTIMATE_ANSWER_DAYS_MAX);
        return DL_OK;
    }
    if (row->event != EV_ACCEPT_ESTIMATE && row->event != EV_NARROW_REQUEST) return DL_OK;
    char answer_by[11] = "";
    int64_t n = 0;
    db_stmt *s = db_prepare(d, "SELECT answer_by FROM case_estimate WHERE case_id = ? AND status = 'open'"
                               " ORDER BY id DESC LIMIT 1", e);
    if (!s) return e->code;
    db_bind_int(s, 1, c->id);
    if (db_step(s, e) == DB_ROW) {
        snprintf(answer_by, sizeof answer_by, "%.10s", db_col_text(s, 0));
        n = 1;
    }
    db_stmt_done(s);
    if (!n)
        return dl_fail(e, DL_ECONFLICT, "Det finns inget kostnadsförslag att svara på. Ladda om sidan och se vad "
                                        "som gäller nu.");
    if (strcmp(now_day, answer_by) > 0)
        return dl_fail(e, DL_EINVAL, "Svarstiden för kostnadsförslaget gick ut %s. Du kan inte längre godkänna "
                                     "eller begränsa det; be samordnaren om ett nytt kostnadsförslag, eller återkalla "
                                     "ansökan.", answer_by);
    return DL_OK;
}

const char *case_estimate_body(db *d, arena *a, const case_rec *c, const case_step *st, dl_error *e)
{
    if (st->event != EV_SEND_ESTIMATE) return NULL;
    fee_schedule fs;
    fee_estimate est;
    if (computed(d, c, st, &fs, &est, e) != DL_OK) return NULL;
    char hours[32], base[48], hourly[48], net[48], vat[48], total[48];
    fee_format_hours(est.hours_centi, hours, sizeof hours);
    fee_format_kronor(fs.base_ore, base, sizeof base);
    fee_format_kronor(fs.hourly_ore, hourly, sizeof hourly);
    fee_format_kronor(est.net_ore, net, sizeof net);
    fee_format_kronor(est.vat_ore, vat, sizeof vat);
    fee_format_kronor(est.total_ore, total, sizeof total);
    return arena_printf(a,
                        "%s\n\nKostnadsförslag\nGrundavgift: %s kr\nArbete: %s timmar à %s kr\n"
                        "Summa före moms: %s kr\nMoms %d %%: %s kr\nAtt betala: %s kr\n\nSvara senast %s.",
                        st->text ? st->text : "", base, hours, hourly, net, fs.vat_percent, vat, total,
                        st->deadline ? st->deadline : "");
}

dl_err case_estimate_record_in_tx(db *d, const case_rec *c, const case_transition_rule *row, const case_step *st,
                                  int64_t doc_id, dl_error *e)
{
    char now[32];
    clock_iso_utc(clock_now(), now);
    if (row->event == EV_SEND_ESTIMATE) {
        fee_schedule fs;
        fee_estimate est;
        dl_err rc = computed(d, c, st, &fs, &est, e);
        if (rc == DL_OK)
            rc = db_run(d, "UPDATE case_estimate SET status = 'superseded', answered_at = ? WHERE case_id = ?"
                           " AND status = 'open'", e, "ti", now, c->id);
        if (rc == DL_OK)
            rc = db_run(d, "INSERT INTO case_estimate(case_id, document_id, hours_centi, base_ore, hourly_ore,"
                           " vat_percent, net_ore, vat_ore, total_ore, answer_by, created_at)"
                           " VALUES (?, NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        e, "iiiiiiiiitt", c->id, doc_id, est.hours_centi, fs.base_ore, fs.hourly_ore,
                        (int64_t)fs.vat_percent, est.net_ore, est.vat_ore, est.total_ore, st->deadline, now);
        return rc;
    }
    const char *status = row->event == EV_ACCEPT_ESTIMATE ? "accepted"
                         : row->event == EV_NARROW_REQUEST ? "narrowed"
                         : row->event == EV_WITHDRAW && row->from == CASE_AWAITING_COST_ACCEPTANCE ? "withdrawn"
                                                                                                    : NULL;
    if (!status) return DL_OK;
    return db_run(d, "UPDATE case_estimate SET status = ?, answered_at = ?, answer_document_id = NULLIF(?, 0)"
                     " WHERE case_id = ? AND status = 'open'", e, "ttii", status, now, doc_id, c->id);
}
