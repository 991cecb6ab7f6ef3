/* doc.h — the document model of the case letters (acknowledgement of
 * receipt, completion request, samråd minutes, decision, …): one model, two
 * renderers (report/doc_pdf.h for PDF, web/doc_web.h for HTML). The model is
 * bounded, lives in a caller's arena, does no I/O and knows no language: every
 * word on the page, including the footer's "Sida"/"av", comes from the caller.
 *
 * Building: every builder copies its strings into the arena and returns
 * DL_OK, or an error (DL_EINVAL malformed, DL_ELIMIT too many / too long,
 * DL_ENOMEM) and then changes nothing visible. The first error is also kept
 * in the document (doc_status()), and both renderers refuse a document that
 * has one, or a table that was begun but not ended — so a caller may make a
 * run of builder calls and check once at the end, and a half-built document
 * is never rendered. Text must be UTF-8 without control characters other
 * than newline and tab; in a paragraph or a notice a newline starts a new
 * paragraph (empty lines are skipped).
 *
 * Example (a short decision letter):
 *
 *     arena *a = arena_new(16384);
 *     doc *d = doc_new(a);
 *     doc_letterhead(d, "Region Norrbotten", "Box 123, 971 00 Luleå");
 *     doc_field(d, "Diarienummer", "RS 2026-0142");
 *     doc_field(d, "Datum", "2026-03-16");
 *     doc_marking(d, "SEKRETESS enligt OSL 25 kap. 1 §");
 *     doc_footer(d, "Dnr RS 2026-0142", "Sida", "av");
 *     doc_title(d, "Beslut om utlämnande av allmänna handlingar");
 *     doc_heading(d, "Beslut");
 *     doc_paragraph(d, "Regionen lämnar ut …\nUppgifterna lämnas ut med förbehåll.");
 *     const char *conds[] = {"Uppgifterna får bara användas för …", "…"};
 *     doc_list(d, conds, 2);
 *     doc_table_begin(d, 2, "Variabel", "Antal");
 *     doc_table_numeric(d, 1);
 *     doc_table_row(d, "Diagnoskod", "12 480");
 *     doc_table_end(d);
 *     doc_signature(d, "Karin Lund", "Chefsjurist", "Luleå 2026-03-16");
 *     doc_notice(d, "Hur man överklagar", "Beslutet kan överklagas …");
 *     dl_error e;
 *     if (doc_status(d, &e) != DL_OK) … e.msg says what was wrong …
 *     doc_pdf_render(d, &opts, &pdf, &e);           // report/doc_pdf.h
 *     tmpl_ctx *c = doc_to_tmpl(a, d);              // web/doc_web.h
 */
#ifndef DATALOTS_DOC_H
#define DATALOTS_DOC_H

#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"

/* Bounds. A text is any one string given to a builder. */
#define DOC_MAX_BLOCKS      400     /* headings, paragraphs, lists, tables, … */
#define DOC_MAX_TEXT        16384   /* bytes of one string */
#define DOC_MAX_SHORT       512     /* bytes of a label, title, heading, cell header */
#define DOC_MAX_TOTAL       (512 * 1024) /* bytes of all text of a document */
#define DOC_MAX_FIELDS      16      /* label/value pairs of the header block */
#define DOC_MAX_LETTERHEAD  6       /* address lines under the organisation */
#define DOC_MAX_ITEMS       100     /* items of one bullet list */
#define DOC_MAX_COLS        8       /* columns of a table */
#define DOC_MAX_ROWS        2000    /* rows of a table */
#define DOC_MAX_CELL        2000    /* bytes of one table cell */

typedef enum doc_block_kind {
    DOC_HEADING,
    DOC_PARAGRAPH,
    DOC_LIST,
    DOC_TABLE,
    DOC_SIGNATURE,
    DOC_NOTICE,
} doc_block_kind;

/* The structures are read by the renderers; build them only with the
 * functions below. All strings are NUL-terminated UTF-8 in the arena. */
typedef struct doc_field_pair {
    const char *label, *value;
} doc_field_pair;

typedef struct doc_table {
    size_t ncols;
    const char **headers;   /* ncols */
    unsigned numeric;       /* bit i: column i is numbers, right-aligned */
    const char **cells;     /* n_rows * ncols, row-major */
    size_t n_rows, cap_rows;
} doc_table;

typedef struct doc_block {
    doc_block_kind kind;
    const char *text;       /* HEADING, PARAGRAPH, NOTICE (its body) */
    const char *title;      /* NOTICE: its title; SIGNATURE: the signer's title */
    const char *name;       /* SIGNATURE */
    const char *date;       /* SIGNATURE: place and/or date line, may be "" */
    const char **items;     /* LIST */
    size_t n_items;
    doc_table table;        /* TABLE */
} doc_block;

typedef struct doc {
    arena *a;
    const char *lang;                     /* "sv" (default) or "en" */
    const char *org_name;                 /* letterhead; "" when unset */
    const char *letterhead[DOC_MAX_LETTERHEAD];
    size_t n_letterhead;
    doc_field_pair fields[DOC_MAX_FIELDS];
    size_t n_fields;
    const char *marking;                  /* confidentiality marking; "" = none */
    const char *title;                    /* "" when unset */
    const char *footer_text;              /* e.g. the diary number; "" = none */
    const char *page_word, *of_word;      /* "Sida", "av" / "Page", "of" */
    doc_block *blocks;                    /* DOC_MAX_BLOCKS slots */
    size_t n_blocks;
    doc_block *open_table;                /* a table begun and not yet ended */
    size_t total;                         /* bytes of text so far */
    dl_error first;                       /* the first builder error */
} doc;

/* A new, empty document in a; NULL when a is NULL or out of memory. */
doc *doc_new(arena *a);

/* "sv" or "en": the HTML lang attribute and the PDF's text language. */
dl_err doc_set_lang(doc *d, const char *lang);
/* The organisation (required, non-empty) and an optional address line; call
 * again with the same name to add further lines. */
dl_err doc_letterhead(doc *d, const char *org_name, const char *line);
/* One label/value pair of the header block, in order: Diarienummer, Datum,
 * Mottagare, Er referens … (a value may hold newlines, e.g. an address). */
dl_err doc_field(doc *d, const char *label, const char *value);
/* Shown prominently at the top of every page; NULL or "" clears it. */
dl_err doc_marking(doc *d, const char *marking);
dl_err doc_title(doc *d, const char *title);
/* Footer of every page: text on the left (the diary number), and on the
 * right "<page_word> N <of_word> M" ("Sida 1 av 2", "Page 1 of 2"). */
dl_err doc_footer(doc *d, const char *text, const char *page_word, const char *of_word);

dl_err doc_heading(doc *d, const char *text);
dl_err doc_paragraph(doc *d, const char *text);
/* A bullet list of n items (n >= 1). */
dl_err doc_list(doc *d, const char *const *items, size_t n);
/* A table: ncols (1..DOC_MAX_COLS) header strings follow, as arguments or
 * as an array. Then doc_table_numeric() for the number columns, rows of
 * exactly ncols cells, and doc_table_end(). No other block may be added
 * while a table is open; an ended table needs no rows. */
dl_err doc_table_begin(doc *d, size_t ncols, ...);
dl_err doc_table_begin_v(doc *d, size_t ncols, const char *const *headers);
dl_err doc_table_numeric(doc *d, size_t col);
dl_err doc_table_row(doc *d, ...);        /* ncols const char * arguments */
dl_err doc_table_row_v(doc *d, const char *const *cells);
dl_err doc_table_end(doc *d);
/* Signed by name, with title and a place/date line (either may be ""). */
dl_err doc_signature(doc *d, const char *name, const char *title, const char *date);
/* A boxed notice with a title, e.g. "Hur man överklagar" and its text. */
dl_err doc_notice(doc *d, const char *title, const char *text);

/* DL_OK when every builder call so far succeeded and no table is open;
 * else the first error (copied into e, which may be NULL). */
dl_err doc_status(const doc *d, dl_error *e);

/* Splits text at newlines into its non-empty paragraphs: calls fn for each
 * (start, length). For the renderers. */
void doc_each_para(const char *text, void (*fn)(void *ud, const char *s, size_t n), void *ud);

/* The spans of text[0..n) that a renderer keeps on one line: runs of digits
 * joined by hyphens or en dashes (dates "2026-03-16", "2016–2023", reference
 * numbers "2024-01234-01"), with a diary number's series letters before
 * ("RH 2026-00031") and a date's time after ("2026-03-16 14:05"). Calls fn
 * for each (offset, length), in order, not overlapping. */
void doc_each_keep(const char *text, size_t n, void (*fn)(void *ud, size_t at, size_t len), void *ud);

#endif
