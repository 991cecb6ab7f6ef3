/* api.c — the JSON API (described in docs/openapi.yaml): the public diary,
 * masked as on the page, and the organisation tree. Built with jansson, so
 * every string is escaped by the library. */
#include "web/handlers/handlers.h"
#include "store/diary.h"
#include "store/org.h"
#include "core/alloc.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void send_json(request *r, json_t *doc)
{
    char *text = doc ? json_dumps(doc, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
    json_decref(doc);
    if (!text) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    res_json(r, 200, text);
    free(text);
}

void h_api_diary(request *r)
{
    /* limit 1..100, offset 0..10000000, q at most 200 characters: checked
     * by the router (api_diary_query, fields.h). */
    const form_value *lv = query_at(r, API_DIARY_LIMIT), *ov = query_at(r, API_DIARY_OFFSET);
    long limit = lv->text ? (long)lv->num : 25, offset = ov->text ? (long)ov->num : 0;
    dl_error e = {0};
    diary_rec *rows = arena_alloc(r->a, sizeof *rows * (size_t)limit);
    int n = 0;
    int64_t total = 0;
    const char *q = query_at(r, API_DIARY_Q)->text;
    if (!rows || diary_list(r->db, r->a, 0, q, (int)limit, (int)offset, rows, &n, &total, &e) != DL_OK) {
        res_error_from(r, e.code != DL_OK ? e.code : DL_EDB, &e);
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        const diary_rec *d = &rows[i];
        json_t *it = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b}", "id", (json_int_t)d->id, "number", d->number,
                               "registered_at", d->registered_at, "doc_date", d->doc_date, "direction", d->direction,
                               "organisation", d->org_name, "confidential", d->confidential);
        if (!it) continue;
        json_object_set_new(it, "counterpart", d->confidential ? json_null() : json_string(d->counterpart));
        json_object_set_new(it, "subject", d->confidential ? json_null() : json_string(d->subject));
        json_object_set_new(it, "legal_reference", d->confidential ? json_string(d->legal_ref) : json_null());
        if (d->corrects_id) json_object_set_new(it, "corrects", json_string(d->corrects_number));
        json_array_append_new(items, it);
    }
    send_json(r, json_pack("{s:I, s:I, s:I, s:o}", "total", (json_int_t)total, "limit", (json_int_t)limit,
                           "offset", (json_int_t)offset, "items", items));
}

void h_api_org(request *r)
{
    int n = 0;
    org_node_rec *nodes = load_org_tree(r, &n);
    if (!nodes) return;
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        json_t *it = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)nodes[i].id, "kind", org_kind_key(nodes[i].kind),
                               "name", nodes[i].name, "code", nodes[i].code);
        if (!it) continue;
        json_object_set_new(it, "parent_id", nodes[i].parent_id ? json_integer(nodes[i].parent_id) : json_null());
        json_array_append_new(items, it);
    }
    send_json(r, json_pack("{s:o}", "items", items));
}
