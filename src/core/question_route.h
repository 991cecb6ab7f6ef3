/* question_route.h — routing a question that reaches the national support
 * to the member function of the network that can answer it (issue 15 item
 * 6, docs/questions.md). A question names a topic and a data type from the
 * fixed lists below and, optionally, a data holder (free text); each member
 * declares, as rows of data (store/questions.h, table question_route), the
 * topics, data types and holders it answers. Pure: no I/O, no SQL.
 *
 * The rule, one score per member: a declared holder that equals the
 * question's (case and surrounding blanks ignored) scores 4, the data type
 * 2, the topic 1 — the holder is the most specific. The member with the
 * highest score gets the question; ties go to the member with the fewest
 * open questions, then to the lowest member id, so the answer never depends
 * on the order rows come in. No member with a score above 0: the question
 * stays in the network coordinator's queue (member 0). */
#ifndef DATALOTS_QUESTION_ROUTE_H
#define DATALOTS_QUESTION_ROUTE_H

#include <stddef.h>
#include <stdint.h>

/* enum name, stored key (never changes), Swedish label (a msgid). */
#define QUESTION_TOPIC_LIST(X)                                                  \
    X(QT_FIND_DATA, "find-data", "Var finns data")                             \
    X(QT_ACCESS, "access", "Ansökan och utlämnande")                           \
    X(QT_LAW, "law", "Juridik och sekretess")                                  \
    X(QT_ETHICS, "ethics", "Etikprövning")                                     \
    X(QT_TECHNICAL, "technical", "Teknik, format och samkörning")              \
    X(QT_OTHER, "other", "Annat")

#define QUESTION_TOPIC_ENUM(name, key, label) name,
typedef enum question_topic { QUESTION_TOPIC_LIST(QUESTION_TOPIC_ENUM) QUESTION_TOPIC__MAX } question_topic;
#undef QUESTION_TOPIC_ENUM

#define QUESTION_DATA_TYPE_LIST(X)                                              \
    X(QD_PATIENT_RECORD, "patient-record", "Journaldata")                      \
    X(QD_HEALTH_REGISTER, "health-register", "Nationella hälsodataregister")   \
    X(QD_QUALITY_REGISTER, "quality-register", "Kvalitetsregister")            \
    X(QD_BIOBANK, "biobank", "Biobanksprover")                                 \
    X(QD_SURVEY, "survey", "Enkäter och befolkningsdata")                      \
    X(QD_OTHER, "other", "Annan eller vet inte")

#define QUESTION_DATA_TYPE_ENUM(name, key, label) name,
typedef enum question_data_type {
    QUESTION_DATA_TYPE_LIST(QUESTION_DATA_TYPE_ENUM) QUESTION_DATA_TYPE__MAX
} question_data_type;
#undef QUESTION_DATA_TYPE_ENUM

extern const char *const question_topic_keys[QUESTION_TOPIC__MAX + 1];
extern const char *const question_data_type_keys[QUESTION_DATA_TYPE__MAX + 1];
const char *question_topic_label_sv(int t);     /* "" out of range */
const char *question_data_type_label_sv(int t); /* "" out of range */

/* What a rule row declares. */
typedef enum question_route_kind { QR_TOPIC, QR_DATA_TYPE, QR_HOLDER, QR_KIND__MAX } question_route_kind;
extern const char *const question_route_kind_keys[QR_KIND__MAX + 1];

#define QUESTION_HOLDER_MAX 200 /* characters of a holder's name */

/* One declared row: member answers questions with this topic (value a
 * topic index), data type (a data-type index) or holder (holder, text). */
typedef struct question_route_rule {
    int64_t member_id;
    question_route_kind kind;
    int value;          /* QR_TOPIC, QR_DATA_TYPE */
    const char *holder; /* QR_HOLDER */
} question_route_rule;

/* A member's open questions now: the tie-break. Members not listed have 0. */
typedef struct question_route_load {
    int64_t member_id;
    int64_t open;
} question_route_load;

typedef struct question_route_ask {
    int topic, data_type; /* indexes; out of range: matches nothing */
    const char *holder;   /* NULL or blank: none named */
} question_route_ask;

/* The member the question goes to (0: the coordinator's queue), and its
 * score in *score (0 when none). Rules and loads in any order. */
int64_t question_route_pick(const question_route_ask *q, const question_route_rule *rules, size_t n_rules,
                            const question_route_load *loads, size_t n_loads, int *score);

/* 1 when two holder names are the same for routing: equal after trimming
 * blanks and folding case (ASCII and Swedish letters). */
int question_holder_same(const char *a, const char *b);

#endif
