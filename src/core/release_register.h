/* release_register.h — the pure rules of the public register of decided
 * release cases (docs/release-register.md): when a decision becomes public
 * (N Swedish working days after its date in Stockholm), the Stockholm date
 * of a UTC instant without the process's time zone, the purpose in brief,
 * and the data categories named by a request. Pure: no I/O, no SQL. */
#ifndef DATALOTS_RELEASE_REGISTER_H
#define DATALOTS_RELEASE_REGISTER_H

#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"

#define RELEASE_REGISTER_DELAY_DEFAULT 30 /* working days, as the EHDS sets */
#define RELEASE_REGISTER_DELAY_MAX 365
#define RELEASE_PURPOSE_BRIEF_CHARS 300

/* The date in Europe/Stockholm of the UTC instant t (epoch seconds):
 * UTC+1, and UTC+2 from 01:00 UTC on the last Sunday of March to 01:00
 * UTC on the last Sunday of October (the EU rule since 1996). */
cal_date stockholm_date(int64_t t);
/* The UTC instant (epoch seconds) at which day d begins in Stockholm. */
int64_t stockholm_midnight(cal_date d);

/* 1 when a decision taken on (Stockholm) date decided is public on today:
 * decided + delay working days (cal_add_working_days) <= today. */
int release_is_published(cal_date decided, cal_date today, int delay);
/* The latest decision date that is public on today (every earlier one is
 * too: the sum is monotonic in the date), so that "published" is one
 * comparison in a query. delay 0..RELEASE_REGISTER_DELAY_MAX. */
cal_date release_published_through(cal_date today, int delay);

/* The purpose in brief: the first whole sentences of purpose that fit in
 * RELEASE_PURPOSE_BRIEF_CHARS characters, white space folded to single
 * spaces; when the first sentence alone is longer, it is cut after a whole
 * word and " …" added. Writes into out (NUL-terminated, cut to outsz);
 * returns the length. */
size_t release_purpose_brief(const char *purpose, char *out, size_t outsz);

/* The data categories a request names, as a bit set: bit t for each table
 * of the source schema (extract/source_schema.h) a requested variable
 * ("table.column") belongs to, and RELEASE_CAT_ICD10 when diagnosis codes
 * are given. Only these fixed names are ever shown, never the request's
 * own words. */
#define RELEASE_CAT_ICD10 (1u << 16)
unsigned release_categories(const char *variables, const char *icd10);
/* The Swedish label (a msgid) of bit i of a category set, NULL for a bit
 * that names nothing. */
const char *release_category_label_sv(int bit);

#endif
