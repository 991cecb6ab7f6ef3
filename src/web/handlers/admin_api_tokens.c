/* admin_api_tokens.c — /admin/api-tokens: the API tokens an administrator
 * may see (those at nodes their ACT_USER_MANAGE covers), a form that makes
 * one (its role at a node, as a person's role is given; shown once, on the
 * answer to the form, never in an address or a log) and a button that
 * revokes one. The store keeps only the token's hash (store/api_tokens.h). */
#include "web/handlers/handlers.h"
#include "web/handlers/api_token_fields.h"
#include "store/api_tokens.h"
#include "store/org.h"
#include "core/calendar.h"
#include "core/clock.h"

#include <inttypes.h>
#include <string.h>

static int may_manage_at(request *r, int64_t node_id, const char *node_path)
{
    authz_object obj = {.node_path = node_id ? node_path : NULL, .state = -1};
    return authz_may(&r->subject, ACT_USER_MANAGE, &obj);
}

static const char *day_of(request *r, int64_t t)
{
    if (t <= 0) return "";
    char iso[32];
    clock_iso_utc(t, iso);
    return local_time(r, arena_strdup(r->a, iso));
}

/* The page: the list, the form (with the new token once, or an error). */
static void tokens_page(request *r, int status, const char *error, const char *new_token, const char *new_name)
{
    int n_nodes = 0, n = 0;
    org_node_rec *nodes = load_org_tree(r, &n_nodes);
    if (!nodes) return;
    tmpl_ctx *c = page_ctx(r);
    api_token_rec *rows = NULL;
    dl_error e = {0};
    dl_err rc = api_token_list(r->db, r->a, &rows, &n, &e);
    if (rc == DL_OK && !c) rc = dl_fail(&e, DL_ENOMEM, "out of memory");
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    tmpl_set_str(c, "error", error ? error : "");
    tmpl_set_str(c, "new_token", new_token ? new_token : "");
    tmpl_set_str(c, "new_name", new_name ? new_name : "");
    int64_t now = clock_now();
    tmpl_set_list(c, "tokens");
    for (int i = 0; i < n; i++) {
        const api_token_rec *t = &rows[i];
        if (!may_manage_at(r, t->node_id, t->node_path)) continue;
        tmpl_ctx *row = tmpl_list_append(c, "tokens");
        if (!row) break;
        tmpl_set_int(row, "token_id", t->id);
        tmpl_set_str(row, "token_name", t->name);
        tmpl_set_str(row, "role_label", t->role < ROLE__MAX ? tr(r, role_label_sv(t->role)) : "?");
        tmpl_set_str(row, "node_name", t->node_id ? t->node_name : tr(r, "Hela installationen"));
        tmpl_set_str(row, "created_by", t->created_by_name[0] ? t->created_by_name : tr(r, "(från kommandoraden)"));
        tmpl_set_str(row, "created_at", local_time(r, t->created_at));
        /* The last day it holds (UTC): the day before expires_at, a midnight. */
        char last_day[11];
        cal_format_iso(cal_from_days(t->expires_at / 86400 - 1), last_day);
        tmpl_set_str(row, "expires", arena_strdup(r->a, last_day));
        tmpl_set_bool(row, "expired", now >= t->expires_at);
        tmpl_set_str(row, "last_used", t->last_used_at ? day_of(r, t->last_used_at) : tr(r, "aldrig"));
        tmpl_set_bool(row, "revoked", t->revoked_at[0] != 0);
        tmpl_set_str(row, "revoked_at", t->revoked_at[0] ? local_time(r, t->revoked_at) : "");
    }
    tmpl_set_list(c, "roles");
    for (int i = 0; role_keys[i]; i++) {
        tmpl_ctx *row = tmpl_list_append(c, "roles");
        if (!row) break;
        tmpl_set_str(row, "key", role_keys[i]);
        tmpl_set_str(row, "label", tr(r, role_label_sv((dl_role)i)));
    }
    if (may_manage_at(r, 0, NULL)) {
        tmpl_ctx *row = tmpl_list_append(c, "nodes");
        if (row) { tmpl_set_int(row, "node_id", 0); tmpl_set_str(row, "node_label", tr(r, "Hela installationen")); }
    }
    tmpl_set_list(c, "nodes");
    for (int i = 0; i < n_nodes; i++) {
        if (!may_manage_at(r, nodes[i].id, nodes[i].path)) continue;
        tmpl_ctx *row = tmpl_list_append(c, "nodes");
        if (!row) break;
        tmpl_set_int(row, "node_id", nodes[i].id);
        tmpl_set_str(row, "node_label", arena_printf(r->a, "%*s%s (%s)", nodes[i].depth * 2, "", nodes[i].name, nodes[i].code));
    }
    char min[11], max[11];
    int64_t today = now / 86400;
    cal_format_iso(cal_from_days(today + 1), min);
    cal_format_iso(cal_from_days(today + API_TOKEN_MAX_DAYS), max);
    tmpl_set_str(c, "expires_min", arena_strdup(r->a, min));
    tmpl_set_str(c, "expires_max", arena_strdup(r->a, max));
    res_page(r, status, "api_tokens.html", "API-nycklar", c);
}

void h_api_tokens(request *r) { tokens_page(r, 200, NULL, NULL, NULL); }

void h_api_token_create(request *r)
{
    if (r->form.n_errors) { tokens_page(r, http_status_of(DL_EINVAL), r->form.first_error, NULL, NULL); return; }
    const char *name = form_text_at(&r->form, API_TOKEN_F_NAME);
    dl_role role = (dl_role)form_at(&r->form, API_TOKEN_F_ROLE)->num; /* the index in role_keys */
    int64_t node = form_at(&r->form, API_TOKEN_F_NODE)->num;
    dl_error e = {0};
    dl_error_clear(&e);
    org_node_rec org;
    dl_err orc = node ? org_get(r->db, r->a, node, &org, &e) : DL_OK;
    if (orc != DL_OK && orc != DL_ENOTFOUND) { res_error_from(r, orc, &e); return; }
    if (orc != DL_OK) { tokens_page(r, http_status_of(DL_EINVAL), tr(r, "Enheten finns inte."), NULL, NULL); return; }
    if (!may_manage_at(r, node, node ? org.path : NULL)) {
        res_error(r, DL_EDENIED, "Du får inte skapa API-nycklar vid den enheten.");
        return;
    }
    int64_t expires_at = 0;
    const char *bad = api_token_check_expiry(form_text_at(&r->form, API_TOKEN_F_EXPIRES), clock_now(), &expires_at);
    if (bad) { tokens_page(r, http_status_of(DL_EINVAL), tr(r, bad), NULL, NULL); return; }
    char token[API_TOKEN_SIZE];
    int64_t id = 0;
    audit_actor who = actor_of(r);
    dl_err rc = api_token_create(r->db, &who, name, role, node, expires_at, token, &id, &e);
    if (rc != DL_OK) { tokens_page(r, http_status_of(rc), error_message(r, rc, &e), NULL, NULL); return; }
    /* Shown once, in this answer only (not cacheable, not in a redirect's address). */
    tokens_page(r, 201, NULL, arena_strdup(r->a, token), name);
    memset(token, 0, sizeof token);
}

void h_api_token_revoke(request *r)
{
    int64_t id = req_param_id(r, 0);
    api_token_rec t;
    dl_error e = {0};
    dl_err rc = id ? api_token_get(r->db, r->a, id, &t, &e) : DL_ENOTFOUND;
    if (rc == DL_ENOTFOUND) { res_error(r, DL_ENOTFOUND, "Det finns ingen sådan API-nyckel."); return; }
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    if (!may_manage_at(r, t.node_id, t.node_path)) { res_error(r, DL_EDENIED, "Du får inte återkalla API-nycklar vid den enheten."); return; }
    audit_actor who = actor_of(r);
    rc = api_token_revoke(r->db, &who, id, &e);
    if (rc != DL_OK) { tokens_page(r, http_status_of(rc), error_message(r, rc, &e), NULL, NULL); return; }
    res_redirect(r, "/admin/api-tokens");
}
