/* holder_profile.c — a fetched holder profile read and checked field by
 * field (see holder_profile.h): the first thing out of shape refuses it. */
#include "core/holder_profile.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

/* A bounded string without control characters, copied; NULL when not. */
static const char *text_of(arena *a, json_t *v, int allow_empty)
{
    if (!json_is_string(v)) return NULL;
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (n > HOLDER_PROFILE_TEXT_MAX || (!n && !allow_empty) || strlen(s) != n) return NULL;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) return NULL;
    return arena_strdup(a, s);
}

static int number_of(json_t *v, double lo, double hi, double *out)
{
    if (!json_is_number(v)) return 0;
    double d = json_number_value(v);
    if (!isfinite(d) || d < lo || d > hi) return 0;
    *out = d;
    return 1;
}

static int target_of(json_t *v, hp_target *t)
{
    t->days = 0;
    t->calendar = 0;
    if (json_is_null(v)) return 1;
    json_t *days = json_object_get(v, "days"), *unit = json_object_get(v, "unit");
    if (!json_is_object(v) || !json_is_integer(days) || !json_is_string(unit)) return 0;
    json_int_t d = json_integer_value(days);
    if (d < 1 || d > HOLDER_PROFILE_DAYS_MAX) return 0;
    t->days = (int)d;
    if (strcmp(json_string_value(unit), "calendar_days") == 0) t->calendar = 1;
    else if (strcmp(json_string_value(unit), "working_days") != 0) return 0;
    return 1;
}

/* {cases, median_days, p90_days}: all null, or a whole count from 5 and days in range. */
static const char *read_figure(json_t *v, hp_lead *l)
{
    memset(l, 0, sizeof *l);
    json_t *cases = json_object_get(v, "cases"), *med = json_object_get(v, "median_days"), *p90 = json_object_get(v, "p90_days");
    if (json_is_null(cases) && json_is_null(med) && json_is_null(p90)) return NULL;
    double c;
    if (!number_of(cases, 5, 1e7, &c) || c != (double)(int64_t)c) return "a lead time's number of cases is not a whole number from 5";
    if (!number_of(med, 0, HOLDER_PROFILE_DAYS_MAX, &l->median_days) ||
        !number_of(p90, 0, HOLDER_PROFILE_DAYS_MAX, &l->p90_days))
        return "a lead time is not a number of days from 0 to 3650";
    if (l->p90_days < l->median_days) return "a lead time's 90th percentile is below its median";
    l->cases = (int64_t)c;
    l->shown = 1;
    return NULL;
}

static const char *read_lead(json_t *v, hp_org *o)
{
    static const char *const procs[3] = {"all", "1", "2"};
    json_t *p = json_object_get(v, "process"), *m = json_object_get(v, "measure");
    if (!json_is_object(v) || !json_is_string(p) || !json_is_string(m)) return "a lead time is not an object with a process and a measure";
    if (strcmp(json_string_value(m), "receipt_to_delivery") == 0) return read_figure(v, &o->delivery);
    if (strcmp(json_string_value(m), "complete_application_to_decision") != 0) return "a lead time names an unknown measure";
    for (int i = 0; i < 3; i++)
        if (strcmp(json_string_value(p), procs[i]) == 0) return read_figure(v, &o->lead[i]);
    return "a lead time names an unknown process";
}

static const char *read_org(arena *a, json_t *v, hp_org *o)
{
    if (!json_is_object(v)) return "an organisation is not an object";
    if (!(o->name = text_of(a, json_object_get(v, "name"), 0))) return "an organisation has no name, or a name too long";
    o->process_page = text_of(a, json_object_get(v, "process_page"), 1);
    if (!o->process_page || (*o->process_page && o->process_page[0] != '/')) o->process_page = "";
    json_t *steps = json_object_get(v, "steps"), *needs = json_object_get(v, "needed_to_send");
    json_t *fees = json_object_get(v, "fees"), *lead = json_object_get(v, "lead_times");
    if (!json_is_array(steps) || json_array_size(steps) > HOLDER_PROFILE_STEPS_MAX) return "the steps are not a list of at most 30";
    if (!json_is_array(needs) || json_array_size(needs) > HOLDER_PROFILE_NEEDS_MAX) return "the needed fields are not a list of at most 60";
    if (!json_is_array(lead) || json_array_size(lead) > 4) return "the lead times are not a list of at most 4";
    if (!json_is_object(fees) || !json_is_boolean(json_object_get(fees, "charges"))) return "the fees do not say whether it charges";
    size_t i;
    json_t *x;
    json_array_foreach(steps, i, x) {
        hp_step *s = &o->steps[o->n_steps++];
        if (!json_is_object(x) || !(s->key = text_of(a, json_object_get(x, "key"), 0)) ||
            !(s->label = text_of(a, json_object_get(x, "label"), 0)) || !json_is_boolean(json_object_get(x, "closed")))
            return "a step has no key, label or closed flag";
        s->closed = json_is_true(json_object_get(x, "closed"));
        if (!target_of(json_object_get(x, "target"), &s->target)) return "a step's target is not 1 to 3650 working or calendar days";
        json_t *step_lead = json_object_get(x, "lead");
        if (step_lead && !json_is_null(step_lead)) {
            if (!json_is_object(step_lead)) return "a step's lead time is not an object";
            const char *why = read_figure(step_lead, &s->lead);
            if (why) return why;
        }
        json_t *split = json_object_get(x, "lead_by_process");
        if (split && !json_is_null(split)) {
            if (!json_is_object(split) || json_object_size(split) > 2) return "a step's lead times by process are not an object of process 1 and 2";
            static const char *const procs[2] = {"1", "2"};
            for (int p = 0; p < 2; p++) {
                json_t *fig = json_object_get(split, procs[p]);
                if (!fig || json_is_null(fig)) continue;
                if (!json_is_object(fig)) return "a step's lead time for a process is not an object";
                const char *why = read_figure(fig, &s->by_process[p]);
                if (why) return why;
            }
            const char *k;
            json_t *y;
            json_object_foreach(split, k, y)
                if (strcmp(k, "1") != 0 && strcmp(k, "2") != 0) return "a step's lead times name an unknown process";
        }
    }
    if (!target_of(json_object_get(v, "decision_target"), &o->decision_target)) return "the decision's target is out of range";
    json_array_foreach(needs, i, x) {
        if (!json_is_object(x) || !(o->needs[o->n_needs++] = text_of(a, json_object_get(x, "label"), 0)))
            return "a needed field has no label";
    }
    o->charges = json_is_true(json_object_get(fees, "charges"));
    if (o->charges) {
        double vat;
        if (!number_of(json_object_get(fees, "base_kronor"), 0, 1e7, &o->base_kronor) ||
            !number_of(json_object_get(fees, "hourly_kronor"), 0, 1e7, &o->hourly_kronor) ||
            !number_of(json_object_get(fees, "vat_percent"), 0, 25, &vat) ||
            (vat != 0 && vat != 6 && vat != 12 && vat != 25))
            return "the fee schedule is out of range";
        o->vat_percent = (int)vat;
    }
    json_array_foreach(lead, i, x) {
        const char *why = read_lead(x, o);
        if (why) return why;
    }
    return NULL;
}

dl_err holder_profile_parse(arena *a, const char *text, size_t len, holder_profile *out, dl_error *e)
{
    memset(out, 0, sizeof *out);
    if (len > HOLDER_PROFILE_MAX_BYTES) return dl_fail(e, DL_ELIMIT, "the feed is larger than 1 MiB");
    json_error_t je;
    json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!doc) return dl_fail(e, DL_EINVAL, "the feed is not valid JSON (line %d)", je.line);
    const char *why = NULL;
    json_t *fmt = json_object_get(doc, "format"), *orgs = json_object_get(doc, "organisations");
    if (!json_is_object(doc) || !json_is_string(fmt) || strcmp(json_string_value(fmt), "datalots-holder-profile/1") != 0)
        why = "the feed is not a datalots-holder-profile/1 document";
    else if (!json_is_array(orgs) || json_array_size(orgs) > HOLDER_PROFILE_ORGS_MAX)
        why = "the feed's organisations are not a list of at most 50";
    else if (!(out->generated_at = text_of(a, json_object_get(doc, "generated_at"), 0)))
        why = "the feed does not say when it was made";
    else if (json_object_get(doc, "version") && (!json_is_integer(json_object_get(doc, "version")) ||
                                                 json_integer_value(json_object_get(doc, "version")) < 1 ||
                                                 json_integer_value(json_object_get(doc, "version")) > 1000))
        why = "the feed's version is not a whole number from 1";
    else {
        out->version = json_object_get(doc, "version") ? (int)json_integer_value(json_object_get(doc, "version")) : 1;
        out->orgs = arena_alloc(a, sizeof *out->orgs * (json_array_size(orgs) ? json_array_size(orgs) : 1));
        if (!out->orgs) why = "out of memory";
        size_t i;
        json_t *x;
        json_array_foreach(orgs, i, x) {
            if (why) break;
            why = read_org(a, x, &out->orgs[out->n_orgs++]);
        }
    }
    json_decref(doc);
    if (why) {
        memset(out, 0, sizeof *out);
        return dl_fail(e, DL_EINVAL, "%s", why);
    }
    return DL_OK;
}

int holder_feed_url_valid(const char *url)
{
    size_t n = strlen(url);
    if (n > 2000 || (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)) return 0;
    size_t host = url[4] == 's' ? 8 : 7;
    if (n == host || url[host] == '/') return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)url[i];
        if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\') return 0;
    }
    return 1;
}
