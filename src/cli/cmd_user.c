/* cmd_user.c — `datalots user add|passwd|role`: accounts from the shell, for
 * the first administrator and for operators. Passwords come from
 * DATALOTS_PASSWORD or standard input, never from the command line (where
 * ps and shell history would show them). Changes are audited as "cli". */
#include "cli/cli.h"
#include "store/accounts.h"
#include "store/users.h"

#include <stdio.h>
#include <string.h>

static void user_help(void)
{
    printf("usage:\n"
           "  datalots user add USERNAME --name \"Full Name\" [--email ADDRESS] [--role ROLE[@ORGCODE]]...\n"
           "  datalots user passwd USERNAME\n"
           "  datalots user role USERNAME (--add|--remove) ROLE[@ORGCODE]\n\n"
           "The password is read from DATALOTS_PASSWORD, or from standard input (without\n"
           "echo on a terminal). It must have at least 12 characters.\n"
           "ROLE is one of:");
    /* The keys from core/roles.c, wrapped as the lines above. */
    size_t col = 80;
    for (int i = 0; role_keys[i]; i++) {
        size_t n = strlen(role_keys[i]);
        if (col + 1 + n > 80) { printf("\n "); col = 1; }
        printf(" %s", role_keys[i]);
        col += 1 + n;
    }
    printf("\n"
           "@ORGCODE scopes the role to that unit and everything below it; without it\n"
           "the role covers the whole installation. An account holds at most 64 roles.\n\n");
    config_print_help(stdout);
}

static const audit_actor cli_actor = {0, "cli"};

static int user_add_in(db *d, const char *username, const char *name, const char *email,
                       const char *const *roles, int n_roles);

static int need_value(int i, int argc, const char *flag)
{
    if (i + 1 < argc) return 1;
    fprintf(stderr, "datalots user: option %s needs a value\n", flag);
    return 0;
}

static int user_add(const struct config *cfg, int argc, char **argv)
{
    const char *username = NULL, *name = NULL, *email = "";
    const char *roles[16];
    int n_roles = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--name") == 0) { if (!need_value(i, argc, "--name")) return 2; name = argv[++i]; }
        else if (strcmp(argv[i], "--email") == 0) { if (!need_value(i, argc, "--email")) return 2; email = argv[++i]; }
        else if (strcmp(argv[i], "--role") == 0) {
            if (!need_value(i, argc, "--role")) return 2;
            if (n_roles == 16) { fprintf(stderr, "datalots user: at most 16 --role options\n"); return 2; }
            roles[n_roles++] = argv[++i];
        } else if (argv[i][0] == '-') { fprintf(stderr, "datalots user: unknown option \"%s\"\n", argv[i]); return 2; }
        else if (!username) username = argv[i];
        else { fprintf(stderr, "datalots user: unexpected argument \"%s\"\n", argv[i]); return 2; }
    }
    if (!username || !name) { fprintf(stderr, "datalots user add: give USERNAME and --name\n"); return 2; }
    db *d = cli_open_store(cfg);
    if (!d) return 1;
    int status = user_add_in(d, username, name, email, roles, n_roles);
    db_close(d);
    return status;
}

static int user_add_in(db *d, const char *username, const char *name, const char *email,
                       const char *const *roles, int n_roles)
{
    dl_error e;
    dl_error_clear(&e);
    dl_role parsed_roles[16];
    int64_t nodes[16];
    for (int i = 0; i < n_roles; i++)
        if (account_parse_role_spec(d, roles[i], &parsed_roles[i], &nodes[i], &e) != DL_OK) {
            fprintf(stderr, "datalots user add: %s\n", e.msg);
            return 2;
        }
    char password[600];
    if (cli_read_password("Password: ", password, sizeof password) != 0) {
        fprintf(stderr, "datalots user add: no password given (set DATALOTS_PASSWORD or pipe it in)\n");
        return 2;
    }
    int64_t id = 0;
    if (account_create(d, &cli_actor, username, name, email, password, &id, &e) != DL_OK) {
        fprintf(stderr, "datalots user add: %s\n", e.msg);
        return 1;
    }
    for (int i = 0; i < n_roles; i++)
        if (account_grant(d, &cli_actor, id, parsed_roles[i], nodes[i], NULL, &e) != DL_OK) {
            fprintf(stderr, "datalots user add: %s\n", e.msg);
            return 1;
        }
    printf("user %s created\n", username);
    return 0;
}

static int find_user(db *d, arena *a, const char *username, user *u)
{
    dl_error e;
    if (user_by_username(d, a, username, u, &e) == DL_OK) return 1;
    fprintf(stderr, "datalots user: no user called \"%s\"\n", username);
    return 0;
}

static int user_passwd(const struct config *cfg, int argc, char **argv)
{
    if (argc != 1 || argv[0][0] == '-') { fprintf(stderr, "datalots user passwd: give exactly one USERNAME\n"); return 2; }
    db *d = cli_open_store(cfg);
    if (!d) return 1;
    arena *a = arena_new(1024);
    user u;
    int status = 1;
    if (a && find_user(d, a, argv[0], &u)) {
        char password[600];
        dl_error e;
        dl_error_clear(&e);
        if (cli_read_password("New password: ", password, sizeof password) != 0) {
            fprintf(stderr, "datalots user passwd: no password given\n");
            status = 2;
        } else if (account_set_password(d, &cli_actor, u.id, u.username, password, NULL, &e) != DL_OK) {
            fprintf(stderr, "datalots user passwd: %s\n", e.msg);
        } else {
            printf("password of %s changed; the user's sessions were ended\n", u.username);
            status = 0;
        }
    }
    arena_free(a);
    db_close(d);
    return status;
}

static int user_role(const struct config *cfg, int argc, char **argv)
{
    if (argc != 3 || (strcmp(argv[1], "--add") != 0 && strcmp(argv[1], "--remove") != 0)) {
        fprintf(stderr, "datalots user role: usage: datalots user role USERNAME (--add|--remove) ROLE[@ORGCODE]\n");
        return 2;
    }
    db *d = cli_open_store(cfg);
    if (!d) return 1;
    arena *a = arena_new(1024);
    user u;
    int status = 1;
    dl_error e;
    dl_error_clear(&e);
    dl_role role;
    int64_t node = 0;
    if (!a || !find_user(d, a, argv[0], &u)) goto out;
    if (account_parse_role_spec(d, argv[2], &role, &node, &e) != DL_OK) {
        fprintf(stderr, "datalots user role: %s\n", e.msg);
        status = 2;
        goto out;
    }
    if (strcmp(argv[1], "--add") == 0) {
        if (account_grant(d, &cli_actor, u.id, role, node, NULL, &e) != DL_OK) {
            fprintf(stderr, "datalots user role: %s\n", e.msg);
            goto out;
        }
        printf("%s now holds %s\n", u.username, argv[2]);
    } else {
        user_grant *g = NULL;
        int n = 0;
        int64_t gid = 0;
        if (user_grants_all(d, a, u.id, &g, &n, &e) != DL_OK) { /* every one, past the limit too */
            fprintf(stderr, "datalots user role: %s\n", e.msg);
            goto out;
        }
        for (int i = 0; i < n; i++)
            if (g[i].role == role && g[i].node_id == node) gid = g[i].id;
        if (!gid) { fprintf(stderr, "datalots user role: %s does not hold %s\n", u.username, argv[2]); goto out; }
        if (account_revoke(d, &cli_actor, gid, &e) != DL_OK) {
            fprintf(stderr, "datalots user role: %s\n", e.msg);
            goto out;
        }
        printf("%s no longer holds %s\n", u.username, argv[2]);
    }
    status = 0;
out:
    arena_free(a);
    db_close(d);
    return status;
}

int cmd_user(int argc, char **argv)
{
    if (argc == 0 || cli_wants_help(argc, argv)) { user_help(); return argc == 0 ? 2 : 0; }
    struct config cfg;
    if (cli_load_config("user", &cfg, &argc, argv) != 0) return 2;
    dl_error e;
    dl_error_clear(&e);
    static const struct { const char *name; int (*run)(const struct config *, int, char **); } subs[] = {
        {"add", user_add}, {"passwd", user_passwd}, {"role", user_role},
    };
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
        if (argc >= 1 && strcmp(argv[0], subs[i].name) == 0) return subs[i].run(&cfg, argc - 1, argv + 1);
    if (argc >= 1 && argv[0][0] == '-')
        fprintf(stderr, "datalots user: unknown option \"%s\"; see datalots user --help\n", argv[0]);
    else
        fprintf(stderr, "datalots user: expected add, passwd or role%s%s%s; see datalots user --help\n",
                argc ? ", not \"" : "", argc ? argv[0] : "", argc ? "\"" : "");
    return 2;
}
