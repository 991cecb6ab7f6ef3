/* cmd_pii.c — `datalots pii scan [FILE]`: the personal-data detector of
 * core/pii.c for batch checks from the shell. Reads JSON lines
 * {"id": …, "text": "…"} (FILE, or standard input when none or "-") and
 * writes one line per text, {"id": …, "spans": [{"start", "end", "type"}]},
 * offsets in Unicode code points of the text, end exclusive. A line that is
 * too long, not UTF-8 or not such an object gets a message naming its
 * number on standard error and no output line; the scan goes on with the
 * next line, and the exit status is 1 at the end. */
#include "cli/cli.h"
#include "core/alloc.h"
#include "core/pii.h"
#include "core/strbuf.h"
#include "core/utf8.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define PII_LINE_MAX (1024 * 1024) /* bytes of one input line, newline excluded */

static void pii_help(FILE *out)
{
    fprintf(out,
            "usage: datalots pii scan [FILE]\n\n"
            "Finds personal data in texts: personnummer, samordningsnummer, e-mail\n"
            "addresses, Swedish phone numbers and names (a first name of the built-in\n"
            "list followed by a capitalised word). Reads JSON lines\n"
            "  {\"id\": ID, \"text\": \"...\"}\n"
            "from FILE, or standard input when FILE is missing or \"-\", and writes one\n"
            "line per text:\n"
            "  {\"id\": ID, \"spans\": [{\"start\": 0, \"end\": 11, \"type\": \"personnummer\"}]}\n"
            "start and end count Unicode code points of the text, end exclusive; type is\n"
            "personnummer, samordningsnummer, email, phone or name. ID may be any JSON\n"
            "value and is written back as read.\n\n"
            "A line longer than %d bytes, not UTF-8, or not such an object is reported\n"
            "on standard error with its line number and gets no output line; the scan\n"
            "goes on. Exit status: 0 every line scanned, 1 some line refused or the\n"
            "input unreadable, 2 wrong usage. The rules: docs/pii.md.\n",
            PII_LINE_MAX);
}

/* Standard input or FILE, read in blocks. */
typedef struct line_reader {
    FILE *in;
    size_t pos, end;
    char buf[1 << 16];
} line_reader;

/* Reads one line (without its newline) into line, at most PII_LINE_MAX
 * bytes. Returns 1 for a line, 0 at the end of input, -1 for a line that
 * was too long (the rest of it is skipped), -2 for a read error. */
static int read_line(line_reader *r, strbuf *line)
{
    line->len = 0;
    int any = 0, too_long = 0;
    for (;;) {
        if (r->pos == r->end) {
            r->pos = 0;
            r->end = fread(r->buf, 1, sizeof r->buf, r->in);
            if (r->end == 0) {
                if (ferror(r->in)) return -2;
                break;
            }
        }
        any = 1;
        const char *start = r->buf + r->pos, *nl = memchr(start, '\n', r->end - r->pos);
        size_t n = nl ? (size_t)(nl - start) : r->end - r->pos;
        if (!too_long && line->len + n > PII_LINE_MAX) too_long = 1;
        if (!too_long) sb_append(line, start, n);
        r->pos += n + (nl ? 1 : 0);
        if (nl) break;
    }
    if (!any) return 0;
    return too_long ? -1 : 1;
}

static int scan_line(const char *path, long lineno, const char *buf, size_t n, int64_t today, pii_spans *spans,
                     strbuf *out)
{
    if (n > 0 && buf[n - 1] == '\r') n--;
    if (n == 0) return 0; /* an empty line: nothing to scan, no output */
    json_error_t je;
    json_t *obj = json_loadb(buf, n, JSON_REJECT_DUPLICATES, &je);
    /* jansson refuses invalid UTF-8 too; the check here only words the
     * message */
    if (!obj && !utf8_valid(buf, n)) {
        fprintf(stderr, "datalots pii scan: %s line %ld: not valid UTF-8; the line is skipped\n", path, lineno);
        return 1;
    }
    if (!obj) {
        fprintf(stderr, "datalots pii scan: %s line %ld: not JSON (%s, column %d); the line is skipped\n", path,
                lineno, je.text, je.column);
        return 1;
    }
    json_t *id = json_object_get(obj, "id"), *text = json_object_get(obj, "text");
    if (!json_is_object(obj) || !id || !json_is_string(text)) {
        fprintf(stderr,
                "datalots pii scan: %s line %ld: expected an object {\"id\": …, \"text\": \"…\"}; the line is "
                "skipped\n",
                path, lineno);
        json_decref(obj);
        return 1;
    }
    dl_error e;
    if (pii_scan(json_string_value(text), json_string_length(text), today, spans, &e) != DL_OK) {
        fprintf(stderr, "datalots pii scan: %s line %ld: %s\n", path, lineno, e.msg);
        json_decref(obj);
        return 1;
    }
    char *id_text = json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT);
    json_decref(obj);
    if (!id_text) {
        fprintf(stderr, "datalots pii scan: %s line %ld: out of memory\n", path, lineno);
        return 1;
    }
    sb_puts(out, "{\"id\":");
    sb_puts(out, id_text);
    free(id_text);
    sb_puts(out, ",\"spans\":[");
    for (size_t k = 0; k < spans->n; k++)
        sb_printf(out, "%s{\"start\":%zu,\"end\":%zu,\"type\":\"%s\"}", k ? "," : "", spans->v[k].cp_start,
                  spans->v[k].cp_end, pii_type_key(spans->v[k].type));
    sb_puts(out, "]}\n");
    return 0;
}

static int pii_scan_file(const char *path)
{
    FILE *in = stdin;
    const char *name = "stdin";
    if (path && strcmp(path, "-") != 0) {
        in = fopen(path, "rb");
        if (!in) {
            fprintf(stderr, "datalots pii scan: %s: %s\n", path, strerror(errno));
            return 1;
        }
        name = path;
    }
    /* Today's date in Swedish time: two-digit years and birth dates in the
     * future are judged against it. */
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    int64_t today = (int64_t)(tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;

    line_reader *reader = dl_calloc(1, sizeof *reader);
    if (!reader) {
        fprintf(stderr, "datalots pii scan: out of memory\n");
        if (in != stdin) fclose(in);
        return 1;
    }
    reader->in = in;
    strbuf line, out;
    sb_init(&line, 4096);
    sb_init(&out, 1 << 16);
    pii_spans spans = {0};
    int status = 0, r;
    long lineno = 0;
    while ((r = read_line(reader, &line)) != 0) {
        lineno++;
        if (r == -2) {
            fprintf(stderr, "datalots pii scan: %s line %ld: could not read: %s\n", name, lineno, strerror(errno));
            status = 1;
            break;
        }
        if (r == -1) {
            fprintf(stderr, "datalots pii scan: %s line %ld: longer than %d bytes; the line is skipped\n", name,
                    lineno, PII_LINE_MAX);
            status = 1;
            continue;
        }
        if (line.oom) {
            fprintf(stderr, "datalots pii scan: %s line %ld: out of memory\n", name, lineno);
            status = 1;
            break;
        }
        if (scan_line(name, lineno, line.data ? line.data : "", line.len, today, &spans, &out)) status = 1;
        if (out.len >= (1 << 16) || out.oom) {
            if (out.oom || fwrite(out.data, 1, out.len, stdout) != out.len) {
                fprintf(stderr, "datalots pii scan: could not write the output\n");
                status = 1;
                break;
            }
            out.len = 0;
        }
    }
    if (out.len && fwrite(out.data, 1, out.len, stdout) != out.len) status = 1;
    if (fflush(stdout) != 0) {
        fprintf(stderr, "datalots pii scan: could not write the output\n");
        status = 1;
    }
    pii_spans_free(&spans);
    sb_free(&line);
    sb_free(&out);
    dl_free(reader);
    if (in != stdin) fclose(in);
    return status;
}

int cmd_pii(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) { pii_help(stdout); return 0; }
    if (argc < 1 || strcmp(argv[0], "scan") != 0 || argc > 2) {
        fprintf(stderr, "datalots pii: say scan [FILE]; see datalots pii --help\n");
        return 2;
    }
    return pii_scan_file(argc == 2 ? argv[1] : NULL);
}
