/* question_steps.c — see questions.h: the steps of a question through the
 * transition table of core/question_flow.h, the answer mailed to the asker,
 * the knowledge-guide draft a general answer becomes (the manner of
 * store/calls.c's project results), and the answer link. */
#include "store/questions.h"
#include "store/questions_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/content.h"
#include "core/mail_address.h"
#include "crypto/token.h"
#include "store/guide_edit.h"
#include "store/outbox.h"

static const char *bad_link = "Länken till svaret gäller inte: den är fel kopierad eller ofullständig. Kopiera hela "
                              "länken ur brevet.";


/* The general answer as a guide item draft "fraga-ID-svar" (published
 * version 0: readers see nothing until an editor publishes it on
 * /guide/ID/edit), version 1: the question as the text's start, the answer,
 * the answering member as responsible and its page as the source. */
static dl_err save_guide_draft(db *d, const question_actor *who, const question_rec *q, const question_step_in *in,
                               const char *member_name, const char *at, const char *today, char guide_id[48],
                               dl_error *e)
{
    if (text_blank(in->title)) return dl_fail(e, DL_EINVAL, "Skriv en rubrik för kunskapsguidens text om svaret.");
    if (!text_fits(in->title, QUESTION_TITLE_MAX, 0))
        return dl_fail(e, DL_EINVAL, "Rubriken får vara högst 200 tecken på en rad, utan styrtecken.");
    if (text_blank(in->summary)) return dl_fail(e, DL_EINVAL, "Skriv en mening som sammanfattar svaret för kunskapsguiden.");
    if (!text_fits(in->summary, QUESTION_SUMMARY_MAX, 0))
        return dl_fail(e, DL_EINVAL, "Sammanfattningen får vara högst 300 tecken på en rad, utan styrtecken.");
    const char *base = who && who->public_url ? who->public_url : "";
    if (!*base)
        return dl_fail(e, DL_EINVAL, "Svaret behöver en källa i kunskapsguiden, men serverns offentliga adress är inte "
                                     "inställd. Be driften ange --public-url och försök igen.");
    snprintf(guide_id, 48, "fraga-%" PRId64 "-svar", q->id);
    dl_err rc = DL_OK;
    arena *a = arena_new(16384);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    size_t sl = strlen(in->summary), bl = strlen(base);
    char last = sl ? in->summary[sl - 1] : '.';
    const char *stop = last == '.' || last == '?' || last == '!' ? "" : ".";
    while (bl && base[bl - 1] == '/') bl--;
    /* The question quoted line by line, so Markdown in it stays text. */
    const char *quoted = "";
    for (const char *p = q->body; *p;) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        quoted = arena_printf(a, "%s> %.*s\n", quoted, (int)len, p);
        if (!quoted || !end) break;
        p = end + 1;
    }
    const char *src =
        quoted ? arena_printf(a,
                              "---\nid: %s\ntype: guide\ntitle: %s\ntitle_en: %s\nsummary: %s%s\nsummary_en: %s%s\n"
                              "categories: frågor och svar, koordinerande stöd\nsources: %.*s/natverk%s"
                              "\nreviewed: %s\nresponsible: %s\n---\n\n## Frågan\n\n%s\n## Svaret\n\n%s\n\n"
                              "## Så går du vidare\n\nHar du en egen fråga? [Ställ den till det nationella stödet]"
                              "(/fragor/ny), så går den till den stödfunktion som kan svara.\n",
                              guide_id, in->title, in->title, in->summary, stop, in->summary, stop, (int)bl, base,
                              q->member_id > 0 ? arena_printf(a, "/%" PRId64, q->member_id) : "", today, member_name && *member_name ? member_name : "nätverkskoordinator",
                              quoted, in->answer)
               : NULL;
    rc = src ? guide_draft_insert_in_tx(d, guide_id, src, today, at, who ? who->audit.user_id : (int64_t)0,
                                        "Svaret kan inte bli en text i kunskapsguiden", e)
             : dl_fail(e, DL_ENOMEM, "out of memory");
    arena_free(a);
    return rc;
}

/* The answer mail: the answer itself, who answered, and the link to read it again. */
static dl_err mail_answer(db *d, const question_actor *who, const question_rec *q, const char *answer,
                          const char *member_name, const char *token, dl_error *e)
{
    char to[MAIL_ADDRESS_MAX + 1] = "", lang[4] = "sv";
    db_stmt *s = db_prepare(d, "SELECT asker_email, lang FROM question WHERE id = ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, q->id);
    int st = db_step(s, e);
    if (st == DB_ROW) {
        snprintf(to, sizeof to, "%s", db_col_text(s, 0));
        snprintf(lang, sizeof lang, "%s", db_col_text(s, 1));
    }
    db_stmt_done(s);
    if (st != DB_ROW) return st == DB_ERROR ? e->code : dl_fail(e, DL_ENOTFOUND, "Frågan finns inte.");
    const char *base = who && who->public_url ? who->public_url : "";
    arena *a = arena_new(OUTBOX_BODY_MAX / 4);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    const char *from = member_name && *member_name ? member_name : "Nätverkskoordinatorn";
    const char *body = arena_printf(a,
                                    "Hej,\n\nDu ställde en fråga till det nationella stödet för hälsodata. "
                                    "%s har svarat:\n\n%s\n\nDin fråga:\n\n%.2000s\n\n"
                                    "Svaret finns också här (länken är din, dela den inte):\n%s/fragor/svar?t=%s\n",
                                    from, answer, q->body, base, token);
    dl_err rc = body ? DL_OK : dl_fail(e, DL_ENOMEM, "out of memory");
    if (rc == DL_OK && strlen(body) > OUTBOX_BODY_MAX - 1) rc = dl_fail(e, DL_EINVAL, "Svaret är för långt för ett brev.");
    if (rc == DL_OK) {
        (void)lang; /* the text is Swedish: the support answers in Swedish */
        outbox_mail m = {to, "Svar på din fråga till det nationella stödet", body, "sv", "question.answer", 0};
        rc = outbox_enqueue_in_tx(d, &m, NULL, e);
    }
    arena_free(a);
    return rc;
}

dl_err q_notify_member(db *d, const question_actor *who, int64_t id, int64_t member, const char *body, dl_error *e)
{
    if (!who || !who->notify || member <= 0) return DL_OK;
    db_stmt *s = db_prepare(d, "SELECT DISTINCT lower(email) FROM network_contact WHERE member_id = ? ORDER BY 1", e);
    if (!s) return e->code;
    db_bind_int(s, 1, member);
    char to[8][MAIL_ADDRESS_MAX + 1];
    int n = 0, st;
    while (n < 8 && (st = db_step(s, e)) == DB_ROW) {
        dl_error bad;
        const char *addr = db_col_text(s, 0);
        if (strlen(addr) <= MAIL_ADDRESS_MAX && mail_address_check(addr, &bad) == DL_OK) /* a bad contact is skipped */
            snprintf(to[n++], sizeof to[0], "%s", addr);
    }
    db_stmt_done(s);
    const char *base = who->public_url ? who->public_url : "";
    char text[1400], subject[64];
    snprintf(subject, sizeof subject, "Ny fråga %" PRId64 " i frågekön", id);
    snprintf(text, sizeof text,
             "Hej,\n\nEn fråga till det nationella stödet har skickats till er stödfunktion:\n\n%.800s%s\n\n"
             "Läs den, svara eller lämna över den i frågekön:\n%s/fragor/%" PRId64 "\n",
             body, strlen(body) > 800 ? " …" : "", base, id);
    dl_err rc = DL_OK;
    for (int i = 0; rc == DL_OK && i < n; i++) {
        outbox_mail m = {to[i], subject, text, "sv", "question.routed", 0};
        rc = outbox_enqueue_in_tx(d, &m, NULL, e);
    }
    return rc;
}

static dl_err check_inputs(db *d, const question_rule *row, const question_rec *q, const question_step_in *in,
                           dl_error *e)
{
    if (row->inputs & QI_MEMBER) {
        int64_t there = 0;
        dl_err rc = in->member_id > 0 ? db_query_int(d, "SELECT COUNT(*) FROM network_member WHERE id = ?", &there, e,
                                                     "i", in->member_id)
                                      : DL_OK;
        if (rc != DL_OK) return rc;
        if (!there) return dl_fail(e, DL_EINVAL, "Välj stödfunktionen som frågan ska till.");
        if (in->member_id == q->member_id)
            return dl_fail(e, DL_EINVAL, "Frågan ligger redan hos %s. Välj en annan stödfunktion.", q->member_name);
    }
    if (row->inputs & QI_NOTE) {
        if (text_blank(in->note))
            return dl_fail(e, DL_EINVAL, "Skriv en kort anteckning: varför frågan går vidare eller avslutas.");
        if (!text_fits(in->note, QUESTION_NOTE_MAX, 1))
            return dl_fail(e, DL_EINVAL, "Anteckningen får vara högst 2 000 tecken, utan styrtecken.");
    } else if (!text_fits(in->note, QUESTION_NOTE_MAX, 1))
        return dl_fail(e, DL_EINVAL, "Anteckningen får vara högst 2 000 tecken, utan styrtecken.");
    if (row->inputs & QI_ANSWER) {
        if (text_blank(in->answer)) return dl_fail(e, DL_EINVAL, "Skriv svaret. Det skickas till den som frågade.");
        if (!text_fits(in->answer, QUESTION_ANSWER_MAX, 1))
            return dl_fail(e, DL_EINVAL, "Svaret får vara högst 10 000 tecken, utan styrtecken.");
    }
    return DL_OK;
}

static dl_err step_in_tx(db *d, const question_actor *who, int64_t id, question_event ev, const question_step_in *in,
                         int64_t now, dl_error *e)
{
    arena *a = arena_new(8192);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    question_rec q;
    dl_err rc = question_get(d, a, id, now, &q, e);
    if (rc != DL_OK) { arena_free(a); return rc; }
    unsigned facts = question_facts(d, who, &q);
    const question_rule *row = NULL;
    const char *why = NULL;
    flow_refusal refused = question_may(who ? who->subject : NULL, q.state, facts, ev, &row, &why);
    if (refused != FLOW_OK) { arena_free(a); return flow_refusal_error(refused, why, e); }
    rc = check_inputs(d, row, &q, in, e);
    char at[32], today[16], token[TOKEN_HEX_SIZE] = "", hash[TOKEN_HEX_SIZE] = "", guide_id[48] = "";
    clock_iso_utc(now, at);
    clock_local_date(now, today);
    int64_t to_member = (row->inputs & QI_MEMBER) ? in->member_id : row->to == QS_RECEIVED ? 0 : q.member_id;
    int general = (row->inputs & QI_ANSWER) && in->general;
    if (rc == DL_OK && general) rc = save_guide_draft(d, who, &q, in, q.member_name, at, today, guide_id, e);
    if (rc == DL_OK && (row->inputs & QI_ANSWER)) {
        token_random_hex(token);
        sha256_hex(token, strlen(token), hash);
        rc = mail_answer(d, who, &q, in->answer, q.member_name, token, e);
    }
    if (rc == DL_OK)
        rc = db_run(d, "UPDATE question SET state = ?, member_id = NULLIF(?, 0),"
                       " answer = CASE WHEN ? = 1 THEN ? ELSE answer END,"
                       " answered_at = CASE WHEN ? = 1 THEN ? ELSE answered_at END,"
                       " token_hash = CASE WHEN ? = 1 THEN ? ELSE token_hash END, general = ?,"
                       " guide_item_id = CASE WHEN ? <> '' THEN ? ELSE guide_item_id END, updated_at = ?"
                       " WHERE id = ? AND state = ?",
                    e, "tiititititttit", question_state_keys[row->to], to_member,
                    (int64_t)((row->inputs & QI_ANSWER) != 0), q_or_empty(in->answer),
                    (int64_t)((row->inputs & QI_ANSWER) != 0), at, (int64_t)((row->inputs & QI_ANSWER) != 0), hash,
                    (int64_t)general, guide_id, guide_id, at, id, question_state_keys[row->from]);
    int64_t actor = who && who->subject ? who->subject->user_id : 0;
    if (rc == DL_OK && (row->inputs & QI_MEMBER)) rc = q_notify_member(d, who, id, to_member, q.body, e);
    if (rc == DL_OK)
        rc = q_event(d, id, question_event_keys[ev], q.member_id, to_member, (row->inputs & QI_ANSWER) ? "" : in->note,
                     actor, at, e);
    char detail[128];
    snprintf(detail, sizeof detail, "%s->%s member=%" PRId64 "->%" PRId64 "%s%s", question_state_keys[row->from],
             question_state_keys[row->to], q.member_id, to_member, guide_id[0] ? " guide=" : "", guide_id);
    if (rc == DL_OK) rc = q_audit(d, who, question_event_keys[ev], id, detail, e);
    arena_free(a);
    return rc;
}

dl_err question_step(db *d, const question_actor *who, int64_t id, question_event ev, const question_step_in *in,
                     int64_t now, dl_error *e)
{
    static const question_step_in none = {0};
    if (!in) in = &none;
    if ((unsigned)ev >= QUESTION_EVENT__MAX) return dl_fail(e, DL_ENOTFOUND, "Det finns inget sådant steg.");
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = step_in_tx(d, who, id, ev, in, now, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}

dl_err question_by_token(db *d, arena *a, const char *token, question_rec *out, dl_error *e)
{
    if (!token || !hex_is_token(token)) return dl_fail(e, DL_ENOTFOUND, "%s", bad_link);
    char hash[TOKEN_HEX_SIZE];
    sha256_hex(token, strlen(token), hash);
    int64_t id = 0;
    dl_err rc = db_query_int(d, "SELECT id FROM question WHERE token_hash = ? AND state = 'answered'", &id, e, "t", hash);
    if (rc == DL_ENOTFOUND) return dl_fail(e, DL_ENOTFOUND, "%s", bad_link);
    if (rc != DL_OK) return rc;
    return question_get(d, a, id, clock_now(), out, e);
}

dl_err question_of_guide(db *d, const char *guide_id, int64_t *question_id, dl_error *e)
{
    *question_id = 0;
    if (!guide_id || !*guide_id) return dl_fail(e, DL_ENOTFOUND, "no question");
    dl_err rc = db_query_int(d, "SELECT id FROM question WHERE guide_item_id = ?", question_id, e, "t", guide_id);
    return rc == DL_ENOTFOUND ? dl_fail(e, DL_ENOTFOUND, "no question") : rc;
}
