/* demo_calls.c — the joint calls that `datalots demo network` adds after
 * the network, so /utlysningar, /ansokningar and /projekt have content: a
 * call that is open now with one application waiting for its assessment,
 * and a closed call whose project was assessed, granted and reported, its
 * results a draft guide item an editor can publish. Every step goes through
 * store/calls.h as the demo's network coordinator (natverk) and an
 * applicant (sokande), with their own permissions, at times back-dated so
 * the closed call's steps fall inside its dates. Without a public address
 * (--public-url) the granted project's results are not published. */
#include "cli/demo_calls.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/clock.h"
#include "store/calls.h"
#include "store/users.h"

#define DAY 86400

/* user's permissions as a call_actor (arena-backed grants). */
static dl_err actor_of_user(db *d, arena *a, const char *username, const char *public_url, call_actor *out,
                            authz_subject *subject, dl_error *e)
{
    user u;
    dl_err rc = user_by_username(d, a, username, &u, e);
    if (rc == DL_ENOTFOUND) return dl_fail(e, rc, "the demo account %s is missing: run datalots init --demo first", username);
    if (rc != DL_OK) return rc;
    user_grant *g = arena_alloc(a, sizeof *g * AUTHZ_MAX_GRANTS);
    authz_grant *ag = arena_alloc(a, sizeof *ag * AUTHZ_MAX_GRANTS);
    if (!g || !ag) return dl_fail(e, DL_ENOMEM, "out of memory");
    int n = 0;
    rc = user_grants(d, a, u.id, g, AUTHZ_MAX_GRANTS, &n, e);
    if (rc != DL_OK) return rc;
    user_grants_to_authz(g, n, ag);
    *subject = (authz_subject){u.id, ag, n};
    *out = (call_actor){subject, {u.id, u.username}, public_url};
    return DL_OK;
}

static void day_of(int64_t t, char out[16]) { clock_local_date(t, out); }

static call_step_input no_input(void)
{
    call_step_input in;
    memset(&in, 0, sizeof in);
    for (int i = 0; i < CALL_CRITERIA_MAX; i++) in.scores[i] = -1;
    return in;
}

dl_err demo_calls_seed(db *d, const char *public_url, int64_t now, int *calls, int *applications, dl_error *e)
{
    *calls = *applications = 0;
    arena *a = arena_new(16384);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    call_actor coordinator, applicant;
    authz_subject cs, as;
    dl_err rc = actor_of_user(d, a, "natverk", public_url, &coordinator, &cs, e);
    if (rc == DL_OK) rc = actor_of_user(d, a, "sokande", public_url, &applicant, &as, e);

    /* The closed call: open 120 to 60 days ago, decided and reported since. */
    char opens[16], closes[16];
    day_of(now - 120 * DAY, opens);
    day_of(now - 60 * DAY, closes);
    call_fields closed = {"Gemensamma mallar för datahanteringsplaner",
                          "Stödfunktionerna tar tillsammans fram mallar för datahanteringsplaner som alla "
                          "regioner och universitet kan använda, så att forskaren skriver en plan som alla "
                          "datahållare godtar.",
                          opens, closes,
                          "Nytta för forskare i hela landet\nSamarbete mellan minst två stödfunktioner\n"
                          "Resultatet kan användas fritt",
                          "400 000 kr"};
    int64_t call_id = 0, app_id = 0;
    if (rc == DL_OK) rc = call_create(d, &coordinator, &closed, now - 130 * DAY, &call_id, e);
    if (rc == DL_OK) {
        ++*calls;
        call_application_fields f = {"Regionalt forskningsstöd Norr", "forskningsstod@norr.example",
                                     "Mallar för datahanteringsplaner i registerforskning",
                                     "Vi tar fram tre mallar (registerstudie, biobanksstudie, kvalitetsregister) "
                                     "med Kliniskt forskningscentrum Syd och prövar dem med tio projekt."};
        rc = call_apply(d, &applicant, call_id, &f, now - 90 * DAY, &app_id, e);
    }
    if (rc == DL_OK) {
        ++*applications;
        call_step_input in = no_input();
        in.scores[0] = 5, in.scores[1] = 4, in.scores[2] = 5;
        in.comments[0] = "Mallarna behövs i hela landet.";
        rc = call_step(d, &coordinator, app_id, CE_ASSESS, &in, now - 55 * DAY, e);
    }
    if (rc == DL_OK) {
        call_step_input in = no_input();
        in.reason = "Projektet uppfyller alla kriterier och har två stödfunktioner med.";
        rc = call_step(d, &coordinator, app_id, CE_GRANT, &in, now - 50 * DAY, e);
    }
    /* The results cite the project's page, so they need the public address. */
    if (rc == DL_OK && public_url && *public_url) {
        call_step_input in = no_input();
        in.results_title = "Mallar för datahanteringsplaner";
        in.results_summary = "Tre mallar för datahanteringsplaner som alla datahållare i nätverket godtar.";
        in.results_body = "Mallarna finns för registerstudier, biobanksstudier och kvalitetsregister. "
                          "De prövades i tio projekt under hösten.";
        rc = call_step(d, &coordinator, app_id, CE_RESULTS, &in, now - 10 * DAY, e);
    }

    /* The open call: open since 20 days, closes in 40. */
    day_of(now - 20 * DAY, opens);
    day_of(now + 40 * DAY, closes);
    call_fields open = {"Samordnad vägledning om sekretessprövning",
                        "Projekt som gör bedömningarna av sekretess mer lika mellan datahållare, till exempel "
                        "gemensamma checklistor för samråd eller utbildning för handläggare.",
                        opens, closes,
                        "Gör bedömningarna mer förutsebara för forskaren\nBygger på nätverkets hinderkartläggning",
                        "250 000 kr"};
    if (rc == DL_OK) rc = call_create(d, &coordinator, &open, now - 25 * DAY, &call_id, e);
    if (rc == DL_OK) {
        ++*calls;
        call_application_fields f = {"Biobanks- och registerstöd, Mitt", "stod@mitt.example",
                                     "Checklista för samråd om sekretess",
                                     "En checklista som handläggare och sekretessgranskare i tre regioner prövar "
                                     "på sina samråd under våren."};
        rc = call_apply(d, &applicant, call_id, &f, now - 5 * DAY, &app_id, e);
        if (rc == DL_OK) ++*applications;
    }
    arena_free(a);
    return rc;
}

dl_err demo_calls_check(db *d, dl_error *e)
{
    arena *a = arena_new(4096);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    call_actor who;
    authz_subject s;
    dl_err rc = actor_of_user(d, a, "natverk", "", &who, &s, e);
    if (rc == DL_OK) rc = actor_of_user(d, a, "sokande", "", &who, &s, e);
    arena_free(a);
    return rc;
}
