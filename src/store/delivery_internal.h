/* delivery_internal.h — what delivery.c and delivery_destroy.c share: the
 * registration of a delivery's receipts in the diarium. Not for other
 * modules. */
#ifndef DATALOTS_STORE_DELIVERY_INTERNAL_H
#define DATALOTS_STORE_DELIVERY_INTERNAL_H

#include "store/delivery.h"

/* The diary subjects (msgids of the diarium's Swedish text). */
#define DELIVERY_RECEIPT_SV "Leveranskvitto: krypterad fil hämtad"
#define DELIVERY_DESTROYED_SV "Intyg om förstöring av utlämnade uppgifter"

/* Inside the caller's transaction: an incoming diary entry of the case's
 * organisation, "WHAT DAY, ärende CASE-NUMBER", from counterpart; its
 * number in number_out and id in *entry. */
dl_err delivery_register_in_tx(db *d, int64_t case_id, const char *what_sv, const char *day, const char *counterpart,
                               const audit_actor *who, char number_out[DIARY_NUMBER_MAX], int64_t *entry,
                               dl_error *e);

#endif
