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
