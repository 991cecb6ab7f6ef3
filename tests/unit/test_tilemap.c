/* test_tilemap.c — web/tilemap.c: the `tile:` value read strictly, the
 * short names printed in the squares, the Swedish alphabet's order, and the
 * squares' places and labels as the template gets them. */
#include "test.h"

#include "core/strbuf.h"
#include "web/tilemap.h"

#include <stdio.h>
#include <string.h>

TEST(tilemap_parse_tile_value)
{
    int c = -1, r = -1;
    CHECK_INT_EQ(tilemap_parse_tile("2,8", &c, &r), 0);
    CHECK_INT_EQ(c, 2);
    CHECK_INT_EQ(r, 8);
    CHECK_INT_EQ(tilemap_parse_tile(" 0 , 9 ", &c, &r), 0);
    CHECK_INT_EQ(c * 10 + r, 9);
    CHECK_INT_EQ(tilemap_parse_tile("10,1", &c, &r), -1); /* 0–9 only */
    CHECK_INT_EQ(tilemap_parse_tile("1;2", &c, &r), -1);
    CHECK_INT_EQ(tilemap_parse_tile("1,", &c, &r), -1);
    CHECK_INT_EQ(tilemap_parse_tile("1,2,3", &c, &r), -1);
    CHECK_INT_EQ(tilemap_parse_tile("", &c, &r), -1);
    CHECK_INT_EQ(tilemap_parse_tile(NULL, &c, &r), -1);
}

TEST(tilemap_short_names)
{
    arena *a = arena_new(1024);
    CHECK_STR_EQ(tilemap_short_name(a, "Region Skåne"), "Skåne");
    CHECK_STR_EQ(tilemap_short_name(a, "Region Jönköpings län"), "Jönköping");
    CHECK_STR_EQ(tilemap_short_name(a, "Region Kalmar län"), "Kalmar");
    CHECK_STR_EQ(tilemap_short_name(a, "Region Örebro County"), "Örebro");
    CHECK_STR_EQ(tilemap_short_name(a, "Västra Götalandsregionen"), "Västra Götaland");
    CHECK_STR_EQ(tilemap_short_name(a, "Region Jämtland Härjedalen"), "Jämtland Härjedalen");
    CHECK_STR_EQ(tilemap_short_name(a, "Region "), "Region ");
    CHECK_STR_EQ(tilemap_short_name(a, NULL), "");
    arena_free(a);
}

TEST(tilemap_swedish_order)
{
    CHECK(tilemap_name_cmp("Västra Götaland", "Örebro") < 0); /* Ö after V (bytewise too) */
    CHECK(tilemap_name_cmp("Åland", "Ängelholm") < 0);         /* Å before Ä (not bytewise) */
    CHECK(tilemap_name_cmp("Ängelholm", "Östergötland") < 0);
    CHECK(tilemap_name_cmp("Zürich", "Åre") < 0);
    CHECK(tilemap_name_cmp("gotland", "Gävleborg") < 0);         /* a capital is its small letter */
    CHECK(tilemap_name_cmp("Skåne", "Skåne") == 0);
    CHECK(tilemap_name_cmp("Skå", "Skåne") < 0);
    CHECK(tilemap_name_cmp("Skåne", "Skå") > 0);
}

TEST(tilemap_places_and_labels)
{
    arena *a = arena_new(4096);
    tmpl_ctx *c = tmpl_ctx_new(a);
    const tilemap_tile tiles[] = {
        {.id = "region-norrbotten", .name = "Region Norrbotten", .code = "25", .label = "Norrbotten", .col = 4, .row = 0},
        {.id = "region-skane", .name = "Region Skåne", .code = "12", .label = "Skåne", .col = 2, .row = 8},
        {.id = "vgr", .name = "Västra Götalandsregionen", .code = "14", .label = "Västra Götaland", .col = 1, .row = 5},
    };
    tilemap_to_ctx(a, c, tiles, 3);
    static const char src[] = "{{map_width}}x{{map_height}}{{#each tiles}}|{{id}} {{x}},{{y}}"
                              "{{#each lines}} [{{text}} {{y}} {{font}} {{fit}}]{{/each}}{{/each}}";
    struct embedded_file f[] = {{"t.html", (const unsigned char *)src, sizeof src - 1}, {0}};
    tmpl_set *set = NULL;
    dl_error e = {0};
    CHECK_INT_EQ(tmpl_set_load(f, &set, &e), DL_OK);
    strbuf out;
    sb_init(&out, 0);
    CHECK_INT_EQ(tmpl_render(set, "t.html", c, NULL, NULL, &out, &e), DL_OK);
    /* columns 1–4 and rows 0–8: 4 and 9 squares of 88 with 6 between, 4 round */
    CHECK_STR_EQ(sb_cstr(&out), "378x848"
                                "|region-norrbotten 286,4 [Norr- 54 15 0] [botten 72 15 0]"
                                "|region-skane 98,756 [Skåne 814 15 0]"
                                "|vgr 4,474 [Västra 524 14 0] [Götaland 541 14 0]");
    sb_free(&out);
    tmpl_set_free(set);
    arena_free(a);
}
