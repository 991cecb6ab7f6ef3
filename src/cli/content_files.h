/* content_files.h — reading the knowledge guide's item files from disk
 * (content/<area>/<id>.md, docs/content.md) for `datalots content check`
 * and `datalots catalog import`: the *.md files under each root, walked
 * recursively (hidden entries skipped, symbolic links reported and not
 * followed, at most CONTENT_FILES_MAX_DEPTH folders deep), sorted, each
 * read once (at most CONTENT_MAX_FILE bytes, one more shows it is too
 * large). A file that cannot be read is printed as a problem, FILE: sentence. */
#ifndef DATALOTS_CLI_CONTENT_FILES_H
#define DATALOTS_CLI_CONTENT_FILES_H

#include <stddef.h>

#define CONTENT_FILES_MAX_DEPTH 8

typedef struct content_file {
    char *path; /* as found, e.g. content/laws/gdpr.md */
    char *stem; /* the file name without ".md": the item's id */
    char *area; /* its folder relative to its root, e.g. "laws" ("" at the root) */
    char *text; /* NULL when it could not be read (already reported) */
    size_t len;
} content_file;

typedef struct content_files {
    content_file *f;
    size_t n;
} content_files;

/* Roots are folders or files (none: "content"). Returns 0, or -1 after
 * printing why it had to stop (a root that does not exist, out of memory);
 * *problems counts the files reported. `who` names the command in messages. */
int content_files_load(const char *const *roots, int n_roots, const char *who, content_files *out, int *problems);
void content_files_free(content_files *fs);

#endif
