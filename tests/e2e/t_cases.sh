#!/usr/bin/env bash
# t_cases.sh — the release case on a real server with a real SMTP server:
# Process 1 and Process 2 from empty form to closed case (process1.sh,
# process2.sh), then what they left: every document registered in the
# diarium, the audit chain whole, the e-mails the SMTP server received (in
# the recipients' language, none twice), and the bad paths — a double
# submit, a stale page, a step by someone not allowed, hostile and
# oversized fields, a case nobody else may see.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
INBOX=$T/inbox
SMTP_PORT=$(free_port)
"$PY" "$E2E_ROOT/tests/smtp_server.py" --port "$SMTP_PORT" --dir "$INBOX" >"$T/smtp.out" 2>"$T/smtp.err" &
SERVER_PIDS+=("$!")
for _ in $(seq 1 100); do grep -q '^listening on' "$T/smtp.out" 2>/dev/null && break; sleep 0.05; done
start_server --smtp-url "smtp://127.0.0.1:$SMTP_PORT" --smtp-from "Regionhälsan <noreply@regionhalsan.example>" \
    --mail-interval 1 || finish

# --- the two processes, as people take them ---------------------------------
out1=$(bash "$E2E_ROOT/tests/e2e/process1.sh" "$BASE" 2>&1)
expect_eq 0 "$?" "process1.sh: Process 1 from empty form to delivered"
[ "${PIPESTATUS[0]}" ] || true
echo "$out1" | grep -E '^FAILED' | head -3
case1=$(echo "$out1" | sed -n 's/^case \([0-9]*\)$/\1/p')
out2=$(bash "$E2E_ROOT/tests/e2e/process2.sh" "$BASE" 2>&1)
expect_eq 0 "$?" "process2.sh: Process 2 from empty form to delivered"
echo "$out2" | grep -E '^FAILED' | head -3
case2=$(echo "$out2" | sed -n 's/^case \([0-9]*\)$/\1/p')
expect_match '^[0-9]+$' "$case1" "process1.sh names its case"
expect_match '^[0-9]+$' "$case2" "process2.sh names its case"

# --- what they left in the store ---------------------------------------------
expect_eq "delivered|1" "$(q "SELECT state, process FROM cases WHERE id = $case1")" "case 1: delivered, Process 1"
expect_eq "delivered|2|approved_in_part" "$(q "SELECT state, process, decision_outcome FROM cases WHERE id = $case2")" \
    "case 2: delivered, Process 2, released in part"
expect_eq "request acknowledgement completion_request completion confidentiality_review recommendation decision assignment delivery" \
    "$(q "SELECT kind FROM case_document WHERE case_id = $case1 ORDER BY id" | tr '\n' ' ' | sed 's/ $//')" \
    "case 1: every document of the process, in order"
expect_eq 0 "$(q "SELECT COUNT(*) FROM case_document WHERE case_id IN ($case1, $case2) AND diary_entry_id IS NULL")" \
    "every document is registered in the diarium"
expect_eq "1|OSL 25 kap. 1 §|internal" "$(q "SELECT d.confidential, d.legal_ref, d.direction FROM case_document c JOIN diary_entry d ON d.id = c.diary_entry_id WHERE c.case_id = $case1 AND c.kind = 'confidentiality_review'")" \
    "the confidentiality review is registered as confidential, with its legal reference"
expect_eq "accept accept refuse" "$(q "SELECT answer FROM case_unit u JOIN org_node o ON o.id = u.node_id WHERE case_id = $case2 ORDER BY o.code" | tr '\n' ' ' | sed 's/ $//')" \
    "case 2: the units' answers (BUM, Björkdalen, Sjöstaden)"
expect_eq 9 "$(q "SELECT COUNT(*) FROM case_event WHERE case_id = $case1")" "case 1: one history row per step taken (9; the refused one leaves none)"
n_audit=$(q "SELECT COUNT(*) FROM audit_log WHERE object_type = 'case' AND object_id IN ('$case1', '$case2')")
expect_match '^[0-9]+$' "$n_audit" "the case steps are audited"
expect_eq 21 "$n_audit" "one audit row per draft and per step (10 + 11)"
cli audit verify --db "$SRV_URL"
expect_eq 0 "$RC" "the audit chain is whole after both processes"

# --- the e-mails ---------------------------------------------------------------
for _ in $(seq 1 100); do
    [ "$(q "SELECT COUNT(*) FROM outbox WHERE state <> 'sent'")" = 0 ] && break
    sleep 0.2
done
expect_eq 0 "$(q "SELECT COUNT(*) FROM outbox WHERE state <> 'sent'")" "every queued e-mail was sent"
n_out=$(q "SELECT COUNT(*) FROM outbox WHERE case_id IN ($case1, $case2)")
n_in=$(find "$INBOX" -name '*.eml' | wc -l)
expect_eq "$n_out" "$n_in" "the SMTP server received each queued case mail once ($n_out)"
expect_eq "$n_in" "$(grep -h -i '^Message-ID:' "$INBOX"/*.eml | sort -u | wc -l)" "no Message-ID twice"
subjects=$("$PY" - "$INBOX"/*.eml <<'PYEOF'
import email, email.policy, sys
for p in sys.argv[1:]:
    m = email.message_from_binary_file(open(p, 'rb'), policy=email.policy.default)
    print(m['to'], '|', m['subject'])
PYEOF
)
expect_match "sokande@regionhalsan.example \| Er ansökan har kommit in: RH" "$subjects" "the applicant got the acknowledgement with the diary number"
expect_match "sokande@regionhalsan.example \| Beslut i ärende RH" "$subjects" "the applicant was told of the decision"
expect_match "roc-norr@regionhalsan.example \| Samrådet rekommenderar utlämnande: RH [0-9-]+, svara senast" "$subjects" \
    "the area's chief got the unit notice with the deadline"
expect_match "uttag-bjorkdalen@regionhalsan.example \| Uppdrag att ta ut data" "$subjects" "the employee got the assignment notice"
expect_match "dataanalys@regionhalsan.example \| Beviljat uttag till Data och analys" "$subjects" "Data och analys got the approved case"
check "no mail carries the confidential review" sh -c "! grep -l 'Inga patienter skadas' '$INBOX'/*.eml"

# --- the assignment on the employee's record --------------------------------------
login admin
emp=$(q "SELECT id FROM users WHERE username = 'uttag-bjorkdalen'")
http GET "/admin/users/$emp" "$(jar admin)"
expect_body_has "Uppdrag att ta ut data" "the employee's record lists the extraction assignment"
expect_body_has "$(q "SELECT diary_number FROM cases WHERE id = $case1")" "naming its case"

# --- the public process page ----------------------------------------------------
http GET "/process/$(q "SELECT id FROM org_node WHERE code = 'RH'")" -
expect_status 200 "the organisation's process page is public"
expect_body_has "Process 2" "it explains the two processes"
expect_body_has "Etikprövningsmyndighetens diarienummer" "and what the form needs"
expect_match '<td class="num">2</td>' "$(cat "$BODY")" "lead times over the two decided cases"
expect_body_has "Karin Samordnare" "the coordinator is the contact"
http GET "/cases/form.pdf?org=$(q "SELECT id FROM org_node WHERE code = 'RH'")" -
expect_status 200 "the empty request form as PDF, for those who send paper"
expect_match "Etikprövningsmyndighetens diarienummer \*" "$(pdftotext -layout "$BODY" - 2>/dev/null)" "it asks for every field, the needed ones marked"
login sokande
http GET "/cases/$case1/pdf" "$(jar sokande)"
expect_status 200 "the filled request as PDF"
pdf1=$(pdftotext -layout "$BODY" - 2>/dev/null)
expect_match "Diabetes typ 2 i primärvården" "$pdf1" "with the request's values"
expect_match "$(q "SELECT diary_number FROM cases WHERE id = $case1")" "$pdf1" "and its diary number"
login hinder
http GET "/cases/$case1/pdf" "$(jar hinder)"
expect_status 404 "not for someone else"
http GET "/process/$(q "SELECT id FROM org_node WHERE code = 'VC-BJORK'")" -
expect_status 404 "a unit has no process page of its own (its organisation has)"
http GET /process/999999 -
expect_status 404 "an unknown organisation is 404"

# --- a request that came by post: the registrar opens the case ------------------
login registrator
RJ=$(jar registrator)
http GET /cases "$RJ"
expect_body_has 'href="/cases/register"' "the registrar is offered to register an incoming request"
org=$(q "SELECT id FROM org_node WHERE code = 'RH'")
unit=$(q "SELECT id FROM org_node WHERE code = 'VC-EKH'")
post /cases/register "$RJ" "org=$org" "counterpart=Sara Forskare, Göteborgs universitet (brev)" \
    "applicant_name=Sara Forskare" "applicant_email=SOKANDE@regionhalsan.example" "title=Brevansökan om rehabilitering" \
    "target_node=$unit"
expect_status 303 "the registrar registers a request that came by post"
pid=$(hdr Location | sed 's/.*\///' | tr -d '\r')
expect_eq "received|$(q "SELECT id FROM users WHERE username = 'sokande'")" "$(q "SELECT state, owner_user_id FROM cases WHERE id = $pid")" \
    "the case is received and belongs to the account with the applicant's address"
expect_eq "Sara Forskare, Göteborgs universitet (brev)|in" "$(q "SELECT d.counterpart, d.direction FROM case_document c JOIN diary_entry d ON d.id = c.diary_entry_id WHERE c.case_id = $pid AND c.kind = 'request'")" \
    "the incoming request is registered with its sender"
login sokande
http GET /cases "$(jar sokande)"
expect_body_has "Brevansökan om rehabilitering" "the applicant finds it among their requests and can continue online"
post /cases/register "$(jar sokande)" "org=$org" "counterpart=x" "title=y"
expect_status 403 "an applicant cannot register incoming requests"
before=$(q "SELECT COUNT(*) FROM cases")
post /cases/register "$RJ" "org=$org" "title=Utan avsändare"
expect_status 422 "a registration without its sender is refused"
expect_eq "$before" "$(q "SELECT COUNT(*) FROM cases")" "and opens no case"

# --- bad paths -----------------------------------------------------------------
login sokande
J=$(jar sokande)
# A draft with a malformed ethics number, an ICD-10 code that is not one and a bad period: refused, named, nothing stored.
before=$(q "SELECT COUNT(*) FROM cases")
org=$(q "SELECT id FROM org_node WHERE code = 'RH'")
post /cases "$J" "org=$org" "title=Test" "ethics_dnr=2024-1234" "icd10=E11, 12X" "period_from=2020-01-01" "period_to=2019-01-01"
expect_status 422 "a malformed draft is refused"
expect_body_has "2024-01234-01" "the ethics number's format is explained"
expect_body_has "ICD-10" "the bad diagnosis code is named"
expect_body_has "Periodens slut ligger före dess början." "the period's order is checked"
expect_eq "$before" "$(q "SELECT COUNT(*) FROM cases")" "nothing stored"
# Oversized and hostile values.
big=$(head -c 4001 /dev/zero | tr '\0' 'x')
post /cases "$J" "org=$org" "purpose=$big"
expect_status 422 "a purpose over 4000 characters is refused"
post /cases "$J" "org=$org" "title=<script>alert(1)</script>" "send=0"
expect_status 303 "a hostile title is stored as text"
hid=$(hdr Location | sed 's/.*\///' | tr -d '\r')
http GET "/cases/$hid" "$J"
expect_body_lacks "<script>alert(1)</script>" "and shown escaped"
expect_body_has "&lt;script&gt;alert(1)&lt;/script&gt;" "as text"
# Every text field of the form, one character over its limit; every date malformed.
http GET "/cases/new?org=$org" "$J"
tr '\n' ' ' <"$BODY" | grep -o '<\(input\|textarea\) id="f-[a-z0-9_]*" name="[a-z0-9_]*"[^>]*maxlength="[0-9]*"' |
    sed 's/.* name="\([a-z0-9_]*\)".*maxlength="\([0-9]*\)".*/\1 \2/' >"$T/limits"
check "the form declares a limit on each text field (at least 20)" test "$(wc -l <"$T/limits")" -ge 20
before=$(q "SELECT COUNT(*) FROM cases")
while read -r name max; do
    long=$(head -c $((max + 1)) /dev/zero | tr '\0' 'x')
    post /cases "$J" "org=$org" "$name=$long"
    if [ "$STATUS" = 422 ] && grep -q "högst $max tecken" "$BODY"; then ok "$name: $((max + 1)) characters are refused, the limit named"
    else not_ok "$name: $((max + 1)) characters are refused, the limit named" "status $STATUS"; fi
done <"$T/limits"
for name in ethics_date period_from period_to wished_date; do
    post /cases "$J" "org=$org" "$name=2024-02-30"
    expect_status 422 "$name: a date that does not exist is refused"
done
post /cases "$J" "org=$org" "target_node=abc"
expect_status 422 "a unit that is not a number is refused"
post /cases "$J" "org=$org" "target_node=$(q "SELECT id FROM org_node WHERE code = 'VC-BJORK'")9999"
expect_status 422 "a unit of no organisation is refused"
post /cases "$J" "org=$org" "legal_basis=because"
expect_status 422 "a legal basis outside the list is refused"
post /cases "$J" "org=$org" "age_key=age1clxclgdw2aknamv0l3ma28mj95jwj36vvf92q80225qhcre7zfqqss3gsq"
expect_status 422 "an age key with a wrong checksum is refused"
expect_body_has "kontrollsumman" "and the checksum is named"
expect_eq "$before" "$(q "SELECT COUNT(*) FROM cases")" "none of them stored anything"
# An incomplete draft cannot be sent: it stays a draft, with what is missing.
post "/cases/$hid" "$J" "version=1" "title=Bara en titel" "send=1"
expect_status 422 "an incomplete request is not sent"
expect_body_has "Fyll i fältet innan ansökan skickas." "the missing fields are named"
expect_eq "draft" "$(q "SELECT state FROM cases WHERE id = $hid")" "it stays a draft"
# A double submit: the second answer says the case moved on; one registration.
regs=$(q "SELECT COUNT(*) FROM case_document WHERE case_id = $case1 AND kind = 'request'")
post "/cases/$case1/events/submit" "$J" "version=1"
expect_status 409 "a second submit is refused"
expect_body_has "Ladda om sidan" "with a sentence saying what to do"
expect_eq "$regs" "$(q "SELECT COUNT(*) FROM case_document WHERE case_id = $case1 AND kind = 'request'")" "nothing registered twice"
# Someone else's case: not found, not forbidden.
login registrator
http GET "/cases/$hid" "$(jar registrator)"
expect_status 404 "a draft is the applicant's alone"
login hinder
http GET "/cases/$case1" "$(jar hinder)"
expect_status 404 "a case is not shown to an account without a role in it"
post "/cases/$case1/events/withdraw" "$(jar hinder)" "version=1"
expect_status 404 "nor can it be acted on"
# A step that does not exist, and no CSRF token.
post "/cases/$hid/events/explode" "$J" "version=1"
expect_status 404 "an unknown step is 404"
http POST "/cases/$hid/events/withdraw" "$J" --data-urlencode "version=1"
expect_status 403 "a step without the CSRF token is refused"
expect_eq "draft" "$(q "SELECT state FROM cases WHERE id = $hid")" "and changed nothing"
# A stale page: two coordinators act on the same version; one wins.
post /cases "$J" "org=$org" "send=0" "$(printf 'title=Stale')"
sid=$(hdr Location | sed 's/.*\///' | tr -d '\r')
q "UPDATE cases SET state = 'received', version = 5, target_node_id = (SELECT id FROM org_node WHERE code = 'VC-BJORK') WHERE id = $sid" >/dev/null
login samordnare
post "/cases/$sid/events/request_completion" "$(jar samordnare)" "version=5" "text=Första"
expect_status 303 "the first coordinator's step is taken"
post "/cases/$sid/events/request_completion" "$(jar samordnare)" "version=5" "text=Andra"
expect_status 409 "the second, from the same page, is refused"
expect_body_has "Andra" "and what they wrote is kept on the page"
expect_eq 1 "$(q "SELECT COUNT(*) FROM case_document WHERE case_id = $sid")" "one completion request registered"
# --- the ethics decision as an attachment ------------------------------------------
"$DL" doc sample --out "$T/beslut.pdf" >/dev/null 2>&1
check "a real PDF to attach" test -s "$T/beslut.pdf"
J=$(jar sokande)
tok=$(csrf_of /org "$J")
before=$(q "SELECT COUNT(*) FROM cases")
http POST /cases "$J" -F "csrf=$tok" -F "org=$org" -F "title=Med bilaga" -F "ethics_file=@$T/beslut.pdf;type=application/pdf"
expect_status 303 "a draft with the ethics decision as PDF (multipart)"
aid=$(hdr Location | sed 's/.*\///' | tr -d '\r')
expect_eq "$(sha256sum "$T/beslut.pdf" | cut -c1-64)|beslut.pdf|ethics_decision" \
    "$(q "SELECT sha256, filename, kind FROM case_attachment WHERE case_id = $aid")" "stored with its SHA-256 and name"
att=$(q "SELECT id FROM case_attachment WHERE case_id = $aid")
http GET "/cases/$aid/attachments/$att" "$J"
expect_status 200 "the applicant downloads the attachment"
expect_eq "$(sha256sum "$T/beslut.pdf" | cut -c1-64)" "$(sha256sum "$BODY" | cut -c1-64)" "byte for byte as sent"
expect_header Content-Disposition 'attachment; filename="beslut.pdf"' "as an attachment with its name"
http GET "/cases/$aid" "$J"
expect_body_has "$(sha256sum "$T/beslut.pdf" | cut -c1-64)" "the draft shows the file's checksum"
login hinder
http GET "/cases/$aid/attachments/$att" "$(jar hinder)"
expect_status 404 "nobody else gets the attachment"
printf '\x89PNG\r\n\x1a\n%s' "$(head -c 2000 /dev/zero | tr '\0' 'a')" >"$T/bild.pdf"
http POST /cases "$J" -F "csrf=$tok" -F "org=$org" -F "title=PNG" -F "ethics_file=@$T/bild.pdf;type=application/pdf"
expect_status 422 "a PNG named .pdf is refused"
expect_body_has "ska vara en PDF-fil" "with a sentence"
{ printf '%%PDF-1.7\n'; head -c 5000 /dev/urandom; } >"$T/fake.pdf"
http POST /cases "$J" -F "csrf=$tok" -F "org=$org" -F "title=Fake" -F "ethics_file=@$T/fake.pdf;type=application/pdf"
expect_status 422 "a PDF header in front of something else is refused"
expect_body_has "inte en hel PDF-fil" "with a sentence"
head -c 1100000 /dev/urandom >"$T/stor.pdf"
http POST /cases "$J" -F "csrf=$tok" -F "org=$org" -F "title=Stor" -F "ethics_file=@$T/stor.pdf;type=application/pdf"
expect_status 413 "a file over the body limit is refused"
expect_eq "$((before + 1))" "$(q "SELECT COUNT(*) FROM cases")" "the refused uploads opened no case"
expect_eq 1 "$(q "SELECT COUNT(*) FROM case_attachment")" "and stored no file"

# --- reminders before the units' deadline (Process 2) -----------------------------
rid=$hid
area=$(q "SELECT id FROM org_node WHERE code = 'RH-NORR'")
soon=$(TZ=Europe/Stockholm date -d '+1 day' +%F)
q "UPDATE cases SET state = 'unit_consultation', process = 2, target_node_id = $area, consultation_deadline = '$soon' WHERE id = $rid" >/dev/null
q "INSERT INTO case_unit(case_id, node_id) SELECT $rid, id FROM org_node WHERE code IN ('VC-BJORK', 'VC-SJO')" >/dev/null
q "UPDATE case_unit SET answer = 'accept' WHERE case_id = $rid AND node_id = (SELECT id FROM org_node WHERE code = 'VC-BJORK')" >/dev/null
cli cases remind --db "$SRV_URL"
expect_eq 0 "$RC" "cases remind exits 0"
expect_match "^reminded 1 case" "$OUT" "one unit round is near its deadline with a unit still to answer"
expect_eq "roc-norr@regionhalsan.example" "$(q "SELECT to_addr FROM outbox WHERE kind = 'case.unit_reminder' AND case_id = $rid")" \
    "the area's chief is reminded"
cli cases remind --db "$SRV_URL"
expect_match "^reminded 0 cases" "$OUT" "once per round"
expect_eq 1 "$(q "SELECT COUNT(*) FROM outbox WHERE kind = 'case.unit_reminder'")" "no second reminder"
cli cases remind --db "$SRV_URL" --days x
expect_eq 2 "$RC" "a bad --days is a usage error"

finish
