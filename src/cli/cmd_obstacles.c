/* cmd_obstacles.c — `datalots obstacles import FILE`: obstacles gathered
 * by an earlier survey, from a CSV file (RFC 4180, UTF-8, a header row),
 * all or none. The columns are the report form's field names
 * (handlers/obstacle_fields.h: what, category, data, actors, actor_type,
 * law, consequence, suggestion, email, page) and `reported` (YYYY-MM-DD, when
 * the survey got it); each row is checked by the same field table as the
 * form and the API, then by the store's rules (store/obstacles.h). Every
 * bad row is named by its row number with a sentence, and nothing is
 * imported until all are good. A category or consequence may be given by
 * its key or its Swedish label. */
#include "cli/cli.h"
#include "cli/config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/strbuf.h"
#include "extract/csv_read.h"
#include "store/obstacles.h"
#include "store/obstacle_categories.h"
#include "web/form.h"
#include "web/handlers/obstacle_fields.h"
#include "web/template.h"

#define IMPORT_MAX_ROWS 100000 /* a survey; more is a mistake worth a word */
#define IMPORT_MAX_ERRORS 20   /* shown before "…and N more" */

static const audit_actor cli_actor = {0, "cli"};

static void obstacles_help(void)
{
    printf("usage: datalots obstacles import FILE [--db URL]\n\n"
           "Imports obstacles gathered by an earlier survey from a CSV file (UTF-8,\n"
           "comma-separated, a header row; FILE - reads standard input). Columns, in any\n"
           "order, by name:\n"
           "  what         what happened (required, at most 4000 characters)\n"
           "  category     required: a key or Swedish name of a category in use (/hinder/kategorier), e.g.\n"
           "               lead_times or \"Handläggnings- och ledtider\"\n"
           "  data, actors which data, which actors (at most 500 characters each)\n"
           "  actor_type   who reported it: a key or Swedish label of the actor types\n"
           "  law          the id of a law in the knowledge guide\n"
           "  consequence  delayed, stopped, moved_abroad, cost, other (or the label)\n"
           "  suggestion   a suggested solution (at most 2000 characters)\n"
           "  email        the reporter's address, if they gave one for answers\n"
           "  page         a page of this site (/guide/ID) the report is about\n"
           "  reported     YYYY-MM-DD, when the survey got it (default: today)\n"
           "Every row is checked first; a bad row is named with its row number (the\n"
           "header is row 1) and nothing is imported until all rows are good. Each\n"
           "imported obstacle gets an audit row. Exit status 1 when nothing was imported.\n");
}

/* The columns a file may have: the form's fields but the robot trap, then
 * the date. Indexes into obstacle_fields, or COL_REPORTED. */
enum { COL_REPORTED = OBSTACLE__MAX, COL__MAX };
static const field_spec reported_spec = {.name = "reported", .type = FIELD_DATE, .label_sv = "Rapporterad"};

static const char *column_name(int col)
{
    return col == COL_REPORTED ? reported_spec.name : obstacle_fields[col].name;
}

static int column_of(const char *name)
{
    for (int c = 0; c < COL__MAX; c++)
        if (c != OBSTACLE_TRAP && strcmp(column_name(c), name) == 0) return c;
    return -1;
}

/* A Swedish label of a list given for its key; the value itself otherwise. */
static const char *key_for_label(const obstacle_category_list *cats, int col, const char *v)
{
    if (col == OBSTACLE_CATEGORY)
        for (int k = 0; k < cats->n; k++)
            if (strcasecmp(v, cats->v[k].label_sv) == 0) return cats->v[k].key;
    if (col == OBSTACLE_CONSEQUENCE)
        for (int k = 0; k < OBSTACLE_CONSEQUENCE__MAX; k++)
            if (strcasecmp(v, obstacle_consequence_label_sv(k)) == 0) return obstacle_consequence_keys[k];
    if (col == OBSTACLE_ACTOR_TYPE)
        for (int k = 0; k < OBSTACLE_ACTOR_TYPE__MAX; k++)
            if (strcasecmp(v, obstacle_actor_type_label_sv(k)) == 0) return obstacle_actor_type_keys[k];
    return v;
}

/* Midday in Stockholm (10:00 or 11:00 UTC) on the date YYYYMMDD: the same
 * local date whatever the season. */
static int64_t midday_of(int64_t yyyymmdd)
{
    int y = (int)(yyyymmdd / 10000), m = (int)(yyyymmdd / 100 % 100), d = (int)(yyyymmdd % 100);
    char iso[32];
    snprintf(iso, sizeof iso, "%04d-%02d-%02dT10:00:00Z", y, m, d);
    return clock_parse_iso_utc(iso);
}

typedef struct import_state {
    arena *a;
    obstacle_category_list cats; /* the store's category list */
    int col_of[CSV_MAX_FIELDS]; /* the file's column i → COL_…, or -1 */
    int n_cols;
    obstacle_report *rows;
    int64_t *reported;
    int64_t *line;  /* the row number of each report (the header is 1) */
    int n, cap, errors;
} import_state;

static void row_error(import_state *st, int64_t line, const char *msg)
{
    if (++st->errors <= IMPORT_MAX_ERRORS) fprintf(stderr, "datalots obstacles import: row %lld: %s\n", (long long)line, msg);
}

static int read_header(import_state *st, const char *const *cells, int n)
{
    int seen[COL__MAX] = {0}, bad = 0;
    for (int i = 0; i < n; i++) {
        int c = cells[i] ? column_of(cells[i]) : -1;
        if (c < 0) {
            fprintf(stderr, "datalots obstacles import: row 1: the column \"%s\" is not one of what, category, data, "
                            "actors, actor_type, law, consequence, suggestion, email, page, reported\n", cells[i] ? cells[i] : "");
            bad = 1;
        } else if (seen[c]++) {
            fprintf(stderr, "datalots obstacles import: row 1: the column \"%s\" comes twice\n", cells[i]);
            bad = 1;
        }
        st->col_of[i] = c;
    }
    st->n_cols = n;
    if (!seen[OBSTACLE_WHAT] || !seen[OBSTACLE_CATEGORY]) {
        fprintf(stderr, "datalots obstacles import: row 1: the header must name at least the columns what and category\n");
        bad = 1;
    }
    return bad ? -1 : 0;
}

/* One data row: checked by the form's field table, kept when good. */
static int take_row(import_state *st, int64_t line, const char *const *cells, const size_t *lens, int n)
{
    if (n != st->n_cols) {
        char msg[120];
        snprintf(msg, sizeof msg, "it has %d fields where the header has %d", n, st->n_cols);
        row_error(st, line, msg);
        return 0;
    }
    strbuf body;
    sb_init(&body, 256);
    const char *reported = NULL;
    for (int i = 0; i < n; i++) {
        int c = st->col_of[i];
        if (!cells[i] || !lens[i]) continue;
        if (c == COL_REPORTED) { reported = cells[i]; continue; }
        const char *v = key_for_label(&st->cats, c, cells[i]);
        if (body.len) sb_putc(&body, '&');
        sb_puts(&body, obstacle_fields[c].name);
        sb_putc(&body, '=');
        url_component_escape_append(&body, v, v == cells[i] ? lens[i] : strlen(v));
    }
    form f;
    dl_error e;
    dl_error_clear(&e);
    dl_err rc = body.oom ? DL_ENOMEM
                         : form_parse(st->a, body.len ? sb_cstr(&body) : "", body.len, obstacle_fields, OBSTACLE__MAX,
                                      &f, &e);
    sb_free(&body);
    if (rc != DL_OK) { row_error(st, line, e.msg[0] ? e.msg : "it could not be read"); return 0; }
    if (f.n_errors) { row_error(st, line, f.first_error); return 0; }
    int64_t when = 0;
    if (reported) {
        form df;
        char *q = arena_printf(st->a, "reported=%s", reported);
        if (!q || query_parse_tr(st->a, q, strlen(q), &reported_spec, 1, NULL, NULL, &df, &e) != DL_OK ||
            df.n_errors || (when = midday_of(df.values[0].num)) <= 0) {
            row_error(st, line, "the date in reported must be a real date written YYYY-MM-DD");
            return 0;
        }
        if (when > clock_now()) { row_error(st, line, "the date in reported is in the future"); return 0; }
    }
    obstacle_report r = {
        .what_happened = form_text_at(&f, OBSTACLE_WHAT),
        .data_concerned = form_text_at(&f, OBSTACLE_DATA),
        .actors = form_text_at(&f, OBSTACLE_ACTORS),
        .suggestion = form_text_at(&f, OBSTACLE_SUGGESTION),
        .category = form_text_at(&f, OBSTACLE_CATEGORY),
        .consequence = form_at(&f, OBSTACLE_CONSEQUENCE)->text ? (int)form_at(&f, OBSTACLE_CONSEQUENCE)->num : -1,
        .law_id = form_text_at(&f, OBSTACLE_LAW),
        .about_page = form_text_at(&f, OBSTACLE_PAGE),
        .reporter_email = form_text_at(&f, OBSTACLE_EMAIL),
        .actor_type = form_at(&f, OBSTACLE_ACTOR_TYPE)->text ? (int)form_at(&f, OBSTACLE_ACTOR_TYPE)->num : -1,
    };
    if (obstacle_check(&r, &e) != DL_OK) { row_error(st, line, e.msg); return 0; }
    const obstacle_category_def *cat = obstacle_category_find(&st->cats, r.category);
    if (!cat || !cat->active) {
        row_error(st, line, arena_printf(st->a, "the category \"%s\" is not one of the list's categories in use "
                                                "(see /hinder/kategorier)", r.category));
        return 0;
    }
    if (st->n == st->cap) {
        int cap = st->cap ? st->cap * 2 : 256;
        obstacle_report *rows = realloc(st->rows, (size_t)cap * sizeof *rows);
        if (rows) st->rows = rows;
        int64_t *rep = realloc(st->reported, (size_t)cap * sizeof *rep);
        if (rep) st->reported = rep;
        int64_t *ln = realloc(st->line, (size_t)cap * sizeof *ln);
        if (ln) st->line = ln;
        if (!rows || !rep || !ln) { row_error(st, line, "out of memory"); return -1; }
        st->cap = cap;
    }
    st->rows[st->n] = r;
    st->reported[st->n] = when;
    st->line[st->n] = line;
    st->n++;
    return 0;
}

static int import_file(db *d, const char *path)
{
    int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "datalots obstacles import: cannot open %s: %s\n", path, strerror(errno));
        return 1;
    }
    import_state st = {.a = arena_new(1 << 16)};
    csv_reader *rd = csv_reader_open(fd);
    int status = 1, got, n;
    const char *const *cells;
    const size_t *lens;
    dl_error e;
    dl_error_clear(&e);
    if (!st.a || !rd) { fprintf(stderr, "datalots obstacles import: out of memory\n"); goto out; }
    if (obstacle_categories_load(d, st.a, &st.cats, &e) != DL_OK) {
        fprintf(stderr, "datalots obstacles import: the category list could not be read: %s\n", e.msg);
        goto out;
    }
    got = csv_read_row(rd, &cells, &lens, &n, &e);
    if (got <= 0) {
        fprintf(stderr, "datalots obstacles import: %s\n", got == 0 ? "the file is empty: it needs a header row" : e.msg);
        goto out;
    }
    if (read_header(&st, cells, n) != 0) goto out;
    while ((got = csv_read_row(rd, &cells, &lens, &n, &e)) == 1) {
        int64_t line = csv_reader_rows(rd);
        if (n == 1 && (!cells[0] || !lens[0])) continue; /* an empty line */
        if (line > IMPORT_MAX_ROWS + 1) {
            fprintf(stderr, "datalots obstacles import: more than %d rows: split the file\n", IMPORT_MAX_ROWS);
            goto out;
        }
        if (take_row(&st, line, cells, lens, n) < 0) goto out;
    }
    if (got < 0) {
        fprintf(stderr, "datalots obstacles import: %s\ndatalots obstacles import: nothing imported\n", e.msg);
        goto out;
    }
    if (st.errors) {
        if (st.errors > IMPORT_MAX_ERRORS)
            fprintf(stderr, "datalots obstacles import: …and %d more bad rows\n", st.errors - IMPORT_MAX_ERRORS);
        fprintf(stderr, "datalots obstacles import: %d bad row%s: nothing imported\n", st.errors,
                st.errors == 1 ? "" : "s");
        goto out;
    }
    if (!st.n) { fprintf(stderr, "datalots obstacles import: the file has no rows under its header\n"); goto out; }
    int bad = -1;
    if (obstacle_import(d, st.rows, st.reported, st.n, &cli_actor, clock_now(), &bad, &e) != DL_OK) {
        if (bad >= 0) fprintf(stderr, "datalots obstacles import: row %lld: %s\n", (long long)st.line[bad], e.msg);
        else fprintf(stderr, "datalots obstacles import: %s\n", e.msg);
        fprintf(stderr, "datalots obstacles import: nothing imported\n");
        goto out;
    }
    printf("obstacles import: %d obstacle%s imported\n", st.n, st.n == 1 ? "" : "s");
    status = 0;
out:
    csv_reader_free(rd);
    if (fd > 0) close(fd);
    free(st.rows);
    free(st.reported);
    free(st.line);
    arena_free(st.a);
    return status;
}

int cmd_obstacles(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) { obstacles_help(); return 0; }
    struct config cfg;
    if (cli_load_config("obstacles", &cfg, &argc, argv) != 0) return 2;
    if (argc != 2 || strcmp(argv[0], "import") != 0) {
        fprintf(stderr, "datalots obstacles: say import FILE; see datalots obstacles --help\n");
        return 2;
    }
    db *d = cli_open_store(&cfg);
    if (!d) return 1;
    int status = import_file(d, argv[1]);
    db_close(d);
    return status;
}
