/* question_route.c — the topics, data types and the routing rule of
 * question_route.h. No allocation: each member's score is summed over the
 * rules at the member's first row (n_rules is bounded by the store). */
#include "core/question_route.h"

#include <string.h>

#define SKEY(name, key, label) [name] = key,
#define SLABEL(name, key, label) [name] = label,
const char *const question_topic_keys[QUESTION_TOPIC__MAX + 1] = {QUESTION_TOPIC_LIST(SKEY)[QUESTION_TOPIC__MAX] = NULL};
static const char *const topic_labels[QUESTION_TOPIC__MAX] = {QUESTION_TOPIC_LIST(SLABEL)};
const char *const question_data_type_keys[QUESTION_DATA_TYPE__MAX + 1] = {
    QUESTION_DATA_TYPE_LIST(SKEY)[QUESTION_DATA_TYPE__MAX] = NULL};
static const char *const data_type_labels[QUESTION_DATA_TYPE__MAX] = {QUESTION_DATA_TYPE_LIST(SLABEL)};
#undef SKEY
#undef SLABEL
const char *const question_route_kind_keys[QR_KIND__MAX + 1] = {"topic", "data-type", "holder", NULL};

const char *question_topic_label_sv(int t) { return t >= 0 && t < QUESTION_TOPIC__MAX ? topic_labels[t] : ""; }

const char *question_data_type_label_sv(int t)
{
    return t >= 0 && t < QUESTION_DATA_TYPE__MAX ? data_type_labels[t] : "";
}

static int is_blank(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* The next folded unit of s at *i: an ASCII letter lowered, a two-byte
 * Latin-1 letter (C3 80–9E but ×) lowered, any other byte as it is. */
static unsigned fold_at(const unsigned char *s, size_t *i)
{
    unsigned c = s[*i];
    if (c >= 'A' && c <= 'Z') { (*i)++; return c + 32; }
    if (c == 0xC3 && s[*i + 1]) {
        unsigned c2 = s[*i + 1];
        *i += 2;
        if (c2 >= 0x80 && c2 <= 0x9E && c2 != 0x97) c2 += 0x20;
        return 0xC300u | c2;
    }
    (*i)++;
    return c;
}

int question_holder_same(const char *a, const char *b)
{
    if (!a || !b) return 0;
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    size_t i = 0, j = 0, xe = strlen(a), ye = strlen(b);
    while (i < xe && is_blank(x[i])) i++;
    while (j < ye && is_blank(y[j])) j++;
    while (xe > i && is_blank(x[xe - 1])) xe--;
    while (ye > j && is_blank(y[ye - 1])) ye--;
    if (i == xe || j == ye) return 0; /* a blank name matches nothing */
    while (i < xe && j < ye)
        if (fold_at(x, &i) != fold_at(y, &j)) return 0;
    return i == xe && j == ye;
}

static int rule_score(const question_route_ask *q, const question_route_rule *r)
{
    switch (r->kind) {
    case QR_HOLDER: return q->holder && question_holder_same(q->holder, r->holder) ? 4 : 0;
    case QR_DATA_TYPE: return q->data_type >= 0 && q->data_type < QUESTION_DATA_TYPE__MAX && r->value == q->data_type ? 2 : 0;
    case QR_TOPIC: return q->topic >= 0 && q->topic < QUESTION_TOPIC__MAX && r->value == q->topic ? 1 : 0;
    default: return 0;
    }
}

static int64_t load_of(int64_t member, const question_route_load *loads, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (loads[i].member_id == member) return loads[i].open;
    return 0;
}

int64_t question_route_pick(const question_route_ask *q, const question_route_rule *rules, size_t n_rules,
                            const question_route_load *loads, size_t n_loads, int *score)
{
    int64_t best = 0, best_load = 0;
    int best_score = 0;
    for (size_t i = 0; q && i < n_rules; i++) {
        int64_t m = rules[i].member_id;
        if (m <= 0) continue;
        int first = 1;
        for (size_t k = 0; k < i && first; k++)
            if (rules[k].member_id == m) first = 0;
        if (!first) continue;
        /* Each kind counts once, however many rows of it match. */
        int got[QR_KIND__MAX] = {0};
        for (size_t k = i; k < n_rules; k++)
            if (rules[k].member_id == m && (unsigned)rules[k].kind < QR_KIND__MAX) {
                int s = rule_score(q, &rules[k]);
                if (s > got[rules[k].kind]) got[rules[k].kind] = s;
            }
        int sc = got[QR_TOPIC] + got[QR_DATA_TYPE] + got[QR_HOLDER];
        if (sc == 0) continue;
        int64_t ld = load_of(m, loads, n_loads);
        if (sc > best_score || (sc == best_score && (ld < best_load || (ld == best_load && m < best)))) {
            best = m;
            best_score = sc;
            best_load = ld;
        }
    }
    if (score) *score = best_score;
    return best;
}
