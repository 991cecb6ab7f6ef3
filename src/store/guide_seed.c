/* guide_seed.c — generated guide datasets; see guide_seed.h. */
#include "store/guide_seed.h"
#include "core/clock.h"
#include "crypto/token.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char *const topics[] = {"diabetes", "stroke", "hjärtsvikt", "astma", "cancer", "depression", "graviditet",
                                     "höftfraktur", "demens", "njursvikt", "psoriasis", "epilepsi", "migrän", "KOL"};
static const char *const sources[] = {"journaldata", "laboratoriesvar", "läkemedelsuttag", "vårdtillfällen",
                                      "primärvårdsbesök", "röntgenundersökningar", "biobanksprov", "enkätsvar"};
static const char *const places[] = {"Region Skåne", "Region Stockholm", "Västra Götalandsregionen", "Region Uppsala",
                                     "Region Norrbotten", "Region Jönköpings län", "Region Gotland"};

static uint64_t next(uint64_t *s) /* splitmix64 */
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

#define PICK(list, s) list[next(s) % (sizeof list / sizeof list[0])]

dl_err guide_seed_datasets(db *d, long count, uint64_t seed, dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    char now[32];
    clock_iso_utc(clock_now(), now);
    uint64_t s = seed;
    for (long i = 1; i <= count && rc == DL_OK; i++) {
        const char *topic = PICK(topics, &s), *src = PICK(sources, &s), *place = PICK(places, &s);
        int from = 1990 + (int)(next(&s) % 30);
        char id[40], title[200], title_en[200], summary[400], body[1200], source[2400], sha[TOKEN_HEX_SIZE];
        snprintf(id, sizeof id, "dataset-gen-%07ld", i);
        snprintf(title, sizeof title, "%s om %s i %s från %d", src, topic, place, from);
        title[0] = (char)(title[0] >= 'a' && title[0] <= 'z' ? title[0] - 32 : title[0]);
        snprintf(title_en, sizeof title_en, "Generated dataset %ld", i);
        snprintf(summary, sizeof summary, "Genererad datamängd med %s om patienter med %s i %s sedan %d.", src, topic,
                 place, from);
        snprintf(body, sizeof body,
                 "Datamängden beskriver %s för patienter med %s som vårdats i %s från %d och framåt. "
                 "Den används här bara för att mäta sökningen.\n\n## Så går du vidare\n\nKontakta datahållaren.\n",
                 src, topic, place, from);
        snprintf(source, sizeof source,
                 "---\nid: %s\ntype: dataset\ntitle: %s\ntitle_en: %s\nsummary: %s\nsummary_en: A generated dataset.\n"
                 "categories: genererad, %s\nsources: https://example.org/genererad\nreviewed: 2026-01-01\n"
                 "responsible: redaktör\n---\n\n%s",
                 id, title, title_en, summary, topic, body);
        sha256_hex(source, strlen(source), sha);
        char cats[80];
        snprintf(cats, sizeof cats, "genererad, %s", topic);
        rc = db_run(d, "INSERT INTO guide_item(id, area, type, title, title_en, summary, summary_en, categories, reviewed,"
                       " responsible, body, latest_version, published_version, updated_at)"
                       " VALUES (?, 'generated', 'dataset', ?, ?, ?, 'A generated dataset.', ?, '2026-01-01', 'redaktör', ?, 1, 1, ?)",
                    e, "ttttttt", id, title, title_en, summary, cats, body, now);
        if (rc == DL_OK)
            rc = db_run(d, "INSERT INTO guide_version(item_id, version, source, sha256, origin, created_at)"
                           " VALUES (?, 1, ?, ?, 'import', ?)", e, "tttt", id, source, sha, now);
        /* its facets: the categories (store/guide_facets.h) */
        if (rc == DL_OK)
            rc = db_run(d, "INSERT INTO guide_facet(seq, kind, value) SELECT seq, 'category', 'genererad' FROM guide_item"
                           " WHERE id = ?", e, "t", id);
        if (rc == DL_OK)
            rc = db_run(d, "INSERT INTO guide_facet(seq, kind, value) SELECT seq, 'category', ? FROM guide_item"
                           " WHERE id = ?", e, "tt", topic, id);
    }
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}
