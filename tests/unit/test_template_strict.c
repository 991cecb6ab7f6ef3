/* test_template_strict.c — strict and lenient template sets (template.h): in a
 * strict set a {{value}} or {{#each}} whose key no context set fails the
 * render with "template FILE:LINE uses {{key}}, which the handler never set";
 * {{#if}}/{{#unless}} may test unset keys; a lenient set renders them empty.
 * The sanitized build (these tests, e2e, browser) is strict by default. */
#include "test.h"

#include "web/template.h"

static tmpl_ctx *ctx(void)
{
    static arena *a;
    if (!a) a = arena_new(4096);
    return tmpl_ctx_new(a);
}

static tmpl_set *load(const char *main_src, const char *part_src, int strict)
{
    struct embedded_file f[] = {
        {"t.html", (const unsigned char *)main_src, strlen(main_src)},
        {"part.html", (const unsigned char *)part_src, strlen(part_src)},
        {0},
    };
    tmpl_set *set = NULL;
    dl_error e = {0};
    if (tmpl_set_load(f, &set, &e) != DL_OK) {
        fprintf(stderr, "    load: %s\n", e.msg);
        return NULL;
    }
    if (strict >= 0) tmpl_set_strict(set, strict);
    return set;
}

/* Renders t.html: the output, or "ERR <code>: <message>". */
static const char *render2(const char *src, const char *part, const tmpl_ctx *c, int strict)
{
    static strbuf out;
    sb_free(&out);
    sb_init(&out, 0);
    tmpl_set *set = load(src, part, strict);
    if (!set) return NULL;
    dl_error e = {0};
    dl_err rc = tmpl_render(set, "t.html", c, NULL, NULL, &out, &e);
    tmpl_set_free(set);
    if (rc == DL_OK) return sb_cstr(&out);
    sb_free(&out);
    sb_init(&out, 0);
    sb_printf(&out, "ERR %d: %s", (int)rc, e.msg);
    return sb_cstr(&out);
}

static const char *strict(const char *src, const tmpl_ctx *c) { return render2(src, "", c, 1); }
static const char *lenient(const char *src, const tmpl_ctx *c) { return render2(src, "", c, 0); }

static char expect_buf[300];
static const char *miss(const char *file, int line, const char *tag)
{
    snprintf(expect_buf, sizeof expect_buf,
             "ERR %d: template %s:%d uses {{%s}}, which the handler never set", (int)DL_EINVAL, file, line, tag);
    return expect_buf;
}

TEST(template_strict_is_the_test_build_default)
{
    /* The Makefile builds build/san (this binary) with -DDATALOTS_STRICT_TEMPLATES. */
    CHECK_INT_EQ(TMPL_STRICT_DEFAULT, 1);
    CHECK_STR_EQ(render2("<p>{{nope}}</p>", "", ctx(), -1), miss("t.html", 1, "nope"));
}

TEST(template_strict_unset_value_fails_with_file_line_key)
{
    tmpl_ctx *c = ctx();
    tmpl_set_str(c, "name", "Anna");
    const char *src = "<h1>{{name}}</h1>\n<p>\n  {{nmae}}</p>\n";
    CHECK_STR_EQ(strict(src, c), miss("t.html", 3, "nmae"));
    /* In an attribute, in a URL, after a set key on the same line. */
    CHECK_STR_EQ(strict("{{name}} <a title=\"{{tilte}}\">", c), miss("t.html", 1, "tilte"));
    CHECK_STR_EQ(strict("\n<a href=\"/x?q={{q}}\">", c), miss("t.html", 2, "q"));
    /* The line counts newlines inside earlier tags too. */
    CHECK_STR_EQ(strict("{{_ \"a\n b\"}}{{#if\nname}}{{gone}}{{/if}}", c), miss("t.html", 3, "gone"));
    /* In an included template: its own name and line. */
    CHECK_STR_EQ(render2("{{name}}\n{{> part.html}}", "ok\n\n{{lost}}", c, 1), miss("part.html", 3, "lost"));
}

TEST(template_strict_unset_each_fails)
{
    tmpl_ctx *c = ctx();
    tmpl_set_str(tmpl_list_append(c, "rows"), "n", "1");
    CHECK_STR_EQ(strict("<ul>\n{{#each rowz}}<li>{{n}}{{else}}none{{/each}}</ul>", c),
                 miss("t.html", 2, "#each rowz"));
    CHECK_STR_EQ(strict("{{#each rows}}{{n}}{{/each}}", c), "1");
    /* A key set in one child but not in the next fails at the second. */
    tmpl_ctx *d = ctx();
    tmpl_set_str(tmpl_list_append(d, "rows"), "n", "1");
    tmpl_set_str(tmpl_list_append(d, "rows"), "m", "2");
    CHECK_STR_EQ(strict("{{#each rows}}{{n}}{{/each}}", d), miss("t.html", 1, "n"));
}

TEST(template_strict_set_keys_parents_children_pass)
{
    tmpl_ctx *c = ctx();
    tmpl_set_str(c, "s", "x");
    tmpl_set_str(c, "empty", "");
    tmpl_set_str(c, "null", NULL);
    tmpl_set_int(c, "zero", 0);
    tmpl_set_bool(c, "no", 0);
    tmpl_set_raw(c, "raw", "<i>r</i>");
    tmpl_set_str(c, "outer", "O");
    tmpl_ctx *row = tmpl_list_append(c, "rows");
    tmpl_set_str(row, "n", "1");
    tmpl_set_str(tmpl_list_append(row, "inner"), "k", "a");
    row = tmpl_list_append(c, "rows");
    tmpl_set_str(row, "n", "2");
    tmpl_set_str(row, "outer", "P"); /* a child's own key hides its parent's */
    tmpl_set_list(row, "inner");
    /* Set to "", NULL, 0 or false is set: rendered as "", "", "0", "". */
    CHECK_STR_EQ(strict("{{s}}|{{empty}}|{{null}}|{{zero}}|{{no}}|{{raw}}", c), "x|||0||<i>r</i>");
    CHECK_STR_EQ(strict("{{#each rows}}[{{n}}{{outer}}{{s}}:{{#each inner}}{{k}}{{n}}{{outer}}{{else}}-{{/each}}]{{/each}}", c),
                 "[1Ox:a1O][2Px:-]");
}

TEST(template_strict_conditionals_may_test_unset_keys)
{
    tmpl_ctx *c = ctx();
    tmpl_set_bool(c, "yes", 1);
    CHECK_STR_EQ(strict("{{#if nope}}a{{else}}b{{/if}}{{#unless nope}}c{{/unless}}", c), "bc");
    /* What a false branch holds is never rendered, so it is not checked... */
    CHECK_STR_EQ(strict("{{#if nope}}{{nope}}{{/if}}{{#unless yes}}{{gone}}{{/unless}}.", c), ".");
    /* ...but a branch that is rendered is. */
    CHECK_STR_EQ(strict("{{#if yes}}\n{{gone}}{{/if}}", c), miss("t.html", 2, "gone"));
    CHECK_STR_EQ(strict("{{#unless nope}}{{nope}}{{/unless}}", c), miss("t.html", 1, "nope"));
    /* @index, @first and @last are always set inside a loop. */
    tmpl_set_list(c, "rows");
    tmpl_list_append(c, "rows");
    CHECK_STR_EQ(strict("{{#each rows}}{{@index}}{{#if @first}}f{{/if}}{{@last}}{{/each}}", c), "0ftrue");
}

TEST(template_strict_empty_list_declared)
{
    tmpl_ctx *c = ctx();
    tmpl_set_list(c, "rows");
    const char *src = "<ul>{{#each rows}}<li>{{n}}</li>{{else}}none{{/each}}</ul>";
    CHECK_STR_EQ(strict(src, c), "<ul>none</ul>");
    /* Declaring again, before or after appends, keeps the children. */
    tmpl_set_str(tmpl_list_append(c, "rows"), "n", "1");
    tmpl_set_list(c, "rows");
    tmpl_set_str(tmpl_list_append(c, "rows"), "n", "2");
    CHECK_STR_EQ(strict(src, c), "<ul><li>1</li><li>2</li></ul>");
    /* An empty list is falsy for {{#if}} and renders nothing as a value. */
    tmpl_ctx *d = ctx();
    tmpl_set_list(d, "none");
    CHECK_STR_EQ(strict("{{#if none}}y{{else}}n{{/if}}[{{none}}]", d), "n[]");
}

TEST(template_lenient_renders_unset_keys_empty)
{
    tmpl_ctx *c = ctx();
    tmpl_set_str(c, "name", "Anna");
    CHECK_STR_EQ(lenient("<h1>{{name}}</h1>\n<p>{{nmae}}</p>", c), "<h1>Anna</h1>\n<p></p>");
    CHECK_STR_EQ(lenient("<a title=\"{{t}}\" href=\"{{u}}\">", c), "<a title=\"\" href=\"\">");
    CHECK_STR_EQ(lenient("<ul>{{#each rowz}}<li>{{n}}{{else}}none{{/each}}</ul>", c), "<ul>none</ul>");
    CHECK_STR_EQ(render2("{{> part.html}}|{{name}}", "{{lost}}", c, 0), "|Anna");
    /* A set can be switched back to strict. */
    CHECK_STR_EQ(strict("{{nmae}}", c), miss("t.html", 1, "nmae"));
}
