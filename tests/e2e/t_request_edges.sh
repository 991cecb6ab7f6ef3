#!/usr/bin/env bash
# t_request_edges.sh — request shapes a hostile review found answered
# wrongly: an encoded slash reaching another route once decoded, a form
# content type accepted by its prefix, a return path (next=) that puts a
# control character into Location, and a sign-out whose transaction fails
# but redirects as if it had succeeded.
. "$(dirname "$0")/lib.sh"

start_server || finish
RJ=$(jar registrator)
login registrator
RTOK=$(csrf_of /diarium/new "$RJ")

# --- %2F never reaches a route of another shape -------------------------------
for p in /diarium/1%2fcorrect /diarium/1%2Fcorrect /admin/users/1%2froles /org%2f1; do
    http GET "$p" "$RJ"
    expect_status 400 "GET $p is refused (encoded slash)"
    expect_body_has 'kodat snedstreck' "... with a sentence naming the encoded slash ($p)"
done
http POST /diarium/1%2fcorrect "$RJ" --data-urlencode "csrf=$RTOK" --data-urlencode subject=x
expect_status 400 "POST /diarium/1%2fcorrect does not reach the correction route"
n=$(q "SELECT COUNT(*) FROM diary_entry WHERE corrects_id IS NOT NULL AND subject = 'x'")
expect_eq 0 "$n" "no correction was registered through %2f"
http GET /diarium/1 "$RJ"
expect_status 200 "a plain path still works"
http GET '/diarium?q=a%2Fb' "$RJ"
expect_status 200 "an encoded slash in the query string is fine"

# --- the form content type is matched exactly ---------------------------------
for ct in 'application/x-www-form-urlencodedXYZ' 'application/x-www-form-urlencoded-x' 'application/x-www-form' \
          'text/plain' 'multipart/form-dataX; boundary=b'; do
    http POST /diarium "$RJ" -H "Content-Type: $ct" --data-binary "csrf=$RTOK&subject=ct-probe"
    expect_status 415 "Content-Type \"$ct\" is refused with 415"
done
expect_eq 0 "$(q "SELECT COUNT(*) FROM diary_entry WHERE subject = 'ct-probe'")" "nothing registered under a wrong content type"
for ct in 'application/x-www-form-urlencoded; charset=UTF-8' 'Application/X-WWW-Form-Urlencoded'; do
    http POST /diarium "$RJ" -H "Content-Type: $ct" --data-binary "csrf=$RTOK&doc_date=bad"
    expect_status 422 "Content-Type \"$ct\" is read as a form (and the bad date answered 422)"
done

# --- /language?next= never puts a control character into Location ------------
http GET '/language?lang=en&next=/diarium%C2%85Set-Cookie:x=1' -
expect_status 303 "/language with U+0085 in next still switches language"
expect_header Location '^/$' "... but returns to / instead of the unsafe path"
if LC_ALL=C grep -q $'\xc2\x85' "$HDRS"; then not_ok "no raw U+0085 in the response headers"; else ok "no raw U+0085 in the response headers"; fi
for nx in '%C2%80' '%C2%9F' '%0d%0aX:1' '%E2%80%A8' '//evil.example' '/%5Cevil' 'https://evil.example/'; do
    http GET "/language?lang=sv&next=$nx" -
    loc=$(hdr Location)
    if [[ $loc =~ ^/[!-~]*$ ]] && [[ $loc != //* ]]; then ok "next=$nx gives a plain local Location ($loc)"; else not_ok "next=$nx gives a plain local Location" "[$loc]"; fi
done
http GET '/language?lang=en&next=/diarium%3Fq%3Dl%C3%A4kemedel' -
expect_header Location '^/diarium\?q=l%C3%A4kemedel$' "a non-ASCII return path is kept, %-encoded for the header"

# --- answers before routing speak the client's language ------------------------
printf 'GET / HTTP/1.1\r\nAccept-Language: en\r\nConnection: close\r\n\r\n' >"$T/nohost.req"
raw "$T/nohost.req"
expect_eq 400 "$RAW_STATUS" "HTTP/1.1 without Host is 400"
if grep -q 'HTTP/1.1 request must have a Host' "$T/raw"; then ok "... said in English to an English browser"; else not_ok "... said in English to an English browser" "$(tr -d '\r' <"$T/raw" | sed -e 's/<[^>]*>//g' | tr -s ' \n' ' ' | head -c 300)"; fi
printf 'GET /api/v1/org HTTP/1.1\r\nConnection: close\r\n\r\n' >"$T/nohost-api.req"
raw "$T/nohost-api.req"
expect_eq 400 "$RAW_STATUS" "HTTP/1.1 without Host to the API is 400"
if grep -q '"error"' "$T/raw"; then ok "... answered as JSON"; else not_ok "... answered as JSON" "$(head -c 300 "$T/raw")"; fi

# --- a sign-out whose transaction fails does not pretend ----------------------
if on_pg; then
    ok "sign-out failure (SQLite lock): skipped on PostgreSQL"
else
    login registrator
    LTOK=$(csrf_of /account/password "$RJ")
    # Another writer holds the store's write lock longer than the server's busy timeout (10 s).
    (printf 'BEGIN EXCLUSIVE;\n'; sleep 13; printf 'COMMIT;\n') | sqlite3 "$SRV_DB" >/dev/null 2>&1 &
    holder=$!
    sleep 0.5
    http POST /logout "$RJ" --data-urlencode "csrf=$LTOK"
    expect_status 503 "a sign-out the store cannot record answers 503, not a redirect"
    expect_body_has 'inte loggats ut' "... and says the user is still signed in"
    wait "$holder"
    http GET /account/password "$RJ"
    expect_status 200 "the session is still there after the failed sign-out"
    http POST /logout "$RJ" --data-urlencode "csrf=$LTOK"
    expect_status 303 "sign-out works once the store answers"
    http GET /account/password "$RJ"
    expect_status 303 "... and the session is gone"
fi

finish
