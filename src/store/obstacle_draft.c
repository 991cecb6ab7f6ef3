/* obstacle_draft.c — see obstacle_draft.h: similar published obstacles for
 * the reporter's preview, and the reporter's own steps (revise, withdraw)
 * from their follow-up link. */
#include "store/obstacle_draft.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/clock.h"
#include "core/obstacle_flow.h"
#include "core/strbuf.h"
#include "crypto/token.h"
#include "core/plain_text.h"
#include "core/utf8.h"
#include "db/dialect.h"
#include "store/obstacle_steps.h"

static const char *or_empty(const char *s) { return s ? s : ""; }

dl_err obstacle_similar_published(db *d, arena *a, const char *text, obstacle_published_brief *out, int max, int *n,
                                  dl_error *e)
{
    *n = 0;
    char words[512], query[1024];
    obstacle_key_words(or_empty(text), words, sizeof words);
    db_backend kind = db_backend_of(d);
    if (max <= 0 || dialect_search_query_any(kind, words, query, sizeof query) == 0) return DL_OK;
    char *hits = dialect_ranked_hits(kind, "obstacle_public", NULL, NULL);
    if (!hits) return dl_fail(e, DL_ENOMEM, "out of memory");
    strbuf sql;
    sb_init(&sql, 1024);
    sb_puts(&sql, "SELECT o.id, o.category, o.state, o.created_at, o.public_text FROM (");
    sb_puts(&sql, hits);
    /* The index holds the wording of obstacles taken out of the register
     * too (their texts are kept): only the published ones are shown. */
    sb_puts(&sql, ") h JOIN obstacle o ON o.id = h.hit WHERE o.published_at <> ''"
                  " ORDER BY h.rank_text, o.id LIMIT ?");
    dl_free(hits);
    if (sql.oom) { sb_free(&sql); return dl_fail(e, DL_ENOMEM, "out of memory"); }
    db_stmt *s = db_prepare(d, sb_cstr(&sql), e);
    sb_free(&sql);
    if (!s) return e->code;
    db_bind_text(s, 1, query);
    db_bind_int(s, 2, 1000); /* the hits ranked; the best few are kept */
    db_bind_int(s, 3, max);
    dl_err rc = DL_OK;
    int st = DB_DONE;
    while (rc == DL_OK && *n < max && (st = db_step(s, e)) == DB_ROW) {
        obstacle_published_brief *b = &out[*n];
        b->id = db_col_int(s, 0);
        b->category = arena_strdup(a, db_col_text(s, 1));
        b->state = arena_strdup(a, db_col_text(s, 2));
        b->created_at = arena_strdup(a, db_col_text(s, 3));
        const char *t = db_col_text(s, 4);
        size_t len = strlen(t), cut = len > 900 ? 900 : len; /* about 300 characters of Swedish */
        while (cut > 0 && cut < len && ((unsigned char)t[cut] & 0xC0) == 0x80) cut--;
        b->public_text = arena_strndup(a, t, cut);
        if (!b->category || !b->state || !b->created_at || !b->public_text) rc = dl_fail(e, DL_ENOMEM, "out of memory");
        else (*n)++;
    }
    if (rc == DL_OK && st == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    return rc;
}



/* What the reporter's step reads of the report, in the transaction. */
typedef struct reported {
    int64_t id;
    obstacle_state state;
    int published;
    const char *what_happened, *suggestion;
} reported;

static const char bad_link[] = "Länken till hindret är inte giltig. Kontrollera att hela länken kom med. "
                               "Ingenting har ändrats.";

static dl_err read_by_token(db *d, arena *a, const char *token, reported *out, dl_error *e)
{
    if (!token || !hex_is_token(token)) return dl_fail(e, DL_ENOTFOUND, "%s", bad_link);
    char hash[TOKEN_HEX_SIZE];
    sha256_hex(token, strlen(token), hash);
    db_stmt *s = db_prepare(d, "SELECT o.id, o.state, o.published_at, o.what_happened, o.suggestion FROM obstacle o"
                               " WHERE o.follow_token_hash = ? OR o.id ="
                               " (SELECT st.obstacle_id FROM obstacle_step st WHERE st.mail_token_hash = ?)", e);
    if (!s) return e->code;
    db_bind_text(s, 1, hash);
    db_bind_text(s, 2, hash);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW) {
        out->id = db_col_int(s, 0);
        if (obstacle_state_from_key(db_col_text(s, 1), &out->state) != 0)
            rc = dl_fail(e, DL_EINTERNAL, "obstacle %" PRId64 " has an unknown state", out->id);
        out->published = db_col_text(s, 2)[0] != '\0';
        out->what_happened = arena_strdup(a, db_col_text(s, 3));
        out->suggestion = arena_strdup(a, db_col_text(s, 4));
        if (rc == DL_OK && (!out->what_happened || !out->suggestion)) rc = dl_fail(e, DL_ENOMEM, "out of memory");
    } else if (st == DB_DONE) {
        rc = dl_fail(e, DL_ENOTFOUND, "%s", bad_link);
    } else {
        rc = e->code;
    }
    db_stmt_done(s);
    return rc;
}

/* The reporter's door, as an error: a published report and a step that no
 * longer applies are conflicts the page explains. */
static dl_err door(const reported *cur, obstacle_event ev, dl_error *e)
{
    const char *why = NULL;
    switch (obstacle_reporter_may(cur->state, cur->published, ev, NULL, &why)) {
    case FLOW_OK: return DL_OK;
    case FLOW_GUARD_FAILED: return dl_fail(e, DL_ECONFLICT, "%s", why);
    case FLOW_NOT_IN_STATE:
        return dl_fail(e, DL_ECONFLICT, "Rapporten är redan avslutad eller har kommit så långt att den inte kan ändras "
                                        "eller återkallas härifrån. Ingenting har ändrats.");
    case FLOW_NOT_PERMITTED: break;
    }
    return dl_fail(e, DL_EDENIED, "%s", why ? why : "Det här kan du inte göra.");
}

static dl_err audit_step(db *d, const audit_actor *who, int64_t id, obstacle_state from, obstacle_state to,
                         obstacle_event ev, dl_error *e)
{
    char idt[24], detail[64], action[48];
    snprintf(idt, sizeof idt, "%" PRId64, id);
    snprintf(detail, sizeof detail, "%s->%s", obstacle_state_key(from), obstacle_state_key(to)); /* keys only */
    snprintf(action, sizeof action, "obstacle.%s", obstacle_event_key(ev));
    audit_actor public_actor = {0, "public"};
    return audit_append(d, who ? who : &public_actor, action, "obstacle", idt, NULL, NULL, detail, e);
}

/* The history note of a revision: the texts as they were, those changed. */
static char *previous_texts(arena *a, const reported *cur, int what_changed, int suggestion_changed)
{
    return arena_printf(a, "Före ändringen:%s%s%s%s", what_changed ? "\n\nVad hände?\n" : "",
                        what_changed ? cur->what_happened : "", suggestion_changed ? "\n\nFörslag till lösning:\n" : "",
                        suggestion_changed ? (*cur->suggestion ? cur->suggestion : "(inget)") : "");
}

static dl_err revise_in_tx(db *d, arena *a, const char *token, const audit_actor *who, const char *what,
                           const char *suggestion, int64_t now, dl_error *e)
{
    reported cur;
    dl_err rc = read_by_token(d, a, token, &cur, e);
    if (rc == DL_OK) rc = door(&cur, OE_REVISE, e);
    if (rc != DL_OK) return rc;
    int what_changed = strcmp(what, cur.what_happened) != 0, suggestion_changed = strcmp(suggestion, cur.suggestion) != 0;
    if (!what_changed && !suggestion_changed)
        return dl_fail(e, DL_EINVAL, "Texterna är desamma som förut. Ändra något, eller gå tillbaka utan att spara.");
    char at[32];
    clock_iso_utc(now, at);
    char *note = previous_texts(a, &cur, what_changed, suggestion_changed);
    if (!note) return dl_fail(e, DL_ENOMEM, "out of memory");
    /* last_step_at is the analysts' clock (follow-up's "waiting for action"): a reporter's change leaves it. */
    int64_t changed = 0;
    rc = db_query_int(d, "UPDATE obstacle SET what_happened = ?, suggestion = ? WHERE id = ? AND state = ?"
                         " AND published_at = '' RETURNING 1", &changed, e, "ttit", what, suggestion, cur.id,
                      obstacle_state_key(cur.state));
    if (rc == DL_ENOTFOUND || (rc == DL_OK && !changed))
        return dl_fail(e, DL_ECONFLICT, "Rapporten ändrades just av någon annan. Ladda om sidan och försök igen.");
    if (rc == DL_OK)
        rc = obstacle_step_insert(d, cur.id, at, who, OE_REVISE, cur.state, cur.state, note, 0, NULL, e);
    if (rc == DL_OK) rc = audit_step(d, who, cur.id, cur.state, cur.state, OE_REVISE, e);
    return rc;
}

dl_err obstacle_reporter_revise(db *d, arena *a, const char *token, const audit_actor *who, const char *what_happened,
                                const char *suggestion, int64_t now, dl_error *e)
{
    const char *what = or_empty(what_happened), *sugg = or_empty(suggestion);
    if (text_blank(what)) return dl_fail(e, DL_EINVAL, "Beskriv vad som hände.");
    if (!text_fits(what, OBSTACLE_WHAT_MAX, 1))
        return dl_fail(e, DL_EINVAL, "Beskrivningen av vad som hände får vara högst 4000 tecken, utan styrtecken.");
    if (!text_fits(sugg, OBSTACLE_SUGGESTION_MAX, 1))
        return dl_fail(e, DL_EINVAL, "Förslaget till lösning får vara högst 2000 tecken, utan styrtecken.");
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = revise_in_tx(d, a, token, who, what, sugg, now, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}

static dl_err withdraw_in_tx(db *d, arena *a, const char *token, const audit_actor *who, int64_t now, dl_error *e)
{
    reported cur;
    dl_err rc = read_by_token(d, a, token, &cur, e);
    if (rc == DL_OK) rc = door(&cur, OE_WITHDRAW, e);
    if (rc != DL_OK) return rc;
    char at[32];
    clock_iso_utc(now, at);
    int64_t changed = 0;
    rc = db_query_int(d, "UPDATE obstacle SET state = ?, last_step_at = ? WHERE id = ? AND state = ?"
                         " AND published_at = '' RETURNING 1", &changed, e, "ttit",
                      obstacle_state_key(OBSTACLE_WITHDRAWN), at, cur.id, obstacle_state_key(cur.state));
    if (rc == DL_ENOTFOUND || (rc == DL_OK && !changed))
        return dl_fail(e, DL_ECONFLICT, "Rapporten ändrades just av någon annan. Ladda om sidan och försök igen.");
    if (rc == DL_OK)
        rc = obstacle_step_insert(d, cur.id, at, who, OE_WITHDRAW, cur.state, OBSTACLE_WITHDRAWN, "", 1, NULL, e);
    if (rc == DL_OK) rc = audit_step(d, who, cur.id, cur.state, OBSTACLE_WITHDRAWN, OE_WITHDRAW, e);
    return rc;
}

dl_err obstacle_reporter_withdraw(db *d, arena *a, const char *token, const audit_actor *who, int64_t now,
                                  dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = withdraw_in_tx(d, a, token, who, now, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}
