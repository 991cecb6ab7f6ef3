/* calls.h — joint calls (utlysningar) of the coordinating support, the
 * applications the network's organisations send, the coordinator's
 * assessment per criterion, the decision, and a granted project's results
 * published into the knowledge guide as a guide item draft linked back to
 * the project (docs/calls.md). Every step of an application runs through
 * the transition table of core/call_flow.h; every change has its audit row
 * in the same transaction. */
#ifndef DATALOTS_STORE_CALLS_H
#define DATALOTS_STORE_CALLS_H

#include <stdint.h>

#include "core/arena.h"
#include "core/authz.h"
#include "core/call_flow.h"
#include "db/db.h"
#include "store/audit.h"

#define CALL_TITLE_MAX 200        /* characters, one line */
#define CALL_BODY_MAX 20000       /* the call's Markdown text */
#define CALL_CRITERIA_MAX 10      /* criteria per call */
#define CALL_CRITERION_MAX 300    /* characters of one criterion */
#define CALL_CRITERIA_TEXT_MAX 3500
#define CALL_BUDGET_MAX 500
#define CALL_ORG_MAX 200
#define CALL_DESCRIPTION_MAX 10000
#define CALL_REASON_MAX 4000
#define CALL_COMMENT_MAX 1000
#define CALL_SCORE_MAX 5          /* scores run 0–5 */
#define CALL_SUMMARY_MAX 300       /* one sentence, as every guide summary */
#define CALL_LIST_MAX 200

typedef struct call_actor {
    const authz_subject *subject; /* the permission (ACT_CALL_MANAGE, ACT_CALL_APPLY) */
    audit_actor audit;
    const char *public_url;       /* "https://…": the results' source is the project's page there */
} call_actor;

typedef struct joint_call {
    int64_t id;
    const char *title, *body, *opens_on, *closes_on, *criteria, *budget, *created_at;
    int64_t n_applications;
} joint_call;

typedef struct call_fields {
    const char *title, *body, *opens_on, *closes_on, *criteria, *budget;
} call_fields;

/* Which calls a list shows. */
enum { CALLS_ALL, CALLS_OPEN, CALLS_CLOSED, CALLS_UPCOMING };

dl_err call_create(db *d, const call_actor *who, const call_fields *in, int64_t now, int64_t *id, dl_error *e);
/* Newest closing day first; today is "YYYY-MM-DD" in Europe/Stockholm. */
dl_err call_list(db *d, arena *a, int which, const char *today, joint_call *out, int max, int *n, dl_error *e);
dl_err call_by_id(db *d, arena *a, int64_t id, joint_call *out, dl_error *e); /* DL_ENOTFOUND */
/* The criteria, one a line (blank lines skipped), into out; returns how many. */
int call_criteria_split(arena *a, const char *criteria, const char **out, int max);
/* 1 when applications are received on day today. */
int call_is_open(const joint_call *c, const char *today);

typedef struct call_application {
    int64_t id, call_id, applicant_id;
    const char *call_title, *org_name, *contact_email, *project_title, *description;
    call_app_state state;
    const char *decision_reason, *guide_item_id, *created_at, *updated_at;
} call_application;

typedef struct call_application_fields {
    const char *org_name, *contact_email, *project_title, *description;
} call_application_fields;

/* Refused after the closing day or before the opening day (DL_ECONFLICT,
 * with the day in the sentence). */
dl_err call_apply(db *d, const call_actor *who, int64_t call_id, const call_application_fields *in, int64_t now,
                  int64_t *id, dl_error *e);
/* One call's applications (call_id > 0), or one account's (applicant_id > 0). */
dl_err call_applications(db *d, arena *a, int64_t call_id, int64_t applicant_id, call_application *out, int max,
                         int *n, dl_error *e);
dl_err call_application_by_id(db *d, arena *a, int64_t id, call_application *out, dl_error *e); /* DL_ENOTFOUND */
/* The granted projects (granted or reported), newest first. */
dl_err call_projects(db *d, arena *a, call_application *out, int max, int *n, dl_error *e);

typedef struct call_score_rec {
    int criterion; /* 0-based */
    int score;
    const char *comment;
} call_score_rec;
dl_err call_scores(db *d, arena *a, int64_t application_id, call_score_rec *out, int max, int *n, dl_error *e);

typedef struct call_step_input {
    int scores[CALL_CRITERIA_MAX];            /* -1: not given */
    const char *comments[CALL_CRITERIA_MAX];
    const char *reason;
    const char *results_title, *results_summary, *results_body;
} call_step_input;

/* Makes step ev on application id (core/call_flow.h). DL_ENOTFOUND no such
 * application; DL_ECONFLICT the step does not apply now (a decision before
 * the assessment has its own sentence); DL_EDENIED the actor may not;
 * DL_EINVAL an input missing or malformed. The results step saves a guide
 * item draft "projekt-ID-resultat" (type guide; an editor publishes it on
 * /guide/ID/edit) and links it to the project. */
dl_err call_step(db *d, const call_actor *who, int64_t id, call_event ev, const call_step_input *in, int64_t now,
                 dl_error *e);

/* 1 when guide item guide_id has a published version (readers see it). */
int call_guide_is_published(db *d, const char *guide_id);

/* The project whose results guide item guide_id is: DL_ENOTFOUND none. */
dl_err call_project_of_guide(db *d, arena *a, const char *guide_id, int64_t *app_id, const char **title,
                             dl_error *e);

#endif
