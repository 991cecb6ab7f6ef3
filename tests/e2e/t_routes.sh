#!/usr/bin/env bash
# t_routes.sh — the route sweep: every route `datalots routes` lists (so a
# route added later is swept too) × every method it takes × four session
# states: none, valid, expired, forged. No answer may be a server error or
# a dropped connection, and the server must stay up — the /language crash
# (a session loaded with no store connection) was one such route × state.
# Each state also gets the answer it should: a stranger is sent to sign in,
# an expired or forged cookie is cleared and treated as a stranger, a POST
# without its CSRF token is refused.
. "$(dirname "$0")/lib.sh"

# An address for the catalogue's IRIs (docs/catalog-rdf.md); http, so the
# cookies stay usable over plain HTTP.
start_server --public-url http://datalots.example.se || finish

routes_out=$("$DL" routes)
n_routes=$(printf '%s\n' "$routes_out" | grep -c .)
if [ "$n_routes" -ge 20 ]; then ok "datalots routes lists $n_routes routes"; else not_ok "datalots routes lists the table" "$routes_out"; fi

# A valid session (admin), an expired one (registrator, aged in the store)
# and a forged one (64 hex characters the store never issued).
VJ=$(jar admin)
login admin
expect_status 303 "admin signs in"
login registrator
expired=$(cookie_value "$(jar registrator)" dl_session)
rid=$(q "SELECT id FROM users WHERE username = 'registrator'")
q "UPDATE sessions SET created_at = created_at - 2000000, last_seen_at = last_seen_at - 2000000 WHERE user_id = $rid"
forged=$(printf '%064d' 0 | tr 0 a)
forged=${forged:0:60}beef

# send STATE METHOD PATH — one request in a session state; sets STATUS.
send() {
    local state=$1 method=$2 path=$3 args=()
    [ "$method" = POST ] && args=(-H 'Content-Type: application/x-www-form-urlencoded' --data-binary 'x=1')
    case $state in
        none) http "$method" "$path" - "${args[@]}" ;;
        valid) http "$method" "$path" "$VJ" "${args[@]}" ;;
        expired) http "$method" "$path" - -H "Cookie: dl_session=$expired" "${args[@]}" ;;
        forged) http "$method" "$path" - -H "Cookie: dl_session=$forged" "${args[@]}" ;;
    esac
}

bad=0
checked=0
while IFS=$'\t' read -r methods pattern action flags query; do
    [ -n "$pattern" ] || continue
    path=$(printf '%s' "$pattern" | sed -e 's/{file}/style.css/g' -e 's/{[a-z]*}/1/g')
    for method in ${methods//,/ }; do
        [ "$method" = HEAD ] && continue
        for state in none valid expired forged; do
            send "$state" "$method" "$path"
            checked=$((checked + 1))
            want=
            if [ "$method" = POST ]; then
                want='403|401|413|415' # no CSRF token: never reaches the handler
            elif [[ $flags == *public* ]]; then
                want='200|303|304|400|404'
            elif [ "$state" = valid ]; then
                want='200|303|400|403|404'
            else
                case $flags in *json*) want=401 ;; *) want=303 ;; esac
            fi
            if ! [[ $STATUS =~ ^($want)$ ]]; then
                bad=$((bad + 1))
                not_ok "$method $path ($state session) answers $want" "got $STATUS: $(excerpt 200)"
                healthy || { not_ok "the server is still up after $method $path ($state)"; finish; }
                continue
            fi
            if [ "$state" = expired ] || [ "$state" = forged ]; then
                case $flags in
                    *no-session*)
                        if grep -qi '^Set-Cookie: dl_session=' "$HDRS"; then
                            bad=$((bad + 1)); not_ok "$method $path ($state) leaves the session cookie alone"
                        fi ;;
                    *)
                        if ! grep -qi '^Set-Cookie: dl_session=;' "$HDRS"; then
                            bad=$((bad + 1)); not_ok "$method $path ($state) clears the dead session cookie" "$(cat "$HDRS")"
                        fi ;;
                esac
            fi
            if [ "$STATUS" = 303 ] && [ "$state" != valid ] && [[ $flags != *public* ]]; then
                case $(hdr Location) in
                    /login\?next=*) ;;
                    *) bad=$((bad + 1)); not_ok "$method $path ($state) sends a stranger to sign in" "Location: $(hdr Location)" ;;
                esac
            fi
        done
    done
    healthy || { not_ok "the server is still up after $pattern"; finish; }
done <<<"$routes_out"
if [ "$bad" -eq 0 ]; then ok "all $checked route × method × session-state requests answered as they should"; fi

# The request that killed the server: the language link with any session cookie.
for state in none valid expired forged; do
    send "$state" GET "/language?lang=en&next=/diarium"
    expect_status 303 "/language with a $state session cookie switches language"
    expect_header Location '^/diarium' "... and returns to the page ($state)"
done
check "the server is still up" healthy

# The valid session survived the sweep (no route signed it out by GET).
http GET /account/password "$VJ"
expect_status 200 "the valid session is still signed in after the sweep"

finish
