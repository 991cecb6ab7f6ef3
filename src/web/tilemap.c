/* tilemap.c — the tile map's geometry; see tilemap.h. */
#include "web/tilemap.h"
#include "core/utf8.h"

#include <string.h>

enum {
    TILE_SIZE = 88,  /* a square's side in SVG units */
    TILE_PITCH = 94, /* from one square to the next */
    MAP_MARGIN = 4,  /* round the squares: room for the focus ring */
    NAME_ROOM = 80,  /* the width a name may take inside a square */
};

int tilemap_parse_tile(const char *s, int *col, int *row)
{
    if (!s) return -1;
    int v[2];
    for (int k = 0; k < 2; k++) {
        while (*s == ' ') s++;
        if (*s < '0' || *s > '9') return -1;
        v[k] = *s++ - '0';
        while (*s == ' ') s++;
        if (k == 0 && *s++ != ',') return -1;
    }
    if (*s) return -1;
    *col = v[0];
    *row = v[1];
    return 0;
}

static int ends_with(const char *s, size_t len, const char *tail)
{
    size_t t = strlen(tail);
    return len >= t && memcmp(s + len - t, tail, t) == 0;
}

const char *tilemap_short_name(arena *a, const char *title)
{
    const char *s = title ? title : "";
    if (strncmp(s, "Region ", 7) == 0 && s[7]) s += 7;
    size_t len = strlen(s);
    static const char *const tails[] = {" län", " County", "regionen"};
    for (size_t k = 0; k < sizeof tails / sizeof tails[0]; k++) {
        size_t t = strlen(tails[k]);
        if (len > t && ends_with(s, len, tails[k])) {
            len -= t;
            if (len > 1 && s[len - 1] == 's' && s[len - 2] != 's') len--; /* Jönköpings län */
            break;
        }
    }
    return arena_strndup(a, s, len);
}

/* A letter's place in the Swedish alphabet: a–z, then å ä ö (capitals as
 * small letters, é as e); other characters after them by code point. */
static unsigned long sv_rank(unsigned long cp)
{
    if (cp >= 'A' && cp <= 'Z') cp += 32;
    switch (cp) {
    case 0xC5: case 0xE5: return 'z' + 1; /* Å å */
    case 0xC4: case 0xE4: case 0xC6: case 0xE6: return 'z' + 2; /* Ä ä Æ æ */
    case 0xD6: case 0xF6: case 0xD8: case 0xF8: return 'z' + 3; /* Ö ö Ø ø */
    case 0xC9: case 0xE9: return 'e';
    default: return cp < 0x80 ? cp : cp + 0x100;
    }
}

int tilemap_name_cmp(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    while (na && nb) {
        unsigned long ca, cb;
        size_t la = utf8_decode(a, na, &ca), lb = utf8_decode(b, nb, &cb);
        if (!la || !lb) break; /* not UTF-8: bytes decide */
        unsigned long ra = sv_rank(ca), rb = sv_rank(cb);
        if (ra != rb) return ra < rb ? -1 : 1;
        a += la, na -= la, b += lb, nb -= lb;
    }
    int m = na && nb ? memcmp(a, b, na < nb ? na : nb) : 0;
    if (m) return m < 0 ? -1 : 1;
    return na > nb ? 1 : na < nb ? -1 : 0;
}

/* One line of a square's label: its font size and, when even the smallest
 * size is too wide, the length to squeeze it into. */
static void add_line(arena *a, tmpl_ctx *tile, const char *text, size_t n, int hyphen, int y, int font)
{
    tmpl_ctx *line = tmpl_list_append(tile, "lines");
    char *t = hyphen ? arena_printf(a, "%.*s-", (int)n, text) : arena_strndup(a, text, n);
    if (!line || !t) return;
    int chars = (int)utf8_count(text, n) + hyphen;
    /* about 0.62 em a character in the bold sans-serif of the stylesheet */
    int fit = chars * font * 62 / 100 > NAME_ROOM ? NAME_ROOM : 0;
    tmpl_set_str(line, "text", t);
    tmpl_set_int(line, "y", y);
    tmpl_set_int(line, "font", font);
    tmpl_set_int(line, "fit", fit);
}

/* The prefixes of compound place names a long one-word name is broken
 * after, with a hyphen ("Väster-" "norrland"). */
static const char *const name_prefixes[] = {"Väster", "Öster", "Söder", "Norr", "Väst", "Syd"};

/* A square's label on one line, or two: two words at the space, a long
 * compound after its prefix. */
static void tilemap_label_lines(arena *a, tmpl_ctx *tile, const char *label, int y)
{
    size_t len = strlen(label), first = len;
    const char *second = NULL, *space = strchr(label, ' ');
    int hyphen = 0;
    if (space) {
        first = (size_t)(space - label);
        second = space + 1;
    } else if (utf8_count(label, len) > 9) {
        for (size_t k = 0; k < sizeof name_prefixes / sizeof name_prefixes[0] && !second; k++) {
            size_t p = strlen(name_prefixes[k]);
            if (len > p + 3 && strncmp(label, name_prefixes[k], p) == 0) {
                first = p;
                second = label + p;
                hyphen = 1;
            }
        }
    }
    int a_len = (int)utf8_count(label, first) + hyphen, b_len = second ? (int)utf8_count(second, strlen(second)) : 0;
    int longest = a_len > b_len ? a_len : b_len;
    int font = longest <= 7 ? 15 : longest <= 9 ? 14 : 13;
    if (!second) {
        add_line(a, tile, label, len, 0, y + 58, font);
        return;
    }
    add_line(a, tile, label, first, hyphen, y + 50, font);
    add_line(a, tile, second, strlen(second), 0, y + 50 + font + 3, font);
}

void tilemap_to_ctx(arena *a, tmpl_ctx *c, const tilemap_tile *tiles, int n)
{
    int min_col = 9, min_row = 9, max_col = 0, max_row = 0;
    for (int i = 0; i < n; i++) {
        if (tiles[i].col < min_col) min_col = tiles[i].col;
        if (tiles[i].row < min_row) min_row = tiles[i].row;
        if (tiles[i].col > max_col) max_col = tiles[i].col;
        if (tiles[i].row > max_row) max_row = tiles[i].row;
    }
    if (n == 0) min_col = min_row = max_col = max_row = 0;
    tmpl_set_int(c, "map_width", 2 * MAP_MARGIN + (max_col - min_col) * TILE_PITCH + TILE_SIZE);
    tmpl_set_int(c, "map_height", 2 * MAP_MARGIN + (max_row - min_row) * TILE_PITCH + TILE_SIZE);
    tmpl_set_list(c, "tiles");
    for (int i = 0; i < n; i++) {
        const tilemap_tile *t = &tiles[i];
        tmpl_ctx *o = tmpl_list_append(c, "tiles");
        if (!o) return;
        int x = MAP_MARGIN + (t->col - min_col) * TILE_PITCH, y = MAP_MARGIN + (t->row - min_row) * TILE_PITCH;
        tmpl_set_str(o, "id", t->id);
        tmpl_set_str(o, "name", t->name);
        tmpl_set_str(o, "code", t->code);
        tmpl_set_int(o, "x", x);
        tmpl_set_int(o, "y", y);
        tmpl_set_int(o, "size", TILE_SIZE);
        tmpl_set_int(o, "cx", x + TILE_SIZE / 2);
        tmpl_set_int(o, "code_x", x + 8);
        tmpl_set_int(o, "code_y", y + 18);
        tilemap_label_lines(a, o, t->label ? t->label : "", y);
    }
}
