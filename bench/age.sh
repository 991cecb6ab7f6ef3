#!/usr/bin/env bash
# bench/age.sh — `datalots age` against Debian's age tool: encrypt and decrypt
# the same random file (1 GiB; BENCH_SIZE_MB to change) to the same X25519
# recipient, best of 2 runs each, and datalots' peak RSS. The verdict is the
# throughput ratio datalots/age (target >= 1.0x both ways) and the peak RSS
# (target < 16 MiB), never an absolute time.
#
#   bench/age.sh                       1024 MiB (needs ~3.2 GiB free in TMPDIR)
#   BENCH_SIZE_MB=256 bench/age.sh     a quicker run
#
# Encryption writes to a file in the scratch folder (standard output
# redirected, the same path for both tools); decryption writes to /dev/null.
# Afterwards each tool decrypts the other's ciphertext and the SHA-256 of the
# result must equal the plaintext's.
#
# It is a benchmark, not a test: it exits 0 when it could measure, even if a
# target is missed (then it prints "TARGET MISSED ..." lines). It exits 1 only
# when it cannot run (missing tool, no room, a failing command, a wrong
# decryption).
set -euo pipefail

die() { echo "bench/age.sh: $*" >&2; exit 1; }

cd "$(dirname "$0")/.."
ROOT_DIR=$(git rev-parse --show-toplevel 2>/dev/null) || die "not inside the datalots git repository"
cd "$ROOT_DIR"

for tool in age age-keygen sha256sum awk; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed (Debian: age, coreutils, gawk/mawk)"
done

SIZE_MB=${BENCH_SIZE_MB:-1024}
[[ $SIZE_MB =~ ^[1-9][0-9]*$ ]] || die "BENCH_SIZE_MB must be a positive whole number of MiB, not '$SIZE_MB'"
RUNS=2

if [ ! -x ./datalots ]; then
  echo "bench/age.sh: ./datalots missing, running 'make datalots'" >&2
  make datalots >&2 || die "make datalots failed"
fi
BIN="$ROOT_DIR/datalots"
"$BIN" age --help >/dev/null 2>&1 || die "./datalots has no 'age' command; rebuild with 'make datalots'"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/datalots-bench-age.XXXXXX")
cleanup() {
  local rc=$?
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

need_kb=$(( SIZE_MB * 1024 * 32 / 10 + 65536 )) # plaintext + two ciphertexts + room
free_kb=$(df -Pk "$TMP" | awk 'NR == 2 { print $4 }')
[ "${free_kb:-0}" -ge "$need_kb" ] ||
  die "not enough room in $TMP: $(( need_kb / 1024 )) MiB needed, $(( ${free_kb:-0} / 1024 )) MiB free (set TMPDIR or BENCH_SIZE_MB)"

# now — seconds since the epoch with nanoseconds.
now() { date +%s.%N; }

# peak_kb LOG — "Maximum resident set size" from GNU time's -v output.
peak_kb() { awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$1"; }

# timed NAME OUTFILE CMD… — runs CMD with stdout to OUTFILE RUNS times; prints
# the best wall time in seconds. With GNU time, each run's peak RSS goes to
# $TMP/NAME.rss (the largest seen).
HAVE_TIME=0
[ -x /usr/bin/time ] && HAVE_TIME=1
timed() {
  local name=$1 outfile=$2 best='' t0 t1 dt run kb max=0
  shift 2
  for ((run = 1; run <= RUNS; run++)); do
    t0=$(now)
    if [ "$HAVE_TIME" = 1 ]; then
      /usr/bin/time -v -o "$TMP/$name.time" "$@" >"$outfile" 2>"$TMP/$name.err" ||
        die "$name failed: $(tail -3 "$TMP/$name.err")"
    else
      "$@" >"$outfile" 2>"$TMP/$name.err" || die "$name failed: $(tail -3 "$TMP/$name.err")"
    fi
    t1=$(now)
    dt=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    if [ -z "$best" ] || awk -v a="$dt" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$dt; fi
    if [ "$HAVE_TIME" = 1 ]; then
      kb=$(peak_kb "$TMP/$name.time")
      [ "${kb:-0}" -gt "$max" ] && max=$kb
    fi
  done
  echo "$max" >"$TMP/$name.rss"
  echo "$best"
}

# Without GNU time: the peak RSS (VmHWM) of one extra run of CMD, polled.
hwm_kb() {
  local outfile=$1 pid hwm=0 v
  shift
  "$@" >"$outfile" 2>/dev/null &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    v=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
    [ -n "$v" ] && [ "$v" -gt "$hwm" ] && hwm=$v
    sleep 0.01
  done
  wait "$pid" || die "$* failed"
  echo "$hwm"
}

# --- inputs -----------------------------------------------------------------------
echo "bench/age.sh: writing $SIZE_MB MiB of random data to $TMP ..." >&2
head -c "$(( SIZE_MB * 1048576 ))" /dev/urandom >"$TMP/plain"
PLAIN_SHA=$(sha256sum <"$TMP/plain" | cut -d' ' -f1)
age-keygen -o "$TMP/key.txt" 2>/dev/null
RECIPIENT=$(age-keygen -y "$TMP/key.txt")

# --- measurements ----------------------------------------------------------------
echo "bench/age.sh: encrypting and decrypting, best of $RUNS each ..." >&2
DL_ENC=$(timed dl_enc "$TMP/dl.age" "$BIN" age encrypt -r "$RECIPIENT" "$TMP/plain")
AGE_ENC=$(timed age_enc "$TMP/age.age" age -r "$RECIPIENT" "$TMP/plain")
DL_DEC=$(timed dl_dec /dev/null "$BIN" age decrypt -i "$TMP/key.txt" "$TMP/dl.age")
AGE_DEC=$(timed age_dec /dev/null age -d -i "$TMP/key.txt" "$TMP/age.age")
if [ "$HAVE_TIME" = 1 ]; then
  DL_ENC_KB=$(cat "$TMP/dl_enc.rss"); DL_DEC_KB=$(cat "$TMP/dl_dec.rss")
  AGE_ENC_KB=$(cat "$TMP/age_enc.rss"); AGE_DEC_KB=$(cat "$TMP/age_dec.rss")
  RSS_HOW="GNU time -v, largest of $RUNS runs"
else
  DL_ENC_KB=$(hwm_kb /dev/null "$BIN" age encrypt -r "$RECIPIENT" "$TMP/plain")
  DL_DEC_KB=$(hwm_kb /dev/null "$BIN" age decrypt -i "$TMP/key.txt" "$TMP/dl.age")
  AGE_ENC_KB=0; AGE_DEC_KB=0
  RSS_HOW="VmHWM polled every 10 ms (no /usr/bin/time)"
fi

# --- sanity: each tool opens the other's ciphertext ----------------------------------
echo "bench/age.sh: cross-checking the ciphertexts (sha256sum) ..." >&2
SHA_DL_OF_AGE=$("$BIN" age decrypt -i "$TMP/key.txt" "$TMP/age.age" | sha256sum | cut -d' ' -f1)
SHA_AGE_OF_DL=$(age -d -i "$TMP/key.txt" "$TMP/dl.age" | sha256sum | cut -d' ' -f1)
[ "$SHA_DL_OF_AGE" = "$PLAIN_SHA" ] || die "datalots decrypted age's ciphertext to different bytes (sha256 $SHA_DL_OF_AGE, want $PLAIN_SHA)"
[ "$SHA_AGE_OF_DL" = "$PLAIN_SHA" ] || die "age decrypted datalots' ciphertext to different bytes (sha256 $SHA_AGE_OF_DL, want $PLAIN_SHA)"
DL_BYTES=$(stat -c %s "$TMP/dl.age")
AGE_BYTES=$(stat -c %s "$TMP/age.age")

# --- report -----------------------------------------------------------------------
awk -v mb="$SIZE_MB" -v runs="$RUNS" -v de="$DL_ENC" -v ae="$AGE_ENC" -v dd="$DL_DEC" -v ad="$AGE_DEC" \
    -v dek="$DL_ENC_KB" -v ddk="$DL_DEC_KB" -v aek="$AGE_ENC_KB" -v adk="$AGE_DEC_KB" -v how="$RSS_HOW" \
    -v dlb="$DL_BYTES" -v ageb="$AGE_BYTES" -v agever="$(age --version 2>/dev/null || echo '?')" '
function tp(t) { return t > 0 ? mb / t : 0 }
BEGIN {
  re = (de > 0 && ae > 0) ? ae / de : 0   # throughput ratio = time ratio inverted
  rd = (dd > 0 && ad > 0) ? ad / dd : 0
  printf "age benchmark: %d MiB of random data, one X25519 recipient, best of %d runs; datalots vs age %s\n", mb, runs, agever
  printf "encrypt: binary, to a file in the scratch folder; decrypt: to /dev/null\n\n"
  printf "%-22s %12s %12s %9s  %s\n", "figure", "datalots", "age", "ratio", "target"
  printf "%-22s %10.2f s %10.2f s %9s  %s\n", "encrypt time", de, ae, "", ""
  printf "%-22s %7.0f MiB/s %7.0f MiB/s %8.2fx  %s\n", "encrypt throughput", tp(de), tp(ae), re, ">= 1.00x"
  printf "%-22s %10.2f s %10.2f s %9s  %s\n", "decrypt time", dd, ad, "", ""
  printf "%-22s %7.0f MiB/s %7.0f MiB/s %8.2fx  %s\n", "decrypt throughput", tp(dd), tp(ad), rd, ">= 1.00x"
  printf "%-22s %9.1f MB %9s %9s  %s\n", "peak RSS encrypt", dek / 1024, (aek > 0 ? sprintf("%.1f MB", aek / 1024) : "-"), "", "< 16 MiB"
  printf "%-22s %9.1f MB %9s %9s  %s\n", "peak RSS decrypt", ddk / 1024, (adk > 0 ? sprintf("%.1f MB", adk / 1024) : "-"), "", "< 16 MiB"
  printf "%-22s %12d %12d %9s  %s\n", "ciphertext bytes", dlb, ageb, "", "(same size expected)"
  printf "(peak RSS: %s; MB = MiB)\n", how
  printf "sanity: each tool decrypted the other'"'"'s ciphertext to the same SHA-256 as the plaintext\n\n"
  if (re < 1.0) printf "TARGET MISSED: datalots/age encrypt throughput %.2fx < 1.00x\n", re
  if (rd < 1.0) printf "TARGET MISSED: datalots/age decrypt throughput %.2fx < 1.00x\n", rd
  if (dek >= 16384) printf "TARGET MISSED: datalots peak RSS encrypting %.1f MiB >= 16 MiB\n", dek / 1024
  if (ddk >= 16384) printf "TARGET MISSED: datalots peak RSS decrypting %.1f MiB >= 16 MiB\n", ddk / 1024
  printf "age: datalots %.2fx age encrypt, %.2fx decrypt, peak RSS %.1f MiB\n", re, rd, ((dek > ddk) ? dek : ddk) / 1024
}'
