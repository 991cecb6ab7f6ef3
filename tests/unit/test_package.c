/* test_package.c — the delivery package (src/extract/package*.c): decrypted
 * with Debian's age, unpacked with tar, checked with sha256sum -c; the XLSX
 * read back with openpyxl (tests/xlsx_cells.py), a formula-looking cell
 * staying a string; small-cell suppression; identical inputs giving
 * identical SHA256SUMS and tar; a missing CSV, a wrong header, an
 * unwritable or un-renamable out_path leaving nothing behind; the paper PDF
 * read with pdftotext and pdfinfo, and refused when too large. */
#include "test.h"

#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "crypto/age.h"
#include "extract/package.h"

static const int patient_cols[] = {PACKAGE_PSEUDONYM_COLUMN, 2, 3, 4}; /* pseudonym, sex, birth_date, municipality */
static const int diagnosis_cols[] = {PACKAGE_PSEUDONYM_COLUMN, 4, 3, 5}; /* pseudonym, icd10, diagnosis_date, is_primary */

static const char *tmp(const char *name)
{
    static char p[8][512];
    static int i;
    i = (i + 1) % 8;
    snprintf(p[i], sizeof p[i], "%s/%s", test_tmpdir(), name);
    return p[i];
}

static int put(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    fputs(text, f);
    return fclose(f);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    strbuf b;
    sb_init(&b, 4096);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) sb_append(&b, buf, n);
    fclose(f);
    sb_cstr(&b);
    return b.data;
}

/* The standard output of cmd, or NULL when it fails. */
static char *run(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    if (!p) return NULL;
    strbuf sb;
    sb_init(&sb, 4096);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) sb_append(&sb, buf, n);
    if (pclose(p) != 0) {
        sb_free(&sb);
        return NULL;
    }
    sb_cstr(&sb);
    return sb.data;
}

#define PATIENT_CSV                                                                                             \
    "pseudonym,sex,birth_date,municipality\r\n"                                                                \
    "A0000000000000000001,K,1950-03,0180\r\n"                                                                   \
    "A0000000000000000002,M,1950-03,0180\r\n"                                                                   \
    "A0000000000000000003,K,1950-03,0180\r\n"                                                                   \
    "A0000000000000000004,M,1961-07,2480\r\n"                                                                   \
    "A0000000000000000005,K,1950-03,0180\r\n"                                                                   \
    "A0000000000000000006,K,1950-03,\r\n"
#define DIAGNOSIS_CSV                                                                                           \
    "pseudonym,icd10,diagnosis_date,is_primary\r\n"                                                             \
    "A0000000000000000001,E11.9,2024-03,1\r\n"                                                                  \
    "A0000000000000000002,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",2024-04,0\r\n"                  \
    "A0000000000000000003,\"Åäö, \"\"quoted\"\"\r\nnext line\",2024-05,\r\n"

/* A package_info over the two CSVs in the test's folder. */
static package_info make_info(int k)
{
    package_info p = {.diary_number = "RS 2026-0142", .case_title = "Diabetes och njurfunktion",
                      .organisation = "Region Test", .decided_at = "2026-03-01",
                      .decision_conditions = "Uppgifterna får bara användas i projektet.",
                      .generated_at = "2026-03-16T10:00:00Z", .destroy_by = "2031-12-31",
                      .recipient = "Forskare Fia", .pseudonymised = 1, .dates = DATE_MONTH, .small_cell_min = k,
                      .n_tables = 2};
    static char patient_path[512], diagnosis_path[512]; /* tmp() reuses its buffers */
    snprintf(patient_path, sizeof patient_path, "%s", tmp("patient_in.csv"));
    snprintf(diagnosis_path, sizeof diagnosis_path, "%s", tmp("diagnosis_in.csv"));
    p.tables[0] = (package_table){SRC_PATIENT, patient_cols, 4, patient_path, 6};
    p.tables[1] = (package_table){SRC_DIAGNOSIS, diagnosis_cols, 4, diagnosis_path, 3};
    return p;
}

static int setup_inputs(void)
{
    if (put(tmp("patient_in.csv"), PATIENT_CSV) != 0) return -1;
    if (put(tmp("diagnosis_in.csv"), DIAGNOSIS_CSV) != 0) return -1;
    return mkdir(tmp("work"), 0700);
}

/* A fresh X25519 key: identity in key.txt, recipient parsed into r. */
static int make_key(age_recipient *r)
{
    char id[AGE_IDENTITY_MAX], rcpt[AGE_RECIPIENT_MAX];
    dl_error e;
    if (age_keygen(id, rcpt, &e) != DL_OK) return -1;
    strbuf b;
    sb_init(&b, 128);
    sb_printf(&b, "%s\n", id);
    int rc = put(tmp("key.txt"), sb_cstr(&b));
    sb_free(&b);
    if (rc != 0) return -1;
    return age_parse_recipient(rcpt, r, &e) == DL_OK ? 0 : -1;
}

/* Decrypts delivery with Debian's age and unpacks it into folder out. */
static int open_delivery(const char *delivery, const char *out)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && age -d -i '%s' '%s' | tar x -C '%s' && echo ok", out,
             tmp("key.txt"), delivery, out);
    char *got = run(cmd);
    int ok = got && strcmp(got, "ok\n") == 0;
    free(got);
    return ok ? 0 : -1;
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)))
        if (de->d_name[0] != '.') n++;
    closedir(d);
    return n;
}

TEST(package_opens_with_age_and_tar_and_checks_with_sha256sum)
{
    CHECK(setup_inputs() == 0);
    age_recipient r;
    CHECK(make_key(&r) == 0);
    package_info p = make_info(0);
    char sha[65];
    dl_error e;
    const char *out = tmp("delivery.age");
    CHECK_INT_EQ(package_build(&p, tmp("work"), 1, &r, out, sha, &e), DL_OK);
    CHECK_INT_EQ(strlen(sha), 64);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "sha256sum '%s'", out);
    char *sum = run(cmd);
    CHECK(sum && strncmp(sum, sha, 64) == 0);
    free(sum);

    CHECK(open_delivery(out, tmp("x")) == 0);
    const char *dir = tmp("x/RS-2026-0142");
    snprintf(cmd, sizeof cmd, "cd '%s' && sha256sum -c SHA256SUMS 2>&1 && ls", dir);
    char *check = run(cmd);
    CHECK(check != NULL);
    CHECK_CONTAINS(check, "patient.csv: OK");
    CHECK_CONTAINS(check, "diagnosis.csv: OK");
    CHECK_CONTAINS(check, "data.xlsx: OK");
    CHECK_CONTAINS(check, "README.txt: OK");
    CHECK_CONTAINS(check, "dictionary.csv: OK");
    free(check);

    /* Without suppression the CSVs are the runner's, byte for byte. */
    char *got = slurp(tmp("x/RS-2026-0142/diagnosis.csv"));
    CHECK_STR_EQ(got, DIAGNOSIS_CSV);
    free(got);
    got = slurp(tmp("x/RS-2026-0142/patient.csv"));
    CHECK_STR_EQ(got, PATIENT_CSV);
    free(got);

    char *readme = slurp(tmp("x/RS-2026-0142/README.txt"));
    CHECK_CONTAINS(readme, "RS 2026-0142");
    CHECK_CONTAINS(readme, "Diabetes och njurfunktion");
    CHECK_CONTAINS(readme, "Förstörs senast   2031-12-31");
    CHECK_CONTAINS(readme, "Uppgifterna får bara användas i projektet.");
    CHECK_CONTAINS(readme, "månad (ÅÅÅÅ-MM)");
    CHECK_CONTAINS(readme, "diagnosis.csv");
    CHECK_CONTAINS(readme, "sha256sum -c SHA256SUMS");
    CHECK_CONTAINS(readme, "=== English ===");
    free(readme);
    char *dict = slurp(tmp("x/RS-2026-0142/dictionary.csv"));
    CHECK_CONTAINS(dict, "table,column,type,format,sensitivity,label,description\r\n");
    CHECK_CONTAINS(dict, "patient,birth_date,date,YYYY-MM,quasi_identifier,Födelsedatum,");
    CHECK_CONTAINS(dict, "diagnosis,is_primary,integer,,health,");
    CHECK_CONTAINS(dict, "diagnosis,pseudonym,text,");
    CHECK_NOT_CONTAINS(dict, "personnummer");
    free(dict);

    /* The workbook, read by openpyxl (Debian's python3-openpyxl, so /usr/bin/python3). */
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 tests/xlsx_cells.py '%s/data.xlsx'", dir);
    char *cells = run(cmd);
    CHECK(cells != NULL);
    CHECK_CONTAINS(cells, "patient\t1\t1\ts\tpseudonym\n");
    CHECK_CONTAINS(cells, "patient\t5\t4\ts\t2480\n");      /* municipality codes stay text */
    CHECK_CONTAINS(cells, "diagnosis\t2\t4\tn\t1\n");       /* is_primary a number */
    CHECK_CONTAINS(cells, "diagnosis\t3\t2\ts\t=HYPERLINK(\"http://evil.example\",\"x\")\n");
    /* A CR is stored as Excel's escape _x000D_ (XML would turn it into a
     * LF); Excel shows it as CR, openpyxl 3.0 gives the escape back. */
    CHECK_CONTAINS(cells, "diagnosis\t4\t2\ts\tÅäö, \"quoted\"_x000D_\\nnext line\n");
    CHECK_CONTAINS(cells, "diagnosis\t4\t3\ts\t2024-05\n");
    CHECK_NOT_CONTAINS(cells, "\tf\t");                   /* no formula anywhere */
    CHECK_NOT_CONTAINS(cells, "diagnosis\t4\t4\t");       /* an empty value is a blank cell */
    free(cells);
}

TEST(package_identical_inputs_give_identical_contents)
{
    CHECK(setup_inputs() == 0);
    age_recipient r;
    CHECK(make_key(&r) == 0);
    package_info p = make_info(2);
    char sha1[65], sha2[65];
    dl_error e;
    CHECK_INT_EQ(package_build(&p, tmp("work"), 1, &r, tmp("one.age"), sha1, &e), DL_OK);
    CHECK_INT_EQ(package_build(&p, tmp("work"), 1, &r, tmp("two.age"), sha2, &e), DL_OK);
    CHECK(strcmp(sha1, sha2) != 0); /* a fresh file key each time */
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "age -d -i '%s' '%s' > '%s' && age -d -i '%s' '%s' > '%s' && cmp '%s' '%s' && echo same",
             tmp("key.txt"), tmp("one.age"), tmp("one.tar"), tmp("key.txt"), tmp("two.age"), tmp("two.tar"),
             tmp("one.tar"), tmp("two.tar"));
    char *same = run(cmd);
    CHECK(same && strcmp(same, "same\n") == 0);
    free(same);
    /* Fixed owners, modes and times in the tar. */
    snprintf(cmd, sizeof cmd, "tar tvf '%s'", tmp("one.tar"));
    char *list = run(cmd);
    CHECK_CONTAINS(list, "drwxr-xr-x 0/0");
    CHECK_CONTAINS(list, "-rw-r--r-- 0/0");
    CHECK_CONTAINS(list, "2026-03-16");
    CHECK_CONTAINS(list, "RS-2026-0142/SHA256SUMS");
    free(list);
}

TEST(package_suppresses_rare_values_and_keeps_common_ones)
{
    CHECK(setup_inputs() == 0);
    age_recipient r;
    CHECK(make_key(&r) == 0);
    package_info p = make_info(3);
    char sha[65];
    dl_error e;
    CHECK_INT_EQ(package_build(&p, tmp("work"), 0, &r, tmp("s.age"), sha, &e), DL_OK);
    CHECK(open_delivery(tmp("s.age"), tmp("s")) == 0);
    char *got = slurp(tmp("s/RS-2026-0142/patient.csv"));
    /* 0180 (4 patients) and 1950-03 (5) and K (4), M (2 < 3: replaced)
     * kept or replaced; 2480 (1) and 1961-07 (1) replaced; an empty value
     * stays empty. Pseudonyms are never suppressed. */
    CHECK_STR_EQ(got, "pseudonym,sex,birth_date,municipality\r\n"
                      "A0000000000000000001,K,1950-03,0180\r\n"
                      "A0000000000000000002,*,1950-03,0180\r\n"
                      "A0000000000000000003,K,1950-03,0180\r\n"
                      "A0000000000000000004,*,*,*\r\n"
                      "A0000000000000000005,K,1950-03,0180\r\n"
                      "A0000000000000000006,K,1950-03,\r\n");
    free(got);
    /* Other tables are not suppressed. */
    got = slurp(tmp("s/RS-2026-0142/diagnosis.csv"));
    CHECK_STR_EQ(got, DIAGNOSIS_CSV);
    free(got);
    char *readme = slurp(tmp("s/RS-2026-0142/README.txt"));
    CHECK_CONTAINS(readme, "färre än 3");
    CHECK_CONTAINS(readme, "patient.sex: 2");
    CHECK_CONTAINS(readme, "patient.birth_date: 1");
    CHECK_CONTAINS(readme, "patient.municipality: 1");
    free(readme);
    CHECK(access(tmp("s/RS-2026-0142/data.xlsx"), F_OK) != 0); /* want_xlsx 0 */
    /* The suppressed copy and the other intermediates are gone; the
     * runner's CSVs are not. */
    CHECK(access(tmp("work/package"), F_OK) != 0);
    CHECK(access(tmp("patient_in.csv"), F_OK) == 0);
}

TEST(package_refuses_a_missing_csv_and_leaves_nothing)
{
    CHECK(setup_inputs() == 0);
    age_recipient r;
    CHECK(make_key(&r) == 0);
    package_info p = make_info(0);
    p.tables[1].csv_path = tmp("gone.csv");
    char sha[65];
    dl_error e;
    CHECK(mkdir(tmp("out"), 0700) == 0);
    CHECK_INT_EQ(package_build(&p, tmp("work"), 1, &r, tmp("out/d.age"), sha, &e), DL_ENOTFOUND);
    CHECK_CONTAINS(e.msg, "diagnosis");
    CHECK_CONTAINS(e.msg, "gone.csv");
    CHECK_INT_EQ(count_entries(tmp("out")), 0);
}

TEST(package_refuses_a_csv_with_another_header)
{
    CHECK(setup_inputs() == 0);
    CHECK(put(tmp("patient_in.csv"), "pseudonym,sex,municipality\r\nA,K,0180\r\n") == 0);
    age_recipient r;
    CHECK(make_key(&r) == 0);
    package_info p = make_info(0);
    char sha[65];
    dl_error e;
    CHECK_INT_EQ(package_build(&p, tmp("work"), 0, &r, tmp("h.age"), sha, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "3 columns");
    CHECK(access(tmp("h.age"), F_OK) != 0);
    CHECK(put(tmp("patient_in.csv"), "pseudonym,sex,birth_year,municipality\r\n") == 0);
    CHECK_INT_EQ(package_build(&p, tmp("work"), 0, &r, tmp("h.age"), sha, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "\"birth_year\", the package expects \"birth_date\"");
    /* Rows that do not match the runner's count (when the package reads them). */
    CHECK(put(tmp("patient_in.csv"), PATIENT_CSV) == 0);
    p.tables[0].rows = 7;
    CHECK_INT_EQ(package_build(&p, tmp("work"), 1, &r, tmp("h.age"), sha, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "has 6 rows, the runner counted 7");
    CHECK(access(tmp("h.age"), F_OK) != 0);
}

TEST(package_unwritable_out_path_leaves_no_temporary_file)
{
    CHECK(setup_inputs() == 0);
    age_recipient r;
    CHECK(make_key(&r) == 0);
    package_info p = make_info(0);
    char sha[65];
    dl_error e;
    CHECK_INT_EQ(package_build(&p, tmp("work"), 0, &r, tmp("no/such/dir/d.age"), sha, &e), DL_EIO);
    CHECK_CONTAINS(e.msg, "cannot create the delivery file");
    /* Failing at the very end: out_path is a folder, so the rename fails
     * after the whole file was written — the temporary file goes too. */
    CHECK(mkdir(tmp("out"), 0700) == 0);
    CHECK(mkdir(tmp("out/d.age"), 0700) == 0);
    CHECK_INT_EQ(package_build(&p, tmp("work"), 0, &r, tmp("out/d.age"), sha, &e), DL_EIO);
    CHECK_CONTAINS(e.msg, "cannot move the delivery");
    CHECK_INT_EQ(count_entries(tmp("out")), 1);
    CHECK_INT_EQ(count_entries(tmp("out/d.age")), 0);
}

static ssize_t read_file(void *ctx, uint8_t *buf, size_t n)
{
    size_t k = fread(buf, 1, n, ctx);
    return k == 0 && ferror((FILE *)ctx) ? -1 : (ssize_t)k;
}

static int write_file(void *ctx, const uint8_t *buf, size_t n)
{
    return fwrite(buf, 1, n, ctx) == n ? 0 : -1;
}

TEST(package_to_a_passphrase_opens_with_the_passphrase)
{
    CHECK(setup_inputs() == 0);
    age_recipient r = {.kind = AGE_SCRYPT, .passphrase = "correct horse battery staple", .log_n = 10};
    package_info p = make_info(0);
    char sha[65];
    dl_error e;
    CHECK_INT_EQ(package_build(&p, tmp("work"), 0, &r, tmp("p.age"), sha, &e), DL_OK);
    /* Debian's age reads a passphrase from a terminal only; the project's
     * decrypter (held to age's testkit) opens the file here. */
    age_identity id = {.kind = AGE_SCRYPT, .passphrase = "correct horse battery staple"};
    FILE *in = fopen(tmp("p.age"), "rb"), *out = fopen(tmp("p.tar"), "wb");
    CHECK(in && out);
    age_failure why;
    dl_err err = age_decrypt_stream(&id, 1, read_file, in, write_file, out, &why, &e);
    fclose(in);
    fclose(out);
    CHECK_INT_EQ(err, DL_OK);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "tar tf '%s'", tmp("p.tar"));
    char *list = run(cmd);
    CHECK_STR_EQ(list, "RS-2026-0142/\nRS-2026-0142/README.txt\nRS-2026-0142/dictionary.csv\n"
                       "RS-2026-0142/patient.csv\nRS-2026-0142/diagnosis.csv\nRS-2026-0142/SHA256SUMS\n");
    free(list);
}

TEST(package_pdf_prints_the_facts_and_the_rows)
{
    CHECK(setup_inputs() == 0);
    package_info p = make_info(0);
    dl_error e;
    const char *pdf = tmp("paper.pdf");
    CHECK_INT_EQ(package_build_pdf(&p, pdf, &e), DL_OK);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' -", pdf);
    char *text = run(cmd);
    CHECK(text != NULL);
    CHECK_CONTAINS(text, "RS 2026-0142");
    CHECK_CONTAINS(text, "Leverans av uppgifter");
    CHECK_CONTAINS(text, "A0000000000000000004");
    CHECK_CONTAINS(text, "E11.9");
    CHECK_CONTAINS(text, "Sida 1 av");
    free(text);
    snprintf(cmd, sizeof cmd, "pdfinfo '%s' | grep '^Pages:'", pdf);
    char *info = run(cmd);
    CHECK(info != NULL);
    int pages = 0;
    CHECK(sscanf(info, "Pages: %d", &pages) == 1);
    CHECK(pages >= 1 && pages <= 3);
    free(info);
}

TEST(package_pdf_refuses_a_large_extract)
{
    CHECK(setup_inputs() == 0);
    package_info p = make_info(0);
    p.tables[1].rows = PACKAGE_PDF_MAX_ROWS;
    dl_error e;
    CHECK_INT_EQ(package_build_pdf(&p, tmp("big.pdf"), &e), DL_ELIMIT);
    CHECK_CONTAINS(e.msg, "paper delivery is for at most 5000");
    CHECK(access(tmp("big.pdf"), F_OK) != 0);
}
