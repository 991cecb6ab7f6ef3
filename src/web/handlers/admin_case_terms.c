/* admin_case_terms.c — /admin/case-terms: an organisation's target time for
 * each step of a release case (store/case_targets.h: working or calendar
 * days; the defaults shown until changed) and its fee schedule for
 * extractions (store/case_estimate.h: whether it charges, base fee, hourly
 * rate, VAT). For administrators at the organisation's node
 * (ACT_ORG_MANAGE there); the organisations offered are the förvaltningar
 * they cover. */
#include "web/handlers/handlers.h"
#include "web/handlers/case_terms_fields.h"
#include "core/fee.h"
#include "store/case_estimate.h"
#include "store/case_targets.h"
#include "store/org.h"

#include <inttypes.h>
#include <string.h>

static int may_manage(request *r, const org_node_rec *o)
{
    authz_object obj = {.node_path = o->path, .state = -1};
    return authz_may(&r->subject, ACT_ORG_MANAGE, &obj);
}

/* The organisation asked for (?org= or the path's id), else the first the
 * administrator covers; NULL (answered) when there is none or it is not theirs. */
static const org_node_rec *chosen_org(request *r, int64_t want, org_node_rec *nodes, int n)
{
    for (int i = 0; i < n; i++) {
        if (nodes[i].kind != ORG_FORVALTNING || !may_manage(r, &nodes[i])) continue;
        if (!want || nodes[i].id == want) return &nodes[i];
    }
    if (want) res_error(r, DL_ENOTFOUND, "Det finns ingen sådan organisation som du administrerar.");
    else res_error(r, DL_EDENIED, "Du administrerar ingen organisation.");
    return NULL;
}

static void terms_page(request *r, int status, const char *error, int64_t want)
{
    int n_nodes = 0;
    org_node_rec *nodes = load_org_tree(r, &n_nodes);
    if (!nodes) return;
    const org_node_rec *org = chosen_org(r, want, nodes, n_nodes);
    if (!org) return;
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    case_target t[CASE_TARGETS];
    fee_schedule fs;
    int charges = 0;
    dl_error e = {0};
    dl_err rc = case_targets_get(r->db, org->id, t, &e);
    if (rc == DL_OK) rc = fee_schedule_get(r->db, org->id, &charges, &fs, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    tmpl_set_str(c, "error", error ? error : "");
    tmpl_set_int(c, "org_id", org->id);
    tmpl_set_str(c, "org_name", org->name);
    tmpl_set_list(c, "orgs");
    for (int i = 0; i < n_nodes; i++) {
        if (nodes[i].kind != ORG_FORVALTNING || !may_manage(r, &nodes[i])) continue;
        tmpl_ctx *o = tmpl_list_append(c, "orgs");
        if (!o) break;
        tmpl_set_int(o, "oid", nodes[i].id);
        tmpl_set_str(o, "oname", nodes[i].name);
        tmpl_set_bool(o, "osel", nodes[i].id == org->id);
    }
    tmpl_set_list(c, "targets");
    for (int s = 0; s < CASE_TARGETS; s++) {
        if (!case_target_applies(s)) continue;
        tmpl_ctx *o = tmpl_list_append(c, "targets");
        if (!o) break;
        tmpl_set_str(o, "skey", case_target_key(s));
        tmpl_set_str(o, "slabel", s == CASE_TARGET_DECISION
                                      ? tr(r, "Hela ärendet: från komplett ansökan till beslut (EHDS)")
                                      : tr(r, case_state_label_sv((case_state)s)));
        tmpl_set_int(o, "sdays", t[s].days);
        tmpl_set_bool(o, "scalendar", t[s].unit == DUE_CALENDAR_DAYS);
        tmpl_set_bool(o, "sdefault", t[s].is_default);
        tmpl_set_bool(o, "sapplicant", s < CASE_STATE__MAX && case_state_is_waiting_for_applicant((case_state)s));
    }
    char base[48], hourly[48];
    fee_format_kronor(fs.base_ore, base, sizeof base);
    fee_format_kronor(fs.hourly_ore, hourly, sizeof hourly);
    tmpl_set_bool(c, "charges", charges);
    tmpl_set_str(c, "base", arena_strdup(r->a, base));
    tmpl_set_str(c, "hourly", arena_strdup(r->a, hourly));
    tmpl_set_list(c, "vats");
    for (int k = 0; case_terms_vat_keys[k]; k++) {
        tmpl_ctx *o = tmpl_list_append(c, "vats");
        if (!o) break;
        tmpl_set_str(o, "vkey", case_terms_vat_keys[k]);
        tmpl_set_bool(o, "vsel", case_terms_vat_percent[k] == fs.vat_percent);
    }
    res_page(r, status, "case_terms.html", "Handläggningstider och avgifter", c);
}

void h_case_terms(request *r)
{
    const form_value *q = query_at(r, CT_Q_ORG);
    terms_page(r, 200, NULL, q->text ? q->num : 0);
}

/* The organisation of a POST's path, checked; NULL when answered. */
static const org_node_rec *posted_org(request *r)
{
    int n_nodes = 0;
    org_node_rec *nodes = load_org_tree(r, &n_nodes);
    if (!nodes) return NULL;
    int64_t id = req_param_id(r, 0);
    if (!id) { res_error(r, DL_ENOTFOUND, "Det finns ingen sådan organisation."); return NULL; }
    return chosen_org(r, id, nodes, n_nodes);
}

void h_case_targets_save(request *r)
{
    const org_node_rec *org = posted_org(r);
    if (!org) return;
    if (r->form.n_errors) { terms_page(r, http_status_of(DL_EINVAL), r->form.first_error, org->id); return; }
    case_target t[CASE_TARGETS];
    for (int s = 0; s < CASE_TARGETS; s++) {
        const form_value *days = form_at(&r->form, CT_F_DAYS + s), *unit = form_at(&r->form, CT_F_UNIT + s);
        t[s] = (case_target){(int)days->num, unit->text ? (due_unit)unit->num : DUE_WORKING_DAYS, 0};
        if (case_target_applies(s) && !days->text) {
            terms_page(r, http_status_of(DL_EINVAL), tr(r, "Ange antal dagar för varje steg (0 till 3650)."), org->id);
            return;
        }
    }
    dl_error e = {0};
    audit_actor who = actor_of(r);
    dl_err rc = case_targets_set(r->db, org->id, t, &who, &e);
    if (rc != DL_OK) { terms_page(r, http_status_of(rc), error_message(r, rc, &e), org->id); return; }
    redirect_local(r, arena_printf(r->a, "/admin/case-terms?org=%" PRId64, org->id));
}

void h_fee_schedule_save(request *r)
{
    const org_node_rec *org = posted_org(r);
    if (!org) return;
    if (r->form.n_errors) { terms_page(r, http_status_of(DL_EINVAL), r->form.first_error, org->id); return; }
    int charges = (int)form_at(&r->form, FEE_F_CHARGES)->num;
    const char *base = form_at(&r->form, FEE_F_BASE)->text, *hourly = form_at(&r->form, FEE_F_HOURLY)->text;
    fee_schedule fs = {0, 0, case_terms_vat_percent[form_at(&r->form, FEE_F_VAT)->num]};
    if ((base && *base && !fee_parse_kronor(base, &fs.base_ore)) ||
        (hourly && *hourly && !fee_parse_kronor(hourly, &fs.hourly_ore))) {
        terms_page(r, http_status_of(DL_EINVAL), tr(r, "Skriv grundavgift och timtaxa i kronor, till exempel 1500 eller 950,50 "
                                 "(högst två decimaler, inga minustecken)."), org->id);
        return;
    }
    if (charges && fs.base_ore == 0 && fs.hourly_ore == 0) {
        terms_page(r, http_status_of(DL_EINVAL), tr(r, "Ange grundavgift eller timtaxa, eller ta bort bocken för att organisationen tar ut avgift."),
                   org->id);
        return;
    }
    dl_error e = {0};
    audit_actor who = actor_of(r);
    dl_err rc = fee_schedule_set(r->db, org->id, charges, &fs, &who, &e);
    if (rc != DL_OK) { terms_page(r, http_status_of(rc), error_message(r, rc, &e), org->id); return; }
    redirect_local(r, arena_printf(r->a, "/admin/case-terms?org=%" PRId64, org->id));
}
