#!/usr/bin/env bash
# t_accounts.sh — signing in and out, CSRF, lockout and the per-client
# throttle, changing one's password, disabling, session timeouts.
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

# --- lockout: 5 wrong passwords, then even the right one is refused ---
for i in 1 2 3 4 5; do
    login hinder "wrong-password-$i"
    [ "$STATUS" = 401 ] || not_ok "wrong password $i for hinder is 401" "got $STATUS"
done
expect_status 401 "the fifth wrong password is still 401"
login hinder
expect_status 429 "after 5 wrong passwords the right one is 429"
expect_body_has 'tillfälligt låst' "the lockout says 'tillfälligt låst'"
expect_header Retry-After '^[0-9]+$' "the lockout has Retry-After"
if grep -qi '^Set-Cookie: dl_session=[0-9a-f]' "$HDRS"; then not_ok "a locked account gets no session"; else ok "a locked account gets no session"; fi
expect_ne 0 "$(q "SELECT locked_until FROM users WHERE username = 'hinder'")" "locked_until is set in the store"
# KNOWN-BUG: handlers/login.c answers a locked account with a fixed
# "Retry-After: 60", however long the lock (it doubles up to an hour):
# after the 10th failure the account is locked for 32 min.
q "UPDATE users SET locked_until = 0, failed_logins = 9 WHERE username = 'hinder'"
login hinder wrong-password-10
expect_status 401 "the tenth wrong password is 401"
login hinder
expect_status 429 "after the tenth failure the account is locked"
left=$(( $(q "SELECT locked_until FROM users WHERE username = 'hinder'") - $(date +%s) ))
ra=$(hdr Retry-After)
if [ "${ra:-0}" -ge $((left - 5)) ]; then ok "Retry-After ($ra) covers the lock ($left s left)"; else not_ok "Retry-After covers the lock" "Retry-After: $ra, but the lock has $left s left"; fi
q "UPDATE users SET locked_until = 0 WHERE username = 'hinder'"
login hinder
expect_status 303 "once the lock has passed the right password works"
expect_eq 0 "$(q "SELECT failed_logins FROM users WHERE username = 'hinder'")" "a good sign-in clears the failure count"

# --- per-client throttle: 20 failures from one address, then 429 ---
f=$(q "SELECT failures FROM login_throttle WHERE client = '127.0.0.1'")
f=${f:-0}
ok "failures from 127.0.0.1 so far: $f"
i=0
while [ "$f" -lt 20 ] && [ $i -lt 40 ]; do
    i=$((i + 1))
    login "nobody-$i" wrong-password-xyz
    if [ "$STATUS" != 401 ]; then not_ok "failure $((f + 1)) from this client is 401" "got $STATUS"; break; fi
    f=$((f + 1))
done
expect_eq 20 "$f" "20 failures counted from this client"
login "nobody-last" wrong-password-xyz
expect_status 429 "the 21st attempt from this client is 429"
expect_body_has 'För många misslyckade inloggningar' "the throttle explains itself"
login samrad
expect_status 429 "after the throttle even a right password from this client is 429"
expect_header Retry-After '^[0-9]+$' "the throttle has Retry-After"
http GET /account/password "$RJ"
expect_status 200 "existing sessions are not affected by the throttle"

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
