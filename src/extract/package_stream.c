/* package_stream.c — the tar inside the age file, made as the encryption
 * asks for it. age_encrypt_stream pulls plaintext through a read callback;
 * libarchive pushes tar bytes through a write callback. The read callback
 * here drives libarchive one step at a time (an entry header, 256 KiB of a
 * file, the end of the archive), catching what libarchive writes in a small
 * buffer and handing it on: no tar on disk, none in memory, no thread.
 * Every file is hashed on its way through (for SHA256SUMS), and so is the
 * encrypted output (the age file's SHA-256).
 *
 * The tar is ustar/pax as libarchive writes it (archive_write_set_format_
 * pax_restricted: plain ustar unless a name needs more), every entry owned
 * by 0:0, mode 0644 (the folder 0755), mtime fixed by the caller — the same
 * input gives the same tar. */
#include "extract/package_internal.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "crypto/sha256.h"

#define FILE_CHUNK (256 * 1024)

enum feed_phase { NEXT_ENTRY, FILE_DATA, CLOSING, DONE };

typedef struct tar_feed {
    struct archive *a;
    const char *dir_name;
    package_file *files;
    int n_files, at;
    int64_t mtime;
    package_sums_fn make_sums;
    enum feed_phase phase;
    int fd;                  /* the file being streamed, -1 when none */
    size_t mem_at;           /* in-memory content: bytes sent */
    int64_t expect, sent;    /* file size at its header, bytes sent so far */
    sha256_stream hash;
    int hash_open;
    char *out;               /* what libarchive wrote, not yet handed on */
    size_t out_len, out_at, out_cap;
    char *chunk;             /* FILE_CHUNK bytes read from a file */
    dl_error err;
} tar_feed;

typedef struct age_sink {
    int fd;
    sha256_stream hash;
    dl_error err;
} age_sink;

static la_ssize_t catch_tar(struct archive *a, void *ctx, const void *buf, size_t n)
{
    (void)a;
    tar_feed *f = ctx;
    if (f->out_len + n > f->out_cap) {
        size_t cap = f->out_cap ? f->out_cap : 65536;
        while (cap < f->out_len + n) cap *= 2;
        char *grown = dl_realloc(f->out, cap);
        if (!grown) {
            dl_fail(&f->err, DL_ENOMEM, "out of memory writing the tar");
            return -1;
        }
        f->out = grown;
        f->out_cap = cap;
    }
    memcpy(f->out + f->out_len, buf, n);
    f->out_len += n;
    return (la_ssize_t)n;
}

static int archive_failed(tar_feed *f, const char *what)
{
    if (f->err.code == DL_OK)
        dl_fail(&f->err, DL_EIO, "cannot write the tar (%s): %s", what, archive_error_string(f->a));
    return -1;
}

static int write_header(tar_feed *f, const char *name, mode_t type, mode_t perm, int64_t size)
{
    struct archive_entry *en = archive_entry_new();
    if (!en) {
        dl_fail(&f->err, DL_ENOMEM, "out of memory writing the tar");
        return -1;
    }
    char path[200];
    snprintf(path, sizeof path, "%s/%s", f->dir_name, name);
    archive_entry_set_pathname(en, path);
    archive_entry_set_filetype(en, type);
    archive_entry_set_perm(en, perm);
    archive_entry_set_size(en, size);
    archive_entry_set_mtime(en, (time_t)f->mtime, 0);
    archive_entry_set_uid(en, 0);
    archive_entry_set_gid(en, 0);
    int rc = archive_write_header(f->a, en);
    archive_entry_free(en);
    return rc == ARCHIVE_OK ? 0 : archive_failed(f, path);
}

/* Starts file f->at: its header, its hash, its descriptor. */
static int begin_file(tar_feed *f)
{
    package_file *pf = &f->files[f->at];
    if (f->at == f->n_files - 1 && f->make_sums && f->make_sums(f->files, f->at, pf, &f->err) != DL_OK) return -1;
    if (pf->disk_path) {
        f->fd = open(pf->disk_path, O_RDONLY | O_CLOEXEC);
        struct stat st;
        if (f->fd < 0 || fstat(f->fd, &st) != 0) {
            dl_fail(&f->err, DL_EIO, "cannot read %s: %s", pf->disk_path, strerror(errno));
            return -1;
        }
        f->expect = (int64_t)st.st_size;
    } else {
        f->expect = (int64_t)pf->content_len;
        f->mem_at = 0;
    }
    f->sent = 0;
    if (sha256_stream_init(&f->hash, &f->err) != DL_OK) return -1;
    f->hash_open = 1;
    return write_header(f, pf->name, AE_IFREG, 0644, f->expect);
}

static int end_file(tar_feed *f)
{
    package_file *pf = &f->files[f->at];
    if (f->sent != f->expect) {
        dl_fail(&f->err, DL_EIO, "%s changed while it was packed (%lld bytes, expected %lld)",
                pf->disk_path ? pf->disk_path : pf->name, (long long)f->sent, (long long)f->expect);
        return -1;
    }
    sha256_stream_final_hex(&f->hash, pf->sha256);
    f->hash_open = 0;
    if (f->fd >= 0) close(f->fd);
    f->fd = -1;
    if (archive_write_finish_entry(f->a) != ARCHIVE_OK) return archive_failed(f, pf->name);
    f->at++;
    return 0;
}

/* Moves the tar on by one step; its bytes land in f->out. */
static int step(tar_feed *f)
{
    switch (f->phase) {
    case NEXT_ENTRY:
        if (f->at == f->n_files) {
            f->phase = CLOSING;
            return 0;
        }
        if (begin_file(f) != 0) return -1;
        f->phase = FILE_DATA;
        return 0;
    case FILE_DATA: {
        package_file *pf = &f->files[f->at];
        const char *data;
        ssize_t k;
        if (pf->disk_path) {
            do k = read(f->fd, f->chunk, FILE_CHUNK);
            while (k < 0 && errno == EINTR);
            if (k < 0) {
                dl_fail(&f->err, DL_EIO, "cannot read %s: %s", pf->disk_path, strerror(errno));
                return -1;
            }
            data = f->chunk;
        } else {
            size_t left = pf->content_len - f->mem_at;
            k = (ssize_t)(left < FILE_CHUNK ? left : FILE_CHUNK);
            data = pf->content + f->mem_at;
            f->mem_at += (size_t)k;
        }
        if (k == 0 || f->sent + k > f->expect) {
            if (k > 0) f->sent += k; /* grew: end_file reports it */
            if (end_file(f) != 0) return -1;
            f->phase = NEXT_ENTRY;
            return 0;
        }
        sha256_stream_update(&f->hash, data, (size_t)k);
        f->sent += k;
        if (archive_write_data(f->a, data, (size_t)k) != k) return archive_failed(f, pf->name);
        return 0;
    }
    case CLOSING:
        if (archive_write_close(f->a) != ARCHIVE_OK) return archive_failed(f, "end");
        f->phase = DONE;
        return 0;
    case DONE:
        return 0;
    }
    return -1;
}

static ssize_t read_tar(void *ctx, uint8_t *buf, size_t n)
{
    tar_feed *f = ctx;
    while (f->out_at == f->out_len) {
        if (f->phase == DONE) return 0;
        f->out_at = f->out_len = 0;
        if (step(f) != 0) return -1;
    }
    size_t k = f->out_len - f->out_at;
    if (k > n) k = n;
    memcpy(buf, f->out + f->out_at, k);
    f->out_at += k;
    return (ssize_t)k;
}

static int write_age(void *ctx, const uint8_t *buf, size_t n)
{
    age_sink *s = ctx;
    sha256_stream_update(&s->hash, buf, n);
    while (n > 0) {
        ssize_t k = write(s->fd, buf, n);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) {
            dl_fail(&s->err, DL_EIO, "cannot write the delivery file: %s", k < 0 ? strerror(errno) : "no progress");
            return -1;
        }
        buf += k;
        n -= (size_t)k;
    }
    return 0;
}

static int start_archive(tar_feed *f)
{
    f->a = archive_write_new();
    if (!f->a) {
        dl_fail(&f->err, DL_ENOMEM, "out of memory starting the tar");
        return -1;
    }
    if (archive_write_set_format_pax_restricted(f->a) != ARCHIVE_OK ||
        archive_write_add_filter_none(f->a) != ARCHIVE_OK ||
        archive_write_set_bytes_in_last_block(f->a, 1) != ARCHIVE_OK ||
        archive_write_open2(f->a, f, NULL, catch_tar, NULL, NULL) != ARCHIVE_OK)
        return archive_failed(f, "start");
    /* The folder first, so tar x makes it with a fixed mode and time. */
    if (write_header(f, "", AE_IFDIR, 0755, 0) != 0) return -1;
    return 0;
}

dl_err package_stream(const char *dir_name, package_file *files, int n_files, int64_t mtime,
                      package_sums_fn make_sums, const age_recipient *to, int out_fd, char sha256_hex[65],
                      dl_error *e)
{
    tar_feed f = {.dir_name = dir_name, .files = files, .n_files = n_files, .mtime = mtime,
                  .make_sums = make_sums, .phase = NEXT_ENTRY, .fd = -1};
    dl_error_clear(&f.err);
    age_sink sink = {.fd = out_fd};
    dl_error_clear(&sink.err);
    dl_err err = DL_OK;
    f.chunk = dl_malloc(FILE_CHUNK);
    if (!f.chunk) {
        err = dl_fail(e, DL_ENOMEM, "out of memory packing the delivery");
        goto out;
    }
    if (sha256_stream_init(&sink.hash, e) != DL_OK) {
        err = e ? e->code : DL_ENOMEM;
        goto out;
    }
    if (start_archive(&f) != 0) {
        err = dl_fail(e, f.err.code, "%s", f.err.msg);
        goto out;
    }
    dl_error age_err;
    err = age_encrypt_stream(to, 1, 0, read_tar, &f, write_age, &sink, &age_err);
    if (f.err.code != DL_OK) err = dl_fail(e, f.err.code, "%s", f.err.msg);
    else if (sink.err.code != DL_OK) err = dl_fail(e, sink.err.code, "%s", sink.err.msg);
    else if (err != DL_OK) err = dl_fail(e, err, "%s", age_err.msg);
    if (err == DL_OK) sha256_stream_final_hex(&sink.hash, sha256_hex);
out:
    sha256_stream_free(&sink.hash);
    if (f.hash_open) sha256_stream_free(&f.hash);
    if (f.fd >= 0) close(f.fd);
    if (f.a) archive_write_free(f.a);
    dl_free(f.out);
    dl_free(f.chunk);
    return err;
}
