#!/usr/bin/env bash
# t_questions.sh — questions routed to the right member function (issue 15
# item 6, docs/questions.md), through datalots' own pages and a real local
# SMTP server (tests/smtp_server.py; `datalots mail send` flushes the
# outbox): the network coordinator declares what two members answer on
# /fragor/regler; an anonymous visitor asks on /fragor/ny and the question
# goes to the member whose topic and data type fit, or to the coordinator's
# queue when none does; the shared queue /fragor is open to the coordinator
# and to the members' contact people (accounts whose e-mail address is a
# member's contact address) and 403 for every other account; the
# coordinator routes, a member hands over with a note, the other member
# answers; the answer is mailed to the asker (caught by the SMTP server)
# with a link whose token is stored only as its SHA-256; a general answer
# becomes a knowledge-guide draft linked both ways; the answer times per
# member (working days, median and 90th percentile) are checked against
# values computed here with Python's calendar; the overdue filter. Bad
# paths: no CSRF token, the robot trap, topics and data types outside the
# lists, an empty, short, oversized or control-character question, a
# malformed address, a two-line holder, a step that no longer applies, an
# unknown question, the flood limit — each refused with a sentence and
# nothing stored; the asker's address in no page, audit row or access log.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
INBOX=$T/inbox
SMTP_PORT=$(free_port)
"$PY" "$E2E_ROOT/tests/smtp_server.py" --port "$SMTP_PORT" --dir "$INBOX" >"$T/smtp.out" 2>"$T/smtp.err" &
SERVER_PIDS+=("$!")
for _ in $(seq 1 100); do grep -q '^listening on' "$T/smtp.out" 2>/dev/null && break; sleep 0.05; done
start_server --public-url http://datalots.example.se --reports-per-hour 12 || finish
flush() { cli mail send --db "$SRV_URL" --smtp-url "smtp://127.0.0.1:$SMTP_PORT" --smtp-from "noreply@datalots.example.se"; }
caught() {
    "$PY" - "$1" "$INBOX" <<'PYEOF'
import email, email.policy, os, sys
to, d = sys.argv[1], sys.argv[2]
paths = sorted((os.path.join(d, p) for p in os.listdir(d) if p.endswith('.eml')), key=os.path.getmtime) if os.path.isdir(d) else []
for p in paths:
    with open(p, 'rb') as f:
        m = email.message_from_binary_file(f, policy=email.policy.default)
    if to in str(m['to']):
        print(m.get_content().replace('\n', ' '))
PYEOF
}
nq() { q "SELECT COUNT(*) FROM question"; }

cli demo network --db "$SRV_URL"
expect_eq 0 "$RC" "the demo network is seeded"
NORR=$(q "SELECT id FROM network_member WHERE name = 'Regionalt forskningsstöd Norr'")
SYD=$(q "SELECT id FROM network_member WHERE name = 'Kliniskt forskningscentrum Syd'")
# The members' contact people as accounts with no role: their address is the permission.
DATALOTS_PASSWORD=$DEMO_PW cli user add olof --name "Olof Berg" --email OLOF.BERG@norr.example.se --db "$SRV_URL"
expect_eq 0 "$RC" "an account for Norr's contact person (address in other case)"
DATALOTS_PASSWORD=$DEMO_PW cli user add amina --name "Amina Lund" --email amina.lund@syd.example.se --db "$SRV_URL"
expect_eq 0 "$RC" "…and for Syd's"

# --- the routing rules: the coordinator only --------------------------------------------
login natverk
NJ=$(jar natverk)
http GET /fragor/regler "$NJ"
expect_status 200 "the coordinator opens /fragor/regler"
expect_body_has "id=\"m$NORR\"" "…with a form per member"
expect_body_has "får inga frågor ännu" "…saying which members get none yet"
post /fragor/regler "$NJ" "member=$NORR" "topic=find-data" "data_type=quality-register" "holders=Region Norrbotten
  region västerbotten  "
expect_status 303 "the coordinator sets Norr's rules"
post /fragor/regler "$NJ" "member=$SYD" "topic=access" "data_type=patient-record"
expect_status 303 "…and Syd's"
expect_eq 4 "$(q "SELECT COUNT(*) FROM question_route WHERE member_id = $NORR")" "Norr: a topic, a data type, two holders"
expect_eq "region västerbotten" "$(q "SELECT value FROM question_route WHERE member_id = $NORR AND value LIKE 'region v%'")" \
    "…the holder trimmed"
post /fragor/regler "$NJ" "member=$NORR" "topic=weather"
expect_status '4(00|22)' "a topic outside the list is refused"
post /fragor/regler "$NJ" "member=999999" "topic=law"
expect_status 404 "an unknown member is 404"
post /fragor/regler "$NJ" "member=$NORR" "holders=$(head -c 201 /dev/zero | tr '\0' x)"
expect_status '4(00|22)' "a holder over 200 characters is refused"
expect_body_has "högst 200 tecken" "…with a sentence"
expect_eq 4 "$(q "SELECT COUNT(*) FROM question_route WHERE member_id = $NORR")" "…and Norr's rules are as they were"
http GET "/natverk/$NORR" -
expect_body_has 'id="answers"' "Norr's public page says which questions it answers"
expect_body_has "region västerbotten" "…its holders"
expect_body_has "Var finns data" "…and topics"
http GET "/natverk/$SYD" -
expect_body_has "Journaldata" "…as does Syd's"
login redaktor
http GET /fragor/regler "$(jar redaktor)"
expect_status 403 "the editor may not open the rules"
login olof
post /fragor/regler "$(jar olof)" "member=$NORR" "topic=law"
expect_status 403 "a member's contact may not change the rules"

# --- asking, anonymously ----------------------------------------------------------------
A=$(jar anon)
http GET /fragor/ny "$A"
expect_status 200 "anyone opens /fragor/ny"
expect_body_has 'name="csrf"' "…with a CSRF token"
expect_body_has '<label for="q-topic">' "…and labelled fields"
TOK=$(csrf_of /fragor/ny "$A")
ask() { # ask JAR name=value... — with the jar's CSRF token
    local j=$1; shift
    local args=() kv
    for kv in "$@"; do args+=(--data-urlencode "$kv"); done
    http POST /fragor/ny "$j" "${args[@]}" --data-urlencode "csrf=$(csrf_of /fragor/ny "$j")"
}
http POST /fragor/ny "$A" --data-urlencode "topic=access" --data-urlencode "data_type=patient-record" \
    --data-urlencode "body=Utan token, vem beslutar?" --data-urlencode "email=a@example.se"
expect_status 403 "a question without a CSRF token is refused"
ask "$A" topic=access data_type=patient-record "body=En robot frågar något här." email=r@example.se website=http://spam
expect_status 400 "the robot trap refuses"
ask "$A" topic=weather data_type=patient-record "body=Vem beslutar om journaldata?" email=a@example.se
expect_status '4(00|22)' \"a topic outside the list is refused\"
ask "$A" topic=access data_type=dna "body=Vem beslutar om journaldata?" email=a@example.se
expect_status '4(00|22)' \"a data type outside the list is refused\"
ask "$A" data_type=patient-record "body=Vem beslutar om journaldata?" email=a@example.se
expect_status 422 "no topic is refused"
expect_body_has "Välj vad frågan gäller" "…with a sentence"
ask "$A" topic=access data_type=patient-record "body=" email=a@example.se
expect_status 422 "an empty question is refused"
expect_body_has "Skriv din fråga" "…with a sentence"
ask "$A" topic=access data_type=patient-record "body=Vem?" email=a@example.se
expect_status '4(00|22)' "a question of three characters is refused"
expect_body_has "några fler ord" "…with a sentence"
expect_body_has '>Vem?</textarea>' "…and the form keeps what was written"
ask "$A" topic=access data_type=patient-record "body=$(head -c 5001 /dev/zero | tr '\0' x)" email=a@example.se
expect_status '4(00|22)' \"a question over 5 000 characters is refused\"
ask "$A" topic=access data_type=patient-record "body=Vem beslutar$(printf '\001')?" email=a@example.se
expect_status 400 "a control character is refused"
ask "$A" topic=access data_type=patient-record "body=Vem beslutar om journaldata?" email=inte-en-adress
expect_status '4(00|22)' \"a malformed address is refused\"
ask "$A" topic=access data_type=patient-record "holder=Rad 1
Rad 2" "body=Vem beslutar om journaldata?" email=a@example.se
expect_status 400 "a holder over two lines is refused"
expect_body_has "styrtecken" "…with a sentence"
expect_eq 0 "$(nq)" "no refused question was stored"

ask "$A" topic=access data_type=patient-record "holder=Region Skåne" \
    "body=Vem beslutar om utlämnande av journaldata? <script>alert(1)</script>" email=Asker.One@example.se
expect_status 200 "a question about access to patient records is taken"
expect_body_has "Kliniskt forskningscentrum Syd" "…and the asker is told it went to Syd"
Q1=$(q "SELECT MAX(id) FROM question")
expect_eq "routed|$SYD" "$(q "SELECT state || '|' || member_id FROM question WHERE id = $Q1")" "…stored as routed to Syd"
NOTICE=$(q "SELECT body_text FROM outbox WHERE kind = 'question.routed' AND to_addr = 'amina.lund@syd.example.se'")
expect_match "http://datalots.example.se/fragor/$Q1" "$NOTICE" "Syd's contact person is told by mail, with a link to the question"
expect_no_match "Asker.One" "$NOTICE" "…and the notice does not name the asker's address"
ask "$A" topic=find-data data_type=patient-record "holder=REGION NORRBOTTEN" \
    "body=Var finns data om diabetes i norr?" email=asker.two@example.se
expect_status 200 "a question naming Norr's holder (other case)"
Q2=$(q "SELECT MAX(id) FROM question")
expect_eq "$NORR" "$(q "SELECT member_id FROM question WHERE id = $Q2")" \
    "…goes to Norr: holder and topic (5) outweigh Syd's data type (2)"
ask "$A" topic=other data_type=other "body=Hur upphandlar man analystjänster?" email=asker.three@example.se
expect_status 200 "a question no member declares"
expect_body_has "nätverkskoordinatorn" "…goes to the coordinator"
Q3=$(q "SELECT MAX(id) FROM question")
expect_eq "received|" "$(q "SELECT state || '|' || COALESCE(CAST(member_id AS TEXT), '') FROM question WHERE id = $Q3")" \
    "…stored in the coordinator's queue"
expect_eq 3 "$(nq)" "three questions stored"

# --- who sees the queue ------------------------------------------------------------------
http GET /fragor -
expect_status 303 "an anonymous visitor is sent to sign in"
# Every demo account but the coordinator: no role reaches the queue by itself.
for u in admin sokande registrator samordnare samrad sekretess vc-bjorkdalen uttag-bjorkdalen roc-norr direktor \
    dataanalys redaktor hinder; do
    login $u
    http GET /fragor "$(jar $u)"
    expect_status 403 "$u may not see the queue"
    http GET "/fragor/$Q1" "$(jar $u)"
    expect_status 403 "…nor a question"
done
expect_body_has "kontaktpersonerna" "…told who may"
login amina
AJ=$(jar amina)
http GET /fragor "$AJ"
expect_status 200 "Syd's contact person sees the queue"
expect_body_has "/fragor/$Q1\"" "…with Syd's question"
expect_body_lacks "/fragor/$Q2\"" "…by default only Syd's"
expect_body_lacks "<script>alert(1)</script>" "…the question escaped"
expect_body_lacks "example.se" "…and no asker's address"
http GET "/fragor?medlem=-1" "$AJ"
expect_status 200 "medlem=-1 (all members)"
expect_body_has "/fragor/$Q2\"" "…shows every member's questions"
http GET "/fragor?lage=all&medlem=0" "$AJ"
expect_body_has "/fragor/$Q3\"" "medlem=0 shows the coordinator's queue"
http GET "/fragor?lage=soon" "$AJ"
expect_status 400 "an unknown state filter is 400"
http GET "/fragor?medlem=1%20OR%201=1" "$AJ"
expect_status 400 "a member filter that is no number is 400"
OJ=$(jar olof)
http GET /fragor "$OJ"
expect_status 200 "Norr's contact person (address matched in any case) sees the queue"
http GET "/fragor/$Q1" "$OJ"
expect_status 200 "…and Syd's question"
expect_body_lacks 'id="steg-answer"' "…but no step on it"
post "/fragor/$Q1/steg/answer" "$OJ" "answer=Norr svarar på Syds fråga."
expect_status 403 "a member may not answer another member's question"
expect_body_has "en annan stödfunktion" "…with a sentence"
post "/fragor/$Q3/steg/route" "$OJ" "member=$NORR"
expect_status 403 "…nor route from the coordinator's queue"

# --- the coordinator routes, a member hands over, the other answers ----------------------
post "/fragor/$Q3/steg/route" "$NJ" "member=$NORR"
expect_status 303 "the coordinator routes the coordinator's question to Norr"
expect_eq "routed|$NORR" "$(q "SELECT state || '|' || member_id FROM question WHERE id = $Q3")" "…routed"
post "/fragor/$Q3/steg/handover" "$OJ" "member=$SYD" "note="
expect_status '4(00|22)' \"a hand-over without a note is refused\"
post "/fragor/$Q3/steg/handover" "$OJ" "member=$NORR" "note=Till oss själva"
expect_status '4(00|22)' \"a hand-over to the member that has it is refused\"
post "/fragor/$Q3/steg/handover" "$OJ" "member=999999" "note=Till ingen"
expect_status '4(00|22)' \"…and to an unknown member\"
post "/fragor/$Q3/steg/handover" "$OJ" "member=$SYD" "note=Upphandling sköts av Syd."
expect_status 303 "Norr hands it over to Syd with a note"
expect_eq "routed|$SYD" "$(q "SELECT state || '|' || member_id FROM question WHERE id = $Q3")" "…now with Syd"
expect_eq 1 "$(q "SELECT COUNT(*) FROM outbox WHERE kind = 'question.routed' AND body_text LIKE '%/fragor/$Q3%' AND to_addr = 'amina.lund@syd.example.se'")" \
    "…and Syd's contact person is told by mail"
expect_eq "$NORR|$SYD|Upphandling sköts av Syd." \
    "$(q "SELECT from_member || '|' || to_member || '|' || note FROM question_event WHERE question_id = $Q3 AND event = 'handover'")" \
    "…registered as an event with its note"
http GET "/fragor/$Q3" "$AJ"
expect_body_has "Upphandling sköts av Syd." "the question's page shows the hand-over's note"
post "/fragor/$Q3/steg/fly" "$AJ" "note=x"
expect_status 404 "an unknown step is 404"
post "/fragor/999999/steg/answer" "$AJ" "answer=x"
expect_status 404 "an unknown question is 404"
post "/fragor/$Q1/steg/answer" "$AJ" "answer=$(head -c 10001 /dev/zero | tr '\0' x)"
expect_status '4(00|22)' "an answer over 10 000 characters is refused"
post "/fragor/$Q1/steg/close" "$AJ" "note=$(head -c 2001 /dev/zero | tr '\0' x)"
expect_status '4(00|22)' "a note over 2 000 characters is refused"
post "/fragor/$Q1/steg/handover" "$AJ" "member=abc" "note=x"
expect_status '4(00|22)' "a member that is no number is refused"
post "/fragor/$Q1/steg/answer" "$AJ" "answer=Svar" "general=1" "title=$(head -c 201 /dev/zero | tr '\0' x)" "summary=En mening"
expect_status '4(00|22)' "an oversized guide title is refused"
expect_eq "routed" "$(q "SELECT state FROM question WHERE id = $Q1")" "…and the question is untouched"
http GET "/fragor?sen=kanske" "$AJ"
expect_status 400 "an overdue filter that is no yes or no is 400"
post "/fragor/$Q1/steg/answer" "$AJ" "answer="
expect_status '4(00|22)' \"an empty answer is refused\"
post "/fragor/$Q1/steg/answer" "$AJ" "answer=Svar" "general=1" "title=" "summary="
expect_status '4(00|22)' \"a general answer without a title is refused\"
expect_body_has "rubrik" "…with a sentence"
expect_eq 0 "$(q "SELECT COUNT(*) FROM outbox WHERE kind = 'question.answer'")" "…and nothing was mailed"
ANSWER="Verksamhetschefen för den vårdenhet som har journalen beslutar, efter en men- och sekretessprövning."
post "/fragor/$Q1/steg/answer" "$AJ" "answer=$ANSWER" "general=1" "title=Vem beslutar om utlämnande av journaldata?" \
    "summary=Verksamhetschefen beslutar efter sekretessprövning"
expect_status 303 "Syd answers its question as a general answer"
expect_eq "answered" "$(q "SELECT state FROM question WHERE id = $Q1")" "…answered"
post "/fragor/$Q1/steg/answer" "$AJ" "answer=Igen"
expect_status 409 "answering again is refused (the step no longer applies)"
expect_body_has "Ladda om sidan" "…with a sentence"
post "/fragor/$Q3/steg/answer" "$AJ" "answer=Kontakta regionens upphandlingsenhet."
expect_status 303 "Syd answers the handed-over question"

# The mail, caught by the SMTP server.
flush
expect_eq 0 "$RC" "the outbox is sent"
MAIL=$(caught asker.one@example.se)
[ -z "$MAIL" ] && MAIL=$(caught Asker.One@example.se)
expect_match "Verksamhetschefen för den vårdenhet" "$MAIL" "the asker gets the answer by mail"
expect_match "Kliniskt forskningscentrum Syd har svarat" "$MAIL" "…saying who answered"
TOKEN=$(printf '%s' "$MAIL" | grep -o 'fragor/svar?t=[0-9a-f]*' | head -1 | cut -d= -f2)
expect_match '^[0-9a-f]{64}$' "$TOKEN" "…with a link holding a token"
expect_eq "$(printf '%s' "$TOKEN" | sha256sum | cut -c1-64)" "$(q "SELECT token_hash FROM question WHERE id = $Q1")" \
    "…stored only as its SHA-256"
http GET "/fragor/svar?t=$TOKEN" -
expect_status 200 "the link shows the answer to anyone holding it"
expect_body_has "men- och sekretessprövning" "…the answer"
http GET "/fragor/svar?t=$(printf '%064d' 0)" -
expect_status 404 "a forged link is 404"
expect_body_has "gäller inte" "…with a sentence"
http GET "/fragor/svar?t=nottoken" -
expect_status 404 "a malformed link is 404"

# The general answer: a guide draft linked both ways.
G="fraga-$Q1-svar"
expect_eq "0|$Q1" "$(q "SELECT i.published_version || '|' || q.id FROM guide_item i JOIN question q ON q.guide_item_id = i.id WHERE i.id = '$G'")" \
    "the general answer is the guide draft $G, unpublished, linked from the question"
expect_match "Verksamhetschefen för den vårdenhet" "$(q "SELECT source FROM guide_version WHERE item_id = '$G'")" \
    "…holding the answer"
http GET "/fragor/$Q1" "$AJ"
expect_body_has "$G" "the question's page links the draft"
login redaktor
http GET "/guide/$G/edit" "$(jar redaktor)"
expect_status 200 "the editor opens the draft"
expect_body_has "href=\"/fragor/$Q1\"" "…which links back to the question"
post "/guide/$G/publish" "$(jar redaktor)" "version=1"
expect_status 303 "the editor publishes it"
http GET "/guide/$G" "$AJ"
expect_status 200 "the published answer is in the guide"
expect_body_has "href=\"/fragor/$Q1\"" "…linking back to the question for those who see the queue"
http GET "/guide/$G" -
expect_body_has "Verksamhetschefen för den vårdenhet" "…readable by anyone"
expect_body_lacks "/fragor/$Q1\"" "…without the queue's link for an anonymous reader"
expect_eq "" "$(q "SELECT guide_item_id FROM question WHERE id = $Q3")" "the other answer, not general, made no draft"

# The asker's address: in no audit row, no page, no access log.
expect_eq 0 "$(q "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%asker%' OR detail LIKE '%example.se%'")" \
    "no audit row names an asker's address"
check "no access log line names an asker's address" bash -c "! grep -qi 'asker' '$SRV_LOG'"

# --- answer times, against hand-made instants ----------------------------------------------
# Syd: three answered questions; Norr: one. Times at 12:00 UTC on weekdays of
# November 2026 (no Swedish holiday between 9 and 27 November).
ask "$A" topic=access data_type=patient-record "body=Ännu en fråga om journaldata." email=asker.four@example.se
Q4=$(q "SELECT MAX(id) FROM question")
post "/fragor/$Q4/steg/answer" "$AJ" "answer=Samma svar som förut."
ask "$A" topic=find-data data_type=quality-register "body=Var finns kvalitetsregister om höfter?" email=asker.five@example.se
Q5=$(q "SELECT MAX(id) FROM question")
post "/fragor/$Q5/steg/answer" "$OJ" "answer=I Rikshöft."
expect_status 303 "Norr answers its question"
setq() { q "UPDATE question SET created_at = '$2', answered_at = '$3' WHERE id = $1" >/dev/null; }
setq "$Q1" 2026-11-09T12:00:00Z 2026-11-12T12:00:00Z
setq "$Q3" 2026-11-16T12:00:00Z 2026-11-17T12:00:00Z
setq "$Q4" 2026-11-09T12:00:00Z 2026-11-18T12:00:00Z
setq "$Q5" 2026-11-20T12:00:00Z 2026-11-24T12:00:00Z
WANT=$("$PY" - <<'PYEOF'
import datetime, math
def wd(a, b):  # weekdays d with a < d <= b
    a, b = datetime.date.fromisoformat(a), datetime.date.fromisoformat(b)
    return sum(1 for k in range(1, (b - a).days + 1) if (a + datetime.timedelta(k)).weekday() < 5)
def nr(v, p):
    v = sorted(v); return v[max(1, math.ceil(p * len(v) / 100)) - 1]
syd = [wd("2026-11-09", "2026-11-12"), wd("2026-11-16", "2026-11-17"), wd("2026-11-09", "2026-11-18")]
norr = [wd("2026-11-20", "2026-11-24")]
print("%d %d %d|%d %d %d|%d %d %d" % (len(syd), nr(syd, 50), nr(syd, 90), len(norr), nr(norr, 50), nr(norr, 90),
      len(syd + norr), nr(syd + norr, 50), nr(syd + norr, 90)))
PYEOF
)
expect_eq "3 3 7|1 2 2|4 2 7" "$WANT" "the hand-computed figures (weekdays counted by Python)"
http GET /fragor "$NJ"
row() { sed -e 's/<[^>]*>/ /g' "$BODY" | tr -s ' \n' ' ' | grep -o "$1 [0-9–]* [0-9–]* [0-9–]*" | tail -1 | sed "s/^$1 //"; }
expect_eq "$(echo "$WANT" | cut -d'|' -f1)" "$(row 'Kliniskt forskningscentrum Syd')" "/fragor: Syd's answered, median, 90th percentile"
expect_eq "$(echo "$WANT" | cut -d'|' -f2)" "$(row 'Regionalt forskningsstöd Norr')" "…Norr's"
expect_eq "$(echo "$WANT" | cut -d'|' -f3)" "$(row 'Alla')" "…and all together"

# --- overdue, return, close ----------------------------------------------------------------
ask "$A" topic=find-data data_type=quality-register "body=En gammal fråga som väntar." email=asker.six@example.se
Q6=$(q "SELECT MAX(id) FROM question")
ask "$A" topic=find-data data_type=quality-register "body=En ny fråga som väntar." email=asker.seven@example.se
Q7=$(q "SELECT MAX(id) FROM question")
q "UPDATE question SET created_at = '$(date -u -d '-20 days' +%Y-%m-%dT12:00:00Z)' WHERE id = $Q6" >/dev/null
http GET "/fragor?medlem=$NORR&sen=1" "$OJ"
expect_body_has "/fragor/$Q6\"" "the overdue filter shows the old question"
expect_body_lacks "/fragor/$Q7\"" "…and not the new one"
expect_body_has "försenad" "…marked overdue"
post "/fragor/$Q7/steg/return" "$OJ" "note=Inte vår fråga trots allt."
expect_status 303 "Norr returns a question to the coordinator"
expect_eq "received|" "$(q "SELECT state || '|' || COALESCE(CAST(member_id AS TEXT), '') FROM question WHERE id = $Q7")" "…back in the coordinator's queue"
post "/fragor/$Q7/steg/close" "$NJ" "note=Dubblett av en annan fråga."
expect_status 303 "the coordinator closes it with a note"
expect_eq "closed" "$(q "SELECT state FROM question WHERE id = $Q7")" "…closed"
expect_eq 0 "$(q "SELECT COUNT(*) FROM outbox WHERE kind = 'question.answer' AND to_addr = 'asker.seven@example.se'")" \
    "…and nothing is mailed for it"
expect_eq 8 "$(q "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'question.%' AND action NOT IN ('question.ask', 'question.routes')")" \
    "every step has its audit row"

# --- the flood limit (12 an hour from one address) ------------------------------------------
BEFORE=$(nq)
TAKEN=0
for i in $(seq 1 14); do
    ask "$A" topic=other data_type=other "body=Fråga nummer $i i en flod." email=flod@example.se
    [ "$STATUS" = 200 ] && TAKEN=$((TAKEN + 1))
    [ "$STATUS" = 429 ] && break
done
expect_status 429 "the flood limit stops questions past twelve an hour from one address"
expect_body_has "Försök igen om" "…with a sentence"
expect_eq $((BEFORE + TAKEN)) "$(nq)" "…and stores nothing past the limit"

# --- the demo ------------------------------------------------------------------------------
cli demo questions --db "$SRV_URL"
expect_eq 1 "$RC" "datalots demo questions refuses a queue that has questions"
expect_match "redan frågor" "$ERR" "…with a sentence"

finish
