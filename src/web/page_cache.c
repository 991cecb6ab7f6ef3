/* page_cache.c — see page_cache.h. One mutex guards the table: a lookup is
 * a digest compare and one copy of the page, short next to rendering it. */
#include "web/page_cache.h"
#include "core/alloc.h"
#include "core/clock.h"
#include "store/store_version.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

struct entry {
    unsigned char digest[32];
    int64_t version;
    int64_t stored_at;
    char content_type[64];
    char etag[ETAG_SIZE];
    char *body; /* NULL: empty slot */
    size_t len;
};

struct page_cache {
    pthread_mutex_t lock;
    size_t max_bytes, bytes;
    page_cache_stats stats;
    struct entry slots[PAGE_CACHE_SLOTS];
};

_Static_assert((PAGE_CACHE_SLOTS & (PAGE_CACHE_SLOTS - 1)) == 0, "PAGE_CACHE_SLOTS must be a power of two");

page_cache *page_cache_new(size_t max_bytes)
{
    if (!max_bytes) return NULL;
    page_cache *pc = dl_calloc(1, sizeof *pc);
    if (!pc) return NULL;
    if (pthread_mutex_init(&pc->lock, NULL) != 0) { dl_free(pc); return NULL; }
    pc->max_bytes = max_bytes;
    return pc;
}

static void drop(page_cache *pc, struct entry *en)
{
    if (!en->body) return;
    pc->bytes -= en->len;
    dl_free(en->body);
    en->body = NULL;
    en->len = 0;
}

void page_cache_free(page_cache *pc)
{
    if (!pc) return;
    for (int i = 0; i < PAGE_CACHE_SLOTS; i++) drop(pc, &pc->slots[i]);
    pthread_mutex_destroy(&pc->lock);
    dl_free(pc);
}

static void digest_part(crypto_generichash_state *st, const char *s)
{
    if (!s) s = "";
    crypto_generichash_update(st, (const unsigned char *)s, strlen(s) + 1); /* with its NUL: parts can't run together */
}

static void digest_of(const request *r, int64_t now, unsigned char out[32])
{
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, 32);
    char num[32], date[16];
    digest_part(&st, r->csrf_binding);
    snprintf(num, sizeof num, "%lld", (long long)r->user_id);
    digest_part(&st, num);
    snprintf(num, sizeof num, "%lld", (long long)r->api_token_id); /* a token's grant is its own, not its account's */
    digest_part(&st, num);
    digest_part(&st, r->lang == LANG_EN ? "en" : "sv");
    digest_part(&st, r->wants_json ? "json" : "html");
    digest_part(&st, r->path);
    digest_part(&st, r->raw_query);
    clock_local_date(now, date);
    digest_part(&st, date);
    crypto_generichash_final(&st, out, 32);
}

static struct entry *slot_of(page_cache *pc, const unsigned char digest[32])
{
    uint32_t h;
    memcpy(&h, digest, sizeof h);
    return &pc->slots[h & (PAGE_CACHE_SLOTS - 1)];
}

void page_cache_start(page_cache *pc, request *r, page_cache_ticket *t)
{
    memset(t, 0, sizeof *t);
    if (!pc || !r->db || (r->method != HTTP_GET && r->method != HTTP_HEAD)) return;
    t->store_errors = db_error_count();
    dl_error e = {0};
    if (store_version_read(r->db, &t->version, &e) != DL_OK) return; /* render as if there were no cache */
    t->usable = 1;
}

int page_cache_serve(page_cache *pc, request *r, page_cache_ticket *t)
{
    if (!pc || !t->usable) return 0;
    int64_t now = clock_now();
    digest_of(r, now, t->digest);
    int hit = 0;
    pthread_mutex_lock(&pc->lock);
    struct entry *en = slot_of(pc, t->digest);
    if (en->body && en->version == t->version && now - en->stored_at < PAGE_CACHE_TTL_SECONDS &&
        now >= en->stored_at && sodium_memcmp(en->digest, t->digest, 32) == 0) {
        sb_free(&r->res.body);
        sb_init(&r->res.body, en->len + 1);
        sb_append(&r->res.body, en->body, en->len);
        const char *ctype = arena_strdup(r->a, en->content_type);
        if (!r->res.body.oom && ctype) {
            r->res.status = 200;
            r->res.content_type = ctype;
            memcpy(t->etag, en->etag, ETAG_SIZE);
            hit = 1;
        } else {
            sb_free(&r->res.body);
        }
    }
    if (hit) pc->stats.hits++;
    else pc->stats.misses++;
    pthread_mutex_unlock(&pc->lock);
    return hit;
}

/* Frees the pages of older counters; the caller holds the lock. */
static void drop_stale(page_cache *pc, int64_t version)
{
    for (int i = 0; i < PAGE_CACHE_SLOTS; i++)
        if (pc->slots[i].body && pc->slots[i].version < version) drop(pc, &pc->slots[i]);
}

void page_cache_keep(page_cache *pc, request *r, page_cache_ticket *t, int headers_before)
{
    const response *res = &r->res;
    if (!pc || !t->usable || res->status != 200 || res->oom || res->body.oom || res->n_headers != headers_before ||
        db_error_count() != t->store_errors || res->not_for_page_cache ||
        !res->content_type || strlen(res->content_type) >= sizeof ((struct entry *)0)->content_type ||
        res->body.len > PAGE_CACHE_MAX_PAGE || res->body.len > pc->max_bytes)
        return;
    char *copy = dl_malloc(res->body.len ? res->body.len : 1);
    if (!copy) return;
    memcpy(copy, res->body.data, res->body.len);
    char etag[ETAG_SIZE];
    etag_of_body(copy, res->body.len, etag);
    pthread_mutex_lock(&pc->lock);
    struct entry *en = slot_of(pc, t->digest);
    size_t freed = en->body ? en->len : 0;
    if (pc->bytes - freed + res->body.len > pc->max_bytes) drop_stale(pc, t->version);
    freed = en->body ? en->len : 0;
    if (pc->bytes - freed + res->body.len <= pc->max_bytes) {
        drop(pc, en);
        memcpy(en->digest, t->digest, 32);
        en->version = t->version;
        en->stored_at = clock_now();
        snprintf(en->content_type, sizeof en->content_type, "%s", res->content_type);
        memcpy(en->etag, etag, ETAG_SIZE);
        memcpy(t->etag, etag, ETAG_SIZE);
        en->body = copy;
        en->len = res->body.len;
        pc->bytes += en->len;
        pc->stats.kept++;
        copy = NULL;
    }
    pc->stats.bytes = pc->bytes;
    pthread_mutex_unlock(&pc->lock);
    dl_free(copy);
}

void page_cache_revalidate(request *r, const page_cache_ticket *t)
{
    if (!t->etag[0] || r->res.status != 200) return;
    res_header(r, "ETag", t->etag);
    res_header(r, "Cache-Control", "private, no-cache");
    r->res.cacheable = 1; /* no "no-store": the tag is worth keeping */
    if (etag_none_match(req_header(r, "If-None-Match"), t->etag)) {
        r->res.status = 304;
        sb_free(&r->res.body);
        sb_init(&r->res.body, 1);
    }
}

page_cache_stats page_cache_stats_of(page_cache *pc)
{
    page_cache_stats s = {0};
    if (!pc) return s;
    pthread_mutex_lock(&pc->lock);
    s = pc->stats;
    pthread_mutex_unlock(&pc->lock);
    return s;
}
