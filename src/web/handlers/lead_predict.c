/* lead_predict.c — /process/{id}/prognos: before applying, the lead time a
 * request like yours can expect at this organisation (core/lead_predict.h):
 * a form (GET, works without JavaScript) describing the request — process,
 * units, kinds of data, cost estimate, each optional — and, per step and
 * for the whole, the median and the 80 % interval in days with the number
 * of decided cases it rests on, or "too few cases to say". Public; the
 * answer is kept in the page cache per address. */
#include "web/handlers/handlers.h"
#include "web/handlers/lead_predict_fields.h"
#include "core/case_portal.h"
#include "store/lead_history.h"
#include "store/org.h"

#include <inttypes.h>
#include <stdlib.h>

static void range_to_ctx(request *r, tmpl_ctx *row, const char *label, const lead_range *x)
{
    tmpl_set_str(row, "label", label);
    tmpl_set_bool(row, "known", x->n > 0);
    tmpl_set_int(row, "n", x->n);
    tmpl_set_str(row, "median", arena_printf(r->a, "%" PRId64, case_span_days(x->median)));
    tmpl_set_str(row, "low", arena_printf(r->a, "%" PRId64, case_span_days(x->low)));
    tmpl_set_str(row, "high", arena_printf(r->a, "%" PRId64, case_span_days(x->high)));
}

/* A count typed in a number box: 0 when left empty, 1..1000, else -1. */
static int count_of(const char *text)
{
    if (!text || !*text) return 0;
    int n = 0;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9' || n > 1000) return -1;
        n = n * 10 + (*p - '0');
    }
    return n >= 1 && n <= 1000 ? n : -1;
}

void h_lead_predict(request *r)
{
    int64_t id = req_param_id(r, 0);
    dl_error e = {0};
    org_node_rec o;
    dl_err rc = id ? org_get(r->db, r->a, id, &o, &e) : DL_ENOTFOUND;
    if (rc != DL_OK || o.parent_id != 0) {
        res_lookup_failed(r, rc, &e, "Det finns ingen sådan organisation.");
        return;
    }
    lead_features q = {.estimate = -1};
    const form_value *v = query_at(r, LEAD_Q_PROCESS);
    if (v->text && v->num > 0) q.process = (int)v->num; /* "1" is index 1, "2" index 2 */
    if ((q.units = count_of(query_at(r, LEAD_Q_UNITS)->text)) < 0) {
        res_error(r, DL_EREQUEST, "Ange antalet vårdenheter som ett heltal från 1 till 1000, eller lämna fältet tomt.");
        return;
    }
    if ((q.data_kinds = count_of(query_at(r, LEAD_Q_KINDS)->text)) < 0) {
        res_error(r, DL_EREQUEST, "Ange antalet slags uppgifter som ett heltal från 1 till 1000, eller lämna fältet tomt.");
        return;
    }
    v = query_at(r, LEAD_Q_ESTIMATE);
    if (v->text && v->num > 0) q.estimate = v->num == 1; /* "ja" */
    lead_case *h = NULL;
    int64_t *ids = NULL;
    int n = 0;
    rc = lead_history(r->db, o.id, &h, &ids, &n, &e);
    int64_t *scratch = rc == DL_OK ? malloc(sizeof *scratch * (size_t)(n > 0 ? n : 1)) : NULL;
    if (rc == DL_OK && !scratch) rc = dl_fail(&e, DL_ENOMEM, "out of memory");
    lead_prediction p;
    if (rc == DL_OK) lead_predict(h, n, &q, scratch, &p);
    free(h);
    free(ids);
    free(scratch);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_int(c, "org_id", o.id);
    tmpl_set_str(c, "org_name", o.name);
    tmpl_set_int(c, "decided", n);
    tmpl_set_str(c, "q_process", q.process ? arena_printf(r->a, "%d", q.process) : "");
    tmpl_set_str(c, "q_units", q.units ? arena_printf(r->a, "%d", q.units) : "");
    tmpl_set_str(c, "q_kinds", q.data_kinds ? arena_printf(r->a, "%d", q.data_kinds) : "");
    tmpl_set_bool(c, "q_p1", q.process == 1);
    tmpl_set_bool(c, "q_p2", q.process == 2);
    tmpl_set_bool(c, "q_est_yes", q.estimate == 1);
    tmpl_set_bool(c, "q_est_no", q.estimate == 0);
    tmpl_set_bool(c, "too_few", p.likeness == LEAD_TOO_FEW);
    static const char *const likeness_sv[] = {
        "ärenden som liknar ditt i allt du angett",
        "ärenden som liknar ditt i process, antal enheter och kostnadsberäkning (inte i slags uppgifter: för få sådana)",
        "ärenden som liknar ditt i process och kostnadsberäkning (för få som också liknar i enheter och uppgifter)",
        "ärenden i samma process (för få som liknar ditt i mer än så)",
    };
    if (p.likeness != LEAD_TOO_FEW) {
        tmpl_set_int(c, "alike", p.n);
        tmpl_set_str(c, "likeness", tr(r, likeness_sv[p.likeness]));
        tmpl_set_list(c, "steps");
        for (int s = 0; s < CASE_STATE__MAX; s++) {
            if (!case_state_is_open((case_state)s) || s == CASE_DRAFT) continue;
            if (!p.step[s].n) continue;
            range_to_ctx(r, tmpl_list_append(c, "steps"), tr(r, case_state_label_sv((case_state)s)), &p.step[s]);
        }
        range_to_ctx(r, tmpl_list_append(c, "wholes"), tr(r, "Från komplett ansökan till beslut (utan väntan på dig)"), &p.ehds);
        range_to_ctx(r, tmpl_list_append(c, "wholes"), tr(r, "Från inkommen ansökan till leverans"), &p.delivery);
    }
    tmpl_set_int(c, "min_cases", LEAD_MIN_CASES);
    res_page(r, 200, "lead_predict.html", "Förväntad handläggningstid", c);
}
