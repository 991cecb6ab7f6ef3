/* network_registration.c — registering for a network event and cancelling;
 * see network_registration.h. */
#include "store/network_registration.h"

#include "core/clock.h"
#include "core/mail_address.h"
#include "core/utf8.h"
#include "crypto/token.h"
#include "store/outbox.h"

#include <stdio.h>
#include <string.h>

static const char *bad_link = "Länken för att avboka gäller inte: den är fel kopierad, eller så är anmälan redan"
                              " avbokad.";

static dl_err check_input(const char *name, const char *organisation, const char *email, dl_error *e)
{
    size_t o = strlen(organisation);
    if (o > NETWORK_NAME_MAX)
        return dl_fail(e, DL_EINVAL, "Organisationens namn är för långt. Korta det till högst %d tecken.",
                       NETWORK_NAME_MAX);
    if (!utf8_valid(organisation, o)) return dl_fail(e, DL_EINVAL, "Organisationen innehåller tecken som inte går att läsa.");
    for (size_t i = 0; i < o; i++)
        if ((unsigned char)organisation[i] < 0x20 || organisation[i] == 0x7f)
            return dl_fail(e, DL_EINVAL, "Organisationen ska stå på en rad, utan styrtecken.");
    size_t n = name ? strlen(name) : 0;
    if (n == 0) return dl_fail(e, DL_EINVAL, "Skriv ditt namn.");
    if (n > NETWORK_NAME_MAX) return dl_fail(e, DL_EINVAL, "Namnet är för långt. Korta det till högst %d tecken.",
                                             NETWORK_NAME_MAX);
    if (!utf8_valid(name, n)) return dl_fail(e, DL_EINVAL, "Namnet innehåller tecken som inte går att läsa.");
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
            return dl_fail(e, DL_EINVAL, "Namnet ska stå på en rad, utan styrtecken.");
    if (!email || !*email) return dl_fail(e, DL_EINVAL, "Skriv din e-postadress.");
    if (strlen(email) > MAIL_ADDRESS_MAX) return dl_fail(e, DL_EINVAL, "E-postadressen är för lång.");
    return mail_address_check(email, e);
}

static dl_err register_in_tx(db *d, int64_t event_id, const char *name, const char *org, const char *email,
                             const char *public_url,
                             int64_t now, char token[TOKEN_HEX_SIZE], dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT title, starts_at, seats, registration_closes_at FROM network_event"
                               " WHERE id = ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, event_id);
    int st = db_step(s, e);
    char title[512] = "", starts[32] = "", closes[32] = "";
    int64_t seats = 0;
    if (st == DB_ROW) {
        snprintf(title, sizeof title, "%s", db_col_text(s, 0));
        snprintf(starts, sizeof starts, "%s", db_col_text(s, 1));
        seats = db_col_int(s, 2);
        snprintf(closes, sizeof closes, "%s", *db_col_text(s, 3) ? db_col_text(s, 3) : db_col_text(s, 1));
    }
    db_stmt_done(s);
    if (st == DB_ERROR) return e->code;
    if (st != DB_ROW) return dl_fail(e, DL_ENOTFOUND, "Det finns inget sådant evenemang i kalendern.");
    if (seats <= 0) return dl_fail(e, DL_EINVAL, "Till det här evenemanget tas inga anmälningar emot.");
    char close_local[32];
    clock_local_minute(clock_parse_iso_utc(closes), close_local);
    if (now >= clock_parse_iso_utc(closes))
        return dl_fail(e, DL_ECONFLICT, "Anmälan till evenemanget stängde %s. Kontakta arrangören om du vill komma.",
                       close_local);
    int64_t dup = 0, was = 0;
    dl_err rc = db_query_int(d, "SELECT COUNT(*) FROM network_registration WHERE event_id = ? AND email = ?"
                                " AND cancelled_at = ''", &dup, e, "it", event_id, email);
    if (rc != DL_OK) return rc;
    /* a cancelled registration of the same address is taken back below */
    rc = db_query_int(d, "SELECT COUNT(*) FROM network_registration WHERE event_id = ? AND email = ?", &was, e, "it",
                      event_id, email);
    if (rc != DL_OK) return rc;
    if (dup) return dl_fail(e, DL_ECONFLICT, "Den e-postadressen är redan anmäld till evenemanget. Vill du avboka,"
                                             " använd länken i brevet du fick.");
    int64_t count = 0;
    rc = db_query_int(d, "UPDATE network_event SET registered = registered + 1 WHERE id = ? AND registered < seats"
                         " RETURNING registered", &count, e, "i", event_id);
    if (rc == DL_ENOTFOUND)
        return dl_fail(e, DL_ECONFLICT, "Evenemanget är fullt: alla %lld platser är tagna.", (long long)seats);
    if (rc != DL_OK) return rc;
    char hash[TOKEN_HEX_SIZE], at[32];
    token_random_hex(token);
    sha256_hex(token, strlen(token), hash);
    clock_iso_utc(now, at);
    if (was)
        rc = db_run(d, "UPDATE network_registration SET name = ?, organisation = ?, token_hash = ?, registered_at = ?,"
                       " cancelled_at = '' WHERE event_id = ? AND email = ? AND cancelled_at <> ''", e, "ttttit",
                    name, org, hash, at, event_id, email);
    else
        rc = db_run(d, "INSERT INTO network_registration(event_id, name, organisation, email, token_hash,"
                       " registered_at) VALUES (?, ?, ?, ?, ?, ?)", e, "ittttt", event_id, name, org, email, hash, at);
    if (rc == DL_ECONSTRAINT) /* the same address at the same moment */
        return dl_fail(e, DL_ECONFLICT, "Den e-postadressen är redan anmäld till evenemanget. Vill du avboka,"
                                        " använd länken i brevet du fick.");
    if (rc != DL_OK) return rc;
    char start_local[32], body[2048], subject[600];
    clock_local_minute(clock_parse_iso_utc(starts), start_local);
    snprintf(subject, sizeof subject, "Anmäld: %.500s", title);
    snprintf(body, sizeof body,
             "Hej %.200s,\n\nDu är anmäld till %.500s, som börjar %s (svensk tid).\n\n"
             "Kan du inte komma? Avboka med den här länken, så får någon annan platsen:\n%s/kalender/avanmalan?t=%s\n",
             name, title, start_local, public_url ? public_url : "", token);
    outbox_mail m = {email, subject, body, "sv", "network.registration", 0};
    return outbox_enqueue_in_tx(d, &m, NULL, e);
}

dl_err network_register(db *d, int64_t event_id, const char *name, const char *organisation, const char *email,
                        const char *public_url, int64_t now, char token_out[TOKEN_HEX_SIZE], dl_error *e)
{
    char token[TOKEN_HEX_SIZE] = "", lower[MAIL_ADDRESS_MAX + 1];
    if (token_out) token_out[0] = '\0';
    if (!organisation) organisation = "";
    dl_err rc = check_input(name, organisation, email, e);
    if (rc != DL_OK) return rc;
    size_t n = strlen(email);
    for (size_t i = 0; i <= n; i++) lower[i] = (char)(email[i] >= 'A' && email[i] <= 'Z' ? email[i] + 32 : email[i]);
    if ((rc = db_begin(d, e)) != DL_OK) return rc;
    rc = register_in_tx(d, event_id, name, organisation, lower, public_url, now, token, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    if (rc == DL_OK && token_out) memcpy(token_out, token, TOKEN_HEX_SIZE);
    return rc;
}

dl_err network_registration_check(db *d, arena *a, const char *token, int64_t *event_id, const char **title,
                                  dl_error *e)
{
    *event_id = 0;
    *title = "";
    if (!token || !hex_is_token(token)) return dl_fail(e, DL_ENOTFOUND, "%s", bad_link);
    char hash[TOKEN_HEX_SIZE];
    sha256_hex(token, strlen(token), hash);
    db_stmt *s = db_prepare(d, "SELECT v.id, v.title FROM network_registration g JOIN network_event v"
                               " ON v.id = g.event_id WHERE g.token_hash = ? AND g.cancelled_at = ''", e);
    if (!s) return e->code;
    db_bind_text(s, 1, hash);
    int st = db_step(s, e);
    if (st == DB_ROW) {
        *event_id = db_col_int(s, 0);
        *title = arena_strdup(a, db_col_text(s, 1));
    }
    db_stmt_done(s);
    if (st == DB_ERROR) return e->code;
    return st == DB_ROW ? DL_OK : dl_fail(e, DL_ENOTFOUND, "%s", bad_link);
}

dl_err network_registration_cancel(db *d, const char *token, int64_t now, int64_t *event_id, dl_error *e)
{
    char at[32];
    clock_iso_utc(now, at);
    *event_id = 0;
    if (!token || !hex_is_token(token)) return dl_fail(e, DL_ENOTFOUND, "%s", bad_link);
    char hash[TOKEN_HEX_SIZE];
    sha256_hex(token, strlen(token), hash);
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = db_query_int(d, "UPDATE network_registration SET cancelled_at = ? WHERE token_hash = ? AND cancelled_at = ''"
                         " RETURNING event_id", event_id, e, "tt", at, hash);
    if (rc == DL_ENOTFOUND) rc = dl_fail(e, DL_ENOTFOUND, "%s", bad_link);
    if (rc == DL_OK)
        rc = db_run(d, "UPDATE network_event SET registered = registered - 1 WHERE id = ? AND registered > 0", e, "i",
                    *event_id);
    if (rc == DL_OK) return db_commit(d, e);
    db_rollback(d);
    return rc;
}

dl_err network_registrations(db *d, arena *a, int64_t event_id, network_registration_rec **rows, int *n, dl_error *e)
{
    *n = 0;
    *rows = NULL;
    /* one row per address and event: at most the seats (≤ 100,000) plus the cancelled */
    int64_t max = 0;
    dl_err rc = db_query_int(d, "SELECT COUNT(*) FROM network_registration WHERE event_id = ?", &max, e, "i", event_id);
    if (rc != DL_OK) return rc;
    if (max > 1000000) max = 1000000;
    network_registration_rec *out = arena_alloc(a, sizeof *out * (size_t)(max + 1));
    if (!out) return dl_fail(e, DL_ENOMEM, "Servern fick slut på minne.");
    *rows = out;
    db_stmt *s = db_prepare(d, "SELECT name, organisation, email, registered_at, cancelled_at FROM network_registration"
                               " WHERE event_id = ? ORDER BY registered_at, id", e);
    if (!s) return e->code;
    db_bind_int(s, 1, event_id);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < (int)max) {
        network_registration_rec *g = &out[(*n)++];
        g->name = arena_strdup(a, db_col_text(s, 0));
        g->organisation = arena_strdup(a, db_col_text(s, 1));
        g->email = arena_strdup(a, db_col_text(s, 2));
        g->registered_at = arena_strdup(a, db_col_text(s, 3));
        g->cancelled_at = arena_strdup(a, db_col_text(s, 4));
        if (!g->name || !g->organisation || !g->email || !g->registered_at || !g->cancelled_at) {
            db_stmt_done(s);
            return dl_fail(e, DL_ENOMEM, "Servern fick slut på minne.");
        }
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}
