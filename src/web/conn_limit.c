/* conn_limit.c — open connections per client address; see conn_limit.h.
 *
 * One mutex-protected open-addressing hash table, address → count, with
 * linear probing and backward-shift deletion (no tombstones, so the table
 * never silts up). An address with no connection has no entry, so at most
 * max_connections (+ one reservation per worker thread) entries exist; the
 * table has room for half as many again. The hash is SipHash with a key
 * drawn at start (libsodium's crypto_shorthash), so clients cannot choose
 * addresses that all land in one probe run. The lock is taken only when a
 * connection opens or closes, never per request. */
#include "web/conn_limit.h"
#include "core/alloc.h"

#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <string.h>

struct entry {
    peer_addr addr;
    uint32_t count; /* 0: empty slot */
};

struct conn_limit {
    pthread_mutex_t lock;
    uint32_t per_address;
    peer_trust trusted;
    unsigned char key[crypto_shorthash_KEYBYTES];
    size_t mask; /* slots - 1 */
    size_t used;
    struct entry *slots;
};

/* The place this thread reserved in conn_limit_admit() and
 * conn_limit_started() has not taken yet. */
static _Thread_local struct {
    conn_limit *cl;
    peer_addr addr;
    int held;
} reserved;

dl_err conn_limit_new(int per_address, int max_connections, const peer_trust *trusted, conn_limit **out,
                      dl_error *e)
{
    *out = NULL;
    if (per_address < 1 || max_connections < 1) return dl_fail(e, DL_ECONFIG, "connection limits must be 1 or more");
    if (sodium_init() < 0) return dl_fail(e, DL_EIO, "libsodium cannot start");
    size_t want = (size_t)max_connections + (size_t)max_connections / 2 + 64, slots = 64;
    while (slots < want) slots *= 2;
    conn_limit *cl = dl_calloc(1, sizeof *cl);
    struct entry *table = dl_calloc(slots, sizeof *table);
    if (!cl || !table || pthread_mutex_init(&cl->lock, NULL) != 0) {
        dl_free(cl);
        dl_free(table);
        return dl_fail(e, DL_ENOMEM, "out of memory for the connection table");
    }
    cl->per_address = (uint32_t)per_address;
    cl->trusted = *trusted;
    crypto_shorthash_keygen(cl->key);
    cl->mask = slots - 1;
    cl->slots = table;
    *out = cl;
    return DL_OK;
}

void conn_limit_free(conn_limit *cl)
{
    if (!cl) return;
    if (reserved.cl == cl) reserved.held = 0;
    pthread_mutex_destroy(&cl->lock);
    dl_free(cl->slots);
    dl_free(cl);
}

static size_t home_of(const conn_limit *cl, const peer_addr *a)
{
    unsigned char h[crypto_shorthash_BYTES];
    crypto_shorthash(h, (const unsigned char *)a, sizeof *a, cl->key); /* all bytes, no padding */
    uint64_t v;
    memcpy(&v, h, sizeof v);
    return (size_t)v & cl->mask;
}

/* The slot holding a, or the empty slot that ends its probe run. */
static size_t find(const conn_limit *cl, const peer_addr *a)
{
    size_t i = home_of(cl, a);
    while (cl->slots[i].count && !peer_addr_equal(&cl->slots[i].addr, a)) i = (i + 1) & cl->mask;
    return i;
}

/* One place back for a; the entry goes when its count reaches 0, and the
 * entries after it in the run move up so that each stays reachable from
 * its home slot. Called with the lock held. */
static void release(conn_limit *cl, const peer_addr *a)
{
    size_t hole = find(cl, a);
    if (!cl->slots[hole].count || --cl->slots[hole].count) return;
    cl->used--;
    for (size_t j = (hole + 1) & cl->mask; cl->slots[j].count; j = (j + 1) & cl->mask) {
        size_t home = home_of(cl, &cl->slots[j].addr);
        /* j may fill the hole when the hole lies on its probe path, home … j */
        if (((j - home) & cl->mask) >= ((j - hole) & cl->mask)) {
            cl->slots[hole] = cl->slots[j];
            hole = j;
        }
    }
    memset(&cl->slots[hole], 0, sizeof cl->slots[hole]);
}

int conn_limit_admit(conn_limit *cl, const struct sockaddr *sa, socklen_t len)
{
    peer_addr a;
    int admit = 1;
    pthread_mutex_lock(&cl->lock);
    if (reserved.held && reserved.cl == cl) { /* never started: libmicrohttpd dropped it */
        release(cl, &reserved.addr);
        reserved.held = 0;
    }
    if (!peer_addr_of(sa, len, &a) || peer_trust_has(&cl->trusted, &a)) goto out; /* not counted */
    size_t i = find(cl, &a);
    if (!cl->slots[i].count) {
        if (cl->used + 1 >= cl->mask) { admit = 0; goto out; } /* cannot happen: sized for the server's limit */
        cl->slots[i].addr = a;
        cl->used++;
    } else if (cl->slots[i].count >= cl->per_address) {
        admit = 0;
        goto out;
    }
    cl->slots[i].count++;
    reserved.cl = cl;
    reserved.addr = a;
    reserved.held = 1;
out:
    pthread_mutex_unlock(&cl->lock);
    return admit;
}

void *conn_limit_started(conn_limit *cl)
{
    if (!reserved.held || reserved.cl != cl) return NULL;
    reserved.held = 0;
    return cl; /* any non-NULL token */
}

void conn_limit_closed(conn_limit *cl, void *token, const struct sockaddr *sa, socklen_t len)
{
    peer_addr a;
    if (!token || !peer_addr_of(sa, len, &a)) return;
    pthread_mutex_lock(&cl->lock);
    release(cl, &a);
    pthread_mutex_unlock(&cl->lock);
}
