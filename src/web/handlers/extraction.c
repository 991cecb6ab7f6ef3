/* extraction.c — a case's extraction page for the one who extracts (Data
 * och analys in Process 2, the assigned employee in Process 1): the spec
 * before anything runs, the run's progress, start and cancel. Who may is
 * the case's transition table's answer to "may this person register the
 * delivery now" — the extraction produces that delivery. */
#include "web/handlers/handlers.h"
#include "web/app.h"

#include <fcntl.h>
#include <inttypes.h>
#include <sys/stat.h>
#include <unistd.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "store/cases.h"
#include "store/delivery.h"
#include "store/extraction.h"

/* Loads the case and says whether the viewer may extract it; answers 404
 * or 403 itself and returns 0 when not. */
static int load_extractable(request *r, case_rec *c)
{
    case_facts f;
    authz_object obj;
    if (!case_load_visible(r, c, &f, &obj)) return 0;
    const char *why = NULL;
    if (case_may(&r->subject, &obj, &f, EV_REGISTER_DELIVERY, NULL, &why) != CASE_OK) {
        res_error(r, DL_EDENIED, why ? why : "Du får inte ta ut uppgifter i det här ärendet.");
        return 0;
    }
    return 1;
}

static int is_pdf(const char *path)
{
    size_t n = strlen(path);
    return n > 4 && strcmp(path + n - 4, ".pdf") == 0;
}

static void spec_to_ctx(request *r, tmpl_ctx *x, const extract_spec *s)
{
    tmpl_set_str(x, "period", arena_printf(r->a, "%s – %s", s->period_from, s->period_to));
    tmpl_set_list(x, "codes");
    for (int i = 0; i < s->n_icd; i++) {
        tmpl_ctx *o = tmpl_list_append(x, "codes");
        if (o) tmpl_set_str(o, "code", s->icd[i]);
    }
    if (s->terms.age_min >= 0 || s->terms.age_max >= 0)
        tmpl_set_str(x, "ages", arena_printf(r->a, "%d–%d", s->terms.age_min < 0 ? 0 : s->terms.age_min,
                                             s->terms.age_max < 0 ? RELEASE_AGE_MAX : s->terms.age_max));
    tmpl_set_list(x, "units");
    for (int i = 0; i < s->n_units; i++) {
        tmpl_ctx *o = tmpl_list_append(x, "units");
        if (!o) break;
        tmpl_set_str(o, "uname", s->unit_names[i]);
        tmpl_set_str(o, "ucode", s->units[i]);
    }
    tmpl_set_list(x, "refused");
    for (int i = 0; i < s->n_refused; i++) {
        tmpl_ctx *o = tmpl_list_append(x, "refused");
        if (o) tmpl_set_str(o, "uname", s->refused[i]);
    }
    tmpl_set_bool(x, "pseudonymise", s->terms.pseudonymise);
    tmpl_set_str(x, "precision", tr(r, date_precision_labels_sv[s->terms.dates]));
    tmpl_set_int(x, "small_cell", s->terms.small_cell_min);
    tmpl_set_str(x, "destroy_by", s->terms.destroy_by);
    tmpl_set_str(x, "conditions", s->conditions);
    for (int t = 0; t < SRC_TABLE__MAX; t++) {
        int cols[SPEC_COLUMNS_MAX];
        int n = extract_spec_output_columns(s, (source_table_id)t, cols);
        tmpl_set_list(x, "variables");
        for (int i = 0; i < n; i++) {
            tmpl_ctx *o = tmpl_list_append(x, "variables");
            if (!o) break;
            const source_table *st = &source_tables[t];
            tmpl_set_str(o, "table", tr(r, st->label_sv));
            tmpl_set_str(o, "name", extract_spec_column_name(s, (source_table_id)t, cols[i]));
            tmpl_set_str(o, "label", cols[i] == SPEC_PSEUDONYM_COLUMN
                                         ? tr(r, s->terms.pseudonymise ? "Pseudonym" : "Personnummer")
                                         : tr(r, st->columns[cols[i]].label_sv));
            if (cols[i] == SPEC_PSEUDONYM_COLUMN)
                tmpl_set_str(o, "description", tr(r, s->terms.pseudonymise
                                                         ? "Patientens pseudonym: samma i alla filer, olika i olika ärenden."
                                                         : "Patientens personnummer."));
            else tmpl_set_str(o, "description", tr(r, st->columns[cols[i]].description_sv));
        }
    }
}

static void run_to_ctx(request *r, tmpl_ctx *x, const extraction_run_rec *run)
{
    tmpl_set_bool(x, "has_run", 1);
    tmpl_set_int(x, "run_id", run->id);
    tmpl_set_str(x, "run_state", run_state_keys[run->state]);
    tmpl_set_str(x, "run_state_label", tr(r, run_state_label_sv(run->state)));
    tmpl_set_bool(x, "run_active", run->state == RUN_QUEUED || run->state == RUN_RUNNING);
    tmpl_set_bool(x, "run_done", run->state == RUN_DONE);
    tmpl_set_int(x, "progress", run->progress);
    tmpl_set_str(x, "percent", arena_printf(r->a, "%d", run->progress / 10));
    tmpl_set_str(x, "rows_read", count_text(r, run->rows_read));
    tmpl_set_str(x, "rows_written", count_text(r, run->rows_written));
    tmpl_set_str(x, "rate", count_text(r, (int64_t)run->rate));
    if (run->seconds_left >= 0)
        tmpl_set_str(x, "time_left", run->seconds_left >= 3600
                                         ? arena_printf(r->a, "%" PRId64 " h %02" PRId64 " min", run->seconds_left / 3600,
                                                        run->seconds_left % 3600 / 60)
                                         : arena_printf(r->a, "%" PRId64 " min %02" PRId64 " s", run->seconds_left / 60,
                                                        run->seconds_left % 60));
    tmpl_set_str(x, "run_message", tr(r, run->message));
    tmpl_set_str(x, "started_at", local_time(r, run->started_at));
    tmpl_set_str(x, "finished_at", local_time(r, run->finished_at));
    tmpl_set_str(x, "out_sha256", run->out_sha256);
    tmpl_set_str(x, "out_size", run->out_bytes >= 1000000
                                    ? arena_printf(r->a, "%s MB", count_text(r, (run->out_bytes + 500000) / 1000000))
                                    : arena_printf(r->a, "%s kB", count_text(r, (run->out_bytes + 999) / 1000)));
}

static void show(request *r, int status, const char *error, const case_rec *c)
{
    tmpl_ctx *x = page_ctx(r);
    if (!x) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_int(x, "id", c->id);
    tmpl_set_str(x, "number", c->diary_number);
    tmpl_set_str(x, "case_title", c->req.v[REQ_TITLE]);
    tmpl_set_str(x, "error", error ? error : "");
    extract_spec spec;
    dl_error e = {0};
    dl_err rc = extract_spec_for_case(r->db, r->a, c->id, &spec, &e);
    if (rc == DL_OK) {
        tmpl_set_bool(x, "has_spec", 1);
        spec_to_ctx(r, x, &spec);
    } else tmpl_set_str(x, "spec_error", error_message(r, rc, &e));
    extract_source_rec src;
    if (extract_source_for_org(r->db, r->a, c->org_id, &src, &e) == DL_OK) {
        tmpl_set_str(x, "source_name", src.name);
        tmpl_set_int(x, "source_rate", src.rows_per_second);
        tmpl_set_int(x, "source_concurrency", src.max_concurrent);
        tmpl_set_str(x, "source_window", src.time_window);
    } else tmpl_set_str(x, "source_error", error_message(r, e.code, &e));
    extraction_run_rec run;
    int active = 0, run_ok = 0;
    if (extraction_run_latest(r->db, r->a, c->id, &run, &e) == DL_OK) {
        run_ok = 1;
        run_to_ctx(r, x, &run);
        active = run.state == RUN_QUEUED || run.state == RUN_RUNNING;
    }
    tmpl_set_bool(x, "may_start", rc == DL_OK && !active && c->state == CASE_EXTRACTING);
    int paper = run_ok && run.state == RUN_DONE && is_pdf(run.out_path);
    tmpl_set_bool(x, "may_deliver", c->state == CASE_EXTRACTING && !active && run_ok && run.state == RUN_DONE &&
                                        *run.out_sha256 && !paper);
    tmpl_set_bool(x, "paper", paper);
    res_page(r, status, "extraction.html", "Uttag", x);
}

void h_case_extraction(request *r)
{
    case_rec c;
    if (load_extractable(r, &c)) show(r, 200, NULL, &c);
}

void h_case_extraction_start(request *r)
{
    case_rec c;
    if (!load_extractable(r, &c)) return;
    dl_error e = {0};
    audit_actor who = actor_of(r);
    extract_spec spec;
    /* A spec that cannot run is refused here, with its reason, not queued. */
    dl_err rc = extract_spec_for_case(r->db, r->a, c.id, &spec, &e);
    if (rc == DL_OK) rc = extraction_run_start(r->db, c.id, &who, 0, NULL, &e);
    if (rc != DL_OK) { show(r, http_status_of(rc), error_message(r, rc, &e), &c); return; }
    redirect_local(r, arena_printf(r->a, "/cases/%" PRId64 "/extraction", c.id));
}

void h_case_extraction_cancel(request *r)
{
    case_rec c;
    if (!load_extractable(r, &c)) return;
    dl_error e = {0};
    extraction_run_rec run;
    audit_actor who = actor_of(r);
    dl_err rc = extraction_run_latest(r->db, r->a, c.id, &run, &e);
    if (rc == DL_OK) rc = extraction_run_cancel(r->db, run.id, &who, &e);
    if (rc != DL_OK) { show(r, http_status_of(rc), error_message(r, rc, &e), &c); return; }
    redirect_local(r, arena_printf(r->a, "/cases/%" PRId64 "/extraction", c.id));
}

/* Sends the finished run's file to the applicant: the case's
 * register_delivery step and an expiring single-use link
 * (store/delivery.h), in one transaction. A paper delivery is registered
 * from the case page instead (it is posted, not linked). */
void h_case_extraction_deliver(request *r)
{
    case_rec c;
    if (!load_extractable(r, &c)) return;
    dl_error e = {0};
    extraction_run_rec run;
    extract_spec spec;
    audit_actor who = actor_of(r);
    dl_err rc = extraction_run_latest(r->db, r->a, c.id, &run, &e);
    if (rc == DL_OK && (run.state != RUN_DONE || !*run.out_sha256))
        rc = dl_fail(&e, DL_ECONFLICT, "Det finns ingen färdig krypterad leveransfil att skicka. Kör uttaget först.");
    if (rc == DL_OK) rc = extract_spec_for_case(r->db, r->a, c.id, &spec, &e);
    int64_t delivery_id = 0;
    if (rc == DL_OK)
        rc = delivery_offer_case(r->db, &r->subject, &who, c.id, run.out_path, run.out_sha256, run.out_bytes,
                                 spec.terms.destroy_by, DELIVERY_HOURS_DEFAULT, r->app->cfg->public_url,
                                 arena_printf(r->a, "Krypterad fil, SHA-256 %s, %" PRId64 " byte.", run.out_sha256,
                                              run.out_bytes),
                                 &delivery_id, &e);
    if (rc != DL_OK) { show(r, http_status_of(rc), error_message(r, rc, &e), &c); return; }
    redirect_local(r, arena_printf(r->a, "/cases/%" PRId64, c.id));
}

/* GET: the finished run's PDF for a paper delivery (Process 1), to print
 * and post, once (then removed; audited); registered from the case page as
 * a paper delivery. Encrypted files are never served here: they go to the
 * researcher by link. */
void h_case_extraction_pdf(request *r)
{
    case_rec c;
    if (!load_extractable(r, &c)) return;
    dl_error e = {0};
    extraction_run_rec run;
    size_t n = 0;
    (void)n;
    dl_err rc = extraction_run_latest(r->db, r->a, c.id, &run, &e);
    if (rc != DL_OK || run.state != RUN_DONE || !is_pdf(run.out_path)) {
        res_lookup_failed(r, rc, &e, "Det finns ingen färdig utskrift för det här ärendet.");
        return;
    }
    int fd = open(run.out_path, O_RDONLY | O_CLOEXEC);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0) {
        if (fd >= 0) close(fd);
        res_error(r, DL_EGONE, "Utskriften finns inte längre; kör uttaget igen.");
        return;
    }
    /* One download, like the encrypted file's: the open descriptor keeps
     * the bytes for this response; no plaintext copy stays on the server. */
    unlink(run.out_path);
    audit_actor who = actor_of(r);
    dl_error ignored;
    (void)audit_append(r->db, &who, "extract.pdf_fetch", "extraction_run",
                       arena_printf(r->a, "%" PRId64, run.id), NULL, NULL, run.out_sha256, &ignored);
    res_file(r, fd, (uint64_t)sb.st_size, "application/pdf");
    res_header(r, "Content-Disposition", arena_printf(r->a, "attachment; filename=\"case-%" PRId64 ".pdf\"", c.id));
}

/* The run's progress as JSON, for the page's script. */
void h_case_extraction_progress(request *r)
{
    case_rec c;
    if (!load_extractable(r, &c)) return;
    dl_error e = {0};
    extraction_run_rec run;
    dl_err rc = extraction_run_latest(r->db, r->a, c.id, &run, &e);
    if (rc != DL_OK) { res_lookup_failed(r, rc, &e, "Ärendet har inget uttag ännu."); return; }
    json_t *doc = json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:s}", "id", (json_int_t)run.id, "state",
                            run_state_keys[run.state], "state_label", tr(r, run_state_label_sv(run.state)),
                            "progress", (json_int_t)run.progress, "rows_read", (json_int_t)run.rows_read,
                            "rows_written", (json_int_t)run.rows_written, "rate", (json_int_t)run.rate,
                            "seconds_left", (json_int_t)run.seconds_left, "message", run.message);
    char *text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
    json_decref(doc);
    if (!text) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    res_json(r, 200, arena_strdup(r->a, text));
    free(text);
}
