/* stem_tokenizer.c — the Swedish stemming FTS5 tokenizer; see
 * stem_tokenizer.h. It wraps unicode61 (found through the fts5_api) and
 * passes each of its tokens through a Snowball stemmer of its own (a
 * stemmer is not thread-safe; each tokenizer instance belongs to one
 * connection, which one thread uses at a time). */
#include "db/stem_tokenizer.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKEN 256 /* bytes; longer tokens are passed on unstemmed */

struct stem_tok {
    fts5_tokenizer inner;      /* unicode61's methods */
    Fts5Tokenizer *inner_tok;  /* and its instance */
    struct sb_stemmer *stemmer;
};

fts5_api *sqlite_fts5_api(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK) return NULL;
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    return api;
}

static void stem_delete(Fts5Tokenizer *t)
{
    struct stem_tok *s = (struct stem_tok *)t;
    if (!s) return;
    if (s->inner_tok) s->inner.xDelete(s->inner_tok);
    if (s->stemmer) sb_stemmer_delete(s->stemmer);
    free(s);
}

static int stem_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
    (void)argv;
    (void)argc;
    fts5_api *api = ctx;
    struct stem_tok *s = calloc(1, sizeof *s);
    if (!s) return SQLITE_NOMEM;
    void *inner_ctx = NULL;
    /* unicode61 with diacritics kept: "ö" and "o" are different letters. */
    static const char *inner_args[] = {"remove_diacritics", "0"};
    int rc = api->xFindTokenizer(api, "unicode61", &inner_ctx, &s->inner);
    if (rc == SQLITE_OK) rc = s->inner.xCreate(inner_ctx, inner_args, 2, &s->inner_tok);
    if (rc == SQLITE_OK && !(s->stemmer = sb_stemmer_new("swedish", "UTF_8"))) rc = SQLITE_NOMEM;
    if (rc != SQLITE_OK) { stem_delete((Fts5Tokenizer *)s); return rc; }
    *out = (Fts5Tokenizer *)s;
    return SQLITE_OK;
}

struct pass {
    struct stem_tok *s;
    void *ctx;
    int (*token)(void *, int, const char *, int, int, int);
};

static int stem_one(void *arg, int flags, const char *tok, int n, int start, int end)
{
    struct pass *p = arg;
    if (n <= 0 || n > MAX_TOKEN) return p->token(p->ctx, flags, tok, n, start, end);
    const sb_symbol *stem = sb_stemmer_stem(p->s->stemmer, (const sb_symbol *)tok, n);
    if (!stem) return SQLITE_NOMEM;
    return p->token(p->ctx, flags, (const char *)stem, sb_stemmer_length(p->s->stemmer), start, end);
}

static int stem_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int n,
                         int (*token)(void *, int, const char *, int, int, int))
{
    struct stem_tok *s = (struct stem_tok *)t;
    struct pass p = {s, ctx, token};
    return s->inner.xTokenize(s->inner_tok, &p, flags, text, n, stem_one);
}

int stem_tokenizer_register(sqlite3 *db)
{
    fts5_api *api = sqlite_fts5_api(db);
    if (!api) return SQLITE_ERROR;
    fts5_tokenizer tok = {stem_create, stem_delete, stem_tokenize};
    return api->xCreateTokenizer(api, STEM_TOKENIZER_NAME, api, &tok, NULL);
}
