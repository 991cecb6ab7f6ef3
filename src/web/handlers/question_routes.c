/* question_routes.c — the routing rules of the question queue, per member
 * function (docs/questions.md; store/questions.h; the rule itself:
 * core/question_route.h):
 *   GET  /fragor/regler   every member with the topics, data types and
 *                         holders it answers (ACT_NETWORK_EDIT)
 *   POST /fragor/regler   replaces one member's rules */
#include "web/handlers/questions_fields.h"
#include "web/handlers/questions_view.h"

#include <inttypes.h>
#include <string.h>

#define NETWORK_ROUTES_LIST_MAX 500 /* members listed (store/network.h's NETWORK_LIST_MAX) */

static void checks_to_ctx(request *r, tmpl_ctx *x, const char *list, const char *const *keys, int n,
                          const char *(*label)(int), unsigned chosen)
{
    tmpl_set_list(x, list);
    for (int i = 0; i < n; i++) {
        tmpl_ctx *o = tmpl_list_append(x, list);
        if (!o) break;
        tmpl_set_str(o, "key", keys[i]);
        tmpl_set_str(o, "label", tr(r, label(i)));
        tmpl_set_bool(o, "checked", (chosen >> i) & 1u);
    }
}

static void routes_page(request *r, int status, const char *error, int64_t sent_member)
{
    question_member_routes *m = arena_alloc(r->a, sizeof *m * NETWORK_ROUTES_LIST_MAX);
    int n = 0;
    dl_error e = {0};
    dl_err rc = m ? question_routes_list(r->db, r->a, m, NETWORK_ROUTES_LIST_MAX, &n, &e)
                  : dl_fail(&e, DL_ENOMEM, "out of memory");
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_str(c, "error", error);
    tmpl_set_str(c, "count", count_text(r, n));
    tmpl_set_list(c, "members");
    for (int i = 0; i < n; i++) {
        tmpl_ctx *x = tmpl_list_append(c, "members");
        if (!x) break;
        tmpl_set_int(x, "mid", m[i].member_id);
        tmpl_set_str(x, "mname", m[i].member_name);
        tmpl_set_bool(x, "sent", m[i].member_id == sent_member);
        checks_to_ctx(r, x, "topics", question_topic_keys, QUESTION_TOPIC__MAX, question_topic_label_sv, m[i].topics);
        checks_to_ctx(r, x, "data_types", question_data_type_keys, QUESTION_DATA_TYPE__MAX,
                      question_data_type_label_sv, m[i].data_types);
        tmpl_set_str(x, "holders", m[i].holders);
        tmpl_set_bool(x, "declares", m[i].topics || m[i].data_types || *m[i].holders);
    }
    res_page(r, status, "question_routes.html", "Vilka frågor går till vem", c);
}

void h_question_routes(request *r) { routes_page(r, 200, NULL, 0); }

static unsigned bits_of(const form_value *v, const char *const *keys)
{
    unsigned bits = 0;
    for (size_t i = 0; i < v->n_items; i++)
        for (int k = 0; keys[k]; k++)
            if (strcmp(v->items[i], keys[k]) == 0) bits |= 1u << k;
    return bits;
}

void h_question_routes_save(request *r)
{
    const form *f = &r->form;
    int64_t member = form_at(f, QR_F_MEMBER)->text ? form_at(f, QR_F_MEMBER)->num : 0;
    if (f->n_errors) { routes_page(r, http_status_of(DL_EINVAL), f->first_error, member); return; }
    question_actor who = question_actor_of(r);
    dl_error e = {0};
    dl_err rc = question_routes_set(r->db, &who, member, bits_of(form_at(f, QR_F_TOPICS), question_topic_keys),
                                    bits_of(form_at(f, QR_F_DATA_TYPES), question_data_type_keys),
                                    form_text_at(f, QR_F_HOLDERS), &e);
    if (rc != DL_OK) { routes_page(r, http_status_of(rc), error_message(r, rc, &e), member); return; }
    redirect_local(r, arena_printf(r->a, "/fragor/regler#m%" PRId64, member));
}

/* What a member answers, for its page on /natverk/ID (handlers/network.c):
 * "answers_topics", "answers_types" and "answers_holders" as text, and
 * "answers" when it declares anything. */
void question_member_answers_to_ctx(request *r, tmpl_ctx *c, int64_t member_id)
{
    question_member_routes *m = arena_alloc(r->a, sizeof *m * NETWORK_ROUTES_LIST_MAX);
    int n = 0;
    dl_error e = {0};
    if (!m || question_routes_list(r->db, r->a, m, NETWORK_ROUTES_LIST_MAX, &n, &e) != DL_OK) return;
    for (int i = 0; i < n; i++) {
        if (m[i].member_id != member_id) continue;
        const char *topics = "", *types = "";
        for (int k = 0; k < QUESTION_TOPIC__MAX; k++)
            if ((m[i].topics >> k) & 1u)
                topics = arena_printf(r->a, "%s%s%s", topics, *topics ? ", " : "", tr(r, question_topic_label_sv(k)));
        for (int k = 0; k < QUESTION_DATA_TYPE__MAX; k++)
            if ((m[i].data_types >> k) & 1u)
                types = arena_printf(r->a, "%s%s%s", types, *types ? ", " : "", tr(r, question_data_type_label_sv(k)));
        const char *holders = "";
        for (const char *p = m[i].holders; p && *p;) {
            const char *end = strchr(p, '\n');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            holders = arena_printf(r->a, "%s%s%.*s", holders, *holders ? ", " : "", (int)len, p);
            if (!holders || !end) break;
            p = end + 1;
        }
        tmpl_set_str(c, "answers_topics", topics ? topics : "");
        tmpl_set_str(c, "answers_types", types ? types : "");
        tmpl_set_str(c, "answers_holders", holders ? holders : "");
        tmpl_set_bool(c, "answers", m[i].topics || m[i].data_types || *m[i].holders);
    }
}
