/* request_form.c — the request form as a document (see request_form.h):
 * a two-column table per section, label and value; on the empty form the
 * values are blank lines to fill in by hand. */
#include "report/request_form.h"

#include <string.h>

const case_request_field request_form_sections[REQUEST_FORM_SECTIONS] = {
    REQ_APPLICANT_NAME, REQ_PI_NAME, REQ_TITLE, REQ_ETHICS_DNR,
    REQ_POPULATION, REQ_TARGET_NODE, REQ_SEC_STORAGE, REQ_DELIVERY,
};
const char *const request_form_legends_sv[REQUEST_FORM_SECTIONS] = {
    "Sökande", "Huvudansvarig forskare", "Projektet", "Etikprövning och rättslig grund",
    "Population, period och variabler", "Vilka enheter", "Informationssäkerhet", "Leverans",
};

#define BLANK "________________________________"

dl_err request_form_build(doc *d, const request_form_words *w, dl_error *e)
{
    dl_err rc = doc_letterhead(d, w->org_name, NULL);
    if (rc == DL_OK && w->diary_number && *w->diary_number) rc = doc_field(d, w->number_label, w->diary_number);
    if (rc == DL_OK) rc = doc_field(d, w->org_label, w->org_name);
    if (rc == DL_OK) rc = doc_title(d, w->title);
    if (rc == DL_OK) rc = doc_footer(d, w->footer, w->page, w->of);
    if (rc == DL_OK && w->intro) rc = doc_paragraph(d, w->intro);
    for (int s = 0; s < 8 && rc == DL_OK; s++) {
        int from = request_form_sections[s], to = s + 1 < 8 ? request_form_sections[s + 1] : REQ__MAX;
        rc = doc_heading(d, w->sections_title[s]);
        if (rc == DL_OK) rc = doc_table_begin(d, 2, w->col_field, w->col_value);
        for (int f = from; f < to && rc == DL_OK; f++) {
            const char *label = w->labels[f];
            if (case_request_fields[f].needed_to_send && label) label = arena_printf(d->a, "%s %s", label, w->needed_mark);
            const char *v = w->values[f];
            rc = doc_table_row(d, label ? label : "", v ? (*v ? v : "–") : BLANK);
        }
        if (rc == DL_OK) rc = doc_table_end(d);
    }
    if (rc == DL_OK && !w->values[0]) rc = doc_signature(d, w->signature_name, w->signature_title, w->date);
    if (rc != DL_OK) return doc_status(d, e) != DL_OK ? e->code : dl_fail(e, rc, "the form could not be built");
    return doc_status(d, e);
}
