/* runner_files.h — the runner's look at the files it wrote. */
#ifndef DATALOTS_EXTRACT_RUNNER_FILES_H
#define DATALOTS_EXTRACT_RUNNER_FILES_H

#include <stdint.h>

#include "core/err.h"

/* The data rows of a CSV the runner wrote (its header row not counted). */
dl_err extract_csv_rows(const char *path, int64_t *rows, dl_error *e);
/* The SHA-256 of a file, as 64 hex digits. */
dl_err extract_file_sha256(const char *path, char hex[65], dl_error *e);

#endif
