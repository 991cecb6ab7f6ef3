/* dictionary.c — see dictionary.h. The SQL names only the constant table
 * data_dictionary; every value is bound. Listing reads the organisation's
 * rows and lays them out in source-schema order in C (29 variables: no
 * index needed, and the schema decides what exists). */
#include "store/dictionary.h"
#include "core/clock.h"
#include "core/utf8.h"

#include <stdio.h>
#include <string.h>

static const audit_actor system_actor = {0, "system"};

static int count_schema_variables(void)
{
    int n = 0;
    for (int t = 0; t < SRC_TABLE__MAX; t++) n += source_tables[t].n_columns;
    return n;
}

dl_err dictionary_org_by_code(db *d, const char *code, int64_t *org_id, dl_error *e)
{
    *org_id = 0;
    if (!code || !*code) return dl_fail(e, DL_EINVAL, "Ange organisationens kod.");
    dl_err rc = db_query_int(d, "SELECT id FROM org_node WHERE code = ? AND parent_id IS NULL", org_id, e, "t", code);
    if (rc == DL_ENOTFOUND) return dl_fail(e, DL_ENOTFOUND, "Det finns ingen organisation med koden ”%.40s”.", code);
    return rc;
}

static int sensitivity_from_key(const char *key)
{
    for (int i = 0; key && i < SENS__MAX; i++)
        if (strcmp(sensitivity_keys[i], key) == 0) return i;
    return -1;
}

/* Case-folded copy of s for matching: ASCII and Latin-1 capitals (Å Ä Ö
 * É …) become small letters; everything else stays as it is. */
static char *fold(arena *a, const char *s)
{
    size_t n = strlen(s);
    char *out = arena_alloc(a, n + 1);
    if (!out) return NULL;
    size_t j = 0;
    for (size_t i = 0; i < n;) {
        unsigned long cp = 0;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (len == 0) { out[j++] = s[i++]; continue; }
        if (cp >= 'A' && cp <= 'Z') {
            out[j++] = (char)(cp + 32);
        } else if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) {
            cp += 32; /* two bytes either way: C3 80..C3 9E → C3 A0..C3 BE */
            out[j++] = (char)(0xC0 | (cp >> 6));
            out[j++] = (char)(0x80 | (cp & 0x3F));
        } else {
            memcpy(out + j, s + i, len);
            j += len;
        }
        i += len;
    }
    out[j] = '\0';
    return out;
}

/* 1 when every word of the folded query occurs in one of the texts. */
static int matches(arena *a, const char *folded_query, const char *const *texts, int n_texts)
{
    char *hay[8];
    for (int i = 0; i < n_texts && i < 8; i++) {
        hay[i] = fold(a, texts[i] ? texts[i] : "");
        if (!hay[i]) return 0;
    }
    const char *p = folded_query;
    while (*p) {
        while (*p == ' ') p++;
        size_t len = strcspn(p, " ");
        if (len == 0) break;
        int hit = 0;
        for (int i = 0; i < n_texts && i < 8 && !hit; i++) {
            const char *h = hay[i];
            for (; *h && !hit; h++) hit = strncmp(h, p, len) == 0;
        }
        if (!hit) return 0;
        p += len;
    }
    return 1;
}

dl_err dictionary_list(db *d, arena *a, int64_t org_id, const dict_filter *f, dict_entry *out, int *n, dl_error *e)
{
    *n = 0;
    /* What the store holds, by position in the schema. */
    dict_entry rows[DICT_MAX];
    int have[DICT_MAX] = {0};
    db_stmt *s = db_prepare(d, "SELECT variable, offered, description_sv, description_en, sensitivity, updated_at,"
                               " updated_by FROM data_dictionary WHERE org_id = ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, org_id);
    int rc;
    while ((rc = db_step(s, e)) == DB_ROW) {
        const char *var = db_col_text(s, 0);
        source_table_id t;
        int c;
        if (source_variable_find(var, strlen(var), &t, &c) != 0) continue; /* gone from the schema */
        int pos = c;
        for (int k = 0; k < (int)t; k++) pos += source_tables[k].n_columns;
        if (pos >= DICT_MAX) continue;
        int sens = sensitivity_from_key(db_col_text(s, 4));
        dict_entry *x = &rows[pos];
        x->table = t;
        x->column = c;
        x->variable = arena_strdup(a, var);
        x->offered = db_col_int(s, 1) != 0;
        x->description_sv = arena_strdup(a, db_col_text(s, 2));
        x->description_en = arena_strdup(a, db_col_text(s, 3));
        x->sens = sens >= 0 ? (sensitivity)sens : source_tables[t].columns[c].sens;
        x->updated_at = arena_strdup(a, db_col_text(s, 5));
        x->updated_by = arena_strdup(a, db_col_text(s, 6));
        if (!x->variable || !x->description_sv || !x->description_en || !x->updated_at || !x->updated_by) {
            db_stmt_done(s);
            return dl_fail(e, DL_ENOMEM, "Minnet tog slut.");
        }
        x->description_is_default = strcmp(x->description_sv, source_tables[t].columns[c].description_sv) == 0;
        have[pos] = 1;
    }
    db_stmt_done(s);
    if (rc != DB_DONE) return e->code;

    char *query = f && f->text && *f->text ? fold(a, f->text) : NULL;
    int pos = 0;
    for (int t = 0; t < SRC_TABLE__MAX; t++)
        for (int c = 0; c < source_tables[t].n_columns; c++, pos++) {
            if (pos >= DICT_MAX || !have[pos]) continue;
            const dict_entry *x = &rows[pos];
            if (f && f->offered_only && !x->offered) continue;
            if (f && f->sens >= 0 && (int)x->sens != f->sens) continue;
            if (f && f->table >= 0 && t != f->table) continue;
            if (query) {
                const char *texts[] = {x->variable, source_tables[t].columns[c].label_sv, source_tables[t].label_sv,
                                       x->description_sv, x->description_en};
                if (!matches(a, query, texts, 5)) continue;
            }
            out[(*n)++] = *x;
        }
    dl_error_clear(e);
    return DL_OK;
}

static int is_row_id(const source_column *col) { return strcmp(col->name, "id") == 0; }

dl_err dictionary_seed(db *d, int64_t org_id, const audit_actor *who, int *added, dl_error *e)
{
    if (added) *added = 0;
    if (count_schema_variables() > DICT_MAX) return dl_fail(e, DL_EINTERNAL, "dictionary_seed: the source schema has more variables than DICT_MAX");
    int64_t kind_ok = 0;
    dl_err rc = db_query_int(d, "SELECT COUNT(*) FROM org_node WHERE id = ? AND parent_id IS NULL", &kind_ok, e, "i",
                             org_id);
    if (rc != DL_OK) return rc;
    if (!kind_ok) return dl_fail(e, DL_EINVAL, "En dataordlista hör till en förvaltning, inte till en enhet under den.");
    char now[32];
    clock_iso_utc(clock_now(), now);
    if (!who) who = &system_actor;
    const char *by = who->name ? who->name : "system";
    rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int n = 0;
    for (int t = 0; t < SRC_TABLE__MAX && rc == DL_OK; t++)
        for (int c = 0; c < source_tables[t].n_columns && rc == DL_OK; c++) {
            const source_column *col = &source_tables[t].columns[c];
            char var[80];
            snprintf(var, sizeof var, "%s.%s", source_tables[t].name, col->name);
            int64_t exists = 0;
            rc = db_query_int(d, "SELECT COUNT(*) FROM data_dictionary WHERE org_id = ? AND variable = ?", &exists, e,
                              "it", org_id, var);
            if (rc != DL_OK || exists) continue;
            rc = db_run(d, "INSERT INTO data_dictionary(org_id, variable, offered, description_sv, description_en,"
                           " sensitivity, updated_at, updated_by) VALUES (?, ?, ?, ?, '', ?, ?, ?)",
                        e, "itittt" "t", org_id, var, (int64_t)!is_row_id(col), col->description_sv,
                        sensitivity_keys[col->sens], now, by);
            n++;
        }
    if (rc == DL_OK && n > 0) {
        char oid[24], detail[64];
        snprintf(oid, sizeof oid, "%lld", (long long)org_id);
        snprintf(detail, sizeof detail, "%d variabler", n);
        rc = audit_append(d, who, "dictionary.seed", "org_node", oid, NULL, NULL, detail, e);
    }
    if (rc == DL_OK) rc = db_commit(d, e);
    if (rc != DL_OK) {
        db_rollback(d);
        return rc;
    }
    if (added) *added = n;
    return DL_OK;
}

/* A description's rule; what names the field in the message. */
static dl_err check_text(const char *s, const char *what, const char *var, dl_error *e)
{
    size_t len = strlen(s);
    if (!utf8_valid(s, len)) return dl_fail(e, DL_EINVAL, "%s för ”%s” är inte giltig UTF-8.", what, var);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F || (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
                                      (unsigned char)s[i + 1] <= 0x9F))
            return dl_fail(e, DL_EINVAL, "%s för ”%s” innehåller ett styrtecken (till exempel en radbrytning).", what,
                           var);
    }
    if (utf8_count(s, len) > DICT_DESCRIPTION_MAX)
        return dl_fail(e, DL_EINVAL, "%s för ”%s” är för lång (högst %d tecken).", what, var, DICT_DESCRIPTION_MAX);
    return DL_OK;
}

dl_err dictionary_check(const dict_input *in, dl_error *e)
{
    const char *var = in->variable ? in->variable : "";
    size_t vlen = strlen(var);
    source_table_id t;
    int c;
    if (vlen > 64 || !utf8_valid(var, vlen) || source_variable_find(var, vlen, &t, &c) != 0) {
        /* Quote what came only when it is short, printable text. */
        int printable = vlen <= 64 && utf8_valid(var, vlen);
        for (size_t i = 0; printable && i < vlen; i++) printable = (unsigned char)var[i] >= 0x20;
        if (!printable) return dl_fail(e, DL_EINVAL, "Variabeln finns inte i källschemat.");
        return dl_fail(e, DL_EINVAL, "Variabeln ”%s” finns inte i källschemat.", var);
    }
    if (in->offered != 0 && in->offered != 1)
        return dl_fail(e, DL_EINVAL, "Erbjuds för ”%s” måste vara 0 eller 1.", var);
    if (sensitivity_from_key(in->sensitivity) < 0) {
        const char *k = in->sensitivity ? in->sensitivity : "";
        size_t kl = strlen(k);
        int printable = kl <= 40 && utf8_valid(k, kl);
        for (size_t i = 0; printable && i < kl; i++) printable = (unsigned char)k[i] >= 0x20;
        return dl_fail(e, DL_EINVAL, "Känslighetsklassen ”%s” för ”%s” finns inte (direct_identifier, quasi_identifier,"
                                     " health eller administrative).", printable ? k : "?", var);
    }
    dl_err rc = check_text(in->description_sv ? in->description_sv : "", "Beskrivningen på svenska", var, e);
    if (rc == DL_OK) rc = check_text(in->description_en ? in->description_en : "", "Beskrivningen på engelska", var, e);
    return rc;
}

dl_err dictionary_set_in_tx(db *d, int64_t org_id, const audit_actor *who, const dict_input *in, dl_error *e)
{
    dl_err rc = dictionary_check(in, e);
    if (rc != DL_OK) return rc;
    source_table_id t;
    int c;
    source_variable_find(in->variable, strlen(in->variable), &t, &c);
    const char *sv = in->description_sv && *in->description_sv ? in->description_sv
                                                                : source_tables[t].columns[c].description_sv;
    int64_t is_root = 0;
    rc = db_query_int(d, "SELECT COUNT(*) FROM org_node WHERE id = ? AND parent_id IS NULL", &is_root, e, "i", org_id);
    if (rc != DL_OK) return rc;
    if (!is_root) return dl_fail(e, DL_EINVAL, "En dataordlista hör till en förvaltning, inte till en enhet under den.");
    char now[32];
    clock_iso_utc(clock_now(), now);
    if (!who) who = &system_actor;
    const char *by = who->name ? who->name : "system";
    int64_t exists = 0;
    rc = db_query_int(d, "SELECT COUNT(*) FROM data_dictionary WHERE org_id = ? AND variable = ?", &exists, e, "it",
                      org_id, in->variable);
    if (rc != DL_OK) return rc;
    if (exists)
        rc = db_run(d, "UPDATE data_dictionary SET offered = ?, description_sv = ?, description_en = ?,"
                       " sensitivity = ?, updated_at = ?, updated_by = ? WHERE org_id = ? AND variable = ?",
                    e, "ittttt" "it", (int64_t)in->offered, sv, in->description_en ? in->description_en : "",
                    in->sensitivity, now, by, org_id, in->variable);
    else
        rc = db_run(d, "INSERT INTO data_dictionary(org_id, variable, offered, description_sv, description_en,"
                       " sensitivity, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    e, "itit" "tttt", org_id, in->variable, (int64_t)in->offered, sv,
                    in->description_en ? in->description_en : "", in->sensitivity, now, by);
    if (rc != DL_OK) return rc;
    char oid[24];
    snprintf(oid, sizeof oid, "%lld", (long long)org_id);
    return audit_append(d, who, "dictionary.set", "org_node", oid, NULL, NULL, in->variable, e);
}

dl_err dictionary_set(db *d, int64_t org_id, const audit_actor *who, const dict_input *in, dl_error *e)
{
    dl_err rc = dictionary_check(in, e);
    if (rc != DL_OK) return rc;
    rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = dictionary_set_in_tx(d, org_id, who, in, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    if (rc != DL_OK) db_rollback(d);
    return rc;
}

int dictionary_offers(const dict_entry *entries, int n, const char *key, size_t len)
{
    for (int i = 0; i < n; i++)
        if (entries[i].offered && strlen(entries[i].variable) == len && memcmp(entries[i].variable, key, len) == 0)
            return 1;
    return 0;
}
