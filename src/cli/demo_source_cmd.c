/* demo_source_cmd.c — `datalots demo source --patients N [--seed S]
 * (--out FILE.db | --format sql)`: the command line of the synthetic
 * source database (extract/demo_source.h). No store is opened: the source
 * stands in for a region's clinical databases, not for datalots' own. */
#include "cli/cli.h"
#include "extract/demo_model.h"
#include "extract/demo_source.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void demo_source_help(FILE *out)
{
    fprintf(out,
            "usage: datalots demo source --patients N [--seed S] --out FILE.db\n"
            "       datalots demo source --patients N [--seed S] --format sql | psql URL\n\n"
            "Writes a synthetic source database standing in for a region's clinical data:\n"
            "patients (invented personnummer, valid in form; sex, birth date, municipality),\n"
            "care contacts at the demo units from %s to %s, ICD-10 diagnoses, lab\n"
            "results (NPU codes) and prescriptions (ATC codes), in the tables of the source\n"
            "schema, plus datalots_source (schema version, seed, patients, generated_at).\n"
            "The same N and seed (default 1) give the same rows. N is from 1 to %ld;\n"
            "1,000,000 patients take about a minute. --out writes a new SQLite file (an\n"
            "existing one is refused; nothing is left if it fails); --format sql (or pgsql,\n"
            "or --out -) writes PostgreSQL SQL with COPY blocks to standard output, one\n"
            "transaction. Progress lines go to standard error; --quiet drops them.\n\n",
            DEMO_FIRST_DATE, DEMO_LAST_DATE, DEMO_MAX_PATIENTS);
}

/* A decimal number from 0 to max in s; 0 when it is one. */
static int parse_number(const char *s, unsigned long long max, unsigned long long *v)
{
    char *end = NULL;
    if (!s || !*s || *s < '0' || *s > '9') return -1;
    errno = 0;
    *v = strtoull(s, &end, 10);
    return (*end || errno || *v > max) ? -1 : 0;
}

int demo_source_command(int argc, char **argv)
{
    long patients = -1;
    uint64_t seed = 1;
    const char *out = NULL;
    int sql = 0, quiet = 0;
    for (int i = 0; i < argc; i++) {
        const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        unsigned long long v;
        if (strcmp(opt, "--quiet") == 0) { quiet = 1; continue; }
        if (strcmp(opt, "--patients") != 0 && strcmp(opt, "--seed") != 0 && strcmp(opt, "--out") != 0 &&
            strcmp(opt, "--format") != 0) {
            fprintf(stderr, "datalots demo source: unknown option \"%s\"; see datalots demo --help\n", opt);
            return 2;
        }
        if (!val) { fprintf(stderr, "datalots demo source: %s needs a value\n", opt); return 2; }
        i++;
        if (strcmp(opt, "--patients") == 0) {
            if (parse_number(val, (unsigned long long)DEMO_MAX_PATIENTS, &v) != 0 || v < 1) {
                fprintf(stderr, "datalots demo source: --patients needs a number from 1 to %ld\n", DEMO_MAX_PATIENTS);
                return 2;
            }
            patients = (long)v;
        } else if (strcmp(opt, "--seed") == 0) {
            if (parse_number(val, UINT64_MAX, &v) != 0) {
                fprintf(stderr, "datalots demo source: --seed needs a number from 0 to %llu\n",
                        (unsigned long long)UINT64_MAX);
                return 2;
            }
            seed = (uint64_t)v;
        } else if (strcmp(opt, "--out") == 0) {
            out = val;
        } else if (strcmp(val, "sql") == 0 || strcmp(val, "pgsql") == 0) {
            sql = 1;
        } else if (strcmp(val, "sqlite") == 0) {
            sql = 0;
        } else {
            fprintf(stderr, "datalots demo source: --format is sqlite, sql or pgsql, not \"%s\"\n", val);
            return 2;
        }
    }
    if (patients < 0) { fprintf(stderr, "datalots demo source: give --patients N\n"); return 2; }
    if (out && strcmp(out, "-") == 0) sql = 1;
    else if (sql && out) {
        fprintf(stderr, "datalots demo source: --format sql writes to standard output; leave out --out or give --out -\n");
        return 2;
    }
    if (!sql && !out) { fprintf(stderr, "datalots demo source: give --out FILE.db or --format sql\n"); return 2; }
    dl_error e;
    dl_error_clear(&e);
    FILE *progress = quiet ? NULL : stderr;
    dl_err rc = sql ? demo_source_write_sql(stdout, patients, seed, progress, &e)
                    : demo_source_generate(out, patients, seed, progress, &e);
    if (rc != DL_OK) {
        fprintf(stderr, "datalots demo source: %s\n", e.msg);
        return 1;
    }
    return 0;
}
