/* obstacle.h — a reported obstacle to the use of health data (the
 * "kontinuerlig kartläggning av oklarheter och hinder" of the seed, and
 * shared/design/domain.md, "Obstacle mapping"): its consequences, actor
 * types and states, each listed once (stored key, Swedish label — a msgid),
 * and the rules a report must meet before it is stored. Pure: no I/O, no
 * SQL. The store is store/obstacles.h; the form handlers/obstacle.c.
 *
 * This is the intake and the states. The lifecycle after it (triage,
 * assessment, forwarding, measures, closing or archiving) is the
 * transition table of core/obstacle_flow.h, on the same mechanism as the
 * release case's (core/flow.h); a report starts in OBSTACLE_RECEIVED. */
#ifndef DATALOTS_OBSTACLE_H
#define DATALOTS_OBSTACLE_H

#include <stddef.h>

/* The categories are an editable list in the store: core/obstacle_category.h. */

#define OBSTACLE_CONSEQUENCE_LIST(X)                                                     \
    X(OQ_DELAYED, "delayed", "Arbetet försenades")                                      \
    X(OQ_STOPPED, "stopped", "Arbetet stoppades")                                       \
    X(OQ_MOVED_ABROAD, "moved_abroad", "Arbetet flyttades utomlands")                   \
    X(OQ_COST, "cost", "Arbetet blev dyrare")                                           \
    X(OQ_OTHER, "other", "Annan följd")

/* Who reports, or who is involved: the actor type of a report (optional;
 * migration 0026, the compiled report's "by actor"). */
#define OBSTACLE_ACTOR_TYPE_LIST(X)                                                      \
    X(OA_RESEARCHER, "researcher", "Forskare")                                          \
    X(OA_DATA_HOLDER, "data_holder", "Region eller annan datahållare")                  \
    X(OA_AUTHORITY, "authority", "Myndighet")                                           \
    X(OA_COMPANY, "company", "Företag")                                                 \
    X(OA_PATIENT_ORGANISATION, "patient_organisation", "Patientorganisation")           \
    X(OA_OTHER, "other", "Annan aktör")

/* The lifecycle's states (core/obstacle_flow.h moves between them): enum
 * name, stored key, Swedish label for the analyst (a msgid). What the
 * public sees is the state's group (obstacle_public_group). */
#define OBSTACLE_STATE_LIST(X)                                                           \
    X(OBSTACLE_RECEIVED, "received", "Mottaget")                                        \
    X(OBSTACLE_TRIAGED, "triaged", "Sorterat")                                          \
    X(OBSTACLE_ASSESSED, "assessed", "Bedömt")                                          \
    X(OBSTACLE_FORWARDED, "forwarded", "Skickat till ansvarig aktör")                   \
    X(OBSTACLE_MEASURE_TAKEN, "measure_taken", "Åtgärd vidtagen")                       \
    X(OBSTACLE_CLOSED, "closed", "Avslutat")                         /* closed */       \
    X(OBSTACLE_ARCHIVED, "archived", "Lagt till handlingarna")       /* closed */       \
    X(OBSTACLE_MERGED, "merged", "Sammanfört med ett liknande hinder") /* closed */ \
    X(OBSTACLE_WITHDRAWN, "withdrawn", "Återkallat av anmälaren")    /* closed */

#define OBSTACLE_ENUM_NAME(name, key, label) name,
typedef enum obstacle_consequence {
    OBSTACLE_CONSEQUENCE_LIST(OBSTACLE_ENUM_NAME) OBSTACLE_CONSEQUENCE__MAX
} obstacle_consequence;
typedef enum obstacle_actor_type {
    OBSTACLE_ACTOR_TYPE_LIST(OBSTACLE_ENUM_NAME) OBSTACLE_ACTOR_TYPE__MAX
} obstacle_actor_type;
typedef enum obstacle_state { OBSTACLE_STATE_LIST(OBSTACLE_ENUM_NAME) OBSTACLE_STATE__MAX } obstacle_state;
#undef OBSTACLE_ENUM_NAME

/* The stored keys, NULL-terminated, in list order (for a form's enum). */
extern const char *const obstacle_consequence_keys[];
const char *obstacle_consequence_label_sv(int q); /* NULL out of range */
extern const char *const obstacle_actor_type_keys[];
const char *obstacle_actor_type_label_sv(int t); /* NULL out of range */
const char *obstacle_state_key(obstacle_state s);
const char *obstacle_state_label_sv(obstacle_state s);
int obstacle_state_from_key(const char *key, obstacle_state *out); /* 0, or -1 for an unknown key */
extern const char *const obstacle_state_keys[]; /* NULL-terminated, in list order */

/* What a reporter and the public see of a state: three groups, worded so
 * that none reads as a brush-off. */
typedef enum obstacle_public_group { OBSTACLE_GROUP_OPEN, OBSTACLE_GROUP_RESOLVED, OBSTACLE_GROUP_CLOSED } obstacle_public_group;
obstacle_public_group obstacle_public_group_of(obstacle_state s);
const char *obstacle_public_group_key(obstacle_public_group g);      /* "open", "resolved", "closed" */
const char *obstacle_public_group_label_sv(obstacle_public_group g); /* "Under utredning", … (a msgid) */

/* Lengths, in characters, that a report's texts may have. */
#define OBSTACLE_WHAT_MAX 4000
#define OBSTACLE_LINE_MAX 500
#define OBSTACLE_SUGGESTION_MAX 2000

/* "H-000042": the reference a reporter and an analyst use. */
void obstacle_reference(long long id, char out[24]);

#endif
