/* content_case.h — what a case story (type case-story, docs/content.md)
 * adds to an item: the numbered steps of its "## Steg för steg" section,
 * the rules that bite at each step (front matter `rules: 4=osl-25-kap-1,
 * …`, each a law item), and a self-hosted film (`video`, `video_captions`,
 * `video_poster`: file names under content/media/) whose words are also
 * written out in the section "## Textversion av filmen". No I/O: that the
 * media files exist and the captions are well-formed WebVTT is checked by
 * the caller that reads them (cli/content_media.c). */
#ifndef DATALOTS_CONTENT_CASE_H
#define DATALOTS_CONTENT_CASE_H

#include <stddef.h>

#include "core/content.h"

#define CONTENT_STEPS_HEADING "## Steg för steg"
#define CONTENT_TRANSCRIPT_HEADING "## Textversion av filmen"
#define CONTENT_MAX_STEPS 40
#define CONTENT_MAX_RULES 60

typedef struct content_step {
    int number;          /* as written: "4. " */
    size_t start, end;   /* byte offsets in the body: the list item, without trailing blank lines */
    const char *title;   /* the bold lead ("Samråd (nästa möte)"), or NULL */
    size_t title_len;    /* without the bold's closing '.' */
} content_step;

typedef struct content_rule {
    int step;
    char law[84];
} content_rule;

/* The numbered list items of body's "## Steg för steg" section (the first
 * heading that starts so), in order; returns how many (at most max). */
int content_case_steps(const char *body, content_step *steps, int max);

/* The entries of a `rules` value; returns how many (at most max), or -1
 * when an entry is not "STEP=law-id" (then *bad_entry points at it). */
int content_case_rules(const char *value, content_rule *rules, int max, const char **bad_entry);

/* The rules of one case story that need only its own text: the keys'
 * formats, steps that exist, a film with captions and a transcript
 * section. Reports through report (as content_check_item does); returns
 * the number of problems. */
int content_check_case(const content_item *item, const char *path, content_report_fn report, void *ctx);

/* 1 for a media file name content/media/ may hold: a-z, 0-9 and '-', a
 * dot, then one of the extensions allowed for key ("video": webm, mp4;
 * "video_captions": vtt; "video_poster": png, jpg). */
int content_media_name_ok(const char *key, const char *name);

/* The Content-Type of a media file name that is allowed for one of the
 * media keys ("video/webm", "text/vtt; charset=utf-8", …), or NULL. */
const char *content_media_type(const char *name);

/* The media keys of a case story, NULL-terminated. */
extern const char *const content_media_keys[];

#endif
