/* outbox.c — the administrator's view of the e-mail outbox (GET
 * /admin/outbox: filter by state, paged, newest first) and "send again
 * now" for a waiting or failed mail (POST /admin/outbox/{id}/retry,
 * audited). The sender itself is src/notify/mail_sender.c. */
#include "web/handlers/handlers.h"
#include "web/handlers/field_keys.h"
#include "core/clock.h"
#include "store/outbox.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_SIZE 50

static const char *state_label(request *r, const char *state)
{
    if (strcmp(state, "pending") == 0) return tr(r, "Väntar");
    if (strcmp(state, "sending") == 0) return tr(r, "Skickas");
    if (strcmp(state, "sent") == 0) return tr(r, "Skickat");
    if (strcmp(state, "failed") == 0) return tr(r, "Misslyckades");
    return state;
}

static int may_see_outbox(request *r)
{
    if (authz_may(&r->subject, ACT_AUDIT_VIEW, NULL)) return 1;
    res_error(r, DL_EDENIED, "Bara en administratör för hela installationen kan se utkorgen.");
    return 0;
}

static void fill_row(request *r, tmpl_ctx *row, const outbox_rec *o)
{
    tmpl_set_int(row, "id", o->id);
    tmpl_set_str(row, "created_at", o->created_at);
    tmpl_set_str(row, "to", o->to);
    tmpl_set_str(row, "subject", o->subject);
    tmpl_set_str(row, "kind", o->kind);
    tmpl_set_str(row, "lang", o->lang);
    tmpl_set_str(row, "state", o->state);
    tmpl_set_str(row, "state_label", state_label(r, o->state));
    tmpl_set_int(row, "attempts", o->attempts);
    int pending = strcmp(o->state, "pending") == 0;
    char next[32] = "";
    if (pending) clock_local_minute(o->next_attempt_at, next);
    tmpl_set_str(row, "next_attempt", next);
    tmpl_set_str(row, "sent_at", o->sent_at);
    tmpl_set_str(row, "last_error", o->last_error);
    tmpl_set_bool(row, "may_retry", pending || strcmp(o->state, "failed") == 0);
}

void h_outbox(request *r)
{
    if (!may_see_outbox(r)) return;
    int64_t page = query_at(r, OUTBOX_Q_PAGE)->text ? query_at(r, OUTBOX_Q_PAGE)->num : 1;
    const char *state = query_at(r, OUTBOX_Q_STATE)->text;
    if (state && *state && !outbox_state_valid(state)) {
        res_error(r, DL_EREQUEST, "Utkorgen kan visas för lägena pending, sending, sent och failed.");
        return;
    }
    if (!state) state = "";
    dl_error e = {0};
    dl_error_clear(&e);
    outbox_rec *rows = arena_alloc(r->a, sizeof *rows * PAGE_SIZE);
    int n = 0;
    int64_t total = 0;
    if (!rows || outbox_list(r->db, r->a, state, PAGE_SIZE, (int)((page - 1) * PAGE_SIZE), rows, &n, &total, &e) != DL_OK) {
        res_error(r, DL_EDB, "Databasen svarar inte just nu. Försök igen om en stund.");
        return;
    }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_list(c, "mails");
    for (int i = 0; i < n; i++) {
        tmpl_ctx *row = tmpl_list_append(c, "mails");
        if (!row) break;
        fill_row(r, row, &rows[i]);
    }
    static const char *const filters[] = {"", "pending", "sending", "sent", "failed"};
    tmpl_set_list(c, "filters");
    for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++) {
        tmpl_ctx *f = tmpl_list_append(c, "filters");
        if (!f) break;
        tmpl_set_str(f, "value", filters[i]);
        tmpl_set_str(f, "label", i == 0 ? tr(r, "Alla") : state_label(r, filters[i]));
        tmpl_set_bool(f, "current", strcmp(state, filters[i]) == 0);
    }
    tmpl_set_str(c, "state", state);
    pager_to_ctx(c, "", page, total, PAGE_SIZE);
    res_page(r, 200, "outbox.html", "Utkorg för e-post", c);
}

void h_outbox_retry(request *r)
{
    if (!may_see_outbox(r)) return;
    int64_t id = req_param_id(r, 0);
    if (!id) { res_error(r, DL_ENOTFOUND, "Det finns inget sådant meddelande i utkorgen."); return; }
    dl_error e = {0};
    dl_error_clear(&e);
    audit_actor who = actor_of(r);
    dl_err rc = outbox_retry_now(r->db, &who, id, clock_now(), &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    res_redirect(r, "/admin/outbox");
}
