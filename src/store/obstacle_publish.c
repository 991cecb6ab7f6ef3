/* obstacle_publish.c — see obstacle_publish.h. */
#include "store/obstacle_publish.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/obstacle.h"
#include "core/pii.h"
#include "core/plain_text.h"
#include "core/utf8.h"
#include "store/obstacle_subscription.h"

dl_err obstacle_public_text_check(const char *text, int names_confirmed, int64_t today_yyyymmdd, dl_error *e)
{
    if (!text) return DL_OK;
    pii_spans found = {0};
    dl_err rc = pii_scan(text, strlen(text), today_yyyymmdd, &found, e);
    if (rc != DL_OK) return rc;
    int counts[PII_TYPE__COUNT] = {0};
    for (size_t i = 0; i < found.n; i++) counts[found.v[i].type]++;
    pii_spans_free(&found);
    for (int t = 0; t < PII_TYPE__COUNT; t++) {
        if (!counts[t] || (t == PII_NAME && names_confirmed)) continue;
        if (t == PII_NAME)
            return dl_fail(e, DL_EINVAL, "Texten innehåller fortfarande %d namn som kan vara personers. Ta bort dem, "
                                         "eller bekräfta att de markerade namnen inte är personer.", counts[t]);
        return dl_fail(e, DL_EINVAL, "Texten innehåller fortfarande %d uppgift%s av typen %s. Ta bort %s innan "
                                     "hindret publiceras.", counts[t], counts[t] == 1 ? "" : "er",
                       dl_tr(pii_type_label_sv((pii_type)t)), counts[t] == 1 ? "den" : "dem");
    }
    return DL_OK;
}

static int64_t today_of(int64_t now)
{
    char day[16]; /* YYYY-MM-DD, Stockholm */
    clock_local_date(now, day);
    int y = 0, m = 0, d = 0;
    if (sscanf(day, "%d-%d-%d", &y, &m, &d) != 3) return 0;
    return (int64_t)y * 10000 + m * 100 + d;
}


dl_err obstacle_publish(db *d, const audit_actor *who, int64_t id, const char *public_text,
                        const char *public_suggestion, int names_confirmed, const char *public_url, int64_t now,
                        dl_error *e)
{
    if (text_blank(public_text)) return dl_fail(e, DL_EINVAL, "Skriv den text som ska publiceras.");
    if (utf8_count(public_text, strlen(public_text)) > OBSTACLE_WHAT_MAX)
        return dl_fail(e, DL_EINVAL, "Den publicerade texten får vara högst 4000 tecken.");
    if (public_suggestion && utf8_count(public_suggestion, strlen(public_suggestion)) > OBSTACLE_SUGGESTION_MAX)
        return dl_fail(e, DL_EINVAL, "Det publicerade förslaget får vara högst 2000 tecken.");
    int64_t today = today_of(now);
    dl_err rc = obstacle_public_text_check(public_text, names_confirmed, today, e);
    if (rc == DL_OK) rc = obstacle_public_text_check(public_suggestion, names_confirmed, today, e);
    if (rc != DL_OK) return rc;
    char at[32], idt[24];
    clock_iso_utc(now, at);
    snprintf(idt, sizeof idt, "%lld", (long long)id);
    if ((rc = db_begin(d, e)) != DL_OK) return rc;
    int64_t withdrawn = 0; /* the reporter took it back (store/obstacle_draft.h): never published */
    rc = db_query_int(d, "SELECT COUNT(*) FROM obstacle WHERE id = ? AND state = 'withdrawn'", &withdrawn, e, "i", id);
    if (rc == DL_OK && withdrawn)
        rc = dl_fail(e, DL_ECONFLICT, "Den som rapporterade hindret har återkallat rapporten. Den publiceras inte.");
    if (rc != DL_OK) { db_rollback(d); return rc; }
    int64_t changed = 0, was_in = 0;
    rc = db_query_int(d, "SELECT COUNT(*) FROM obstacle WHERE id = ? AND published_at <> ''", &was_in, e, "i", id);
    if (rc == DL_OK)
        rc = db_query_int(d, "UPDATE obstacle SET public_text = ?, public_suggestion = ?, published_at = ?,"
                             " published_by = ? WHERE id = ? RETURNING 1", &changed, e, "tttii", public_text,
                          public_suggestion ? public_suggestion : "", at, who ? who->user_id : 0, id);
    if (rc == DL_ENOTFOUND || (rc == DL_OK && !changed)) rc = dl_fail(e, DL_ENOTFOUND, "Hindret finns inte.");
    if (rc == DL_OK) rc = audit_append(d, who, "obstacle.publish", "obstacle", idt, NULL, NULL, "", e);
    if (rc == DL_OK && !was_in) rc = obstacle_subscribers_notify_in_tx(d, id, public_url, now, NULL, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}

dl_err obstacle_unpublish(db *d, const audit_actor *who, int64_t id, const char *reason, dl_error *e)
{
    if (text_blank(reason)) return dl_fail(e, DL_EINVAL, "Skriv varför hindret tas bort ur registret.");
    if (utf8_count(reason, strlen(reason)) > 500) return dl_fail(e, DL_EINVAL, "Skälet får vara högst 500 tecken.");
    char idt[24];
    snprintf(idt, sizeof idt, "%lld", (long long)id);
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int64_t changed = 0;
    rc = db_query_int(d, "UPDATE obstacle SET published_at = '' WHERE id = ? AND published_at <> '' RETURNING 1",
                      &changed, e, "i", id);
    if (rc == DL_ENOTFOUND || (rc == DL_OK && !changed))
        rc = dl_fail(e, DL_ENOTFOUND, "Hindret finns inte i det publika registret.");
    if (rc == DL_OK) rc = audit_append(d, who, "obstacle.unpublish", "obstacle", idt, NULL, NULL, reason, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}

dl_err obstacle_publication_get(db *d, arena *a, int64_t id, obstacle_publication *out, dl_error *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(d, "SELECT id, state, category, created_at, what_happened, suggestion, data_concerned,"
                               " actors, public_text, public_suggestion, published_at FROM obstacle WHERE id = ?", e);
    if (!s) return e->code ? e->code : DL_EDB;
    db_bind_int(s, 1, id);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW) {
        out->id = db_col_int(s, 0);
        const char **texts[] = {&out->state, &out->category, &out->created_at, &out->what_happened, &out->suggestion,
                                &out->data_concerned, &out->actors, &out->public_text, &out->public_suggestion,
                                &out->published_at};
        for (int i = 0; i < (int)(sizeof texts / sizeof texts[0]); i++) {
            if (!(*texts[i] = arena_strdup(a, db_col_text(s, 1 + i)))) rc = dl_fail(e, DL_ENOMEM, "out of memory");
        }
    } else if (st == DB_DONE) {
        rc = dl_fail(e, DL_ENOTFOUND, "Hindret finns inte.");
    } else {
        rc = e->code ? e->code : DL_EDB;
    }
    db_stmt_done(s);
    return rc;
}

