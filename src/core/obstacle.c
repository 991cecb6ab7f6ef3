/* obstacle.c — see obstacle.h: the lists, their labels and keys. */
#include "core/obstacle.h"

#include <stdio.h>
#include <string.h>

#define KEY(name, key, label) key,
#define LABEL(name, key, label) label,
const char *const obstacle_consequence_keys[] = {OBSTACLE_CONSEQUENCE_LIST(KEY) NULL};
static const char *const consequence_labels[] = {OBSTACLE_CONSEQUENCE_LIST(LABEL)};
const char *const obstacle_actor_type_keys[] = {OBSTACLE_ACTOR_TYPE_LIST(KEY) NULL};
static const char *const actor_type_labels[] = {OBSTACLE_ACTOR_TYPE_LIST(LABEL)};
_Static_assert(sizeof actor_type_labels / sizeof actor_type_labels[0] == OBSTACLE_ACTOR_TYPE__MAX,
               "one label per actor type");
const char *const obstacle_state_keys[] = {OBSTACLE_STATE_LIST(KEY) NULL};
static const char *const state_labels[] = {OBSTACLE_STATE_LIST(LABEL)};
_Static_assert(sizeof consequence_labels / sizeof consequence_labels[0] == OBSTACLE_CONSEQUENCE__MAX,
               "one label per consequence");
_Static_assert(sizeof obstacle_state_keys / sizeof obstacle_state_keys[0] == OBSTACLE_STATE__MAX + 1,
               "one key per state");

const char *obstacle_consequence_label_sv(int q)
{
    return q >= 0 && q < OBSTACLE_CONSEQUENCE__MAX ? consequence_labels[q] : NULL;
}

const char *obstacle_actor_type_label_sv(int t)
{
    return t >= 0 && t < OBSTACLE_ACTOR_TYPE__MAX ? actor_type_labels[t] : NULL;
}

const char *obstacle_state_key(obstacle_state s)
{
    return (int)s >= 0 && s < OBSTACLE_STATE__MAX ? obstacle_state_keys[s] : NULL;
}

const char *obstacle_state_label_sv(obstacle_state s)
{
    return (int)s >= 0 && s < OBSTACLE_STATE__MAX ? state_labels[s] : NULL;
}

int obstacle_state_from_key(const char *key, obstacle_state *out)
{
    for (int s = 0; key && s < OBSTACLE_STATE__MAX; s++)
        if (strcmp(obstacle_state_keys[s], key) == 0) {
            *out = (obstacle_state)s;
            return 0;
        }
    return -1;
}

void obstacle_reference(long long id, char out[24])
{
    snprintf(out, 24, "H-%06lld", id);
}

obstacle_public_group obstacle_public_group_of(obstacle_state s)
{
    switch (s) {
    case OBSTACLE_MEASURE_TAKEN: return OBSTACLE_GROUP_RESOLVED;
    case OBSTACLE_CLOSED:
    case OBSTACLE_ARCHIVED:
    case OBSTACLE_MERGED:
    case OBSTACLE_WITHDRAWN: return OBSTACLE_GROUP_CLOSED;
    default: return OBSTACLE_GROUP_OPEN;
    }
}

static const struct { const char *key, *label_sv; } groups[] = {
    [OBSTACLE_GROUP_OPEN] = {"open", "Under utredning"},
    [OBSTACLE_GROUP_RESOLVED] = {"resolved", "Åtgärdat"},
    [OBSTACLE_GROUP_CLOSED] = {"closed", "Avslutat med svar"},
};

const char *obstacle_public_group_key(obstacle_public_group g)
{
    return (unsigned)g <= OBSTACLE_GROUP_CLOSED ? groups[g].key : NULL;
}

const char *obstacle_public_group_label_sv(obstacle_public_group g)
{
    return (unsigned)g <= OBSTACLE_GROUP_CLOSED ? groups[g].label_sv : NULL;
}
