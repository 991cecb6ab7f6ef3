/* mailbox_fields.h — the form that registers a message of the official
 * mailbox (POST /brevlada/register; handlers/mailbox.c), enum-indexed like
 * fields.h. The message is named by the mailbox's UIDVALIDITY and its UID;
 * its contents are read again from the mailbox, never from the form. */
#ifndef DATALOTS_MAILBOX_FIELDS_H
#define DATALOTS_MAILBOX_FIELDS_H

#include "web/form.h"

static const char *const mailbox_modes[] = {"case", "new", NULL};
enum { MBF_UIDVALIDITY, MBF_UID, MBF_MODE, MBF_CASE, MBF_ORG, MBF__MAX };
static const field_spec mailbox_register_fields[MBF__MAX] = {
    [MBF_UIDVALIDITY] = {.name = "uidvalidity", .type = FIELD_INT, .required = 1, .min = 1, .max = 4294967295LL,
                         .label_sv = "Brevlådans UIDVALIDITY"},
    [MBF_UID] = {.name = "uid", .type = FIELD_INT, .required = 1, .min = 1, .max = 4294967295LL,
                 .label_sv = "Meddelandets UID"},
    [MBF_MODE] = {.name = "mode", .type = FIELD_ENUM, .required = 1, .enum_values = mailbox_modes,
                  .label_sv = "Registrera som"},
    [MBF_CASE] = {.name = "case", .type = FIELD_INT, .min = 1, .max = 1000000000, .label_sv = "Ärendets nummer"},
    [MBF_ORG] = {.name = "org", .type = FIELD_INT, .min = 1, .max = 1000000000, .label_sv = "Förvaltning"},
};

#endif
