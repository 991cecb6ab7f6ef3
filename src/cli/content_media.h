/* content_media.h — the files a case story's film is made of (front matter
 * video, video_captions, video_poster; docs/content.md), kept in a media
 * folder (content/media/): that each named file is there, a regular file
 * (no symbolic link), not too large, starts as its kind of file does, and
 * that captions are well-formed WebVTT (core/webvtt.h). Used by `datalots
 * content check` and `datalots catalog import`; `catalog export` copies the
 * files the items name. */
#ifndef DATALOTS_CLI_CONTENT_MEDIA_H
#define DATALOTS_CLI_CONTENT_MEDIA_H

#include <stddef.h>

#include "core/content.h"

#define CONTENT_MEDIA_MAX_VIDEO (64L << 20)  /* bytes of one film */
#define CONTENT_MEDIA_MAX_POSTER (2L << 20)

/* The media folder that goes with a content root: ROOT/media for a folder,
 * the folder two levels up from a file (content/cases/x.md → content/media). */
void content_media_dir_for(const char *root, char *out, size_t outsz);

/* Checks the media files of every parsed case story in items against dir;
 * reports each problem; returns how many. */
int content_media_check(const content_item *items, size_t n, const char *dir, content_report_fn report, void *ctx);

/* The same for item sources not parsed yet (catalog import). */
int content_media_check_texts(const char *const *paths, const char *const *texts, const size_t *lens, size_t n,
                              const char *dir, content_report_fn report, void *ctx);

/* Copies the media files the item source names from from_dir to to_dir
 * (each written whole, then renamed into place). 0, or -1 after printing why. */
int content_media_copy(const char *source, const char *from_dir, const char *to_dir, const char *who);

#endif
