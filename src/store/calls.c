/* calls.c — see calls.h: joint calls, applications, assessment, decision
 * and the results published into the knowledge guide. */
#include "store/calls.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/content.h"
#include "core/mail_address.h"
#include "core/token.h"
#include "core/plain_text.h"
#include "core/utf8.h"
#include "store/guide_edit.h"

static const char *or_empty(const char *s) { return s ? s : ""; }



static int is_day(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return 0;
    return 1;
}

static dl_err audit(db *d, const call_actor *who, const char *what, const char *object, int64_t id,
                    const char *detail, dl_error *e)
{
    char idt[24], action[48];
    snprintf(idt, sizeof idt, "%" PRId64, id);
    snprintf(action, sizeof action, "call.%s", what);
    return audit_append(d, who ? &who->audit : NULL, action, object, idt, NULL, NULL, detail, e);
}

int call_criteria_split(arena *a, const char *criteria, const char **out, int max)
{
    int n = 0;
    const char *p = or_empty(criteria);
    while (*p && n < max) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        while (len && (p[len - 1] == '\r' || p[len - 1] == ' ' || p[len - 1] == '\t')) len--;
        const char *q = p;
        while (len && (*q == ' ' || *q == '\t' || *q == '-' || *q == '*')) { q++; len--; }
        if (len) out[n++] = arena_strndup(a, q, len);
        if (!end) break;
        p = end + 1;
    }
    return n;
}

/* How many criteria, counting past max too. */
static int count_criteria(const char *criteria, int *too_long)
{
    int n = 0;
    *too_long = 0;
    const char *p = or_empty(criteria);
    while (*p) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char line[4096];
        snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line - 1 ? len : sizeof line - 1), p);
        if (!text_blank(line)) {
            n++;
            if (utf8_count(line, strlen(line)) > CALL_CRITERION_MAX || len >= sizeof line - 1) *too_long = 1;
        }
        if (!end) break;
        p = end + 1;
    }
    return n;
}

static dl_err check_call(const call_fields *in, dl_error *e)
{
    if (text_blank(in->title)) return dl_fail(e, DL_EINVAL, "Skriv en rubrik för utlysningen.");
    if (!text_fits(in->title, CALL_TITLE_MAX, 0))
        return dl_fail(e, DL_EINVAL, "Rubriken får vara högst 200 tecken på en rad, utan styrtecken.");
    if (text_blank(in->body)) return dl_fail(e, DL_EINVAL, "Skriv utlysningens text: vad den gäller och vem som kan söka.");
    if (!text_fits(in->body, CALL_BODY_MAX, 1))
        return dl_fail(e, DL_EINVAL, "Utlysningens text får vara högst 20 000 tecken, utan styrtecken.");
    if (!is_day(in->opens_on) || !is_day(in->closes_on))
        return dl_fail(e, DL_EINVAL, "Ange första och sista ansökningsdag som ÅÅÅÅ-MM-DD.");
    if (strcmp(in->opens_on, in->closes_on) > 0)
        return dl_fail(e, DL_EINVAL, "Sista ansökningsdag kan inte vara före första ansökningsdag.");
    if (!text_fits(in->criteria, CALL_CRITERIA_TEXT_MAX, 1))
        return dl_fail(e, DL_EINVAL, "Kriterierna får vara högst 3 500 tecken, utan styrtecken.");
    int too_long = 0, n = count_criteria(in->criteria, &too_long);
    if (n == 0) return dl_fail(e, DL_EINVAL, "Skriv minst ett bedömningskriterium, ett per rad.");
    if (n > CALL_CRITERIA_MAX) return dl_fail(e, DL_EINVAL, "En utlysning kan ha högst 10 kriterier, ett per rad.");
    if (too_long) return dl_fail(e, DL_EINVAL, "Ett kriterium får vara högst 300 tecken.");
    if (text_blank(in->budget)) return dl_fail(e, DL_EINVAL, "Ange budget eller omfattning, till exempel ”2 000 000 kr totalt”.");
    if (!text_fits(in->budget, CALL_BUDGET_MAX, 0))
        return dl_fail(e, DL_EINVAL, "Budget eller omfattning får vara högst 500 tecken på en rad, utan styrtecken.");
    return DL_OK;
}

dl_err call_create(db *d, const call_actor *who, const call_fields *in, int64_t now, int64_t *id, dl_error *e)
{
    if (!who || !authz_may(who->subject, ACT_CALL_MANAGE, NULL))
        return dl_fail(e, DL_EDENIED, "Bara nätverkskoordinatorn kan publicera utlysningar.");
    dl_err rc = check_call(in, e);
    if (rc != DL_OK) return rc;
    char at[32];
    clock_iso_utc(now, at);
    rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    db_stmt *s = db_prepare(d, "INSERT INTO joint_call(title, body, opens_on, closes_on, criteria, budget, created_by,"
                               " created_at) VALUES (?,?,?,?,?,?,?,?) RETURNING id", e);
    if (!s) rc = e->code;
    else {
        db_bind_text(s, 1, in->title);
        db_bind_text(s, 2, in->body);
        db_bind_text(s, 3, in->opens_on);
        db_bind_text(s, 4, in->closes_on);
        db_bind_text(s, 5, in->criteria);
        db_bind_text(s, 6, in->budget);
        if (who->audit.user_id > 0) db_bind_int(s, 7, who->audit.user_id);
        else db_bind_null(s, 7);
        db_bind_text(s, 8, at);
        if (db_step(s, e) == DB_ROW) *id = db_col_int(s, 0);
        else rc = e->code ? e->code : dl_fail(e, DL_EIO, "no id returned");
        db_stmt_done(s);
    }
    if (rc == DL_OK) rc = audit(d, who, "create", "joint_call", *id, in->opens_on, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}

#define CALL_COLS "c.id, c.title, c.body, c.opens_on, c.closes_on, c.criteria, c.budget, c.created_at," \
                  " (SELECT COUNT(*) FROM joint_application x WHERE x.call_id = c.id)"

static void call_row(db_stmt *s, arena *a, joint_call *c)
{
    c->id = db_col_int(s, 0);
    c->title = arena_strdup(a, db_col_text(s, 1));
    c->body = arena_strdup(a, db_col_text(s, 2));
    c->opens_on = arena_strdup(a, db_col_text(s, 3));
    c->closes_on = arena_strdup(a, db_col_text(s, 4));
    c->criteria = arena_strdup(a, db_col_text(s, 5));
    c->budget = arena_strdup(a, db_col_text(s, 6));
    c->created_at = arena_strdup(a, db_col_text(s, 7));
    c->n_applications = db_col_int(s, 8);
}

dl_err call_list(db *d, arena *a, int which, const char *today, joint_call *out, int max, int *n, dl_error *e)
{
    *n = 0;
#define LIST_SQL(where) "SELECT " CALL_COLS " FROM joint_call c" where " ORDER BY c.closes_on DESC, c.id DESC LIMIT ?"
    const char *sql = which == CALLS_OPEN       ? LIST_SQL(" WHERE c.opens_on <= ? AND c.closes_on >= ?")
                      : which == CALLS_CLOSED   ? LIST_SQL(" WHERE c.closes_on < ? AND '' <> ?")
                      : which == CALLS_UPCOMING ? LIST_SQL(" WHERE c.opens_on > ? AND '' <> ?")
                                                : LIST_SQL("");
#undef LIST_SQL
    db_stmt *s = db_prepare(d, sql, e);
    if (!s) return e->code;
    int k = 1;
    if (which != CALLS_ALL) {
        db_bind_text(s, k++, today);
        db_bind_text(s, k++, today);
    }
    db_bind_int(s, k, max);
    int st = DB_DONE;
    while (*n < max && (st = db_step(s, e)) == DB_ROW) call_row(s, a, &out[(*n)++]);
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

dl_err call_by_id(db *d, arena *a, int64_t id, joint_call *out, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT " CALL_COLS " FROM joint_call c WHERE c.id = ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, id);
    int st = db_step(s, e);
    if (st == DB_ROW) call_row(s, a, out);
    db_stmt_done(s);
    if (st == DB_ERROR) return e->code;
    return st == DB_ROW ? DL_OK : dl_fail(e, DL_ENOTFOUND, "Utlysningen finns inte.");
}

int call_is_open(const joint_call *c, const char *today)
{
    return strcmp(c->opens_on, today) <= 0 && strcmp(today, c->closes_on) <= 0;
}

static dl_err check_apply(const call_application_fields *in, dl_error *e)
{
    if (text_blank(in->org_name)) return dl_fail(e, DL_EINVAL, "Skriv namnet på organisationen som söker.");
    if (!text_fits(in->org_name, CALL_ORG_MAX, 0))
        return dl_fail(e, DL_EINVAL, "Organisationens namn får vara högst 200 tecken på en rad, utan styrtecken.");
    dl_error bad;
    if (text_blank(in->contact_email) || strlen(in->contact_email) > 254 || mail_address_check(in->contact_email, &bad) != DL_OK)
        return dl_fail(e, DL_EINVAL, "Skriv en giltig e-postadress till kontaktpersonen, till exempel namn@example.se.");
    if (text_blank(in->project_title)) return dl_fail(e, DL_EINVAL, "Skriv projektets namn.");
    if (!text_fits(in->project_title, CALL_TITLE_MAX, 0))
        return dl_fail(e, DL_EINVAL, "Projektets namn får vara högst 200 tecken på en rad, utan styrtecken.");
    if (text_blank(in->description))
        return dl_fail(e, DL_EINVAL, "Beskriv projektet: vad ni vill göra, med vilka och vilken nytta det ger.");
    if (!text_fits(in->description, CALL_DESCRIPTION_MAX, 1))
        return dl_fail(e, DL_EINVAL, "Projektbeskrivningen får vara högst 10 000 tecken, utan styrtecken.");
    return DL_OK;
}

dl_err call_apply(db *d, const call_actor *who, int64_t call_id, const call_application_fields *in, int64_t now,
                  int64_t *id, dl_error *e)
{
    if (!who || !authz_may(who->subject, ACT_CALL_APPLY, NULL) || who->audit.user_id <= 0)
        return dl_fail(e, DL_EDENIED, "Logga in för att söka i utlysningen.");
    arena *a = arena_new(4096);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    joint_call c;
    dl_err rc = call_by_id(d, a, call_id, &c, e);
    char today[16], at[32];
    clock_local_date(now, today);
    clock_iso_utc(now, at);
    if (rc == DL_OK && strcmp(today, c.opens_on) < 0)
        rc = dl_fail(e, DL_ECONFLICT, "Utlysningen öppnar %s. Ansökningar tas emot från och med den dagen.", c.opens_on);
    if (rc == DL_OK && strcmp(today, c.closes_on) > 0)
        rc = dl_fail(e, DL_ECONFLICT,
                     "Utlysningen stängde %s. Ansökningar tas inte emot efter sista ansökningsdagen.", c.closes_on);
    arena_free(a);
    if (rc == DL_OK) rc = check_apply(in, e);
    if (rc != DL_OK) return rc;
    rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    db_stmt *s = db_prepare(d, "INSERT INTO joint_application(call_id, applicant_id, org_name, contact_email,"
                               " project_title, description, state, created_at, updated_at)"
                               " VALUES (?,?,?,?,?,?,?,?,?) RETURNING id", e);
    if (!s) rc = e->code;
    else {
        db_bind_int(s, 1, call_id);
        db_bind_int(s, 2, who->audit.user_id);
        db_bind_text(s, 3, in->org_name);
        db_bind_text(s, 4, in->contact_email);
        db_bind_text(s, 5, in->project_title);
        db_bind_text(s, 6, in->description);
        db_bind_text(s, 7, call_app_state_keys[CALL_APP_SUBMITTED]);
        db_bind_text(s, 8, at);
        db_bind_text(s, 9, at);
        if (db_step(s, e) == DB_ROW) *id = db_col_int(s, 0);
        else rc = e->code ? e->code : dl_fail(e, DL_EIO, "no id returned");
        db_stmt_done(s);
    }
    char detail[48];
    snprintf(detail, sizeof detail, "call=%" PRId64, call_id);
    if (rc == DL_OK) rc = audit(d, who, "apply", "joint_application", *id, detail, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}

#define APP_COLS "p.id, p.call_id, p.applicant_id, c.title, p.org_name, p.contact_email, p.project_title," \
                 " p.description, p.state, p.decision_reason, COALESCE(p.guide_item_id, ''), p.created_at, p.updated_at"
#define APP_FROM " FROM joint_application p JOIN joint_call c ON c.id = p.call_id"

static void app_row(db_stmt *s, arena *a, call_application *p)
{
    p->id = db_col_int(s, 0);
    p->call_id = db_col_int(s, 1);
    p->applicant_id = db_col_int(s, 2);
    p->call_title = arena_strdup(a, db_col_text(s, 3));
    p->org_name = arena_strdup(a, db_col_text(s, 4));
    p->contact_email = arena_strdup(a, db_col_text(s, 5));
    p->project_title = arena_strdup(a, db_col_text(s, 6));
    p->description = arena_strdup(a, db_col_text(s, 7));
    call_app_state st = CALL_APP_SUBMITTED;
    call_app_state_from_key(db_col_text(s, 8), &st);
    p->state = st;
    p->decision_reason = arena_strdup(a, db_col_text(s, 9));
    p->guide_item_id = arena_strdup(a, db_col_text(s, 10));
    p->created_at = arena_strdup(a, db_col_text(s, 11));
    p->updated_at = arena_strdup(a, db_col_text(s, 12));
}

static dl_err app_rows(db *d, arena *a, const char *sql, int64_t key, call_application *out, int max, int *n,
                       dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, sql, e);
    if (!s) return e->code;
    int k = 1;
    if (key) db_bind_int(s, k++, key);
    db_bind_int(s, k, max);
    int st = DB_DONE;
    while (*n < max && (st = db_step(s, e)) == DB_ROW) app_row(s, a, &out[(*n)++]);
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

dl_err call_applications(db *d, arena *a, int64_t call_id, int64_t applicant_id, call_application *out, int max,
                         int *n, dl_error *e)
{
    if (call_id > 0)
        return app_rows(d, a, "SELECT " APP_COLS APP_FROM " WHERE p.call_id = ? ORDER BY p.id LIMIT ?", call_id, out,
                        max, n, e);
    return app_rows(d, a, "SELECT " APP_COLS APP_FROM " WHERE p.applicant_id = ? ORDER BY p.id DESC LIMIT ?",
                    applicant_id, out, max, n, e);
}

dl_err call_projects(db *d, arena *a, call_application *out, int max, int *n, dl_error *e)
{
    return app_rows(d, a, "SELECT " APP_COLS APP_FROM " WHERE p.state IN ('granted', 'reported') ORDER BY p.id DESC"
                          " LIMIT ?", 0, out, max, n, e);
}

dl_err call_application_by_id(db *d, arena *a, int64_t id, call_application *out, dl_error *e)
{
    int n = 0;
    dl_err rc = app_rows(d, a, "SELECT " APP_COLS APP_FROM " WHERE p.id = ? LIMIT ?", id, out, 1, &n, e);
    if (rc != DL_OK) return rc;
    return n ? DL_OK : dl_fail(e, DL_ENOTFOUND, "Ansökan finns inte.");
}

dl_err call_scores(db *d, arena *a, int64_t application_id, call_score_rec *out, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT criterion, score, comment FROM joint_score WHERE application_id = ?"
                               " ORDER BY criterion", e);
    if (!s) return e->code;
    db_bind_int(s, 1, application_id);
    int st = DB_DONE;
    while (*n < max && (st = db_step(s, e)) == DB_ROW) {
        out[*n].criterion = (int)db_col_int(s, 0);
        out[*n].score = (int)db_col_int(s, 1);
        out[*n].comment = arena_strdup(a, db_col_text(s, 2));
        (*n)++;
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

/* ---- the steps ------------------------------------------------------------------ */

static dl_err check_scores(db *d, int64_t call_id, const call_step_input *in, int *n_criteria, dl_error *e)
{
    arena *a = arena_new(4096);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    joint_call c;
    const char *crit[CALL_CRITERIA_MAX];
    dl_err rc = call_by_id(d, a, call_id, &c, e);
    int n = rc == DL_OK ? call_criteria_split(a, c.criteria, crit, CALL_CRITERIA_MAX) : 0;
    for (int i = 0; rc == DL_OK && i < n; i++) {
        if (in->scores[i] < 0 || in->scores[i] > CALL_SCORE_MAX)
            rc = dl_fail(e, DL_EINVAL, "Ge varje kriterium ett betyg från 0 till 5 (kriterium %d: %s).", i + 1, crit[i]);
        else if (!text_fits(in->comments[i], CALL_COMMENT_MAX, 1))
            rc = dl_fail(e, DL_EINVAL, "En kommentar får vara högst 1 000 tecken, utan styrtecken (kriterium %d).", i + 1);
    }
    arena_free(a);
    *n_criteria = n;
    return rc;
}

static dl_err save_scores(db *d, int64_t id, const call_step_input *in, int n, dl_error *e)
{
    dl_err rc = db_run(d, "DELETE FROM joint_score WHERE application_id = ?", e, "i", id);
    for (int i = 0; rc == DL_OK && i < n; i++)
        rc = db_run(d, "INSERT INTO joint_score(application_id, criterion, score, comment) VALUES (?,?,?,?)", e,
                    "iiit", id, (int64_t)i, (int64_t)in->scores[i], or_empty(in->comments[i]));
    return rc;
}


/* The results as a guide item draft: a new item (published_version 0:
 * readers see nothing until an editor publishes it), version 1. */
static dl_err save_results(db *d, const call_actor *who, const call_application *p, const call_step_input *in,
                           const char *at, const char *today, char guide_id[48], dl_error *e)
{
    if (text_blank(in->results_title)) return dl_fail(e, DL_EINVAL, "Skriv en rubrik för projektets resultat.");
    if (!text_fits(in->results_title, CALL_TITLE_MAX, 0))
        return dl_fail(e, DL_EINVAL, "Resultatets rubrik får vara högst 200 tecken på en rad, utan styrtecken.");
    if (text_blank(in->results_summary)) return dl_fail(e, DL_EINVAL, "Skriv en kort sammanfattning av resultaten.");
    if (!text_fits(in->results_summary, CALL_SUMMARY_MAX, 0))
        return dl_fail(e, DL_EINVAL, "Sammanfattningen får vara högst 300 tecken på en rad, utan styrtecken.");
    if (text_blank(in->results_body)) return dl_fail(e, DL_EINVAL, "Beskriv resultaten: vad projektet kom fram till.");
    if (!text_fits(in->results_body, CALL_BODY_MAX, 1))
        return dl_fail(e, DL_EINVAL, "Resultattexten får vara högst 20 000 tecken, utan styrtecken.");
    snprintf(guide_id, 48, "projekt-%" PRId64 "-resultat", p->id);
    dl_err rc = DL_OK;
    arena *a = arena_new(8192);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    /* The guide's rules (core/content.h): the summary one sentence, both
     * languages' keys (the coordinator writes Swedish; English readers are
     * told the text is Swedish), a source, and the next-steps section last. */
    size_t sl = strlen(in->results_summary);
    char last = sl ? in->results_summary[sl - 1] : '.';
    const char *stop = last == '.' || last == '?' || last == '!' ? "" : ".";
    const char *base = who && who->public_url ? who->public_url : "";
    if (!*base) {
        arena_free(a);
        return dl_fail(e, DL_EINVAL, "Resultatet behöver projektets adress som källa, men serverns offentliga adress är "
                                     "inte inställd. Be driften ange --public-url och försök igen.");
    }
    size_t bl = strlen(base);
    while (bl && base[bl - 1] == '/') bl--;
    const char *src = arena_printf(a,
                                   "---\nid: %s\ntype: guide\ntitle: %s\ntitle_en: %s\nsummary: %s%s\nsummary_en: %s%s\n"
                                   "categories: projekt, samverkan, koordinerande stöd\nsources: %.*s/projekt/%" PRId64
                                   "\nreviewed: %s\nresponsible: nätverkskoordinator\n---\n\n%s\n\n"
                                   "## Så går du vidare\n\nLäs om projektet och utlysningen det beviljades i på "
                                   "[projektets sida](/projekt/%" PRId64 "), eller kontakta %s.\n",
                                   guide_id, in->results_title, in->results_title, in->results_summary, stop,
                                   in->results_summary, stop, (int)bl, base, p->id, today, in->results_body, p->id,
                                   p->org_name);
    rc = src ? guide_draft_insert_in_tx(d, guide_id, src, today, at, who ? who->audit.user_id : (int64_t)0,
                                        "Resultatet kan inte bli en guide i kunskapsguiden", e)
             : dl_fail(e, DL_ENOMEM, "out of memory");
    arena_free(a);
    return rc;
}

static dl_err step_in_tx(db *d, const call_actor *who, int64_t id, call_event ev, const call_step_input *in,
                         int64_t now, dl_error *e)
{
    arena *a = arena_new(8192);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    call_application p;
    dl_err rc = call_application_by_id(d, a, id, &p, e);
    if (rc != DL_OK) { arena_free(a); return rc; }
    unsigned facts = who && who->audit.user_id > 0 && who->audit.user_id == p.applicant_id ? CG_APPLICANT : CG_IMPARTIAL;
    const call_rule *row = NULL;
    const char *why = NULL;
    /* The coordinator's decision on an application not yet assessed has its own sentence. */
    if ((ev == CE_GRANT || ev == CE_REJECT) && p.state == CALL_APP_SUBMITTED &&
        authz_may(who ? who->subject : NULL, ACT_CALL_MANAGE, NULL)) {
        arena_free(a);
        return dl_fail(e, DL_ECONFLICT, "Ansökan har inte bedömts ännu. Bedöm den mot varje kriterium innan du fattar beslut.");
    }
    flow_refusal refused = call_may(who ? who->subject : NULL, p.state, facts, ev, &row, &why);
    if (refused != FLOW_OK) { arena_free(a); return flow_refusal_error(refused, why, e); }
    char at[32], today[16];
    clock_iso_utc(now, at);
    clock_local_date(now, today);
    int n_crit = 0;
    char guide_id[48] = "";
    if (row->inputs & CI_SCORES) rc = check_scores(d, p.call_id, in, &n_crit, e);
    if (rc == DL_OK && (row->inputs & CI_REASON)) {
        if (text_blank(in->reason)) rc = dl_fail(e, DL_EINVAL, "Skriv skälen för beslutet. De visas för den som sökt.");
        else if (!text_fits(in->reason, CALL_REASON_MAX, 1))
            rc = dl_fail(e, DL_EINVAL, "Skälen får vara högst 4 000 tecken, utan styrtecken.");
    }
    if (rc == DL_OK && (row->inputs & CI_SCORES)) rc = save_scores(d, id, in, n_crit, e);
    if (rc == DL_OK && (row->inputs & CI_RESULTS)) rc = save_results(d, who, &p, in, at, today, guide_id, e);
    if (rc == DL_OK)
        rc = db_run(d, "UPDATE joint_application SET state = ?, decision_reason = CASE WHEN ? = 1 THEN ? ELSE"
                       " decision_reason END, guide_item_id = CASE WHEN ? <> '' THEN ? ELSE guide_item_id END,"
                       " updated_at = ? WHERE id = ? AND state = ?",
                    e, "tittttit", call_app_state_keys[row->to], (int64_t)((row->inputs & CI_REASON) != 0),
                    or_empty(in->reason), guide_id, guide_id, at, id, call_app_state_keys[row->from]);
    char detail[96];
    snprintf(detail, sizeof detail, "%s->%s%s%s", call_app_state_keys[row->from], call_app_state_keys[row->to],
             guide_id[0] ? " guide=" : "", guide_id);
    if (rc == DL_OK) rc = audit(d, who, call_event_keys[ev], "joint_application", id, detail, e);
    arena_free(a);
    return rc;
}

dl_err call_step(db *d, const call_actor *who, int64_t id, call_event ev, const call_step_input *in, int64_t now,
                 dl_error *e)
{
    static const call_step_input none = {.scores = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1}};
    if (!in) in = &none;
    if ((unsigned)ev >= CALL_EVENT__MAX) return dl_fail(e, DL_ENOTFOUND, "Det finns inget sådant steg.");
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = step_in_tx(d, who, id, ev, in, now, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}

dl_err call_project_of_guide(db *d, arena *a, const char *guide_id, int64_t *app_id, const char **title,
                             dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT id, project_title FROM joint_application WHERE guide_item_id = ?", e);
    if (!s) return e->code;
    db_bind_text(s, 1, guide_id);
    int st = db_step(s, e);
    if (st == DB_ROW) {
        *app_id = db_col_int(s, 0);
        *title = arena_strdup(a, db_col_text(s, 1));
    }
    db_stmt_done(s);
    if (st == DB_ERROR) return e->code;
    return st == DB_ROW ? DL_OK : dl_fail(e, DL_ENOTFOUND, "no project");
}

int call_guide_is_published(db *d, const char *guide_id)
{
    int64_t pv = 0;
    dl_error e;
    return db_query_int(d, "SELECT published_version FROM guide_item WHERE id = ?", &pv, &e, "t", guide_id) == DL_OK &&
           pv > 0;
}
