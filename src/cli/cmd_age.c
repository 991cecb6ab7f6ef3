/* cmd_age.c — `datalots age keygen|encrypt|decrypt`: the age file format
 * (crypto/age.h) from the shell, compatible with the age and age-keygen
 * tools. Streams in constant memory (1 MiB read and write buffers). With -o
 * the result goes to a temporary file (mode 0600) in OUT's directory that
 * is renamed to OUT only when everything succeeded; on any failure (or
 * SIGINT/SIGTERM/SIGHUP) it is removed, so OUT never holds a partial result.
 * Exit status: 0 done, 1 failed (I/O, passphrase), 2 wrong usage, and for
 * a failed decryption one status per kind (failure_status: 3 header … 9
 * work factor), each with its own message. */
#include "cli/cli.h"
#include "cli/age_io.h"
#include "crypto/age.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PEEK_BYTES 8192         /* of the input, to see whether it is passphrase-encrypted */
#define MAX_KEYS 1024           /* recipients or identities */
#define MAX_LINE 4096           /* of a recipients or identity file */

/* --- help ------------------------------------------------------------------ */

static void age_help(FILE *out)
{
    fprintf(out,
            "usage:\n"
            "  datalots age keygen [-o FILE]\n"
            "  datalots age encrypt (-r RECIPIENT | -R FILE)... [-a] [-o OUT] [IN]\n"
            "  datalots age encrypt -p [--work-factor N] [-a] [-o OUT] [IN]\n"
            "  datalots age decrypt [-i IDENTITY_FILE]... [-o OUT] [IN]\n\n"
            "The age file format (age-encryption.org/v1), compatible with the age and\n"
            "age-keygen tools: X25519 keys and passphrases, binary or armored (-a).\n"
            "IN defaults to standard input, OUT to standard output.\n\n"
            "  datalots age SUBCOMMAND --help   options of a subcommand\n\n"
            "Exit status: 0 done; 1 failed (reading, writing, a passphrase; the message\n"
            "says why); 2 wrong usage; decryption failures by kind: 3 malformed header\n"
            "or not an age file, 4 no identity matches (wrong key or passphrase),\n"
            "5 header MAC mismatch, 6 payload damaged or truncated, 7 malformed armor,\n"
            "8 unsupported feature, 9 scrypt work factor above the limit.\n");
}

static void keygen_help(void)
{
    printf("usage: datalots age keygen [-o FILE]\n\n"
           "Generates an X25519 key pair and writes it as age-keygen does:\n"
           "  # created: <time>\n  # public key: age1...\n  AGE-SECRET-KEY-1...\n"
           "to FILE (created with mode 0600; an existing FILE is never overwritten) or\n"
           "to standard output, and prints \"Public key: age1...\" to standard error.\n\n"
           "  -o, --output FILE   write the new key to FILE\n");
}

static void encrypt_help(void)
{
    printf("usage: datalots age encrypt (-r RECIPIENT | -R FILE)... [-a] [-o OUT] [IN]\n"
           "       datalots age encrypt -p [--work-factor N] [-a] [-o OUT] [IN]\n\n"
           "Encrypts IN (default: standard input) to OUT (default: standard output).\n\n"
           "  -r, --recipient RECIPIENT    an age public key (age1...); may be repeated\n"
           "  -R, --recipients-file FILE   public keys, one a line; lines starting with #\n"
           "                               and blank lines are ignored; may be repeated\n"
           "  -p, --passphrase             encrypt with a passphrase instead: read from\n"
           "                               DATALOTS_PASSPHRASE, or twice from the terminal\n"
           "      --work-factor N          scrypt work factor log2(N), 1..%d (default %d)\n"
           "  -a, --armor                  write ASCII armor (PEM) instead of binary\n"
           "  -o, --output OUT             write to OUT (mode 0600; replaced only on success;\n"
           "                               a device, FIFO or /dev/stdout is written directly)\n\n"
           "Binary output is not written to a terminal: use -a or -o.\n",
           AGE_SCRYPT_MAX_LOG_N, AGE_SCRYPT_DEFAULT_LOG_N);
}

static void decrypt_help(void)
{
    printf("usage: datalots age decrypt [-i IDENTITY_FILE]... [-o OUT] [IN]\n\n"
           "Decrypts IN (default: standard input; binary or armored) to OUT (default:\n"
           "standard output).\n\n"
           "  -i, --identity FILE   secret keys (AGE-SECRET-KEY-1...) as age-keygen writes\n"
           "                        them: lines starting with # and blank lines are\n"
           "                        ignored; may be repeated\n"
           "  -o, --output OUT      write to OUT (mode 0600); OUT appears only when the\n"
           "                        whole file decrypted and authenticated (a device,\n"
           "                        FIFO or /dev/stdout is written directly)\n\n"
           "Without -i the file must be passphrase-encrypted: the passphrase is read from\n"
           "DATALOTS_PASSPHRASE or from the terminal. Work factors above %d are refused.\n",
           AGE_SCRYPT_MAX_LOG_N);
}

/* --- arguments -------------------------------------------------------------- */

/* Matches argv[*i] against -s / --long / --long=VALUE; on a match sets *val
 * (taking the next argument when needed) and returns 1; -1 when the value
 * is missing (printed), 0 no match. */
static int opt_value(const char *cmd, int argc, char **argv, int *i, const char *s, const char *l, const char **val)
{
    const char *a = argv[*i];
    size_t ll = strlen(l);
    if (strncmp(a, l, ll) == 0 && a[ll] == '=') { *val = a + ll + 1; return 1; }
    if (strcmp(a, s) != 0 && strcmp(a, l) != 0) return 0;
    if (*i + 1 >= argc) { fprintf(stderr, "datalots age %s: option %s needs a value\n", cmd, a); return -1; }
    *val = argv[++*i];
    return 1;
}

static int is_flag(const char *a, const char *s, const char *l) { return strcmp(a, s) == 0 || strcmp(a, l) == 0; }

/* Strips leading and trailing whitespace in place. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) s[--n] = '\0';
    return s;
}

/* The lines of a key file that are not blank and not comments: calls
 * take(ctx, line, lineno) for each; stops at its non-zero status. Prints
 * problems of the file itself; returns 0 or an exit status. */
static int each_key_line(const char *cmd, const char *flag, const char *path,
                         int (*take)(void *ctx, const char *path, char *line, int lineno), void *ctx)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "re");
    if (!f) { fprintf(stderr, "datalots age %s: %s %s: %s\n", cmd, flag, path, strerror(errno)); return 1; }
    char iobuf[4096]; /* stdio's buffer holds secret keys too: ours, wiped at the end */
    if (f != stdin) setvbuf(f, iobuf, _IOFBF, sizeof iobuf);
    char line[MAX_LINE + 2];
    int lineno = 0, rc = 0, ch = 0;
    while (rc == 0 && ch != EOF) { /* bounded: a file without newlines cannot fill memory */
        size_t n = 0;
        int nul = 0;
        while ((ch = getc(f)) != EOF && ch != '\n') {
            if (n <= MAX_LINE) line[n] = (char)ch;
            n++;
            nul |= ch == 0;
            if (n > MAX_LINE) break;
        }
        if (n == 0 && ch == EOF) break;
        lineno++;
        if (n > MAX_LINE) {
            fprintf(stderr, "datalots age %s: %s %s: line %d is longer than %d bytes\n", cmd, flag, path, lineno, MAX_LINE);
            rc = 2;
            break;
        }
        if (nul) {
            fprintf(stderr, "datalots age %s: %s %s: line %d holds a NUL byte: this is not a key file\n", cmd, flag,
                    path, lineno);
            rc = 2;
            break;
        }
        line[n] = '\0';
        char *t = trim(line);
        if (lineno == 1 && strncmp(t, "\xEF\xBB\xBF", 3) == 0) t = trim(t + 3); /* a byte-order mark */
        if (lineno == 1 && (strncmp(t, "age-encryption.org/", 19) == 0 || strncmp(t, "-----BEGIN AGE", 14) == 0)) {
            fprintf(stderr, "datalots age %s: %s %s: encrypted key files are not supported; decrypt it first\n",
                    cmd, flag, path);
            rc = 2;
            break;
        }
        if (!t[0] || t[0] == '#') continue;
        rc = take(ctx, path, t, lineno);
    }
    if (rc == 0 && ferror(f)) { fprintf(stderr, "datalots age %s: %s %s: %s\n", cmd, flag, path, strerror(errno)); rc = 1; }
    if (f != stdin) fclose(f);
    sodium_memzero(line, sizeof line);
    sodium_memzero(iobuf, sizeof iobuf);
    return rc;
}

/* --- keygen --------------------------------------------------------------------- */

static int age_keygen_cmd(int argc, char **argv)
{
    const char *out_path = NULL;
    for (int i = 0; i < argc; i++) {
        int m = opt_value("keygen", argc, argv, &i, "-o", "--output", &out_path);
        if (m < 0) return 2;
        if (m) continue;
        fprintf(stderr, "datalots age keygen: %s \"%s\"; see datalots age keygen --help\n",
                argv[i][0] == '-' && argv[i][1] ? "unknown option" : "unexpected argument", argv[i]);
        return 2;
    }
    char ident[AGE_IDENTITY_MAX], rec[AGE_RECIPIENT_MAX];
    dl_error e;
    dl_error_clear(&e);
    if (age_keygen(ident, rec, &e) != DL_OK) {
        fprintf(stderr, "datalots age keygen: cannot generate a key: %s\n", e.msg);
        return 1;
    }
    time_t now = time(NULL);
    struct tm tm;
    char stamp[40] = "";
    localtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S%z", &tm); /* RFC 3339 wants +01:00 */
    size_t sl = strlen(stamp);
    if (sl >= 5 && sl + 2 < sizeof stamp) {
        if (strcmp(stamp + sl - 5, "+0000") == 0) memcpy(stamp + sl - 5, "Z", 2);
        else { memmove(stamp + sl - 1, stamp + sl - 2, 3); stamp[sl - 2] = ':'; }
    }
    char text[300];
    int n = snprintf(text, sizeof text, "# created: %s\n# public key: %s\n%s\n", stamp, rec, ident);
    sodium_memzero(ident, sizeof ident);
    int rc = 0;
    if (n < 0 || (size_t)n >= sizeof text) { fprintf(stderr, "datalots age keygen: internal error\n"); rc = 1; goto out; }
    if (out_path && strcmp(out_path, "-") != 0) {
        int fd = open(out_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0) {
            if (errno == EEXIST) fprintf(stderr, "datalots age keygen: %s already exists; refusing to overwrite it\n", out_path);
            else fprintf(stderr, "datalots age keygen: cannot create %s: %s\n", out_path, strerror(errno));
            rc = 1;
            goto out;
        }
        int err = age_write_all(fd, (const uint8_t *)text, (size_t)n);
        if (!err && fsync(fd) != 0) err = errno;
        if (close(fd) != 0 && !err) err = errno;
        if (err) {
            unlink(out_path);
            fprintf(stderr, "datalots age keygen: cannot write %s: %s\n", out_path, strerror(err));
            rc = 1;
            goto out;
        }
    } else if (age_write_all(STDOUT_FILENO, (const uint8_t *)text, (size_t)n) != 0) {
        fprintf(stderr, "datalots age keygen: cannot write the key to standard output: %s\n", strerror(errno));
        rc = 1;
        goto out;
    }
    fprintf(stderr, "Public key: %s\n", rec);
out:
    sodium_memzero(text, sizeof text);
    return rc;
}

/* --- encrypt ----------------------------------------------------------------------- */

typedef struct key_list {
    age_recipient *recipients;
    age_identity *identities;
    int n;
    const char *flag;
} key_list;

static int add_recipient(key_list *k, const char *where, const char *text)
{
    if (k->n == MAX_KEYS) { fprintf(stderr, "datalots age encrypt: more than %d recipients\n", MAX_KEYS); return 2; }
    if (age_holds_secret_key(text, strlen(text))) { /* anywhere: never echo one */
        fprintf(stderr, "datalots age encrypt: %s: that is a secret key (AGE-SECRET-KEY-...); give the public key "
                "(age1...) instead, and keep the secret key secret\n", where);
        return 2;
    }
    dl_error e;
    dl_error_clear(&e);
    if (age_parse_recipient(text, &k->recipients[k->n], &e) != DL_OK) {
        if (strncmp(text, "age1", 4) == 0) /* only a public-looking key is quoted back */
            fprintf(stderr, "datalots age encrypt: %s: \"%.100s\" is not an age public key: %s\n", where, text, e.msg);
        else
            fprintf(stderr, "datalots age encrypt: %s: this is not an age public key (age1...): %s\n", where, e.msg);
        return 2;
    }
    k->n++;
    return 0;
}

static int take_recipient_line(void *ctx, const char *path, char *line, int lineno)
{
    char where[PATH_MAX + 40];
    snprintf(where, sizeof where, "-R %s, line %d", path, lineno);
    return add_recipient(ctx, where, line);
}

static const char *failure_sentence(age_failure why, int passphrase)
{
    switch (why) {
    case AGE_FAIL_HEADER: return "the file's header is malformed";
    case AGE_FAIL_NO_MATCH:
        return passphrase ? "no identity matches: the passphrase is wrong"
                          : "no identity matches: the file is not encrypted to any of the given keys";
    case AGE_FAIL_HMAC: return "the header MAC does not match: the header was altered or damaged";
    case AGE_FAIL_PAYLOAD:
        return "the payload is damaged or truncated: a chunk failed authentication, the file was cut short, "
               "or there is data after its end";
    case AGE_FAIL_ARMOR: return "the armor is malformed";
    case AGE_FAIL_UNSUPPORTED: return "the file uses a feature datalots does not support";
    case AGE_FAIL_LIMIT: return "work factor too high: the passphrase's scrypt work factor is above the limit";
    case AGE_FAIL_IO: return "reading or writing failed";
    case AGE_OK: break;
    }
    return "decryption failed";
}

/* The exit status of a failed decryption: one per kind, so that scripts
 * (and the delivery code) can tell a wrong key from a damaged file. */
static int failure_status(age_failure why)
{
    switch (why) {
    case AGE_FAIL_HEADER: return 3;
    case AGE_FAIL_NO_MATCH: return 4;
    case AGE_FAIL_HMAC: return 5;
    case AGE_FAIL_PAYLOAD: return 6;
    case AGE_FAIL_ARMOR: return 7;
    case AGE_FAIL_UNSUPPORTED: return 8;
    case AGE_FAIL_LIMIT: return 9;
    case AGE_FAIL_IO:
    case AGE_OK: break;
    }
    return 1;
}


static int age_encrypt_cmd(int argc, char **argv)
{
    const char *out_path = NULL, *in_path = NULL, *val;
    int armor = 0, pass = 0, log_n = 0, rc = 0, m;
    char passphrase[PASSPHRASE_MAX] = "";
    key_list k = {.recipients = calloc(MAX_KEYS, sizeof(age_recipient))};
    age_in in = {.fd = -1};
    age_out os = {.fd = -1};
    if (!k.recipients) { fprintf(stderr, "datalots age encrypt: out of memory\n"); return 1; }
    for (int i = 0; i < argc && rc == 0; i++) {
        const char *a = argv[i];
        if ((m = opt_value("encrypt", argc, argv, &i, "-r", "--recipient", &val)) != 0) {
            rc = m < 0 ? 2 : add_recipient(&k, "-r", val);
        } else if ((m = opt_value("encrypt", argc, argv, &i, "-R", "--recipients-file", &val)) != 0) {
            rc = m < 0 ? 2 : each_key_line("encrypt", "-R", val, take_recipient_line, &k);
        } else if ((m = opt_value("encrypt", argc, argv, &i, "-o", "--output", &val)) != 0) {
            if (m < 0) rc = 2; else out_path = val;
        } else if ((m = opt_value("encrypt", argc, argv, &i, "--work-factor", "--work-factor", &val)) != 0) {
            char *end;
            errno = 0;
            long v = m < 0 ? 0 : strtol(val, &end, 10);
            if (m < 0) rc = 2;
            else if (errno || end == val || *end || v < 1 || v > AGE_SCRYPT_MAX_LOG_N) {
                fprintf(stderr, "datalots age encrypt: --work-factor must be a number from 1 to %d\n", AGE_SCRYPT_MAX_LOG_N);
                rc = 2;
            } else log_n = (int)v;
        } else if (is_flag(a, "-a", "--armor")) armor = 1;
        else if (is_flag(a, "-p", "--passphrase")) pass = 1;
        else if (strcmp(a, "--") == 0 && i + 1 < argc && !in_path && i + 2 == argc) in_path = argv[++i];
        else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "datalots age encrypt: unknown option \"%s\"; see datalots age encrypt --help\n", a);
            rc = 2;
        } else if (!in_path) in_path = a;
        else {
            fprintf(stderr, "datalots age encrypt: unexpected argument \"%s\" (one input file at most)\n", a);
            rc = 2;
        }
    }
    if (rc) goto out;
    if (pass && k.n) { fprintf(stderr, "datalots age encrypt: -p cannot be combined with -r or -R\n"); rc = 2; goto out; }
    if (!pass && !k.n) {
        fprintf(stderr, "datalots age encrypt: give -r RECIPIENT, -R FILE or -p; see datalots age encrypt --help\n");
        rc = 2;
        goto out;
    }
    if (log_n && !pass) { fprintf(stderr, "datalots age encrypt: --work-factor needs -p\n"); rc = 2; goto out; }
    if (!armor && (!out_path || strcmp(out_path, "-") == 0) && isatty(STDOUT_FILENO)) {
        fprintf(stderr, "datalots age encrypt: refusing to write binary ciphertext to a terminal; use -a or -o OUT\n");
        rc = 2;
        goto out;
    }
    if (pass) {
        if ((rc = age_read_passphrase("encrypt", 1, passphrase, sizeof passphrase)) != 0) goto out;
        k.recipients[0] = (age_recipient){.kind = AGE_SCRYPT, .passphrase = passphrase, .log_n = log_n};
        k.n = 1;
    }
    if ((rc = age_in_open("encrypt", in_path, &in)) != 0) goto out;
    if ((rc = age_out_open("encrypt", out_path, &os)) != 0) goto out;
    dl_error e;
    dl_error_clear(&e);
    dl_err got = age_encrypt_stream(k.recipients, k.n, armor, age_in_read, &in, age_out_write, &os, &e);
    if (got != DL_OK && !age_report_io("encrypt", &in, &os)) fprintf(stderr, "datalots age encrypt: %s\n", e.msg);
    rc = got == DL_OK ? 0 : 1;
    if (age_out_close("encrypt", &os, got == DL_OK) != 0) rc = 1;
out:
    age_out_close("encrypt", &os, 0);
    age_in_close(&in);
    sodium_memzero(passphrase, sizeof passphrase);
    free(k.recipients);
    return rc;
}

/* --- decrypt ----------------------------------------------------------------------- */

static int take_identity_line(void *ctx, const char *path, char *line, int lineno)
{
    key_list *k = ctx;
    if (k->n == MAX_KEYS) { fprintf(stderr, "datalots age decrypt: more than %d identities\n", MAX_KEYS); return 2; }
    if (strncmp(line, "ssh-", 4) == 0 || strncmp(line, "-----BEGIN", 10) == 0) {
        fprintf(stderr, "datalots age decrypt: -i %s, line %d: SSH keys are not supported; use an age key "
                "(AGE-SECRET-KEY-1...)\n", path, lineno);
        return 2;
    }
    dl_error e;
    dl_error_clear(&e);
    if (age_parse_identity(line, &k->identities[k->n], &e) != DL_OK) {
        /* Never echo the line: it may be a damaged secret key. */
        fprintf(stderr, "datalots age decrypt: -i %s, line %d is not an age secret key: %s\n", path, lineno, e.msg);
        return 2;
    }
    k->n++;
    return 0;
}

enum peek { PEEK_UNKNOWN, PEEK_SCRYPT, PEEK_KEYS };

/* What the header in h[0..n) says: passphrase-encrypted, encrypted to keys
 * (a whole header without an scrypt stanza), or not known. */
static enum peek peek_binary(const uint8_t *h, size_t n)
{
    static const char v1[] = "age-encryption.org/v1\n";
    if (n < sizeof v1 - 1 || memcmp(h, v1, sizeof v1 - 1) != 0) return PEEK_UNKNOWN;
    const uint8_t *end = memmem(h, n, "\n--- ", 5);
    size_t hn = end ? (size_t)(end - h) : n;
    if (memmem(h, hn, "\n-> scrypt ", 11)) return PEEK_SCRYPT;
    return end ? PEEK_KEYS : PEEK_UNKNOWN;
}

/* Reads up to PEEK_BYTES of the input into its buffer (age_in_read serves them
 * again) and looks at the header, binary or armored. */
static enum peek peek_input(age_in *in)
{
    while (in->len < PEEK_BYTES && !in->eof) {
        ssize_t r = read(in->fd, in->buf + in->len, PEEK_BYTES - in->len);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) { in->err = errno; return PEEK_UNKNOWN; }
        if (r == 0) in->eof = 1;
        in->len += (size_t)r;
    }
    const uint8_t *p = in->buf;
    size_t n = in->len, i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n')) i++;
    static const char begin[] = "-----BEGIN AGE ENCRYPTED FILE-----";
    in->age_like = n == 0 || (n >= 19 && memcmp(p, "age-encryption.org/", 19) == 0) ||
                   (n - i >= 5 && memcmp(p + i, "-----", 5) == 0);
    if (n - i < sizeof begin - 1 || memcmp(p + i, begin, sizeof begin - 1) != 0) return peek_binary(p, n);
    char b64[PEEK_BYTES];
    size_t bn = 0;
    for (i += sizeof begin - 1; i < n && p[i] != '-'; i++)
        if (p[i] != '\r' && p[i] != '\n') b64[bn++] = (char)p[i];
    bn -= bn % 4;
    uint8_t bin[PEEK_BYTES];
    size_t got = 0;
    if (sodium_base642bin(bin, sizeof bin, b64, bn, NULL, &got, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
        return PEEK_UNKNOWN;
    return peek_binary(bin, got);
}

static int age_decrypt_cmd(int argc, char **argv)
{
    const char *out_path = NULL, *in_path = NULL, *val;
    int rc = 0, m, use_pass = 0;
    char passphrase[PASSPHRASE_MAX] = "";
    key_list k = {.identities = sodium_allocarray(MAX_KEYS, sizeof(age_identity))};
    age_in in = {.fd = -1};
    age_out os = {.fd = -1};
    if (!k.identities) { fprintf(stderr, "datalots age decrypt: out of memory\n"); return 1; }
    for (int i = 0; i < argc && rc == 0; i++) {
        const char *a = argv[i];
        if ((m = opt_value("decrypt", argc, argv, &i, "-i", "--identity", &val)) != 0) {
            rc = m < 0 ? 2 : each_key_line("decrypt", "-i", val, take_identity_line, &k);
            if (rc == 0 && k.n == 0) {
                fprintf(stderr, "datalots age decrypt: -i %s holds no secret key\n", val);
                rc = 2;
            }
        } else if ((m = opt_value("decrypt", argc, argv, &i, "-o", "--output", &val)) != 0) {
            if (m < 0) rc = 2; else out_path = val;
        } else if (strcmp(a, "--") == 0 && i + 2 == argc && !in_path) in_path = argv[++i];
        else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "datalots age decrypt: unknown option \"%s\"; see datalots age decrypt --help\n", a);
            rc = 2;
        } else if (!in_path) in_path = a;
        else {
            fprintf(stderr, "datalots age decrypt: unexpected argument \"%s\" (one input file at most)\n", a);
            rc = 2;
        }
    }
    if (rc) goto out;
    if ((rc = age_in_open("decrypt", in_path, &in)) != 0) goto out;
    enum peek kind = peek_input(&in);
    if (in.err) { rc = age_report_io("decrypt", &in, &os); goto out; }
    if (k.n == 0) {
        if (kind == PEEK_KEYS) {
            fprintf(stderr, "datalots age decrypt: the file is encrypted to public keys, not a passphrase: "
                    "give the identity file with -i\n");
            rc = 2;
            goto out;
        }
        if (kind == PEEK_SCRYPT) {
            if ((rc = age_read_passphrase("decrypt", 0, passphrase, sizeof passphrase)) != 0) goto out;
            k.identities[0] = (age_identity){.kind = AGE_SCRYPT, .passphrase = passphrase};
            use_pass = 1;
        } else {
            /* Not recognisable: a key that opens nothing lets the library say what is wrong. */
            k.identities[0].kind = AGE_X25519;
            randombytes_buf(k.identities[0].secret_key, sizeof k.identities[0].secret_key);
        }
        k.n = 1;
    }
    if ((rc = age_out_open("decrypt", out_path, &os)) != 0) goto out;
    dl_error e = {0};
    age_failure why = AGE_OK;
    dl_err got = age_decrypt_stream(k.identities, k.n, age_in_read, &in, age_out_write, &os, &why, &e);
    if (got != DL_OK) {
        rc = failure_status(why);
        if (why == AGE_FAIL_ARMOR && !in.age_like) { /* the library reads any non-binary input as armor */
            fprintf(stderr, "datalots age decrypt: %s (this is not an age file: it starts with neither "
                    "\"age-encryption.org/\" nor \"-----BEGIN AGE ENCRYPTED FILE-----\")\n",
                    failure_sentence(AGE_FAIL_HEADER, 0));
            rc = failure_status(AGE_FAIL_HEADER);
        } else if (age_report_io("decrypt", &in, &os)) {
            rc = 1;
        } else {
            const char *s = failure_sentence(why, use_pass);
            if (why != AGE_FAIL_NO_MATCH && strncmp(e.msg, s, strcspn(s, ":(")) == 0) s = ""; /* e says it all */
            fprintf(stderr, "datalots age decrypt: %s%s%s%s\n", s, s[0] && e.msg[0] ? " (" : "", e.msg,
                    s[0] && e.msg[0] ? ")" : "");
            if (why == AGE_FAIL_NO_MATCH && kind == PEEK_SCRYPT && !use_pass)
                fprintf(stderr, "datalots age decrypt: the file is passphrase-encrypted: leave out -i\n");
        }
        if (os.final) fprintf(stderr, "datalots age decrypt: nothing was written to %s\n", os.final);
    }
    if (age_out_close("decrypt", &os, got == DL_OK) != 0) rc = 1;
out:
    age_out_close("decrypt", &os, 0); /* after a failure before the stream; a no-op otherwise */
    age_in_close(&in);
    sodium_memzero(passphrase, sizeof passphrase);
    sodium_free(k.identities);
    return rc;
}

/* --- dispatch ---------------------------------------------------------------------- */

int cmd_age(int argc, char **argv)
{
    if (argc < 1) { age_help(stderr); return 2; }
    const char *sub = argv[0];
    if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) { age_help(stdout); return 0; }
    if (sodium_init() < 0) { fprintf(stderr, "datalots age: libsodium cannot start\n"); return 1; }
    int help = cli_wants_help(argc - 1, argv + 1);
    if (strcmp(sub, "keygen") == 0) { if (help) { keygen_help(); return 0; } return age_keygen_cmd(argc - 1, argv + 1); }
    if (strcmp(sub, "encrypt") == 0) { if (help) { encrypt_help(); return 0; } return age_encrypt_cmd(argc - 1, argv + 1); }
    if (strcmp(sub, "decrypt") == 0) { if (help) { decrypt_help(); return 0; } return age_decrypt_cmd(argc - 1, argv + 1); }
    fprintf(stderr, "datalots age: unknown subcommand \"%s\"; expected keygen, encrypt or decrypt\n", sub);
    age_help(stderr);
    return 2;
}
