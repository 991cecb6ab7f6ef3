/* question_times.c — see questions.h: the answer times per member function
 * (received → answered in working days, core/deadline.h; median and 90th
 * percentile by nearest rank, as the lead times of store/case_step_stats.c),
 * and the demo questions. */
#include "store/questions.h"
#include "store/questions_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/deadline.h"

#define TIMES_SAMPLE 50000 /* questions read for one figure */

typedef struct t_row {
    int64_t member;
    const char *name;
    int answered, days, overdue;
} t_row;

static int cmp_int(const void *x, const void *y)
{
    int a = *(const int *)x, b = *(const int *)y;
    return (a > b) - (a < b);
}

/* The ceil(q·n)-th smallest of v[0..n-1] (sorted in place); 0 for none. */
static int nearest_rank(int *v, int n, int percent)
{
    if (n <= 0) return 0;
    qsort(v, (size_t)n, sizeof *v, cmp_int);
    int k = (int)(((int64_t)percent * n + 99) / 100);
    if (k < 1) k = 1;
    if (k > n) k = n;
    return v[k - 1];
}

static void figure(const t_row *rows, int n_rows, int64_t member, int *scratch, question_answer_time *out)
{
    int n = 0;
    out->n = out->open = out->overdue = 0;
    for (int i = 0; i < n_rows; i++) {
        if (member >= 0 && rows[i].member != member) continue;
        if (rows[i].answered) scratch[n++] = rows[i].days;
        else {
            out->open++;
            out->overdue += rows[i].overdue;
        }
    }
    out->n = n;
    int *copy = scratch; /* nearest_rank sorts; two calls on one sorted array give the same */
    out->median_days = nearest_rank(copy, n, 50);
    out->p90_days = nearest_rank(copy, n, 90);
}

dl_err question_answer_times_load(db *d, arena *a, const char *from, const char *to, int64_t now,
                                  question_answer_time *out, int max, int *n, dl_error *e)
{
    *n = 0;
    t_row *rows = arena_alloc(a, sizeof *rows * TIMES_SAMPLE);
    int *scratch = arena_alloc(a, sizeof *scratch * TIMES_SAMPLE);
    if (!rows || !scratch) return dl_fail(e, DL_ENOMEM, "out of memory");
    db_stmt *s = db_prepare(d, "SELECT COALESCE(q.member_id, 0), COALESCE(m.name, ''), q.state, q.created_at,"
                               " q.answered_at FROM question q LEFT JOIN network_member m ON m.id = q.member_id"
                               " WHERE q.state IN ('answered', 'received', 'routed')"
                               " ORDER BY COALESCE(q.member_id, 0) = 0, m.name, q.member_id, q.id", e);
    if (!s) return e->code;
    int n_rows = 0, st = DB_DONE;
    while (n_rows < TIMES_SAMPLE && (st = db_step(s, e)) == DB_ROW) {
        t_row *r = &rows[n_rows];
        int answered = strcmp(db_col_text(s, 2), "answered") == 0;
        int64_t start = clock_parse_iso_utc(db_col_text(s, 3));
        int64_t end = answered ? clock_parse_iso_utc(db_col_text(s, 4)) : now;
        if (answered && (from || to)) {
            char day[16];
            clock_local_date(end, day);
            if ((from && strcmp(day, from) < 0) || (to && strcmp(day, to) > 0)) continue;
        }
        r->member = db_col_int(s, 0);
        r->name = arena_strdup(a, db_col_text(s, 1));
        r->answered = answered;
        r->days = deadline_days_between(start, end, DUE_WORKING_DAYS);
        r->overdue = !answered && r->days > QUESTION_TARGET_DAYS;
        n_rows++;
    }
    db_stmt_done(s);
    if (st == DB_ERROR) return e->code;
    /* One row per member in the order read (by name, the coordinator's queue last). */
    for (int i = 0; i < n_rows && *n < max - 1; i++) {
        if (i > 0 && rows[i].member == rows[i - 1].member) continue;
        question_answer_time *t = &out[(*n)++];
        t->member_id = rows[i].member;
        t->member_name = rows[i].name;
        figure(rows, n_rows, rows[i].member, scratch, t);
    }
    if (*n < max) {
        question_answer_time *t = &out[(*n)++];
        t->member_id = -1;
        t->member_name = "";
        figure(rows, n_rows, -1, scratch, t);
    }
    return DL_OK;
}

/* ---- the demo ------------------------------------------------------------------------ */

static const struct demo_q {
    int topic, data_type;
    const char *holder, *body;
    int days_ago, answer_after; /* answer_after < 0: still open */
    const char *answer;
} demo[] = {
    {QT_FIND_DATA, QD_QUALITY_REGISTER, "", "Finns det data om höftfrakturer hos äldre i något kvalitetsregister, "
     "och vem ska jag kontakta för att få ut dem?", 30, 2, "Ja, Rikshöft samlar data om höftproteser och frakturer. "
     "Kontakta registrets kansli; ansökan görs hos den centrala personuppgiftsansvariga myndigheten."},
    {QT_ACCESS, QD_PATIENT_RECORD, "Region Halland", "Vem beslutar om utlämnande av journaldata från Region Halland "
     "för ett forskningsprojekt?", 21, 4, "Beslutet fattas av verksamhetschefen för den vårdenhet som har uppgifterna, "
     "efter men- och sekretessprövning. Ansök via regionens forskningsstöd."},
    {QT_LAW, QD_HEALTH_REGISTER, "Socialstyrelsen", "Behöver jag etikgodkännande innan jag begär ut data ur "
     "patientregistret?", 14, 6, "Ja. Socialstyrelsen kräver ett godkännande från Etikprövningsmyndigheten innan "
     "uppgifter lämnas ut för forskning."},
    {QT_TECHNICAL, QD_BIOBANK, "", "Hur samkör man biobanksprover med registerdata utan att röja identiteter?", 9, -1,
     NULL},
    {QT_OTHER, QD_OTHER, "", "Vart vänder jag mig med en fråga om upphandling av analystjänster?", 8, -1, NULL},
    {QT_FIND_DATA, QD_SURVEY, "", "Finns det befolkningsenkäter om levnadsvanor som går att koppla till vårddata?", 3,
     -1, NULL},
};
#define N_DEMO (int)(sizeof demo / sizeof demo[0])

/* Rules for the first members when none are set: every topic and data type
 * spread so the demo routes somewhere, and two holders. */
static dl_err demo_rules(db *d, dl_error *e)
{
    int64_t have = 0;
    dl_err rc = db_query_int(d, "SELECT COUNT(*) FROM question_route", &have, e, "");
    if (rc != DL_OK || have) return rc;
    db_stmt *s = db_prepare(d, "SELECT id FROM network_member ORDER BY id LIMIT 4", e);
    if (!s) return e->code;
    int64_t m[4];
    int n = 0;
    while (n < 4 && db_step(s, e) == DB_ROW) m[n++] = db_col_int(s, 0);
    db_stmt_done(s);
    if (!n) return dl_fail(e, DL_ECONFLICT, "Nätverket har inga medlemmar. Kör först `datalots demo network`.");
    static const struct { int who, kind; const char *value; } r[] = {
        {0, QR_TOPIC, "find-data"}, {0, QR_DATA_TYPE, "quality-register"}, {0, QR_DATA_TYPE, "health-register"},
        {1, QR_TOPIC, "access"},    {1, QR_DATA_TYPE, "patient-record"},   {1, QR_HOLDER, "Region Halland"},
        {2, QR_TOPIC, "law"},       {2, QR_TOPIC, "ethics"},               {2, QR_HOLDER, "Socialstyrelsen"},
        {3, QR_TOPIC, "technical"}, {3, QR_DATA_TYPE, "biobank"},
    };
    for (size_t i = 0; rc == DL_OK && i < sizeof r / sizeof r[0]; i++)
        rc = db_run(d, "INSERT INTO question_route(member_id, kind, value) VALUES (?, ?, ?)", e, "itt",
                    m[r[i].who % n], question_route_kind_keys[r[i].kind], r[i].value);
    return rc;
}

dl_err question_seed_demo(db *d, int64_t now, int *n_questions, dl_error *e)
{
    *n_questions = 0;
    int64_t have = 0;
    dl_err rc = db_query_int(d, "SELECT COUNT(*) FROM question", &have, e, "");
    if (rc != DL_OK) return rc;
    if (have) return dl_fail(e, DL_ECONFLICT, "Det finns redan frågor i kön.");
    if ((rc = db_begin(d, e)) != DL_OK) return rc;
    rc = demo_rules(d, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    static const audit_actor sys = {0, "system"};
    question_actor who = {NULL, sys, "", 0}; /* the demo mails no one */
    for (int i = 0; rc == DL_OK && i < N_DEMO; i++) {
        int64_t asked = now - (int64_t)demo[i].days_ago * 86400, id = 0, member = 0;
        char mail[64];
        snprintf(mail, sizeof mail, "fragestallare%d@example.se", i + 1);
        question_ask_in in = {demo[i].topic, demo[i].data_type, demo[i].holder, demo[i].body, mail, "sv"};
        rc = question_ask(d, &who, &in, asked, &id, &member, e);
        if (rc != DL_OK || demo[i].answer_after < 0) { *n_questions += rc == DL_OK; continue; }
        /* The demo's answers are written straight, not mailed: no one asked. */
        char at[32];
        clock_iso_utc(asked + (int64_t)demo[i].answer_after * 86400, at);
        if ((rc = db_begin(d, e)) != DL_OK) break;
        rc = db_run(d, "UPDATE question SET state = 'answered', answer = ?, answered_at = ?, updated_at = ?"
                       " WHERE id = ?", e, "ttti", demo[i].answer, at, at, id);
        if (rc == DL_OK) rc = q_event(d, id, "answer", member, member, "", 0, at, e);
        if (rc == DL_OK) rc = q_audit(d, &who, "seed", id, "answered", e);
        if (rc == DL_OK) rc = db_commit(d, e);
        else db_rollback(d);
        *n_questions += rc == DL_OK;
    }
    return rc;
}
