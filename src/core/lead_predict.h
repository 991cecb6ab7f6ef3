/* lead_predict.h — the lead time a request like this one can expect at an
 * organisation, before applying, from the organisation's own decided cases
 * (issue 15 item 7). Pure: no I/O, no SQL; the store reads the history
 * (store/lead_history.h), the page and `datalots predict` word the answer.
 *
 * A request is described by four features: the process (1 or 2, or not
 * known), how many units it concerns, how many kinds of data it asks for,
 * and whether a cost estimate is made. The cases that match on every
 * feature given are taken; when they are fewer than LEAD_MIN_CASES the
 * least telling feature is let go, in the order data kinds, units, cost
 * estimate (the process is never let go), and the answer says how alike
 * the cases it rests on are. Fewer than LEAD_MIN_CASES even then: "too few
 * cases to say", never a guess.
 *
 * For each step (the time a case spent in a state) and for the whole (the
 * EHDS lead time, from the complete application to the decision with the
 * applicant's waiting left out, and from receipt to delivery, everything
 * included; core/case_clock.h) the answer is the median and an 80 %
 * interval (the 10th to the 90th percentile, linear between order
 * statistics) with the number of cases it rests on. */
#ifndef DATALOTS_LEAD_PREDICT_H
#define DATALOTS_LEAD_PREDICT_H

#include <stdint.h>

#include "core/case_flow.h"

#define LEAD_MIN_CASES 10 /* fewer cases alike: too few to say */

typedef struct lead_features {
    int process;    /* 1 or 2; 0 not known */
    int units;      /* units the request concerns, >= 1; 0 not known */
    int data_kinds; /* kinds of data asked for, >= 1; 0 not known */
    int estimate;   /* 1 a cost estimate is made, 0 none; -1 not known */
} lead_features;

/* Buckets that count as alike: units 1, 2–3, 4 or more; data kinds 1–2,
 * 3–4, 5 or more. 0 for "not known". */
int lead_units_bucket(int units);
int lead_kinds_bucket(int kinds);

/* One decided case of the history. seconds[s] < 0: never in state s. */
typedef struct lead_case {
    lead_features f;
    int64_t seconds[CASE_STATE__MAX];
    int64_t ehds;     /* < 0: not complete and decided */
    int64_t delivery; /* < 0: not received and delivered */
} lead_case;

typedef struct lead_range {
    int n;                     /* cases it rests on; 0: too few (fewer than LEAD_MIN_CASES) */
    int64_t median, low, high; /* seconds; low..high the 80 % interval */
} lead_range;

/* How alike the cases are, from every feature to the process alone. */
typedef enum lead_likeness {
    LEAD_TOO_FEW = -1,
    LEAD_ALL_FEATURES = 0,
    LEAD_NOT_DATA_KINDS = 1,   /* data kinds let go */
    LEAD_NOT_UNITS = 2,        /* … and units */
    LEAD_PROCESS_ONLY = 3,     /* … and the cost estimate */
} lead_likeness;

typedef struct lead_prediction {
    lead_likeness likeness;
    int n;                                /* cases alike */
    lead_range step[CASE_STATE__MAX];
    lead_range ehds, delivery;
} lead_prediction;

/* The prediction for q from history[0..n-1]; scratch holds n values. */
void lead_predict(const lead_case *history, int n, const lead_features *q, int64_t *scratch, lead_prediction *out);

/* The p-th quantile (0..1000 per mille) of sorted[0..n-1], linear between
 * order statistics (R's type 7); 0 when n is 0. */
int64_t lead_quantile(const int64_t *sorted, int n, int per_mille);

/* Checks the 80 % interval against held-out cases: every case whose
 * (id * 2654435761 + seed) mod 1000 < holdout_per_mille is held out, the
 * rest is the history; each held-out case with a delivery time is
 * predicted from its own features. *checked the held-out cases predicted
 * (not too few), *inside those whose delivery time fell in the interval.
 * ids[i] is history[i]'s case id; keep holds n lead_case, scratch n values. */
void lead_check(const lead_case *history, const int64_t *ids, int n, int holdout_per_mille, uint32_t seed,
                lead_case *keep, int64_t *scratch, int *checked, int *inside);

#endif
