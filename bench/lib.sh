# bench/lib.sh — helpers shared by the benchmarks (sourced, not run): a free
# port, waiting for a server, and reading wrk's output (requests per second,
# a latency percentile in ms, the bad answers).
# shellcheck shell=bash

free_port() {
  perl -MIO::Socket::INET -e '
    my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => 0, Proto => "tcp", Listen => 1, ReuseAddr => 1)
      or die "no free port: $!\n";
    print $s->sockport, "\n";'
}

# wait_http URL SECONDS — until URL answers 200 (or give up).
wait_http() {
  local url=$1 limit=$(( $2 * 20 )) i
  for ((i = 0; i < limit; i++)); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null)" = 200 ] && return 0
    sleep 0.05
  done
  return 1
}

wrk_rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
# Percentile line of the latency distribution, converted to ms.
wrk_pct_ms() {
  awk -v p="$2" '
    $1 == p && $2 ~ /^[0-9.]+(us|ms|s|m)$/ {
      v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
      f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : 60000
      printf "%.3f\n", v * f; exit
    }' "$1"
}
wrk_bad() { # non-2xx/3xx responses + socket errors
  awk '/Non-2xx or 3xx responses:/ { n += $NF }
       /Socket errors:/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) { x = $i; sub(",", "", x); n += x } }
       END { print n + 0 }' "$1"
}

# nginx_reference_start WWW NGX_DIR — nginx with the reference configuration
# (../shared/bench/nginx-reference.conf beside the repository) serving the
# files of WWW on a free port; sets NGINX_PID and NGX (its base URL) and
# waits until it answers. WWW and its parent (the bench's temporary folder)
# are opened to nginx's workers (www-data). The caller stops NGINX_PID.
# Returns 1 when it could not start.
nginx_reference_start() {
  local www=$1 dir=$2 root conf port
  root=$(git rev-parse --show-toplevel 2>/dev/null) || return 1
  conf="$root/../shared/bench/nginx-reference.conf"
  [ -f "$conf" ] || { echo "nginx reference config not found: $conf" >&2; return 1; }
  mkdir -p "$dir"
  chmod 755 "$(dirname "$www")" "$www"; find "$www" -type f -exec chmod 644 {} +
  port=$(free_port)
  sed -e "s|@DIR@|$dir|g" -e "s|@ROOT@|$www|g" -e "s|@PORT@|$port|g" "$conf" >"$dir/nginx.conf"
  nginx -e "$dir/error.log" -c "$dir/nginx.conf" >"$dir/stdout.log" 2>&1 &
  NGINX_PID=$!
  NGX="http://127.0.0.1:$port"
  local first
  first=$(find "$www" -maxdepth 1 -type f -printf '%f\n' | head -1)
  wait_http "$NGX/$first" 10
}

# ratio_summary RESULTS TARGET LABEL — RESULTS has lines "round page
# datalots-rps datalots-p99 bad nginx-rps nginx-p99"; prints each round and,
# per page, the median ratio with its spread, and "TARGET MISSED" lines.
ratio_summary() {
  awk -v target="$2" -v label="$3" '
  { r = $3 / $6; printf "round %d %-10s datalots %8.0f req/s p99 %6.2f ms | nginx %8.0f req/s p99 %6.2f ms | ratio %.2fx%s\n", $1, $2, $3, $4, $6, $7, r, ($5 > 0 ? "  (errors: " $5 ")" : "")
    n[$2]++; v[$2, n[$2]] = r; if (!($2 in seen)) { seen[$2] = 1; order[++np] = $2 } }
  END {
    printf "\n"
    for (k = 1; k <= np; k++) {
      p = order[k]; m = n[p]
      for (x = 1; x <= m; x++) a[x] = v[p, x]
      for (x = 2; x <= m; x++) for (y = x; y > 1 && a[y-1] > a[y]; y--) { t = a[y]; a[y] = a[y-1]; a[y-1] = t }
      med = (m % 2) ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
      printf "%s %-10s %.2fx nginx (%.2f-%.2f over %d rounds)   target >= %.1fx\n", label, p, med, a[1], a[m], m, target
      if (med < target) missed = missed sprintf("TARGET MISSED: %s %s %.2fx < %.1fx nginx\n", label, p, med, target)
    }
    printf "%s", missed
  }' "$1"
}

# wrk_bench_start NAME — what every wrk-against-nginx bench starts with:
# the tools checked; DURATION and ROUNDS from BENCH_DURATION (default 10s)
# and BENCH_ROUNDS (3); the release build made (BIN); a temporary folder
# TMP, removed at exit with the processes DL_PID and NGINX_PID stopped
# (wrk_bench_cleanup); and OUT=bench/out/NAME for wrk's outputs. The caller
# defines die() and ROOT_DIR and runs in the repository.
wrk_bench_start() {
  local tool out
  for tool in nginx wrk curl perl make; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed (Debian: nginx-light, wrk, curl, perl, make)"
  done
  DURATION=${BENCH_DURATION:-10s}
  ROUNDS=${BENCH_ROUNDS:-3}
  [[ $DURATION =~ ^[0-9]+$ ]] && DURATION="${DURATION}s"
  [[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "BENCH_ROUNDS must be a positive number"
  out=$(make --no-print-directory datalots 2>&1) || { echo "$out" >&2; die "make datalots failed"; }
  BIN="$ROOT_DIR/datalots"
  TMP=$(mktemp -d "${TMPDIR:-/tmp}/datalots-bench-$1.XXXXXX")
  DL_PID= NGINX_PID=
  trap wrk_bench_cleanup EXIT
  OUT="$ROOT_DIR/bench/out/$1"
  mkdir -p "$OUT"
}

wrk_bench_cleanup() {
  local rc=$? pid
  for pid in $DL_PID $NGINX_PID; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in $DL_PID $NGINX_PID; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$TMP"
  exit "$rc"
}

# A new demo store at DB (a --db argument), with datalots init --demo, the
# log in $TMP/init.log; dies when init fails.
bench_init_store() {
  "$BIN" init --db "$1" --demo >"$TMP/init.log" 2>&1 || { cat "$TMP/init.log" >&2; die "datalots init failed"; }
}

# Starts datalots serve on DB (a --db argument) at a free loopback port with
# two workers unless more arguments say otherwise, the log in
# $TMP/datalots.log; sets DL_PID and BASE and waits for /healthz, or dies.
bench_serve() {
  local db=$1 port
  shift
  port=$(free_port)
  "$BIN" serve --db "$db" --listen "127.0.0.1:$port" --access-log off --workers 2 \
    --max-connections-per-address 256 "$@" >"$TMP/datalots.log" 2>&1 &
  DL_PID=$!
  BASE="http://127.0.0.1:$port"
  wait_http "$BASE/healthz" 10 || { cat "$TMP/datalots.log" >&2; die "datalots did not start"; }
}

# Signs in at BASE as USER (the demo password) and prints the session as
# one Cookie header's value, for wrk and curl; dies when the sign-in fails.
bench_sign_in() {
  local jar="$TMP/jar-$1" csrf code cookie
  csrf=$(curl -s -b "$jar" -c "$jar" "$BASE/login" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 \
    | grep -o '[0-9a-f]\{8,\}') || die "no CSRF token on /login"
  code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" "$BASE/login" --data-urlencode "username=$1" \
    --data-urlencode "password=demo-Regionhalsan-2026" --data-urlencode "csrf=$csrf")
  [ "$code" = 303 ] || [ "$code" = 302 ] || die "sign-in as $1 answered $code"
  cookie=$(awk -F'\t' 'NF >= 7 && ($1 !~ /^#/ || $1 ~ /^#HttpOnly_/) { printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$jar")
  [ -n "$cookie" ] || die "no session cookie after signing in as $1"
  printf '%s\n' "$cookie"
}
