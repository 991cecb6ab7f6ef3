/* spreadsheet_cell.h — a text cell for a CSV meant to be opened in a
 * spreadsheet: one beginning with =, +, -, @, a tab or a carriage return
 * would be read as a formula (OWASP "CSV injection"), so it is written
 * with a leading apostrophe, which spreadsheets show as text. Used by the
 * case list's and the release register's CSV exports. Pure. */
#ifndef DATALOTS_SPREADSHEET_CELL_H
#define DATALOTS_SPREADSHEET_CELL_H

#include "core/arena.h"

/* s itself when harmless, else "'" + s in a; NULL only when out of memory. */
const char *spreadsheet_safe_cell(arena *a, const char *s);

#endif
