/* spreadsheet_cell.c — see spreadsheet_cell.h. */
#include "report/spreadsheet_cell.h"

const char *spreadsheet_safe_cell(arena *a, const char *s)
{
    if (!s) return "";
    switch (s[0]) {
    case '=': case '+': case '-': case '@': case '\t': case '\r': return arena_printf(a, "'%s", s);
    default: return s;
    }
}
