/* cli.h — the subcommands of datalots. Each takes the arguments after its
 * name, reads the common settings with config_load(), and returns the exit
 * status: 0 done, 1 failed at run time, 2 wrong usage. */
#ifndef DATALOTS_CLI_H
#define DATALOTS_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "cli/config.h"
#include "db/db.h"

#define DATALOTS_VERSION "0.1.0"

int cmd_serve(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_db(int argc, char **argv);
int cmd_age(int argc, char **argv);
int cmd_content(int argc, char **argv);
int cmd_catalog(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_api_token(int argc, char **argv);
int cmd_retention(int argc, char **argv);
int cmd_predict(int argc, char **argv);
int cmd_form(int argc, char **argv);
int cmd_mail(int argc, char **argv);
int cmd_doc(int argc, char **argv);
int cmd_cases(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_dictionary(int argc, char **argv);
int cmd_obstacles(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_delivery(int argc, char **argv);
int cmd_pii(int argc, char **argv);
int cmd_terms(int argc, char **argv);
int cmd_oidc(int argc, char **argv);
int cmd_holders(int argc, char **argv);
/* `datalots catalog harvest|drafts|publish` (cmd_harvest.c): argv[0] is the
 * subcommand's name. */
int catalog_harvest(const struct config *cfg, int argc, char **argv);
int catalog_drafts(const struct config *cfg, int argc, char **argv);
int catalog_publish(const struct config *cfg, int argc, char **argv);
/* `datalots catalog search` (cmd_catalog_search.c). */
int catalog_search(const struct config *cfg, int argc, char **argv);

/* Shared by the subcommands. */
int cli_wants_help(int argc, char **argv);
/* config_load() for subcommand `name`; prints the error and returns 2 on a
 * usage error, 0 when cfg is ready. */
int cli_load_config(const char *name, struct config *cfg, int *argc, char **argv);
/* Opens the store of cfg and applies migrations; prints the error and
 * returns NULL on failure. */
db *cli_open_store(const struct config *cfg);
/* Reads a password: DATALOTS_PASSWORD, else one line of standard input
 * (prompting without echo on a terminal). Returns 0 on success. */
int cli_read_password(const char *prompt, char *out, size_t outsz);
/* The SMTP settings of cfg (--smtp-url, --smtp-from, --smtp-user, the
 * password from --smtp-password-file or DATALOTS_SMTP_PASSWORD, kept in
 * password) into sc, checked. Prints the error and returns 2 for a bad
 * setting, 1 for an unreadable password file, 0 when sc is ready. */
struct smtp_config;
int cli_smtp_setup(const struct config *cfg, struct smtp_config *sc, char *password, size_t pwsz);
/* --locale-dir when not given: locale/ beside the binary, else the source
 * tree's (cmd_serve.c). */
void cli_default_locale_dir(struct config *cfg);
/* Creates the demo organisation and accounts; prints them. */
int demo_populate(db *d, FILE *out);
/* `datalots demo cases`: count generated cases at the demo organisation
 * (demo_cases.c); 0 done, 1 failed. Prints one line to out. */
int demo_cases_populate(db *d, long count, uint64_t seed, FILE *out);
/* `datalots demo source` (demo_source_cmd.c): argv after "source"; exit status. */
int demo_source_command(int argc, char **argv);
void demo_source_help(FILE *out);
/* `datalots demo obstacles` (demo_obstacles.c). */
int demo_obstacles_command(int argc, char **argv);
void demo_obstacles_help(FILE *out);
/* `datalots demo network` (demo_network.c). */
int demo_network_command(int argc, char **argv);
void demo_network_help(FILE *out);
/* `datalots demo questions` (demo_network.c). */
int demo_questions_command(int argc, char **argv);
void demo_questions_help(FILE *out);
/* `datalots report obstacles` (cmd_report.c). */
int cmd_report(int argc, char **argv);
/* `datalots report followup` (cmd_report_followup.c). */
int cmd_report_followup(int argc, char **argv);

#endif
