/* delivery.c — offering, fetching and sweeping the encrypted delivery of a
 * release case; see delivery.h (the life of a delivery) and
 * delivery_destroy.c (the destruction reminders). */
#include "store/delivery.h"
#include "store/delivery_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/calendar.h"
#include "core/clock.h"
#include "core/mail_address.h"
#include "crypto/token.h"
#include "store/case_members.h"
#include "store/cases.h"
#include "store/diary.h"
#include "store/outbox.h"

/* The sentences of a refusal (msgids: the web page shows them translated). */
#define MSG_UNKNOWN "Länken finns inte. Kontrollera att hela länken från e-postmeddelandet kom med."
#define MSG_USED "Filen är redan hämtad och finns inte längre hos oss. Länken fungerar bara en gång; " \
                 "kontakta organisationen och ange ärendets diarienummer om du behöver en ny."
#define MSG_EXPIRED "Länken har gått ut och filen är borttagen. Kontakta organisationen och ange ärendets " \
                    "diarienummer, så kan de skicka en ny."
#define MSG_MISSING "Filen finns inte längre hos oss. Kontakta organisationen och ange ärendets diarienummer, " \
                    "så kan de skicka en ny."

void delivery_file_name(const char *diary_number, char out[DELIVERY_NAME_MAX])
{
    size_t n = 0;
    for (const char *p = diary_number ? diary_number : ""; *p && n + 5 < DELIVERY_NAME_MAX; p++) {
        char c = *p;
        int keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        out[n++] = keep ? c : '-';
    }
    if (n == 0) {
        snprintf(out, DELIVERY_NAME_MAX, "leverans.age");
        return;
    }
    memcpy(out + n, ".age", 5);
}

static int is_hex64(const char *s)
{
    if (!s || strlen(s) != 64) return 0;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))) return 0;
    return 1;
}

static void bytes_text(int64_t bytes, char out[32])
{
    snprintf(out, 32, "%" PRId64, bytes);
}

/* ---- the offer -------------------------------------------------------------- */

static dl_err check_offer(const delivery_offer_in *in, dl_error *e)
{
    if (!in || in->case_id <= 0) return dl_fail(e, DL_EINVAL, "Ange ärendet som leveransen hör till.");
    if (!in->file_path || in->file_path[0] != '/' || strlen(in->file_path) >= DELIVERY_PATH_MAX)
        return dl_fail(e, DL_EINVAL, "Ange filens fullständiga sökväg (som börjar med /).");
    struct stat st;
    if (lstat(in->file_path, &st) != 0 || !S_ISREG(st.st_mode))
        return dl_fail(e, DL_EINVAL, "Filen %.200s finns inte eller är ingen vanlig fil.", in->file_path);
    if (in->bytes <= 0 || (int64_t)st.st_size != in->bytes)
        return dl_fail(e, DL_EINVAL, "Filens storlek stämmer inte med den angivna (%lld byte på disken).",
                       (long long)st.st_size);
    if (!is_hex64(in->sha256_hex))
        return dl_fail(e, DL_EINVAL, "Filens SHA-256 ska vara 64 hexadecimala tecken (gemener).");
    if (!in->recipient_email || !*in->recipient_email)
        return dl_fail(e, DL_EINVAL, "Ärendet saknar sökandens e-postadress; leveranslänken kan inte skickas.");
    dl_err rc = mail_address_check(in->recipient_email, e);
    if (rc != DL_OK) return rc;
    if (in->destroy_by && *in->destroy_by) {
        cal_date dt;
        if (!cal_parse_iso(in->destroy_by, strlen(in->destroy_by), 2000, 2200, &dt))
            return dl_fail(e, DL_EINVAL, "Datumet då uppgifterna ska förstöras ska skrivas ÅÅÅÅ-MM-DD.");
    }
    if (in->valid_hours < DELIVERY_HOURS_MIN || in->valid_hours > DELIVERY_HOURS_MAX)
        return dl_fail(e, DL_EINVAL, "Länken kan gälla från %d till %d timmar.", DELIVERY_HOURS_MIN,
                       DELIVERY_HOURS_MAX);
    if (!in->public_url || strncmp(in->public_url, "http", 4) != 0)
        return dl_fail(e, DL_EINVAL, "Ange webbplatsens adress (--public-url), så att länken i e-postmeddelandet "
                                     "leder rätt.");
    return DL_OK;
}

/* The mail with the link: Swedish, then English. */
static const char *offer_body(arena *a, const case_rec *c, const delivery_offer_in *in, const char *link,
                              const char *file_name, const char *until)
{
    const char *title = c->req.v[REQ_TITLE] && *c->req.v[REQ_TITLE] ? c->req.v[REQ_TITLE] : c->diary_number;
    char size[32];
    bytes_text(in->bytes, size);
    int destroy = in->destroy_by && *in->destroy_by;
    return arena_printf(
        a,
        "Hej!\n\n"
        "Uppgifterna i ärende %s (%s) är klara att hämta, krypterade till den age-nyckel som ni angav.\n\n"
        "Hämta filen här:\n  %s\n\n"
        "Länken gäller till och med %s och fungerar en gång: när filen är hämtad tas den bort från vår server. "
        "Öppna länken och tryck på knappen Hämta filen.\n\n"
        "Fil: %s (%s byte)\nSHA-256: %s\n\n"
        "Dekryptera med age och er privata nyckel:\n  age -d -i nyckel.txt %s | tar x\n\n"
        "%s%s%s"
        "Hämtningen registreras i diariet hos %s.\n\n"
        "---- English ----\n\n"
        "Hello,\n\n"
        "The data of case %s (%s) are ready to download, encrypted to the age key you gave.\n\n"
        "Download the file here:\n  %s\n\n"
        "The link is valid until %s (Stockholm time) and works once: once the file is downloaded it is "
        "removed from our server. Open the link and press the button Download the file.\n\n"
        "File: %s (%s bytes)\nSHA-256: %s\n\n"
        "Decrypt it with age and your private key:\n  age -d -i key.txt %s | tar x\n\n"
        "%s%s%s"
        "The download is registered in the diary of %s.\n",
        c->diary_number, title, link, until, file_name, size, in->sha256_hex, file_name,
        destroy ? "Enligt beslutet ska uppgifterna förstöras senast " : "", destroy ? in->destroy_by : "",
        destroy ? ". Vi påminner er före det datumet och ber er sedan intyga att de är förstörda.\n\n" : "",
        c->org_name, c->diary_number, title, link, until, file_name, size, in->sha256_hex, file_name,
        destroy ? "Under the decision the data must be destroyed by " : "", destroy ? in->destroy_by : "",
        destroy ? ". We will remind you before that date and then ask you to confirm the destruction.\n\n" : "",
        c->org_name);
}

static dl_err offer_one(db *d, const delivery_offer_in *in, const audit_actor *who, int64_t *delivery_id,
                        dl_error *e)
{
    if (!db_in_transaction(d)) return dl_fail(e, DL_EINTERNAL, "delivery_offer_in_tx outside a transaction");
    dl_err rc = check_offer(in, e);
    if (rc != DL_OK) return rc;
    arena *a = arena_new(4096);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    case_rec c;
    rc = case_get(d, a, in->case_id, &c, e);
    char token[TOKEN_HEX_SIZE], hash[TOKEN_HEX_SIZE], file_name[DELIVERY_NAME_MAX];
    token_random_hex(token);
    sha256_hex(token, strlen(token), hash);
    delivery_file_name(c.diary_number, file_name);
    int64_t now = clock_now(), expires = now + (int64_t)in->valid_hours * 3600, id = 0;
    if (rc == DL_OK)
        rc = db_query_int(d, "INSERT INTO delivery(case_id, token_hash, file_path, file_name, sha256, bytes,"
                             " recipient_email, destroy_by, created_at, created_by, expires_at)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?) RETURNING id",
                          &id, e, "ittttittiii", in->case_id, hash, in->file_path, file_name, in->sha256_hex,
                          in->bytes, in->recipient_email, in->destroy_by ? in->destroy_by : "", now,
                          who ? who->user_id : 0, expires);
    char until[32];
    clock_local_minute(expires, until);
    const char *link = arena_printf(a, "%s/leverans/%s", in->public_url, token);
    const char *body = link ? offer_body(a, &c, in, link, file_name, until) : NULL;
    const char *subject = arena_printf(a, "Leverans i ärende %s / Delivery for case %s", c.diary_number,
                                       c.diary_number);
    if (rc == DL_OK && (!body || !subject)) rc = dl_fail(e, DL_ENOMEM, "out of memory");
    if (rc == DL_OK) {
        outbox_mail m = {in->recipient_email, subject, body, "sv", "delivery.offer", in->case_id};
        rc = outbox_enqueue_in_tx(d, &m, NULL, e);
    }
    if (rc == DL_OK) {
        char idt[24];
        const char *detail = arena_printf(a, "case %" PRId64 ", %s, %" PRId64 " bytes, sha256 %s, to %s, until %s",
                                          in->case_id, file_name, in->bytes, in->sha256_hex, in->recipient_email,
                                          until);
        snprintf(idt, sizeof idt, "%" PRId64, id);
        rc = detail ? audit_append(d, who, "delivery.offer", "delivery", idt, NULL, NULL, detail, e)
                    : dl_fail(e, DL_ENOMEM, "out of memory");
    }
    memset(token, 0, sizeof token);
    if (rc == DL_OK && delivery_id) *delivery_id = id;
    arena_free(a);
    return rc;
}

/* The project members who accepted the newest terms of use get the file
 * too (store/case_members.h), each with a link of their own to a hard link
 * of the same file (a fetch unlinks only its own name); members who have
 * not accepted get nothing. */
dl_err delivery_offer_in_tx(db *d, const delivery_offer_in *in, const audit_actor *who, int64_t *delivery_id,
                            dl_error *e)
{
    dl_err rc = offer_one(d, in, who, delivery_id, e);
    if (rc != DL_OK) return rc;
    arena *a = arena_new(1024);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    const char *to[CASE_MEMBERS_MAX];
    int n = 0;
    rc = case_member_delivery_emails(d, a, in->case_id, to, CASE_MEMBERS_MAX, &n, e);
    for (int i = 0; rc == DL_OK && i < n; i++) {
        char path[DELIVERY_PATH_MAX];
        int len = snprintf(path, sizeof path, "%s.m%d", in->file_path, i + 1);
        if (len < 0 || (size_t)len >= sizeof path) {
            rc = dl_fail(e, DL_EINVAL, "Filens sökväg är för lång för projektmedlemmarnas kopior.");
            break;
        }
        if (link(in->file_path, path) != 0) {
            rc = dl_fail(e, DL_EINTERNAL, "could not link %s for a project member: %s", path, strerror(errno));
            break;
        }
        delivery_offer_in m = *in;
        m.file_path = path;
        m.recipient_email = to[i];
        rc = offer_one(d, &m, who, NULL, e);
        if (rc != DL_OK) unlink(path);
    }
    arena_free(a);
    return rc;
}

dl_err delivery_offer_case(db *d, const authz_subject *subject, const audit_actor *who, int64_t case_id,
                           const char *file_path, const char *sha256_hex, int64_t bytes, const char *destroy_by,
                           int valid_hours, const char *public_url, const char *note, int64_t *delivery_id,
                           dl_error *e)
{
    arena *a = arena_new(4096);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    dl_err rc = db_begin(d, e);
    case_rec c;
    if (rc == DL_OK) rc = case_get(d, a, case_id, &c, e);
    if (rc == DL_OK && c.state != CASE_EXTRACTING)
        rc = dl_fail(e, DL_ECONFLICT, "Ärende %s är inte i uttag (det är %s); bara ett ärende i uttag kan levereras.",
                     c.diary_number, case_state_label_sv(c.state));
    if (rc == DL_OK) {
        case_step st = {.event = EV_REGISTER_DELIVERY, .expected_version = c.version, .delivery_method = "encrypted",
                        .text = note && *note ? note : "Krypterad fil (age) med engångslänk till sökanden.",
                        .public_url = public_url};
        rc = case_transition_in_tx(d, case_id, subject, who, &st, NULL, e);
    }
    if (rc == DL_OK) {
        delivery_offer_in in = {case_id, file_path, sha256_hex, bytes, c.req.v[REQ_APPLICANT_EMAIL], destroy_by,
                                valid_hours, public_url};
        rc = delivery_offer_in_tx(d, &in, who, delivery_id, e);
    }
    if (rc == DL_OK) rc = db_commit(d, e);
    else if (db_in_transaction(d)) db_rollback(d);
    arena_free(a);
    return rc;
}

/* ---- the page before the download ----------------------------------------- */

dl_err delivery_find(db *d, arena *a, const char *token, int64_t now, delivery_info *out, dl_error *e)
{
    memset(out, 0, sizeof *out);
    if (!hex_is_token(token)) return dl_fail(e, DL_ENOTFOUND, MSG_UNKNOWN);
    char hash[TOKEN_HEX_SIZE];
    sha256_hex(token, strlen(token), hash);
    db_stmt *s = db_prepare(d, "SELECT v.id, v.case_id, v.bytes, v.expires_at, v.token_hash,"
                               " CASE WHEN v.claimed_at IS NULL THEN 0 ELSE 1 END,"
                               " CASE WHEN v.removed_at IS NULL THEN 0 ELSE 1 END, c.diary_number, v.file_name,"
                               " v.sha256, o.name"
                               " FROM delivery v JOIN cases c ON c.id = v.case_id JOIN org_node o ON o.id = c.org_id"
                               " WHERE v.token_hash = ?", e);
    if (!s) return e->code;
    db_bind_text(s, 1, hash);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW && token_equal(db_col_text(s, 4), hash)) {
        out->id = db_col_int(s, 0);
        out->case_id = db_col_int(s, 1);
        out->bytes = db_col_int(s, 2);
        out->expires_at = db_col_int(s, 3);
        out->state = db_col_int(s, 5) ? DELIVERY_FETCHED
                     : db_col_int(s, 6) || now >= out->expires_at ? DELIVERY_EXPIRED : DELIVERY_OPEN;
        out->diary_number = arena_strdup(a, db_col_text(s, 7));
        out->file_name = arena_strdup(a, db_col_text(s, 8));
        out->sha256 = arena_strdup(a, db_col_text(s, 9));
        out->org_name = arena_strdup(a, db_col_text(s, 10));
        if (!out->diary_number || !out->file_name || !out->sha256 || !out->org_name)
            rc = dl_fail(e, DL_ENOMEM, "out of memory");
    } else {
        rc = st == DB_ERROR ? e->code : dl_fail(e, DL_ENOTFOUND, MSG_UNKNOWN);
    }
    db_stmt_done(s);
    return rc;
}

/* ---- the download ----------------------------------------------------------- */

/* A refusal, audited in a transaction of its own: never the token, only
 * what it was (the row's id when there is one) and from where. */
static dl_err refuse(db *d, int64_t id, const char *why, const char *peer, dl_err code, const char *msg, dl_error *e)
{
    char idt[24], detail[200];
    snprintf(idt, sizeof idt, "%" PRId64, id);
    snprintf(detail, sizeof detail, "%s, from %.120s", why, peer);
    audit_actor who = {0, "public"};
    dl_error ae;
    if (audit_append_tx(d, &who, "delivery.refused", "delivery", id ? idt : "-", detail, &ae) != DL_OK) {
        *e = ae;
        return ae.code;
    }
    return dl_fail(e, code, "%s", msg);
}

/* Why a token that claimed nothing was refused. */
static dl_err classify_refusal(db *d, const char *hash, const char *peer, int64_t now, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT id, token_hash, CASE WHEN claimed_at IS NULL THEN 0 ELSE 1 END,"
                               " CASE WHEN removed_at IS NULL THEN 0 ELSE 1 END, expires_at"
                               " FROM delivery WHERE token_hash = ?", e);
    if (!s) return e->code;
    db_bind_text(s, 1, hash);
    int st = db_step(s, e);
    int64_t id = 0, used = 0, removed = 0, expires = 0;
    int found = st == DB_ROW && token_equal(db_col_text(s, 1), hash);
    if (found) {
        id = db_col_int(s, 0);
        used = db_col_int(s, 2);
        removed = db_col_int(s, 3);
        expires = db_col_int(s, 4);
    }
    db_stmt_done(s);
    if (st == DB_ERROR) return e->code;
    if (!found) return refuse(d, 0, "unknown link", peer, DL_ENOTFOUND, MSG_UNKNOWN, e);
    if (used) return refuse(d, id, "already fetched", peer, DL_EGONE, MSG_USED, e);
    if (removed || now >= expires) return refuse(d, id, "expired", peer, DL_EGONE, MSG_EXPIRED, e);
    return refuse(d, id, "refused", peer, DL_EGONE, MSG_EXPIRED, e);
}

/* Opens the file for reading, checking it is the regular file of the offer. */
static int open_delivered(const char *path, int64_t bytes)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return -1;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (int64_t)st.st_size != bytes) {
        close(fd);
        return -1;
    }
    return fd;
}

dl_err delivery_claim(db *d, const char *token, const char *peer, delivery_claimed *out, dl_error *e)
{
    memset(out, 0, sizeof *out);
    out->fd = -1;
    peer = peer && *peer ? peer : "-";
    if (!hex_is_token(token)) return refuse(d, 0, "malformed link", peer, DL_ENOTFOUND, MSG_UNKNOWN, e);
    char hash[TOKEN_HEX_SIZE], path[DELIVERY_PATH_MAX] = "", email[MAIL_ADDRESS_MAX + 1] = "";
    sha256_hex(token, strlen(token), hash);
    int64_t now = clock_now();
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    /* The check and the mark are one statement: a second click waits on the row and finds it claimed. */
    db_stmt *s = db_prepare(d, "UPDATE delivery SET claimed_at = ?, claimed_from = ?"
                               " WHERE token_hash = ? AND claimed_at IS NULL AND removed_at IS NULL AND expires_at > ?"
                               " RETURNING id, case_id, file_path, file_name, sha256, bytes, recipient_email, token_hash",
                            e);
    int claimed = 0;
    if (!s) rc = e->code;
    else {
        db_bind_int(s, 1, now);
        db_bind_text(s, 2, peer);
        db_bind_text(s, 3, hash);
        db_bind_int(s, 4, now);
        int st = db_step(s, e);
        if (st == DB_ROW && token_equal(db_col_text(s, 7), hash)) {
            claimed = 1;
            out->id = db_col_int(s, 0);
            out->case_id = db_col_int(s, 1);
            snprintf(path, sizeof path, "%s", db_col_text(s, 2));
            snprintf(out->file_name, sizeof out->file_name, "%s", db_col_text(s, 3));
            snprintf(out->sha256, sizeof out->sha256, "%s", db_col_text(s, 4));
            out->bytes = db_col_int(s, 5);
            snprintf(email, sizeof email, "%s", db_col_text(s, 6));
            while (db_step(s, e) == DB_ROW) {}
        } else if (st == DB_ERROR) rc = e->code;
        db_stmt_done(s);
    }
    if (rc != DL_OK || !claimed) {
        db_rollback(d);
        return rc != DL_OK ? rc : classify_refusal(d, hash, peer, now, e);
    }
    out->fd = open_delivered(path, out->bytes);
    if (out->fd < 0) {
        db_rollback(d);
        return refuse(d, out->id, "file missing", peer, DL_EGONE, MSG_MISSING, e);
    }
    char day[16], idt[24], detail[400];
    clock_local_date(now, day);
    int64_t entry = 0;
    rc = delivery_register_in_tx(d, out->case_id, DELIVERY_RECEIPT_SV, day, email, &(audit_actor){0, "public"},
                                 out->diary_number, &entry, e);
    if (rc == DL_OK)
        rc = db_run(d, "UPDATE delivery SET receipt_entry_id = ? WHERE id = ?", e, "ii", entry, out->id);
    snprintf(idt, sizeof idt, "%" PRId64, out->id);
    snprintf(detail, sizeof detail, "case %" PRId64 ", %s, %" PRId64 " bytes, from %.120s, receipt %.100s",
             out->case_id, out->file_name, out->bytes, peer, out->diary_number);
    if (rc == DL_OK) rc = audit_append(d, &(audit_actor){0, "public"}, "delivery.fetch", "delivery", idt, NULL, NULL,
                                       detail, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    if (rc != DL_OK) {
        close(out->fd);
        out->fd = -1;
        return rc;
    }
    /* Claimed for good: the name goes now, the open fd keeps the bytes for the stream. */
    if (unlink(path) == 0 || errno == ENOENT) {
        dl_error ignored;
        db_run(d, "UPDATE delivery SET removed_at = ? WHERE id = ? AND removed_at IS NULL", &ignored, "ii", now,
               out->id); /* on failure the sweep marks it */
    }
    return DL_OK;
}

/* ---- the sweep --------------------------------------------------------------- */

#define SWEEP_BATCH 500

dl_err delivery_sweep(db *d, int64_t now, int *removed, dl_error *e)
{
    if (removed) *removed = 0;
    arena *a = arena_new(4096);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    struct gone { int64_t id, fetched; const char *path; } *rows = arena_alloc(a, SWEEP_BATCH * sizeof *rows);
    int n = 0;
    dl_err rc = rows ? DL_OK : dl_fail(e, DL_ENOMEM, "out of memory");
    db_stmt *s = rc == DL_OK ? db_prepare(d, "SELECT id, file_path, CASE WHEN claimed_at IS NULL THEN 0 ELSE 1 END"
                                             " FROM delivery WHERE removed_at IS NULL"
                                             " AND (expires_at <= ? OR claimed_at IS NOT NULL)"
                                             " ORDER BY id LIMIT " "500", e)
                             : NULL;
    _Static_assert(SWEEP_BATCH == 500, "the LIMIT above");
    if (rc == DL_OK && !s) rc = e->code;
    if (s) {
        db_bind_int(s, 1, now);
        int st;
        while ((st = db_step(s, e)) == DB_ROW && n < SWEEP_BATCH) {
            rows[n].id = db_col_int(s, 0);
            rows[n].path = arena_strdup(a, db_col_text(s, 1));
            rows[n].fetched = db_col_int(s, 2);
            if (!rows[n].path) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
            n++;
        }
        if (st == DB_ERROR) rc = e->code;
        db_stmt_done(s);
    }
    for (int i = 0; i < n && rc == DL_OK; i++) {
        if (unlink(rows[i].path) != 0 && errno != ENOENT) {
            rc = dl_fail(e, DL_EIO, "Kan inte ta bort den levererade filen %.200s: %s", rows[i].path, strerror(errno));
            break;
        }
        rc = db_begin(d, e);
        if (rc != DL_OK) break;
        int64_t marked = 0;
        rc = db_query_int(d, "UPDATE delivery SET removed_at = ? WHERE id = ? AND removed_at IS NULL RETURNING 1",
                          &marked, e, "ii", now, rows[i].id);
        if (rc == DL_ENOTFOUND) { rc = DL_OK; marked = 0; } /* another sweep was first */
        char idt[24];
        snprintf(idt, sizeof idt, "%" PRId64, rows[i].id);
        if (rc == DL_OK && marked)
            rc = audit_append(d, &(audit_actor){0, "system"}, rows[i].fetched ? "delivery.remove" : "delivery.expire",
                              "delivery", idt, NULL, NULL,
                              rows[i].fetched ? "file removed after the download" : "link expired, file removed", e);
        if (rc == DL_OK) rc = db_commit(d, e);
        else db_rollback(d);
        if (rc == DL_OK && marked && removed) (*removed)++;
    }
    arena_free(a);
    return rc;
}

/* ---- shared with delivery_destroy.c ------------------------------------------ */

dl_err delivery_register_in_tx(db *d, int64_t case_id, const char *what_sv, const char *day, const char *counterpart,
                               const audit_actor *who, char number_out[DIARY_NUMBER_MAX], int64_t *entry,
                               dl_error *e)
{
    int64_t org_id = 0;
    char case_number[DIARY_NUMBER_MAX] = "";
    db_stmt *s = db_prepare(d, "SELECT org_id, diary_number FROM cases WHERE id = ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, case_id);
    int st = db_step(s, e);
    if (st == DB_ROW) {
        org_id = db_col_int(s, 0);
        snprintf(case_number, sizeof case_number, "%s", db_col_text(s, 1));
    }
    db_stmt_done(s);
    if (st == DB_ERROR) return e->code;
    if (st != DB_ROW) return dl_fail(e, DL_ENOTFOUND, "Ärendet finns inte.");
    char subject[400];
    snprintf(subject, sizeof subject, "%s %s, ärende %s", what_sv, day, case_number);
    diary_input in = {.org_id = org_id, .doc_date = day, .direction = "in", .counterpart = counterpart,
                      .subject = subject};
    char number[DIARY_NUMBER_MAX];
    dl_err rc = diary_register_in_tx(d, &in, who, entry, number, e);
    if (rc == DL_OK) memcpy(number_out, number, sizeof number);
    return rc;
}
