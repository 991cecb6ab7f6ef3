/* test_anchor_file.c — audit anchor files (cli/anchor_file.c): what the
 * writer appends and when, and how a file that is not a list of anchors is
 * refused with its name and line. The checks against a tampered log are in
 * test_audit_log.c. */
#include "test.h"
#include "fixture.h"
#include "anchor_files.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/anchor_file.h"
#include "core/audit_anchor.h"
#include "core/audit_chain.h"
#include "core/clock.h"
#include "store/audit.h"

static int append_rows(db *d, int n)
{
    dl_error e = {0};
    audit_actor who = {1, "anna"};
    for (int i = 0; i < n; i++)
        if (audit_append_tx(d, &who, "test.append", "t", "1", "row", &e) != DL_OK) return 0;
    return 1;
}

/* The anchor line for the head as it stands now, with a newline. */
static void head_line(db *d, char out[AUDIT_ANCHOR_LINE_MAX + 2])
{
    audit_anchor a = {.at = 1796551200};
    dl_error e = {0};
    if (audit_head_read(d, &a.seq, a.hash, &e) != DL_OK) snprintf(a.hash, sizeof a.hash, "unreadable");
    audit_anchor_format(&a, out);
    strncat(out, "\n", 2);
}



TEST(anchor_file_errors_name_file_and_line)
{
    db *d = fixture_store();
    CHECK(append_rows(d, 3));
    char good[AUDIT_ANCHOR_LINE_MAX + 2];
    head_line(d, good);
    static const struct { const char *name, *tail, *expect; } cases[] = {
        {"garbage", "garbage\n", ":2: not an anchor line: expected \"YYYY-MM-DDTHH:MM:SSZ seq=N hash="},
        {"badhash", "2026-12-06T10:00:00Z seq=3 hash=xyz\n", ":2: not an anchor line: expected hash="},
        {"badseq", "2026-12-06T10:00:00Z seq=three hash=" AUDIT_GENESIS_HASH "\n", ":2: not an anchor line: expected seq=N"},
        {"badtime", "yesterday seq=3 hash=" AUDIT_GENESIS_HASH "\n", ":2: not an anchor line: the time"},
        {"nolf", "2026-12-06T10:00:00Z seq=3", ":2: not an anchor line"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[512];
        snprintf(text, sizeof text, "%s%s", good, cases[i].tail);
        const char *path = anchor_test_file(cases[i].name, text, strlen(text));
        anchor_file_report r = anchor_test_check(d, path, DL_EINVAL);
        if (r.broken < 0) continue;
        char want[700];
        snprintf(want, sizeof want, "%s%s", path, cases[i].expect);
        if (!strstr(r.why, want)) test_fail(__FILE__, __LINE__, "%s: \"%s\" lacks \"%s\"", cases[i].name, r.why, want);
        CHECK(!db_in_transaction(d));
    }

    /* A NUL byte inside a line; a line far too long; no anchors at all. */
    char nul[AUDIT_ANCHOR_LINE_MAX + 2];
    memcpy(nul, good, sizeof nul);
    nul[10] = '\0';
    const char *path = anchor_test_file("nul", nul, strlen(good));
    CHECK_CONTAINS(anchor_test_check(d, path, DL_EINVAL).why, ":1: not an anchor line: the line holds a NUL byte");
    static char huge[1 << 20];
    memset(huge, 'x', sizeof huge);
    path = anchor_test_file("huge", huge, sizeof huge);
    CHECK_CONTAINS(anchor_test_check(d, path, DL_EINVAL).why, ":1: not an anchor line: it is 1024 bytes or longer");
    char medium[300];
    memset(medium, '7', sizeof medium);
    path = anchor_test_file("medium", medium, sizeof medium);
    CHECK_CONTAINS(anchor_test_check(d, path, DL_EINVAL).why, ":1: not an anchor line: the line is 300 bytes long");
    path = anchor_test_file("empty", "", 0);
    CHECK_CONTAINS(anchor_test_check(d, path, DL_EINVAL).why, "holds no anchor lines");
    path = anchor_test_file("comments", "# only\n\n   \n", 12);
    CHECK_CONTAINS(anchor_test_check(d, path, DL_EINVAL).why, "holds no anchor lines");

    /* Not there, or not a file. */
    char missing[600];
    snprintf(missing, sizeof missing, "%s/nope.log", test_tmpdir());
    CHECK_CONTAINS(anchor_test_check(d, missing, DL_EIO).why, "No such file");
    CHECK_CONTAINS(anchor_test_check(d, test_tmpdir(), DL_EIO).why, "cannot read the anchor file");
    CHECK(!db_in_transaction(d));
    db_close(d);
}

TEST(anchor_writer_appends_when_the_head_moved)
{
    db *d = fixture_store();
    clock_set_fake(1796551200); /* 2026-12-06T10:00:00Z */
    char path[600];
    snprintf(path, sizeof path, "%s/anchors.log", test_tmpdir());
    anchor_test_file("anchors.log", "2026-01-01T00:00:00Z seq=0 hash=" AUDIT_GENESIS_HASH "\n", 97);
    mode_t old_mask = umask(022);
    anchor_writer w;
    dl_error e = {0};
    /* Each line goes to standard error too (the journal keeps a copy). */
    char err_path[600];
    snprintf(err_path, sizeof err_path, "%s/stderr", test_tmpdir());
    fflush(stderr);
    int saved_stderr = dup(2), err_fd = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    CHECK(saved_stderr >= 0 && err_fd >= 0);
    dup2(err_fd, 2);
    close(err_fd);
    dl_err rc[5];
    rc[0] = anchor_writer_open(&w, path, &e);
    rc[0] = rc[0] == DL_OK ? anchor_writer_note(&w, d, 1, &e) : rc[0]; /* nothing written yet: always */
    rc[1] = anchor_writer_note(&w, d, 1, &e);                         /* unchanged: nothing */
    rc[2] = append_rows(d, 4) ? anchor_writer_note(&w, d, 1, &e) : DL_EINTERNAL;
    rc[3] = anchor_writer_note(&w, d, 1, &e);
    rc[4] = anchor_writer_note(&w, d, 0, &e); /* forced: again */
    anchor_writer_close(&w);
    fflush(stderr);
    dup2(saved_stderr, 2);
    close(saved_stderr);
    for (int i = 0; i < 5; i++) CHECK_INT_EQ(rc[i], DL_OK);

    char h4[65], want[600];
    int64_t seq = 0;
    CHECK_INT_EQ(audit_head_read(d, &seq, h4, &e), DL_OK);
    CHECK_INT_EQ(seq, 4);
    snprintf(want, sizeof want,
             "2026-01-01T00:00:00Z seq=0 hash=%s\n"
             "2026-12-06T10:00:00Z seq=0 hash=%s\n"
             "2026-12-06T10:00:00Z seq=4 hash=%s\n"
             "2026-12-06T10:00:00Z seq=4 hash=%s\n",
             AUDIT_GENESIS_HASH, AUDIT_GENESIS_HASH, h4, h4);
    char got[800] = "";
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    size_t n = fread(got, 1, sizeof got - 1, f);
    got[n] = '\0';
    fclose(f);
    CHECK_STR_EQ(got, want);
    f = fopen(err_path, "r");
    CHECK(f != NULL);
    n = fread(got, 1, sizeof got - 1, f);
    got[n] = '\0';
    fclose(f);
    snprintf(want, sizeof want,
             "datalots serve: audit head 2026-12-06T10:00:00Z seq=0 hash=%s\n"
             "datalots serve: audit head 2026-12-06T10:00:00Z seq=4 hash=%s\n"
             "datalots serve: audit head 2026-12-06T10:00:00Z seq=4 hash=%s\n",
             AUDIT_GENESIS_HASH, h4, h4);
    CHECK_STR_EQ(got, want);
    anchor_file_report r = anchor_test_check(d, path, DL_OK);
    CHECK_INT_EQ(r.broken, 0);
    CHECK_INT_EQ(r.lines, 4);

    /* A new file gets mode 0640 (less what the umask takes). */
    char fresh[600];
    snprintf(fresh, sizeof fresh, "%s/fresh.log", test_tmpdir());
    CHECK_INT_EQ(anchor_writer_open(&w, fresh, &e), DL_OK);
    anchor_writer_close(&w);
    umask(old_mask);
    struct stat st;
    CHECK_INT_EQ(stat(fresh, &st), 0);
    CHECK_INT_EQ(st.st_mode & 0777, 0640);

    /* A file that cannot be opened is named. */
    char nodir[600];
    snprintf(nodir, sizeof nodir, "%s/no/such/dir.log", test_tmpdir());
    CHECK_INT_EQ(anchor_writer_open(&w, nodir, &e), DL_EIO);
    CHECK_CONTAINS(e.msg, nodir);
    clock_set_fake(0);
    db_close(d);
}
