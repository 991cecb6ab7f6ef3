/* anchor_files.c — anchor-file helpers shared by the audit-anchor tests. */
#include "anchor_files.h"
#include "test.h"

#include <stdio.h>

const char *anchor_test_file(const char *name, const char *text, size_t len)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", test_tmpdir(), name);
    FILE *f = fopen(path, "w");
    if (!f) return path;
    fwrite(text, 1, len, f);
    fclose(f);
    return path;
}

anchor_file_report anchor_test_check(db *d, const char *path, dl_err want)
{
    anchor_file_report r;
    dl_error e = {0};
    dl_err rc = anchor_file_verify(d, path, &r, &e);
    if (rc != want) {
        test_fail(__FILE__, __LINE__, "anchor_file_verify: %d (%s), expected %d", rc, e.msg, want);
        r.broken = -1;
    } else if (rc != DL_OK) {
        snprintf(r.why, sizeof r.why, "%s", e.msg);
    }
    return r;
}
