/* cmd_holders.c — `datalots holders add URL | list | remove URL | refresh`:
 * the feeds of other data holders that this (national) installation
 * compares on /jamfor (issue 15 item 4; docs/holder-feeds.md). refresh
 * fetches each feed now (cli/holder_refresh.h: libcurl, http and https
 * only, a timeout, at most HOLDER_PROFILE_MAX_BYTES, read with
 * core/holder_profile.h and stored only when valid); a feed that is down,
 * too large, not JSON or out of shape keeps its last good copy, and the
 * reason is stored and printed. Run it from cron or a systemd timer, or
 * let `datalots serve --holders-refresh SECONDS` do it.
 *
 * Exit status: 0 done (refresh: every feed fetched); 1 a store error, or
 * (refresh) at least one feed failed; 2 wrong usage. */
#include "cli/cli.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/holder_profile.h"
#include "cli/holder_refresh.h"
#include "store/holder_feeds.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

static const audit_actor cli_actor = {0, "cli"};

static void holders_help(void)
{
    printf("usage: datalots holders add URL | list | remove URL | refresh [options]\n\n"
           "The feeds of other data holders' installations (their /api/v1/holder-profile)\n"
           "that /jamfor compares side by side.\n\n"
           "  add URL      list a feed (http:// or https://; at most 200 feeds)\n"
           "  list         the feeds, when each was last fetched, and the last error\n"
           "  remove URL   stop listing a feed\n"
           "  refresh      fetch every feed now (timeout 20 s, at most 1 MiB each);\n"
           "               a feed that fails keeps its last good copy; serve does the\n"
           "               same every --holders-refresh seconds when given\n\n"
           "Exit status: 0 done; 1 a store error or a feed that failed; 2 wrong usage.\n");
}

static int refresh(db *d)
{
    int failed = 0;
    dl_error e;
    if (holder_refresh_run(d, stdout, "", NULL, &failed, &e) != DL_OK) {
        fprintf(stderr, "datalots holders refresh: %s\n", e.msg);
        return 1;
    }
    return failed ? 1 : 0;
}

static int list(db *d)
{
    arena *a = arena_new(1 << 16);
    holder_feed_rec *f = a ? arena_alloc(a, sizeof *f * HOLDER_FEEDS_MAX) : NULL;
    int n = 0;
    dl_error e;
    if (!f || holder_feed_list(d, a, 0, f, HOLDER_FEEDS_MAX, &n, &e) != DL_OK) {
        fprintf(stderr, "datalots holders list: %s\n", f ? e.msg : "out of memory");
        arena_free(a);
        return 1;
    }
    printf("url\tfetched\tlast error\n");
    for (int i = 0; i < n; i++)
        printf("%s\t%s\t%s\n", f[i].url, *f[i].fetched_at ? f[i].fetched_at : "never", f[i].last_error);
    arena_free(a);
    return 0;
}

int cmd_holders(int argc, char **argv)
{
    if (argc == 0 || cli_wants_help(argc, argv)) { holders_help(); return argc == 0 ? 2 : 0; }
    struct config cfg;
    if (cli_load_config("holders", &cfg, &argc, argv) != 0) return 2;
    const char *sub = argc ? argv[0] : "";
    int takes_url = strcmp(sub, "add") == 0 || strcmp(sub, "remove") == 0;
    if (!takes_url && strcmp(sub, "list") != 0 && strcmp(sub, "refresh") != 0) {
        fprintf(stderr, "datalots holders: expected add, list, remove or refresh, not \"%s\"; see datalots holders --help\n", sub);
        return 2;
    }
    if (argc != (takes_url ? 2 : 1)) {
        fprintf(stderr, "datalots holders %s: %s\n", sub, takes_url ? "give one URL" : "takes no arguments");
        return 2;
    }
    if (strcmp(sub, "add") == 0 && !holder_feed_url_valid(argv[1])) {
        fprintf(stderr, "datalots holders add: \"%s\" is not an http:// or https:// URL of at most 2000 characters "
                        "without spaces or quotes\n", argv[1]);
        return 2;
    }
    db *d = cli_open_store(&cfg);
    if (!d) return 1;
    int status = 0;
    dl_error e;
    if (strcmp(sub, "add") == 0) {
        int64_t id = 0;
        if (holder_feed_add(d, &cli_actor, argv[1], &id, &e) != DL_OK) {
            fprintf(stderr, "datalots holders add: %s\n", e.msg);
            status = 1;
        } else printf("added %s; fetch it with datalots holders refresh\n", argv[1]);
    } else if (strcmp(sub, "remove") == 0) {
        if (holder_feed_remove(d, &cli_actor, argv[1], &e) != DL_OK) {
            fprintf(stderr, "datalots holders remove: %s\n", e.msg);
            status = 1;
        }
    } else if (strcmp(sub, "list") == 0) {
        status = list(d);
    } else {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        status = refresh(d);
        curl_global_cleanup();
    }
    db_close(d);
    return status;
}
