/* diary.c — the public diary (confidential fields masked), one entry (shown
 * in full, and audited, to those who may read confidential data), and
 * registering and correcting entries. */
#include "web/handlers/handlers.h"
#include "store/diary.h"
#include "store/org.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_SIZE 25

static int may_read_confidential(request *r, const diary_rec *d)
{
    authz_object obj = {.node_path = d->org_path, .state = -1};
    return authz_may(&r->subject, ACT_DIARY_READ_CONFIDENTIAL, &obj);
}

static void fill_row(request *r, tmpl_ctx *row, const diary_rec *d, int show_confidential)
{
    tmpl_set_int(row, "id", d->id);
    tmpl_set_str(row, "number", d->number);
    tmpl_set_str(row, "doc_date", d->doc_date);
    tmpl_set_str(row, "registered_at", d->registered_at);
    tmpl_set_str(row, "direction_label", tr(r, diary_direction_label_sv(d->direction)));
    tmpl_set_str(row, "org_name", d->org_name);
    tmpl_set_bool(row, "confidential", d->confidential);
    tmpl_set_str(row, "legal_ref", d->legal_ref);
    tmpl_set_str(row, "corrects_number", d->corrects_number);
    tmpl_set_int(row, "corrects_id", d->corrects_id);
    tmpl_set_int(row, "corrected_by_id", d->corrected_by_id);
    int masked = d->confidential && !show_confidential;
    tmpl_set_bool(row, "masked", masked);
    const char *mask = masked ? arena_printf(r->a, "[%s: %s]", tr(r, "Sekretess"), d->legal_ref) : NULL;
    tmpl_set_str(row, "counterpart", masked ? mask : d->counterpart);
    tmpl_set_str(row, "subject", masked ? mask : d->subject);
}

/* Records that r's user reads d's confidential fields; 0 (and a 503 page)
 * when the audit row could not be written: no log, no reading. */
static int audit_confidential_read(request *r, const diary_rec *d)
{
    dl_error e = {0};
    audit_actor who = actor_of(r);
    char idt[24];
    snprintf(idt, sizeof idt, "%" PRId64, d->id);
    if (audit_append_tx(r->db, &who, "diary.read_confidential", "diary_entry", idt, d->number, &e) == DL_OK) return 1;
    res_error(r, DL_EDB, "Läsningen kunde inte loggas, så uppgifterna visas inte. Försök igen.");
    return 0;
}

/* Loads the entry named by the path's first parameter; 0 (and a page) if none. */
static int load_entry(request *r, diary_rec *d)
{
    int64_t id = req_param_id(r, 0);
    dl_error e = {0};
    dl_err rc = id ? diary_get(r->db, r->a, id, d, &e) : DL_ENOTFOUND;
    if (rc == DL_OK) return 1;
    res_lookup_failed(r, rc, &e, "Det finns ingen sådan registrering.");
    return 0;
}

void diary_rows_to_ctx(request *r, tmpl_ctx *c, const char *key, const diary_rec *rows, int n)
{
    tmpl_set_list(c, key);
    for (int i = 0; i < n; i++) {
        tmpl_ctx *row = tmpl_list_append(c, key);
        if (!row) return;
        fill_row(r, row, &rows[i], 0); /* lists are always masked; reading in full is per entry and audited */
    }
}

void h_diary_list(request *r)
{
    const form_value *pv = query_at(r, DIARY_LIST_PAGE);
    int64_t page = pv->text ? pv->num : 1; /* 1..100000, checked by the router */
    const char *q = query_at(r, DIARY_LIST_Q)->text;
    dl_error e = {0};
    diary_rec *rows = arena_alloc(r->a, sizeof *rows * PAGE_SIZE);
    int n = 0;
    int64_t total = 0;
    if (!rows || diary_list(r->db, r->a, 0, q, PAGE_SIZE, (int)((page - 1) * PAGE_SIZE), rows, &n, &total, &e) != DL_OK) {
        res_error(r, DL_EDB, "Databasen svarar inte just nu. Försök igen om en stund.");
        return;
    }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    diary_rows_to_ctx(r, c, "entries", rows, n);
    int64_t pages = total ? (total + PAGE_SIZE - 1) / PAGE_SIZE : 1;
    tmpl_set_int(c, "total", total);
    tmpl_set_str(c, "q", q);
    tmpl_set_bool(c, "searched", q && *q);
    tmpl_set_int(c, "page", page);
    tmpl_set_int(c, "pages", pages);
    tmpl_set_bool(c, "has_prev", page > 1);
    tmpl_set_bool(c, "has_next", page < pages);
    tmpl_set_int(c, "prev_page", page - 1);
    tmpl_set_int(c, "next_page", page + 1);
    res_page(r, 200, "diary_list.html", "Diarium", c);
}

void h_diary_entry(request *r)
{
    diary_rec d;
    if (!load_entry(r, &d)) return;
    int full = d.confidential && may_read_confidential(r, &d);
    if (full && !audit_confidential_read(r, &d)) return;
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    fill_row(r, c, &d, full);
    tmpl_set_bool(c, "shown_in_full", full);
    authz_object obj = {.node_path = d.org_path, .state = -1};
    tmpl_set_bool(c, "may_correct", authz_may(&r->subject, ACT_DIARY_CORRECT, &obj));
    res_page(r, 200, "diary_entry.html", "Diarieförd handling", c);
}

/* The form, for a new entry or a correction (corrects set). */
static void diary_form(request *r, int status, const char *error, const diary_rec *corrects)
{
    int n = 0;
    org_node_rec *nodes = load_org_tree(r, &n);
    if (!nodes) return;
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    int64_t chosen = r->form.n ? form_at(&r->form, DIARY_ORG)->num : (corrects ? corrects->org_id : 0);
    int n_orgs = 0;
    tmpl_set_list(c, "orgs");
    for (int i = 0; i < n; i++) {
        authz_object obj = {.node_path = nodes[i].path, .state = -1};
        if (nodes[i].parent_id != 0 || !authz_may(&r->subject, ACT_DIARY_REGISTER, &obj)) continue;
        if (corrects && nodes[i].id != corrects->org_id) continue;
        tmpl_ctx *row = tmpl_list_append(c, "orgs");
        if (!row) break;
        tmpl_set_int(row, "org_id", nodes[i].id);
        tmpl_set_str(row, "org_label", nodes[i].name);
        tmpl_set_bool(row, "selected", nodes[i].id == chosen);
        n_orgs++;
    }
    tmpl_set_bool(c, "no_orgs", n_orgs == 0);
    tmpl_set_str(c, "error", error ? error : "");
    const char *dir = r->form.n ? form_text_at(&r->form, DIARY_DIRECTION) : (corrects ? corrects->direction : "in");
    tmpl_set_list(c, "directions");
    for (int i = 0; i < DIARY_DIRECTION__MAX; i++) {
        tmpl_ctx *row = tmpl_list_append(c, "directions");
        if (!row) break;
        tmpl_set_str(row, "key", diary_direction_keys[i]);
        tmpl_set_str(row, "label", tr(r, diary_direction_label_sv(diary_direction_keys[i])));
        tmpl_set_bool(row, "checked", dir && strcmp(dir, diary_direction_keys[i]) == 0);
    }
    tmpl_set_str(c, "doc_date_value", r->form.n ? form_text_at(&r->form, DIARY_DOC_DATE) : corrects ? corrects->doc_date : "");
    tmpl_set_str(c, "counterpart_value", r->form.n ? form_text_at(&r->form, DIARY_COUNTERPART) : corrects ? corrects->counterpart : "");
    tmpl_set_str(c, "subject_value", r->form.n ? form_text_at(&r->form, DIARY_SUBJECT) : corrects ? corrects->subject : "");
    tmpl_set_str(c, "legal_ref_value", r->form.n ? form_text_at(&r->form, DIARY_LEGAL_REF) : corrects ? corrects->legal_ref : "");
    tmpl_set_bool(c, "confidential_checked", r->form.n ? form_at(&r->form, DIARY_CONFIDENTIAL)->num : corrects ? corrects->confidential : 0);
    if (corrects) {
        tmpl_set_int(c, "corrects_id", corrects->id);
        tmpl_set_str(c, "corrects_number", corrects->number);
        tmpl_set_str(c, "form_action", arena_printf(r->a, "/diarium/%" PRId64 "/correct", corrects->id));
    } else {
        tmpl_set_str(c, "form_action", "/diarium");
    }
    res_page(r, status, "diary_form.html", corrects ? "Rätta en registrering" : "Registrera handling", c);
}

void h_diary_new_form(request *r) { diary_form(r, 200, NULL, NULL); }

static void register_from_form(request *r, const diary_rec *corrects)
{
    if (r->form.n_errors) { diary_form(r, http_status_of(DL_EINVAL), r->form.first_error, corrects); return; }
    diary_input in = {
        .org_id = form_at(&r->form, DIARY_ORG)->num,
        .doc_date = form_text_at(&r->form, DIARY_DOC_DATE),
        .direction = form_text_at(&r->form, DIARY_DIRECTION),
        .counterpart = form_text_at(&r->form, DIARY_COUNTERPART),
        .subject = form_text_at(&r->form, DIARY_SUBJECT),
        .confidential = (int)form_at(&r->form, DIARY_CONFIDENTIAL)->num,
        .legal_ref = form_text_at(&r->form, DIARY_LEGAL_REF),
        .corrects_id = corrects ? corrects->id : 0,
    };
    dl_error e = {0};
    dl_error_clear(&e);
    org_node_rec org;
    dl_err orc = org_get(r->db, r->a, in.org_id, &org, &e);
    if (orc != DL_OK && orc != DL_ENOTFOUND) { res_error_from(r, orc, &e); return; }
    if (orc != DL_OK) { diary_form(r, http_status_of(DL_EINVAL), tr(r, "Diariet finns inte."), corrects); return; }
    authz_object obj = {.node_path = org.path, .state = -1};
    if (!authz_may(&r->subject, corrects ? ACT_DIARY_CORRECT : ACT_DIARY_REGISTER, &obj)) {
        res_error(r, DL_EDENIED, "Du får inte registrera i det diariet.");
        return;
    }
    if (corrects && corrects->org_id != in.org_id) { diary_form(r, http_status_of(DL_EINVAL), tr(r, "En rättelse registreras i samma diarium som originalet."), corrects); return; }
    audit_actor who = actor_of(r);
    int64_t id = 0;
    char number[DIARY_NUMBER_MAX];
    dl_err rc = diary_register(r->db, &in, &who, &id, number, &e);
    if (rc != DL_OK) { diary_form(r, http_status_of(rc), error_message(r, rc, &e), corrects); return; }
    char loc[64];
    snprintf(loc, sizeof loc, "/diarium/%" PRId64, id);
    res_redirect(r, loc);
}

void h_diary_create(request *r) { register_from_form(r, NULL); }

static int load_corrected(request *r, diary_rec *d)
{
    if (!load_entry(r, d)) return 0;
    authz_object obj = {.node_path = d->org_path, .state = -1};
    if (!authz_may(&r->subject, ACT_DIARY_CORRECT, &obj)) { res_error(r, DL_EDENIED, "Du får inte rätta registreringar i det diariet."); return 0; }
    return 1;
}

void h_diary_correct_form(request *r)
{
    diary_rec d;
    if (!load_corrected(r, &d)) return;
    /* The form shows the masked fields in full: an audited read. */
    if (d.confidential && !audit_confidential_read(r, &d)) return;
    diary_form(r, 200, NULL, &d);
}

void h_diary_correct(request *r)
{
    diary_rec d;
    if (load_corrected(r, &d)) register_from_form(r, &d);
}
