#!/usr/bin/env bash
# t_followup_survey.sh — the two parts of the follow-up counted from people's
# use (issue 15 item 3; docs/followup.md):
#   the satisfaction survey: a case delivered through `datalots delivery
#   offer` (a closing row of the case's table, NOTIFY_SURVEY) mails the
#   applicant a link (caught by tests/smtp_server.py); the page opens
#   without an account and asks in a fieldset with a legend; hostile,
#   oversized, malformed and forged answers are refused with a sentence and
#   nothing is written; one answer is stored; a second is refused; an
#   expired link says so; once sent, the outbox no longer holds the token;
#   the guide's page views: counted in memory for a rendered page, a page
#   from the page cache and a 304 — not a HEAD, a bot, an unknown page, an
#   RDF document or an editor's own reading — and written at stop;
#   the report: both parts in CSV (figures worked out here), HTML (escaped),
#   the PDF through pdftotext and the XLSX through openpyxl, and on
#   /uppfoljning.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
INBOX=$T/inbox
SMTP_PORT=$(free_port)
"$PY" "$E2E_ROOT/tests/smtp_server.py" --port "$SMTP_PORT" --dir "$INBOX" >"$T/smtp.out" 2>"$T/smtp.err" &
SMTP_PID=$!
SERVER_PIDS+=("$SMTP_PID")
for _ in $(seq 1 100); do grep -q '^listening on' "$T/smtp.out" 2>/dev/null && break; sleep 0.05; done
SEND=(--smtp-url "smtp://127.0.0.1:$SMTP_PORT" --smtp-from "datalots <noreply@region.example>")

PUB=https://data.region.example
start_server --public-url "$PUB" || finish
FIRST_DIR=$SRV_DIR
TODAY=$(TZ=Europe/Stockholm date +%F)

# ---- The survey -------------------------------------------------------------
org=$(q "SELECT id FROM org_node WHERE code = 'RH'")
q "INSERT INTO cases(org_id, target_node_id, state, process, created_at, updated_at, diary_number, applicant_email,
   applicant_name, title) VALUES ($org, $org, 'extracting', 2, 'x', 'x', 'RH 2026-05151', 'sara@universitet.example',
   'Sara Forskare', 'Diabetes och njurar')" >/dev/null
CASE=$(q "SELECT id FROM cases WHERE diary_number = 'RH 2026-05151'")
mkdir -p "$T/out"
head -c 1000 /dev/urandom >"$T/out/leverans.age"
cli delivery offer --db "$SQLDB" --public-url "$PUB" --case "$CASE" --file "$T/out/leverans.age" --as dataanalys
expect_eq 0 "$RC" "the case is delivered ($ERR)"
expect_eq 1 "$(q "SELECT COUNT(*) FROM case_survey WHERE case_id = $CASE")" "closing the case made its survey"
expect_eq 64 "$(q "SELECT length(token_hash) FROM case_survey WHERE case_id = $CASE")" "…keeping the token's hash"
cli mail send --db "$SQLDB" "${SEND[@]}"
MAILS=$("$PY" - "$INBOX"/*.eml <<'PYEOF'
import email, email.policy, sys
for path in sys.argv[1:]:
    with open(path, 'rb') as f:
        m = email.message_from_binary_file(f, policy=email.policy.default)
    print('MAIL', m['to'], '|', m['subject'])
    print(m.get_content())
PYEOF
)
LINK=$(printf '%s\n' "$MAILS" | grep -o "$PUB/enkat?t=[0-9a-f]*" | head -1)
TOKEN=${LINK##*t=}
check "the applicant got the survey's link" test "${#TOKEN}" -eq 64
expect_match "MAIL sara@universitet.example \| Hur nöjd är du med hanteringen av ärende RH 2026-05151\?" "$MAILS" \
    "…in a mail to the applicant that asks the question"
expect_match "60 dagar" "$MAILS" "…and says how long the link is valid"
expect_eq "$(printf '%s' "$TOKEN" | sha256sum | cut -c1-64)" "$(q "SELECT token_hash FROM case_survey WHERE case_id = $CASE")" \
    "the store holds the SHA-256 of the mailed token"
expect_eq 0 "$(q "SELECT COUNT(*) FROM outbox WHERE body_text LIKE '%$TOKEN%'")" \
    "once sent, the outbox no longer holds the token"

A=$T/anon.jar
http GET "/enkat?t=$TOKEN" "$A"
expect_status 200 "the link opens the survey without an account"
expect_body_has "<legend>Hur nöjd är du med hanteringen av ditt ärende? *</legend>" "…one question as a fieldset's legend"
expect_eq 5 "$(grep -c 'type="radio" name="betyg"' "$BODY")" "…five radio buttons"
expect_body_has 'maxlength="2000"' "…a comment of at most 2000 characters"
expect_body_has "RH 2026-05151" "…naming the case"
CSRF=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$BODY" | head -1 | sed 's/.*value="\([0-9a-f]*\)"/\1/')
answer() { http POST /enkat "$A" --data-urlencode "csrf=$CSRF" "$@"; }
unanswered() { expect_eq 0 "$(q "SELECT COUNT(*) FROM case_survey WHERE answered_at IS NOT NULL")" "$1"; }

answer --data-urlencode "t=$TOKEN" --data-urlencode "betyg=6"
expect_status 422 "a score of 6 is refused"
expect_body_has "Hur nöjd är du med hanteringen av ditt ärende?" "…naming the question"
answer --data-urlencode "t=$TOKEN" --data-urlencode "betyg=1 OR 1=1"
expect_status 422 "a score that is not one of 1–5 is refused"
answer --data-urlencode "t=$TOKEN"
expect_status 422 "no score is refused"
expect_body_has "måste fyllas i" "…with a sentence"
answer --data-urlencode "t=$TOKEN" --data-urlencode "betyg=4" --data-urlencode "kommentar=$(head -c 2001 /dev/zero | tr '\0' 'x')"
expect_status 422 "a comment of 2001 characters is refused"
expect_body_has "högst 2000 tecken" "…with a sentence"
answer --data-urlencode "t=$TOKEN" --data-urlencode "betyg=4" --data-urlencode "kommentar=$(printf 'bad \001 byte')"
expect_status 400 "a comment with a control character is refused"
answer --data-urlencode "t=${TOKEN%?}g" --data-urlencode "betyg=4"
expect_status 404 "a malformed token is refused"
expect_body_has "Enkäten finns inte" "…with a sentence"
answer --data-urlencode "t=$(printf '0%.0s' $(seq 64))" --data-urlencode "betyg=4"
expect_status 404 "an unknown token is refused"
http POST /enkat "$T/other.jar" --data-urlencode "t=$TOKEN" --data-urlencode "betyg=4"
expect_status 403 "an answer without the page's CSRF token is refused"
http GET "/enkat?t=nonsense" "$A"
expect_status 400 "a link whose code is not a token is refused"
unanswered "…and none of these stored anything"

COMMENT='<script>alert(1)</script> =cmd|calc; snabb och vänlig hantering'
answer --data-urlencode "t=$TOKEN" --data-urlencode "betyg=4" --data-urlencode "kommentar=$COMMENT"
expect_status 200 "the answer is taken"
expect_body_has "Tack för ditt svar" "…with thanks"
expect_eq "4|$COMMENT" "$(q "SELECT score, comment FROM case_survey WHERE case_id = $CASE")" "…and stored"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'case.survey_answer'")" "…and audited"
answer --data-urlencode "t=$TOKEN" --data-urlencode "betyg=1"
expect_status 409 "a second answer is refused"
expect_body_has "Du har redan svarat på enkäten" "…with a sentence"
expect_eq 4 "$(q "SELECT score FROM case_survey WHERE case_id = $CASE")" "…and the first is kept"
http GET "/enkat?t=$TOKEN" "$A" -H 'Accept-Language: en'
expect_status 409 "the link, once used, says so"
expect_body_has "already answered" "…in English too"

check "the access log never holds the token" bash -c "! grep -q '$TOKEN' '$SRV_LOG'"
check "…though it logged the survey's requests" grep -q '/enkat' "$SRV_LOG"

# A second closed case whose link has expired (sent 61 days ago): refused, and it counts as not answered.
q "INSERT INTO cases(org_id, target_node_id, state, process, created_at, updated_at, diary_number, applicant_email,
   applicant_name, title) VALUES ($org, $org, 'refused', 1, 'x', 'x', 'RH 2026-05152', 'per@universitet.example',
   'Per Forskare', 'Astma')" >/dev/null
CASE2=$(q "SELECT id FROM cases WHERE diary_number = 'RH 2026-05152'")
TOKEN2=$(printf 'e%.0s' $(seq 64))
NOW=$(date +%s)
q "INSERT INTO case_survey(case_id, token_hash, sent_at, expires_at) VALUES ($CASE2,
   '$(printf '%s' "$TOKEN2" | sha256sum | cut -c1-64)', $((NOW - 61 * 86400)), $((NOW - 86400)))" >/dev/null
http GET "/enkat?t=$TOKEN2" "$A"
expect_status 409 "an expired link is refused"
expect_body_has "har gått ut" "…with a sentence"

# ---- The guide's page views -------------------------------------------------
cli catalog import "$E2E_ROOT/content" --db "$SQLDB"
expect_eq 0 "$RC" "the guide is imported ($ERR)"
ITEM=$(q "SELECT id FROM guide_item WHERE type = 'register' ORDER BY id LIMIT 1")
TITLE=$(q "SELECT title FROM guide_item WHERE id = '$ITEM'")
check "the demo store has a guide page to read ($ITEM)" test -n "$ITEM"
V=$T/reader.jar
http GET "/guide/$ITEM" "$V"
expect_status 200 "a reader opens the page"
http GET "/guide/$ITEM" "$V"
expect_header X-Page-Cache hit "…again, from the page cache"
ETAG=$(hdr ETag)
http GET "/guide/$ITEM" "$V" -H "If-None-Match: $ETAG"
expect_status 304 "…and once more as a 304"
http HEAD "/guide/$ITEM" "$V"
expect_status 200 "a HEAD (not counted)"
http GET "/guide/$ITEM" - -A 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'
expect_status 200 "a bot that says so (not counted)"
http GET "/guide/$ITEM.ttl" -
expect_status 200 "the RDF document (not counted)"
http GET "/guide/finns-inte-alls" -
expect_status 404 "an unknown page (not counted)"
login redaktor
http GET "/guide/$ITEM" "$(jar redaktor)"
expect_status 200 "an editor reads the page (not counted)"
http GET /metrics -
expect_body_has "datalots_guide_views_dropped_total 0" "/metrics: no view dropped"
stop_server
expect_eq "3" "$(q "SELECT views FROM guide_view_day WHERE item_id = '$ITEM' AND day = '$TODAY'")" \
    "at stop the three views (rendered, cached, 304) are written for today"
expect_eq 1 "$(q "SELECT COUNT(*) FROM guide_view_day")" "…and nothing else"
check "no address or agent is stored" bash -c "! grep -rq 'Googlebot' '$FIRST_DIR'/*.db 2>/dev/null"

# A second server on the same store adds to the count (count = count + n).
E2E_STORE=$FIRST_DIR start_server || finish
http GET "/guide/$ITEM" -
stop_server
expect_eq "4" "$(q "SELECT views FROM guide_view_day WHERE item_id = '$ITEM' AND day = '$TODAY'")" \
    "a second server's views are added to the first's"

# ---- The report -------------------------------------------------------------
FROM=$(date -u -d '-1 day' +%F) TO=$(date -u -d '+1 day' +%F)
for f in csv html xlsx pdf; do
    cli report followup --from "$FROM" --to "$TO" --format $f --out "$T/f.$f" --db "$SQLDB"
    expect_eq 0 "$RC" "report followup --format $f"
done
cell() { grep "^$1,$2," "$T/f.csv" | head -1 | cut -d, -f4; }
# Sent today: the delivered case's survey (answered 4); the expired one was sent 61 days ago.
expect_eq 1 "$(cell survey sent)" "the CSV: one survey sent in the period"
expect_eq 1 "$(cell survey answered)" "…one answered"
expect_eq 100 "$(cell survey answer_rate_percent)" "…an answer rate of 100 %"
expect_eq 4.0 "$(cell survey mean)" "…a mean of 4.0"
expect_eq 4 "$(cell survey median)" "…a median of 4"
expect_eq 1 "$(cell survey_score 4)" "…one answer of 4"
expect_eq 0 "$(cell survey_score 1)" "…none of 1"
expect_eq 4 "$(cell guide_views total)" "…four views of the guide"
check "…the page named by its title" grep -q "^guide_page,$ITEM,\"\\?$TITLE\"\\?,4," "$T/f.csv"
check "…the comment with its day and score" grep -qF "survey_comment,$TODAY,<script>alert(1)</script> =cmd|calc; snabb och vänlig hantering,4," "$T/f.csv"
check "the HTML has both parts" grep -q '<h2>Kunskapsguidens användning</h2>' "$T/f.html"
check "…" grep -q '<h2>Nöjdhet</h2>' "$T/f.html"
check "…the top pages by title with the total" grep -q "<th scope=\"row\">Totalt, alla sidor</th><td class=\"num\">4</td>" "$T/f.html"
check "…the comment escaped" grep -q '&lt;script&gt;alert(1)&lt;/script&gt; =cmd|calc' "$T/f.html"
check "…never raw" bash -c "! grep -q '<script>alert' '$T/f.html'"
check "…the mean with a decimal comma" grep -q '<dd>4,0</dd>' "$T/f.html"
pdftotext -layout "$T/f.pdf" "$T/f.txt"
check "the PDF's text has the guide's use" grep -qE "Visningar av kunskapsguidens sidor +4\$" "$T/f.txt"
check "…the surveys sent" grep -qE "Skickade enkäter +1\$" "$T/f.txt"
check "…the answer rate" grep -qE "Svarsfrekvens +100 %\$" "$T/f.txt"
check "…the comment" grep -q "snabb och vänlig hantering" "$T/f.txt"
XL=$("$PY" - "$T/f.xlsx" <<'PYEOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
for row in ws.iter_rows(values_only=True):
    if row[0] in ('survey', 'guide_views', 'survey_comment'):
        print(row[0], row[1], repr(row[3]), type(row[3]).__name__)
PYEOF
)
expect_match "survey mean 4(\.0)? (int|float)" "$XL" "the XLSX (openpyxl): the mean as a number"
expect_match "survey answer_rate_percent 100 int" "$XL" "…the answer rate as a number"
expect_match "guide_views total 4 int" "$XL" "…the views as a number"
expect_match "survey_comment $TODAY 4 int" "$XL" "…the comment's score"

E2E_STORE=$FIRST_DIR start_server || finish
login natverk
http GET "/uppfoljning?fran=$FROM&till=$TO" "$(jar natverk)"
expect_status 200 "the network coordinator's dashboard"
expect_body_has "<h2>Nöjdhet</h2>" "…shows the satisfaction part"
expect_body_has ">$TITLE</a></th><td class=\"num\">4</td>" "…and the page by its title"
finish
