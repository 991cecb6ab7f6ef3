/* dictionary.c — an organisation's data dictionary in public: the page
 * /data/ordlista (a table per source table, filtered by words,
 * sensitivity and table with a plain GET form, so it works without
 * JavaScript) and GET /api/v1/dictionary (the same as JSON, see
 * docs/openapi.yaml). No sign-in: researchers read it before they apply.
 * Only the variables the organisation offers are shown. The request form
 * offers the same variables as checkboxes (dictionary_to_form_ctx). */
#include "web/handlers/handlers.h"
#include "web/handlers/dictionary_fields.h"
#include "web/handlers/dictionary_view.h"
#include "store/dictionary.h"
#include "store/org.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* The words people read for a type, and for a sensitivity class the mark
 * shown before its word (so that the class is not told by colour alone). */
static const char *const type_labels_sv[] = {
    [SRC_INT] = "Heltal", [SRC_REAL] = "Decimaltal", [SRC_TEXT] = "Text", [SRC_DATE] = "Datum",
};
static const char *const sensitivity_marks[SENS__MAX] = {
    [SENS_DIRECT_ID] = "▲", [SENS_QUASI_ID] = "◆", [SENS_HEALTH] = "■", [SENS_ADMIN] = "○",
};
static const char *const type_keys[] = {[SRC_INT] = "integer", [SRC_REAL] = "number", [SRC_TEXT] = "text",
                                        [SRC_DATE] = "date"};

const char *dictionary_type_label_sv(src_type t) { return type_labels_sv[t]; }

/* The entry's description in r's language: the organisation's English text
 * when it has one, the schema sentence's translation when the Swedish one
 * is the schema's, else the organisation's Swedish text (*is_sv then 1). */
const char *dictionary_description(request *r, const dict_entry *x, int *is_sv)
{
    *is_sv = 0;
    if (r->lang == LANG_SV) return x->description_sv;
    if (*x->description_en) return x->description_en;
    if (x->description_is_default) return tr(r, x->description_sv);
    *is_sv = 1;
    return x->description_sv;
}

/* Looks value up in keys (NULL-terminated): its index, -1 for "" or NULL,
 * -2 when it is not there. */
static int key_index(const char *value, const char *const *keys)
{
    if (!value || !*value) return -1;
    for (int i = 0; keys[i]; i++)
        if (strcmp(keys[i], value) == 0) return i;
    return -2;
}

/* The organisation the page is about: ?org=CODE, or the only one there is.
 * 0 when there are several and none was chosen; -1 after answering. */
static int64_t chosen_org(request *r, org_node_rec *out)
{
    const char *code = query_at(r, DICT_Q_ORG)->text;
    dl_error e = {0};
    if (code && *code) {
        int64_t id = 0;
        dl_err rc = dictionary_org_by_code(r->db, code, &id, &e);
        if (rc == DL_OK) rc = org_get(r->db, r->a, id, out, &e);
        if (rc != DL_OK) {
            res_lookup_failed(r, rc, &e, "Det finns ingen organisation med den koden.");
            return -1;
        }
        return id;
    }
    int n = 0;
    org_node_rec *nodes = load_org_tree(r, &n);
    if (!nodes) return -1;
    int roots = 0;
    for (int i = 0; i < n; i++)
        if (nodes[i].parent_id == 0) { roots++; *out = nodes[i]; }
    return roots == 1 ? out->id : 0;
}

void h_dictionary(request *r)
{
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    int sens = key_index(query_at(r, DICT_Q_SENS)->text, sensitivity_keys);
    int table = key_index(query_at(r, DICT_Q_TABLE)->text, dictionary_table_keys);
    if (sens == -2 || table == -2) { res_error(r, DL_EREQUEST, "Välj känslighet och tabell i listorna."); return; }
    org_node_rec org;
    int64_t org_id = chosen_org(r, &org);
    if (org_id < 0) return;
    if (org_id == 0) {
        int n = 0;
        org_node_rec *nodes = load_org_tree(r, &n);
        if (!nodes) return;
        tmpl_set_list(c, "orgs");
        for (int i = 0; i < n; i++) {
            if (nodes[i].parent_id != 0) continue;
            tmpl_ctx *o = tmpl_list_append(c, "orgs");
            if (!o) break;
            tmpl_set_str(o, "org_code", nodes[i].code);
            tmpl_set_str(o, "org_name", nodes[i].name);
        }
        res_page(r, 200, "dictionary.html", "Dataordlista", c);
        return;
    }
    const char *text = query_at(r, DICT_Q_TEXT)->text;
    dict_filter f = {.text = text, .sens = sens, .table = table, .offered_only = 1};
    dict_entry *rows = arena_alloc(r->a, sizeof *rows * DICT_MAX);
    dict_entry *all = arena_alloc(r->a, sizeof *all * DICT_MAX);
    int n = 0, n_all = 0;
    dl_error e = {0};
    dict_filter offered = {.sens = -1, .table = -1, .offered_only = 1};
    dl_err rc = rows && all ? dictionary_list(r->db, r->a, org_id, &f, rows, &n, &e) : DL_ENOMEM;
    if (rc == DL_OK) rc = dictionary_list(r->db, r->a, org_id, &offered, all, &n_all, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }

    tmpl_set_bool(c, "chosen", 1);
    tmpl_set_str(c, "org_code", org.code);
    tmpl_set_int(c, "org_id", org.id);
    tmpl_set_str(c, "org_name", org.name);
    tmpl_set_str(c, "q", text ? text : "");
    tmpl_set_int(c, "shown", n);
    tmpl_set_int(c, "total", n_all);
    tmpl_set_bool(c, "has_dictionary", n_all > 0);
    tmpl_set_bool(c, "filtered", (text && *text) || sens >= 0 || table >= 0);
    tmpl_set_list(c, "sens_options");
    for (int k = 0; k < SENS__MAX; k++) {
        tmpl_ctx *o = tmpl_list_append(c, "sens_options");
        if (!o) break;
        tmpl_set_str(o, "okey", sensitivity_keys[k]);
        tmpl_set_str(o, "olabel", tr(r, sensitivity_labels_sv[k]));
        tmpl_set_bool(o, "oselected", sens == k);
    }
    tmpl_set_list(c, "table_options");
    for (int t = 0; t < SRC_TABLE__MAX; t++) {
        tmpl_ctx *o = tmpl_list_append(c, "table_options");
        if (!o) break;
        tmpl_set_str(o, "okey", dictionary_table_keys[t]);
        tmpl_set_str(o, "olabel", tr(r, source_tables[t].label_sv));
        tmpl_set_bool(o, "oselected", table == t);
    }
    tmpl_ctx *group = NULL;
    int group_table = -1;
    tmpl_set_list(c, "tables");
    for (int i = 0; i < n; i++) {
        const dict_entry *x = &rows[i];
        const source_column *col = &source_tables[x->table].columns[x->column];
        if ((int)x->table != group_table) {
            group = tmpl_list_append(c, "tables");
            if (!group) break;
            group_table = (int)x->table;
            tmpl_set_str(group, "table_key", source_tables[x->table].name);
            tmpl_set_str(group, "table_label", tr(r, source_tables[x->table].label_sv));
        }
        tmpl_ctx *row = tmpl_list_append(group, "vars");
        if (!row) break;
        int is_sv = 0;
        tmpl_set_str(row, "key", x->variable);
        tmpl_set_str(row, "label", tr(r, col->label_sv));
        tmpl_set_str(row, "type", tr(r, type_labels_sv[col->type]));
        tmpl_set_str(row, "sens_key", sensitivity_keys[x->sens]);
        tmpl_set_str(row, "sens_mark", sensitivity_marks[x->sens]);
        tmpl_set_str(row, "sens_label", tr(r, sensitivity_labels_sv[x->sens]));
        tmpl_set_str(row, "description", dictionary_description(r, x, &is_sv));
        tmpl_set_bool(row, "description_sv", is_sv);
    }
    res_page(r, 200, "dictionary.html", "Dataordlista", c);
}

void h_api_dictionary(request *r)
{
    const char *code = query_at(r, DICT_Q_ORG)->text;
    if (!code || !*code) { res_error(r, DL_EREQUEST, "Ange organisationens kod (org)."); return; }
    int sens = key_index(query_at(r, DICT_Q_SENS)->text, sensitivity_keys);
    int table = key_index(query_at(r, DICT_Q_TABLE)->text, dictionary_table_keys);
    if (sens == -2 || table == -2) { res_error(r, DL_EREQUEST, "Okänd känslighetsklass eller tabell."); return; }
    org_node_rec org;
    if (chosen_org(r, &org) < 0) return;
    dict_filter f = {.text = query_at(r, DICT_Q_TEXT)->text, .sens = sens, .table = table, .offered_only = 1};
    dict_entry *rows = arena_alloc(r->a, sizeof *rows * DICT_MAX);
    int n = 0;
    dl_error e = {0};
    dl_err rc = rows ? dictionary_list(r->db, r->a, org.id, &f, rows, &n, &e) : DL_ENOMEM;
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        const dict_entry *x = &rows[i];
        const source_column *col = &source_tables[x->table].columns[x->column];
        int is_sv = 0;
        json_t *it = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "variable", x->variable, "table",
                               source_tables[x->table].name, "table_label", tr(r, source_tables[x->table].label_sv),
                               "label", tr(r, col->label_sv), "type", type_keys[col->type], "sensitivity",
                               sensitivity_keys[x->sens], "sensitivity_label", tr(r, sensitivity_labels_sv[x->sens]),
                               "description", dictionary_description(r, x, &is_sv));
        if (it) json_array_append_new(items, it);
    }
    json_t *doc = json_pack("{s:s, s:s, s:o}", "organisation", org.code, "organisation_name", org.name, "items", items);
    char *out = doc ? json_dumps(doc, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
    json_decref(doc);
    if (!out) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    res_json(r, 200, out);
    free(out);
}
