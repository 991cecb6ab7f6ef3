#!/usr/bin/env bash
# t_pg_failures.sh — PostgreSQL gone wrong: an unreachable server, a
# database that does not exist, an unknown role, a wrong password (clear
# errors, exit 1, no password echoed); the database stopped under a running
# server (/healthz 503 "unhealthy", pages 503 in Swedish, no 500, the server
# keeps running and recovers by itself when the database returns); the
# server's connection killed in the middle of a registration and a statement
# timeout on a held lock (5xx, nothing half written, no gap in the numbers);
# the database stopped after the SMTP server accepted a mail and before the
# sender marked it sent (marked once the database is back, never sent twice).
#
# The file starts its own throwaway cluster (scripts/pg-cluster.sh), with or
# without DATALOTS_TEST_PG: it stops, restarts and reconfigures it.
. "$(dirname "$0")/lib.sh"
# Nothing from the caller's libpq environment (PGHOST, PGPASSWORD, …).
while IFS= read -r v; do unset "$v"; done < <(compgen -e | grep -E '^PG[A-Z][A-Z_]*$')

PGC=$E2E_ROOT/scripts/pg-cluster.sh
PGD=$T/pg
LOCK_FD=
LOCK_PID=

# shellcheck disable=SC2317 # run by the EXIT trap
pgf_cleanup() {
    local p
    [ -n "$LOCK_FD" ] && exec {LOCK_FD}>&-
    [ -n "$LOCK_PID" ] && kill "$LOCK_PID" 2>/dev/null
    for p in "${SERVER_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
    for p in "${SERVER_PIDS[@]}"; do wait "$p" 2>/dev/null; done
    SERVER_PIDS=()
    [ -e "$PGD/.pg-cluster" ] && "$PGC" stop "$PGD" >/dev/null 2>&1
    cleanup
}
trap pgf_cleanup EXIT

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
PGPORT_=$(cat "$PGD/port")
HOSTPORT=127.0.0.1:$PGPORT_

# The cluster's bin directory and owner, as scripts/pg-cluster.sh finds them.
PGBIN=${PG_CLUSTER_BINDIR:-$(for b in /usr/lib/postgresql/*/bin; do [ -x "$b/pg_ctl" ] && echo "$b"; done | sort -V | tail -1)}
[ -n "$PGBIN" ] || PGBIN=$(dirname "$(command -v pg_ctl 2>/dev/null || echo /usr/bin/pg_ctl)")
PGOWNER=$(stat -c %U "$PGD/data")
as_owner() { if [ "$(id -u)" = 0 ] && [ "$PGOWNER" != root ]; then runuser -u "$PGOWNER" -- "$@"; else "$@"; fi; }
pg_down() { as_owner "$PGBIN/pg_ctl" -D "$PGD/data" -m fast -w -t 30 stop >>"$T/pg_ctl.log" 2>&1; }
pg_up() { as_owner "$PGBIN/pg_ctl" -D "$PGD/data" -l "$PGD/log" -w -t 30 -o "-p $PGPORT_" start >>"$T/pg_ctl.log" 2>&1; }

# sql SQL — one statement on the datalots database; prints the rows.
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$URL" -c "$1" 2>&1; }

# run_dl ARGS… — datalots with a time limit (a serve that wrongly starts is
# stopped after 20 s); sets RC, OUT, ERR; stderr is kept for finish's check.
run_dl() {
    timeout -s TERM 20 "$DL" "$@" >"$T/run.out" 2>"$T/run.err"
    RC=$?
    OUT=$(cat "$T/run.out")
    ERR=$(cat "$T/run.err")
    cat "$T/run.err" >>"$T/cli.err"
}
# shellcheck disable=SC2317 # called through check
no_trace() { ! printf '%s\n' "$1" | grep -Eq '^[[:space:]]*#[0-9]+ 0x|AddressSanitizer|runtime error|Segmentation|Aborted|core dumped|backtrace'; }

# --- bad --db: clear errors, exit 1 --------------------------------------
for cmd in serve init; do
    args=()
    [ "$cmd" = serve ] && args=(--listen 127.0.0.1:0 --access-log off)
    run_dl "$cmd" --db 'postgresql://postgres@127.0.0.1:1/x' "${args[@]}"
    expect_eq 1 "$RC" "$cmd, nothing listening on the port: exit 1"
    expect_match 'PostgreSQL' "$ERR" "$cmd, nothing listening: the message names PostgreSQL"
    expect_match 'refused|could not connect|cannot connect' "$ERR" "$cmd, nothing listening: says it cannot connect"
    check "$cmd, nothing listening: no stack trace" no_trace "$ERR"
    expect_eq "" "$(printf '%s' "$OUT" | grep 'listening on')" "$cmd, nothing listening: serves nothing"

    run_dl "$cmd" --db "postgresql://postgres:secret@$HOSTPORT/nosuchdb" "${args[@]}"
    expect_eq 1 "$RC" "$cmd, missing database: exit 1"
    expect_match 'PostgreSQL' "$ERR" "$cmd, missing database: the message names PostgreSQL"
    expect_match 'database "nosuchdb" does not exist' "$ERR" "$cmd, missing database: says the database does not exist"
    expect_eq "" "$(printf '%s\n%s' "$OUT" "$ERR" | grep -o secret)" "$cmd, missing database: the password is not shown"
    check "$cmd, missing database: no stack trace" no_trace "$ERR"

    run_dl "$cmd" --db "postgresql://nobody@$HOSTPORT/datalots" "${args[@]}"
    expect_eq 1 "$RC" "$cmd, unknown role: exit 1"
    expect_match 'role "nobody" does not exist' "$ERR" "$cmd, unknown role: says the role does not exist"
    check "$cmd, unknown role: no stack trace" no_trace "$ERR"
done
for sub in "audit verify" "user add someone --name Someone"; do
    # shellcheck disable=SC2086 # the words of the subcommand
    DATALOTS_PASSWORD=Inte-viktigt-2026 run_dl $sub --db 'postgresql://postgres@127.0.0.1:1/x'
    expect_eq 1 "$RC" "$sub, nothing listening: exit 1"
    expect_match 'PostgreSQL' "$ERR" "$sub, nothing listening: the message names PostgreSQL"
done

# Wrong password: this cluster trusts everyone, so one role gets a password
# rule of its own in pg_hba.conf (this cluster only; it is thrown away).
sql "CREATE ROLE pwuser LOGIN PASSWORD 'Ratt-losenord-2026'" >/dev/null
{ echo "host all pwuser 127.0.0.1/32 scram-sha-256"; cat "$PGD/data/pg_hba.conf"; } >"$T/hba" &&
    cat "$T/hba" >"$PGD/data/pg_hba.conf"
sql "SELECT pg_reload_conf()" >/dev/null
refused=
for _ in $(seq 1 100); do # the reload is asynchronous: wait until it bites
    if psql -X -w -At "postgresql://pwuser:Fel-losenord@$HOSTPORT/datalots" -c 'SELECT 1' 2>&1 |
        grep -q 'password authentication failed'; then refused=1; break; fi
    sleep 0.1
done
expect_eq 1 "$refused" "control: PostgreSQL now refuses pwuser with a wrong password"
expect_eq 1 "$(psql -X -w -At "postgresql://pwuser:Ratt-losenord-2026@$HOSTPORT/datalots" -c 'SELECT 1' 2>&1)" \
    "control: ... and lets pwuser in with the right one"
for cmd in serve init; do
    args=()
    [ "$cmd" = serve ] && args=(--listen 127.0.0.1:0 --access-log off)
    run_dl "$cmd" --db "postgresql://pwuser:secret-wrong-pw@$HOSTPORT/datalots" "${args[@]}"
    expect_eq 1 "$RC" "$cmd, wrong password: exit 1"
    expect_match 'PostgreSQL' "$ERR" "$cmd, wrong password: the message names PostgreSQL"
    expect_match 'password authentication failed' "$ERR" "$cmd, wrong password: says the password was refused"
    expect_eq "" "$(printf '%s\n%s' "$OUT" "$ERR" | grep -o secret)" "$cmd, wrong password: the password is not shown"
    check "$cmd, wrong password: no stack trace" no_trace "$ERR"
done

# --- a working store and a server ---------------------------------------
cli init --demo --db "$URL"
expect_eq 0 "$RC" "datalots init --demo on PostgreSQL exits 0"
[ "$RC" = 0 ] || { echo "# $ERR"; finish; }

# pg_server (lib.sh) starts `datalots serve` on $URL.

pg_server s1 || finish
S1=$BASE
S1_PID=$SRV_PID
S1_LOG=$SRV_LOG
check "the server is healthy" healthy
RH=$(sql "SELECT id FROM org_node WHERE code = 'RH'")
YEAR=$(this_year)
RJ=$(jar registrator)
login_jar "$RJ" registrator
expect_status 303 "registrator signs in"
TOK=$(csrf_of /diarium/new "$RJ")
expect_match '^[0-9a-f]{64}$' "$TOK" "the form carries a CSRF token"

# register SUBJECT — one diary registration by registrator (TOK, RJ).
register() {
    http POST /diarium "$RJ" --data-urlencode "org=$RH" --data-urlencode doc_date=2026-03-06 \
        --data-urlencode direction=in --data-urlencode "counterpart=Felprov" \
        --data-urlencode "subject=$1" --data-urlencode "csrf=$TOK"
}
alert() { grep -o 'role="alert">[^<]*' "$BODY" | head -1 | sed 's/^role="alert">//'; }
# shellcheck disable=SC2317 # called through check
swedish_db_message() { # the answer is a Swedish sentence about the database, no internals
    local m
    m=$(alert)
    [ -n "$m" ] || m=$(excerpt 400)
    printf '%s' "$m" | grep -Eq 'Databasen|databasen|Försök igen' &&
        ! printf '%s' "$m" | grep -Eiq 'PostgreSQL|SQLSTATE|connection|statement|server closed'
}
expect_swedish_db_message() { # expect_swedish_db_message DESC
    if swedish_db_message; then ok "$1"; else not_ok "$1" "status $STATUS, message: [$(alert)]"; fi
}

# --- the server's connections killed: reconnect on the next request --------
sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()" >/dev/null
http GET /diarium "$RJ"
expect_status 200 "connections killed under the server: the next page is 200 (reconnected)"
check "... and /healthz is 200" healthy

# --- the database stopped under the running server -------------------------
pg_down
expect_eq 0 "$?" "PostgreSQL stopped (pg_ctl stop -m fast)"
mark=$(wc -l <"$S1_LOG")
t0=$(date +%s%N)
http GET /healthz -
t1=$(date +%s%N)
expect_status 503 "database down: /healthz is 503"
expect_match '"status":"unhealthy"' "$(cat "$BODY")" "database down: /healthz says unhealthy"
expect_eq 1 "$(( (t1 - t0) / 1000000000 < 5 ))" "database down: /healthz answers at once ($(( (t1 - t0) / 1000000 )) ms)"
for p in / /diarium /org /diarium/new /account/password; do
    http GET "$p" "$RJ"
    expect_status 503 "database down: GET $p is 503"
    expect_swedish_db_message "database down: GET $p says so in Swedish"
done
http GET /api/v1/diarium -
expect_status 503 "database down: the JSON API is 503"
expect_match '"status":503,"code":6,"name":"store_failed"' "$(cat "$BODY")" "database down: the API answers JSON, code 6 store_failed"
register "Medan databasen är nere"
expect_status 503 "database down: a registration is 503"
expect_swedish_db_message "database down: the registration says so in Swedish"
J=$(jar anon)
rm -f "$J"
tok=$(csrf_of /login "$J")
http POST /login "$J" --data-urlencode username=samordnare --data-urlencode "password=$DEMO_PW" --data-urlencode "csrf=$tok"
expect_status 503 "database down: signing in is 503"
n500=$(tail -n +"$((mark + 1))" "$S1_LOG" | grep -c '"status":500')
expect_eq 0 "$n500" "database down: no 500 in the access log"
kill -0 "$S1_PID" 2>/dev/null
expect_eq 0 "$?" "database down: the server keeps running"

pg_up
expect_eq 0 "$?" "PostgreSQL started again on the same port"
t0=$(date +%s)
back=
for _ in $(seq 1 100); do
    if healthy; then back=$(( $(date +%s) - t0 )); break; fi
    sleep 0.1
done
if [ -n "$back" ] && [ "$back" -le 5 ]; then ok "database back: /healthz is 200 within $back s"; else not_ok "database back: /healthz is 200 within 5 s" "back=[$back]"; fi
bad=
for i in $(seq 1 8); do # more requests than the pool has connections: each one reconnects
    http GET /diarium "$RJ"
    [ "$STATUS" = 200 ] || bad="$bad $i:$STATUS"
done
expect_eq "" "$bad" "database back: pages are 200 again, without restarting datalots"
http GET /diarium/new "$RJ"
expect_status 200 "database back: the session made before the outage still works"
expect_body_has 'Rolf Registrator' "... as registrator"
register "Efter avbrottet"
expect_status 303 "database back: a registration works"
expect_eq "$S1_PID" "$(kill -0 "$S1_PID" 2>/dev/null && echo "$S1_PID")" "the same server process throughout"

# --- a registration killed half-way ----------------------------------------
# A psql session holds audit_head; the registration takes its number and
# inserts the entry, then waits for the audit head; its backend is killed.
# shellcheck disable=SC2317 # called through check
lock_audit_head() {
    rm -f "$T/lock.fifo"
    mkfifo "$T/lock.fifo"
    psql -X -At -v ON_ERROR_STOP=1 "$URL" <"$T/lock.fifo" >"$T/lock.out" 2>&1 &
    LOCK_PID=$!
    exec {LOCK_FD}>"$T/lock.fifo"
    echo "BEGIN; LOCK TABLE audit_head IN ACCESS EXCLUSIVE MODE; SELECT 'locked';" >&"$LOCK_FD"
    for _ in $(seq 1 100); do grep -q '^locked$' "$T/lock.out" && return 0; sleep 0.05; done
    return 1
}
unlock_audit_head() {
    echo "ROLLBACK;" >&"$LOCK_FD"
    exec {LOCK_FD}>&-
    LOCK_FD=
    wait "$LOCK_PID" 2>/dev/null
    LOCK_PID=
}
# waiter — pid of the backend waiting for a lock in our database, if any.
waiter() {
    local pid
    for _ in $(seq 1 200); do
        pid=$(sql "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid() LIMIT 1")
        [ -n "$pid" ] && { echo "$pid"; return 0; }
        sleep 0.05
    done
    return 1
}
state() { sql "SELECT (SELECT COUNT(*) FROM diary_entry) || '|' || (SELECT last_seq FROM diary_counter WHERE org_id = $RH AND year = $YEAR) || '|' || (SELECT COUNT(*) FROM audit_log)"; }

before=$(state)
last=$(sql "SELECT last_seq FROM diary_counter WHERE org_id = $RH AND year = $YEAR")
check "a psql session holds audit_head" lock_audit_head
( curl -s --max-time 60 -b "$RJ" -o "$T/killed.body" -w '%{http_code}' \
    --data-urlencode "org=$RH" --data-urlencode doc_date=2026-03-06 --data-urlencode direction=in \
    --data-urlencode "counterpart=Felprov" --data-urlencode "subject=Avbruten mitt i" \
    --data-urlencode "csrf=$TOK" "$S1/diarium" >"$T/killed.status" ) &
cpid=$!
wpid=$(waiter)
expect_match '^[0-9]+$' "$wpid" "the registration waits for the audit head"
q_w=$(sql "SELECT query FROM pg_stat_activity WHERE pid = ${wpid:-0}")
expect_match 'audit_head' "$q_w" "... in the audit head update"
expect_eq 1 "$(sql "SELECT COUNT(*) FROM pg_locks WHERE pid = ${wpid:-0} AND granted AND relation = 'diary_entry'::regclass AND mode = 'RowExclusiveLock'")" \
    "... having inserted its diary entry (half written)"
expect_eq 1 "$(sql "SELECT COUNT(*) FROM pg_locks WHERE pid = ${wpid:-0} AND granted AND relation = 'diary_counter'::regclass AND mode = 'RowExclusiveLock'")" \
    "... and taken its number"
expect_eq t "$(sql "SELECT pg_terminate_backend(${wpid:-0})")" "the server's backend is killed mid-transaction"
wait "$cpid"
STATUS=$(cat "$T/killed.status")
cp "$T/killed.body" "$BODY"
expect_match '^5[0-9][0-9]$' "$STATUS" "the killed registration answers 5xx"
# KNOWN-BUG: src/web/handlers/common.c:24 status_for() maps DL_EDB (here:
# src/db/pg.c:57 "the connection to PostgreSQL was lost") to 500, and
# src/web/handlers/diary.c:192 puts that English backend text, with
# libpq's "server closed the connection unexpectedly", on the Swedish form.
# Every other store outage answers 503 "Databasen svarar inte just nu…".
expect_status 503 "the killed registration answers 503 (not 500)"
expect_swedish_db_message "the killed registration explains in Swedish, without backend internals"
unlock_audit_head
expect_eq "$before" "$(state)" "nothing written: diary_entry, diary_counter and audit_log unchanged ($before)"
cli audit verify --db "$URL"
expect_eq 0 "$RC" "audit verify after the kill exits 0"
expect_match 'intact' "$OUT" "the audit chain is intact"
register "Nästa efter avbrottet"
expect_status 303 "the next registration succeeds"
expect_eq "$((last + 1))" "$(sql "SELECT seq FROM diary_entry WHERE subject = 'Nästa efter avbrottet'")" \
    "... with the next number, no gap ($((last + 1)))"
check "the server is healthy after the kill" healthy

# --- a statement timeout on a held lock ------------------------------------
pg_server s2 --statement-timeout 2 || finish
S2_PID=$SRV_PID
TOK2=$(csrf_of /diarium/new "$RJ")
expect_eq "$TOK" "$TOK2" "the second server derives the same token"
before=$(state)
last=$(sql "SELECT last_seq FROM diary_counter WHERE org_id = $RH AND year = $YEAR")
check "a psql session holds audit_head again" lock_audit_head
t0=$(date +%s%N)
register "Väntar för länge"
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
expect_status 503 "--statement-timeout 2, lock held: the registration is 503"
if [ "$ms" -ge 1500 ] && [ "$ms" -le 4000 ]; then ok "... after about 2 s ($ms ms)"; else not_ok "... after about 2 s (1.5-4 s)" "$ms ms"; fi
m=$(alert)
expect_ne "" "$m" "... with a message ($m)"
# KNOWN-BUG: src/db/pg.c:62's English "the database took too long to answer
# (statement timeout)" reaches the Swedish form as is (diary.c:192,
# tr(r, e.msg) has no Swedish msgid to translate); the 503 itself is right.
expect_swedish_db_message "... in Swedish, without backend internals"
check "the server answers /healthz while the lock is held" healthy
http GET /diarium "$RJ"
expect_status 200 "... and pages that need no lock"
sleep 1 # the lock is held well past the timeout
expect_eq "$before" "$(state)" "nothing written while the lock is held"
unlock_audit_head
expect_eq "$before" "$(state)" "nothing written after the timeout ($before)"
register "Efter tidsgränsen"
expect_status 303 "lock released: the registration succeeds"
expect_eq "$((last + 1))" "$(sql "SELECT seq FROM diary_entry WHERE subject = 'Efter tidsgränsen'")" \
    "... with the next number, no gap ($((last + 1)))"
# --- the database restarted while the SMTP server holds a mail ------------------
# The sender has the 250 but the store is away when it marks the mail sent:
# it must record it once the store is back, not leave the row to its lease
# (five minutes) and send the mail a second time (a window bench/soak.sh's
# PostgreSQL restart under load can hit).
PY=/usr/bin/python3
INBOX=$T/inbox
SMTP_PORT=$(free_port)
"$PY" "$E2E_ROOT/tests/smtp_server.py" --port "$SMTP_PORT" --dir "$INBOX" --delay 2 >"$T/smtp.out" 2>"$T/smtp.err" &
SERVER_PIDS+=($!)
for _ in $(seq 1 100); do grep -q '^listening on' "$T/smtp.out" 2>/dev/null && break; sleep 0.05; done
cli mail test --db "$URL" --to mottagare@example.se
expect_eq 0 "$RC" "two test mails queued"
rows=$(sql "SELECT COUNT(*) FROM outbox")
pg_server s3 --smtp-url "smtp://127.0.0.1:$SMTP_PORT" --smtp-from noreply@region.example --mail-interval 1 || finish
held=
for _ in $(seq 1 200); do ls "$INBOX"/.in-progress.* >/dev/null 2>&1 && { held=1; break; }; sleep 0.05; done
expect_eq 1 "$held" "the SMTP server holds the first mail (2 s before its 250)"
pg_down
expect_eq 0 "$?" "PostgreSQL stopped meanwhile"
for _ in $(seq 1 100); do [ -n "$(ls "$INBOX"/*.eml 2>/dev/null)" ] && break; sleep 0.05; done
expect_eq 1 "$(find "$INBOX" -name '*.eml' | wc -l)" "the SMTP server accepted the mail (250) while the store was down"
sleep 1.5 # the sender's mark fails meanwhile
pg_up
expect_eq 0 "$?" "PostgreSQL started again"
for _ in $(seq 1 200); do
    [ "$(sql "SELECT COUNT(*) FROM outbox WHERE state = 'sent'")" = "$rows" ] && break
    sleep 0.1
done
expect_eq "$rows|0" "$(sql "SELECT COUNT(*) FILTER (WHERE state = 'sent') || '|' || COUNT(*) FILTER (WHERE state <> 'sent') FROM outbox")" \
    "within 20 s of the restart every mail is marked sent, the one accepted meanwhile too"
expect_eq "$rows" "$(find "$INBOX" -name '*.eml' | wc -l)" "one message received per mail ($rows)"
expect_eq "" "$(grep -h -i '^Message-ID:' "$INBOX"/*.eml | sort | uniq -d)" "no Message-ID received twice"
expect_eq "1" "$(sql "SELECT MAX(attempts) FROM outbox")" "no mail took a second attempt"

cli audit verify --db "$URL"
expect_eq 0 "$RC" "audit verify at the end exits 0"
expect_match 'intact' "$OUT" "the audit chain is intact at the end"
kill -0 "$S1_PID" 2>/dev/null && kill -0 "$S2_PID" 2>/dev/null
expect_eq 0 "$?" "both servers still run"

finish
