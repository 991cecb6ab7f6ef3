/* case_survey.h — the one-question satisfaction survey of a closed release
 * case (issue 15 item 3; docs/followup.md).
 *
 * The closing rows of the case's transition table (core/case_flow.c: the
 * decision to refuse, the registered delivery, a withdrawal of a submitted
 * request) carry NOTIFY_SURVEY; store/case_notify.c then creates the survey
 * inside the transition's transaction and mails the applicant a link with
 * a random token — /enkat?t=TOKEN, valid CASE_SURVEY_DAYS days, no sign-in.
 * Only the token's SHA-256 is stored. The question: "Hur nöjd är du med
 * hanteringen av ditt ärende?" 1–5, and an optional comment of at most
 * CASE_SURVEY_COMMENT_MAX characters. One survey per case, one answer per
 * survey: a second is refused with a sentence. */
#ifndef DATALOTS_STORE_CASE_SURVEY_H
#define DATALOTS_STORE_CASE_SURVEY_H

#include <stdint.h>
#include "core/arena.h"
#include "db/db.h"

#define CASE_SURVEY_DAYS 60           /* the survey mail (notify/mail_text.c) says so */
#define CASE_SURVEY_COMMENT_MAX 2000  /* characters (code points) */

/* Inside the caller's transaction: the survey of case_id; token_out gets
 * the token for the link (64 hex digits). When the case has a survey
 * already, nothing is written and token_out is "" (one per case). */
dl_err case_survey_create_in_tx(db *d, int64_t case_id, int64_t now, char token_out[65], dl_error *e);

typedef enum survey_state { SURVEY_OPEN, SURVEY_ANSWERED, SURVEY_EXPIRED } survey_state;

typedef struct case_survey {
    int64_t case_id;
    survey_state state;
    const char *diary_number, *title, *org_name;
    int64_t expires_at;
} case_survey;

/* The survey behind token (DL_ENOTFOUND with a sentence: none has it). */
dl_err case_survey_find(db *d, arena *a, const char *token, int64_t now, case_survey *out, dl_error *e);

/* Stores the answer, once, in one transaction with its audit row. Refused
 * with a sentence: no such survey (DL_ENOTFOUND), answered already or
 * expired (DL_ECONFLICT), a score outside 1–5 or a comment too long or not
 * text (DL_EINVAL). */
dl_err case_survey_answer(db *d, const char *token, int score, const char *comment, int64_t now, dl_error *e);

#endif
