#!/usr/bin/env bash
# bench/soak.sh — a soak with faults, on this machine's loopback only and
# bounded in time: mixed traffic at a fixed rate (bench/soak_load.py:
# browsing, searching, signing in, release requests sent, case steps,
# event registrations, obstacle reports) through nginx to two app servers
# on one throwaway PostgreSQL cluster, with the test SMTP server
# (tests/smtp_server.py) catching the mail. Meanwhile, on a schedule
# relative to SOAK_SECONDS: app server 1 is killed with SIGKILL and started
# again 5 s later (at 20 %), PostgreSQL is restarted with
# `pg_ctl restart -m immediate` (45 %), the SMTP server is stopped for
# SOAK_SMTP_DOWN seconds (65 %). Then the outbox drains, and it prints the
# requests sent and answered, acknowledged writes missing from the store,
# the audit chain's verdict, mails queued / delivered / lost / doubled and
# the app servers' memory. bench/README.md explains every figure.
#
#   bench/soak.sh                                 10 min at 20 actions/s
#   SOAK_SECONDS=60 SOAK_RATE=10 bench/soak.sh    the short run of make check
#
# SOAK_SMTP_DOWN (default 60; a sixth of SOAK_SECONDS when that is shorter),
# SOAK_SERVE_ARGS (more `datalots serve` options, e.g. "--page-cache 0"),
# SOAK_DRAIN (longest wait for the outbox to empty, default 400 s),
# DATALOTS_BIN (default ./datalots, made when missing), SOAK_KEEP=1 keeps
# the scratch folder. Exits 0 when every goal is met (nothing acknowledged
# missing, the audit chain intact, no mail lost or doubled, both servers
# alive and silent about memory errors), 1 when one is missed, 2 when it
# cannot run.
set -uo pipefail
die() { echo "bench/soak.sh: $*" >&2; exit 2; }
cd "$(dirname "$0")/.." || exit 2
ROOT=$(pwd)
while IFS= read -r v; do unset "$v"; done < <(compgen -e | grep -E '^PG[A-Z][A-Z_]*$')
# Debian's python3 (python3-aiosmtpd is installed for it), not another one first on PATH.
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
for tool in nginx curl psql "$PY"; do command -v "$tool" >/dev/null || die "'$tool' is not installed (scripts/install-deps.sh)"; done
"$PY" -c 'import aiosmtpd' 2>/dev/null || die "python3-aiosmtpd is not installed (scripts/install-deps.sh)"

SECS=${SOAK_SECONDS:-600}
RATE=${SOAK_RATE:-20}
if ! [[ $SECS =~ ^[1-9][0-9]*$ ]] || [ "$SECS" -lt 30 ]; then die "SOAK_SECONDS must be a whole number of seconds, at least 30"; fi
[[ $RATE =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "SOAK_RATE must be a number (actions a second)"
DOWN=${SOAK_SMTP_DOWN:-$(( SECS / 6 < 60 ? SECS / 6 : 60 ))}
DRAIN=${SOAK_DRAIN:-400}
BIN=${DATALOTS_BIN:-$ROOT/datalots}
if [ ! -x "$BIN" ]; then
    [ -z "${DATALOTS_BIN:-}" ] || die "DATALOTS_BIN=$BIN is not an executable"
    make --no-print-directory datalots >&2 || die "make datalots failed"
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/datalots-soak.XXXXXX") || die "no scratch folder"
chmod 755 "$TMP"
PGD=$TMP/pg
A_PID='' B_PID='' NGINX_PID='' SMTP_PID='' LOAD_PID='' SAMPLER_PID=''
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
    local p
    for p in $SAMPLER_PID $LOAD_PID $A_PID $B_PID $NGINX_PID $SMTP_PID; do kill -TERM "$p" 2>/dev/null; done
    for p in $SAMPLER_PID $LOAD_PID $A_PID $B_PID $NGINX_PID $SMTP_PID; do wait "$p" 2>/dev/null; done
    bash scripts/pg-cluster.sh stop "$PGD" >/dev/null 2>&1
    if [ -n "${SOAK_KEEP:-}" ]; then echo "# kept $TMP" >&2; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
up() { # up URL SECONDS — until URL answers 200
    local i
    for ((i = 0; i < $2 * 10; i++)); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1")" = 200 ] && return 0
        sleep 0.1
    done
    return 1
}
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; } # the peak RSS
mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }
elapsed() { echo $(( $(date +%s) - T0 )); }
say() { printf '[%4s s] %s\n' "$(elapsed)" "$*"; }

# --- PostgreSQL, with commits on disk before they are acknowledged -------
URL=$(bash scripts/pg-cluster.sh start "$PGD" 2>"$TMP/pg-start.err") || { cat "$TMP/pg-start.err" >&2; die "the PostgreSQL cluster did not start"; }
PGPORT_=$(cat "$PGD/port")
PGBIN=${PG_CLUSTER_BINDIR:-$(for b in /usr/lib/postgresql/*/bin; do [ -x "$b/pg_ctl" ] && echo "$b"; done | sort -V | tail -1)}
[ -n "$PGBIN" ] || PGBIN=$(dirname "$(command -v pg_ctl)")
PGOWNER=$(stat -c %U "$PGD/data")
as_owner() { if [ "$(id -u)" = 0 ] && [ "$PGOWNER" != root ]; then runuser -u "$PGOWNER" -- "$@"; else "$@"; fi; }
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$URL" -c "$1"; }
# scripts/pg-cluster.sh turns synchronous_commit off (speed for tests); an
# immediate restart would then lose commits the server already answered.
sql "ALTER SYSTEM SET synchronous_commit = on" >/dev/null && sql "SELECT pg_reload_conf()" >/dev/null ||
    die "cannot set synchronous_commit"
# The demo store as `make demo` makes it: the guide's items and the network.
{ "$BIN" init --demo --db "$URL" && "$BIN" catalog import content --db "$URL" &&
    "$BIN" demo network --db "$URL" --public-url http://soak.example; } >"$TMP/init.log" 2>&1 ||
    { tail -5 "$TMP/init.log" >&2; die "the demo store could not be made (see $TMP/init.log)"; }

# --- the SMTP server, two app servers, nginx in front --------------------
SMTP_PORT=$(free_port)
INBOX=$TMP/inbox
smtp_start() {
    "$PY" "$ROOT/tests/smtp_server.py" --port "$SMTP_PORT" --dir "$INBOX" >>"$TMP/smtp.out" 2>>"$TMP/smtp.err" &
    SMTP_PID=$!
    local i
    for ((i = 0; i < 100; i++)); do
        (exec 3<>"/dev/tcp/127.0.0.1/$SMTP_PORT") 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}
smtp_start || die "the SMTP server did not start: $(cat "$TMP/smtp.err")"

PA=$(free_port)
PB=$(free_port)
# A sanitizer build reports leaks when the servers stop at the end (a
# SIGKILLed one reports nothing); only library caches are suppressed.
SAN_ENV=()
if ldd "$BIN" 2>/dev/null | grep -q libasan; then
    SAN_ENV=("ASAN_OPTIONS=detect_leaks=1:abort_on_error=0" "LSAN_OPTIONS=suppressions=$ROOT/tests/lsan.supp")
fi
# shellcheck disable=SC2086 # SOAK_SERVE_ARGS is words
serve() { # serve NAME PORT — sets LAST_PID, writes TMP/NAME.pid
    env "${SAN_ENV[@]}" "$BIN" serve --db "$URL" --listen "127.0.0.1:$2" --workers 2 --trusted-proxy 127.0.0.1 \
        --access-log "$TMP/$1.access" --smtp-url "smtp://127.0.0.1:$SMTP_PORT" --smtp-from noreply@soak.example \
        --mail-interval 1 --reports-per-hour 0 ${SOAK_SERVE_ARGS:-} >>"$TMP/$1.out" 2>>"$TMP/$1.err" &
    LAST_PID=$!
    echo "$LAST_PID" >"$TMP/$1.pid"
    up "http://127.0.0.1:$2/healthz" 30
}
serve app1 "$PA" || die "app server 1 did not start: $(tail -3 "$TMP/app1.err")"
A_PID=$LAST_PID
serve app2 "$PB" || die "app server 2 did not start: $(tail -3 "$TMP/app2.err")"
B_PID=$LAST_PID

PN=$(free_port)
mkdir -p "$TMP/nginx"
cat >"$TMP/nginx.conf" <<EOF
worker_processes 1; daemon off; pid $TMP/nginx/nginx.pid; error_log $TMP/nginx/error.log warn;
events { worker_connections 1024; }
http { access_log off; client_body_temp_path $TMP/nginx; proxy_temp_path $TMP/nginx;
  fastcgi_temp_path $TMP/nginx; uwsgi_temp_path $TMP/nginx; scgi_temp_path $TMP/nginx;
  upstream app { server 127.0.0.1:$PA max_fails=1 fail_timeout=2s; server 127.0.0.1:$PB max_fails=1 fail_timeout=2s; keepalive 16; }
  server { listen 127.0.0.1:$PN;
    location / { proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host \$host; proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_connect_timeout 2s; proxy_read_timeout 40s; } } }
EOF
nginx -e "$TMP/nginx/error.log" -c "$TMP/nginx.conf" >"$TMP/nginx/stdout" 2>&1 &
NGINX_PID=$!
LB=http://127.0.0.1:$PN
up "$LB/healthz" 10 || die "nginx did not start: $(cat "$TMP/nginx/error.log")"

# --- what the traffic needs: ids, and an event with room for everyone ----
RH=$(sql "SELECT id FROM org_node WHERE code = 'RH'")
UNIT=$(sql "SELECT id FROM org_node WHERE name = 'Vårdcentralen Björkdalen'")
MEMBER=$(sql "SELECT MIN(id) FROM network_member")
[ -n "$RH" ] && [ -n "$UNIT" ] && [ -n "$MEMBER" ] || die "the demo store lacks Regionhälsan, Vårdcentralen Björkdalen or a network member"
PW=demo-Regionhalsan-2026
J=$TMP/jar.natverk
tok=$(curl -s -b "$J" -c "$J" "$LB/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
curl -s -o /dev/null -b "$J" -c "$J" "$LB/login" --data-urlencode username=natverk --data-urlencode "password=$PW" \
    --data-urlencode "csrf=$tok"
tok=$(curl -s -b "$J" -c "$J" "$LB/kalender/ny" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
loc=$(curl -s -o /dev/null -w '%{redirect_url}' -b "$J" -c "$J" "$LB/kalender/ny" --data-urlencode "medlem=$MEMBER" \
    --data-urlencode slag=seminar --data-urlencode "titel=Soak-seminariet" --data-urlencode "beskrivning=Belastningsprov" \
    --data-urlencode borjar=2030-03-30T13:00 --data-urlencode slutar=2030-03-30T15:00 --data-urlencode plats=Göteborg \
    --data-urlencode platser=100000 --data-urlencode stanger=2030-03-29T12:00 --data-urlencode "csrf=$tok")
EVENT=${loc##*/kalender/}
[[ $EVENT =~ ^[0-9]+$ ]] || die "the network coordinator could not add the soak's event (answer: $loc)"
mapfile -t GUIDE < <(curl -s "$LB/guide" | grep -o 'href="/guide/[a-z0-9-]*"' | sed 's,href="/guide/,,; s,"$,,' |
    grep -vx 'map\|review' | sort -u | head -40)
[ ${#GUIDE[@]} -gt 5 ] || die "the guide lists no items"
"$PY" - "$TMP/facts.json" "$RH" "$UNIT" "$EVENT" "$PW" "${GUIDE[@]}" <<'EOF'
import json, sys
out, org, unit, event, pw, *guide = sys.argv[1:]
request = {"applicant_name": "Sara Forskare", "applicant_email": "sokande@regionhalsan.example",
           "applicant_org": "Göteborgs universitet", "pi_name": "Professor Åsa Öberg", "pi_email": "asa.oberg@gu.example",
           "pi_org": "Göteborgs universitet, institutionen för medicin",
           "purpose": "Att beskriva vården av patienter med typ 2-diabetes.",
           "question": "Hur har HbA1c-målen uppnåtts över tid?", "ethics_dnr": "2024-01234-01",
           "ethics_date": "2024-03-15", "legal_basis": "public_interest",
           "population": "Vuxna med diagnos E11 under perioden.", "icd10": "E11, E11.9",
           "period_from": "2015-01-01", "period_to": "2024-12-31",
           "variables": "Kön, födelseår, HbA1c, diagnoser, läkemedel (ATC)",
           "sec_storage": "Krypterad server vid universitetet.", "sec_access": "Projektets tre forskare.",
           "sec_retention": "Tio år enligt arkivreglerna.", "sec_destruction": "Raderas enligt universitetets rutin."}
words = ["patientregistret", "diabetes", "biobank", "socialstyrelsen", "kvalitetsregister", "sekretess",
         "samtycke", "etikprövning", "läkemedel", "cancerregistret", "socialstyrelsn", "xyzzy"]
json.dump({"org": int(org), "unit": int(unit), "event": int(event), "password": pw, "guide": guide,
           "words": words, "request": request}, open(out, "w"), ensure_ascii=False)
EOF

# --- the run ----------------------------------------------------------------
for u in / /guide /kalender; do curl -s -o /dev/null "$LB$u"; done
RSS_A0=$(rss_kb "$A_PID")
RSS_B0=$(rss_kb "$B_PID")
AT_KILL=$(( SECS * 20 / 100 ))
AT_PG=$(( SECS * 45 / 100 ))
AT_SMTP=$(( SECS * 65 / 100 ))
echo "soak: ${SECS} s at $RATE actions/s through nginx ($LB) to app servers :$PA and :$PB on PostgreSQL :$PGPORT_"
echo "soak: binary $BIN; faults at ${AT_KILL} s (SIGKILL app 1), ${AT_PG} s (PostgreSQL restart), ${AT_SMTP} s (SMTP down ${DOWN} s)"
T0=$(date +%s)
"$PY" "$ROOT/bench/soak_load.py" load --base "$LB" --seconds "$SECS" --rate "$RATE" --facts "$TMP/facts.json" \
    --out "$TMP" 2>"$TMP/load.err" &
LOAD_PID=$!
# RSS of both servers every SECS/10 seconds (app server 1's current process).
( for ((i = 0; i <= 10; i++)); do
      while [ "$(elapsed)" -lt $(( SECS * i / 10 )) ]; do sleep 0.5; done
      printf '%s %s %s\n' "$(elapsed)" "$(rss_kb "$(cat "$TMP/app1.pid")")" "$(rss_kb "$(cat "$TMP/app2.pid")")"
  done >"$TMP/rss.txt" ) &
SAMPLER_PID=$!
at() { local t=$1; while [ "$(elapsed)" -lt "$t" ]; do sleep 0.2; done; }

at "$AT_KILL"
RSS_A1=$(rss_kb "$A_PID")
KILLED_AT=$(date +%s)
kill -KILL "$A_PID"
wait "$A_PID" 2>/dev/null
say "app server 1 killed (SIGKILL; RSS was $(mb "$RSS_A1"))"
sleep 5
if serve app1 "$PA"; then A_PID=$LAST_PID; say "app server 1 started again"; else A_PID=$LAST_PID; say "app server 1 did NOT start again"; fi
RSS_A2=$(rss_kb "$A_PID")

at "$AT_PG"
t=$(date +%s%N)
as_owner "$PGBIN/pg_ctl" -D "$PGD/data" -l "$PGD/log" -m immediate -w -t 60 restart >>"$TMP/pg_ctl.log" 2>&1
rc=$?
say "PostgreSQL restarted (-m immediate, exit $rc, $(( ($(date +%s%N) - t) / 1000000 )) ms)"

at "$AT_SMTP"
kill -TERM "$SMTP_PID"
wait "$SMTP_PID" 2>/dev/null
SMTP_PID=
say "SMTP server stopped"
sleep "$DOWN"
smtp_start || say "the SMTP server did NOT start again"
say "SMTP server started again on the same port"

wait "$LOAD_PID"
LOAD_PID=''
wait "$SAMPLER_PID" 2>/dev/null
SAMPLER_PID=''
say "traffic ended"
RSS_A3=$(rss_kb "$A_PID")
RSS_B3=$(rss_kb "$B_PID")
HWM_A=$(hwm_kb "$A_PID")
HWM_B=$(hwm_kb "$B_PID")
ALIVE=0
kill -0 "$A_PID" 2>/dev/null && ALIVE=$((ALIVE + 1))
kill -0 "$B_PID" 2>/dev/null && ALIVE=$((ALIVE + 1))

# --- drain: until no mail waits (retries come 1, then 2 minutes after a failure)
# A mail app server 1 had claimed when it was killed waits for its lease
# (MAIL_LEASE_SECONDS, 300 s from the claim) before another sender takes it
# over; in a run shorter than that, the lease is cut short once the rest
# has drained, as if the five minutes had passed (and said so).
d0=$(date +%s)
while :; do
    waiting=$(sql "SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'sending')" 2>/dev/null || echo '?')
    [ "$waiting" = 0 ] && break
    [ $(( $(date +%s) - d0 )) -ge "$DRAIN" ] && break
    held=$(sql "SELECT COUNT(*) FROM outbox WHERE state = 'sending' AND lease_until <= $KILLED_AT + 300 AND lease_until > $(date +%s)" 2>/dev/null)
    if [ "${held:-0}" -gt 0 ] && [ "$held" = "$waiting" ]; then
        sql "UPDATE outbox SET lease_until = 0 WHERE state = 'sending' AND lease_until <= $KILLED_AT + 300" >/dev/null &&
            say "$held mail(s) claimed by the killed app server: lease cut short (the five minutes passed)"
    fi
    sleep 2
done
say "outbox drained in $(( $(date +%s) - d0 )) s (waiting: $waiting)"
for p in $A_PID $B_PID; do kill -TERM "$p" 2>/dev/null; done
for p in $A_PID $B_PID; do wait "$p" 2>/dev/null; done
A_PID='' B_PID=''
sleep 0.5 # a server's leak report is written as it exits

# --- the verdict ---------------------------------------------------------------
FAIL=()
echo
echo "== requests (through nginx)"
awk -F'\t' '{ n++; c = substr($3, 1, 1) "xx"; if ($3 == "000") c = "no answer"; k[c]++ }
    END { printf "sent %d:", n; for (x in k) printf " %s %d", x, k[x]; printf "\n" }' "$TMP/requests.tsv"
awk -F'\t' '{ n[$1]++; if ($3 ~ /^[23]/) ok[$1]++; if ($3 ~ /^5/ || $3 == "000") bad[$1]++ }
    END { for (a in n) printf "  %-9s %6d sent, %6d answered 2xx/3xx, %5d 5xx or none\n", a, n[a], ok[a], bad[a] }' \
    "$TMP/requests.tsv" | sort
awk -F'\t' '$3 ~ /^5/ || $3 == "000" { printf "%s%s %s at %d s", (n++ ? ", " : "5xx or none: "), $3, $1, $5 - $4 / 1000 }
    END { if (n) printf "\n" }' "$TMP/requests.tsv" | cut -c1-600
printf 'actions scheduled:'; awk -F'\t' '{ printf " %s %s", $1, $2 }' "$TMP/actions.tsv"; echo
n5=$(awk -F'\t' '$3 == "500"' "$TMP/requests.tsv" | wc -l)
echo "500 answers: $n5 (access logs: $(cat "$TMP"/app*.access 2>/dev/null | grep -c '"status":500'))"
lat=$(awk -F'\t' '$3 ~ /^[23]/ { print $4 }' "$TMP/requests.tsv" | sort -n | awk '{ v[NR] = $1 } END { if (NR) printf "p50 %.0f ms, p99 %.0f ms, max %.0f ms", v[int(NR * 0.5) + 1], v[int(NR * 0.99) + 1], v[NR] }')
echo "latency of the answered: $lat"

echo
echo "== acknowledged writes"
# SOAK_EXTRA_ACKED=FILE adds made-up lines (tests/e2e/t_soak.sh: the check can fail).
[ -n "${SOAK_EXTRA_ACKED:-}" ] && cat "$SOAK_EXTRA_ACKED" >>"$TMP/acked.tsv"
sql "CREATE TABLE soak_acked(kind TEXT, a TEXT, b TEXT)" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 "$URL" -c "\\copy soak_acked FROM '$TMP/acked.tsv'" >/dev/null || FAIL+=("could not read the acknowledged writes")
sql "SELECT kind, COUNT(*), SUM(CASE WHEN NOT (
         (kind = 'case' AND EXISTS (SELECT 1 FROM cases c WHERE c.id = a::BIGINT)) OR
         (kind = 'event' AND EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = a::BIGINT AND e.event = b)) OR
         (kind = 'reg' AND EXISTS (SELECT 1 FROM network_registration r WHERE r.email = a AND r.event_id = b::BIGINT)) OR
         (kind = 'obstacle' AND EXISTS (SELECT 1 FROM obstacle o WHERE o.follow_token_hash = a))) THEN 1 ELSE 0 END)
     FROM soak_acked GROUP BY kind ORDER BY kind" >"$TMP/acked.sum"
awk -F'|' '{ printf "  %-9s %6d acknowledged, %d missing from the store\n", $1, $2, $3; n += $2; m += $3 }
    END { printf "acknowledged %d, missing %d (goal 0)\n", n, m }' "$TMP/acked.sum"
MISSING=$(awk -F'|' '{ m += $3 } END { print m + 0 }' "$TMP/acked.sum")
ACKED=$(awk -F'|' '{ m += $2 } END { print m + 0 }' "$TMP/acked.sum")
[ "$MISSING" = 0 ] || FAIL+=("$MISSING acknowledged writes are missing from the store")
[ "$ACKED" -gt 0 ] || FAIL+=("no write was acknowledged at all")
sql "DROP TABLE soak_acked" >/dev/null

echo
echo "== audit chain"
AUDIT=$("$BIN" audit verify --db "$URL" 2>&1)
arc=$?
echo "datalots audit verify: $AUDIT (exit $arc)"
[ "$arc" = 0 ] || FAIL+=("the audit chain is not intact")

echo
echo "== e-mail"
sql "SELECT id || '|' || message_id || '|' || state || '|' || attempts || '|' || kind FROM outbox" >"$TMP/outbox.txt"
"$PY" "$ROOT/bench/soak_load.py" mail --outbox "$TMP/outbox.txt" --inbox "$INBOX" >"$TMP/mail.txt"
cat "$TMP/mail.txt"
m() { awk -v k="$1" '$1 == k { print $2 }' "$TMP/mail.txt"; }
[ "$(m lost)" = 0 ] || FAIL+=("$(m lost) mails lost")
[ "$(m doubled)" = 0 ] || FAIL+=("$(m doubled) mails doubled")
[ "$(m queued)" -gt 0 ] 2>/dev/null || FAIL+=("no mail was queued")
echo "sender's failed attempts: $(cat "$TMP"/app*.err | grep -c 'attempt [0-9]* failed')," \
    "sent but not marked: $(cat "$TMP"/app*.err | grep -c 'could not be marked sent')"

echo
echo "== app servers"
echo "app server 1: RSS $(mb "$RSS_A0") at start, $(mb "$RSS_A1") when killed; again $(mb "$RSS_A2") at its start, $(mb "$RSS_A3") at the end (peak $(mb "$HWM_A"))"
echo "app server 2: RSS $(mb "$RSS_B0") at start, $(mb "$RSS_B3") at the end (peak $(mb "$HWM_B"))"
printf 'RSS every %s s (app 1, app 2):' "$(( SECS / 10 ))"
awk '{ printf " %.1f/%.1f", $2 / 1024, $3 / 1024 } END { printf " MB\n" }' "$TMP/rss.txt"
echo "alive at the end: $ALIVE of 2"
[ "$ALIVE" = 2 ] || FAIL+=("an app server died")
if grep -lE 'AddressSanitizer|runtime error|LeakSanitizer' "$TMP"/app*.err >/dev/null 2>&1; then
    FAIL+=("a sanitizer report in an app server's output")
    grep -hE -A12 'AddressSanitizer|runtime error|LeakSanitizer' "$TMP"/app*.err | head -40
fi
[ -s "$TMP/load.err" ] && { echo "load generator's errors:"; head -5 "$TMP/load.err"; }

echo
if [ ${#FAIL[@]} = 0 ]; then
    echo "soak: every goal met ($ACKED writes acknowledged, none missing; audit intact; $(m delivered) mails, none lost or doubled)"
    exit 0
fi
for f in "${FAIL[@]}"; do echo "GOAL MISSED: $f"; done
exit 1
