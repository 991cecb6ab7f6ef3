#!/usr/bin/env bash
# t_http.sh — the HTTP server: security headers, HSTS, error statuses
# (400/404/405/413/414/415), the Host header (RFC 9112 §3.2), oversized
# headers, keep-alive, /healthz, /metrics, the access log, static files,
# languages, graceful shutdown.
. "$(dirname "$0")/lib.sh"

start_server --max-body 4096 || finish
MAIN_PID=$SRV_PID
MAIN_BASE=$BASE

# --- security headers ---
http GET / -
expect_status 200 "GET / answers 200"
expect_header Content-Type '^text/html; charset=utf-8' "pages are text/html; charset=utf-8"
csp=$(hdr Content-Security-Policy)
expect_match "default-src 'none'" "$csp" "CSP has default-src 'none'"
expect_match "frame-ancestors 'none'" "$csp" "CSP has frame-ancestors 'none'"
if printf '%s' "$csp" | grep -q "unsafe-inline\|unsafe-eval"; then
    not_ok "CSP has no 'unsafe-inline'/'unsafe-eval'" "$csp"
else
    ok "CSP has no 'unsafe-inline'/'unsafe-eval'"
fi
expect_header X-Content-Type-Options '^nosniff$' "X-Content-Type-Options: nosniff"
expect_header Referrer-Policy '^(same-origin|no-referrer|strict-origin|strict-origin-when-cross-origin)$' "Referrer-Policy is set"
expect_header X-Frame-Options '^DENY$' "X-Frame-Options: DENY"
expect_no_header Strict-Transport-Security "no HSTS without an https public URL"
expect_header Cache-Control '^(no-store|private, no-cache)$' "pages are never stored (no-store) or used without asking again (private, no-cache)"
expect_body_has '<html lang="sv">' "Swedish by default: <html lang=\"sv\">"
expect_header Content-Language '^sv$' "Swedish by default: Content-Language: sv"
http GET /login -
expect_header Set-Cookie '^dl_csrf=[0-9a-f]{64};.*HttpOnly' "the sign-in page sets an HttpOnly anonymous CSRF cookie"
expect_header Set-Cookie 'SameSite=(Lax|Strict)' "the anonymous CSRF cookie has SameSite"
if hdr Set-Cookie | grep -qi 'secure'; then not_ok "no Secure cookie without https" "$(hdr Set-Cookie)"; else ok "no Secure cookie without https"; fi

http GET /no/such/page -
expect_status 404 "unknown path is 404"
expect_header Content-Security-Policy "frame-ancestors 'none'" "error pages carry the CSP too"
expect_header X-Content-Type-Options nosniff "error pages carry nosniff too"
expect_body_has 'Sidan finns inte' "404 page says 'Sidan finns inte'"
http GET /no/such/page - -H 'Accept: application/json'
expect_status 404 "unknown path with Accept: application/json is 404"
expect_eq 404 "$(jq -r .error.status "$BODY" 2>/dev/null)" "the 404 is JSON for Accept: application/json"
http GET /api/v1/nope -
expect_status 404 "unknown /api/v1/nope is 404"
http GET /api/v1/nope - -H 'Accept: application/json'
expect_match '^application/json' "$(hdr Content-Type)" "unknown /api/v1/nope is JSON for Accept: application/json"

http HEAD / -
expect_status 200 "HEAD / answers 200"

# --- 405 with Allow ---
http DELETE / -
expect_status 405 "DELETE / is 405"
expect_header Allow 'GET' "405 on / carries Allow with GET"
if hdr Allow | grep -q DELETE; then not_ok "Allow of / does not list DELETE" "$(hdr Allow)"; else ok "Allow of / does not list DELETE"; fi
http PUT /login -
expect_status 405 "PUT /login is 405"
expect_header Allow 'GET.*POST|POST.*GET' "Allow of /login lists GET and POST"
http PATCH /diarium -
expect_status 405 "PATCH /diarium is 405"
http POST /healthz -
expect_status 405 "POST /healthz is 405"

# --- the error contract (docs/api.md, "Errors"): JSON errors carry the stable code and name ---
http DELETE /api/v1/diarium - -H 'Accept: application/json'
expect_status 405 "DELETE /api/v1/diarium is 405"
expect_match '^\{"error":\{"status":405,"code":18,"name":"method_not_allowed","message":"[^"]+"\}\}$' "$(cat "$BODY")" "… code 18 method_not_allowed"
http GET /api/v1/nothing-here - -H 'Accept: application/json'
expect_status 404 "an unknown API path is 404"
expect_match '"status":404,"code":3,"name":"not_found"' "$(cat "$BODY")" "… code 3 not_found"
http GET '/api/v1/diarium?limit=abc' - -H 'Accept: application/json'
expect_status 400 "a malformed query on the API is 400"
expect_match '"status":400,"code":16,"name":"bad_request"' "$(cat "$BODY")" "… code 16 bad_request"
http POST /api/v1/obstacles - -H 'Content-Type: text/plain' --data-raw 'x'
expect_status 415 "a text/plain body to a JSON route is 415"
expect_match '"status":415,"code":19,"name":"unsupported_media_type"' "$(cat "$BODY")" "… code 19 unsupported_media_type"
http POST /api/v1/obstacles - -H 'Content-Type: application/json' --data-raw '{"category":"no-such-category"}'
expect_status 422 "an obstacle with bad fields is 422"
expect_match '"status":422,"code":2,"name":"invalid","message":"[^"]+","field":"[a-z_]+"' "$(cat "$BODY")" "… code 2 invalid, naming the field"
# a sentence formatted with numbers (dl_fail) comes in the request's language too
http POST /api/v1/obstacles - -H 'Content-Type: application/json' -H 'Accept-Language: en' --data-raw '{"what": "x",'
expect_status 400 "malformed JSON is 400"
expect_match '"message":"The body is not valid JSON \(line 1, character [0-9]+\): send a JSON object\."' "$(cat "$BODY")" "… in English with its line and character"
http POST /api/v1/obstacles - -H 'Content-Type: application/json' -H 'Accept-Language: sv' --data-raw '{"what": "x",'
expect_match '"message":"Kroppen är inte giltig JSON \(rad 1, tecken [0-9]+\)' "$(cat "$BODY")" "… and in Swedish"

# --- 400: malformed percent-encoding in the path ---
for p in '/%zz' '/%C0%AF' '/%' '/%4' '/diarium/%FF' '/%00' '/static/%E2%82'; do
    http GET "$p" -
    expect_status 400 "GET $p is 400"
done
check "the server answers after bad paths" healthy

# --- 400: Host (RFC 9112 §3.2): required in HTTP/1.1, once, a valid value ---
printf 'GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n' >"$T/req"
raw "$T/req"
expect_eq 400 "$RAW_STATUS" "HTTP/1.1 without Host is 400"
expect_match 'Host' "$(cat "$T/raw")" "the 400 for a missing Host names the Host header"
expect_match 'Content-Security-Policy' "$(cat "$T/raw")" "the 400 for a missing Host carries the security headers"
printf 'GET /org HTTP/1.1\r\nAccept: application/json\r\nConnection: close\r\n\r\n' >"$T/req"
raw "$T/req"
expect_eq 400 "$RAW_STATUS" "HTTP/1.1 without Host, Accept: application/json: 400"
expect_match '"error":\{"status":400,"code":16,"name":"bad_request","message":"' "$(cat "$T/raw")" "… with a JSON error body: code 16 bad_request"
printf 'GET /healthz HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\nConnection: close\r\n\r\n' >"$T/req"
raw "$T/req"
expect_eq 400 "$RAW_STATUS" "two Host headers are 400"
printf 'GET /healthz HTTP/1.1\r\nHost: a.example\r\nhost: a.example\r\nConnection: close\r\n\r\n' >"$T/req"
raw "$T/req"
expect_eq 400 "$RAW_STATUS" "two Host headers differing in case are 400"
for h in 'a b.example' 'a.example/x' 'user@a.example' $'a\x01b'; do
    printf 'GET /healthz HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$h" >"$T/req"
    raw "$T/req"
    expect_eq 400 "$RAW_STATUS" "Host '${h//[^[:print:]]/?}' (not a host[:port]) is 400"
done
printf 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$PORT" >"$T/req"
raw "$T/req"
expect_eq 200 "$RAW_STATUS" "HTTP/1.1 with one Host host:port is 200"
printf 'GET /healthz HTTP/1.1\r\nHost: [::1]:8080\r\nConnection: close\r\n\r\n' >"$T/req"
raw "$T/req"
expect_eq 200 "$RAW_STATUS" "Host with an IPv6 literal is 200"
printf 'GET /healthz HTTP/1.0\r\n\r\n' >"$T/req"
raw "$T/req"
expect_eq 200 "$RAW_STATUS" "HTTP/1.0 without Host is 200 (Host is optional there)"
printf 'GET /healthz HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n' >"$T/req"
raw "$T/req"
expect_eq 400 "$RAW_STATUS" "HTTP/1.0 with two Host headers is 400"
printf 'POST /login HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10\r\nConnection: close\r\n\r\nusername=a' >"$T/req"
raw "$T/req"
expect_eq 400 "$RAW_STATUS" "a POST without Host is 400 (before its body is looked at)"
check "the server answers after the Host checks" healthy

# --- 414: a path longer than 2048 bytes ---
long=/$(head -c 3000 /dev/zero | tr '\0' a)
http GET "$long" -
expect_status 414 "a 3000-byte path is 414"
http GET "$long" - -H 'Accept: application/json'
expect_match '"status":414,"code":22,"name":"uri_too_long"' "$(cat "$BODY")" "… as JSON: code 22 uri_too_long"

# --- 413: bodies over --max-body 4096 ---
tok=$(csrf_of /login "$(jar anon)")
big=$(head -c 5000 /dev/zero | tr '\0' a)
http POST /login "$(jar anon)" --data-raw "username=$big&password=x&csrf=$tok"
expect_status 413 "a 5000-byte body with --max-body 4096 is 413"
http POST /login "$(jar anon)" --data-raw "username=$(head -c 3000 /dev/zero | tr '\0' a)&password=x&csrf=$tok"
expect_status '4[0-9][0-9]' "a 3000-byte body under --max-body is read (a 4xx from validation, not 413)"
expect_ne 413 "$STATUS" "a 3000-byte body under --max-body is not 413"
printf 'POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 99999999999\r\nConnection: close\r\n\r\nusername=a' >"$T/req"
raw "$T/req"
expect_eq 413 "$RAW_STATUS" "a huge Content-Length with a tiny body is 413"
printf 'POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: -5\r\nConnection: close\r\n\r\n' >"$T/req"
raw "$T/req"
expect_match '^4[0-9][0-9]$' "$RAW_STATUS" "a negative Content-Length is a 4xx"
printf 'POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n1388\r\n%s\r\n0\r\n\r\n' "$big" >"$T/req"
raw "$T/req"
expect_eq 413 "$RAW_STATUS" "a 5000-byte chunked body is 413"
check "the server answers after oversized bodies" healthy

# --- oversized header ---
head -c 100000 /dev/zero | tr '\0' b >"$T/bighdr"
STATUS=$(curl -s --max-time 20 -o /dev/null -w '%{http_code}' -H "X-Big: $(cat "$T/bighdr")" "$BASE/")
if [[ $STATUS =~ ^4[0-9][0-9]$ ]]; then ok "a 100 kB header is a 4xx ($STATUS)"; else not_ok "a 100 kB header is a 4xx" "got $STATUS"; fi
STATUS=$(curl -s --max-time 20 -o /dev/null -w '%{http_code}' -H "Cookie: dl_session=$(head -c 60000 "$T/bighdr")" "$BASE/")
if [[ $STATUS =~ ^(200|4[0-9][0-9])$ ]]; then ok "a 60 kB Cookie header is handled ($STATUS)"; else not_ok "a 60 kB Cookie header is handled" "got $STATUS"; fi
check "the server keeps serving after oversized headers" healthy
check "the server process is still running" kill -0 "$MAIN_PID"

# --- 415 ---
http POST /login "$(jar anon)" -H 'Content-Type: text/plain' --data-raw "username=a&password=b&csrf=$tok"
expect_status 415 "POST with Content-Type text/plain is 415"
http POST /login "$(jar anon)" -H 'Content-Type: application/json' --data-raw '{"username":"a"}'
expect_status 415 "POST with Content-Type application/json to a form is 415"

# --- invalid UTF-8 in form fields: 400 and nothing written ---
login registrator
expect_status 303 "registrator signs in"
RJ=$(jar registrator)
before=$(q 'SELECT COUNT(*) FROM diary_entry')
post_raw /diarium "$RJ" 'org=1&doc_date=2026-03-01&direction=in&counterpart=Avs%C3%A4ndare&subject=Bad%FFbyte'
expect_status 400 "invalid UTF-8 (%FF) in a form field is 400"
post_raw /diarium "$RJ" 'org=1&doc_date=2026-03-01&direction=in&counterpart=%C0%AFx&subject=ok'
expect_status 400 "an overlong UTF-8 sequence (%C0%AF) in a form field is 400"
post_raw /diarium "$RJ" 'org=1&doc_date=2026-03-01&direction=in&counterpart=x%00y&subject=ok'
expect_status 400 "NUL (%00) in a form field is 400"
post_raw /diarium "$RJ" 'org=1&doc_date=2026-03-01&direction=in&counterpart=x%zzy&subject=ok'
expect_status 400 "a bad %-escape in a form field is 400"
post_raw /diarium "$RJ" 'org=1&doc_date=2026-03-01&direction=in&counterpart=x&subject=ok&subject=twice'
expect_status 400 "a repeated form field is 400"
expect_eq "$before" "$(q 'SELECT COUNT(*) FROM diary_entry')" "no diary entry written by the bad forms"

# --- keep-alive ---
curl -sv -o /dev/null -o /dev/null "$BASE/healthz" "$BASE/static/style.css" 2>"$T/kv.err"
if grep -Eqi 're-?using existing (http: )?connection' "$T/kv.err"; then ok "keep-alive: curl re-uses the connection"; else not_ok "keep-alive: curl re-uses the connection" "$(grep -i connect "$T/kv.err" | head -5)"; fi
if grep -qi '^< Connection: close' "$T/kv.err"; then not_ok "keep-alive: no Connection: close" "$(grep -i '^< Connection' "$T/kv.err")"; else ok "keep-alive: no Connection: close"; fi
tok=$(csrf_of /login "$(jar ka)")
curl -sv -o /dev/null -o /dev/null -b "$(jar ka)" -d "username=nobody&password=x&csrf=$tok" "$BASE/login" --next -o /dev/null -b "$(jar ka)" "$BASE/healthz" 2>"$T/kv2.err"
if grep -Eqi 're-?using existing (http: )?connection' "$T/kv2.err"; then ok "keep-alive after a POST with a body"; else not_ok "keep-alive after a POST with a body" "$(grep -i connect "$T/kv2.err" | head -5)"; fi

# --- /healthz ---
http GET /healthz -
expect_status 200 "/healthz is 200"
expect_header Content-Type '^application/json' "/healthz is JSON"
expect_eq ok "$(jq -r .status "$BODY" 2>/dev/null)" "/healthz says status ok"
# (503 when the store is broken: at the end of this file.)

# --- /metrics ---
for _ in 1 2 3; do curl -s -o /dev/null "$BASE/healthz"; done
curl -s -o /dev/null "$BASE/no/such/page"
http GET /metrics -
expect_status 200 "/metrics is 200"
expect_header Content-Type '^text/plain' "/metrics is text/plain"
m=$(cat "$BODY")
expect_match '^datalots_http_requests_total\{route="/healthz",status="200"\} [0-9]+$' "$m" "/metrics counts /healthz 200 with route and status labels"
expect_match '^datalots_http_requests_total\{route="[^"]*",status="404"\} [0-9]+$' "$m" "/metrics counts the 404"
expect_match '^datalots_http_requests_total\{route="/diarium",status="400"\} [0-9]+$' "$m" "/metrics counts POST /diarium 400 under its route"
expect_match '^datalots_http_request_duration_seconds_bucket\{le="0\.005"\} [0-9]+$' "$m" "/metrics has histogram buckets"
expect_match '^datalots_http_request_duration_seconds_bucket\{le="\+Inf"\} [0-9]+$' "$m" "/metrics has the +Inf bucket"
expect_match '^datalots_http_request_duration_seconds_count [0-9]+$' "$m" "/metrics has the histogram count"
expect_match '^datalots_http_request_duration_seconds_sum [0-9.]+$' "$m" "/metrics has the histogram sum"
expect_match '^datalots_db_errors_total [0-9]+$' "$m" "/metrics has datalots_db_errors_total"
expect_match '^# TYPE datalots_http_requests_total counter$' "$m" "/metrics declares the counter type"
n1=$(sed -n 's/^datalots_http_requests_total{route="\/healthz",status="200"} //p' "$BODY")
for _ in 1 2 3 4 5; do curl -s -o /dev/null "$BASE/healthz"; done
http GET /metrics -
n2=$(sed -n 's/^datalots_http_requests_total{route="\/healthz",status="200"} //p' "$BODY")
expect_eq $((n1 + 5)) "$n2" "/metrics counts five more /healthz requests"
inf=$(sed -n 's/^datalots_http_request_duration_seconds_bucket{le="+Inf"} //p' "$BODY")
cnt=$(sed -n 's/^datalots_http_request_duration_seconds_count //p' "$BODY")
expect_eq "$inf" "$cnt" "the +Inf bucket equals the count"
mono=$(sed -n 's/^datalots_http_request_duration_seconds_bucket{le="[^"]*"} //p' "$BODY" | awk 'NR > 1 && $1 < prev { bad = 1 } { prev = $1 } END { print bad ? "no" : "yes" }')
expect_eq yes "$mono" "histogram buckets are cumulative"

# --- static files ---
http GET /static/style.css -
expect_status 200 "/static/style.css is 200"
expect_header Content-Type '^text/css' "/static/style.css is text/css"
etag=$(hdr ETag)
expect_match '^"[^"]+"$' "$etag" "/static/style.css has a quoted ETag"
http GET /static/style.css - -H "If-None-Match: $etag"
expect_status 304 "If-None-Match with the ETag gives 304"
expect_eq 0 "$(wc -c <"$BODY")" "the 304 has no body"
http GET /static/style.css - -H 'If-None-Match: "something-else"'
expect_status 200 "If-None-Match with another ETag gives 200"
http GET /static/nope.css -
expect_status 404 "a missing static file is 404"
http GET /static/../../etc/passwd -
expect_status '400|404' "/static/../../etc/passwd is refused"
expect_body_lacks 'root:' "/static/../../etc/passwd does not leak"
http GET /static/%2e%2e%2f%2e%2e%2fetc%2fpasswd -
expect_status '400|404' "/static/%2e%2e%2f… is refused"
expect_body_lacks 'root:' "/static/%2e%2e%2f… does not leak"

# --- languages ---
http GET /login - -H 'Accept-Language: en'
expect_body_has '<html lang="en">' "Accept-Language: en gives <html lang=\"en\">"
expect_header Content-Language '^en$' "Accept-Language: en gives Content-Language: en"
if [ -s "$E2E_ROOT/locale/en/LC_MESSAGES/datalots.mo" ]; then
    expect_body_has 'Sign in' "Accept-Language: en shows English text ('Sign in')"
    expect_body_lacks 'Logga in' "Accept-Language: en shows no Swedish 'Logga in'"
fi
if [ -s "$E2E_ROOT/locale/en/LC_MESSAGES/datalots.mo" ]; then
    http GET /no/such/page - -H 'Accept-Language: en'
    expect_body_has 'The page does not exist.' "the 404 page is in English for Accept-Language: en"
    EJ=$(jar english)
    tok=$(csrf_of /login "$EJ")
    http POST /login "$EJ" -H 'Accept-Language: en' --data-urlencode username=registrator --data-urlencode password=wrong-password-en --data-urlencode "csrf=$tok"
    expect_status 401 "English: wrong password is 401"
    expect_body_has 'Incorrect username or password.' "English: the sign-in error is translated"
    login_jar "$EJ" registrator
    http POST /diarium "$EJ" -H 'Accept-Language: en' --data-urlencode org=1 --data-urlencode doc_date=2025-02-30 \
        --data-urlencode direction=in --data-urlencode counterpart=x --data-urlencode subject=y --data-urlencode "csrf=$(csrf_of /org "$EJ")"
    expect_status 422 "English: an invalid date is 422"
    expect_body_has 'must be a valid date (YYYY-MM-DD)' "English: the field error is translated"
    expect_body_lacks 'giltigt datum' "English: no Swedish field error"
fi
http GET /login - -H 'Accept-Language: sv;q=0.2, en;q=0.9'
expect_header Content-Language '^en$' "Accept-Language q-values are honoured"
http GET /login - -H 'Accept-Language: de-DE, fr;q=0.8'
expect_header Content-Language '^sv$' "an unsupported language falls back to Swedish"
http GET /login - -H 'Accept-Language: en-GB'
expect_header Content-Language '^en$' "en-GB picks English"
LJ=$(jar lang)
http GET '/language?lang=en&next=/diarium' "$LJ"
expect_status 303 "GET /language?lang=en answers 303"
expect_header Location '^/diarium$' "GET /language goes back to next"
expect_header Set-Cookie '^lang=en' "GET /language sets the lang cookie"
http GET /diarium "$LJ"
expect_body_has '<html lang="en">' "the lang cookie gives English"
expect_header Content-Language '^en$' "the lang cookie gives Content-Language: en"
http GET /diarium "$LJ" -H 'Accept-Language: sv'
expect_header Content-Language '^en$' "the lang cookie wins over Accept-Language"
http GET '/language?lang=sv' "$LJ"
expect_header Location '^/$' "GET /language without next goes to /"
http GET /diarium "$LJ"
expect_header Content-Language '^sv$' "GET /language?lang=sv switches back"
http GET '/language?lang=de' "$LJ"
expect_status '400|422' "GET /language?lang=de is refused"
http GET '/language?lang=en&next=//evil.example/' "$LJ"
expect_header Location '^/$' "GET /language never redirects off-site (next=//evil.example/)"
http GET '/language?lang=en&next=https://evil.example/' "$LJ"
expect_header Location '^/$' "GET /language never redirects off-site (next=https://…)"
http GET '/language?lang=en&next=/%0d%0aSet-Cookie:%20x=1' "$LJ"
if grep -qi '^Set-Cookie: x=1' "$HDRS"; then not_ok "GET /language: no header injection through next" "$(tr -d '\r' <"$HDRS")"; else ok "GET /language: no header injection through next"; fi
http GET /language "$LJ"
expect_status '400' "GET /language without lang is 400"

# --- the access log ---
login admin
expect_status 303 "admin signs in"
AJ=$(jar admin)
sess=$(cookie_value "$AJ" dl_session)
atok=$(csrf_of /org "$AJ")
post /account/password "$AJ" current=wrong-password-123 new=ett-nytt-losenord-42 confirm=ett-nytt-losenord-42
expect_status 422 "a wrong current password is 422 (for the log test)"
curl -s -o /dev/null "$BASE/diarium?page=1&token=querysecret"
sleep 0.3
lines=$(wc -l <"$SRV_LOG")
bad=$(jq -c 'select((.method|type) != "string" or (.path|type) != "string" or (.status|type) != "number")' "$SRV_LOG" 2>&1 | head -3)
if [ "$lines" -gt 20 ] && [ -z "$bad" ]; then ok "access log: $lines JSON lines with method, path, status"; else not_ok "access log: JSON lines with method, path, status" "lines=$lines bad=$bad"; fi
expect_match '"method":"POST","path":"/login".*"status":303' "$(cat "$SRV_LOG")" "access log has the sign-in POST with its status"
expect_match '"path":"/diarium"' "$(grep '"path":"/diarium"' "$SRV_LOG")" "access log has GET /diarium"
for secret in "$DEMO_PW" "$sess" "$atok" wrong-password-123 ett-nytt-losenord-42 querysecret; do
    if [ -n "$secret" ] && grep -qF -- "$secret" "$SRV_LOG"; then
        not_ok "access log never holds a secret (${secret:0:8}…)" "$(grep -F -- "$secret" "$SRV_LOG" | head -1)"
    else
        ok "access log never holds a secret (${secret:0:8}…)"
    fi
done
n_before=$(wc -l <"$SRV_LOG")
curl -s -o /dev/null "$BASE/healthz"; curl -s -o /dev/null "$BASE/org"; curl -s -o /dev/null -X DELETE "$BASE/"
sleep 0.3
expect_eq $((n_before + 3)) "$(wc -l <"$SRV_LOG")" "access log: one line per request"
expect_match '"method":"DELETE","path":"/".*"status":405' "$(tail -1 "$SRV_LOG")" "access log: the last line is the DELETE 405"

# --- HSTS and Secure cookies with an https public URL ---
start_server --public-url https://datalots.example
http GET /login -
expect_header Strict-Transport-Security 'max-age=[0-9]+' "HSTS with an https public URL"
expect_header Set-Cookie '^dl_csrf=.*; *Secure' "the CSRF cookie is Secure with https"
anon=$(sed -n 's/^Set-Cookie: dl_csrf=\([0-9a-f]*\).*/\1/ip' "$HDRS" | tr -d '\r')
tok=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$BODY" | head -1 | sed 's/.*value="\([0-9a-f]*\)"/\1/')
http POST /login - -H "Cookie: dl_csrf=$anon" --data-urlencode username=admin --data-urlencode "password=$DEMO_PW" --data-urlencode "csrf=$tok"
expect_status 303 "sign-in over the https-configured server"
sc=$(grep -i '^Set-Cookie: dl_session=' "$HDRS" | tr -d '\r')
expect_match 'Secure' "$sc" "the session cookie is Secure with https"
expect_match 'HttpOnly' "$sc" "the session cookie is HttpOnly with https"
expect_match 'SameSite=(Lax|Strict)' "$sc" "the session cookie has SameSite with https"
HTTPS_PID=$SRV_PID

# --- graceful shutdown: a slow request in flight finishes ---
stop_server "$HTTPS_PID"
rc=$?
expect_eq 0 "$rc" "SIGTERM: the https server exits 0"
start_server
slow=$(head -c 6000 /dev/zero | tr '\0' a)
tok=$(csrf_of /login "$(jar slow)")
curl -s -o "$T/slow.body" -w '%{http_code}' --limit-rate 3000 -b "$(jar slow)" \
    --data-raw "username=$slow&password=x&csrf=$tok" "$BASE/login" >"$T/slow.status" 2>/dev/null &
curl_pid=$!
sleep 0.6
t0=$(date +%s%N)
kill -TERM "$SRV_PID"
sleep 0.3
late=$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$BASE/healthz")
expect_eq 000 "$late" "SIGTERM: new connections are refused while the request in flight finishes"
wait "$curl_pid"
wait "$SRV_PID"
rc=$?
t1=$(date +%s%N)
SERVER_PIDS=("$MAIN_PID")
expect_eq 0 "$rc" "SIGTERM: the server exits 0"
ms=$(((t1 - t0) / 1000000))
if [ "$ms" -lt 5000 ]; then ok "SIGTERM: the server stops within 5 s (${ms} ms)"; else not_ok "SIGTERM: the server stops within 5 s" "${ms} ms"; fi
expect_match 'stopping' "$(cat "$SRV_ERR")" "SIGTERM: the server says it is stopping"
expect_match '^(4[0-9][0-9]|[23][0-9][0-9])$' "$(cat "$T/slow.status")" "SIGTERM: the request in flight still gets its answer"

# --- /healthz when the store is broken ---
# SQLite: zeroing the file under a running server. PostgreSQL: the schema
# dropped under it (the connection still works, the tables are gone), then
# the whole database dropped (every connection cut, none to be had). Either
# way every page that reads the store answers 503, and so does /healthz
# (db_ping reads schema_migrations, not just "SELECT 1").
start_server
http GET /healthz -
expect_status 200 "healthz before the store breaks is 200"
if on_pg; then
    broken="the schema dropped"
    store_sql "$SRV_URL" 'DROP SCHEMA public CASCADE' >/dev/null ||
        not_ok "DROP SCHEMA public CASCADE under the server"
else
    broken="the store file zeroed"
    dd if=/dev/zero of="$SRV_DB" bs=4096 count=$(( ($(stat -c %s "$SRV_DB") + 4095) / 4096 )) conv=notrunc 2>/dev/null
fi
http GET /diarium -
expect_status 503 "with $broken, /diarium is 503"
http GET /healthz -
expect_status 503 "with $broken, /healthz is 503"
expect_eq unhealthy "$(jq -r .status "$BODY" 2>/dev/null)" "with $broken, /healthz says unhealthy"
check "the server with the broken store is still running" kill -0 "$SRV_PID"
if on_pg; then
    store_sql "$DATALOTS_TEST_PG" "DROP DATABASE ${SRV_URL##*/} WITH (FORCE)" >/dev/null ||
        not_ok "DROP DATABASE … WITH (FORCE) under the server"
    http GET /diarium -
    expect_status 503 "with the database dropped, /diarium is 503"
    http GET /healthz -
    expect_status 503 "with the database dropped, /healthz is 503"
    expect_eq unhealthy "$(jq -r .status "$BODY" 2>/dev/null)" "with the database dropped, /healthz says unhealthy"
    http GET /login -
    expect_status 200 "with the database dropped, /login (no store needed) is still 200"
    check "the server with the dropped database is still running" kill -0 "$SRV_PID"
fi

BASE=$MAIN_BASE
check "the first server still answers" healthy
finish
