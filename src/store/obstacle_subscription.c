/* obstacle_subscription.c — see obstacle_subscription.h: following a
 * published obstacle by e-mail, its links and its notifications. */
#include "store/obstacle_subscription.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/mail_address.h"
#include "core/obstacle.h"
#include "core/obstacle_subscription.h"
#include "crypto/token.h"
#include "notify/mail_text.h"
#include "store/audit.h"
#include "store/obstacle_publish.h"
#include "store/outbox.h"

static const char *const link_kinds[] = {[OSL_CONFIRM] = "confirm", [OSL_UNSUBSCRIBE] = "unsubscribe"};

static const char bad_link[] = "Länken gäller inte längre: den är redan använd, har gått ut eller kom inte med "
                               "hel. Be om en ny på hindrets sida.";

static const char *or_empty(const char *s) { return s ? s : ""; }

/* Pending requests whose time has run out, with their links. */
static dl_err sweep_expired(db *d, int64_t now, dl_error *e)
{
    int64_t live_after = obstacle_subscription_live_after(now);
    dl_err rc = db_run(d, "DELETE FROM obstacle_subscription_token WHERE subscription_id IN (SELECT id FROM"
                          " obstacle_subscription WHERE confirmed_at = 0 AND requested_at <= ?)", e, "i", live_after);
    if (rc == DL_OK)
        rc = db_run(d, "DELETE FROM obstacle_subscription WHERE confirmed_at = 0 AND requested_at <= ?", e, "i",
                    live_after);
    return rc;
}

/* A fresh token for subscription sub: its hash stored, the token in out. */
static dl_err new_link(db *d, int64_t sub, obstacle_subscription_link kind, int64_t now, char out[TOKEN_HEX_SIZE],
                       dl_error *e)
{
    char hash[TOKEN_HEX_SIZE];
    token_random_hex(out);
    sha256_hex(out, strlen(out), hash);
    return db_run(d, "INSERT INTO obstacle_subscription_token(token_hash, subscription_id, kind, created_at)"
                     " VALUES (?, ?, ?, ?)", e, "titi", hash, sub, link_kinds[kind], now);
}

static dl_err queue(db *d, const char *kind, const char *to, const mail_value *v, size_t n, dl_error *e)
{
    mail_text t;
    dl_err rc = mail_text_render(kind, "sv", v, n, &t, e);
    if (rc != DL_OK) return rc;
    outbox_mail m = {to, t.subject, t.body, "sv", kind, 0};
    rc = outbox_enqueue_in_tx(d, &m, NULL, e);
    mail_text_free(&t);
    return rc;
}

static dl_err subscribe_in_tx(db *d, int64_t id, const char *email, const char *public_url, int64_t now,
                              char token[TOKEN_HEX_SIZE], dl_error *e)
{
    dl_err rc = sweep_expired(d, now, e);
    if (rc != DL_OK) return rc;
    int64_t published = 0;
    rc = db_query_int(d, "SELECT COUNT(*) FROM obstacle WHERE id = ? AND published_at <> ''", &published, e, "i", id);
    if (rc != DL_OK) return rc;
    if (!published) return dl_fail(e, DL_ENOTFOUND, "Det finns inget sådant hinder i det publika registret.");
    /* One statement for the three cases, so two requests at once cannot
     * both insert: new (a pending row), pending (asked again: its time
     * starts over), confirmed (left as it is). */
    db_stmt *s = db_prepare(d, "INSERT INTO obstacle_subscription(obstacle_id, email, requested_at) VALUES (?, ?, ?)"
                               " ON CONFLICT (obstacle_id, email) DO UPDATE SET requested_at = CASE WHEN"
                               " obstacle_subscription.confirmed_at = 0 THEN excluded.requested_at ELSE"
                               " obstacle_subscription.requested_at END RETURNING id, confirmed_at", e);
    if (!s) return e->code ? e->code : DL_EDB;
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, email);
    db_bind_int(s, 3, now);
    int st = db_step(s, e);
    int64_t sub = 0, confirmed = 0;
    if (st == DB_ROW) {
        sub = db_col_int(s, 0);
        confirmed = db_col_int(s, 1);
        db_step(s, e); /* run it to the end */
    } else {
        rc = st == DB_ERROR ? (e->code ? e->code : DL_EDB) : dl_fail(e, DL_EDB, "the subscription was not returned");
    }
    db_stmt_done(s);
    if (rc != DL_OK || confirmed) return rc; /* already following: nothing more, and the same answer */
    rc = db_run(d, "DELETE FROM obstacle_subscription_token WHERE subscription_id = ? AND kind = 'confirm'", e, "i",
                sub);
    if (rc == DL_OK) rc = new_link(d, sub, OSL_CONFIRM, now, token, e);
    if (rc != DL_OK) return rc;
    char ref[24], link[600], days[8];
    obstacle_reference(id, ref);
    snprintf(link, sizeof link, "%s/hinder/bevakning/bekrafta?t=%s", or_empty(public_url), token);
    snprintf(days, sizeof days, "%d", SUBSCRIPTION_PENDING_DAYS);
    mail_value v[] = {{"reference", ref}, {"link", link}, {"days", days}};
    return queue(d, "obstacle.subscription.confirm", email, v, sizeof v / sizeof v[0], e);
}

dl_err obstacle_subscribe(db *d, int64_t obstacle_id, const char *email, const char *public_url, int64_t now,
                          char token_out[TOKEN_HEX_SIZE], dl_error *e)
{
    char token[TOKEN_HEX_SIZE] = "", lower[MAIL_ADDRESS_MAX + 1];
    if (token_out) token_out[0] = '\0';
    if (!email || !*email) return dl_fail(e, DL_EINVAL, "Skriv din e-postadress.");
    if (strlen(email) > MAIL_ADDRESS_MAX) return dl_fail(e, DL_EINVAL, "E-postadressen är för lång.");
    dl_err rc = mail_address_check(email, e);
    if (rc != DL_OK) return rc;
    /* One row per address whatever its case: Kari@X.se and kari@x.se are the same person in practice. */
    size_t n = strlen(email);
    for (size_t i = 0; i <= n; i++) lower[i] = (char)(email[i] >= 'A' && email[i] <= 'Z' ? email[i] + 32 : email[i]);
    if ((rc = db_begin(d, e)) != DL_OK) return rc;
    rc = subscribe_in_tx(d, obstacle_id, lower, public_url, now, token, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    if (rc == DL_OK && token_out) memcpy(token_out, token, TOKEN_HEX_SIZE);
    return rc;
}

/* The subscription a live link of this kind belongs to: its id and obstacle. */
static dl_err find_link(db *d, obstacle_subscription_link kind, const char *token, int64_t now, int64_t *sub,
                        int64_t *obstacle_id, dl_error *e)
{
    if (!hex_is_token(token)) return dl_fail(e, DL_ENOTFOUND, "%s", bad_link);
    char hash[TOKEN_HEX_SIZE];
    sha256_hex(token, strlen(token), hash);
    db_stmt *s = db_prepare(d, "SELECT s.id, s.obstacle_id, s.requested_at, s.confirmed_at FROM"
                               " obstacle_subscription_token t JOIN obstacle_subscription s ON s.id = t.subscription_id"
                               " WHERE t.token_hash = ? AND t.kind = ?", e);
    if (!s) return e->code ? e->code : DL_EDB;
    db_bind_text(s, 1, hash);
    db_bind_text(s, 2, link_kinds[kind]);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW) {
        *sub = db_col_int(s, 0);
        *obstacle_id = db_col_int(s, 1);
        int64_t requested = db_col_int(s, 2), confirmed = db_col_int(s, 3);
        if (kind == OSL_CONFIRM && (confirmed || obstacle_subscription_expired(requested, now)))
            rc = dl_fail(e, DL_ENOTFOUND, "%s", bad_link);
    } else if (st == DB_DONE) {
        rc = dl_fail(e, DL_ENOTFOUND, "%s", bad_link);
    } else {
        rc = e->code ? e->code : DL_EDB;
    }
    db_stmt_done(s);
    return rc;
}

dl_err obstacle_subscription_link_check(db *d, obstacle_subscription_link kind, const char *token, int64_t now,
                                        int64_t *obstacle_id, dl_error *e)
{
    int64_t sub = 0;
    return find_link(d, kind, token, now, &sub, obstacle_id, e);
}

static dl_err audit_sub(db *d, const char *action, int64_t obstacle_id, int64_t sub, dl_error *e)
{
    char idt[24], detail[48];
    snprintf(idt, sizeof idt, "%" PRId64, obstacle_id);
    snprintf(detail, sizeof detail, "subscription=%" PRId64, sub); /* never the address */
    audit_actor anyone = {0, "public"};
    return audit_append(d, &anyone, action, "obstacle", idt, NULL, NULL, detail, e);
}

dl_err obstacle_subscription_confirm(db *d, const char *token, int64_t now, int64_t *obstacle_id, dl_error *e)
{
    int64_t sub = 0;
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = find_link(d, OSL_CONFIRM, token, now, &sub, obstacle_id, e);
    if (rc == DL_OK)
        rc = db_run(d, "UPDATE obstacle_subscription SET confirmed_at = ? WHERE id = ? AND confirmed_at = 0", e, "ii",
                    now, sub);
    if (rc == DL_OK)
        rc = db_run(d, "DELETE FROM obstacle_subscription_token WHERE subscription_id = ? AND kind = 'confirm'", e, "i",
                    sub);
    if (rc == DL_OK) rc = audit_sub(d, "obstacle.subscription_confirm", *obstacle_id, sub, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}

dl_err obstacle_unsubscribe(db *d, const char *token, int64_t *obstacle_id, dl_error *e)
{
    int64_t sub = 0;
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = find_link(d, OSL_UNSUBSCRIBE, token, 0, &sub, obstacle_id, e);
    if (rc == DL_OK) rc = db_run(d, "DELETE FROM obstacle_subscription_token WHERE subscription_id = ?", e, "i", sub);
    if (rc == DL_OK) rc = db_run(d, "DELETE FROM obstacle_subscription WHERE id = ?", e, "i", sub);
    if (rc == DL_OK) rc = audit_sub(d, "obstacle.unsubscribe", *obstacle_id, sub, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}

static int64_t today_of(int64_t now)
{
    char day[16];
    clock_local_date(now, day);
    int y = 0, m = 0, dd = 0;
    if (sscanf(day, "%d-%d-%d", &y, &m, &dd) != 3) return 0;
    return (int64_t)y * 10000 + m * 100 + dd;
}

typedef struct subscriber { int64_t id; const char *email; } subscriber;

/* The confirmed subscribers of id, read whole before any is written to. */
static dl_err read_subscribers(db *d, arena *a, int64_t id, subscriber **out, int *n, dl_error *e)
{
    int cap = 64;
    *n = 0;
    *out = arena_alloc(a, sizeof **out * (size_t)cap);
    if (!*out) return dl_fail(e, DL_ENOMEM, "out of memory");
    db_stmt *s = db_prepare(d, "SELECT id, email FROM obstacle_subscription WHERE obstacle_id = ? AND confirmed_at > 0"
                               " ORDER BY id", e);
    if (!s) return e->code ? e->code : DL_EDB;
    db_bind_int(s, 1, id);
    dl_err rc = DL_OK;
    int st;
    while (rc == DL_OK && (st = db_step(s, e)) == DB_ROW) {
        if (*n == cap) {
            subscriber *more = arena_alloc(a, sizeof *more * (size_t)cap * 2);
            if (!more) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
            memcpy(more, *out, sizeof *more * (size_t)cap);
            *out = more;
            cap *= 2;
        }
        (*out)[*n].id = db_col_int(s, 0);
        (*out)[*n].email = arena_strdup(a, db_col_text(s, 1));
        if (!(*out)[*n].email) rc = dl_fail(e, DL_ENOMEM, "out of memory");
        else (*n)++;
    }
    if (rc == DL_OK && st == DB_ERROR) rc = e->code ? e->code : DL_EDB;
    db_stmt_done(s);
    return rc;
}

/* What the mail says of the obstacle: its public state and answer. */
typedef struct news { char state[200]; char *answer; int published; } news;

static dl_err read_news(db *d, arena *a, int64_t id, int64_t now, news *out, dl_error *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(d, "SELECT state, public_answer, published_at FROM obstacle WHERE id = ?", e);
    if (!s) return e->code ? e->code : DL_EDB;
    db_bind_int(s, 1, id);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW) {
        obstacle_state state;
        if (obstacle_state_from_key(db_col_text(s, 0), &state) != 0) {
            rc = dl_fail(e, DL_EINTERNAL, "obstacle %" PRId64 " has an unknown state", id);
        } else {
            snprintf(out->state, sizeof out->state, "%s (%s)",
                     obstacle_public_group_label_sv(obstacle_public_group_of(state)), obstacle_state_label_sv(state));
            out->published = *db_col_text(s, 2) != '\0';
            const char *answer = db_col_text(s, 1);
            dl_error ignored = {0};
            /* The answer was written to the reporter and no detector read it
             * before: one in which personal data is found is not mailed to
             * strangers (the state still is). */
            if (!*answer) out->answer = arena_strdup(a, "Inget svar ännu.");
            else if (obstacle_public_text_check(answer, 0, today_of(now), &ignored) != DL_OK)
                out->answer = arena_strdup(a, "Svaret skickas inte med i brevet eftersom det kan innehålla "
                                              "personuppgifter.");
            else out->answer = arena_strdup(a, answer);
            if (!out->answer) rc = dl_fail(e, DL_ENOMEM, "out of memory");
        }
    } else if (st == DB_DONE) {
        rc = dl_fail(e, DL_ENOTFOUND, "Hindret finns inte.");
    } else {
        rc = e->code ? e->code : DL_EDB;
    }
    db_stmt_done(s);
    return rc;
}

dl_err obstacle_subscribers_notify_in_tx(db *d, int64_t id, const char *public_url, int64_t now, int *n_mailed,
                                         dl_error *e)
{
    if (n_mailed) *n_mailed = 0;
    arena *a = arena_new(4096);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    news nw;
    subscriber *subs = NULL;
    int n = 0;
    dl_err rc = read_news(d, a, id, now, &nw, e);
    if (rc == DL_OK && nw.published) rc = read_subscribers(d, a, id, &subs, &n, e);
    char ref[24], page[600], leave[600], token[TOKEN_HEX_SIZE];
    obstacle_reference(id, ref);
    snprintf(page, sizeof page, "%s/hinder/%" PRId64, or_empty(public_url), id);
    for (int i = 0; rc == DL_OK && i < n; i++) {
        rc = new_link(d, subs[i].id, OSL_UNSUBSCRIBE, now, token, e);
        if (rc != DL_OK) break;
        snprintf(leave, sizeof leave, "%s/hinder/bevakning/avsluta?t=%s", or_empty(public_url), token);
        mail_value v[] = {{"reference", ref}, {"state", nw.state}, {"answer", nw.answer}, {"link", page},
                          {"unsubscribe", leave}};
        rc = queue(d, "obstacle.subscription.news", subs[i].email, v, sizeof v / sizeof v[0], e);
        if (rc == DL_OK && n_mailed) (*n_mailed)++;
    }
    arena_free(a);
    return rc;
}
