/* measure.h — a measure (åtgärd) taken against one or more reported
 * obstacles (issue 13 item 7, Decidim's accountability model): its outcome
 * types and statuses, each listed once (enum name, stored key that never
 * changes, Swedish label — a msgid), and the rules its fields must meet.
 * Pure: no I/O, no SQL. How the status moves is the transition table of
 * core/measure_flow.h; the store is store/obstacle_measures.h. */
#ifndef DATALOTS_MEASURE_H
#define DATALOTS_MEASURE_H

/* What kind of change the measure brings about: the compiled report counts
 * measures by these ("Efter typ av utfall"). */
#define MEASURE_OUTCOME_LIST(X)                                                          \
    X(MO_LAW_CHANGE, "law_change", "Lagändring")                                        \
    X(MO_GUIDANCE, "guidance", "Vägledning")                                            \
    X(MO_PRACTICE, "practice", "Ändrad praxis")                                         \
    X(MO_OTHER, "other", "Annat")

/* Where the measure is: planned and ongoing are open, done and cancelled final. */
#define MEASURE_STATUS_LIST(X)                                                           \
    X(MEASURE_PLANNED, "planned", "Planerad")                                           \
    X(MEASURE_ONGOING, "ongoing", "Pågår")                                              \
    X(MEASURE_DONE, "done", "Genomförd")              /* closed */                      \
    X(MEASURE_CANCELLED, "cancelled", "Avbruten")     /* closed */

#define MEASURE_ENUM_NAME(name, key, label) name,
typedef enum measure_outcome { MEASURE_OUTCOME_LIST(MEASURE_ENUM_NAME) MEASURE_OUTCOME__MAX } measure_outcome;
typedef enum measure_status { MEASURE_STATUS_LIST(MEASURE_ENUM_NAME) MEASURE_STATUS__MAX } measure_status;
#undef MEASURE_ENUM_NAME

/* NULL-terminated, in list order (a form's enum). */
extern const char *const measure_outcome_keys[];
extern const char *const measure_status_keys[];
const char *measure_outcome_label_sv(int o); /* NULL out of range */
const char *measure_status_label_sv(int s);  /* NULL out of range */
int measure_outcome_from_key(const char *key, measure_outcome *out); /* 0, or -1 */
int measure_status_from_key(const char *key, measure_status *out);   /* 0, or -1 */
int measure_status_is_open(measure_status s); /* planned or ongoing */

/* Lengths, in characters. */
#define MEASURE_TITLE_MAX 200
#define MEASURE_DESCRIPTION_MAX 4000
#define MEASURE_BODY_MAX 500
#define MEASURE_NOTE_MAX 2000
#define MEASURE_PROGRESS_MAX 100

/* 1 when s is "" or a real day YYYY-MM-DD of the years 2000–2999. */
int measure_date_ok(const char *s);

/* "H-000042", "h-42", "42" → 42; 0 for anything else (the analyst types
 * the reference an obstacle's page shows). */
long long measure_parse_obstacle_reference(const char *s);

#endif
