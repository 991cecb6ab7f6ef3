/* tilemap.h — the tile map of the regions (/guide/map): one square per
 * region at the `tile: column,row` of its front matter (docs/content.md),
 * placed in SVG coordinates and handed to the template guide_map.html as
 * numbers and plain strings (the engine escapes them). No I/O. */
#ifndef DATALOTS_TILEMAP_H
#define DATALOTS_TILEMAP_H

#include "core/arena.h"
#include "web/template.h"

typedef struct tilemap_tile {
    const char *id;    /* the item, linked as /guide/{id} */
    const char *name;  /* the whole name: the link's accessible name */
    const char *code;  /* the county code ("12"), may be "" */
    const char *label; /* the short name shown in the square */
    int col, row;      /* 0–9 each */
} tilemap_tile;

/* "column,row" with each 0–9 (blanks allowed around either): 0 and the
 * two numbers, or -1. */
int tilemap_parse_tile(const char *s, int *col, int *row);

/* The name to print in a square: the title without "Region ", a closing
 * " län", " County" or "regionen", and the genitive s these leave
 * ("Region Jönköpings län" → "Jönköping", "Västra Götalandsregionen" →
 * "Västra Götaland"). In arena a; NULL on out-of-memory. */
const char *tilemap_short_name(arena *a, const char *title);

/* Compares names in the Swedish alphabet's order (a–z, å, ä, ö; small and
 * capital letters alike), for strcmp's uses. */
int tilemap_name_cmp(const char *a, const char *b);

/* Adds to c: "tiles", one child per tile with id, name, code, x, y, size,
 * cx (the middle), code_x, code_y, and "lines" (the label on one line or
 * two: two words at the space, a long compound after a prefix such as
 * "Väster-"; each line with text, y and font size, and fit: a length to
 * squeeze a long word into, or 0); and the map's "map_width" and "map_height" (the
 * viewBox), the tiles' bounding box with a margin. */
void tilemap_to_ctx(arena *a, tmpl_ctx *c, const tilemap_tile *tiles, int n);

#endif
