#!/usr/bin/env bash
# bench/obstacle_register.sh — the public obstacle register under load
# (issue 13): a demo store (SQLite, the knowledge guide imported) with
# BENCH_OBSTACLES generated obstacles (`datalots demo obstacles`, about 60 %
# published), then wrk -t2 -c64 against the register page /hinder as an
# anonymous reader, and against nginx serving the same bytes as a static
# file (shared/bench/nginx-reference.conf), BENCH_ROUNDS rounds. Prints
# each round, the median ratio with its spread, and — for information — the
# time of the page rendered anew (a query the page cache has not seen,
# timed with curl, one at a time).
#
#   bench/obstacle_register.sh                                   50,000 obstacles, 10 s, 3 rounds
#   BENCH_DURATION=5s BENCH_ROUNDS=3 bench/obstacle_register.sh
#   BENCH_OBSTACLES=5000 BENCH_DURATION=2s BENCH_ROUNDS=1 bench/obstacle_register.sh
#
# Target (issue 13): the register page >= 0.3x nginx with 50,000 obstacles.
# It is a benchmark, not a test: it exits 0 when it could measure (a missed
# target prints "TARGET MISSED"), 1 when it could not run.
set -euo pipefail

die() { echo "bench/obstacle_register.sh: $*" >&2; exit 1; }
cd "$(dirname "$0")/.."
ROOT_DIR=$(git rev-parse --show-toplevel 2>/dev/null) || die "not inside the datalots git repository"
cd "$ROOT_DIR"
. "$ROOT_DIR/bench/lib.sh" # free_port, wait_http, wrk_*, nginx_reference_start, ratio_summary, wrk_bench_start
wrk_bench_start obstacle_register
N=${BENCH_OBSTACLES:-50000}
[[ $N =~ ^[1-9][0-9]*$ ]] || die "BENCH_OBSTACLES must be a positive number"
TARGET=0.3

DB="sqlite:$TMP/bench.db"
bench_init_store "$DB"
"$BIN" catalog import content --db "$DB" >"$TMP/import.log" 2>&1 || { cat "$TMP/import.log" >&2; die "catalog import failed"; }
GEN=$("$BIN" demo obstacles --count "$N" --seed 1 --db "$DB") || die "demo obstacles failed"

bench_serve "$DB"

# The page rendered anew: queries the page cache has not seen (another page each).
: >"$TMP/fresh"
for i in $(seq 2 11); do
  curl -s -o /dev/null -w '%{time_total}\n' "$BASE/hinder?sida=$i" >>"$TMP/fresh"
done
FRESH=$(sort -n "$TMP/fresh" | awk '{ v[NR] = $1 } END { printf "%.0f ms (%.0f–%.0f)", v[int((NR + 1) / 2)] * 1000, v[1] * 1000, v[NR] * 1000 }')

WWW="$TMP/www" NGX_DIR="$TMP/nginx"
mkdir -p "$WWW" "$NGX_DIR"
code=$(curl -s -o "$WWW/hinder.html" -w '%{http_code}' "$BASE/hinder")
[ "$code" = 200 ] || die "GET /hinder answered $code"
SHOWN=$(grep -o '<span class="nowrap">[0-9]*</span>' "$WWW/hinder.html" | head -1 | grep -o '[0-9]*')
[ -n "$SHOWN" ] && [ "$SHOWN" -gt 0 ] || die "the register shows no published obstacle"
nginx_reference_start "$WWW" "$NGX_DIR" || die "nginx did not start"
cmp -s "$WWW/hinder.html" <(curl -sf "$NGX/hinder.html") || die "nginx does not serve the saved page"

wrk -t2 -c64 -d2s "$BASE/hinder" >/dev/null 2>&1 || true
wrk -t2 -c64 -d2s "$NGX/hinder.html" >/dev/null 2>&1 || true
RESULTS="$TMP/results"
: >"$RESULTS"
for round in $(seq "$ROUNDS"); do
  d="$OUT/datalots.$round.wrk.txt" n="$OUT/nginx.$round.wrk.txt"
  wrk -t2 -c64 -d"$DURATION" --latency "$BASE/hinder" >"$d" 2>&1 || die "wrk failed: $(cat "$d")"
  wrk -t2 -c64 -d"$DURATION" --latency "$NGX/hinder.html" >"$n" 2>&1 || die "wrk failed: $(cat "$n")"
  echo "$round /hinder $(wrk_rps "$d") $(wrk_pct_ms "$d" 99%) $(wrk_bad "$d") $(wrk_rps "$n") $(wrk_pct_ms "$n" 99%)" >>"$RESULTS"
done
kill -0 "$DL_PID" 2>/dev/null || die "datalots died under load: $(tail -5 "$TMP/datalots.log")"

echo "$GEN"
echo "obstacle register benchmark: wrk -t2 -c64 -d$DURATION, $ROUNDS rounds, anonymous reader, datalots --workers 2 (SQLite)"
echo "machine: $(nproc) CPU ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo))"
echo "page: /hinder ($(stat -c %s "$WWW/hinder.html") bytes, $SHOWN published of $N), nginx serves the same bytes"
echo "rendered anew (not kept yet; /hinder?sida=2..11, one at a time): median $FRESH"
ratio_summary "$RESULTS" "$TARGET" "register page"
