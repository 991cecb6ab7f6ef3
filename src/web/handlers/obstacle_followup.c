/* obstacle_followup.c — GET /hinder/uppfoljning, the follow-up of the
 * obstacles for the analysts (ACT_OBSTACLE_TRIAGE; issue 13 item 6): the
 * open obstacles counted by how long ago they came in and by the body
 * responsible for them, and the list of those that have had no step for
 * --obstacle-stale-days days (store/obstacle_followup.h), each linked to
 * its page in the triage. */
#include "web/handlers/handlers.h"
#include "web/app.h"
#include "core/clock.h"
#include "store/obstacle_followup.h"

static const char *const age_group_labels[FOLLOWUP_AGE_GROUPS] = {
    "0–7 dagar", "8–30 dagar", "31–90 dagar", "91–365 dagar", "Mer än ett år",
};

static void body_to_ctx(request *r, tmpl_ctx *row, const followup_body *b)
{
    tmpl_set_str(row, "body", *b->body ? b->body : tr(r, "Ingen ansvarig aktör ännu"));
    tmpl_set_bool(row, "no_body", !*b->body);
    tmpl_set_list(row, "ages");
    for (int g = 0; g < FOLLOWUP_AGE_GROUPS; g++) {
        tmpl_ctx *cell = tmpl_list_append(row, "ages");
        if (cell) tmpl_set_str(cell, "n", count_text(r, b->by_age[g]));
    }
    tmpl_set_str(row, "open", count_text(r, b->open));
    tmpl_set_str(row, "stale", count_text(r, b->stale));
    tmpl_set_bool(row, "has_stale", b->stale > 0);
    tmpl_set_str(row, "oldest", count_text(r, b->oldest_days));
}

void h_obstacle_followup(request *r)
{
    int64_t now = clock_now();
    int stale_days = r->app->cfg->obstacle_stale_days;
    followup_body *bodies = arena_alloc(r->a, sizeof *bodies * FOLLOWUP_BODIES_MAX), total;
    followup_stale *stale = arena_alloc(r->a, sizeof *stale * FOLLOWUP_STALE_MAX);
    if (!bodies || !stale) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    int n_bodies = 0, n_stale = 0;
    dl_error e = {0};
    dl_err rc = obstacle_followup_by_body(r->db, r->a, now, stale_days, bodies, FOLLOWUP_BODIES_MAX, &n_bodies, &total, &e);
    if (rc == DL_OK) rc = obstacle_followup_stale(r->db, r->a, now, stale_days, stale, FOLLOWUP_STALE_MAX, &n_stale, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_int(c, "stale_days", stale_days);
    tmpl_set_list(c, "age_groups");
    for (int g = 0; g < FOLLOWUP_AGE_GROUPS; g++) {
        tmpl_ctx *h = tmpl_list_append(c, "age_groups");
        if (h) tmpl_set_str(h, "label", tr(r, age_group_labels[g]));
    }
    tmpl_set_list(c, "bodies");
    for (int i = 0; i < n_bodies; i++) {
        tmpl_ctx *row = tmpl_list_append(c, "bodies");
        if (row) body_to_ctx(r, row, &bodies[i]);
    }
    tmpl_ctx *t = tmpl_list_append(c, "total");
    if (t) body_to_ctx(r, t, &total);
    tmpl_set_bool(c, "any_open", total.open > 0);
    tmpl_set_str(c, "stale_count", count_text(r, n_stale));
    tmpl_set_bool(c, "stale_full", n_stale == FOLLOWUP_STALE_MAX);
    tmpl_set_list(c, "stale_rows");
    for (int i = 0; i < n_stale; i++) {
        tmpl_ctx *row = tmpl_list_append(c, "stale_rows");
        if (!row) break;
        char ref[24];
        obstacle_reference(stale[i].id, ref);
        tmpl_set_int(row, "id", stale[i].id);
        tmpl_set_str(row, "reference", ref);
        tmpl_set_str(row, "state_key", obstacle_state_key(stale[i].state));
        tmpl_set_str(row, "state", tr(r, obstacle_state_label_sv(stale[i].state)));
        tmpl_set_str(row, "category", obstacle_category_label_of(r, stale[i].category));
        tmpl_set_str(row, "body", *stale[i].body ? stale[i].body : "–");
        tmpl_set_str(row, "waiting", count_text(r, stale[i].days_since_step));
        tmpl_set_str(row, "age", count_text(r, stale[i].age_days));
    }
    res_page(r, 200, "obstacle_followup.html", "Uppföljning av hinder", c);
}
