/* case_members.c — the project members of a case; see case_members.h. */
#include "store/case_members.h"
#include "core/case_flow.h"
#include "core/clock.h"
#include "core/mail_address.h"
#include "crypto/password_hash.h"
#include "crypto/token.h"
#include "core/utf8.h"
#include "store/case_notify.h"
#include "store/cases.h"
#include "store/diary.h"
#include "store/sessions.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *dup(arena *a, const char *s) { return arena_strdup(a, s ? s : ""); }

_Static_assert(CASE_MEMBER_DAYS == 30, "the invitation mail in notify/mail_text.c says 30 days");

dl_err terms_current(db *d, arena *a, terms_rec *out, dl_error *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(d, "SELECT version, body_sv, body_en, created_at FROM terms_version"
                               " ORDER BY version DESC LIMIT 1", e);
    if (!s) return e->code;
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW) {
        out->version = db_col_int(s, 0);
        out->body_sv = dup(a, db_col_text(s, 1));
        out->body_en = dup(a, db_col_text(s, 2));
        out->created_at = dup(a, db_col_text(s, 3));
        if (!out->body_sv || !out->body_en || !out->created_at) rc = dl_fail(e, DL_ENOMEM, "out of memory");
    } else rc = st == DB_DONE ? dl_fail(e, DL_ENOTFOUND, "Det finns inga användarvillkor.") : e->code;
    db_stmt_done(s);
    return rc;
}

/* The state of a row from its columns. */
static member_state state_of(int64_t user_id, int64_t terms, int64_t newest, int64_t ended, int64_t expires,
                             int64_t now)
{
    if (ended) return MEMBER_ENDED;
    if (!user_id) return now >= expires ? MEMBER_EXPIRED : MEMBER_INVITED;
    return terms > 0 && terms == newest ? MEMBER_ACCEPTED : MEMBER_JOINED;
}

#define NEWEST "(SELECT COALESCE(MAX(version), 0) FROM terms_version)"

dl_err case_members(db *d, arena *a, int64_t case_id, int64_t now, case_member_rec *out, int max, int *n,
                    dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT m.id, m.case_id, COALESCE(m.user_id, 0), m.terms_version, m.accepted_at,"
                               " m.ended_at, m.ended_how, m.email, COALESCE(u.display_name, ''), m.expires_at, " NEWEST
                               " FROM case_member m LEFT JOIN users u ON u.id = m.user_id"
                               " WHERE m.case_id = ? ORDER BY m.id LIMIT ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, case_id);
    db_bind_int(s, 2, max);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) {
        case_member_rec *m = &out[(*n)++];
        m->id = db_col_int(s, 0);
        m->case_id = db_col_int(s, 1);
        m->user_id = db_col_int(s, 2);
        m->terms_version = db_col_int(s, 3);
        m->accepted_at = db_col_int(s, 4);
        m->ended_at = db_col_int(s, 5);
        m->ended_how = dup(a, db_col_text(s, 6));
        m->email = dup(a, db_col_text(s, 7));
        m->display_name = dup(a, db_col_text(s, 8));
        m->state = state_of(m->user_id, m->terms_version, db_col_int(s, 10), m->ended_at, db_col_int(s, 9), now);
        if (!m->ended_how || !m->email || !m->display_name) {
            db_stmt_done(s);
            return dl_fail(e, DL_ENOMEM, "out of memory");
        }
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

dl_err case_member_of(db *d, int64_t case_id, int64_t user_id, int64_t *member_id, dl_error *e)
{
    *member_id = 0;
    if (user_id <= 0) return DL_OK;
    dl_err rc = db_query_int(d, "SELECT id FROM case_member WHERE case_id = ? AND user_id = ? AND ended_at = 0"
                                " ORDER BY id DESC LIMIT 1", member_id, e, "ii", case_id, user_id);
    if (rc == DL_ENOTFOUND) { *member_id = 0; return DL_OK; }
    return rc;
}

dl_err case_member_invite(db *d, int64_t case_id, const audit_actor *who, const char *email, const char *public_url,
                          int64_t *id_out, dl_error *e)
{
    *id_out = 0;
    if (!email || !*email) return dl_fail(e, DL_EINVAL, "Skriv projektmedlemmens e-postadress.");
    dl_err rc = mail_address_check(email, e);
    if (rc != DL_OK) return dl_fail(e, DL_EINVAL, "E-postadressen %.100s går inte att skicka till. Kontrollera den.", email);
    arena *a = arena_new(4096);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    rc = db_begin(d, e);
    if (rc != DL_OK) { arena_free(a); return rc; }
    case_rec c;
    rc = case_get(d, a, case_id, &c, e);
    if (rc == DL_ENOTFOUND) rc = dl_fail(e, DL_ENOTFOUND, "Det finns inget sådant ärende.");
    if (rc == DL_OK && (!who || c.owner_user_id != who->user_id))
        rc = dl_fail(e, DL_EDENIED, "Bara sökanden som äger ärendet kan bjuda in projektmedlemmar.");
    if (rc == DL_OK && (c.state == CASE_DRAFT || !case_state_is_open(c.state)))
        rc = dl_fail(e, DL_ECONFLICT, "Projektmedlemmar bjuds in när ansökan är inskickad och ärendet pågår.");
    int64_t same = 0, all = 0, own = 0;
    if (rc == DL_OK)
        rc = db_query_int(d, "SELECT COUNT(*) FROM users WHERE id = ? AND lower(email) = lower(?)", &own, e, "it",
                          who->user_id, email);
    if (rc == DL_OK && own) rc = dl_fail(e, DL_ECONFLICT, "Det är din egen adress; du är redan sökande i ärendet.");
    if (rc == DL_OK)
        rc = db_query_int(d, "SELECT COUNT(*) FROM case_member WHERE case_id = ? AND lower(email) = lower(?)"
                             " AND ended_at = 0 AND (user_id IS NOT NULL OR expires_at > ?)", &same, e, "iti",
                          case_id, email, clock_now());
    if (rc == DL_OK && same)
        rc = dl_fail(e, DL_ECONFLICT, "%.100s är redan inbjuden till eller medlem i projektet.", email);
    if (rc == DL_OK) rc = db_query_int(d, "SELECT COUNT(*) FROM case_member WHERE case_id = ?", &all, e, "i", case_id);
    if (rc == DL_OK && all >= CASE_MEMBERS_MAX)
        rc = dl_fail(e, DL_ECONFLICT, "Ärendet har redan %d inbjudningar; fler går inte att skicka. Kontakta organisationen.",
                     CASE_MEMBERS_MAX);
    char token[TOKEN_HEX_SIZE], hash[TOKEN_HEX_SIZE];
    token_random_hex(token);
    sha256_hex(token, strlen(token), hash);
    int64_t now = clock_now();
    if (rc == DL_OK)
        rc = db_query_int(d, "INSERT INTO case_member(case_id, email, token_hash, invited_by, invited_at, expires_at)"
                             " VALUES (?, ?, ?, ?, ?, ?) RETURNING id", id_out, e, "ittiii", case_id, email, hash,
                          who->user_id, now, now + (int64_t)CASE_MEMBER_DAYS * 86400);
    char idt[24], path[96];
    snprintf(idt, sizeof idt, "%" PRId64, case_id);
    snprintf(path, sizeof path, "/medlem?t=%s", token);
    const char *detail = arena_printf(a, "member %" PRId64 ", invited %s", *id_out, email);
    if (rc == DL_OK) rc = audit_append(d, who, "case.member_invite", "case", idt, NULL, NULL, detail ? detail : "", e);
    if (rc == DL_OK) rc = case_notify_kind_in_tx(d, &c, 0, email, "case.member_invite", path, public_url, e);
    memset(token, 0, sizeof token);
    memset(path, 0, sizeof path);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    if (rc != DL_OK) *id_out = 0;
    arena_free(a);
    return rc;
}

#define NO_INVITATION "Inbjudan finns inte. Kontrollera länken i e-postmeddelandet."

dl_err case_member_find(db *d, arena *a, const char *token, int64_t now, member_invitation *out, dl_error *e)
{
    memset(out, 0, sizeof *out);
    if (!token || !hex_is_token(token)) return dl_fail(e, DL_ENOTFOUND, NO_INVITATION);
    char hash[TOKEN_HEX_SIZE];
    sha256_hex(token, strlen(token), hash);
    db_stmt *s = db_prepare(d, "SELECT m.id, m.case_id, m.email, m.expires_at, COALESCE(m.user_id, 0), m.ended_at,"
                               " c.diary_number, c.title, o.name"
                               " FROM case_member m JOIN cases c ON c.id = m.case_id JOIN org_node o ON o.id = c.org_id"
                               " WHERE m.token_hash = ?", e);
    if (!s) return e->code;
    db_bind_text(s, 1, hash);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW) {
        out->id = db_col_int(s, 0);
        out->case_id = db_col_int(s, 1);
        out->email = dup(a, db_col_text(s, 2));
        out->expires_at = db_col_int(s, 3);
        out->state = db_col_int(s, 5) ? MEMBER_ENDED : db_col_int(s, 4) ? MEMBER_JOINED
                     : now >= out->expires_at ? MEMBER_EXPIRED : MEMBER_INVITED;
        out->diary_number = dup(a, db_col_text(s, 6));
        out->title = dup(a, db_col_text(s, 7));
        out->org_name = dup(a, db_col_text(s, 8));
        if (!out->email || !out->diary_number || !out->title || !out->org_name)
            rc = dl_fail(e, DL_ENOMEM, "out of memory");
    } else rc = st == DB_DONE ? dl_fail(e, DL_ENOTFOUND, NO_INVITATION) : e->code;
    db_stmt_done(s);
    return rc;
}

dl_err case_member_join(db *d, const char *token, const invitation_account *account, const audit_actor *signed_in,
                        const char *signed_in_email, int64_t now, int64_t *case_id_out, int64_t *user_id_out,
                        char session_out[65], dl_error *e)
{
    if (session_out) session_out[0] = '\0';
    *case_id_out = *user_id_out = 0;
    if (!token || !hex_is_token(token)) return dl_fail(e, DL_ENOTFOUND, NO_INVITATION);
    int64_t uid = !account && signed_in ? signed_in->user_id : 0;
    if (!account && uid <= 0) return dl_fail(e, DL_EINVAL, "Logga in eller skapa ett konto för att gå med i projektet.");
    char pw_hash[PASSWORD_HASH_MAX];
    if (account) {
        dl_err rc = invitation_account_check(account, pw_hash, e);
        if (rc != DL_OK) return rc;
    }
    char hash[TOKEN_HEX_SIZE], email[MAIL_ADDRESS_MAX + 1] = "";
    sha256_hex(token, strlen(token), hash);
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int64_t mid = 0, case_id = 0, expired = 0, joined = 0, ended = 0, owner = 0;
    db_stmt *s = db_prepare(d, "SELECT m.id, m.case_id, m.email, CASE WHEN m.expires_at <= ? THEN 1 ELSE 0 END,"
                               " COALESCE(m.user_id, 0), m.ended_at, COALESCE(c.owner_user_id, 0)"
                               " FROM case_member m JOIN cases c ON c.id = m.case_id WHERE m.token_hash = ?", e);
    if (!s) rc = e->code;
    else {
        db_bind_int(s, 1, now);
        db_bind_text(s, 2, hash);
        int st = db_step(s, e);
        if (st == DB_ROW) {
            mid = db_col_int(s, 0);
            case_id = db_col_int(s, 1);
            snprintf(email, sizeof email, "%s", db_col_text(s, 2));
            expired = db_col_int(s, 3);
            joined = db_col_int(s, 4);
            ended = db_col_int(s, 5);
            owner = db_col_int(s, 6);
        } else rc = st == DB_DONE ? dl_fail(e, DL_ENOTFOUND, NO_INVITATION) : e->code;
        db_stmt_done(s);
    }
    if (rc == DL_OK && joined)
        rc = dl_fail(e, DL_ECONFLICT, "Inbjudan är redan använd. Logga in med kontot som tog emot den.");
    if (rc == DL_OK && ended) rc = dl_fail(e, DL_ECONFLICT, "Inbjudan är återkallad. Be sökanden om en ny.");
    if (rc == DL_OK && expired) rc = dl_fail(e, DL_ECONFLICT, "Inbjudan har gått ut. Be sökanden om en ny.");
    if (rc == DL_OK && !account) {
        if (!signed_in_email || strcasecmp(email, signed_in_email) != 0)
            rc = dl_fail(e, DL_EDENIED, "Inbjudan gäller en annan person (adressen %s), inte kontot du är inloggad med. "
                                        "Logga in med det kontot, eller logga ut och skapa ett konto från inbjudan.",
                         email);
        if (rc == DL_OK && owner == uid)
            rc = dl_fail(e, DL_ECONFLICT, "Du är sökande i ärendet och behöver ingen inbjudan.");
        int64_t already = 0;
        if (rc == DL_OK) rc = case_member_of(d, case_id, uid, &already, e);
        if (rc == DL_OK && already) rc = dl_fail(e, DL_ECONFLICT, "Du är redan medlem i projektet.");
    }
    if (rc == DL_OK && account) rc = invitation_account_insert_in_tx(d, account, pw_hash, email, &uid, e);
    int64_t changed = 0;
    if (rc == DL_OK) {
        rc = db_query_int(d, "UPDATE case_member SET user_id = ?, joined_at = ? WHERE id = ? AND user_id IS NULL"
                             " AND ended_at = 0 RETURNING 1", &changed, e, "iii", uid, now, mid);
        if (rc == DL_ENOTFOUND || (rc == DL_OK && !changed))
            rc = dl_fail(e, DL_ECONFLICT, "Inbjudan är redan använd. Logga in med kontot som tog emot den.");
    }
    char idt[24], detail[64];
    snprintf(idt, sizeof idt, "%" PRId64, case_id);
    snprintf(detail, sizeof detail, "member %" PRId64 ", user %" PRId64, mid, uid);
    audit_actor who = account ? (audit_actor){uid, account->username} : *signed_in;
    if (rc == DL_OK) rc = audit_append(d, &who, "case.member_join", "case", idt, NULL, NULL, detail, e);
    if (rc == DL_OK && account && session_out) {
        rc = session_create(d, uid, now, session_out, e);
        char uidt[24];
        snprintf(uidt, sizeof uidt, "%" PRId64, uid);
        if (rc == DL_OK) rc = audit_append(d, &who, "auth.login", "user", uidt, NULL, NULL, "via member invitation", e);
    }
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    if (rc == DL_OK) {
        *case_id_out = case_id;
        *user_id_out = uid;
    } else if (session_out) session_out[0] = '\0';
    return rc;
}

#define NOT_YOURS "Det medlemskapet är inte ditt. Du kan bara godkänna villkoren för dig själv, inloggad med ditt eget konto."

dl_err case_member_accept_terms(db *d, int64_t case_id, int64_t member_id, const audit_actor *who, int64_t version,
                                dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int64_t m_case = 0, m_user = 0, ended = 1, accepted = 0, newest = 0;
    db_stmt *s = db_prepare(d, "SELECT case_id, COALESCE(user_id, 0), ended_at, terms_version, " NEWEST
                               " FROM case_member WHERE id = ?", e);
    if (!s) rc = e->code;
    else {
        db_bind_int(s, 1, member_id);
        int st = db_step(s, e);
        if (st == DB_ROW) {
            m_case = db_col_int(s, 0);
            m_user = db_col_int(s, 1);
            ended = db_col_int(s, 2);
            accepted = db_col_int(s, 3);
            newest = db_col_int(s, 4);
        } else if (st == DB_ERROR) rc = e->code;
        db_stmt_done(s);
    }
    if (rc == DL_OK && (m_case != case_id || !who || m_user <= 0 || m_user != who->user_id))
        rc = dl_fail(e, DL_EDENIED, NOT_YOURS);
    if (rc == DL_OK && ended) rc = dl_fail(e, DL_ECONFLICT, "Du är inte längre medlem i projektet.");
    if (rc == DL_OK && version != newest)
        rc = dl_fail(e, DL_ECONFLICT, "Villkoren har ändrats; version %lld gäller nu. Läs dem och godkänn igen.",
                     (long long)newest);
    if (rc == DL_OK && accepted == newest)
        rc = dl_fail(e, DL_ECONFLICT, "Du har redan godkänt villkoren (version %lld).", (long long)newest);
    if (rc == DL_OK)
        rc = db_run(d, "UPDATE case_member SET terms_version = ?, accepted_at = ? WHERE id = ? AND ended_at = 0", e,
                    "iii", version, clock_now(), member_id);
    char idt[24], detail[64];
    snprintf(idt, sizeof idt, "%" PRId64, case_id);
    snprintf(detail, sizeof detail, "member %" PRId64 ", terms version %" PRId64, member_id, version);
    if (rc == DL_OK) rc = audit_append(d, who, "case.member_terms", "case", idt, NULL, NULL, detail, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}

dl_err case_member_end(db *d, int64_t case_id, int64_t member_id, const audit_actor *who, char number_out[DIARY_NUMBER_MAX],
                       dl_error *e)
{
    number_out[0] = '\0';
    arena *a = arena_new(4096);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) { arena_free(a); return rc; }
    case_rec c;
    rc = case_get(d, a, case_id, &c, e);
    if (rc == DL_ENOTFOUND) rc = dl_fail(e, DL_ENOTFOUND, "Det finns inget sådant ärende.");
    int64_t m_case = 0, m_user = 0, ended = 0;
    if (rc == DL_OK) {
        db_stmt *s = db_prepare(d, "SELECT case_id, COALESCE(user_id, 0), ended_at FROM case_member WHERE id = ?", e);
        if (!s) rc = e->code;
        else {
            db_bind_int(s, 1, member_id);
            int st = db_step(s, e);
            if (st == DB_ROW) {
                m_case = db_col_int(s, 0);
                m_user = db_col_int(s, 1);
                ended = db_col_int(s, 2);
            } else if (st == DB_ERROR) rc = e->code;
            db_stmt_done(s);
        }
    }
    if (rc == DL_OK && m_case != case_id)
        rc = dl_fail(e, DL_ENOTFOUND, "Det finns ingen sådan projektmedlem i ärendet.");
    int leaving = rc == DL_OK && who && m_user > 0 && m_user == who->user_id;
    int removing = rc == DL_OK && who && !leaving && c.owner_user_id == who->user_id;
    if (rc == DL_OK && !leaving && !removing)
        rc = dl_fail(e, DL_EDENIED, "Bara medlemmen själv eller sökanden som äger ärendet kan avsluta ett medlemskap.");
    if (rc == DL_OK && ended) rc = dl_fail(e, DL_ECONFLICT, "Medlemskapet är redan avslutat.");
    if (rc == DL_OK)
        rc = db_run(d, "UPDATE case_member SET ended_at = ?, ended_how = ?, ended_by = ? WHERE id = ? AND ended_at = 0",
                    e, "itii", clock_now(), leaving ? "left" : "removed", who->user_id, member_id);
    /* A joined member's end changes who may hold the data: registered. */
    if (rc == DL_OK && m_user > 0) {
        char today[16], subject[600];
        clock_local_date(clock_now(), today);
        snprintf(subject, sizeof subject, "%s: %.400s",
                 leaving ? "Projektmedlem lämnar projektet" : "Projektmedlem tas bort ur projektet",
                 *c.req.v[REQ_TITLE] ? c.req.v[REQ_TITLE] : c.diary_number);
        const char *cp = leaving ? "Projektmedlem" : *c.req.v[REQ_APPLICANT_NAME] ? c.req.v[REQ_APPLICANT_NAME]
                                                                                  : "Sökanden";
        diary_input din = {.org_id = c.org_id, .doc_date = today, .direction = "in", .counterpart = cp,
                           .subject = subject, .confidential = 0, .legal_ref = NULL};
        int64_t entry = 0;
        char number[DIARY_NUMBER_MAX];
        rc = diary_register_in_tx(d, &din, who, &entry, number, e);
        if (rc == DL_OK) snprintf(number_out, DIARY_NUMBER_MAX, "%s", number);
    }
    char idt[24];
    snprintf(idt, sizeof idt, "%" PRId64, case_id);
    const char *detail = arena_printf(a, "member %" PRId64 "%s%s", member_id, *number_out ? ", registered " : "",
                                      number_out);
    if (rc == DL_OK)
        rc = audit_append(d, who, leaving ? "case.member_leave" : "case.member_remove", "case", idt, NULL, NULL,
                          detail ? detail : "", e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else {
        db_rollback(d);
        number_out[0] = '\0';
    }
    arena_free(a);
    return rc;
}

dl_err case_member_delivery_emails(db *d, arena *a, int64_t case_id, const char **out, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT CASE WHEN u.email <> '' THEN u.email ELSE m.email END FROM case_member m"
                               " JOIN users u ON u.id = m.user_id WHERE m.case_id = ? AND m.ended_at = 0"
                               " AND u.disabled = 0 AND m.terms_version > 0 AND m.terms_version = " NEWEST
                               " ORDER BY m.id LIMIT ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, case_id);
    db_bind_int(s, 2, max);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) {
        out[*n] = dup(a, db_col_text(s, 0));
        if (!out[(*n)++]) { db_stmt_done(s); return dl_fail(e, DL_ENOMEM, "out of memory"); }
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

dl_err case_member_cases(db *d, int64_t user_id, int64_t *out, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT DISTINCT case_id FROM case_member WHERE user_id = ? AND ended_at = 0"
                               " ORDER BY case_id DESC LIMIT ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, user_id);
    db_bind_int(s, 2, max);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) out[(*n)++] = db_col_int(s, 0);
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

static dl_err check_terms_text(const char *t, const char *which, dl_error *e)
{
    size_t len = t ? strlen(t) : 0;
    if (!len) return dl_fail(e, DL_EINVAL, "Villkoren på %s är tomma.", which);
    if (!utf8_valid(t, len)) return dl_fail(e, DL_EINVAL, "Villkoren på %s är inte giltig UTF-8.", which);
    if (utf8_count(t, len) > TERMS_TEXT_MAX)
        return dl_fail(e, DL_EINVAL, "Villkoren på %s är för långa: högst %d tecken.", which, TERMS_TEXT_MAX);
    return DL_OK;
}

dl_err terms_add(db *d, const audit_actor *who, const char *body_sv, const char *body_en, int64_t *version_out,
                 dl_error *e)
{
    *version_out = 0;
    dl_err rc = check_terms_text(body_sv, "svenska", e);
    if (rc == DL_OK) rc = check_terms_text(body_en, "engelska", e);
    if (rc != DL_OK) return rc;
    rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int64_t next = 0;
    char now[32];
    clock_iso_utc(clock_now(), now);
    rc = db_query_int(d, "SELECT COALESCE(MAX(version), 0) + 1 FROM terms_version", &next, e, "");
    if (rc == DL_OK)
        rc = db_run(d, "INSERT INTO terms_version(version, body_sv, body_en, created_at) VALUES (?, ?, ?, ?)", e,
                    "ittt", next, body_sv, body_en, now);
    char vt[24];
    snprintf(vt, sizeof vt, "%" PRId64, next);
    if (rc == DL_OK) rc = audit_append(d, who, "terms.add", "terms", vt, NULL, NULL, "", e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    if (rc == DL_OK) *version_out = next;
    return rc;
}

dl_err terms_list(db *d, arena *a, terms_rec *out, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT version, body_sv, body_en, created_at FROM terms_version"
                               " ORDER BY version DESC LIMIT ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, max);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) {
        terms_rec *t = &out[(*n)++];
        t->version = db_col_int(s, 0);
        t->body_sv = dup(a, db_col_text(s, 1));
        t->body_en = dup(a, db_col_text(s, 2));
        t->created_at = dup(a, db_col_text(s, 3));
        if (!t->body_sv || !t->body_en || !t->created_at) {
            db_stmt_done(s);
            return dl_fail(e, DL_ENOMEM, "out of memory");
        }
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}
