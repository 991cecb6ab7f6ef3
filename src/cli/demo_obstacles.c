/* demo_obstacles.c — `datalots demo obstacles --count N [--seed S]`:
 * generated obstacles in Swedish (categories, consequences, actor types,
 * laws of the knowledge guide when it has any, dates from 2022 to November
 * 2026, states spread over core/obstacle.h's list with the older ones more
 * often in a final state), written through store/obstacle_seed.h in batches.
 * About 60 % of them are in the public register (published a few days
 * after they came in, the generated text as the public text; drawn from a
 * second generator, so the obstacles themselves are those of the same seed
 * before publication was added).
 * Then some measures (one per 25 obstacles, 3 to 200; core/measure.h),
 * each linked to one to three published obstacles (of the newest 5000) and
 * walked through core/measure_flow.h's table — planned, ongoing with
 * progress notes, done or cancelled — so the register's pages and the
 * report's "Efter typ av utfall" have something to show.
 * For trying the compiled report and the register, and for the benchmarks; not for
 * a store in real use. The same seed gives the same obstacles (all but the
 * follow-up tokens, which are random and never given out). */
#include "cli/cli.h"
#include "core/calendar.h"
#include "core/measure_flow.h"
#include "crypto/token.h"
#include "store/obstacle_categories.h"
#include "store/obstacle_report.h"
#include "store/obstacle_seed.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_LAWS 200
#define MAX_COUNT 1000000

typedef struct rng { uint64_t s; } rng;

static uint64_t next(rng *r) /* splitmix64 */
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static int below(rng *r, int n) { return (int)(next(r) % (uint64_t)n); }
#define PICK(r, list) ((list)[below((r), (int)(sizeof(list) / sizeof((list)[0])))])

static const char *const holders[] = {"Region Stockholm", "Västra Götalandsregionen", "Region Skåne", "Region Uppsala",
                                      "Region Östergötland", "Region Norrbotten", "Region Västerbotten",
                                      "Socialstyrelsen", "ett nationellt kvalitetsregister", "Region Jönköpings län",
                                      "SCB", "Region Halland"};
static const char *const data_kinds[] = {"journaldata", "laboratoriesvar", "läkemedelsdata", "patientregistret",
                                         "cancerregistret", "primärvårdsdata", "röntgenbilder", "biobanksprover",
                                         "uppgifter ur kvalitetsregistret", "vårdkontakter"};
static const char *const hindrances[] = {
    "bedömde att sekretessen enligt OSL 25 kap. 1 § hindrade utlämnande",
    "krävde ett nytt etikgodkännande trots att studien redan var godkänd",
    "saknade teknisk möjlighet att ta ut data i ett maskinläsbart format",
    "använde andra kodverk än övriga regioner, så data gick inte att samköra",
    "hade ingen utsedd mottagare för ansökan och handläggningen stod still",
    "tog ut en avgift som projektet inte hade budget för",
    "tolkade dataskyddsförordningen som att samtycke krävdes från varje patient",
    "kunde inte pseudonymisera uppgifterna utan ett nytt avtal",
    "svarade inte på begäran inom den tid som utlovats",
    "ansåg att lagstöd saknades för att lämna ut uppgifterna till ett företag"};
static const char *const purposes[] = {"en registerstudie om diabetes", "uppföljning av strokevården",
                                       "en läkemedelsstudie", "kvalitetsuppföljning i primärvården",
                                       "en studie om cancerscreening", "utvärdering av en ny behandling",
                                       "forskning om psykisk ohälsa hos unga", "en AI-modell för bilddiagnostik"};
static const char *const suggestions[] = {"Nationell vägledning om sekretessprövning vid forskning.",
                                          "En gemensam mall för avtal mellan regioner.",
                                          "Gemensamma kodverk och en nationell tjänst för uttag.",
                                          "Kortare handläggningstider och en utsedd kontaktperson.",
                                          "Förtydligat lagstöd för sekundäranvändning av hälsodata.", ""};

static void help(FILE *out)
{
    fprintf(out, "usage: datalots demo obstacles --count N [--seed S] [options]\n\n"
                 "Adds N generated obstacles in Swedish (1 to %d): every category, consequence\n"
                 "and actor type, the laws of the knowledge guide when it has any, created from\n"
                 "2022-01-01 to 2026-11-30, in every state of the lifecycle. For trying the\n"
                 "compiled report (datalots report obstacles), the public register (/hinder) and\n"
                 "bench/obstacle_report.sh, bench/obstacle_register.sh; not for a store in real\n"
                 "use. About 60 %% are published in the register, their generated text as the\n"
                 "public text. The same seed (default 1) gives the same obstacles.\n"
                 "Then one measure per 25 obstacles (3 to 200), each linked to published\n"
                 "obstacles, with its progress and public timeline.\n"
                 "Audit rows \"obstacle.seed\" and \"measure.seed\" record the counts.\n\n",
            MAX_COUNT);
}

void demo_obstacles_help(FILE *out) { help(out); }

/* One obstacle: its texts in a, its fields from r, its publication from p. */
static int make(rng *r, rng *p, arena *a, const char *const *laws, int n_laws, const obstacle_category_list *cats,
                int64_t day, obstacle_seed_rec *o)
{
    cal_date d = cal_from_days(day);
    char iso[11];
    cal_format_iso(d, iso);
    const char *holder = PICK(r, holders), *data = PICK(r, data_kinds), *purpose = PICK(r, purposes);
    int months = 1 + below(r, 18);
    o->created_at = arena_printf(a, "%sT%02d:%02d:%02dZ", iso, 7 + below(r, 10), below(r, 60), below(r, 60));
    o->what_happened = arena_printf(a, "Vi begärde ut %s från %s för %s. %s %s. Arbetet påverkades i %d månader.",
                                    data, holder, purpose, holder, PICK(r, hindrances), months);
    o->data_concerned = data;
    o->actors = holder;
    o->category = cats->v[below(r, cats->n)].key;
    int t = below(r, OBSTACLE_ACTOR_TYPE__MAX + 1);
    o->actor_type = t < OBSTACLE_ACTOR_TYPE__MAX ? obstacle_actor_type_keys[t] : "";
    int q = below(r, OBSTACLE_CONSEQUENCE__MAX + 1);
    o->consequence = q < OBSTACLE_CONSEQUENCE__MAX ? obstacle_consequence_keys[q] : "";
    o->law_id = n_laws && below(r, 3) != 0 ? laws[below(r, n_laws)] : "";
    o->suggestion = PICK(r, suggestions);
    /* The state: those more than a year old mostly ended; the rest anywhere
     * in the lifecycle before its end. */
    int finals[OBSTACLE_STATE__MAX], opens[OBSTACLE_STATE__MAX], nf = 0, no = 0;
    for (int s = 0; s < OBSTACLE_STATE__MAX; s++) {
        /* Withdrawn is the reporter's own step and never published; merged
         * needs the obstacle it went into: neither is generated. */
        if (s == OBSTACLE_WITHDRAWN || s == OBSTACLE_MERGED) continue;
        if (obstacle_state_is_outcome((obstacle_state)s)) finals[nf++] = s;
        else opens[no++] = s;
    }
    int old = day < cal_to_days((cal_date){2025, 12, 1});
    int ended = nf && (no == 0 || below(r, 100) < (old ? 75 : 15));
    o->state = obstacle_state_key((obstacle_state)(ended ? finals[below(r, nf)] : opens[below(r, no)]));
    o->public_text = o->published_at = "";
    if (below(p, 100) < 60) { /* published 1 to 5 days later, the text as it is (it names no one) */
        char pub[11];
        cal_format_iso(cal_from_days(day + 1 + below(p, 5)), pub);
        o->public_text = o->what_happened;
        o->published_at = arena_printf(a, "%sT%02d:%02d:00Z", pub, 8 + below(p, 9), below(p, 60));
        if (!o->published_at) return -1;
    }
    char token[TOKEN_HEX_SIZE];
    token_random_hex(token);
    sha256_hex(token, strlen(token), o->token_hash);
    return o->created_at && o->what_happened ? 0 : -1;
}

/* ---- measures ---------------------------------------------------------------- */

#define MAX_MEASURES 200
#define MAX_PUBLISHED 5000 /* the newest published obstacles the measures are linked to */
#define LAST_DAY ((cal_date){2026, 11, 30})

static const char *const measure_titles[MEASURE_OUTCOME__MAX][3] = {
    [MO_LAW_CHANGE] = {"Förtydligat lagstöd för sekundäranvändning av hälsodata",
                       "Ändring i patientdatalagen om utlämnande för forskning",
                       "Ny bestämmelse om uppgiftsskyldighet till kvalitetsregister"},
    [MO_GUIDANCE] = {"Nationell vägledning om sekretessprövning vid forskning",
                     "Vägledning om pseudonymisering vid utlämnande", "Gemensam mall för avtal mellan regioner"},
    [MO_PRACTICE] = {"Gemensam rutin för utlämnande mellan regioner",
                     "Utsedd kontaktperson för forskningsförfrågningar", "Gemensamma kodverk i journalsystemen"},
    [MO_OTHER] = {"Kartläggning av handläggningstider", "Samordning mellan regionernas dataskyddsombud",
                  "Pilot för en nationell uttagstjänst"},
};
static const char *const measure_bodies[] = {"Socialdepartementet", "Socialstyrelsen", "E-hälsomyndigheten",
                                             "Sveriges Kommuner och Regioner", "Integritetsskyddsmyndigheten"};
static const char *const progress_notes[] = {
    "Ett utkast är klart och har skickats på remiss.", "Remissvaren är sammanställda och bearbetas.",
    "Arbetsgruppen har träffat regionerna och kvalitetsregistren.", "Ett förslag har lämnats till beslut."};

/* day (days since the epoch) as "YYYY-MM-DDTHH:15:00Z", never after LAST_DAY. */
static const char *at_day(arena *a, int64_t day, int hour)
{
    int64_t last = cal_to_days(LAST_DAY);
    char iso[11];
    cal_format_iso(cal_from_days(day < last ? day : last), iso);
    return arena_printf(a, "%sT%02d:15:00Z", iso, hour);
}

/* One step through the table: from m's status by ev, at day. 0, or -1
 * when the table has no such step (then nothing is added). */
static int walk(arena *a, obstacle_seed_measure *m, measure_status *status, measure_event ev, int progress,
                const char *note, int64_t day, int hour)
{
    const measure_rule *row = measure_flow_find(*status, ev);
    if (!row || m->n_steps == OBSTACLE_SEED_MEASURE_STEPS) return -1;
    if (row->inputs & MI_COMPLETE) progress = MEASURE_PROGRESS_MAX;
    if (!(row->inputs & (MI_PROGRESS | MI_COMPLETE))) progress = m->progress;
    m->steps[m->n_steps++] = (obstacle_seed_measure_step){measure_event_key(ev), measure_status_keys[*status],
                                                          measure_status_keys[row->to], at_day(a, day, hour), note,
                                                          progress};
    *status = row->to;
    m->progress = progress;
    m->status = measure_status_keys[row->to];
    return 0;
}

static void make_measure(rng *r, arena *a, const int64_t *ids, const char *const *created, int n_pub,
                         obstacle_seed_measure *m)
{
    memset(m, 0, sizeof *m);
    int want = 1 + below(r, OBSTACLE_SEED_MEASURE_LINKS);
    int64_t newest = 0;
    for (int k = 0; k < want && m->n_obstacles < n_pub; k++) {
        int pick = below(r, n_pub), dup = 0;
        for (int j = 0; j < m->n_obstacles; j++) dup |= m->obstacles[j] == ids[pick];
        if (dup) continue;
        m->obstacles[m->n_obstacles++] = ids[pick];
        cal_date d;
        if (cal_parse_iso(created[pick], 10, 2000, 2999, &d) && cal_to_days(d) > newest) newest = cal_to_days(d);
    }
    int o = below(r, MEASURE_OUTCOME__MAX);
    m->outcome_type = measure_outcome_keys[o];
    m->title = measure_titles[o][below(r, 3)];
    m->description = "Åtgärden ska undanröja hindren som rapporterats och följs upp i hinderregistret.";
    m->responsible_body = PICK(r, measure_bodies);
    int64_t day = newest + 7 + below(r, 60);
    char start[11], due[11];
    cal_format_iso(cal_from_days(day + 14), start);
    cal_format_iso(cal_from_days(day + 180 + below(r, 360)), due);
    m->start_date = arena_strdup(a, start);
    m->due_date = arena_strdup(a, due);
    m->created_at = at_day(a, day, 9);
    measure_status status = MEASURE_PLANNED;
    m->status = measure_status_keys[status];
    m->steps[m->n_steps++] = (obstacle_seed_measure_step){"create", m->status, m->status, m->created_at, "", 0};
    int plan = below(r, 10); /* 0–1 planned, 2 cancelled at once, 3–5 ongoing, 6–8 done, 9 cancelled later */
    if (plan == 2) {
        walk(a, m, &status, ME_CANCEL, 0, "Åtgärden ersätts av ett större arbete.", day + 20, 10);
        return;
    }
    if (plan < 2) return;
    walk(a, m, &status, ME_START, 5 + below(r, 15), "Arbetet har påbörjats.", day + 14, 10);
    int steps = 1 + below(r, 3), progress = m->progress;
    for (int i = 0; i < steps; i++) {
        progress += 10 + below(r, 25);
        if (progress > 95) progress = 95;
        walk(a, m, &status, ME_PROGRESS, progress, PICK(r, progress_notes), day + 40 + 30 * i, 11);
    }
    if (plan >= 6 && plan <= 8) walk(a, m, &status, ME_COMPLETE, 100, "Åtgärden är genomförd.", day + 160, 14);
    if (plan == 9) walk(a, m, &status, ME_CANCEL, 0, "Ansvarig aktör avslutade arbetet.", day + 150, 14);
}

static int seed_measures(db *d, uint64_t seed, long count, int *made, dl_error *e)
{
    *made = 0;
    int want = (int)(count / 25 < 3 ? 3 : count / 25 > MAX_MEASURES ? MAX_MEASURES : count / 25);
    arena *a = arena_new(256 * 1024);
    int64_t *ids = malloc(sizeof *ids * MAX_PUBLISHED);
    const char **created = malloc(sizeof *created * MAX_PUBLISHED);
    obstacle_seed_measure *rows = malloc(sizeof *rows * MAX_MEASURES);
    int n_pub = 0, status = 0;
    if (!a || !ids || !created || !rows) {
        snprintf(e->msg, sizeof e->msg, "out of memory");
        status = -1;
    } else if (obstacle_seed_published(d, a, ids, created, MAX_PUBLISHED, &n_pub, e) != DL_OK) {
        status = -1;
    } else if (n_pub > 0) {
        rng r = {seed ^ 0x6d656173757265ULL};
        for (int i = 0; i < want; i++) make_measure(&r, a, ids, created, n_pub, &rows[i]);
        static const audit_actor demo = {0, "demo"};
        if (obstacle_seed_measures(d, &demo, rows, want, e) != DL_OK) status = -1;
        else *made = want;
    }
    free(rows);
    free(created);
    free(ids);
    arena_free(a);
    return status;
}

int demo_obstacles_command(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) { help(stdout); config_print_help(stdout); return 0; }
    struct config cfg;
    if (cli_load_config("demo", &cfg, &argc, argv) != 0) return 2;
    long count = -1;
    uint64_t seed = 1;
    for (int i = 0; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(o, "--count") != 0 && strcmp(o, "--seed") != 0) {
            fprintf(stderr, "datalots demo obstacles: unknown option \"%s\"; see datalots demo --help\n", o);
            return 2;
        }
        char *end = NULL;
        unsigned long long n = v ? strtoull(v, &end, 10) : 0;
        if (!v || !*v || *end || v[0] == '-' || (o[2] == 'c' && (n < 1 || n > MAX_COUNT))) {
            fprintf(stderr, "datalots demo obstacles: %s needs a number%s\n", o,
                    o[2] == 'c' ? " from 1 to 1000000" : "");
            return 2;
        }
        if (o[2] == 'c') count = (long)n;
        else seed = (uint64_t)n;
        i++;
    }
    if (count < 0) { fprintf(stderr, "datalots demo obstacles: give --count N\n"); return 2; }
    db *d = cli_open_store(&cfg);
    if (!d) return 1;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    dl_error e;
    dl_error_clear(&e);
    arena *la = arena_new(16 * 1024);
    const char *laws[MAX_LAWS];
    int n_laws = 0, status = 0;
    obstacle_seed_rec *batch = malloc(sizeof *batch * OBSTACLE_SEED_BATCH);
    static obstacle_category_list cats;
    if (!la || !batch || obstacle_seed_laws(d, la, laws, MAX_LAWS, &n_laws, &e) != DL_OK ||
        obstacle_categories_load(d, la, &cats, &e) != DL_OK) {
        fprintf(stderr, "datalots demo obstacles: %s\n", la && batch ? e.msg : "out of memory");
        status = 1;
    } else if (cats.n == 0) {
        fprintf(stderr, "datalots demo obstacles: the store has no obstacle categories\n");
        status = 1;
    }
    rng r = {seed}, p = {seed ^ 0x5075626c6973686bULL};
    int64_t first = cal_to_days((cal_date){2022, 1, 1}), span = cal_to_days((cal_date){2026, 11, 30}) - first + 1;
    long done = 0;
    while (status == 0 && done < count) {
        arena *a = arena_new(512 * 1024);
        int n = 0;
        for (; a && n < OBSTACLE_SEED_BATCH && done + n < count; n++) {
            /* Oldest first, evenly over the span (ids grow with time). */
            int64_t day = first + (int64_t)((double)(done + n) * (double)span / (double)count);
            if (make(&r, &p, a, laws, n_laws, &cats, day, &batch[n]) != 0) break;
        }
        if (!a || (n < OBSTACLE_SEED_BATCH && done + n < count)) {
            fprintf(stderr, "datalots demo obstacles: out of memory\n");
            status = 1;
        } else if (obstacle_seed_batch(d, batch, n, &e) != DL_OK) {
            fprintf(stderr, "datalots demo obstacles: %s\n", e.msg);
            status = 1;
        } else {
            done += n;
        }
        arena_free(a);
    }
    static const audit_actor demo = {0, "demo"};
    if (done > 0 && obstacle_seed_audit(d, &demo, done, &e) != DL_OK) {
        fprintf(stderr, "datalots demo obstacles: audit: %s\n", e.msg);
        status = 1;
    }
    int measures = 0;
    if (status == 0 && done > 0 && seed_measures(d, seed, count, &measures, &e) != 0) {
        fprintf(stderr, "datalots demo obstacles: measures: %s\n", e.msg);
        status = 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("seeded %ld obstacles in %.2f s (%d laws of the guide), %d measures\n", done, secs, n_laws, measures);
    free(batch);
    arena_free(la);
    db_close(d);
    return status;
}
