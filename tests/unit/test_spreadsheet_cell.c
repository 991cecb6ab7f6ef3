/* test_spreadsheet_cell.c — report/spreadsheet_cell.c: the cells a
 * spreadsheet would run as a formula get a leading apostrophe; everything
 * else is left as it is. */
#include "test.h"

#include "report/spreadsheet_cell.h"

TEST(spreadsheet_cell_formula_starts_become_text)
{
    arena *a = arena_new(1024);
    CHECK_STR_EQ(spreadsheet_safe_cell(a, "=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
    CHECK_STR_EQ(spreadsheet_safe_cell(a, "+46 70"), "'+46 70");
    CHECK_STR_EQ(spreadsheet_safe_cell(a, "-1"), "'-1");
    CHECK_STR_EQ(spreadsheet_safe_cell(a, "@SUM(A1)"), "'@SUM(A1)");
    CHECK_STR_EQ(spreadsheet_safe_cell(a, "\t=1"), "'\t=1");
    CHECK_STR_EQ(spreadsheet_safe_cell(a, "\r=1"), "'\r=1");
    const char *plain = "Diabetes = socker";
    CHECK(spreadsheet_safe_cell(a, plain) == plain); /* untouched, not copied */
    CHECK_STR_EQ(spreadsheet_safe_cell(a, ""), "");
    CHECK_STR_EQ(spreadsheet_safe_cell(a, NULL), "");
    CHECK_STR_EQ(spreadsheet_safe_cell(a, "'=redan"), "'=redan");
    arena_free(a);
}
