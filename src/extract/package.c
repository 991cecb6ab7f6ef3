/* package.c — package_build: checks what it is given, applies small-cell
 * suppression, writes README, dictionary and workbook into the work folder,
 * then streams the tar through the age encryption into a temporary file
 * that is renamed to out_path only when everything succeeded. The layout
 * and the rules are in package.h. */
#include "extract/package_internal.h"

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/strbuf.h"
#include "extract/csv_write.h"

static char *path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = dl_malloc(n);
    if (p) snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static dl_err check_info(const package_info *p, dl_error *e)
{
    if (!p || p->n_tables < 1 || p->n_tables > SRC_TABLE__MAX)
        return dl_fail(e, DL_EINVAL, "a delivery needs 1 to %d tables", SRC_TABLE__MAX);
    if ((unsigned)p->dates >= DATE_PRECISION__MAX) return dl_fail(e, DL_EINVAL, "unknown date precision");
    if (p->small_cell_min < 0) return dl_fail(e, DL_EINVAL, "the small-cell minimum cannot be negative");
    if (package_parse_time(p->generated_at) < 0)
        return dl_fail(e, DL_EINVAL, "generated_at must be a time like 2026-03-16T10:00:00Z");
    for (int i = 0; i < p->n_tables; i++) {
        const package_table *t = &p->tables[i];
        if ((unsigned)t->table >= SRC_TABLE__MAX) return dl_fail(e, DL_EINVAL, "table %d is not a source table", i);
        for (int j = 0; j < i; j++)
            if (p->tables[j].table == t->table)
                return dl_fail(e, DL_EINVAL, "table %s is given twice", source_tables[t->table].name);
        if (t->n_cols < 1 || t->n_cols > PACKAGE_MAX_COLS || !t->cols || !t->csv_path || t->rows < 0)
            return dl_fail(e, DL_EINVAL, "table %s: columns, CSV path or row count missing",
                           source_tables[t->table].name);
        for (int c = 0; c < t->n_cols; c++)
            if (!package_column_name(p, t->table, t->cols[c]))
                return dl_fail(e, DL_EINVAL, "table %s: column %d is not in the source schema",
                               source_tables[t->table].name, t->cols[c]);
    }
    return DL_OK;
}

/* Writes t's CSV again with its rare values replaced, to path. */
static dl_err write_suppressed(const package_info *p, const package_table *t, package_suppression *s, const char *path, dl_error *e)
{
    int in_fd, out_fd = -1;
    csv_reader *r;
    csv_writer *w = NULL;
    dl_err err = package_csv_open(p, t, &in_fd, &r, e);
    if (err != DL_OK) return err;
    out_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (out_fd < 0) {
        err = dl_fail(e, DL_EIO, "cannot create %s: %s", path, strerror(errno));
        goto out;
    }
    if (!(w = csv_writer_open(out_fd))) {
        err = dl_fail(e, DL_ENOMEM, "out of memory writing %s", path);
        goto out;
    }
    const char *header[PACKAGE_MAX_COLS], *cells_out[PACKAGE_MAX_COLS];
    size_t lens_out[PACKAGE_MAX_COLS];
    for (int c = 0; c < t->n_cols; c++) header[c] = package_column_name(p, t->table, t->cols[c]);
    csv_write_row(w, header, t->n_cols);
    const char *const *cells;
    const size_t *lens;
    int n, got;
    while ((got = csv_read_row(r, &cells, &lens, &n, e)) == 1) {
        if (n != t->n_cols) {
            err = dl_fail(e, DL_EINVAL, "%s: row %lld has %d fields, the header %d", t->csv_path,
                          (long long)csv_reader_rows(r), n, t->n_cols);
            goto out;
        }
        for (int c = 0; c < n; c++) cells_out[c] = package_suppress_value(s, c, cells[c], lens[c], &lens_out[c]);
        if (csv_write_row_n(w, cells_out, lens_out, n) != DL_OK) {
            err = csv_writer_status(w, e);
            goto out;
        }
    }
    if (got < 0) {
        err = e ? e->code : DL_EINVAL;
        goto out;
    }
    if (csv_reader_rows(r) - 1 != t->rows) {
        err = dl_fail(e, DL_EINVAL, "%s has %lld rows, the runner counted %lld", t->csv_path,
                      (long long)(csv_reader_rows(r) - 1), (long long)t->rows);
        goto out;
    }
    err = csv_writer_flush(w, e);
out:
    csv_writer_free(w);
    if (out_fd >= 0 && close(out_fd) != 0 && err == DL_OK)
        err = dl_fail(e, DL_EIO, "cannot write %s: %s", path, strerror(errno));
    package_csv_close(in_fd, r);
    return err;
}

static dl_err make_sums(package_file *files, int n_before, package_file *sums, dl_error *e)
{
    strbuf b;
    sb_init(&b, 1024);
    for (int i = 0; i < n_before; i++) sb_printf(&b, "%s  %s\n", files[i].sha256, files[i].name);
    if (b.oom) {
        sb_free(&b);
        return dl_fail(e, DL_ENOMEM, "out of memory writing SHA256SUMS");
    }
    sums->content = sb_steal(&b, &sums->content_len);
    return DL_OK;
}

/* Everything between the checks and the stream: the files of the tar. */
typedef struct build {
    char *dir;                           /* work_dir/package */
    package_file files[SRC_TABLE__MAX + 4];
    int n_files;
    const char *csv_paths[SRC_TABLE__MAX];
    package_suppression supp;
} build;

static package_file *add_file(build *b, const char *name, char *disk_path)
{
    package_file *f = &b->files[b->n_files++];
    memset(f, 0, sizeof *f);
    snprintf(f->name, sizeof f->name, "%s", name);
    f->disk_path = disk_path;
    f->intermediate = 1;
    return f;
}

static dl_err prepare(const package_info *p, build *b, int want_xlsx, const char *dir_name, dl_error *e)
{
    char name[96];
    dl_err err = DL_OK;
    char *readme = path_join(b->dir, "README.txt"), *dict = path_join(b->dir, "dictionary.csv");
    add_file(b, "README.txt", readme);
    add_file(b, "dictionary.csv", dict);
    if (!readme || !dict) return dl_fail(e, DL_ENOMEM, "out of memory");
    for (int i = 0; i < p->n_tables; i++) {
        const package_table *t = &p->tables[i];
        snprintf(name, sizeof name, "%s.csv", source_tables[t->table].name);
        b->csv_paths[i] = t->csv_path;
        if (package_suppress_applies(p, t)) {
            char *path = path_join(b->dir, name);
            if (!path) return dl_fail(e, DL_ENOMEM, "out of memory");
            add_file(b, name, path);
            if ((err = package_suppress_count(p, t, &b->supp, e)) != DL_OK) return err;
            if ((err = write_suppressed(p, t, &b->supp, path, e)) != DL_OK) return err;
            b->csv_paths[i] = path;
        } else {
            char *path = dl_strdup(t->csv_path);
            if (!path) return dl_fail(e, DL_ENOMEM, "out of memory");
            add_file(b, name, path)->intermediate = 0; /* the runner's: left where it is */
        }
    }
    if ((err = package_write_readme(p, dir_name, &b->supp, want_xlsx, readme, e)) != DL_OK) return err;
    if ((err = package_write_dictionary(p, dict, e)) != DL_OK) return err;
    if (want_xlsx) {
        char *xlsx = path_join(b->dir, "data.xlsx");
        if (!xlsx) return dl_fail(e, DL_ENOMEM, "out of memory");
        add_file(b, "data.xlsx", xlsx);
        if ((err = package_write_xlsx(p, b->csv_paths, b->dir, xlsx, e)) != DL_OK) return err;
    }
    add_file(b, "SHA256SUMS", NULL);
    return DL_OK;
}

static dl_err check_csvs(const package_info *p, dl_error *e)
{
    for (int i = 0; i < p->n_tables; i++) {
        int fd;
        csv_reader *r;
        dl_err err = package_csv_open(p, &p->tables[i], &fd, &r, e);
        if (err != DL_OK) return err;
        package_csv_close(fd, r);
    }
    return DL_OK;
}

dl_err package_build(const package_info *p, const char *work_dir, int want_xlsx, const age_recipient *to,
                     const char *out_path, char sha256_hex_out[65], dl_error *e)
{
    dl_err err = check_info(p, e);
    if (err != DL_OK) return err;
    if (!work_dir || !out_path || !to) return dl_fail(e, DL_EINVAL, "work folder, output path and recipient needed");
    if ((err = check_csvs(p, e)) != DL_OK) return err;

    build b = {0};
    char dir_name[64], *tmp = NULL;
    int out_fd = -1;
    package_dir_name(p->diary_number, dir_name);
    if (!(b.dir = path_join(work_dir, "package"))) return dl_fail(e, DL_ENOMEM, "out of memory");
    if (mkdir(b.dir, 0700) != 0 && errno != EEXIST) {
        err = dl_fail(e, DL_EIO, "cannot make %s: %s", b.dir, strerror(errno));
        goto out;
    }
    if ((err = prepare(p, &b, want_xlsx, dir_name, e)) != DL_OK) goto out;

    size_t tn = strlen(out_path) + 16;
    if (!(tmp = dl_malloc(tn))) {
        err = dl_fail(e, DL_ENOMEM, "out of memory");
        goto out;
    }
    snprintf(tmp, tn, "%s.tmp-XXXXXX", out_path);
    out_fd = mkstemp(tmp);
    if (out_fd < 0) {
        err = dl_fail(e, DL_EIO, "cannot create the delivery file next to %s: %s", out_path, strerror(errno));
        dl_free(tmp);
        tmp = NULL;
        goto out;
    }
    err = package_stream(dir_name, b.files, b.n_files, package_parse_time(p->generated_at), make_sums, to, out_fd,
                         sha256_hex_out, e);
    if (err == DL_OK && fsync(out_fd) != 0)
        err = dl_fail(e, DL_EIO, "cannot write %s: %s", out_path, strerror(errno));
    if (close(out_fd) != 0 && err == DL_OK) err = dl_fail(e, DL_EIO, "cannot write %s: %s", out_path, strerror(errno));
    out_fd = -1;
    if (err == DL_OK && rename(tmp, out_path) != 0)
        err = dl_fail(e, DL_EIO, "cannot move the delivery to %s: %s", out_path, strerror(errno));
out:
    if (out_fd >= 0) close(out_fd);
    if (tmp && err != DL_OK) unlink(tmp);
    dl_free(tmp);
    /* The package's own files (a suppressed copy holds personal data too)
     * go, whatever the outcome; the runner's CSVs stay for it to remove. */
    for (int i = 0; i < b.n_files; i++) {
        if (b.files[i].intermediate && b.files[i].disk_path) unlink(b.files[i].disk_path);
        dl_free(b.files[i].disk_path);
        dl_free((void *)b.files[i].content);
    }
    package_suppress_free(&b.supp);
    if (b.dir) rmdir(b.dir); /* only when empty: libxlsxwriter's scratch files are gone by now */
    dl_free(b.dir);
    if (err != DL_OK && sha256_hex_out) sha256_hex_out[0] = '\0';
    return err;
}
