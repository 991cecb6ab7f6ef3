#!/usr/bin/env bash
# scripts/fuzz.sh — runs libFuzzer targets of fuzz/ (built by `make
# fuzz-build` into build/fuzz/) for a bounded time each, and fails when any
# of them finds a crash, a sanitizer report, a leak or a broken invariant.
#   bash scripts/fuzz.sh SECONDS [TARGET...]    (default: every target)
# Each target starts from its seed corpus fuzz/corpus/NAME/ (read only) and
# keeps what it learns in build/fuzz/corpus/NAME/, so later runs start
# further on. A finding is written to build/fuzz/findings/NAME-crash-…;
# reproduce it with build/fuzz/fuzz_NAME FILE. Per target the last line of
# libFuzzer's statistics (executions per second, cov:) is printed; the last
# line is "fuzz: N passed, N failed", so tests/run.sh can run it as a suite.
set -u
cd "$(dirname "$0")/.."
secs=${1:?usage: scripts/fuzz.sh SECONDS [TARGET...]}
shift
targets=("$@")
if ((${#targets[@]} == 0)); then
  for f in fuzz/fuzz_*.c; do t=${f#fuzz/fuzz_}; targets+=("${t%.c}"); done
fi
mkdir -p build/fuzz/findings
failed=()
for t in "${targets[@]}"; do
  bin=build/fuzz/fuzz_$t
  [ -x "$bin" ] || { echo "fuzz: $bin is not built (make fuzz-build)" >&2; failed+=("$t"); continue; }
  mkdir -p "build/fuzz/corpus/$t"
  log=build/fuzz/$t.log
  dict=()
  [ -f "fuzz/$t.dict" ] && dict=(-dict="fuzz/$t.dict")
  # -timeout: one input taking 10 s is a finding too (a hang); -rss_limit_mb bounds memory.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$bin" "build/fuzz/corpus/$t" "fuzz/corpus/$t" "${dict[@]}" -max_total_time="$secs" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="build/fuzz/findings/$t-" >"$log" 2>&1
  rc=$?
  stats=$(grep -E '^#[0-9]+' "$log" | tail -1)
  execs=$(grep -E '^stat::average_exec_per_sec' "$log" | awk '{print $2}')
  if [ "$rc" -eq 0 ]; then
    echo "fuzz: $t ok, ${execs:-?} exec/s — $stats"
  else
    echo "fuzz: $t FAILED (exit $rc); log in $log, input in build/fuzz/findings/" >&2
    grep -E 'ERROR|SUMMARY|invariant failed|runtime error|Test unit written' "$log" | head -8 >&2
    failed+=("$t")
  fi
done
if ((${#failed[@]})); then
  echo "fuzz: found something in ${failed[*]} (${secs} s each)"
else
  echo "fuzz: nothing found (${#targets[@]} targets, ${secs} s each)"
fi
echo "fuzz: $((${#targets[@]} - ${#failed[@]})) passed, ${#failed[@]} failed"
((${#failed[@]} == 0))
