/* test_csv_write.c — the RFC 4180 writer and reader (src/extract/csv_write.c,
 * csv_read.c): quoting edge cases byte for byte, NULL against "", CRLF,
 * UTF-8, a field larger than the buffer, resume offsets, write errors, the
 * round trip, and malformed input refused. */
#include "test.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "extract/csv_read.h"
#include "extract/csv_write.h"

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    static char buf[1 << 20];
    *n = fread(buf, 1, sizeof buf - 1, f);
    buf[*n] = '\0';
    fclose(f);
    return buf;
}

static const char *tmp_path(const char *name)
{
    static char p[512];
    snprintf(p, sizeof p, "%s/%s", test_tmpdir(), name);
    return p;
}

TEST(csv_write_quotes_exactly_what_needs_it)
{
    const char *path = tmp_path("q.csv");
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    CHECK(fd >= 0);
    csv_writer *w = csv_writer_open(fd);
    CHECK(w != NULL);
    const char *r1[] = {"plain", "a,b", "say \"hi\"", "line1\r\nline2", "lf\nonly", "cr\ronly"};
    const char *r2[] = {NULL, "", " lead", "trail ", "\ttab", "=HYPERLINK(\"http://x\")"};
    const char *r3[] = {"Åsa Öberg", "-1", "+46", "@sum", "\"", "x"};
    CHECK_INT_EQ(csv_write_row(w, r1, 6), DL_OK);
    CHECK_INT_EQ(csv_write_row(w, r2, 6), DL_OK);
    CHECK_INT_EQ(csv_write_row(w, r3, 6), DL_OK);
    CHECK_INT_EQ(csv_write_row(w, r3, 0), DL_EINVAL);
    dl_error e;
    CHECK_INT_EQ(csv_writer_flush(w, &e), DL_OK);
    csv_writer_free(w);
    close(fd);
    size_t n;
    const char *got = slurp(path, &n);
    CHECK_STR_EQ(got, "plain,\"a,b\",\"say \"\"hi\"\"\",\"line1\r\nline2\",\"lf\nonly\",\"cr\ronly\"\r\n"
                      ",\"\",\" lead\",\"trail \",\"\ttab\",\"=HYPERLINK(\"\"http://x\"\")\"\r\n"
                      "Åsa Öberg,-1,+46,@sum,\"\"\"\",x\r\n");
}

TEST(csv_round_trip_keeps_every_cell)
{
    const char *path = tmp_path("rt.csv");
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    CHECK(fd >= 0);
    csv_writer *w = csv_writer_open(fd);
    /* A field larger than the write buffer, with quotes spread through it. */
    size_t big_n = CSV_WRITE_BUFFER + 12345;
    char *big = malloc(big_n + 1);
    CHECK(big != NULL);
    for (size_t i = 0; i < big_n; i++) big[i] = i % 997 == 0 ? '"' : (char)('a' + i % 26);
    big[big_n] = '\0';
    const char *rows[][4] = {
        {"1", NULL, "", "x"},
        {"a,b", "\"q\"", "l1\r\nl2", " sp "},
        {"Ünïcödé 🙂", "=1+1", NULL, NULL},
        {big, "after", "", "end"},
    };
    for (int i = 0; i < 4; i++) CHECK_INT_EQ(csv_write_row(w, rows[i], 4), DL_OK);
    int64_t offset = csv_writer_offset(w);
    dl_error e;
    CHECK_INT_EQ(csv_writer_flush(w, &e), DL_OK);
    CHECK_INT_EQ(csv_writer_offset(w), offset);
    csv_writer_free(w);
    CHECK_INT_EQ(lseek(fd, 0, SEEK_END), offset);
    close(fd);

    fd = open(path, O_RDONLY);
    csv_reader *r = csv_reader_open(fd);
    CHECK(r != NULL);
    const char *const *cells;
    const size_t *lens;
    int n;
    for (int i = 0; i < 4; i++) {
        CHECK_INT_EQ(csv_read_row(r, &cells, &lens, &n, &e), 1);
        CHECK_INT_EQ(n, 4);
        for (int c = 0; c < 4; c++) {
            if (!rows[i][c]) {
                CHECK(cells[c] == NULL);
                continue;
            }
            CHECK(cells[c] != NULL);
            CHECK_INT_EQ(lens[c], strlen(rows[i][c]));
            CHECK(memcmp(cells[c], rows[i][c], lens[c]) == 0);
        }
    }
    CHECK_INT_EQ(csv_read_row(r, &cells, &lens, &n, &e), 0);
    csv_reader_free(r);
    close(fd);
    free(big);
}

TEST(csv_writer_offset_starts_where_the_file_is)
{
    const char *path = tmp_path("resume.csv");
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    CHECK(write(fd, "h\r\n", 3) == 3);
    csv_writer *w = csv_writer_open(fd);
    CHECK_INT_EQ(csv_writer_offset(w), 3);
    const char *row[] = {"ab"};
    csv_write_row(w, row, 1);
    CHECK_INT_EQ(csv_writer_offset(w), 7);
    csv_writer_free(w);
    close(fd);
}

TEST(csv_writer_reports_a_failed_write)
{
    int fd = open("/dev/full", O_WRONLY);
    if (fd < 0) return; /* no /dev/full: nothing to test here */
    csv_writer *w = csv_writer_open(fd);
    const char *row[] = {"x"};
    CHECK_INT_EQ(csv_write_row(w, row, 1), DL_OK);
    dl_error e;
    CHECK_INT_EQ(csv_writer_flush(w, &e), DL_EIO);
    CHECK_CONTAINS(e.msg, "cannot write the CSV file");
    CHECK_INT_EQ(csv_write_row(w, row, 1), DL_EIO); /* sticky */
    CHECK_INT_EQ(csv_writer_status(w, &e), DL_EIO);
    csv_writer_free(w);
    close(fd);
}

static int read_all(const char *text, int *rows, dl_error *e)
{
    const char *path = tmp_path("in.csv");
    FILE *f = fopen(path, "wb");
    fputs(text, f);
    fclose(f);
    int fd = open(path, O_RDONLY);
    csv_reader *r = csv_reader_open(fd);
    const char *const *cells;
    const size_t *lens;
    int n, got;
    *rows = 0;
    while ((got = csv_read_row(r, &cells, &lens, &n, e)) == 1) (*rows)++;
    csv_reader_free(r);
    close(fd);
    return got;
}

TEST(csv_reader_refuses_malformed_input)
{
    dl_error e;
    int rows;
    CHECK_INT_EQ(read_all("a,b\r\nc\"d,e\r\n", &rows, &e), -1);
    CHECK_CONTAINS(e.msg, "row 2");
    CHECK_CONTAINS(e.msg, "quote inside an unquoted field");
    CHECK_INT_EQ(read_all("\"open,b\r\n", &rows, &e), -1);
    CHECK_CONTAINS(e.msg, "not closed");
    CHECK_INT_EQ(read_all("\"a\"b,c\r\n", &rows, &e), -1);
    CHECK_CONTAINS(e.msg, "after a closing quote");
    CHECK_INT_EQ(read_all("a\rb\r\n", &rows, &e), -1);
    CHECK_CONTAINS(e.msg, "CR is not followed by LF");
    /* Accepted: bare LF, no final line end, empty input. */
    CHECK_INT_EQ(read_all("a,b\nc,d", &rows, &e), 0);
    CHECK_INT_EQ(rows, 2);
    CHECK_INT_EQ(read_all("", &rows, &e), 0);
    CHECK_INT_EQ(rows, 0);
}

TEST(csv_reader_bounds_a_row)
{
    const char *path = tmp_path("long.csv");
    FILE *f = fopen(path, "wb");
    for (int i = 0; i < CSV_MAX_FIELDS + 1; i++) fputs("x,", f);
    fputs("\r\n", f);
    fclose(f);
    int fd = open(path, O_RDONLY);
    csv_reader *r = csv_reader_open(fd);
    const char *const *cells;
    const size_t *lens;
    int n;
    dl_error e;
    CHECK_INT_EQ(csv_read_row(r, &cells, &lens, &n, &e), -1);
    CHECK_INT_EQ(e.code, DL_ELIMIT);
    csv_reader_free(r);
    close(fd);
}
