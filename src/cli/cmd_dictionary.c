/* cmd_dictionary.c — `datalots dictionary export|import|seed --org CODE`:
 * an organisation's data dictionary (store/dictionary.h) as CSV (RFC 4180,
 * UTF-8, one header row), so that the people who know the data can edit
 * the descriptions, the sensitivity classes and what is offered in a
 * spreadsheet. Import checks every row first and names each bad one as
 * FILE:LINE: sentence; when any row is bad nothing is written, else all
 * rows are written in one transaction. */
#include "cli/cli.h"
#include "core/strbuf.h"
#include "store/dictionary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CSV_MAX_BYTES (1u << 20) /* a dictionary is a few kB; anything near this is not one */

/* The columns, in this order. table, label and type are for the reader
 * (they come from the source schema); import ignores them. */
enum { COL_VARIABLE, COL_TABLE, COL_LABEL, COL_TYPE, COL_OFFERED, COL_SENSITIVITY, COL_DESC_SV, COL_DESC_EN, COL__MAX };
static const char *const columns[COL__MAX] = {"variable", "table", "label", "type", "offered", "sensitivity",
                                              "description_sv", "description_en"};
static const char *const type_keys[] = {[SRC_INT] = "integer", [SRC_REAL] = "number", [SRC_TEXT] = "text",
                                        [SRC_DATE] = "date"};
static const audit_actor cli_actor = {0, "cli"};

static void dictionary_help(void)
{
    printf("usage:\n"
           "  datalots dictionary export --org CODE [options] > dict.csv\n"
           "        the organisation's data dictionary as CSV (header: %s,%s,%s,%s,%s,%s,%s,%s)\n"
           "  datalots dictionary import --org CODE FILE|- [options]\n"
           "        read it back: every row is checked first (unknown variable, offered not 0/1, a sensitivity\n"
           "        that is not direct_identifier, quasi_identifier, health or administrative, a description\n"
           "        over %d characters or with a line break, text that is not UTF-8); each bad row is printed\n"
           "        as FILE:LINE: sentence and nothing is written. table, label and type are not read.\n"
           "  datalots dictionary seed --org CODE [options]\n"
           "        write the source schema's defaults for the variables the organisation has no row for\n\n"
           "Exit status: 0 done, 1 bad rows or a failure (nothing written), 2 wrong usage.\n\n",
           columns[0], columns[1], columns[2], columns[3], columns[4], columns[5], columns[6], columns[7],
           DICT_DESCRIPTION_MAX);
    config_print_help(stdout);
}

/* One CSV field, quoted when it must be. */
static void put_field(FILE *out, const char *s, int last)
{
    if (strpbrk(s, ",\"\r\n")) {
        fputc('"', out);
        for (; *s; s++) {
            if (*s == '"') fputc('"', out);
            fputc(*s, out);
        }
        fputc('"', out);
    } else {
        fputs(s, out);
    }
    fputs(last ? "\r\n" : ",", out);
}

static int export_csv(db *d, int64_t org_id, FILE *out)
{
    arena *a = arena_new(16384);
    dict_entry rows[DICT_MAX];
    int n = 0;
    dl_error e;
    if (!a || dictionary_list(d, a, org_id, NULL, rows, &n, &e) != DL_OK) {
        fprintf(stderr, "datalots dictionary export: %s\n", a ? e.msg : "out of memory");
        arena_free(a);
        return 1;
    }
    for (int c = 0; c < COL__MAX; c++) put_field(out, columns[c], c == COL__MAX - 1);
    for (int i = 0; i < n; i++) {
        const source_table *t = &source_tables[rows[i].table];
        const source_column *col = &t->columns[rows[i].column];
        put_field(out, rows[i].variable, 0);
        put_field(out, t->name, 0);
        put_field(out, col->label_sv, 0);
        put_field(out, type_keys[col->type], 0);
        put_field(out, rows[i].offered ? "1" : "0", 0);
        put_field(out, sensitivity_keys[rows[i].sens], 0);
        put_field(out, rows[i].description_sv, 0);
        put_field(out, rows[i].description_en, 1);
    }
    arena_free(a);
    if (fflush(out) != 0) {
        fprintf(stderr, "datalots dictionary export: could not write the output\n");
        return 1;
    }
    return 0;
}

/* A parsed record: its fields (NUL-terminated copies) and the line it
 * started on. */
typedef struct csv_record {
    char *field[COL__MAX];
    int n_fields, line;
} csv_record;

/* Reads the record at *p (advancing it past its line end). 1 read, 0 at
 * the end, -1 malformed with *why set. Fields beyond COL__MAX are counted,
 * not kept. */
static int read_record(const char **p, const char *end, int *line, csv_record *rec, const char **why)
{
    if (*p >= end) return 0;
    rec->n_fields = 0;
    rec->line = *line;
    strbuf f;
    sb_init(&f, 64);
    const char *s = *p;
    for (;;) {
        sb_free(&f);
        sb_init(&f, 64);
        if (s < end && *s == '"') {
            s++;
            for (;;) {
                if (s >= end) { *why = "ett citattecken stängs aldrig"; sb_free(&f); return -1; }
                if (*s == '"') {
                    if (s + 1 < end && s[1] == '"') { sb_putc(&f, '"'); s += 2; continue; }
                    s++;
                    break;
                }
                if (*s == '\n') (*line)++;
                sb_putc(&f, *s++);
            }
            if (s < end && *s != ',' && *s != '\n' && *s != '\r') {
                *why = "text efter ett citerat fält";
                sb_free(&f);
                return -1;
            }
        } else {
            while (s < end && *s != ',' && *s != '\n' && *s != '\r') {
                if (*s == '"') { *why = "ett citattecken mitt i ett fält som inte är citerat"; sb_free(&f); return -1; }
                sb_putc(&f, *s++);
            }
        }
        if (f.oom) { *why = "minnet tog slut"; sb_free(&f); return -1; }
        if (rec->n_fields < COL__MAX) rec->field[rec->n_fields] = sb_steal(&f, NULL);
        rec->n_fields++;
        if (s < end && *s == ',') { s++; continue; }
        if (s < end && *s == '\r') s++;
        if (s < end && *s == '\n') s++;
        (*line)++;
        break;
    }
    sb_free(&f);
    *p = s;
    return 1;
}

static void free_record(csv_record *rec)
{
    for (int i = 0; i < rec->n_fields && i < COL__MAX; i++) free(rec->field[i]);
    rec->n_fields = 0;
}

/* The whole of path ("-": standard input), at most CSV_MAX_BYTES. */
static char *read_all(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) return NULL;
    strbuf sb;
    sb_init(&sb, 4096);
    sb.limit = CSV_MAX_BYTES + 1;
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) sb_append(&sb, buf, n);
    int bad = ferror(f) || sb.oom;
    if (f != stdin) fclose(f);
    if (bad) { sb_free(&sb); return NULL; }
    return sb_steal(&sb, len);
}

static int import_csv(db *d, int64_t org_id, const char *path)
{
    size_t len = 0;
    char *text = read_all(path, &len);
    if (!text) {
        fprintf(stderr, "%s: filen kan inte läsas, eller är större än %u byte.\n", path, CSV_MAX_BYTES);
        return 1;
    }
    const char *p = text, *end = text + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3; /* a spreadsheet's byte-order mark */
    int line = 1, problems = 0, n = 0;
    csv_record *recs = calloc(DICT_MAX + 1, sizeof *recs);
    csv_record rec = {0};
    const char *why = NULL;
    int r = recs ? read_record(&p, end, &line, &rec, &why) : -1;
    int header_ok = r == 1 && rec.n_fields == COL__MAX;
    for (int c = 0; header_ok && c < COL__MAX; c++) header_ok = strcmp(rec.field[c], columns[c]) == 0;
    free_record(&rec);
    if (!header_ok) {
        printf("%s:1: Första raden ska vara rubrikraden %s,%s,%s,%s,%s,%s,%s,%s.\n", path, columns[0], columns[1],
               columns[2], columns[3], columns[4], columns[5], columns[6], columns[7]);
        free(recs);
        free(text);
        return 1;
    }
    while ((r = read_record(&p, end, &line, &rec, &why)) != 0) {
        if (r < 0) {
            printf("%s:%d: Raden är inte giltig CSV (%s).\n", path, rec.line, why);
            problems++;
            break; /* where the next row starts is not known */
        }
        if (rec.n_fields == 1 && rec.field[0][0] == '\0') { free_record(&rec); continue; } /* an empty line */
        if (rec.n_fields != COL__MAX) {
            printf("%s:%d: Raden har %d fält; den ska ha %d.\n", path, rec.line, rec.n_fields, COL__MAX);
            problems++;
            free_record(&rec);
            continue;
        }
        if (n == DICT_MAX) {
            printf("%s:%d: Filen har fler rader än källschemat har variabler (%d).\n", path, rec.line, DICT_MAX);
            problems++;
            free_record(&rec);
            break;
        }
        const char *off = rec.field[COL_OFFERED];
        dict_input in = {.variable = rec.field[COL_VARIABLE],
                         .offered = strcmp(off, "1") == 0 ? 1 : strcmp(off, "0") == 0 ? 0 : 2,
                         .sensitivity = rec.field[COL_SENSITIVITY],
                         .description_sv = rec.field[COL_DESC_SV],
                         .description_en = rec.field[COL_DESC_EN]};
        dl_error e;
        if (dictionary_check(&in, &e) != DL_OK) {
            printf("%s:%d: %s\n", path, rec.line, e.msg);
            problems++;
            free_record(&rec);
            continue;
        }
        for (int k = 0; k < n; k++)
            if (strcmp(recs[k].field[COL_VARIABLE], in.variable) == 0) {
                printf("%s:%d: Variabeln ”%s” står redan på rad %d.\n", path, rec.line, in.variable, recs[k].line);
                problems++;
                break;
            }
        recs[n++] = rec;
        rec = (csv_record){0};
    }
    free_record(&rec);
    int status = 0;
    if (problems) {
        printf("dictionary import: %d problem%s, nothing written\n", problems, problems == 1 ? "" : "s");
        status = 1;
    } else {
        dl_error e;
        dl_err rc = db_begin(d, &e);
        for (int k = 0; k < n && rc == DL_OK; k++) {
            const char *off = recs[k].field[COL_OFFERED];
            dict_input in = {.variable = recs[k].field[COL_VARIABLE], .offered = strcmp(off, "1") == 0,
                             .sensitivity = recs[k].field[COL_SENSITIVITY],
                             .description_sv = recs[k].field[COL_DESC_SV],
                             .description_en = recs[k].field[COL_DESC_EN]};
            rc = dictionary_set_in_tx(d, org_id, &cli_actor, &in, &e);
        }
        if (rc == DL_OK) rc = db_commit(d, &e);
        if (rc != DL_OK) {
            db_rollback(d);
            fprintf(stderr, "datalots dictionary import: %s (nothing written)\n", e.msg);
            status = 1;
        } else {
            printf("dictionary import: %d variable%s written\n", n, n == 1 ? "" : "s");
        }
    }
    for (int k = 0; k < n; k++) free_record(&recs[k]);
    free(recs);
    free(text);
    return status;
}

int cmd_dictionary(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) { dictionary_help(); return 0; }
    struct config cfg;
    if (cli_load_config("dictionary", &cfg, &argc, argv) != 0) return 2;
    const char *verb = argc > 0 ? argv[0] : "";
    const char *code = NULL, *file = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--org") == 0 && i + 1 < argc) code = argv[++i];
        else if (!file && strcmp(verb, "import") == 0 && (argv[i][0] != '-' || strcmp(argv[i], "-") == 0)) file = argv[i];
        else {
            fprintf(stderr, "datalots dictionary: unknown option or argument \"%s\"; see datalots dictionary --help\n",
                    argv[i]);
            return 2;
        }
    }
    int is_export = strcmp(verb, "export") == 0, is_import = strcmp(verb, "import") == 0,
        is_seed = strcmp(verb, "seed") == 0;
    if ((!is_export && !is_import && !is_seed) || !code || (is_import && !file)) {
        fprintf(stderr, "datalots dictionary: say export, import FILE or seed, with --org CODE; see --help\n");
        return 2;
    }
    db *d = cli_open_store(&cfg);
    if (!d) return 1;
    dl_error e;
    int64_t org_id = 0;
    int status;
    if (dictionary_org_by_code(d, code, &org_id, &e) != DL_OK) {
        fprintf(stderr, "datalots dictionary: %s\n", e.msg);
        status = 1;
    } else if (is_export) {
        status = export_csv(d, org_id, stdout);
    } else if (is_import) {
        status = import_csv(d, org_id, file);
    } else {
        int added = 0;
        status = dictionary_seed(d, org_id, &cli_actor, &added, &e) == DL_OK ? 0 : 1;
        if (status) fprintf(stderr, "datalots dictionary seed: %s\n", e.msg);
        else printf("dictionary seed: %d variable%s added\n", added, added == 1 ? "" : "s");
    }
    db_close(d);
    return status;
}
