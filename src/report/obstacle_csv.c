/* obstacle_csv.c — the compiled obstacle report as CSV (RFC 4180, UTF-8,
 * CRLF; extract/csv_write.h quotes): the rows of obstacle_render_rows. */
#include "extract/csv_write.h"
#include "report/obstacle_render.h"

static int put_row(void *ud, const char *const cells[OBSTACLE_ROW_CELLS])
{
    return csv_write_row(ud, cells, OBSTACLE_ROW_CELLS) != DL_OK;
}

dl_err obstacle_render_csv(const obstacle_render *r, int fd, dl_error *e)
{
    csv_writer *w = csv_writer_open(fd);
    if (!w) return dl_fail(e, DL_ENOMEM, "out of memory");
    dl_err rc = obstacle_render_rows(r, put_row, w, e);
    if (rc == DL_OK) rc = csv_writer_status(w, e);
    if (rc == DL_OK) rc = csv_writer_flush(w, e);
    csv_writer_free(w);
    return rc;
}
