/* test_doc.c — the case documents: the model's bounds and all-or-nothing
 * builders, HTML escaping of hostile text in every block type, and the PDF
 * (checked with pdftotext and pdfinfo): Swedish letters, "Sida N av M", the
 * marking on every page, a table that spans pages repeats its header, the
 * metadata, byte-for-byte determinism, the size limit, time and leaks. */
#include "test.h"

#include "core/embedded.h"
#include "core/strbuf.h"
#include "report/doc.h"
#include "report/doc_pdf.h"
#include "report/doc_sample.h"
#include "web/doc_web.h"
#include "web/template.h"

#include <stdlib.h>
#include <time.h>

#if defined(__SANITIZE_ADDRESS__)
#define HAVE_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_LSAN 1
#endif
#endif
#ifdef HAVE_LSAN /* tests run in forked children that _exit(): check here */
#include <sanitizer/lsan_interface.h>
#define LEAKS_FOUND() __lsan_do_recoverable_leak_check()
#else
#define LEAKS_FOUND() 0
#endif

static doc *minimal(arena *a)
{
    doc *d = doc_new(a);
    if (!d) return NULL;
    doc_letterhead(d, "Regionhälsan", NULL);
    doc_title(d, "Mottagningsbevis");
    return d;
}

TEST(doc_minimal_is_ok_and_status_names_missing_parts)
{
    arena *a = arena_new(4096);
    dl_error e;
    doc *d = doc_new(a);
    CHECK(d);
    CHECK_INT_EQ(doc_status(d, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "organisation");
    doc_letterhead(d, "Regionhälsan", "Box 100");
    CHECK_INT_EQ(doc_status(d, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "title");
    CHECK_INT_EQ(doc_title(d, "Beslut"), DL_OK);
    CHECK_INT_EQ(doc_status(d, &e), DL_OK);
    CHECK(doc_new(NULL) == NULL);
    arena_free(a);
}

TEST(doc_too_many_blocks_is_refused_whole)
{
    arena *a = arena_new(65536);
    doc *d = minimal(a);
    for (int i = 0; i < DOC_MAX_BLOCKS; i++) CHECK_INT_EQ(doc_paragraph(d, "Stycke."), DL_OK);
    CHECK_INT_EQ(doc_paragraph(d, "Ett för mycket."), DL_ELIMIT);
    CHECK_INT_EQ(d->n_blocks, DOC_MAX_BLOCKS);
    const char *items[] = {"x"};
    CHECK_INT_EQ(doc_list(d, items, 1), DL_ELIMIT);
    CHECK_INT_EQ(doc_table_begin(d, 1, "A"), DL_ELIMIT);
    CHECK(d->open_table == NULL);
    CHECK_INT_EQ(d->n_blocks, DOC_MAX_BLOCKS);
    dl_error e;
    CHECK_INT_EQ(doc_status(d, &e), DL_ELIMIT);
    CHECK_CONTAINS(e.msg, "more than 400 blocks");
    arena_free(a);
}

TEST(doc_too_long_or_malformed_text_changes_nothing)
{
    arena *a = arena_new(65536);
    doc *d = minimal(a);
    char *big = malloc(DOC_MAX_TEXT + 2);
    memset(big, 'a', DOC_MAX_TEXT + 1);
    big[DOC_MAX_TEXT + 1] = '\0';
    CHECK_INT_EQ(doc_paragraph(d, big), DL_ELIMIT);
    CHECK_INT_EQ(doc_heading(d, big), DL_ELIMIT);
    CHECK_INT_EQ(doc_notice(d, "Hur man överklagar", big), DL_ELIMIT);
    CHECK_INT_EQ(doc_signature(d, big, "", ""), DL_ELIMIT);
    CHECK_INT_EQ(doc_field(d, "Diarienummer", big), DL_ELIMIT);
    big[DOC_MAX_TEXT] = '\0';
    CHECK_INT_EQ(doc_paragraph(d, big), DL_OK); /* exactly the limit */
    free(big);
    CHECK_INT_EQ(doc_paragraph(d, "trasig \xc3("), DL_EINVAL);
    CHECK_INT_EQ(doc_paragraph(d, "klocka \x07"), DL_EINVAL);
    CHECK_INT_EQ(doc_heading(d, "två\nrader"), DL_EINVAL);
    CHECK_INT_EQ(doc_paragraph(d, NULL), DL_EINVAL);
    CHECK_INT_EQ(doc_set_lang(d, "de"), DL_EINVAL);
    CHECK_INT_EQ(d->n_blocks, 1);
    CHECK_INT_EQ(d->n_fields, 0);
    dl_error e;
    CHECK_INT_EQ(doc_status(d, &e), DL_ELIMIT); /* the first error is kept */
    CHECK_CONTAINS(e.msg, "paragraph is 16385 bytes, more than 16384");
    arena_free(a);
}

TEST(doc_total_text_is_bounded)
{
    arena *a = arena_new(1 << 20);
    doc *d = minimal(a);
    char *s = malloc(DOC_MAX_TEXT + 1);
    memset(s, 'b', DOC_MAX_TEXT);
    s[DOC_MAX_TEXT] = '\0';
    dl_err rc = DL_OK;
    int n = 0;
    while (n < 100 && (rc = doc_paragraph(d, s)) == DL_OK) n++;
    free(s);
    CHECK_INT_EQ(rc, DL_ELIMIT);
    CHECK(n >= 30 && n < 40);
    CHECK_INT_EQ(d->n_blocks, n);
    CHECK(d->total <= DOC_MAX_TOTAL);
    arena_free(a);
}

TEST(doc_table_rules)
{
    arena *a = arena_new(65536);
    doc *d = minimal(a);
    dl_error e;
    CHECK_INT_EQ(doc_table_begin(d, 0), DL_ELIMIT);
    CHECK_INT_EQ(doc_table_begin(d, 9, "1", "2", "3", "4", "5", "6", "7", "8", "9"), DL_ELIMIT);
    CHECK_INT_EQ(doc_table_row(d, "x"), DL_EINVAL);       /* no open table */
    CHECK_INT_EQ(doc_table_end(d), DL_EINVAL);
    CHECK_INT_EQ(d->n_blocks, 0);

    d = minimal(a);
    CHECK_INT_EQ(doc_table_begin(d, 2, "Variabel", "Antal"), DL_OK);
    CHECK_INT_EQ(doc_table_numeric(d, 1), DL_OK);
    CHECK_INT_EQ(doc_table_numeric(d, 2), DL_EINVAL);
    CHECK_INT_EQ(doc_table_row(d, "Kön", "12"), DL_OK);
    CHECK_INT_EQ(doc_paragraph(d, "mitt i tabellen"), DL_EINVAL);
    CHECK_INT_EQ(d->n_blocks, 0); /* the open table is not a block yet */

    d = minimal(a);
    CHECK_INT_EQ(doc_table_begin(d, 2, "Variabel", "Antal"), DL_OK);
    CHECK_INT_EQ(doc_status(d, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "not ended");
    strbuf pdf;
    sb_init(&pdf, 0);
    CHECK_INT_EQ(doc_pdf_render(d, NULL, &pdf, NULL, &e), DL_EINVAL);
    CHECK_INT_EQ(pdf.len, 0);
    CHECK(doc_to_tmpl(a, d, &e) == NULL);
    char cell[DOC_MAX_CELL + 2];
    memset(cell, 'c', sizeof cell - 1);
    cell[sizeof cell - 1] = '\0';
    CHECK_INT_EQ(doc_table_row(d, "ok", cell), DL_ELIMIT);
    CHECK_INT_EQ(d->open_table->table.n_rows, 0);
    for (int i = 0; i < DOC_MAX_ROWS; i++) CHECK_INT_EQ(doc_table_row(d, "r", "1"), DL_OK);
    CHECK_INT_EQ(doc_table_row(d, "r", "1"), DL_ELIMIT);
    CHECK_INT_EQ(d->open_table->table.n_rows, DOC_MAX_ROWS);
    CHECK_INT_EQ(doc_table_end(d), DL_OK);
    CHECK_INT_EQ(d->n_blocks, 1);
    /* the errors above stay: a document with one is never rendered */
    CHECK_INT_EQ(doc_pdf_render(d, NULL, &pdf, NULL, &e), DL_ELIMIT);
    CHECK_INT_EQ(pdf.len, 0);
    sb_free(&pdf);
    arena_free(a);
}

/* --- HTML --- */

#define EVIL(tag) "<script>" tag "</script> \"q\" 'a' & <b>"
#define EVIL_ESC(tag) "&lt;script&gt;" tag "&lt;/script&gt; &quot;q&quot; &#39;a&#39; &amp; &lt;b&gt;"

TEST(doc_html_escapes_hostile_text_in_every_block)
{
    arena *a = arena_new(65536);
    doc *d = doc_new(a);
    doc_letterhead(d, EVIL("org"), EVIL("line"));
    doc_field(d, EVIL("label"), EVIL("value1") "\n" EVIL("value2"));
    doc_marking(d, EVIL("marking"));
    doc_title(d, EVIL("title"));
    doc_footer(d, EVIL("footer"), "Sida", "av");
    doc_heading(d, EVIL("heading"));
    doc_paragraph(d, EVIL("para1") "\n\n" EVIL("para2"));
    const char *items[] = {EVIL("item1"), EVIL("item2")};
    doc_list(d, items, 2);
    doc_table_begin(d, 2, EVIL("head1"), EVIL("head2"));
    doc_table_numeric(d, 1);
    doc_table_row(d, EVIL("cell1"), EVIL("cell2"));
    doc_table_end(d);
    doc_signature(d, EVIL("signer"), EVIL("role"), EVIL("date"));
    doc_notice(d, EVIL("ntitle"), EVIL("nbody1") "\n" EVIL("nbody2"));
    dl_error e;
    CHECK_INT_EQ(doc_status(d, &e), DL_OK);
    tmpl_set *set = NULL;
    CHECK_INT_EQ(tmpl_set_load(embedded_templates, &set, &e), DL_OK);
    strbuf out;
    sb_init(&out, 0);
    CHECK_INT_EQ(doc_render_html(set, a, d, &out, &e), DL_OK);
    const char *h = sb_cstr(&out);
    CHECK_NOT_CONTAINS(h, "<script>");
    CHECK_NOT_CONTAINS(h, "<b>");
    static const char *const tags[] = {"org", "line", "label", "value1", "value2", "marking", "title",
                                       "footer", "heading", "para1", "para2", "item1", "item2", "head1",
                                       "head2", "cell1", "cell2", "signer", "role", "date", "ntitle",
                                       "nbody1", "nbody2"};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
        char want[200];
        snprintf(want, sizeof want, "&lt;script&gt;%s&lt;/script&gt; &quot;q&quot; &#39;a&#39; &amp; &lt;b&gt;", tags[i]);
        CHECK_CONTAINS(h, want);
    }
    CHECK_CONTAINS(h, "<td class=\"num\">" EVIL_ESC("cell2") "</td>");
    CHECK_CONTAINS(h, "<h1>" EVIL_ESC("title") "</h1>");
    CHECK_CONTAINS(h, "<aside class=\"doc-notice\">");
    sb_free(&out);
    tmpl_set_free(set);
    arena_free(a);
}

TEST(doc_html_sample_structure)
{
    arena *a = arena_new(65536);
    dl_error e;
    doc *d = doc_sample(a, "en", 0, &e);
    CHECK(d);
    tmpl_set *set = NULL;
    CHECK_INT_EQ(tmpl_set_load(embedded_templates, &set, &e), DL_OK);
    strbuf out;
    sb_init(&out, 0);
    CHECK_INT_EQ(doc_render_html(set, a, d, &out, &e), DL_OK);
    const char *h = sb_cstr(&out);
    CHECK_CONTAINS(h, "<article class=\"doc\" lang=\"en\">");
    CHECK_CONTAINS(h, "<h1>Decision on the release of official documents</h1>");
    CHECK_CONTAINS(h, "<th scope=\"col\" class=\"num\">Records</th>");
    CHECK_CONTAINS(h, "<h2>How to appeal</h2>");
    CHECK_CONTAINS(h, "<p class=\"doc-foot\">Ref. RH 2026-0142</p>");
    CHECK_CONTAINS(h, "<span>Åsa Öberg</span><span>Department of Public Health");
    sb_free(&out);
    tmpl_set_free(set);
    arena_free(a);
}

/* --- PDF --- */

/* Writes data to DIR/name and returns the path (static). */
static const char *write_tmp(const char *name, const strbuf *b)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", test_tmpdir(), name);
    FILE *f = fopen(path, "wb");
    if (!f) return NULL;
    fwrite(b->data, 1, b->len, f);
    fclose(f);
    return path;
}

/* The standard output of cmd (malloc'd; NULL on failure). */
static char *run(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    if (!p) return NULL;
    strbuf sb;
    sb_init(&sb, 4096);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) sb_append(&sb, buf, n);
    int rc = pclose(p);
    if (rc != 0 || sb.oom) { sb_free(&sb); return NULL; }
    sb_cstr(&sb);
    return sb.data;
}

/* pdftotext -layout of the PDF in b, pages separated by \f. */
static char *pdf_text(const strbuf *b)
{
    const char *path = write_tmp("t.pdf", b);
    if (!path) return NULL;
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' -", path);
    return run(cmd);
}

/* Number of pages of text t, and whether each holds needle. */
static int every_page_has(const char *t, const char *needle, int *pages)
{
    int ok = 1;
    *pages = 0;
    const char *p = t;
    while (*p) {
        const char *ff = strchr(p, '\f');
        size_t n = ff ? (size_t)(ff - p) : strlen(p);
        char *page = strndup(p, n);
        if (!strstr(page, needle)) ok = 0;
        free(page);
        (*pages)++;
        if (!ff) break;
        p = ff + 1;
        if (!*p) break;
    }
    return ok;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

TEST(doc_pdf_sample_swedish_two_pages)
{
    arena *a = arena_new(65536);
    dl_error e;
    doc *d = doc_sample(a, "sv", 0, &e);
    CHECK(d);
    doc_pdf_opts o = {.create_date = "2026-03-16T10:00:00+01:00"};
    strbuf pdf;
    sb_init(&pdf, 0);
    int pages = 0;
    double t0 = now_ms();
    CHECK_INT_EQ(doc_pdf_render(d, &o, &pdf, &pages, &e), DL_OK);
    double first = now_ms() - t0;
    CHECK_INT_EQ(pages, 2);
    CHECK(pdf.len > 1000 && memcmp(pdf.data, "%PDF-", 5) == 0);
    char *t = pdf_text(&pdf);
    CHECK(t);
    CHECK_CONTAINS(t, "Beslut om utlämnande av allmänna");
    CHECK_CONTAINS(t, "handlingar");
    CHECK_CONTAINS(t, "Åsa Öberg");
    CHECK_CONTAINS(t, "Åtgärdskoder (KVÅ)");
    CHECK_CONTAINS(t, "Ändras det inte");
    CHECK_CONTAINS(t, "Hjärtsviktsregistret");
    CHECK_CONTAINS(t, "Hur man överklagar");
    CHECK_CONTAINS(t, "kammarrätten");
    CHECK_CONTAINS(t, "veckor från den dag ni fick del av beslutet");
    CHECK_CONTAINS(t, "Sida 1 av 2");
    CHECK_CONTAINS(t, "Sida 2 av 2");
    int n = 0;
    CHECK(every_page_has(t, "SEKRETESS enligt OSL 25 kap. 1 §", &n));
    CHECK_INT_EQ(n, 2);
    CHECK(every_page_has(t, "Dnr RH 2026-0142", &n));
    free(t);
    const char *path = write_tmp("t.pdf", &pdf);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "pdfinfo '%s'", path);
    char *info = run(cmd);
    CHECK(info);
    CHECK_CONTAINS(info, "Title:           Beslut om utlämnande av allmänna handlingar");
    CHECK_CONTAINS(info, "Creator:         datalots");
    CHECK_CONTAINS(info, "Page size:       595.276 x 841.89 pts (A4)");
    CHECK_CONTAINS(info, "Pages:           2");
    CHECK_CONTAINS(info, "CreationDate:    Mon Mar 16 09:00:00 2026 UTC");
    free(info);

    /* the same model and date: the same bytes; and the time it takes */
    const int N = 10;
    t0 = now_ms();
    for (int i = 0; i < N; i++) {
        strbuf again;
        sb_init(&again, 0);
        CHECK_INT_EQ(doc_pdf_render(d, &o, &again, NULL, &e), DL_OK);
        CHECK(again.len == pdf.len && memcmp(again.data, pdf.data, pdf.len) == 0);
        sb_free(&again);
    }
    double each = (now_ms() - t0) / N;
    fprintf(stderr, "    doc_pdf: 2-page letter: first render %.1f ms (fonts loaded), then %.1f ms each, %zu bytes\n",
            first, each, pdf.len);
    CHECK(each < 2000);
    sb_free(&pdf);
    arena_free(a);
    CHECK_INT_EQ(LEAKS_FOUND(), 0);
}

TEST(doc_pdf_long_table_repeats_header_and_long_paragraph_flows)
{
    arena *a = arena_new(65536);
    dl_error e;
    doc *d = doc_sample(a, "en", 150, &e);
    CHECK(d);
    strbuf pdf;
    sb_init(&pdf, 0);
    int pages = 0;
    CHECK_INT_EQ(doc_pdf_render(d, NULL, &pdf, &pages, &e), DL_OK);
    CHECK(pages >= 5);
    char *t = pdf_text(&pdf);
    CHECK(t);
    /* pages 2 .. the one with the last row all start the table again */
    const char *p = t;
    int page = 1, with_header = 0, last_row_page = 0;
    while (p && *p) {
        const char *ff = strchr(p, '\f');
        char *pg = strndup(p, ff ? (size_t)(ff - p) : strlen(p));
        if (strstr(pg, "Additional variable 150")) last_row_page = page;
        if (page > 1 && strstr(pg, "Variable") && strstr(pg, "Source") && strstr(pg, "Records")) with_header++;
        CHECK_CONTAINS(pg, "CONFIDENTIAL under chapter 25");
        free(pg);
        p = ff ? ff + 1 : NULL;
        page++;
    }
    CHECK(last_row_page >= 4);
    CHECK(with_header >= last_row_page - 1);
    char want[64];
    snprintf(want, sizeof want, "Page %d of %d", pages, pages);
    CHECK_CONTAINS(t, want);
    free(t);
    sb_free(&pdf);

    /* one paragraph longer than a page flows on, every word kept */
    doc *l = minimal(a);
    doc_footer(l, "Dnr RH 2026-0001", "Sida", "av");
    strbuf para;
    sb_init(&para, 0);
    for (int i = 0; i < 700; i++) sb_printf(&para, "ord%d ", i);
    sb_puts(&para, "slutordet");
    CHECK_INT_EQ(doc_paragraph(l, sb_cstr(&para)), DL_OK);
    sb_free(&para);
    sb_init(&pdf, 0);
    CHECK_INT_EQ(doc_pdf_render(l, NULL, &pdf, &pages, &e), DL_OK);
    CHECK_INT_EQ(pages, 2);
    t = pdf_text(&pdf);
    CHECK(t);
    CHECK_CONTAINS(t, "ord0 ");
    CHECK_CONTAINS(t, "ord699");
    CHECK_CONTAINS(t, "slutordet");
    CHECK_CONTAINS(t, "Sida 2 av 2");
    CHECK_NOT_CONTAINS(t, "SEKRETESS"); /* no marking set, none shown */
    free(t);
    sb_free(&pdf);
    arena_free(a);
    CHECK_INT_EQ(LEAKS_FOUND(), 0);
}

TEST(doc_pdf_respects_the_output_limit)
{
    arena *a = arena_new(65536);
    dl_error e;
    doc *d = doc_sample(a, "sv", 0, &e);
    CHECK(d);
    strbuf pdf;
    sb_init(&pdf, 0);
    pdf.limit = 4000;
    CHECK_INT_EQ(doc_pdf_render(d, NULL, &pdf, NULL, &e), DL_ELIMIT);
    CHECK_CONTAINS(e.msg, "larger than 4000 bytes");
    CHECK(pdf.len <= 4000);
    sb_free(&pdf);
    arena_free(a);
    CHECK_INT_EQ(LEAKS_FOUND(), 0);
}

/* doc_each_keep: what a renderer keeps on one line. */
struct keeps { char got[512]; };
static void note_keep(void *ud, size_t at, size_t len)
{
    struct keeps *k = ud;
    size_t used = strlen(k->got);
    snprintf(k->got + used, sizeof k->got - used, "[%zu:%zu]", at, len);
}
static const char *keeps_of(struct keeps *k, const char *s)
{
    k->got[0] = '\0';
    doc_each_keep(s, strlen(s), note_keep, k);
    return k->got;
}

TEST(doc_keep_spans)
{
    struct keeps k;
    /* a diary number with its series letters, a date, a date with its time */
    CHECK_STR_EQ(keeps_of(&k, "ärende RH 2026-00107 den 2026-08-19 avser"), "[8:13][26:10]");
    CHECK_STR_EQ(keeps_of(&k, "Inkom 2026-02-18 16:00."), "[6:16]");
    CHECK_STR_EQ(keeps_of(&k, "(RH 2024-00031, beslutet"), "[1:13]");
    /* a range with an en dash, a reference number, sections */
    CHECK_STR_EQ(keeps_of(&k, "Norr 2016–2023: en"), "[5:11]");
    CHECK_STR_EQ(keeps_of(&k, "dnr 2024-01234-01"), "[4:13]");
    CHECK_STR_EQ(keeps_of(&k, "40–45 §§"), "[0:7]");
    /* not: a word with a number, a lone number, lower-case letters, a trailing hyphen */
    CHECK_STR_EQ(keeps_of(&k, "Typ 2-diabetes, E11.9, 25 kap., ab 2024-01"), "[35:7]");
    CHECK_STR_EQ(keeps_of(&k, "A10 2024- och ATC2024-01"), "");
    CHECK_STR_EQ(keeps_of(&k, ""), "");
    /* too many letters for a series: only the number */
    CHECK_STR_EQ(keeps_of(&k, "ABCDEF 2024-00001"), "[7:10]");
}

TEST(doc_html_keeps_dates_whole)
{
    arena *a = arena_new(65536);
    doc *d = minimal(a);
    CHECK(d);
    doc_paragraph(d, "Beslutet i ärende RH 2026-00107 den 2026-08-19 <b>.");
    dl_error e;
    tmpl_set *set = NULL;
    CHECK_INT_EQ(tmpl_set_load(embedded_templates, &set, &e), DL_OK);
    strbuf out;
    sb_init(&out, 0);
    CHECK_INT_EQ(doc_render_html(set, a, d, &out, &e), DL_OK);
    CHECK_CONTAINS(sb_cstr(&out), "<p>Beslutet i ärende <span class=\"nowrap\">RH 2026-00107</span> den "
                                  "<span class=\"nowrap\">2026-08-19</span> &lt;b&gt;.</p>");
    sb_free(&out);
    tmpl_set_free(set);
    arena_free(a);
}
