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
)
order=(style unit unit-pg e2e e2e-pg browser)
selected=${SUITES:-${order[*]}}

total_pass=0
total_fail=0
summary=()
for name in $selected; do
  cmd=${suite_cmd[$name]:-}
  if [ -z "$cmd" ]; then echo "tests/run.sh: unknown suite $name" >&2; total_fail=$((total_fail + 1)); continue; fi
  echo "=== $name"
  log=$(mktemp)
  # ASan/UBSan: fail loudly; leaks are checked where tests ask for them.
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    $cmd 2>&1 | tee "$log"
  last=$(grep -E '^[a-z0-9_-]+: [0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
  if [[ $last =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
    total_pass=$((total_pass + BASH_REMATCH[1]))
    total_fail=$((total_fail + BASH_REMATCH[2]))
    summary+=("$last")
  else
    total_fail=$((total_fail + 1))
    summary+=("$name: died without a summary (counted as 1 failure)")
  fi
  rm -f "$log"
done
echo "=== summary"
printf '%s\n' "${summary[@]}"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
