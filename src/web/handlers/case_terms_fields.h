/* case_terms_fields.h — the forms of /admin/case-terms (admin_case_terms.c):
 * the target time of each step of a release case (days_<state>,
 * unit_<state>, one pair per state of CASE_STATE_LIST; the handler reads
 * those case_target_applies() names) and of the whole case (days_decision,
 * unit_decision: complete application to decision) and the fee schedule (charges, the
 * base fee and hourly rate in kronor as people type them, the VAT rate). */
#ifndef DATALOTS_CASE_TERMS_FIELDS_H
#define DATALOTS_CASE_TERMS_FIELDS_H

#include <stdint.h>

#include "core/case_clock.h"
#include "core/case_flow.h"
#include "core/deadline.h"
#include "web/form.h"

static const char *const case_terms_unit_keys[] = {"working", "calendar", NULL}; /* index = due_unit */
static const char *const case_terms_vat_keys[] = {"0", "6", "12", "25", NULL};
static const int case_terms_vat_percent[] = {0, 6, 12, 25}; /* by index of case_terms_vat_keys */

enum { CT_F_DAYS = 0, CT_F_UNIT = CASE_TARGETS, CT_F__MAX = 2 * CASE_TARGETS };
#define CT_DAYS_SPEC(st, key, label) \
    [CT_F_DAYS + st] = {.name = "days_" key, .type = FIELD_INT, .min = 0, .max = DUE_DAYS_MAX, .label_sv = label},
#define CT_UNIT_SPEC(st, key, label) \
    [CT_F_UNIT + st] = {.name = "unit_" key, .type = FIELD_ENUM, .enum_values = case_terms_unit_keys, .label_sv = label},
static const field_spec case_targets_fields[CT_F__MAX] = {
    CASE_STATE_LIST(CT_DAYS_SPEC) CASE_STATE_LIST(CT_UNIT_SPEC)
    CT_DAYS_SPEC(CASE_TARGET_DECISION, "decision", "Hela ärendet")
    CT_UNIT_SPEC(CASE_TARGET_DECISION, "decision", "Hela ärendet")};
#undef CT_DAYS_SPEC
#undef CT_UNIT_SPEC

enum { FEE_F_CHARGES, FEE_F_BASE, FEE_F_HOURLY, FEE_F_VAT, FEE_F__MAX };
static const field_spec fee_schedule_fields[FEE_F__MAX] = {
    [FEE_F_CHARGES] = {.name = "charges", .type = FIELD_BOOL, .label_sv = "Organisationen tar ut avgift för uttag"},
    [FEE_F_BASE] = {.name = "base", .type = FIELD_TEXT, .max_len = 24, .label_sv = "Grundavgift (kr)"},
    [FEE_F_HOURLY] = {.name = "hourly", .type = FIELD_TEXT, .max_len = 24, .label_sv = "Timtaxa (kr)"},
    [FEE_F_VAT] = {.name = "vat", .type = FIELD_ENUM, .required = 1, .enum_values = case_terms_vat_keys,
                   .label_sv = "Moms"},
};

/* ?org=ID: the organisation (a förvaltning) whose terms are shown. */
enum { CT_Q_ORG, CT_Q__MAX };
static const field_spec case_terms_query[CT_Q__MAX] = {
    [CT_Q_ORG] = {.name = "org", .type = FIELD_INT, .min = 1, .max = INT64_MAX, .label_sv = "Organisation"},
};

#endif
