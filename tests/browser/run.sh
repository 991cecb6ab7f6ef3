#!/usr/bin/env bash
# tests/browser/run.sh — browser tests of datalots in Debian's Chromium
# (/usr/bin/chromium, override with CHROMIUM=...) driven by playwright-core.
# Creates a demo store (with 24 generated cases and the knowledge guide
# imported) and a small synthetic source for the extraction (read at 200
# rows a second), starts build/san/datalots on a free loopback port with its
# extraction worker,
# runs pages.test.mjs (and any other *.test.mjs here) with node's built-in test
# runner and ends with exactly one line "browser: N passed, N failed".
# Screenshots go to tests/browser/out/ (git-ignored). BROWSER_ONLY=NAME runs
# only NAME.test.mjs (a glob).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$HERE" || exit 1

summary() { echo "browser: $1 passed, $2 failed"; }
give_up() { echo "tests/browser/run.sh: $*" >&2; summary 0 1; exit 1; }

command -v node >/dev/null 2>&1 || give_up "node is not installed (Debian: nodejs)"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || give_up "Chromium not found at $CHROMIUM (Debian: chromium)"
export CHROMIUM

# node_modules from package-lock.json, (re)installed when the lock file changed.
. "$HERE/npm_deps.sh"
browser_npm_deps || give_up "npm ci failed"

BIN="$ROOT/build/san/datalots"
if [ ! -x "$BIN" ] || [ ! -f "$ROOT/locale/en/LC_MESSAGES/datalots.mo" ]; then
  make -C "$ROOT" build/san/datalots locale/en/LC_MESSAGES/datalots.mo >&2 || give_up "could not build build/san/datalots"
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/datalots-browser.XXXXXX")
SERVER_PID=
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill -TERM "$SERVER_PID" 2>/dev/null
    for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
    SERVER_PID=
  fi
}
cleanup() { stop_server; imap_server_stop; rm -rf "$TMP"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

DB="$TMP/browser.db"
"$BIN" init --db "sqlite:$DB" --demo >"$TMP/init.log" 2>&1 || { cat "$TMP/init.log" >&2; give_up "datalots init --demo failed"; }
# Cases in most states, with their letters, for documents.test.mjs.
"$BIN" demo cases --db "sqlite:$DB" --count 24 --seed 3 >>"$TMP/init.log" 2>&1 || { cat "$TMP/init.log" >&2; give_up "datalots demo cases failed"; }
# The knowledge guide's pages (guide_map.test.mjs) need its items.
"$BIN" catalog import "$ROOT/content" --db "sqlite:$DB" >"$TMP/import.log" 2>&1 || { cat "$TMP/import.log" >&2; give_up "datalots catalog import content/ failed"; }
# The compiled obstacle report (obstacle_report.test.mjs): generated obstacles.
"$BIN" demo obstacles --db "sqlite:$DB" --count 200 --seed 4 >>"$TMP/init.log" 2>&1 || { cat "$TMP/init.log" >&2; give_up "datalots demo obstacles failed"; }
# The network, its calendar and news (network.test.mjs).
"$BIN" demo network --db "sqlite:$DB" >>"$TMP/init.log" 2>&1 || { cat "$TMP/init.log" >&2; give_up "datalots demo network failed"; }
# The question queue (questions.test.mjs).
"$BIN" demo questions --db "sqlite:$DB" >>"$TMP/init.log" 2>&1 || { cat "$TMP/init.log" >&2; give_up "datalots demo questions failed"; }
# The extraction's pages (extract.test.mjs): a small synthetic source read at
# 200 rows a second, so that a run lasts long enough to watch.
"$BIN" demo source --patients 500 --seed 11 --out "$TMP/source.db" >>"$TMP/init.log" 2>&1 || { cat "$TMP/init.log" >&2; give_up "datalots demo source failed"; }
"$BIN" extract source add --db "sqlite:$DB" --org RH --name default --url "sqlite:$TMP/source.db" --rate 200 >>"$TMP/init.log" 2>&1 || { cat "$TMP/init.log" >&2; give_up "datalots extract source add failed"; }

# The official mailbox (mailbox.test.mjs): a dovecot of our own with two
# messages, one with a PDF and one with HTML only and a file that is not a PDF.
. "$ROOT/tests/e2e/imap_server.sh"
MAILBOX_FLAGS=()
if imap_server_start "$TMP/imap"; then
  "$BIN" doc sample --out "$TMP/beslut.pdf" >/dev/null 2>&1
  { printf 'From: Anna Berg <anna.berg@example.org>\r\nSubject: Komplettering till ansökan\r\n'
    printf 'Message-ID: <browser1@example.org>\r\nDate: Mon, 07 Dec 2026 09:15:00 +0100\r\nMIME-Version: 1.0\r\n'
    printf 'Content-Type: multipart/mixed; boundary="gr"\r\n\r\n--gr\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n'
    printf 'Hej! Här kommer beslutet. %s\r\n--gr\r\n' "$(head -c 300 /dev/zero | tr '\0' 'x')"
    printf 'Content-Type: application/pdf\r\nContent-Disposition: attachment; filename="beslut.pdf"\r\n'
    printf 'Content-Transfer-Encoding: base64\r\n\r\n'; base64 -w 76 "$TMP/beslut.pdf" | sed 's/$/\r/'; printf -- '--gr--\r\n'
  } >"$TMP/m1.eml"
  { printf 'From: Mallory <mallory@example.org>\r\nSubject: <b>Viktigt</b>\r\nMessage-ID: <browser2@example.org>\r\n'
    printf 'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\n'
    printf 'Content-Type: text/html\r\n\r\n<p>Hej</p><script>alert(1)</script>\r\n--b1\r\n'
    printf 'Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="../x.exe"\r\n\r\nMZ\r\n--b1--\r\n'
  } >"$TMP/m2.eml"
  deliver "$TMP/m1.eml" && deliver "$TMP/m2.eml"
  echo "$MB_PW" >"$TMP/mailbox.pw"
  MAILBOX_FLAGS=(--mailbox-url "$IMAP/INBOX" --mailbox-user "$MB_USER" --mailbox-password-file "$TMP/mailbox.pw")
  export DATALOTS_MAILBOX=1
fi

"$BIN" serve --db "sqlite:$DB" --listen 127.0.0.1:0 --access-log off --workers 2 --guide-media "$ROOT/content/media" \
  --extract-dir "$TMP/extract" --extract-interval 1 "${MAILBOX_FLAGS[@]}" >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
URL=
for _ in $(seq 300); do
  URL=$(grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "$TMP/server.log" 2>/dev/null | head -1 | sed 's/^listening on //')
  [ -n "$URL" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || break
  sleep 0.05
done
[ -n "$URL" ] || { cat "$TMP/server.log" >&2; give_up "datalots serve did not start"; }
echo "datalots (sanitized build) at $URL"
# The comparison of holders (open_data.test.mjs): the installation's own feed, fetched.
"$BIN" holders add --db "sqlite:$DB" "$URL/api/v1/holder-profile" >>"$TMP/init.log" 2>&1 &&
  "$BIN" holders refresh --db "sqlite:$DB" >>"$TMP/init.log" 2>&1 || { cat "$TMP/init.log" >&2; give_up "datalots holders refresh failed"; }

mkdir -p "$HERE/out"
export DATALOTS_URL="$URL" BROWSER_OUT="$HERE/out"
export DATALOTS_BROWSER_DB="$DB" # the store behind DATALOTS_URL: tests read mailed links from its outbox
# Human-readable spec on the terminal, TAP in a file for the counts.
node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$TMP/tap.txt" \
  "$HERE"/${BROWSER_ONLY:-*}.test.mjs
node_rc=$?

pass=$(grep -E '^# pass [0-9]+' "$TMP/tap.txt" 2>/dev/null | tail -1 | awk '{print $3}')
fail=$(grep -E '^# fail [0-9]+' "$TMP/tap.txt" 2>/dev/null | tail -1 | awk '{print $3}')
if [ -z "$pass" ] || [ -z "$fail" ]; then
  echo "tests/browser/run.sh: node --test ended (exit $node_rc) without a summary" >&2
  pass=${pass:-0}; fail=$(( ${fail:-0} + 1 ))
elif [ "$node_rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
  echo "tests/browser/run.sh: node --test exited $node_rc with no failed test" >&2
  fail=1
fi

# The server must have survived the tests without a sanitizer report.
if ! kill -0 "$SERVER_PID" 2>/dev/null; then
  echo "tests/browser/run.sh: datalots died during the tests:" >&2
  tail -40 "$TMP/server.log" >&2
  fail=$((fail + 1))
fi
stop_server
if grep -qE 'ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer' "$TMP/server.log"; then
  echo "tests/browser/run.sh: sanitizer report from datalots:" >&2
  grep -A30 -E 'ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer' "$TMP/server.log" | head -60 >&2
  fail=$((fail + 1))
fi
# The test build's templates are strict: a key a handler never set is a 500
# and this line (src/web/template.h).
if grep -q 'which the handler never set' "$TMP/server.log"; then
  echo "tests/browser/run.sh: a template used a key its handler never set:" >&2
  grep 'which the handler never set' "$TMP/server.log" | sort | uniq -c | head -20 >&2
  fail=$((fail + 1))
fi

summary "$pass" "$fail"
[ "$fail" -eq 0 ]
