/* routes.c — the route table: method, path, who may call it, the form
 * fields it accepts, the handler, flags, the query parameters it reads. The
 * router checks all of it before the handler runs. Order matters only for patterns that overlap: literal
 * paths come before {param} ones. */
#include "web/router.h"
#include "web/handlers/handlers.h"
#include "web/handlers/fields.h"
#include "web/handlers/case_fields.h"
#include "web/handlers/case_redaction_fields.h"
#include "web/handlers/lead_predict_fields.h"
#include "web/handlers/case_portal_fields.h"
#include "web/handlers/case_collab_fields.h"
#include "web/handlers/catalog_fields.h"
#include "web/handlers/api_token_fields.h"
#include "web/handlers/case_terms_fields.h"
#include "web/handlers/dictionary_fields.h"
#include "web/handlers/delivery_fields.h"
#include "web/handlers/guide_fields.h"
#include "web/handlers/invitation_fields.h"
#include "web/handlers/case_survey_fields.h"
#include "web/handlers/mailbox_fields.h"
#include "web/handlers/network_fields.h"
#include "web/handlers/network_edit_fields.h"
#include "web/handlers/questions_fields.h"
#include "web/handlers/obstacle_fields.h"
#include "web/handlers/followup_fields.h"
#include "web/handlers/obstacle_category_fields.h"
#include "web/handlers/obstacle_measure_fields.h"
#include "web/handlers/obstacle_publish_fields.h"
#include "web/handlers/obstacle_subscribe_fields.h"
#include "web/handlers/obstacle_triage_fields.h"
#include "web/handlers/release_register_fields.h"
#include "web/handlers/samrad_fields.h"
#include "web/handlers/calls_fields.h"

#define FIELDS(t) t, sizeof t / sizeof t[0]
#define NO_FIELDS NULL, 0
#define QUERY(t) t, sizeof t / sizeof t[0]

const struct route routes[] = {
    {HTTP_GET, "/", ACT_PUBLIC_READ, NO_FIELDS, h_home, ROUTE_PAGE_CACHE},
    {HTTP_GET, "/healthz", ACT_PUBLIC_READ, NO_FIELDS, h_healthz, ROUTE_NO_SESSION},
    {HTTP_GET, "/metrics", ACT_PUBLIC_READ, NO_FIELDS, h_metrics, ROUTE_NO_SESSION | ROUTE_NO_DB},
    {HTTP_GET, "/static/{file}", ACT_PUBLIC_READ, NO_FIELDS, h_static, ROUTE_NO_SESSION | ROUTE_NO_DB},
    {HTTP_GET, "/language", ACT_PUBLIC_READ, NO_FIELDS, h_language, ROUTE_NO_SESSION | ROUTE_NO_DB, QUERY(language_query)},

    {HTTP_GET, "/login", ACT_PUBLIC_READ, NO_FIELDS, h_login_form, 0, QUERY(login_query)},
    {HTTP_POST, "/login", ACT_PUBLIC_READ, FIELDS(login_fields), h_login, 0},
    {HTTP_POST, "/logout", ACT_ACCOUNT_SELF, NO_FIELDS, h_logout, 0},
    /* sign-in through an OpenID Connect provider (handlers/oidc_login.c): the
     * provider's answer carries the code in its query, kept out of the access log */
    {HTTP_GET, "/login/oidc/callback", ACT_PUBLIC_READ, NO_FIELDS, h_oidc_callback, ROUTE_SECRET_PATH, QUERY(oidc_callback_query)},
    {HTTP_GET, "/login/oidc/{name}", ACT_PUBLIC_READ, NO_FIELDS, h_oidc_start, 0, QUERY(login_query)},
    {HTTP_POST, "/account/oidc/{name}/link", ACT_ACCOUNT_SELF, NO_FIELDS, h_oidc_link, 0},
    /* an applicant invited to continue a registered case online (handlers/invitation.c) */
    {HTTP_GET, "/invitation", ACT_CASE_ACCEPT_INVITATION, NO_FIELDS, h_invitation, 0, QUERY(invitation_query)},
    {HTTP_POST, "/invitation", ACT_CASE_ACCEPT_INVITATION, FIELDS(invitation_fields), h_invitation_accept, 0},
    /* the satisfaction survey of a closed case, with its mailed link (handlers/case_survey.c) */
    {HTTP_GET, "/enkat", ACT_CASE_SURVEY, NO_FIELDS, h_case_survey_form, 0, QUERY(case_survey_query)},
    {HTTP_POST, "/enkat", ACT_CASE_SURVEY, FIELDS(case_survey_fields), h_case_survey_answer, 0},
    /* the encrypted delivery's single-use link and the destruction confirmation (handlers/delivery.c) */
    {HTTP_GET, "/leverans/{token}", ACT_DELIVERY_LINK, NO_FIELDS, h_delivery_page, ROUTE_SECRET_PATH},
    {HTTP_POST, "/leverans/{token}", ACT_DELIVERY_LINK, NO_FIELDS, h_delivery_fetch, ROUTE_SECRET_PATH},
    {HTTP_GET, "/forstoring/{token}", ACT_DELIVERY_LINK, NO_FIELDS, h_destroy_form, ROUTE_SECRET_PATH},
    {HTTP_POST, "/forstoring/{token}", ACT_DELIVERY_LINK, FIELDS(destroy_fields), h_destroy_confirm, ROUTE_SECRET_PATH},
    {HTTP_GET, "/account/password", ACT_ACCOUNT_SELF, NO_FIELDS, h_password_form, 0, QUERY(password_query)},
    {HTTP_POST, "/account/password", ACT_ACCOUNT_SELF, FIELDS(password_fields), h_password, 0},
    {HTTP_GET | HTTP_POST, "/account/age-key", ACT_ACCOUNT_SELF, FIELDS(age_key_fields), h_age_key, ROUTE_UPLOAD},

    {HTTP_GET, "/admin/users", ACT_ROLE_ASSIGN, NO_FIELDS, h_users, 0, QUERY(users_query)},
    {HTTP_GET, "/admin/users/new", ACT_USER_MANAGE, NO_FIELDS, h_user_new_form, 0},
    {HTTP_POST, "/admin/users", ACT_USER_MANAGE, FIELDS(user_new_fields), h_user_create, 0},
    {HTTP_GET, "/admin/users/{id}", ACT_USER_VIEW, NO_FIELDS, h_user, 0, QUERY(user_query)},
    {HTTP_POST, "/admin/users/{id}/roles", ACT_ROLE_ASSIGN, FIELDS(grant_fields), h_user_grant, 0},
    {HTTP_POST, "/admin/users/{id}/roles/{grant}/revoke", ACT_ROLE_ASSIGN, NO_FIELDS, h_user_revoke, 0},
    {HTTP_POST, "/admin/users/{id}/disable", ACT_USER_MANAGE, NO_FIELDS, h_user_disable, 0},
    {HTTP_POST, "/admin/users/{id}/enable", ACT_USER_MANAGE, NO_FIELDS, h_user_enable, 0},
    {HTTP_POST, "/admin/users/{id}/unlock", ACT_USER_MANAGE, NO_FIELDS, h_user_unlock, 0},
    /* takes the account's OpenID Connect identity away (store/oidc_admin.c) */
    {HTTP_POST, "/admin/users/{id}/oidc/unlink", ACT_USER_MANAGE, NO_FIELDS, h_user_oidc_unlink, 0},
    {HTTP_POST, "/admin/users/{id}/password", ACT_USER_MANAGE, FIELDS(set_password_fields), h_user_password, 0},
    {HTTP_POST, "/admin/users/{id}/profile", ACT_USER_MANAGE, FIELDS(profile_fields), h_user_profile, 0},
    {HTTP_GET, "/admin/audit", ACT_AUDIT_VIEW, NO_FIELDS, h_audit, 0},
    /* API tokens for other systems (handlers/admin_api_tokens.c) */
    {HTTP_GET, "/admin/api-tokens", ACT_USER_MANAGE, NO_FIELDS, h_api_tokens, 0},
    {HTTP_POST, "/admin/api-tokens", ACT_USER_MANAGE, FIELDS(api_token_fields), h_api_token_create, 0},
    {HTTP_POST, "/admin/api-tokens/{id}/revoke", ACT_USER_MANAGE, NO_FIELDS, h_api_token_revoke, 0},
    /* an organisation's target times per step and fee schedule (handlers/admin_case_terms.c) */
    {HTTP_GET, "/admin/case-terms", ACT_ORG_MANAGE, NO_FIELDS, h_case_terms, 0, QUERY(case_terms_query)},
    {HTTP_POST, "/admin/case-terms/{id}/targets", ACT_ORG_MANAGE, FIELDS(case_targets_fields), h_case_targets_save, 0},
    {HTTP_POST, "/admin/case-terms/{id}/fees", ACT_ORG_MANAGE, FIELDS(fee_schedule_fields), h_fee_schedule_save, 0},

    {HTTP_GET, "/org", ACT_ORG_VIEW, NO_FIELDS, h_org, 0},
    {HTTP_POST, "/org", ACT_ORG_MANAGE, FIELDS(org_fields), h_org_create, 0},
    {HTTP_GET, "/org/{id}", ACT_ORG_MANAGE, NO_FIELDS, h_org_unit, 0},
    {HTTP_POST, "/org/{id}", ACT_ORG_MANAGE, FIELDS(org_edit_fields), h_org_update, 0},

    {HTTP_GET, "/diarium", ACT_PUBLIC_READ, NO_FIELDS, h_diary_list, ROUTE_PAGE_CACHE, QUERY(diary_list_query)},
    {HTTP_GET, "/diarium/new", ACT_DIARY_REGISTER, NO_FIELDS, h_diary_new_form, 0},
    {HTTP_POST, "/diarium", ACT_DIARY_REGISTER, FIELDS(diary_fields), h_diary_create, 0},
    {HTTP_GET, "/diarium/{id}", ACT_PUBLIC_READ, NO_FIELDS, h_diary_entry, ROUTE_PAGE_CACHE},
    {HTTP_GET, "/diarium/{id}/correct", ACT_DIARY_CORRECT, NO_FIELDS, h_diary_correct_form, 0},
    {HTTP_POST, "/diarium/{id}/correct", ACT_DIARY_CORRECT, FIELDS(diary_fields), h_diary_correct, 0},

    /* the knowledge guide (handlers/guide.c) */
    /* an organisation's data dictionary, public (handlers/dictionary.c) */
    {HTTP_GET, "/data/ordlista", ACT_PUBLIC_READ, NO_FIELDS, h_dictionary, ROUTE_PAGE_CACHE, QUERY(dictionary_query)},
    {HTTP_GET, "/guide", ACT_PUBLIC_READ, NO_FIELDS, h_guide, ROUTE_PAGE_CACHE, QUERY(guide_query)},
    {HTTP_GET, "/guide/review", ACT_GUIDE_EDIT, NO_FIELDS, h_guide_review, 0},
    {HTTP_GET, "/guide/map", ACT_PUBLIC_READ, NO_FIELDS, h_guide_map, ROUTE_PAGE_CACHE}, /* handlers/guide_map.c */
    {HTTP_GET, "/guide/media/{file}", ACT_PUBLIC_READ, NO_FIELDS, h_guide_media, ROUTE_NO_SESSION | ROUTE_NO_DB}, /* guide_media.c */
    {HTTP_GET, "/guide/{id}", ACT_PUBLIC_READ, NO_FIELDS, h_guide_item, ROUTE_PAGE_CACHE | ROUTE_RDF_CONNEG | ROUTE_COUNT_VIEW},
    {HTTP_GET, "/guide/{id}/edit", ACT_GUIDE_EDIT, NO_FIELDS, h_guide_edit_form, 0},
    {HTTP_POST, "/guide/{id}/edit", ACT_GUIDE_EDIT, FIELDS(guide_edit_fields), h_guide_edit, 0},
    {HTTP_GET, "/guide/{id}/history", ACT_GUIDE_EDIT, NO_FIELDS, h_guide_history, 0, QUERY(guide_history_query)},
    {HTTP_POST, "/guide/{id}/publish", ACT_GUIDE_EDIT, FIELDS(guide_publish_fields), h_guide_publish, 0},
    /* an obstacle reported by anyone, and followed with its private link (handlers/obstacle.c) */
    {HTTP_GET, "/hinder/ny", ACT_OBSTACLE_REPORT, NO_FIELDS, h_obstacle_form, 0, QUERY(obstacle_new_query)},
    {HTTP_POST, "/hinder", ACT_OBSTACLE_REPORT, FIELDS(obstacle_form_fields), h_obstacle_create, 0},
    {HTTP_GET, "/hinder/folj", ACT_OBSTACLE_REPORT, NO_FIELDS, h_obstacle_follow, 0, QUERY(obstacle_follow_query)},
    /* the reporter's own changes before publication; the token in the form is the authority */
    {HTTP_POST, "/hinder/folj/andra", ACT_OBSTACLE_REPORT, FIELDS(obstacle_revise_fields), h_obstacle_revise, 0},
    {HTTP_POST, "/hinder/folj/aterkalla", ACT_OBSTACLE_REPORT, FIELDS(obstacle_withdraw_fields), h_obstacle_withdraw,
     0},
    /* the analyst's triage and the lifecycle (handlers/obstacle_triage.c) */
    {HTTP_GET, "/hinder/analys", ACT_OBSTACLE_TRIAGE, NO_FIELDS, h_obstacle_queue, 0, QUERY(obstacle_queue_query)},
    /* the follow-up: open obstacles by age and body, those waiting for a step (handlers/obstacle_followup.c) */
    {HTTP_GET, "/hinder/uppfoljning", ACT_OBSTACLE_TRIAGE, NO_FIELDS, h_obstacle_followup, 0},
    {HTTP_GET, "/hinder/analys/{id}", ACT_OBSTACLE_TRIAGE, NO_FIELDS, h_obstacle_analysis, 0,
     QUERY(obstacle_analysis_query)},
    {HTTP_POST, "/hinder/analys/{id}/steg/{event}", ACT_OBSTACLE_TRIAGE, FIELDS(obstacle_step_fields), h_obstacle_step, 0},
    /* measures against obstacles, their progress and the obstacles they address (handlers/obstacle_measure.c) */
    {HTTP_GET, "/hinder/atgarder", ACT_OBSTACLE_TRIAGE, NO_FIELDS, h_measure_list, 0, QUERY(measure_list_query)},
    {HTTP_POST, "/hinder/atgarder", ACT_OBSTACLE_TRIAGE, FIELDS(measure_create_fields), h_measure_create, 0,
     QUERY(measure_list_query)},
    {HTTP_GET, "/hinder/atgarder/{id}", ACT_OBSTACLE_TRIAGE, NO_FIELDS, h_measure_page, 0},
    {HTTP_POST, "/hinder/atgarder/{id}/steg/{event}", ACT_OBSTACLE_TRIAGE, FIELDS(measure_step_fields),
     h_measure_step, 0},
    {HTTP_POST, "/hinder/atgarder/{id}/koppla", ACT_OBSTACLE_TRIAGE, FIELDS(measure_link_fields), h_measure_link, 0},
    {HTTP_POST, "/hinder/atgarder/{id}/koppla-loss", ACT_OBSTACLE_TRIAGE, FIELDS(measure_link_fields),
     h_measure_unlink, 0},
    /* the redacted texts of an obstacle into the public register, or out (handlers/obstacle_publish.c) */
    {HTTP_GET, "/hinder/analys/{id}/publicera", ACT_OBSTACLE_PUBLISH, NO_FIELDS, h_obstacle_publish_form, 0,
     QUERY(obstacle_publish_query)},
    {HTTP_POST, "/hinder/analys/{id}/publicera", ACT_OBSTACLE_PUBLISH, FIELDS(obstacle_publish_fields),
     h_obstacle_publish, 0},
    {HTTP_POST, "/hinder/analys/{id}/avpublicera", ACT_OBSTACLE_PUBLISH, FIELDS(obstacle_unpublish_fields),
     h_obstacle_unpublish, 0},
    /* the editable category list (handlers/obstacle_categories.c) */
    {HTTP_GET, "/hinder/kategorier", ACT_OBSTACLE_TRIAGE, NO_FIELDS, h_obstacle_categories, 0,
     QUERY(obstacle_category_query)},
    {HTTP_POST, "/hinder/kategorier", ACT_OBSTACLE_TRIAGE, FIELDS(obstacle_category_fields),
     h_obstacle_category_create, 0},
    {HTTP_POST, "/hinder/kategorier/{key}", ACT_OBSTACLE_TRIAGE, FIELDS(obstacle_category_fields),
     h_obstacle_category_save, 0},
    /* the compiled report for decision makers, as a page or a file (handlers/obstacle_report.c) */
    {HTTP_GET, "/hinder/rapport", ACT_OBSTACLE_COMPILED_REPORT, NO_FIELDS, h_obstacle_compiled_report, 0,
     QUERY(obstacle_report_query)},
    /* the follow-up figures of the support, as a page or a file (handlers/followup.c) */
    {HTTP_GET, "/uppfoljning", ACT_FOLLOWUP_VIEW, NO_FIELDS, h_followup, 0, QUERY(followup_query)},
    /* following a published obstacle by e-mail: the form, the confirmation and the unsubscribe links, each
     * a page with a button (handlers/obstacle_subscribe.c) */
    {HTTP_GET, "/hinder/bevakning/bekrafta", ACT_OBSTACLE_REPORT, NO_FIELDS, h_obstacle_subscription_confirm_form, 0,
     QUERY(obstacle_subscription_link_query)},
    {HTTP_POST, "/hinder/bevakning/bekrafta", ACT_OBSTACLE_REPORT, FIELDS(obstacle_subscription_link_fields),
     h_obstacle_subscription_confirm, 0},
    {HTTP_GET, "/hinder/bevakning/avsluta", ACT_OBSTACLE_REPORT, NO_FIELDS, h_obstacle_unsubscribe_form, 0,
     QUERY(obstacle_subscription_link_query)},
    {HTTP_POST, "/hinder/bevakning/avsluta", ACT_OBSTACLE_REPORT, FIELDS(obstacle_subscription_link_fields),
     h_obstacle_unsubscribe, 0},
    {HTTP_GET, "/hinder/{id}/bevaka", ACT_OBSTACLE_REPORT, NO_FIELDS, h_obstacle_subscribe_form, 0},
    {HTTP_POST, "/hinder/{id}/bevaka", ACT_OBSTACLE_REPORT, FIELDS(obstacle_subscribe_fields), h_obstacle_subscribe, 0},
    /* the public register of published obstacles (handlers/obstacle_register.c). /hinder/{id} answers
     * digits only (anything else is 404), and stays after every literal /hinder/… route */
    {HTTP_GET, "/hinder", ACT_PUBLIC_READ, NO_FIELDS, h_obstacle_register, ROUTE_PAGE_CACHE,
     QUERY(obstacle_register_query)},
    {HTTP_GET, "/hinder.atom", ACT_PUBLIC_READ, NO_FIELDS, h_obstacle_feed, ROUTE_PAGE_CACHE},
    {HTTP_GET, "/hinder/{id}", ACT_PUBLIC_READ, NO_FIELDS, h_obstacle_public, ROUTE_PAGE_CACHE},
    /* the guide's datasets as a DCAT-AP-SE catalogue (handlers/catalog_rdf.c); /guide/ID.ttl|.rdf|.jsonld above */
    {HTTP_GET, "/catalog", ACT_PUBLIC_READ, NO_FIELDS, h_catalog, ROUTE_RDF_CONNEG, QUERY(catalog_query)},
    /* the public register of decided releases (handlers/release_register.c); /beslut/{id} digits only */
    {HTTP_GET, "/beslut", ACT_PUBLIC_READ, NO_FIELDS, h_release_register, ROUTE_PAGE_CACHE, QUERY(release_register_query)},
    {HTTP_GET, "/beslut.csv", ACT_PUBLIC_READ, NO_FIELDS, h_release_csv, 0, QUERY(release_register_query)},
    {HTTP_GET, "/beslut.json", ACT_PUBLIC_READ, NO_FIELDS, h_release_json, ROUTE_JSON | ROUTE_PAGE_CACHE,
     QUERY(release_register_query)},
    /* the same, in the JSON API's namespace for other systems */
    {HTTP_GET, "/api/v1/register", ACT_PUBLIC_READ, NO_FIELDS, h_release_json, ROUTE_JSON | ROUTE_PAGE_CACHE,
     QUERY(release_register_query)},
    {HTTP_GET, "/beslut.atom", ACT_PUBLIC_READ, NO_FIELDS, h_release_feed, ROUTE_PAGE_CACHE},
    {HTTP_GET, "/beslut/{id}", ACT_PUBLIC_READ, NO_FIELDS, h_release_public, ROUTE_PAGE_CACHE},
    /* the network and its calendar (handlers/network.c); the .ics paths before {id} */
    {HTTP_GET, "/natverk", ACT_PUBLIC_READ, NO_FIELDS, h_network, ROUTE_PAGE_CACHE},
    {HTTP_GET, "/natverk/ny", ACT_NETWORK_EDIT, NO_FIELDS, h_network_member_new, 0},
    {HTTP_POST, "/natverk/ny", ACT_NETWORK_EDIT, FIELDS(network_member_fields), h_network_member_add, 0},
    {HTTP_GET, "/kalender/ny", ACT_NETWORK_EDIT, NO_FIELDS, h_calendar_event_new, 0},
    {HTTP_POST, "/kalender/ny", ACT_NETWORK_EDIT, FIELDS(network_event_fields), h_calendar_event_add, 0},
    {HTTP_GET, "/nyheter/ny", ACT_NETWORK_EDIT, NO_FIELDS, h_news_new, 0},
    {HTTP_POST, "/nyheter/ny", ACT_NETWORK_EDIT, FIELDS(network_news_fields), h_news_add, 0},
    {HTTP_GET, "/natverk/{id}/andra", ACT_NETWORK_EDIT, NO_FIELDS, h_network_member_edit, 0},
    {HTTP_POST, "/natverk/{id}/andra", ACT_NETWORK_EDIT, FIELDS(network_member_change_fields), h_network_member_change, 0},
    {HTTP_POST, "/natverk/{id}/ta-bort", ACT_NETWORK_EDIT, NO_FIELDS, h_network_member_remove, 0},
    {HTTP_POST, "/natverk/{id}/kontakter", ACT_NETWORK_EDIT, FIELDS(network_contact_fields), h_network_contact_add, 0},
    {HTTP_POST, "/natverk/{id}/kontakter/{contact}/andra", ACT_NETWORK_EDIT, FIELDS(network_contact_fields), h_network_contact_change, 0},
    {HTTP_POST, "/natverk/{id}/kontakter/{contact}/ta-bort", ACT_NETWORK_EDIT, NO_FIELDS, h_network_contact_remove, 0},
    {HTTP_GET, "/kalender/{id}/andra", ACT_NETWORK_EDIT, NO_FIELDS, h_calendar_event_edit, 0},
    {HTTP_POST, "/kalender/{id}/andra", ACT_NETWORK_EDIT, FIELDS(network_event_fields), h_calendar_event_change, 0},
    {HTTP_POST, "/kalender/{id}/ta-bort", ACT_NETWORK_EDIT, NO_FIELDS, h_calendar_event_remove, 0},
    {HTTP_GET, "/kalender/{id}/anmalningar", ACT_NETWORK_EDIT, NO_FIELDS, h_calendar_registrations, 0},
    {HTTP_GET, "/kalender/{id}/anmalningar.csv", ACT_NETWORK_EDIT, NO_FIELDS, h_calendar_registrations_csv, 0},
    {HTTP_GET, "/nyheter/{id}/andra", ACT_NETWORK_EDIT, NO_FIELDS, h_news_edit, 0},
    {HTTP_POST, "/nyheter/{id}/andra", ACT_NETWORK_EDIT, FIELDS(network_news_fields), h_news_change, 0},
    {HTTP_POST, "/nyheter/{id}/ta-bort", ACT_NETWORK_EDIT, NO_FIELDS, h_news_remove, 0},
    {HTTP_GET, "/natverk/{id}/kalender.ics", ACT_PUBLIC_READ, NO_FIELDS, h_network_member_ics, ROUTE_PAGE_CACHE},
    {HTTP_GET, "/natverk/{id}", ACT_PUBLIC_READ, NO_FIELDS, h_network_member, ROUTE_PAGE_CACHE},
    {HTTP_GET, "/kalender", ACT_PUBLIC_READ, NO_FIELDS, h_calendar, ROUTE_PAGE_CACHE, QUERY(network_calendar_query)},
    {HTTP_GET, "/kalender.ics", ACT_PUBLIC_READ, NO_FIELDS, h_calendar_ics, ROUTE_PAGE_CACHE},
    {HTTP_GET, "/kalender/avanmalan", ACT_NETWORK_REGISTER, NO_FIELDS, h_network_cancel_form, 0, QUERY(network_cancel_query)},
    {HTTP_POST, "/kalender/avanmalan", ACT_NETWORK_REGISTER, FIELDS(network_cancel_fields), h_network_cancel, 0},
    {HTTP_GET, "/kalender/{id}/anmalan", ACT_NETWORK_REGISTER, NO_FIELDS, h_network_register_form, 0},
    {HTTP_POST, "/kalender/{id}/anmalan", ACT_NETWORK_REGISTER, FIELDS(network_register_fields), h_network_register, 0},
    {HTTP_GET, "/kalender/{id}", ACT_PUBLIC_READ, NO_FIELDS, h_calendar_event, ROUTE_PAGE_CACHE},
    {HTTP_GET, "/nyheter", ACT_PUBLIC_READ, NO_FIELDS, h_news, ROUTE_PAGE_CACHE},
    {HTTP_GET, "/nyheter.atom", ACT_PUBLIC_READ, NO_FIELDS, h_news_feed, ROUTE_PAGE_CACHE},
    {HTTP_GET, "/nyheter/{id}", ACT_PUBLIC_READ, NO_FIELDS, h_news_post, ROUTE_PAGE_CACHE},
    {HTTP_GET, "/catalog.ttl", ACT_PUBLIC_READ, NO_FIELDS, h_catalog_rdf, ROUTE_PAGE_CACHE, QUERY(catalog_query)},
    {HTTP_GET, "/catalog.rdf", ACT_PUBLIC_READ, NO_FIELDS, h_catalog_rdf, ROUTE_PAGE_CACHE, QUERY(catalog_query)},
    {HTTP_GET, "/catalog.jsonld", ACT_PUBLIC_READ, NO_FIELDS, h_catalog_rdf, ROUTE_PAGE_CACHE, QUERY(catalog_query)},
    {HTTP_GET, "/process/{id}", ACT_PUBLIC_READ, NO_FIELDS, h_process, 0},
    {HTTP_GET, "/process/{id}/prognos", ACT_PUBLIC_READ, NO_FIELDS, h_lead_predict, ROUTE_PAGE_CACHE, QUERY(lead_predict_query)},
    /* open data: aggregate figures, small counts suppressed (handlers/open_data.c) */
    {HTTP_GET, "/oppna-data", ACT_PUBLIC_READ, NO_FIELDS, h_open_data, 0},
    {HTTP_GET, "/oppna-data/arenden.csv", ACT_PUBLIC_READ, NO_FIELDS, h_open_cases_csv, 0},
    {HTTP_GET, "/oppna-data/arenden.json", ACT_PUBLIC_READ, NO_FIELDS, h_open_cases_json, ROUTE_JSON},
    {HTTP_GET, "/oppna-data/ledtider.csv", ACT_PUBLIC_READ, NO_FIELDS, h_open_leads_csv, 0},
    {HTTP_GET, "/oppna-data/ledtider.json", ACT_PUBLIC_READ, NO_FIELDS, h_open_leads_json, ROUTE_JSON},
    {HTTP_GET, "/oppna-data/hinder.csv", ACT_PUBLIC_READ, NO_FIELDS, h_open_obstacles_csv, 0},
    {HTTP_GET, "/oppna-data/hinder.json", ACT_PUBLIC_READ, NO_FIELDS, h_open_obstacles_json, ROUTE_JSON},
    /* the holder's process and lead times for comparison across holders (handlers/holder_profile.c) */
    {HTTP_GET, "/api/v1/holder-profile", ACT_PUBLIC_READ, NO_FIELDS, h_api_holder_profile, ROUTE_JSON},
    /* the national comparison of the holders' feeds `datalots holders refresh` fetched (handlers/holder_compare.c) */
    {HTTP_GET, "/jamfor", ACT_PUBLIC_READ, NO_FIELDS, h_holder_compare, ROUTE_PAGE_CACHE},
    {HTTP_GET, "/cases", ACT_CASE_APPLY, NO_FIELDS, h_cases, ROUTE_PAGE_CACHE, QUERY(cases_query)},
    {HTTP_GET, "/cases/new", ACT_CASE_APPLY, NO_FIELDS, h_case_new, 0, QUERY(case_new_query)},
    {HTTP_POST, "/cases", ACT_CASE_APPLY, FIELDS(case_request_form), h_case_create, ROUTE_UPLOAD},
    {HTTP_GET, "/cases/form.pdf", ACT_PUBLIC_READ, NO_FIELDS, h_request_form_pdf, 0, QUERY(case_new_query)},
    {HTTP_GET, "/cases/register", ACT_CASE_REGISTER, NO_FIELDS, h_case_register_form, 0, QUERY(case_new_query)},
    {HTTP_POST, "/cases/register", ACT_CASE_REGISTER, FIELDS(case_request_form), h_case_register, ROUTE_UPLOAD},
    {HTTP_GET, "/cases/claims", ACT_CASE_CLAIM_RELEASE, NO_FIELDS, h_case_claims, 0},
    /* the official mailbox (handlers/mailbox.c) */
    {HTTP_GET, "/brevlada", ACT_CASE_REGISTER, NO_FIELDS, h_mailbox, 0},
    {HTTP_POST, "/brevlada/register", ACT_CASE_REGISTER, FIELDS(mailbox_register_fields), h_mailbox_register, 0},
    {HTTP_GET, "/cases/{id}", ACT_CASE_APPLY, NO_FIELDS, h_case, ROUTE_PAGE_CACHE},
    {HTTP_POST, "/cases/{id}", ACT_CASE_APPLY, FIELDS(case_request_form), h_case_save, ROUTE_UPLOAD},
    {HTTP_GET, "/cases/{id}/pdf", ACT_CASE_APPLY, NO_FIELDS, h_case_pdf, 0},
    {HTTP_GET, "/cases/{id}/attachments/{att}", ACT_CASE_APPLY, NO_FIELDS, h_case_attachment, 0},
    {HTTP_GET, "/cases/{id}/attachments/{att}/maskering", ACT_CASE_QUEUE, NO_FIELDS, h_case_redaction, 0},
    {HTTP_POST, "/cases/{id}/attachments/{att}/maskering", ACT_CASE_REDACT, FIELDS(case_redaction_fields), h_case_redact, ROUTE_UPLOAD},
    {HTTP_GET, "/cases/{id}/attachments/{att}/original", ACT_DIARY_READ_CONFIDENTIAL, NO_FIELDS, h_case_attachment_original, 0},
    {HTTP_POST, "/cases/{id}/events/{event}", ACT_CASE_APPLY, FIELDS(case_event_form), h_case_event, 0},
    {HTTP_POST, "/cases/{id}/claim", ACT_CASE_CLAIM, FIELDS(case_claim_form), h_case_claim, 0},
    {HTTP_POST, "/cases/{id}/release", ACT_CASE_APPLY, FIELDS(case_claim_form), h_case_release, 0},
    {HTTP_POST, "/cases/{id}/notes", ACT_CASE_NOTE, FIELDS(case_note_form), h_case_note_add, 0},
    {HTTP_POST, "/cases/{id}/copy", ACT_CASE_COPY, NO_FIELDS, h_case_copy, 0},
    {HTTP_GET, "/cases/{id}/extraction", ACT_CASE_APPLY, NO_FIELDS, h_case_extraction, 0},
    {HTTP_POST, "/cases/{id}/extraction", ACT_CASE_APPLY, NO_FIELDS, h_case_extraction_start, 0},
    {HTTP_POST, "/cases/{id}/extraction/cancel", ACT_CASE_APPLY, NO_FIELDS, h_case_extraction_cancel, 0},
    {HTTP_POST, "/cases/{id}/extraction/deliver", ACT_CASE_APPLY, NO_FIELDS, h_case_extraction_deliver, 0},
    {HTTP_GET, "/cases/{id}/extraction/pdf", ACT_CASE_APPLY, NO_FIELDS, h_case_extraction_pdf, 0},
    {HTTP_GET, "/cases/{id}/extraction/progress", ACT_CASE_APPLY, NO_FIELDS, h_case_extraction_progress, 0},
    {HTTP_GET, "/cases/{id}/documents/{doc}", ACT_CASE_APPLY, NO_FIELDS, h_case_document, 0, QUERY(case_doc_query)},
    {HTTP_GET, "/cases/{id}/documents/{doc}/pdf", ACT_CASE_APPLY, NO_FIELDS, h_case_document_pdf, 0, QUERY(case_doc_query)},
    /* the applicant's portal and the case's message thread (handlers/case_portal.c) */
    {HTTP_GET, "/mina-arenden", ACT_CASE_APPLY, NO_FIELDS, h_portal, ROUTE_PAGE_CACHE, QUERY(portal_query)},
    {HTTP_POST, "/cases/{id}/messages", ACT_CASE_APPLY, FIELDS(case_message_fields), h_case_message, ROUTE_UPLOAD},
    /* the project members: invited by the owner, joining by the mailed link, the terms (handlers/case_members.c) */
    {HTTP_POST, "/cases/{id}/members", ACT_CASE_APPLY, FIELDS(member_invite_fields), h_case_member_invite, 0},
    {HTTP_POST, "/cases/{id}/members/{member}/terms", ACT_CASE_APPLY, FIELDS(member_terms_fields), h_case_member_terms, 0},
    {HTTP_POST, "/cases/{id}/members/{member}/end", ACT_CASE_APPLY, NO_FIELDS, h_case_member_end, 0},
    {HTTP_GET, "/medlem", ACT_CASE_ACCEPT_INVITATION, NO_FIELDS, h_member_invitation, 0, QUERY(member_query)},
    {HTTP_POST, "/medlem", ACT_CASE_ACCEPT_INVITATION, FIELDS(member_join_fields), h_member_join, 0},
    /* the samråd's meetings (handlers/samrad.c) */
    {HTTP_GET, "/samrad", ACT_CASE_RECOMMEND, NO_FIELDS, h_samrad_list, 0},
    {HTTP_POST, "/samrad", ACT_CASE_RECOMMEND, FIELDS(samrad_new_fields), h_samrad_create, 0},
    {HTTP_GET, "/samrad/{id}", ACT_CASE_RECOMMEND, NO_FIELDS, h_samrad_meeting, 0},
    {HTTP_POST, "/samrad/{id}/attendees", ACT_CASE_RECOMMEND, FIELDS(samrad_attendee_fields), h_samrad_attendees, 0},
    {HTTP_POST, "/samrad/{id}/agenda", ACT_CASE_RECOMMEND, FIELDS(samrad_agenda_fields), h_samrad_agenda_add, 0},
    {HTTP_POST, "/samrad/{id}/agenda/{case}/assessment", ACT_CASE_RECOMMEND, FIELDS(samrad_assessment_fields),
     h_samrad_assessment, 0},
    {HTTP_POST, "/samrad/{id}/agenda/{case}/remove", ACT_CASE_RECOMMEND, NO_FIELDS, h_samrad_agenda_remove, 0},
    {HTTP_POST, "/samrad/{id}/hold", ACT_CASE_RECOMMEND, NO_FIELDS, h_samrad_hold, 0},
    {HTTP_GET, "/samrad/{id}/minutes", ACT_CASE_RECOMMEND, NO_FIELDS, h_samrad_minutes, 0, QUERY(samrad_minutes_query)},
    {HTTP_GET, "/samrad/{id}/minutes/pdf", ACT_CASE_RECOMMEND, NO_FIELDS, h_samrad_minutes_pdf, 0,
     QUERY(samrad_minutes_query)},

    {HTTP_GET, "/api/v1/dictionary", ACT_PUBLIC_READ, NO_FIELDS, h_api_dictionary, ROUTE_JSON, QUERY(dictionary_query)},
    {HTTP_GET, "/api/v1/diarium", ACT_PUBLIC_READ, NO_FIELDS, h_api_diary, ROUTE_JSON, QUERY(api_diary_query)},
    {HTTP_GET, "/api/v1/org", ACT_ORG_VIEW, NO_FIELDS, h_api_org, ROUTE_JSON},
    {HTTP_GET, "/api/v1/search", ACT_PUBLIC_READ, NO_FIELDS, h_api_search, ROUTE_JSON, QUERY(search_api_query)},
    /* the API's OpenAPI document, and the release cases for other systems, signed in with an API
     * token or a session (handlers/api_openapi.c, api_cases.c; web/api_auth.h) */
    {HTTP_GET, "/api/v1/openapi.json", ACT_PUBLIC_READ, NO_FIELDS, h_api_openapi, ROUTE_JSON | ROUTE_NO_SESSION | ROUTE_NO_DB},
    {HTTP_GET, "/api/v1/cases", ACT_CASE_APPLY, NO_FIELDS, h_api_cases, ROUTE_JSON | ROUTE_PAGE_CACHE, QUERY(cases_query)},
    {HTTP_GET, "/api/v1/cases/{id}", ACT_CASE_APPLY, NO_FIELDS, h_api_case, ROUTE_JSON},
    {HTTP_GET, "/api/v1/cases/{id}/documents", ACT_CASE_APPLY, NO_FIELDS, h_api_case_documents, ROUTE_JSON},
    {HTTP_POST, "/api/v1/cases/{id}/events/{event}", ACT_CASE_APPLY, FIELDS(case_event_form), h_api_case_event, ROUTE_JSON},
    {HTTP_GET, "/api/v1/cases/{id}/messages", ACT_CASE_APPLY, NO_FIELDS, h_api_case_messages, ROUTE_JSON},
    {HTTP_POST, "/api/v1/cases/{id}/messages", ACT_CASE_APPLY, FIELDS(case_message_api_fields), h_api_case_message_post,
     ROUTE_JSON},
    /* an obstacle reported by another system: JSON in, no cookie (handlers/obstacle_api.c) */
    {HTTP_POST, "/api/v1/obstacles", ACT_OBSTACLE_REPORT, FIELDS(obstacle_fields), h_api_obstacle_create,
     ROUTE_JSON | ROUTE_NO_SESSION | ROUTE_JSON_BODY},

    /* joint calls of the coordinating support, applications and projects (handlers/calls.c, docs/calls.md) */
    {HTTP_GET, "/utlysningar", ACT_PUBLIC_READ, NO_FIELDS, h_calls, 0, QUERY(calls_query)},
    {HTTP_POST, "/utlysningar", ACT_CALL_MANAGE, FIELDS(call_create_fields), h_call_create, 0, QUERY(calls_query)},
    {HTTP_GET, "/utlysningar/{id}", ACT_PUBLIC_READ, NO_FIELDS, h_call_page, 0},
    {HTTP_GET, "/utlysningar/{id}/ansok", ACT_CALL_APPLY, NO_FIELDS, h_call_apply_form, 0},
    {HTTP_POST, "/utlysningar/{id}/ansok", ACT_CALL_APPLY, FIELDS(call_apply_fields), h_call_apply, 0},
    {HTTP_GET, "/ansokningar/{id}", ACT_CALL_APPLY, NO_FIELDS, h_call_application, 0},
    {HTTP_POST, "/ansokningar/{id}/steg/{event}", ACT_CALL_APPLY, FIELDS(call_step_fields), h_call_step, 0},
    {HTTP_GET, "/projekt/{id}", ACT_PUBLIC_READ, NO_FIELDS, h_project_page, 0},
    /* questions routed to the member function that can answer them (handlers/questions*.c, question_routes.c) */
    {HTTP_GET, "/fragor/ny", ACT_QUESTION_ASK, NO_FIELDS, h_question_form, 0},
    {HTTP_POST, "/fragor/ny", ACT_QUESTION_ASK, FIELDS(question_ask_fields), h_question_ask, 0},
    {HTTP_GET, "/fragor/svar", ACT_QUESTION_ASK, NO_FIELDS, h_question_answer_page, 0, QUERY(question_token_query)},
    {HTTP_GET, "/fragor/regler", ACT_NETWORK_EDIT, NO_FIELDS, h_question_routes, 0},
    {HTTP_POST, "/fragor/regler", ACT_NETWORK_EDIT, FIELDS(question_routes_fields), h_question_routes_save, 0},
    {HTTP_GET, "/fragor", ACT_QUESTION_HANDLE, NO_FIELDS, h_question_queue, 0, QUERY(question_queue_query)},
    {HTTP_GET, "/fragor/{id}", ACT_QUESTION_HANDLE, NO_FIELDS, h_question_page, 0},
    {HTTP_POST, "/fragor/{id}/steg/{event}", ACT_QUESTION_HANDLE, FIELDS(question_step_fields), h_question_step, 0},

    /* the e-mail outbox (handlers/outbox.c); ACT_AUDIT_VIEW until it has an action of its own */
    {HTTP_GET, "/admin/outbox", ACT_AUDIT_VIEW, NO_FIELDS, h_outbox, 0, QUERY(outbox_query)},
    {HTTP_POST, "/admin/outbox/{id}/retry", ACT_AUDIT_VIEW, NO_FIELDS, h_outbox_retry, 0},
};
const size_t n_routes = sizeof routes / sizeof routes[0];
