#!/usr/bin/env bash
# t_followup_questions.sh — the follow-up's part "Frågor till nätverket"
# (issue 15 item 6: answer times are followed up like lead times;
# docs/followup.md): questions with the demo network's members and the
# coordinator's queue, received and answered on known instants in May 2026
# (weekends, Labour Day on Friday 1 May and Ascension Day on Thursday 14 May
# among them), some open and overdue now. The answer times per member
# function in `datalots report followup` as CSV, HTML, PDF (through
# pdftotext) and XLSX (through openpyxl), and on /uppfoljning, carry the
# same numbers as /fragor's answer-time section for the same period, and
# those agree with figures worked out here by Python's own calendar (the two
# holidays written out). A question answered in June changes /fragor but
# not the report for May; the members are named, never numbered, and a
# member's name is escaped.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
start_server || finish
cli demo network --db "$SRV_URL"
expect_eq 0 "$RC" "the demo network is seeded ($ERR)"
NORR=$(q "SELECT id FROM network_member WHERE name = 'Regionalt forskningsstöd Norr'")
SYD=$(q "SELECT id FROM network_member WHERE name = 'Kliniskt forskningscentrum Syd'")
ODD_NAME='Stöd <Öst> & "Väst"'
q "INSERT INTO network_member(name, created_at) VALUES ('$ODD_NAME', '2026-01-01T00:00:00Z')" >/dev/null
ODD=$(q "SELECT id FROM network_member WHERE name LIKE 'Stöd <Öst>%'")
check "three members to route to ($NORR, $SYD, $ODD)" test -n "$NORR" -a -n "$SYD" -a -n "$ODD"
q "DELETE FROM question_event" >/dev/null
q "DELETE FROM question" >/dev/null

# question MEMBER|NULL STATE RECEIVED ANSWERED — instants in UTC ('' not answered).
question() {
    local upd=$3
    [ -n "$4" ] && upd=$4
    q "INSERT INTO question(topic, data_type, body, asker_email, state, member_id, created_at, answered_at, updated_at)
       VALUES ('access', 'patient-record', 'En fråga om svarstiderna.', 'fragare@example.se', '$2', $1, '$3', '$4',
       '$upd')" >/dev/null
}
# Norr: 0 (the same day), 2 (15 and 18 May; 14 May is Ascension Day), 5 (29, 30 April, 4–6 May; 1 May is Labour Day), 9.
question "$NORR" answered 2026-05-08T08:00:00Z 2026-05-08T14:00:00Z
question "$NORR" answered 2026-05-13T10:00:00Z 2026-05-18T10:00:00Z
question "$NORR" answered 2026-04-28T10:00:00Z 2026-05-06T10:00:00Z
question "$NORR" answered 2026-05-18T10:00:00Z 2026-05-29T10:00:00Z
# Syd: received 01:30 on Friday 22 May local (23:30 UTC the day before): 1; answered 00:30 on 1 May local: 3.
question "$SYD" answered 2026-05-21T23:30:00Z 2026-05-25T10:00:00Z
question "$SYD" answered 2026-04-27T10:00:00Z 2026-04-30T22:30:00Z
question "$SYD" closed 2026-05-04T10:00:00Z ''
# The odd name: one answered (12 May: 1); the coordinator's queue: one answered (4→11 May: 5).
question "$ODD" answered 2026-05-11T10:00:00Z 2026-05-12T10:00:00Z
question NULL answered 2026-05-04T10:00:00Z 2026-05-11T10:00:00Z
# Open now: Norr one since 1 November (overdue), one since now; the coordinator's queue one since now.
NOW_UTC=$(date -u +%Y-%m-%dT%H:%M:%SZ)
question "$NORR" routed 2026-11-02T10:00:00Z ''
question "$NORR" routed "$NOW_UTC" ''
question NULL received "$NOW_UTC" ''

WANT=$("$PY" - <<'PYEOF'
import datetime, math
HOLIDAYS = {datetime.date(2026, 5, 1), datetime.date(2026, 5, 14)}  # Labour Day, Ascension Day
def wd(a, b):  # working days d with a < d <= b
    a, b = datetime.date.fromisoformat(a), datetime.date.fromisoformat(b)
    return sum(1 for k in range(1, (b - a).days + 1)
               if (a + datetime.timedelta(k)).weekday() < 5 and a + datetime.timedelta(k) not in HOLIDAYS)
def nr(v, p):
    v = sorted(v); return v[max(1, math.ceil(p * len(v) / 100)) - 1]
# local (Europe/Stockholm, summer time) days of the instants above
norr = [wd("2026-05-08", "2026-05-08"), wd("2026-05-13", "2026-05-18"), wd("2026-04-28", "2026-05-06"),
        wd("2026-05-18", "2026-05-29")]
syd = [wd("2026-05-22", "2026-05-25"), wd("2026-04-27", "2026-05-01")]
odd = [wd("2026-05-11", "2026-05-12")]
coord = [wd("2026-05-04", "2026-05-11")]
for name, v, open_, late in (("Kliniskt forskningscentrum Syd", syd, 0, 0), ("Regionalt forskningsstöd Norr", norr, 2, 1),
                             ('Stöd <Öst> & "Väst"', odd, 0, 0), ("Koordinatorns kö", coord, 1, 0),
                             ("Alla", norr + syd + odd + coord, 3, 1)):
    print("%s|%d|%d|%d|%d|%d" % (name, len(v), nr(v, 50), nr(v, 90), open_, late))
PYEOF
)
expect_eq "Kliniskt forskningscentrum Syd|2|1|3|0|0
Regionalt forskningsstöd Norr|4|2|9|2|1
Stöd <Öst> & \"Väst\"|1|1|1|0|0
Koordinatorns kö|1|5|5|1|0
Alla|8|2|9|3|1" "$WANT" "the figures worked out by hand (working days counted by Python)"

# canon FORMAT FILE — the answer-time rows as NAME|answered|median|p90|open|overdue, in the file's order.
canon() {
    "$PY" - "$1" "$2" <<'PYEOF'
import csv, html, re, sys
fmt, path = sys.argv[1], sys.argv[2]
def dash(v):
    return '-' if v in ('', '–', None) else str(v)
def table_rows(part):
    for m in re.finditer(r'<tr[^>]*><th scope="row">(.*?)</th>((?:<td class="num">.*?</td>){5})</tr>', part):
        cells = re.findall(r'<td class="num">(.*?)</td>', m.group(2))
        print('|'.join([html.unescape(re.sub(r'<[^>]*>', '', m.group(1)))] + [dash(html.unescape(c)) for c in cells]))
if fmt == 'fragor':
    text = open(path, encoding='utf-8').read()
    table_rows(text[text.index('id="svarstider"'):])
elif fmt == 'html':
    text = open(path, encoding='utf-8').read()
    start = text.index('id="questions"')
    table_rows(text[start:text.index('</section>', start)])
elif fmt in ('csv', 'xlsx'):
    if fmt == 'csv':
        rows = list(csv.reader(open(path, encoding='utf-8', newline='')))
    else:
        import openpyxl
        rows = [list(r) for r in openpyxl.load_workbook(path).active.iter_rows(values_only=True)]
        for r in rows:  # the figures are numbers in the sheet, never text
            if r[0] in ('question_member', 'question_all') and not isinstance(r[3], int):
                print('NOT A NUMBER', r)
    order, fig = [], {}
    for r in rows:
        if r[0] not in ('question_member', 'question_all'):
            continue
        name = r[2]
        if name not in fig:
            order.append(name)
            fig[name] = {}
        if r[1] == 'answered':
            fig[name]['a'] = [dash(r[3]), dash(r[4]), dash(r[5])]
        else:
            fig[name][r[1]] = dash(r[3])
    for name in order:
        f = fig[name]
        print('|'.join([name] + f['a'] + [f['open'], f['overdue']]))
elif fmt == 'pdf':
    lines = open(path, encoding='utf-8').read().splitlines()
    start = max(i for i, l in enumerate(lines) if l.strip() == 'Frågor till nätverket')
    for l in lines[start:]:
        m = re.match(r'^\s*(\S.*?)\s{2,}(\d+)\s+(\d+|–)\s+(\d+|–)\s+(\d+)\s+(\d+)\s*$', l)
        if m:
            print('|'.join([m.group(1)] + [dash(g) for g in m.groups()[1:]]))
PYEOF
}

login natverk
NJ=$(jar natverk)
http GET /fragor "$NJ"
expect_status 200 "the coordinator opens /fragor"
cp "$BODY" "$T/fragor.html"
FRAGOR=$(canon fragor "$T/fragor.html")
expect_eq "$WANT" "$FRAGOR" "/fragor's answer times are the hand-computed ones"

FROM=2026-05-01 TO=2026-05-31
for f in csv html xlsx pdf; do
    cli report followup --from "$FROM" --to "$TO" --format $f --out "$T/f.$f" --db "$SQLDB"
    expect_eq 0 "$RC" "report followup --format $f ($ERR)"
done
pdftotext -layout "$T/f.pdf" "$T/f.txt"
expect_eq "$FRAGOR" "$(canon csv "$T/f.csv")" "the CSV has /fragor's answer times for May"
expect_eq "$FRAGOR" "$(canon html "$T/f.html")" "…the HTML file"
expect_eq "$FRAGOR" "$(canon xlsx "$T/f.xlsx")" "…the XLSX (openpyxl), the figures as numbers"
expect_eq "$FRAGOR" "$(canon pdf "$T/f.txt")" "…the PDF (pdftotext)"
check "the CSV's sections: question_member" grep -q '^question_member,answered,Regionalt forskningsstöd Norr,4,2,9,' "$T/f.csv"
check "…and question_all" grep -q '^question_all,overdue,Alla,1,' "$T/f.csv"
check "…no member by its number" bash -c "! grep -qE '^question_(member|all),[a-z]+,[0-9]+,' '$T/f.csv'"
check "the HTML has the part" grep -q '<h2>Frågor till nätverket</h2>' "$T/f.html"
check "…the odd name escaped" grep -q '<th scope="row">Stöd &lt;Öst&gt; &amp; &quot;Väst&quot;</th>' "$T/f.html"
check "…never raw" bash -c "! grep -q 'Stöd <Öst>' '$T/f.html'"
check "…a chart of the medians" grep -q '<title>Median till svar per stödfunktion (arbetsdagar)</title>' "$T/f.html"
check "the PDF has the part" grep -q 'Frågor till nätverket' "$T/f.txt"

cli report followup --from "$FROM" --to "$TO" --format csv --out "$T/en.csv" --lang en --db "$SQLDB"
expect_eq 0 "$RC" "report followup in English"
check "…the line for all in English" grep -q '^question_all,answered,All,8,2,9,' "$T/en.csv"
check "…and the coordinator's queue" grep -q "^question_member,answered,The coordinator's queue,1,5,5," "$T/en.csv"

http GET "/uppfoljning?fran=$FROM&till=$TO" "$NJ"
expect_status 200 "the coordinator's dashboard for May"
cp "$BODY" "$T/dash.html"
expect_eq "$FRAGOR" "$(canon html "$T/dash.html")" "/uppfoljning has /fragor's answer times"
expect_body_has '<section class="report-part" id="questions">' "…in a part of its own"

# A question answered in June: /fragor (all time) counts it, the report for May does not.
question "$SYD" answered 2026-06-01T10:00:00Z 2026-06-03T10:00:00Z
http GET /fragor "$NJ"
expect_body_has 'Kliniskt forskningscentrum Syd</th><td class="num">3</td>' "/fragor now counts three answers for Syd"
cli report followup --from "$FROM" --to "$TO" --format csv --out "$T/g.csv" --db "$SQLDB"
expect_eq "$WANT" "$(canon csv "$T/g.csv")" "…the report for May is unchanged"
cli report followup --from 2026-06-01 --to 2026-06-30 --format csv --out "$T/june.csv" --db "$SQLDB"
check "…and June's has the one answer (2 working days)" grep -q '^question_member,answered,Kliniskt forskningscentrum Syd,1,2,2,' "$T/june.csv"
finish
