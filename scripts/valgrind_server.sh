# shellcheck shell=bash
# scripts/valgrind_server.sh — the server cycle of scripts/valgrind.sh
# (sourced by it): `datalots serve` under memcheck on the demo store, with
# its background work on (the outbox sent to an SMTP catcher, the audit
# anchor, the holder feeds refreshed, the extraction worker); a
# representative set of requests — every kind of public page, feed, open
# data and JSON answer, a static file with an ETag and a range, errors and
# hostile input, sign-in with CSRF, writes (a diary entry, an anonymous
# obstacle report, a new account), staff pages, CSV, XLSX and PDF exports, the
# JSON API with a token — then SIGTERM. One test: every request answered as
# expected, exit status 0, and valgrind's verdict clean.

BAD=()
# want STATUS-ERE METHOD PATH JAR [curl args...] — one request (lib.sh's
# http, with a longer time limit: the first PDF under valgrind loads the
# fonts slowly); a status not matching is remembered for the verdict.
want() {
    local st=$1
    shift
    http "$@" --max-time 120
    [[ $STATUS =~ ^($st)$ ]] || BAD+=("$1 $2: $STATUS, wanted $st")
}
# first_href PREFIX — the first link of the last page to PREFIX<number>.
first_href() { grep -oE "href=\"$1[0-9]+\"" "$BODY" | head -1 | sed 's/href="\(.*\)"/\1/'; }
# signed_in USER — lib.sh's login into jar USER, under valgrind.
signed_in() {
    login "$1"
    [ "$STATUS" = 303 ] || BAD+=("sign-in of $1: $STATUS, wanted 303")
}
# presign USER... — signs the users in natively (lib.sh's login, into jar
# USER) on a server of the same store, so that the cycle spends its time on
# pages, not on the password hash under valgrind; the sessions are rows of
# the store and hold on the server under valgrind. One sign-in (admin) is
# done under valgrind.
presign() {
    local u port pid
    port=$(free_port)
    "$DL" serve --db "$STORE" --listen "127.0.0.1:$port" --access-log off >"$T/presign.out" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do grep -q 'listening on' "$T/presign.out" 2>/dev/null && break; sleep 0.05; done
    BASE=http://127.0.0.1:$port
    for u in "$@"; do
        login "$u"
        [ "$STATUS" = 303 ] || BAD+=("native sign-in of $u: $STATUS, wanted 303")
    done
    kill -TERM "$pid"
    wait "$pid"
}

server_requests() {
    local A pre y j id tok obstacle=
    A=$(jar anon)
    y=$(this_year)
    # Public pages, one of each kind, and the details behind the lists.
    for pre in / /guide /guide/map /guide/patientregistret "/guide?q=diabetes&sort=title" \
        "/guide?type=register&page=2" /hinder /hinder/ny /natverk /kalender /nyheter /beslut \
        /utlysningar /diarium /data/ordlista "/data/ordlista?org=RH&q=diagnos" /oppna-data \
        /process/1 "/process/1/prognos?enheter=2&kostnad=ja" /jamfor /login "/login?next=/cases" \
        /fragor/ny /healthz /metrics; do
        want 200 GET "$pre" "$A"
    done
    for pre in /hinder/ /natverk/ /kalender/ /nyheter/ /beslut/ /utlysningar/ /diarium/; do
        want 200 GET "${pre%/}" "$A"
        id=$(first_href "$pre")
        if [ -n "$id" ]; then want 200 GET "$id" "$A"; else BAD+=("no link to $pre… on ${pre%/}"); fi
        [ "$pre" = /hinder/ ] && obstacle=$id
    done
    want 200 GET "/kalender/1/anmalan" "$A"
    want 200 GET /guide "$A" -H 'Accept-Language: en'
    want 303 GET /guide/patientregistret "$A" -H 'Accept: text/turtle'
    want 303 GET /catalog "$A" -H 'Accept: text/turtle'
    want 303 GET /catalog "$A"
    # Feeds, the catalogue, open data, JSON.
    for pre in /hinder.atom /beslut.atom /nyheter.atom /kalender.ics /natverk/1/kalender.ics /catalog.ttl \
        /catalog.rdf /catalog.jsonld /beslut.csv /beslut.json /oppna-data/arenden.csv /oppna-data/arenden.json \
        /oppna-data/ledtider.csv /oppna-data/ledtider.json /oppna-data/hinder.csv /oppna-data/hinder.json \
        "/api/v1/search?q=register" /api/v1/openapi.json "/api/v1/diarium?limit=5" /api/v1/register \
        /api/v1/holder-profile "/api/v1/dictionary?org=RH" /api/v1/org "/cases/form.pdf?org=1"; do
        want 200 GET "$pre" "$A"
    done
    # A static file, then with its ETag; a range of a guide film's captions.
    want 200 GET /static/style.css "$A"
    want 304 GET /static/style.css "$A" -H "If-None-Match: $(hdr ETag)"
    want 206 GET /guide/media/fall-journaldata-process-1.vtt "$A" -H 'Range: bytes=10-99'
    want 416 GET /guide/media/fall-journaldata-process-1.vtt "$A" -H 'Range: bytes=99999999-'
    want 200 HEAD / "$A"
    want 303 GET "/language?lang=en&next=/guide" "$A"
    # Errors and hostile input.
    want 404 GET /finns-inte "$A"
    want 404 GET /guide/finns-inte "$A"
    want 404 GET /hinder/99999999 "$A"
    want 404 GET /nope - -H 'Accept: application/json'
    want 405 DELETE / "$A"
    want 400 GET /guide/%ff "$A"
    want 400 GET /a%2Fb "$A"
    want '400|404' GET /static/..%2f..%2fetc%2fpasswd "$A"
    want 414 GET "/$(head -c 3000 /dev/zero | tr '\0' a)" "$A"
    want '200|400' GET "/guide?q=$(printf '%%3Cscript%%3Ealert(1)%%3C/script%%3E%%27%%22%%00')" "$A"
    want '200|400' GET "/guide?page=99999999999999999999&sort=nonsense" "$A"
    want 200 GET "/login?next=//evil.example/" "$A"
    tok=$(csrf_of /login "$A")
    want 403 POST /login "$A" --data-urlencode username=admin --data-urlencode password=x
    want 415 POST /login "$A" -H 'Content-Type: text/plain' --data-raw "username=a&password=b&csrf=$tok"
    want '400|422' POST /login "$A" --data-raw "username=a%FFb&password=x&csrf=$tok&username=twice"
    printf 'POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 99999999999\r\nConnection: close\r\n\r\nusername=a' >"$T/req"
    raw "$T/req"
    [ "$RAW_STATUS" = 413 ] || BAD+=("a huge Content-Length: $RAW_STATUS, wanted 413")
    printf 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n' >"$T/req"
    raw "$T/req"
    [ "$RAW_STATUS" = 400 ] || BAD+=("HTTP/1.1 without Host: $RAW_STATUS, wanted 400")
    printf 'POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nbad\r\n' >"$T/req"
    raw "$T/req"
    [[ $RAW_STATUS =~ ^4 ]] || BAD+=("a broken chunked body: $RAW_STATUS, wanted 4xx")
    want 401 GET /api/v1/cases - -H 'Authorization: Bearer nonsense'

    # An anonymous obstacle report (a write), following a published
    # obstacle (a mail for the outbox, which serve sends to the catcher).
    want 200 GET /hinder/ny "$A"
    tok=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$BODY" | head -1 | sed 's/.*value="\([0-9a-f]*\)"/\1/')
    want 303 POST /hinder "$A" --data-urlencode "what=Registret svarade inte på vår begäran på ett år." \
        --data-urlencode category=lead_times --data-urlencode consequence=delayed \
        --data-urlencode "email=forskare@example.org" --data-urlencode actor_type=researcher \
        --data-urlencode website= --data-urlencode "csrf=$tok"
    want '400|422' POST /hinder "$A" --data-urlencode "what=" --data-urlencode category=nonsense --data-urlencode "csrf=$tok"
    if [ -n "$obstacle" ]; then
        want 200 GET "$obstacle/bevaka" "$A"
        tok=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$BODY" | head -1 | sed 's/.*value="\([0-9a-f]*\)"/\1/')
        want 200 POST "$obstacle/bevaka" "$A" --data-urlencode "email=folj-$TAG@example.org" --data-urlencode website= \
            --data-urlencode "csrf=$tok"
    fi

    # Staff (signed in natively beforehand, but for the administrator): the
    # registrar writes a diary entry; the administrator's pages; the
    # analyst's queue and the compiled report in every format; the
    # coordinator's queue and exports; the network's questions.
    j=$(jar registrator)
    post /diarium "$j" org=1 doc_date="$y-03-02" direction=in "counterpart=Lunds universitet" "subject=Begäran om data"
    [ "$STATUS" = 303 ] || BAD+=("POST /diarium: $STATUS, wanted 303")
    post /diarium "$j" org=1 doc_date="$y-02-30" direction=sideways counterpart= subject=
    [[ $STATUS =~ ^(400|422)$ ]] || BAD+=("POST /diarium with bad fields: $STATUS, wanted 400 or 422")
    want 200 GET /diarium/new "$j"
    want 200 GET /brevlada "$j"
    signed_in admin
    j=$(jar admin)
    for pre in /admin/users /admin/users/1 /admin/users/new /admin/audit /admin/outbox /admin/api-tokens \
        /admin/case-terms /org /uppfoljning "/uppfoljning?fran=$((y - 1))-01-01&till=$y-12-31&format=csv"; do
        want 200 GET "$pre" "$j"
    done
    j=$(jar hinder)
    want 200 GET /hinder/analys "$j"
    id=$(first_href /hinder/analys/)
    [ -n "$id" ] && want 200 GET "$id" "$j"
    want 200 GET /hinder/atgarder "$j"
    want 200 GET /hinder/kategorier "$j"
    for pre in html csv xlsx pdf; do
        want 200 GET "/hinder/rapport?fran=2022-01-01&till=$y-12-31&format=$pre" "$j"
    done
    j=$(jar samordnare)
    want 200 GET /cases "$j"
    id=$(first_href /cases/)
    [ -n "$id" ] && { want 200 GET "$id" "$j"; want 200 GET "$id/pdf" "$j"; }
    for pre in csv xlsx; do want 200 GET "/cases?state=all&format=$pre" "$j"; done
    j=$(jar natverk)
    want 200 GET /fragor "$j"
    id=$(first_href /fragor/)
    [ -n "$id" ] && want 200 GET "$id" "$j"
    http POST /logout "$j" --data-urlencode "csrf=$(csrf_of /fragor "$j")"
    [ "$STATUS" = 303 ] || BAD+=("POST /logout: $STATUS, wanted 303")
    want '30[0-9]|401|403' GET /fragor "$j"
    want 200 GET "/api/v1/cases" - -H "Authorization: Bearer $API_TOKEN"
    want 200 GET "/api/v1/cases?state=all" - -H "Authorization: Bearer $API_TOKEN"
    if [ "$TAG" = SQLite ]; then release_case process2; else release_case process1; fi
}

# release_case process1|process2 — a release case from the applicant's
# form to the registered delivery, as tests/e2e/processN.sh drives it (Process
# 2 on the SQLite cycle: six sign-ins, the coordinator, the confidentiality
# review, the samråd, the units' answers, the director's decision; Process 1
# on PostgreSQL: a completion asked for and given, the samråd, the
# verksamhetschef's decision and assignment, the paper delivery), then the
# case's page, its JSON, its first document as HTML and PDF.
release_case() {
    local id doc j log="$LOGS/server ($TAG).$1"
    bash "$ROOT/tests/e2e/$1.sh" "$BASE" >"$log" 2>&1
    id=$(sed -n 's/^case \([0-9][0-9]*\)$/\1/p' "$log" | tail -1)
    if [ -z "$id" ]; then
        BAD+=("$1.sh: $(grep -m1 FAILED "$log")")
        return
    fi
    j=$(jar samordnare)
    want 200 GET "/cases/$id" "$j"
    want 200 GET "/api/v1/cases/$id" - -H "Authorization: Bearer $API_TOKEN"
    want 200 GET "/api/v1/cases/$id/documents" - -H "Authorization: Bearer $API_TOKEN"
    want 200 GET "/cases/$id" "$j"
    doc=$(grep -oE "/cases/$id/documents/[0-9]+" "$BODY" | head -1)
    if [ -n "$doc" ]; then
        want 200 GET "$doc" "$j"
        want 200 GET "$doc/pdf?lang=en" "$j"
    else
        BAD+=("no document on the page of case $id")
    fi
}

# server_cycle TAG STORE-URL — the cycle on that store; the test is named
# "server (TAG)", its files build/valgrind/server (TAG).*.
server_cycle() {
    TAG=$1 STORE=$2
    local name="server ($1)" out rc i
    BAD=()
    # Cookie jars of this cycle's own.
    jar() { echo "$T/jar.$TAG.$1"; }
    # A token for the JSON API and the server's own holder feed, natively.
    API_TOKEN=$("$DL" api-token create --db "$STORE" --name valgrind --role coordinator --org RH \
        --expires "$(date -u -d tomorrow +%F)" 2>>"$T/setup.log" | grep -oE '[A-Za-z0-9_-]{30,}' | head -1)
    presign registrator hinder samordnare natverk
    PORT=$(free_port)
    BASE=http://127.0.0.1:$PORT
    "$DL" holders add "$BASE/api/v1/holder-profile" --db "$STORE" >>"$T/setup.log" 2>&1
    out=$LOGS/$name.out
    "${VG[@]}" --log-file="$LOGS/$name.vg" "$BIN" serve --db "$STORE" --listen "127.0.0.1:$PORT" \
        --access-log "$LOGS/$name.access" --locale-dir "$ROOT/locale" --public-url "$BASE" \
        --audit-anchor "$T/anchor.$TAG" --audit-anchor-interval 5 "${SMTP[@]}" --mail-interval 1 \
        --extract-dir "$T/extract.$TAG" --extract-interval 1 --holders-refresh 3600 \
        --request-timeout 60 </dev/null >"$out" 2>"$LOGS/$name.err" &
    SRV_PID=$!
    SERVER_PIDS+=("$SRV_PID")
    for i in $(seq 1 1200); do
        grep -q 'listening on http://' "$out" 2>/dev/null && break
        kill -0 "$SRV_PID" 2>/dev/null || break
        sleep 0.1
    done
    if ! grep -q 'listening on http://' "$out"; then
        kill -TERM "$SRV_PID" 2>/dev/null
        wait "$SRV_PID"
        not_ok "$name: start" "no 'listening on' after $((i / 10)) s; stderr: $(head -c 600 "$LOGS/$name.err")"
        return
    fi
    echo "# $name: listening after $((i / 10)) s under valgrind"
    server_requests
    # The confirmation mail reached the catcher (serve's sender, under valgrind).
    for i in $(seq 1 100); do grep -qis "folj-$TAG@example.org" "$T"/inbox/*.eml && break; sleep 0.2; done
    grep -qis "folj-$TAG@example.org" "$T"/inbox/*.eml || BAD+=("serve sent no mail to the SMTP catcher in 20 s")
    # SIGTERM; a server still there after 120 s is killed (and fails).
    kill -TERM "$SRV_PID"
    for i in $(seq 1 1200); do kill -0 "$SRV_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SRV_PID" 2>/dev/null
    wait "$SRV_PID"
    rc=$?
    SERVER_PIDS=("${SERVER_PIDS[@]/$SRV_PID/}")
    if ((${#BAD[@]})); then
        not_ok "$name: requests answered as expected" "$(printf '%s\n' "${BAD[@]}" | head -20)"
    fi
    verdict "$name" "$rc" 0
}
