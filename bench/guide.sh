#!/usr/bin/env bash
# bench/guide.sh — the public pages of the knowledge guide under load (issue
# 11): a demo store with content/ imported and BENCH_DATASETS generated
# datasets (`datalots demo guide`), then wrk -t2 -c64 against the start page,
# a guide page and a search results page, each compared with nginx serving
# the same bytes (shared/bench/nginx-reference.conf), and the search's
# latency: BENCH_SEARCHES searches timed in the store (`datalots catalog
# search --latency`: what the search page asks of the store — ranked hits,
# counts per type and facet — in one process, after a warm-up round), their
# p95 against the target, and for information the same searches through
# /api/v1/search, one at a time (HTTP on the loopback included). Prints all
# four against the targets; exits 0 when it could
# measure (a missed target prints "TARGET MISSED"), 1 when it could not run.
#
#   bench/guide.sh                                             10 s per run, 3 rounds, 100,000 datasets
#   BENCH_DURATION=3s BENCH_ROUNDS=1 BENCH_DATASETS=10000 bench/guide.sh
#
# Targets: start page and guide page >= 1.0x nginx; search results page >=
# 0.5x nginx; search p95 < 5 ms with 100,000 datasets.
set -euo pipefail

die() { echo "bench/guide.sh: $*" >&2; exit 1; }
cd "$(dirname "$0")/.."
ROOT_DIR=$(git rev-parse --show-toplevel 2>/dev/null) || die "not inside the datalots git repository"
cd "$ROOT_DIR"
. "$ROOT_DIR/bench/lib.sh" # free_port, wait_http, wrk_*, nginx_reference_start, ratio_summary, wrk_bench_start
wrk_bench_start guide
DATASETS=${BENCH_DATASETS:-100000}
SEARCHES=${BENCH_SEARCHES:-300}
[[ $DATASETS =~ ^[0-9]+$ ]] || die "BENCH_DATASETS must be a number"

DB="$TMP/bench.db"
bench_init_store "sqlite:$DB"
"$BIN" catalog import content --db "sqlite:$DB" >"$TMP/import.log" 2>&1 || { cat "$TMP/import.log" >&2; die "catalog import failed"; }
if [ "$DATASETS" -gt 0 ]; then
  "$BIN" demo guide --count "$DATASETS" --db "sqlite:$DB" >"$TMP/seed.log" 2>&1 || { cat "$TMP/seed.log" >&2; die "demo guide failed"; }
fi

bench_serve "sqlite:$DB"

WWW="$TMP/www" NGX_DIR="$TMP/nginx"
mkdir -p "$WWW" "$NGX_DIR"
declare -A PATH_OF=([start]="/" [page]="/guide/patientregistret" [search]="/guide?q=diabetes")
for p in start page search; do
  code=$(curl -s -o "$WWW/$p.html" -w '%{http_code}' "$BASE${PATH_OF[$p]}")
  [ "$code" = 200 ] || die "GET ${PATH_OF[$p]} answered $code"
done
grep -q 'href="/guide/' "$WWW/search.html" || die "the search found nothing"
nginx_reference_start "$WWW" "$NGX_DIR" || die "nginx did not start"

# The search's latency: different queries, one at a time.
words=(diabetes stroke hjärtsvikt astma cancer depression graviditet höftfraktur demens njursvikt psoriasis epilepsi
       migrän journaldata laboratoriesvar läkemedelsuttag vårdtillfällen primärvårdsbesök biobanksprov enkätsvar
       skåne stockholm uppsala norrbotten gotland patientregistret socialstyrelsen sekretess etikprövning registren)
: >"$TMP/times"
queries=()
for ((i = 0; i < SEARCHES; i++)); do
  w1=${words[$((i % ${#words[@]}))]} w2=${words[$(((i * 7 + 3) % ${#words[@]}))]}
  q=$w1; ((i % 3)) && q="$w1 $w2"
  queries+=("$q")
  curl -s -o /dev/null -w '%{time_total}\n' -G "$BASE/api/v1/search" --data-urlencode "q=$q" >>"$TMP/times"
done
HTTP_P95=$(sort -n "$TMP/times" | awk '{ v[NR] = $1 } END { k = int(NR * 0.95 + 0.999999); printf "%.2f", v[k] * 1000 }')
HTTP_P50=$(sort -n "$TMP/times" | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] * 1000 }')
# In the store: the same searches in one process (a reader beside the server).
STORE_LINE=$("$BIN" catalog search --db "sqlite:$DB" --latency "${queries[@]}" 2>&1) || die "catalog search --latency failed: $STORE_LINE"
P50=$(sed -n 's/.* p50 \([0-9.]*\) ms.*/\1/p' <<<"$STORE_LINE")
P95=$(sed -n 's/.* p95 \([0-9.]*\) ms.*/\1/p' <<<"$STORE_LINE")
[ -n "$P95" ] || die "catalog search --latency printed no p95: $STORE_LINE"

RESULTS="$TMP/results"
: >"$RESULTS"
for p in start page search; do
  wrk -t2 -c64 -d2s "$BASE${PATH_OF[$p]}" >/dev/null 2>&1 || true
  wrk -t2 -c64 -d2s "$NGX/$p.html" >/dev/null 2>&1 || true
done
for round in $(seq "$ROUNDS"); do
  for p in start page search; do
    d="$OUT/$p.datalots.$round.wrk.txt" n="$OUT/$p.nginx.$round.wrk.txt"
    wrk -t2 -c64 -d"$DURATION" --latency "$BASE${PATH_OF[$p]}" >"$d" 2>&1 || die "wrk failed: $(cat "$d")"
    wrk -t2 -c64 -d"$DURATION" --latency "$NGX/$p.html" >"$n" 2>&1 || die "wrk failed: $(cat "$n")"
    echo "$round $p $(wrk_rps "$d") $(wrk_pct_ms "$d" 99%) $(wrk_bad "$d") $(wrk_rps "$n")" >>"$RESULTS"
  done
done

echo "guide benchmark: wrk -t2 -c64 -d$DURATION, $ROUNDS rounds, anonymous reader, datalots --workers 2 (SQLite)"
echo "store: $(grep -c . <<<"$(ls content/*/*.md)") items from content/ and $DATASETS generated datasets"
echo "pages: start = /, page = /guide/patientregistret, search = /guide?q=diabetes (nginx serves the same bytes)"
awk -v p95="$P95" -v p50="$P50" -v hp95="$HTTP_P95" -v hp50="$HTTP_P50" -v n="$SEARCHES" '
{ r = $3 / $6; printf "round %d %-7s datalots %8.0f req/s p99 %6.2f ms | nginx %8.0f req/s | ratio %.2fx%s\n", $1, $2, $3, $4, $6, r, ($5 > 0 ? "  (errors: " $5 ")" : "")
  k[$2]++; v[$2, k[$2]] = r }
END {
  target["start"] = 1.0; target["page"] = 1.0; target["search"] = 0.5
  split("start page search", order, " ")
  print ""
  for (i = 1; i <= 3; i++) {
    pg = order[i]; m = k[pg]
    for (j = 1; j <= m; j++) a[j] = v[pg, j]
    for (x = 2; x <= m; x++) for (y = x; y > 1 && a[y-1] > a[y]; y--) { t = a[y]; a[y] = a[y-1]; a[y-1] = t }
    med = (m % 2) ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
    printf "%-7s %.2fx nginx (%.2f-%.2f)   target >= %.1fx\n", pg, med, a[1], a[m], target[pg]
    if (med < target[pg]) missed = missed sprintf("TARGET MISSED: %s %.2fx < %.1fx nginx\n", pg, med, target[pg])
    summary = summary sprintf("%s %.2fx; ", pg, med)
  }
  printf "search  p95 %.2f ms, median %.2f ms over %d searches in the store   target p95 < 5 ms\n", p95, p50, n
  printf "        (through /api/v1/search, HTTP included: p95 %.2f ms, median %.2f ms)\n", hp95, hp50
  if (p95 >= 5) missed = missed sprintf("TARGET MISSED: search p95 %.2f ms >= 5 ms\n", p95)
  print ""; printf "%s", missed
  printf "guide: %ssearch p95 %.2f ms\n", summary, p95
}' "$RESULTS"
