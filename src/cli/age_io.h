/* age_io.h — the plumbing of `datalots age` (cmd_age.c): input and output
 * streams with 1 MiB aligned buffers (large requests bypass them), output
 * through a temporary file renamed into place only on success, signal
 * handlers that remove that file and restore the terminal, and reading a
 * passphrase from DATALOTS_PASSPHRASE or the terminal without echo. */
#ifndef DATALOTS_AGE_IO_H
#define DATALOTS_AGE_IO_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define IO_BUF (1u << 20)       /* read and write buffers */
#define DIRECT_MIN (256u << 10) /* requests this large bypass them */
#define PASSPHRASE_MAX 1024

typedef struct age_in {
    int fd;
    const char *name;
    uint8_t *buf;
    size_t pos, len;
    int eof, err;
    int age_like;           /* peek_input: starts like a binary or armored age file */
} age_in;

typedef struct age_out {
    int fd;
    const char *name;       /* shown in messages: OUT or "standard output" */
    uint8_t *buf;
    size_t len;
    int err;
    char tmp[PATH_MAX];     /* the temporary file when renaming at the end */
    const char *final;      /* ... to this path (OUT, or where OUT links to) */
    char resolved[PATH_MAX]; /* OUT's target when OUT is a symbolic link */
} age_out;

/* The passphrase from DATALOTS_PASSPHRASE or the terminal (twice when
 * confirm). Prints the problem and returns the exit status, 0 when out holds
 * a non-empty passphrase. */
int age_read_passphrase(const char *cmd, int confirm, char *out, size_t outsz);

/* Writes all n bytes to fd (retrying short writes); 0 or an errno value. */
int age_write_all(int fd, const uint8_t *p, size_t n);

/* age_read_fn / age_write_fn over the streams (crypto/age.h). */
ssize_t age_in_read(void *ctx, uint8_t *buf, size_t n);
int age_out_write(void *ctx, const uint8_t *buf, size_t n);

/* Opens IN ("-" or NULL: standard input). Prints the problem; 0 or exit status. */
int age_in_open(const char *cmd, const char *path, age_in *s);
void age_in_close(age_in *s);
/* Opens OUT: NULL or "-" is standard output; a descriptor's name
 * (/dev/stdout, /proc/self/fd/N) or, once links are followed, a device,
 * FIFO or socket (/dev/null, a named pipe) is written directly; a regular
 * file — anywhere, /dev/shm included — through a temporary file next to it,
 * renamed into place by age_out_close(). Prints the problem; 0 or exit
 * status. */
int age_out_open(const char *cmd, const char *path, age_out *s);
/* Ends the output: on success flushes, syncs and renames into place
 * (returns 0, or 1 after printing the problem); on failure discards what is
 * buffered and removes the temporary file. A second call does nothing. */
int age_out_close(const char *cmd, age_out *s, int success);
/* After a failed stream: prints the I/O error of our side and returns 1,
 * or 0 when there was none. */
int age_report_io(const char *cmd, const age_in *in, const age_out *out);

#endif
