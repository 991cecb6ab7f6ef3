/* holder_profile.c — GET /api/v1/holder-profile (issue 15 item 4;
 * docs/holder-feeds.md): this installation's process description and
 * lead-time figures as a machine-readable feed, so that a national
 * installation (or anyone) can compare data holders before applying. For
 * each organisation (a root of the tree): the steps of the release case
 * (core/case_flow.h's states with their Swedish names and target times,
 * store/case_targets.h), what a request needs before it can be sent
 * (core/case_request.h), the fee schedule when it charges
 * (store/case_estimate.h) and the lead time from a complete application
 * to the decision per process, median and 90th percentile
 * (store/cases.h case_lead_times), and per step and from receipt to
 * delivery over closed cases (store/case_step_stats.h), the steps' also
 * per process (lead_by_process, version 2), each null when fewer
 * than SMALL_COUNT_MIN cases (core/small_counts.h). Public; no single case
 * shows. */
#include "web/handlers/handlers.h"
#include "core/case_flow.h"
#include "core/case_request.h"
#include "core/clock.h"
#include "core/small_counts.h"
#include "store/case_estimate.h"
#include "store/case_step_stats.h"
#include "store/case_targets.h"
#include "store/cases.h"
#include "store/org.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define HOLDER_ORGS_MAX 512
#define PROFILE_FORMAT "datalots-holder-profile/1"
/* Additions a reader of format /1 may ignore raise the version: 2 added
 * each step's lead_by_process. A change that breaks /1 gets a new format. */
#define PROFILE_VERSION 2

static json_t *days_or_null(double d) { return isfinite(d) ? json_real((double)(int64_t)(d * 10.0 + 0.5) / 10.0) : json_null(); }

static json_t *target_json(const case_target *t)
{
    if (!t->days) return json_null();
    return json_pack("{s:i, s:s}", "days", t->days, "unit", t->unit == DUE_CALENDAR_DAYS ? "calendar_days" : "working_days");
}

/* {cases, median_days, p90_days}, all null under SMALL_COUNT_MIN cases. */
static json_t *figure_json(const case_lead_time *l)
{
    int shown = l->n >= SMALL_COUNT_MIN;
    return json_pack("{s:o, s:o, s:o}", "cases", shown ? json_integer(l->n) : json_null(), "median_days",
                     shown ? days_or_null(l->median_days) : json_null(), "p90_days",
                     shown ? days_or_null(l->p90_days) : json_null());
}

static json_t *org_profile(request *r, const org_node_rec *o, dl_error *e, dl_err *rc)
{
    case_target targets[CASE_TARGETS];
    case_lead_time lead[3];
    fee_schedule fees;
    int charges = 0;
    if ((*rc = case_targets_get(r->db, o->id, targets, e)) != DL_OK) return NULL;
    if ((*rc = case_lead_times(r->db, o->id, lead, e)) != DL_OK) return NULL;
    if ((*rc = fee_schedule_get(r->db, o->id, &charges, &fees, e)) != DL_OK) return NULL;
    case_step_stat per_step[CASE_STATE__MAX], delivery, by_process[2][CASE_STATE__MAX], unused;
    if ((*rc = case_step_stats(r->db, o->id, 0, per_step, &delivery, e)) != DL_OK) return NULL;
    for (int p = 0; p < 2; p++)
        if ((*rc = case_step_stats(r->db, o->id, p + 1, by_process[p], &unused, e)) != DL_OK) return NULL;
    json_t *steps = json_array(), *needs = json_array(), *times = json_array();
    for (int s = 0; s < CASE_STATE__MAX && steps; s++) {
        if (s == CASE_DRAFT) continue;
        int open = case_state_is_open((case_state)s);
        /* version 2: the same per process, as for the decision */
        json_t *split = open ? json_pack("{s:o, s:o}", "1", figure_json(&by_process[0][s]), "2",
                                         figure_json(&by_process[1][s]))
                             : json_null();
        json_array_append_new(steps, json_pack("{s:s, s:s, s:b, s:o, s:o, s:o}", "key", case_state_key((case_state)s),
                                               "label", case_state_label_sv((case_state)s), "closed", !open, "target",
                                               case_target_applies(s) ? target_json(&targets[s]) : json_null(), "lead",
                                               open ? figure_json(&per_step[s]) : json_null(), "lead_by_process",
                                               split));
    }
    for (int f = 0; f < REQ__MAX && needs; f++)
        if (case_request_fields[f].needed_to_send)
            json_array_append_new(needs, json_pack("{s:s, s:s}", "key", case_request_fields[f].key, "label",
                                                   case_request_fields[f].label_sv));
    static const char *const procs[3] = {"all", "1", "2"};
    for (int p = 0; p < 3 && times; p++) {
        json_t *f = figure_json(&lead[p]);
        if (f) json_object_set_new(f, "process", json_string(procs[p]));
        if (f) json_object_set_new(f, "measure", json_string("complete_application_to_decision"));
        json_array_append_new(times, f);
    }
    json_t *dl = figure_json(&delivery);
    if (dl) json_object_set_new(dl, "process", json_string("all"));
    if (dl) json_object_set_new(dl, "measure", json_string("receipt_to_delivery"));
    if (times) json_array_append_new(times, dl);
    json_t *fee = charges ? json_pack("{s:b, s:f, s:f, s:i}", "charges", 1, "base_kronor", (double)fees.base_ore / 100.0,
                                      "hourly_kronor", (double)fees.hourly_ore / 100.0, "vat_percent", fees.vat_percent)
                          : json_pack("{s:b}", "charges", 0);
    json_t *org = json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)o->id, "name", o->name,
                            "process_page", arena_printf(r->a, "/process/%lld", (long long)o->id), "steps", steps,
                            "decision_target", target_json(&targets[CASE_TARGET_DECISION]), "needed_to_send", needs,
                            "fees", fee, "lead_times", times);
    if (!org) *rc = dl_fail(e, DL_ENOMEM, "out of memory");
    return org;
}

void h_api_holder_profile(request *r)
{
    org_node_rec *nodes = arena_alloc(r->a, sizeof *nodes * HOLDER_ORGS_MAX);
    int n = 0;
    dl_error e = {0};
    dl_err rc = nodes ? org_list(r->db, r->a, nodes, HOLDER_ORGS_MAX, &n, &e) : DL_ENOMEM;
    json_t *orgs = json_array();
    for (int i = 0; i < n && rc == DL_OK && orgs; i++) {
        if (nodes[i].parent_id != 0) continue;
        json_t *o = org_profile(r, &nodes[i], &e, &rc);
        if (o) json_array_append_new(orgs, o);
    }
    char now[32];
    clock_iso_utc(clock_now(), now);
    json_t *doc = rc == DL_OK && orgs ? json_pack("{s:s, s:i, s:s, s:i, s:o}", "format", PROFILE_FORMAT, "version", PROFILE_VERSION, "generated_at", now,
                                                  "suppressed_below", SMALL_COUNT_MIN, "organisations", orgs)
                                      : NULL;
    if (!doc) json_decref(orgs);
    char *text = doc ? json_dumps(doc, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
    json_decref(doc);
    char *body = text ? arena_strdup(r->a, text) : NULL;
    free(text);
    if (!body) { res_error(r, DL_EDB, "Uppgifterna om processen kunde inte tas fram just nu. Försök igen om en stund."); return; }
    res_header(r, "Access-Control-Allow-Origin", "*");
    res_json(r, 200, body);
}
