/* followup_csv.c — see followup_csv.h. */
#include "followup_csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

char *followup_csv_text(const followup_render *r)
{
    char path[] = "/tmp/followup-csv-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return NULL;
    dl_error e;
    dl_err rc = followup_render_csv(r, fd, &e);
    close(fd);
    char *text = NULL;
    FILE *f = rc == DL_OK ? fopen(path, "r") : NULL;
    if (f) {
        fseek(f, 0, SEEK_END);
        long size = ftell(f);
        rewind(f);
        text = size >= 0 ? calloc(1, (size_t)size + 1) : NULL;
        if (text && fread(text, 1, (size_t)size, f) != (size_t)size) { free(text); text = NULL; }
        fclose(f);
    }
    unlink(path);
    return text;
}
