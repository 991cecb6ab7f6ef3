#!/usr/bin/env bash
# tests/run.sh — runs every test suite of datalots and ends with one line
# "N passed, N failed" summing them. Suites named *-pg run against a
# throwaway PostgreSQL cluster (tests/with-pg.sh); the others on SQLite. Each suite is a command whose last line
# of output is "<suite>: N passed, N failed"; a suite that dies without that
# line counts as one failure. `make check` builds first, then runs this.
#   SUITES="unit e2e" tests/run.sh    run only some suites
set -u
cd "$(dirname "$0")/.."

declare -A suite_cmd=(
  [style]="bash scripts/check-style.sh"
  # Leak detection on: the unit tests check for leaks themselves
  # (__lsan_do_recoverable_leak_check, which does nothing under detect_leaks=0);
  # library caches are suppressed in tests/lsan.supp (tests/unit/leak_setup.c).
  [unit]="env ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 build/san/unit-tests"
  [unit-pg]="env DATALOTS_TEST_SUITE=unit-pg bash tests/with-pg.sh build/san/unit-tests"
  [e2e]="env -u DATALOTS_TEST_PG -u DATALOTS_TEST_SUITE bash tests/e2e/run.sh"
  [e2e-pg]="env DATALOTS_TEST_SUITE=e2e-pg bash tests/with-pg.sh bash tests/e2e/run.sh"
  [browser]="bash tests/browser/run.sh"
  # every libFuzzer target of fuzz/ for 5 s (ASan, UBSan, leaks); docs/fuzzing.md
  [fuzz]="bash scripts/fuzz.sh 5"
  # the release build under Valgrind's memcheck: a server cycle on each
  # store and every command (scripts/valgrind.sh, docs/valgrind.md)
  [valgrind]="env DATALOTS_TEST_SUITE=valgrind bash tests/with-pg.sh bash scripts/valgrind.sh"
)
# Stages run one after another; the suites of one stage (joined by +) run at
# the same time, each into its own log, printed whole in order when the stage
# ends. A SQLite suite and its PostgreSQL twin share a stage: neither keeps
# both cores busy alone (most of an e2e file's time is spent waiting).
# The fuzz targets take one core for about a minute, beside the style check
# and the Valgrind runs (two lanes, mostly one core while the fuzzing goes on).
order=("style+fuzz+valgrind" "unit+unit-pg" "e2e+e2e-pg" browser)
selected=" ${SUITES:-style fuzz valgrind unit unit-pg e2e e2e-pg browser} "
for name in $selected; do
  [ -n "${suite_cmd[$name]:-}" ] || { echo "tests/run.sh: unknown suite $name" >&2; exit 2; }
done

total_pass=0
total_fail=0
summary=()
work=$(mktemp -d "${TMPDIR:-/tmp}/datalots-tests.XXXXXX") # a name of its own: a sweep of /tmp/tmp.* on a shared machine once took it mid-run
trap 'rm -rf "$work"' EXIT
for stage in "${order[@]}"; do
  names=()
  for name in ${stage//+/ }; do
    [[ $selected == *" $name "* ]] && names+=("$name")
  done
  for name in "${names[@]}"; do
    # ASan/UBSan: fail loudly; leaks are checked where tests ask for them.
    ( start=$(date +%s)
      ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
        ${suite_cmd[$name]} >"$work/$name.log" 2>&1
      echo $(( $(date +%s) - start )) >"$work/$name.secs" ) &
  done
  wait
  for name in "${names[@]}"; do
    echo "=== $name ($(cat "$work/$name.secs") s)"
    cat "$work/$name.log"
    last=$(grep -E '^[a-z0-9_-]+: [0-9]+ passed, [0-9]+ failed' "$work/$name.log" | tail -1)
    if [[ $last =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
      total_pass=$((total_pass + BASH_REMATCH[1]))
      total_fail=$((total_fail + BASH_REMATCH[2]))
      summary+=("$last ($(cat "$work/$name.secs") s)")
    else
      total_fail=$((total_fail + 1))
      summary+=("$name: died without a summary (counted as 1 failure)")
    fi
  done
done
# The failures again, at the end: a CI log is often read from its tail.
# (e2e, valgrind, style and fuzz print "not ok - …", unit "FAIL …", the
# browser tests "✖ …" and node's "not ok N - …".)
failures=$(for name in $selected; do
  [ -f "$work/$name.log" ] &&
    grep -E '^ *(not ok|FAIL |✖ )' "$work/$name.log" | grep -v '✖ failing tests' | sed "s/^/$name: /"
done)
if [ -n "$failures" ]; then
  echo "=== failures"
  printf '%s\n' "$failures" | head -40
fi
echo "=== summary"
printf '%s\n' "${summary[@]}"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
