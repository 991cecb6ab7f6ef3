/* package_internal.h — what the parts of the delivery package share
 * (package.c builds, package_stream.c tars and encrypts, package_text.c
 * writes README and dictionary, package_suppress.c counts small cells,
 * package_xlsx.c and package_pdf.c write the workbook and the paper copy).
 * Not for use outside src/extract/package*.c. */
#ifndef DATALOTS_PACKAGE_INTERNAL_H
#define DATALOTS_PACKAGE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "extract/csv_read.h"
#include "extract/package.h"

#define PACKAGE_MAX_COLS 64

/* One file of the tar: its name in the folder and where it is on disk
 * (NULL: content in memory, e.g. SHA256SUMS). */
typedef struct package_file {
    char name[96];
    char *disk_path;
    int intermediate;      /* disk_path is the package's own file in work_dir/package: removed at the end */
    const char *content;
    size_t content_len;
    char sha256[65];
} package_file;

/* Counts of the values of the quasi-identifiers of one table. */
typedef struct value_counts value_counts;
typedef struct package_suppression {
    int k;                                   /* 0: nothing is suppressed */
    int n_cols;
    value_counts *counts[PACKAGE_MAX_COLS];  /* per delivered column; NULL: not counted */
    int64_t replaced[PACKAGE_MAX_COLS];      /* values replaced so far */
} package_suppression;

/* 1 when table t of p has a column to suppress in (k > 0, the patient
 * table, a quasi-identifier delivered). */
int package_suppress_applies(const package_info *p, const package_table *t);
/* Reads t's CSV once and counts its quasi-identifiers' values. */
dl_err package_suppress_count(const package_info *p, const package_table *t, package_suppression *s, dl_error *e);
/* The value to deliver for column col: the mark when v (n bytes, NULL:
 * none) is held by fewer than k rows, else v. Counts replacements. */
const char *package_suppress_value(package_suppression *s, int col, const char *v, size_t n, size_t *out_n);
void package_suppress_free(package_suppression *s);

/* Opens t's CSV and checks its header row against the columns; the reader
 * is then at the first data row. Close with package_csv_close. */
dl_err package_csv_open(const package_info *p, const package_table *t, int *fd, csv_reader **r, dl_error *e);
void package_csv_close(int fd, csv_reader *r);

/* The folder name inside the tar, from the diary number. */
void package_dir_name(const char *diary_number, char out[64]);

/* README.txt and dictionary.csv. */
dl_err package_write_readme(const package_info *p, const char *dir_name, const package_suppression *s,
                            int want_xlsx, const char *path, dl_error *e);
dl_err package_write_dictionary(const package_info *p, const char *path, dl_error *e);

/* data.xlsx from the CSVs at csv_paths[i] (table i of p, after
 * suppression), libxlsxwriter's scratch files in tmpdir. */
dl_err package_write_xlsx(const package_info *p, const char *const *csv_paths, const char *tmpdir,
                          const char *path, dl_error *e);

/* Writes the tar of files (in order; the last may be the in-memory
 * SHA256SUMS, whose content the callback below builds from the hashes of
 * the ones before) encrypted to `to` into out_fd, and the SHA-256 of what
 * was written. Every file's sha256 is filled in as it streams. */
typedef dl_err (*package_sums_fn)(package_file *files, int n_before, package_file *sums, dl_error *e);
dl_err package_stream(const char *dir_name, package_file *files, int n_files, int64_t mtime,
                      package_sums_fn make_sums, const age_recipient *to, int out_fd, char sha256_hex[65],
                      dl_error *e);

/* Seconds since the epoch of "YYYY-MM-DDTHH:MM:SS" with "Z" or "+hh:mm";
 * -1 when malformed. */
int64_t package_parse_time(const char *iso);

#endif
