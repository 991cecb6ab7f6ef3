#!/usr/bin/env bash
# tests/e2e/run.sh — runs every tests/e2e/t_*.sh against the sanitized
# binary (build/san/datalots; DATALOTS_BIN overrides), sums their
# "N passed, N failed" lines and ends with "e2e: N passed, N failed" (the
# label is DATALOTS_TEST_SUITE when set, e.g. e2e-pg).
# A file that dies without its summary line counts as one failure.
# With DATALOTS_TEST_PG set (tests/with-pg.sh) every store is a PostgreSQL
# database in that cluster instead of a SQLite file (see lib.sh).
#   E2E_ONLY="t_cli t_http" tests/e2e/run.sh   run only some files
#   E2E_JOBS=1 tests/e2e/run.sh                run the files one at a time
#   E2E_KEEP=1                                 keep the temp dirs
set -u
cd "$(dirname "$0")/../.." || exit 2
suite=${DATALOTS_TEST_SUITE:-e2e}
here=tests/e2e
bin=${DATALOTS_BIN:-build/san/datalots}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
export DATALOTS_BIN=$bin

if [ ! -x "$DATALOTS_BIN" ]; then
    echo "not ok - $DATALOTS_BIN is missing; run make build/san/datalots"
    echo "$suite: 0 passed, 1 failed"
    exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/dl-e2e-run.XXXXXX")
pg_template=
# pgsql SQL... — on the cluster's own database (DATALOTS_TEST_PG).
pgsql() {
    local s args=()
    for s in "$@"; do args+=(-c "$s"); done
    PGOPTIONS='-c client_min_messages=warning' psql -X -q -A -t -v ON_ERROR_STOP=1 "$DATALOTS_TEST_PG" "${args[@]}"
}
# shellcheck disable=SC2317 # run by the EXIT trap
run_cleanup() {
    [ -n "$pg_template" ] && pgsql "DROP DATABASE IF EXISTS $pg_template WITH (FORCE)" >/dev/null 2>&1
    rm -rf "$work"
}
trap run_cleanup EXIT

# One demo store made once; every server starts from a copy of it: a SQLite
# file, or a PostgreSQL database that lib.sh's new_store copies with CREATE
# DATABASE … TEMPLATE (which needs no session connected to the template, so
# it accepts none once made).
unset DATALOTS_DB DATALOTS_CONFIG DATALOTS_PASSWORD
if [ -n "${DATALOTS_TEST_PG:-}" ]; then
    echo "# stores: PostgreSQL databases in ${DATALOTS_TEST_PG%/*}"
    name=e2e_template_$$
    u=${DATALOTS_TEST_PG%%\?*}
    url=${u%/*}/$name${DATALOTS_TEST_PG:${#u}}
    if pgsql "CREATE DATABASE $name TEMPLATE template0" >"$work/init.out" 2>&1; then
        pg_template=$name
        if "$DATALOTS_BIN" init --db "$url" --demo >>"$work/init.out" 2>&1 &&
            pgsql "ALTER DATABASE $name ALLOW_CONNECTIONS false" >>"$work/init.out" 2>&1; then
            export E2E_TEMPLATE_PG=$name
        fi
    fi
    if [ -z "${E2E_TEMPLATE_PG:-}" ]; then
        echo "# the PostgreSQL demo template failed; each file will make its own stores:"
        sed 's/^/#   /' "$work/init.out"
    fi
elif "$DATALOTS_BIN" init --db "sqlite:$work/template.db" --demo >"$work/init.out" 2>&1; then
    export E2E_TEMPLATE_DB=$work/template.db
else
    echo "# datalots init --demo failed; each file will try on its own:"
    sed 's/^/#   /' "$work/init.out"
fi

files=()
if [ -n "${E2E_ONLY:-}" ]; then
    for n in $E2E_ONLY; do files+=("$here/${n%.sh}.sh"); done
else
    # The slowest files start first, so that none of them is left running
    # alone at the end (measured: tests/run.sh prints each file's seconds).
    slow_first=(t_soak t_age t_oidc t_accounts t_roles t_extract t_oidc_admin t_oidc_attacks t_cases t_catalog_rdf t_case_letters t_routes t_audit t_cli)
    for n in "${slow_first[@]}"; do [ -f "$here/$n.sh" ] && files+=("$here/$n.sh"); done
    for f in "$here"/t_*.sh; do
        case " ${slow_first[*]} " in *" $(basename "$f" .sh) "*) ;; *) files+=("$f") ;; esac
    done
fi

# Files run in parallel (each has its own servers and stores); the output of
# each is printed whole, in order.
jobs=${E2E_JOBS:-4}
pids=()
for i in "${!files[@]}"; do
    f=${files[$i]}
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do sleep 0.2; done
    ( start=$(date +%s); timeout 600 bash "$f" >"$work/out.$i" 2>&1; echo $? >"$work/rc.$i";
      echo $(( $(date +%s) - start )) >"$work/secs.$i" ) &
    pids[$i]=$!
done

total_pass=0
total_fail=0
for i in "${!files[@]}"; do
    wait "${pids[$i]}"
    f=${files[$i]}
    echo "# --- $(basename "$f") ($(cat "$work/secs.$i" 2>/dev/null || echo ?) s)"
    cat "$work/out.$i"
    last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$work/out.$i" | tail -1)
    if [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
        total_pass=$((total_pass + BASH_REMATCH[1]))
        total_fail=$((total_fail + BASH_REMATCH[2]))
        rc=$(cat "$work/rc.$i" 2>/dev/null || echo 1)
        if [ "$rc" != 0 ] && [ "${BASH_REMATCH[2]}" = 0 ]; then
            echo "not ok - $(basename "$f") exited $rc"
            total_fail=$((total_fail + 1))
        fi
    else
        echo "not ok - $(basename "$f") died without a summary (exit $(cat "$work/rc.$i" 2>/dev/null))"
        total_fail=$((total_fail + 1))
    fi
done

echo "$suite: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
