#!/usr/bin/env bash
# t_obstacle_report_compiled.sh — the compiled obstacle report (issue 13
# item 5): `datalots demo obstacles` fills the store (the same seed, the
# same obstacles); `datalots report obstacles` writes HTML, PDF, CSV and
# XLSX, and /hinder/rapport shows the page and the same four downloads to
# the obstacle analyst only. The figures are checked against independent
# queries of the store: the CSV's counts, the PDF's text (pdftotext), the
# XLSX read back by openpyxl (its rows equal the CSV's). Script in an
# obstacle's text comes out escaped. Bad dates, formats and periods are
# refused with a sentence, from the shell and over HTTP.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
start_server || finish
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cli catalog import "$ROOT/content" --db "$SRV_URL"
expect_eq 0 "$RC" "the knowledge guide is imported (its laws are picked from)"

# The generator: 300, twice with the same seed.
cli demo obstacles --count 300 --seed 5 --db "$SRV_URL"
expect_eq 0 "$RC" "demo obstacles --count 300 runs"
expect_match '^seeded 300 obstacles in [0-9.]+ s' "$OUT" "…and says what it did"
expect_eq 300 "$(q 'SELECT COUNT(*) FROM obstacle')" "300 obstacles are stored"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'obstacle.seed' AND detail = '300'")" "…with one audit row"
cli demo obstacles --count 300 --seed 5 --db "$SRV_URL"
row="created_at || category || actor_type || state || law_id || consequence || what_happened || suggestion"
first=$(q "SELECT $row FROM obstacle ORDER BY id LIMIT 300" | sha256sum)
second=$(q "SELECT $row FROM obstacle ORDER BY id LIMIT 300 OFFSET 300" | sha256sum)
expect_eq "$first" "$second" "the same seed gives the same obstacles"
expect_eq 600 "$(q 'SELECT COUNT(*) FROM obstacle')" "…added to the first 300"
expect_eq "$(q 'SELECT COUNT(*) FROM obstacle')" "$(q 'SELECT COUNT(DISTINCT follow_token_hash) FROM obstacle')" \
    "…each with its own follow-up token"
expect_eq "$(q "SELECT COUNT(*) FROM obstacle WHERE law_id <> ''")" \
    "$(q "SELECT COUNT(*) FROM obstacle o JOIN guide_item g ON g.id = o.law_id AND g.type = 'law'")" \
    "every law named is a law of the guide"
check "more than one category, actor type and year" \
    test "$(q 'SELECT COUNT(DISTINCT category) FROM obstacle')" -ge 5 -a \
    "$(q 'SELECT COUNT(DISTINCT actor_type) FROM obstacle')" -ge 4 -a \
    "$(q 'SELECT COUNT(DISTINCT substr(created_at, 1, 4)) FROM obstacle')" -ge 4
cli demo obstacles --count 0 --db "$SRV_URL"
expect_eq 2 "$RC" "--count 0 is refused"
cli demo obstacles --count 12x --db "$SRV_URL"
expect_eq 2 "$RC" "--count 12x is refused"
cli demo obstacles --db "$SRV_URL"
expect_eq 2 "$RC" "no --count is refused"
expect_eq 600 "$(q 'SELECT COUNT(*) FROM obstacle')" "…and none of them wrote anything"

# The demo's measures: linked to published obstacles only, walked through the flow.
check "the demo made measures ($(q 'SELECT COUNT(*) FROM obstacle_measure'))" test "$(q 'SELECT COUNT(*) FROM obstacle_measure')" -ge 6
expect_eq 0 "$(q "SELECT COUNT(*) FROM obstacle_measure_link l JOIN obstacle o ON o.id = l.obstacle_id WHERE o.published_at = ''")" \
    "…each linked to published obstacles only"
expect_eq 2 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'measure.seed'")" "…with an audit row per run"
expect_eq 0 "$(q "SELECT COUNT(*) FROM obstacle_measure WHERE status = 'done' AND progress <> 100")" "…done ones at 100 %"

# One obstacle with markup in its text, through the form, today.
A=$(jar anon)
http GET /hinder/ny "$A"
CSRF=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$BODY" | head -1 | sed 's/.*value="\([0-9a-f]*\)"/\1/')
x='<script>alert(1)</script><img src=x onerror=alert(2)>'
http POST /hinder "$A" --data-urlencode "what=$x" --data-urlencode "category=technical" \
    --data-urlencode "actor_type=company" --data-urlencode "csrf=$CSRF"
expect_status 303 "an obstacle with markup in its text is reported"

FROM=2023-01-01 TO=2026-12-31 UNTIL=2027-01-01
W="created_at >= '$FROM' AND created_at < '$UNTIL'"
TOTAL=$(q "SELECT COUNT(*) FROM obstacle WHERE $W")
check "the period holds most but not all obstacles" test "$TOTAL" -gt 300 -a "$TOTAL" -lt 601

# Every format from the shell.
for f in html pdf csv xlsx; do
    cli report obstacles --from $FROM --to $TO --format $f --out "$T/r.$f" --db "$SRV_URL"
    expect_eq 0 "$RC" "report obstacles --format $f"
done

# CSV: every count against a query of its own.
csv_counts() { # dimension rows with a count above 0: section|key|count, sorted
    "$PY" - "$1" <<'PY'
import csv, sys
dims = {"category", "actor_type", "state", "consequence", "law", "year", "month"}
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
out = [f"{r[0]}|{r[1]}|{r[3]}" for r in rows[1:] if r[0] in dims and r[3] not in ("", "0")]
print("\n".join(sorted(out)))
PY
}
want=$( {
    for c in category actor_type state consequence; do
        q "SELECT '$c|' || $c || '|' || COUNT(*) FROM obstacle WHERE $W GROUP BY $c"
    done
    q "SELECT 'law|' || law_id || '|' || COUNT(*) FROM obstacle WHERE $W GROUP BY law_id"
    q "SELECT 'year|' || substr(created_at, 1, 4) || '|' || COUNT(*) FROM obstacle WHERE $W GROUP BY substr(created_at, 1, 4)"
    q "SELECT 'month|' || substr(created_at, 1, 7) || '|' || COUNT(*) FROM obstacle WHERE $W GROUP BY substr(created_at, 1, 7)"
} | LC_ALL=C sort)
got=$(csv_counts "$T/r.csv" | LC_ALL=C sort)
expect_eq "$want" "$got" "the CSV's counts by every dimension equal the store's"
expect_eq "total,obstacles,Hinder i perioden,$TOTAL,,," "$(sed -n 3p "$T/r.csv" | tr -d '\r')" "…and its total"
expect_eq "$TOTAL" "$(grep -c '^obstacle,H-' "$T/r.csv")" "…one row per obstacle of the period"
expect_eq "$(q "SELECT MIN(id) FROM obstacle WHERE $W")" \
    "$(grep '^obstacle,H-' "$T/r.csv" | head -1 | sed 's/^obstacle,H-0*\([0-9]*\),.*/\1/')" "…the oldest first"
check "the CSV ends its rows with CRLF" grep -q $'\r$' "$T/r.csv"
check "…and keeps the markup as data, quoted" grep -qF '<script>alert(1)</script>' "$T/r.csv"

# XLSX: read back by openpyxl, the same rows as the CSV.
cmp_out=$("$PY" - "$T/r.xlsx" "$T/r.csv" <<'PY'
import csv, sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
ws = wb.worksheets[0]
xl = [["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)]
xl = [r + [""] * (7 - len(r)) for r in xl]
with open(sys.argv[2], newline="", encoding="utf-8") as f:
    cs = list(csv.reader(f))
print("equal" if xl == cs else "differ", len(xl), len(cs), ws.title)
PY
)
expect_eq "equal $((TOTAL + $(grep -vc '^obstacle,H-' "$T/r.csv"))) $(wc -l <"$T/r.csv" | tr -d ' ') Hinder" "$cmp_out" \
    "the XLSX's rows, read by openpyxl, equal the CSV's"

# PDF: its text, by pdftotext.
pdftotext -layout "$T/r.pdf" "$T/r.txt"
check "the PDF is a PDF" grep -q '^%PDF-' "$T/r.pdf"
check "…its text says what it is" grep -q 'Sammanställning av rapporterade hinder' "$T/r.txt"
check "…numbers its pages" grep -q 'Sida 2' "$T/r.txt"
check "…gives the period's total" grep -qE "Hinder i perioden +$TOTAL\$" "$T/r.txt"
for key in legal_interpretation technical ethical_review; do
    label=$(case $key in legal_interpretation) echo 'Tolkning av lagstiftning' ;; technical) echo 'Tekniskt hinder' ;; *) echo 'Etikprövning' ;; esac)
    n=$(q "SELECT COUNT(*) FROM obstacle WHERE $W AND category = '$key'")
    check "…counts \"$label\" as the store does ($n)" grep -qE "^ *$label +$n +[0-9]+[.][0-9] %" "$T/r.txt"
done
n=$(q "SELECT COUNT(*) FROM obstacle WHERE $W AND actor_type = 'researcher'")
check "…and the researchers as the store does ($n)" grep -qE "^ *Forskare +$n +" "$T/r.txt"

# HTML: charts with a table beside each, texts escaped.
check "the HTML is a whole document" grep -q '^<!DOCTYPE html>' "$T/r.html"
check "…with an SVG chart" grep -q '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' "$T/r.html"
check "…and a table of the same figures" grep -q '<table class="report-table"><caption>Kategori</caption>' "$T/r.html"
check "…with the markup of a text escaped" grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$T/r.html"
check "…and never raw" sh -c "! grep -qF '<script>alert' '$T/r.html' && ! grep -qF '<img src=x' '$T/r.html'"
expect_eq "$TOTAL" "$(grep -c '<article class="obstacle-text">' "$T/r.html")" "…every text of the period in the file"

# "Efter typ av utfall": the measures of the period by outcome type and
# status, and the obstacles they address, against queries of their own.
MW="m.created_at >= '$FROM' AND m.created_at < '$UNTIL'"
NM=$(q "SELECT COUNT(*) FROM obstacle_measure m WHERE $MW")
expect_eq "measure,measures,Åtgärder registrerade i perioden,$NM,,," "$(grep '^measure,measures,' "$T/r.csv" | tr -d '\r')" \
    "the CSV counts the period's measures ($NM)"
want=""
got=""
for o in law_change:Lagändring guidance:Vägledning practice:Ändrad\ praxis other:Annat; do
    for s in planned:Planerad ongoing:Pågår done:Genomförd cancelled:Avbruten; do
        n=$(q "SELECT COUNT(*) FROM obstacle_measure m WHERE $MW AND outcome_type = '${o%%:*}' AND status = '${s%%:*}'")
        want="$want|${o#*:} ${s#*:} $n"
        got="$got|$(grep "^measure,${o%%:*},${o#*:},[0-9]*,,${s#*:},"$'\r'"\$" "$T/r.csv" | cut -d, -f3,4,6 | awk -F, '{print $1, $3, $2}')"
    done
    tot=$(q "SELECT COUNT(*) FROM obstacle_measure m WHERE $MW AND outcome_type = '${o%%:*}'")
    check "the PDF's text counts ${o#*:} ($tot)" grep -qE "^[[:space:]]*${o#*:} +$tot\$" "$T/r.txt"
done
expect_eq "$want" "$got" "…by outcome type and status as the store does"
NA=$(q "SELECT COUNT(*) FROM (SELECT DISTINCT m.outcome_type, l.obstacle_id FROM obstacle_measure m JOIN obstacle_measure_link l ON l.measure_id = m.id WHERE $MW) x")
expect_eq "$NA" "$(grep -c '^measure_obstacle,' "$T/r.csv")" "…and names the obstacles each type addresses ($NA)"
first=$(q "SELECT MIN(l.obstacle_id) FROM obstacle_measure m JOIN obstacle_measure_link l ON l.measure_id = m.id WHERE $MW")
check "the PDF's text shows the section" grep -q "Efter typ av utfall" "$T/r.txt"
check "…and the obstacles addressed" grep -q "Hinder som åtgärderna gäller: .*$(printf 'H-%06d' "$first")" "$T/r.txt"
check "the HTML has the section" grep -q '<section class="report-part" id="by-outcome-type">' "$T/r.html"
check "…with its table" grep -q '<caption>Åtgärder efter typ av utfall och status</caption>' "$T/r.html"
expect_eq "$((NA + 17))" "$("$PY" -c "import openpyxl,sys; print(sum(1 for r in openpyxl.load_workbook(sys.argv[1], read_only=True).worksheets[0].iter_rows(values_only=True) if r[0] in ('measure','measure_obstacle')))" "$T/r.xlsx")" \
    "the XLSX, read by openpyxl, holds the section's rows"

# English.
cli report obstacles --from $FROM --to $TO --format csv --lang en --db "$SRV_URL"
expect_eq 0 "$RC" "--lang en"
check "…in English" grep -q 'Interpretation of legislation' "$T/cli.out"

# Bad parameters from the shell: a sentence, exit 2, no file.
bad() { # bad DESC PATTERN ARGS...
    local desc=$1 pat=$2
    shift 2
    rm -f "$T/bad.out"
    cli report obstacles "$@" --out "$T/bad.out" --db "$SRV_URL"
    expect_eq 2 "$RC" "$desc is refused"
    expect_match "$pat" "$ERR" "…saying why"
    check "…writing no file" test ! -e "$T/bad.out"
}
bad "a day that does not exist" "inget giltigt datum" --from 2025-02-30 --to 2025-03-01 --format pdf
bad "a date not as YYYY-MM-DD" "ÅÅÅÅ-MM-DD" --from 1/2/2025 --to 2025-03-01 --format csv
bad "a period that ends before it begins" "före den första" --from 2025-03-01 --to 2025-01-01 --format csv
bad "a period of a century" "för lång" --from 2000-01-01 --to 2099-12-31 --format csv
bad "a format not offered" "html, pdf, csv or xlsx" --from 2025-01-01 --to 2025-03-01 --format docx
bad "no period" "första och sista dag" --format csv
bad "another language" "sv or en" --from 2025-01-01 --to 2025-03-01 --format csv --lang de
cli report budgets --db "$SRV_URL"
expect_eq 2 "$RC" "an unknown report is refused"

# Over HTTP: the analyst only.
for p in "/hinder/rapport" "/hinder/rapport?fran=$FROM&till=$TO&format=csv"; do
    http GET "$p" "$A"
    expect_status '(303|401|403)' "$p refused to the public"
    expect_body_lacks "Tolkning av lagstiftning" "…showing nothing"
done
for who in sokande redaktor admin; do
    login "$who"
    http GET "/hinder/rapport?fran=$FROM&till=$TO&format=csv" "$(jar "$who")"
    expect_status 403 "the report refused to $who"
done
login hinder demo-Regionhalsan-2026
H=$(jar hinder)
http GET "/hinder/rapport?fran=$FROM&till=$TO" "$H"
expect_status 200 "the analyst's page"
expect_body_has '<input id="fran" name="fran" type="date" value="2023-01-01" required>' "…with the period's form"
expect_body_has "Hinder i perioden</dt><dd class=\"nowrap\">$TOTAL</dd>" "…the total"
expect_body_has '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' "…charts"
expect_body_has '<th scope="col" class="num">Antal</th>' "…tables beside them"
for f in html pdf csv xlsx; do expect_body_has "href=\"/hinder/rapport?fran=$FROM&amp;till=$TO&amp;format=$f\"" "…a $f download"; done
expect_eq 100 "$(grep -c '<article class="obstacle-text">' "$BODY")" "…the first 100 texts"
http GET "/hinder/rapport?fran=2026-12-01&till=2026-12-31" "$H"
expect_body_has '&lt;script&gt;alert(1)&lt;/script&gt;' "a text's markup is escaped on the page"
expect_body_lacks '<script>alert' "…never raw"
http GET "/hinder/rapport" "$H"
expect_status 200 "the page without a period shows the last twelve months"
http GET "/hinder/rapport?fran=$FROM&till=$TO&format=csv" "$H"
expect_status 200 "the CSV download"
expect_header Content-Type '^text/csv; charset=utf-8' "…as CSV"
expect_header Content-Disposition "attachment; filename=\"hinder-$FROM-$TO.csv\"" "…as a file"
# The same figures as from the shell; the ages in days (the open
# obstacles' median and oldest, each listed obstacle's) are counted from the
# moment each report is made, so a slow run may cross a day boundary
# between the two: those may be a day more over HTTP, no other cell differs.
check "…the same rows as from the shell (an age at most a day more)" /usr/bin/python3 -c '
import csv, sys
a = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
b = list(csv.reader(open(sys.argv[2], encoding="utf-8")))
def aged(r): return (r[0] == "age" and r[1] in ("median_days", "oldest_days")) or r[0] == "obstacle"
ok = len(a) == len(b) and all(
    x == y if not aged(x) else x[:3] + x[4:] == y[:3] + y[4:] and 0 <= int(y[3]) - int(x[3]) <= 1
    for x, y in zip(a, b))
sys.exit(0 if ok else 1)' "$T/r.csv" "$BODY"
http GET "/hinder/rapport?fran=$FROM&till=$TO&format=pdf" "$H"
expect_header Content-Type '^application/pdf' "the PDF download"
pdftotext -layout "$BODY" "$T/h.txt"
check "…whose text gives the total" grep -qE "Hinder i perioden +$TOTAL\$" "$T/h.txt"
http GET "/hinder/rapport?fran=$FROM&till=$TO&format=xlsx" "$H"
expect_header Content-Type '^application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' "the XLSX download"
cp "$BODY" "$T/h.xlsx"
expect_eq "$((TOTAL + 1))" "$("$PY" -c "import openpyxl,sys; print(sum(1 for r in openpyxl.load_workbook(sys.argv[1], read_only=True).worksheets[0].iter_rows(values_only=True) if r[0] in ('obstacle','Del')))" "$T/h.xlsx")" \
    "…read by openpyxl, a row per obstacle and the header"
http GET "/hinder/rapport?fran=$FROM&till=$TO&format=html" "$H"
expect_header Content-Type '^text/html' "the HTML download"
expect_body_has '<!DOCTYPE html>' "…a whole document"
expect_eq 4 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'obstacle.report_download' AND actor = 'hinder'")" \
    "each download is audited"
http GET "/hinder/rapport?fran=2025-13-01&till=2025-12-31" "$H"
expect_status 400 "a month 13 is refused"
http GET "/hinder/rapport?fran=2025-03-01&till=2025-01-01" "$H"
expect_status 400 "a period that ends before it begins is refused"
expect_body_has "före den första" "…with a sentence"
http GET "/hinder/rapport?fran=$FROM&till=$TO&format=docx" "$H"
expect_status 400 "a format not offered is refused"
http GET "/hinder/rapport?fran=$FROM&till=$TO&format=" "$H"
expect_status 400 "an empty format is refused"

finish
