/* package_suppress.c — small-cell suppression of the patient table's
 * quasi-identifiers (the rule is in package.h): one pass counts each
 * column's distinct values in an open-addressing hash table; the writers
 * then ask for each value whether it is delivered or replaced. */
#include "extract/package_internal.h"

#include <string.h>

#include "core/alloc.h"

typedef struct slot {
    uint64_t hash;
    uint32_t off, len;   /* the value's bytes in keys */
    int64_t count;       /* 0: empty slot */
} slot;

struct value_counts {
    slot *slots;
    size_t cap, used;    /* cap: a power of two */
    char *keys;
    size_t keys_len, keys_cap;
};

static uint64_t fnv1a(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
    return h | 1;
}

static value_counts *counts_new(void)
{
    value_counts *c = dl_calloc(1, sizeof *c);
    if (!c) return NULL;
    c->cap = 64;
    c->slots = dl_calloc(c->cap, sizeof *c->slots);
    if (!c->slots) {
        dl_free(c);
        return NULL;
    }
    return c;
}

static void counts_free(value_counts *c)
{
    if (!c) return;
    dl_free(c->slots);
    dl_free(c->keys);
    dl_free(c);
}

static slot *find(const value_counts *c, const char *v, size_t n, uint64_t h)
{
    size_t mask = c->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        slot *s = &c->slots[i];
        if (s->count == 0) return s;
        if (s->hash == h && s->len == n && memcmp(c->keys + s->off, v, n) == 0) return s;
    }
}

static int grow(value_counts *c)
{
    size_t cap = c->cap * 2;
    slot *fresh = dl_calloc(cap, sizeof *fresh);
    if (!fresh) return -1;
    for (size_t i = 0; i < c->cap; i++) {
        if (c->slots[i].count == 0) continue;
        size_t j = (size_t)c->slots[i].hash & (cap - 1);
        while (fresh[j].count != 0) j = (j + 1) & (cap - 1);
        fresh[j] = c->slots[i];
    }
    dl_free(c->slots);
    c->slots = fresh;
    c->cap = cap;
    return 0;
}

/* 0, or -1 out of memory, or -2 too many distinct values. */
static int count_value(value_counts *c, const char *v, size_t n)
{
    uint64_t h = fnv1a(v, n);
    slot *s = find(c, v, n, h);
    if (s->count > 0) {
        s->count++;
        return 0;
    }
    if (c->used >= PACKAGE_SUPPRESS_MAX_VALUES) return -2;
    if (n > UINT32_MAX || c->keys_len + n > UINT32_MAX) return -2;
    if (c->keys_len + n > c->keys_cap) {
        size_t cap = c->keys_cap ? c->keys_cap * 2 : 4096;
        while (cap < c->keys_len + n) cap *= 2;
        char *k = dl_realloc(c->keys, cap);
        if (!k) return -1;
        c->keys = k;
        c->keys_cap = cap;
    }
    memcpy(c->keys + c->keys_len, v, n);
    *s = (slot){h, (uint32_t)c->keys_len, (uint32_t)n, 1};
    c->keys_len += n;
    c->used++;
    if (c->used * 2 > c->cap && grow(c) != 0) return -1;
    return 0;
}

static int64_t count_of(const value_counts *c, const char *v, size_t n)
{
    return find(c, v, n, fnv1a(v, n))->count;
}

static int is_counted(const package_table *t, int col)
{
    int sc = t->cols[col];
    return sc != PACKAGE_PSEUDONYM_COLUMN && source_tables[t->table].columns[sc].sens == SENS_QUASI_ID;
}

int package_suppress_applies(const package_info *p, const package_table *t)
{
    if (p->small_cell_min <= 0 || source_tables[t->table].patient_column != -1) return 0;
    for (int c = 0; c < t->n_cols; c++)
        if (is_counted(t, c)) return 1;
    return 0;
}

void package_suppress_free(package_suppression *s)
{
    for (int c = 0; c < PACKAGE_MAX_COLS; c++) counts_free(s->counts[c]);
    memset(s, 0, sizeof *s);
}

dl_err package_suppress_count(const package_info *p, const package_table *t, package_suppression *s, dl_error *e)
{
    memset(s, 0, sizeof *s);
    if (!package_suppress_applies(p, t)) return DL_OK;
    s->k = p->small_cell_min;
    s->n_cols = t->n_cols;
    for (int c = 0; c < t->n_cols; c++)
        if (is_counted(t, c) && !(s->counts[c] = counts_new())) {
            package_suppress_free(s);
            return dl_fail(e, DL_ENOMEM, "out of memory counting values for small-cell suppression");
        }
    int fd;
    csv_reader *r;
    dl_err err = package_csv_open(p, t, &fd, &r, e);
    if (err != DL_OK) {
        package_suppress_free(s);
        return err;
    }
    const char *const *cells;
    const size_t *lens;
    int n, got;
    while ((got = csv_read_row(r, &cells, &lens, &n, e)) == 1) {
        if (n != t->n_cols) {
            err = dl_fail(e, DL_EINVAL, "%s: row %lld has %d fields, the header %d", t->csv_path,
                          (long long)csv_reader_rows(r), n, t->n_cols);
            break;
        }
        for (int c = 0; c < n; c++) {
            if (!s->counts[c] || !cells[c] || lens[c] == 0) continue;
            int rc = count_value(s->counts[c], cells[c], lens[c]);
            if (rc == -1) err = dl_fail(e, DL_ENOMEM, "out of memory counting values for small-cell suppression");
            if (rc == -2)
                err = dl_fail(e, DL_ELIMIT,
                              "column %s of %s has more than %d distinct values: too many to count for "
                              "small-cell suppression (coarsen it first)",
                              source_tables[t->table].columns[t->cols[c]].name, source_tables[t->table].name,
                              PACKAGE_SUPPRESS_MAX_VALUES);
            if (rc != 0) break;
        }
        if (err != DL_OK) break;
    }
    if (got < 0) err = e ? e->code : DL_EINVAL;
    package_csv_close(fd, r);
    if (err != DL_OK) package_suppress_free(s);
    return err;
}

const char *package_suppress_value(package_suppression *s, int col, const char *v, size_t n, size_t *out_n)
{
    *out_n = n;
    if (s->k <= 0 || col < 0 || col >= s->n_cols || !s->counts[col] || !v || n == 0) return v;
    if (count_of(s->counts[col], v, n) >= s->k) return v;
    s->replaced[col]++;
    *out_n = strlen(PACKAGE_SUPPRESSED_MARK);
    return PACKAGE_SUPPRESSED_MARK;
}
