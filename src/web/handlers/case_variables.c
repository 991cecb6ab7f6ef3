/* case_variables.c — the request form's "Variabler som efterfrågas": the
 * organisation's offered variables (its data dictionary) as checkboxes, a
 * fieldset per source table, above a textarea for anything else. The
 * field stores the ticked keys one per line, then the free text
 * (core/variables.h); an old request's free text shows whole in the
 * textarea, so nothing typed before the dictionary existed is lost. */
#include "web/handlers/handlers.h"
#include "web/handlers/case_fields.h"
#include "web/handlers/dictionary_view.h"
#include "core/utf8.h"
#include "core/variables.h"

#include <string.h>

/* tr() for a format, so that the compiler checks the format's arguments. */
__attribute__((format_arg(2))) static const char *tr_format(request *r, const char *msgid) { return tr(r, msgid); }

void case_variables_to_ctx(request *r, tmpl_ctx *x, int64_t org_id, const char *value)
{
    dict_entry *rows = arena_alloc(r->a, sizeof *rows * DICT_MAX);
    int n = 0;
    dl_error e = {0};
    dict_filter offered = {.sens = -1, .table = -1, .offered_only = 1};
    if (!rows || org_id <= 0 || dictionary_list(r->db, r->a, org_id, &offered, rows, &n, &e) != DL_OK || n == 0)
        return; /* no dictionary: the textarea holds it all */
    char (*keys)[VARIABLE_KEY_SIZE] = arena_alloc(r->a, sizeof *keys * DICT_MAX);
    const char *other = NULL;
    int nk = keys ? variables_parse(r->a, value, keys, DICT_MAX, &other) : -1;
    if (nk < 0) return;
    /* A key the organisation does not offer (typed by hand, or offered no
     * longer) has no box: it goes back into the free text. */
    const char *unboxed[DICT_MAX];
    int nu = 0;
    for (int k = 0; k < nk; k++)
        if (!dictionary_offers(rows, n, keys[k], strlen(keys[k]))) unboxed[nu++] = keys[k];
    if (nu) other = variables_join(r->a, unboxed, nu, other);
    tmpl_set_str(x, "value", other ? other : "");
    tmpl_set_bool(x, "is_variables", 1);
    org_node_rec org;
    tmpl_set_str(x, "dict_org_code", org_get(r->db, r->a, org_id, &org, &e) == DL_OK ? org.code : "");
    tmpl_ctx *group = NULL;
    int group_table = -1;
    tmpl_set_list(x, "var_groups");
    for (int i = 0; i < n; i++) {
        const dict_entry *d = &rows[i];
        const source_column *col = &source_tables[d->table].columns[d->column];
        if ((int)d->table != group_table) {
            group = tmpl_list_append(x, "var_groups");
            if (!group) return;
            group_table = (int)d->table;
            tmpl_set_str(group, "glabel", tr(r, source_tables[d->table].label_sv));
            tmpl_set_str(group, "gkey", source_tables[d->table].name);
        }
        tmpl_ctx *v = tmpl_list_append(group, "vars");
        if (!v) return;
        int checked = 0;
        for (int k = 0; k < nk && !checked; k++) checked = strcmp(keys[k], d->variable) == 0;
        int is_sv = 0;
        tmpl_set_str(v, "vkey", d->variable);
        tmpl_set_str(v, "vid", arena_printf(r->a, "v-%s", d->variable));
        tmpl_set_str(v, "vlabel", tr(r, col->label_sv));
        tmpl_set_str(v, "vdesc", dictionary_description(r, d, &is_sv));
        tmpl_set_str(v, "vsens", tr(r, sensitivity_labels_sv[d->sens]));
        tmpl_set_bool(v, "vchecked", checked);
    }
}

int case_variables_from_form(request *r, int64_t org_id, case_request *req, const char **error)
{
    const form_value *boxes = form_at(&r->form, REQF_VARIABLE_KEYS);
    const char *typed = req->v[REQ_VARIABLES] ? req->v[REQ_VARIABLES] : "";
    *error = NULL;
    if (boxes->n_items == 0) return 1; /* nothing ticked: the free text as it came */
    dict_entry *rows = arena_alloc(r->a, sizeof *rows * DICT_MAX);
    const char **kept = arena_alloc(r->a, sizeof *kept * boxes->n_items);
    int n = 0, n_kept = 0;
    dl_error e = {0};
    dict_filter offered = {.sens = -1, .table = -1, .offered_only = 1};
    if (!rows || !kept || dictionary_list(r->db, r->a, org_id, &offered, rows, &n, &e) != DL_OK) {
        *error = tr(r, "Dataordlistan kunde inte läsas just nu. Försök igen om en stund.");
        return 0;
    }
    for (size_t i = 0; i < boxes->n_items; i++) {
        if (dictionary_offers(rows, n, boxes->items[i], strlen(boxes->items[i]))) kept[n_kept++] = boxes->items[i];
        else if (!*error)
            *error = arena_printf(r->a, "%s ”%s”. %s", tr(r, "Organisationen erbjuder inte variabeln"), boxes->items[i],
                                  tr(r, "Välj bland rutorna, eller beskriv det du behöver i textfältet."));
    }
    char *joined = variables_join(r->a, kept, n_kept, typed);
    if (!joined) {
        *error = tr(r, "Servern fick slut på minne.");
        return 0;
    }
    req->v[REQ_VARIABLES] = joined;
    size_t max = case_request_fields[REQ_VARIABLES].max_len;
    if (!*error && utf8_count(joined, strlen(joined)) > max)
        *error = arena_printf(r->a, tr_format(r, "Fältet ”%s” får vara högst %zu tecken långt."),
                              tr(r, case_request_fields[REQ_VARIABLES].label_sv), max);
    return *error == NULL;
}
