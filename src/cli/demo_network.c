/* demo_network.c — `datalots demo network`: a few members of the network of
 * support functions (with a contact person each) and events in the shared
 * calendar, some coming and some past, so /natverk and /kalender have
 * content, and three news posts for /nyheter (store/network.h). Only into
 * an empty network; not for a store in real use. `datalots demo questions`:
 * a few questions in the shared queue (/fragor, store/questions.h). */
#include "cli/cli.h"
#include "core/clock.h"
#include "cli/demo_calls.h"
#include "store/network.h"
#include "store/questions.h"

#include <string.h>

void demo_network_help(FILE *out)
{
    fprintf(out, "usage: datalots demo network [options]\n\n"
                 "Adds four demo members to the network of support functions (/natverk), each\n"
                 "with a contact person, and five events to its calendar (/kalender): three\n"
                 "coming, two past, and three news posts (/nyheter); and two joint calls\n"
                 "(/utlysningar): one open with an application, one closed whose project was\n"
                 "granted and reported (its results a guide draft). Needs the demo accounts\n"
                 "(init --demo). Only into a network with no members; not for a store in real use.\n\n");
}

int demo_network_command(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) { demo_network_help(stdout); config_print_help(stdout); return 0; }
    struct config cfg;
    if (cli_load_config("demo", &cfg, &argc, argv) != 0) return 2;
    if (argc > 0) {
        fprintf(stderr, "datalots demo network: unknown option \"%s\"; see datalots demo --help\n", argv[0]);
        return 2;
    }
    db *d = cli_open_store(&cfg);
    if (!d) return 1;
    dl_error e;
    dl_error_clear(&e);
    int members = 0, events = 0, news = 0;
    int calls = 0, applications = 0;
    dl_err rc = demo_calls_check(d, &e);
    if (rc == DL_OK) rc = network_seed_demo(d, clock_now(), &members, &events, &news, &e);
    if (rc == DL_OK) rc = demo_calls_seed(d, cfg.public_url, clock_now(), &calls, &applications, &e);
    db_close(d);
    if (rc != DL_OK) {
        fprintf(stderr, "datalots demo network: %s\n", e.msg);
        return 1;
    }
    printf("seeded the network: %d members, %d events, %d news posts, %d calls with %d applications\n", members, events,
           news, calls, applications);
    return 0;
}

void demo_questions_help(FILE *out)
{
    fprintf(out, "usage: datalots demo questions [options]\n\n"
                 "Adds six demo questions to the question queue (/fragor): routing rules for\n"
                 "the first four members of the network when none are set, then questions\n"
                 "asked over the past month, three of them answered, so the queue and its\n"
                 "answer times have content. Needs the demo network (`datalots demo network`);\n"
                 "only into an empty queue; not for a store in real use.\n\n");
}

int demo_questions_command(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) { demo_questions_help(stdout); config_print_help(stdout); return 0; }
    struct config cfg;
    if (cli_load_config("demo", &cfg, &argc, argv) != 0) return 2;
    if (argc > 0) {
        fprintf(stderr, "datalots demo questions: unknown option \"%s\"; see datalots demo --help\n", argv[0]);
        return 2;
    }
    db *d = cli_open_store(&cfg);
    if (!d) return 1;
    dl_error e;
    dl_error_clear(&e);
    int n = 0;
    dl_err rc = question_seed_demo(d, clock_now(), &n, &e);
    db_close(d);
    if (rc != DL_OK) {
        fprintf(stderr, "datalots demo questions: %s\n", e.msg);
        return 1;
    }
    printf("seeded the question queue: %d questions\n", n);
    return 0;
}
