#!/usr/bin/env bash
# scripts/valgrind.sh — runs datalots under Valgrind's memcheck: a server's
# start → requests → stop cycle, and every command of `datalots --help`
# with --help and once for real. Fails on any memory error (invalid read or
# write, use of an uninitialised value, bad free, overlapping copy) and on
# any leak of ours (definitely or indirectly lost). Libraries' one-time
# caches are in tests/valgrind.supp, each with the reason it is not ours.
#   bash scripts/valgrind.sh             everything (`make valgrind`)
#   VALGRIND_ONLY="server age" bash scripts/valgrind.sh   only the tests whose
#                                        names contain one of the words
#   VALGRIND_JOBS=1                      one run at a time (default 2: the
#                                        server and the --help runs beside
#                                        the commands' real runs)
#   VALGRIND_ORIGINS=1                   --track-origins=yes on every run
#                                        (a run found using an uninitialised
#                                        value is run again with it anyway)
#   DATALOTS_BIN=path                    another binary (default ./datalots,
#                                        the release build: -O2 -g, no ASan)
#   DATALOTS_TEST_PG=URL                 a PostgreSQL cluster (tests/with-pg.sh):
#                                        the server cycle on it too, and
#                                        db copy into it
# One test per run under valgrind; a run's log is build/valgrind/NAME.vg,
# its output NAME.out and NAME.err beside it. The setup — demo stores, a
# case approved for extraction, a helper server, an SMTP catcher — is done
# by the same binary natively. The last line is "valgrind: N passed, N
# failed", so tests/run.sh runs it as a suite. docs/valgrind.md says why
# these flags, and how to read and fix a finding.
# shellcheck disable=SC1091,SC2034,SC2054 # sourced files; SMTP is theirs; flags take commas
set -u
cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD
BIN=${DATALOTS_BIN:-$ROOT/datalots}
case $BIN in /*) ;; *) BIN=$ROOT/$BIN ;; esac
LOGS=$ROOT/build/valgrind
for need in valgrind cc; do
    if ! command -v "$need" >/dev/null; then
        echo "not ok - $need is not installed (scripts/install-deps.sh installs it)"
        echo "valgrind: 0 passed, 1 failed"
        exit 1
    fi
done
if [ ! -x "$BIN" ] || [ ! -e "$ROOT/locale/en/LC_MESSAGES/datalots.mo" ]; then
    echo "not ok - $BIN or its translations are missing; run make"
    echo "valgrind: 0 passed, 1 failed"
    exit 1
fi
# lib.sh: ok/not_ok, http/login/post, the temporary folder $T and its
# cleanup (servers in SERVER_PIDS are stopped at exit). Its DL is our binary.
export DATALOTS_BIN=$BIN
. "$ROOT/tests/e2e/lib.sh"
rm -rf "$LOGS"
mkdir -p "$LOGS"
START=$(date +%s)

# --error-exitcode: 97, which no datalots command uses, tells a finding
# from the command's own failure. --errors-for-leak-kinds: definitely and
# indirectly lost blocks are errors; "possibly lost" ones (a pointer into a
# block's middle) are listed in the log, "still reachable" ones (held at
# exit: the libraries' type systems and caches) only counted.
# --gen-suppressions=all: each finding's log entry ends with the
# suppression that would hide it — for a library's cache only (tests/valgrind.supp).
VG=(valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect,possible
    --errors-for-leak-kinds=definite,indirect --num-callers=40 --error-exitcode=97
    --gen-suppressions=all --suppressions="$ROOT/tests/valgrind.supp")
[ "${VALGRIND_ORIGINS:-0}" = 1 ] && VG+=(--track-origins=yes)

selected() { # selected NAME — VALGRIND_ONLY empty, or a word of it in NAME
    local w
    [ -z "${VALGRIND_ONLY:-}" ] && return 0
    for w in $VALGRIND_ONLY; do [[ $1 == *"$w"* ]] && return 0; done
    return 1
}

# first_finding LOG — the first error of a valgrind log, without the prefix.
first_finding() {
    sed -e 's/^==[0-9]*== \{0,1\}//' "$1" |
        awk '/^(Invalid|Conditional jump|Use of uninitialised|Syscall param|Mismatched|Source and destination|Argument|[0-9,]+ (\([0-9,]+ direct, [0-9,]+ indirect\) )?bytes in [0-9,]+ blocks are (definitely|indirectly) lost)/ {on = 1}
             on && /^$/ {exit} on {print}' | head -30
}

# verdict NAME RC WANTED — one test line for the run whose log is NAME.vg.
verdict() {
    local name=$1 rc=$2 want=$3 log=$LOGS/$1.vg errors
    errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9,]*\) errors.*/\1/p' "$log" 2>/dev/null | tail -1)
    if [ "$rc" = 97 ] || [ "${errors:-none}" != 0 ]; then
        not_ok "$name" "valgrind: ${errors:-no} errors (exit $rc), log ${log#"$ROOT"/}; the first:
$(first_finding "$log")"
    elif ! [[ $rc =~ ^($want)$ ]]; then
        not_ok "$name" "exit $rc, wanted $want; stderr: $(head -c 600 "$LOGS/$name.err")"
    else
        ok "$name"
    fi
}

# vg NAME WANTED-EXIT ARGS... — datalots ARGS under memcheck, standard
# input from /dev/null; WANTED-EXIT is an ERE; a run is stopped after
# 300 s (exit 124). A run that
# used an uninitialised value is run again with --track-origins=yes, so
# its log says where the value came from.
vg() {
    local name=$1 want=$2 rc
    shift 2
    selected "$name" || return 0
    timeout -k 10 300 "${VG[@]}" --log-file="$LOGS/$name.vg" "$BIN" "$@" </dev/null >"$LOGS/$name.out" 2>"$LOGS/$name.err"
    rc=$?
    if [ "$rc" = 97 ] && [[ " ${VG[*]} " != *" --track-origins=yes "* ]] &&
        grep -q 'uninitialised' "$LOGS/$name.vg"; then
        timeout -k 10 300 "${VG[@]}" --track-origins=yes --log-file="$LOGS/$name.vg" "$BIN" "$@" </dev/null \
            >"$LOGS/$name.out" 2>"$LOGS/$name.err"
        rc=$?
    fi
    verdict "$name" "$rc" "$want"
}

# The harness itself: memcheck, with these flags and suppressions, fails a
# program that leaks a block and branches on an uninitialised byte.
planted() {
    selected planted || return 0
    printf '%s\n' '#include <stdlib.h>' '#include <stdio.h>' \
        'int main(void) { char *p = malloc(64); char *q = malloc(8); q = 0;' \
        '  if (p[3] == 7) puts("seven"); else puts("other"); return q != 0; }' >"$T/planted.c"
    cc -O0 -g -o "$T/planted" "$T/planted.c"
    "${VG[@]}" --log-file="$LOGS/planted.vg" "$T/planted" >/dev/null 2>&1
    local rc=$?
    if [ "$rc" = 97 ] && grep -q 'Conditional jump or move depends on uninitialised' "$LOGS/planted.vg" &&
        grep -q '8 bytes in 1 blocks are definitely lost' "$LOGS/planted.vg"; then
        ok "planted: memcheck fails a leak and an uninitialised read"
    else
        not_ok "planted: memcheck fails a leak and an uninitialised read" "exit $rc; see ${LOGS#"$ROOT"/}/planted.vg"
    fi
}

# --- setup, natively ----------------------------------------------------------
# The demo store (its fourteen password hashes would take valgrind half a
# minute), then the server's store: the guide, the network, obstacles,
# cases, questions; copies of both for the commands (bare.db, full.db).
setup_fail() { not_ok "setup: $1" "$(tail -5 "$T/setup.log")"; echo "valgrind: 0 passed, 1 failed"; exit 1; }
# fill_store URL — a demo store with content, natively.
fill_store() {
    "$DL" catalog import content --db "$1" &&
        "$DL" catalog holder RH vastra-gotalandsregionen --db "$1" &&
        "$DL" demo network --db "$1" &&
        "$DL" demo obstacles --count 40 --seed 1 --db "$1" &&
        "$DL" demo cases --count 40 --seed 1 --db "$1" &&
        "$DL" demo questions --db "$1"
} >>"$T/setup.log" 2>&1
: >"$T/setup.log"
"$DL" init --db "sqlite:$T/base.db" --demo >>"$T/setup.log" 2>&1 || setup_fail "init --demo"
cp "$T/base.db" "$T/srv.db"
fill_store "sqlite:$T/srv.db" || setup_fail "the server's store"
cp "$T/base.db" "$T/bare.db"
cp "$T/srv.db" "$T/full.db"
PG_SRV=
if on_pg; then
    pg_create_db template0 || setup_fail "a PostgreSQL database for the server"
    PG_SRV=$PG_NEW_URL
    if ! { "$DL" init --db "$PG_SRV" --demo >>"$T/setup.log" 2>&1 && fill_store "$PG_SRV"; }; then
        setup_fail "the server's PostgreSQL store"
    fi
    pg_create_db template0 || setup_fail "an empty PostgreSQL database for db copy"
    PG_COPY=$PG_NEW_URL
fi
# An SMTP catcher for the outbox (serve --smtp-url, mail send).
SMTP_PORT=$(free_port)
/usr/bin/python3 "$ROOT/tests/smtp_server.py" --port "$SMTP_PORT" --dir "$T/inbox" >"$T/smtp.out" 2>"$T/smtp.err" &
SERVER_PIDS+=("$!")
for _ in $(seq 1 100); do grep -q '^listening on' "$T/smtp.out" 2>/dev/null && break; sleep 0.05; done
SMTP=(--smtp-url "smtp://127.0.0.1:$SMTP_PORT" --smtp-from "datalots <noreply@region.example>")

. "$ROOT/scripts/valgrind_server.sh"
. "$ROOT/scripts/valgrind_cli.sh"

# Two lanes: the server cycles (which wait on curl half the time), the
# --help runs and the runs that need no store; beside them the real runs on
# the stores, which build on each other. Each lane's ok/not ok lines go to
# its own file.
cli_setup >"$T/lane0" 2>&1
lane_one() {
    local t0=$SECONDS
    planted
    selected "server (SQLite)" && server_cycle SQLite "sqlite:$T/srv.db"
    [ -n "$PG_SRV" ] && selected "server (PostgreSQL)" && server_cycle PostgreSQL "$PG_SRV"
    help_runs
    free_runs
    echo "# lane 1 (servers, --help, no store): $((SECONDS - t0)) s"
}
if [ "${VALGRIND_JOBS:-2}" -gt 1 ]; then
    ( lane_one ) >"$T/lane1" 2>&1 &
    lane=$!
    cli_runs >"$T/lane2" 2>&1
    wait "$lane"
else
    lane_one >"$T/lane1" 2>&1
    cli_runs >"$T/lane2" 2>&1
fi
every_command_ran >>"$T/lane2"
cat "$T/lane0" "$T/lane1" "$T/lane2"
passed=$(cat "$T/lane0" "$T/lane1" "$T/lane2" | grep -c '^ok - ')
failed=$(cat "$T/lane0" "$T/lane1" "$T/lane2" | grep -c '^not ok - ')
echo "# valgrind: $(($(date +%s) - START)) s; logs in ${LOGS#"$ROOT"/}/"
echo "valgrind: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
