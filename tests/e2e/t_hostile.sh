#!/usr/bin/env bash
# t_hostile.sh — hostile input in every text field of every form, in query
# strings, cookies and headers: script tags, SQL metacharacters, 10 kB
# values, NUL, invalid UTF-8, control characters, template and format
# directives. Each must get a clear answer (stored verbatim and escaped, or
# 400/401/409/413/422/429) — never a 500, never a dropped connection — and
# the server must keep answering with a clean sanitizer log.
. "$(dirname "$0")/lib.sh"

start_server || finish
login admin
AJ=$(jar admin)
ATOK=$(csrf_of /org "$AJ")
login registrator
RJ=$(jar registrator)
RTOK=$(csrf_of /org "$RJ")
login natverk
NJ=$(jar natverk)
NTOK=$(csrf_of /org "$NJ")
ANJ=$(jar anon)
ANTOK=$(csrf_of /login "$ANJ")
SOK=$(q "SELECT id FROM users WHERE username = 'sokande'")

tenk=$(head -c 10240 /dev/zero | tr '\0' A)
emoji=$(for _ in $(seq 1 1000); do printf '%%F0%%9F%%98%%80'; done)
# name | raw (already url-encoded) payload
payloads=(
    "script|%3Cscript%3Ealert(1)%3C%2Fscript%3E"
    "sql|'%20OR%201%3D1%20--"
    "sql2|x%22)%3B%20DROP%20TABLE%20users%3B--"
    "10kB|$tenk"
    "emoji-12kB|$emoji"
    "NUL|a%00b"
    "invalid-utf8|%FF%FE"
    "overlong|%C0%AF"
    "lone-surrogate|%ED%A0%80"
    "controls|a%01b%1Bc"
    "C1-control|a%C2%85b"
    "DEL|a%7Fb"
    "newline|a%0D%0Ab"
    "bad-escape|a%zzb"
    "lone-percent|a%"
    "template|%7B%7Bcsrf%7D%7D%7B%7B%23each%20x%7D%7D"
    "format|%25s%25n%25x%25%25"
    "rtl|abc%E2%80%AEdef"
    "plus|a+b+c"
)
ACCEPT='^(303|400|401|409|413|422|429)$'
n=0
# fuzz FORM PATH JAR TOKEN "field=default&..." FIELD… — every payload into
# every FIELD of the form, the other fields keeping their defaults
# (@N@ in a default becomes a counter, to keep codes/usernames unique).
fuzz() {
    local form=$1 path=$2 j=$3 tok=$4 defaults=$5
    shift 5
    local field p name payload body kv k v
    for field in "$@"; do
        for p in "${payloads[@]}"; do
            name=${p%%|*}
            payload=${p#*|}
            n=$((n + 1))
            body=
            IFS='&' read -ra kvs <<<"$defaults"
            for kv in "${kvs[@]}"; do
                k=${kv%%=*}
                v=${kv#*=}
                v=${v//@N@/$n}
                [ "$k" = "$field" ] && v=$payload
                body+="$k=$v&"
            done
            printf '%s' "${body}csrf=$tok" >"$T/fuzz.body"
            http POST "$path" "$j" -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "@$T/fuzz.body"
            if [[ $STATUS =~ $ACCEPT ]]; then
                ok "$form.$field <- $name: $STATUS"
            else
                not_ok "$form.$field <- $name: a clear answer, not $STATUS" "$(excerpt 200)"
            fi
            LAST_STATUS[$form.$field.$name]=$STATUS
        done
    done
}
declare -A LAST_STATUS

fuzz diary /diarium "$RJ" "$RTOK" \
    'org=1&doc_date=2026-03-08&direction=in&counterpart=Avs%C3%A4ndare&subject=%C3%84rende&legal_ref=' \
    counterpart subject legal_ref doc_date org direction confidential
fuzz correct /diarium/1/correct "$RJ" "$RTOK" \
    'org=1&doc_date=2026-03-08&direction=in&counterpart=R%C3%A4ttad&subject=R%C3%A4ttelse&legal_ref=' \
    counterpart subject
fuzz org /org "$AJ" "$ATOK" \
    'parent=1&kind=regionomrade&name=Enhet%20@N@&code=HX-@N@&diary_format=' \
    name code diary_format parent kind
fuzz user_new /admin/users "$AJ" "$ATOK" \
    'username=fuzz-@N@&display_name=Fuzz%20@N@&email=f@N@%40example.org&password=Fuzz-l%C3%B6senord-@N@' \
    username display_name email password
fuzz grant "/admin/users/$SOK/roles" "$AJ" "$ATOK" 'role=editor&node=0' role node
fuzz set_password "/admin/users/$SOK/password" "$AJ" "$ATOK" 'password=Nytt-s%C3%A4kert-l%C3%B6sen' password
fuzz password /account/password "$NJ" "$NTOK" \
    'current=fel-l%C3%B6senord-123&new=Nytt-l%C3%B6senord-2026&confirm=Nytt-l%C3%B6senord-2026' current new confirm
# sign-in last: its failures count towards the per-client throttle (429)
fuzz login /login "$ANJ" "$ANTOK" 'username=registrator&password=fel-l%C3%B6senord&next=%2Fdiarium' username password next

# --- what was accepted is stored verbatim and shown escaped ---
check_stored() { # check_stored DESC EXPECTED SQL
    local got
    got=$(q "$3")
    expect_eq "$2" "$got" "$1"
}
[ "${LAST_STATUS[diary.subject.script]}" = 303 ] &&
    check_stored "diary subject <script> stored verbatim" '<script>alert(1)</script>' \
        "SELECT subject FROM diary_entry WHERE subject LIKE '<script>%' LIMIT 1"
[ "${LAST_STATUS[diary.counterpart.sql]}" = 303 ] &&
    check_stored "diary counterpart SQL stored verbatim" "' OR 1=1 --" \
        "SELECT counterpart FROM diary_entry WHERE counterpart LIKE '''%' LIMIT 1"
[ "${LAST_STATUS[diary.subject.template]}" = 303 ] &&
    check_stored "diary subject {{csrf}} stored verbatim" '{{csrf}}{{#each x}}' \
        "SELECT subject FROM diary_entry WHERE subject LIKE '{{%' LIMIT 1"
[ "${LAST_STATUS[diary.subject.format]}" = 303 ] &&
    check_stored "diary subject %s%n stored verbatim" '%s%n%x%%' \
        "SELECT subject FROM diary_entry WHERE subject LIKE '\%s%' ESCAPE '\\' LIMIT 1"
[ "${LAST_STATUS[org.name.script]}" = 303 ] &&
    check_stored "org name <script> stored verbatim" '<script>alert(1)</script>' \
        "SELECT name FROM org_node WHERE name LIKE '<script>%' LIMIT 1"
[ "${LAST_STATUS[user_new.display_name.script]}" = 303 ] &&
    check_stored "display name <script> stored verbatim" '<script>alert(1)</script>' \
        "SELECT display_name FROM users WHERE display_name LIKE '<script>%' LIMIT 1"
expect_eq 303 "${LAST_STATUS[diary.subject.script]}" "a diary subject with a script tag is accepted (stored, escaped)"
expect_eq 422 "${LAST_STATUS[user_new.username.script]}" "a username with a script tag is 422"
expect_eq 422 "${LAST_STATUS[org.code.script]}" "an org code with a script tag is 422"
expect_eq 422 "${LAST_STATUS[user_new.email.script]}" "an e-mail with a script tag is 422"
for f in diary.subject diary.counterpart org.name user_new.display_name login.username; do
    for p in NUL invalid-utf8 overlong lone-surrogate controls C1-control DEL bad-escape lone-percent; do
        expect_eq 400 "${LAST_STATUS[$f.$p]}" "$f <- $p is 400"
    done
    expect_eq 422 "${LAST_STATUS[$f.10kB]}" "$f <- 10 kB is 422"
done
# The control characters go into the SQL text as they are (SQLite has
# char(), PostgreSQL chr()).
soh=$'\x01'
esc=$'\x1b'
expect_eq 0 "$(q "SELECT COUNT(*) FROM diary_entry WHERE subject LIKE '%$soh%' OR counterpart LIKE '%$esc%' OR LENGTH(subject) > 500")" "no control characters or oversize values stored"
for page in /diarium / /org; do
    http GET "$page" "$AJ"
    expect_status 200 "GET $page still renders"
    expect_body_lacks '<script>alert(1)' "GET $page never renders a raw script tag"
done
http GET /admin/users "$AJ"
expect_body_lacks '<script>alert(1)' "GET /admin/users never renders a raw script tag"
http GET /diarium "$AJ"
expect_body_has '{{csrf}}{{#each x}}' "template syntax in data is shown literally, never evaluated"

# --- hostile query strings, cookies, headers, form shapes ---
for u in '/login?next=%FF' '/login?next=%00' '/login?next=javascript:alert(1)' '/diarium?page=%00' \
         '/diarium?page=%FF' '/diarium?page=99999999999999999999' '/api/v1/diarium?limit=%FF' \
         '/api/v1/diarium?offset=99999999999999999999' '/diarium?page=1&page=2' "/diarium?x=$tenk" \
         '/language?lang=%00' '/language?lang=en&next=%FF' '/?%zz' '/diarium/1?%'; do
    http GET "$u" -
    if [[ $STATUS =~ ^(200|303|400|404|414)$ ]]; then ok "GET ${u:0:60} → $STATUS"; else not_ok "GET ${u:0:60}: a clear answer" "got $STATUS"; fi
done
http GET '/login?next=javascript:alert(1)' -
expect_body_lacks 'javascript:alert' "an unsafe next is not put into the sign-in form"
http GET '/login?next=%2F%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E' -
expect_status 200 "a next with markup: the sign-in page is 200"
expect_body_lacks '<script>alert(1)' "a next with markup is escaped in the sign-in form"
http GET '/%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E' -
expect_status 400 "a path with markup (and an encoded slash) is 400"
expect_body_lacks '<script>alert(1)' "a path with markup is escaped on the error page (language link)"
for al in "$(head -c 8000 /dev/zero | tr '\0' 'x')" 'en;q=abc' '*;q=1e99999' 'en;q=-1, sv;q=2' ';;;,,,' 'en-' '-' "$(printf 'en;q=0.%d,' $(seq 1 300))"; do
    http GET / - -H "Accept-Language: $al"
    if [ "$STATUS" = 200 ]; then ok "Accept-Language '${al:0:30}…' → 200"; else not_ok "Accept-Language '${al:0:30}…' → 200" "got $STATUS"; fi
done
for c in 'dl_session=%00' 'lang=<script>' 'dl_session=;dl_session=;dl_session=' "dl_csrf=$tenk" \
         "$(printf 'a%d=b; ' $(seq 1 500))" 'dl_session="quoted"' '=; =; lang=en'; do
    http GET /account/password - -H "Cookie: $c"
    if [[ $STATUS =~ ^(303|400|431)$ ]]; then ok "Cookie '${c:0:30}…' → $STATUS"; else not_ok "Cookie '${c:0:30}…': a clear answer" "got $STATUS"; fi
done
http GET / - -H 'Cookie: lang=en'
expect_header Content-Language '^en$' "a plain lang cookie still works after the hostile ones"
# form shapes
pairs=$(for i in $(seq 1 300); do printf 'k%d=v&' "$i"; done)
for shape in "$pairs" "=value" "$(head -c 300 /dev/zero | tr '\0' k)=v" "ke%01y=v" "&&&&" "counterpart" \
             "org=1&org=2" "%FF=1" "a=%" "csrf=$RTOK&csrf=$RTOK"; do
    printf '%s&csrf=%s' "$shape" "$RTOK" >"$T/shape.body"
    http POST /diarium "$RJ" -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "@$T/shape.body"
    if [[ $STATUS =~ ^(400|403|413|422)$ ]]; then ok "form shape '${shape:0:25}…' → $STATUS"; else not_ok "form shape '${shape:0:25}…': 400/422" "got $STATUS"; fi
done
printf 'org=1&doc_date=2026-03-08&direction=in&counterpart=raw\xff\xfebyte&subject=x&csrf=%s' "$RTOK" >"$T/rawbytes.body"
http POST /diarium "$RJ" -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "@$T/rawbytes.body"
expect_status 400 "raw invalid UTF-8 bytes in a form body are 400"
http POST /diarium "$RJ" -H 'Content-Type: application/x-www-form-urlencoded; charset=utf-8' \
    --data-binary "org=1&doc_date=2026-03-08&direction=in&counterpart=ctype&subject=charset&csrf=$RTOK"
expect_status 303 "Content-Type with '; charset=utf-8' is accepted"
http POST /diarium "$RJ" -H 'Content-Type: application/x-www-form-urlencodedX' \
    --data-binary "org=1&doc_date=2026-03-08&direction=in&counterpart=ctype&subject=charset&csrf=$RTOK"
expect_status '415|400|422|303' "Content-Type application/x-www-form-urlencodedX gets a clear answer"
http POST /diarium "$RJ" -H 'Content-Type: multipart/form-data; boundary=x' --data-binary $'--x\r\nContent-Disposition: form-data; name="org"\r\n\r\n1\r\n--x--\r\n'
expect_status 415 "multipart/form-data is 415"
for m in OPTIONS TRACE CONNECT FOO; do
    http "$m" / -
    if [[ $STATUS =~ ^(400|405|501)$ ]]; then ok "method $m → $STATUS"; else not_ok "method $m: 405/501" "got $STATUS"; fi
done
printf 'GET / HTTP/1.1\r\nHost: x\r\nX-Bad: a\x00b\r\nConnection: close\r\n\r\n' >"$T/req"
raw "$T/req"
expect_match '^(200|400)$' "$RAW_STATUS" "a NUL in a header gets 200 or 400"
printf 'GET /%%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' >"$T/req"
raw "$T/req"
expect_eq 400 "$RAW_STATUS" "raw GET /%zz is 400"
printf 'GET /\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' >"$T/req"
raw "$T/req"
expect_eq 400 "$RAW_STATUS" "a raw non-UTF-8 path is 400"
printf 'GET diarium HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' >"$T/req"
raw "$T/req"
expect_match '^4[0-9][0-9]$' "$RAW_STATUS" "a path not starting with / is a 4xx"
printf 'GARBAGE\r\n\r\n' >"$T/req"
raw "$T/req"
expect_match '^(000|4[0-9][0-9])$' "$RAW_STATUS" "a garbage request line gets a 4xx or is dropped"

check "the server still answers /healthz after all of it" healthy
cli audit verify --db "$SRV_URL"
expect_eq 0 "$RC" "the audit chain is whole after the hostile input"
if grep -q '"status":500' "$SRV_LOG"; then
    not_ok "no 500 in the access log" "$(grep '"status":500' "$SRV_LOG" | head -3)"
else
    ok "no 500 in the access log"
fi
finish
