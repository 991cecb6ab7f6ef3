/* case_digest.c — the daily digest of overdue cases (see case_digest.h). */
#include "store/case_digest.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/deadline.h"
#include "core/strbuf.h"
#include "notify/mail_text.h"
#include "store/case_due.h"
#include "store/outbox.h"

#define GRANTS_MAX 2000

typedef struct grant {
    int64_t user_id;
    const char *path, *email, *lang;
} grant;

static dl_err coordinators(db *d, arena *a, grant *out, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT r.user_id, o.path, u.email, u.language FROM role_assignment r"
                               " JOIN users u ON u.id = r.user_id JOIN org_node o ON o.id = r.node_id"
                               " WHERE r.role = 'coordinator' AND u.disabled = 0 AND u.email <> ''"
                               " ORDER BY r.user_id, o.path", e);
    if (!s) return e->code;
    int r;
    while ((r = db_step(s, e)) == DB_ROW && *n < GRANTS_MAX)
        out[(*n)++] = (grant){db_col_int(s, 0), arena_strdup(a, db_col_text(s, 1)), arena_strdup(a, db_col_text(s, 2)),
                              arena_strdup(a, db_col_text(s, 3))};
    dl_err rc = r == DB_ERROR ? e->code : DL_OK;
    db_stmt_done(s);
    return rc;
}

/* The overdue cases under the user's grants (g[0..ng)), deduplicated, as the mail's list. */
static dl_err overdue_list(db *d, arena *a, const grant *g, int ng, int64_t now, strbuf *list, int *count,
                           dl_error *e)
{
    /* English mails name the state by its key (the store has no translations). */
    int en = strcmp(g->lang, "en") == 0;
    enum { PER_GRANT = 500 };
    case_rec *rows = arena_alloc(a, sizeof *rows * PER_GRANT);
    int64_t *seen = arena_alloc(a, sizeof *seen * PER_GRANT * 4);
    if (!rows || !seen) return dl_fail(e, DL_ENOMEM, "out of memory");
    int n_seen = 0;
    *count = 0;
    for (int k = 0; k < ng; k++) {
        case_filter f = {.org_path = g[k].path, .state = -2, .exclude_drafts = 1, .due = CASE_DUE_OVERDUE,
                         .limit = PER_GRANT};
        int n = 0;
        int64_t total = 0;
        dl_err rc = case_list(d, a, &f, rows, &n, &total, e);
        if (rc != DL_OK) return rc;
        for (int i = 0; i < n; i++) {
            int dup = 0;
            for (int j = 0; j < n_seen && !dup; j++) dup = seen[j] == rows[i].id;
            if (dup) continue;
            if (n_seen < PER_GRANT * 4) seen[n_seen++] = rows[i].id;
            (*count)++;
            if (*count > CASE_DIGEST_LIST_MAX) continue;
            case_due x;
            if ((rc = case_due_of(d, &rows[i], now, &x, e)) != DL_OK) return rc;
            char day[11] = "";
            if (x.has_target) cal_format_iso(x.due, day);
            sb_printf(list, "- %s %s\n  %s, %s %s\n", *rows[i].diary_number ? rows[i].diary_number : "–",
                      *rows[i].req.v[REQ_TITLE] ? rows[i].req.v[REQ_TITLE] : "–",
                      en ? case_state_key(rows[i].state) : case_state_label_sv(rows[i].state),
                      en ? "last day" : "sista dag", day);
        }
    }
    if (*count > CASE_DIGEST_LIST_MAX)
        sb_printf(list, en ? "… and %d more.\n" : "… och %d till.\n", *count - CASE_DIGEST_LIST_MAX);
    return list->oom ? dl_fail(e, DL_ENOMEM, "out of memory") : DL_OK;
}

static dl_err send_one(db *d, const grant *g, const char *day, int count, const char *cases, const char *public_url,
                       int *mailed, dl_error *e)
{
    char count_text[16], link[600], now_iso[32];
    snprintf(count_text, sizeof count_text, "%d", count);
    snprintf(link, sizeof link, "%s/cases?due=overdue", public_url ? public_url : "");
    clock_iso_utc(clock_now(), now_iso);
    const char *lang = strcmp(g->lang, "en") == 0 ? "en" : "sv";
    mail_value v[] = {{"day", day}, {"count", count_text}, {"cases", cases}, {"link", link}};
    mail_text t;
    dl_err rc = mail_text_render("case.digest", lang, v, sizeof v / sizeof v[0], &t, e);
    if (rc != DL_OK) return rc;
    rc = db_begin(d, e);
    int64_t already = 0;
    if (rc == DL_OK)
        rc = db_query_int(d, "SELECT COUNT(*) FROM case_digest_sent WHERE user_id = ? AND day = ?", &already, e,
                          "it", g->user_id, day);
    if (rc == DL_OK && !already)
        rc = db_run(d, "INSERT INTO case_digest_sent(user_id, day, n_cases, sent_at) VALUES (?, ?, ?, ?)", e,
                    "itit", g->user_id, day, (int64_t)count, now_iso);
    if (rc == DL_OK && !already) {
        outbox_mail m = {g->email, t.subject, t.body, lang, "case.digest", 0};
        rc = outbox_enqueue_in_tx(d, &m, NULL, e);
    }
    if (rc == DL_OK) rc = db_commit(d, e);
    else if (db_in_transaction(d)) db_rollback(d);
    mail_text_free(&t);
    if (rc == DL_ECONFLICT) return DL_OK; /* another run sent it meanwhile */
    if (rc == DL_OK && !already) (*mailed)++;
    return rc;
}

dl_err case_digest_send(db *d, int64_t now, const char *public_url, int dry_run, case_digest_result *out,
                        dl_error *e)
{
    memset(out, 0, sizeof *out);
    arena *a = arena_new(1 << 16);
    grant *g = a ? arena_alloc(a, sizeof *g * GRANTS_MAX) : NULL;
    if (!g) { arena_free(a); return dl_fail(e, DL_ENOMEM, "out of memory"); }
    char day[11];
    cal_format_iso(deadline_local_date(now), day);
    int ng = 0;
    dl_err rc = coordinators(d, a, g, &ng, e);
    for (int i = 0; rc == DL_OK && i < ng;) {
        int j = i;
        while (j < ng && g[j].user_id == g[i].user_id) j++;
        int64_t sent = 0;
        rc = db_query_int(d, "SELECT COUNT(*) FROM case_digest_sent WHERE user_id = ? AND day = ?", &sent, e, "it",
                          g[i].user_id, day);
        if (rc == DL_OK && sent) out->already++;
        if (rc == DL_OK && !sent) {
            strbuf list;
            sb_init(&list, 1024);
            int count = 0;
            rc = overdue_list(d, a, &g[i], j - i, now, &list, &count, e);
            if (rc == DL_OK && !count) out->none_overdue++;
            else if (rc == DL_OK && dry_run) out->mailed++;
            else if (rc == DL_OK) rc = send_one(d, &g[i], day, count, sb_cstr(&list), public_url, &out->mailed, e);
            sb_free(&list);
        }
        i = j;
    }
    arena_free(a);
    return rc;
}
