#!/usr/bin/env bash
# bench/http-pg.sh — the start page (rendered live from the store) on
# PostgreSQL: one app server and two app servers behind an nginx load
# balancer, against the same page from datalots on SQLite and a static copy
# from nginx with the reference configuration. Same wrk load for all; the
# verdict is ratios, never an absolute time. Everything runs on this machine
# (2 cores shared by wrk, nginx, PostgreSQL and datalots), so read the
# ratios, not the requests per second.
#
#   bench/http-pg.sh                    10 s per run
#   BENCH_DURATION=3s bench/http-pg.sh  shorter
#
# A benchmark, not a test: exits 0 when it could measure.
set -euo pipefail
die() { echo "bench/http-pg.sh: $*" >&2; exit 1; }
cd "$(dirname "$0")/.."
ROOT=$(git rev-parse --show-toplevel) || die "not inside the datalots repository"
cd "$ROOT"
REF_CONF="$ROOT/../shared/bench/nginx-reference.conf"
[ -f "$REF_CONF" ] || die "nginx reference config not found: $REF_CONF"
for tool in nginx wrk curl psql; do command -v "$tool" >/dev/null || die "'$tool' is not installed"; done
[ -x ./datalots ] || make datalots >&2 || die "make datalots failed"

DURATION=${BENCH_DURATION:-10s}
[[ $DURATION =~ ^[0-9]+$ ]] && DURATION="${DURATION}s"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/datalots-benchpg.XXXXXX")
chmod 755 "$TMP"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  bash scripts/pg-cluster.sh stop "$TMP/pg" >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 100); do curl -fs -o /dev/null "$1" && return 0; sleep 0.05; done; die "$1 did not answer"; }

start_app() { # start_app DB PORT WORKERS → PID in PIDS
  # Behind the balancers as deployed: nginx's address is a trusted proxy,
  # so its many upstream connections are not held to the per-address limit.
  ./datalots serve --db "$1" --listen "127.0.0.1:$2" --workers "$3" --access-log off \
    --trusted-proxy 127.0.0.1 >"$TMP/app.$2.log" 2>&1 &
  PIDS+=($!)
  wait_http "http://127.0.0.1:$2/healthz"
}

start_nginx() { # start_nginx NAME CONF
  mkdir -p "$TMP/$1"
  nginx -c "$2" >"$TMP/$1/stdout" 2>&1 &
  PIDS+=($!)
}

run_wrk() { # run_wrk URL → "rps p99ms"
  wrk -t2 -c64 -d1s "$1" >/dev/null 2>&1 || true   # warm-up
  local out
  out=$(wrk -t2 -c64 -d"$DURATION" --latency "$1")
  local rps p99
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) sub(/ms$/, "", v); else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } print v }' <<<"$out")
  echo "$rps $p99"
}

# --- stores ---------------------------------------------------------------
PG_URL=$(bash scripts/pg-cluster.sh start "$TMP/pg") || die "the PostgreSQL cluster did not start"
./datalots init --demo --db "$PG_URL" >/dev/null 2>&1 || die "init on PostgreSQL failed"
./datalots init --demo --db "sqlite:$TMP/bench.db" >/dev/null 2>&1 || die "init on SQLite failed"

P_SQLITE=$(free_port); start_app "sqlite:$TMP/bench.db" "$P_SQLITE" 2
P_PG1=$(free_port);    start_app "$PG_URL" "$P_PG1" 2
P_PG2=$(free_port);    start_app "$PG_URL" "$P_PG2" 2

# --- static reference: the same bytes as a file ------------------------------
mkdir -p "$TMP/www"
curl -fs "http://127.0.0.1:$P_SQLITE/" -o "$TMP/www/index.html"
chmod -R a+rX "$TMP/www"
P_STATIC=$(free_port)
sed -e "s|@DIR@|$TMP/static|g; s|@ROOT@|$TMP/www|g; s|@PORT@|$P_STATIC|g" "$REF_CONF" >"$TMP/static.conf"
mkdir -p "$TMP/static"
start_nginx static "$TMP/static.conf"

# --- nginx balancing one and two app servers (as deploy/ suggests) -----------
balancer() { # balancer NAME PORT UPSTREAM-PORTS…
  local name=$1 port=$2; shift 2
  mkdir -p "$TMP/$name"
  {
    echo "worker_processes 2; daemon off; pid $TMP/$name/nginx.pid; error_log $TMP/$name/error.log warn;"
    echo "events { worker_connections 4096; }"
    echo "http { access_log off; client_body_temp_path $TMP/$name; proxy_temp_path $TMP/$name;"
    echo "  fastcgi_temp_path $TMP/$name; uwsgi_temp_path $TMP/$name; scgi_temp_path $TMP/$name;"
    echo "  upstream app { keepalive 64;"
    for p in "$@"; do echo "    server 127.0.0.1:$p;"; done
    echo "  }"
    echo "  server { listen 127.0.0.1:$port; location / { proxy_pass http://app; proxy_http_version 1.1;"
    echo "    proxy_set_header Connection \"\"; proxy_set_header Host \$host; } } }"
  } >"$TMP/$name.conf"
  start_nginx "$name" "$TMP/$name.conf"
}
P_LB1=$(free_port); balancer lb1 "$P_LB1" "$P_PG1"
P_LB2=$(free_port); balancer lb2 "$P_LB2" "$P_PG1" "$P_PG2"
for p in $P_STATIC $P_LB1 $P_LB2; do wait_http "http://127.0.0.1:$p/"; done

# --- measure ---------------------------------------------------------------------
echo "http-pg benchmark: wrk -t2 -c64 -d$DURATION --latency, GET / live from the store"
read -r R_STATIC L_STATIC <<<"$(run_wrk "http://127.0.0.1:$P_STATIC/")"
read -r R_SQLITE L_SQLITE <<<"$(run_wrk "http://127.0.0.1:$P_SQLITE/")"
read -r R_PG L_PG <<<"$(run_wrk "http://127.0.0.1:$P_PG1/")"
read -r R_LB1 L_LB1 <<<"$(run_wrk "http://127.0.0.1:$P_LB1/")"
read -r R_LB2 L_LB2 <<<"$(run_wrk "http://127.0.0.1:$P_LB2/")"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }'; }
printf '\n%-44s %10s %9s %10s %10s\n' "setup" "req/s" "p99 ms" "vs SQLite" "vs nginx"
row() { printf '%-44s %10.0f %9.2f %10s %10s\n' "$1" "$2" "$3" "$(ratio "$2" "$R_SQLITE")" "$(ratio "$2" "$R_STATIC")"; }
row "nginx static copy (reference)" "$R_STATIC" "$L_STATIC"
row "datalots on SQLite" "$R_SQLITE" "$L_SQLITE"
row "datalots on PostgreSQL, direct" "$R_PG" "$L_PG"
row "nginx -> 1 datalots on PostgreSQL" "$R_LB1" "$L_LB1"
row "nginx -> 2 datalots on PostgreSQL" "$R_LB2" "$L_LB2"
echo
echo "http-pg: PostgreSQL $(ratio "$R_PG" "$R_SQLITE") of SQLite; behind nginx: 1 app $(ratio "$R_LB1" "$R_STATIC"), 2 apps $(ratio "$R_LB2" "$R_STATIC") of static nginx"
