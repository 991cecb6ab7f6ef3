/* content_files.c — reading the knowledge guide's item files; see
 * content_files.h. */
#include "cli/content_files.h"
#include "core/alloc.h"
#include "core/content.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct found {
    content_file *f;
    size_t n, cap;
};

static int ends_with_md(const char *name)
{
    size_t n = strlen(name);
    return n > 3 && strcmp(name + n - 3, ".md") == 0;
}

/* The file name without folders and ".md". */
static char *stem_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    size_t n = strlen(name);
    if (n > 3 && strcmp(name + n - 3, ".md") == 0) n -= 3;
    char *s = dl_malloc(n + 1);
    if (s) { memcpy(s, name, n); s[n] = '\0'; }
    return s;
}

static int add(struct found *l, const char *path, const char *area)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        content_file *p = dl_realloc(l->f, cap * sizeof *p);
        if (!p) return -1;
        l->f = p;
        l->cap = cap;
    }
    content_file *f = &l->f[l->n];
    memset(f, 0, sizeof *f);
    f->path = dl_strdup(path);
    f->stem = stem_of(path);
    f->area = dl_strdup(area);
    if (!f->path || !f->stem || !f->area) {
        dl_free(f->path);
        dl_free(f->stem);
        dl_free(f->area);
        return -1;
    }
    l->n++;
    return 0;
}

/* Collects the *.md files under dir; area is dir's path below the root. */
static int collect(const char *dir, const char *area, int depth, struct found *l, int *problems, const char *who)
{
    if (depth > CONTENT_FILES_MAX_DEPTH) {
        printf("%s: folders nested deeper than %d are not read; flatten the tree\n", dir, CONTENT_FILES_MAX_DEPTH);
        ++*problems;
        return 0;
    }
    DIR *d = opendir(dir);
    if (!d) {
        printf("%s: cannot read the folder: %s\n", dir, strerror(errno));
        ++*problems;
        return 0;
    }
    int rc = 0;
    struct dirent *ent;
    while (rc == 0 && (ent = readdir(d)) != NULL) {
        if (ent->d_name[0] == '.') continue;
        char path[4096];
        int n = snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
        if (n < 0 || (size_t)n >= sizeof path) {
            printf("%s: a path in this folder is too long\n", dir);
            ++*problems;
            continue;
        }
        struct stat st;
        if (lstat(path, &st) != 0) {
            printf("%s: cannot read: %s\n", path, strerror(errno));
            ++*problems;
        } else if (S_ISLNK(st.st_mode)) {
            printf("%s: is a symbolic link, which is not followed; keep items as plain files\n", path);
            ++*problems;
        } else if (S_ISDIR(st.st_mode)) {
            char rel[4096];
            snprintf(rel, sizeof rel, "%s%s%s", area, *area ? "/" : "", ent->d_name);
            rc = collect(path, rel, depth + 1, l, problems, who);
        } else if (S_ISREG(st.st_mode) && ends_with_md(ent->d_name)) {
            if (add(l, path, area) != 0) {
                fprintf(stderr, "%s: out of memory\n", who);
                rc = -1;
            }
        }
    }
    closedir(d);
    return rc;
}

/* Reads at most max + 1 bytes of path (one more shows it is too large). */
static char *read_file(const char *path, size_t max, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = dl_malloc(max + 2);
    size_t n = buf ? fread(buf, 1, max + 1, f) : 0;
    int bad = !buf || ferror(f);
    fclose(f);
    if (bad) {
        dl_free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static int by_path(const void *a, const void *b)
{
    return strcmp(((const content_file *)a)->path, ((const content_file *)b)->path);
}

static void file_free(content_file *f)
{
    dl_free(f->path);
    dl_free(f->stem);
    dl_free(f->area);
    dl_free(f->text);
}

int content_files_load(const char *const *roots, int n_roots, const char *who, content_files *out, int *problems)
{
    static const char *const default_root[] = {"content"};
    if (n_roots == 0) { roots = default_root; n_roots = 1; }
    struct found l = {0};
    int rc = 0;
    for (int i = 0; i < n_roots && rc == 0; i++) {
        struct stat st;
        if (stat(roots[i], &st) != 0) {
            fprintf(stderr, "%s: %s: %s\n", who, roots[i], strerror(errno));
            rc = -1;
        } else if (S_ISDIR(st.st_mode)) {
            char root[4096];
            size_t n = strlen(roots[i]);
            while (n > 1 && roots[i][n - 1] == '/') n--; /* "content/" lists as content/x.md */
            snprintf(root, sizeof root, "%.*s", (int)n, roots[i]);
            rc = collect(root, "", 0, &l, problems, who);
        } else if (!S_ISREG(st.st_mode)) {
            fprintf(stderr, "%s: %s is neither a folder nor a regular file\n", who, roots[i]);
            rc = -1;
        } else if (add(&l, roots[i], "") != 0) {
            fprintf(stderr, "%s: out of memory\n", who);
            rc = -1;
        }
    }
    if (l.n > 1) qsort(l.f, l.n, sizeof *l.f, by_path);
    /* a file named twice (content and content/laws) is read once */
    size_t kept = 0;
    for (size_t i = 0; i < l.n; i++) {
        if (kept && strcmp(l.f[kept - 1].path, l.f[i].path) == 0) { file_free(&l.f[i]); continue; }
        l.f[kept++] = l.f[i];
    }
    l.n = kept;
    for (size_t i = 0; i < l.n && rc == 0; i++) {
        l.f[i].text = read_file(l.f[i].path, CONTENT_MAX_FILE, &l.f[i].len);
        if (!l.f[i].text) {
            printf("%s: cannot read the file: %s\n", l.f[i].path, strerror(errno));
            ++*problems;
        }
    }
    out->f = l.f;
    out->n = l.n;
    if (rc != 0) { content_files_free(out); return -1; }
    return 0;
}

void content_files_free(content_files *fs)
{
    for (size_t i = 0; i < fs->n; i++) file_free(&fs->f[i]);
    dl_free(fs->f);
    fs->f = NULL;
    fs->n = 0;
}
