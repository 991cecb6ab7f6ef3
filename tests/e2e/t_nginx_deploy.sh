#!/usr/bin/env bash
# t_nginx_deploy.sh — deploy/nginx-datalots.conf as shipped, in front of the
# two datalots servers of its upstream block (on one store): slow clients
# (slowloris) and greedy ones are stopped by nginx, never reach datalots,
# and do not keep others out.
#
# The configuration is not written here: nginx_deploy.py conf copies the
# deploy file and rewrites only what cannot run in a test (ports, upstream,
# certificate, log and cache paths; IPv6 listens dropped), and fails when a
# directive the test measures (timeouts, limits, 429, proxying) is gone or
# has another value — so a change of the deploy file is noticed here.
# nginx runs with every path under $T (no system path; as root, its workers
# are nobody) and a self-signed P-256 certificate; the clients (python's
# ssl, no verification; tests/e2e/nginx_deploy.py) bind their own loopback
# addresses, one per phase, because the limits are per address:
#   127.0.0.1  ordinary requests while the others misbehave
#   127.0.0.2  limit_conn 100: 110 requests held open at once
#   127.0.0.3  limit_req 50 r/s burst 100: 250 requests as fast as possible
#   127.0.0.4  slowloris: request headers one byte a second
#   127.0.0.5  a request body one byte a second, then silence
# Then, directly on datalots, the total of MAX_CONNECTIONS (4,096) when the
# open-file limit allows it.
#
# nginx and its limits do not depend on the store: the file runs in the
# SQLite suite and passes through on the PostgreSQL one. About 25 s, most
# of it the 10 s the slow clients are given.
. "$(dirname "$0")/lib.sh"

if on_pg; then
    ok "the nginx front (deploy/nginx-datalots.conf) is tested in the SQLite suite (it uses no store)"
    finish
fi
for tool in nginx openssl python3 curl; do
    command -v "$tool" >/dev/null || { not_ok "$tool is installed (scripts/install-deps.sh)"; finish; }
done

# The MAX_CONNECTIONS check holds 4,097 connections: datalots (started
# below) and the client each need that many open files.
[ "$(ulimit -n)" -ge 8192 ] || ulimit -n 8192 2>/dev/null
PY=$E2E_ROOT/tests/e2e/nginx_deploy.py
N=$T/nginx
mkdir -p "$N"
# As root, nginx's workers run as nobody: they must reach the temp paths.
chmod a+x "$T"

# since NANOSECONDS — seconds since a `date +%s%N`, two decimals.
since() { awk -v a="$1" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'; }
# within LO HI X — LO <= X <= HI (decimals)
# shellcheck disable=SC2317 # called through check
within() { awk -v lo="$1" -v hi="$2" -v x="$3" 'BEGIN { exit !(x != "" && x + 0 >= lo && x + 0 <= hi) }'; }
# via SRC PATH — one GET through nginx from SRC; sets STATUS and SECS.
via() {
    local out
    out=$(curl -sk --http1.1 --max-time 20 --interface "$1" -o "$BODY" -w '%{http_code} %{time_total}' \
        "https://127.0.0.1:$TLS_PORT$2")
    STATUS=${out% *}
    SECS=${out#* }
}
# app_saw FIXED [LOG] — how many lines of the app servers' access logs (or
# of LOG) contain it.
app_saw() {
    if [ $# -gt 1 ]; then grep -cF -- "$1" "$2"; else cat "$APP1_LOG" "$APP2_LOG" | grep -cF -- "$1"; fi
}

# --- datalots and nginx with the deploy file ---------------------------------------
# The two app servers of the upstream block, on one store, nginx's
# address trusted (as deploy/datalots.env has it).
new_store "$T/store" || { not_ok "a demo store"; finish; }
E2E_STORE=$T/store start_server --trusted-proxy 127.0.0.1 || finish
APP1_PORT=$PORT
APP1_LOG=$SRV_LOG
E2E_STORE=$T/store start_server --trusted-proxy 127.0.0.1 || finish
APP2_PORT=$PORT
APP2_LOG=$SRV_LOG
HTTP_PORT=$(free_port)
TLS_PORT=$(free_port)
while [ "$TLS_PORT" = "$HTTP_PORT" ]; do TLS_PORT=$(free_port); done

if openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
    -keyout "$N/key.pem" -out "$N/cert.pem" >"$N/openssl.out" 2>&1; then
    ok "a self-signed P-256 certificate for localhost"
else
    not_ok "a self-signed P-256 certificate for localhost" "$(head -5 "$N/openssl.out")"
    finish
fi
if python3 "$PY" conf "$E2E_ROOT/deploy/nginx-datalots.conf" "$N/datalots.conf" \
    "$HTTP_PORT" "$TLS_PORT" "$APP1_PORT" "$APP2_PORT" "$N" 2>"$N/conf.err"; then
    ok "deploy/nginx-datalots.conf has every directive the test measures; only ports and paths rewritten"
else
    not_ok "deploy/nginx-datalots.conf has every directive the test measures; only ports and paths rewritten" \
        "$(cat "$N/conf.err")"
    finish
fi
# The main file a distribution ships around conf.d/: only prefix paths.
cat >"$N/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $N/nginx.pid;
error_log $N/main.error.log warn;
events { worker_connections 1024; }
http {
    access_log $N/other.access.log;
    client_body_temp_path $N/body;
    proxy_temp_path $N/proxy;
    fastcgi_temp_path $N/fastcgi;
    uwsgi_temp_path $N/uwsgi;
    scgi_temp_path $N/scgi;
    include $N/datalots.conf;
}
EOF
if nginx -t -e "$N/test.err" -c "$N/nginx.conf" >"$N/t.out" 2>&1; then
    ok "nginx -t accepts the deploy file"
else
    not_ok "nginx -t accepts the deploy file" "$(cat "$N/t.out" "$N/test.err" 2>/dev/null | head -10)"
    finish
fi
nginx -e "$N/start.err" -c "$N/nginx.conf" >"$N/nginx.out" 2>&1 &
NGX_PID=$!
SERVER_PIDS+=("$NGX_PID")
for _ in $(seq 1 100); do
    via 127.0.0.1 /healthz
    [ "$STATUS" = 200 ] && break
    sleep 0.1
done
expect_eq 200 "$STATUS" "GET /healthz over TLS through nginx: 200"
if [ "$STATUS" != 200 ]; then
    cat "$N"/*.err "$N/nginx.out" 2>/dev/null | head -10
    finish
fi
expect_eq 1 "$(app_saw /healthz)" "an app server answered it (their access logs)"
s=$(curl -s --max-time 10 -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$HTTP_PORT/x?y=1")
expect_eq "301 https://127.0.0.1/x?y=1" "$s" "plain HTTP is a 301 to https"

# --- slowloris: headers and a body one byte a second ------------------------------------
# 20 connections trickle header bytes until nginx closes them; one sends
# its body a byte a second for 4 s, then pauses.
python3 "$PY" slow-headers "$TLS_PORT" 127.0.0.4 20 /slowloris-headers >"$N/headers.out" 2>&1 &
SH_PID=$!
python3 "$PY" slow-body "$TLS_PORT" 127.0.0.5 /slowloris-body 4 >"$N/body.out" 2>&1 &
SB_PID=$!
sleep 3
via 127.0.0.1 /healthz
expect_eq 200 "$STATUS" "while slow clients hang, GET /healthz through nginx is 200"
check "…within 3 s (took $SECS s)" within 0 3 "$SECS"
sleep 4
via 127.0.0.1 /
expect_eq 200 "$STATUS" "…and GET / is 200 a few seconds later"
check "…within 3 s (took $SECS s)" within 0 3 "$SECS"
expect_eq 0 "$(app_saw /slowloris)" "datalots has seen none of the slow requests while they trickle"
wait "$SH_PID" "$SB_PID"

n=$(grep -c '^closed ' "$N/headers.out")
expect_eq 20 "$n" "all 20 slow-header connections were followed to the end"
bad=$(awk '$1 == "closed" && !($2 != "never" && $2 >= 9 && $2 <= 14) { print }' "$N/headers.out" | head -3)
expect_eq "" "$bad" "nginx closed every slow-header connection 9–14 s after it opened (client_header_timeout 10s)"
t=$(awk '{ print $2 }' "$N/headers.out" | sort -n | sed -n '1p;$p' | tr '\n' ' ')
echo "# slow headers closed after ${t}s"
expect_eq "" "$(awk '$3 < 7 { print }' "$N/headers.out" | head -3)" \
    "…although each sent a header byte a second until then (7 or more)"
expect_eq "" "$(awk '$4 != "nothing" { print }' "$N/headers.out" | head -3)" "…without an answer"
read -r _ secs sent first <"$N/body.out"
echo "# slow body: $(cat "$N/body.out")"
expect_eq 4 "$sent" "the slow body sent 4 bytes, a second apart, and nginx kept reading"
check "nginx closed it 9–14 s after its last byte (client_body_timeout 10s; took $secs s)" within 9 14 "$secs"
expect_eq nothing "$first" "…without an answer"
expect_eq 0 "$(app_saw /slowloris)" "datalots never saw the slow requests"
expect_eq 20 "$(grep -c '"GET /slowloris-headers HTTP/1.1" 408 ' "$N/access.log")" \
    "nginx's access log has the 20 slow-header requests as 408"
expect_eq 1 "$(grep -c '"POST /slowloris-body HTTP/1.1" 408 ' "$N/access.log")" \
    "…and the slow body as 408"

# --- limit_conn 100 per address --------------------------------------------------------
# 110 POSTs whose 5-byte body is held back: nginx is processing all of
# them (reading the body) at once. Paced at 80 a second, so that
# limit_req (50 r/s, burst 100) does not step in.
python3 "$PY" hold "$TLS_PORT" 127.0.0.2 110 /limit-conn-probe 80 >"$N/hold.out" 2>&1
echo "# limit_conn: $(tr '\n' ' ' <"$N/hold.out")"
count() { awk -v k="$1" -v s="${2:-}" '$1 == k && (s == "" || $2 == s) { n += $3 } END { print n + 0 }' "$N/hold.out"; }
expect_eq 10 "$(count early 429)" "with 100 of one address's requests in flight, the other 10 are 429 at once"
expect_eq 10 "$(count early)" "…and nothing else was answered before the bodies came"
expect_eq 100 "$(count late)" "the 100 held requests are answered once their bodies arrive"
expect_eq 0 "$(count late 429)" "…none of them 429"
expect_eq 100 "$(app_saw /limit-conn-probe)" "datalots answered 100 of the 110, never the 429s"
a1=$(app_saw /limit-conn-probe "$APP1_LOG")
check "…both app servers of the upstream answered some (round robin: $a1 and $((100 - a1)))" test "$a1" -ge 20 -a "$a1" -le 80
expect_eq 10 "$(grep -c 'limiting connections by zone "datalots_conn", client: 127.0.0.2,' "$N/error.log")" \
    "nginx's error log names limit_conn (datalots_conn) 10 times for 127.0.0.2"
expect_eq 0 "$(grep -c 'limiting requests.*client: 127.0.0.2,' "$N/error.log")" "…and limit_req never"
via 127.0.0.2 /healthz
expect_eq 200 "$STATUS" "127.0.0.2 is served again once its requests are done"

# --- limit_req 50 r/s, burst 100, nodelay ---------------------------------------------------
# 250 GETs of a static file (nginx's cache answers all but the first) over
# 10 parallel connections. nginx lets the first through, 100 more at once
# (the burst), then 50 a second: at most 101 + 50 × (seconds taken) + 1.
: >"$N/burst.cfg"
for _ in $(seq 1 250); do
    printf 'url = "https://127.0.0.1:%s/static/style.css"\noutput = "/dev/null"\n' "$TLS_PORT" >>"$N/burst.cfg"
done
t0=$(date +%s%N)
curl -sk --http1.1 --parallel --parallel-max 10 --interface 127.0.0.3 --max-time 20 -w '%{http_code}\n' \
    -K "$N/burst.cfg" >"$N/burst.out" 2>"$N/burst.err"
took=$(since "$t0")
n200=$(grep -c '^200$' "$N/burst.out")
n429=$(grep -c '^429$' "$N/burst.out")
echo "# limit_req: $n200 × 200, $n429 × 429 in $took s"
expect_eq 250 "$((n200 + n429))" "250 requests as fast as possible: each is 200 or 429"
check "…at least 101 are 200 (the first and the burst of 100; got $n200)" test "$n200" -ge 101
allowed=$(awk -v t="$took" 'BEGIN { a = 102 + 50 * t; print int(a) == a ? a : int(a) + 1 }')
check "…at most 101 + 50 × $took s + 1 = $allowed are 200 (got $n200)" test "$n200" -le "$allowed"
check "…so some are 429 (got $n429)" test "$n429" -ge 1
expect_eq "$n429" "$(grep -c 'limiting requests, excess: .* by zone "datalots_req", client: 127.0.0.3,' "$N/error.log")" \
    "nginx's error log names limit_req (datalots_req) once for each 429"
via 127.0.0.1 /healthz
expect_eq 200 "$STATUS" "another address is served meanwhile"

# --- MAX_CONNECTIONS: 4,096 in all, directly on datalots --------------------------------
# On the first app server. 127.0.0.1 is a trusted proxy of it, so
# --max-connections-per-address does not apply: with 4,095 idle connections
# open the next one is served; with 4,096 the next one waits (libmicrohttpd
# stops accepting) until some close. Needs about 4,200 open files per
# process (raised at the top).
stop_server "$NGX_PID"
BASE=http://127.0.0.1:$APP1_PORT
if [ "$(ulimit -n)" -lt 8192 ]; then
    ok "MAX_CONNECTIONS # SKIP the open-file limit is $(ulimit -n), the check needs 8192"
else
    python3 "$PY" total "$APP1_PORT" 4095 10 >"$N/total1.out" 2>&1
    echo "# 4,095 held: $(tr '\n' ' ' <"$N/total1.out")"
    expect_eq "extra 200" "$(sed -n 1p "$N/total1.out")" "with 4,095 connections open on datalots, the 4,096th is served"
    for _ in $(seq 1 50); do healthy && break; sleep 0.1; done
    python3 "$PY" total "$APP1_PORT" 4096 3 >"$N/total2.out" 2>&1
    echo "# 4,096 held: $(tr '\n' ' ' <"$N/total2.out")"
    expect_eq "extra none" "$(sed -n 1p "$N/total2.out")" "with 4,096 open, the 4,097th gets no answer within 3 s"
    expect_eq "after 200" "$(sed -n 2p "$N/total2.out")" "…and is served once 50 of them close"
    check "the server is healthy afterwards" healthy
fi

finish
