#!/usr/bin/env bash
# t_followup.sh — the follow-up figures of the support (issue 15 item 3):
# `datalots demo cases` and `demo obstacles` fill the store; `datalots report
# followup` writes CSV and HTML whose counts are checked against queries of
# their own (cases by state, process and decision; refusals; the units'
# answers in Process 2; obstacles; searches with no hit); /uppfoljning shows
# the page and the same downloads to the network coordinator and the admin
# only. Script in a refusal's text comes out escaped. Bad dates, formats and
# periods are refused with a sentence, from the shell and over HTTP.
. "$(dirname "$0")/lib.sh"

start_server || finish
cli demo cases --count 300 --seed 7 --db "$SRV_URL"
expect_eq 0 "$RC" "demo cases --count 300 runs"
cli demo obstacles --count 200 --seed 3 --db "$SRV_URL"
expect_eq 0 "$RC" "demo obstacles --count 200 runs"
q "UPDATE cases SET decision_conditions = '<script>alert(1)</script> saknar rättslig grund' WHERE id = (SELECT MIN(id) FROM cases WHERE decision_outcome = 'refused')" >/dev/null
q "INSERT INTO guide_search_miss(query, count, last_at) VALUES ('=cmd|calc', 4, '2026-01-01'), ('blodtryck', 2, '2026-01-02')" >/dev/null

FROM=2010-01-01 TO=2039-12-30 UNTIL=2039-12-31
W="created_at >= '$FROM' AND created_at < '$UNTIL'"
PY=/usr/bin/python3
for f in csv html xlsx pdf; do
    cli report followup --from $FROM --to $TO --format $f --out "$T/f.$f" --db "$SRV_URL"
    expect_eq 0 "$RC" "report followup --format $f"
done
cell() { grep "^$1,$2," "$T/f.csv" | head -1 | cut -d, -f4; }
TOTAL=$(q "SELECT COUNT(*) FROM cases WHERE $W")
check "the demo made cases ($TOTAL)" test "$TOTAL" -ge 300
expect_eq "$TOTAL" "$(cell cases total)" "the CSV counts every case of the period"
for s in draft received completion_requested awaiting_samrad unit_consultation awaiting_decision extracting delivered refused withdrawn; do
    expect_eq "$(q "SELECT COUNT(*) FROM cases WHERE $W AND state = '$s'")" "$(cell state $s)" "…the cases in state $s"
done
expect_eq "$(q "SELECT COUNT(*) FROM cases WHERE $W AND process = 2")" "$(cell process 2)" "…in Process 2"
for o in approved approved_in_part refused; do
    expect_eq "$(q "SELECT COUNT(*) FROM cases WHERE $W AND decision_outcome = '$o'")" "$(cell decision $o)" "…decided $o"
done
expect_eq "$(q "SELECT COUNT(*) FROM case_event e JOIN cases c ON c.id = e.case_id WHERE c.$W AND e.event = 'recommend_refusal'")" \
    "$(cell samrad recommend_refusal)" "…the samråd's recommended refusals"
expect_eq "$(q "SELECT COUNT(*) FROM cases WHERE $W AND decision_outcome = 'refused'")" "$(grep -c '^refusal,' "$T/f.csv")" \
    "…a row per refused case"
for a in accept refuse pending; do
    expect_eq "$(q "SELECT COUNT(*) FROM case_unit u JOIN cases c ON c.id = u.case_id WHERE c.$W AND c.process = 2 AND u.answer = '$a'")" \
        "$(cell unit_answer $a)" "…the units' answers in Process 2: $a"
done
expect_eq "$(q "SELECT COUNT(*) FROM obstacle WHERE $W")" "$(cell obstacles total)" "…the obstacles"
check "…a step row per step with a target" test "$(grep -c '^step,' "$T/f.csv")" -eq 8
# Each step's count against the history rows, counted here in SQL: a row that changes the state
# ends a step of its from-state when the case's previous such row entered that state, not later.
# (The count is the fifth field from the end: a label may hold a comma.)
for s in received completion_requested awaiting_samrad awaiting_cost_acceptance unit_consultation awaiting_decision \
    awaiting_assignment extracting; do
    expect_eq "$(q "SELECT COUNT(*) FROM case_event e JOIN cases c ON c.id = e.case_id WHERE c.$W AND e.from_state = '$s'
        AND e.to_state <> '$s' AND EXISTS (SELECT 1 FROM case_event p WHERE p.id = (SELECT MAX(x.id) FROM case_event x
        WHERE x.case_id = e.case_id AND x.id < e.id AND x.from_state <> x.to_state) AND p.to_state = '$s' AND p.at <= e.at)")" \
        "$(grep "^step,$s," "$T/f.csv" | awk -F, '{ print $(NF - 4) }')" "…the steps of $s ended, as the history has them"
done
check "…the received step measured" test "$(cell step received)" -gt 0
S="sent_at >= $(date -u -d "$FROM" +%s) AND sent_at < $(date -u -d "$UNTIL" +%s)"
SENT=$(q "SELECT COUNT(*) FROM case_survey WHERE $S")
check "the demo's closed cases have surveys ($SENT)" test "$SENT" -gt 0
expect_eq "$SENT" "$(cell survey sent)" "…the surveys sent"
expect_eq "$(q "SELECT COUNT(*) FROM case_survey WHERE $S AND answered_at IS NOT NULL")" "$(cell survey answered)" "…answered"
expect_eq "$(q "SELECT COUNT(*) FROM case_survey WHERE $S AND score = 5")" "$(cell survey_score 5)" "…answered 5"
check "a search with no hit that looks like a formula is kept as text" grep -q "^search_miss,\"\",'=cmd|calc,4," "$T/f.csv"
check "the HTML has the lead-time table" grep -q '<caption>Handläggningstid per steg</caption>' "$T/f.html"
check "…a chart beside the tables" grep -q '<svg' "$T/f.html"
check "…the refusal's markup escaped" grep -q '&lt;script&gt;alert(1)&lt;/script&gt; saknar' "$T/f.html"
check "…never raw" bash -c "! grep -q '<script>alert' '$T/f.html'"

# The PDF's text (pdftotext): the title, the number of cases, the lead-time table.
pdftotext -layout "$T/f.pdf" "$T/f.txt"
check "the PDF's text has the title" grep -q "Uppföljning av stödet" "$T/f.txt"
check "…the number of cases ($TOTAL)" grep -qE "Ärenden som skapades under perioden: +$TOTAL\$" "$T/f.txt"
check "…the refused decisions" grep -qE "Beslut om avslag +$(cell decision refused)\$" "$T/f.txt"
check "…the lead-time table" grep -q "Handläggningstid per steg" "$T/f.txt"
check "…the obstacles" grep -qE "Rapporterade hinder +$(cell obstacles total)\$" "$T/f.txt"
check "…and the page numbers" grep -q "Sida 2" "$T/f.txt"

# XLSX read back by openpyxl: the same rows as the CSV, figures as numbers, texts as strings.
xl() { "$PY" - "$T/f.xlsx" "$@" <<'PY'
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1], read_only=True).worksheets[0]
rows = list(ws.iter_rows(values_only=True))
what = sys.argv[2]
if what == "rows": print(len(rows))
elif what == "cases": print([r[3] for r in rows if r[0] == "cases"][0])
elif what == "miss": print(repr([r[2] for r in rows if r[0] == "search_miss"][0]))
PY
}
expect_eq "$(wc -l <"$T/f.csv")" "$(xl rows)" "the XLSX has the CSV's rows"
expect_eq "$TOTAL" "$(xl cases)" "…the number of cases as a number"
expect_eq "'=cmd|calc'" "$(xl miss)" "…a formula-like text as a string, as it was typed"

cli report followup --from $FROM --to $TO --format csv --lang en --db "$SRV_URL"
expect_eq 0 "$RC" "--lang en"
check "…in English" grep -q 'Lead time per step\|Approved in part' "$T/cli.out"

bad() { # bad DESC PATTERN ARGS...
    local desc=$1 pat=$2
    shift 2
    rm -f "$T/bad.out"
    cli report followup "$@" --out "$T/bad.out" --db "$SRV_URL"
    expect_eq 2 "$RC" "$desc is refused"
    expect_match "$pat" "$ERR" "…saying why"
    check "…writing no file" test ! -e "$T/bad.out"
}
bad "a day that does not exist" "inget giltigt datum" --from 2025-02-30 --to 2025-03-01 --format csv
bad "a period that ends before it begins" "före den första" --from 2025-03-01 --to 2025-01-01 --format csv
bad "a format not offered" "html, pdf, csv or xlsx" --from 2025-01-01 --to 2025-03-01 --format docx
bad "no period" "första och sista dag" --format csv
bad "another language" "sv or en" --from 2025-01-01 --to 2025-03-01 --format csv --lang de
bad "an unknown option" "unknown option" --from 2025-01-01 --to 2025-03-01 --format csv --year 2025

# Over HTTP: the network coordinator and the admin only.
A=$(jar anon)
http GET "/uppfoljning?fran=$FROM&till=$TO&format=csv" "$A"
expect_status '(303|401|403)' "the figures refused to the public"
expect_body_lacks "recommend_refusal" "…showing nothing"
for who in sokande hinder samordnare; do
    login "$who"
    http GET "/uppfoljning?fran=$FROM&till=$TO" "$(jar "$who")"
    expect_status 403 "the figures refused to $who"
done
for who in natverk admin; do
    login "$who"
    J=$(jar "$who")
    http GET "/uppfoljning?fran=$FROM&till=$TO" "$J"
    expect_status 200 "$who's page"
    expect_body_has '<input id="fran" name="fran" type="date" value="2010-01-01" required>' "…with the period's form"
    expect_body_has "<strong>$TOTAL</strong>" "…the number of cases"
    expect_body_has '<th scope="col" class="num">Antal</th>' "…tables"
    expect_body_has 'href="/uppfoljning?fran=2010-01-01&amp;till=2039-12-30&amp;format=csv"' "…a CSV download"
    expect_body_has 'href="/uppfoljning"' "…and the menu item"
done
http GET "/uppfoljning?fran=$FROM&till=$TO&format=csv" "$J"
expect_status 200 "the CSV download"
expect_header Content-Type '^text/csv; charset=utf-8' "…as CSV"
expect_header Content-Disposition "uppfoljning-$FROM-$TO.csv" "…as a file"
# The same bytes as from the shell, but for the open obstacles' ages in
# days, counted from the moment each report is made: a slow run can cross
# an obstacle's day boundary between the two (seen once in CI), so those
# two rows may differ by a day and no more.
no_age() { grep -v '^obstacles,\(median\|oldest\)_age_days,' "$1" | sha256sum; }
expect_eq "$(no_age "$T/f.csv")" "$(no_age "$BODY")" "…the same bytes as from the shell (but the ages)"
for k in median_age_days oldest_age_days; do
  shell_age=$(grep "^obstacles,$k," "$T/f.csv" | cut -d, -f4) web_age=$(grep "^obstacles,$k," "$BODY" | cut -d, -f4)
  check "…and the $k a day later at most ($shell_age, $web_age)" \
    test "$web_age" -ge "$shell_age" -a "$web_age" -le $((shell_age + 1))
done
http GET "/uppfoljning?fran=$FROM&till=$TO&format=pdf" "$J"
expect_header Content-Type '^application/pdf' "the PDF download"
pdftotext -layout "$BODY" "$T/g.txt"
check "…whose text gives the number of cases" grep -qE "Ärenden som skapades under perioden: +$TOTAL\$" "$T/g.txt"
http GET "/uppfoljning?fran=$FROM&till=$TO&format=xlsx" "$J"
expect_header Content-Type '^application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' "the XLSX download"
cp "$BODY" "$T/f.xlsx"
expect_eq "$TOTAL" "$(xl cases)" "…read by openpyxl"
http GET "/uppfoljning?fran=$FROM&till=$TO&format=html" "$J"
expect_header Content-Type '^text/html' "the HTML download"
expect_body_has '<!DOCTYPE html>' "…a whole document"
http GET "/uppfoljning" "$J"
expect_status 200 "the page without a period shows the last twelve months"
http GET "/uppfoljning?fran=2025-13-01&till=2025-12-31" "$J"
expect_status 400 "a month 13 is refused"
http GET "/uppfoljning?fran=2025-03-01&till=2025-01-01" "$J"
expect_status 400 "a period backwards is refused"
expect_body_has "före den första" "…saying why"
http GET "/uppfoljning?fran=2025-01-01&till=2025-03-01&format=docx" "$J"
expect_status 400 "a format not offered is refused"
http GET "/uppfoljning" "$J" -H 'Accept-Language: en'
expect_body_has "Follow-up of the support" "the page in English"

# The page's figures are kept for the minute it is stamped with, until the store changes
# (web/followup_cache.h): asked again it is the same; a case added shows at once.
http GET "/uppfoljning?fran=$FROM&till=$TO" "$J"
expect_body_has "<strong>$TOTAL</strong>" "the page asked again"
q "INSERT INTO cases(org_id, state, process, created_at, updated_at) SELECT org_id, 'received', 0,
   '2026-06-01T00:00:00Z', '2026-06-01T00:00:00Z' FROM cases WHERE id = (SELECT MIN(id) FROM cases)" >/dev/null
http GET "/uppfoljning?fran=$FROM&till=$TO" "$J"
expect_body_has "<strong>$((TOTAL + 1))</strong>" "…a case added since counts at once"

finish
