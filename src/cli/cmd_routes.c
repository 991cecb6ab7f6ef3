/* cmd_routes.c — `datalots routes`: prints the route table the server
 * dispatches from, one route a line, tab-separated: methods, pattern,
 * action, flags, query parameters. For operators (what does this server answer?) and for the
 * route sweep in tests/e2e/t_routes.sh, which calls every route listed here
 * in every session state, so a route added later is swept too. Exit 1 when
 * the table contradicts itself (the same check `serve` makes). */
#include "cli/cli.h"
#include "core/authz.h"
#include "core/strbuf.h"
#include "web/router.h"

#include <stdio.h>
#include <string.h>

static void routes_help(void)
{
    printf("usage: datalots routes\n\n"
           "Prints every route of the web server, tab-separated: methods (GET implies\n"
           "HEAD), path pattern, the action of the authorization table, and flags\n"
           "(json, no-session, no-db, upload, page-cache, rdf-conneg, secret-path,\n"
           "json-body, and public when the action's\n"
           "rule lets anyone act without signing in; - for none), and the query parameters\n"
           "the route reads, as name:type (others are ignored; - for none). Exit\n"
           "status 1 when the table contradicts itself, as `datalots serve` would\n"
           "refuse to start.\n");
}

static void put_list(strbuf *sb, unsigned bits, const char *const *names, size_t n)
{
    size_t start = sb->len;
    for (size_t i = 0; i < n; i++)
        if (bits & (1u << i)) {
            if (sb->len > start) sb_puts(sb, ",");
            sb_puts(sb, names[i]);
        }
    if (sb->len == start) sb_puts(sb, "-");
}

static const char *field_type_name(field_type t)
{
    static const char *const names[] = {
        [FIELD_TEXT] = "text", [FIELD_MULTILINE] = "multiline", [FIELD_INT] = "int", [FIELD_EMAIL] = "email",
        [FIELD_DATE] = "date", [FIELD_ENUM] = "enum", [FIELD_BOOL] = "bool", [FIELD_TOKEN] = "token",
        [FIELD_PASSWORD] = "password", [FIELD_LOCAL_PATH] = "local-path",
    };
    return (unsigned)t < sizeof names / sizeof names[0] && names[t] ? names[t] : "?";
}

int cmd_routes(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) { routes_help(); return 0; }
    if (argc > 0) {
        fprintf(stderr, "datalots routes: unexpected argument \"%s\"; see datalots routes --help\n", argv[0]);
        return 2;
    }
    /* Bit i of http_method / route_flags, in order. */
    static const char *const methods[] = {"GET", "HEAD", "POST", "PUT", "DELETE"};
    static const char *const flags[] = {"json", "no-session", "no-db", "upload", "page-cache", "rdf-conneg",
                                        "secret-path", "json-body"};
    _Static_assert(ROUTE_JSON_BODY == 1 << 7, "a name above for each route flag, in bit order");
    dl_error e;
    dl_error_clear(&e);
    if (router_check_table(routes, n_routes, &e) != DL_OK) {
        fprintf(stderr, "datalots routes: the route table contradicts itself: %s\n", e.msg);
        return 1;
    }
    strbuf sb;
    sb_init(&sb, 4096);
    for (size_t i = 0; i < n_routes; i++) {
        const struct route *rt = &routes[i];
        put_list(&sb, rt->methods, methods, sizeof methods / sizeof methods[0]);
        sb_printf(&sb, "\t%s\t%s\t", rt->pattern, authz_action_name(rt->action));
        put_list(&sb, rt->flags, flags, sizeof flags / sizeof flags[0]);
        if (authz_action_is_public(rt->action)) {
            if (sb.len && sb.data[sb.len - 1] == '-') sb.len--;
            else sb_puts(&sb, ",");
            sb_puts(&sb, "public");
        }
        sb_puts(&sb, "\t");
        for (size_t k = 0; k < rt->n_query; k++)
            sb_printf(&sb, "%s%s:%s", k ? "," : "", rt->query[k].name, field_type_name(rt->query[k].type));
        if (!rt->n_query) sb_puts(&sb, "-");
        sb_puts(&sb, "\n");
    }
    int status = sb.oom ? 1 : 0;
    if (!sb.oom) fwrite(sb.data, 1, sb.len, stdout);
    else fprintf(stderr, "datalots routes: out of memory\n");
    sb_free(&sb);
    return status;
}
