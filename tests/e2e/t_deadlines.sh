#!/usr/bin/env bash
# t_deadlines.sh — target times of a case's steps (issue 14 item 1) over
# HTTP: with the organisation's targets set on /admin/case-terms, the
# coordinator's queue filters what is overdue and what falls due this week
# (a marker on each row; the waiting-for-the-applicant step never counts),
# the CSV export follows the same filter, a filter in no list is refused,
# the case page shows the time used per step and the two lead times, and
# `datalots cases digest` queues one e-mail a coordinator and day — a second
# run the same day queues nothing, --dry-run writes nothing.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
start_server || finish
cli demo cases --count 80 --seed 5 --db "$SRV_URL"
expect_eq 0 "$RC" "80 generated cases"
ORG=$(q "SELECT id FROM org_node WHERE code = 'RH'")
login admin
login samordnare
S=$(jar samordnare)

# Every step: 30 calendar days.
T30=()
for s in received completion_requested awaiting_samrad awaiting_cost_acceptance unit_consultation awaiting_decision \
    awaiting_assignment extracting decision; do T30+=("days_$s=30" "unit_$s=calendar"); done
post "/admin/case-terms/$ORG/targets" "$(jar admin)" "${T30[@]}"
expect_status 303 "the organisation's targets: 30 calendar days a step"

# Every open case entered its step now, except three: A 40 days ago
# (overdue), B 30 days ago (due today: this week, not overdue) and W, waiting
# for the applicant's completion, 40 days ago (the clock stands still).
NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)
AGO40=$(date -u -d '-40 days' +%Y-%m-%dT%H:%M:%SZ)
AGO30=$(date -u -d "$(TZ=Europe/Stockholm date -d '-30 days' +%F) 12:00 Europe/Stockholm" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null ||
    TZ=Europe/Stockholm date -d "$(TZ=Europe/Stockholm date -d '-30 days' +%F) 12:00" -u +%Y-%m-%dT%H:%M:%SZ)
q "UPDATE case_event SET at = '$NOW'"
q "UPDATE cases SET updated_at = '$NOW'"
A=$(q "SELECT MIN(id) FROM cases WHERE state = 'awaiting_samrad'")
B=$(q "SELECT MIN(id) FROM cases WHERE state = 'awaiting_decision'")
W=$(q "SELECT MIN(id) FROM cases WHERE state IN ('received', 'unit_consultation', 'awaiting_assignment', 'extracting')")
check "the demo has the cases to move" test -n "$A" -a -n "$B" -a -n "$W"
# W: sent back for completion 40 days ago (no history row into it: the case's last change counts).
q "UPDATE cases SET state = 'completion_requested', updated_at = '$AGO40' WHERE id = $W"
q "UPDATE case_event SET at = '$AGO40' WHERE case_id IN ($A, $W)"
q "UPDATE case_event SET at = '$AGO30' WHERE case_id = $B"
NA=$(q "SELECT diary_number FROM cases WHERE id = $A")
NB=$(q "SELECT diary_number FROM cases WHERE id = $B")
NW=$(q "SELECT diary_number FROM cases WHERE id = $W")

http GET "/cases?due=overdue" "$S"
expect_status 200 "the queue of overdue cases"
expect_body_has "$NA" "…lists the case past its target"
expect_body_lacks "$NB" "…not the one due today"
expect_body_lacks "$NW" "…nor the one waiting for the applicant"
expect_body_has "Försenad" "…with a marker saying so"
expect_body_has "(1)" "…one case in all"
http GET "/cases?due=week" "$S"
expect_body_has "$NB" "due this week: the case due today"
expect_body_lacks "$NA" "…not the overdue one"
expect_body_has "Förfaller denna vecka" "…with its marker"
http GET "/cases" "$S"
expect_body_has "Väntar på den sökande" "the whole queue marks the waiting case as the applicant's"
http GET "/cases?due=soon" "$S"
expect_status 400 "a filter in no list is refused"
http GET "/cases?state=open&due=any" "$S"
expect_status 200 "due=any (the form's default) is no filter"
expect_body_has "$NB" "…every open case listed"

http GET "/cases?due=overdue&format=csv" "$S"
expect_status 200 "the overdue cases as CSV"
expect_header Content-Disposition 'filename="arenden-open-overdue.csv"' "…named for the filter"
ROWS=$("$PY" -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8"))); print(len(r)-1, r[0][-1], r[1][-1], r[1][1])' "$BODY")
expect_eq "1 Mål för steget Försenad $NA" "$ROWS" "the file holds what the page holds, with the target column"
http GET "/cases?due=week&format=xlsx" "$S"
expect_status 200 "due this week as XLSX"
cp "$BODY" "$T/week.xlsx"
XL=$("$PY" -c 'import openpyxl,sys; rows=list(openpyxl.load_workbook(sys.argv[1]).active.iter_rows(values_only=True)); print(len(rows)-1, rows[1][11])' "$T/week.xlsx")
expect_eq "1 Förfaller denna vecka" "$XL" "…the same filter in the workbook"

# --- the case page ---------------------------------------------------------------
http GET "/cases/$A" "$S"
expect_body_has "Tid per steg" "the case page shows the time per step"
expect_body_has "Över målet" "…and that the current step is past its target"
expect_body_has "Mål för steget" "…and the step's target"
D=$(q "SELECT MIN(id) FROM cases WHERE state = 'delivered' AND EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = cases.id AND e.event = 'accept_complete')")
q "UPDATE case_event SET at = '$AGO40' WHERE case_id = $D AND event IN ('submit', 'register_incoming')"
q "UPDATE case_event SET at = '$AGO30' WHERE case_id = $D AND event = 'accept_complete'"
http GET "/cases/$D" "$S"
expect_body_has "Handläggningstid enligt EHDS" "a delivered case shows the EHDS lead time"
expect_body_has "Från inkommen ansökan till leverans" "…and receipt to delivery"
expect_match "till leverans</dt><dd>(39|40),[0-9] dygn" "$(cat "$BODY")" "…about 40 days from receipt to delivery"
expect_body_has "Beslutet fattades" "…and whether the decision came within the whole case's target"
http GET "/cases/$A" "$S"
expect_body_has "Beslut senast" "an open case complete for 40 days shows the decision's last day"
expect_body_has "$(TZ=Europe/Stockholm date -d "$(TZ=Europe/Stockholm date -d '-40 days' +%F) +30 days" +%F)" \
    "…30 calendar days after the complete application"

# --- the daily digest ------------------------------------------------------------------
N0=$(q "SELECT COUNT(*) FROM outbox WHERE kind = 'case.digest'")
cli cases digest --dry-run --db "$SRV_URL"
expect_eq 0 "$RC" "a dry run of the digest"
expect_match "would queue 1 digest" "$OUT" "…would mail the one coordinator with an overdue case"
expect_eq "$N0" "$(q "SELECT COUNT(*) FROM outbox WHERE kind = 'case.digest'")" "…and queued nothing"
cli cases digest --db "$SRV_URL"
expect_match "queued 1 digest" "$OUT" "the digest is queued"
EMAIL=$(q "SELECT email FROM users WHERE username = 'samordnare'")
expect_eq 1 "$(q "SELECT COUNT(*) FROM outbox WHERE kind = 'case.digest' AND to_addr = '$EMAIL'")" "…to the coordinator"
expect_match "$NA" "$(q "SELECT body_text FROM outbox WHERE kind = 'case.digest'")" "…listing the overdue case"
cli cases digest --db "$SRV_URL"
expect_match "queued 0 digests" "$OUT" "a second run the same day queues nothing"
expect_match "1 coordinator already had today's" "$OUT" "…and says why"
expect_eq 1 "$(q "SELECT COUNT(*) FROM outbox WHERE kind = 'case.digest'")" "…one digest in the outbox"
cli cases digest --bogus --db "$SRV_URL"
expect_eq 2 "$RC" "an unknown option is refused"
finish
