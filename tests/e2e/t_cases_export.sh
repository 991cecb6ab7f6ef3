#!/usr/bin/env bash
# t_cases_export.sh — the coordinator's case list as a file (issue 14 item
# 10): /cases?format=csv|xlsx with the page's filter, every matching case
# (not one page), the counts against the store; the XLSX read back with
# openpyxl; a title that a spreadsheet would run as a formula is text in
# both (the CSV's cell begins with '); each download audited; an applicant
# may not export, and a format in no list is refused.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
start_server || finish
cli demo cases --count 540 --seed 9 --db "$SRV_URL"
expect_eq 0 "$RC" "540 generated cases"
EVIL=$(q "SELECT MIN(id) FROM cases WHERE state = 'received'")
q "UPDATE cases SET title = '=HYPERLINK(\"http://evil.example\",\"klicka\")' WHERE id = $EVIL"
login samordnare
S=$(jar samordnare)

OPEN=$(q "SELECT COUNT(*) FROM cases WHERE state NOT IN ('draft', 'delivered', 'refused', 'withdrawn')")
http GET "/cases?format=csv" "$S"
expect_status 200 "the open cases as CSV"
expect_header Content-Type '^text/csv' "…as text/csv"
expect_header Content-Disposition 'attachment; filename="arenden-open.csv"' "…as a download named for its filter"
cp "$BODY" "$T/open.csv"
N=$("$PY" -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline="", encoding="utf-8"))) - 1)' "$T/open.csv")
expect_eq "$OPEN" "$N" "every open case ($OPEN)"
expect_eq 1 "$(grep -c "'=HYPERLINK" "$T/open.csv")" "a title beginning with = is written as text ('=…)"
expect_eq 0 "$(grep -c ',=HYPERLINK\|^=HYPERLINK\|,"=HYPERLINK' "$T/open.csv")" "…never as a formula"
http GET "/cases?state=refused&format=csv" "$S"
expect_eq "$(q "SELECT COUNT(*) FROM cases WHERE state = 'refused'")" "$(($(grep -c '' "$BODY") - 1))" \
    "state=refused: the refused cases only"
http GET "/cases?state=all&format=xlsx" "$S"
expect_status 200 "every case as XLSX"
expect_header Content-Type 'spreadsheetml' "…as a workbook"
cp "$BODY" "$T/all.xlsx"
ALL=$(q "SELECT COUNT(*) FROM cases WHERE state <> 'draft'")
check "more cases than one batch of the export ($ALL > 500)" test "$ALL" -gt 500
READ=$("$PY" - "$T/all.xlsx" "$EVIL" <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
rows = list(ws.iter_rows(values_only=True))
head, body = rows[0], rows[1:]
evil = [r for r in body if r[0] == int(sys.argv[2])]
cell = [c for c in ws.iter_rows(min_row=2) if c[0].value == int(sys.argv[2])][0][2]
print(len(body), head[1], isinstance(body[0][0], int), evil[0][2][:10] if evil else "-", cell.data_type)
PY
)
expect_eq "$ALL Diarienummer True =HYPERLINK s" "$READ" "openpyxl reads every case (not one page), the header, ids as numbers, the = title as a string"
expect_eq 3 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'case.list_export'")" "each download is audited"
expect_match "xlsx state=all" "$(q "SELECT detail FROM audit_log WHERE action = 'case.list_export' ORDER BY seq DESC LIMIT 1")" \
    "…with its format and filter"

http GET "/cases?format=pdf" "$S"
expect_status 400 "a format in no list is refused"
http GET "/cases?state=nosuch&format=csv" "$S"
expect_status 400 "an unknown state is refused"
login sokande
http GET "/cases?format=csv" "$(jar sokande)"
expect_status 403 "an applicant may not export the queue"
expect_eq 3 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'case.list_export'")" "…and the refusals left no audit row"
finish
