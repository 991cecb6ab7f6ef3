/* search_rank.c — the title_first FTS5 auxiliary function; see
 * search_rank.h. */
#include "db/search_rank.h"
#include "db/stem_tokenizer.h"

#include <stddef.h>

static void title_first(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *out, int argc,
                        sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    int phrases = api->xPhraseCount(fts), instances = 0;
    if (phrases > 62 || api->xInstCount(fts, &instances) != SQLITE_OK) {
        sqlite3_result_error(out, "title_first: cannot read the hits", -1);
        return;
    }
    unsigned long long in_title = 0, all = phrases >= 64 ? ~0ull : (1ull << phrases) - 1;
    for (int k = 0; k < instances && in_title != all; k++) {
        int phrase, column, offset;
        if (api->xInst(fts, k, &phrase, &column, &offset) != SQLITE_OK) break;
        if (column <= 1 && phrase >= 0 && phrase < 64) in_title |= 1ull << phrase;
    }
    int words = 0;
    if (phrases == 0 || in_title != all || api->xColumnSize(fts, 0, &words) != SQLITE_OK) {
        sqlite3_result_int(out, SEARCH_RANK_NOT_IN_TITLE);
        return;
    }
    sqlite3_result_int(out, words);
}

int search_rank_register(sqlite3 *db)
{
    fts5_api *api = sqlite_fts5_api(db);
    if (!api) return SQLITE_ERROR;
    return api->xCreateFunction(api, "title_first", NULL, title_first, NULL);
}
