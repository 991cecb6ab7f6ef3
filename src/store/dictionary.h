/* dictionary.h — each organisation's data dictionary in the store (table
 * data_dictionary, migration 0022): for every variable of the source schema
 * (extract/source_schema.h, "table.column") whether the organisation offers
 * it to applicants, its description in its own words (Swedish, and English
 * when it has one) and its sensitivity class. The public page
 * /data/ordlista, the JSON API and the request form's checkboxes read it;
 * `datalots dictionary export|import` edits it as CSV.
 *
 * The variables themselves come from the source schema, never from the
 * store: a row naming a variable the schema no longer has is not listed.
 * An organisation has a dictionary once it is seeded (dictionary_seed: the
 * schema's defaults written down; run again after the schema grew, it adds
 * the new variables); until then it lists nothing and the request form
 * offers free text only. */
#ifndef DATALOTS_STORE_DICTIONARY_H
#define DATALOTS_STORE_DICTIONARY_H

#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"
#include "extract/source_schema.h"
#include "store/audit.h"

/* Characters of a description at most. */
enum { DICT_DESCRIPTION_MAX = 1000 };
/* Every variable of the source schema fits (checked in dictionary.c). */
enum { DICT_MAX = 64 };

typedef struct dict_entry {
    source_table_id table;
    int column;                 /* index into source_tables[table].columns */
    const char *variable;       /* "table.column" */
    int offered;                /* 1: applicants may ask for it */
    const char *description_sv; /* the organisation's own wording */
    const char *description_en; /* "" when it has none */
    int description_is_default; /* description_sv is the schema's sentence (a msgid) */
    sensitivity sens;
    const char *updated_at, *updated_by; /* "" when never written */
} dict_entry;

/* What to list. text: words matched, without regard to case, against the
 * variable's key, its Swedish label and its descriptions (NULL or "":
 * everything); sens and table: -1 for all; offered_only: leave out what is
 * not offered. */
typedef struct dict_filter {
    const char *text;
    int sens;
    int table;
    int offered_only;
} dict_filter;

/* The förvaltning with code: DL_ENOTFOUND with a sentence naming the code
 * when there is none (a unit below one is not an organisation here). */
dl_err dictionary_org_by_code(db *d, const char *code, int64_t *org_id, dl_error *e);

/* org_id's variables in source-schema order (table by table, column by
 * column) that pass f (NULL: all), into out (at most DICT_MAX); strings
 * live in a. */
dl_err dictionary_list(db *d, arena *a, int64_t org_id, const dict_filter *f, dict_entry *out, int *n,
                       dl_error *e);

/* Writes the schema's defaults for every variable org_id has no row for
 * yet (offered except the row ids, which are never delivered), in a
 * transaction of its own, audited as "dictionary.seed" when it added any.
 * *added (may be NULL): how many rows it wrote. Running it again adds
 * nothing. */
dl_err dictionary_seed(db *d, int64_t org_id, const audit_actor *who, int *added, dl_error *e);

/* One entry as it is to be written. */
typedef struct dict_input {
    const char *variable;       /* "table.column" of the source schema */
    int offered;                /* 0 or 1 */
    const char *sensitivity;    /* a key of SENSITIVITY_CLASSES */
    const char *description_sv; /* "": the schema's sentence */
    const char *description_en; /* may be "" */
} dict_input;

/* Checks in without touching the store: DL_EINVAL with a sentence (naming
 * the variable or the value) for an unknown variable, a bad sensitivity
 * key, offered not 0 or 1, a description that is not valid UTF-8, holds a
 * control character (other than none at all: descriptions are one line),
 * or is longer than DICT_DESCRIPTION_MAX characters. */
dl_err dictionary_check(const dict_input *in, dl_error *e);

/* Writes in->variable's entry for org_id (insert or update), audited as
 * "dictionary.set". dictionary_set runs in a transaction of its own;
 * dictionary_set_in_tx inside the caller's (an import writes all its rows
 * in one). Both check in first. */
dl_err dictionary_set(db *d, int64_t org_id, const audit_actor *who, const dict_input *in, dl_error *e);
dl_err dictionary_set_in_tx(db *d, int64_t org_id, const audit_actor *who, const dict_input *in, dl_error *e);

/* 1 when entries (a dictionary_list) hold key[0..len) as offered. */
int dictionary_offers(const dict_entry *entries, int n, const char *key, size_t len);

#endif
