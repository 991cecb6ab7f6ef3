/* cmd_api_token.c — `datalots api-token create|revoke|list`: API tokens
 * from the shell (store/api_tokens.h; docs/api.md). create prints the new
 * token once, on standard output and nowhere else; the store keeps its
 * SHA-256 only. */
#include "cli/cli.h"
#include "store/accounts.h"
#include "store/api_tokens.h"
#include "core/clock.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const audit_actor cli_actor = {0, "cli"};

static void api_token_help(void)
{
    printf("usage:\n"
           "  datalots api-token create --name NAME --role ROLE [--org ORGCODE] --expires YYYY-MM-DD\n"
           "  datalots api-token revoke ID\n"
           "  datalots api-token list\n\n"
           "An API token lets another system call the JSON API (/api/v1/) with\n"
           "\"Authorization: Bearer TOKEN\", holding ROLE at the unit ORGCODE and\n"
           "everything below it (without --org: the whole installation, for the roles\n"
           "that may be held there), as a person with that role would. --expires is the\n"
           "last day it holds (UTC), from tomorrow to at most %d days ahead. create\n"
           "prints the token once; only its SHA-256 is stored. list prints id, name,\n"
           "role, unit, last day, last use and state, tab-separated. Every use is in the\n"
           "audit log (at most a row a minute per token); see docs/api.md.\n",
           API_TOKEN_MAX_DAYS);
}

static int create(db *d, int argc, char **argv)
{
    const char *name = NULL, *role = NULL, *org = NULL, *expires = NULL;
    for (int i = 0; i < argc; i++) {
        const char **slot = strcmp(argv[i], "--name") == 0 ? &name : strcmp(argv[i], "--role") == 0 ? &role
                          : strcmp(argv[i], "--org") == 0 ? &org : strcmp(argv[i], "--expires") == 0 ? &expires : NULL;
        if (!slot) { fprintf(stderr, "datalots api-token create: unknown argument \"%s\"\n", argv[i]); return 2; }
        if (i + 1 >= argc) { fprintf(stderr, "datalots api-token create: option %s needs a value\n", argv[i]); return 2; }
        *slot = argv[++i];
    }
    if (!name || !role || !expires) {
        fprintf(stderr, "datalots api-token create: --name, --role and --expires are required; see --help\n");
        return 2;
    }
    char spec[200];
    snprintf(spec, sizeof spec, "%s%s%s", role, org ? "@" : "", org ? org : "");
    dl_error e;
    dl_error_clear(&e);
    dl_role r;
    int64_t node = 0, expires_at = 0, id = 0;
    if (account_parse_role_spec(d, spec, &r, &node, &e) != DL_OK) {
        fprintf(stderr, "datalots api-token create: %s\n", e.msg);
        return 1;
    }
    const char *bad = api_token_check_expiry(expires, clock_now(), &expires_at);
    if (bad) { fprintf(stderr, "datalots api-token create: %s\n", bad); return 1; }
    char token[API_TOKEN_SIZE];
    if (api_token_create(d, &cli_actor, name, r, node, expires_at, token, &id, &e) != DL_OK) {
        fprintf(stderr, "datalots api-token create: %s\n", e.msg);
        return 1;
    }
    fprintf(stderr, "datalots api-token: token %" PRId64 " created; it is shown once, below\n", id);
    printf("%s\n", token);
    memset(token, 0, sizeof token);
    return 0;
}

static int revoke(db *d, int argc, char **argv)
{
    char *end = NULL;
    long long id = argc == 1 ? strtoll(argv[0], &end, 10) : 0;
    if (argc != 1 || !end || *end || id <= 0) {
        fprintf(stderr, "datalots api-token revoke: give the token's id (a number; see datalots api-token list)\n");
        return 2;
    }
    dl_error e;
    dl_error_clear(&e);
    if (api_token_revoke(d, &cli_actor, (int64_t)id, &e) != DL_OK) {
        fprintf(stderr, "datalots api-token revoke: %s\n", e.msg);
        return 1;
    }
    printf("token %lld revoked\n", id);
    return 0;
}

static int list(db *d)
{
    arena *a = arena_new(4096);
    if (!a) return 1;
    api_token_rec *rows = NULL;
    int n = 0;
    dl_error e;
    dl_error_clear(&e);
    int status = 0;
    if (api_token_list(d, a, &rows, &n, &e) != DL_OK) {
        fprintf(stderr, "datalots api-token list: %s\n", e.msg);
        status = 1;
    }
    int64_t now = clock_now();
    for (int i = 0; i < n; i++) {
        const api_token_rec *t = &rows[i];
        char last_day[32], used[32] = "never";
        clock_iso_utc(t->expires_at - 86400, last_day);
        if (t->last_used_at) clock_iso_utc(t->last_used_at, used);
        printf("%" PRId64 "\t%s\t%s\t%s\t%.10s\t%s\t%s\n", t->id, t->name, t->role < ROLE__MAX ? role_key(t->role) : "?",
               t->node_id ? t->node_name : "(installation)", last_day, used,
               t->revoked_at[0] ? "revoked" : now >= t->expires_at ? "expired" : "valid");
    }
    arena_free(a);
    return status;
}

int cmd_api_token(int argc, char **argv)
{
    if (argc == 0 || cli_wants_help(argc, argv)) { api_token_help(); return argc == 0 ? 2 : 0; }
    struct config cfg;
    if (cli_load_config("api-token", &cfg, &argc, argv) != 0) return 2;
    const char *sub = argc ? argv[0] : "";
    if (strcmp(sub, "create") != 0 && strcmp(sub, "revoke") != 0 && strcmp(sub, "list") != 0) {
        fprintf(stderr, "datalots api-token: expected create, revoke or list, not \"%s\"; see datalots api-token --help\n", sub);
        return 2;
    }
    if (strcmp(sub, "list") == 0 && argc > 1) {
        fprintf(stderr, "datalots api-token list: unexpected argument \"%s\"\n", argv[1]);
        return 2;
    }
    db *d = cli_open_store(&cfg);
    if (!d) return 1;
    int status = strcmp(sub, "create") == 0 ? create(d, argc - 1, argv + 1)
               : strcmp(sub, "revoke") == 0 ? revoke(d, argc - 1, argv + 1) : list(d);
    db_close(d);
    return status;
}
