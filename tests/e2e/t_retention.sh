#!/usr/bin/env bash
# t_retention.sh — the retention schedule (gallring, issue 14 item 8):
# `datalots retention schedule|set|run`. run lists and disposes of nothing
# unless --apply; --apply lists as a run, then disposes of each listed
# document in its own transaction; a run stopped half-way (--max) is finished
# by the next --apply, nothing is disposed of twice and nothing that was not
# listed; a rule changed in between keeps what it no longer makes due. A
# disposed-of document keeps its diary entry; its page answers 410 and the
# API gives no body. Bad input: every option malformed, a day after today.
. "$(dirname "$0")/lib.sh"

start_server || finish
cli demo cases --count 60 --seed 5 --db "$SRV_URL"
expect_eq 0 "$RC" "60 generated cases"

# --- the schedule ------------------------------------------------------------
cli retention schedule --db "$SRV_URL"
expect_eq 0 "$RC" "retention schedule"
expect_match $'document\tacknowledgement\t2\t' "$OUT" "…lists the acknowledgement's two years"
expect_match $'document\tdecision\tkeep\t' "$OUT" "…and that a decision is kept"
expect_match $'attachment\tethics_decision\t10\t' "$OUT" "…and the attached ethics decision's ten years"
cli retention set --db "$SRV_URL" --target document --kind acknowledgement --years 101 --basis x
expect_eq 2 "$RC" "more than 100 years is a usage error"
cli retention set --db "$SRV_URL" --target document --kind acknowledgement --years -1 --basis x
expect_eq 2 "$RC" "negative years are a usage error"
cli retention set --db "$SRV_URL" --target document --kind acknowledgement --years 2x --basis x
expect_eq 2 "$RC" "years that are no number are a usage error"
cli retention set --db "$SRV_URL" --target letter --kind acknowledgement --years 2 --basis x
expect_eq 2 "$RC" "an unknown target is a usage error"
cli retention set --db "$SRV_URL" --target document --kind acknowledgement --years 2 --keep --basis x
expect_eq 2 "$RC" "--years and --keep together are a usage error"
cli retention set --db "$SRV_URL" --target document --kind "Ack'; DROP TABLE cases;--" --years 2 --basis x
expect_eq 1 "$RC" "a kind with other characters than a-z and _ is refused"
expect_match "små bokstäver" "$ERR" "…saying how a kind is written"
cli retention set --db "$SRV_URL" --target document --kind acknowledgement --years 2 --basis "$(printf 'rad\nrad')"
expect_eq 1 "$RC" "a basis with a line break is refused"
cli retention set --db "$SRV_URL" --target document --kind acknowledgement --years 2 --basis "$(head -c 401 /dev/zero | tr '\0' x)"
expect_eq 1 "$RC" "a basis over 400 bytes is refused"
expect_eq 13 "$(q "SELECT COUNT(*) FROM retention_rule")" "the refused rules changed nothing"
expect_eq 0 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'retention.rule_set'")" "…and nothing was audited"
cli retention set --db "$SRV_URL" --target document --kind assignment --years 5 --basis "Dokumenthanteringsplan 2026, 4.2"
expect_eq 0 "$RC" "a rule is set"
expect_eq "5|Dokumenthanteringsplan 2026, 4.2" "$(q "SELECT keep_years, basis FROM retention_rule WHERE target = 'document' AND kind = 'assignment'")" "…as typed"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'retention.rule_set' AND object_id = 'document/assignment'")" "…and audited"

# --- what is due ---------------------------------------------------------------
# Closed cases: the odd ones closed in 2020 (their acknowledgements, unit
# notices and assignments are due), the even ones yesterday (nothing due).
CLOSED=$(q "SELECT COUNT(*) FROM cases WHERE closed_at <> ''")
check "the demo has closed cases ($CLOSED)" test "$CLOSED" -ge 6
q "UPDATE cases SET closed_at = '2020-03-01T10:00:00Z' WHERE closed_at <> '' AND id % 2 = 1" >/dev/null
q "UPDATE cases SET closed_at = '$(date -u -d yesterday +%Y-%m-%dT10:00:00Z)' WHERE closed_at <> '' AND id % 2 = 0" >/dev/null
LATE=$(q "SELECT MIN(id) FROM cases WHERE closed_at <> '' AND id % 2 = 0 AND id IN (SELECT case_id FROM case_document WHERE kind = 'acknowledgement')")
DUE_SQL="SELECT COUNT(*) FROM case_document d JOIN cases c ON c.id = d.case_id WHERE c.closed_at LIKE '2020-%' AND d.kind IN ('acknowledgement', 'unit_notice', 'assignment')"
DUE=$(q "$DUE_SQL")
check "documents are due ($DUE)" test "$DUE" -ge 4

cli retention run --db "$SRV_URL"
expect_eq 0 "$RC" "retention run (a dry run by default)"
expect_match "^$DUE due on $(TZ=Europe/Stockholm date +%Y-%m-%d); nothing disposed of" "$(tail -1 <<<"$OUT")" "…counts what is due"
expect_eq "$DUE" "$(grep -c $'\tdocument\t' <<<"$OUT")" "…and lists each"
expect_no_match $'\tdecision\t' "$OUT" "…never a decision (kept)"
expect_eq "0 0" "$(q "SELECT COUNT(*) FROM case_document WHERE disposed_at <> ''") $(q "SELECT COUNT(*) FROM retention_run")" "a dry run disposes of nothing and records no run"
cli retention run --db "$SRV_URL" --as-of 2019-01-01
expect_match "^0 due on 2019-01-01" "$(tail -1 <<<"$OUT")" "nothing was due before the cases' years had passed"
cli retention run --db "$SRV_URL" --as-of 2019-02-30
expect_eq 2 "$RC" "a day that does not exist is a usage error"
cli retention run --db "$SRV_URL" --max 0 --apply
expect_eq 2 "$RC" "--max 0 is a usage error"
cli retention run --db "$SRV_URL" --apply --dry-run
expect_eq 2 "$RC" "--apply with --dry-run is a usage error"
cli retention run --db "$SRV_URL" --apply --as-of 2099-01-01
expect_eq 1 "$RC" "--apply refuses a day after today"
expect_match "inte i förväg" "$ERR" "…saying disposal is never done ahead"
expect_eq 0 "$(q "SELECT COUNT(*) FROM retention_run")" "…and records no run"

# --- a run stopped half-way, then taken up -------------------------------------------
DIARY_BEFORE=$(q "SELECT COUNT(*) FROM diary_entry")
cli retention run --db "$SRV_URL" --apply --max 3
expect_eq 0 "$RC" "retention run --apply --max 3"
expect_match "run 1 .*$DUE listed, 3 disposed of now.*not finished" "$OUT" "…lists all, disposes of 3, says it is not finished"
expect_eq 3 "$(q "SELECT COUNT(*) FROM case_document WHERE disposed_at <> ''")" "three documents disposed of"
expect_eq 3 "$(q "SELECT COUNT(*) FROM case_document WHERE disposed_at <> '' AND body = ''")" "…their contents emptied"
expect_eq "$DIARY_BEFORE" "$(q "SELECT COUNT(*) FROM diary_entry")" "…and every diary entry stays"
expect_eq "$DUE" "$(q "SELECT COUNT(*) FROM retention_item WHERE run_id = 1")" "the run listed every due document"
expect_eq "" "$(q "SELECT finished_at FROM retention_run WHERE id = 1")" "…and is not finished"
# In between: another case becomes due (not listed in run 1), and the rule
# for assignments changes to keep them.
q "UPDATE cases SET closed_at = '2020-03-01T10:00:00Z' WHERE id = $LATE" >/dev/null
LATE_DOCS=$(q "SELECT COUNT(*) FROM case_document WHERE case_id = $LATE AND kind IN ('acknowledgement', 'unit_notice', 'assignment')")
cli retention set --db "$SRV_URL" --target document --kind assignment --keep --basis "Bevaras efter nytt beslut"
expect_eq 0 "$RC" "assignments are now kept"
WAITING_ASSIGN=$(q "SELECT COUNT(*) FROM retention_item WHERE run_id = 1 AND outcome = '' AND kind = 'assignment'")
WAITING=$(q "SELECT COUNT(*) FROM retention_item WHERE run_id = 1 AND outcome = ''")
cli retention run --db "$SRV_URL" --apply
expect_eq 0 "$RC" "the next --apply"
expect_match "run 1 \(taken up, due on .*disposed of now, $WAITING_ASSIGN kept \(no longer due\), finished" "$OUT" "…takes up run 1 and finishes it, keeping the assignments"
expect_match "run 2 .*$(q "SELECT COUNT(*) FROM case_document WHERE case_id = $LATE AND kind IN ('acknowledgement', 'unit_notice')") listed" "$OUT" "…then lists what became due since as run 2"
expect_eq 0 "$(q "SELECT COUNT(*) FROM retention_item WHERE run_id = 1 AND object_id IN (SELECT id FROM case_document WHERE case_id = $LATE)")" "run 1 never took in what it had not listed"
expect_eq 0 "$(q "SELECT COUNT(*) FROM (SELECT a.object_id FROM audit_log a WHERE a.action = 'retention.dispose' GROUP BY a.object_type, a.object_id HAVING COUNT(*) > 1) x")" "nothing was disposed of twice"
expect_eq "$(q "SELECT COUNT(*) FROM case_document WHERE disposed_at <> ''")" "$(q "SELECT COUNT(*) FROM retention_item WHERE target = 'document' AND outcome = 'disposed'")" "every disposed-of document was listed and recorded"
expect_eq "$(q "SELECT COUNT(*) FROM case_document WHERE disposed_at <> ''")" "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'retention.dispose'")" "…and audited once"
expect_eq "$WAITING_ASSIGN" "$(q "SELECT COUNT(*) FROM retention_item WHERE run_id = 1 AND outcome = 'kept'")" "the assignments still waiting were kept, not disposed of"
expect_eq 0 "$(q "SELECT COUNT(*) FROM case_document d JOIN cases c ON c.id = d.case_id WHERE c.closed_at NOT LIKE '2020-%' AND d.disposed_at <> ''")" "nothing of a case closed yesterday was touched"
expect_eq 0 "$(q "SELECT COUNT(*) FROM case_document WHERE kind = 'decision' AND disposed_at <> ''")" "no decision was disposed of"
cli retention run --db "$SRV_URL" --apply
expect_match "run 3 .*0 listed, 0 disposed of now.*finished" "$OUT" "a further --apply finds nothing due and records that it looked"
cli retention run --db "$SRV_URL"
expect_match "^0 due on" "$(tail -1 <<<"$OUT")" "the dry run now lists nothing"
# Two --apply at once (cron twice, an operator by hand): one lists and
# disposes, the other finishes the same run or is told one is under way;
# nothing is disposed of twice either way.
q "UPDATE cases SET closed_at = '2019-05-05T10:00:00Z' WHERE closed_at <> '' AND id % 2 = 0 AND id <> $LATE" >/dev/null
DUE2=$(q "SELECT COUNT(*) FROM case_document d JOIN cases c ON c.id = d.case_id WHERE c.closed_at LIKE '2019-%' AND d.kind IN ('acknowledgement', 'unit_notice') AND d.disposed_at = ''")
"$DL" retention run --db "$SRV_URL" --apply >"$T/a1.out" 2>"$T/a1.err" &
P1=$!
"$DL" retention run --db "$SRV_URL" --apply >"$T/a2.out" 2>"$T/a2.err" &
P2=$!
wait $P1; R1=$?
wait $P2; R2=$?
check "both ended with 0, or one was told another run is under way ($R1 $R2: $(cat "$T/a1.err" "$T/a2.err"))" \
    bash -c "[ $R1 = 0 -a $R2 = 0 ] || grep -q 'annan gallringskörning pågår' '$T/a1.err' '$T/a2.err'"
expect_eq 0 "$(q "SELECT COUNT(*) FROM retention_run WHERE finished_at = ''")" "no run is left unfinished"
expect_eq 0 "$(q "SELECT COUNT(*) FROM (SELECT object_id FROM audit_log WHERE action = 'retention.dispose' GROUP BY object_type, object_id HAVING COUNT(*) > 1) x")" "nothing was disposed of twice"
expect_eq "$DUE2" "$(q "SELECT COUNT(*) FROM case_document d JOIN cases c ON c.id = d.case_id WHERE c.closed_at LIKE '2019-%' AND d.disposed_at <> ''")" "everything due was disposed of ($DUE2)"

# --- what people see ---------------------------------------------------------------
DOC=$(q "SELECT MIN(id) FROM case_document WHERE disposed_at <> ''")
DCASE=$(q "SELECT case_id FROM case_document WHERE id = $DOC")
login registrator
R=$(jar registrator)
http GET "/cases/$DCASE/documents/$DOC" "$R"
expect_status 410 "a disposed-of document's page answers 410 Gone"
expect_body_has "gallrad" "…saying it was disposed of"
http GET "/cases/$DCASE" "$R"
expect_status 200 "the case page still opens"
expect_body_has "Handlingen är gallrad" "…and says which documents were disposed of"
cli api-token create --db "$SRV_URL" --name retention --role registrar --org RH --expires "$(date -u -d '+30 days' +%Y-%m-%d)"
expect_eq 0 "$RC" "an API token for the registry ($ERR)"
http GET "/api/v1/cases/$DCASE/documents" - -H "Authorization: Bearer $(tail -1 <<<"$OUT")"
expect_status 200 "the API's documents of the case"
expect_eq "null|true" "$(python3 -c 'import json,sys; d=[i for i in json.load(open(sys.argv[1]))["items"] if i["id"]==int(sys.argv[2])][0]; print("null" if d["body"] is None else "text", "|", str(d["disposed_at"] is not None).lower(), sep="")' "$BODY" "$DOC")" "…give a disposed-of document no body, and its day"

# --- an attachment: redacted, then disposed of ------------------------------------------
"$DL" doc sample --out "$T/original.pdf" >/dev/null 2>&1
"$DL" doc sample --rows 2 --out "$T/redacted.pdf" >/dev/null 2>&1
login sokande
J=$(jar sokande)
org=$(q "SELECT id FROM org_node WHERE parent_id IS NULL ORDER BY id LIMIT 1")
tok=$(csrf_of /org "$J")
http POST /cases "$J" -F "csrf=$tok" -F "org=$org" -F "title=Gammal" -F "ethics_file=@$T/original.pdf;type=application/pdf"
ACASE=$(hdr Location | sed 's/.*\///' | tr -d '\r')
ATT=$(q "SELECT id FROM case_attachment WHERE case_id = $ACASE")
q "UPDATE cases SET state = 'withdrawn', target_node_id = (SELECT id FROM org_node WHERE code = 'VC-BJORK') WHERE id = $ACASE" >/dev/null
tok=$(csrf_of "/cases/$ACASE/attachments/$ATT/maskering" "$R")
http POST "/cases/$ACASE/attachments/$ATT/maskering" "$R" -F "csrf=$tok" -F "redacted_file=@$T/redacted.pdf;type=application/pdf" -F "reason=Namn"
expect_status 303 "the old case's attachment is redacted"
q "UPDATE cases SET closed_at = '2010-01-15T09:00:00Z' WHERE id = $ACASE" >/dev/null
cli retention run --db "$SRV_URL"
expect_match $'\tattachment\tethics_decision\t2010-01-15\t2020-01-15' "$OUT" "the dry run lists the attachment, due ten years after the case closed"
cli retention run --db "$SRV_URL" --apply
expect_match "1 disposed of now" "$OUT" "--apply disposes of it"
expect_eq "1|0" "$(q "SELECT COUNT(*) FROM case_attachment WHERE id = $ATT AND disposed_at <> '' AND data_base64 = ''")|$(q "SELECT COUNT(*) FROM case_attachment_redaction WHERE attachment_id = $ATT")" "…the original's bytes and the redacted version are gone"
http GET "/cases/$ACASE/attachments/$ATT" "$J"
expect_status 410 "the applicant's download answers 410 Gone"
http GET "/cases/$ACASE/attachments/$ATT/original" "$R"
expect_status 410 "…and so does the original"
http POST "/cases/$ACASE/attachments/$ATT/maskering" "$R" -F "csrf=$tok" -F "redacted_file=@$T/redacted.pdf;type=application/pdf" -F "reason=Igen"
expect_status 410 "a disposed-of attachment cannot be redacted (gone)"
finish
