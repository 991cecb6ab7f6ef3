/* obstacle_answers.h — answer templates for the analyst (issue 13 item 7):
 * per step that gives the reporter an answer (closing, archiving) and per
 * category, a wording that explains rather than dismisses, to start from
 * and adapt. Listed once here (key, step, category key or NULL for any, label,
 * text; Swedish, msgids); the analysis page offers those that fit the
 * obstacle's category and puts the chosen one into the step's answer
 * field (?mall=KEY, without JavaScript). Pure: no I/O. */
#ifndef DATALOTS_OBSTACLE_ANSWERS_H
#define DATALOTS_OBSTACLE_ANSWERS_H

#include "core/obstacle_flow.h"

typedef struct obstacle_answer {
    const char *key;       /* stable, in URLs */
    obstacle_event event;  /* OE_CLOSE or OE_ARCHIVE */
    const char *category;  /* a category's key (core/obstacle_category.h), or NULL: any; a template
                            * for a key the list no longer uses is simply never offered */
    const char *label_sv;  /* what the choice says */
    const char *text_sv;   /* the answer; "{ansvarig}" is replaced by the responsible body (or removed) */
} obstacle_answer;

/* The templates, NULL-key terminated; their keys, NULL-terminated, for the
 * query's enum. */
extern const obstacle_answer obstacle_answers[];
extern const char *const obstacle_answer_keys[];

/* The template with key, or NULL. */
const obstacle_answer *obstacle_answer_find(const char *key);

/* 1 when template a may be offered for step ev on an obstacle of category. */
int obstacle_answer_fits(const obstacle_answer *a, obstacle_event ev, const char *category);

#endif
