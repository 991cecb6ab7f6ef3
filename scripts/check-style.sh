#!/usr/bin/env bash
# scripts/check-style.sh — the machine-checkable rules of CODE_STYLE.md, as
# a test suite: each rule is one check; the last line is
# "style: N passed, N failed".
set -u
cd "$(dirname "$0")/.."
pass=0
fail=0
check() { # name, command producing offending lines (empty = pass)
  local name=$1 out
  out=$(eval "$2")
  if [ -z "$out" ]; then echo "ok   $name"; pass=$((pass + 1))
  else echo "FAIL $name"; echo "$out" | head -20 | sed 's/^/    /'; fail=$((fail + 1)); fi
}
src_c='find src tools -name "*.c" -o -name "*.h"'
check "no banned C functions" \
  "grep -nE '(^|[^_a-z])(sprintf|vsprintf|strcpy|strcat|gets|atoi|atol|strtok)\(' \$($src_c) | grep -v snprintf"
# dialect.c alone assembles DDL from its own registry of identifiers.
check "no SQL built with printf" \
  "grep -nE 'printf\(.*\"(SELECT|INSERT|UPDATE|DELETE) ' \$($src_c) | grep -v '^src/db/dialect.c:'"
check "SQL only in src/store and src/db" \
  "grep -nE '\"(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM) ' \$(find src/web src/core src/cli -name '*.c') | grep -v 'src/cli/demo.c:.*SELECT COUNT'"
# Transactions have one owner, the store: a web handler calls one store
# function per change, which opens, commits or rolls back (or an _in_tx form).
check "no transactions in src/web (store functions own them)" \
  "grep -rnE '(^|[^_a-z])db_(begin|begin_read|commit|rollback)\\(' src/web"
# The layering, as ../shared/design/architecture.md states it:
#  1. "core never includes a web or db header" (src/store is the db
#     layer's SQL, so its headers count as db);
#  2. "core/ ... no I/O, no SQL": no store or HTTP library header in core
#     (the SQL half is the "SQL only in src/store and src/db" check above);
#  3. "Data flows one way: web parses and authorizes -> core decides -> db
#     stores": src/db and src/store include no web header;
#  4. the subcommands (src/main.c's dispatch and src/cli, the `datalots
#     serve|init|user|...` of "Shape") sit on top of every module: no file
#     under src/ outside src/cli and src/main.c includes "cli/..." (issue
#     16: the web layer depended on the CLI through cli/config.h; it has
#     its own web/web_config.h, which the CLI fills).
check "core includes no web or db header" \
  "grep -nE '#include \"(web|db|store|cli)/' src/core/*.[ch]"
check "core includes no store or HTTP library (no I/O)" \
  "grep -nE '#include <(sqlite3|libpq-fe|microhttpd|curl/)' src/core/*.[ch]"
# Issue 16: cryptography's libraries are called from src/crypto, not core.
check "core calls no libsodium or OpenSSL (src/crypto does)" \
  "grep -nE '#include <(sodium|openssl/)' src/core/*.[ch]"
check "db and store include no web header (data flows web -> core -> db)" \
  "grep -rnE '#include \"web/' src/db src/store --include='*.[ch]'"
check "only src/cli and src/main.c include cli/ headers" \
  "grep -rnE '#include \"cli/' src --include='*.[ch]' | grep -vE '^src/(cli/|main\.c:)'"
# The error contract (docs/api.md, "Errors"): a status comes from a code by
# the one table of src/web/http_error.c, never a number in a handler.
check "handlers name an error code, never an HTTP status" \
  "grep -rnE '(res_error|res_error_field|router_reject_early)\\(r, [^,]*\\b[0-9]{3}\\b|\\w+\\(r, (&?\\w+, )?(4[0-9]{2}|5[0-9]{2})\\b' src/web --include='*.c' | grep -vE 'res_(json|text)\\('"
check "every source file starts with a comment saying what it is for" \
  "for f in \$($src_c); do head -1 \"\$f\" | grep -q '^/\*' || echo \"\$f\"; done"
check "no file over 800 lines" \
  "wc -l \$($src_c) | awk '\$2 != \"total\" && \$1 > 800 {print \$2\" (\"\$1\" lines)\"}'"
check "no utils.c or misc.c" "find src -name 'util*.c' -o -name 'misc*.c'"
if [ -x scripts/extract-msgids.sh ]; then
  check "every Swedish msgid has an English translation" "bash scripts/extract-msgids.sh --check src/i18n/po/en.po >/dev/null 2>&1 || bash scripts/extract-msgids.sh --check src/i18n/po/en.po 2>&1 | head -20"
fi
check "en.po compiles without warnings" "msgfmt --check -o /dev/null src/i18n/po/en.po 2>&1"
echo "style: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
