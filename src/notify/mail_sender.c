/* mail_sender.c — claim → send → mark, one pass or on a thread of its own
 * (see mail_sender.h). Operator messages go to standard error; they name
 * a mail by its outbox id, never by its recipient or text. */
#include "notify/mail_sender.h"
#include "core/alloc.h"
#include "core/arena.h"
#include "core/clock.h"
#include "store/outbox.h"

#include <errno.h>
#include <sodium.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Marks it sent. The SMTP server has the message, so a mark lost to a
 * store that is away for a moment (a PostgreSQL restart, a failover) would
 * leave the row to its lease and send the mail a second time: the mark is
 * tried again every second for MAIL_MARK_RETRY_SECONDS while the store
 * answers with an error (a lost claim, DL_ECONFLICT, is final). */
static dl_err mark_sent(db *d, const outbox_item *it, dl_error *e)
{
    dl_err rc = outbox_mark_sent(d, it->id, it->attempt, clock_now(), e);
    for (int s = 0; s < MAIL_MARK_RETRY_SECONDS && (rc == DL_EDB || rc == DL_ELOCKED); s++) {
        struct timespec one = {1, 0};
        nanosleep(&one, NULL);
        rc = outbox_mark_sent(d, it->id, it->attempt, clock_now(), e);
    }
    return rc;
}

/* Sends the claimed mail it; *stop_pass when the server is unreachable. */
static dl_err send_one(db *d, const smtp_config *c, const outbox_item *it, int *sent, int *failed, int *stop_pass,
                       dl_error *e)
{
    smtp_message m = {it->to, it->subject, it->body_text, it->message_id, clock_now()};
    smtp_result r;
    dl_error why;
    dl_error_clear(&why);
    dl_err rc;
    if (smtp_send(c, &m, &r, &why) == DL_OK) {
        /* its own statement, at once: the window in which a crash sends it twice */
        rc = mark_sent(d, it, e);
        (*sent)++;
        if (rc == DL_ECONFLICT) {
            fprintf(stderr, "datalots: mail %" PRId64 " was sent, but %s\n", it->id, e->msg);
            rc = DL_OK;
        } else if (rc != DL_OK) {
            fprintf(stderr, "datalots: mail %" PRId64 " was sent but could not be marked sent (%s); when its lease"
                            " runs out it is sent again with the same Message-ID %s\n", it->id, e->msg, it->message_id);
        }
        return rc;
    }
    (*failed)++;
    int gave_up = 0;
    rc = outbox_mark_attempt_failed(d, it->id, it->attempt, clock_now(), why.msg, r.permanent, &gave_up, e);
    fprintf(stderr, "datalots: mail %" PRId64 " attempt %" PRId64 " failed: %s%s\n", it->id, it->attempt, why.msg,
            gave_up ? (r.permanent ? "; refused for good, not tried again" : "; that was the last attempt")
                    : "; it will be tried again");
    if (rc == DL_ECONFLICT) rc = DL_OK;
    if (r.unreachable) *stop_pass = 1;
    return rc;
}

static dl_err pass(db *d, const smtp_config *c, atomic_int *stop, int *sent, int *failed, dl_error *e)
{
    *sent = *failed = 0;
    dl_err rc = DL_OK;
    int stop_pass = 0;
    for (int i = 0; i < MAIL_PASS_MAX && rc == DL_OK && !stop_pass; i++) {
        if (stop && atomic_load(stop)) break;
        arena *a = arena_new(16 * 1024);
        if (!a) return dl_fail(e, DL_ENOMEM, "out of memory in the mail sender");
        outbox_item it;
        int n = 0;
        rc = outbox_claim(d, a, clock_now(), MAIL_LEASE_SECONDS, 1, &it, &n, e);
        if (rc == DL_OK && n == 1) rc = send_one(d, c, &it, sent, failed, &stop_pass, e);
        arena_free(a);
        if (n == 0) break;
    }
    return rc;
}

dl_err mail_sender_run_once(db *d, const smtp_config *c, int *sent, int *failed, dl_error *e)
{
    return pass(d, c, NULL, sent, failed, e);
}

/* ---- the thread ------------------------------------------------------------------- */

struct mail_sender {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    atomic_int stop;
    int interval;
    char *db_url, *url, *from, *user, *password;
    smtp_config c;
};

static void wait_interval(mail_sender *s)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += s->interval;
    pthread_mutex_lock(&s->mu);
    while (!atomic_load(&s->stop))
        if (pthread_cond_timedwait(&s->cv, &s->mu, &until) == ETIMEDOUT) break;
    pthread_mutex_unlock(&s->mu);
}

static void *sender_main(void *arg)
{
    mail_sender *s = arg;
    db *d = NULL;
    while (!atomic_load(&s->stop)) {
        dl_error e;
        dl_error_clear(&e);
        if (!d && db_open(s->db_url, &d, &e) != DL_OK) {
            fprintf(stderr, "datalots: mail sender: cannot open the store: %s\n", e.msg);
            d = NULL;
        }
        if (d) {
            int sent = 0, failed = 0;
            dl_err rc = pass(d, &s->c, &s->stop, &sent, &failed, &e);
            if (sent || failed) fprintf(stderr, "datalots: mail sender: %d sent, %d failed\n", sent, failed);
            if (rc != DL_OK) {
                fprintf(stderr, "datalots: mail sender: the store failed: %s\n", e.msg);
                db_close(d); /* opened again next time */
                d = NULL;
            }
        }
        wait_interval(s);
    }
    if (d) db_close(d);
    return NULL;
}

static void sender_free(mail_sender *s)
{
    if (!s) return;
    if (s->password) sodium_memzero(s->password, strlen(s->password));
    dl_free(s->db_url);
    dl_free(s->url);
    dl_free(s->from);
    dl_free(s->user);
    dl_free(s->password);
    dl_free(s);
}

static char *dup_or_empty(const char *v) { return dl_strdup(v ? v : ""); }

dl_err mail_sender_start(const char *db_url, const smtp_config *c, int interval_seconds, mail_sender **out,
                         dl_error *e)
{
    *out = NULL;
    mail_sender *s = dl_calloc(1, sizeof *s);
    if (!s) return dl_fail(e, DL_ENOMEM, "out of memory starting the mail sender");
    s->interval = interval_seconds > 0 ? interval_seconds : 60;
    s->db_url = dup_or_empty(db_url);
    s->url = dup_or_empty(c->url);
    s->from = dup_or_empty(c->from);
    s->user = dup_or_empty(c->user);
    s->password = dup_or_empty(c->password);
    if (!s->db_url || !s->url || !s->from || !s->user || !s->password) {
        sender_free(s);
        return dl_fail(e, DL_ENOMEM, "out of memory starting the mail sender");
    }
    s->c = *c;
    s->c.url = s->url;
    s->c.from = s->from;
    s->c.user = s->user;
    s->c.password = s->password;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&s->cv, &ca);
    pthread_condattr_destroy(&ca);
    pthread_mutex_init(&s->mu, NULL);
    if (pthread_create(&s->thread, NULL, sender_main, s) != 0) {
        pthread_cond_destroy(&s->cv);
        pthread_mutex_destroy(&s->mu);
        sender_free(s);
        return dl_fail(e, DL_EIO, "cannot start the mail sender thread");
    }
    *out = s;
    return DL_OK;
}

void mail_sender_stop(mail_sender *s)
{
    if (!s) return;
    pthread_mutex_lock(&s->mu);
    atomic_store(&s->stop, 1);
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->thread, NULL);
    pthread_cond_destroy(&s->cv);
    pthread_mutex_destroy(&s->mu);
    sender_free(s);
}
