/* content_case.c — a case story's steps, rules and film (see
 * content_case.h). The steps are read from the Markdown source by lines:
 * a line "N. " at the left margin starts a step, the next one or the end of
 * the section ends it; that is all the structure the rules need, and the
 * page marks each step with its rules by the same offsets. */
#include "core/content_case.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *const content_media_keys[] = {"video", "video_captions", "video_poster", NULL};

struct media_ext {
    const char *key;
    const char *const *exts;
};
static const char *const video_exts[] = {"webm", "mp4", NULL};
static const char *const vtt_exts[] = {"vtt", NULL};
static const char *const poster_exts[] = {"png", "jpg", NULL};
static const struct media_ext media_exts[] = {
    {"video", video_exts},
    {"video_captions", vtt_exts},
    {"video_poster", poster_exts},
};

/* The line starting at p: its end (the '\n' or the NUL). */
static const char *line_end(const char *p)
{
    const char *nl = strchr(p, '\n');
    return nl ? nl : p + strlen(p);
}

static const char *next_line(const char *p)
{
    const char *e = line_end(p);
    return *e ? e + 1 : e;
}

/* The line at p starts heading (followed by the end of the line, a blank or
 * ':' — "## Steg för steg: så kunde det gå till" counts). */
static int heading_is(const char *p, const char *heading)
{
    size_t n = strlen(heading);
    return strncmp(p, heading, n) == 0 && (p[n] == '\n' || p[n] == '\0' || p[n] == ' ' || p[n] == ':');
}

/* The number of a step line "N. text", or 0. */
static int step_number(const char *p)
{
    int n = 0, digits = 0;
    while (*p >= '0' && *p <= '9' && digits < 3) n = n * 10 + (*p++ - '0'), digits++;
    return digits && p[0] == '.' && p[1] == ' ' ? n : 0;
}

static void set_title(const char *body, content_step *s)
{
    const char *p = body + s->start;
    while (*p >= '0' && *p <= '9') p++;
    p += 2; /* ". " */
    s->title = NULL;
    s->title_len = 0;
    if (strncmp(p, "**", 2) != 0) return;
    const char *stop = body + s->end, *close = strstr(p + 2, "**");
    if (!close || close > stop) return;
    size_t n = (size_t)(close - (p + 2));
    while (n && (p[2 + n - 1] == '.' || p[2 + n - 1] == ' ')) n--;
    if (!n) return;
    s->title = p + 2;
    s->title_len = n;
}

int content_case_steps(const char *body, content_step *steps, int max)
{
    const char *p = body;
    while (*p && !heading_is(p, CONTENT_STEPS_HEADING)) p = next_line(p);
    if (!*p) return 0;
    p = next_line(p);
    int n = 0;
    content_step *cur = NULL;
    const char *last_text = NULL; /* end of the last non-blank line of the current step */
    for (; *p && !(p[0] == '#' && (p[1] == ' ' || p[1] == '#')); p = next_line(p)) {
        int num = step_number(p);
        if (num) {
            if (cur) cur->end = (size_t)(last_text - body);
            if (n == max) { cur = NULL; break; }
            cur = &steps[n++];
            cur->number = num;
            cur->start = (size_t)(p - body);
        }
        if (strspn(p, " \t") != (size_t)(line_end(p) - p)) last_text = line_end(p);
    }
    if (cur) cur->end = (size_t)(last_text - body);
    for (int i = 0; i < n; i++) set_title(body, &steps[i]);
    return n;
}

static int slug_ok(const char *s, size_t n)
{
    if (n < 2 || n > 80 || s[0] == '-' || s[n - 1] == '-') return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || (s[i] == '-' && s[i + 1] != '-')))
            return 0;
    return 1;
}

int content_case_rules(const char *value, content_rule *rules, int max, const char **bad_entry)
{
    const char *p = value, *e;
    size_t len;
    int n = 0;
    *bad_entry = NULL;
    while (content_list_next(&p, &e, &len)) {
        const char *eq = memchr(e, '=', len);
        size_t digits = eq ? (size_t)(eq - e) : 0, idlen = eq ? len - digits - 1 : 0;
        int step = 0;
        for (size_t i = 0; i < digits && i < 3 && e[i] >= '0' && e[i] <= '9'; i++) step = step * 10 + (e[i] - '0');
        if (!eq || digits == 0 || digits > 2 || step == 0 || strspn(e, "0123456789") != digits || !slug_ok(eq + 1, idlen)) {
            *bad_entry = e;
            return -1;
        }
        if (n == max) return n;
        rules[n].step = step;
        memcpy(rules[n].law, eq + 1, idlen);
        rules[n].law[idlen] = '\0';
        n++;
    }
    return n;
}

int content_media_name_ok(const char *key, const char *name)
{
    const char *dot = strrchr(name, '.');
    size_t stem = dot ? (size_t)(dot - name) : 0;
    if (!dot || stem == 0 || stem > 80 || !slug_ok(name, stem)) return 0;
    for (size_t i = 0; i < sizeof media_exts / sizeof media_exts[0]; i++) {
        if (strcmp(media_exts[i].key, key) != 0) continue;
        for (const char *const *x = media_exts[i].exts; *x; x++)
            if (strcmp(dot + 1, *x) == 0) return 1;
    }
    return 0;
}

const char *content_media_type(const char *name)
{
    static const struct { const char *key, *ext, *type; } types[] = {
        {"video", ".webm", "video/webm"},
        {"video", ".mp4", "video/mp4"},
        {"video_captions", ".vtt", "text/vtt; charset=utf-8"},
        {"video_poster", ".png", "image/png"},
        {"video_poster", ".jpg", "image/jpeg"},
    };
    const char *dot = name ? strrchr(name, '.') : NULL;
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0 && content_media_name_ok(types[i].key, name)) return types[i].type;
    return NULL;
}

static void check_rules(content_reporter *r, const content_item *item)
{
    const char *v = content_get(item, "rules");
    if (!v || !*v) return;
    int line = content_line_of(item, "rules");
    content_rule rules[CONTENT_MAX_RULES];
    content_step steps[CONTENT_MAX_STEPS];
    const char *bad;
    int n = content_case_rules(v, rules, CONTENT_MAX_RULES, &bad);
    if (n < 0) {
        size_t len = strcspn(bad, ",");
        content_problem(r, line, "rules: \"%.*s\" must be STEP=LAW-ID, e.g. 4=osl-25-kap-1 (the step's number, then a law item's id).",
                (int)(len > 80 ? 80 : len), bad);
        return;
    }
    int ns = content_case_steps(item->body ? item->body : "", steps, CONTENT_MAX_STEPS);
    if (ns == 0) {
        content_problem(r, line, "rules: the body has no numbered list under \"" CONTENT_STEPS_HEADING "\" for the rules to point at.");
        return;
    }
    for (int i = 0; i < n; i++) {
        int found = 0;
        for (int s = 0; s < ns && !found; s++) found = steps[s].number == rules[i].step;
        if (!found)
            content_problem(r, line, "rules: step %d is not in the list under \"" CONTENT_STEPS_HEADING "\" (steps 1-%d).",
                    rules[i].step, steps[ns - 1].number);
        for (int j = 0; j < i; j++)
            if (rules[j].step == rules[i].step && strcmp(rules[j].law, rules[i].law) == 0) {
                content_problem(r, line, "rules: %d=%s is written twice; keep one.", rules[i].step, rules[i].law);
                break;
            }
    }
}

/* The section under heading has some text before the next "## ". */
static int section_has_text(const char *body, const char *heading)
{
    const char *p = body;
    while (*p && !heading_is(p, heading)) p = next_line(p);
    if (!*p) return 0;
    for (p = next_line(p); *p && strncmp(p, "## ", 3) != 0; p = next_line(p))
        if (strspn(p, " \t") != (size_t)(line_end(p) - p)) return 1;
    return 0;
}

static void check_film(content_reporter *r, const content_item *item)
{
    for (const char *const *k = content_media_keys; *k; k++) {
        const char *v = content_get(item, *k);
        if (v && *v && !content_media_name_ok(*k, v))
            content_problem(r, content_line_of(item, *k),
                    "%s \"%.80s\" must be a file name in content/media/: a-z, 0-9 and '-', then %s.", *k, v,
                    strcmp(*k, "video") == 0 ? ".webm or .mp4" : strcmp(*k, "video_captions") == 0 ? ".vtt" : ".png or .jpg");
    }
    const char *video = content_get(item, "video");
    if (!video) {
        if (content_get(item, "video_captions") || content_get(item, "video_poster"))
            content_problem(r, content_line_of(item, content_get(item, "video_captions") ? "video_captions" : "video_poster"),
                    "captions or a poster without \"video\": name the film or remove the line.");
        return;
    }
    if (!content_get(item, "video_captions"))
        content_problem(r, content_line_of(item, "video"),
                "a film needs captions: add \"video_captions\" with a WebVTT file (.vtt) in content/media/.");
    if (!section_has_text(item->body ? item->body : "", CONTENT_TRANSCRIPT_HEADING))
        content_problem(r, content_line_of(item, "video"),
                "a film needs its words written out: add a section \"" CONTENT_TRANSCRIPT_HEADING "\" with the text.");
}

int content_check_case(const content_item *item, const char *path, content_report_fn report, void *ctx)
{
    content_reporter r = {path, report, ctx, 0};
    check_rules(&r, item);
    check_film(&r, item);
    return r.problems;
}
