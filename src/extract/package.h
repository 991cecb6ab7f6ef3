/* package.h — the delivery: from the runner's CSV files (one per source
 * table, already pseudonymised, dates already coarsened) to ONE age file
 * for the recipient, or a print-ready PDF for paper delivery.
 *
 * The age file holds a tar with one folder, named after the diary number
 * ("RS 2026-0142" → "RS-2026-0142/"):
 *
 *     README.txt        the case, the conditions, what was done, the files (Swedish, then English)
 *     dictionary.csv    the delivered variables: table, column, type, format, sensitivity, label, description
 *     <table>.csv       one per table (patient.csv, care_contact.csv, …), RFC 4180, UTF-8, CRLF
 *     data.xlsx         the same tables as sheets (when asked for)
 *     SHA256SUMS        `sha256sum -c SHA256SUMS` checks every other file
 *
 * The researcher opens it with
 *     age -d -i key.txt delivery.age | tar x
 *     cd RS-2026-0142 && sha256sum -c SHA256SUMS
 *
 * Small-cell suppression (small_cell_min = k > 0): in the patient table
 * (the table whose rows are patients, source_tables[].patient_column ==
 * -1), each delivered column of sensitivity SENS_QUASI_ID is counted on its
 * own; a value (not empty) held by fewer than k patients is replaced by
 * PACKAGE_SUPPRESSED_MARK, in the CSV, the XLSX and the PDF alike. Columns
 * are counted one at a time, not in combination: it removes rare values, it
 * does not make the table k-anonymous. The README says how many values of
 * each column were replaced.
 *
 * Identical inputs give byte-for-byte identical files inside the tar, and
 * an identical tar (fixed modes, owners and mtimes, taken from
 * generated_at); only the age encryption differs between runs (a fresh
 * file key). So a resumed run can be compared with an uninterrupted one by
 * their SHA256SUMS.
 *
 * Memory is bounded whatever the size: files are streamed (tar straight
 * into the age encryption, no tar on disk or in memory), the XLSX is
 * written in libxlsxwriter's constant_memory mode, suppression keeps one
 * count per distinct value (at most PACKAGE_SUPPRESS_MAX_VALUES a column). */
#ifndef DATALOTS_PACKAGE_H
#define DATALOTS_PACKAGE_H

#include <stdint.h>

#include "core/err.h"
#include "crypto/age.h"
#include "extract/coarsen.h"
#include "extract/source_schema.h"

#define PACKAGE_PSEUDONYM_COLUMN (-1)
#define PACKAGE_PSEUDONYM_NAME "pseudonym"     /* its header in the CSV */
#define PACKAGE_IDENTITY_NAME "personnummer"   /* … when the decision releases identities */
#define PACKAGE_SUPPRESSED_MARK "*"
#define PACKAGE_SUPPRESS_MAX_VALUES (1 << 17)  /* distinct values counted per column */
#define PACKAGE_XLSX_ROWS_PER_SHEET 1048575    /* Excel's 1,048,576 rows less the header */
#define PACKAGE_PDF_MAX_ROWS 5000              /* paper is for small extracts */

typedef struct package_table {
    source_table_id table;       /* src/extract/source_schema.h */
    const int *cols;             /* indexes into source_tables[table].columns; PACKAGE_PSEUDONYM_COLUMN = the pseudonym */
    int n_cols;
    const char *csv_path;        /* header row + rows, written by the runner (absolute, or relative to the
                                  * current directory) */
    int64_t rows;                /* data rows, without the header */
} package_table;

typedef struct package_info {
    const char *diary_number, *case_title, *organisation, *decided_at, *decision_conditions, *generated_at,
        *destroy_by, *recipient;     /* generated_at: "YYYY-MM-DDTHH:MM:SSZ" (or +hh:mm); it is the tar's mtime */
    int pseudonymised;
    date_precision dates;
    int small_cell_min;              /* 0: no suppression */
    int n_tables;
    package_table tables[SRC_TABLE__MAX];
} package_info;

/* The header the runner writes for column col of table t (a source column's
 * name, or PACKAGE_PSEUDONYM_NAME); NULL when col is out of range. The
 * package refuses a CSV whose header row differs. */
const char *package_column_name(const package_info *p, source_table_id t, int col);

/* Builds the delivery (see above) into out_path via a temporary file in the
 * same folder and a rename: out_path is either the whole file or absent.
 * Intermediate files (the suppressed patient table, the README, the
 * dictionary, the XLSX and libxlsxwriter's scratch files) go to
 * work_dir/package/, made if missing, and are removed when the build ends
 * (the runner's CSVs are left alone). want_xlsx 0 leaves out data.xlsx. to
 * is the recipient (X25519) or a passphrase (scrypt). sha256_hex_out gets
 * the SHA-256 of the age file. Errors: DL_EINVAL (bad info, a CSV whose
 * header or rows do not fit), DL_ENOTFOUND (a CSV missing), DL_EIO,
 * DL_ELIMIT (too many distinct values to suppress), DL_ENOMEM, DL_ECRYPTO. */
dl_err package_build(const package_info *p, const char *work_dir, int want_xlsx, const age_recipient *to,
                     const char *out_path, char sha256_hex_out[65], dl_error *e);

/* Paper delivery (Process 1): a print-ready PDF — A4, the README's facts on
 * page 1, each table with its header row repeated on every page, page
 * numbers — written via a temporary file and a rename. Suppression as
 * above. DL_ELIMIT above PACKAGE_PDF_MAX_ROWS rows in all or a table wider
 * than a page takes (8 columns). */
dl_err package_build_pdf(const package_info *p, const char *out_path, dl_error *e);

#endif
