/* delivery_destroy.c — the destruction of delivered data: reminders on the
 * schedule of core/destroy_reminder.h, each with a new confirmation link,
 * and the recipient's "destroyed on DATE by WHO", registered in the
 * diarium. See delivery.h. */
#include "store/delivery.h"
#include "store/delivery_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "core/clock.h"
#include "core/destroy_reminder.h"
#include "crypto/token.h"
#include "core/utf8.h"
#include "store/outbox.h"

#define DESTROY_BATCH 500
#define DESTROYED_BY_MAX 200 /* characters */

static int64_t day_number(const char *iso)
{
    cal_date dt;
    if (!iso || !cal_parse_iso(iso, strlen(iso), 1900, 9999, &dt)) return INT64_MIN;
    return cal_to_days(dt);
}

/* The reminder's text for its stage: Swedish, then English. */
static const char *reminder_body(arena *a, int stage, const char *case_number, const char *destroy_by,
                                 const char *file_name, const char *link)
{
    /* The opening sentence per stage (a table: before, on the day, after). */
    static const char *const when[3][2] = {
        {"Senast ", "The data must be destroyed by "},
        {"I dag, ", "Today, "},
        {"Uppgifterna skulle ha förstörts senast ", "The data should have been destroyed by "},
    };
    static const char *const then[3][2] = {
        {" ska uppgifterna förstöras", ""},
        {", ska uppgifterna förstöras", ", the data must be destroyed"},
        {"", ""},
    };
    int k = stage == DESTROY_STAGE_BEFORE ? 0 : stage == DESTROY_STAGE_ON_DAY ? 1 : 2;
    const char *sv = arena_printf(a, "%s%s%s", when[k][0], destroy_by, then[k][0]);
    const char *en = arena_printf(a, "%s%s%s", when[k][1], destroy_by, then[k][1]);
    if (!sv || !en) return NULL;
    return arena_printf(a,
                        "Hej!\n\n"
                        "%s enligt beslutet i ärende %s (filen %s och allt som tagits fram ur den, "
                        "även kopior).\n\n"
                        "När uppgifterna är förstörda: intyga det här, med datum och namn:\n  %s\n\n"
                        "Länken ersätter länkarna i tidigare påminnelser. Vi påminner varje vecka tills "
                        "förstöringen är intygad.\n\n"
                        "---- English ----\n\n"
                        "Hello,\n\n"
                        "%s under the decision in case %s (the file %s and everything derived from it, "
                        "copies too).\n\n"
                        "When the data are destroyed, confirm it here, with the date and your name:\n  %s\n\n"
                        "This link replaces those in earlier reminders. We remind you every week until the "
                        "destruction is confirmed.\n",
                        sv, case_number, file_name, link, en, case_number, file_name, link);
}

/* One reminder in a transaction of its own: the stage and a new link's hash
 * (only if no other run sent this stage), the mail, the audit row. */
static dl_err send_one(db *d, arena *a, int64_t id, int64_t case_id, int stage, const char *to,
                       const char *case_number, const char *destroy_by, const char *file_name,
                       const char *public_url, int *sent, dl_error *e)
{
    char token[TOKEN_HEX_SIZE], hash[TOKEN_HEX_SIZE];
    token_random_hex(token);
    sha256_hex(token, strlen(token), hash);
    const char *link = arena_printf(a, "%s/forstoring/%s", public_url ? public_url : "", token);
    memset(token, 0, sizeof token);
    const char *body = link ? reminder_body(a, stage, case_number, destroy_by, file_name, link) : NULL;
    const char *subject = arena_printf(a, "Påminnelse: förstör uppgifterna i ärende %s / Reminder: destroy the data "
                                          "of case %s", case_number, case_number);
    if (!body || !subject) return dl_fail(e, DL_ENOMEM, "out of memory");
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int64_t marked = 0;
    rc = db_query_int(d, "UPDATE delivery SET reminder_stage = ?, confirm_token_hash = ?"
                         " WHERE id = ? AND reminder_stage < ? AND destroyed_at IS NULL RETURNING 1",
                      &marked, e, "itii", (int64_t)stage, hash, id, (int64_t)stage);
    if (rc == DL_ENOTFOUND) { rc = DL_OK; marked = 0; } /* another run sent it, or it was confirmed meanwhile */
    if (rc == DL_OK && marked) {
        outbox_mail m = {to, subject, body, "sv", "delivery.destroy_reminder", case_id};
        rc = outbox_enqueue_in_tx(d, &m, NULL, e);
    }
    char idt[24], detail[80];
    snprintf(idt, sizeof idt, "%" PRId64, id);
    snprintf(detail, sizeof detail, "stage %d, destroy by %.12s", stage, destroy_by);
    if (rc == DL_OK && marked)
        rc = audit_append(d, &(audit_actor){0, "system"}, "delivery.destroy_reminder", "delivery", idt, NULL, NULL,
                          detail, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    if (rc == DL_OK && marked) (*sent)++;
    return rc;
}

dl_err delivery_send_destroy_reminders(db *d, const char *today, const char *public_url, int *sent, dl_error *e)
{
    *sent = 0;
    int64_t today_day = day_number(today);
    if (today_day == INT64_MIN) return dl_fail(e, DL_EINVAL, "Dagens datum ska skrivas ÅÅÅÅ-MM-DD.");
    arena *a = arena_new(8192);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    struct due { int64_t id, case_id; int stage; const char *to, *number, *destroy_by, *file; } *rows =
        arena_alloc(a, DESTROY_BATCH * sizeof *rows);
    int n = 0;
    dl_err rc = rows ? DL_OK : dl_fail(e, DL_ENOMEM, "out of memory");
    /* Only data that went out need destroying: fetched deliveries. */
    db_stmt *s = rc == DL_OK ? db_prepare(d, "SELECT v.id, v.case_id, v.reminder_stage, v.recipient_email,"
                                             " c.diary_number, v.destroy_by, v.file_name"
                                             " FROM delivery v JOIN cases c ON c.id = v.case_id"
                                             " WHERE v.destroy_by <> '' AND v.destroyed_at IS NULL"
                                             " AND v.claimed_at IS NOT NULL ORDER BY v.id", e)
                             : NULL;
    if (rc == DL_OK && !s) rc = e->code;
    if (s) {
        int st;
        while ((st = db_step(s, e)) == DB_ROW && n < DESTROY_BATCH) {
            int64_t by = day_number(db_col_text(s, 5));
            int last = (int)db_col_int(s, 2);
            if (by == INT64_MIN || !destroy_reminder_due(by, today_day, last)) continue;
            struct due *r = &rows[n];
            r->id = db_col_int(s, 0);
            r->case_id = db_col_int(s, 1);
            r->stage = destroy_reminder_stage(by, today_day);
            r->to = arena_strdup(a, db_col_text(s, 3));
            r->number = arena_strdup(a, db_col_text(s, 4));
            r->destroy_by = arena_strdup(a, db_col_text(s, 5));
            r->file = arena_strdup(a, db_col_text(s, 6));
            if (!r->to || !r->number || !r->destroy_by || !r->file) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
            n++;
        }
        if (st == DB_ERROR) rc = e->code;
        db_stmt_done(s);
    }
    for (int i = 0; i < n && rc == DL_OK; i++)
        rc = send_one(d, a, rows[i].id, rows[i].case_id, rows[i].stage, rows[i].to, rows[i].number,
                      rows[i].destroy_by, rows[i].file, public_url, sent, e);
    arena_free(a);
    return rc;
}

#define MSG_NO_CONFIRM "Länken finns inte eller har ersatts av en nyare. Använd länken i den senaste påminnelsen."

dl_err delivery_destroy_find(db *d, arena *a, const char *token, delivery_destroy_info *out, dl_error *e)
{
    memset(out, 0, sizeof *out);
    if (!hex_is_token(token)) return dl_fail(e, DL_ENOTFOUND, MSG_NO_CONFIRM);
    char hash[TOKEN_HEX_SIZE];
    sha256_hex(token, strlen(token), hash);
    db_stmt *s = db_prepare(d, "SELECT v.id, v.case_id, c.diary_number, v.destroy_by, v.destroyed_on, v.destroyed_by,"
                               " v.file_name, v.confirm_token_hash"
                               " FROM delivery v JOIN cases c ON c.id = v.case_id WHERE v.confirm_token_hash = ?", e);
    if (!s) return e->code;
    db_bind_text(s, 1, hash);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW && token_equal(db_col_text(s, 7), hash)) {
        out->id = db_col_int(s, 0);
        out->case_id = db_col_int(s, 1);
        out->diary_number = arena_strdup(a, db_col_text(s, 2));
        out->destroy_by = arena_strdup(a, db_col_text(s, 3));
        out->destroyed_on = arena_strdup(a, db_col_text(s, 4));
        out->destroyed_by = arena_strdup(a, db_col_text(s, 5));
        out->file_name = arena_strdup(a, db_col_text(s, 6));
        if (!out->diary_number || !out->destroy_by || !out->destroyed_on || !out->destroyed_by || !out->file_name)
            rc = dl_fail(e, DL_ENOMEM, "out of memory");
    } else rc = st == DB_ERROR ? e->code : dl_fail(e, DL_ENOTFOUND, MSG_NO_CONFIRM);
    db_stmt_done(s);
    return rc;
}

dl_err delivery_confirm_destroyed(db *d, const char *token, const char *destroyed_on, const char *by_name,
                                  const char *peer, dl_error *e)
{
    if (!hex_is_token(token)) return dl_fail(e, DL_ENOTFOUND, MSG_NO_CONFIRM);
    int64_t now = clock_now(), on = day_number(destroyed_on);
    char today[16];
    clock_local_date(now, today);
    if (on == INT64_MIN) return dl_fail(e, DL_EINVAL, "Skriv datumet då uppgifterna förstördes som ÅÅÅÅ-MM-DD.");
    if (on > day_number(today)) return dl_fail(e, DL_EINVAL, "Datumet då uppgifterna förstördes kan inte ligga i framtiden.");
    size_t n = by_name ? strlen(by_name) : 0;
    if (n == 0) return dl_fail(e, DL_EINVAL, "Skriv namnet på den som förstörde uppgifterna.");
    if (!utf8_valid(by_name, n) || utf8_count(by_name, n) > DESTROYED_BY_MAX)
        return dl_fail(e, DL_EINVAL, "Namnet får vara högst %d tecken.", DESTROYED_BY_MAX);
    char hash[TOKEN_HEX_SIZE];
    sha256_hex(token, strlen(token), hash);
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int64_t id = 0, case_id = 0, done = 0;
    db_stmt *s = db_prepare(d, "SELECT id, case_id, CASE WHEN destroyed_at IS NULL THEN 0 ELSE 1 END, confirm_token_hash"
                               " FROM delivery WHERE confirm_token_hash = ?", e);
    if (!s) rc = e->code;
    else {
        db_bind_text(s, 1, hash);
        int st = db_step(s, e);
        if (st == DB_ROW && token_equal(db_col_text(s, 3), hash)) {
            id = db_col_int(s, 0);
            case_id = db_col_int(s, 1);
            done = db_col_int(s, 2);
        } else rc = st == DB_ERROR ? e->code : dl_fail(e, DL_ENOTFOUND, MSG_NO_CONFIRM);
        db_stmt_done(s);
    }
    if (rc == DL_OK) {
        int64_t marked = 0;
        if (!done)
            rc = db_query_int(d, "UPDATE delivery SET destroyed_on = ?, destroyed_by = ?, destroyed_at = ?"
                                 " WHERE id = ? AND destroyed_at IS NULL RETURNING 1", &marked, e, "ttii",
                              destroyed_on, by_name, now, id);
        if (rc == DL_ENOTFOUND || (rc == DL_OK && !marked))
            rc = dl_fail(e, DL_ECONFLICT, "Förstöringen är redan intygad. Tack!");
    }
    char number[DIARY_NUMBER_MAX];
    int64_t entry = 0;
    if (rc == DL_OK)
        rc = delivery_register_in_tx(d, case_id, DELIVERY_DESTROYED_SV, destroyed_on, by_name,
                                     &(audit_actor){0, "public"}, number, &entry, e);
    char idt[24], detail[800];
    snprintf(idt, sizeof idt, "%" PRId64, id);
    snprintf(detail, sizeof detail, "destroyed on %.12s by %.200s, from %.100s, diary %.60s", destroyed_on, by_name,
             peer && *peer ? peer : "-", number);
    if (rc == DL_OK)
        rc = audit_append(d, &(audit_actor){0, "public"}, "delivery.destroyed", "delivery", idt, NULL, NULL, detail, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}
