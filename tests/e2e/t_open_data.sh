#!/usr/bin/env bash
# t_open_data.sh — the open data sets (issue 15 item 5; docs/open-data.md):
# /oppna-data lists them with their licence; arenden and hinder as JSON and
# CSV are recomputed from the store's raw counts with the suppression rule
# written again in Python (open_data_check.py) on 80 generated cases and
# 120 generated obstacles; ledtider shows a median only where it rests on
# five decided cases; no set names a case, an applicant or a diary number;
# everything is public (no session) and a set that does not exist is 404.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
CHECK="$E2E_ROOT/tests/e2e/open_data_check.py"
start_server || finish
cli demo cases --count 80 --seed 11 --db "$SRV_URL"
expect_eq 0 "$RC" "80 generated cases"
cli demo obstacles --count 120 --seed 4 --db "$SRV_URL"
expect_eq 0 "$RC" "120 generated obstacles"

http GET /oppna-data -
expect_status 200 "the page listing the open data sets"
check "…names the licence CC0" grep -q "CC0" "$BODY"
for f in arenden.csv arenden.json ledtider.csv ledtider.json hinder.csv hinder.json; do
    check "…links $f" grep -q "/oppna-data/$f" "$BODY"
done

YEAR="CAST(substr(COALESCE(NULLIF(c.submitted_at, ''), c.created_at), 1, 4) AS BIGINT)"
q "SELECT o.name, $YEAR, c.process, c.state, COUNT(*) FROM cases c JOIN org_node o ON o.id = c.org_id
   WHERE c.state <> 'draft' GROUP BY o.name, 2, c.process, c.state" >"$T/cases.raw"
q "SELECT category, CAST(substr(created_at, 1, 4) AS BIGINT), state, COUNT(*) FROM obstacle
   GROUP BY category, 2, state" >"$T/obstacles.raw"
check "the store has cases to count" test -s "$T/cases.raw"

for set in arenden:cases hinder:obstacles; do
    name=${set%%:*} kind=${set#*:}
    http GET "/oppna-data/$name.json" -
    expect_status 200 "$name.json"
    expect_match '^application/json' "$(hdr Content-Type)" "…as JSON"
    cp "$BODY" "$T/$name.json"
    http GET "/oppna-data/$name.csv" -
    expect_status 200 "$name.csv"
    expect_match '^text/csv' "$(hdr Content-Type)" "…as CSV"
    cp "$BODY" "$T/$name.csv"
    if out=$("$PY" "$CHECK" "$kind" "$T/$kind.raw" "$T/$name.json" "$T/$name.csv" 2>&1); then
        ok "$name: JSON and CSV match the recomputed, suppressed counts ($out)"
    else
        not_ok "$name: $out"
    fi
    hidden=$(grep -c '<5' "$T/$name.csv")
    check "$name: some small counts are suppressed ($hidden)" test "$hidden" -gt 0
done

# ledtider: a median only for a group with five decided cases or more
q "SELECT c.org_id, $YEAR, c.process, COUNT(*) FROM cases c WHERE c.clock_stopped_at > 0 AND c.clock_started_at > 0
   AND c.state <> 'draft' GROUP BY c.org_id, 2, c.process" >"$T/leads.raw"
http GET /oppna-data/ledtider.json -
expect_status 200 "ledtider.json"
if out=$("$PY" - "$T/leads.raw" "$BODY" <<'PYEOF'
import json, sys
n = {}
for line in open(sys.argv[1]):
    if line.strip():
        org, year, proc, k = line.strip().split("|")
        n[(int(year), {"1": "1", "2": "2"}.get(proc, "ej_vald"))] = int(k)
doc = json.load(open(sys.argv[2]))
bad = [r for r in doc["rows"] if (r["median_dagar"] is None) != (n[(r["ar"], r["process"])] < 5)]
neg = [r for r in doc["rows"] if r["median_dagar"] is not None and not (0 <= r["median_dagar"] < 3650)]
print("%d rows, %d without a median" % (len(doc["rows"]), sum(r["median_dagar"] is None for r in doc["rows"])))
sys.exit(1 if bad or neg or len(doc["rows"]) != len(n) else 0)
PYEOF
); then ok "ledtider: a median exactly where five or more decided cases ($out)"; else not_ok "ledtider: $out"; fi

# nothing about a single case
DN=$(q "SELECT diary_number FROM cases WHERE diary_number <> '' ORDER BY id LIMIT 1")
APPL=$(q "SELECT applicant_name FROM cases WHERE applicant_name <> '' ORDER BY id LIMIT 1")
for f in arenden.csv arenden.json ledtider.csv ledtider.json hinder.csv hinder.json; do
    http GET "/oppna-data/$f" -
    check "$f names no diary number" bash -c '! grep -qF -- "$1" "$2"' _ "$DN" "$BODY"
    check "$f names no applicant" bash -c '! grep -qF -- "$1" "$2"' _ "$APPL" "$BODY"
done

http GET /oppna-data/personer.csv -
expect_status 404 "a set that does not exist is 404"
finish
