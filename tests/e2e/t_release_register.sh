#!/usr/bin/env bash
# t_release_register.sh — the public register of decided releases (issue 14
# item 4): /beslut with its filters and pages, /beslut/ID, /beslut.csv,
# /beslut.json and /beslut.atom, anonymous. 200 generated cases (`datalots
# demo cases`); what is public is checked against the store with the cut-off
# computed independently (Python's zoneinfo for Stockholm midnight). Two
# cases taken over HTTP to a decision (release_marked.sh) carry a marker in
# every confidential field and document: decided today they are not public
# (30 working days); dated back they are, and no marker appears on any of
# the register's outputs, while a refusal's reasons do — until the decision
# is marked confidential. Bad filter values are 400 with a sentence.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
start_server || finish
cli demo cases --count 200 --seed 5 --db "$SRV_URL"
expect_eq 0 "$RC" "200 generated cases"

# --- what is public, against the store -------------------------------------
http GET /beslut.json -
expect_status 200 "the register as JSON"
cp "$BODY" "$T/register.json"
http GET /api/v1/register -
expect_status 200 "…and in the JSON API as /api/v1/register"
check "…with the same decisions" cmp -s "$BODY" "$T/register.json"
http GET /beslut.json -
THROUGH=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["published_through"])' "$BODY")
expect_match '^20[0-9]{2}-[0-9]{2}-[0-9]{2}$' "$THROUGH" "it says through which decision date it is public"
# The first day not public starts at this UTC instant (Stockholm midnight).
CUT=$("$PY" -c 'import datetime,sys,zoneinfo
d=datetime.date.fromisoformat(sys.argv[1])+datetime.timedelta(days=1)
t=datetime.datetime(d.year,d.month,d.day,tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm")).astimezone(datetime.timezone.utc)
print(t.strftime("%Y-%m-%dT%H:%M:%SZ"))' "$THROUGH")
# … and 30 Swedish working days before today (weekends only checked here; the unit tests do the holidays)
AGE=$("$PY" -c 'import datetime,sys; print((datetime.date.today()-datetime.date.fromisoformat(sys.argv[1])).days)' "$THROUGH")
check "the cut-off lies 40–60 days back ($AGE; 40 on a Friday: from a Sunday)" test "$AGE" -ge 40 -a "$AGE" -le 60
DECIDED="FROM case_event ev JOIN cases c ON c.id = ev.case_id WHERE ev.event IN ('approve','refuse') AND c.decision_outcome <> ''"
WANT=$(q "SELECT COUNT(*) $DECIDED AND ev.at < '$CUT'")
ALL=$(q "SELECT COUNT(*) $DECIDED")
check "some decisions are public, some not yet ($WANT of $ALL)" test "$WANT" -gt 20 -a "$WANT" -le "$ALL"
jtotal() { "$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$BODY"; }
expect_eq "$WANT" "$(jtotal)" "the JSON holds exactly the public decisions"
http GET /beslut -
expect_body_has "$WANT</span> beslut i urvalet" "the page counts them"
for o in approved approved_in_part refused; do
    http GET "/beslut.json?utfall=$o" -
    expect_eq "$(q "SELECT COUNT(*) $DECIDED AND ev.at < '$CUT' AND c.decision_outcome = '$o'")" "$(jtotal)" \
        "outcome $o: as many as the store has"
done
ORG=$(q "SELECT MIN(org_id) FROM cases")
http GET "/beslut.json?org=$ORG" -
expect_eq "$WANT" "$(jtotal)" "the one organisation: all of them"
Y=$(q "SELECT SUBSTR(MIN(ev.at), 1, 4) $DECIDED AND ev.at < '$CUT'")
new_year() { "$PY" -c 'import datetime,sys,zoneinfo
t=datetime.datetime(int(sys.argv[1]),1,1,tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm")).astimezone(datetime.timezone.utc)
print(t.strftime("%Y-%m-%dT%H:%M:%SZ"))' "$1"; }
http GET "/beslut.json?ar=$((Y + 1))" -
expect_eq "$(q "SELECT COUNT(*) $DECIDED AND ev.at < '$CUT' AND ev.at >= '$(new_year $((Y + 1)))' AND ev.at < '$(new_year $((Y + 2)))'")" \
    "$(jtotal)" "year $((Y + 1)): the decisions of that Stockholm year"
http GET "/beslut?sida=2" -
expect_status 200 "page 2"
expect_body_has "Visar <span class=\"nowrap\">26–50</span>" "…shows 26–50"

# --- the marked cases ---------------------------------------------------------
# the two at once (two cores; each waits on the server's password checks)
bash "$E2E_ROOT/tests/e2e/release_marked.sh" "$BASE" refuse >"$T/refuse.out" 2>&1 &
P1=$!
TITLE_PREFIX='=SUMMA(1;2) ' bash "$E2E_ROOT/tests/e2e/release_marked.sh" "$BASE" approve >"$T/approve.out" 2>&1
wait "$P1"
REF=$(sed -n 's/^case \([0-9]*\)$/\1/p' "$T/refuse.out")
expect_match '^[0-9]+$' "$REF" "a marked case is refused over HTTP $(grep FAILED "$T/refuse.out" | head -1)"
APP=$(sed -n 's/^case \([0-9]*\)$/\1/p' "$T/approve.out")
expect_match '^[0-9]+$' "$APP" "a marked case is approved over HTTP $(grep FAILED "$T/approve.out" | head -1)"
expect_eq "1 refused" "$(q "SELECT COUNT(*) FROM case_document WHERE case_id = $REF AND kind = 'confidentiality_review'") $(q "SELECT decision_outcome FROM cases WHERE id = $REF")" \
    "the refused case has its confidentiality review"
http GET "/beslut/$REF" -
expect_status 404 "decided today: not public yet (30 working days)"
http GET "/beslut.json?q=Publik+titel" -
expect_eq 0 "$(jtotal)" "…nor in the JSON"

# Dated back to the last public day: the newest public decisions.
q "UPDATE case_event SET at = '${THROUGH}T09:00:00Z' WHERE case_id IN ($REF, $APP) AND event IN ('approve', 'refuse')"
A=$(jar anon)
outputs() { # every output of the register into $T/out.*
    local i=0 p
    for p in "/beslut?q=Publik+titel" "/beslut/$REF" "/beslut/$APP" "/beslut.csv?q=Publik+titel" "/beslut.json?q=publik" \
        /beslut.atom "/beslut?utfall=refused" /beslut.csv /beslut.json "/beslut/$REF?en"; do
        i=$((i + 1))
        case $p in *'?en') http GET "${p%\?en}" "$A" -H 'Accept-Language: en' ;; *) http GET "$p" "$A" ;; esac
        cp "$BODY" "$T/out.$i"
        echo "$p $STATUS" >>"$T/out.status"
    done
}
outputs
http GET "/beslut/$REF" -
expect_status 200 "dated back: the refusal is public"
expect_body_has "PUBLIKT-SKAL: uppgifterna kan inte lämnas ut utan men." "…with its reasons"
expect_body_has "Öppna universitetet refuse" "…the applicant's organisation"
expect_body_has "Att beskriva vården av patienter med diabetes. Ytterligare en mening om syftet." "…the purpose in brief"
expect_body_has "Patienter, Labbresultat, Diagnoskoder (ICD-10)" "…the data categories from the schema's names"
expect_body_has "Vårdcentralen Björkdalen" "…the deciding unit"
expect_body_has "$THROUGH" "…the decision date"
http GET "/beslut/$APP" -
expect_status 200 "the approval is public"
expect_body_has "Beviljat" "…as approved"
for i in 1 2 3 4 5 6 7 8 9 10; do
    if grep -qi "hemlig" "$T/out.$i"; then
        not_ok "no marker in $(sed -n "${i}p" "$T/out.status")" "$(grep -oi '[a-z-]*hemlig[a-z-]*' "$T/out.$i" | sort -u | head -3 | tr '\n' ' ')"
    else ok "no marker in $(sed -n "${i}p" "$T/out.status")"; fi
done
grep -q "PUBLIKT-SKAL" "$T/out.4" && grep -q "PUBLIKT-SKAL" "$T/out.5" && grep -q "Publik titel refuse" "$T/out.6"
expect_eq 0 "$?" "the reasons are in the CSV and the JSON; the refusal is in the feed"
expect_eq 1 "$(grep -c "^\"'=SUMMA(1;2) Publik titel approve\|,'=SUMMA(1;2) Publik titel approve" "$T/out.4")" \
    "a title beginning with = is written to the CSV as text ('=…)"
expect_eq 0 "$(grep -c "^=\|,=SUMMA" "$T/out.4")" "…never as a formula"
"$PY" -c 'import sys,xml.dom.minidom as m; d=m.parse(sys.argv[1]); assert d.getElementsByTagName("entry")' "$T/out.6"
expect_eq 0 "$?" "the feed parses as XML and has entries"
atom_valid "$T/out.6" "/beslut.atom (with the =SUMMA title and the marked cases) is valid Atom (RELAX NG, xmllint)"
http GET "/beslut.atom" "$A" -H 'Accept-Language: en'
cp "$BODY" "$T/feed-en.atom"
atom_valid "$T/feed-en.atom" "…and so is the English one"
check "the marker test saw the planted markers in the store" \
    test "$(q "SELECT COUNT(*) FROM case_document WHERE case_id IN ($REF, $APP) AND body LIKE '%HEMLIG%'")" -ge 10

# A decision marked confidential: its reasons are withheld.
q "UPDATE case_document SET confidential = 1 WHERE case_id = $REF AND kind = 'decision'"
http GET "/beslut/$REF" "$A"
expect_body_lacks "PUBLIKT-SKAL" "a decision marked confidential: its reasons are not shown"
expect_body_has "Skälen är sekretessbelagda" "…and the page says why"

# --- bad input ----------------------------------------------------------------
http GET "/beslut?utfall=beviljat" -
expect_status 400 "an outcome in no list is 400"
expect_body_has "Välj ett utfall i listan" "…with a sentence"
http GET "/beslut.csv?org=abc" -
expect_status 400 "an organisation that is not a number is 400"
http GET "/beslut.json?ar=20x6" -
expect_status 400 "a year that is not four digits is 400"
expect_body_has '"message":"Året ska skrivas med fyra siffror' "…as a JSON error with a sentence"
http GET "/beslut?q=$(head -c 101 /dev/zero | tr '\0' a)" -
expect_status 400 "a search word over 100 characters is 400"
http GET "/beslut?q=%25%27%3B--" -
expect_status 200 "SQL and LIKE characters are searched as text"
expect_body_has "0</span> beslut i urvalet" "…and find nothing"
http GET /beslut/99999999 -
expect_status 404 "an unknown decision is 404"
OPEN=$(q "SELECT MIN(id) FROM cases WHERE decision_outcome = ''")
http GET "/beslut/$OPEN" -
expect_status 404 "an undecided case is 404, like one that does not exist"
http GET /beslut/abc -
expect_status 404 "a path that is not a number is 404"
finish
