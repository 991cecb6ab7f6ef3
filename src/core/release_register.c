/* release_register.c — see release_register.h. */
#include "core/release_register.h"

#include <string.h>

#include "extract/source_schema.h"

/* The last Sunday of month (March or October) of year. */
static cal_date last_sunday(int year, int month)
{
    cal_date d = {year, month, cal_days_in_month(year, month)};
    return cal_add_days(d, -(cal_weekday(d) % 7));
}

/* 1 when Stockholm keeps summer time at the UTC instant t. */
static int summer_time(int64_t t)
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int year = cal_from_days(days).year;
    int64_t from = cal_to_days(last_sunday(year, 3)) * 86400 + 3600;
    int64_t to = cal_to_days(last_sunday(year, 10)) * 86400 + 3600;
    return t >= from && t < to;
}

cal_date stockholm_date(int64_t t)
{
    int64_t local = t + (summer_time(t) ? 7200 : 3600);
    int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    return cal_from_days(days);
}

int64_t stockholm_midnight(cal_date d)
{
    /* Midnight is never in a change (they happen at 02:00 and 03:00 local):
     * the offset at the UTC instant of midnight as winter time decides. */
    int64_t guess = cal_to_days(d) * 86400 - 3600;
    return summer_time(guess - 3600) ? guess - 3600 : guess;
}

int release_is_published(cal_date decided, cal_date today, int delay)
{
    return cal_to_days(cal_add_working_days(decided, delay)) <= cal_to_days(today);
}

cal_date release_published_through(cal_date today, int delay)
{
    if (delay < 0) delay = 0;
    if (delay > RELEASE_REGISTER_DELAY_MAX) delay = RELEASE_REGISTER_DELAY_MAX;
    cal_date d = today;
    /* A year has at least 240 working days: the loop ends well within
     * delay * 2 + 30 days back. */
    while (!release_is_published(d, today, delay)) d = cal_add_days(d, -1);
    return d;
}

static int is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v'; }

/* Appends c to out unless full; *k the length. */
static void put(char *out, size_t outsz, size_t *k, char c)
{
    if (*k + 1 < outsz) out[(*k)++] = c;
}

size_t release_purpose_brief(const char *purpose, char *out, size_t outsz)
{
    if (!outsz) return 0;
    out[0] = '\0';
    if (!purpose) return 0;
    /* Folded: one space between words, none at the ends. */
    size_t k = 0, chars = 0, sentence_end = 0, word_end = 0;
    int space = 0, cut = 0;
    for (const char *p = purpose; *p; p++) {
        if (is_space(*p)) { space = k > 0; continue; }
        int lead = ((unsigned char)*p & 0xC0) != 0x80;
        if (space) {
            if (chars + 1 > RELEASE_PURPOSE_BRIEF_CHARS) { cut = 1; break; }
            word_end = k;
            if (k && (out[k - 1] == '.' || out[k - 1] == '!' || out[k - 1] == '?')) sentence_end = k;
            put(out, outsz, &k, ' ');
            chars++;
            space = 0;
        }
        if (lead && chars + 1 > RELEASE_PURPOSE_BRIEF_CHARS) { cut = 1; break; }
        put(out, outsz, &k, *p);
        chars += lead;
    }
    if (!cut) { out[k] = '\0'; return k; }
    if (sentence_end) { out[sentence_end] = '\0'; return sentence_end; }
    /* No whole sentence fits: whole words and an ellipsis (outsz allows
     * RELEASE_PURPOSE_BRIEF_CHARS * 4 + 8 in the callers). */
    size_t end = word_end ? word_end : k;
    if (end + 5 > outsz) end = outsz >= 5 ? outsz - 5 : 0;
    if (outsz >= 5) {
        memcpy(out + end, " \xe2\x80\xa6", 4);
        end += 4;
    }
    out[end] = '\0';
    return end;
}

unsigned release_categories(const char *variables, const char *icd10)
{
    unsigned set = 0;
    const char *p = variables ? variables : "";
    while (*p) {
        while (*p && (is_space(*p) || *p == ',' || *p == ';')) p++;
        const char *w = p;
        while (*p && !is_space(*p) && *p != ',' && *p != ';') p++;
        source_table_id t;
        int col;
        if (p > w && source_variable_find(w, (size_t)(p - w), &t, &col) == 0) set |= 1u << t;
    }
    if (icd10)
        for (const char *q = icd10; *q; q++)
            if (!is_space(*q) && *q != ',' && *q != ';') { set |= RELEASE_CAT_ICD10; break; }
    return set;
}

const char *release_category_label_sv(int bit)
{
    if (bit >= 0 && bit < SRC_TABLE__MAX) return source_tables[bit].label_sv;
    if (bit >= 0 && (1u << bit) == RELEASE_CAT_ICD10) return "Diagnoskoder (ICD-10)";
    return NULL;
}
