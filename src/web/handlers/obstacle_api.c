/* obstacle_api.c — POST /api/v1/obstacles: an obstacle reported by
 * another system (a region's own form, a survey tool), as a JSON object
 * with the report form's fields (handlers/obstacle_fields.h; the router
 * reads the JSON into the same field table, web/json_form.h). The caller
 * is anonymous — the route reads no cookie — so it gets the same
 * follow-up link a person does, and the same flood limit. Answers 201
 * with the reference and the link, or an error object with a sentence.
 * Described in docs/openapi.yaml. */
#include "web/handlers/handlers.h"
#include "web/handlers/obstacle_fields.h"
#include "web/handlers/obstacle_intake.h"
#include "web/app.h"
#include "core/clock.h"

#include <jansson.h>
#include <stdlib.h>

/* The first field the check refused, by its name in the API. */
static const char *first_bad_field(const form *f)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->values[i].error) return f->values[i].name;
    return NULL;
}

void h_api_obstacle_create(request *r)
{
    const form *f = &r->form;
    const char *refusal = obstacle_trap_refusal(f);
    if (refusal) { res_error_field(r, DL_EREQUEST, refusal, obstacle_fields[OBSTACLE_TRAP].name); return; }
    if (f->n_errors) { res_error_field(r, DL_EINVAL, f->first_error, first_bad_field(f)); return; }
    if ((refusal = obstacle_category_refusal(r, f))) {
        res_error_field(r, DL_EINVAL, refusal, obstacle_fields[OBSTACLE_CATEGORY].name);
        return;
    }
    if ((refusal = obstacle_flood_refusal(r))) { res_error(r, DL_ELOCKED, refusal); return; }
    obstacle_report in = obstacle_report_from_form(f);
    audit_actor who = actor_of(r);
    int64_t id = 0;
    char token[65], ref[24];
    dl_error e = {0};
    dl_err rc = obstacle_create(r->db, &in, &who, clock_now(), &id, token, &e);
        if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    obstacle_reference(id, ref);
    json_t *doc = json_pack("{s:s, s:s, s:s}", "reference", ref, "state", obstacle_state_key(OBSTACLE_RECEIVED),
                            "follow_url", arena_printf(r->a, "%s/hinder/folj?t=%s", r->app->cfg->public_url, token));
    char *text = doc ? json_dumps(doc, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
    json_decref(doc);
    if (!text) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    res_header(r, "Location", arena_printf(r->a, "/hinder/folj?t=%s", token));
    res_json(r, 201, text);
    free(text);
}
