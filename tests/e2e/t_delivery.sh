#!/usr/bin/env bash
# t_delivery.sh — the encrypted delivery through HTTP (store/delivery.h,
# handlers/delivery.c, `datalots delivery offer`): an operator offers an age
# file for a case in extraction, acting as Data och analys; the case is
# delivered in the same step; the mail (caught by tests/smtp_server.py)
# carries the single-use link; the page shows the file's facts and does not
# consume the link (mail scanners fetch it); the POST needs the CSRF token of
# the page's anonymous cookie and streams exactly the file's bytes, which are
# then gone from disk; a second POST gets 410 with the sentence; a bogus
# token 404; the access log never holds the token; someone without the
# role, or a case not in extraction, cannot offer; the destruction reminder's
# link records the destruction.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
INBOX=$T/inbox
SMTP_PORT=$(free_port)
"$PY" "$E2E_ROOT/tests/smtp_server.py" --port "$SMTP_PORT" --dir "$INBOX" >"$T/smtp.out" 2>"$T/smtp.err" &
SMTP_PID=$!
SERVER_PIDS+=("$SMTP_PID")
for _ in $(seq 1 100); do grep -q '^listening on' "$T/smtp.out" 2>/dev/null && break; sleep 0.05; done
SEND=(--smtp-url "smtp://127.0.0.1:$SMTP_PORT" --smtp-from "datalots <noreply@region.example>")

start_server || finish
PUB=https://data.region.example

# A case in extraction (Process 2 at the organisation), straight in the store.
org=$(q "SELECT id FROM org_node WHERE code = 'RH'")
q "INSERT INTO cases(org_id, target_node_id, state, process, created_at, updated_at, diary_number, applicant_email,
   applicant_name, title) VALUES ($org, $org, 'extracting', 2, 'x', 'x', 'RH 2026-04242', 'sara@universitet.example',
   'Sara Forskare', 'Diabetes och njurar')" >/dev/null
CASE=$(q "SELECT id FROM cases WHERE diary_number = 'RH 2026-04242'")
FILE=$T/out/leverans.age
mkdir -p "$T/out"
head -c 300000 /dev/urandom >"$FILE"
SUM=$(sha256sum "$FILE" | cut -c1-64)

# Who may offer: not an applicant, not a case outside extraction.
cli delivery offer --db "$SQLDB" --public-url "$PUB" --case "$CASE" --file "$FILE" --as sokande
expect_eq 1 "$RC" "an applicant cannot register the delivery"
expect_eq "extracting|0" "$(q "SELECT state, (SELECT COUNT(*) FROM delivery) FROM cases WHERE id = $CASE")" \
    "…and nothing is written"
cli delivery offer --db "$SQLDB" --public-url "$PUB" --case "$CASE" --file "$T/out/nonexistent.age" --as dataanalys
expect_eq 1 "$RC" "a missing file is refused"
cli delivery offer --db "$SQLDB" --public-url "$PUB" --case "$CASE" --file "$FILE" --as dataanalys --hours 0
expect_eq 2 "$RC" "--hours 0 is a usage error"
cli delivery offer --db "$SQLDB" --public-url "$PUB" --case "$CASE" --file "$FILE" --as dataanalys --hours 48 \
    --destroy-by 2027-12-31
expect_eq 0 "$RC" "Data och analys offers the file ($ERR)"
expect_match "^delivery [0-9]+: case $CASE delivered" "$OUT" "…and says so"
expect_eq "delivered|1" "$(q "SELECT state, (SELECT COUNT(*) FROM delivery WHERE case_id = $CASE) FROM cases WHERE id = $CASE")" \
    "the case is delivered and the offer stored in the same step"
cli delivery offer --db "$SQLDB" --public-url "$PUB" --case "$CASE" --file "$FILE" --as dataanalys
expect_eq 1 "$RC" "a case no longer in extraction cannot be offered again"
expect_match "inte i uttag" "$ERR" "…with a sentence"

# The mail.
cli mail send --db "$SQLDB" "${SEND[@]}"
MAILS=$("$PY" - "$INBOX"/*.eml <<'PYEOF'
import email, email.policy, sys
for path in sys.argv[1:]:
    with open(path, 'rb') as f:
        m = email.message_from_binary_file(f, policy=email.policy.default)
    print(m['to'], m['subject'])
    print(m.get_content())
PYEOF
)
LINK=$(printf '%s\n' "$MAILS" | grep -o "$PUB/leverans/[0-9a-f]*" | head -1)
TOKEN=${LINK##*/}
check "the mail to the applicant carries the link" test "${#TOKEN}" -eq 64
expect_match "sara@universitet.example" "$MAILS" "…sent to the applicant's address"
expect_match "age -d -i nyckel.txt RH-2026-04242.age \| tar x" "$MAILS" "…with how to decrypt"
expect_match "2027-12-31" "$MAILS" "…and the destroy-by date"
expect_eq 0 "$(q "SELECT COUNT(*) FROM outbox WHERE body_text LIKE '%$TOKEN%'")" \
    "once sent, the stored copy of the mail no longer holds the token"

# The page does not consume the link.
A=$T/anon.jar
http GET "/leverans/$TOKEN" "$A"
expect_status 200 "the page opens without an account"
expect_body_has "RH 2026-04242" "it names the case's diary number"
expect_body_has "$SUM" "…the file's SHA-256"
expect_body_has "300000" "…and size"
http GET "/leverans/$TOKEN" "$A"
expect_status 200 "a second GET (a mail scanner, then the person) still shows it"
expect_eq 0 "$(q "SELECT COUNT(*) FROM delivery WHERE claimed_at IS NOT NULL")" "GET claims nothing"
CSRF=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$BODY" | head -1 | sed 's/.*value="\([0-9a-f]*\)"/\1/')

# CSRF: a POST without the token (or from another browser) is refused and consumes nothing.
http POST "/leverans/$TOKEN" "$T/other.jar" --data-urlencode "csrf=$CSRF"
expect_status 403 "a POST without the page's cookie is refused"
http POST "/leverans/$TOKEN" "$A"
expect_status 403 "a POST without the CSRF token is refused"
expect_eq 1 "$(q "SELECT COUNT(*) FROM delivery WHERE claimed_at IS NULL")" "…and the link is still unused"

# The download.
curl -s -g --max-time 30 -b "$A" -c "$A" -D "$HDRS" -o "$T/got.age" -w '%{http_code}' \
    --data-urlencode "csrf=$CSRF" "$BASE/leverans/$TOKEN" >"$T/code"
expect_eq 200 "$(cat "$T/code")" "the POST downloads"
expect_eq "$SUM" "$(sha256sum "$T/got.age" | cut -c1-64)" "…exactly the file's bytes"
expect_header Content-Disposition 'attachment; filename="RH-2026-04242.age"' "…as an attachment named after the case"
expect_header Content-Type '^application/octet-stream' "…as octet-stream"
expect_header Cache-Control 'no-store' "…never cached"
check "the file is gone from disk" test ! -e "$FILE"
expect_eq 1 "$(q "SELECT COUNT(*) FROM delivery WHERE claimed_at IS NOT NULL AND removed_at IS NOT NULL")" \
    "the delivery is marked fetched and removed"
expect_eq 1 "$(q "SELECT COUNT(*) FROM diary_entry WHERE direction = 'in' AND subject LIKE 'Leveranskvitto:%RH 2026-04242'")" \
    "the receipt is registered in the diarium"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'delivery.fetch'")" "the download is audited"

# The second click, and bad tokens.
http POST "/leverans/$TOKEN" "$A" --data-urlencode "csrf=$CSRF"
expect_status 410 "a second POST gets 410"
expect_body_has "Filen är redan hämtad" "…with the sentence"
http GET "/leverans/$TOKEN" "$A"
expect_status 410 "the page says so too"
http GET "/leverans/$TOKEN" "$A" -H 'Accept-Language: en'
expect_body_has "already been downloaded" "…in English"
BOGUS=$(printf '0%.0s' $(seq 64))
http POST "/leverans/$BOGUS" "$A" --data-urlencode "csrf=$CSRF"
expect_status 404 "a bogus token gets 404"
http GET "/leverans/xyz" "$A"
expect_status 404 "a malformed token gets 404"
expect_eq 2 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'delivery.refused'")" \
    "each refused POST (used, bogus) is audited; the GETs only read"
expect_eq 0 "$(q "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%$TOKEN%' OR object_id LIKE '%$TOKEN%'")" \
    "no audit row holds the token"
check "the access log never holds the token" sh -c "! grep -q '$TOKEN' '$SRV_LOG'"
check "…it logs the route's pattern" grep -q '/leverans/{token}' "$SRV_LOG"

# Destruction: the reminder's link records it (30 days before 2027-12-31 is 2027-12-01).
q "UPDATE delivery SET destroy_by = '$(TZ=Europe/Stockholm date -d '+10 days' +%F)'" >/dev/null
cli cases remind --db "$SQLDB" --public-url "$PUB"
expect_eq 0 "$RC" "cases remind runs ($ERR)"
expect_match "reminded 1 recipient to destroy" "$OUT" "…and reminds the recipient once"
cli cases remind --db "$SQLDB" --public-url "$PUB"
expect_match "reminded 0 recipients to destroy" "$OUT" "…not twice in the same stage"
DTOKEN=$(q "SELECT body_text FROM outbox WHERE kind = 'delivery.destroy_reminder'" | grep -o '/forstoring/[0-9a-f]*' | head -1)
DTOKEN=${DTOKEN##*/}
http GET "/forstoring/$DTOKEN" "$A"
expect_status 200 "the confirmation page opens"
DCSRF=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$BODY" | head -1 | sed 's/.*value="\([0-9a-f]*\)"/\1/')
http POST "/forstoring/$DTOKEN" "$A" --data-urlencode "csrf=$DCSRF" --data-urlencode "destroyed_on=2999-01-01" \
    --data-urlencode "destroyed_by=Sara Forskare"
expect_status 422 "a date in the future is refused"
http POST "/forstoring/$DTOKEN" "$A" --data-urlencode "csrf=$DCSRF" --data-urlencode "destroyed_on=$(TZ=Europe/Stockholm date +%F)" \
    --data-urlencode "destroyed_by=Sara Forskare"
expect_status 200 "the destruction is recorded"
expect_body_has "Förstöringen är intygad" "…and the page says so"
expect_eq 1 "$(q "SELECT COUNT(*) FROM delivery WHERE destroyed_by = 'Sara Forskare'")" "…in the store"

# The sweep removes an expired offer's file.
q "UPDATE cases SET state = 'extracting' WHERE id = $CASE" >/dev/null
head -c 1000 /dev/urandom >"$FILE"
cli delivery offer --db "$SQLDB" --public-url "$PUB" --case "$CASE" --file "$FILE" --as dataanalys --hours 1
expect_eq 0 "$RC" "a second offer ($ERR)"
q "UPDATE delivery SET expires_at = 0 WHERE claimed_at IS NULL" >/dev/null
cli delivery sweep --db "$SQLDB"
expect_match "^removed 1 expired delivery$" "$OUT" "the sweep removes the expired offer"
check "…and its file" test ! -e "$FILE"

finish
