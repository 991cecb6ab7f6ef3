#!/usr/bin/env python3
"""xlsx_cells.py — prints every cell of an XLSX workbook with openpyxl, a
reader independent of the writer (libxlsxwriter), for tests/unit/test_package.c.

    python3 tests/xlsx_cells.py FILE.xlsx

One line per cell: sheet<TAB>row<TAB>column<TAB>type<TAB>value, where type
is the openpyxl data type: s (string), n (number), f (formula), b, d, e;
value has backslash, tab, CR and LF escaped as \\\\ \\t \\r \\n. Blank cells
are not printed."""
import sys

import openpyxl


def esc(v):
    s = str(v)
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")


def main():
    wb = openpyxl.load_workbook(sys.argv[1], read_only=False)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                v = c.value
                if c.data_type == "n" and isinstance(v, float) and v.is_integer():
                    v = int(v)
                print(f"{ws.title}\t{c.row}\t{c.column}\t{c.data_type}\t{esc(v)}")


if __name__ == "__main__":
    main()
