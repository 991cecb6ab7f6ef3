/* test_template.c — the auto-escaping template engine: escaping per HTML
 * context, URL scheme checks, blocks, includes, translation, parse errors
 * with file:line, out-of-memory handling and leaks. */
#include "test.h"

#include "core/alloc.h"
#include "web/template.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#if defined(__SANITIZE_ADDRESS__)
#define HAVE_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_LSAN 1
#endif
#endif
#ifdef HAVE_LSAN /* tests run in forked children that _exit(): check here */
#include <sanitizer/lsan_interface.h>
#define LEAKS_FOUND() __lsan_do_recoverable_leak_check()
#else
#define LEAKS_FOUND() 0
#endif

#define FILE1(name, src) {name, (const unsigned char *)(src), sizeof(src) - 1}

static tmpl_set *load_src(const char *src)
{
    struct embedded_file f[] = {{"t.html", (const unsigned char *)src, strlen(src)}, {0}};
    tmpl_set *set = NULL;
    dl_error e = {0};
    if (tmpl_set_load(f, &set, &e) != DL_OK) fprintf(stderr, "    load: %s\n", e.msg);
    return set;
}

/* Renders t.html of set into a static buffer; NULL (and a note) on error. */
static const char *render_set(const tmpl_set *set, const char *name, const tmpl_ctx *c,
                              tmpl_translate_fn tr, void *td)
{
    static strbuf out;
    dl_error e = {0};
    sb_free(&out);
    sb_init(&out, 0);
    if (tmpl_render(set, name, c, tr, td, &out, &e) != DL_OK) {
        fprintf(stderr, "    render: %s\n", e.msg);
        return NULL;
    }
    return sb_cstr(&out);
}

/* Loads src as t.html and renders it with c, strictly or leniently (see
 * test_template_strict.c); run() in the build's default mode. */
static const char *run_mode(const char *src, const tmpl_ctx *c, int strict)
{
    tmpl_set *set = load_src(src);
    if (!set) return NULL;
    if (strict >= 0) tmpl_set_strict(set, strict);
    const char *s = render_set(set, "t.html", c, NULL, NULL);
    tmpl_set_free(set);
    return s;
}

static const char *run(const char *src, const tmpl_ctx *c) { return run_mode(src, c, -1); }

static tmpl_ctx *new_ctx(void)
{
    static arena *a;
    if (!a) a = arena_new(4096);
    return tmpl_ctx_new(a);
}

/* A URL attribute value rendered from u alone. */
static const char *href(const char *u)
{
    tmpl_ctx *c = new_ctx();
    tmpl_set_str(c, "u", u);
    return run("<a href=\"{{u}}\">", c);
}

TEST(template_text_escaping)
{
    tmpl_ctx *c = new_ctx();
    tmpl_set_str(c, "v", "&<>\"'");
    CHECK_STR_EQ(run("<p>{{v}}</p>", c), "<p>&amp;&lt;&gt;&quot;&#39;</p>");
    tmpl_set_str(c, "v", "<script>alert(1)</script>");
    const char *s = run("<p>{{ v }}</p>", c);
    CHECK_STR_EQ(s, "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
    CHECK_NOT_CONTAINS(s, "<script>");
    CHECK_STR_EQ(run("a < {{v}} > b", c), "a < &lt;script&gt;alert(1)&lt;/script&gt; > b");
    CHECK_STR_EQ(run_mode("{{missing}}|{{v.x}}", c, 0), "|"); /* lenient */
    CHECK_STR_EQ(run("no tags } { }} here", c), "no tags } { }} here");
}

TEST(template_attribute_escaping)
{
    tmpl_ctx *c = new_ctx();
    tmpl_set_str(c, "t", "\" onmouseover=\"x");
    CHECK_STR_EQ(run("<div title=\"{{t}}\">", c), "<div title=\"&quot; onmouseover=&quot;x\">");
    CHECK_STR_EQ(run("<div title='{{t}}' class=\"a {{t}}\">", c),
                 "<div title='&quot; onmouseover=&quot;x' class=\"a &quot; onmouseover=&quot;x\">");
    tmpl_set_str(c, "t", "' autofocus onfocus='x");
    CHECK_STR_EQ(run("<input value='{{t}}'>", c), "<input value='&#39; autofocus onfocus=&#39;x'>");
    /* Values after script, style and comments are text again. */
    tmpl_set_str(c, "t", "<i>");
    CHECK_STR_EQ(run("<script>var a = \"<b>\";</script><p>{{t}}</p>", c),
                 "<script>var a = \"<b>\";</script><p>&lt;i&gt;</p>");
    CHECK_STR_EQ(run("<style>p > b {}</STYLE >{{t}}<!-- <a href=' -->{{t}}", c),
                 "<style>p > b {}</STYLE >&lt;i&gt;<!-- <a href=' -->&lt;i&gt;");
}

TEST(template_url_scheme_check)
{
    CHECK_STR_EQ(href("javascript:alert(1)"), "<a href=\"#\">");
    CHECK_STR_EQ(href(" JaVaScRiPt:alert(1)"), "<a href=\"#\">");
    CHECK_STR_EQ(href("JAVASCRIPT:alert(1)"), "<a href=\"#\">");
    CHECK_STR_EQ(href("java\tscript:alert(1)"), "<a href=\"#\">");
    CHECK_STR_EQ(href("\njavascript:alert(1)"), "<a href=\"#\">");
    CHECK_STR_EQ(href("data:text/html;base64,PHNjcmlwdD4="), "<a href=\"#\">");
    CHECK_STR_EQ(href("vbscript:msgbox"), "<a href=\"#\">");
    CHECK_STR_EQ(href("https://example.com/a?b=1&c=2"), "<a href=\"https://example.com/a?b=1&amp;c=2\">");
    CHECK_STR_EQ(href("HTTP://EXAMPLE.COM/"), "<a href=\"HTTP://EXAMPLE.COM/\">");
    CHECK_STR_EQ(href("mailto:a@example.se"), "<a href=\"mailto:a@example.se\">");
    CHECK_STR_EQ(href("/lots/12/edit"), "<a href=\"/lots/12/edit\">");
    CHECK_STR_EQ(href("page.html?x=a:b"), "<a href=\"page.html?x=a:b\">");
    CHECK_STR_EQ(href("#top"), "<a href=\"#top\">");
    CHECK_STR_EQ(href("//cdn.example/x.js"), "<a href=\"//cdn.example/x.js\">");
    CHECK_STR_EQ(href("\"><script>"), "<a href=\"&quot;&gt;&lt;script&gt;\">");

    tmpl_ctx *c = new_ctx();
    tmpl_set_str(c, "u", "javascript:alert(1)");
    CHECK_STR_EQ(run("<img SRC='{{u}}'><form action=\"{{u}}\"><button formaction=\"{{u}}\">", c),
                 "<img SRC='#'><form action=\"#\"><button formaction=\"#\">");
    CHECK_STR_EQ(run("<object data=\"{{u}}\"><svg><a xlink:href=\"{{u}}\">", c),
                 "<object data=\"#\"><svg><a xlink:href=\"#\">");
    /* A value the scheme no longer depends on is only escaped. */
    CHECK_STR_EQ(run("<a href=\"/u/{{u}}\">", c), "<a href=\"/u/javascript:alert(1)\">");
    /* Values may not assemble a scheme piece by piece. */
    tmpl_set_str(c, "a", "java");
    tmpl_set_str(c, "b", "script:alert(1)");
    tmpl_set_str(c, "e", "");
    const char *s = run("<a href=\"{{a}}{{b}}\"><a href=\"{{e}}{{u}}\"><a href=\" {{u}}\">", c);
    CHECK_NOT_CONTAINS(s, "javascript:");
    CHECK_NOT_CONTAINS(s, "script:alert");
    CHECK_STR_EQ(s, "<a href=\"java#\"><a href=\"#\"><a href=\" #\">");
    /* Other attributes are not URLs. */
    CHECK_STR_EQ(run("<a title=\"{{u}}\" data-href=\"{{u}}\">", c),
                 "<a title=\"javascript:alert(1)\" data-href=\"javascript:alert(1)\">");
}

TEST(template_url_query_encoding)
{
    tmpl_ctx *c = new_ctx();
    tmpl_set_str(c, "q", "a&b c\"<");
    CHECK_STR_EQ(run("<a href=\"/s?q={{q}}\">", c), "<a href=\"/s?q=a%26b%20c%22%3C\">");
    CHECK_STR_EQ(run("<a href='/s?a=1&amp;q={{q}}#x'>", c), "<a href='/s?a=1&amp;q=a%26b%20c%22%3C#x'>");
    /* '?' or '=' that came from an earlier value count too. */
    tmpl_set_str(c, "base", "/search?x=1&q=");
    CHECK_STR_EQ(run("<a href=\"{{base}}{{q}}\">", c),
                 "<a href=\"/search?x=1&amp;q=a%26b%20c%22%3C\">");
    tmpl_set_str(c, "id", "a/b c");
    CHECK_STR_EQ(run("<a href=\"/p/{{id}}?k={{id}}\">", c), "<a href=\"/p/a/b c?k=a%2Fb%20c\">");
    tmpl_set_int(c, "n", 7);
    CHECK_STR_EQ(run("<a href=\"/l?page={{n}}\">", c), "<a href=\"/l?page=7\">");
}

static const char *truth(const char *src, void (*set)(tmpl_ctx *))
{
    tmpl_ctx *c = new_ctx();
    if (set) set(c);
    return run(src, c);
}
static void set_str_empty(tmpl_ctx *c) { tmpl_set_str(c, "v", ""); }
static void set_str_null(tmpl_ctx *c) { tmpl_set_str(c, "v", NULL); }
static void set_str(tmpl_ctx *c) { tmpl_set_str(c, "v", "x"); }
static void set_int0(tmpl_ctx *c) { tmpl_set_int(c, "v", 0); }
static void set_int(tmpl_ctx *c) { tmpl_set_int(c, "v", -3); }
static void set_false(tmpl_ctx *c) { tmpl_set_bool(c, "v", 0); }
static void set_true(tmpl_ctx *c) { tmpl_set_bool(c, "v", 42); }
static void set_list(tmpl_ctx *c) { tmpl_list_append(c, "v"); }
static void set_raw_empty(tmpl_ctx *c) { tmpl_set_raw(c, "v", ""); }
static void set_raw(tmpl_ctx *c) { tmpl_set_raw(c, "v", "<b>"); }

TEST(template_if_else_unless)
{
    const char *ife = "{{#if v}}Y{{else}}N{{/if}}", *unl = "{{#unless v}}U{{/unless}}";
    struct { void (*set)(tmpl_ctx *); int truthy; } cases[] = {
        {NULL, 0}, {set_str_empty, 0}, {set_str_null, 0}, {set_str, 1}, {set_int0, 0},
        {set_int, 1}, {set_false, 0}, {set_true, 1}, {set_list, 1}, {set_raw_empty, 0},
        {set_raw, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        CHECK_STR_EQ(truth(ife, cases[i].set), cases[i].truthy ? "Y" : "N");
        CHECK_STR_EQ(truth(unl, cases[i].set), cases[i].truthy ? "" : "U");
        CHECK_STR_EQ(truth("{{#unless v}}u{{else}}e{{/unless}}", cases[i].set), cases[i].truthy ? "e" : "u");
    }
    CHECK_STR_EQ(truth("[{{#if v}}{{v}}{{/if}}]", set_true), "[true]");
    CHECK_STR_EQ(truth("[{{v}}]", set_false), "[]");
    CHECK_STR_EQ(truth("[{{v}}]", set_list), "[]");
    CHECK_STR_EQ(truth("{{#if v}}a{{#if w}}b{{else}}c{{/if}}d{{/if}}", set_str), "acd");
}

TEST(template_each_parent_fallback_and_index)
{
    tmpl_ctx *c = new_ctx();
    tmpl_set_str(c, "cls", "row");
    tmpl_set_str(tmpl_list_append(c, "items"), "name", "a");
    tmpl_set_str(tmpl_list_append(c, "items"), "name", "<b>");
    tmpl_ctx *last = tmpl_list_append(c, "items");
    tmpl_set_str(last, "name", "c");
    tmpl_set_str(last, "cls", "special");
    const char *src = "<ul>{{#each items}}<li class=\"{{cls}}\">{{@index}}:{{name}}"
                      "{{#if @first}} first{{/if}}{{#if @last}} last{{/if}}</li>"
                      "{{else}}none{{/each}}</ul>";
    CHECK_STR_EQ(run(src, c), "<ul><li class=\"row\">0:a first</li><li class=\"row\">1:&lt;b&gt;</li>"
                              "<li class=\"special\">2:c last</li></ul>");
    tmpl_ctx *empty = new_ctx();
    tmpl_set_list(empty, "items");
    CHECK_STR_EQ(run(src, empty), "<ul>none</ul>");
    CHECK_STR_EQ(run_mode(src, new_ctx(), 0), "<ul>none</ul>"); /* lenient: never set */
    tmpl_ctx *d = new_ctx();
    tmpl_set_str(d, "items", "not a list");
    CHECK_STR_EQ(run(src, d), "<ul>none</ul>");
    CHECK_STR_EQ(run("{{#each items}}{{#unless @first}}, {{/unless}}{{name}}{{/each}}", c), "a, &lt;b&gt;, c");
}

TEST(template_each_nested)
{
    tmpl_ctx *c = new_ctx();
    tmpl_set_str(c, "sep", "/");
    const char *names[] = {"x", "y"};
    for (int g = 0; g < 2; g++) {
        tmpl_ctx *grp = tmpl_list_append(c, "groups");
        tmpl_set_str(grp, "g", names[g]);
        for (int i = 0; i <= g; i++) tmpl_set_int(tmpl_list_append(grp, "items"), "n", 10 * g + i);
    }
    CHECK_STR_EQ(run("{{#each groups}}[{{@index}}{{g}}:{{#each items}}{{g}}{{sep}}{{n}}#{{@index}} {{/each}}]{{/each}}", c),
                 "[0x:x/0#0 ][1y:y/10#0 y/11#1 ]");
    /* The else branch of an inner loop still sees the outer loop. */
    tmpl_set_list(c, "none");
    CHECK_STR_EQ(run("{{#each groups}}{{#each none}}{{else}}{{@index}}{{/each}}{{/each}}", c), "01");
}

TEST(template_include)
{
    struct embedded_file files[] = {
        FILE1("base.html", "<h1>{{title}}</h1>{{> part/row.html}}{{#each rows}}{{> part/row.html}}{{/each}}"),
        FILE1("part/row.html", "<p class=\"{{cls}}\">{{body}}</p>"),
        {0},
    };
    tmpl_set *set = NULL;
    dl_error e = {0};
    CHECK_INT_EQ(tmpl_set_load(files, &set, &e), DL_OK);
    CHECK(tmpl_set_has(set, "part/row.html"));
    CHECK(!tmpl_set_has(set, "nope.html"));
    tmpl_ctx *c = new_ctx();
    tmpl_set_str(c, "title", "T&T");
    tmpl_set_str(c, "body", "top");
    tmpl_set_str(c, "cls", "k");
    tmpl_set_str(tmpl_list_append(c, "rows"), "body", "<1>");
    CHECK_STR_EQ(render_set(set, "base.html", c, NULL, NULL),
                 "<h1>T&amp;T</h1><p class=\"k\">top</p><p class=\"k\">&lt;1&gt;</p>");
    tmpl_set_free(set);
}

TEST(template_include_recursion_limit)
{
    struct embedded_file files[] = {
        FILE1("a.html", "a{{> b.html}}"),
        FILE1("b.html", "b{{#if go}}{{> a.html}}{{/if}}"),
        {0},
    };
    tmpl_set *set = NULL;
    dl_error e = {0};
    CHECK_INT_EQ(tmpl_set_load(files, &set, &e), DL_OK);
    tmpl_ctx *c = new_ctx();
    CHECK_STR_EQ(render_set(set, "a.html", c, NULL, NULL), "ab");
    tmpl_set_bool(c, "go", 1);
    strbuf out;
    sb_init(&out, 0);
    CHECK_INT_EQ(tmpl_render(set, "a.html", c, NULL, NULL, &out, &e), DL_ELIMIT);
    CHECK_CONTAINS(e.msg, "deeper than 16");
    sb_free(&out);
    tmpl_set_free(set);
}

static const char *tr_en(void *data, const char *msgid)
{
    int *calls = data;
    (*calls)++;
    if (strcmp(msgid, "Hej") == 0) return "<b>Hello</b> & \"you\"";
    if (strcmp(msgid, "Sök") == 0) return "javascript:alert(1)";
    return NULL; /* untranslated: the msgid is used */
}

TEST(template_translate)
{
    struct embedded_file files[] = {
        FILE1("t.html", "<p title=\"{{_ \"Hej\"}}\">{{_ \"Hej\"}}|{{_\"Okänd\"}}|{{ _ \"say \\\"hi\\\" \\\\o/ }}\" }}</p>"
                        "<a href=\"{{_ \"Sök\"}}\">"),
        {0},
    };
    tmpl_set *set = NULL;
    dl_error e = {0};
    CHECK_INT_EQ(tmpl_set_load(files, &set, &e), DL_OK);
    int calls = 0;
    CHECK_STR_EQ(render_set(set, "t.html", NULL, tr_en, &calls),
                 "<p title=\"&lt;b&gt;Hello&lt;/b&gt; &amp; &quot;you&quot;\">&lt;b&gt;Hello&lt;/b&gt; &amp; "
                 "&quot;you&quot;|Okänd|say &quot;hi&quot; \\o/ }}</p><a href=\"#\">");
    CHECK_INT_EQ(calls, 5);
    CHECK_STR_EQ(render_set(set, "t.html", NULL, NULL, NULL),
                 "<p title=\"Hej\">Hej|Okänd|say &quot;hi&quot; \\o/ }}</p><a href=\"Sök\">");
    tmpl_set_free(set);
}

/* Loading src as bad.html fails with DL_EINVAL, "bad.html:LINE:" and needle. */
static int parse_fails(const char *src, int line, const char *needle)
{
    struct embedded_file f[] = {FILE1("ok.html", "fine"), {"bad.html", (const unsigned char *)src, strlen(src)}, {0}};
    tmpl_set *set = NULL;
    dl_error e = {0};
    char where[32];
    dl_err err = tmpl_set_load(f, &set, &e);
    snprintf(where, sizeof where, "bad.html:%d: ", line);
    if (err == DL_EINVAL && !set && strstr(e.msg, where) && strstr(e.msg, needle)) return 1;
    fprintf(stderr, "    source %s\n    gave code %d, message \"%s\"; expected %s…%s\n",
            src, (int)err, e.msg, where, needle);
    tmpl_set_free(set);
    return 0;
}

TEST(template_parse_errors)
{
    CHECK(parse_fails("<p>\n<a href={{u}}>x</a>", 2, "unquoted"));
    CHECK(parse_fails("<a class=x{{c}}>", 1, "unquoted"));
    CHECK(parse_fails("\n\n<{{t}}>", 3, "tag name"));
    CHECK(parse_fails("<h{{n}}>", 1, "tag name"));
    CHECK(parse_fails("</{{n}}>", 1, "tag name"));
    CHECK(parse_fails("<div {{attrs}}>", 1, "attribute name"));
    CHECK(parse_fails("<div id=\"a\" data-{{x}}=\"1\">", 1, "attribute name"));
    CHECK(parse_fails("<script>\nvar x = {{x}};\n</script>", 2, "<script>"));
    CHECK(parse_fails("<SCRIPT type=\"module\">{{#if a}}{{x}}{{/if}}</script>", 1, "<script>"));
    CHECK(parse_fails("<style>\n\n p { color: {{c}} }</style>", 3, "<style>"));
    CHECK(parse_fails("<p>\n<!-- {{x}} -->", 2, "comment"));
    CHECK(parse_fails("<!DOCTYPE {{x}}>", 1, "declaration"));
    CHECK(parse_fails("<a onclick=\"f('{{x}}')\">", 1, "event-handler"));
    CHECK(parse_fails("<p style=\"width: {{w}}%\">", 1, "style"));
    CHECK(parse_fails("<p title=\"{{_ \"x\"}}\" onmouseover='{{_ \"x\"}}'>", 1, "event-handler"));
    CHECK(parse_fails("{{#if a}}\nx", 1, "never closed"));
    CHECK(parse_fails("{{#each a}}{{#if b}}{{/if}}\n", 1, "{{#each}} is never closed"));
    CHECK(parse_fails("x\n{{/if}}", 2, "without an open"));
    CHECK(parse_fails("{{#if a}}\n{{/each}}", 2, "{{/each}} closes the {{#if}} of line 1"));
    CHECK(parse_fails("{{#if a}}{{/if x}}", 1, "takes nothing"));
    CHECK(parse_fails("a\nb {{name", 2, "unterminated"));
    CHECK(parse_fails("a\n\n\n{{_ \"x}}\"", 4, "unterminated"));
    CHECK(parse_fails("{{na me}}", 1, "bad name"));
    CHECK(parse_fails("\n{{a<b}}", 2, "bad name"));
    CHECK(parse_fails("{{#if a!}}{{/if}}", 1, "bad name"));
    CHECK(parse_fails("{{ }}", 1, "empty name"));
    CHECK(parse_fails("{{#if}}{{/if}}", 1, "empty name"));
    CHECK(parse_fails("{{#iff x}}{{/iff}}", 1, "unknown directive"));
    CHECK(parse_fails("{{#with x}}", 1, "unknown directive"));
    CHECK(parse_fails("{{/iff}}", 1, "unknown directive"));
    CHECK(parse_fails("{{{x}}}", 1, "not supported"));
    CHECK(parse_fails("\n{{else}}", 2, "outside"));
    CHECK(parse_fails("{{#if a}}{{else}}\n{{else}}{{/if}}", 2, "second {{else}}"));
    CHECK(parse_fails("{{@index}}", 1, "outside {{#each}}"));
    CHECK(parse_fails("{{#each a}}{{@foo}}{{/each}}", 1, "unknown name"));
    CHECK(parse_fails("{{#each a}}{{#each @index}}{{/each}}{{/each}}", 1, "needs a list"));
    CHECK(parse_fails("{{> nope.html}}", 1, "no such template"));
    CHECK(parse_fails("<a title=\"{{> ok.html}}\">", 1, "only allowed in HTML text"));
    CHECK(parse_fails("{{_ abc}}", 1, "quoted string"));
    CHECK(parse_fails("{{_ \"a\\n\"}}", 1, "bad escape"));
    CHECK(parse_fails("{{_ \"a\" b}}", 1, "after the string"));
    CHECK(parse_fails("{{#if a}}<b class=\"{{/if}}\">", 1, "different HTML contexts"));
    CHECK(parse_fails("{{#each a}}<b class=\"{{else}}\">{{/each}}", 1, "another HTML context"));
    CHECK(parse_fails("<p>\n<a href=\"x\"", 2, "ends inside a tag"));
    CHECK(parse_fails("<scr{{#if a}}ipt{{/if}}>", 1, "may not split"));
    CHECK(parse_fails("<input checked{{#if a}}=\"x\"{{/if}}>", 1, "may not split"));
    CHECK(parse_fails("<b\n{{#if a}} c{{/if}}d>", 2, "may not split"));
    CHECK(parse_fails("<!-- open", 1, "ends inside"));
}

TEST(template_block_contexts)
{
    tmpl_ctx *c = new_ctx();
    tmpl_set_bool(c, "on", 1);
    tmpl_set_str(c, "v", "\"x");
    CHECK_STR_EQ(run("<input type=\"checkbox\"{{#if on}} checked{{/if}} value=\"{{v}}\">", c),
                 "<input type=\"checkbox\" checked value=\"&quot;x\">");
    CHECK_STR_EQ(run("<input {{#if on}}checked{{/if}}><option{{#unless on}} disabled{{/unless}}>", c),
                 "<input checked><option>");
    CHECK_STR_EQ(run("{{#if on}}<b>{{else}}<i>{{/if}}{{v}}", c), "<b>&quot;x");
    CHECK_STR_EQ(run("<a href=\"{{#if on}}/a?x={{else}}/b/{{/if}}{{v}}\">", c), "<a href=\"/a?x=%22x\">");
    tmpl_set_list(c, "none");
    CHECK_STR_EQ(run("<p class=\"{{#each none}}{{v}}{{else}}e{{/each}}\">", c), "<p class=\"e\">");
}

TEST(template_unknown_template)
{
    tmpl_set *set = load_src("x");
    CHECK(set);
    strbuf out;
    sb_init(&out, 0);
    dl_error e = {0};
    CHECK_INT_EQ(tmpl_render(set, "nope.html", NULL, NULL, NULL, &out, &e), DL_ENOTFOUND);
    CHECK_CONTAINS(e.msg, "nope.html");
    CHECK_INT_EQ(tmpl_render(set, "t.html", NULL, NULL, NULL, &out, NULL), DL_OK);
    CHECK_STR_EQ(sb_cstr(&out), "x");
    sb_free(&out);
    tmpl_set_free(set);
}

TEST(template_raw_and_values)
{
    tmpl_ctx *c = new_ctx();
    tmpl_set_raw(c, "h", "<b>ok</b>");
    CHECK_STR_EQ(run("<div>{{h}}</div><p title=\"{{h}}\">", c),
                 "<div><b>ok</b></div><p title=\"&lt;b&gt;ok&lt;/b&gt;\">");
    tmpl_set_int(c, "n", -42);
    tmpl_set_int(c, "z", 0);
    tmpl_set_int(c, "min", INT64_MIN);
    tmpl_set_int(c, "max", INT64_MAX);
    CHECK_STR_EQ(run("{{n}} {{z}} {{min}} {{max}}", c), "-42 0 -9223372036854775808 9223372036854775807");
    tmpl_set_str(c, "k", "one");
    tmpl_set_int(c, "k", 2);
    CHECK_STR_EQ(run("{{k}}", c), "2");
    tmpl_set_str(c, "k", "three");
    CHECK_STR_EQ(run("{{k}}", c), "three");
    tmpl_set_str(c, "with.dot_and-dash", "d");
    CHECK_STR_EQ(run("{{with.dot_and-dash}}", c), "d");
}

TEST(template_escape_functions)
{
    strbuf sb;
    sb_init(&sb, 0);
    html_escape_append(&sb, "a\0b<&>\"'c", 9);
    CHECK_STR_EQ(sb_cstr(&sb), "ab&lt;&amp;&gt;&quot;&#39;c");
    sb_free(&sb);
    sb_init(&sb, 0);
    url_component_escape_append(&sb, "aZ09-._~ /?&=#+\0\xc3\xa5", 19);
    CHECK_STR_EQ(sb_cstr(&sb), "aZ09-._~%20%2F%3F%26%3D%23%2B%C3%A5");
    html_escape_append(&sb, NULL, 0);
    CHECK_INT_EQ(sb.len, strlen("aZ09-._~%20%2F%3F%26%3D%23%2B%C3%A5"));
    sb_free(&sb);
}

static const struct embedded_file big_files[] = {
    FILE1("page.html",
          "<!DOCTYPE html><html><head><title>{{title}}</title>{{> head.html}}</head><body>"
          "<nav><a href=\"{{home}}\">{{_ \"Hem\"}}</a> <a href=\"/s?q={{q}}&amp;p={{page}}\">s</a></nav>"
          "<h1 class=\"{{cls}}\">{{title}}</h1><p>{{a1}} {{a2}} {{a3}} {{a4}} {{a5}} {{a6}} {{a7}}</p>"
          "<p>{{b1}} {{b2}} {{b3}} {{b4}} {{b5}} {{b6}} {{b7}} {{b8}} {{b9}}</p>"
          "{{#if admin}}<b>{{user}}</b>{{else}}{{user}}{{/if}}{{#unless hidden}}<i>{{n}}</i>{{/unless}}"
          "<table>{{#each rows}}<tr class=\"{{cls}}\"><td>{{@index}}</td><td><a href=\"{{url}}\">{{name}}</a>"
          "</td><td>{{price}}</td></tr>{{/each}}</table><footer>{{raw}}</footer></body></html>"),
    FILE1("head.html", "<meta name=\"description\" content=\"{{desc}}\"><link href=\"{{css}}\" rel=\"stylesheet\">"),
    {0},
};

static tmpl_ctx *big_ctx(arena *a)
{
    tmpl_ctx *c = tmpl_ctx_new(a);
    char key[8] = "a1";
    for (int i = 1; i <= 9; i++) {
        key[0] = 'a'; key[1] = (char)('0' + i);
        tmpl_set_str(c, key, "value <&> one");
        key[0] = 'b';
        tmpl_set_int(c, key, i * 1000);
    }
    tmpl_set_str(c, "title", "Lot \"7\" & co");
    tmpl_set_str(c, "home", "/");
    tmpl_set_str(c, "q", "red bike & lamp");
    tmpl_set_int(c, "page", 3);
    tmpl_set_str(c, "cls", "big");
    tmpl_set_bool(c, "admin", 1);
    tmpl_set_str(c, "user", "<anna>");
    tmpl_set_bool(c, "hidden", 0);
    tmpl_set_int(c, "n", 12);
    tmpl_set_raw(c, "raw", "<small>ok</small>");
    tmpl_set_str(c, "desc", "Auction \"lots\"");
    tmpl_set_str(c, "css", "/static/app.css");
    for (int i = 0; i < 5; i++) {
        tmpl_ctx *row = tmpl_list_append(c, "rows");
        tmpl_set_str(row, "name", "Item <x>");
        tmpl_set_str(row, "url", i == 2 ? "javascript:alert(1)" : "/lots/1");
        tmpl_set_int(row, "price", 100 + i);
    }
    return c;
}

TEST(template_many_renders_no_leaks)
{
    tmpl_set *set = NULL;
    dl_error e = {0};
    CHECK_INT_EQ(tmpl_set_load(big_files, &set, &e), DL_OK);
    arena *a = arena_new(4096);
    tmpl_ctx *c = big_ctx(a);
    strbuf out;
    sb_init(&out, 0);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < 10000; i++) {
        out.len = 0;
        CHECK_INT_EQ(tmpl_render(set, "page.html", c, NULL, NULL, &out, &e), DL_OK);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double us = ((double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec)) / 1e3 / 10000;
    fprintf(stderr, "    template: %.2f µs per render of %zu bytes\n", us, out.len);
    const char *s = sb_cstr(&out);
    CHECK_CONTAINS(s, "<title>Lot &quot;7&quot; &amp; co</title>");
    CHECK_CONTAINS(s, "href=\"/s?q=red%20bike%20%26%20lamp&amp;p=3\"");
    CHECK_CONTAINS(s, "<td>2</td><td><a href=\"#\">Item &lt;x&gt;</a>");
    CHECK_CONTAINS(s, "<footer><small>ok</small></footer>");
    CHECK_CONTAINS(s, "content=\"Auction &quot;lots&quot;\"");
    CHECK(us < 2000);
    sb_free(&out);
    arena_free(a);
    tmpl_set_free(set);
    CHECK_INT_EQ(LEAKS_FOUND(), 0);
}

TEST(template_oom_load)
{
    int failures = 0;
    for (long k = 0; k < 100000; k++) {
        tmpl_set *set = NULL;
        dl_error e = {0};
        dl_alloc_fail_after(k);
        dl_err err = tmpl_set_load(big_files, &set, &e);
        dl_alloc_fail_after(-1);
        if (err == DL_OK) { CHECK(set); tmpl_set_free(set); break; }
        CHECK_INT_EQ(err, DL_ENOMEM);
        CHECK(!set);
        CHECK(e.msg[0]);
        failures++;
    }
    CHECK(failures > 0);
    CHECK_INT_EQ(LEAKS_FOUND(), 0);
}

TEST(template_oom_render)
{
    tmpl_set *set = NULL;
    dl_error e = {0};
    CHECK_INT_EQ(tmpl_set_load(big_files, &set, &e), DL_OK);
    int failures = 0, ok = 0;
    for (long k = 0; k < 100000 && !ok; k++) {
        arena *a = arena_new(256); /* small blocks: the context needs many */
        dl_alloc_fail_after(k);
        tmpl_ctx *c = a ? big_ctx(a) : NULL;
        strbuf out;
        sb_init(&out, 0);
        dl_err err = c ? tmpl_render(set, "page.html", c, NULL, NULL, &out, &e) : DL_ENOMEM;
        dl_alloc_fail_after(-1);
        if (err == DL_OK) { ok = 1; CHECK_CONTAINS(sb_cstr(&out), "</html>"); }
        else { CHECK_INT_EQ(err, DL_ENOMEM); failures++; }
        sb_free(&out);
        arena_free(a);
    }
    CHECK(ok);
    CHECK(failures > 3);
    /* A strbuf limit makes the render fail the same way. */
    arena *ba = arena_new(4096);
    tmpl_ctx *c = big_ctx(ba);
    strbuf out;
    sb_init(&out, 0);
    out.limit = 100;
    CHECK_INT_EQ(tmpl_render(set, "page.html", c, NULL, NULL, &out, &e), DL_ENOMEM);
    CHECK_INT_EQ(tmpl_render(set, "page.html", c, NULL, NULL, &out, &e), DL_ENOMEM);
    sb_free(&out);
    arena_free(ba);
    tmpl_set_free(set);
    CHECK_INT_EQ(LEAKS_FOUND(), 0);
}

struct thread_arg { const tmpl_set *set; const tmpl_ctx *c; const char *expect; int bad; };

static void *render_thread(void *p)
{
    struct thread_arg *t = p;
    for (int i = 0; i < 1000; i++) {
        strbuf out;
        sb_init(&out, 0);
        if (tmpl_render(t->set, "page.html", t->c, NULL, NULL, &out, NULL) != DL_OK ||
            strcmp(sb_cstr(&out), t->expect) != 0)
            t->bad++;
        sb_free(&out);
    }
    return NULL;
}

TEST(template_threads_share_a_set)
{
    tmpl_set *set = NULL;
    dl_error e = {0};
    CHECK_INT_EQ(tmpl_set_load(big_files, &set, &e), DL_OK);
    arena *a = arena_new(4096);
    tmpl_ctx *c = big_ctx(a);
    strbuf ref;
    sb_init(&ref, 0);
    CHECK_INT_EQ(tmpl_render(set, "page.html", c, NULL, NULL, &ref, &e), DL_OK);
    pthread_t th[4];
    struct thread_arg args[4];
    for (int i = 0; i < 4; i++) {
        args[i] = (struct thread_arg){set, c, sb_cstr(&ref), 0};
        CHECK_INT_EQ(pthread_create(&th[i], NULL, render_thread, &args[i]), 0);
    }
    for (int i = 0; i < 4; i++) pthread_join(th[i], NULL);
    for (int i = 0; i < 4; i++) CHECK_INT_EQ(args[i].bad, 0);
    sb_free(&ref);
    arena_free(a);
    tmpl_set_free(set);
}

/* Random soups of template tokens: loading gives DL_OK or DL_EINVAL, and a
 * loaded template renders (or hits the include limit) without crashing. */
TEST(template_fuzz_token_soup)
{
    static const char *const tok[] = {
        "{{", "}}", "{", "}", "<", ">", "</", "/", "=", "\"", "'", " ", "\n", "a", "-",
        "<a href=\"", "<a title='", "<p ", "<script>", "</script>", "<style>", "</style>",
        "<!--", "-->", "<!x", "{{x}}", "{{#if x}}", "{{/if}}", "{{else}}", "{{#each l}}",
        "{{/each}}", "{{#unless x}}", "{{/unless}}", "{{@index}}", "{{@last}}", "{{_ \"t\\\"\"}}",
        "{{> t.html}}", "{{> u.html}}", "?q=", "javascript:", "{{{x}}}", "onclick=\"",
    };
    uint64_t rng = 0x9e3779b97f4a7c15u;
    arena *a = arena_new(1024);
    tmpl_ctx *c = tmpl_ctx_new(a);
    tmpl_set_str(c, "x", "<x'\">");
    tmpl_set_str(tmpl_list_append(c, "l"), "x", "javascript:1");
    tmpl_list_append(c, "l");
    int loaded = 0;
    for (int iter = 0; iter < 20000; iter++) {
        char src[512];
        size_t n = 0;
        int count = 1 + (int)(rng % 24);
        for (int k = 0; k < count; k++) {
            rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
            const char *t = tok[rng % (sizeof tok / sizeof tok[0])];
            size_t len = strlen(t);
            if (n + len >= sizeof src) break;
            memcpy(src + n, t, len);
            n += len;
        }
        src[n] = '\0';
        struct embedded_file f[] = {{"t.html", (const unsigned char *)src, n}, FILE1("u.html", "u"), {0}};
        tmpl_set *set = NULL;
        dl_error e = {0};
        dl_err err = tmpl_set_load(f, &set, &e);
        if (err != DL_OK && err != DL_EINVAL) fprintf(stderr, "    %s: %s\n", src, e.msg);
        CHECK(err == DL_OK || err == DL_EINVAL);
        if (err) continue;
        loaded++;
        strbuf out;
        sb_init(&out, 0);
        err = tmpl_render(set, "t.html", c, NULL, NULL, &out, &e);
        CHECK(err == DL_OK || err == DL_ELIMIT);
        CHECK_NOT_CONTAINS(sb_cstr(&out), "<x");
        sb_free(&out);
        tmpl_set_free(set);
    }
    CHECK(loaded > 100);
    arena_free(a);
    CHECK_INT_EQ(LEAKS_FOUND(), 0);
}
