/* samrad.c — the samråd's meetings on the web: the list and a new meeting
 * (/samrad), a meeting's page (attendees by competence, the agenda with an
 * assessment form per case and a button that takes the case off again, the
 * ready cases to add, "hold the meeting"),
 * and its minutes as a letter (HTML and PDF). Whoever may record the
 * samråd's recommendation at the meeting's organisation (ACT_CASE_RECOMMEND:
 * coordinators, samråd members) reads and changes it; others get 404. A
 * held meeting moved its cases through case_transition_in_tx() in the
 * store (store/samrad.c); the words of the minutes are
 * report/samrad_minutes.c's. */
#include "web/handlers/handlers.h"
#include "web/handlers/samrad_fields.h"
#include "web/app.h"
#include "web/doc_web.h"
#include "report/doc_pdf.h"
#include "report/samrad_minutes.h"
#include "store/samrad.h"
#include "core/calendar.h"
#include "core/clock.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define PDF_LIMIT (8 << 20)
#define P2_WORKING_DAYS 10 /* the units' time to answer in Process 2, from the meeting */

static int may_at_org(request *r, const char *org_path)
{
    authz_object o = {.node_path = org_path, .state = -1};
    return authz_may(&r->subject, ACT_CASE_RECOMMEND, &o);
}

/* Meeting {id} when the viewer may see it; else answers 404 and returns 0. */
static int load_meeting(request *r, samrad_meeting_rec *m)
{
    int64_t id = req_param_id(r, 0);
    dl_error e = {0};
    dl_err rc = id ? samrad_meeting_get(r->db, r->a, id, m, &e) : DL_ENOTFOUND;
    if (rc == DL_OK && may_at_org(r, m->org_path)) return 1;
    if (rc != DL_OK && rc != DL_ENOTFOUND) { res_error_from(r, rc, &e); return 0; }
    res_error(r, DL_ENOTFOUND, "Det finns inget sådant samrådsmöte.");
    return 0;
}

static const char *competence_label(request *r, const char *key)
{
    samrad_competence c;
    return samrad_competence_from_key(key, &c) == 0 ? tr(r, samrad_competence_label_sv(c)) : key;
}

void h_samrad_list(request *r)
{
    tmpl_ctx *c = page_ctx(r);
    samrad_meeting_rec *ms = arena_alloc(r->a, sizeof *ms * SAMRAD_PAGE_MAX);
    if (!c || !ms) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    dl_error e = {0};
    int n = 0, shown = 0;
    dl_err rc = samrad_meeting_list(r->db, r->a, ms, SAMRAD_PAGE_MAX, &n, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    tmpl_set_list(c, "meetings");
    for (int i = 0; i < n; i++) {
        if (!may_at_org(r, ms[i].org_path)) continue;
        tmpl_ctx *x = tmpl_list_append(c, "meetings");
        if (!x) break;
        tmpl_set_int(x, "mid", ms[i].id);
        tmpl_set_str(x, "held_on", ms[i].held_on);
        tmpl_set_str(x, "place", ms[i].place);
        tmpl_set_str(x, "org_name", ms[i].org_name);
        tmpl_set_int(x, "n_items", ms[i].n_items);
        tmpl_set_bool(x, "held", strcmp(ms[i].state, "held") == 0);
        tmpl_set_str(x, "minutes_number", ms[i].minutes_number);
        shown++;
    }
    tmpl_set_bool(c, "has_meetings", shown > 0);
    int n_nodes = 0, n_orgs = 0;
    org_node_rec *nodes = load_org_tree(r, &n_nodes);
    if (!nodes) return;
    tmpl_set_list(c, "orgs");
    for (int i = 0; i < n_nodes; i++) {
        if (nodes[i].parent_id != 0 || !may_at_org(r, nodes[i].path)) continue;
        tmpl_ctx *o = tmpl_list_append(c, "orgs");
        if (!o) break;
        tmpl_set_int(o, "org_id", nodes[i].id);
        tmpl_set_str(o, "org_name", nodes[i].name);
        n_orgs++;
    }
    tmpl_set_bool(c, "has_orgs", n_orgs > 0);
    char today[16];
    clock_local_date(clock_now(), today);
    tmpl_set_str(c, "today", today);
    res_page(r, 200, "samrad_list.html", "Samråd", c);
}

void h_samrad_create(request *r)
{
    if (r->form.n_errors) { res_error(r, DL_EINVAL, r->form.first_error); return; }
    int64_t org_id = form_at(&r->form, SAMRAD_NEW_ORG)->num;
    dl_error e = {0};
    org_node_rec o;
    dl_err orc = org_get(r->db, r->a, org_id, &o, &e);
    if (orc != DL_OK && orc != DL_ENOTFOUND) { res_error_from(r, orc, &e); return; }
    if (orc != DL_OK || o.parent_id != 0 || !may_at_org(r, o.path)) {
        res_error(r, DL_EINVAL, "Välj den förvaltning vars samråd möts.");
        return;
    }
    audit_actor who = actor_of(r);
    int64_t id = 0;
    dl_err rc = samrad_meeting_create(r->db, org_id, form_at(&r->form, SAMRAD_NEW_HELD_ON)->text,
                                      form_at(&r->form, SAMRAD_NEW_PLACE)->text, &who, &id, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    redirect_local(r, arena_printf(r->a, "/samrad/%" PRId64, id));
}

static void show_meeting(request *r, int status, const char *error, const samrad_meeting_rec *m)
{
    tmpl_ctx *c = page_ctx(r);
    samrad_attendee_rec *att = arena_alloc(r->a, sizeof *att * SAMRAD_PAGE_MAX);
    samrad_item_rec *items = arena_alloc(r->a, sizeof *items * SAMRAD_PAGE_MAX);
    samrad_item_rec *ready = arena_alloc(r->a, sizeof *ready * SAMRAD_PAGE_MAX);
    if (!c || !att || !items || !ready) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    int held = strcmp(m->state, "held") == 0;
    tmpl_set_str(c, "error", error ? error : "");
    tmpl_set_int(c, "mid", m->id);
    tmpl_set_str(c, "held_on", m->held_on);
    tmpl_set_str(c, "place", m->place);
    tmpl_set_str(c, "org_name", m->org_name);
    tmpl_set_bool(c, "held", held);
    tmpl_set_bool(c, "planned", !held);
    tmpl_set_str(c, "minutes_number", m->minutes_number);
    tmpl_set_int(c, "minutes_entry", m->minutes_diary_entry_id);
    dl_error e = {0};
    int na = 0, ni = 0, nr = 0;
    dl_err rc = samrad_attendees(r->db, r->a, m->id, att, SAMRAD_PAGE_MAX, &na, &e);
    if (rc == DL_OK) rc = samrad_agenda(r->db, r->a, m->id, items, SAMRAD_PAGE_MAX, &ni, &e);
    if (rc == DL_OK && !held) rc = samrad_ready_cases(r->db, r->a, m->org_id, ready, SAMRAD_PAGE_MAX, &nr, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    unsigned present = 0;
    tmpl_set_list(c, "attendees");
    for (int i = 0; i < na; i++) {
        tmpl_ctx *x = tmpl_list_append(c, "attendees");
        if (!x) break;
        samrad_competence k;
        if (samrad_competence_from_key(att[i].competence, &k) == 0) present |= SAMRAD_COMP_BIT(k);
        tmpl_set_int(x, "aid", att[i].id);
        tmpl_set_str(x, "aname", att[i].name);
        tmpl_set_str(x, "acompetence", competence_label(r, att[i].competence));
    }
    tmpl_set_bool(c, "has_attendees", na > 0);
    unsigned missing = samrad_missing_required(present);
    tmpl_set_list(c, "competences");
    tmpl_set_list(c, "missing");
    for (int k = 0; k < SAMRAD_COMPETENCE__MAX; k++) {
        tmpl_ctx *x = tmpl_list_append(c, "competences");
        if (!x) break;
        tmpl_set_str(x, "ckey", samrad_competence_keys[k]);
        tmpl_set_str(x, "clabel", tr(r, samrad_competence_label_sv((samrad_competence)k)));
        tmpl_set_bool(x, "crequired", samrad_competence_required((samrad_competence)k));
        if (missing & SAMRAD_COMP_BIT(k)) {
            tmpl_ctx *y = tmpl_list_append(c, "missing");
            if (y) tmpl_set_str(y, "mlabel", tr(r, samrad_competence_label_sv((samrad_competence)k)));
        }
    }
    tmpl_set_bool(c, "has_missing", missing != 0);
    tmpl_set_list(c, "items");
    for (int i = 0; i < ni; i++) {
        const samrad_item_rec *it = &items[i];
        tmpl_ctx *x = tmpl_list_append(c, "items");
        if (!x) break;
        tmpl_set_int(x, "case_id", it->case_id);
        tmpl_set_int(x, "iversion", it->version);
        tmpl_set_str(x, "ititle", *it->case_title ? it->case_title : tr(r, "(utan titel)"));
        tmpl_set_str(x, "inumber", it->diary_number);
        tmpl_set_str(x, "iprocess", it->process == 2 ? tr(r, "Process 2") : tr(r, "Process 1"));
        case_state s;
        tmpl_set_str(x, "istate", case_state_from_key(it->case_state, &s) == 0 ? tr(r, case_state_label_sv(s)) : it->case_state);
        tmpl_set_bool(x, "review_done", it->review_documented);
        tmpl_set_list(x, "assessments");
        for (int p = 0; p < SAMRAD_ASSESS__MAX; p++) {
            tmpl_ctx *y = tmpl_list_append(x, "assessments");
            if (!y) break;
            tmpl_set_str(y, "akey", samrad_assessment_key((samrad_assessment_part)p));
            tmpl_set_str(y, "alabel", tr(r, samrad_assessment_label_sv((samrad_assessment_part)p)));
            tmpl_set_str(y, "avalue", samrad_texts_get(&it->texts, (samrad_assessment_part)p));
        }
        tmpl_set_str(x, "conditions", it->conditions);
        tmpl_set_bool(x, "rec_none", !*it->recommendation);
        tmpl_set_bool(x, "rec_release", strcmp(it->recommendation, "release") == 0);
        tmpl_set_bool(x, "rec_refusal", strcmp(it->recommendation, "refusal") == 0);
        tmpl_set_str(x, "rec_label", strcmp(it->recommendation, "release") == 0   ? tr(r, "Utlämnande")
                                     : strcmp(it->recommendation, "refusal") == 0 ? tr(r, "Avslag")
                                                                                  : tr(r, "Ingen ännu"));
        tmpl_set_bool(x, "tabled", strcmp(it->outcome, "tabled") == 0);
        tmpl_set_bool(x, "assessed", !samrad_texts_empty(&it->texts) || *it->recommendation || *it->conditions);
    }
    tmpl_set_bool(c, "has_items", ni > 0);
    tmpl_set_list(c, "ready");
    for (int i = 0; i < nr; i++) {
        tmpl_ctx *x = tmpl_list_append(c, "ready");
        if (!x) break;
        tmpl_set_int(x, "rid", ready[i].case_id);
        tmpl_set_str(x, "rlabel", arena_printf(r->a, "%s – %s", *ready[i].diary_number ? ready[i].diary_number : "–",
                                               *ready[i].case_title ? ready[i].case_title : tr(r, "(utan titel)")));
    }
    tmpl_set_bool(c, "has_ready", nr > 0);
    res_page(r, status, "samrad_meeting.html", "Samrådsmöte", c);
}

void h_samrad_meeting(request *r)
{
    samrad_meeting_rec m;
    if (load_meeting(r, &m)) show_meeting(r, 200, NULL, &m);
}

/* After a change: back to the meeting, or the page with the sentence. */
static void after(request *r, const samrad_meeting_rec *m, dl_err rc, const dl_error *e)
{
    if (rc == DL_OK) { redirect_local(r, arena_printf(r->a, "/samrad/%" PRId64, m->id)); return; }
    samrad_meeting_rec now;
    dl_error e2 = {0};
    const char *msg = error_message(r, rc, e);
    if (samrad_meeting_get(r->db, r->a, m->id, &now, &e2) == DL_OK) show_meeting(r, http_status_of(rc), msg, &now);
    else res_error(r, rc, msg);
}

void h_samrad_attendees(request *r)
{
    samrad_meeting_rec m;
    if (!load_meeting(r, &m)) return;
    if (r->form.n_errors) { show_meeting(r, http_status_of(DL_EINVAL), r->form.first_error, &m); return; }
    dl_error e = {0};
    audit_actor who = actor_of(r);
    dl_err rc;
    const form_value *remove = form_at(&r->form, SAMRAD_ATT_REMOVE);
    if (remove->text) rc = samrad_attendee_remove(r->db, m.id, remove->num, &who, &e);
    else {
        const form_value *comp = form_at(&r->form, SAMRAD_ATT_COMPETENCE);
        rc = samrad_attendee_add(r->db, m.id, form_at(&r->form, SAMRAD_ATT_NAME)->text,
                                 comp->text ? samrad_competence_keys[comp->num] : NULL, 0, &who, &e);
    }
    after(r, &m, rc, &e);
}

void h_samrad_agenda_add(request *r)
{
    samrad_meeting_rec m;
    if (!load_meeting(r, &m)) return;
    if (r->form.n_errors) { show_meeting(r, http_status_of(DL_EINVAL), r->form.first_error, &m); return; }
    dl_error e = {0};
    audit_actor who = actor_of(r);
    dl_err rc = samrad_agenda_add(r->db, m.id, form_at(&r->form, SAMRAD_AGENDA_CASE)->num, &who, &e);
    after(r, &m, rc, &e);
}

/* POST /samrad/{id}/agenda/{case}/remove: off a planned meeting's agenda. */
void h_samrad_agenda_remove(request *r)
{
    samrad_meeting_rec m;
    if (!load_meeting(r, &m)) return;
    dl_error e = {0};
    audit_actor who = actor_of(r);
    dl_err rc = samrad_agenda_remove(r->db, m.id, req_param_id(r, 1), &who, &e);
    after(r, &m, rc, &e);
}

void h_samrad_assessment(request *r)
{
    samrad_meeting_rec m;
    if (!load_meeting(r, &m)) return;
    if (r->form.n_errors) { show_meeting(r, http_status_of(DL_EINVAL), r->form.first_error, &m); return; }
    const form_value *rec = form_at(&r->form, SAMRAD_AS_RECOMMENDATION);
    samrad_assessment as = {
        .texts = assessment_texts_from(&r->form, SAMRAD_AS_TEXT),
        .recommendation = rec->text && rec->num > 0 ? samrad_recommendation_form_values[rec->num] : "",
        .conditions = form_at(&r->form, SAMRAD_AS_CONDITIONS)->text,
        .expected_version = form_at(&r->form, SAMRAD_AS_VERSION)->num,
    };
    dl_error e = {0};
    audit_actor who = actor_of(r);
    dl_err rc = samrad_assess(r->db, m.id, req_param_id(r, 1), &as, &who, &e);
    after(r, &m, rc, &e);
}

void h_samrad_hold(request *r)
{
    samrad_meeting_rec m;
    if (!load_meeting(r, &m)) return;
    /* Process 2: the units answer within ten working days of the meeting
     * (of today, when the meeting is recorded afterwards). */
    char today[16], deadline[11] = "";
    clock_local_date(clock_now(), today);
    const char *from = strcmp(m.held_on, today) > 0 ? m.held_on : today;
    cal_date day;
    if (cal_parse_iso(from, strlen(from), 2000, 2200, &day))
        cal_format_iso(cal_add_working_days(day, P2_WORKING_DAYS), deadline);
    dl_error e = {0};
    audit_actor who = actor_of(r);
    samrad_hold_result res;
    dl_err rc = samrad_hold(r->db, m.id, deadline, &r->subject, &who, r->app->cfg->public_url, &res, &e);
    after(r, &m, rc, &e);
}

/* The minutes as a letter, from the meeting's tables. */
static doc *build_minutes(request *r, const samrad_meeting_rec *m, const char *letter_lg)
{
    samrad_attendee_rec *att = arena_alloc(r->a, sizeof *att * SAMRAD_PAGE_MAX);
    samrad_item_rec *items = arena_alloc(r->a, sizeof *items * SAMRAD_PAGE_MAX);
    samrad_minutes_attendee *ma = arena_alloc(r->a, sizeof *ma * SAMRAD_PAGE_MAX);
    samrad_minutes_item *mi = arena_alloc(r->a, sizeof *mi * SAMRAD_PAGE_MAX);
    doc *d = doc_new(r->a);
    if (!att || !items || !ma || !mi || !d) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return NULL; }
    dl_error e = {0};
    int na = 0, ni = 0;
    dl_err rc = samrad_attendees(r->db, r->a, m->id, att, SAMRAD_PAGE_MAX, &na, &e);
    if (rc == DL_OK) rc = samrad_agenda(r->db, r->a, m->id, items, SAMRAD_PAGE_MAX, &ni, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return NULL; }
    int held = strcmp(m->state, "held") == 0;
    for (int i = 0; i < na; i++) ma[i] = (samrad_minutes_attendee){att[i].name, att[i].competence};
    for (int i = 0; i < ni; i++)
        mi[i] = (samrad_minutes_item){
            .diary_number = items[i].diary_number, .title = items[i].case_title, .texts = items[i].texts,
            .review_documented = items[i].review_documented, .recommendation = items[i].recommendation,
            .conditions = items[i].conditions,
            .tabled = held ? strcmp(items[i].outcome, "tabled") == 0 : !*items[i].recommendation,
        };
    samrad_minutes_input in = {
        .lang = letter_lg, .org_name = m->org_name, .number = m->minutes_number, .held_on = m->held_on,
        .place = m->place, .held = held, .attendees = ma, .n_attendees = (size_t)na, .items = mi,
        .n_items = (size_t)ni,
    };
    if (samrad_minutes_build(d, &in, &e) != DL_OK) {
        fprintf(stderr, "samrad meeting %" PRId64 " minutes: %s\n", m->id, e.msg);
        res_error(r, DL_EINTERNAL, "Handlingen kunde inte ställas upp.");
        return NULL;
    }
    return d;
}

static const char *minutes_lang(request *r)
{
    const form_value *v = query_at(r, SAMRAD_MIN_Q_LANG);
    if (v->text) return v->num == 1 ? "en" : "sv";
    return r->lang == LANG_EN ? "en" : "sv";
}

void h_samrad_minutes(request *r)
{
    samrad_meeting_rec m;
    if (!load_meeting(r, &m)) return;
    const char *lg = minutes_lang(r);
    doc *d = build_minutes(r, &m, lg);
    if (!d) return;
    tmpl_ctx *c = doc_page_ctx(r, d);
    if (!c) return;
    tmpl_set_int(c, "mid", m.id);
    tmpl_set_str(c, "doc_lang", lg);
    int en = strcmp(lg, "en") == 0;
    tmpl_set_str(c, "alt_lang", en ? "sv" : "en");
    tmpl_set_str(c, "alt_lang_label", en ? "Svenska" : "English");
    res_page(r, 200, "samrad_minutes.html", "Protokoll från samrådsmöte", c);
}

void h_samrad_minutes_pdf(request *r)
{
    samrad_meeting_rec m;
    if (!load_meeting(r, &m)) return;
    const char *lg = minutes_lang(r);
    doc *d = build_minutes(r, &m, lg);
    if (!d) return;
    doc_pdf_opts o = {.author = m.org_name, .subject = *m.minutes_number ? m.minutes_number : NULL};
    strbuf pdf;
    sb_init(&pdf, 65536);
    pdf.limit = PDF_LIMIT;
    dl_error e = {0};
    if (doc_pdf_render(d, &o, &pdf, NULL, &e) != DL_OK) {
        sb_free(&pdf);
        fprintf(stderr, "samrad meeting %" PRId64 " minutes: %s\n", m.id, e.msg);
        res_error(r, DL_EINTERNAL, "Handlingen kunde inte ställas upp.");
        return;
    }
    res_header(r, "Content-Disposition",
               arena_printf(r->a, "inline; filename=\"samradsprotokoll-%s%s.pdf\"", m.held_on,
                            strcmp(lg, "en") == 0 ? "-en" : ""));
    r->res.status = 200;
    r->res.content_type = "application/pdf";
    sb_free(&r->res.body);
    r->res.body = pdf;
}
