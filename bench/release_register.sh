#!/usr/bin/env bash
# bench/release_register.sh — the public register of decided releases under
# load (issue 14 item 4): a demo store (SQLite) with BENCH_CASES generated
# cases (`datalots demo cases`: most closed, so thousands decided), then
# wrk -t2 -c64 as an anonymous reader against the register page /beslut and
# one decision's page /beslut/ID, each against nginx serving the same bytes
# as a static file (shared/bench/nginx-reference.conf, started by
# bench/lib.sh), BENCH_ROUNDS rounds. Prints each round, the median ratio
# with its spread, and — for information — the time of the page rendered
# anew (queries the page cache has not seen, timed with curl).
#
#   bench/release_register.sh                                  10,000 cases, 10 s, 3 rounds
#   BENCH_CASES=2000 BENCH_DURATION=2s BENCH_ROUNDS=1 bench/release_register.sh
#
# Target (issue 14): the register page >= 0.3x nginx with 10,000 cases.
# A benchmark, not a test: it exits 0 when it could measure (a missed
# target prints "TARGET MISSED"), 1 when it could not run.
set -euo pipefail

die() { echo "bench/release_register.sh: $*" >&2; exit 1; }
cd "$(dirname "$0")/.."
ROOT_DIR=$(git rev-parse --show-toplevel 2>/dev/null) || die "not inside the datalots git repository"
cd "$ROOT_DIR"
. "$ROOT_DIR/bench/lib.sh" # free_port, wait_http, wrk_*, nginx_reference_start, ratio_summary, wrk_bench_start
wrk_bench_start release_register
N=${BENCH_CASES:-10000}
[[ $N =~ ^[1-9][0-9]*$ ]] || die "BENCH_CASES must be a positive number"
TARGET=0.3

DB="sqlite:$TMP/bench.db"
bench_init_store "$DB"
GEN=$("$BIN" demo cases --count "$N" --seed 1 --db "$DB") || die "demo cases failed"

bench_serve "$DB"

: >"$TMP/fresh"
for i in $(seq 2 11); do
  curl -s -o /dev/null -w '%{time_total}\n' "$BASE/beslut?sida=$i" >>"$TMP/fresh"
done
FRESH=$(sort -n "$TMP/fresh" | awk '{ v[NR] = $1 } END { printf "%.0f ms (%.0f–%.0f)", v[int((NR + 1) / 2)] * 1000, v[1] * 1000, v[NR] * 1000 }')

WWW="$TMP/www"
mkdir -p "$WWW"
code=$(curl -s -o "$WWW/beslut.html" -w '%{http_code}' "$BASE/beslut")
[ "$code" = 200 ] || die "GET /beslut answered $code"
SHOWN=$(grep -o '<span class="nowrap">[0-9]*</span> beslut' "$WWW/beslut.html" | head -1 | grep -o '[0-9]*' | head -1)
[ -n "$SHOWN" ] && [ "$SHOWN" -gt 0 ] || die "the register shows no decision"
ID=$(grep -o 'href="/beslut/[0-9]*"' "$WWW/beslut.html" | head -1 | grep -o '[0-9]*')
code=$(curl -s -o "$WWW/decision.html" -w '%{http_code}' "$BASE/beslut/$ID")
[ "$code" = 200 ] || die "GET /beslut/$ID answered $code"
nginx_reference_start "$WWW" "$TMP/nginx" || die "nginx did not start"
cmp -s "$WWW/beslut.html" <(curl -sf "$NGX/beslut.html") || die "nginx does not serve the saved page"

declare -A URL=([register]="$BASE/beslut" [decision]="$BASE/beslut/$ID")
declare -A REF=([register]="$NGX/beslut.html" [decision]="$NGX/decision.html")
for p in register decision; do
  wrk -t2 -c64 -d2s "${URL[$p]}" >/dev/null 2>&1 || true
  wrk -t2 -c64 -d2s "${REF[$p]}" >/dev/null 2>&1 || true
done
RESULTS="$TMP/results"
: >"$RESULTS"
for round in $(seq "$ROUNDS"); do
  for p in register decision; do
    d="$OUT/$p.datalots.$round.wrk.txt" n="$OUT/$p.nginx.$round.wrk.txt"
    wrk -t2 -c64 -d"$DURATION" --latency "${URL[$p]}" >"$d" 2>&1 || die "wrk failed: $(cat "$d")"
    wrk -t2 -c64 -d"$DURATION" --latency "${REF[$p]}" >"$n" 2>&1 || die "wrk failed: $(cat "$n")"
    echo "$round $p $(wrk_rps "$d") $(wrk_pct_ms "$d" 99%) $(wrk_bad "$d") $(wrk_rps "$n") $(wrk_pct_ms "$n" 99%)" >>"$RESULTS"
  done
done
kill -0 "$DL_PID" 2>/dev/null || die "datalots died under load: $(tail -5 "$TMP/datalots.log")"

echo "$GEN"
echo "release register benchmark: wrk -t2 -c64 -d$DURATION, $ROUNDS rounds, anonymous reader, datalots --workers 2 (SQLite)"
echo "machine: $(nproc) CPU ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo))"
echo "pages: /beslut ($(stat -c %s "$WWW/beslut.html") bytes, $SHOWN public decisions of $N cases), /beslut/$ID ($(stat -c %s "$WWW/decision.html") bytes); nginx serves the same bytes"
echo "register rendered anew (not kept yet; /beslut?sida=2..11, one at a time): median $FRESH"
ratio_summary "$RESULTS" "$TARGET" "release register"
