/* network_registrations.c — the registrations for one event of the
 * network's calendar, for its organiser (ACT_NETWORK_EDIT: the network
 * coordinator acts for the members, who have no accounts; docs/network.md):
 *   GET /kalender/ID/anmalningar       name, organisation, e-mail, when,
 *                                      and whether it was cancelled
 *   GET /kalender/ID/anmalningar.csv   the same as CSV (RFC 4180, UTF-8;
 *                                      cells a spreadsheet would run as a
 *                                      formula written as text)
 * Cancelled registrations stay in the list, marked with when. */
#include "web/handlers/handlers.h"
#include "web/handlers/download.h"
#include "web/app.h"
#include "web/template.h"
#include "core/clock.h"
#include "extract/csv_write.h"
#include "report/spreadsheet_cell.h"
#include "store/network.h"
#include "store/network_registration.h"

#include <string.h>
#include <unistd.h>

static const char *local_minute(request *r, const char *utc)
{
    char out[32];
    clock_local_minute(clock_parse_iso_utc(utc), out);
    return arena_strdup(r->a, out);
}

/* The event of the path and its registrations; 0 after answering. */
static int load(request *r, network_event_rec *v, network_registration_rec **rows, int *n)
{
    int64_t id = req_param_id(r, 0);
    dl_error e = {0};
    dl_err rc = id > 0 ? network_event_get(r->db, r->a, id, v, &e) : DL_ENOTFOUND;
    if (rc == DL_ENOTFOUND) { res_error(r, DL_ENOTFOUND, "Det finns inget sådant evenemang i kalendern."); return 0; }
    if (rc == DL_OK) rc = network_registrations(r->db, r->a, id, rows, n, &e);
    if (rc != DL_OK) {
        res_error_from(r, rc, &e);
        return 0;
    }
    return 1;
}

void h_calendar_registrations(request *r)
{
    network_event_rec v;
    network_registration_rec *rows = NULL;
    int n = 0;
    if (!load(r, &v, &rows, &n)) return;
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    int standing = 0;
    tmpl_set_list(c, "rows");
    for (int i = 0; i < n; i++) {
        tmpl_ctx *g = tmpl_list_append(c, "rows");
        if (!g) continue;
        tmpl_set_str(g, "name", rows[i].name);
        tmpl_set_str(g, "organisation", rows[i].organisation);
        tmpl_set_str(g, "email", rows[i].email);
        tmpl_set_str(g, "registered", local_minute(r, rows[i].registered_at));
        tmpl_set_bool(g, "cancelled", *rows[i].cancelled_at != '\0');
        tmpl_set_str(g, "cancelled_at", *rows[i].cancelled_at ? local_minute(r, rows[i].cancelled_at) : "");
        standing += *rows[i].cancelled_at == '\0';
    }
    tmpl_set_int(c, "id", v.id);
    tmpl_set_str(c, "event", v.title);
    tmpl_set_str(c, "starts", local_minute(r, v.starts_at));
    tmpl_set_int(c, "seats", v.seats);
    tmpl_set_int(c, "standing", standing);
    tmpl_set_int(c, "cancelled", n - standing);
    tmpl_set_bool(c, "has_rows", n > 0);
    res_page(r, 200, "network_registrations.html", arena_printf(r->a, "%s: %s", tr(r, "Anmälningar"), v.title), c);
}

void h_calendar_registrations_csv(request *r)
{
    network_event_rec v;
    network_registration_rec *rows = NULL;
    int n = 0;
    if (!load(r, &v, &rows, &n)) return;
    int fd = download_temp_fd();
    csv_writer *w = fd >= 0 ? csv_writer_open(fd) : NULL;
    if (!w) {
        if (fd >= 0) close(fd);
        res_error(r, DL_EINTERNAL, "Filen kunde inte skapas. Försök igen.");
        return;
    }
    const char *head[6] = {tr(r, "Namn"),   tr(r, "Organisation"), tr(r, "E-postadress"),
                           tr(r, "Anmäld"), tr(r, "Avbokad"),      tr(r, "Status")};
    dl_err rc = csv_write_row(w, head, 6);
    for (int i = 0; rc == DL_OK && i < n; i++) {
        const network_registration_rec *g = &rows[i];
        const char *cells[6] = {g->name, g->organisation, g->email, local_minute(r, g->registered_at),
                                *g->cancelled_at ? local_minute(r, g->cancelled_at) : "",
                                tr(r, *g->cancelled_at ? "avbokad" : "anmäld")};
        for (int k = 0; k < 6; k++) cells[k] = spreadsheet_safe_cell(r->a, cells[k] ? cells[k] : "");
        rc = csv_write_row(w, cells, 6);
    }
    dl_error e = {0};
    if (rc == DL_OK) rc = csv_writer_status(w, &e);
    if (rc == DL_OK) rc = csv_writer_flush(w, &e);
    csv_writer_free(w);
    if (rc != DL_OK) {
        close(fd);
        res_error(r, DL_EINTERNAL, "Filen kunde inte skapas. Försök igen.");
        return;
    }
    download_send(r, fd, "text/csv; charset=utf-8", arena_printf(r->a, "anmalningar-%lld.csv", (long long)v.id));
}
