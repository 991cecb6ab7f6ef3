#!/usr/bin/env bash
# t_conn_limit.sh — --max-connections-per-address: idle connections from one
# address past the limit are closed at accept, unanswered, and counted in
# /metrics; a client from another address is still served; the address is
# served again once its connections close (by the client, or by the
# server's idle timeout); a --trusted-proxy address is not limited. Only
# loopback addresses (127.0.0.1 and 127.0.0.2, both on lo), a bounded
# number of connections, each phase bounded in time.
. "$(dirname "$0")/lib.sh"

# hold SRC N — N idle connections from source address SRC, kept open until
# the holder is killed (at most 60 s); waits until the server has accepted or
# refused them all. Sets HOLD_PID and HELD (how many the server kept open:
# a refused one reads end-of-file at once).
hold() {
    local out=$T/hold.$RANDOM
    perl -MIO::Socket::INET -MIO::Select -e '
        my ($src, $port, $n) = @ARGV;
        $| = 1;
        my @s;
        for (1 .. $n) {
            push @s, IO::Socket::INET->new(PeerAddr => "127.0.0.1", PeerPort => $port, LocalAddr => $src,
                                           Proto => "tcp", Timeout => 5) or die "connect: $!\n";
        }
        select(undef, undef, undef, 0.5);
        my %closed = map { $_ => 1 } IO::Select->new(@s)->can_read(0);
        print scalar(grep { !$closed{$_} } @s), "\n";
        sleep 60;' "$1" "$PORT" "$2" >"$out" 2>&1 &
    HOLD_PID=$!
    for _ in $(seq 1 100); do [ -s "$out" ] && break; sleep 0.05; done
    HELD=$(head -1 "$out")
}
unhold() { kill "$HOLD_PID" 2>/dev/null; wait "$HOLD_PID" 2>/dev/null; }
# from SRC PATH — one GET from source address SRC; prints the status (000:
# no answer).
from() { curl -s --max-time 10 --interface "$1" -o "$BODY" -w '%{http_code}' "$BASE$2"; }
# served_again SRC — waits (at most 5 s) until SRC gets 200 from /healthz.
served_again() {
    local s
    for _ in $(seq 1 50); do
        s=$(from "$1" /healthz)
        [ "$s" = 200 ] && break
        sleep 0.1
    done
    echo "$s"
}
refused_metric() {
    curl -s --max-time 10 --interface 127.0.0.2 "$BASE/metrics" |
        sed -n 's/^datalots_http_connections_refused_total \([0-9][0-9]*\)$/\1/p'
}

LIMIT=8
start_server --max-connections-per-address "$LIMIT" || finish
if [ "$(from 127.0.0.2 /healthz)" != 200 ]; then
    not_ok "a client bound to 127.0.0.2 reaches the server" "127.0.0.2 is not usable on this host's loopback"
    finish
fi
expect_eq 0 "$(refused_metric)" "/metrics has datalots_http_connections_refused_total, 0 at start"

hold 127.0.0.1 $((LIMIT + 2))
expect_eq "$LIMIT" "$HELD" "of $((LIMIT + 2)) idle connections from 127.0.0.1, the server keeps $LIMIT open"
expect_eq 000 "$(from 127.0.0.1 /healthz)" "one more connection from 127.0.0.1 is closed unanswered"
expect_eq 200 "$(from 127.0.0.2 /healthz)" "a client from 127.0.0.2 is still served meanwhile"
expect_eq 3 "$(refused_metric)" "/metrics counts the 3 refused connections"
unhold
expect_eq 200 "$(served_again 127.0.0.1)" "once its idle connections close, 127.0.0.1 is served again"
hold 127.0.0.1 "$LIMIT"
expect_eq "$LIMIT" "$HELD" "… and may hold $LIMIT open again: every closed connection was given back"
unhold
check "the server answers after it all" healthy
stop_server

# --- connections the server closes itself (idle timeout) are given back ---
start_server --max-connections-per-address 4 --request-timeout 1 || finish
hold 127.0.0.1 4
expect_eq 4 "$HELD" "4 idle connections from 127.0.0.1 with a limit of 4"
expect_eq 000 "$(from 127.0.0.1 /healthz)" "a fifth is refused"
sleep 2.5 # the server drops the idle ones after 1 s
expect_eq 200 "$(served_again 127.0.0.1)" "after the server timed them out, 127.0.0.1 is served again"
unhold
stop_server

# --- a trusted proxy is not limited (every client behind it shares its address) ---
start_server --max-connections-per-address 4 --trusted-proxy 127.0.0.1 || finish
hold 127.0.0.1 12
expect_eq 12 "$HELD" "the trusted proxy 127.0.0.1 may hold 12 connections with a limit of 4"
expect_eq 200 "$(from 127.0.0.1 /healthz)" "… and still gets a 13th answered"
holder1=$HOLD_PID
hold 127.0.0.2 6
expect_eq 4 "$HELD" "an address that is not a trusted proxy is still limited to 4"
unhold
HOLD_PID=$holder1
unhold
expect_eq 2 "$(refused_metric)" "/metrics counts the 2 refused"
finish
