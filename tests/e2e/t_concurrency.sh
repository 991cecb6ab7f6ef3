#!/usr/bin/env bash
# t_concurrency.sh — 8 registrars × 10 registrations in parallel on one
# server: 80 new numbers, all distinct and consecutive; the audit chain
# stays whole.
. "$(dirname "$0")/lib.sh"

rm -rf "$T/store"
new_store "$T/store" || not_ok "demo store"
DB=$STORE_URL
SQLDB=$DB
for k in 1 2 3 4 5 6 7 8; do
    DATALOTS_PASSWORD="Parallell-lösen-$k$k$k" cli user add "reg$k" --name "Registrator $k" --role registrar@RH --db "$DB"
    [ "$RC" = 0 ] || not_ok "CLI: add reg$k" "$ERR"
done
ok "8 registrars added with the CLI"
E2E_STORE=$T/store start_server --workers 4 || finish
YEAR=$(this_year)
n0=$(q 'SELECT COUNT(*) FROM diary_entry')
max0=$(q "SELECT COALESCE(MAX(seq), 0) FROM diary_entry WHERE org_id = 1 AND year = $YEAR")

for k in 1 2 3 4 5 6 7 8; do
    login "reg$k" "Parallell-lösen-$k$k$k"
    [ "$STATUS" = 303 ] || not_ok "reg$k signs in" "status $STATUS"
done

# A reader hammers the public pages meanwhile.
(
    for _ in $(seq 1 40); do
        curl -s -o /dev/null -o /dev/null -w '%{http_code}\n' "$BASE/diarium" "$BASE/api/v1/diarium?limit=5"
    done
) >"$T/reader.status" &
reader=$!

pids=()
for k in 1 2 3 4 5 6 7 8; do
    (
        J=$(jar "reg$k")
        tok=$(csrf_of /org "$J")
        for i in $(seq 1 10); do
            curl -s -o /dev/null -w '%{http_code} %{redirect_url}\n' -b "$J" \
                --data-urlencode org=1 --data-urlencode doc_date=2026-03-06 --data-urlencode direction=in \
                --data-urlencode "counterpart=Parallell $k" --data-urlencode "subject=Registrering $k-$i" \
                --data-urlencode "csrf=$tok" "$BASE/diarium"
        done
    ) >"$T/loop.$k" &
    pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
wait "$reader"

n303=$(cat "$T"/loop.* | grep -c '^303 ')
expect_eq 80 "$n303" "80 parallel registrations all answered 303"
other=$(cat "$T"/loop.* | grep -v '^303 ' | sort | uniq -c | head -5)
[ -z "$other" ] || echo "# other answers: $other"
expect_eq $((n0 + 80)) "$(q 'SELECT COUNT(*) FROM diary_entry')" "80 entries were written"
expect_eq "80|$((max0 + 1))|$((max0 + 80))" \
    "$(q "SELECT COUNT(DISTINCT seq) || '|' || MIN(seq) || '|' || MAX(seq) FROM diary_entry WHERE registered_by IN (SELECT id FROM users WHERE username LIKE 'reg_')")" \
    "the 80 numbers are distinct and consecutive ($((max0 + 1))..$((max0 + 80)))"
expect_eq 80 "$(q "SELECT COUNT(DISTINCT number) FROM diary_entry WHERE registered_by IN (SELECT id FROM users WHERE username LIKE 'reg_')")" "the 80 diary numbers are distinct"
expect_eq "$((max0 + 80))" "$(q "SELECT last_seq FROM diary_counter WHERE org_id = 1 AND year = $YEAR")" "the counter ends at the last number"
for k in 1 2 3 4 5 6 7 8; do
    got=$(q "SELECT COUNT(*) FROM diary_entry WHERE counterpart = 'Parallell $k'")
    [ "$got" = 10 ] || not_ok "reg$k's 10 entries are all there" "got $got"
done
ok "each registrar's 10 entries are there"
ids=$(cut -d' ' -f2 "$T"/loop.* | sed -n 's,.*/diarium/\([0-9]*\)$,\1,p' | sort -n | uniq | wc -l)
expect_eq 80 "$ids" "the 80 redirects name 80 different entries"
expect_eq 80 "$(grep -c '^200$' "$T/reader.status")" "the reader got 80 × 200 meanwhile"
expect_eq 80 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'diary.register' AND actor LIKE 'reg_'")" "80 diary.register audit rows"

# --- two servers on one store (every app server shares it) ---
FIRST_BASE=$BASE
E2E_STORE=$T/store start_server --workers 2
SECOND_BASE=$BASE
max1=$(q "SELECT MAX(seq) FROM diary_entry WHERE org_id = 1 AND year = $YEAR")
pids=()
for k in 1 2 3 4; do
    if [ $((k % 2)) = 0 ]; then b=$FIRST_BASE; else b=$SECOND_BASE; fi
    (
        J=$(jar "reg$k")
        tok=$(curl -s -b "$J" "$b/org" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="\([0-9a-f]*\)"/\1/')
        for i in $(seq 1 10); do
            curl -s -o /dev/null -w '%{http_code}\n' -b "$J" \
                --data-urlencode org=1 --data-urlencode doc_date=2026-03-06 --data-urlencode direction=out \
                --data-urlencode "counterpart=Två servrar $k" --data-urlencode "subject=Registrering $k-$i" \
                --data-urlencode "csrf=$tok" "$b/diarium"
        done
    ) >"$T/two.$k" &
    pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
expect_eq 40 "$(cat "$T"/two.* | grep -c '^303$')" "two servers, one store: 40 registrations all answered 303"
expect_eq "40|$((max1 + 1))|$((max1 + 40))" \
    "$(q "SELECT COUNT(DISTINCT seq) || '|' || MIN(seq) || '|' || MAX(seq) FROM diary_entry WHERE counterpart LIKE 'Två servrar %'")" \
    "two servers, one store: 40 distinct consecutive numbers"
BASE=$FIRST_BASE

cli audit verify --db "$DB"
expect_eq 0 "$RC" "audit verify after the parallel run exits 0"
expect_match 'intact' "$OUT" "the audit chain is intact after the parallel run"
check "the server still answers /healthz" healthy
http GET /metrics -
expect_match '^datalots_db_errors_total 0$' "$(cat "$BODY")" "no store errors during the parallel run"
finish
