/* samrad.h — the samråd's meetings in the store: a meeting of an
 * organisation on a date, its attendees by competence, its agenda of cases
 * waiting for the samråd and the assessments made per case. Holding the
 * meeting is one transaction: every case on the agenda with a
 * recommendation and a documented confidentiality review moves through
 * case_transition_in_tx() (the case's one setter; the meeting has no
 * workflow of its own beyond planned → held), the minutes are written and
 * registered in the diarium, and the meeting is marked held — or, when any
 * of it fails, nothing is. Every change is audited. Who may do these things
 * (ACT_CASE_RECOMMEND at the organisation) is checked by the caller; the
 * cases' own steps are checked again by case_transition_in_tx(). */
#ifndef DATALOTS_STORE_SAMRAD_H
#define DATALOTS_STORE_SAMRAD_H

#include <stdint.h>

#include "core/arena.h"
#include "core/authz.h"
#include "core/diary_number.h"
#include "core/samrad.h"
#include "db/db.h"
#include "store/audit.h"

#define SAMRAD_PAGE_MAX 200   /* meetings, attendees, agenda items, ready cases listed */

typedef struct samrad_meeting_rec {
    int64_t id, org_id, minutes_diary_entry_id, version;
    const char *held_on, *place, *state, *created_at, *held_at;
    const char *org_name, *org_path, *minutes_number, *minutes_text;
    int64_t n_items;
} samrad_meeting_rec;

typedef struct samrad_attendee_rec {
    int64_t id, user_id;
    const char *name, *competence;
} samrad_attendee_rec;

/* An agenda item with what the page and the minutes need of its case. A
 * ready case (samrad_ready_cases) fills only the case's fields. */
typedef struct samrad_item_rec {
    int64_t case_id, position, version, case_version;
    samrad_texts texts;      /* the three assessments (core/samrad.h) */
    const char *recommendation, *conditions, *outcome;
    int review_documented;   /* held: at the hold; planned: now */
    const char *case_title, *diary_number, *case_state;
    int process;
} samrad_item_rec;

/* A new planned meeting of organisation org_id (a förvaltning) on held_on
 * (YYYY-MM-DD) at place (may be ""). */
dl_err samrad_meeting_create(db *d, int64_t org_id, const char *held_on, const char *place, const audit_actor *who,
                             int64_t *id_out, dl_error *e);
dl_err samrad_meeting_get(db *d, arena *a, int64_t id, samrad_meeting_rec *out, dl_error *e);
/* Every meeting, newest date first (the caller keeps those it may see), at most max. */
dl_err samrad_meeting_list(db *d, arena *a, samrad_meeting_rec *out, int max, int *n, dl_error *e);

/* Attendees of a planned meeting: a name, a competence key
 * (samrad_competence_keys) and the account, if any (0: none). */
dl_err samrad_attendee_add(db *d, int64_t meeting_id, const char *name, const char *competence, int64_t user_id,
                           const audit_actor *who, dl_error *e);
dl_err samrad_attendee_remove(db *d, int64_t meeting_id, int64_t attendee_id, const audit_actor *who, dl_error *e);
dl_err samrad_attendees(db *d, arena *a, int64_t meeting_id, samrad_attendee_rec *out, int max, int *n, dl_error *e);

/* Puts case_id on a planned meeting's agenda: only a case waiting for the
 * samråd, of the meeting's organisation, not on a planned meeting's agenda
 * already (DL_EINVAL / DL_ECONFLICT with a sentence). */
dl_err samrad_agenda_add(db *d, int64_t meeting_id, int64_t case_id, const audit_actor *who, dl_error *e);
/* Takes case_id off a planned meeting's agenda, so that it is ready for
 * another meeting: DL_ENOTFOUND when it is not on this meeting's agenda,
 * DL_ECONFLICT when the meeting is held or the samråd has recorded any
 * assessment of it here (emptied first, the item can go), with a sentence. */
dl_err samrad_agenda_remove(db *d, int64_t meeting_id, int64_t case_id, const audit_actor *who, dl_error *e);
dl_err samrad_agenda(db *d, arena *a, int64_t meeting_id, samrad_item_rec *out, int max, int *n, dl_error *e);
/* The organisation's cases waiting for the samråd and on no planned
 * meeting's agenda, oldest first. */
dl_err samrad_ready_cases(db *d, arena *a, int64_t org_id, samrad_item_rec *out, int max, int *n, dl_error *e);

/* The samråd's assessments of one case: the scientific question,
 * feasibility, consistency with the ethical approval, the recommendation
 * ("" none yet, "release", "refusal") and its conditions. */
typedef struct samrad_assessment {
    samrad_texts texts;         /* the three assessments (SAMRAD_ASSESSMENT_LIST) */
    const char *recommendation, *conditions;
    int64_t expected_version;   /* the item's version the person saw */
} samrad_assessment;
/* Records them over the item's version (DL_ECONFLICT when someone saved in
 * between; DL_EINVAL when a recommendation lacks its three assessments). */
dl_err samrad_assess(db *d, int64_t meeting_id, int64_t case_id, const samrad_assessment *in,
                     const audit_actor *who, dl_error *e);

typedef struct samrad_hold_result {
    int moved, tabled;
    char minutes_number[DIARY_NUMBER_MAX];   /* the minutes' diary number */
} samrad_hold_result;

/* Holds a planned meeting, in one transaction: refuses (DL_EINVAL, naming
 * the competence) unless every required competence attends; then for each
 * agenda item with a recommendation whose case has its confidentiality
 * review documented, takes EV_RECOMMEND_RELEASE or EV_RECOMMEND_REFUSAL on
 * the case as subject/who (its three assessments and conditions, kept apart;
 * p2_deadline, YYYY-MM-DD, for a Process 2 release); every other item is
 * tabled ("bordlagt") and its case stays where it is. Then the minutes are
 * written, registered in the diarium (internal, "Samrådet", "Protokoll från
 * samrådsmöte YYYY-MM-DD") and the meeting is marked held. Any failure —
 * a case someone moved meanwhile — rolls everything back; the sentence
 * names the case. public_url: where the cases' e-mails link. */
dl_err samrad_hold(db *d, int64_t meeting_id, const char *p2_deadline, const authz_subject *subject,
                   const audit_actor *who, const char *public_url, samrad_hold_result *out, dl_error *e);
/* The same inside the caller's open transaction. */
dl_err samrad_hold_in_tx(db *d, int64_t meeting_id, const char *p2_deadline, const authz_subject *subject,
                         const audit_actor *who, const char *public_url, samrad_hold_result *out, dl_error *e);

#endif
