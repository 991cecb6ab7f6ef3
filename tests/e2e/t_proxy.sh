#!/usr/bin/env bash
# t_proxy.sh — behind a reverse proxy: only a --trusted-proxy peer's
# X-Forwarded-For names the client (its rightmost entry), for the access log
# and the per-address sign-in throttle; from anyone else the header is
# ignored, so a client cannot pick its own address. An entry that is not
# an IP address stops `serve` at start (exit 2).
. "$(dirname "$0")/lib.sh"

log_has_client() { # log_has_client ADDR PATH DESC
    if grep -F "\"path\":\"$2\"" "$SRV_LOG" | grep -Fq "\"client\":\"$1\""; then ok "$3"
    else not_ok "$3" "$(grep -F "\"path\":\"$2\"" "$SRV_LOG" | tail -1)"; fi
}

# --- a --trusted-proxy entry that is not an IP address stops the start ---
for bad in localhost 10.0.0.0/8 '127.0.0.1,proxy.example'; do
    cli serve --db "sqlite:$T/never.db" --listen 127.0.0.1:0 --trusted-proxy "$bad"
    expect_eq 2 "$RC" "--trusted-proxy '$bad': exit 2 (a wrong setting)"
    expect_match 'is not an IP address' "$ERR" "--trusted-proxy '$bad': the message says what is wrong"
done
[ ! -e "$T/never.db" ] && ok "… before any store is opened" || not_ok "… before any store is opened" "never.db exists"

# --- not trusted: the header is ignored ---
start_server || finish
http GET /org - -H 'X-Forwarded-For: 10.9.8.7'
sleep 0.2
log_has_client 127.0.0.1 /org "without --trusted-proxy, X-Forwarded-For is ignored"
stop_server

# --- trusted ---
start_server --trusted-proxy 127.0.0.1 || finish
http GET /diarium - -H 'X-Forwarded-For: 10.9.8.7'
http GET /login - -H 'X-Forwarded-For: 1.2.3.4, 10.9.8.6'
http GET /healthz - -H 'X-Forwarded-For: not-an-address'
http GET /metrics - -H 'X-Forwarded-For: 2001:db8::7'
http GET /org - -H 'X-Forwarded-For: 6.6.6.6' -H 'X-Forwarded-For: 10.9.8.5'
sleep 0.2
log_has_client 10.9.8.7 /diarium "from a trusted proxy, the client is the X-Forwarded-For address"
log_has_client 10.9.8.6 /login "the rightmost entry counts (the one the proxy added), not what the client claimed"
log_has_client 127.0.0.1 /healthz "a malformed X-Forwarded-For falls back to the peer"
log_has_client 2001:db8::7 /metrics "IPv6 addresses are understood"
log_has_client 10.9.8.5 /org "of several X-Forwarded-For lines the last counts (a proxy that adds its own line), not the client's first"

# The per-address throttle is per real client behind the proxy.
sign_in_from() { # sign_in_from XFF USER PASSWORD — sets STATUS
    local j=$T/jar.$RANDOM tok
    tok=$(csrf_of /login "$j")
    http POST /login "$j" -H "X-Forwarded-For: $1" --data-urlencode "username=$2" \
        --data-urlencode "password=$3" --data-urlencode "csrf=$tok"
}
for i in $(seq 1 20); do sign_in_from 10.0.0.1 "nosuchuser$i" wrong-password; done
sign_in_from 10.0.0.1 registrator "$DEMO_PW"
expect_eq 429 "$STATUS" "after 20 failures, that client is throttled"
sign_in_from 10.0.0.2 registrator "$DEMO_PW"
expect_eq 303 "$STATUS" "another client behind the same proxy still signs in"
finish
