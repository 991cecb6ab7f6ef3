/* content.h — the knowledge guide's source items (content/<area>/<id>.md,
 * format in docs/content.md): parse one file's text into front matter and
 * body, check the rules of one item, then the rules across all items
 * (unique ids, related and holder ids that exist, unique region codes and
 * tiles); a case story's rules and film: core/content_case.h. No I/O:
 * the CLI (`datalots content check`) reads the files, and the
 * knowledge-guide loader uses the same parser. */
#ifndef DATALOTS_CONTENT_H
#define DATALOTS_CONTENT_H

#include <stddef.h>

#define CONTENT_MAX_FILE (256u * 1024u) /* bytes of one item file */
#define CONTENT_MAX_KEYS 40

typedef struct content_field {
    const char *key;
    const char *value;  /* trimmed, NUL-terminated */
    int line;
} content_field;

typedef struct content_item {
    char *path;         /* as given; owned */
    char *stem;         /* the file name without ".md"; owned */
    char *text;         /* a private copy of the file, cut into keys and values */
    content_field fields[CONTENT_MAX_KEYS];
    int n_fields;
    const char *body;   /* after the closing --- line */
    int body_line;      /* line number of the body's first line */
    int parsed;         /* front matter could be read */
} content_item;

/* Reports one problem: file, line (0: the whole file) and an English
 * sentence that says what to change. */
typedef void (*content_report_fn)(void *ctx, const char *path, int line, const char *msg);

/* Where the checks report (content.c, content_case.c): each problem goes
 * to report (when given) for the file at path, and is counted. */
typedef struct content_reporter {
    const char *path;
    content_report_fn report;
    void *ctx;
    int problems;
} content_reporter;
/* Reports one problem: line (0: the whole file), and a sentence that says
 * what to change. */
__attribute__((format(printf, 3, 4))) void content_problem(content_reporter *r, int line, const char *fmt, ...);

/* Parses text (len bytes) of the file at path into *item and checks every
 * rule of a single item; file_stem is the file name without ".md" (the id
 * must equal it) and today an ISO date ("YYYY-MM-DD": reviewed dates may not
 * be later). Returns the number of problems reported; *item is usable
 * (for the cross checks) when item->parsed. Free with content_item_free. */
int content_check_item(const char *path, const char *file_stem, const char *text, size_t len, const char *today,
                       content_item *item, content_report_fn report, void *ctx);

/* Only splits text into front matter and body (no rule checked: for text
 * that passed content_check_item before, as the store's versions have).
 * 1 when the front matter could be read. Free with content_item_free. */
int content_parse(const char *text, size_t len, content_item *item);

/* The rules across items: unique ids, related and holder ids that name an
 * existing item (not itself), unique region codes and tiles. Returns the
 * number of problems reported. */
int content_check_set(const content_item *items, size_t n, content_report_fn report, void *ctx);

/* The value of key, or NULL; the line it is on, or 0. */
const char *content_get(const content_item *item, const char *key);
int content_line_of(const content_item *item, const char *key);

/* One entry of a comma-separated list, starting at *p: sets *entry and
 * *len to it with blanks trimmed (len 0 for an empty entry) and moves *p
 * past its comma. Returns 0 when *p was already at the end. */
int content_list_next(const char **p, const char **entry, size_t *len);

/* The same for the ';'-separated list of the optional key "unconfirmed"
 * (facts not yet confirmed, docs/content.md). */
int content_unconfirmed_next(const char **p, const char **entry, size_t *len);

/* The item types, NULL-terminated (docs/content.md; content_types.c). */
extern const char *const content_types[];
/* "all", then content_types: the values of a filter by type. */
extern const char *const content_type_filters[];
/* The Swedish name of a type's items as a heading ("Lagar"); NULL if unknown. */
const char *content_type_label_sv(const char *key);

void content_item_free(content_item *item);

/* 1 for a real calendar date written YYYY-MM-DD. */
int content_is_iso_date(const char *s);

/* 1 if s is a known item type. */
int content_type_known(const char *s);

#endif
