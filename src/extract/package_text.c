/* package_text.c — the delivery's words: README.txt (Swedish, then
 * English), dictionary.csv, the folder name, and the check that a runner's
 * CSV has the header the package expects. */
#include "extract/package_internal.h"

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "core/calendar.h"
#include "core/strbuf.h"
#include "extract/csv_write.h"

const char *package_column_name(const package_info *p, source_table_id t, int col)
{
    if ((unsigned)t >= SRC_TABLE__MAX) return NULL;
    if (col == PACKAGE_PSEUDONYM_COLUMN) return p->pseudonymised ? PACKAGE_PSEUDONYM_NAME : PACKAGE_IDENTITY_NAME;
    if (col < 0 || col >= source_tables[t].n_columns) return NULL;
    return source_tables[t].columns[col].name;
}

void package_csv_close(int fd, csv_reader *r)
{
    csv_reader_free(r);
    if (fd >= 0) close(fd);
}

dl_err package_csv_open(const package_info *p, const package_table *t, int *fd, csv_reader **r, dl_error *e)
{
    *r = NULL;
    *fd = open(t->csv_path, O_RDONLY | O_CLOEXEC);
    if (*fd < 0)
        return dl_fail(e, errno == ENOENT ? DL_ENOTFOUND : DL_EIO, "cannot open the CSV of table %s (%s): %s",
                       source_tables[t->table].name, t->csv_path, strerror(errno));
    *r = csv_reader_open(*fd);
    if (!*r) {
        package_csv_close(*fd, NULL);
        return dl_fail(e, DL_ENOMEM, "out of memory opening %s", t->csv_path);
    }
    const char *const *cells;
    const size_t *lens;
    int n, got = csv_read_row(*r, &cells, &lens, &n, e);
    dl_err err = DL_OK;
    if (got < 0) {
        err = e ? e->code : DL_EINVAL;
    } else if (got == 0) {
        err = dl_fail(e, DL_EINVAL, "%s is empty: the header row is missing", t->csv_path);
    } else if (n != t->n_cols) {
        err = dl_fail(e, DL_EINVAL, "%s has %d columns, the package expects %d", t->csv_path, n, t->n_cols);
    } else {
        for (int c = 0; c < n && err == DL_OK; c++) {
            const char *want = package_column_name(p, t->table, t->cols[c]);
            if (!cells[c] || strcmp(cells[c], want) != 0)
                err = dl_fail(e, DL_EINVAL, "%s: column %d is \"%s\", the package expects \"%s\"", t->csv_path,
                              c + 1, cells[c] ? cells[c] : "", want);
        }
    }
    if (err != DL_OK) {
        package_csv_close(*fd, *r);
        *fd = -1;
        *r = NULL;
    }
    return err;
}

void package_dir_name(const char *diary_number, char out[64])
{
    size_t k = 0;
    for (const char *s = diary_number ? diary_number : ""; *s && k < 60; s++) {
        char c = *s;
        int keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                   c == '_' || (c == '.' && k > 0);
        if (keep) out[k++] = c;
        else if (k > 0 && out[k - 1] != '-') out[k++] = '-';
    }
    while (k > 0 && out[k - 1] == '-') k--;
    if (k == 0) {
        memcpy(out, "delivery", 9);
        return;
    }
    out[k] = '\0';
}


int64_t package_parse_time(const char *iso)
{
    if (!iso || strlen(iso) < 20 || iso[4] != '-' || iso[7] != '-' || iso[10] != 'T' || iso[13] != ':' ||
        iso[16] != ':')
        return -1;
    cal_date d = {cal_digits(iso, 4), cal_digits(iso + 5, 2), cal_digits(iso + 8, 2)};
    int hh = cal_digits(iso + 11, 2), mm = cal_digits(iso + 14, 2), ss = cal_digits(iso + 17, 2);
    if (d.year < 1970 || d.month < 0 || d.day < 0 || !cal_valid(d) || hh < 0 || hh > 23 || mm < 0 || mm > 59 ||
        ss < 0 || ss > 60)
        return -1;
    int64_t offset = 0;
    const char *z = iso + 19;
    if (strcmp(z, "Z") == 0) {
        offset = 0;
    } else if ((z[0] == '+' || z[0] == '-') && strlen(z) == 6 && z[3] == ':') {
        int oh = cal_digits(z + 1, 2), om = cal_digits(z + 4, 2);
        if (oh < 0 || oh > 23 || om < 0 || om > 59) return -1;
        offset = (z[0] == '+' ? 1 : -1) * (int64_t)(oh * 3600 + om * 60);
    } else {
        return -1;
    }
    /* Days since 1970-01-01 (days_from_civil, proleptic Gregorian). */
    int y = d.year - (d.month <= 2);
    int era = y / 400, yoe = y - era * 400;
    int doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = (int64_t)era * 146097 + doe - 719468;
    return days * 86400 + hh * 3600 + mm * 60 + ss - offset;
}

/* --- dictionary.csv ------------------------------------------------------ */

static const char *const type_names[] = {[SRC_INT] = "integer", [SRC_REAL] = "decimal", [SRC_TEXT] = "text",
                                         [SRC_DATE] = "date"};

static dl_err write_file(const char *path, const char *data, size_t n, dl_error *e)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return dl_fail(e, DL_EIO, "cannot create %s: %s", path, strerror(errno));
    while (n > 0) {
        ssize_t k = write(fd, data, n);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) {
            int err = errno;
            close(fd);
            return dl_fail(e, DL_EIO, "cannot write %s: %s", path, strerror(err));
        }
        data += k;
        n -= (size_t)k;
    }
    if (close(fd) != 0) return dl_fail(e, DL_EIO, "cannot write %s: %s", path, strerror(errno));
    return DL_OK;
}

dl_err package_write_dictionary(const package_info *p, const char *path, dl_error *e)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return dl_fail(e, DL_EIO, "cannot create %s: %s", path, strerror(errno));
    csv_writer *w = csv_writer_open(fd);
    if (!w) {
        close(fd);
        return dl_fail(e, DL_ENOMEM, "out of memory writing the dictionary");
    }
    static const char *const header[] = {"table", "column", "type", "format", "sensitivity", "label", "description"};
    csv_write_row(w, header, 7);
    for (int i = 0; i < p->n_tables; i++) {
        const package_table *t = &p->tables[i];
        const source_table *st = &source_tables[t->table];
        for (int c = 0; c < t->n_cols; c++) {
            const char *row[7];
            row[0] = st->name;
            if (t->cols[c] == PACKAGE_PSEUDONYM_COLUMN) {
                row[1] = package_column_name(p, t->table, t->cols[c]);
                row[2] = "text";
                row[3] = p->pseudonymised ? "20 tecken A-Z 0-9" : "12 siffror";
                row[4] = "pseudonym";
                row[5] = "Pseudonym";
                row[6] = "Pseudonym för personen: HMAC-SHA-256 med ärendets kodnyckel. Samma person har samma "
                         "pseudonym i alla tabeller i leveransen, en annan i andra ärenden.";
            } else {
                const source_column *sc = &st->columns[t->cols[c]];
                row[1] = sc->name;
                row[2] = type_names[sc->type];
                row[3] = sc->type == SRC_DATE ? date_precision_formats_en[p->dates] : NULL;
                row[4] = sensitivity_keys[sc->sens];
                row[5] = sc->label_sv;
                row[6] = sc->description_sv;
            }
            csv_write_row(w, row, 7);
        }
    }
    dl_err err = csv_writer_flush(w, e);
    csv_writer_free(w);
    if (close(fd) != 0 && err == DL_OK) err = dl_fail(e, DL_EIO, "cannot write %s: %s", path, strerror(errno));
    return err;
}

/* --- README.txt ------------------------------------------------------------ */

static const char *or_dash(const char *s) { return s && *s ? s : "-"; }

static void facts(strbuf *b, const package_info *p, int sv)
{
    static const char *const labels[2][8] = {
        {"Case", "Diary number", "Organisation", "Decided", "Recipient", "Generated", "Destroy by", NULL},
        {"Ärende", "Diarienummer", "Organisation", "Beslutsdatum", "Mottagare", "Framställd", "Förstörs senast",
         NULL},
    };
    const char *values[] = {p->case_title, p->diary_number, p->organisation, p->decided_at,
                            p->recipient,  p->generated_at, p->destroy_by};
    for (int i = 0; labels[sv][i]; i++) {
        /* Pad by characters, not bytes (å, ä, ö are two bytes in UTF-8). */
        int chars = 0;
        for (const char *c = labels[sv][i]; *c; c++) chars += ((unsigned char)*c & 0xC0) != 0x80;
        sb_printf(b, "%s%*s %s\n", labels[sv][i], 17 - chars, "", or_dash(values[i]));
    }
}

static void suppression_counts(strbuf *b, const package_info *p, const package_suppression *s)
{
    for (int i = 0; i < p->n_tables; i++) {
        const package_table *t = &p->tables[i];
        if (!package_suppress_applies(p, t)) continue;
        for (int c = 0; c < t->n_cols && c < s->n_cols; c++)
            if (s->counts[c])
                sb_printf(b, "  %s.%s: %lld\n", source_tables[t->table].name,
                          source_tables[t->table].columns[t->cols[c]].name, (long long)s->replaced[c]);
    }
}

static void file_list(strbuf *b, const package_info *p, int want_xlsx, int sv)
{
    for (int i = 0; i < p->n_tables; i++) {
        const source_table *st = &source_tables[p->tables[i].table];
        sb_printf(b, "  %s.csv%*s %lld %s (%s)\n", st->name, (int)(18 - strlen(st->name)), "",
                  (long long)p->tables[i].rows, sv ? "rader" : "rows", st->label_sv);
    }
    if (want_xlsx)
        sb_printf(b, "  data.xlsx            %s\n",
                  sv ? "samma tabeller som kalkylblad; en tabell över 1 048 575 rader fortsätter på bladet "
                       "\"namn (2)\""
                     : "the same tables as sheets; a table over 1,048,575 rows continues on sheet \"name (2)\"");
    sb_printf(b, "  dictionary.csv       %s\n", sv ? "variablerna: typ, format, känslighet, beskrivning"
                                                    : "the variables: type, format, sensitivity, description (Swedish)");
    sb_printf(b, "  SHA256SUMS           %s\n", sv ? "kontrollsummor för alla andra filer"
                                                    : "checksums of every other file");
}

dl_err package_write_readme(const package_info *p, const char *dir_name, const package_suppression *s,
                            int want_xlsx, const char *path, dl_error *e)
{
    strbuf b;
    sb_init(&b, 8192);
    const char *fmt_sv = date_precision_formats_sv[p->dates], *fmt_en = date_precision_formats_en[p->dates];

    sb_printf(&b, "LEVERANS AV UPPGIFTER — %s\n\n", or_dash(p->diary_number));
    facts(&b, p, 1);
    sb_printf(&b, "\nVillkor i beslutet\n------------------\n%s\n", or_dash(p->decision_conditions));
    sb_puts(&b, "\nPseudonymisering\n----------------\n");
    sb_puts(&b, p->pseudonymised
                    ? "Personnummer och andra direkt identifierande uppgifter har ersatts av en pseudonym "
                      "(kolumnen \"pseudonym\"): HMAC-SHA-256 med ärendets kodnyckel, 20 tecken. Samma person har "
                      "samma pseudonym i alla filer i leveransen och en annan i andra ärenden. Kodnyckeln stannar "
                      "hos den personuppgiftsansvariga.\n"
                    : "Uppgifterna är inte pseudonymiserade.\n");
    sb_printf(&b, "\nDatum\n-----\nDatum anges per %s (%s).\n", date_precision_labels_sv[p->dates], fmt_sv);
    sb_puts(&b, "\nSmå celler\n----------\n");
    if (p->small_cell_min > 0) {
        sb_printf(&b,
                  "I tabellen patient har ett värde i en indirekt identifierande kolumn som färre än %d "
                  "patienter har ersatts med \"%s\". Varje kolumn räknas för sig. Ersatta värden:\n",
                  p->small_cell_min, PACKAGE_SUPPRESSED_MARK);
        suppression_counts(&b, p, s);
    } else {
        sb_puts(&b, "Inga värden har undertryckts.\n");
    }
    sb_puts(&b, "\nFiler\n-----\n");
    file_list(&b, p, want_xlsx, 1);
    sb_printf(&b,
              "\nCSV-filerna följer RFC 4180: UTF-8, kommatecken, CRLF, citattecken kring fält med komma, "
              "citattecken eller radbrytning. Ett tomt fält utan citattecken saknar värde.\n"
              "\nKontrollera filerna\n-------------------\n  cd %s && sha256sum -c SHA256SUMS\n",
              dir_name);

    sb_printf(&b, "\n\n=== English ===\n\nDATA DELIVERY — %s\n\n", or_dash(p->diary_number));
    facts(&b, p, 0);
    sb_puts(&b, "\nConditions of the decision (as decided, in Swedish)\n"
                "---------------------------------------------------\nSee above.\n");
    sb_puts(&b, "\nPseudonymisation\n----------------\n");
    sb_puts(&b, p->pseudonymised
                    ? "Personal identity numbers and other direct identifiers are replaced by a pseudonym (column "
                      "\"pseudonym\"): HMAC-SHA-256 with the case's key, 20 characters. One person has one "
                      "pseudonym in every file of this delivery and another one in other cases. The key stays "
                      "with the data controller.\n"
                    : "The data are not pseudonymised.\n");
    sb_printf(&b, "\nDates\n-----\nDates are given per %s (%s).\n", date_precision_keys[p->dates], fmt_en);
    sb_puts(&b, "\nSmall cells\n-----------\n");
    if (p->small_cell_min > 0) {
        sb_printf(&b,
                  "In table patient, a value of a quasi-identifying column held by fewer than %d patients is "
                  "replaced by \"%s\". Each column is counted on its own. Values replaced:\n",
                  p->small_cell_min, PACKAGE_SUPPRESSED_MARK);
        suppression_counts(&b, p, s);
    } else {
        sb_puts(&b, "No values were suppressed.\n");
    }
    sb_puts(&b, "\nFiles\n-----\n");
    file_list(&b, p, want_xlsx, 0);
    sb_printf(&b,
              "\nThe CSV files follow RFC 4180: UTF-8, commas, CRLF, quotes around fields holding a comma, a "
              "quote or a line break. An empty unquoted field has no value.\n"
              "\nVerify the files\n----------------\n  cd %s && sha256sum -c SHA256SUMS\n",
              dir_name);
    dl_err err = b.oom ? dl_fail(e, DL_ENOMEM, "out of memory writing the README") : write_file(path, b.data, b.len, e);
    sb_free(&b);
    return err;
}
