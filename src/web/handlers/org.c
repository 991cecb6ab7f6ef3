/* org.c — the organisation tree (public), adding units (admin of the parent
 * unit, or of the installation for a new förvaltning), and the audit view. */
#include "web/handlers/handlers.h"
#include "store/audit.h"
#include "store/org.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>


static void org_page(request *r, int status, const char *error)
{
    int n = 0;
    org_node_rec *nodes = load_org_tree(r, &n);
    if (!nodes) return;
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    int may_add_root = authz_may(&r->subject, ACT_ORG_MANAGE, NULL), may_add_any = may_add_root;
    if (may_add_root) {
        tmpl_ctx *p = tmpl_list_append(c, "parents");
        if (p) { tmpl_set_int(p, "node_id", 0); tmpl_set_str(p, "node_label", tr(r, "Ingen (ny förvaltning)")); }
    }
    tmpl_set_list(c, "nodes");
    tmpl_set_list(c, "parents");
    for (int i = 0; i < n; i++) {
        tmpl_ctx *row = tmpl_list_append(c, "nodes");
        if (!row) break;
        tmpl_set_int(row, "node_id", nodes[i].id);
        tmpl_set_str(row, "name", nodes[i].name);
        tmpl_set_str(row, "code", nodes[i].code);
        tmpl_set_str(row, "kind_label", tr(r, org_kind_label_sv(nodes[i].kind)));
        tmpl_set_int(row, "depth", nodes[i].depth);
        tmpl_set_str(row, "indent_class", nodes[i].depth == 0 ? "depth-0" : nodes[i].depth == 1 ? "depth-1" : "depth-2");
        tmpl_set_bool(row, "is_root", nodes[i].parent_id == 0);
        authz_object obj = {.node_path = nodes[i].path, .state = -1};
        tmpl_set_bool(row, "may_edit", authz_may(&r->subject, ACT_ORG_MANAGE, &obj));
        if (nodes[i].kind != ORG_VARDENHET && authz_may(&r->subject, ACT_ORG_MANAGE, &obj)) {
            may_add_any = 1;
            tmpl_ctx *p = tmpl_list_append(c, "parents");
            if (p) {
                tmpl_set_int(p, "node_id", nodes[i].id);
                tmpl_set_str(p, "node_label", arena_printf(r->a, "%s (%s)", nodes[i].name, nodes[i].code));
            }
        }
    }
    const char *kind = form_text_at(&r->form, ORG_NEW_KIND);
    tmpl_set_list(c, "kinds");
    for (int i = 0; i < ORG_KIND__MAX; i++) {
        tmpl_ctx *row = tmpl_list_append(c, "kinds");
        if (!row) break;
        tmpl_set_str(row, "key", org_kind_keys[i]);
        tmpl_set_str(row, "label", tr(r, org_kind_label_sv((org_kind)i)));
        tmpl_set_bool(row, "selected", kind && strcmp(kind, org_kind_keys[i]) == 0);
    }
    tmpl_set_bool(c, "may_add", may_add_any);
    tmpl_set_str(c, "error", error ? error : "");
    tmpl_set_str(c, "name_value", form_text_at(&r->form, ORG_NEW_NAME));
    tmpl_set_str(c, "code_value", form_text_at(&r->form, ORG_NEW_CODE));
    res_page(r, status, "org.html", "Organisation", c);
}

void h_org(request *r) { org_page(r, 200, NULL); }

void h_org_create(request *r)
{
    if (r->form.n_errors) { org_page(r, http_status_of(DL_EINVAL), r->form.first_error); return; }
    int64_t parent = form_at(&r->form, ORG_NEW_PARENT)->num;
    org_kind kind = (org_kind)form_at(&r->form, ORG_NEW_KIND)->num; /* the index in org_kind_keys */
    dl_error e = {0};
    dl_error_clear(&e);
    authz_object obj = {.node_path = NULL, .state = -1};
    org_node_rec p;
    if (parent) {
        dl_err orc = org_get(r->db, r->a, parent, &p, &e);
        if (orc != DL_OK && orc != DL_ENOTFOUND) { res_error_from(r, orc, &e); return; }
        if (orc != DL_OK) { org_page(r, http_status_of(DL_EINVAL), tr(r, "Den överordnade enheten finns inte.")); return; }
        obj.node_path = p.path;
    }
    if (!authz_may(&r->subject, ACT_ORG_MANAGE, &obj)) { res_error(r, DL_EDENIED, "Du får inte lägga till enheter där."); return; }
    const char *name = form_text_at(&r->form, ORG_NEW_NAME), *code = form_text_at(&r->form, ORG_NEW_CODE);
    audit_actor who = actor_of(r);
    dl_err rc = org_create_audited(r->db, &who, parent, kind, name, code, form_text_at(&r->form, ORG_NEW_DIARY_FORMAT), NULL, &e);
    if (rc != DL_OK) { org_page(r, http_status_of(rc), error_message(r, rc, &e)); return; }
    res_redirect(r, "/org");
}

void h_audit(request *r)
{
    if (!authz_may(&r->subject, ACT_AUDIT_VIEW, NULL)) { res_error(r, DL_EDENIED, "Bara en administratör för hela installationen kan se granskningsloggen."); return; }
    dl_error e = {0};
    audit_verdict v;
    if (audit_verify(r->db, &v, &e) != DL_OK) { res_error(r, DL_EDB, "Databasen svarar inte just nu."); return; }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_int(c, "rows", v.rows);
    tmpl_set_int(c, "first_bad", v.first_bad_seq);
    tmpl_set_str(c, "why", v.why);
    audit_rec *rows = arena_alloc(r->a, sizeof *rows * 100);
    int n = 0;
    if (!rows || audit_recent(r->db, r->a, 100, rows, &n, &e) != DL_OK) {
        res_error(r, DL_EDB, "Databasen svarar inte just nu.");
        return;
    }
    tmpl_set_list(c, "entries");
    for (int i = 0; i < n; i++) {
        tmpl_ctx *row = tmpl_list_append(c, "entries");
        if (!row) break;
        tmpl_set_int(row, "seq", rows[i].seq);
        tmpl_set_str(row, "at", rows[i].at);
        tmpl_set_str(row, "actor", rows[i].actor);
        tmpl_set_str(row, "action", rows[i].action);
        tmpl_set_str(row, "object", arena_printf(r->a, "%s %s", rows[i].object_type, rows[i].object_id));
        tmpl_set_str(row, "detail", rows[i].detail);
        tmpl_set_str(row, "hash", arena_printf(r->a, "%.12s…", rows[i].hash));
    }
    res_page(r, 200, "audit.html", "Granskningslogg", c);
}

/* One unit's edit page; after a stale edit (409) it shows what changed. */
static void org_unit_page(request *r, int64_t id, int status, const char *error)
{
    dl_error e = {0};
    org_node_rec o;
    dl_err rc = org_get(r->db, r->a, id, &o, &e);
    if (rc != DL_OK) { res_lookup_failed(r, rc, &e, "Enheten finns inte."); return; }
    authz_object obj = {.node_path = o.path, .state = -1};
    if (!authz_may(&r->subject, ACT_ORG_MANAGE, &obj)) { res_error(r, DL_EDENIED, "Du får inte ändra den enheten."); return; }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    const char *name_value = o.name, *format_value = o.diary_format;
    if (status == 409) {
        name_value = form_text_at(&r->form, ORG_EDIT_NAME);
        format_value = form_text_at(&r->form, ORG_EDIT_DIARY_FORMAT);
        add_change(r, c, "Namn", o.name, name_value);
        if (o.parent_id == 0) add_change(r, c, "Diarienummerformat", o.diary_format, format_value);
    }
    tmpl_set_int(c, "node_id", o.id);
    tmpl_set_int(c, "version", o.version);
    tmpl_set_str(c, "unit_name", o.name);
    tmpl_set_str(c, "code", o.code);
    tmpl_set_str(c, "kind_label", tr(r, org_kind_label_sv(o.kind)));
    tmpl_set_bool(c, "is_root", o.parent_id == 0);
    tmpl_set_str(c, "name_value", name_value);
    tmpl_set_str(c, "format_value", format_value);
    tmpl_set_str(c, "error", error ? error : "");
    res_page(r, status, "org_unit.html", "Ändra enhet", c);
}

void h_org_unit(request *r)
{
    int64_t id = req_param_id(r, 0);
    if (!id) { res_error(r, DL_ENOTFOUND, "Enheten finns inte."); return; }
    org_unit_page(r, id, 200, NULL);
}

void h_org_update(request *r)
{
    int64_t id = req_param_id(r, 0);
    if (!id) { res_error(r, DL_ENOTFOUND, "Enheten finns inte."); return; }
    if (r->form.n_errors) { org_unit_page(r, id, http_status_of(DL_EINVAL), r->form.first_error); return; }
    dl_error e = {0};
    dl_error_clear(&e);
    org_node_rec o;
    dl_err rc = org_get(r->db, r->a, id, &o, &e);
    if (rc != DL_OK) { res_lookup_failed(r, rc, &e, "Enheten finns inte."); return; }
    authz_object obj = {.node_path = o.path, .state = -1};
    if (!authz_may(&r->subject, ACT_ORG_MANAGE, &obj)) { res_error(r, DL_EDENIED, "Du får inte ändra den enheten."); return; }
    audit_actor who = actor_of(r);
    rc = org_update_audited(r->db, &who, id, form_at(&r->form, ORG_EDIT_VERSION)->num,
                            form_text_at(&r->form, ORG_EDIT_NAME), form_text_at(&r->form, ORG_EDIT_DIARY_FORMAT), &e);
    if (rc == DL_ECONFLICT) {
        org_unit_page(r, id, http_status_of(DL_ECONFLICT), tr(r, "Någon annan har ändrat uppgifterna sedan du öppnade sidan. Inget av det du skrev har sparats; jämför nedan och spara igen om du vill."));
        return;
    }
    if (rc != DL_OK) { org_unit_page(r, id, http_status_of(rc), error_message(r, rc, &e)); return; }
    res_redirect(r, "/org");
}
