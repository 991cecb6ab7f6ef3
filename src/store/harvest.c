/* harvest.c — a harvested catalogue into the knowledge guide; see
 * harvest.h. */
#include "store/harvest.h"
#include "core/clock.h"
#include "core/content.h"
#include "crypto/token.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct holder_row { const char *id, *title, *title_en; } holder_row;
#define HOLDERS_MAX 4000

struct run {
    db *d;
    arena *a;
    holder_row *holders;
    int n_holders;
    const char *catalogue, *fallback, *today, *now;
    const audit_actor *who;
    harvest_problem_fn problem;
    void *ctx;
    harvest_store_report *rep;
};

static void report(struct run *r, const harvest_dataset *ds, const char *msg)
{
    r->rep->problems++;
    if (r->problem) r->problem(r->ctx, ds->identifier ? ds->identifier : ds->uri, msg);
}

/* A problem that leaves the dataset out. */
static dl_err leave(struct run *r, const harvest_dataset *ds, const char *msg)
{
    r->rep->left_out++;
    report(r, ds, msg);
    return DL_OK;
}

static dl_err load_holders(struct run *r, dl_error *e)
{
    r->holders = arena_alloc(r->a, sizeof *r->holders * HOLDERS_MAX);
    if (!r->holders) return dl_fail(e, DL_ENOMEM, "out of memory");
    db_stmt *s = db_prepare(r->d, "SELECT id, title, title_en FROM guide_item WHERE type IN ('holder', 'agency', 'region')"
                                  " AND published_version > 0 ORDER BY id", e);
    if (!s) return e->code;
    int st;
    while ((st = db_step(s, e)) == DB_ROW && r->n_holders < HOLDERS_MAX) {
        holder_row *h = &r->holders[r->n_holders++];
        h->id = arena_strdup(r->a, db_col_text(s, 0));
        h->title = arena_strdup(r->a, db_col_text(s, 1));
        h->title_en = arena_strdup(r->a, db_col_text(s, 2));
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

static const char *holder_of(struct run *r, const harvest_dataset *ds)
{
    for (int i = 0; ds->publisher && i < r->n_holders; i++)
        if (strcasecmp(r->holders[i].title, ds->publisher) == 0 || strcasecmp(r->holders[i].title_en, ds->publisher) == 0)
            return r->holders[i].id;
    return NULL;
}

static dl_err exists(struct run *r, const char *id, int *found, dl_error *e)
{
    int64_t n = 0;
    dl_err rc = db_query_int(r->d, "SELECT COUNT(*) FROM guide_item WHERE id = ?", &n, e, "t", id);
    *found = n > 0;
    return rc;
}

static int is_slug(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 80 || s[0] == '-' || s[n - 1] == '-') return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || (s[i] == '-' && s[i + 1] != '-'))) return 0;
    return 1;
}

/* The item id in an identifier as datalots exports it (rdf/dcat_model.c:
 * "BASE/guide/ID#dataset", any BASE), or the identifier itself; NULL when
 * out of memory. */
static const char *exported_id(struct run *r, const char *identifier)
{
    static const char tail[] = "#dataset";
    size_t n = strlen(identifier), t = sizeof tail - 1;
    const char *at = strstr(identifier, "/guide/");
    if (!at || n <= t || strcmp(identifier + n - t, tail) != 0) return identifier;
    const char *id = at + 7;
    size_t len = (size_t)(identifier + n - t - id);
    return len ? arena_strndup(r->a, id, len) : identifier;
}

/* The item an identifier names: *id and the last harvest's sha (""), or
 * *id NULL for a new one. */
static dl_err match(struct run *r, const harvest_dataset *ds, const char **id, char *sha, dl_error *e)
{
    *id = NULL;
    sha[0] = '\0';
    db_stmt *s = db_prepare(r->d, "SELECT item_id, sha256 FROM harvest_identifier WHERE identifier = ?", e);
    if (!s) return e->code;
    db_bind_text(s, 1, ds->identifier);
    int st = db_step(s, e);
    if (st == DB_ROW) {
        *id = arena_strdup(r->a, db_col_text(s, 0));
        snprintf(sha, TOKEN_HEX_SIZE, "%s", db_col_text(s, 1));
    }
    db_stmt_done(s);
    if (st == DB_ERROR) return e->code;
    const char *slug = exported_id(r, ds->identifier);
    if (!*id && slug && is_slug(slug)) {
        int found = 0;
        dl_err rc = exists(r, slug, &found, e);
        if (rc != DL_OK) return rc;
        if (found) *id = slug;
    }
    return DL_OK;
}

/* A free id for a new item: the title's slug, or one from the identifier,
 * with -2, -3 … when taken. */
static dl_err new_id(struct run *r, const harvest_dataset *ds, const char **id, dl_error *e)
{
    const char *base = harvest_slug(r->a, ds->title);
    if (!base || strlen(base) < 2) base = arena_printf(r->a, "dataset-%s", harvest_slug(r->a, ds->identifier));
    if (!base || strlen(base) < 2 || strlen(base) > 70) base = "dataset";
    for (int k = 1; k < 1000; k++) {
        const char *cand = k == 1 ? base : arena_printf(r->a, "%s-%d", base, k);
        int found = 1;
        dl_err rc = cand ? exists(r, cand, &found, e) : dl_fail(e, DL_ENOMEM, "out of memory");
        if (rc != DL_OK) return rc;
        if (!found && is_slug(cand)) { *id = cand; return DL_OK; }
    }
    return dl_fail(e, DL_ELIMIT, "no free id for \"%s\"", base);
}

struct check_ctx { struct run *r; const harvest_dataset *ds; int n; };

static void check_problem(void *ctx, const char *path, int line, const char *msg)
{
    (void)path;
    (void)line;
    struct check_ctx *c = ctx;
    c->n++;
    report(c->r, c->ds, arena_printf(c->r->a, "the item it would become breaks a rule: %s", msg));
}

static dl_err latest_of(struct run *r, const char *id, int64_t *version, const char **source, dl_error *e)
{
    db_stmt *s = db_prepare(r->d, "SELECT v.version, v.source FROM guide_item i JOIN guide_version v"
                                  " ON v.item_id = i.id AND v.version = i.latest_version WHERE i.id = ?", e);
    if (!s) return e->code;
    db_bind_text(s, 1, id);
    int st = db_step(s, e);
    if (st == DB_ROW) {
        *version = db_col_int(s, 0);
        *source = arena_strdup(r->a, db_col_text(s, 1));
    }
    db_stmt_done(s);
    if (st == DB_ERROR) return e->code;
    return st == DB_ROW ? DL_OK : dl_fail(e, DL_ENOTFOUND, "the item %s has no version", id);
}

static dl_err remember(struct run *r, const harvest_dataset *ds, const char *id, const char *sha, dl_error *e)
{
    return db_run(r->d, "INSERT INTO harvest_identifier(identifier, item_id, catalogue, dataset_uri, sha256, harvested_at)"
                        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (identifier) DO UPDATE SET item_id = excluded.item_id,"
                        " catalogue = excluded.catalogue, dataset_uri = excluded.dataset_uri, sha256 = excluded.sha256,"
                        " harvested_at = excluded.harvested_at",
                  e, "tttttt", ds->identifier, id, r->catalogue, ds->uri, sha, r->now);
}

static dl_err one(struct run *r, const harvest_dataset *ds, dl_error *e)
{
    if (!ds->identifier) return leave(r, ds, "has no dct:identifier, by which a later harvest would find it; left out");
    if (!ds->title) return leave(r, ds, "has no dct:title; left out");
    if (!*ds->pages)
        return leave(r, ds, "has no dcat:landingPage or foaf:page with an http(s) address, and an item needs a public "
                            "source; left out");
    if (!ds->coverage_from)
        return leave(r, ds, "has no dct:temporal start date (nor dct:issued), and an item needs coverage_from; left out");
    const char *holder = holder_of(r, ds);
    if (!holder) {
        const char *who = ds->publisher ? arena_printf(r->a, "the publisher \"%s\"", ds->publisher)
                                        : arena_strdup(r->a, "the dataset has no dct:publisher with a foaf:name, which");
        if (!r->fallback)
            return leave(r, ds, arena_printf(r->a, "%s is no holder, agency or region of the guide (by title); add it, "
                                                   "or name one with --holder; left out", who));
        report(r, ds, arena_printf(r->a, "%s is no holder of the guide; --holder %s is used", who, r->fallback));
        holder = r->fallback;
    }
    const char *id = NULL;
    char last_sha[TOKEN_HEX_SIZE];
    dl_err rc = match(r, ds, &id, last_sha, e);
    int is_new = !id;
    if (rc == DL_OK && is_new) rc = new_id(r, ds, &id, e);
    if (rc != DL_OK) return rc;
    harvest_target t = {id, holder, r->today, r->catalogue, NULL};
    const char *plain = harvest_render(r->a, ds, &t);
    if (!plain) return dl_fail(e, DL_ENOMEM, "out of memory");
    char sha[TOKEN_HEX_SIZE];
    /* The reviewed date is the harvest's: the same source harvested on
     * another day is not a change, so the date is left out of the digest. */
    harvest_target undated = t;
    undated.today = "0000-00-00";
    const char *for_sha = harvest_render(r->a, ds, &undated);
    if (!for_sha) return dl_fail(e, DL_ENOMEM, "out of memory");
    sha256_hex(for_sha, strlen(for_sha), sha);
    if (!is_new && strcmp(last_sha, sha) == 0) { r->rep->unchanged++; return DL_OK; }
    int64_t latest = 0;
    const char *prior_src = NULL, *text = plain;
    content_item prior = {0};
    if (!is_new) {
        rc = latest_of(r, id, &latest, &prior_src, e);
        if (rc != DL_OK) return rc;
        if (content_parse(prior_src, strlen(prior_src), &prior)) {
            t.prior = &prior;
            text = harvest_render(r->a, ds, &t);
        }
        content_item_free(&prior);
        if (!text) return dl_fail(e, DL_ENOMEM, "out of memory");
    }
    struct check_ctx cc = {r, ds, 0};
    content_item it;
    content_check_item("", id, text, strlen(text), r->today, &it, check_problem, &cc);
    content_item_free(&it);
    if (cc.n) { r->rep->left_out++; return DL_OK; }
    if (!is_new && strcmp(text, prior_src) == 0) { r->rep->unchanged++; return remember(r, ds, id, sha, e); }
    char vsha[TOKEN_HEX_SIZE];
    sha256_hex(text, strlen(text), vsha);
    int64_t v = latest + 1;
    if (is_new)
        /* Readers see nothing of it until it is published (guide_publish
         * fills the fields lists and search read). */
        rc = db_run(r->d, "INSERT INTO guide_item(id, area, type, title, title_en, summary, summary_en, categories, reviewed,"
                          " responsible, body, latest_version, published_version, updated_at)"
                          " VALUES (?, 'datasets', 'dataset', '', '', '', '', '', '', '', '', 1, 0, ?)",
                    e, "tt", id, r->now);
    else rc = db_run(r->d, "UPDATE guide_item SET latest_version = ? WHERE id = ?", e, "it", v, id);
    if (rc == DL_OK)
        rc = db_run(r->d, "INSERT INTO guide_version(item_id, version, source, sha256, origin, created_at, created_by)"
                          " VALUES (?, ?, ?, ?, 'import', ?, NULLIF(?, 0))",
                    e, "tittti", id, v, text, vsha, r->now, r->who ? r->who->user_id : (int64_t)0);
    if (rc == DL_OK) rc = remember(r, ds, id, sha, e);
    if (rc == DL_OK) { if (is_new) r->rep->added++; else r->rep->changed++; }
    return rc;
}

dl_err harvest_store(db *d, const harvest_mapping *m, const char *catalogue, const char *fallback_holder,
                     const char *today, int dry_run, const audit_actor *who, harvest_problem_fn problem, void *ctx,
                     harvest_store_report *rep, dl_error *e)
{
    memset(rep, 0, sizeof *rep);
    arena *a = arena_new(1 << 16);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    char now[32];
    clock_iso_utc(clock_now(), now);
    struct run r = {d, a, NULL, 0, catalogue, fallback_holder, today, now, who, problem, ctx, rep};
    dl_err rc = db_begin(d, e);
    if (rc == DL_OK) rc = load_holders(&r, e);
    if (rc == DL_OK && fallback_holder) {
        int found = 0;
        rc = exists(&r, fallback_holder, &found, e);
        if (rc == DL_OK && !found)
            rc = dl_fail(e, DL_EINVAL, "--holder %s is no item of the guide; nothing was imported", fallback_holder);
    }
    for (int i = 0; i < m->n_ds && rc == DL_OK; i++) {
        if (m->ds[i].repeated_identifier) leave(&r, &m->ds[i], "has the same dct:identifier as a dataset before it; left out");
        else rc = one(&r, &m->ds[i], e);
    }
    char detail[160];
    snprintf(detail, sizeof detail, "%s: added %d, changed %d, unchanged %d, left out %d", dry_run ? "dry run" : "harvest",
             rep->added, rep->changed, rep->unchanged, rep->left_out);
    if (rc == DL_OK && !dry_run) rc = audit_append(d, who, "guide.harvest", "guide", catalogue, NULL, NULL, detail, e);
    if (rc == DL_OK && !dry_run) rc = db_commit(d, e);
    else if (db_in_transaction(d)) db_rollback(d);
    if (rc != DL_OK) memset(rep, 0, sizeof *rep);
    arena_free(a);
    return rc;
}

dl_err harvest_drafts(db *d, arena *a, harvest_draft *out, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT id, title, latest_version, published_version FROM guide_item"
                               " WHERE latest_version > published_version ORDER BY id LIMIT ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, max);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) {
        harvest_draft *h = &out[(*n)++];
        h->id = arena_strdup(a, db_col_text(s, 0));
        h->title = arena_strdup(a, db_col_text(s, 1));
        h->latest = db_col_int(s, 2);
        h->published = db_col_int(s, 3);
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}
