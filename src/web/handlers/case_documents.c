/* case_documents.c — a case's documents as letters: GET
 * /cases/{id}/documents/{doc} shows one inside the page layout (printable),
 * GET …/pdf sends it as a PDF. Who may read: whoever may see the case page
 * (case_load_visible), and a confidential document (the review) only those
 * case_may_read_confidential() lets — never the applicant; each such read is
 * audited. The letter's language is the page's, or ?lang=sv|en. The words
 * are report/case_letters.c's; this file only gathers the case's facts. */
#include "web/handlers/handlers.h"
#include "web/handlers/case_fields.h"
#include "web/app.h"
#include "web/doc_web.h"
#include "report/case_letters.h"
#include "report/doc_pdf.h"
#include "store/cases.h"
#include "store/users.h"
#include "core/clock.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define PDF_LIMIT (8 << 20) /* bytes; a letter is some 30 KB */

typedef struct loaded {
    case_rec c;
    case_facts f;
    authz_object obj;
    case_document_rec *docs; /* every document of the case */
    int n_docs;
    const case_document_rec *doc; /* the one asked for */
    case_doc kind;
} loaded;

static case_doc kind_of(const char *key)
{
    for (int k = 1; k < CASE_DOC__MAX; k++)
        if (key && strcmp(case_doc_key((case_doc)k), key) == 0) return (case_doc)k;
    return DOC_NONE;
}

/* A stored UTC time as the Stockholm date, "2026-12-06"; "" if none. */
static const char *local_date(request *r, const char *iso_utc)
{
    int64_t t = iso_utc && *iso_utc ? clock_parse_iso_utc(iso_utc) : -1;
    if (t < 0) return "";
    char *out = arena_alloc(r->a, 16);
    if (out) clock_local_date(t, out);
    return out ? out : "";
}

/* Case {id} and its document {doc} when the viewer may read it; else answers
 * 404 (or the store's error) and returns 0. A confidential document's read
 * is audited first: no audit row, no reading. */
static int load_document(request *r, loaded *x)
{
    if (!case_load_visible(r, &x->c, &x->f, &x->obj)) return 0;
    int64_t doc_id = req_param_id(r, 1);
    dl_error e = {0};
    x->docs = arena_alloc(r->a, sizeof *x->docs * CASE_PAGE_MAX);
    if (!x->docs) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return 0; }
    dl_err rc = case_documents(r->db, r->a, x->c.id, x->docs, &x->n_docs, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return 0; }
    x->doc = NULL;
    for (int i = 0; i < x->n_docs; i++)
        if (x->docs[i].id == doc_id) x->doc = &x->docs[i];
    x->kind = x->doc ? kind_of(x->doc->kind) : DOC_NONE;
    if (!x->doc || x->kind == DOC_NONE ||
        ((x->doc->confidential || case_doc_confidential(x->kind)) && !case_may_read_confidential(r, &x->f, &x->obj))) {
        res_error(r, DL_ENOTFOUND, "Det finns ingen sådan handling i ärendet.");
        return 0;
    }
    if (*x->doc->disposed_at) {
        res_error(r, DL_EGONE, arena_printf(r->a, "%s %s", tr(r, "Handlingen är gallrad enligt organisationens gallringsregler:"),
                                       local_time(r, x->doc->disposed_at)));
        return 0;
    }
    if (x->doc->confidential || case_doc_confidential(x->kind)) {
        audit_actor who = actor_of(r);
        char idt[24];
        snprintf(idt, sizeof idt, "%" PRId64, x->doc->id);
        rc = audit_append_tx(r->db, &who, "case.read_confidential", "case_document", idt, x->doc->diary_number, &e);
        if (rc != DL_OK) { res_error_from(r, rc, &e); return 0; }
    }
    return 1;
}

/* The history event that made a document of this kind: the latest of its
 * events at or before the document's time. NULL when none is found. */
static const case_history_rec *event_of(const case_history_rec *h, int n, case_doc kind, const char *at)
{
    static const struct { case_doc kind; const char *events[3]; } makers[] = {
        {DOC_REQUEST, {"submit", "register_incoming"}},
        {DOC_ACKNOWLEDGEMENT, {"submit", "register_incoming"}},
        {DOC_COMPLETION_REQUEST, {"request_completion"}},
        {DOC_COMPLETION, {"complete", "register_incoming"}},
        {DOC_CONFIDENTIALITY_REVIEW, {"confidentiality_review"}},
        {DOC_RECOMMENDATION, {"recommend_release", "recommend_refusal"}},
        {DOC_UNIT_NOTICE, {"recommend_release"}},
        {DOC_UNIT_ANSWER, {"unit_answer"}},
        {DOC_DECISION, {"approve", "refuse"}},
        {DOC_ASSIGNMENT, {"issue_assignment"}},
        {DOC_DELIVERY, {"register_delivery"}},
        {DOC_WITHDRAWAL, {"withdraw"}},
        {DOC_COST_ESTIMATE, {"send_estimate"}},
        {DOC_ESTIMATE_ACCEPTANCE, {"accept_estimate"}},
        {DOC_NARROWING, {"narrow_request"}},
    };
    const case_history_rec *best = NULL;
    for (size_t m = 0; m < sizeof makers / sizeof makers[0]; m++) {
        if (makers[m].kind != kind) continue;
        for (int i = 0; i < n; i++) {
            int match = 0;
            for (int k = 0; k < 3 && makers[m].events[k]; k++)
                if (strcmp(h[i].event, makers[m].events[k]) == 0) match = 1;
            /* ISO 8601 UTC times compare as text; a document is written a
             * moment after its event, in the same transaction. */
            if (match && (!best || !at || strncmp(h[i].at, at, 19) <= 0)) best = &h[i];
        }
    }
    return best;
}

/* The role a Process 2 decider acted in: förvaltningsdirektör when they hold
 * it, else regionområdeschef. */
static dl_role p2_decider_role(request *r, int64_t user_id)
{
    user_grant g[MAX_GRANTS];
    int n = 0;
    dl_error e = {0};
    if (user_id && user_grants(r->db, r->a, user_id, g, MAX_GRANTS, &n, &e) == DL_OK)
        for (int i = 0; i < n; i++)
            if (g[i].role == ROLE_FORVALTNINGSDIREKTOR) return ROLE_FORVALTNINGSDIREKTOR;
    return ROLE_REGIONOMRADESCHEF;
}

/* A decision's stored body is its reasons, then a blank line and the
 * conditions (case_transition); the letter shows the two apart. */
static const char *reasons_of(request *r, const char *body, const char *conditions)
{
    size_t nb = strlen(body), nc = conditions ? strlen(conditions) : 0;
    if (nc && nb >= nc + 2 && strcmp(body + nb - nc, conditions) == 0 && memcmp(body + nb - nc - 2, "\n\n", 2) == 0)
        return arena_strndup(r->a, body, nb - nc - 2);
    return body;
}

/* The letter's language: ?lang=, else the page's. */
static const char *letter_lang(request *r)
{
    const form_value *v = query_at(r, CASE_DOC_Q_LANG);
    if (v->text) return v->num == 1 ? "en" : "sv";
    return r->lang == LANG_EN ? "en" : "sv";
}

static doc *build(request *r, const loaded *x, const char *letter_lg)
{
    const case_rec *c = &x->c;
    const case_document_rec *dr = x->doc;
    dl_error e = {0};
    int n = 0;
    case_history_rec *h = arena_alloc(r->a, sizeof *h * CASE_PAGE_MAX);
    if (!h || case_history(r->db, r->a, c->id, h, &n, &e) != DL_OK) n = 0;
    const case_history_rec *ev = event_of(h, n, x->kind, dr->created_at);
    const char *decision_date = "";
    for (int i = 0; i < x->n_docs; i++)
        if (strcmp(x->docs[i].kind, "decision") == 0) decision_date = local_date(r, x->docs[i].created_at);

    /* The history keeps the account name; the letter is signed with the person's name. */
    const char *actor = ev ? ev->actor_name : "";
    user u;
    if (ev && ev->actor_user_id && user_by_id(r->db, r->a, ev->actor_user_id, &u, &e) == DL_OK && u.display_name &&
        *u.display_name)
        actor = u.display_name;
    case_letter_input in = {
        .lang = letter_lg,
        .kind = x->kind,
        .org_name = c->org_name,
        .case_number = c->diary_number,
        .doc_number = dr->diary_number,
        .date = local_date(r, dr->created_at),
        .recipient = dr->counterpart,
        .case_title = c->req.v[REQ_TITLE],
        .applicant = c->req.v[REQ_APPLICANT_NAME],
        .applicant_org = c->req.v[REQ_APPLICANT_ORG],
        .target_name = c->target_name,
        .process = (int)c->process,
        .received_date = local_date(r, c->submitted_at),
        .body = dr->body,
        .actor_name = actor,
        .decision_date = decision_date,
        .assignee = c->assignee_name,
        .delivery_method = c->req.v[REQ_DELIVERY],
        .deadline = c->consultation_deadline,
    };
    switch (x->kind) {
    case DOC_DECISION:
        in.outcome = ev && strcmp(ev->event, "refuse") == 0                ? "refused"
                     : strcmp(c->decision_outcome, "approved_in_part") == 0 ? "approved_in_part"
                     : strcmp(c->decision_outcome, "refused") == 0          ? "refused"
                                                                            : "approved";
        in.conditions = c->decision_conditions;
        in.body = reasons_of(r, dr->body, c->decision_conditions);
        in.actor_role = c->process == PROCESS_2 ? p2_decider_role(r, ev ? ev->actor_user_id : 0) : ROLE_VERKSAMHETSCHEF;
        break;
    case DOC_ASSIGNMENT:
    case DOC_DELIVERY:
        in.conditions = c->decision_conditions;
        break;
    case DOC_RECOMMENDATION:
        in.outcome = ev && strcmp(ev->event, "recommend_refusal") == 0 ? "refusal" : "release";
        if (dr->has_assessments) {
            in.assessments = &dr->assessments;
            in.conditions = dr->rec_conditions;
        }
        break;
    case DOC_ACKNOWLEDGEMENT:
        in.actor_name = ""; /* signed by the registry */
        break;
    case DOC_UNIT_ANSWER:
        in.outcome = ev ? ev->note : ""; /* the event's note: "accept" or "refuse" */
        break;
    default: break;
    }
    doc *d = doc_new(r->a);
    if (!d) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return NULL; }
    dl_err rc = case_letter_build(d, &in, &e);
    if (rc != DL_OK) {
        fprintf(stderr, "case %" PRId64 " document %" PRId64 ": %s\n", c->id, dr->id, e.msg);
        res_error(r, DL_EINTERNAL, "Handlingen kunde inte ställas upp.");
        return NULL;
    }
    return d;
}

void h_case_document(request *r)
{
    loaded x;
    if (!load_document(r, &x)) return;
    const char *lg = letter_lang(r);
    doc *d = build(r, &x, lg);
    if (!d) return;
    tmpl_ctx *c = doc_page_ctx(r, d);
    if (!c) return;
    tmpl_set_int(c, "case_id", x.c.id);
    tmpl_set_int(c, "doc_id", x.doc->id);
    tmpl_set_str(c, "doc_lang", lg);
    int en = strcmp(lg, "en") == 0;
    tmpl_set_str(c, "alt_lang", en ? "sv" : "en");
    tmpl_set_str(c, "alt_lang_label", en ? "Svenska" : "English");
    tmpl_set_str(c, "number", x.c.diary_number);
    res_page(r, 200, "case_document.html", case_doc_label_sv(x.kind), c);
}

/* "RH 2026-00005" → "RH-2026-00005-beslut.pdf" ("-en" before ".pdf" in English). */
static const char *file_name(request *r, const loaded *x, const char *letter_lg)
{
    const char *num = *x->c.diary_number ? x->c.diary_number : arena_printf(r->a, "arende-%" PRId64, x->c.id);
    char *out = arena_printf(r->a, "%s-%s%s.pdf", num, case_letter_file_word(x->kind),
                             strcmp(letter_lg, "en") == 0 ? "-en" : "");
    if (!out) return "handling.pdf";
    size_t stem = strlen(num);
    for (size_t i = 0; i < stem; i++) {
        unsigned char ch = (unsigned char)out[i];
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))) out[i] = '-';
    }
    return out;
}

void h_case_document_pdf(request *r)
{
    loaded x;
    if (!load_document(r, &x)) return;
    const char *lg = letter_lang(r);
    doc *d = build(r, &x, lg);
    if (!d) return;
    char created[32] = "";
    int64_t t = clock_parse_iso_utc(x.doc->created_at);
    if (t >= 0) clock_iso_utc(t, created);
    doc_pdf_opts o = {.create_date = *created ? created : NULL, .author = x.c.org_name,
                      .subject = *x.c.diary_number ? x.c.diary_number : NULL};
    strbuf pdf;
    sb_init(&pdf, 65536);
    pdf.limit = PDF_LIMIT;
    dl_error e = {0};
    dl_err rc = doc_pdf_render(d, &o, &pdf, NULL, &e);
    if (rc != DL_OK) {
        sb_free(&pdf);
        fprintf(stderr, "case %" PRId64 " document %" PRId64 ": %s\n", x.c.id, x.doc->id, e.msg);
        res_error(r, DL_EINTERNAL, "Handlingen kunde inte ställas upp.");
        return;
    }
    res_header(r, "Content-Disposition", arena_printf(r->a, "inline; filename=\"%s\"", file_name(r, &x, lg)));
    r->res.status = 200;
    r->res.content_type = "application/pdf";
    sb_free(&r->res.body);
    r->res.body = pdf; /* the response owns it now */
}
