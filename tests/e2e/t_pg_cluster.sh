#!/usr/bin/env bash
# t_pg_cluster.sh — scripts/pg-cluster.sh, the throwaway PostgreSQL cluster
# for tests and benchmarks: start prints one URL that works, createdb adds
# databases, clusters side by side get their own ports, stop stops and
# removes (twice is fine), start refuses a non-empty DIR, and a start that
# fails half-way leaves nothing running.
. "$(dirname "$0")/lib.sh"

PGC=$E2E_ROOT/scripts/pg-cluster.sh
URL_RE='^postgresql://postgres@127\.0\.0\.1:[0-9]+/datalots$'

# Whatever happens, no cluster of ours outlives the test.
# shellcheck disable=SC2317 # run by the EXIT trap
pgc_cleanup() {
    local d
    for d in "$T"/pg*; do [ -e "$d/.pg-cluster" ] && "$PGC" stop "$d" >/dev/null 2>&1; done
    cleanup
}
trap pgc_cleanup EXIT

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1 &&
    [ -z "${PG_CLUSTER_BINDIR:-}" ]; then
    ok "# SKIP no PostgreSQL server (initdb) installed"
    finish
fi

sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$1" -c "$2" 2>&1; }
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_of() { sed -n 's|^postgresql://postgres@127\.0\.0\.1:\([0-9]*\)/.*|\1|p' <<<"$1"; }
running_in() { pgrep -f -- "$1/data" >/dev/null; }
alive() { # alive PID — exists and is not a zombie (PID 1 may not reap)
    local st
    st=$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$1/stat" 2>/dev/null) || return 1
    [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

# --- start, from another directory, with a relative DIR ---
d1=$T/pg1
url1=$(cd "$T" && "$PGC" start pg1 2>"$T/start1.err")
rc=$?
expect_eq 0 "$rc" "start exits 0"
expect_match "$URL_RE" "$url1" "start prints the connection URL"
expect_eq 1 "$(printf '%s\n' "$url1" | wc -l)" "start prints exactly one line"
expect_eq "" "$(cat "$T/start1.err")" "start says nothing on stderr"
if [ "$rc" != 0 ] || ! [[ $url1 =~ $URL_RE ]]; then
    not_ok "cluster 1 is up" "$(cat "$T/start1.err")"
    finish
fi
port1=$(port_of "$url1")
expect_eq "$url1" "$(cat "$d1/url" 2>/dev/null)" "DIR/url holds the URL"
expect_eq "$port1" "$(cat "$d1/port" 2>/dev/null)" "DIR/port holds the port"
check "DIR/log exists" test -s "$d1/log"
expect_eq 1 "$(sql "$url1" 'select 1')" "psql \"\$url\" -c 'select 1' works"
expect_eq "datalots|postgres" "$(sql "$url1" 'select current_database(), (select pg_get_userbyid(datdba) from pg_database where datname = current_database())')" \
    "the database is datalots, owned by postgres"
expect_eq "UTF8" "$(sql "$url1" 'show server_encoding')" "the cluster is UTF8"
expect_eq "off" "$(sql "$url1" 'show fsync')" "fsync is off"
expect_eq "200" "$(sql "$url1" 'show max_connections')" "max_connections is 200"
expect_eq "127.0.0.1" "$(sql "$url1" 'show listen_addresses')" "listens on 127.0.0.1 only"
expect_eq "$url1" "$("$PGC" url "$d1" 2>&1)" "url DIR prints the URL"
expect_eq "$url1" "$(cd "$T" && "$PGC" url pg1 2>&1)" "url DIR takes a DIR relative to the working directory"

# --- createdb ---
url1b=$("$PGC" createdb "$d1" t_second 2>"$T/createdb.err")
rc=$?
expect_eq 0 "$rc" "createdb exits 0"
expect_eq "postgresql://postgres@127.0.0.1:$port1/t_second" "$url1b" "createdb prints the new database's URL"
expect_eq "t_second" "$(sql "$url1b" 'select current_database()')" "the new database answers"
sql "$url1b" 'create table only_here (x int)' >/dev/null
expect_eq "0" "$(sql "$url1" "select count(*) from pg_tables where tablename = 'only_here'")" \
    "the new database is separate from datalots"
out=$("$PGC" createdb "$d1" t_second 2>&1)
expect_ne 0 "$?" "createdb of an existing name fails"
expect_match 'already exists' "$out" "... and says why"
out=$("$PGC" createdb "$d1" 'bad name;' 2>&1)
expect_ne 0 "$?" "createdb refuses a strange name"

# --- two more clusters, started at the same time, next to the first ---
d2=$T/pg2
d3=$T/pg3
"$PGC" start "$d2" >"$T/start2.out" 2>"$T/start2.err" &
p2=$!
"$PGC" start "$d3" >"$T/start3.out" 2>"$T/start3.err" &
p3=$!
wait "$p2"
rc2=$?
wait "$p3"
rc3=$?
url2=$(cat "$T/start2.out")
url3=$(cat "$T/start3.out")
expect_eq "0 0" "$rc2 $rc3" "two starts at once both succeed"
expect_match "$URL_RE" "$url2" "cluster 2 prints a URL"
expect_match "$URL_RE" "$url3" "cluster 3 prints a URL"
port2=$(port_of "$url2")
port3=$(port_of "$url3")
distinct=$(printf '%s\n' "$port1" "$port2" "$port3" | sort -u | grep -c .)
expect_eq 3 "$distinct" "three clusters, three ports ($port1 $port2 $port3)"
expect_eq 1 "$(sql "$url2" 'select 1')" "cluster 2 answers"
expect_eq 1 "$(sql "$url3" 'select 1')" "cluster 3 answers"
expect_eq 1 "$(sql "$url1" 'select 1')" "cluster 1 still answers"

# --- start on a busy DIR ---
out=$("$PGC" start "$d1" 2>"$T/again.err")
expect_ne 0 "$?" "start on a running cluster's DIR fails"
expect_eq "" "$out" "... prints no URL"
expect_match 'not empty' "$(cat "$T/again.err")" "... and says the directory is not empty"
expect_eq 1 "$(sql "$url1" 'select 1')" "... and the running cluster is untouched"

dbusy=$T/pgbusy
mkdir -p "$dbusy"
echo keep >"$dbusy/keep"
out=$("$PGC" start "$dbusy" 2>"$T/busy.err")
expect_ne 0 "$?" "start on a non-empty DIR fails"
expect_eq "" "$out" "... prints no URL"
expect_match "$dbusy.*not empty" "$(cat "$T/busy.err")" "... with a message naming DIR"
expect_eq "keep" "$(cat "$dbusy/keep" 2>/dev/null)" "... leaves the files in DIR alone"
if [ ! -e "$dbusy/data" ] && ! running_in "$dbusy"; then ok "... and starts nothing"; else not_ok "... and starts nothing" "$(ls -A "$dbusy")"; fi
"$PGC" stop "$dbusy" >/dev/null 2>"$T/busystop.err"
expect_ne 0 "$?" "stop refuses a non-empty DIR that start did not make"
expect_eq "keep" "$(cat "$dbusy/keep" 2>/dev/null)" "... and keeps its files"

long=$T/pg-$(printf 'x%.0s' $(seq 1 100))
out=$("$PGC" start "$long" 2>"$T/long.err")
expect_ne 0 "$?" "start refuses a DIR too long for the unix socket"
expect_match 'too long' "$(cat "$T/long.err")" "... and says so"

# --- a start that fails half-way (server up, createdb broken) cleans up ---
fake=$T/fakebin
mkdir -p "$fake"
bindir=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -1)
[ -n "${PG_CLUSTER_BINDIR:-}" ] && bindir=$PG_CLUSTER_BINDIR
for b in "$bindir"/*; do ln -s "$b" "$fake/"; done
rm -f "$fake/createdb"
printf '#!/bin/sh\necho "createdb: simulated failure" >&2\nexit 1\n' >"$fake/createdb"
chmod 755 "$fake/createdb"
dfail=$T/pgfail
out=$(PG_CLUSTER_BINDIR=$fake "$PGC" start "$dfail" 2>"$T/fail.err")
expect_ne 0 "$?" "start with a failing createdb fails"
expect_eq "" "$out" "... prints no URL"
expect_match 'createdb datalots failed' "$(cat "$T/fail.err")" "... says what failed"
expect_match 'simulated failure' "$(cat "$T/fail.err")" "... and shows the end of the log"
if ! running_in "$dfail" && [ ! -e "$dfail/data" ] && [ ! -e "$dfail/url" ]; then
    ok "... leaves nothing running and no data behind"
else
    not_ok "... leaves nothing running and no data behind" "$(pgrep -af -- "$dfail"; ls -A "$dfail")"
fi
"$PGC" stop "$dfail"
expect_eq "0 absent" "$? $([ -e "$dfail" ] && echo present || echo absent)" "stop cleans up after a failed start"

# --- stop ---
pid2=$(head -1 "$d2/data/postmaster.pid" 2>/dev/null)
"$PGC" stop "$d2" >"$T/stop2.out" 2>&1
expect_eq 0 "$?" "stop exits 0"
expect_eq "" "$(cat "$T/stop2.out")" "stop is quiet"
check "stop removes DIR" test ! -e "$d2"
if answers "$port2"; then not_ok "the stopped cluster's port stops answering" "port $port2 still open"; else ok "the stopped cluster's port stops answering"; fi
if [ -n "$pid2" ] && ! running_in "$d2" && ! alive "$pid2"; then
    ok "the stopped cluster's postmaster is gone"
else
    not_ok "the stopped cluster's postmaster is gone" "pid [$pid2]"
fi
expect_eq 1 "$(sql "$url3" 'select 1')" "stopping one cluster leaves the other running"
out=$("$PGC" stop "$d2" 2>&1)
expect_eq "0|" "$?|$out" "stop twice is fine (exit 0, quiet)"
out=$("$PGC" stop "$T/pg-never-was" 2>&1)
expect_eq "0|" "$?|$out" "stop of a DIR that never existed is fine"
out=$("$PGC" url "$d2" 2>&1)
expect_ne 0 "$?" "url of a stopped cluster fails"

for d in "$d1" "$d3"; do "$PGC" stop "$d"; done
if [ ! -e "$d1" ] && [ ! -e "$d3" ] && ! answers "$port1" && ! answers "$port3"; then
    ok "the other clusters stop too"
else
    not_ok "the other clusters stop too"
fi

out=$("$PGC" 2>&1)
expect_eq 2 "$?" "no subcommand is a usage error (exit 2)"
expect_match 'usage:' "$out" "... with a usage message"

finish
