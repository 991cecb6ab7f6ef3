/* test_i18n.c — English through the real GNU gettext: the catalog built from
 * src/i18n/po/en.po (make locale/en/LC_MESSAGES/datalots.mo), lookups of known
 * and unknown msgids, every entry of en.po, the samråd's labels (one English
 * name per assessment, pages and letters alike), and the thread-safety claim of
 * i18n.c: English lookups switch the calling thread's locale with uselocale()
 * only, so threads rendering Swedish at the same time keep their msgids.
 * A missing en_GB.UTF-8 locale or .mo file fails these tests (the server
 * would then run in Swedish only); scripts/install-deps.sh generates it. */
#include "test.h"

#include "core/samrad.h"
#include "web/http.h"
#include "web/i18n.h"

#include <libintl.h>
#include <locale.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#ifndef DATALOTS_SRC_LOCALEDIR
#error "DATALOTS_SRC_LOCALEDIR (the locale/ directory of the source tree) must be defined"
#endif

/* Fails the test unless English is loaded. */
#define REQUIRE_ENGLISH()                                                        \
    do {                                                                         \
        dl_error e_ = {0};                                                       \
        if (i18n_init(DATALOTS_SRC_LOCALEDIR, &e_) != DL_OK) {                   \
            test_fail(__FILE__, __LINE__, "i18n_init(\"%s\"): %s",               \
                      DATALOTS_SRC_LOCALEDIR, e_.msg);                           \
            return;                                                              \
        }                                                                        \
    } while (0)

static const struct { const char *sv, *en; } known[] = {
    {"Logga in", "Sign in"},
    {"Logga ut", "Sign out"},
    {"Hoppa till innehållet", "Skip to content"},
    {"Diarium", "Registry"},
    {"Diarienummer", "Registry number"},
    {"Ärendemening", "Subject"},
    {"Ledamot i samrådet", "Consultation group member"},
    {"Verksamhetschef", "Head of unit"},
    {"Regionområdeschef", "Area manager"},
    {"Förvaltningsdirektör", "Director"},
    {"Sekretessprövare", "Confidentiality reviewer"},
    {"Registrator", "Registrar"},
    {"Vårdenhet", "Care unit"},
    {"Regionområde", "Regional area"},
    {"Förvaltning", "Administration"},
    {"Sidan finns inte", "Page not found"},
    {"Databasen svarar inte just nu. Försök igen om en stund.",
     "The database is not responding at the moment. Please try again shortly."},
    {"Ange ett format för diarienummer, till exempel \"RH {year}-{seq:5}\".",
     "Enter a format for registry numbers, for example \"RH {year}-{seq:5}\"."},
    {"Adressen innehåller en felaktig %-kodning.", "The address contains invalid %-encoding."},
    {"En sekretessmarkering kräver en hänvisning till lagrum, t.ex. OSL 25 kap. 1 §.",
     "A confidentiality marking requires a reference to the legal provision, e.g. OSL 25 kap. 1 §."},
};
#define N_KNOWN (sizeof known / sizeof known[0])

TEST(i18n_init_loads_english)
{
    REQUIRE_ENGLISH();
    CHECK_STR_EQ(i18n_english("Logga in"), "Sign in");
}

TEST(i18n_init_fails_without_catalog)
{
    dl_error e = {0};
    CHECK_INT_EQ(i18n_init(test_tmpdir(), &e), DL_ECONFIG);
    CHECK_CONTAINS(e.msg, "datalots.mo");
}

TEST(i18n_english_translates_known_msgids)
{
    REQUIRE_ENGLISH();
    for (size_t i = 0; i < N_KNOWN; i++) CHECK_STR_EQ(i18n_english(known[i].sv), known[i].en);
}

/* The samråd's lists (core/samrad.h) are read through tr() by their labels:
 * each label has its translation, and an assessment is called the same in
 * English on the pages and in the letters (the list's own English label). */
TEST(i18n_samrad_labels_are_translated)
{
    REQUIRE_ENGLISH();
    for (int p = 0; p < SAMRAD_ASSESS__MAX; p++)
        CHECK_STR_EQ(i18n_english(samrad_assessment_label_sv((samrad_assessment_part)p)),
                     samrad_assessment_label_en((samrad_assessment_part)p));
    for (int c = 0; c < SAMRAD_COMPETENCE__MAX; c++) {
        const char *sv = samrad_competence_label_sv((samrad_competence)c);
        CHECK(strcmp(i18n_english(sv), sv) != 0);
    }
}

TEST(i18n_english_returns_unknown_msgids_unchanged)
{
    REQUIRE_ENGLISH();
    const char *unknown = "Det här finns inte i någon katalog ✓";
    CHECK(i18n_english(unknown) == unknown);
    CHECK(i18n_english("") != NULL && i18n_english("")[0] == '\0'); /* not the PO header */
    CHECK(i18n_english(NULL) == NULL);
    CHECK_STR_EQ(i18n_english("logga in"), "logga in");            /* msgids are case-sensitive */
    CHECK_STR_EQ(i18n_english("Sign in"), "Sign in");              /* English is no msgid */
}

TEST(i18n_translate_cb_follows_request_language)
{
    REQUIRE_ENGLISH();
    static request sv, en;
    sv.lang = LANG_SV;
    en.lang = LANG_EN;
    const char *msgid = "Byt lösenord";
    CHECK(i18n_translate_cb(&sv, msgid) == msgid);
    CHECK(i18n_translate_cb(NULL, msgid) == msgid);
    CHECK_STR_EQ(i18n_translate_cb(&en, msgid), "Change password");
    CHECK_STR_EQ(tr(&en, "Granskningslogg"), "Audit log");
    CHECK_STR_EQ(tr(&sv, "Granskningslogg"), "Granskningslogg");
    /* A lookup leaves the calling thread in the locale it had. */
    CHECK(uselocale((locale_t)0) == LC_GLOBAL_LOCALE);
}

/* --- every entry of en.po, through the compiled catalog ------------------- */

/* Appends the C-escaped contents of the quoted string on line to buf. */
static int po_append(char *buf, size_t cap, size_t *len, const char *line)
{
    const char *p = strchr(line, '"');
    if (!p) return -1;
    for (p++; *p && *p != '"'; p++) {
        char c = *p;
        if (c == '\\') {
            c = *++p;
            if (c == 'n') c = '\n';
            else if (c == 't') c = '\t';
            else if (c != '"' && c != '\\') return -1;
        }
        if (*len + 1 >= cap) return -1;
        buf[(*len)++] = c;
    }
    buf[*len] = '\0';
    return *p == '"' ? 0 : -1;
}

struct po_entry { char id[1024], str[1024]; size_t idlen, slen; int fuzzy, ctx, plural; };

TEST(i18n_every_po_entry_is_in_the_catalog)
{
    REQUIRE_ENGLISH();
    char path[1024];
    snprintf(path, sizeof path, "%s/../src/i18n/po/en.po", DATALOTS_SRC_LOCALEDIR);
    FILE *f = fopen(path, "r");
    if (!f) { test_fail(__FILE__, __LINE__, "cannot open %s", path); return; }
    static struct po_entry cur;
    memset(&cur, 0, sizeof cur);
    char line[2048];
    int field = 0; /* 1 msgid, 2 msgstr, 3 other */
    int entries = 0, bad = 0, lineno = 0;
    for (int more = 1; more;) {
        more = fgets(line, sizeof line, f) != NULL;
        if (more) lineno++;
        int cont = more && line[0] == '"';
        if (field == 2 && !cont) { /* an entry ends */
            if (!cur.fuzzy && !cur.ctx && !cur.plural && cur.idlen && cur.slen) {
                entries++;
                const char *got = i18n_english(cur.id);
                if (strcmp(got, cur.str) != 0) {
                    if (bad++ < 10)
                        test_fail(__FILE__, __LINE__, "i18n_english(\"%s\") == \"%s\", en.po says \"%s\"",
                                  cur.id, got, cur.str);
                }
            }
            memset(&cur, 0, sizeof cur);
            field = 0;
        }
        if (!more) break;
        int err = 0;
        if (strncmp(line, "#,", 2) == 0 && strstr(line, "fuzzy")) cur.fuzzy = 1;
        else if (line[0] == '#' || line[0] == '\n') continue;
        else if (strncmp(line, "msgctxt ", 8) == 0) { cur.ctx = 1; field = 3; }
        else if (strncmp(line, "msgid_plural ", 13) == 0) { cur.plural = 1; field = 3; }
        else if (strncmp(line, "msgid ", 6) == 0) { field = 1; err = po_append(cur.id, sizeof cur.id, &cur.idlen, line); }
        else if (strncmp(line, "msgstr ", 7) == 0) { field = 2; err = po_append(cur.str, sizeof cur.str, &cur.slen, line); }
        else if (strncmp(line, "msgstr[", 7) == 0) field = 2;
        else if (cont && field == 1) err = po_append(cur.id, sizeof cur.id, &cur.idlen, line);
        else if (cont && field == 2 && !cur.plural) err = po_append(cur.str, sizeof cur.str, &cur.slen, line);
        else if (!cont) err = -1;
        if (err) { test_fail(__FILE__, __LINE__, "%s:%d: cannot read this line", path, lineno); break; }
    }
    fclose(f);
    if (bad) {
        test_fail(__FILE__, __LINE__, "%d of %d entries differ: run make locale/en/LC_MESSAGES/datalots.mo", bad, entries);
        return;
    }
    CHECK(entries >= 100);
}

/* --- English and Swedish at once from several threads -------------------- */

enum { EN_THREADS = 4, SV_THREADS = 4, ROUNDS = 1500 };

static pthread_barrier_t start_line;
static locale_t swedish = (locale_t)0;
static request req_sv = {.lang = LANG_SV}, req_en = {.lang = LANG_EN};

struct worker { int english, own_locale; int failures; char first[256]; };

static void note(struct worker *w, const char *what, const char *msgid, const char *got)
{
    if (!w->failures++)
        snprintf(w->first, sizeof w->first, "%s(\"%s\") gave \"%s\"", what, msgid, got ? got : "(null)");
}

static void *work(void *arg)
{
    struct worker *w = arg;
    /* Swedish workers look msgids up with gettext too, some in the global
     * locale (as the server's threads are) and some in a Swedish locale of
     * their own: neither may ever see English. */
    if (!w->english && w->own_locale && swedish) uselocale(swedish);
    locale_t mine = uselocale((locale_t)0);
    pthread_barrier_wait(&start_line);
    for (int round = 0; round < ROUNDS; round++) {
        size_t i = (size_t)round % N_KNOWN;
        const char *msgid = known[i].sv, *got;
        if (w->english) {
            got = i18n_english(msgid);
            if (!got || strcmp(got, known[i].en) != 0) note(w, "i18n_english", msgid, got);
            got = i18n_translate_cb(&req_en, msgid);
            if (!got || strcmp(got, known[i].en) != 0) note(w, "i18n_translate_cb(en)", msgid, got);
        } else {
            got = i18n_translate_cb(&req_sv, msgid);
            if (got != msgid) note(w, "i18n_translate_cb(sv)", msgid, got);
            got = dgettext("datalots", msgid);
            if (!got || strcmp(got, msgid) != 0) note(w, "dgettext in a Swedish thread", msgid, got);
        }
        if (uselocale((locale_t)0) != mine) note(w, "uselocale after", msgid, "another locale");
    }
    return NULL;
}

TEST(i18n_english_and_swedish_threads_do_not_mix)
{
    REQUIRE_ENGLISH();
    swedish = newlocale(LC_MESSAGES_MASK, "sv_SE.UTF-8", (locale_t)0); /* optional */
    CHECK_INT_EQ(pthread_barrier_init(&start_line, NULL, EN_THREADS + SV_THREADS), 0);
    pthread_t tid[EN_THREADS + SV_THREADS];
    static struct worker w[EN_THREADS + SV_THREADS];
    for (int i = 0; i < EN_THREADS + SV_THREADS; i++) {
        w[i] = (struct worker){.english = i % 2 == 0, .own_locale = i % 4 == 1};
        CHECK_INT_EQ(pthread_create(&tid[i], NULL, work, &w[i]), 0);
    }
    for (int i = 0; i < EN_THREADS + SV_THREADS; i++) pthread_join(tid[i], NULL);
    pthread_barrier_destroy(&start_line);
    if (swedish) freelocale(swedish);
    for (int i = 0; i < EN_THREADS + SV_THREADS; i++)
        if (w[i].failures) {
            test_fail(__FILE__, __LINE__, "%s thread %d: %d wrong lookups, first: %s",
                      w[i].english ? "English" : "Swedish", i, w[i].failures, w[i].first);
            return;
        }
    /* The main thread, which never switched, still gets Swedish. */
    CHECK_STR_EQ(dgettext("datalots", "Logga in"), "Logga in");
}
