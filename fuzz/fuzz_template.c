/* fuzz_template.c — feeds template source to the template engine's parser
 * (tmpl_set_load): the input up to its first NUL is "a.html", the rest
 * "b.html", so {{> b.html}} and {{> a.html}} (recursion) are reachable.
 * A set that parses is rendered with a context whose every value is the
 * hostile text MARK, and a list "items" of two such children.
 * Invariants checked: a refused template gives a "FILE:LINE: …" message;
 * rendering gives DL_OK or, for includes nested too deep, DL_ELIMIT; when
 * the source holds no 'z' (so every "zq" in the output comes from a value;
 * "z{{> b.html}}q" with an empty b.html would otherwise make one), the
 * output holds none of "zq<", "zq\"", "zq'" (every value is escaped,
 * whatever the context). The set renders leniently (an unset key is empty),
 * then once more strictly, where an unset key may also give DL_EINVAL with
 * "template FILE:LINE uses {{…}}, which the handler never set". */
#include "fuzz/fuzz.h"

#include <string.h>

#include "core/embedded.h"
#include "web/template.h"

#define MARK "zq<zq\"zq'zq&zq>javascript:zq!"

static const char *const keys[] = {"a", "b", "x", "name", "title", "url", "href", "id", "value", "q", NULL};

static const char *echo(void *data, const char *msgid)
{
    (void)data;
    return msgid;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *src = (const char *)data;
    const char *nul = memchr(src, '\0', size);
    size_t a_len = nul ? (size_t)(nul - src) : size;
    char *a_text = malloc(a_len + 1), *b_text = malloc(size - a_len + 1);
    FUZZ_CHECK(a_text && b_text);
    memcpy(a_text, src, a_len);
    a_text[a_len] = '\0';
    size_t b_len = nul ? size - a_len - 1 : 0;
    memcpy(b_text, nul ? nul + 1 : "", b_len);
    b_text[b_len] = '\0';
    struct embedded_file files[] = {
        {"a.html", (const unsigned char *)a_text, a_len},
        {"b.html", (const unsigned char *)b_text, b_len},
        {NULL, NULL, 0},
    };
    tmpl_set *set = NULL;
    dl_error e = {0};
    if (tmpl_set_load(files, &set, &e) != DL_OK) {
        FUZZ_CHECK(set == NULL);
        FUZZ_CHECK(strncmp(e.msg, "a.html:", 7) == 0 || strncmp(e.msg, "b.html:", 7) == 0);
    } else {
        tmpl_set_strict(set, 0);
        arena *ar = arena_new(4096);
        FUZZ_CHECK(ar != NULL);
        tmpl_ctx *c = tmpl_ctx_new(ar);
        for (size_t i = 0; keys[i]; i++) tmpl_set_str(c, keys[i], MARK);
        tmpl_set_int(c, "n", -42);
        tmpl_set_bool(c, "ok", 1);
        for (int k = 0; k < 2; k++) {
            tmpl_ctx *child = tmpl_list_append(c, "items");
            FUZZ_CHECK(child != NULL);
            tmpl_set_str(child, "x", MARK);
        }
        strbuf out;
        sb_init(&out, 1024);
        out.limit = 1u << 24;
        dl_err rc = tmpl_render(set, "a.html", c, echo, NULL, &out, &e);
        FUZZ_CHECK(rc == DL_OK || rc == DL_ELIMIT || (rc == DL_ENOMEM && out.oom));
        if (rc == DL_OK && !out.oom && !memchr(src, 'z', size)) {
            const char *o = sb_cstr(&out);
            int escaped = !strstr(o, "zq<") && !strstr(o, "zq\"") && !strstr(o, "zq'");
            if (!escaped) fprintf(stderr, "rendered:\n%s\n", o);
            FUZZ_CHECK(escaped);
        }
        sb_free(&out);
        tmpl_set_strict(set, 1);
        sb_init(&out, 1024);
        out.limit = 1u << 24;
        rc = tmpl_render(set, "a.html", c, echo, NULL, &out, &e);
        FUZZ_CHECK(rc == DL_OK || rc == DL_ELIMIT || (rc == DL_ENOMEM && out.oom) ||
                   (rc == DL_EINVAL && strncmp(e.msg, "template ", 9) == 0 && strstr(e.msg, "which the handler never set")));
        sb_free(&out);
        arena_free(ar);
        tmpl_set_free(set);
    }
    free(a_text);
    free(b_text);
    return 0;
}
