/* questions.c — see questions.h: asking, routing at arrival, the shared
 * queue, who may handle a question, and the members' routing rules. The
 * steps are in question_steps.c, the answer times in question_times.c. */
#include "store/questions.h"
#include "store/questions_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/deadline.h"
#include "core/mail_address.h"
#include "core/utf8.h"

const char *q_or_empty(const char *s) { return s ? s : ""; }



dl_err q_audit(db *d, const question_actor *who, const char *what, int64_t id, const char *detail, dl_error *e)
{
    static const audit_actor public_actor = {0, "public"};
    char idt[24], action[48];
    snprintf(idt, sizeof idt, "%" PRId64, id);
    snprintf(action, sizeof action, "question.%s", what);
    return audit_append(d, who && who->audit.name ? &who->audit : &public_actor, action, "question", idt, NULL, NULL,
                        detail, e);
}

dl_err q_event(db *d, int64_t id, const char *event, int64_t from, int64_t to, const char *note, int64_t actor,
               const char *at, dl_error *e)
{
    return db_run(d, "INSERT INTO question_event(question_id, event, from_member, to_member, note, actor_id, created_at)"
                     " VALUES (?, ?, NULLIF(?, 0), NULLIF(?, 0), ?, NULLIF(?, 0), ?)",
                  e, "itiitit", id, event, from, to, q_or_empty(note), actor, at);
}

static int key_index(const char *const *keys, const char *key)
{
    for (int i = 0; key && keys[i]; i++)
        if (strcmp(keys[i], key) == 0) return i;
    return -1;
}

/* ---- the routing rules ------------------------------------------------------------- */

dl_err q_route_rules(db *d, arena *a, question_route_rule **out, size_t *n, dl_error *e)
{
    *n = 0;
    *out = arena_alloc(a, sizeof **out * QUESTION_ROUTES_MAX);
    if (!*out) return dl_fail(e, DL_ENOMEM, "out of memory");
    db_stmt *s = db_prepare(d, "SELECT member_id, kind, value FROM question_route ORDER BY member_id, kind, value", e);
    if (!s) return e->code;
    int st = DB_DONE;
    while (*n < QUESTION_ROUTES_MAX && (st = db_step(s, e)) == DB_ROW) {
        question_route_rule *r = &(*out)[*n];
        int kind = key_index(question_route_kind_keys, db_col_text(s, 1));
        if (kind < 0) continue;
        r->member_id = db_col_int(s, 0);
        r->kind = (question_route_kind)kind;
        r->holder = NULL;
        r->value = -1;
        if (kind == QR_TOPIC) r->value = key_index(question_topic_keys, db_col_text(s, 2));
        else if (kind == QR_DATA_TYPE) r->value = key_index(question_data_type_keys, db_col_text(s, 2));
        else r->holder = arena_strdup(a, db_col_text(s, 2));
        (*n)++;
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

static dl_err open_loads(db *d, arena *a, question_route_load **out, size_t *n, dl_error *e)
{
    *n = 0;
    *out = arena_alloc(a, sizeof **out * QUESTION_LIST_MAX);
    if (!*out) return dl_fail(e, DL_ENOMEM, "out of memory");
    db_stmt *s = db_prepare(d, "SELECT member_id, COUNT(*) FROM question WHERE state = 'routed' AND member_id IS NOT"
                               " NULL GROUP BY member_id ORDER BY member_id", e);
    if (!s) return e->code;
    int st = DB_DONE;
    while (*n < QUESTION_LIST_MAX && (st = db_step(s, e)) == DB_ROW) {
        (*out)[*n].member_id = db_col_int(s, 0);
        (*out)[*n].open = db_col_int(s, 1);
        (*n)++;
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

/* ---- asking ------------------------------------------------------------------------- */

static dl_err check_ask(const question_ask_in *in, dl_error *e)
{
    if (in->topic < 0 || in->topic >= QUESTION_TOPIC__MAX) return dl_fail(e, DL_EINVAL, "Välj vad frågan gäller i listan.");
    if (in->data_type < 0 || in->data_type >= QUESTION_DATA_TYPE__MAX)
        return dl_fail(e, DL_EINVAL, "Välj vilken sorts data frågan gäller i listan (eller ”Annan eller vet inte”).");
    if (!text_fits(in->holder, QUESTION_HOLDER_MAX, 0))
        return dl_fail(e, DL_EINVAL, "Datahållarens namn får vara högst 200 tecken på en rad, utan styrtecken.");
    if (text_blank(in->body)) return dl_fail(e, DL_EINVAL, "Skriv din fråga.");
    if (!text_fits(in->body, QUESTION_BODY_MAX, 1))
        return dl_fail(e, DL_EINVAL, "Frågan får vara högst 5 000 tecken, utan styrtecken.");
    if (utf8_count(in->body, strlen(in->body)) < QUESTION_BODY_MIN)
        return dl_fail(e, DL_EINVAL, "Skriv frågan med några fler ord, så att den som svarar förstår vad du undrar.");
    dl_error bad;
    if (text_blank(in->email) || strlen(in->email) > MAIL_ADDRESS_MAX || mail_address_check(in->email, &bad) != DL_OK)
        return dl_fail(e, DL_EINVAL, "Skriv en giltig e-postadress som svaret kan skickas till, till exempel "
                                     "namn@example.se.");
    return DL_OK;
}

static dl_err ask_in_tx(db *d, const question_actor *who, const question_ask_in *in, const char *holder,
                        const char *email, int64_t now, int64_t *id, int64_t *member, dl_error *e)
{
    arena *a = arena_new(16384);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    question_route_rule *rules = NULL;
    question_route_load *loads = NULL;
    size_t n_rules = 0, n_loads = 0;
    dl_err rc = q_route_rules(d, a, &rules, &n_rules, e);
    if (rc == DL_OK) rc = open_loads(d, a, &loads, &n_loads, e);
    question_route_ask q = {in->topic, in->data_type, holder};
    int score = 0;
    *member = rc == DL_OK ? question_route_pick(&q, rules, n_rules, loads, n_loads, &score) : 0;
    arena_free(a);
    if (rc != DL_OK) return rc;
    char at[32];
    clock_iso_utc(now, at);
    question_state st = *member ? QS_ROUTED : QS_RECEIVED;
    rc = db_query_int(d, "INSERT INTO question(topic, data_type, holder, body, asker_email, lang, state, member_id,"
                         " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?) RETURNING id",
                      id, e, "tttttttitt", question_topic_keys[in->topic], question_data_type_keys[in->data_type],
                      holder, in->body, email, in->lang && strcmp(in->lang, "en") == 0 ? "en" : "sv",
                      question_state_keys[st], *member, at, at);
    if (rc == DL_OK) rc = q_event(d, *id, "received", 0, 0, "", 0, at, e);
    char note[64];
    snprintf(note, sizeof note, "score %d", score);
    if (rc == DL_OK && *member) rc = q_event(d, *id, "routed", 0, *member, note, 0, at, e);
    if (rc == DL_OK && *member) rc = q_notify_member(d, who, *id, *member, in->body, e);
    char detail[64];
    snprintf(detail, sizeof detail, "member=%" PRId64 " score=%d", *member, score);
    if (rc == DL_OK) rc = q_audit(d, who, "ask", *id, detail, e);
    return rc;
}

dl_err question_ask(db *d, const question_actor *who, const question_ask_in *in, int64_t now, int64_t *id,
                    int64_t *member, dl_error *e)
{
    *id = 0;
    *member = 0;
    if (!in) return dl_fail(e, DL_EINVAL, "Skriv din fråga.");
    dl_err rc = check_ask(in, e);
    if (rc != DL_OK) return rc;
    /* The holder as one trimmed line ('' when none). */
    char holder[QUESTION_HOLDER_MAX * 4 + 1] = "";
    const char *h = q_or_empty(in->holder);
    while (*h == ' ' || *h == '\t') h++;
    snprintf(holder, sizeof holder, "%s", h);
    for (size_t k = strlen(holder); k && (holder[k - 1] == ' ' || holder[k - 1] == '\t'); k--) holder[k - 1] = '\0';
    if ((rc = db_begin(d, e)) != DL_OK) return rc;
    rc = ask_in_tx(d, who, in, holder, in->email, now, id, member, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    if (rc != DL_OK) *id = *member = 0;
    return rc;
}

/* ---- the queue ---------------------------------------------------------------------- */

#define Q_COLS "q.id, q.topic, q.data_type, q.holder, q.body, q.state, COALESCE(q.member_id, 0)," \
               " COALESCE(m.name, ''), q.answer, q.general, COALESCE(q.guide_item_id, ''), q.created_at," \
               " q.answered_at, q.updated_at"
#define Q_FROM " FROM question q LEFT JOIN network_member m ON m.id = q.member_id"

static void q_row(db_stmt *s, arena *a, int64_t now, question_rec *q)
{
    memset(q, 0, sizeof *q);
    q->id = db_col_int(s, 0);
    q->topic = key_index(question_topic_keys, db_col_text(s, 1));
    q->data_type = key_index(question_data_type_keys, db_col_text(s, 2));
    q->holder = arena_strdup(a, db_col_text(s, 3));
    q->body = arena_strdup(a, db_col_text(s, 4));
    question_state st = QS_RECEIVED;
    question_state_from_key(db_col_text(s, 5), &st);
    q->state = st;
    q->member_id = db_col_int(s, 6);
    q->member_name = arena_strdup(a, db_col_text(s, 7));
    q->answer = arena_strdup(a, db_col_text(s, 8));
    q->general = db_col_int(s, 9) != 0;
    q->guide_item_id = arena_strdup(a, db_col_text(s, 10));
    q->created_at = arena_strdup(a, db_col_text(s, 11));
    q->answered_at = arena_strdup(a, db_col_text(s, 12));
    q->updated_at = arena_strdup(a, db_col_text(s, 13));
    int64_t from = clock_parse_iso_utc(q->created_at);
    int64_t to = q->answered_at && *q->answered_at ? clock_parse_iso_utc(q->answered_at) : now;
    q->working_days = deadline_days_between(from, to, DUE_WORKING_DAYS);
    q->overdue = question_state_is_open(q->state) && q->working_days > QUESTION_TARGET_DAYS;
}

dl_err question_list(db *d, arena *a, const question_filter *f, int64_t now, question_rec *out, int max, int *n,
                     dl_error *e)
{
    *n = 0;
    if (max > QUESTION_LIST_MAX) max = QUESTION_LIST_MAX;
    question_filter all = {-1, -1, 0};
    if (!f) f = &all;
    /* state: -1 open, -2 all, else one; member: -1 any, 0 the coordinator's queue, else one. */
    db_stmt *s = db_prepare(d, "SELECT " Q_COLS Q_FROM
                               " WHERE (? = -2 OR (? = -1 AND q.state IN ('received', 'routed')) OR q.state = ?)"
                               " AND (? = -1 OR COALESCE(q.member_id, 0) = ?)"
                               " ORDER BY q.created_at, q.id", e);
    if (!s) return e->code;
    int state = f->state;
    const char *key = state >= 0 && state < QUESTION_STATE__MAX ? question_state_keys[state] : "";
    db_bind_int(s, 1, state);
    db_bind_int(s, 2, state);
    db_bind_text(s, 3, key);
    db_bind_int(s, 4, f->member_id);
    db_bind_int(s, 5, f->member_id);
    int st = DB_DONE;
    while (*n < max && (st = db_step(s, e)) == DB_ROW) {
        q_row(s, a, now, &out[*n]);
        if (!f->overdue_only || out[*n].overdue) (*n)++;
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

dl_err question_get(db *d, arena *a, int64_t id, int64_t now, question_rec *out, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT " Q_COLS Q_FROM " WHERE q.id = ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, id);
    int st = db_step(s, e);
    if (st == DB_ROW) q_row(s, a, now, out);
    db_stmt_done(s);
    if (st == DB_ERROR) return e->code;
    return st == DB_ROW ? DL_OK : dl_fail(e, DL_ENOTFOUND, "Frågan finns inte.");
}

dl_err question_events(db *d, arena *a, int64_t id, question_event_rec *out, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT v.event, COALESCE(f.name, ''), COALESCE(t.name, ''), v.note,"
                               " COALESCE(u.username, ''), v.created_at FROM question_event v"
                               " LEFT JOIN network_member f ON f.id = v.from_member"
                               " LEFT JOIN network_member t ON t.id = v.to_member"
                               " LEFT JOIN users u ON u.id = v.actor_id WHERE v.question_id = ? ORDER BY v.id", e);
    if (!s) return e->code;
    db_bind_int(s, 1, id);
    int st = DB_DONE;
    while (*n < max && (st = db_step(s, e)) == DB_ROW) {
        question_event_rec *v = &out[(*n)++];
        v->event = arena_strdup(a, db_col_text(s, 0));
        v->from_name = arena_strdup(a, db_col_text(s, 1));
        v->to_name = arena_strdup(a, db_col_text(s, 2));
        v->note = arena_strdup(a, db_col_text(s, 3));
        v->actor_name = arena_strdup(a, db_col_text(s, 4));
        v->created_at = arena_strdup(a, db_col_text(s, 5));
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

/* ---- who handles -------------------------------------------------------------------- */

static int is_coordinator(const question_actor *who)
{
    return who && who->subject && who->subject->user_id > 0 && authz_may(who->subject, ACT_NETWORK_EDIT, NULL);
}

int question_queue_access(db *d, const question_actor *who, int *coordinator, int64_t *members, int max,
                          int *n_members)
{
    *coordinator = is_coordinator(who);
    *n_members = 0;
    if (!who || !who->subject || who->subject->user_id <= 0) return 0;
    dl_error e;
    db_stmt *s = db_prepare(d, "SELECT DISTINCT c.member_id FROM network_contact c JOIN users u"
                               " ON lower(u.email) = lower(c.email) WHERE u.id = ? AND u.email <> ''"
                               " ORDER BY c.member_id", &e);
    if (s) {
        db_bind_int(s, 1, who->subject->user_id);
        while (*n_members < max && db_step(s, &e) == DB_ROW) members[(*n_members)++] = db_col_int(s, 0);
        db_stmt_done(s);
    }
    return *coordinator || *n_members > 0;
}

unsigned question_facts(db *d, const question_actor *who, const question_rec *q)
{
    int coord = 0, n = 0;
    int64_t members[64];
    question_queue_access(d, who, &coord, members, 64, &n);
    if (coord) return QG_COORDINATOR | QG_HANDLER;
    for (int i = 0; q && i < n; i++)
        if (q->member_id > 0 && members[i] == q->member_id) return QG_HANDLER;
    return 0;
}

/* ---- the rules per member ------------------------------------------------------------ */

dl_err question_routes_list(db *d, arena *a, question_member_routes *out, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT id, name FROM network_member ORDER BY name, id", e);
    if (!s) return e->code;
    int st = DB_DONE;
    while (*n < max && (st = db_step(s, e)) == DB_ROW) {
        question_member_routes *m = &out[(*n)++];
        memset(m, 0, sizeof *m);
        m->member_id = db_col_int(s, 0);
        m->member_name = arena_strdup(a, db_col_text(s, 1));
        m->holders = "";
    }
    db_stmt_done(s);
    if (st == DB_ERROR) return e->code;
    question_route_rule *rules = NULL;
    size_t n_rules = 0;
    dl_err rc = q_route_rules(d, a, &rules, &n_rules, e);
    for (size_t i = 0; rc == DL_OK && i < n_rules; i++)
        for (int k = 0; k < *n; k++) {
            if (out[k].member_id != rules[i].member_id) continue;
            if (rules[i].kind == QR_TOPIC && rules[i].value >= 0) out[k].topics |= 1u << rules[i].value;
            if (rules[i].kind == QR_DATA_TYPE && rules[i].value >= 0) out[k].data_types |= 1u << rules[i].value;
            if (rules[i].kind == QR_HOLDER)
                out[k].holders = *out[k].holders ? arena_printf(a, "%s\n%s", out[k].holders, rules[i].holder)
                                                 : rules[i].holder;
        }
    return rc;
}

static dl_err set_in_tx(db *d, const question_actor *who, int64_t member_id, unsigned topics, unsigned data_types,
                        const char *holders, dl_error *e)
{
    int64_t there = 0;
    dl_err rc = db_query_int(d, "SELECT COUNT(*) FROM network_member WHERE id = ?", &there, e, "i", member_id);
    if (rc != DL_OK) return rc;
    if (!there) return dl_fail(e, DL_ENOTFOUND, "Stödfunktionen finns inte i nätverket.");
    rc = db_run(d, "DELETE FROM question_route WHERE member_id = ?", e, "i", member_id);
    for (int i = 0; rc == DL_OK && i < QUESTION_TOPIC__MAX; i++)
        if (topics & (1u << i))
            rc = db_run(d, "INSERT INTO question_route(member_id, kind, value) VALUES (?, 'topic', ?)", e, "it",
                        member_id, question_topic_keys[i]);
    for (int i = 0; rc == DL_OK && i < QUESTION_DATA_TYPE__MAX; i++)
        if (data_types & (1u << i))
            rc = db_run(d, "INSERT INTO question_route(member_id, kind, value) VALUES (?, 'data-type', ?)", e, "it",
                        member_id, question_data_type_keys[i]);
    int n_holders = 0;
    const char *p = q_or_empty(holders);
    while (rc == DL_OK && *p) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        while (len && (*p == ' ' || *p == '\t')) { p++; len--; }
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r')) len--;
        if (len) {
            char one[QUESTION_HOLDER_MAX * 4 + 1];
            if (len >= sizeof one) return dl_fail(e, DL_EINVAL, "Ett datahållarnamn får vara högst 200 tecken.");
            memcpy(one, p, len);
            one[len] = '\0';
            if (!text_fits(one, QUESTION_HOLDER_MAX, 0))
                return dl_fail(e, DL_EINVAL, "Ett datahållarnamn får vara högst 200 tecken, utan styrtecken.");
            if (++n_holders > QUESTION_HOLDERS_MAX)
                return dl_fail(e, DL_EINVAL, "En stödfunktion kan ange högst 20 datahållare, en per rad.");
            int64_t dup = 0;
            rc = db_query_int(d, "SELECT COUNT(*) FROM question_route WHERE member_id = ? AND kind = 'holder'"
                                 " AND lower(value) = lower(?)", &dup, e, "it", member_id, one);
            if (rc == DL_OK && !dup)
                rc = db_run(d, "INSERT INTO question_route(member_id, kind, value) VALUES (?, 'holder', ?)", e, "it",
                            member_id, one);
        }
        if (!end) break;
        p = end + 1;
    }
    char detail[64];
    snprintf(detail, sizeof detail, "topics=%u data_types=%u holders=%d", topics, data_types, n_holders);
    if (rc == DL_OK) rc = q_audit(d, who, "routes", member_id, detail, e);
    return rc;
}

dl_err question_routes_set(db *d, const question_actor *who, int64_t member_id, unsigned topics, unsigned data_types,
                           const char *holders, dl_error *e)
{
    if (!is_coordinator(who))
        return dl_fail(e, DL_EDENIED, "Bara nätverkskoordinatorn kan ändra vilka frågor en stödfunktion får.");
    if (topics >> QUESTION_TOPIC__MAX || data_types >> QUESTION_DATA_TYPE__MAX)
        return dl_fail(e, DL_EINVAL, "Välj ämnen och datatyper ur listorna.");
    if (!utf8_valid(q_or_empty(holders), strlen(q_or_empty(holders))))
        return dl_fail(e, DL_EINVAL, "Datahållarnas namn innehåller tecken som inte går att läsa.");
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = set_in_tx(d, who, member_id, topics, data_types, holders, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}
