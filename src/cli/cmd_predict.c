/* cmd_predict.c — `datalots predict`: the lead time a request like this one
 * can expect at an organisation, from its own decided cases
 * (core/lead_predict.h, store/lead_history.h; docs/lead-prediction.md), and
 * `datalots predict check`, which holds out a share of those cases, predicts
 * each from the rest and prints how many fell inside the 80 % interval. */
#include "cli/cli.h"
#include "core/case_portal.h"
#include "store/dictionary.h"
#include "store/lead_history.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static void predict_help(void)
{
    printf("usage:\n"
           "  datalots predict --org CODE [--process 1|2] [--units N] [--data-kinds N] [--estimate yes|no]\n"
           "  datalots predict check --org CODE [--holdout PERCENT] [--seed N]\n\n"
           "predict prints, for a request like the one described, the median and the 80 %%\n"
           "interval (10th to 90th percentile) of each step and of the whole (EHDS: the\n"
           "complete application to the decision; receipt to delivery), in days, with the\n"
           "number of the organisation's decided cases it rests on; \"too few cases to\n"
           "say\" when fewer than %d are alike. A feature left out is not known.\n\n"
           "check holds out PERCENT (default 20) of the decided cases (chosen by their id\n"
           "and --seed), predicts each held-out case's receipt-to-delivery time from the\n"
           "others and prints the share that fell inside the 80 %% interval (the coverage).\n\n"
           "Exit status: 0 done, 1 the store failed or the organisation is unknown, 2 usage.\n",
           LEAD_MIN_CASES);
}

/* A whole number from lo to hi, or -1. */
static long number(const char *v, long lo, long hi)
{
    char *end = NULL;
    long n = v && *v ? strtol(v, &end, 10) : -1;
    return end && !*end && n >= lo && n <= hi ? n : -1;
}

static void print_range(const char *what, const lead_range *r)
{
    if (!r->n) {
        printf("%-28s too few cases to say\n", what);
        return;
    }
    printf("%-28s %4" PRId64 " days (80 %%: %" PRId64 "-%" PRId64 "), %d cases\n", what, case_span_days(r->median),
           case_span_days(r->low), case_span_days(r->high), r->n);
}

static int predict(const lead_case *h, int n, const lead_features *q)
{
    int64_t *scratch = malloc(sizeof *scratch * (size_t)(n > 0 ? n : 1));
    if (!scratch) return 1;
    lead_prediction p;
    lead_predict(h, n, q, scratch, &p);
    free(scratch);
    static const char *const likeness[] = {"alike in every feature given", "alike but for the kinds of data",
                                           "alike in process and cost estimate", "alike in process only"};
    if (p.likeness == LEAD_TOO_FEW) {
        printf("too few cases to say: fewer than %d decided cases are alike (of %d)\n", LEAD_MIN_CASES, n);
        return 0;
    }
    printf("%d of %d decided cases, %s\n", p.n, n, likeness[p.likeness]);
    for (int s = 0; s < CASE_STATE__MAX; s++)
        if (p.step[s].n) print_range(case_state_key((case_state)s), &p.step[s]);
    print_range("whole: complete to decision", &p.ehds);
    print_range("whole: receipt to delivery", &p.delivery);
    return 0;
}

static int check(const lead_case *h, const int64_t *ids, int n, int holdout, uint32_t seed)
{
    lead_case *keep = malloc(sizeof *keep * (size_t)(n > 0 ? n : 1));
    int64_t *scratch = malloc(sizeof *scratch * (size_t)(n > 0 ? n : 1));
    if (!keep || !scratch) { free(keep); free(scratch); return 1; }
    int checked = 0, inside = 0;
    lead_check(h, ids, n, holdout * 10, seed, keep, scratch, &checked, &inside);
    free(keep);
    free(scratch);
    if (!checked) {
        printf("coverage: no held-out case could be predicted (too few cases: %d decided)\n", n);
        return 0;
    }
    printf("coverage: %d of %d held-out cases inside the 80 %% interval (%.1f %%), %d decided cases, %d %% held out\n",
           inside, checked, 100.0 * inside / checked, n, holdout);
    return 0;
}

int cmd_predict(int argc, char **argv)
{
    if (argc == 0 || cli_wants_help(argc, argv)) { predict_help(); return argc == 0 ? 2 : 0; }
    struct config cfg;
    if (cli_load_config("predict", &cfg, &argc, argv) != 0) return 2;
    int checking = argc > 0 && strcmp(argv[0], "check") == 0;
    const char *org = NULL;
    lead_features q = {.estimate = -1};
    long holdout = 20, seed = 1;
    for (int i = checking; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        long x = 0;
        if (!v) { fprintf(stderr, "datalots predict: %s needs a value; see --help\n", o); return 2; }
        i++;
        if (strcmp(o, "--org") == 0) org = v;
        else if (!checking && strcmp(o, "--process") == 0 && (x = number(v, 1, 2)) > 0) q.process = (int)x;
        else if (!checking && strcmp(o, "--units") == 0 && (x = number(v, 1, 1000)) > 0) q.units = (int)x;
        else if (!checking && strcmp(o, "--data-kinds") == 0 && (x = number(v, 1, 1000)) > 0) q.data_kinds = (int)x;
        else if (!checking && strcmp(o, "--estimate") == 0 && (!strcmp(v, "yes") || !strcmp(v, "no")))
            q.estimate = strcmp(v, "yes") == 0;
        else if (checking && strcmp(o, "--holdout") == 0 && (holdout = number(v, 1, 90)) > 0) {}
        else if (checking && strcmp(o, "--seed") == 0 && (seed = number(v, 0, 1000000)) >= 0) {}
        else {
            fprintf(stderr, "datalots predict: \"%s %s\" is not an option or not a value it takes; see --help\n", o, v);
            return 2;
        }
    }
    if (!org) { fprintf(stderr, "datalots predict: --org CODE is required\n"); return 2; }
    db *d = cli_open_store(&cfg);
    if (!d) return 1;
    dl_error e;
    dl_error_clear(&e);
    int64_t org_id = 0;
    lead_case *h = NULL;
    int64_t *ids = NULL;
    int n = 0, status = 0;
    if (dictionary_org_by_code(d, org, &org_id, &e) != DL_OK || lead_history(d, org_id, &h, &ids, &n, &e) != DL_OK) {
        fprintf(stderr, "datalots predict: %s\n", e.msg);
        status = 1;
    } else {
        status = checking ? check(h, ids, n, (int)holdout, (uint32_t)seed) : predict(h, n, &q);
    }
    free(h);
    free(ids);
    db_close(d);
    return status;
}
