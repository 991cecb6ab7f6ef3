# shellcheck shell=bash disable=SC2034
# tests/e2e/lib.sh — helpers for the end-to-end tests (sourced by t_*.sh).
#
#   start_server [serve options...]   fresh demo store + `datalots serve` on a
#                                     free port; sets BASE, PORT, SRV_PID,
#                                     SRV_DIR, SRV_URL (the --db value), SRV_DB
#                                     (SQLite: the file; PostgreSQL: the URL),
#                                     SRV_LOG, SRV_ERR, SRV_OUT; E2E_STORE=DIR
#                                     uses the store new_store made in DIR
#   new_store DIR                     a fresh demo store for DIR; sets STORE_URL
#                                     (also in DIR/store.url)
#   new_blank_store DIR               a store that `datalots init` has not
#                                     touched yet; sets STORE_URL
#   store_url DIR                     prints the URL of DIR's store
#   store_sql URL SQL…                runs SQL on the store (sqlite:PATH, a bare
#                                     path, or postgresql://…); prints rows
#                                     |-separated, no headers; fails on error
#   on_pg                             true when the stores are PostgreSQL
#   pg_server NAME [serve options…]   `datalots serve` on $URL (a file's own
#                                     PostgreSQL cluster), files in $T/NAME;
#                                     sets BASE, PORT, SRV_PID, SRV_LOG, …
#   serve_on DESC DIR URL [options…]  the one server start both use
#   stop_server [PID]                 SIGTERM, wait; returns the exit status
#   login USER [PASSWORD]             signs USER in with cookie jar $(jar USER);
#                                     sets STATUS
#   csrf_of URL JAR                   prints the CSRF token of the page
#   http METHOD PATH JAR [curl args]  one request; sets STATUS, BODY (file),
#                                     HDRS (file); JAR "-" means no cookies
#   post PATH JAR [name=value...]     POST a form (values url-encoded) with the
#                                     page's CSRF token added
#   post_raw PATH JAR BODY            POST a raw urlencoded body (+ &csrf=…)
#   login_jar JAR USER [PASSWORD]     as login, into a given jar
#   raw FILE                          the bytes of FILE on a fresh connection
#                                     (bash /dev/tcp); sets RAW_STATUS
#   cli ARGS…                         runs datalots; sets RC, OUT, ERR
#   q SQL…                            store_sql on the current store ($SQLDB,
#                                     set by start_server)
#   healthy, free_port, this_year, hdr NAME, cookie_value JAR NAME, acct NAME
#   ok/not_ok/check/expect_* …        assertions; finish prints the summary
#
# Every test file ends with `finish`, which stops its servers, fails if ASan
# or UBSan said anything, and prints "N passed, N failed".
#
# Stores: SQLite files under $T, or, when DATALOTS_TEST_PG holds the URL of a
# PostgreSQL cluster (tests/with-pg.sh), one fresh database in that cluster
# per store (copied from the demo template run.sh makes, E2E_TEMPLATE_PG);
# the databases a file made are dropped when it ends.
set -u

E2E_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DL=${DATALOTS_BIN:-$E2E_ROOT/build/san/datalots}
DEMO_PW=demo-Regionhalsan-2026
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# The tests set what they need; nothing from the caller's environment.
unset DATALOTS_DB DATALOTS_LISTEN DATALOTS_WORKERS DATALOTS_PUBLIC_URL DATALOTS_ACCESS_LOG \
      DATALOTS_MAX_BODY DATALOTS_REQUEST_TIMEOUT DATALOTS_SESSION_IDLE DATALOTS_SESSION_MAX \
      DATALOTS_CONFIG DATALOTS_PASSWORD DATALOTS_LOCALE_DIR DATALOTS_AUDIT_ANCHOR DATALOTS_AUDIT_ANCHOR_INTERVAL \
      DATALOTS_MAX_CONNECTIONS_PER_ADDRESS DATALOTS_TRUSTED_PROXY \
      DATALOTS_SMTP_URL DATALOTS_SMTP_FROM DATALOTS_SMTP_USER DATALOTS_SMTP_PASSWORD DATALOTS_SMTP_PASSWORD_FILE \
      DATALOTS_SMTP_REQUIRE_TLS DATALOTS_MAIL_INTERVAL \
      DATALOTS_MAILBOX_URL DATALOTS_MAILBOX_USER DATALOTS_MAILBOX_PASSWORD_FILE DATALOTS_MAILBOX_AFTER \
      DATALOTS_MAILBOX_MAX_BYTES

T=$(mktemp -d "${TMPDIR:-/tmp}/dl-e2e.XXXXXX")
PASSED=0
FAILED=0
SERVER_PIDS=()
SERVER_ERRS=()
STATUS=
BODY=$T/body
HDRS=$T/hdrs
: >"$BODY"
: >"$HDRS"

cleanup() {
    local p
    for p in "${SERVER_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
    for p in "${SERVER_PIDS[@]}"; do wait "$p" 2>/dev/null; done
    if [ "${E2E_KEEP:-}" ]; then
        echo "# kept $T${PG_DBS[*]:+ and the databases ${PG_DBS[*]}}" >&2
    else
        rm -rf "$T"
        pg_drop_dbs
    fi
}
trap cleanup EXIT
trap 'exit 143' TERM INT

# --- assertions -----------------------------------------------------------

ok() { PASSED=$((PASSED + 1)); echo "ok - $1"; }
not_ok() {
    FAILED=$((FAILED + 1))
    echo "not ok - $1"
    [ $# -gt 1 ] && printf '    %s\n' "$2" | head -c 2000 && echo
    return 0
}
check() { # check DESC COMMAND... — passes if the command succeeds
    local desc=$1; shift
    if "$@"; then ok "$desc"; else not_ok "$desc" "command failed: $*"; fi
}
# Short, printable excerpt of the last response body for failure reasons.
# shellcheck disable=SC2120
# atom_valid FILE DESC — FILE is an Atom feed that libxml2's xmllint finds
# valid against our RELAX NG grammar of RFC 4287 (tests/schemas/atom.rng)
atom_valid() {
    local out
    if out=$(xmllint --noout --relaxng "$E2E_ROOT/tests/schemas/atom.rng" "$1" 2>&1); then ok "$2"
    else not_ok "$2" "$(printf '%s' "$out" | head -5)"; fi
}
# atom_invalid FILE DESC — …and one it must refuse (the test can fail)
atom_invalid() {
    if xmllint --noout --relaxng "$E2E_ROOT/tests/schemas/atom.rng" "$1" >/dev/null 2>&1; then not_ok "$2" "xmllint accepted it"
    else ok "$2"; fi
}
excerpt() { sed -e 's/<[^>]*>//g' "$BODY" | tr -s ' \n\t' ' ' | head -c "${1:-300}"; }
expect_eq() { # expect_eq EXPECTED ACTUAL DESC
    if [ "$1" = "$2" ]; then ok "$3"; else not_ok "$3" "expected [$1], got [$2]"; fi
}
expect_ne() {
    if [ "$1" != "$2" ]; then ok "$3"; else not_ok "$3" "expected something other than [$1]"; fi
}
expect_match() { # expect_match ERE STRING DESC
    if printf '%s' "$2" | grep -Eq -- "$1"; then ok "$3"; else not_ok "$3" "[$(printf '%s' "$2" | head -c 400)] does not match /$1/"; fi
}
expect_no_match() { # expect_no_match FIXED-STRING STRING DESC — STRING must not contain it
    if ! printf '%s' "$2" | grep -Fq -- "$1"; then ok "$3"; else not_ok "$3" "it contains [$1]"; fi
}
expect_status() { # expect_status ERE DESC — the whole status must match
    if [[ $STATUS =~ ^($1)$ ]]; then ok "$2"; else not_ok "$2" "status $STATUS, wanted $1; body: $(excerpt)"; fi
}
expect_body_has() { # expect_body_has FIXED-STRING DESC
    if grep -Fq -- "$1" "$BODY"; then ok "$2"; else not_ok "$2" "body (status $STATUS) lacks [$1]: $(excerpt)"; fi
}
expect_body_lacks() {
    if ! grep -Fq -- "$1" "$BODY"; then ok "$2"; else not_ok "$2" "body (status $STATUS) contains [$1]: $(grep -Fo -- "$1" "$BODY" | head -1)"; fi
}
hdr() { # hdr NAME — value of the last response header NAME (case-insensitive)
    grep -i "^$1:" "$HDRS" | tail -1 | sed -e 's/^[^:]*: *//' -e 's/\r$//'
}
expect_header() { # expect_header NAME ERE DESC
    local v
    v=$(hdr "$1")
    if printf '%s' "$v" | grep -Eq -- "$2"; then ok "$3"; else not_ok "$3" "header $1: [$v] does not match /$2/"; fi
}
expect_no_header() {
    if ! grep -qi "^$1:" "$HDRS"; then ok "$2"; else not_ok "$2" "unexpected header: $(grep -i "^$1:" "$HDRS" | tr -d '\r')"; fi
}

# --- store and server -----------------------------------------------------

on_pg() { [ -n "${DATALOTS_TEST_PG:-}" ]; }

# store_sql URL SQL... — runs each SQL string on the store at URL
# (postgresql://… or postgres://…; sqlite:PATH or a bare PATH) and prints
# the rows, columns separated by |, no headers (sqlite3 -batch / psql -qAt).
# Returns non-zero if a statement failed. Keep the SQL to what both stores
# understand.
store_sql() {
    local url=$1 s args=()
    shift
    case $url in
    postgres://* | postgresql://*)
        for s in "$@"; do args+=(-c "$s"); done
        PGOPTIONS='-c client_min_messages=warning' PGCONNECT_TIMEOUT=10 \
            psql -X -q -A -t -v ON_ERROR_STOP=1 "$url" "${args[@]}"
        ;;
    *) sqlite3 -batch -cmd '.timeout 5000' "${url#sqlite:}" "$@" ;;
    esac
}

# pg_url_of NAME — the URL of database NAME in the cluster of DATALOTS_TEST_PG.
pg_url_of() {
    local u=${DATALOTS_TEST_PG%%\?*}
    echo "${u%/*}/$1${DATALOTS_TEST_PG:${#u}}"
}

# pg_create_db TEMPLATE — a new database (unique name) copied from TEMPLATE;
# sets PG_NEW_URL, remembers the name for pg_drop_dbs. No session may be
# connected to TEMPLATE meanwhile (run.sh's template allows none).
PG_DBS=()
PG_DB_N=0
pg_create_db() {
    local name err
    PG_DB_N=$((PG_DB_N + 1))
    name=e2e_$$_${PG_DB_N}_$RANDOM
    if ! err=$(store_sql "$DATALOTS_TEST_PG" "CREATE DATABASE $name TEMPLATE $1" 2>&1); then
        echo "# CREATE DATABASE $name TEMPLATE $1 failed: $err" >&2
        return 1
    fi
    PG_DBS+=("$name")
    PG_NEW_URL=$(pg_url_of "$name")
}

# pg_drop_dbs — drops the databases this file made (servers still connected
# are cut off).
pg_drop_dbs() {
    [ ${#PG_DBS[@]} -gt 0 ] && on_pg || return 0
    local n sqls=()
    for n in "${PG_DBS[@]}"; do sqls+=("DROP DATABASE IF EXISTS $n WITH (FORCE)"); done
    store_sql "$DATALOTS_TEST_PG" "${sqls[@]}" >/dev/null 2>&1
    PG_DBS=()
}

# store_url DIR — the --db URL of the store new_store made for DIR (a
# directory without store.url means the SQLite file DIR/datalots.db).
store_url() {
    if [ -s "$1/store.url" ]; then cat "$1/store.url"; else echo "sqlite:$1/datalots.db"; fi
}

# new_store DIR — a fresh demo store for DIR: SQLite DIR/datalots.db, or a
# new PostgreSQL database; copied from the template run.sh makes, or made
# with `datalots init --demo`. Sets STORE_URL and writes it to DIR/store.url.
new_store() {
    local dir=$1
    mkdir -p "$dir"
    if on_pg; then
        if [ -n "${E2E_TEMPLATE_PG:-}" ]; then
            pg_create_db "$E2E_TEMPLATE_PG" || return 1
            STORE_URL=$PG_NEW_URL
        else
            pg_create_db template0 || return 1
            STORE_URL=$PG_NEW_URL
            "$DL" init --db "$STORE_URL" --demo >"$dir/init.out" 2>&1 ||
                { echo "# datalots init failed:" >&2; cat "$dir/init.out" >&2; return 1; }
        fi
    else
        STORE_URL=sqlite:$dir/datalots.db
        if [ -n "${E2E_TEMPLATE_DB:-}" ] && [ -s "$E2E_TEMPLATE_DB" ]; then
            cp "$E2E_TEMPLATE_DB" "$dir/datalots.db"
        else
            "$DL" init --db "$STORE_URL" --demo >"$dir/init.out" 2>&1 ||
                { echo "# datalots init failed:" >&2; cat "$dir/init.out" >&2; return 1; }
        fi
    fi
    echo "$STORE_URL" >"$dir/store.url"
}

# new_blank_store DIR — a store nobody has initialised: SQLite
# DIR/datalots.db (not created yet), or a new, empty PostgreSQL database.
# Sets STORE_URL and writes it to DIR/store.url.
new_blank_store() {
    local dir=$1
    mkdir -p "$dir"
    if on_pg; then
        pg_create_db template0 || return 1
        STORE_URL=$PG_NEW_URL
    else
        STORE_URL=sqlite:$dir/datalots.db
    fi
    echo "$STORE_URL" >"$dir/store.url"
}

# serve_on DESC DIR URL [serve options] — `datalots serve` on the store URL
# at 127.0.0.1 on a free port, its output and access log in DIR; sets PORT,
# BASE, SRV_PID, SRV_OUT, SRV_ERR, SRV_LOG and registers the server for
# finish (stopped, stderr checked for sanitizer reports). Returns 1 with a
# not_ok DESC when it prints no 'listening on' line. The one place a test
# starts a server: start_server and pg_server are its two ways in.
serve_on() {
    local desc=$1 dir=$2 url=$3
    shift 3
    mkdir -p "$dir"
    SRV_LOG=$dir/access.log
    SRV_OUT=$dir/serve.out
    SRV_ERR=$dir/serve.err
    "$DL" serve --db "$url" --listen 127.0.0.1:0 --access-log "$SRV_LOG" "$@" \
        >"$SRV_OUT" 2>"$SRV_ERR" &
    SRV_PID=$!
    SERVER_PIDS+=("$SRV_PID")
    SERVER_ERRS+=("$SRV_ERR")
    for _ in $(seq 1 300); do
        if grep -q 'listening on http://' "$SRV_OUT" 2>/dev/null; then break; fi
        if ! kill -0 "$SRV_PID" 2>/dev/null; then break; fi
        sleep 0.05
    done
    PORT=$(sed -n 's/.*listening on http:\/\/[^ ]*:\([0-9][0-9]*\) .*/\1/p' "$SRV_OUT" | head -1)
    if [ -z "$PORT" ]; then
        not_ok "$desc" "no 'listening on' line; stderr: $(head -c 600 "$SRV_ERR")"
        return 1
    fi
    BASE=http://127.0.0.1:$PORT
}

# start_server [serve options] — see the top of this file. A store may be
# given with E2E_STORE=DIR (otherwise a new one is made).
SRV_N=0
start_server() {
    SRV_N=$((SRV_N + 1))
    SRV_DIR=$T/srv$SRV_N
    mkdir -p "$SRV_DIR"
    if [ -n "${E2E_STORE:-}" ]; then
        SRV_URL=$(store_url "$E2E_STORE")
    else
        new_store "$SRV_DIR" || { not_ok "start server $SRV_N: demo store" "init failed"; return 1; }
        SRV_URL=$STORE_URL
    fi
    case $SRV_URL in sqlite:*) SRV_DB=${SRV_URL#sqlite:} ;; *) SRV_DB=$SRV_URL ;; esac
    serve_on "start server $SRV_N" "$SRV_DIR" "$SRV_URL" "$@" || return 1
    SQLDB=$SRV_URL
    return 0
}

# pg_server NAME [serve options] — `datalots serve` on $URL, the database in
# the file's own throwaway cluster (t_pg_failures.sh, t_scaleout.sh), its
# files in $T/NAME; sets what serve_on sets.
pg_server() {
    local name=$1
    shift
    serve_on "server $name starts" "$T/$name" "$URL" "$@"
}

# stop_server [PID] — SIGTERM and wait; prints nothing, returns exit status.
stop_server() {
    local pid=${1:-$SRV_PID} rc
    kill -TERM "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    rc=$?
    local keep=() p
    for p in "${SERVER_PIDS[@]}"; do [ "$p" != "$pid" ] && keep+=("$p"); done
    SERVER_PIDS=("${keep[@]}")
    return $rc
}

q() { store_sql "$SQLDB" "$@"; }

# --- HTTP -----------------------------------------------------------------

jar() { echo "$T/jar.$1"; }

# http METHOD PATH JAR [curl args...]
http() {
    local method=$1 path=$2 j=$3
    shift 3
    local jargs=()
    [ "$j" != "-" ] && jargs=(-b "$j" -c "$j")
    local mflag=(-X "$method")
    [ "$method" = HEAD ] && mflag=(-I)
    [ "$method" = GET ] && mflag=()
    : >"$BODY"
    : >"$HDRS"
    STATUS=$(curl -s -g --path-as-is --max-time 30 "${mflag[@]}" "${jargs[@]}" -o "$BODY" -D "$HDRS" \
        -w '%{http_code}' "$@" "$BASE$path")
    [ -n "$STATUS" ] || STATUS=000
}

# raw REQUEST-FILE — sends the bytes of the file on a fresh TCP connection
# (bash /dev/tcp) and keeps what comes back (at most 10 s) in $T/raw;
# RAW_STATUS is the status code of the first response line, or 000.
raw() {
    local fd
    RAW_STATUS=000
    : >"$T/raw"
    exec {fd}<>"/dev/tcp/127.0.0.1/$PORT" || return 0
    cat "$1" 1>&"$fd" 2>/dev/null
    timeout 10 cat <&"$fd" >"$T/raw" 2>/dev/null
    exec {fd}>&-
    RAW_STATUS=$(head -1 "$T/raw" | sed -n 's/^HTTP\/1\.[01] \([0-9][0-9][0-9]\).*/\1/p')
    [ -n "$RAW_STATUS" ] || RAW_STATUS=000
}

# free_port — a TCP port on 127.0.0.1 nobody listens on right now, below
# the kernel's ephemeral range (where port-0 servers and clients land).
free_port() {
    local p lo
    read -r lo _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || lo=32768
    while :; do
        p=$((10000 + RANDOM % (lo - 10000)))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
    done
}

# csrf_of URL JAR — GETs the page and prints the first csrf hidden input.
csrf_of() {
    local url=$1 j=$2
    case $url in http*) ;; *) url=$BASE$url ;; esac
    curl -s -g --max-time 30 -b "$j" -c "$j" "$url" |
        grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="\([0-9a-f]*\)"/\1/'
}

# post PATH JAR [name=value...] — values are url-encoded; CSRF token added.
post() {
    local path=$1 j=$2
    shift 2
    local tok args=() kv
    tok=$(csrf_of /org "$j")
    [ -n "$tok" ] || tok=$(csrf_of /login "$j")
    for kv in "$@"; do args+=(--data-urlencode "$kv"); done
    http POST "$path" "$j" "${args[@]}" --data-urlencode "csrf=$tok"
}

# post_raw PATH JAR RAW-BODY — the body is sent as is, then &csrf=TOKEN.
post_raw() {
    local path=$1 j=$2 raw=$3 tok
    tok=$(csrf_of /org "$j")
    [ -n "$tok" ] || tok=$(csrf_of /login "$j")
    http POST "$path" "$j" -H 'Content-Type: application/x-www-form-urlencoded' \
        --data-binary "$raw&csrf=$tok"
}

# login USER [PASSWORD] — a fresh jar for USER; STATUS is the POST's status.
login() {
    local user=$1 pw=${2-$DEMO_PW} j
    j=$(jar "$user")
    rm -f "$j"
    local tok
    tok=$(csrf_of /login "$j")
    http POST /login "$j" --data-urlencode "username=$user" --data-urlencode "password=$pw" \
        --data-urlencode "csrf=$tok"
}

# login_jar JAR USER [PASSWORD] — as login, into a given jar.
login_jar() {
    local j=$1 user=$2 pw=${3-$DEMO_PW} tok
    rm -f "$j"
    tok=$(csrf_of /login "$j")
    http POST /login "$j" --data-urlencode "username=$user" --data-urlencode "password=$pw" \
        --data-urlencode "csrf=$tok"
}

# acct NAME — how signin_backoff keeps a typed name: its SHA-256 (hex).
acct() { printf '%s' "$1" | sha256sum | cut -c1-64; }

# cookie_value JAR NAME
cookie_value() { awk -v n="$2" '$6 == n { v = $7 } END { print v }' "$1" 2>/dev/null; }

# The current year of diary numbers (Europe/Stockholm).
this_year() { TZ=Europe/Stockholm date +%Y; }

# healthy — the server of BASE still answers /healthz with 200.
healthy() {
    local s
    s=$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' "$BASE/healthz")
    [ "$s" = 200 ]
}

# cli ARGS... — runs datalots; sets RC, OUT (stdout text), ERR (stderr
# text). Every stderr is kept in $T/cli.err for the sanitizer check.
cli() {
    "$DL" "$@" >"$T/cli.out" 2>"$T/cli.lasterr"
    RC=$?
    OUT=$(cat "$T/cli.out")
    ERR=$(cat "$T/cli.lasterr")
    cat "$T/cli.lasterr" >>"$T/cli.err"
    return 0
}
: >"$T/cli.err"
SERVER_ERRS+=("$T/cli.err")

# --- the end ----------------------------------------------------------------

# sanitizer_report FILE... — ASan/UBSan reports in the files, and the lines
# of strict templates (src/web/template.h) naming a key a handler never set:
# a page that failed so fails its test even where the test checks no status.
sanitizer_report() { grep -hE 'ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|SUMMARY: UndefinedBehaviorSanitizer|which the handler never set' "$@" 2>/dev/null | head -5; }

finish() {
    local p
    for p in "${SERVER_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
    for p in "${SERVER_PIDS[@]}"; do wait "$p" 2>/dev/null; done
    SERVER_PIDS=()
    local f rep
    for f in "${SERVER_ERRS[@]}"; do
        rep=$(sanitizer_report "$f")
        if [ -n "$rep" ]; then
            not_ok "no sanitizer report or unset template key in ${f#"$T"/}" "$rep"
            [ "${E2E_VERBOSE:-}" ] && cat "$f"
        else
            ok "no sanitizer report or unset template key in ${f#"$T"/}"
        fi
    done
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
    exit $?
}
