/* form_origins.c — the OpenID providers' origins for CSP form-action (see
 * form_origins.h). */
#include "web/form_origins.h"
#include "oidc/oidc_client.h"
#include "store/oidc.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char origins[FORM_ORIGINS_MAX];
static int64_t read_at = -FORM_ORIGINS_SECONDS;

int form_origin_of(const char *url, char *out, size_t cap)
{
    const char *rest = url && strncmp(url, "https://", 8) == 0 ? url + 8
                     : url && strncmp(url, "http://", 7) == 0  ? url + 7
                                                               : NULL;
    if (!rest) return 0;
    size_t host = strcspn(rest, "/?#");
    if (host == 0) return 0;
    for (size_t i = 0; i < host; i++) {
        char c = rest[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr(".-:[]", c)))
            return 0;
    }
    size_t n = (size_t)(rest - url) + host;
    if (n + 1 > cap) return 0;
    memcpy(out, url, n);
    out[n] = '\0';
    return 1;
}

/* Appends " origin" of url to buf unless it is there already or does not fit. */
static void add(char *buf, size_t cap, const char *url)
{
    char o[300], spaced[304];
    if (!form_origin_of(url, o, sizeof o)) return;
    snprintf(spaced, sizeof spaced, " %s", o);
    size_t len = strlen(buf), n = strlen(spaced);
    const char *hit = strstr(buf, spaced);
    if (hit && (hit[n] == ' ' || hit[n] == '\0')) return;
    if (len + n + 1 <= cap) memcpy(buf + len, spaced, n + 1);
}

void form_origins_refresh(db *d, int64_t now)
{
    pthread_mutex_lock(&lock);
    int stale = now - read_at >= FORM_ORIGINS_SECONDS;
    if (stale) read_at = now; /* one reader at a time; the others keep the copy meanwhile */
    pthread_mutex_unlock(&lock);
    if (!stale || !d) return;
    arena *a = arena_new(16384);
    if (!a) return;
    oidc_provider ps[16];
    int n = 0;
    dl_error e = {0};
    char fresh[FORM_ORIGINS_MAX] = "";
    if (oidc_provider_list(d, a, ps, 16, &n, &e) == DL_OK) {
        for (int i = 0; i < n; i++) {
            if (ps[i].disabled) continue;
            add(fresh, sizeof fresh, ps[i].issuer);
            oidc_endpoints ep;
            dl_error ignored = {0};
            if (ps[i].discovery_json[0] &&
                oidc_discovery_parse(ps[i].discovery_json, ps[i].issuer, a, &ep, &ignored) == DL_OK) {
                add(fresh, sizeof fresh, ep.authorization);
                add(fresh, sizeof fresh, ep.end_session);
            }
        }
        pthread_mutex_lock(&lock);
        memcpy(origins, fresh, sizeof origins);
        pthread_mutex_unlock(&lock);
    }
    arena_free(a);
}

void form_origins_copy(char *out, size_t cap)
{
    pthread_mutex_lock(&lock);
    snprintf(out, cap, "%s", origins);
    pthread_mutex_unlock(&lock);
}
