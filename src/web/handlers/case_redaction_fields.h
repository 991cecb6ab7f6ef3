/* case_redaction_fields.h — the form of /cases/{id}/attachments/{att}/maskering
 * (case_redaction.c): the redacted PDF and why. */
#ifndef DATALOTS_CASE_REDACTION_FIELDS_H
#define DATALOTS_CASE_REDACTION_FIELDS_H

#include "store/case_redaction.h"
#include "web/form.h"

enum { REDACT_F_FILE, REDACT_F_REASON, REDACT_F__MAX };
static const field_spec case_redaction_fields[REDACT_F__MAX] = {
    [REDACT_F_FILE] = {.name = "redacted_file", .type = FIELD_FILE, .required = 1, .max_len = 255,
                       .label_sv = "Den maskerade filen (PDF)"},
    [REDACT_F_REASON] = {.name = "reason", .type = FIELD_MULTILINE, .required = 1, .max_len = REDACTION_REASON_MAX,
                         .label_sv = "Vad som maskerades och varför"},
};

#endif
