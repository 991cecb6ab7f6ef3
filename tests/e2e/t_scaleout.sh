#!/usr/bin/env bash
# t_scaleout.sh — two `datalots serve` on different ports sharing one
# PostgreSQL database: signed in on one, go on on the other (the session and
# the CSRF secret live in the store); sign-out, disabling, the account
# lockout and the per-client throttle reach both; 8 registrars on both
# servers at once get 80 diary numbers with no gaps and no duplicates.
#
# The file starts its own throwaway cluster (scripts/pg-cluster.sh), with or
# without DATALOTS_TEST_PG, so it tests the same thing in both runs.
. "$(dirname "$0")/lib.sh"
# Nothing from the caller's libpq environment (PGHOST, PGPASSWORD, …).
while IFS= read -r v; do unset "$v"; done < <(compgen -e | grep -E '^PG[A-Z][A-Z_]*$')

PGC=$E2E_ROOT/scripts/pg-cluster.sh
PGD=$T/pg

# Servers first (they hold connections), then the cluster, then lib.sh's.
# shellcheck disable=SC2317 # run by the EXIT trap
scaleout_cleanup() {
    local p
    for p in "${SERVER_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
    for p in "${SERVER_PIDS[@]}"; do wait "$p" 2>/dev/null; done
    SERVER_PIDS=()
    [ -e "$PGD/.pg-cluster" ] && "$PGC" stop "$PGD" >/dev/null 2>&1
    cleanup
}
trap scaleout_cleanup EXIT

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1 &&
    [ -z "${PG_CLUSTER_BINDIR:-}" ]; then
    ok "# SKIP no PostgreSQL server (initdb) installed"
    finish
fi
if ! command -v psql >/dev/null 2>&1; then
    ok "# SKIP no psql"
    finish
fi

URL=$("$PGC" start "$PGD" 2>"$T/pg-start.err")
if [ -z "$URL" ]; then
    not_ok "the throwaway PostgreSQL cluster starts" "$(cat "$T/pg-start.err")"
    finish
fi
ok "throwaway PostgreSQL cluster up"

# sql SQL — one statement on the shared database; prints the rows.
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$URL" -c "$1" 2>&1; }

cli init --demo --db "$URL"
expect_eq 0 "$RC" "datalots init --demo on PostgreSQL exits 0"
[ "$RC" = 0 ] || { echo "# $ERR"; finish; }

# pg_server (lib.sh) starts `datalots serve` on $URL.

pg_server a --workers 4 || finish
A=$BASE
PID_A=$SRV_PID
pg_server b --workers 4 || finish
B=$BASE
PID_B=$SRV_PID
expect_ne "$A" "$B" "two servers on two ports ($A, $B)"
on() { BASE=$1; } # on A|B — the server the next request goes to
on "$A"; check "server A is healthy" healthy
on "$B"; check "server B is healthy" healthy

YEAR=$(this_year)
RH=$(sql "SELECT id FROM org_node WHERE code = 'RH'")

# --- signed in on A, continued on B ---
RJ=$(jar registrator)
on "$A"
login_jar "$RJ" registrator
expect_status 303 "registrator signs in on A"
on "$B"
http GET /diarium/new "$RJ"
expect_status 200 "B: /diarium/new is 200 with A's session"
expect_body_has 'Rolf Registrator' "B shows the user signed in on A"
on "$A"
tok_a=$(csrf_of /diarium/new "$RJ")
on "$B"
tok_b=$(csrf_of /diarium/new "$RJ")
expect_match '^[0-9a-f]{64}$' "$tok_a" "A's page carries a CSRF token"
expect_eq "$tok_a" "$tok_b" "A and B derive the same CSRF token for the session (shared secret)"
n0=$(sql "SELECT COUNT(*) FROM diary_entry")
http POST /diarium "$RJ" --data-urlencode "org=$RH" --data-urlencode doc_date=2026-03-06 \
    --data-urlencode direction=in --data-urlencode "counterpart=Tvärs över" \
    --data-urlencode "subject=Token från A, post till B" --data-urlencode "csrf=$tok_a"
expect_status 303 "B accepts a POST with the CSRF token from A's page"
expect_header Location '^/diarium/[0-9]+$' "... and redirects to the new entry"
expect_eq $((n0 + 1)) "$(sql "SELECT COUNT(*) FROM diary_entry")" "... which is in the shared database"
entry=$(hdr Location)
on "$A"
http GET "$entry" "$RJ"
expect_status 200 "A shows the entry registered on B"
expect_body_has 'Token från A, post till B' "... with its subject"
on "$B"
http POST /diarium "$RJ" --data-urlencode "org=$RH" --data-urlencode doc_date=2026-03-06 \
    --data-urlencode direction=in --data-urlencode "counterpart=x" --data-urlencode "subject=x" \
    --data-urlencode "csrf=$(printf '0%.0s' $(seq 64))"
expect_status 403 "B refuses a made-up CSRF token (the check is real)"

# sign out on B; A no longer knows the session
sess=$(cookie_value "$RJ" dl_session)
on "$B"
http POST /logout "$RJ" --data-urlencode "csrf=$tok_a"
expect_status 303 "registrator signs out on B (with A's token)"
on "$A"
http GET /account/password - -H "Cookie: dl_session=$sess"
expect_status 303 "after sign-out on B the session no longer works on A"
expect_header Location '^/login' "... A sends it to /login"
expect_eq 0 "$(sql "SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = 'registrator'")" \
    "the session row is gone from the store"

# --- anonymous CSRF: dl_csrf and token from A's /login, posted to B ---
J=$(jar anon)
rm -f "$J"
on "$A"
tok=$(csrf_of /login "$J")
expect_match '^[0-9a-f]{64}$' "$(cookie_value "$J" dl_csrf)" "A's /login sets dl_csrf"
on "$B"
http POST /login "$J" --data-urlencode username=samordnare --data-urlencode "password=$DEMO_PW" --data-urlencode "csrf=$tok"
expect_status 303 "B's POST /login accepts dl_csrf + token from A's /login"
on "$A"
http GET /account/password "$J"
expect_status 200 "... and the session made by B works on A"
J2=$(jar anon2)
rm -f "$J2"
on "$B"
csrf_of /login "$J2" >/dev/null # a different dl_csrf cookie
http POST /login "$J2" --data-urlencode username=samordnare --data-urlencode "password=$DEMO_PW" --data-urlencode "csrf=$tok"
expect_status 403 "a token from A's /login does not fit another browser's dl_csrf"

# --- account lockout: 5 wrong passwords spread over A and B ---
for i in 1 2 3 4 5; do
    if [ $((i % 2)) = 1 ]; then on "$A"; else on "$B"; fi
    login_jar "$T/jar.hinder" hinder "wrong-password-$i"
    [ "$STATUS" = 401 ] || not_ok "wrong password $i for hinder (on $BASE) is 401" "got $STATUS"
done
expect_eq 5 "$(sql "SELECT failures FROM signin_backoff WHERE account = '$(acct hinder)' AND source = 'address:127.0.0.1'")" "5 failures counted in the store (3 on A, 2 on B)"
on "$A"
login_jar "$T/jar.hinder" hinder
expect_status 429 "A: after 5 wrong passwords (on A and B) the right one is 429"
expect_body_has 'tillfälligt låst' "A: the lockout says 'tillfälligt låst'"
on "$B"
login_jar "$T/jar.hinder" hinder
expect_status 429 "B: the account is locked there too"
expect_body_has 'tillfälligt låst' "B: the lockout says 'tillfälligt låst'"

# --- per-client throttle: failures on A and on B add up ---
f=$(sql "SELECT failures FROM login_throttle WHERE client = '127.0.0.1'")
expect_eq 6 "${f:-0}" "the client's 5 failures and the lock's first refusal are counted once each (later refusals write nothing)"
f=${f:-0}
i=0
while [ "$f" -lt 20 ] && [ $i -lt 30 ]; do
    i=$((i + 1))
    if [ $((i % 2)) = 1 ]; then on "$A"; else on "$B"; fi
    login_jar "$T/jar.nobody" "nobody-$i" wrong-password-xyz
    if [ "$STATUS" != 401 ]; then not_ok "failure $((f + 1)) from this client (on $BASE) is 401" "got $STATUS"; break; fi
    f=$((f + 1))
done
expect_eq 20 "$(sql "SELECT failures FROM login_throttle WHERE client = '127.0.0.1'")" \
    "20 failures from this client in the store, made on A and B"
on "$A"
login_jar "$T/jar.nobody" nobody-last wrong-password-xyz
expect_status 429 "A: the 21st attempt from this client is 429"
expect_body_has 'För många misslyckade inloggningar' "A: the throttle explains itself"
on "$B"
login_jar "$T/jar.samrad" samrad
expect_status 429 "B: throttled too, even with the right password"
on "$A"
http GET /account/password "$J"
expect_status 200 "an existing session is not affected by the throttle"
sql "DELETE FROM login_throttle" >/dev/null

# --- a user disabled by the admin on A is signed out on B ---
DJ=$(jar dataanalys)
on "$B"
login_jar "$DJ" dataanalys
expect_status 303 "dataanalys signs in on B"
http GET /account/password "$DJ"
expect_status 200 "B: dataanalys is signed in"
AJ=$(jar admin)
on "$A"
login_jar "$AJ" admin
expect_status 303 "admin signs in on A"
uid=$(sql "SELECT id FROM users WHERE username = 'dataanalys'")
post "/admin/users/$uid/disable" "$AJ"
expect_status 303 "A: admin disables dataanalys"
on "$B"
http GET /account/password "$DJ"
expect_status 303 "B: the disabled user is signed out at the next request"
expect_header Location '^/login' "... and sent to /login"
login_jar "$T/jar.dataanalys2" dataanalys
expect_status 401 "B: the disabled user cannot sign in"

# --- 8 registrars, 4 on A and 4 on B, 10 registrations each, at once ---
for k in 1 2 3 4 5 6 7 8; do
    DATALOTS_PASSWORD="Skala-ut-lösen-$k$k$k" cli user add "reg$k" --name "Registrator $k" --role registrar@RH --db "$URL"
    [ "$RC" = 0 ] || not_ok "CLI: add reg$k" "$ERR"
done
expect_eq 8 "$(sql "SELECT COUNT(*) FROM users WHERE username LIKE 'reg_'")" "8 registrars added with the CLI"
for k in 1 2 3 4 5 6 7 8; do
    if [ "$k" -le 4 ]; then on "$A"; else on "$B"; fi
    login_jar "$(jar "reg$k")" "reg$k" "Skala-ut-lösen-$k$k$k"
    [ "$STATUS" = 303 ] || not_ok "reg$k signs in" "status $STATUS"
done
max0=$(sql "SELECT COALESCE(MAX(seq), 0) FROM diary_entry WHERE org_id = $RH AND year = $YEAR")
pids=()
for k in 1 2 3 4 5 6 7 8; do
    # reg1-4 signed in on A and post to A; reg5-8 on B post to B. Half of
    # each group posts to the other server, with the token from its own.
    if [ "$k" -le 4 ]; then home=$A; else home=$B; fi
    if [ $((k % 2)) = 0 ]; then if [ "$home" = "$A" ]; then target=$B; else target=$A; fi; else target=$home; fi
    (
        J=$(jar "reg$k")
        tok=$(curl -s --max-time 30 -b "$J" "$home/diarium/new" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 |
            sed 's/.*value="\([0-9a-f]*\)"/\1/')
        for i in $(seq 1 10); do
            curl -s --max-time 30 -o /dev/null -w '%{http_code} %{redirect_url}\n' -b "$J" \
                --data-urlencode "org=$RH" --data-urlencode doc_date=2026-03-06 --data-urlencode direction=in \
                --data-urlencode "counterpart=Skala ut $k" --data-urlencode "subject=Registrering $k-$i" \
                --data-urlencode "csrf=$tok" "$target/diarium"
        done
    ) >"$T/loop.$k" &
    pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done

n303=$(cat "$T"/loop.* | grep -c '^303 ')
expect_eq 80 "$n303" "80 registrations on two servers at once all answered 303"
other=$(cat "$T"/loop.* | grep -v '^303 ' | cut -d' ' -f1 | sort | uniq -c | head -5)
[ -z "$other" ] || echo "# other answers: $other"
expect_eq "80|80|$((max0 + 1))|$((max0 + 80))" \
    "$(sql "SELECT COUNT(*) || '|' || COUNT(DISTINCT seq) || '|' || MIN(seq) || '|' || MAX(seq) FROM diary_entry
            WHERE org_id = $RH AND year = $YEAR AND registered_by IN (SELECT id FROM users WHERE username LIKE 'reg_')")" \
    "80 numbers, no duplicates, no gaps ($((max0 + 1))..$((max0 + 80)))"
expect_eq 80 "$(sql "SELECT COUNT(DISTINCT number) FROM diary_entry WHERE registered_by IN (SELECT id FROM users WHERE username LIKE 'reg_')")" \
    "80 distinct diary numbers"
expect_eq "$((max0 + 80))" "$(sql "SELECT last_seq FROM diary_counter WHERE org_id = $RH AND year = $YEAR")" \
    "the counter ends at the last number"
expect_eq "$((max0 + 80))" "$(sql "SELECT COUNT(*) FROM diary_entry WHERE org_id = $RH AND year = $YEAR")" \
    "every number of the year from 1 is used exactly once"
bad=""
for k in 1 2 3 4 5 6 7 8; do
    got=$(sql "SELECT COUNT(*) FROM diary_entry WHERE counterpart = 'Skala ut $k'")
    [ "$got" = 10 ] || bad="$bad reg$k:$got"
done
expect_eq "" "$bad" "each registrar's 10 entries are there"
ids=$(cut -d' ' -f2 "$T"/loop.* | sed -n 's,.*/diarium/\([0-9]*\)$,\1,p' | sort -n | uniq | wc -l)
expect_eq 80 "$ids" "the 80 redirects name 80 different entries"
expect_eq 80 "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'diary.register' AND actor LIKE 'reg_'")" \
    "80 diary.register audit rows"

cli audit verify --db "$URL"
expect_eq 0 "$RC" "audit verify after the two-server run exits 0"
expect_match 'intact' "$OUT" "the audit chain is intact"
for s in "$A" "$B"; do
    on "$s"
    check "$s still answers /healthz" healthy
    http GET /metrics -
    expect_match '^datalots_db_errors_total 0$' "$(cat "$BODY")" "$s: no store errors"
done
kill -0 "$PID_A" 2>/dev/null && kill -0 "$PID_B" 2>/dev/null
expect_eq 0 "$?" "both servers still run"

finish
