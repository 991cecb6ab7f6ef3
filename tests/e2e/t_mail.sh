#!/usr/bin/env bash
# t_mail.sh — the e-mail outbox against a real local SMTP server
# (tests/smtp_server.py on Debian's python3-aiosmtpd): `datalots mail test`
# and `mail send` deliver each mail exactly once with its UTF-8 subject;
# with the SMTP server down mails stay pending with a back-off and nothing
# is lost; a `datalots serve` sender killed with SIGKILL in the middle of a
# message loses nothing and sends no Message-ID twice after its restart; a
# recipient refused for good is marked failed; STARTTLS, when required or
# with a user name, is never skipped; the admin outbox page lists
# the mails, its retry button needs the CSRF token and an administrator.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
INBOX=$T/inbox
SMTP_PORT=$(free_port)
SMTP_PID=
FROM='Region Norr – datalots <noreply@region.example>'

# smtp_start [smtp_server.py options] — the test SMTP server on SMTP_PORT,
# writing into INBOX; sets SMTP_PID.
smtp_start() {
    "$PY" "$E2E_ROOT/tests/smtp_server.py" --port "$SMTP_PORT" --dir "$INBOX" "$@" >"$T/smtp.out" 2>"$T/smtp.err" &
    SMTP_PID=$!
    SERVER_PIDS+=("$SMTP_PID")
    for _ in $(seq 1 100); do
        grep -q '^listening on' "$T/smtp.out" 2>/dev/null && return 0
        kill -0 "$SMTP_PID" 2>/dev/null || break
        sleep 0.05
    done
    not_ok "the test SMTP server starts" "$(cat "$T/smtp.err")"
    finish
}
smtp_stop() { stop_server "$SMTP_PID"; SMTP_PID=; }
received() { find "$INBOX" -maxdepth 1 -name '*.eml' 2>/dev/null | wc -l; }
# message_ids — the Message-ID of every file received, one a line, sorted
message_ids() { grep -h -i '^Message-ID:' "$INBOX"/*.eml 2>/dev/null | sed 's/^[^:]*: *//' | tr -d '\r' | sort; }
# decoded SUBJECT-OR-BODY — each received message's decoded subject (or body), one a line
decoded() {
    "$PY" - "$1" "$INBOX"/*.eml <<'PYEOF'
import email, email.policy, sys
what = sys.argv[1]
for path in sorted(sys.argv[2:]):
    with open(path, 'rb') as f:
        m = email.message_from_binary_file(f, policy=email.policy.default)
    if what == 'subject':
        print(m['subject'])
    else:
        print(m.get_content().replace('\n', ' '))
PYEOF
}
SEND=(--smtp-url "smtp://127.0.0.1:$SMTP_PORT" --smtp-from "$FROM")

# --- one pass from the command line ------------------------------------------
new_store "$T/store" || finish
DB=$STORE_URL
SQLDB=$DB
smtp_start
cli mail test --db "$DB" --to mottagare@example.se
expect_eq 0 "$RC" "mail test queues (exit 0)"
expect_match '^queued test mails [0-9]+ \(sv\) and [0-9]+ \(en\) to mottagare@example.se$' "$OUT" "mail test says what it queued"
expect_eq "2|pending" "$(q "SELECT COUNT(*), MIN(state) FROM outbox")" "two pending mails, sv and en"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'mail.test' AND actor = 'cli'")" "mail test is audited"
cli mail send --db "$DB" "${SEND[@]}"
expect_eq 0 "$RC" "mail send: exit 0"
expect_eq "sent 2, failed 0" "$OUT" "mail send prints its counts"
expect_eq 2 "$(received)" "the SMTP server got two messages"
subjects=$(decoded subject)
expect_match '^Testmeddelande från datalots \(å, ä, ö\)$' "$(printf '%s\n' "$subjects" | grep Testmeddelande)" "the Swedish subject arrives as UTF-8 (å, ä, ö)"
expect_match 'Test message from datalots' "$subjects" "the English subject arrives"
expect_match 'Å, ä och ö ska synas som bokstäver' "$(decoded body)" "the Swedish body decodes to åäö"
expect_match '^Message-ID: <outbox\.[0-9]+\.[0-9a-f]{24}@datalots>' "$(grep -h '^Message-ID' "$INBOX"/*.eml | head -1 | tr -d '\r')" "each message carries the row's Message-ID"
expect_eq "$(q "SELECT message_id FROM outbox ORDER BY message_id")" "$(message_ids)" "the Message-IDs received are those of the outbox rows"
expect_match 'X-Envelope-From: noreply@region.example' "$(cat "$INBOX"/*.eml)" "the envelope sender is the address of --smtp-from"
expect_eq "2|sent" "$(q "SELECT COUNT(*), MIN(state) FROM outbox WHERE sent_at <> ''")" "both rows are marked sent"
cli mail send --db "$DB" "${SEND[@]}"
expect_eq "sent 0, failed 0" "$OUT" "a second pass sends nothing"
expect_eq 2 "$(received)" "… and nothing twice"
cli mail list --db "$DB" --state sent
expect_match 'Test message from datalots' "$OUT" "mail list --state sent shows them"

# --- bad input ------------------------------------------------------------------
n0=$(q "SELECT COUNT(*) FROM outbox")
cli mail test --db "$DB" --to $'mottagare@example.se\r\nBcc: alla@evil.example'
expect_eq 2 "$RC" "a header-injection address is refused (exit 2)"
expect_match 'radbrytningar' "$ERR" "… with a sentence about line breaks"
cli mail test --db "$DB" --to 'inte en adress'
expect_eq 2 "$RC" "a malformed address is refused"
expect_eq "$n0" "$(q "SELECT COUNT(*) FROM outbox")" "refused mails leave nothing in the outbox"
cli mail send --db "$DB" --smtp-url "smtp://user:secret@127.0.0.1:$SMTP_PORT" --smtp-from "$FROM"
expect_eq 2 "$RC" "a password in --smtp-url is refused"
expect_no_match 'secret' "$ERR" "… without repeating it"
cli mail send --db "$DB" --smtp-url "smtp://127.0.0.1:$SMTP_PORT" --smtp-from $'a@example.se\nBcc: x@evil.example'
expect_eq 2 "$RC" "a header-injection --smtp-from is refused"
# A body at the limit (100 KiB, as the store accepts it) arrives whole.
big=$("$PY" -c "print(('rad med åäö ' * 9 + '\n') * 750, end='')") # ($(…) drops the last newline)
n_big=$(printf '%s' "$big" | wc -c)
q "INSERT INTO outbox(created_at, to_addr, subject, body_text, lang, kind, state, attempts, next_attempt_at, message_id)
   VALUES ('2026-12-06T10:00:00Z', 'stor@example.se', 'Stor', '$big', 'sv', 'mail.test', 'pending', 0, 0, '<big.1@datalots>')"
cli mail send --db "$DB" "${SEND[@]}"
expect_eq "sent 1, failed 0" "$OUT" "a body of $n_big bytes is sent"
expect_eq "$((n_big))" "$("$PY" -c "
import email, email.policy, glob
for p in glob.glob('$INBOX/*.eml'):
    m = email.message_from_binary_file(open(p, 'rb'), policy=email.policy.default)
    if m['subject'] == 'Stor': print(len(m.get_content().rstrip('\n').encode()))")" "… and arrives byte for byte"
if [ "$n_big" -le 102400 ] && [ "$n_big" -gt 90000 ]; then ok "the big body is near the 100 KiB limit"; else not_ok "the big body is near the 100 KiB limit" "$n_big"; fi

# --- TLS: required means never in clear; a password never goes in clear --------
cli mail test --db "$DB" --to mottagare@example.se
before=$(received)
cli mail send --db "$DB" "${SEND[@]}" --smtp-require-tls 1
expect_eq "sent 0, failed 2" "$OUT" "--smtp-require-tls 1 sends nothing to a server without STARTTLS"
expect_match 'TLS|SSL' "$(q "SELECT last_error FROM outbox WHERE state = 'pending' AND attempts = 1 LIMIT 1")" "… and says TLS was missing"
cli mail send --db "$DB" "${SEND[@]}" --smtp-user datalots
expect_eq 2 "$RC" "--smtp-user without a password is a usage error"
q "UPDATE outbox SET next_attempt_at = 0 WHERE state = 'pending'"
DATALOTS_SMTP_PASSWORD=topsecret-pw cli mail send --db "$DB" "${SEND[@]}" --smtp-user datalots
expect_eq "sent 0, failed 2" "$OUT" "with a user name STARTTLS is required: nothing goes to a server without it"
expect_no_match 'topsecret-pw' "$ERR$OUT" "… and the password is never printed"
expect_eq "$before" "$(received)" "nothing arrived in clear"
q "UPDATE outbox SET next_attempt_at = 0 WHERE state = 'pending'"
cli mail send --db "$DB" "${SEND[@]}"
expect_eq "sent 2, failed 0" "$OUT" "without those settings they are sent"

# --- the SMTP server is down: nothing lost, a back-off -------------------------
smtp_stop
cli mail test --db "$DB" --to mottagare@example.se
before=$(received)
t0=$(date +%s)
cli mail send --db "$DB" "${SEND[@]}"
expect_eq 1 "$RC" "mail send with the server down exits 1"
expect_eq "sent 0, failed 1" "$OUT" "… one attempt failed, and the pass stopped there"
expect_match "attempt 1 failed: smtp: .*[Cc]onnect" "$ERR" "… the operator is told why"
expect_eq 2 "$(q "SELECT COUNT(*) FROM outbox WHERE state = 'pending'")" "… both mails are still pending"
row=$(q "SELECT attempts, next_attempt_at - $t0 >= 59 AND next_attempt_at - $t0 <= 62 FROM outbox WHERE state = 'pending' AND attempts > 0")
expect_eq "1|1" "$(printf '%s' "$row" | sed 's/|t$/|1/')" "the failed mail has 1 attempt and its next one a minute later"
expect_match 'onnect' "$(q "SELECT last_error FROM outbox WHERE attempts = 1 AND state = 'pending'")" "… and its last error kept"
cli mail send --db "$DB" "${SEND[@]}"
expect_eq "sent 0, failed 1" "$OUT" "the second pass tries the other one"
cli mail send --db "$DB" "${SEND[@]}"
expect_eq "sent 0, failed 0" "$OUT" "a pass while both back off tries nothing"
expect_eq "$before" "$(received)" "nothing arrived meanwhile"
# A minute passes (the store's clock is ours: move the due times back) and the server returns.
q "UPDATE outbox SET next_attempt_at = 0 WHERE state = 'pending'"
smtp_start
cli mail send --db "$DB" "${SEND[@]}"
expect_eq "sent 2, failed 0" "$OUT" "the server is back: both are sent"
expect_eq 0 "$(q "SELECT COUNT(*) FROM outbox WHERE state <> 'sent'")" "every mail is sent"
expect_eq "$(q "SELECT COUNT(*) FROM outbox")" "$(received)" "one message received per row"
expect_eq "" "$(message_ids | uniq -d)" "no Message-ID twice"

# --- serve's sender thread, killed in the middle of a message ----------------------
smtp_stop
smtp_start --delay 1 --reject nobody@
E2E_STORE=$T/store start_server "${SEND[@]}" --mail-interval 1 || finish
for _ in 1 2 3; do cli mail test --db "$DB" --to mottagare@example.se; done
n_rows=$(q "SELECT COUNT(*) FROM outbox")
in_flight=
for _ in $(seq 1 200); do
    if [ "$(received)" -gt "$before" ] && ls "$INBOX"/.in-progress.* >/dev/null 2>&1; then in_flight=1; break; fi
    sleep 0.05
done
kill -KILL "$SRV_PID"
wait "$SRV_PID" 2>/dev/null
stop_server "$SRV_PID" 2>/dev/null
if [ -n "$in_flight" ]; then ok "serve's sender was killed (SIGKILL) while the SMTP server held a message"; else not_ok "serve's sender was killed mid-message" "received $(received)"; fi
states=$(q "SELECT state, COUNT(*) FROM outbox GROUP BY state ORDER BY state" | tr '\n' ' ')
expect_match 'sending\|1' "$states" "one mail was in flight ($states)"
expect_match 'pending\|[1-9]' "$states" "… and some were still waiting"
inflight_id=$(q "SELECT id FROM outbox WHERE state = 'sending'")
sleep 1.2 # the SMTP server notices the client is gone and keeps nothing
# Five minutes pass: the dead server's lease runs out.
q "UPDATE outbox SET lease_until = 0 WHERE state = 'sending'"
E2E_STORE=$T/store start_server "${SEND[@]}" --mail-interval 1 || finish
for _ in $(seq 1 300); do
    [ "$(q "SELECT COUNT(*) FROM outbox WHERE state <> 'sent'")" = 0 ] && break
    sleep 0.1
done
expect_eq 0 "$(q "SELECT COUNT(*) FROM outbox WHERE state <> 'sent'")" "after the restart every queued mail is sent"
expect_eq "$n_rows" "$(received)" "one message received per row ($n_rows)"
expect_eq "" "$(message_ids | uniq -d)" "no Message-ID received twice"
expect_eq "$(q "SELECT message_id FROM outbox ORDER BY message_id")" "$(message_ids)" "every row's Message-ID was received"
expect_eq 2 "$(q "SELECT attempts FROM outbox WHERE id = ${inflight_id:-0}")" "the mail in flight took a second attempt"

# --- refused for good, the admin page, retry ------------------------------------
cli mail test --db "$DB" --to nobody@example.se
for _ in $(seq 1 100); do
    [ "$(q "SELECT COUNT(*) FROM outbox WHERE state = 'failed'")" = 2 ] && break
    sleep 0.1
done
expect_eq "2|1" "$(q "SELECT COUNT(*), MAX(attempts) FROM outbox WHERE state = 'failed'")" "a recipient refused with 550 is failed at once, not retried"
expect_match '550' "$(q "SELECT last_error FROM outbox WHERE state = 'failed' LIMIT 1")" "… and the 550 is kept"
fid=$(q "SELECT MIN(id) FROM outbox WHERE state = 'failed'")

login admin
AJ=$(jar admin)
http GET /admin/outbox "$AJ"
expect_status 200 "admin: /admin/outbox is 200"
expect_body_has 'Testmeddelande från datalots (å, ä, ö)' "the outbox page lists the subjects"
expect_body_has 'mottagare@example.se' "… the recipients"
expect_body_has 'mail.test' "… the kind"
expect_body_has "Antal meddelanden: $(q "SELECT COUNT(*) FROM outbox")" "… and counts them all"
http GET '/admin/outbox?state=failed' "$AJ"
expect_status 200 "the failed filter is 200"
expect_body_has 'nobody@example.se' "… lists the refused mail"
expect_body_has '550' "… with its last error"
expect_body_has "action=\"/admin/outbox/$fid/retry\"" "… and a retry button"
expect_body_lacks 'mottagare@example.se' "… and not the sent ones"
http GET '/admin/outbox?state=bogus' "$AJ"
expect_status 400 "an unknown state is 400"
http GET '/admin/outbox?page=0' "$AJ"
expect_status 400 "page 0 is 400"
http POST "/admin/outbox/$fid/retry" "$AJ"
expect_status 403 "retry without the CSRF token is 403"
post "/admin/outbox/$fid/retry" "$AJ"
expect_status 303 "retry with the CSRF token is 303"
expect_header Location '^/admin/outbox$' "… back to the outbox"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'outbox.retry' AND object_id = '$fid'")" "the retry is audited"
for _ in $(seq 1 100); do
    [ "$(q "SELECT attempts FROM outbox WHERE id = $fid")" = 2 ] && [ "$(q "SELECT state FROM outbox WHERE id = $fid")" = failed ] && break
    sleep 0.1
done
expect_eq "failed|2" "$(q "SELECT state, attempts FROM outbox WHERE id = $fid")" "the retried mail got one more attempt (refused again)"
sid=$(q "SELECT MIN(id) FROM outbox WHERE state = 'sent'")
post "/admin/outbox/$sid/retry" "$AJ"
expect_status 409 "a sent mail cannot be retried (409)"
post "/admin/outbox/999999/retry" "$AJ"
expect_status 404 "retrying no such mail is 404"
login registrator
RJ=$(jar registrator)
http GET /admin/outbox "$RJ"
expect_status 403 "registrator: /admin/outbox is 403"
post "/admin/outbox/$fid/retry" "$RJ"
expect_status 403 "registrator: retry is 403"
http GET /admin/outbox -
expect_status 303 "a stranger is sent to sign in"

# --- a clean stop while the sender runs ---
t0=$(date +%s)
stop_server "$SRV_PID"
expect_eq 0 "$?" "serve with a sender thread stops cleanly (exit 0)"
if [ $(( $(date +%s) - t0 )) -le 15 ]; then ok "… within 15 seconds"; else not_ok "serve stops within 15 seconds"; fi
expect_no_match 'secret' "$(cat "$T"/srv*/serve.err)" "no password in serve's log"

finish
