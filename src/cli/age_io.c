/* age_io.c — streams, temporary output, signals and passphrases for
 * `datalots age` (see age_io.h). */
#include "cli/age_io.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

/* --- signals: never leave a temporary file or a silent terminal behind ------- */

static char sig_tmp_path[PATH_MAX];
static volatile sig_atomic_t sig_tmp_active;
static volatile sig_atomic_t sig_tty_fd = -1;
static struct termios sig_tty_saved;

static void on_signal(int sig)
{
    if (sig_tty_fd >= 0) tcsetattr(sig_tty_fd, TCSANOW, &sig_tty_saved);
    if (sig_tmp_active) unlink(sig_tmp_path);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGXFSZ, SIGALRM};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, NULL);
}

/* --- passphrases ----------------------------------------------------------------- */

/* One line from the terminal without echo. 0 ok, -1 no terminal, -2 too long. */
static int tty_line(const char *prompt, char *out, size_t outsz)
{
    int fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return -1;
    install_signals(); /* so that Ctrl-C at the prompt gives the echo back */
    struct termios quiet;
    int restore = tcgetattr(fd, &sig_tty_saved) == 0;
    if (restore) {
        quiet = sig_tty_saved;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        sig_tty_fd = fd;
        tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    if (write(fd, prompt, strlen(prompt)) < 0) { /* the prompt is a courtesy */ }
    size_t n = 0;
    int rc = 0, too_long = 0;
    for (;;) {
        char ch;
        ssize_t got = read(fd, &ch, 1);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) { if (n == 0) rc = -1; break; }
        if (ch == '\n' || ch == '\r') break;
        if (n + 1 < outsz) out[n++] = ch;
        else too_long = 1;
    }
    out[n] = '\0';
    if (restore) {
        tcsetattr(fd, TCSAFLUSH, &sig_tty_saved);
        sig_tty_fd = -1;
    }
    if (write(fd, "\n", 1) < 0) { /* cosmetic */ }
    close(fd);
    if (too_long) { sodium_memzero(out, outsz); return -2; }
    return rc;
}

/* The passphrase from DATALOTS_PASSPHRASE or the terminal (twice when
 * confirm). Prints the problem and returns the exit status, 0 when out holds
 * a non-empty passphrase. */
int age_read_passphrase(const char *cmd, int confirm, char *out, size_t outsz)
{
    const char *env = getenv("DATALOTS_PASSPHRASE");
    if (env) {
        if (!env[0]) { fprintf(stderr, "datalots age %s: DATALOTS_PASSPHRASE is empty\n", cmd); return 2; }
        if (strlen(env) >= outsz) {
            fprintf(stderr, "datalots age %s: DATALOTS_PASSPHRASE is longer than %zu bytes\n", cmd, outsz - 1);
            return 2;
        }
        memcpy(out, env, strlen(env) + 1);
        return 0;
    }
    int rc = tty_line(confirm ? "Enter passphrase: " : "Passphrase: ", out, outsz);
    if (rc == -1) {
        fprintf(stderr, "datalots age %s: %sno terminal to read the passphrase from; set DATALOTS_PASSPHRASE\n",
                cmd, confirm ? "-p: " : "");
        return 2;
    }
    if (rc == -2) { fprintf(stderr, "datalots age %s: the passphrase is longer than %zu bytes\n", cmd, outsz - 1); return 1; }
    if (!out[0]) { fprintf(stderr, "datalots age %s: the passphrase is empty\n", cmd); return 1; }
    if (!confirm) return 0;
    char again[PASSPHRASE_MAX];
    rc = tty_line("Confirm passphrase: ", again, sizeof again);
    int same = rc == 0 && strcmp(out, again) == 0;
    sodium_memzero(again, sizeof again);
    if (!same) {
        sodium_memzero(out, outsz);
        fprintf(stderr, "datalots age %s: the passphrases do not match\n", cmd);
        return 1;
    }
    return 0;
}

/* --- streams ------------------------------------------------------------------ */



ssize_t age_in_read(void *ctx, uint8_t *buf, size_t n)
{
    age_in *s = ctx;
    size_t got = 0;
    while (got < n) {
        if (s->pos == s->len) {
            if (s->eof) break;
            int direct = n - got >= DIRECT_MIN; /* big requests skip the copy through s->buf */
            ssize_t r = read(s->fd, direct ? buf + got : s->buf, direct ? n - got : IO_BUF);
            if (r < 0) {
                if (errno == EINTR) continue;
                s->err = errno;
                return -1;
            }
            if (r == 0) { s->eof = 1; break; }
            if (direct) { got += (size_t)r; continue; }
            s->pos = 0;
            s->len = (size_t)r;
        }
        size_t take = s->len - s->pos < n - got ? s->len - s->pos : n - got;
        memcpy(buf + got, s->buf + s->pos, take);
        s->pos += take;
        got += take;
    }
    return (ssize_t)got;
}

int age_write_all(int fd, const uint8_t *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int out_flush(age_out *s)
{
    if (s->err) return -1;
    if (s->len && (s->err = age_write_all(s->fd, s->buf, s->len)) != 0) return -1;
    s->len = 0;
    return 0;
}

int age_out_write(void *ctx, const uint8_t *buf, size_t n)
{
    age_out *s = ctx;
    if (s->err) return -1;
    if (s->len + n > IO_BUF && out_flush(s) != 0) return -1;
    if (s->len == 0 && n >= DIRECT_MIN) {
        if ((s->err = age_write_all(s->fd, buf, n)) != 0) return -1;
        return 0;
    }
    memcpy(s->buf + s->len, buf, n);
    s->len += n;
    return 0;
}

/* Opens IN ("-" or NULL: standard input). Prints the problem; 0 or exit status. */
int age_in_open(const char *cmd, const char *path, age_in *s)
{
    memset(s, 0, sizeof *s);
    s->fd = STDIN_FILENO;
    s->name = "standard input";
    if (path && strcmp(path, "-") != 0) {
        s->fd = open(path, O_RDONLY | O_CLOEXEC);
        s->name = path;
        if (s->fd < 0) { fprintf(stderr, "datalots age %s: cannot open %s: %s\n", cmd, path, strerror(errno)); return 1; }
    }
    s->buf = aligned_alloc(4096, IO_BUF); /* the kernel copies faster to aligned memory */
    if (!s->buf) { fprintf(stderr, "datalots age %s: out of memory\n", cmd); return 1; }
    return 0;
}

void age_in_close(age_in *s)
{
    if (s->fd > STDIN_FILENO) close(s->fd);
    s->fd = -1;
    if (s->buf) sodium_memzero(s->buf, IO_BUF); /* plaintext, when encrypting */
    free(s->buf);
    s->buf = NULL;
}

/* Is path one of the names of an open descriptor: /dev/stdin, /dev/stdout,
 * /dev/stderr, /dev/fd/N, /proc/self/fd/N, /proc/thread-self/fd/N,
 * /proc/PID/fd/N? */
static int is_descriptor_name(const char *p)
{
    if (strcmp(p, "/dev/stdin") == 0 || strcmp(p, "/dev/stdout") == 0 || strcmp(p, "/dev/stderr") == 0 ||
        strncmp(p, "/dev/fd/", 8) == 0 || strncmp(p, "/proc/self/fd/", 14) == 0 ||
        strncmp(p, "/proc/thread-self/fd/", 21) == 0)
        return 1;
    if (strncmp(p, "/proc/", 6) != 0) return 0;
    p += 6;
    size_t digits = strspn(p, "0123456789");
    return digits > 0 && strncmp(p + digits, "/fd/", 4) == 0;
}

/* Does path name an open descriptor, itself or through symbolic links
 * (/dev/stdout is a link to /proc/self/fd/1)? Its file is the one the
 * caller opened — perhaps a regular file the shell redirected to — and is
 * written straight through: a rename would put a new file in its place. */
static int names_descriptor(const char *path)
{
    char cur[PATH_MAX], target[PATH_MAX], joined[PATH_MAX];
    size_t n = strlen(path);
    if (n >= sizeof cur) return 0;
    memcpy(cur, path, n + 1);
    for (int hop = 0; hop < 16; hop++) {
        if (is_descriptor_name(cur)) return 1;
        ssize_t len = readlink(cur, target, sizeof target - 1);
        if (len < 0) return 0; /* not a link (or gone): it names itself */
        target[len] = '\0';
        const char *slash = strrchr(cur, '/');
        const char *next = target;
        if (target[0] != '/' && slash) {
            int k = snprintf(joined, sizeof joined, "%.*s/%s", (int)(slash - cur), cur, target);
            if (k < 0 || (size_t)k >= sizeof joined) return 0;
            next = joined;
        }
        memcpy(cur, next, strlen(next) + 1); /* both fit in PATH_MAX */
    }
    return 0;
}

/* Opens OUT: NULL or "-" is standard output; a descriptor's name
 * (/dev/stdout, /proc/self/fd/N) or what is, once links are followed, a
 * device, FIFO or socket (/dev/null, /dev/tty, a named pipe) is written
 * directly; anything else — a regular file wherever it is, /dev/shm
 * included — through a temporary file next to it that is renamed into
 * place at the end. Prints the problem; 0 or exit status. */
int age_out_open(const char *cmd, const char *path, age_out *s)
{
    memset(s, 0, sizeof *s);
    s->fd = STDOUT_FILENO;
    s->name = "standard output";
    if (path && strcmp(path, "-") != 0) {
        s->name = path;
        struct stat st;
        int exists = stat(path, &st) == 0; /* follows links: what the data would reach */
        if (exists && S_ISDIR(st.st_mode)) {
            fprintf(stderr, "datalots age %s: -o %s is a directory\n", cmd, path);
            return 2;
        }
        /* What the path is, not where it is: a file in /dev/shm is a file. */
        int descriptor = names_descriptor(path);
        if (descriptor || (exists && !S_ISREG(st.st_mode))) {
            s->fd = open(path, O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC);
            if (s->fd < 0) { fprintf(stderr, "datalots age %s: cannot open %s: %s\n", cmd, path, strerror(errno)); return 1; }
            struct stat now;
            if (!descriptor && (fstat(s->fd, &now) != 0 || S_ISREG(now.st_mode))) { /* swapped since stat() */
                close(s->fd);
                s->fd = -1;
                fprintf(stderr, "datalots age %s: -o %s changed while it was being opened; try again\n", cmd, path);
                return 1;
            }
        } else {
            /* A link to a file: the temporary file goes next to the file it
             * points to, and the rename replaces that file, not the link. */
            const char *final = path;
            struct stat lst;
            if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
                if (!realpath(path, s->resolved)) {
                    fprintf(stderr, "datalots age %s: -o %s is a symbolic link to a missing file; give the real path\n",
                            cmd, path);
                    return 1;
                }
                final = s->resolved;
            }
            const char *slash = strrchr(final, '/');
            int n = slash ? snprintf(s->tmp, sizeof s->tmp, "%.*s/.%s.XXXXXX", (int)(slash - final), final, slash + 1)
                          : snprintf(s->tmp, sizeof s->tmp, ".%s.XXXXXX", final);
            if (n < 0 || (size_t)n >= sizeof s->tmp || (slash && slash[1] == '\0')) {
                fprintf(stderr, "datalots age %s: -o %s: not a usable file name\n", cmd, path);
                return 2;
            }
            install_signals();
            sigset_t all, old;
            sigfillset(&all);
            sigprocmask(SIG_BLOCK, &all, &old); /* no signal between creating the file and noting it */
            s->fd = mkostemp(s->tmp, O_CLOEXEC); /* mode 0600 */
            int err = errno;
            if (s->fd >= 0) {
                memcpy(sig_tmp_path, s->tmp, sizeof sig_tmp_path);
                sig_tmp_active = 1;
            }
            sigprocmask(SIG_SETMASK, &old, NULL);
            if (s->fd < 0) {
                fprintf(stderr, "datalots age %s: cannot create a temporary file for %s: %s\n", cmd, path,
                        strerror(err));
                return 1;
            }
            s->final = final;
        }
    }
    s->buf = aligned_alloc(4096, IO_BUF);
    if (!s->buf) { fprintf(stderr, "datalots age %s: out of memory\n", cmd); return 1; }
    return 0;
}

/* Ends the output: on success flushes, syncs and renames into place
 * (returns 0, or 1 after printing the problem); on failure discards what
 * is buffered and removes the temporary file. */
int age_out_close(const char *cmd, age_out *s, int success)
{
    int rc = 0;
    if (success) {
        if (out_flush(s) != 0 || (s->final && fsync(s->fd) != 0 && (s->err = errno) != 0)) {
            fprintf(stderr, "datalots age %s: cannot write %s: %s\n", cmd, s->name, strerror(s->err));
            rc = 1;
        }
    }
    if (s->buf) {
        sodium_memzero(s->buf, IO_BUF);
        free(s->buf);
        s->buf = NULL;
    }
    if (s->fd > STDERR_FILENO && close(s->fd) != 0 && success && rc == 0) {
        fprintf(stderr, "datalots age %s: cannot write %s: %s\n", cmd, s->name, strerror(errno));
        rc = 1;
    }
    if (s->final) {
        if (success && rc == 0 && rename(s->tmp, s->final) != 0) {
            fprintf(stderr, "datalots age %s: cannot rename %s to %s: %s\n", cmd, s->tmp, s->final, strerror(errno));
            rc = 1;
        }
        if (!success || rc != 0) unlink(s->tmp);
        sig_tmp_active = 0;
    }
    s->fd = -1; /* closed: a second call does nothing */
    s->final = NULL;
    return rc;
}

/* After a failed stream: the I/O error of our side if there was one. */
int age_report_io(const char *cmd, const age_in *in, const age_out *out)
{
    if (in->err) { fprintf(stderr, "datalots age %s: cannot read %s: %s\n", cmd, in->name, strerror(in->err)); return 1; }
    if (out->err) { fprintf(stderr, "datalots age %s: cannot write %s: %s\n", cmd, out->name, strerror(out->err)); return 1; }
    return 0;
}
