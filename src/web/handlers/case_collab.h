/* case_collab.h — what the case page and the queue show of who has a case
 * and of the staff's internal notes (handlers/case_collab.c), and the
 * follow-up application's part of the case page (handlers/case_copy.c). */
#ifndef DATALOTS_CASE_COLLAB_H
#define DATALOTS_CASE_COLLAB_H

#include "web/handlers/handlers.h"
#include "web/template.h"

/* The claim, the claim and release forms and the notes into x, for staff
 * who work the case; nothing for anyone else (the applicant above all). */
void case_collab_to_ctx(request *r, tmpl_ctx *x, const case_rec *c, const case_facts *f, const authz_object *obj);
/* "claimed_by" (who holds each case, "" for nobody) into the queue's rows. */
void case_claims_to_rows(request *r, const case_rec *cases, int n, tmpl_ctx *const *rows);
/* The form version, the case it was copied from with the field difference
 * (staff), the copies made of it, and the copy button (the owner of a
 * closed case). */
void case_followup_to_ctx(request *r, tmpl_ctx *x, const case_rec *c, const case_facts *f, const authz_object *obj);

#endif
