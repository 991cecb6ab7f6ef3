/* cmd_oidc.c — `datalots oidc add|list|map|unmap|unlink|passwords`: the
 * OpenID Connect providers staff and researchers sign in through (issue
 * 17; docs/oidc.md, deploy/OPERATIONS.md). The client secret is never taken
 * on the command line (it would stay in the shell's history and in ps):
 * add records where serve reads it, a file or an environment variable. */
#include "cli/cli.h"
#include "core/oidc_rules.h"
#include "core/roles.h"
#include "oidc/oidc_client.h"
#include "store/accounts.h"
#include "store/oidc.h"
#include "store/oidc_admin.h"
#include "store/users.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const audit_actor cli_actor = {0, "cli"};

static void oidc_help(void)
{
    printf("usage:\n"
           "  datalots oidc add --name NAME --issuer URL --client-id ID\n"
           "                    (--client-secret-file PATH | --client-secret-env VAR)\n"
           "                    [--label TEXT] [--label-en TEXT] [--scopes \"openid profile email\"]\n"
           "                    [--link-claim CLAIM --link-to email|username]\n"
           "                    [--create-accounts 0|1] [--disabled 0|1]\n"
           "  datalots oidc list\n"
           "  datalots oidc map --name NAME --claim CLAIM --value VALUE --role ROLE [--org ORGCODE]\n"
           "  datalots oidc unmap --name NAME --claim CLAIM --value VALUE --role ROLE [--org ORGCODE]\n"
           "  datalots oidc unlink --user USERNAME\n"
           "  datalots oidc passwords --for everyone|applicants|staff|nobody\n\n"
           "add records an OpenID Connect provider (run again with the same NAME to\n"
           "change it); /login then shows a button with its label (--label-en in English). NAME is a-z, 0-9\n"
           "and -, at most %d characters; it is part of /login/oidc/NAME. URL is the\n"
           "provider's issuer exactly (https://, or http:// to this machine). Register\n"
           "datalots at the provider with the redirect address\n"
           "  {--public-url}/login/oidc/callback\n"
           "and the post-logout address {--public-url}/. The client secret is read by\n"
           "serve at each sign-in from the file's first line or the variable; it is\n"
           "never given on the command line nor stored. --link-claim links a first\n"
           "sign-in to the account whose e-mail (only when the provider says it is\n"
           "verified) or username is that claim's value; --create-accounts 1 makes an\n"
           "account without roles for an identity nothing links to.\n\n"
           "map gives ROLE (at unit ORGCODE) to whoever's token has CLAIM equal to\n"
           "VALUE, or a list holding it, for as long as it does: the grant is made and\n"
           "taken away at each sign-in through that provider. Other roles come only\n"
           "from datalots' own grants.\n\n"
           "unmap removes such a map and, at once, every grant it gave (a grant a\n"
           "person gave stays).\n\n"
           "unlink takes the identity linked to account USERNAME away, with the grants\n"
           "its claims gave, and ends the sessions it signed in; the next sign-in\n"
           "through the provider links or creates an account as the provider's\n"
           "settings say (the admin's page /admin/users/ID has the same button).\n\n"
           "passwords says who may still sign in with a password: everyone (the\n"
           "default), applicants (staff, anyone with a role other than applicant, must\n"
           "use a provider), staff (applicants must), or nobody. Every change is\n"
           "audited. See docs/oidc.md.\n",
           OIDC_NAME_MAX);
}

/* Options of a subcommand: flag → the slot it fills. */
typedef struct opt {
    const char *flag;
    const char **slot;
} opt;

static int parse(const char *cmd, const opt *opts, int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--client-secret") == 0 || strncmp(argv[i], "--client-secret=", 16) == 0) {
            fprintf(stderr, "datalots oidc %s: the client secret is never given on the command line (it would stay in"
                            " the shell's history); put it in a file readable only by datalots and give"
                            " --client-secret-file PATH, or give --client-secret-env VAR\n", cmd);
            return 2;
        }
        const opt *o = opts;
        while (o->flag && strcmp(o->flag, argv[i]) != 0) o++;
        if (!o->flag) { fprintf(stderr, "datalots oidc %s: unknown argument \"%s\"; see --help\n", cmd, argv[i]); return 2; }
        if (i + 1 >= argc) { fprintf(stderr, "datalots oidc %s: option %s needs a value\n", cmd, argv[i]); return 2; }
        *o->slot = argv[++i];
    }
    return 0;
}

/* Printable UTF-8 text of 1..max bytes without control characters. */
static int plain_text(const char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > max) return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f) return 0;
    return 1;
}

static int scopes_valid(const char *scopes)
{
    if (!plain_text(scopes, 500)) return 0;
    int has_openid = 0;
    const char *p = scopes;
    while (*p) {
        while (*p == ' ') p++;
        size_t n = strcspn(p, " ");
        if (!n) break;
        for (size_t i = 0; i < n; i++)
            if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:.-/", p[i])) return 0;
        if (n == 6 && strncmp(p, "openid", 6) == 0) has_openid = 1;
        p += n;
    }
    return has_openid;
}

static int env_name_valid(const char *v)
{
    if (!v || !*v || strlen(v) > 64 || (v[0] >= '0' && v[0] <= '9')) return 0;
    for (; *v; v++)
        if (!((*v >= 'A' && *v <= 'Z') || (*v >= '0' && *v <= '9') || *v == '_')) return 0;
    return 1;
}

static int flag01(const char *v, int *out)
{
    if (!v) return 1;
    if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0) return 0;
    *out = v[0] == '1';
    return 1;
}

static int add(db *d, int argc, char **argv)
{
    const char *name = NULL, *issuer = NULL, *client_id = NULL, *secret_file = NULL, *secret_env = NULL;
    const char *label = NULL, *label_en = NULL, *scopes = NULL, *link_claim = NULL, *link_to = NULL, *create = NULL, *disabled = NULL;
    const opt opts[] = {{"--name", &name}, {"--issuer", &issuer}, {"--client-id", &client_id},
                        {"--client-secret-file", &secret_file}, {"--client-secret-env", &secret_env},
                        {"--label", &label}, {"--label-en", &label_en}, {"--scopes", &scopes}, {"--link-claim", &link_claim},
                        {"--link-to", &link_to}, {"--create-accounts", &create}, {"--disabled", &disabled},
                        {NULL, NULL}};
    if (parse("add", opts, argc, argv) != 0) return 2;
    const char *bad = NULL;
    oidc_provider p = {0};
    if (!name || !issuer || !client_id) bad = "--name, --issuer and --client-id are required; see --help";
    else if (!oidc_provider_name_valid(name)) bad = "--name takes a-z, 0-9 and - (not first), at most 32 characters";
    else if (!oidc_url_allowed(issuer)) bad = "--issuer must be the provider's https:// address (http:// only to 127.0.0.1, [::1] or localhost)";
    else if (!plain_text(client_id, 255)) bad = "--client-id must be 1-255 characters without control characters";
    else if (!secret_file == !secret_env) bad = "give exactly one of --client-secret-file PATH and --client-secret-env VAR";
    else if (secret_env && !env_name_valid(secret_env)) bad = "--client-secret-env takes a variable name: A-Z, 0-9 and _";
    else if (secret_file && (secret_file[0] != '/' || strlen(secret_file) > 400)) bad = "--client-secret-file takes an absolute path (serve reads it from its own directory)";
    else if ((label && !plain_text(label, 80)) || (label_en && !plain_text(label_en, 80)))
        bad = "--label and --label-en must be 1-80 characters without control characters";
    else if (scopes && !scopes_valid(scopes)) bad = "--scopes is a space-separated list that includes openid";
    else if (!link_claim != !link_to) bad = "--link-claim and --link-to go together";
    else if (link_claim && !oidc_claim_name_valid(link_claim)) bad = "--link-claim takes a claim name: letters, digits and _:./-";
    else if (link_to && strcmp(link_to, "email") != 0 && strcmp(link_to, "username") != 0) bad = "--link-to is email or username";
    else if (!flag01(create, &p.create_accounts) || !flag01(disabled, &p.disabled)) bad = "--create-accounts and --disabled take 0 or 1";
    if (bad) { fprintf(stderr, "datalots oidc add: %s\n", bad); return 2; }
    if (secret_file) {
        struct stat st;
        FILE *f = fopen(secret_file, "r");
        if (!f) { fprintf(stderr, "datalots oidc add: the secret file %s cannot be read\n", secret_file); return 1; }
        int c = fgetc(f);
        fclose(f);
        if (c == EOF || c == '\n') { fprintf(stderr, "datalots oidc add: the secret file %s is empty\n", secret_file); return 1; }
        if (stat(secret_file, &st) == 0 && (st.st_mode & 0007)) /* the service's group may read it (0640) */
            fprintf(stderr, "datalots oidc add: warning: %s may be read by every user of this machine (chmod o-rwx it)\n",
                    secret_file);
    }
    char ref[420], dflt_label[80];
    snprintf(ref, sizeof ref, "%s%s", secret_file ? "file:" : "env:", secret_file ? secret_file : secret_env);
    snprintf(dflt_label, sizeof dflt_label, "Logga in med %s", name);
    p.name = name;
    p.issuer = issuer;
    p.client_id = client_id;
    p.client_secret_ref = ref;
    p.label = label ? label : dflt_label;
    p.label_en = label_en ? label_en : "";
    p.scopes = scopes ? scopes : "openid profile email";
    p.link_claim = link_claim ? link_claim : "";
    p.link_to = link_to ? link_to : "";
    dl_error e;
    dl_error_clear(&e);
    if (oidc_provider_put(d, &cli_actor, &p, &e) != DL_OK) { fprintf(stderr, "datalots oidc add: %s\n", e.msg); return 1; }
    printf("provider %s: issuer %s, client %s; register the redirect address {--public-url}/login/oidc/callback\n",
           name, issuer, client_id);
    return 0;
}

static int list(db *d)
{
    arena *a = arena_new(8192);
    if (!a) return 1;
    oidc_provider ps[16];
    int n = 0, status = 0;
    dl_error e;
    dl_error_clear(&e);
    oidc_password_policy policy;
    if (oidc_provider_list(d, a, ps, 16, &n, &e) != DL_OK || oidc_password_policy_get(d, &policy, &e) != DL_OK) {
        fprintf(stderr, "datalots oidc list: %s\n", e.msg);
        arena_free(a);
        return 1;
    }
    printf("passwords: %s\n", oidc_password_policy_keys[policy]);
    for (int i = 0; i < n; i++) {
        printf("%s\t%s\t%s\t%s\t%s%s%s\t%s%s%s\n", ps[i].name, ps[i].issuer, ps[i].client_id, ps[i].client_secret_ref,
               ps[i].label, *ps[i].label_en ? " / " : "", ps[i].label_en, ps[i].disabled ? "disabled" : "enabled", ps[i].create_accounts ? ", creates accounts" : "",
               *ps[i].link_to ? ", links by claim" : "");
        oidc_role_map maps[64];
        int m = 0;
        if (oidc_role_map_list(d, a, ps[i].id, maps, 64, &m, &e) != DL_OK) { status = 1; break; }
        for (int j = 0; j < m; j++)
            printf("  map\t%s = %s\t%s\t%s\n", maps[j].claim, maps[j].value, role_key(maps[j].role),
                   *maps[j].node_name ? maps[j].node_name : "(installation)");
    }
    arena_free(a);
    return status;
}

/* map and unmap: the same options, resolved to a provider, role and node. */
typedef struct map_spec {
    const char *name, *claim, *value, *role, *org;
    oidc_provider p;
    dl_role r;
    int64_t node;
} map_spec;

/* 0, or the exit status after saying what is wrong. */
static int map_parse(db *d, arena *a, const char *cmd, int argc, char **argv, map_spec *m)
{
    memset(m, 0, sizeof *m);
    const opt opts[] = {{"--name", &m->name}, {"--claim", &m->claim}, {"--value", &m->value}, {"--role", &m->role},
                        {"--org", &m->org}, {NULL, NULL}};
    if (parse(cmd, opts, argc, argv) != 0) return 2;
    if (!m->name || !m->claim || !m->value || !m->role) {
        fprintf(stderr, "datalots oidc %s: --name, --claim, --value and --role are required; see --help\n", cmd);
        return 2;
    }
    if (!oidc_claim_name_valid(m->claim) || !plain_text(m->value, OIDC_CLAIM_TEXT_MAX)) {
        fprintf(stderr, "datalots oidc %s: --claim takes a claim name (letters, digits, _:./-) and --value 1-%d"
                        " characters without control characters\n", cmd, OIDC_CLAIM_TEXT_MAX);
        return 2;
    }
    if (!plain_text(m->role, 60) || (m->org && !plain_text(m->org, 60))) {
        fprintf(stderr, "datalots oidc %s: --role takes a role key and --org a unit's code (see datalots user --help)\n",
                cmd);
        return 2;
    }
    dl_error e;
    dl_error_clear(&e);
    char spec[200];
    snprintf(spec, sizeof spec, "%s%s%s", m->role, m->org ? "@" : "", m->org ? m->org : "");
    if (oidc_provider_by_name(d, a, m->name, &m->p, &e) != DL_OK) {
        fprintf(stderr, "datalots oidc %s: %s\n", cmd,
                e.code == DL_ENOTFOUND ? "no provider of that --name (see datalots oidc list)" : e.msg);
        return 1;
    }
    if (account_parse_role_spec(d, spec, &m->r, &m->node, &e) != DL_OK) {
        fprintf(stderr, "datalots oidc %s: %s\n", cmd, e.msg);
        return 1;
    }
    return 0;
}

static int map(db *d, int argc, char **argv)
{
    arena *a = arena_new(4096);
    if (!a) return 1;
    map_spec m;
    int status = map_parse(d, a, "map", argc, argv, &m);
    dl_error e;
    dl_error_clear(&e);
    if (status == 0 && oidc_role_map_add(d, &cli_actor, m.p.id, m.claim, m.value, m.r, m.node, &e) != DL_OK) {
        fprintf(stderr, "datalots oidc map: %s\n", e.msg);
        status = 1;
    }
    if (status == 0)
        printf("%s: %s = %s gives %s%s%s\n", m.name, m.claim, m.value, m.role, m.org ? " at " : "", m.org ? m.org : "");
    arena_free(a);
    return status;
}

static int unmap(db *d, int argc, char **argv)
{
    arena *a = arena_new(4096);
    if (!a) return 1;
    map_spec m;
    int status = map_parse(d, a, "unmap", argc, argv, &m);
    dl_error e;
    dl_error_clear(&e);
    int64_t removed = 0, others = 0;
    if (status == 0 &&
        oidc_admin_unmap(d, &cli_actor, m.p.id, m.claim, m.value, m.r, m.node, &removed, &others, &e) != DL_OK) {
        if (e.code == DL_ENOTFOUND)
            fprintf(stderr, "datalots oidc unmap: %s has no map of %s = %s to %s%s%s (see datalots oidc list)\n", m.name,
                    m.claim, m.value, m.role, m.org ? " at " : "", m.org ? m.org : "");
        else fprintf(stderr, "datalots oidc unmap: %s\n", e.msg);
        status = 1;
    }
    if (status == 0) {
        printf("%s: %s = %s no longer gives %s%s%s; %" PRId64 " grant%s taken away\n", m.name, m.claim, m.value, m.role,
               m.org ? " at " : "", m.org ? m.org : "", removed, removed == 1 ? "" : "s");
        if (others)
            printf("note: %" PRId64 " other map%s of %s give%s that role there; the accounts %s gives it to get it back"
                   " at their next sign-in\n", others, others == 1 ? "" : "s", m.name, others == 1 ? "s" : "",
                   others == 1 ? "it" : "they");
    }
    arena_free(a);
    return status;
}

static int unlink_identity(db *d, int argc, char **argv)
{
    const char *username = NULL;
    const opt opts[] = {{"--user", &username}, {NULL, NULL}};
    if (parse("unlink", opts, argc, argv) != 0) return 2;
    if (!username) { fprintf(stderr, "datalots oidc unlink: --user USERNAME is required; see --help\n"); return 2; }
    if (!plain_text(username, 64)) {
        fprintf(stderr, "datalots oidc unlink: --user takes a username of 1-64 characters without control characters\n");
        return 2;
    }
    arena *a = arena_new(4096);
    if (!a) return 1;
    dl_error e;
    dl_error_clear(&e);
    user u;
    oidc_unlinked out;
    int status = 1;
    dl_err rc = user_by_username(d, a, username, &u, &e);
    if (rc == DL_ENOTFOUND) fprintf(stderr, "datalots oidc unlink: no account has the username \"%s\"\n", username);
    else if (rc != DL_OK) fprintf(stderr, "datalots oidc unlink: %s\n", e.msg);
    else if ((rc = oidc_admin_unlink(d, &cli_actor, u.id, &out, &e)) == DL_ECONFLICT)
        fprintf(stderr, "datalots oidc unlink: %s has no identity linked; there is nothing to unlink\n", u.username);
    else if (rc != DL_OK) fprintf(stderr, "datalots oidc unlink: %s\n", e.msg);
    else {
        printf("%s: unlinked from %s (subject %s); %" PRId64 " mapped grant%s taken away, %" PRId64 " session%s ended\n",
               u.username, out.issuer, out.subject, out.grants_removed, out.grants_removed == 1 ? "" : "s",
               out.sessions_ended, out.sessions_ended == 1 ? "" : "s");
        status = 0;
    }
    arena_free(a);
    return status;
}

static int passwords(db *d, int argc, char **argv)
{
    const char *who = NULL;
    const opt opts[] = {{"--for", &who}, {NULL, NULL}};
    if (parse("passwords", opts, argc, argv) != 0) return 2;
    int p = oidc_password_policy_parse(who);
    if (p < 0) { fprintf(stderr, "datalots oidc passwords: --for is everyone, applicants, staff or nobody\n"); return 2; }
    dl_error e;
    dl_error_clear(&e);
    if (oidc_password_policy_set(d, &cli_actor, (oidc_password_policy)p, &e) != DL_OK) {
        fprintf(stderr, "datalots oidc passwords: %s\n", e.msg);
        return 1;
    }
    printf("passwords: %s\n", who);
    return 0;
}

int cmd_oidc(int argc, char **argv)
{
    if (argc == 0 || cli_wants_help(argc, argv)) { oidc_help(); return argc == 0 ? 2 : 0; }
    struct config cfg;
    if (cli_load_config("oidc", &cfg, &argc, argv) != 0) return 2;
    const char *sub = argc ? argv[0] : "";
    static const char *const subs[] = {"add", "list", "map", "passwords", "unmap", "unlink", NULL};
    int k = 0;
    while (subs[k] && strcmp(subs[k], sub) != 0) k++;
    if (!subs[k]) {
        fprintf(stderr, "datalots oidc: expected add, list, map, unmap, unlink or passwords, not \"%s\"; see datalots oidc --help\n", sub);
        return 2;
    }
    if (k == 1 && argc > 1) { fprintf(stderr, "datalots oidc list: unexpected argument \"%s\"\n", argv[1]); return 2; }
    db *d = cli_open_store(&cfg);
    if (!d) return 1;
    int status = k == 0 ? add(d, argc - 1, argv + 1)
               : k == 1 ? list(d)
               : k == 2 ? map(d, argc - 1, argv + 1)
               : k == 3 ? passwords(d, argc - 1, argv + 1)
               : k == 4 ? unmap(d, argc - 1, argv + 1)
                        : unlink_identity(d, argc - 1, argv + 1);
    db_close(d);
    return status;
}
