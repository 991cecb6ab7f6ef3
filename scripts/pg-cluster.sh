#!/usr/bin/env bash
# scripts/pg-cluster.sh — a throwaway PostgreSQL cluster for tests and
# benchmarks: fresh initdb, trust auth, loopback TCP on a free port, no
# fsync. Nothing here is fit for data anyone wants to keep.
#
#   pg-cluster.sh start DIR          new cluster in DIR (must not exist or be
#                                    empty); prints one line, the URL
#                                    postgresql://postgres@127.0.0.1:PORT/datalots
#   pg-cluster.sh stop DIR           stops the cluster and removes DIR;
#                                    no error if stopped already or DIR is gone
#   pg-cluster.sh createdb DIR NAME  new database NAME; prints its URL
#   pg-cluster.sh url DIR            prints the URL of the cluster's datalots db
#
# Typical use:
#   dir=$(mktemp -d) && trap 'scripts/pg-cluster.sh stop "$dir"' EXIT
#   url=$(scripts/pg-cluster.sh start "$dir") || exit 1
#
# DIR holds: data/ (PGDATA), log (initdb, pg_ctl and server output), url,
# port, the server's unix socket (.s.PGSQL.PORT) and .pg-cluster (the marker
# that lets `stop` remove DIR). Run as root, the server runs as the system
# user postgres (runuser) and DIR is chowned to it; a directory above DIR
# that postgres cannot search is made searchable (o+x) when it lies inside
# ${TMPDIR:-/tmp} (e.g. a mktemp -d directory), otherwise start refuses.
# Clusters started by this script in different DIRs run side by side, each on
# its own port. Should DIR be deleted under a running server, the server shuts
# itself down within about a minute (it rechecks its postmaster.pid).
#
# PG_CLUSTER_BINDIR overrides the PostgreSQL bin directory (default: the
# newest /usr/lib/postgresql/*/bin, else pg_config --bindir, else PATH).
set -uo pipefail

prog=pg-cluster.sh
OS_USER=postgres        # the system user the server runs as when we are root
START_TIMEOUT=30        # seconds from initdb done to "ready"
MARKER=.pg-cluster

bindir_override=${PG_CLUSTER_BINDIR:-}
# Nothing from the caller's libpq environment (PGHOST, PGPORT, PGDATABASE,
# PGOPTIONS, ...) may steer the clients or servers started here.
while IFS= read -r v; do unset "$v"; done < <(compgen -e | grep -E '^PG[A-Z_]*$')

die() {
    printf '%s: %s\n' "$prog" "$*" >&2
    exit 1
}

usage() {
    cat <<EOF
usage: $prog start DIR          create and start a throwaway cluster in DIR
                                (new or empty); prints its URL
       $prog stop DIR           stop it and remove DIR (idempotent)
       $prog createdb DIR NAME  create database NAME; prints its URL
       $prog url DIR            print the URL of the cluster's datalots database
EOF
}

is_root() { [ "$(id -u)" = 0 ]; }

# The PostgreSQL bin directory with initdb, pg_ctl, pg_isready, createdb.
find_bindir() {
    local d
    if [ -n "$bindir_override" ]; then
        [ -x "$bindir_override/initdb" ] || die "PG_CLUSTER_BINDIR=$bindir_override has no initdb"
        echo "$bindir_override"
        return
    fi
    d=$(for b in /usr/lib/postgresql/*/bin; do [ -x "$b/initdb" ] && echo "$b"; done | sort -V | tail -1)
    if [ -z "$d" ] && command -v pg_config >/dev/null 2>&1; then
        d=$(pg_config --bindir 2>/dev/null)
        [ -x "$d/initdb" ] || d=
    fi
    if [ -z "$d" ] && command -v initdb >/dev/null 2>&1; then
        d=$(dirname "$(command -v initdb)")
    fi
    [ -n "$d" ] || die "no PostgreSQL server binaries found (initdb); install postgresql or set PG_CLUSTER_BINDIR"
    echo "$d"
}

# abs_dir PATH — absolute, normalized (symlinks resolved), from the caller's
# working directory.
abs_dir() {
    local p=$1
    [ -n "$p" ] || die "DIR must not be empty"
    case $p in /*) ;; *) p=$PWD/$p ;; esac
    realpath -m -- "$p" 2>/dev/null || die "cannot resolve $1"
}

# as_user USER CMD... — run CMD as USER (via runuser when we are root and
# USER is someone else), else as ourselves.
as_user() {
    local u=$1
    shift
    if is_root && [ "$u" != root ]; then
        runuser -u "$u" -- "$@"
    else
        "$@"
    fi
}

# alive PID — the process exists and is not a zombie.
alive() {
    local st
    st=$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$1/stat" 2>/dev/null) || return 1
    [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

# postmaster_pid DATA — the pid in DATA/postmaster.pid if that process is a
# live postgres serving DATA; nothing otherwise.
postmaster_pid() {
    local data=$1 pid
    [ -f "$data/postmaster.pid" ] || return 1
    pid=$(head -1 "$data/postmaster.pid" 2>/dev/null)
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    alive "$pid" || return 1
    tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- "$data" || return 1
    echo "$pid"
}

# server_down DIR MODE — stops the server of DIR/data (pg_ctl stop -m MODE,
# then immediate, then SIGKILL). Returns non-zero only if it still runs.
server_down() {
    local dir=$1 mode=$2 data=$1/data owner pid log=/dev/null
    [ -d "$data" ] || return 0
    [ -w "$dir/log" ] && log=$dir/log
    pid=$(postmaster_pid "$data") || return 0
    owner=$(stat -c %U "$data" 2>/dev/null || id -un)
    as_user "$owner" "$BIN/pg_ctl" -D "$data" -m "$mode" -w -t 20 stop >>"$log" 2>&1
    pid=$(postmaster_pid "$data") || return 0
    as_user "$owner" "$BIN/pg_ctl" -D "$data" -m immediate -w -t 10 stop >>"$log" 2>&1
    pid=$(postmaster_pid "$data") || return 0
    kill -KILL "$pid" 2>/dev/null
    for _ in $(seq 1 50); do
        alive "$pid" || return 0
        sleep 0.1
    done
    return 1
}

# pick_port — a loopback TCP port that nobody has bound right now, below the
# kernel's ephemeral range (where port-0 servers and clients land).
pick_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 - <<'EOF' 2>/dev/null && return 0
import random, socket, sys
try:
    lo = int(open('/proc/sys/net/ipv4/ip_local_port_range').read().split()[0])
except Exception:
    lo = 32768
hi = lo - 1 if lo > 11000 else 60999
for _ in range(500):
    p = random.randint(10000, hi)
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(('127.0.0.1', p))
    except OSError:
        continue
    finally:
        s.close()
    print(p)
    sys.exit(0)
sys.exit(1)
EOF
    fi
    local p lo _
    read -r lo _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || lo=32768
    [ "$lo" -gt 11000 ] || lo=61000
    for _ in $(seq 1 500); do
        p=$((10000 + (RANDOM * 32768 + RANDOM) % (lo - 10000)))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

# When root: the server user must reach DIR. A blocking directory inside the
# temp area gets o+x (search only); elsewhere we refuse.
ensure_reachable() {
    local dir=$1 tmproot a prefix comp
    runuser -u "$OS_USER" -- test -x "$dir" -a -w "$dir" 2>/dev/null && return 0
    tmproot=$(realpath -m -- "${TMPDIR:-/tmp}")
    prefix=
    IFS=/ read -r -a comps <<<"${dir#/}"
    for comp in "${comps[@]}"; do
        a=$prefix/$comp
        prefix=$a
        [ "$a" = "$dir" ] && break
        runuser -u "$OS_USER" -- test -x "$a" 2>/dev/null && continue
        case $a/ in
            "$tmproot"/?*)
                chmod o+x "$a" 2>/dev/null || fail "cannot make $a searchable for $OS_USER"
                ;;
            *)
                fail "$OS_USER (the server user) cannot reach $dir: $a is not searchable by it;" \
                    "use a directory under ${TMPDIR:-/tmp} (e.g. \$(mktemp -d))"
                ;;
        esac
    done
    runuser -u "$OS_USER" -- test -x "$dir" -a -w "$dir" 2>/dev/null ||
        fail "$OS_USER (the server user) cannot write to $dir"
}

# --- start --------------------------------------------------------------------

S_DIR=
S_CLAIMED=0
S_DONE=0

fail() {
    printf '%s: start %s: %s\n' "$prog" "$S_DIR" "$*" >&2
    if [ "$S_CLAIMED" = 1 ] && [ -s "$S_DIR/log" ]; then
        echo "$prog: last lines of $S_DIR/log:" >&2
        tail -n 15 "$S_DIR/log" | sed 's/^/    /' >&2
    fi
    exit 1
}

# On any failure after DIR was claimed: nothing left running, no data files;
# DIR keeps its log and marker (so `stop DIR` still cleans up).
start_exit() {
    [ "$S_CLAIMED" = 1 ] && [ "$S_DONE" = 0 ] || return 0
    server_down "$S_DIR" immediate
    rm -rf "$S_DIR/data" "$S_DIR/url" "$S_DIR/port"
}

cmd_start() {
    local dir port url attempt off deadline run_as initdb_args rc
    dir=$(abs_dir "$1") || exit 1
    S_DIR=$dir
    # The path goes into postgresql.conf and pg_ctl's sh command line.
    [[ $dir =~ ^[A-Za-z0-9._/+@:=~%\ -]+$ ]] ||
        fail "DIR may contain only letters, digits, spaces and ._/+@:=~%- (the path goes into postgresql.conf)"
    # The unix socket DIR/.s.PGSQL.NNNNN must fit in sun_path (107 bytes).
    [ $((${#dir} + 15)) -le 107 ] ||
        fail "path too long for the server's unix socket (${#dir} > 92 characters); use a shorter DIR"
    if [ -e "$dir" ] || [ -L "$dir" ]; then
        [ -d "$dir" ] || fail "exists and is not a directory"
        if [ -n "$(ls -A -- "$dir" 2>/dev/null)" ]; then
            [ -e "$dir/$MARKER" ] &&
                fail "directory is not empty: a cluster from this script is (or was) there; '$prog stop $dir' first"
            fail "directory is not empty; start needs a new or empty directory"
        fi
    fi
    if is_root; then
        run_as=$OS_USER
        id -u "$OS_USER" >/dev/null 2>&1 || fail "no system user $OS_USER to run the server as"
    else
        run_as=$(id -un)
    fi
    BIN=$(find_bindir) || exit 1

    trap start_exit EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM HUP
    mkdir -p -- "$dir" || fail "cannot create the directory"
    : >"$dir/$MARKER" || fail "cannot write in the directory"
    S_CLAIMED=1
    : >"$dir/log"
    if is_root; then
        chown "$OS_USER": "$dir" "$dir/log" || fail "cannot chown the directory to $OS_USER"
        ensure_reachable "$dir"
    fi

    initdb_args=(-D "$dir/data" --auth=trust --username=postgres --encoding=UTF8 --no-sync)
    if ! as_user "$run_as" "$BIN/initdb" "${initdb_args[@]}" --locale=C.UTF-8 >>"$dir/log" 2>&1; then
        echo "# $prog: initdb --locale=C.UTF-8 failed; retrying with --no-locale" >>"$dir/log"
        rm -rf "$dir/data"
        as_user "$run_as" "$BIN/initdb" "${initdb_args[@]}" --no-locale >>"$dir/log" 2>&1 ||
            fail "initdb failed"
    fi
    cat >>"$dir/data/postgresql.conf" <<EOF || fail "cannot write postgresql.conf"

# --- added by scripts/pg-cluster.sh: a throwaway cluster, speed over safety ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF

    deadline=$((SECONDS + START_TIMEOUT))
    port=
    for attempt in 1 2 3 4 5 6; do
        port=$(pick_port) || fail "found no free loopback port"
        off=$(stat -c %s "$dir/log")
        # shellcheck disable=SC2094 # pg_ctl and the server both append to the log
        as_user "$run_as" "$BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t "$START_TIMEOUT" \
            -o "-p $port" start >>"$dir/log" 2>&1
        rc=$?
        [ "$rc" = 0 ] && break
        server_down "$dir" immediate
        # Another process took the port between the probe and the bind: again.
        if tail -c +$((off + 1)) "$dir/log" | grep -qiE 'Address already in use|could not bind|could not create any TCP/IP sockets'; then
            port=
            [ "$SECONDS" -lt "$deadline" ] && continue
        fi
        fail "the server did not start (pg_ctl exit $rc)"
    done
    [ -n "$port" ] || fail "the server could not bind a port after $attempt tries"

    until "$BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -t 2; do
        [ "$SECONDS" -lt "$deadline" ] || fail "the server was not ready within $START_TIMEOUT s"
        postmaster_pid "$dir/data" >/dev/null || fail "the server exited"
        sleep 0.1
    done
    "$BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres -O postgres datalots >>"$dir/log" 2>&1 ||
        fail "createdb datalots failed"

    url=postgresql://postgres@127.0.0.1:$port/datalots
    { echo "$url" >"$dir/url" && echo "$port" >"$dir/port"; } || fail "cannot write $dir/url"
    S_DONE=1
    echo "$url"
}

# --- stop, createdb, url -------------------------------------------------------

cmd_stop() {
    local dir
    dir=$(abs_dir "$1") || exit 1
    [ -e "$dir" ] || [ -L "$dir" ] || return 0
    [ -d "$dir" ] || die "stop: $dir is not a directory"
    if [ ! -e "$dir/$MARKER" ]; then
        # Not ours (or never got that far): only an empty directory goes.
        if [ -z "$(ls -A -- "$dir" 2>/dev/null)" ]; then
            rmdir -- "$dir" 2>/dev/null
            return 0
        fi
        die "stop: $dir was not made by '$prog start' (no $MARKER in it); not removing it"
    fi
    BIN=$(find_bindir) || exit 1
    server_down "$dir" fast || die "stop: the server of $dir would not stop (see $dir/log); $dir kept"
    rm -rf -- "$dir" || die "stop: cannot remove $dir"
}

cluster_port() {
    local dir=$1 port
    [ -f "$dir/port" ] || die "no cluster in $dir (no $dir/port; was '$prog start $dir' run?)"
    port=$(cat "$dir/port")
    [[ $port =~ ^[0-9]+$ ]] || die "bad $dir/port: $port"
    echo "$port"
}

cmd_createdb() {
    local dir name port out
    dir=$(abs_dir "$1") || exit 1
    name=$2
    [[ $name =~ ^[A-Za-z_][A-Za-z0-9_-]{0,62}$ ]] ||
        die "createdb: database name must be 1-63 of A-Z a-z 0-9 _ - and start with a letter or _: $name"
    port=$(cluster_port "$dir") || exit 1
    BIN=$(find_bindir) || exit 1
    out=$("$BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres -O postgres "$name" 2>&1) ||
        die "createdb $name in $dir failed: $out"
    echo "postgresql://postgres@127.0.0.1:$port/$name"
}

cmd_url() {
    local dir
    dir=$(abs_dir "$1") || exit 1
    [ -s "$dir/url" ] || die "no cluster in $dir (no $dir/url; was '$prog start $dir' run?)"
    cat "$dir/url"
}

# --- main ----------------------------------------------------------------------

cmd=${1:-}
case $cmd in
    start | stop | url)
        [ $# = 2 ] || { usage >&2; exit 2; }
        ;;
    createdb)
        [ $# = 3 ] || { usage >&2; exit 2; }
        ;;
    -h | --help | help)
        usage
        exit 0
        ;;
    *)
        usage >&2
        exit 2
        ;;
esac
# DIR is resolved against the caller's directory; after that we work from /
# so that the server user never starts in a directory it cannot enter.
a2=$(abs_dir "$2") || exit 1
cd / || exit 1
case $cmd in
    start) cmd_start "$a2" ;;
    stop) cmd_stop "$a2" ;;
    createdb) cmd_createdb "$a2" "$3" ;;
    url) cmd_url "$a2" ;;
esac
