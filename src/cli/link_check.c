/* link_check.c — the guide's source links checked with libcurl; see
 * link_check.h. HEAD first; a server that refuses HEAD (405, 501) is asked
 * with GET, reading no more than the status. */
#include "cli/link_check.h"
#include "core/arena.h"
#include "core/content.h"
#include "store/guide.h"

#include <curl/curl.h>
#include <string.h>

static size_t discard(char *p, size_t size, size_t n, void *ctx)
{
    (void)p;
    (void)ctx;
    return size * n;
}

/* The final HTTP status of url, or 0 with why filled when none came. */
static long status_of(CURL *h, const char *url, int head, long timeout, char *why, size_t whysz)
{
    curl_easy_reset(h);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "datalots-link-check/1");
    curl_easy_setopt(h, CURLOPT_NOBODY, head ? 1L : 0L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
    CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK) {
        snprintf(why, whysz, "%s", curl_easy_strerror(rc));
        return 0;
    }
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    return code;
}

int link_check_run(db *d, long timeout_seconds, FILE *out)
{
    arena *a = arena_new(1 << 20);
    guide_source *src = NULL;
    size_t n = 0;
    dl_error e;
    dl_error_clear(&e);
    if (!a || guide_published_sources(d, a, &src, &n, &e) != DL_OK) {
        fprintf(stderr, "datalots catalog links: %s\n", a ? e.msg : "out of memory");
        arena_free(a);
        return -1;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *h = curl_easy_init();
    int checked = 0, broken = 0;
    for (size_t i = 0; h && i < n; i++) {
        content_item it;
        if (!content_parse(src[i].source, strlen(src[i].source), &it)) { content_item_free(&it); continue; }
        const char *p = content_get(&it, "sources"), *entry;
        size_t len;
        while (p && content_list_next(&p, &entry, &len)) {
            if (!len) continue;
            char url[2048], why[256] = "";
            snprintf(url, sizeof url, "%.*s", (int)(len < sizeof url - 1 ? len : sizeof url - 1), entry);
            long code = status_of(h, url, 1, timeout_seconds, why, sizeof why);
            if (code == 405 || code == 501 || code == 403) code = status_of(h, url, 0, timeout_seconds, why, sizeof why);
            checked++;
            if (code >= 200 && code < 400) continue;
            broken++;
            if (code) fprintf(out, "%s: %s: HTTP %ld\n", src[i].id, url, code);
            else fprintf(out, "%s: %s: %s\n", src[i].id, url, why);
        }
        content_item_free(&it);
    }
    if (h) curl_easy_cleanup(h);
    curl_global_cleanup();
    fprintf(out, "catalog links: %d checked, %d broken\n", checked, broken);
    arena_free(a);
    return broken ? 1 : 0;
}
