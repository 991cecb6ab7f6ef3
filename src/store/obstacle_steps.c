/* obstacle_steps.c — see obstacle_steps.h: the steps of an obstacle's
 * lifecycle, merging, the history, the queue and similar reports. */
#include "store/obstacle_steps.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/clock.h"
#include "core/strbuf.h"
#include "crypto/token.h"
#include "core/plain_text.h"
#include "core/utf8.h"
#include "db/dialect.h"
#include "notify/mail_text.h"
#include "store/obstacle_subscription.h"
#include "store/outbox.h"

static const char *or_empty(const char *s) { return s ? s : ""; }



/* The fields the row asks for, each refusal a sentence naming the field. */
static dl_err check_input(const obstacle_rule *row, const obstacle_step_input *in, dl_error *e)
{
    unsigned want = row->inputs;
    if (!text_fits(in->note, OBSTACLE_NOTE_MAX, 1))
        return dl_fail(e, DL_EINVAL, "Anteckningen eller skälet får vara högst 2000 tecken, utan styrtecken.");
    if (!text_fits(in->need, OBSTACLE_FIELD_MAX, 1) || !text_fits(in->legal_basis, OBSTACLE_FIELD_MAX, 1) ||
        !text_fits(in->responsible_body, OBSTACLE_FIELD_MAX, 1))
        return dl_fail(e, DL_EINVAL, "Behov, rättslig grund och ansvarig aktör får vara högst 500 tecken vardera, "
                                     "utan styrtecken.");
    if (!text_fits(in->public_answer, OBSTACLE_ANSWER_MAX, 1))
        return dl_fail(e, DL_EINVAL, "Svaret får vara högst 4000 tecken, utan styrtecken.");
    if ((want & OI_NOTE_REQUIRED) && text_blank(in->note)) {
        if (row->event == OE_RECORD_MEASURE) return dl_fail(e, DL_EINVAL, "Beskriv åtgärden som vidtagits.");
        return dl_fail(e, DL_EINVAL, "Skriv skälet. Det visas för den som rapporterade hindret.");
    }
    if ((want & OI_NEED) && text_blank(in->need))
        return dl_fail(e, DL_EINVAL, "Skriv vilket behov hindret står i vägen för.");
    if ((want & OI_BODY) && text_blank(in->responsible_body))
        return dl_fail(e, DL_EINVAL, "Skriv vilken aktör som ansvarar för att undanröja hindret.");
    if ((want & OI_ANSWER) && text_blank(in->public_answer))
        return dl_fail(e, DL_EINVAL, "Skriv svaret till den som rapporterade hindret. Det visas på deras sida.");
    if ((want & OI_MERGE_INTO) && in->merge_into <= 0)
        return dl_fail(e, DL_EINVAL, "Välj det hinder som det här ska föras samman med.");
    return DL_OK;
}

/* What the step reads of the obstacle, in the transaction. */
typedef struct current {
    obstacle_state state;
    char email[256];
} current;

static dl_err read_current(db *d, int64_t id, current *out, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT state, reporter_email FROM obstacle WHERE id = ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, id);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW) {
        if (obstacle_state_from_key(db_col_text(s, 0), &out->state) != 0)
            rc = dl_fail(e, DL_EINTERNAL, "obstacle %" PRId64 " has an unknown state", id);
        snprintf(out->email, sizeof out->email, "%s", db_col_text(s, 1));
    } else if (st == DB_DONE) {
        rc = dl_fail(e, DL_ENOTFOUND, "Hindret finns inte.");
    } else {
        rc = e->code;
    }
    db_stmt_done(s);
    return rc;
}

dl_err obstacle_step_insert(db *d, int64_t obstacle_id, const char *at, const audit_actor *who, obstacle_event ev,
                            obstacle_state from, obstacle_state to, const char *note, int is_public,
                            const char *mail_token_hash, dl_error *e)
{
    db_stmt *s = db_prepare(d, "INSERT INTO obstacle_step(obstacle_id, at, actor_id, event, from_state, to_state,"
                               " note, is_public, mail_token_hash) VALUES (?,?,?,?,?,?,?,?,?)", e);
    if (!s) return e->code;
    db_bind_int(s, 1, obstacle_id);
    db_bind_text(s, 2, at);
    if (who && who->user_id > 0) db_bind_int(s, 3, who->user_id);
    else db_bind_null(s, 3);
    db_bind_text(s, 4, obstacle_event_key(ev));
    db_bind_text(s, 5, obstacle_state_key(from));
    db_bind_text(s, 6, obstacle_state_key(to));
    db_bind_text(s, 7, or_empty(note));
    db_bind_int(s, 8, is_public ? 1 : 0);
    db_bind_text(s, 9, mail_token_hash); /* NULL: no mail */
    dl_err rc = db_step(s, e) == DB_DONE ? DL_OK : e->code;
    db_stmt_done(s);
    return rc;
}

/* The obstacle's record after the step: the row's fields, the state, the time. */
static dl_err update_obstacle(db *d, int64_t id, const obstacle_rule *row, const obstacle_step_input *in,
                              const char *at, dl_error *e)
{
    unsigned want = row->inputs;
    const char *answer = NULL;
    if (want & OI_ANSWER) answer = in->public_answer;
    else if (row->event == OE_ARCHIVE || row->event == OE_MERGE) answer = in->note; /* the reason is the answer */
    int edit = (want & OI_EDIT) != 0;
    const char *need = (want & OI_NEED) || (edit && !text_blank(in->need)) ? in->need : NULL;
    const char *basis = (want & OI_LEGAL_BASIS) || (edit && !text_blank(in->legal_basis)) ? in->legal_basis : NULL;
    const char *body = (want & OI_BODY) || (edit && !text_blank(in->responsible_body)) ? in->responsible_body : NULL;
    db_stmt *s = db_prepare(d, "UPDATE obstacle SET state = ?, last_step_at = ?,"
                               " need = COALESCE(?, need), legal_basis = COALESCE(?, legal_basis),"
                               " responsible_body = COALESCE(?, responsible_body),"
                               " public_answer = COALESCE(?, public_answer),"
                               " merged_into = COALESCE(?, merged_into) WHERE id = ? AND state = ?", e);
    if (!s) return e->code;
    db_bind_text(s, 1, obstacle_state_key(row->to));
    db_bind_text(s, 2, at);
    db_bind_text(s, 3, need ? need : NULL);
    db_bind_text(s, 4, basis);
    db_bind_text(s, 5, body);
    db_bind_text(s, 6, answer);
    if (row->event == OE_MERGE) db_bind_int(s, 7, in->merge_into);
    else db_bind_null(s, 7);
    db_bind_int(s, 8, id);
    db_bind_text(s, 9, obstacle_state_key(row->from));
    dl_err rc = db_step(s, e) == DB_DONE ? DL_OK : e->code;
    db_stmt_done(s);
    return rc;
}

/* The reporter's mail for a public step: the reference, the new state (its
 * public group and name) and a link with a fresh token. */
static dl_err queue_mail(db *d, int64_t id, const char *to, obstacle_state state, const char *public_url,
                         char hash_out[TOKEN_HEX_SIZE], dl_error *e)
{
    char token[TOKEN_HEX_SIZE], ref[24], link[600], state_text[200];
    token_random_hex(token);
    sha256_hex(token, strlen(token), hash_out);
    obstacle_reference(id, ref);
    snprintf(link, sizeof link, "%s/hinder/folj?t=%s", or_empty(public_url), token);
    snprintf(state_text, sizeof state_text, "%s (%s)", obstacle_public_group_label_sv(obstacle_public_group_of(state)),
             obstacle_state_label_sv(state));
    mail_value v[] = {{"reference", ref}, {"state", state_text}, {"link", link}};
    mail_text t;
    dl_err rc = mail_text_render("obstacle.step", "sv", v, sizeof v / sizeof v[0], &t, e);
    if (rc != DL_OK) return rc;
    outbox_mail m = {to, t.subject, t.body, "sv", "obstacle.step", 0};
    rc = outbox_enqueue_in_tx(d, &m, NULL, e);
    mail_text_free(&t);
    return rc;
}

/* The step, inside the caller's transaction. */
static dl_err step_in_tx(db *d, const obstacle_actor *who, int64_t id, obstacle_event ev,
                         const obstacle_step_input *in, int64_t now, dl_error *e)
{
    current cur;
    dl_err rc = read_current(d, id, &cur, e);
    if (rc != DL_OK) return rc;
    const obstacle_rule *row = NULL;
    const char *why = NULL;
    flow_refusal refused = obstacle_may(who ? who->subject : NULL, cur.state, ev, &row, &why);
    if (refused != FLOW_OK) return flow_refusal_error(refused, why, e);
    rc = check_input(row, in, e);
    if (rc != DL_OK) return rc;
    char at[32];
    clock_iso_utc(now, at);
    char note[OBSTACLE_ANSWER_MAX * 4 + 1];
    /* The history's note: what the step said (the answer, when it is one). */
    snprintf(note, sizeof note, "%s", (row->inputs & OI_ANSWER) ? or_empty(in->public_answer) : or_empty(in->note));
    if (ev == OE_MERGE) {
        int64_t target_state_ok = 0;
        rc = db_query_int(d, "SELECT COUNT(*) FROM obstacle WHERE id = ? AND id <> ? AND state NOT IN ('merged', 'withdrawn')",
                          &target_state_ok, e, "ii", in->merge_into, id);
        if (rc != DL_OK) return rc;
        if (!target_state_ok)
            return dl_fail(e, DL_EINVAL, "Hindret att föra samman med finns inte, är detta hinder eller är självt "
                                         "sammanfört med ett annat. Välj ett annat.");
    }
    rc = update_obstacle(d, id, row, in, at, e);
    if (rc != DL_OK) return rc;
    char hash[TOKEN_HEX_SIZE];
    int mailed = row->is_public && cur.email[0] != '\0';
    if (mailed) {
        rc = queue_mail(d, id, cur.email, row->to, who ? who->public_url : "", hash, e);
        if (rc != DL_OK) return rc;
    }
    rc = obstacle_step_insert(d, id, at, who ? &who->audit : NULL, ev, row->from, row->to, note, row->is_public,
                     mailed ? hash : NULL, e);
    if (rc != DL_OK) return rc;
    /* Whoever follows the obstacle in the register hears of a public step
     * too: its public state and answer, never the note. */
    if (row->is_public) rc = obstacle_subscribers_notify_in_tx(d, id, who ? who->public_url : "", now, NULL, e);
    if (rc != DL_OK) return rc;
    char idt[24], detail[160];
    snprintf(idt, sizeof idt, "%" PRId64, id);
    /* Keys and ids only: the notes may hold personal data. */
    if (ev == OE_MERGE)
        snprintf(detail, sizeof detail, "%s->%s into=%" PRId64, obstacle_state_key(row->from),
                 obstacle_state_key(row->to), in->merge_into);
    else
        snprintf(detail, sizeof detail, "%s->%s%s", obstacle_state_key(row->from), obstacle_state_key(row->to),
                 mailed ? " mailed" : "");
    char action[48];
    snprintf(action, sizeof action, "obstacle.%s", obstacle_event_key(ev));
    rc = audit_append(d, who ? &who->audit : NULL, action, "obstacle", idt, NULL, NULL, detail, e);
    if (rc != DL_OK) return rc;
    if (ev == OE_MERGE) {
        /* The kept one's history names the duplicate (its state unchanged). */
        current kept;
        rc = read_current(d, in->merge_into, &kept, e);
        if (rc != DL_OK) return rc;
        char ref[24], kept_note[64];
        obstacle_reference(id, ref);
        snprintf(kept_note, sizeof kept_note, "%s", ref);
        rc = obstacle_step_insert(d, in->merge_into, at, who ? &who->audit : NULL, OE_MERGE, kept.state, kept.state,
                         kept_note, 0, NULL, e);
    }
    return rc;
}

dl_err obstacle_transition(db *d, const obstacle_actor *who, int64_t id, obstacle_event ev,
                           const obstacle_step_input *in, int64_t now, dl_error *e)
{
    static const obstacle_step_input none = {0};
    if (!in) in = &none;
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = step_in_tx(d, who, id, ev, in, now, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}

dl_err obstacle_merge(db *d, const obstacle_actor *who, int64_t dup_id, int64_t into_id, const char *reason,
                      int64_t now, dl_error *e)
{
    obstacle_step_input in = {.note = reason, .merge_into = into_id};
    return obstacle_transition(d, who, dup_id, OE_MERGE, &in, now, e);
}

dl_err obstacle_history(db *d, arena *a, int64_t id, int public_only, obstacle_step_rec *out, int max, int *n,
                        dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT st.id, st.obstacle_id, st.at, COALESCE(u.username, ''), st.event,"
                               " st.from_state, st.to_state, st.note, st.is_public"
                               " FROM obstacle_step st LEFT JOIN users u ON u.id = st.actor_id"
                               " WHERE (st.obstacle_id = ? OR st.obstacle_id IN"
                               " (SELECT m.id FROM obstacle m WHERE m.merged_into = ?))"
                               " AND (? = 0 OR st.is_public = 1) ORDER BY st.at, st.id LIMIT ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, id);
    db_bind_int(s, 3, public_only ? 1 : 0);
    db_bind_int(s, 4, max);
    dl_err rc = DL_OK;
    int st;
    while (rc == DL_OK && *n < max && (st = db_step(s, e)) == DB_ROW) {
        obstacle_step_rec *r = &out[*n];
        r->id = db_col_int(s, 0);
        r->obstacle_id = db_col_int(s, 1);
        r->at = arena_strdup(a, db_col_text(s, 2));
        r->actor = arena_strdup(a, db_col_text(s, 3));
        r->note = arena_strdup(a, db_col_text(s, 7));
        r->is_public = (int)db_col_int(s, 8);
        if (obstacle_event_from_key(db_col_text(s, 4), &r->event) != 0 ||
            obstacle_state_from_key(db_col_text(s, 5), &r->from) != 0 ||
            obstacle_state_from_key(db_col_text(s, 6), &r->to) != 0)
            rc = dl_fail(e, DL_EINTERNAL, "an obstacle step with an unknown event or state");
        else if (!r->at || !r->actor || !r->note) rc = dl_fail(e, DL_ENOMEM, "out of memory");
        else (*n)++;
    }
    if (rc == DL_OK && *n < max && st == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    return rc;
}

/* Reads brief rows: id, state, category, created_at, last_step_at, what_happened, merged_into. */
static dl_err read_briefs(db_stmt *s, arena *a, obstacle_brief *out, int max, int *n, dl_error *e)
{
    dl_err rc = DL_OK;
    int st = DB_DONE;
    while (rc == DL_OK && *n < max && (st = db_step(s, e)) == DB_ROW) {
        obstacle_brief *b = &out[*n];
        b->id = db_col_int(s, 0);
        if (obstacle_state_from_key(db_col_text(s, 1), &b->state) != 0) b->state = OBSTACLE_RECEIVED;
        b->category = arena_strdup(a, db_col_text(s, 2));
        b->created_at = arena_strdup(a, db_col_text(s, 3));
        b->last_step_at = arena_strdup(a, db_col_text(s, 4));
        const char *what = db_col_text(s, 5);
        size_t len = strlen(what), cut = len;
        if (cut > 600) cut = 600;
        while (cut > 0 && cut < len && ((unsigned char)what[cut] & 0xC0) == 0x80) cut--;
        b->what_happened = arena_strndup(a, what, cut);
        b->merged_into = db_col_int(s, 6);
        if (!b->category || !b->created_at || !b->last_step_at || !b->what_happened) rc = dl_fail(e, DL_ENOMEM, "out of memory");
        else (*n)++;
    }
    if (rc == DL_OK && st == DB_ERROR) rc = e->code;
    return rc;
}

#define BRIEF_COLUMNS "o.id, o.state, o.category, o.created_at, o.last_step_at, o.what_happened, COALESCE(o.merged_into, 0)"

dl_err obstacle_queue(db *d, arena *a, const obstacle_queue_filter *f, int64_t now, obstacle_brief *out, int max,
                      int *n, dl_error *e)
{
    *n = 0;
    char before[32];
    clock_iso_utc(now - (int64_t)(f && f->min_age_days > 0 ? f->min_age_days : 0) * 86400, before);
    int state = f ? f->state : -1;
    if (state >= OBSTACLE_STATE__MAX) return dl_fail(e, DL_EINVAL, "Okänt läge.");
    db_stmt *s = db_prepare(d, "SELECT " BRIEF_COLUMNS " FROM obstacle o"
                               " WHERE (o.state = ? OR (? = '' AND o.state NOT IN ('closed', 'archived', 'merged', 'withdrawn')))"
                               " AND (? = '' OR o.category = ?) AND o.created_at <= ?"
                               " ORDER BY o.created_at, o.id LIMIT ?", e);
    if (!s) return e->code;
    const char *sk = state >= 0 ? obstacle_state_key((obstacle_state)state) : "";
    const char *ck = f && f->category ? f->category : "";
    db_bind_text(s, 1, sk);
    db_bind_text(s, 2, sk);
    db_bind_text(s, 3, ck);
    db_bind_text(s, 4, ck);
    db_bind_text(s, 5, before);
    db_bind_int(s, 6, max);
    dl_err rc = read_briefs(s, a, out, max, n, e);
    db_stmt_done(s);
    return rc;
}

/* The longest distinct words of text, at least 4 bytes each, up to 8: what
 * a similar report most likely shares (short words are mostly function
 * words). Written into out separated by spaces. */
void obstacle_key_words(const char *text, char *out, size_t outsz)
{
    struct word { const char *p; size_t n; } words[64];
    int nw = 0;
    const unsigned char *p = (const unsigned char *)text;
    while (*p && nw < 64) {
        while (*p && !(((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') || (*p >= '0' && *p <= '9') || *p >= 0x80)) p++;
        const unsigned char *start = p;
        while (*p && (((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') || (*p >= '0' && *p <= '9') || *p >= 0x80)) p++;
        size_t len = (size_t)(p - start);
        if (len < 4 || len > 40) continue;
        int dup = 0;
        for (int i = 0; i < nw && !dup; i++)
            dup = words[i].n == len && strncasecmp(words[i].p, (const char *)start, len) == 0;
        if (!dup) words[nw++] = (struct word){(const char *)start, len};
    }
    /* the 8 longest, stable */
    out[0] = '\0';
    size_t used = 0;
    for (int k = 0; k < 8 && k < nw; k++) {
        int best = -1;
        for (int i = 0; i < nw; i++)
            if (words[i].n && (best < 0 || words[i].n > words[best].n)) best = i;
        if (best < 0) break;
        if (used + words[best].n + 2 < outsz) {
            if (used) out[used++] = ' ';
            memcpy(out + used, words[best].p, words[best].n);
            used += words[best].n;
            out[used] = '\0';
        }
        words[best].n = 0;
    }
}

dl_err obstacle_similar(db *d, arena *a, int64_t id, obstacle_brief *out, int max, int *n, dl_error *e)
{
    *n = 0;
    obstacle self;
    dl_err rc = obstacle_by_id(d, a, id, &self, e);
    if (rc != DL_OK) return rc;
    char words[512], query[1024];
    obstacle_key_words(self.what_happened, words, sizeof words);
    db_backend kind = db_backend_of(d);
    if (dialect_search_query_any(kind, words, query, sizeof query) == 0) return DL_OK;
    char *hits = dialect_ranked_hits(kind, "obstacle", NULL, NULL);
    if (!hits) return dl_fail(e, DL_ENOMEM, "out of memory");
    strbuf sql;
    sb_init(&sql, 1024);
    sb_puts(&sql, "SELECT " BRIEF_COLUMNS " FROM (");
    sb_puts(&sql, hits);
    sb_puts(&sql, ") h JOIN obstacle o ON o.id = h.hit WHERE o.id <> ? AND o.state NOT IN ('merged', 'withdrawn')"
                  " ORDER BY h.rank_text, o.id LIMIT ?");
    dl_free(hits);
    if (sql.oom) { sb_free(&sql); return dl_fail(e, DL_ENOMEM, "out of memory"); }
    db_stmt *s = db_prepare(d, sb_cstr(&sql), e);
    sb_free(&sql);
    if (!s) return e->code;
    db_bind_text(s, 1, query);
    db_bind_int(s, 2, 1000); /* the hits ranked; the best few are kept */
    db_bind_int(s, 3, id);
    db_bind_int(s, 4, max);
    rc = read_briefs(s, a, out, max, n, e);
    db_stmt_done(s);
    return rc;
}
