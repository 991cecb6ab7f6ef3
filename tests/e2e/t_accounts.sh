#!/usr/bin/env bash
# t_accounts.sh — signing in and out, CSRF, the back-off per account and
# source (known devices, unknown names, parallel guesses), the per-address
# limit, changing one's password (and its limit), disabling, session timeouts.
. "$(dirname "$0")/lib.sh"

start_server || finish

# --- sign-in ---
login registrator
expect_status 303 "registrator signs in (303)"
expect_header Location '^/$' "sign-in goes to / by default"
sc=$(grep -i '^Set-Cookie: dl_session=' "$HDRS" | tr -d '\r')
expect_match '^Set-Cookie: dl_session=[0-9a-f]{64};' "$sc" "sign-in sets dl_session"
expect_match 'HttpOnly' "$sc" "dl_session is HttpOnly"
expect_match 'SameSite=Lax' "$sc" "dl_session is SameSite=Lax"
expect_match 'Path=/' "$sc" "dl_session has Path=/"
RJ=$(jar registrator)
http GET /account/password "$RJ"
expect_status 200 "signed in: /account/password is 200"
expect_body_has 'Rolf Registrator' "signed in: the page shows who is signed in"
expect_eq 1 "$(q "SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = 'registrator'")" "one session row for registrator"
sess=$(cookie_value "$RJ" dl_session)
h=$(printf '%s' "$sess" | sha256sum | cut -d' ' -f1)
expect_eq 0 "$(q "SELECT COUNT(*) FROM sessions WHERE id_hash = '$sess'")" "the session token is not stored in clear"
expect_eq 1 "$(q "SELECT COUNT(*) FROM sessions WHERE id_hash = '$h'")" "the store keeps the token's SHA-256"

# next= is honoured only for local paths
J=$(jar nexttest)
tok=$(csrf_of '/login?next=/diarium' "$J")
http POST /login "$J" --data-urlencode username=samordnare --data-urlencode "password=$DEMO_PW" --data-urlencode next=/diarium --data-urlencode "csrf=$tok"
expect_header Location '^/diarium$' "sign-in with next=/diarium goes there"
for evil in '//evil.example/' 'https://evil.example/' '/\evil.example' 'javascript:alert(1)'; do
    rm -f "$J"
    tok=$(csrf_of /login "$J")
    http POST /login "$J" --data-urlencode username=samordnare --data-urlencode "password=$DEMO_PW" --data-urlencode "next=$evil" --data-urlencode "csrf=$tok"
    expect_header Location '^/$' "sign-in never redirects off-site (next=$evil)"
done

# a new session on sign-in, never the one the browser came with
J=$(jar fixation)
login_jar "$J" samordnare
first=$(cookie_value "$J" dl_session)
tok=$(csrf_of /account/password "$J")
http POST /login "$J" --data-urlencode username=samordnare --data-urlencode "password=$DEMO_PW" --data-urlencode "csrf=$tok"
second=$(cookie_value "$J" dl_session)
expect_ne "$first" "$second" "signing in again issues a new session token"
http GET /account/password - -H "Cookie: dl_session=$first"
expect_status 303 "the replaced session token no longer works"
http GET /account/password - -H "Cookie: dl_session=$(printf 'f%.0s' $(seq 64))"
expect_status 303 "a made-up session token is not signed in"
http GET /account/password - -H "Cookie: dl_session=<script>; dl_session=x"
expect_status 303 "a garbage session cookie is not signed in (no 500)"

# --- wrong password, unknown user ---
login_jar "$T/jar.wrong" registrator wrong-password-1234
expect_status 401 "wrong password is 401"
expect_body_has 'Fel användarnamn eller lösenord' "wrong password: 'Fel användarnamn eller lösenord'"
if grep -qi '^Set-Cookie: dl_session=[0-9a-f]' "$HDRS"; then not_ok "wrong password: no session cookie" "$(grep -i Set-Cookie "$HDRS")"; else ok "wrong password: no session cookie"; fi
msg_wrong=$(grep -o '<p class="error"[^>]*>[^<]*' "$BODY")
login no-such-user-at-all wrong-password-1234
expect_status 401 "unknown user is 401"
expect_body_has 'Fel användarnamn eller lösenord' "unknown user: the same message"
msg_unknown=$(grep -o '<p class="error"[^>]*>[^<]*' "$BODY")
expect_eq "$msg_wrong" "$msg_unknown" "unknown user and wrong password read exactly alike"
if grep -qi '^Set-Cookie: dl_session=[0-9a-f]' "$HDRS"; then not_ok "unknown user: no session cookie"; else ok "unknown user: no session cookie"; fi
expect_body_has 'value="no-such-user-at-all"' "the sign-in form keeps the username typed"
login_jar "$T/jar.wrong" registrator ''
expect_status 422 "an empty password is 422"
J=$(jar nocsrf)
curl -s -o /dev/null -c "$J" "$BASE/login"
http POST /login "$J" --data-urlencode username=registrator --data-urlencode "password=$DEMO_PW"
expect_status 403 "sign-in without the CSRF token is 403"
http POST /login - --data-urlencode username=registrator --data-urlencode "password=$DEMO_PW" --data-urlencode "csrf=$(printf 'a%.0s' $(seq 64))"
expect_status 403 "sign-in without the CSRF cookie is 403"

# --- CSRF on signed-in forms ---
form=(--data-urlencode org=1 --data-urlencode doc_date=2026-03-02 --data-urlencode direction=in
      --data-urlencode counterpart=Testavsändare --data-urlencode subject=CSRF-försök)
login samordnare
n0=$(q 'SELECT COUNT(*) FROM diary_entry')
a0=$(q 'SELECT COUNT(*) FROM audit_log')
http POST /diarium "$RJ" "${form[@]}"
expect_status 403 "POST /diarium without csrf is 403"
expect_body_has 'säkerhetstoken' "the 403 explains the missing security token"
http POST /diarium "$RJ" "${form[@]}" --data-urlencode "csrf=$(printf '0%.0s' $(seq 64))"
expect_status 403 "POST /diarium with a wrong csrf is 403"
http POST /diarium "$RJ" "${form[@]}" --data-urlencode "csrf=not-even-hex"
expect_status 403 "POST /diarium with a malformed csrf is 403"
other=$(csrf_of /account/password "$(jar samordnare)")
http POST /diarium "$RJ" "${form[@]}" --data-urlencode "csrf=$other"
expect_status 403 "POST /diarium with the csrf of another session is 403"
anon_tok=$(csrf_of /login "$(jar anonymous)")
http POST /diarium "$RJ" "${form[@]}" --data-urlencode "csrf=$anon_tok"
expect_status 403 "POST /diarium with an anonymous csrf is 403"
http POST /diarium "$RJ" -H 'Content-Type: application/x-www-form-urlencoded' --data-raw "org=1&doc_date=2026-03-02&direction=in&counterpart=x&subject=y&csrf=$(csrf_of /org "$RJ")0"
expect_status 403 "POST /diarium with a csrf one character too long is 403"
expect_eq "$n0" "$(q 'SELECT COUNT(*) FROM diary_entry')" "no diary entry written by the refused posts"
expect_eq "$a0" "$(q 'SELECT COUNT(*) FROM audit_log')" "no audit row written by the refused posts"
mytok=$(csrf_of /org "$RJ")
http POST /diarium "$RJ" "${form[@]}" -H "X-CSRF-Token: $mytok"
expect_status 303 "POST /diarium with the token in X-CSRF-Token works"
expect_eq $((n0 + 1)) "$(q 'SELECT COUNT(*) FROM diary_entry')" "the accepted post wrote one entry"

# --- sign-out ---
login sekretess
SJ=$(jar sekretess)
old=$(cookie_value "$SJ" dl_session)
http POST /logout "$SJ"
expect_status 403 "POST /logout without csrf is 403"
http GET /account/password "$SJ"
expect_status 200 "still signed in after the refused sign-out"
post /logout "$SJ"
expect_status 303 "POST /logout with csrf is 303"
expect_match '^dl_session=;|^dl_session=""' "$(grep -i '^Set-Cookie: dl_session' "$HDRS" | sed 's/^[^:]*: //')" "sign-out clears the cookie"
http GET /account/password - -H "Cookie: dl_session=$old"
expect_status 303 "after sign-out the old session cookie does not work"
expect_header Location '^/login\?next=%2Faccount%2Fpassword$' "…it redirects to /login?next=%2Faccount%2Fpassword"
expect_eq 0 "$(q "SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = 'sekretess'")" "sign-out deletes the session row"
http GET /logout -
expect_status 405 "GET /logout is 405 (sign-out needs a POST)"
tok=$(csrf_of /login "$(jar anon2)")
http POST /logout "$(jar anon2)" --data-urlencode "csrf=$tok"
expect_status 401 "POST /logout when not signed in is 401"

# --- change one's own password ---
login natverk
NA=$(jar natverk)
NB=$T/jar.natverk-b
login_jar "$NB" natverk
expect_status 303 "natverk signs in a second time (another browser)"
post /account/password "$NA" current=wrong-password-999 new=Ett-nytt-lösen-2026 confirm=Ett-nytt-lösen-2026
expect_status 422 "wrong current password is 422"
expect_body_has 'nuvarande lösenordet stämmer inte' "wrong current password is explained"
post /account/password "$NA" current="$DEMO_PW" new=Ett-nytt-lösen-2026 confirm=Ett-nytt-lösen-2027
expect_status 422 "new passwords that differ are 422"
expect_body_has 'inte lika' "differing new passwords are explained"
post /account/password "$NA" current="$DEMO_PW" new=kort confirm=kort
expect_status 422 "a too short new password is 422"
expect_body_has 'minst 12 tecken' "too short: the policy is explained"
post /account/password "$NA" current="$DEMO_PW" new=natverk-natverk confirm=natverk-natverk
expect_status 422 "a new password containing the username is 422"
post /account/password "$NA" current="$DEMO_PW" new=password1234 confirm=password1234
expect_status 422 "a common new password is 422"
post /account/password "$NA" current="$DEMO_PW" new=Ett-nytt-lösen-2026
expect_status 422 "a missing confirm field is 422"
http GET /account/password "$NB"
expect_status 200 "the other session survives the failed attempts"
post /account/password "$NA" current="$DEMO_PW" new=Ett-nytt-lösen-2026 confirm=Ett-nytt-lösen-2026
expect_status 303 "a good password change is 303"
expect_header Location '^/account/password\?changed=1$' "…back to the page with changed=1"
http GET /account/password "$NA"
expect_status 200 "the session that changed the password stays signed in"
http GET /account/password "$NB"
expect_status 303 "the user's other session is signed out"
login_jar "$NB" natverk "$DEMO_PW"
expect_status 401 "the old password no longer works"
login_jar "$NB" natverk Ett-nytt-lösen-2026
expect_status 303 "the new password works"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'user.password' AND object_id = CAST((SELECT id FROM users WHERE username = 'natverk') AS TEXT)")" "the password change is audited"
if q "SELECT detail || before_digest || after_digest FROM audit_log" | grep -q 'Ett-nytt'; then not_ok "the audit log never holds the password"; else ok "the audit log never holds the password"; fi
if q "SELECT password_hash FROM users WHERE username = 'natverk'" | grep -q '^\$argon2id\$'; then ok "passwords are stored as argon2id hashes"; else not_ok "passwords are stored as argon2id hashes"; fi

# --- an administrator setting a password ends that user's sessions ---
login redaktor
EJ=$(jar redaktor)
login admin
uid=$(q "SELECT id FROM users WHERE username = 'redaktor'")
post "/admin/users/$uid/password" "$(jar admin)" password=kort
expect_status 422 "admin: a weak password for another user is 422"
http GET /account/password "$EJ"
expect_status 200 "the refused change leaves redaktor signed in"
post "/admin/users/$uid/password" "$(jar admin)" password=Satt-av-admin-2026
expect_status 303 "admin sets redaktor's password"
http GET /account/password "$EJ"
expect_status 303 "redaktor's session is ended by the new password"
http GET /account/password "$(jar admin)"
expect_status 200 "the admin stays signed in"
login redaktor Satt-av-admin-2026
expect_status 303 "redaktor signs in with the password the admin set"

# --- disabling an account ends its sessions ---
login dataanalys
DJ=$(jar dataanalys)
login admin
AJ=$(jar admin)
uid=$(q "SELECT id FROM users WHERE username = 'dataanalys'")
post "/admin/users/$uid/disable" "$AJ"
expect_status 303 "admin disables dataanalys"
http GET /account/password "$DJ"
expect_status 303 "a disabled user's session is signed out"
login dataanalys
expect_status 401 "a disabled user cannot sign in"
expect_body_has 'Fel användarnamn eller lösenord' "a disabled user gets the same message"
post "/admin/users/$uid/enable" "$AJ"
expect_status 303 "admin enables dataanalys again"
login dataanalys
expect_status 303 "an enabled user can sign in again"
aid=$(q "SELECT id FROM users WHERE username = 'admin'")
post "/admin/users/$aid/disable" "$AJ"
expect_status 409 "an admin cannot disable their own account"

# --- back-off per account and source: 5 wrong passwords, then 429 from there ---
q "DELETE FROM login_throttle"
for i in 1 2 3 4 5; do
    login hinder "wrong-password-$i"
    [ "$STATUS" = 401 ] || not_ok "wrong password $i for hinder is 401" "got $STATUS"
done
expect_status 401 "the fifth wrong password is still 401"
login hinder
expect_status 429 "after 5 wrong passwords from this address the right one is 429"
expect_body_has 'tillfälligt låst' "the lockout says 'tillfälligt låst'"
expect_body_has 'Från en dator där du har loggat in förut' "... and how the owner still gets in"
expect_header Retry-After '^[0-9]+$' "the lockout has Retry-After"
msg_locked_real=$(grep -o '<p class="error"[^>]*>[^<]*' "$BODY" | sed 's/[0-9][0-9]*//g')
if grep -qi '^Set-Cookie: dl_session=[0-9a-f]' "$HDRS"; then not_ok "a locked account gets no session"; else ok "a locked account gets no session"; fi
expect_ne 0 "$(q "SELECT locked_until FROM signin_backoff WHERE account = '$(acct hinder)' AND source = 'address:127.0.0.1'")" \
    "the back-off is kept per account and source in the store"
expect_eq 0 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login_refused' AND actor = 'hinder'" | grep -c '^0$')" \
    "the refusal is audited (auth.login_refused)"
q "UPDATE signin_backoff SET locked_until = 0, failures = 9 WHERE account = '$(acct hinder)' AND source = 'address:127.0.0.1'"
login hinder wrong-password-10
expect_status 401 "the tenth wrong password is 401"
login hinder
expect_status 429 "after the tenth failure the account is locked from here"
left=$(( $(q "SELECT locked_until FROM signin_backoff WHERE account = '$(acct hinder)' AND source = 'address:127.0.0.1'") - $(date +%s) ))
ra=$(hdr Retry-After)
if [ "${ra:-0}" -ge $((left - 5)) ] && [ "$left" -gt 1800 ]; then ok "Retry-After ($ra) covers the 32-minute lock ($left s left)"; else not_ok "Retry-After covers the lock" "Retry-After: $ra, but the lock has $left s left"; fi
q "UPDATE signin_backoff SET locked_until = 0 WHERE account = '$(acct hinder)'"
login hinder
expect_status 303 "once the lock has passed the right password works"
expect_eq 0 "$(q "SELECT COUNT(*) FROM signin_backoff WHERE account = '$(acct hinder)'")" "a good sign-in clears the back-off of its source"

# --- an administrator lifts a sign-in lock without a new password --------------
q "DELETE FROM login_throttle"
for i in 1 2 3 4 5; do login hinder "wrong-password-$i"; done
login hinder
expect_status 429 "hinder is locked again"
AJU=$(jar admin)
login admin
hid=$(q "SELECT id FROM users WHERE username = 'hinder'")
http GET "/admin/users/$hid" "$AJU"
expect_body_has 'Inloggningen till kontot är tillfälligt spärrad' "the admin page says the account is locked"
expect_body_has "/admin/users/$hid/unlock" "... and offers to lift it"
post "/admin/users/$hid/unlock" "$AJU"
expect_status 303 "the admin lifts the lock"
expect_eq 0 "$(q "SELECT COUNT(*) FROM signin_backoff WHERE account = '$(acct hinder)'")" "the back-off is gone"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'user.unlock' AND object_id = '$hid' AND actor = 'admin'")" \
    "lifting the lock is audited (user.unlock)"
http GET "/admin/users/$hid" "$AJU"
expect_body_lacks 'Inloggningen till kontot är tillfälligt spärrad' "the admin page no longer says locked"
login hinder
expect_status 303 "hinder signs in with the same password"

# --- a name that is no account is answered exactly like a real one -----------
q "DELETE FROM login_throttle"
for i in 1 2 3 4 5; do
    login ingen-sadan-kollega "wrong-password-$i"
    [ "$STATUS" = 401 ] || not_ok "wrong password $i for an unknown name is 401" "got $STATUS"
done
login ingen-sadan-kollega whatever-password
expect_status 429 "an unknown name is locked after 5 failures too (no hint that it does not exist)"
expect_header Retry-After '^[0-9]+$' "... with Retry-After"
msg_locked_unknown=$(grep -o '<p class="error"[^>]*>[^<]*' "$BODY" | sed 's/[0-9][0-9]*//g')
expect_eq "$msg_locked_real" "$msg_locked_unknown" "the lock of an unknown name reads exactly like a real account's"
expect_eq 0 "$(q "SELECT COUNT(*) FROM audit_log WHERE actor LIKE '%ingen-sadan%' OR detail LIKE '%ingen-sadan%'")" \
    "a name that is no account is never written to the audit log"
expect_eq "0 1" "$(q "SELECT COUNT(*) FROM signin_backoff WHERE account LIKE '%ingen-sadan%'") $(q "SELECT COUNT(*) FROM signin_backoff WHERE account = '$(acct ingen-sadan-kollega)' AND source = 'address:127.0.0.1'")" \
    "the back-off keeps the typed name only as its SHA-256"
# Timing: a wrong password for a real account and for an unknown name do the
# same argon2 work. One round: the fastest of five each (the fifth failure
# still does the argon2 work: LOCKOUT_FREE_FAILURES), taken in turns so that
# whatever else the machine runs slows both kinds alike. A loaded machine can
# still spoil a round, so up to three rounds are taken; a real difference
# (an unknown name answered without the argon2 work) fails every one.
timed() { # timed USER — the seconds of one wrong sign-in
    local j=$T/jar.timed tok
    rm -f "$j"; tok=$(csrf_of /login "$j")
    curl -s -o /dev/null -w '%{time_total}\n' -b "$j" -c "$j" --data-urlencode "username=$1" \
        --data-urlencode "password=wrong-timing-pw" --data-urlencode "csrf=$tok" "$BASE/login"
}
rounds=""
for round in 1 2 3; do
    q "DELETE FROM login_throttle; DELETE FROM signin_backoff"
    : >"$T/timed.real"; : >"$T/timed.unknown"
    for i in 1 2 3 4 5; do
        timed redaktor >>"$T/timed.real"
        timed "ingen-alls-$round-$i" >>"$T/timed.unknown"
    done
    t_real=$(sort -n "$T/timed.real" | head -1)
    t_unknown=$(sort -n "$T/timed.unknown" | head -1)
    rounds="$rounds round $round: real $t_real s, unknown $t_unknown s;"
    awk -v a="$t_real" -v b="$t_unknown" 'BEGIN { r = a / b; exit !(r > 0.5 && r < 2) }' && break
done
if awk -v a="$t_real" -v b="$t_unknown" 'BEGIN { r = a / b; exit !(r > 0.5 && r < 2) }'; then
    ok "a wrong password takes as long for a real account as for an unknown name ($rounds)"
else
    not_ok "wrong-password timing does not depend on the account existing" "$rounds"
fi

# --- a stranger cannot lock a colleague out of her known device ---------------
q "DELETE FROM login_throttle; DELETE FROM signin_backoff"
DEV=$T/jar.sokande-laptop
login_jar "$DEV" sokande
expect_status 303 "sokande signs in from her laptop"
expect_match '^[0-9a-f]{64}$' "$(cookie_value "$DEV" dl_device)" "the laptop gets a device cookie (dl_device)"
expect_match 'HttpOnly' "$(grep -i '^Set-Cookie: dl_device=' "$HDRS")" "dl_device is HttpOnly"
post /logout "$DEV"
expect_status 303 "... and signs out again (the device cookie stays)"
for i in 1 2 3 4 5 6; do login sokande "stranger-guess-$i"; done
expect_status 429 "a stranger guessing sokande's password from this address is locked out"
tok=$(csrf_of /login "$DEV")
http POST /login "$DEV" --data-urlencode username=sokande --data-urlencode "password=$DEMO_PW" --data-urlencode "csrf=$tok"
expect_status 303 "sokande still signs in from her known laptop (same address)"
post /logout "$DEV"
for i in 1 2 3 4 5; do
    tok=$(csrf_of /login "$DEV")
    http POST /login "$DEV" --data-urlencode username=sokande --data-urlencode "password=own-typo-$i" --data-urlencode "csrf=$tok"
done
tok=$(csrf_of /login "$DEV")
http POST /login "$DEV" --data-urlencode username=sokande --data-urlencode "password=$DEMO_PW" --data-urlencode "csrf=$tok"
expect_status 429 "guessing from the known device backs that device off too"
q "UPDATE known_device SET user_id = (SELECT id FROM users WHERE username = 'redaktor')"
tok=$(csrf_of /login "$DEV")
http POST /login "$DEV" --data-urlencode username=sokande --data-urlencode "password=$DEMO_PW" --data-urlencode "csrf=$tok"
expect_status 429 "a device cookie of another account does not count as sokande's device"

# --- sixteen parallel wrong passwords: exactly five are checked ---------------
q "DELETE FROM login_throttle; DELETE FROM signin_backoff"
for i in $(seq 1 16); do
    j=$T/jar.par$i; rm -f "$j"; echo "$(csrf_of /login "$j")" >"$T/tok.par$i"
done
n_failed0=$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login_failed' AND actor = 'natverk'")
pids=()
for i in $(seq 1 16); do
    curl -s -o /dev/null -w '%{http_code}\n' --max-time 60 -b "$T/jar.par$i" --data-urlencode username=natverk \
        --data-urlencode "password=parallel-guess-$i" --data-urlencode "csrf=$(cat "$T/tok.par$i")" "$BASE/login" >"$T/par.$i" &
    pids+=($!)
done
wait "${pids[@]}"
n401=$(cat "$T"/par.* | grep -c '^401$')
n429=$(cat "$T"/par.* | grep -c '^429$')
expect_eq "5 11" "$n401 $n429" "16 parallel wrong passwords: 5 checked (401), 11 refused (429)"
expect_eq 5 "$(( $(q "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login_failed' AND actor = 'natverk'") - n_failed0 ))" \
    "exactly 5 wrong passwords were audited as checked"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login_refused' AND actor = 'natverk'")" \
    "the lock's refusal is audited once, not once per refused request"
head0=$(q "SELECT last_seq FROM audit_head")
login natverk
expect_status 429 "natverk is still locked from here"
expect_eq "$head0" "$(q "SELECT last_seq FROM audit_head")" "a further refusal of the same lock writes nothing"

# --- per-address limit: 20 failures from one address, then 429 ---------------
q "DELETE FROM login_throttle; DELETE FROM signin_backoff"
SDEV=$T/jar.samrad-desk
login_jar "$SDEV" samrad
expect_status 303 "samrad signs in at her desk (a known device from now on)"
post /logout "$SDEV"
i=0
while [ $i -lt 20 ]; do
    i=$((i + 1))
    login "nobody-$i" wrong-password-xyz
    if [ "$STATUS" != 401 ]; then not_ok "failure $i from this client is 401" "got $STATUS"; break; fi
done
expect_eq 20 "$(q "SELECT failures FROM login_throttle WHERE client = '127.0.0.1'")" "20 failures counted from this client"
login "nobody-last" wrong-password-xyz
expect_status 429 "the 21st attempt from this client is 429"
expect_body_has 'För många misslyckade inloggningar från din adress' "the limit explains itself"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login_refused' AND detail LIKE 'address limit until %'")" \
    "the address limit is audited"
login samrad
expect_status 429 "after the limit even a right password from a new browser at this address is 429"
expect_header Retry-After '^[0-9]+$' "the limit has Retry-After"
tok=$(csrf_of /login "$SDEV")
http POST /login "$SDEV" --data-urlencode username=samrad --data-urlencode "password=$DEMO_PW" --data-urlencode "csrf=$tok"
expect_status 303 "samrad's known desk computer is not held by the address limit"
http GET /account/password "$RJ"
expect_status 200 "existing sessions are not affected by the limit"

# --- the current password cannot be guessed with a stolen session -------------
q "DELETE FROM login_throttle; DELETE FROM signin_backoff"
login dataanalys
DJ=$(jar dataanalys)
for i in 1 2 3 4 5; do
    post /account/password "$DJ" current="stolen-guess-$i" new=Ett-nytt-lösen-2031 confirm=Ett-nytt-lösen-2031
    [ "$STATUS" = 422 ] || not_ok "wrong current password $i is 422" "got $STATUS"
done
post /account/password "$DJ" current="$DEMO_PW" new=Ett-nytt-lösen-2031 confirm=Ett-nytt-lösen-2031
expect_status 429 "after 5 wrong current passwords even the right one is refused (429)"
expect_body_has 'För många felaktiga försök med det nuvarande lösenordet' "... with a sentence saying so"
expect_header Retry-After '^[0-9]+$' "... and Retry-After"
expect_eq 5 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.password_wrong' AND actor = 'dataanalys'")" \
    "each wrong current password is audited"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.password_refused' AND actor = 'dataanalys'")" \
    "the refusal is audited"
OWN=$T/jar.dataanalys-own
login_jar "$OWN" dataanalys
expect_status 303 "the password-change back-off does not lock sign-in"
post /account/password "$OWN" current="$DEMO_PW" new=Ett-nytt-lösen-2031 confirm=Ett-nytt-lösen-2031
expect_status 303 "the owner changes the password from her own session while the stolen one is locked"
http GET /account/password "$DJ"
expect_status 303 "... which signs the stolen session out"
expect_eq 0 "$(q "SELECT COUNT(*) FROM signin_backoff WHERE account = '$(acct dataanalys)'")" "a new password clears the account's back-off"

# --- an old hash is renewed at sign-in (docs/security.md) ---
# A test vector: "demo-Regionhalsan-2026" hashed by libsodium's
# crypto_pwhash_str at the lowest limits (m=8 KiB, t=1), as an older
# installation might have stored it.
WEAK='$argon2id$v=19$m=8,t=1,p=1$pjSNeBKbp4bu7418TTMesQ$ceF3Hoqb0Hf2eArV/Qb/NoAGSV8Kg6aqcc/2676jOoU'
q "UPDATE users SET password_hash = '$WEAK' WHERE username = 'redaktor'" >/dev/null
login redaktor
expect_status 303 "a password stored with old limits still signs in"
NEWHASH=$(q "SELECT password_hash FROM users WHERE username = 'redaktor'")
expect_ne "$WEAK" "$NEWHASH" "...and its hash is renewed"
expect_match '^\$argon2id\$v=19\$m=65536,t=2,p=1\$' "$NEWHASH" "...with today's limits (64 MiB, 2 passes)"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'user.password_rehash' AND actor = 'redaktor'")" "...audited once"
login redaktor
expect_status 303 "the renewed hash takes the same password"
expect_eq "$NEWHASH" "$(q "SELECT password_hash FROM users WHERE username = 'redaktor'")" "...and is not renewed again"
login redaktor wrong-password-2026
expect_status 401 "a wrong password is still refused"

# --- session timeouts (a server with --session-idle 1 --session-max 1) ---
start_server --session-idle 1 --session-max 1
login samordnare
SJ=$(jar samordnare)
http GET /account/password "$SJ"
expect_status 200 "short-session server: signed in"
q "UPDATE sessions SET last_seen_at = last_seen_at - 30"
http GET /account/password "$SJ"
expect_status 200 "30 s idle with --session-idle 1: still signed in"
q "UPDATE sessions SET last_seen_at = last_seen_at - 120"
http GET /account/password "$SJ"
expect_status 303 "2 min idle with --session-idle 1: signed out"
expect_header Location '^/login' "…redirected to /login"
expect_match 'dl_session=;' "$(grep -i '^Set-Cookie: dl_session' "$HDRS")" "…and the expired cookie is cleared"
expect_eq 0 "$(q 'SELECT COUNT(*) FROM sessions')" "the expired session row is deleted"
# KNOWN-BUG: store/sessions.c session_lookup writes last_seen_at only when
# it is 60 s or more old, yet measures idleness from it: with
# --session-idle 1 a user active 50 s after sign-in is signed out 50 s
# later (100 s after the stale last_seen_at) although idle only 50 s.
login samordnare
q "UPDATE sessions SET last_seen_at = last_seen_at - 50, created_at = created_at - 50"
http GET /account/password "$SJ"
expect_status 200 "signed in 50 s ago: still signed in"
q "UPDATE sessions SET last_seen_at = last_seen_at - 50, created_at = created_at - 50"
http GET /account/password "$SJ"
expect_status 200 "idle 50 s (last request 50 s ago) with --session-idle 1: still signed in"
login samordnare
http GET /account/password "$SJ"
expect_status 200 "signed in again"
q "UPDATE sessions SET created_at = created_at - 7200"
http GET /account/password "$SJ"
expect_status 303 "2 h after sign-in with --session-max 1: signed out"
post /diarium "$SJ" org=1 doc_date=2026-03-02 direction=in counterpart=x subject=y
expect_status '401|403' "an expired session cannot post"

finish
