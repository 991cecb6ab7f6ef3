/* main.c — subcommand dispatch only. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct { const char *name; int (*run)(int, char **); const char *summary; } commands[] = {
    {"serve", cmd_serve, "run the web application and JSON API"},
    {"init", cmd_init, "create or upgrade the store; --demo adds demo data"},
    {"user", cmd_user, "manage accounts: add | passwd | role"},
    {"audit", cmd_audit, "check the audit log: verify"},
    {"db", cmd_db, "store operations: copy"},
    {"age", cmd_age, "age-format encryption: keygen | encrypt | decrypt"},
    {"content", cmd_content, "knowledge-guide items: check, unconfirmed"},
    {"catalog", cmd_catalog, "the knowledge guide in the store: import, export, links, harvest, drafts, publish"},
    {"mail", cmd_mail, "the e-mail outbox: send | test | list"},
    {"routes", cmd_routes, "list the web server's routes and who may call them"},
    {"api-token", cmd_api_token, "API tokens for other systems: create --name N --role R [--org CODE] --expires DAY | revoke ID | list"},
    {"form", cmd_form, "the request form's versions: list | new-version [--drop FIELD]..."},
    {"cases", cmd_cases, "release cases: remind (the units' deadline in Process 2)"},
    {"doc", cmd_doc, "case documents: sample (render a sample letter as PDF or HTML)"},
    {"dictionary", cmd_dictionary, "an organisation's data dictionary: export | import | seed (CSV)"},
    {"delivery", cmd_delivery, "encrypted deliveries: offer (a file to a case's applicant) | sweep"},
    {"demo", cmd_demo, "demo data: cases --count N (generated cases), source --patients N (synthetic source database), obstacles --count N (generated obstacles)"},
    {"obstacles", cmd_obstacles, "reported obstacles: import FILE (a CSV of an earlier survey)"},
    {"report", cmd_report, "compiled reports: obstacles|followup --from DAY --to DAY --format html|pdf|csv|xlsx"},
    {"extract", cmd_extract, "an approved case's extraction: run | spec | status | cancel | source add|list"},
    {"retention", cmd_retention, "the retention schedule (gallring): schedule | set | run [--apply] (lists; disposes only with --apply)"},
    {"oidc", cmd_oidc, "OpenID Connect sign-in: add --name N --issuer URL --client-id ID --client-secret-file PATH | list | map | passwords --for WHO"},
    {"terms", cmd_terms, "the terms of use project members accept: list | add --sv FILE --en FILE"},
    {"predict", cmd_predict, "the lead time a request like this one can expect: --org CODE [--process …] | check --org CODE"},
    {"pii", cmd_pii, "personal data in texts: scan [FILE] (JSON lines in, the spans found out)"},
    {"holders", cmd_holders, "other data holders' feeds compared on /jamfor: add URL | list | remove URL | refresh"},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: datalots COMMAND [options]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n  datalots COMMAND --help   options of a command\n  datalots --version\n");
}

int main(int argc, char **argv)
{
    /* People read times in Swedish local time; the store keeps UTC. */
    if (!getenv("TZ")) setenv("TZ", "Europe/Stockholm", 1);
    if (argc < 2) { usage(stderr); return 2; }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("datalots %s\n", DATALOTS_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0) return commands[i].run(argc - 2, argv + 2);
    fprintf(stderr, "datalots: unknown command \"%s\"\n", argv[1]);
    usage(stderr);
    return 2;
}
