/* runner_files.c — what the runner asks of its own files: a CSV's data
 * rows (after a restart) and a finished file's SHA-256 (runner_files.h). */
#include "extract/runner_files.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "crypto/sha256.h"
#include "extract/csv_read.h"

/* The SHA-256 of a file, as hex. */
dl_err extract_file_sha256(const char *path, char hex[65], dl_error *e)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return dl_fail(e, DL_EIO, "Kan inte läsa %s: %s.", path, strerror(errno));
    sha256_stream h;
    dl_err rc = sha256_stream_init(&h, e);
    if (rc != DL_OK) { close(fd); return rc; }
    uint8_t buf[65536];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) sha256_stream_update(&h, buf, (size_t)n);
    if (n < 0) rc = dl_fail(e, DL_EIO, "Kan inte läsa %s: %s.", path, strerror(errno));
    else sha256_stream_final_hex(&h, hex);
    sha256_stream_free(&h);
    close(fd);
    return rc;
}

/* Data rows of a CSV the runner wrote (its header row not counted). */
dl_err extract_csv_rows(const char *path, int64_t *rows, dl_error *e)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return dl_fail(e, DL_EIO, "Kan inte läsa uttagets fil %s: %s.", path, strerror(errno));
    csv_reader *r = csv_reader_open(fd);
    if (!r) { close(fd); return dl_fail(e, DL_ENOMEM, "out of memory"); }
    const char *const *cells;
    const size_t *lens;
    int n, got;
    while ((got = csv_read_row(r, &cells, &lens, &n, e)) == 1) {}
    *rows = csv_reader_rows(r) - 1;
    csv_reader_free(r);
    close(fd);
    return got < 0 ? e->code : DL_OK;
}

