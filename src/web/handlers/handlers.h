/* handlers.h — every handler named in the route table (routes.c). */
#ifndef DATALOTS_HANDLERS_H
#define DATALOTS_HANDLERS_H

#include "web/router.h"
#include "web/handlers/field_keys.h"

/* home.c */
void h_home(request *r);
void h_healthz(request *r);
void h_metrics(request *r);
void h_language(request *r);
void h_static(request *r);
/* login.c */
void h_login_form(request *r);
void h_login(request *r);
/* Makes the dummy hash an unknown name is checked against before the
 * first request, so that the first unknown name is not slower. */
void login_prepare(void);
void h_logout(request *r);
/* oidc_login.c: sign-in through an OpenID Connect provider */
void h_oidc_start(request *r);
void h_oidc_link(request *r);
void h_oidc_callback(request *r);
/* The provider's end-session address for a sign-out of a session signed
 * in through provider_id, or NULL (a password session, or none offered). */
const char *oidc_signout_destination(request *r, int64_t provider_id);
/* login.c: the sign-in page at status with error_sv, a Swedish msgid */
void login_page_show(request *r, int status, const char *error_sv);
/* obstacle.c */
void h_obstacle_form(request *r);
void h_obstacle_create(request *r);
void h_obstacle_follow(request *r);
void h_obstacle_revise(request *r);
void h_obstacle_withdraw(request *r);
void h_api_obstacle_create(request *r);
/* obstacle_register.c: the public register */
void h_obstacle_register(request *r);
void h_obstacle_public(request *r);
void h_obstacle_feed(request *r);
void h_obstacle_subscribe_form(request *r);
void h_obstacle_subscribe(request *r);
void h_obstacle_subscription_confirm_form(request *r);
void h_obstacle_subscription_confirm(request *r);
void h_obstacle_unsubscribe_form(request *r);
void h_obstacle_unsubscribe(request *r);
/* release_register.c: the public register of decided releases */
void h_release_register(request *r);
void h_release_public(request *r);
void h_release_csv(request *r);
void h_release_json(request *r);
void h_release_feed(request *r);
/* the network and its calendar (network.c) */
void h_network(request *r);
void h_network_member(request *r);
void h_network_member_ics(request *r);
void h_calendar(request *r);
void h_calendar_event(request *r);
void h_calendar_ics(request *r);
/* the network's news (network_news.c) */
void h_news(request *r);
void h_news_post(request *r);
void h_news_feed(request *r);
/* registration for the network's events (network_register.c) */
void h_network_register_form(request *r);
void h_network_register(request *r);
void h_network_cancel_form(request *r);
void h_network_cancel(request *r);
void h_case_survey_form(request *r);   /* case_survey.c */
void h_case_survey_answer(request *r);
/* the network coordinator's forms (network_edit.c) */
void h_network_member_new(request *r);
void h_network_member_add(request *r);
void h_calendar_event_new(request *r);
void h_calendar_event_add(request *r);
void h_news_new(request *r);
void h_news_add(request *r);
void h_network_member_edit(request *r);
void h_network_member_change(request *r);
void h_network_member_remove(request *r);
void h_network_contact_add(request *r);
void h_network_contact_change(request *r);
void h_network_contact_remove(request *r);
void h_calendar_event_edit(request *r);
void h_calendar_event_change(request *r);
void h_calendar_event_remove(request *r);
void h_news_edit(request *r);
void h_news_change(request *r);
void h_news_remove(request *r);
/* an event's registrations for its organiser (network_registrations.c) */
void h_calendar_registrations(request *r);
void h_calendar_registrations_csv(request *r);
/* obstacle_report.c */
void h_obstacle_compiled_report(request *r);
void h_followup(request *r); /* followup.c: /uppfoljning */
/* obstacle_publish.c */
void h_obstacle_publish_form(request *r);
void h_obstacle_publish(request *r);
void h_obstacle_unpublish(request *r);
/* obstacle_triage.c */
void h_obstacle_queue(request *r);
void h_obstacle_analysis(request *r);
void h_obstacle_step(request *r);
/* obstacle_followup.c */
void h_obstacle_followup(request *r);
/* the editable category list (handlers/obstacle_categories.c) */
void h_obstacle_categories(request *r);
void h_obstacle_category_create(request *r);
void h_obstacle_category_save(request *r);
/* The obstacle category list for r, read from the store once per request
 * (an empty list when the store failed: pages then show keys). */
#include "core/obstacle_category.h"
const obstacle_category_list *obstacle_categories_of(request *r);
/* A category's label in r's language (the key when the list lacks it). */
const char *obstacle_category_label_of(request *r, const char *key);
/* The public part of a reporter's follow-up page: the state's group, the
 * answer, the responsible body, the public steps ("steps"). */
struct obstacle;
void obstacle_public_to_ctx(request *r, struct tmpl_ctx *c, const struct obstacle *o);
/* obstacle_measure.c: measures against obstacles (docs/obstacles.md "Measures") */
void h_measure_list(request *r);
void h_measure_create(request *r);
void h_measure_page(request *r);
void h_measure_step(request *r);
void h_measure_link(request *r);
void h_measure_unlink(request *r);
/* The measures linked to an obstacle, oldest first, as "measures" in c
 * (mid, title, outcome, status, progress, …); with public_only each with
 * its public timeline ("timeline": date, label, note, tprogress). */
void obstacle_measures_to_ctx(request *r, struct tmpl_ctx *c, int64_t obstacle_id, int public_only);
/* guide.c */
void h_guide(request *r);
void h_guide_item(request *r);
void h_api_search(request *r);
/* catalog_rdf.c: the DCAT-AP catalogue (docs/catalog-rdf.md) */
void h_catalog(request *r);
void h_catalog_rdf(request *r);
/* /guide/ID.ttl|.rdf|.jsonld: 1 when id names a format (answered), else 0. */
int guide_item_rdf(request *r, const char *id);
/* List "alternates" (type, href = path + ".ttl" …) for <link rel="alternate">. */
struct tmpl_ctx;
void rdf_alternates_to_ctx(request *r, struct tmpl_ctx *c, const char *path);
/* guide_review.c */
void h_guide_review(request *r);
/* guide_edit.c */
void h_guide_edit_form(request *r);
void h_guide_edit(request *r);
void h_guide_history(request *r);
void h_guide_publish(request *r);
/* guide_map.c */
void h_guide_map(request *r);
void h_guide_media(request *r);
/* On an item's page: what the item holds (guide_holdings) as list
 * "holdings" with "holdings_heading", and "is_region". */
#include "store/guide.h"
void guide_holdings_to_ctx(request *r, struct tmpl_ctx *c, const guide_item *g);
/* invitation.c */
/* delivery.c: the encrypted delivery's link and the destruction confirmation */
void h_delivery_page(request *r);
void h_delivery_fetch(request *r);
void h_destroy_form(request *r);
void h_destroy_confirm(request *r);
void h_invitation(request *r);
void h_invitation_accept(request *r);
#include "store/case_invitation.h"
/* The invited person's new account as typed (username, name, password twice):
 * NULL when complete, else a sentence (translated) naming what to fill in.
 * Shared by the case invitation and the project member's invitation. */
const char *invited_account_problem(request *r, const invitation_account *acc, const char *confirm);
/* What both invitation pages show of their case (templates invited_case.html
 * and invited_account.html): the page's context with the case's facts, the
 * last day, the error and what was typed; NULL when out of memory (500
 * answered). next is the page's own path and query, for "sign in first". */
typedef struct invited_view {
    const char *token, *diary_number, *title, *org_name, *email;
    int64_t expires_at;
    const char *next;
} invited_view;
struct tmpl_ctx *invited_page_ctx(request *r, const invited_view *v, const char *error, const char *username,
                                  const char *display_name);
/* Before either invitation form asks the store: a staff account is refused
 * (separation of duties; 403 with staff_refusal_sv, returns 0); a visitor
 * may make a password account only when applicants may use passwords
 * (store/oidc.h's policy), and it must be complete (*form_again set to the
 * sentence to show with the page, *form_status to its status: 403, 422;
 * returns 0). 1: go on. */
int invited_may_go_on(request *r, const invitation_account *acc, const char *confirm, const char *staff_refusal_sv,
                      const char **form_again, int *form_status);
void h_password_form(request *r);
void h_password(request *r);
/* age_key.c (GET shows the form, POST checks the key) */
void h_age_key(request *r);
/* admin_users.c */
void h_users(request *r);
void h_user_new_form(request *r);
void h_user_create(request *r);
void h_user(request *r);
void h_user_grant(request *r);
void h_user_revoke(request *r);
void h_user_disable(request *r);
void h_user_unlock(request *r);
void h_user_enable(request *r);
void h_user_oidc_unlink(request *r);
void h_user_password(request *r);
void h_user_profile(request *r);
void h_org_unit(request *r);
void h_org_update(request *r);
/* org.c */
void h_org(request *r);
void h_org_create(request *r);
void h_audit(request *r);
/* diary.c */
void h_diary_list(request *r);
void h_diary_entry(request *r);
void h_diary_new_form(request *r);
void h_diary_create(request *r);
void h_diary_correct_form(request *r);
void h_diary_correct(request *r);
/* cases.c */
void h_cases(request *r);
/* case_list.c: the staff queue's filter of r's query (state: open, all or
 * one; the viewer's organisation); 0 after answering 400. */
#include "store/cases.h"
int cases_queue_filter(request *r, case_filter *q);
/* 1 when the viewer holds a role that works the queue (case_list.c). */
int cases_viewer_is_staff(const request *r);
/* 1 when a role of the viewer covers the case (its target, or one of its
 * Process 2 units): the queue shows, and exports, only those. */
int cases_row_visible(request *r, const case_rec *c);
/* cases_export.c: the queue under filter q as CSV (format 0) or XLSX (1), audited. */
void cases_export(request *r, const case_filter *q, int format);
void h_case_new(request *r);
void h_case_create(request *r);
void h_case_register_form(request *r);
void h_case_register(request *r);
void h_process(request *r);
/* lead_predict.c: the lead time a request like yours can expect (/process/{id}/prognos) */
void h_lead_predict(request *r);
/* open data sets (open_data.c) and the holder's process feed (holder_profile.c) */
void h_open_data(request *r);
void h_open_cases_csv(request *r);
void h_open_cases_json(request *r);
void h_open_leads_csv(request *r);
void h_open_leads_json(request *r);
void h_open_obstacles_csv(request *r);
void h_open_obstacles_json(request *r);
void h_api_holder_profile(request *r);
void h_holder_compare(request *r);
void h_case_attachment(request *r);
/* case_redaction.c: an attachment's redaction page, the redaction, the original (audited) */
void h_case_redaction(request *r);
void h_case_redact(request *r);
void h_case_attachment_original(request *r);
void h_request_form_pdf(request *r);
void h_case_pdf(request *r);
void h_case(request *r);
void h_case_save(request *r);
void h_case_event(request *r);
#include "store/cases.h"
/* Loads case {id} (path parameter 0) when the viewer may see it: the owner,
 * or staff whose ACT_CASE_QUEUE covers it; else answers 404 (or the store's
 * error) and returns 0. */
int case_load_visible(request *r, case_rec *c, case_facts *f, authz_object *obj);
/* May the viewer read the case's confidential documents (the review)? Never
 * the owner. */
int case_may_read_confidential(const request *r, const case_facts *f, const authz_object *obj);
#include "store/case_attachments.h"
/* case_files.c: an attachment's bytes as the answer (PDF, its name, its SHA-256) */
void send_attachment_bytes(request *r, const case_attachment_rec *rec, const unsigned char *data, size_t len);
/* extraction.c: the case's extraction page (spec, progress, start, cancel) */
void h_case_extraction(request *r);
void h_case_extraction_start(request *r);
void h_case_extraction_cancel(request *r);
void h_case_extraction_deliver(request *r);
void h_case_extraction_pdf(request *r);
void h_case_extraction_progress(request *r);
/* case_documents.c */
void h_case_document(request *r);
void h_case_document_pdf(request *r);
/* samrad.c: the samråd's meetings */
void h_samrad_list(request *r);
void h_samrad_create(request *r);
void h_samrad_meeting(request *r);
void h_samrad_attendees(request *r);
void h_samrad_agenda_add(request *r);
void h_samrad_agenda_remove(request *r);
void h_samrad_assessment(request *r);
void h_samrad_hold(request *r);
void h_samrad_minutes(request *r);
void h_samrad_minutes_pdf(request *r);
/* dictionary.c: an organisation's data dictionary, page and JSON */
void h_dictionary(request *r);
void h_api_dictionary(request *r);
/* api.c */
void h_api_diary(request *r);
void h_api_org(request *r);
/* api_cases.c, api_openapi.c, admin_api_tokens.c: the cases in the JSON API, its OpenAPI document, API tokens */
void h_api_cases(request *r);
void h_api_case(request *r);
void h_api_case_documents(request *r);
void h_api_case_event(request *r);
/* case_portal.c, case_members.c: the applicant's portal, the message thread, the project members */
void h_portal(request *r);
void h_case_message(request *r);
void h_api_case_messages(request *r);
void h_api_case_message_post(request *r);
void h_case_member_invite(request *r);
void h_case_member_terms(request *r);
void h_case_member_end(request *r);
void h_member_invitation(request *r);
void h_member_join(request *r);
void h_api_openapi(request *r);
void h_api_tokens(request *r);
/* admin_case_terms.c: target times of a case's steps and the fee schedule */
void h_case_terms(request *r);
void h_case_targets_save(request *r);
void h_fee_schedule_save(request *r);
void h_api_token_create(request *r);
void h_api_token_revoke(request *r);
/* outbox.c */
void h_outbox(request *r);
/* the official mailbox (mailbox.c) */
void h_mailbox(request *r);
void h_mailbox_register(request *r);
void h_outbox_retry(request *r);
/* case_collab.c: taking a case, releasing or handing it over, internal notes, the admin's claims */
void h_case_claim(request *r);
void h_case_release(request *r);
void h_case_note_add(request *r);
void h_case_claims(request *r);
/* case_copy.c: "Kopiera som ny ansökan" */
void h_case_copy(request *r);

/* calls.c: joint calls, applications, assessment, decision, projects (docs/calls.md) */
void h_calls(request *r);
void h_call_create(request *r);
void h_call_page(request *r);
void h_call_apply_form(request *r);
void h_call_apply(request *r);
void h_call_application(request *r);
void h_call_step(request *r);
void h_project_page(request *r);
/* questions to the national support (handlers/questions.c, questions_queue.c, question_routes.c) */
void h_question_form(request *r);
void h_question_ask(request *r);
void h_question_answer_page(request *r);
void h_question_queue(request *r);
void h_question_page(request *r);
void h_question_step(request *r);
void h_question_routes(request *r);
void h_question_routes_save(request *r);

/* A stored UTC time as people read it ("2026-12-06 10:35", Stockholm). */
const char *local_time(request *r, const char *iso_utc);
/* The host an Atom feed's tag: URIs name: base's (the public address), else
 * the request's Host — letters, digits, '.' and '-' only, no port. */
const char *feed_tag_host(request *r, const char *base);
/* The Atom feeds' shared parts (atom.c). xml_text appends s escaped as XML
 * text (what XML 1.0 cannot carry left out: C0 controls, U+FFFE, U+FFFF,
 * malformed UTF-8); feed_root is the public
 * address without its trailing '/' ("" when unset: links relative). */
void xml_text(strbuf *out, const char *s);
const char *feed_root(request *r);
/* The XML declaration, <feed>, its tag:HOST,2026:NAME id and its <title>. */
void atom_feed_open(request *r, strbuf *x, const char *host, const char *name, const char *title);
/* The feed's <author> and its self (ROOT/NAME.atom) and alternate (ROOT/NAME) links. */
void atom_feed_links(strbuf *x, const char *root, const char *name);
/* <entry> with its tag:HOST,2026:NAME/ID id, <title>, <published> and <updated>. */
void atom_entry_open(strbuf *x, const char *host, const char *name, long long id, const char *title,
                     const char *published, const char *updated);
/* An entry's alternate link to ROOT/NAME/ID. */
void atom_entry_link(strbuf *x, const char *root, const char *name, long long id);
/* A count with its thousands grouped for the page's language. */
const char *count_text(request *r, int64_t n);
/* The audit actor for the signed-in user of r. */
#include "store/audit.h"
audit_actor actor_of(const request *r);
/* 1 if next is a local path to return to (one leading '/', no scheme or
 * host, valid UTF-8, no control characters, at most SAFE_NEXT_MAX bytes). */
#define SAFE_NEXT_MAX 2048
int safe_next(const char *next);
/* 303 to next when safe_next() accepts it (non-ASCII %-encoded for the
 * Location header), else to "/". */
void redirect_local(request *r, const char *next);
/* One <option> of a filter's <select> (template facet_selects.html): its
 * value, its name, its count in brackets (count < 0: none shown), selected
 * when chosen equals value. */
void facet_option(tmpl_ctx *select, const char *value, const char *name, int64_t count, const char *chosen);
/* A pager's values into c, each key after prefix ("" or e.g. "mine_"):
 * page, pages, total, paged (more than one page), has_prev, has_next,
 * prev_page, next_page. */
void pager_to_ctx(tmpl_ctx *c, const char *prefix, int64_t page, int64_t total, int64_t per_page);

/* After a stale edit (409): lists, as "changes" in c, a field whose stored
 * value (now) differs from what the user sent (yours). */
void add_change(request *r, tmpl_ctx *c, const char *label_sv, const char *now, const char *yours);

/* All units of the tree, parents first (at most MAX_ORG_NODES); NULL after
 * answering 503 when the store fails. */
#define MAX_ORG_NODES 500
#include "store/org.h"
org_node_rec *load_org_tree(request *r, int *n);

#endif
