#!/usr/bin/env bash
# bench/http.sh — HTTP benchmark of datalots against the project's nginx
# reference (../shared/bench/nginx-reference.conf serving the same bytes as a
# static file). Both servers get the same wrk load; the verdict is a pair of
# ratios, never an absolute time. See bench/README.md.
#
#   bench/http.sh                      10 s per server (the reference setting)
#   BENCH_DURATION=3s bench/http.sh    shorter run (also BENCH_WARMUP=1s)
#
# It is a benchmark, not a test: it exits 0 when it could measure, even if a
# target is missed (then it prints "TARGET MISSED ..." lines). It exits 1 only
# when it cannot run (missing tool, missing shared/, a server that won't start).
set -euo pipefail

die() { echo "bench/http.sh: $*" >&2; exit 1; }

cd "$(dirname "$0")/.."
ROOT_DIR=$(git rev-parse --show-toplevel 2>/dev/null) || die "not inside the datalots git repository"
cd "$ROOT_DIR"
SHARED="$ROOT_DIR/../shared"
REF_CONF="$SHARED/bench/nginx-reference.conf"
[ -d "$SHARED" ] || die "shared folder not found at $SHARED (expected next to the repository: \$(git rev-parse --show-toplevel)/../shared)"
[ -f "$REF_CONF" ] || die "nginx reference config not found: $REF_CONF"

for tool in nginx wrk curl perl; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed (Debian: nginx-light, wrk, curl, perl)"
done

DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-2s}
[[ $DURATION =~ ^[0-9]+$ ]] && DURATION="${DURATION}s"
[[ $WARMUP =~ ^[0-9]+$ ]] && WARMUP="${WARMUP}s"
THREADS=2
CONNS=64
WORKERS=2

if [ ! -x ./datalots ]; then
  echo "bench/http.sh: ./datalots missing, running 'make datalots'" >&2
  make datalots >&2 || die "make datalots failed"
fi
BIN="$ROOT_DIR/datalots"

# --- scratch space and cleanup ------------------------------------------------
TMP=$(mktemp -d "${TMPDIR:-/tmp}/datalots-bench.XXXXXX")
DL_PID=
NGINX_PID=
cleanup() {
  local rc=$?
  for pid in $DL_PID $NGINX_PID; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in $DL_PID $NGINX_PID; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

OUT="$ROOT_DIR/bench/out/http"
mkdir -p "$OUT"

# A free loopback port (bind to 0, read it back, release it).
. "$ROOT_DIR/bench/lib.sh" # free_port, wait_http, wrk_rps, wrk_pct_ms, wrk_bad

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# --- demo store -----------------------------------------------------------------
DB="$TMP/bench.db"
"$BIN" init --db "sqlite:$DB" --demo >"$TMP/init.log" 2>&1 || { cat "$TMP/init.log" >&2; die "datalots init failed"; }

# --- start-up time: launch `datalots serve` until /healthz answers 200 ----------
# Measured in one perl process (fork+exec, poll /healthz every 0.5 ms over a raw
# socket) so the timer's resolution is well below a millisecond. Best of 5.
STARTUP_PORT=$(free_port)
STARTUP_MS=$(perl -MTime::HiRes=time,sleep -MIO::Socket::INET -MPOSIX=:sys_wait_h -e '
  my ($bin, $db, $port) = @ARGV;
  my @best;
  for my $run (1 .. 5) {
    my $t0 = time;
    my $pid = fork // die "fork: $!\n";
    if ($pid == 0) {
      open STDOUT, ">", "/dev/null"; open STDERR, ">", "/dev/null";
      exec $bin, "serve", "--db", "sqlite:$db", "--listen", "127.0.0.1:$port",
           "--access-log", "off", "--workers", "2" or exit 127;
    }
    my $ms;
    while (time - $t0 < 10) {
      if (waitpid($pid, WNOHANG) == $pid) { die "datalots serve exited during start-up\n" }
      my $s = IO::Socket::INET->new(PeerAddr => "127.0.0.1", PeerPort => $port, Proto => "tcp");
      if ($s) {
        print $s "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
        my $line = <$s>;
        close $s;
        if (defined $line && $line =~ m{^HTTP/1\.[01] 200}) { $ms = (time - $t0) * 1000; last }
      }
      sleep 0.0005;
    }
    kill "TERM", $pid;
    my $t = time;
    while (waitpid($pid, WNOHANG) != $pid) {
      if (time - $t > 5) { kill "KILL", $pid; waitpid($pid, 0); last }
      sleep 0.01;
    }
    die "datalots serve did not answer /healthz within 10 s\n" unless defined $ms;
    push @best, $ms;
  }
  my ($min) = sort { $a <=> $b } @best;
  printf "%.1f %s\n", $min, join(",", map { sprintf "%.1f", $_ } @best);
' "$BIN" "$DB" "$STARTUP_PORT") || die "start-up measurement failed"
STARTUP_ALL=${STARTUP_MS#* }
STARTUP_MS=${STARTUP_MS%% *}

# --- datalots -------------------------------------------------------------------
DL_PORT=$(free_port)
"$BIN" serve --db "sqlite:$DB" --listen "127.0.0.1:$DL_PORT" --access-log off --workers "$WORKERS" \
  >"$TMP/datalots.log" 2>&1 &
DL_PID=$!
wait_http "http://127.0.0.1:$DL_PORT/healthz" 10 || { cat "$TMP/datalots.log" >&2; die "datalots did not start"; }
DL_URL="http://127.0.0.1:$DL_PORT/"

# The exact bytes of / become nginx's static page.
WWW="$TMP/www"
NGX_DIR="$TMP/nginx"
mkdir -p "$WWW" "$NGX_DIR"
curl -sf -o "$WWW/index.html" "$DL_URL" || die "could not fetch / from datalots"
PAGE_BYTES=$(stat -c %s "$WWW/index.html")
# nginx started as root runs its workers as 'nobody': the page must be readable.
chmod 755 "$TMP" "$WWW"
chmod 644 "$WWW/index.html"

sleep 0.5
IDLE_RSS_KB=$(rss_kb "$DL_PID")

# --- nginx ----------------------------------------------------------------------
NGX_PORT=$(free_port)
sed -e "s|@DIR@|$NGX_DIR|g" -e "s|@ROOT@|$WWW|g" -e "s|@PORT@|$NGX_PORT|g" "$REF_CONF" >"$NGX_DIR/nginx.conf"
nginx -e "$NGX_DIR/error.log" -c "$NGX_DIR/nginx.conf" >"$NGX_DIR/stdout.log" 2>&1 &
NGINX_PID=$!
NGX_URL="http://127.0.0.1:$NGX_PORT/"
wait_http "$NGX_URL" 10 || { cat "$NGX_DIR/stdout.log" "$NGX_DIR/error.log" >&2 2>/dev/null; die "nginx did not start"; }
cmp -s "$WWW/index.html" <(curl -sf "$NGX_URL") || die "nginx does not serve the saved page"

# --- load -----------------------------------------------------------------------
# Warm-up (results discarded), then the measured runs with identical settings.
wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" "$DL_URL" >/dev/null 2>&1 || true
wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" "$NGX_URL" >/dev/null 2>&1 || true

wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$DL_URL" >"$OUT/datalots.wrk.txt" 2>&1 \
  || die "wrk against datalots failed: $(cat "$OUT/datalots.wrk.txt")"
kill -0 "$DL_PID" 2>/dev/null || die "datalots died under load: $(tail -5 "$TMP/datalots.log")"
LOAD_RSS_KB=$(rss_kb "$DL_PID")
wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$NGX_URL" >"$OUT/nginx.wrk.txt" 2>&1 \
  || die "wrk against nginx failed: $(cat "$OUT/nginx.wrk.txt")"

# Requests/sec: N

DL_RPS=$(wrk_rps "$OUT/datalots.wrk.txt");   NG_RPS=$(wrk_rps "$OUT/nginx.wrk.txt")
DL_P50=$(wrk_pct_ms "$OUT/datalots.wrk.txt" 50%); NG_P50=$(wrk_pct_ms "$OUT/nginx.wrk.txt" 50%)
DL_P99=$(wrk_pct_ms "$OUT/datalots.wrk.txt" 99%); NG_P99=$(wrk_pct_ms "$OUT/nginx.wrk.txt" 99%)
DL_BAD=$(wrk_bad "$OUT/datalots.wrk.txt");   NG_BAD=$(wrk_bad "$OUT/nginx.wrk.txt")
if [ -z "$DL_RPS" ] || [ -z "$NG_RPS" ] || [ -z "$DL_P99" ] || [ -z "$NG_P99" ]; then
  die "could not parse wrk output (see $OUT/*.wrk.txt)"
fi

BIN_BYTES=$(stat -c %s "$BIN")
STRIPPED_BYTES=
if command -v strip >/dev/null 2>&1 && strip -o "$TMP/datalots.stripped" "$BIN" 2>/dev/null; then
  STRIPPED_BYTES=$(stat -c %s "$TMP/datalots.stripped")
fi

# --- report ---------------------------------------------------------------------
awk -v dl_rps="$DL_RPS" -v ng_rps="$NG_RPS" -v dl_p50="$DL_P50" -v ng_p50="$NG_P50" \
    -v dl_p99="$DL_P99" -v ng_p99="$NG_P99" -v dl_bad="$DL_BAD" -v ng_bad="$NG_BAD" \
    -v idle="$IDLE_RSS_KB" -v load="$LOAD_RSS_KB" -v bin="$BIN_BYTES" -v stripped="$STRIPPED_BYTES" \
    -v st="$STARTUP_MS" -v st_all="$STARTUP_ALL" -v page="$PAGE_BYTES" \
    -v dur="$DURATION" -v thr="$THREADS" -v con="$CONNS" -v workers="$WORKERS" '
function grp(x,   s, neg) { s = sprintf("%.0f", x); while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s); return s }
BEGIN {
  rr = dl_rps / ng_rps; pr = dl_p99 / ng_p99; p5 = dl_p50 / ng_p50
  idle_mb = idle / 1024; load_mb = load / 1024
  printf "http benchmark: wrk -t%d -c%d -d%s --latency, GET / (%d bytes), datalots --workers %d vs nginx reference\n\n", thr, con, dur, page, workers
  printf "%-24s %14s %14s %9s  %s\n", "figure", "datalots", "nginx", "ratio", "target"
  printf "%-24s %14s %14s %8.2fx  %s\n", "requests/s", grp(dl_rps), grp(ng_rps), rr, ">= 0.60x"
  printf "%-24s %11.2f ms %11.2f ms %8.2fx  %s\n", "latency p50", dl_p50, ng_p50, p5, "-"
  printf "%-24s %11.2f ms %11.2f ms %8.2fx  %s\n", "latency p99", dl_p99, ng_p99, pr, "<= 1.50x"
  printf "%-24s %14d %14d %9s  %s\n", "errors (non-2xx/socket)", dl_bad, ng_bad, "", "0"
  printf "%-24s %11.1f MB %14s %9s  %s\n", "RSS idle (before run)", idle_mb, "", "", "< 20 MB"
  printf "%-24s %11.1f MB %14s %9s  %s\n", "RSS after run", load_mb, "", "", "-"
  if (stripped != "")
    printf "%-24s %11.2f MB %14s %9s  %s\n", "binary size", bin / 1048576, "", "", sprintf("(%s bytes; stripped %.2f MB)", grp(bin), stripped / 1048576)
  else
    printf "%-24s %11.2f MB %14s %9s  %s\n", "binary size", bin / 1048576, "", "", sprintf("(%s bytes)", grp(bin))
  printf "%-24s %11.1f ms %14s %9s  %s\n", "start-up (best of 5)", st, "", "", "(runs: " st_all " ms)"
  print ""
  if (rr < 0.6)   printf "TARGET MISSED: datalots/nginx req/s %.2fx < 0.60x\n", rr
  if (pr > 1.5)   printf "TARGET MISSED: datalots/nginx p99 %.2fx > 1.50x\n", pr
  if (idle_mb >= 20) printf "TARGET MISSED: datalots idle RSS %.1f MB >= 20 MB\n", idle_mb
  if (dl_bad > 0) printf "WARNING: datalots had %d non-2xx responses or socket errors under load\n", dl_bad
  if (ng_bad > 0) printf "WARNING: nginx had %d non-2xx responses or socket errors under load\n", ng_bad
  printf "http: datalots %.2fx nginx req/s, p99 %.2fx\n", rr, pr
}'
