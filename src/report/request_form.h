/* request_form.h — the request form (blankett) as a printable document, for
 * those who send paper: empty (lines to write on) or filled from a case.
 * The words come from the caller (already in the reader's language), so the
 * same builder serves Swedish and English. */
#ifndef DATALOTS_REQUEST_FORM_H
#define DATALOTS_REQUEST_FORM_H

#include "core/case_request.h"
#include "report/doc.h"

typedef struct request_form_words {
    const char *title, *intro, *org_label, *number_label, *sections_title[8];
    const char *labels[REQ__MAX];        /* each field's label */
    const char *values[REQ__MAX];        /* NULL for the empty form */
    const char *needed_mark, *page, *of, *footer, *col_field, *col_value;
    const char *signature_name, *signature_title, *date;
    const char *org_name, *diary_number; /* diary number "" when none */
} request_form_words;

/* The form's eight sections: the first field of each and its legend (a
 * Swedish msgid), shared by the web form and the printed one. */
#define REQUEST_FORM_SECTIONS 8
extern const case_request_field request_form_sections[REQUEST_FORM_SECTIONS];
extern const char *const request_form_legends_sv[REQUEST_FORM_SECTIONS];

dl_err request_form_build(doc *d, const request_form_words *w, dl_error *e);

#endif
