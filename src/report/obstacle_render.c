/* obstacle_render.c — see obstacle_render.h: the formats, the language, the
 * rows shared by the CSV and the XLSX, and writing any format to a file
 * descriptor. */
#include "report/obstacle_render.h"
#include "core/clock.h"
#include "web/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
    const char *key, *mime;
} formats[OF__MAX] = {
    [OF_HTML] = {"html", "text/html; charset=utf-8"},
    [OF_PDF] = {"pdf", "application/pdf"},
    [OF_CSV] = {"csv", "text/csv; charset=utf-8"},
    [OF_XLSX] = {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
};

int obstacle_format_parse(const char *s, obstacle_format *out)
{
    for (int f = 0; s && f < OF__MAX; f++)
        if (strcmp(formats[f].key, s) == 0) {
            *out = (obstacle_format)f;
            return 0;
        }
    return -1;
}

const char *obstacle_format_key(obstacle_format f) { return (unsigned)f < OF__MAX ? formats[f].key : NULL; }
const char *obstacle_format_mime(obstacle_format f) { return (unsigned)f < OF__MAX ? formats[f].mime : NULL; }

const char *obstacle_tr(const obstacle_render *r, const char *msgid)
{
    return r->english ? i18n_english(msgid) : msgid;
}

const char *obstacle_count_label(const obstacle_render *r, const obstacle_count *c)
{
    if (r->english && c->label_en && *c->label_en) return c->label_en;
    return c->translate ? obstacle_tr(r, c->label) : c->label;
}

/* ---- the rows of the CSV and the XLSX ---------------------------------------- */

static const char *label_of_key(const obstacle_render *r, obstacle_dim dim, const char *key)
{
    for (int i = 0; i < r->s->n_rows[dim]; i++)
        if (strcmp(r->s->rows[dim][i].key, key) == 0) return obstacle_count_label(r, &r->s->rows[dim][i]);
    return key;
}

typedef struct rows_walk {
    const obstacle_render *r;
    obstacle_row_fn fn;
    void *ud;
    int stopped;
} rows_walk;

static int emit(rows_walk *w, const char *a, const char *b, const char *c, int64_t n, const char *d, const char *s,
                const char *t)
{
    char num[24] = "";
    if (n >= 0) snprintf(num, sizeof num, "%lld", (long long)n);
    const char *cells[OBSTACLE_ROW_CELLS] = {a, b, c, num, d, s, t};
    for (int i = 0; i < OBSTACLE_ROW_CELLS; i++)
        if (cells[i] && !*cells[i]) cells[i] = NULL; /* nothing, rather than "" */
    if (!w->stopped && w->fn(w->ud, cells) != 0) w->stopped = 1;
    return w->stopped;
}

static int64_t age_of(int64_t now, const char *created_at)
{
    int64_t at = clock_parse_iso_utc(created_at);
    return at > 0 && at <= now ? (now - at) / 86400 : 0;
}

static int text_row(void *ud, const obstacle_text_rec *o)
{
    rows_walk *w = ud;
    char ref[24], day[11];
    obstacle_reference(o->id, ref);
    snprintf(day, sizeof day, "%.10s", o->created_at);
    return emit(w, "obstacle", ref, label_of_key(w->r, OD_CATEGORY, o->category), age_of(w->r->s->now, o->created_at),
                day, label_of_key(w->r, OD_STATE, o->state), o->what_happened);
}

dl_err obstacle_render_rows(const obstacle_render *r, obstacle_row_fn fn, void *ud, dl_error *e)
{
    const obstacle_summary *s = r->s;
    rows_walk w = {r, fn, ud, 0};
    const char *header[OBSTACLE_ROW_CELLS] = {obstacle_tr(r, "Del"),  obstacle_tr(r, "Nyckel"),
                                              obstacle_tr(r, "Benämning"), obstacle_tr(r, "Antal"),
                                              obstacle_tr(r, "Dag"),   obstacle_tr(r, "Status"),
                                              obstacle_tr(r, "Text")};
    if (fn(ud, header) != 0) return DL_OK;
    emit(&w, "period", s->period.from, s->period.to, -1, "", "", "");
    emit(&w, "total", "obstacles", obstacle_tr(r, "Hinder i perioden"), s->total, "", "", "");
    for (int dim = 0; dim < OD__MAX; dim++)
        for (int i = 0; i < s->n_rows[dim]; i++)
            emit(&w, obstacle_dim_key((obstacle_dim)dim), s->rows[dim][i].key, obstacle_count_label(r, &s->rows[dim][i]),
                 s->rows[dim][i].n, "", "", "");
    emit(&w, "age", "open", obstacle_tr(r, "Öppna hinder"), s->open, "", "", "");
    if (s->open > 0) {
        emit(&w, "age", "median_days", obstacle_tr(r, "Medianålder för öppna hinder, dagar"), s->median_age_days, "",
             "", "");
        char ref[24];
        obstacle_reference(s->oldest_id, ref);
        emit(&w, "age", "oldest_days", obstacle_tr(r, "Äldsta öppna hindret, dagar"), s->oldest_age_days, "", "", ref);
    }
    emit(&w, "outcome", "closed", obstacle_tr(r, "Avslutade hinder"), s->closed, "", "", "");
    for (int st = 0; st < OBSTACLE_STATE__MAX; st++)
        if (obstacle_state_is_outcome((obstacle_state)st))
            emit(&w, "outcome", obstacle_state_key((obstacle_state)st),
                 obstacle_tr(r, obstacle_state_label_sv((obstacle_state)st)), s->outcome[st], "", "", "");
    /* "Efter typ av utfall": the measures by outcome type and status, then
     * the obstacles each type addresses (their reference in the text cell). */
    emit(&w, "measure", "measures", obstacle_tr(r, "Åtgärder registrerade i perioden"), s->measures_total, "", "", "");
    for (int o = 0; o < MEASURE_OUTCOME__MAX; o++)
        for (int st = 0; st < MEASURE_STATUS__MAX; st++)
            emit(&w, "measure", measure_outcome_keys[o], obstacle_tr(r, measure_outcome_label_sv(o)),
                 s->measures[o][st], "", obstacle_tr(r, measure_status_label_sv(st)), "");
    for (int i = 0; i < s->n_addressed; i++) {
        char ref[24];
        obstacle_reference(s->addressed[i].obstacle_id, ref);
        emit(&w, "measure_obstacle", measure_outcome_keys[s->addressed[i].outcome],
             obstacle_tr(r, measure_outcome_label_sv(s->addressed[i].outcome)), s->addressed[i].measures, "", "", ref);
    }
    if (w.stopped) return DL_OK;
    return obstacle_texts_each(r->d, &s->period, r->text_limit, text_row, &w, e);
}

/* ---- any format to a descriptor ------------------------------------------------ */

static dl_err copy_file(const char *path, int fd, dl_error *e)
{
    FILE *f = fopen(path, "rb");
    if (!f) return dl_fail(e, DL_EIO, "Rapportfilen kunde inte läsas.");
    char buf[65536];
    size_t n;
    dl_err rc = DL_OK;
    while (rc == DL_OK && (n = fread(buf, 1, sizeof buf, f)) > 0)
        for (size_t off = 0; off < n && rc == DL_OK;) {
            ssize_t w = write(fd, buf + off, n - off);
            if (w <= 0) rc = dl_fail(e, DL_EIO, "Rapporten kunde inte skrivas.");
            else off += (size_t)w;
        }
    fclose(f);
    return rc;
}

dl_err obstacle_render_to_fd(const obstacle_render *r, obstacle_format f, int fd, const char *tmpdir, dl_error *e)
{
    switch (f) {
    case OF_HTML: return obstacle_render_html_fd(r, fd, e);
    case OF_PDF: return obstacle_render_pdf(r, fd, NULL, e);
    case OF_CSV: return obstacle_render_csv(r, fd, e);
    case OF_XLSX: {
        char path[512];
        snprintf(path, sizeof path, "%s/datalots-obstacles-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
        int t = mkstemp(path);
        if (t < 0) return dl_fail(e, DL_EIO, "Ingen tillfällig fil kunde skapas för kalkylbladet.");
        close(t);
        dl_err rc = obstacle_render_xlsx(r, path, e);
        if (rc == DL_OK) rc = copy_file(path, fd, e);
        unlink(path);
        return rc;
    }
    case OF__MAX: break;
    }
    return dl_fail(e, DL_EINVAL, "Okänt format.");
}

dl_err report_copy_file(const char *path, int fd, dl_error *e) { return copy_file(path, fd, e); }
