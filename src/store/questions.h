/* questions.h — questions to the national support routed to the member
 * function of the network that can answer them (issue 15 item 6,
 * docs/questions.md): asking (anyone; the routing rule of
 * core/question_route.h places the question at once), the members' routing
 * rules, the shared queue, every step of core/question_flow.h (route,
 * hand-over, return, answer, close) with its event row and audit row in the
 * same transaction, the answer mailed to the asker with a link that holds
 * an unguessable token, a general answer saved as a knowledge-guide draft
 * linked both ways, and the answer times per member function.
 *
 * Who handles a question: a network coordinator (the role) anywhere; the
 * contact people of a member — an account whose e-mail address is one of
 * the member's network_contact addresses (case ignored) — for the
 * questions with that member. The asker's e-mail address is used for the
 * answer mail only: no list, page or audit row shows it. */
#ifndef DATALOTS_STORE_QUESTIONS_H
#define DATALOTS_STORE_QUESTIONS_H

#include <stdint.h>

#include "core/arena.h"
#include "core/authz.h"
#include "core/question_flow.h"
#include "core/question_route.h"
#include "core/token.h"
#include "db/db.h"
#include "store/audit.h"

#define QUESTION_BODY_MIN 10       /* characters: "where is data on X" */
#define QUESTION_BODY_MAX 5000
#define QUESTION_NOTE_MAX 2000
#define QUESTION_ANSWER_MAX 10000
#define QUESTION_TITLE_MAX 200     /* the guide draft's title */
#define QUESTION_SUMMARY_MAX 300
#define QUESTION_LIST_MAX 500
#define QUESTION_ROUTES_MAX 2000   /* rule rows read for one routing */
#define QUESTION_HOLDERS_MAX 20    /* holders one member declares */
#define QUESTION_TARGET_DAYS 5     /* working days to an answer: older open questions are overdue */

typedef struct question_actor {
    const authz_subject *subject; /* NULL or id 0: not signed in */
    audit_actor audit;
    const char *public_url;       /* "https://…": the links in the answer mail and the guide draft's source */
    int notify;                   /* 1: mail the member's contact people when a question comes to them */
} question_actor;

typedef struct question_ask_in {
    int topic, data_type;         /* indexes of core/question_route.h */
    const char *holder;           /* optional, one line */
    const char *body;             /* the question */
    const char *email;            /* where the answer goes */
    const char *lang;             /* "sv" or "en": the asker's language */
} question_ask_in;

/* Stores a question and routes it (core/question_route.h); with
 * who->notify the member's contact people get a notice by mail (as after a
 * route or a hand-over step). DL_EINVAL with
 * a sentence for any field that is missing, malformed or too long; nothing
 * is written then. *member the member it went to (0: the coordinator's queue). */
dl_err question_ask(db *d, const question_actor *who, const question_ask_in *in, int64_t now, int64_t *id,
                    int64_t *member, dl_error *e);

typedef struct question_rec {
    int64_t id;
    int topic, data_type;
    const char *holder, *body;
    question_state state;
    int64_t member_id;            /* 0: the coordinator's queue */
    const char *member_name;      /* "" for the coordinator's queue */
    const char *answer;
    int general;
    const char *guide_item_id;    /* "" none */
    const char *created_at, *answered_at, *updated_at;
    int working_days;             /* received → answered, or → now while open */
    int overdue;                  /* open and older than QUESTION_TARGET_DAYS working days */
} question_rec;

typedef struct question_filter {
    int64_t member_id;            /* -1 every member and the coordinator's queue; 0 the coordinator's queue */
    int state;                    /* -1 the open ones, -2 all, else a question_state */
    int overdue_only;
} question_filter;

/* The queue, oldest first, at most max (≤ QUESTION_LIST_MAX). */
dl_err question_list(db *d, arena *a, const question_filter *f, int64_t now, question_rec *out, int max, int *n,
                     dl_error *e);
dl_err question_get(db *d, arena *a, int64_t id, int64_t now, question_rec *out, dl_error *e); /* DL_ENOTFOUND */

typedef struct question_event_rec {
    const char *event, *from_name, *to_name, *note, *actor_name, *created_at;
} question_event_rec;
dl_err question_events(db *d, arena *a, int64_t id, question_event_rec *out, int max, int *n, dl_error *e);

/* May who see the shared queue? A network coordinator, or a contact
 * person of any member. *coordinator 1 for the former; members (room for
 * max) the members who is a contact of, *n_members how many. */
int question_queue_access(db *d, const question_actor *who, int *coordinator, int64_t *members, int max,
                          int *n_members);
/* The facts (enum question_guard) who brings to question q. */
unsigned question_facts(db *d, const question_actor *who, const question_rec *q);

typedef struct question_step_in {
    int64_t member_id;            /* QI_MEMBER */
    const char *note;             /* QI_NOTE */
    const char *answer;           /* QI_ANSWER */
    int general;                  /* QI_ANSWER: also a guide item draft */
    const char *title, *summary;  /* the draft's title and one-sentence summary (general) */
} question_step_in;

/* Makes step ev on question id (core/question_flow.h). DL_ENOTFOUND no
 * such question; DL_ECONFLICT the step does not apply now; DL_EDENIED the
 * actor may not; DL_EINVAL an input missing or malformed. The answer is
 * mailed to the asker (store/outbox.h) in the same transaction; a general
 * answer is also saved as the guide item draft "fraga-ID-svar". */
dl_err question_step(db *d, const question_actor *who, int64_t id, question_event ev, const question_step_in *in,
                     int64_t now, dl_error *e);

/* The question whose answer link holds token (answered only); DL_ENOTFOUND otherwise. */
dl_err question_by_token(db *d, arena *a, const char *token, question_rec *out, dl_error *e);
/* The question a guide item was made from: DL_ENOTFOUND none. */
dl_err question_of_guide(db *d, const char *guide_id, int64_t *question_id, dl_error *e);

/* ---- the routing rules ------------------------------------------------------------- */

typedef struct question_member_routes {
    int64_t member_id;
    const char *member_name;
    unsigned topics, data_types;  /* bit i: topic / data type i */
    const char *holders;          /* one a line */
} question_member_routes;

/* Every member (by name, at most max) with what it declares. */
dl_err question_routes_list(db *d, arena *a, question_member_routes *out, int max, int *n, dl_error *e);
/* Replaces member's rules (the network coordinator, ACT_NETWORK_EDIT).
 * holders: one a line, each at most QUESTION_HOLDER_MAX characters. */
dl_err question_routes_set(db *d, const question_actor *who, int64_t member_id, unsigned topics, unsigned data_types,
                           const char *holders, dl_error *e);

/* ---- answer times -------------------------------------------------------------------- */

typedef struct question_answer_time {
    int64_t member_id;            /* 0: answered from the coordinator's queue; -1: all together (last row) */
    const char *member_name;
    int n;                        /* answered questions */
    int median_days, p90_days;    /* working days, nearest rank (the ceil(q·n)-th smallest) */
    int open, overdue;            /* open questions with the member now, and how many are overdue */
} question_answer_time;

/* Received → answered in working days (core/deadline.h), per member that
 * answered, for questions answered from day `from` through day `to`
 * (YYYY-MM-DD, Europe/Stockholm; NULL: no bound). Members by name, then
 * the coordinator's queue (when it answered any), then all together.
 * At most max rows. */
dl_err question_answer_times_load(db *d, arena *a, const char *from, const char *to, int64_t now,
                                  question_answer_time *out, int max, int *n, dl_error *e);

/* A few demo questions for the demo network (`datalots demo questions`):
 * routing rules for its members when none are set, then questions asked,
 * routed, handed over and answered over the past weeks. DL_ECONFLICT when
 * there are questions already. */
dl_err question_seed_demo(db *d, int64_t now, int *n_questions, dl_error *e);

#endif
