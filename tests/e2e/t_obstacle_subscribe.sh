#!/usr/bin/env bash
# t_obstacle_subscribe.sh — anyone follows a published obstacle by e-mail
# (issue 13 item 7), through datalots' own pages and a real local SMTP
# server (tests/smtp_server.py; `datalots mail send` flushes the outbox):
# /hinder/ID links to the form; a request mails a confirmation link; the
# link's page changes nothing until its button is pressed; each public
# step then mails the public state and answer, never a note; every mail's
# unsubscribe link ends it, and the next notification goes to others only.
# Bad paths: malformed, oversized and hostile addresses, a forged or
# expired link, an unpublished or unknown obstacle, no CSRF token, the
# robot trap, the flood limit; the answer never tells whether an address
# already follows the obstacle.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
INBOX=$T/inbox
SMTP_PORT=$(free_port)
"$PY" "$E2E_ROOT/tests/smtp_server.py" --port "$SMTP_PORT" --dir "$INBOX" >"$T/smtp.out" 2>"$T/smtp.err" &
SERVER_PIDS+=("$!")
for _ in $(seq 1 100); do grep -q '^listening on' "$T/smtp.out" 2>/dev/null && break; sleep 0.05; done
start_server --public-url http://datalots.example.se --reports-per-hour 4 || finish
flush() { cli mail send --db "$SRV_URL" --smtp-url "smtp://127.0.0.1:$SMTP_PORT" --smtp-from "noreply@datalots.example.se"; }
# caught ADDRESS — the decoded bodies of the mails the SMTP server got for ADDRESS, oldest first, one a line
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
token_in() { grep -o "$1?t=[0-9a-f]*" | tail -1 | sed 's/.*t=//'; }
subs() { q "SELECT COUNT(*) FROM obstacle_subscription"; }
mails() { q "SELECT COUNT(*) FROM outbox WHERE kind LIKE 'obstacle.subscription.%'"; }

# A published obstacle and one that is not, through the API and the analyst's pages.
report() {
    http POST /api/v1/obstacles - -H 'Content-Type: application/json' --data-binary "{\"what\": \"$1\", \"category\": \"technical\"}"
    expect_status 201 "an obstacle is reported"
}
report "BEVAKA-1 Registret svarade inte på ett år."
report "BEVAKA-2 Ett annat hinder, aldrig publicerat."
ID=$(q "SELECT id FROM obstacle WHERE what_happened LIKE 'BEVAKA-1 %'")
HIDDEN=$(q "SELECT id FROM obstacle WHERE what_happened LIKE 'BEVAKA-2 %'")
login hinder
H=$(jar hinder)
post "/hinder/analys/$ID/publicera" "$H" "public_text=Registret svarade inte på ett år."
expect_status 303 "the analyst publishes it"

# The obstacle's page: a section #bevaka with a link; no cookie, still kept.
A=$(jar anon)
http GET "/hinder/$ID" -
expect_body_has 'id="bevaka"' "/hinder/ID has the section #bevaka"
expect_body_has "href=\"/hinder/$ID/bevaka\"" "…linking to the form"
expect_eq "" "$(hdr Set-Cookie)" "…and sets no cookie, so the cache keeps it for everyone"
http GET "/hinder/$ID/bevaka" "$A"
expect_status 200 "the form opens for anyone"
expect_body_has 'name="email"' "…with an address field"
expect_match '^[0-9a-f]{64}$' "$(csrf_of "/hinder/$ID/bevaka" "$A")" "…and a CSRF token bound to the visitor's cookie"

sub() { # sub JAR ID EMAIL [more curl args] — the form posted with the jar's token
    local j=$1 id=$2 mail=$3
    shift 3
    http POST "/hinder/$id/bevaka" "$j" --data-urlencode "email=$mail" \
        --data-urlencode "csrf=$(csrf_of "/hinder/$ID/bevaka" "$j")" "$@"
}
sub "$A" "$ID" "kari@example.se"
expect_status 200 "a request is taken"
expect_body_has "Om adressen inte redan bevakar hindret har vi skickat ett brev" "…saying a mail is on its way"
sent_page=$(grep -o 'Om adressen[^<]*' "$BODY")
sub "$A" "$ID" "lars@example.se"
flush
expect_eq "0" "$RC" "the outbox is sent"
confirm=$(caught kari@example.se | token_in /hinder/bevakning/bekrafta)
expect_match '^[0-9a-f]{64}$' "$confirm" "the confirmation mail is caught with its link"
expect_eq 0 "$(q "SELECT COUNT(*) FROM obstacle_subscription WHERE confirmed_at > 0")" "nothing is live before confirming"

# The link's page has a button; opening it changes nothing.
http GET "/hinder/bevakning/bekrafta?t=$confirm" "$A"
expect_status 200 "the confirmation link opens a page"
expect_body_has 'action="/hinder/bevakning/bekrafta"' "…with a button"
expect_eq 0 "$(q "SELECT COUNT(*) FROM obstacle_subscription WHERE confirmed_at > 0")" "…and opening it confirms nothing"
http POST /hinder/bevakning/bekrafta "$A" --data-urlencode "t=$confirm"
expect_status 403 "the button without the CSRF token is refused"
expect_eq 0 "$(q "SELECT COUNT(*) FROM obstacle_subscription WHERE confirmed_at > 0")" "…and confirms nothing"
link_post() { http POST "$1" "$A" --data-urlencode "t=$2" --data-urlencode "csrf=$(csrf_of /hinder/$ID/bevaka "$A")"; }
link_post /hinder/bevakning/bekrafta "$confirm"
expect_status 200 "the button confirms"
expect_body_has "Nu bevakar du hindret" "…and says so"
link_post /hinder/bevakning/bekrafta "$(caught lars@example.se | token_in /hinder/bevakning/bekrafta)"
expect_status 200 "a second address confirms"
link_post /hinder/bevakning/bekrafta "$confirm"
expect_status 404 "a used link is refused"

# The same answer for an address already following: nothing more is mailed.
before=$(mails)
sub "$A" "$ID" "Kari@Example.se"
expect_status 200 "asking again with an address already following is taken"
expect_eq "$sent_page" "$(grep -o 'Om adressen[^<]*' "$BODY")" "…with the very same answer"
expect_eq "$before" "$(mails)" "…and no mail"

# A public step: the state and the answer, never the notes.
post "/hinder/analys/$ID/steg/triage" "$H" "note=INTERN-ANTECKNING"
expect_status 303 "the analyst triages it, with an internal note"
post "/hinder/analys/$ID/steg/assess" "$H" "need=INTERNT-BEHOV" "legal_basis=INTERN-GRUND"
post "/hinder/analys/$ID/steg/close" "$H" "answer=PUBLIKT-SVAR: vägledning kommer."
expect_status 303 "…assesses and closes it with a public answer"
flush
news=$(caught kari@example.se | grep 'som du bevakar')
expect_eq 3 "$(printf '%s\n' "$news" | grep -c .)" "a mail for each of the three public steps is caught"
expect_match 'PUBLIKT-SVAR: vägledning kommer\.' "$news" "the last holds the public answer"
expect_match 'Avslutat' "$news" "…and the public state"
expect_match "http://datalots\.example\.se/hinder/$ID " "$news" "…the obstacle's page"
expect_no_match "INTERN" "$news" "no mail holds a note, the need or the legal basis"

# Unsubscribing: the first mail's link, a button, then no more mail.
leave=$(caught kari@example.se | grep 'som du bevakar' | head -1 | token_in /hinder/bevakning/avsluta)
expect_match '^[0-9a-f]{64}$' "$leave" "every mail carries an unsubscribe link"
http GET "/hinder/bevakning/avsluta?t=$leave" "$A"
expect_status 200 "the unsubscribe link opens a page with a button"
expect_eq 2 "$(subs)" "…and opening it removes nothing"
link_post /hinder/bevakning/avsluta "$leave"
expect_status 200 "the button removes the subscription"
expect_eq 1 "$(subs)" "…only that one"
post "/hinder/analys/$ID/avpublicera" "$H" "reason=Rättning."
post "/hinder/analys/$ID/publicera" "$H" "public_text=Registret svarade inte på ett år (rättad)."
expect_status 303 "taken out and published again: a notification"
flush
expect_eq 3 "$(caught kari@example.se | grep -c 'som du bevakar')" "the one who left gets no more mail"
expect_eq 4 "$(caught lars@example.se | grep -c 'som du bevakar')" "…the one who stays does"

# Bad paths: nothing stored, nothing mailed.
before=$(mails)
subs_before=$(subs)
for bad in "inte-en-adress" "$(head -c 300 /dev/zero | tr '\0' a)@example.se" $'kari@example.se\r\nBcc: alla@example.se' \
    '<script>alert(1)</script>@example.se'; do
    sub "$A" "$ID" "$bad"
    expect_status '4(00|22)' "a bad address is refused ($(printf '%q' "$bad" | head -c 40))" # 400: control characters
    expect_body_lacks "<script>alert" "…and never echoed as script"
done
http POST "/hinder/$ID/bevaka" "$A" --data-urlencode "email=ny@example.se"
expect_status 403 "a request without the CSRF token is refused"
sub "$A" "$ID" "ny@example.se" --data-urlencode "website=http://spam.example"
expect_status 400 "a request with the robot trap filled is refused"
sub "$A" "$HIDDEN" "ny@example.se"
expect_status 404 "an obstacle that is not published cannot be followed"
http GET "/hinder/$HIDDEN/bevaka" "$A"
expect_status 404 "…nor its form opened"
sub "$A" 999999 "ny@example.se"
expect_status 404 "an obstacle that does not exist is 404"
http GET "/hinder/bevakning/avsluta?t=$(printf '%064d' 7)" "$A"
expect_status 404 "a forged link is refused"
http GET "/hinder/bevakning/bekrafta?t=abc" "$A"
expect_status 400 "a malformed link is refused"
link_post /hinder/bevakning/avsluta "$(printf '%064d' 7)"
expect_status 404 "…also by its button"
expect_eq "$before|$subs_before" "$(mails)|$(subs)" "the bad requests stored and mailed nothing"

# Expired: a pending request older than 7 days.
sub "$A" "$ID" "sen@example.se"
flush
late=$(caught sen@example.se | token_in /hinder/bevakning/bekrafta)
q "UPDATE obstacle_subscription SET requested_at = requested_at - 7 * 86400 WHERE email = 'sen@example.se'" >/dev/null
http GET "/hinder/bevakning/bekrafta?t=$late" "$A"
expect_status 404 "an expired confirmation link is refused"
link_post /hinder/bevakning/bekrafta "$late"
expect_status 404 "…also by its button"
expect_eq 0 "$(q "SELECT confirmed_at FROM obstacle_subscription WHERE email = 'sen@example.se'")" "…and confirms nothing"

# Flood: with --reports-per-hour 4, the counted requests of this address
# (kari, lars, Kari, the hidden, the unknown, sen) used them up.
sub "$A" "$ID" "flod@example.se"
expect_status 429 "the fifth request within the hour is refused"
expect_body_has "Försök igen om" "…saying when to try again"
expect_eq 0 "$(q "SELECT COUNT(*) FROM obstacle_subscription WHERE email = 'flod@example.se'")" "…and stores nothing"
finish
