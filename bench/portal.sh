#!/usr/bin/env bash
# bench/portal.sh — issue 14's performance item in one run: the applicant's
# portal, the public register and the API's case list, on one demo store
# (SQLite) with BENCH_CASES generated cases (`datalots demo cases`, all the
# demo applicant's, most closed). wrk -t2 -c64 against
#   portal     GET /mina-arenden  signed in as sokande (the session cookie)
#   register   GET /beslut        anonymous
#   api-cases  GET /api/v1/cases  with a coordinator's API token (Bearer)
# each against nginx serving the same bytes as a static file
# (shared/bench/nginx-reference.conf, started by bench/lib.sh), with the same
# header sent to both, BENCH_ROUNDS rounds. Prints each round and the median
# ratio with its spread.
#
#   bench/portal.sh                                   10,000 cases, 10 s, 3 rounds
#   BENCH_DURATION=5s BENCH_ROUNDS=3 bench/portal.sh  quicker
#   BENCH_CASES=2000 bench/portal.sh                  fewer cases
#
# Target (issue 14): each page >= 0.3x nginx's requests per second with
# 10,000 cases. A benchmark, not a test: it exits 0 when it could measure (a
# missed target prints "TARGET MISSED"), 1 when it could not run.
set -euo pipefail

die() { echo "bench/portal.sh: $*" >&2; exit 1; }
cd "$(dirname "$0")/.."
ROOT_DIR=$(git rev-parse --show-toplevel 2>/dev/null) || die "not inside the datalots git repository"
cd "$ROOT_DIR"
. "$ROOT_DIR/bench/lib.sh" # free_port, wait_http, wrk_*, nginx_reference_start, ratio_summary, wrk_bench_start
wrk_bench_start portal
N=${BENCH_CASES:-10000}
[[ $N =~ ^[1-9][0-9]*$ ]] || die "BENCH_CASES must be a positive number"
TARGET=0.3

DB="sqlite:$TMP/bench.db"
bench_init_store "$DB"
GEN=$("$BIN" demo cases --count "$N" --seed 1 --db "$DB") || die "demo cases failed"
EXPIRES=$(date -u -d '+30 days' +%F)
API_TOKEN=$("$BIN" api-token create --db "$DB" --name bench --role coordinator --org RH --expires "$EXPIRES" 2>&1 |
  grep -o 'dl_[0-9a-f]\{64\}' | head -1) || true
[ -n "$API_TOKEN" ] || die "datalots api-token create gave no token"

bench_serve "$DB"

# Signed in as the applicant: the session as one Cookie header.
COOKIE=$(bench_sign_in sokande)

PAGES="portal register api-cases"
declare -A PATH_OF=([portal]=/mina-arenden [register]=/beslut [api-cases]=/api/v1/cases)
declare -A FILE_OF=([portal]=portal.html [register]=beslut.html [api-cases]=cases.json)
declare -A HEADER_OF=([portal]="Cookie: $COOKIE" [register]="Accept: text/html" [api-cases]="Authorization: Bearer $API_TOKEN")
WWW="$TMP/www"
mkdir -p "$WWW"
for p in $PAGES; do
  code=$(curl -s -o "$WWW/${FILE_OF[$p]}" -w '%{http_code}' -H "${HEADER_OF[$p]}" "$BASE${PATH_OF[$p]}")
  [ "$code" = 200 ] || die "GET ${PATH_OF[$p]} ($p) answered $code"
done
grep -q 'href="/cases/[0-9]' "$WWW/portal.html" || die "the portal lists no case"
SHOWN=$(grep -o '<span class="nowrap">[0-9]*</span> beslut' "$WWW/beslut.html" | head -1 | grep -o '[0-9]*' | head -1)
[ -n "$SHOWN" ] && [ "$SHOWN" -gt 0 ] || die "the register shows no decision"
ITEMS=$(jq -e '(.queue.items // []) + (.mine.items // []) | length' "$WWW/cases.json" 2>/dev/null) ||
  die "GET /api/v1/cases is not JSON with a list of cases: $(head -c 200 "$WWW/cases.json")"
[ "$ITEMS" -gt 0 ] || die "GET /api/v1/cases returned no case"
nginx_reference_start "$WWW" "$TMP/nginx" || die "nginx did not start"
cmp -s "$WWW/portal.html" <(curl -sf "$NGX/portal.html") || die "nginx does not serve the saved page"

for p in $PAGES; do
  wrk -t2 -c64 -d2s -H "${HEADER_OF[$p]}" "$BASE${PATH_OF[$p]}" >/dev/null 2>&1 || true
  wrk -t2 -c64 -d2s -H "${HEADER_OF[$p]}" "$NGX/${FILE_OF[$p]}" >/dev/null 2>&1 || true
done
RESULTS="$TMP/results"
: >"$RESULTS"
for round in $(seq "$ROUNDS"); do
  for p in $PAGES; do
    d="$OUT/$p.datalots.$round.wrk.txt" n="$OUT/$p.nginx.$round.wrk.txt"
    wrk -t2 -c64 -d"$DURATION" --latency -H "${HEADER_OF[$p]}" "$BASE${PATH_OF[$p]}" >"$d" 2>&1 || die "wrk failed: $(cat "$d")"
    wrk -t2 -c64 -d"$DURATION" --latency -H "${HEADER_OF[$p]}" "$NGX/${FILE_OF[$p]}" >"$n" 2>&1 || die "wrk failed: $(cat "$n")"
    echo "$round $p $(wrk_rps "$d") $(wrk_pct_ms "$d" 99%) $(wrk_bad "$d") $(wrk_rps "$n") $(wrk_pct_ms "$n" 99%)" >>"$RESULTS"
  done
done
kill -0 "$DL_PID" 2>/dev/null || die "datalots died under load: $(tail -5 "$TMP/datalots.log")"

echo "$GEN"
echo "portal benchmark: wrk -t2 -c64 -d$DURATION, $ROUNDS rounds, datalots --workers 2 (SQLite); nginx serves the same bytes"
echo "machine: $(nproc) CPU ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo))"
echo "pages: portal = /mina-arenden as sokande ($(stat -c %s "$WWW/portal.html") bytes), register = /beslut anonymous" \
  "($(stat -c %s "$WWW/beslut.html") bytes, $SHOWN public decisions), api-cases = /api/v1/cases with a coordinator's" \
  "token ($(stat -c %s "$WWW/cases.json") bytes, $ITEMS items); $N cases in the store"
ratio_summary "$RESULTS" "$TARGET" "datalots"
