#!/usr/bin/env bash
# t_db_copy.sh — `datalots db copy`: a demo installation on SQLite, with a few
# more registrations made through the web app, is copied into a fresh
# PostgreSQL database of a throwaway cluster (scripts/pg-cluster.sh);
# `datalots serve` on the copy shows the same diary, takes the next number
# without conflict and the audit chain verifies. Then back to SQLite, SQLite
# to SQLite, the refusals (a target with data, the same store, a source that
# is no datalots store), a copy that fails half-way (target left empty), no
# password in any output, and the command line's usage errors.
. "$(dirname "$0")/lib.sh"

PGC=$E2E_ROOT/scripts/pg-cluster.sh
PGDIR=$T/pg
# Whatever happens, the cluster does not outlive the test.
# shellcheck disable=SC2317 # run by the EXIT trap
copy_cleanup() {
    [ -e "$PGDIR/.pg-cluster" ] && "$PGC" stop "$PGDIR" >/dev/null 2>&1
    cleanup
}
trap copy_cleanup EXIT

YEAR=$(this_year)
num() { printf 'RH %s-%05d' "$YEAR" "$1"; }

# --- the source: a demo store on SQLite (whatever the suite's stores are) ---
SRC_DIR=$T/source
mkdir -p "$SRC_DIR"
if [ -n "${E2E_TEMPLATE_DB:-}" ] && [ -s "$E2E_TEMPLATE_DB" ]; then
    cp "$E2E_TEMPLATE_DB" "$SRC_DIR/datalots.db"
else
    "$DL" init --db "sqlite:$SRC_DIR/datalots.db" --demo >"$SRC_DIR/init.out" 2>&1 ||
        { not_ok "datalots init --demo" "$(cat "$SRC_DIR/init.out")"; finish; }
fi
SRC=sqlite:$SRC_DIR/datalots.db
echo "$SRC" >"$SRC_DIR/store.url"

E2E_STORE=$SRC_DIR start_server || finish
login registrator
expect_status 303 "registrator signs in on the SQLite store"
RJ=$(jar registrator)
for subject in "Svar på begäran – åäö" "Yttrande 'citat' och \"dubbla\"" "Protokoll 100 %"; do
    post /diarium "$RJ" org=1 doc_date=2026-03-04 direction=out "counterpart=Göteborgs universitet" "subject=$subject"
    [ "$STATUS" = 303 ] || not_ok "register \"$subject\"" "status $STATUS: $(excerpt)"
done
post /diarium "$RJ" org=1 doc_date=2026-03-05 direction=in counterpart=Hemlig subject=Hemligt confidential=1 \
    "legal_ref=OSL 25 kap. 1 §"
expect_status 303 "a confidential entry is registered too"
stop_server
unset E2E_STORE
src_entries=$(store_sql "$SRC" "SELECT COUNT(*) FROM diary_entry")
expect_eq 8 "$src_entries" "the source holds the 4 demo entries and 4 more"
src_audit=$(store_sql "$SRC" "SELECT COUNT(*) FROM audit_log")
src_numbers=$(store_sql "$SRC" "SELECT id || ' ' || number FROM diary_entry ORDER BY id")
expect_eq "$(num 8)" "$(store_sql "$SRC" "SELECT number FROM diary_entry ORDER BY id DESC LIMIT 1")" \
    "the newest source number is $(num 8)"

# --- the throwaway PostgreSQL cluster ---
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1 &&
    [ -z "${PG_CLUSTER_BINDIR:-}" ]; then
    ok "# SKIP no PostgreSQL server (initdb) installed"
    finish
fi
if ! PG=$("$PGC" start "$PGDIR" 2>"$T/pg-start.err"); then
    not_ok "the PostgreSQL cluster starts" "$(cat "$T/pg-start.err")"
    finish
fi
ok "the PostgreSQL cluster starts"
PGPORT_=$(cat "$PGDIR/port")

# --- SQLite → PostgreSQL ---
cli db copy --from "$SRC" --to "$PG"
expect_eq 0 "$RC" "db copy SQLite → PostgreSQL exits 0"
[ "$RC" = 0 ] || echo "# $ERR"
expect_match "audit chain intact: $src_audit rows" "$OUT" "… and says the audit chain is intact ($src_audit rows)"
expect_match "diary_entry +$src_entries +$src_entries\$" "$(grep '^diary_entry ' <<<"$OUT")" \
    "… and prints equal counts for diary_entry ($src_entries)"
expect_match "audit_log +$src_audit +$src_audit\$" "$(grep '^audit_log ' <<<"$OUT")" "… and for audit_log"
bad=0
for t in settings org_node users role_assignment sessions login_throttle diary_counter diary_entry audit_log audit_head; do
    a=$(store_sql "$SRC" "SELECT COUNT(*) FROM $t")
    b=$(store_sql "$PG" "SELECT COUNT(*) FROM $t")
    line=$(grep "^$t " <<<"$OUT")
    if [ "$a" != "$b" ] || ! [[ $line =~ ^$t\ +$a\ +$a$ ]]; then
        bad=$((bad + 1))
        echo "# $t: source $a, PostgreSQL $b, printed [$line]"
    fi
done
expect_eq 0 "$bad" "every table has as many rows in PostgreSQL as in SQLite, as printed"
expect_eq "$src_numbers" "$(store_sql "$PG" "SELECT id || ' ' || number FROM diary_entry ORDER BY id")" \
    "every entry kept its id and number"
expect_eq "$(store_sql "$SRC" "SELECT subject FROM diary_entry ORDER BY id")" \
    "$(store_sql "$PG" "SELECT subject FROM diary_entry ORDER BY id")" "the subjects (åäö, quotes, %) are the same"
expect_eq "$(store_sql "$SRC" "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1")" \
    "$(store_sql "$PG" "SELECT last_hash FROM audit_head")" "the audit head carries the newest hash"
expect_eq "$(store_sql "$SRC" "SELECT COUNT(*) FROM diary_entry WHERE corrects_id IS NULL")" \
    "$(store_sql "$PG" "SELECT COUNT(*) FROM diary_entry WHERE corrects_id IS NULL")" "NULLs stay NULL"
cli audit verify --db "$PG"
expect_eq 0 "$RC" "audit verify on the copy exits 0"
expect_match "intact: $src_audit rows" "$OUT" "… intact, $src_audit rows"

# --- datalots serve on the copy ---
PG_DIR=$T/pgstore
mkdir -p "$PG_DIR"
echo "$PG" >"$PG_DIR/store.url"
E2E_STORE=$PG_DIR start_server || finish
unset E2E_STORE
check "serve on the copy answers /healthz" healthy
login registrator
expect_status 303 "a demo user signs in on the PostgreSQL copy"
RJ=$(jar registrator)
http GET /diarium "$RJ"
expect_status 200 "GET /diarium on the copy is 200"
for i in 1 4 5 8; do expect_body_has "$(num "$i")" "the diary lists $(num "$i") as before"; done
expect_body_has "Svar på begäran – åäö" "the diary shows the Swedish subject"
max_id=$(store_sql "$PG" "SELECT MAX(id) FROM diary_entry")
post /diarium "$RJ" org=1 doc_date=2026-03-09 direction=in "counterpart=Lunds universitet" "subject=Efter flytten"
expect_status 303 "a new registration on the copy is accepted (303)"
new_id=$(hdr Location | sed -n 's,^/diarium/\([0-9][0-9]*\)$,\1,p')
expect_eq "$((max_id + 1))" "$new_id" "… with a new id after the copied ones ($((max_id + 1)))"
expect_eq "$(num 9)" "$(store_sql "$PG" "SELECT number FROM diary_entry WHERE id = ${new_id:-0}")" \
    "… and the next number, $(num 9)"
http GET "/diarium/${new_id:-0}" "$RJ"
expect_body_has "$(num 9)" "the new entry's page shows $(num 9)"
login admin
post /admin/users "$(jar admin)" username=efterflytt "display_name=Efter Flytt" password=Efter-flytten-2026
expect_status 303 "an account made on the copy is accepted (no id conflict)"
stop_server
cli audit verify --db "$PG"
expect_eq 0 "$RC" "audit verify after new work on the copy exits 0"
expect_match 'intact' "$OUT" "… intact"

# --- a target with data is refused and left alone ---
before=$(store_sql "$PG" "SELECT COUNT(*) FROM diary_entry" "SELECT last_seq FROM audit_head")
cli db copy --from "$SRC" --to "$PG"
expect_eq 1 "$RC" "copying into a store with data exits 1"
expect_match 'the target already holds data.*copy only into a new, empty store' "$ERR" "… and says why"
expect_eq "$before" "$(store_sql "$PG" "SELECT COUNT(*) FROM diary_entry" "SELECT last_seq FROM audit_head")" \
    "… and the target is untouched"

# --- PostgreSQL → SQLite, SQLite → SQLite ---
cli db copy --from "$PG" --to "sqlite:$T/back.db"
expect_eq 0 "$RC" "db copy PostgreSQL → SQLite exits 0"
expect_eq "$(store_sql "$PG" "SELECT id || ' ' || number FROM diary_entry ORDER BY id")" \
    "$(store_sql "$T/back.db" "SELECT id || ' ' || number FROM diary_entry ORDER BY id")" "… with every entry"
cli audit verify --db "sqlite:$T/back.db"
expect_eq 0 "$RC" "… and its audit chain verifies"
cli db copy --from "$SRC" --to "$T/plain.db"
expect_eq 0 "$RC" "db copy SQLite → SQLite (a plain path) exits 0"
expect_eq "$src_entries" "$(store_sql "$T/plain.db" "SELECT COUNT(*) FROM diary_entry")" "… with every entry"

# --- no password in any output ---
PW=Hemligt-losen-4711
URL2=$("$PGC" createdb "$PGDIR" second)
URL2PW=postgresql://postgres:$PW@127.0.0.1:$PGPORT_/second
cli db copy --from "$SRC" --to "$URL2PW"
expect_eq 0 "$RC" "a copy to a URL with a password exits 0"
expect_eq "" "$(grep -F "$PW" <<<"$OUT$ERR")" "… and prints no password"
expect_match "postgresql://postgres@127.0.0.1:$PGPORT_/second" "$OUT" "… but names the store"
expect_eq "$src_entries" "$(store_sql "$URL2" "SELECT COUNT(*) FROM diary_entry")" "… and copied every entry"
dead=$(free_port)
cli db copy --from "$SRC" --to "postgresql://postgres:$PW@127.0.0.1:$dead/x"
expect_eq 1 "$RC" "an unreachable target exits 1"
expect_match 'cannot open the target store postgresql://postgres@127.0.0.1' "$ERR" "… and says which store"
expect_eq "" "$(grep -F "$PW" <<<"$OUT$ERR")" "… without its password"
cli db copy --from "postgresql://postgres:$PW@127.0.0.1:$dead/x" --to "$T/never.db"
expect_eq 1 "$RC" "an unreachable source exits 1"
expect_match 'cannot open the source store' "$ERR" "… and says so"
expect_eq "" "$(grep -F "$PW" <<<"$OUT$ERR")" "… without its password"

# --- a copy that fails half-way leaves the target empty ---
cp "$SRC_DIR/datalots.db" "$T/broken.db"
store_sql "$T/broken.db" "PRAGMA foreign_keys = OFF; INSERT INTO role_assignment(user_id, role, node_id, granted_by, granted_at)
    VALUES (999, 'registrator', NULL, NULL, '2026-01-01T00:00:00Z')" >/dev/null
URL3=$("$PGC" createdb "$PGDIR" third)
cli db copy --from "$T/broken.db" --to "$URL3"
expect_eq 1 "$RC" "a copy that fails on a broken row exits 1"
expect_match 'role_assignment' "$ERR" "… naming the table"
expect_match 'rolled back' "$ERR" "… and saying it was rolled back"
expect_eq "0|0|0|0|0" "$(store_sql "$URL3" "SELECT (SELECT COUNT(*) FROM org_node) || '|' || (SELECT COUNT(*) FROM users)
    || '|' || (SELECT COUNT(*) FROM diary_entry) || '|' || (SELECT COUNT(*) FROM audit_log)
    || '|' || (SELECT last_seq FROM audit_head)")" "… and the target holds no data"
store_sql "$T/broken.db" "DELETE FROM role_assignment WHERE user_id = 999" >/dev/null
cli db copy --from "$T/broken.db" --to "$URL3"
expect_eq 0 "$RC" "once the row is mended, the same target takes the copy"

# --- refusals before anything is opened or written ---
cli db copy --from "$SRC" --to "$SRC"
expect_eq 2 "$RC" "copying a store onto itself exits 2"
expect_match 'same store' "$ERR" "… and says so"
cli db copy --from "$SRC" --to "$SRC_DIR/../source/datalots.db"
expect_eq 2 "$RC" "… also when the path is spelled differently"
cli db copy --from "$PG" --to "$PG"
expect_eq 2 "$RC" "… also for PostgreSQL"
cli db copy --from "$T/missing.db" --to "$T/out.db"
expect_eq 1 "$RC" "a missing source file exits 1"
expect_match "cannot open the source store $T/missing.db" "$ERR" "… and names it"
check "… without creating it" test ! -e "$T/missing.db"
sqlite3 "$T/other.db" "CREATE TABLE t (x)"
cli db copy --from "$T/other.db" --to "$T/out.db"
expect_eq 1 "$RC" "a source that is no datalots store exits 1"
expect_match 'no datalots schema' "$ERR" "… and says so"

# --- the command line ---
cli db --help
expect_eq 0 "$RC" "db --help exits 0"
expect_match 'copy' "$OUT" "… and lists copy"
cli db copy --help
expect_eq 0 "$RC" "db copy --help exits 0"
expect_match 'usage: datalots db copy --from URL --to URL' "$OUT" "… and shows the usage"
cli --help
expect_match 'db +store operations: copy' "$OUT" "datalots --help lists db"
cli db
expect_eq 2 "$RC" "db without a subcommand exits 2"
expect_match 'copy' "$ERR" "… and names copy"
cli db frobnicate
expect_eq 2 "$RC" "an unknown db subcommand exits 2"
expect_match '"frobnicate"' "$ERR" "… and names it"
cli db copy --to "$T/x.db"
expect_eq 2 "$RC" "db copy without --from exits 2"
expect_match '--from' "$ERR" "… and names --from"
cli db copy --from "$SRC"
expect_eq 2 "$RC" "db copy without --to exits 2"
expect_match '--to' "$ERR" "… and names --to"
cli db copy --from "$SRC" --to "$T/x.db" --force
expect_eq 2 "$RC" "an unknown option exits 2"
expect_match '"--force"' "$ERR" "… and names it"
cli db copy --from --to "$T/x.db"
expect_eq 2 "$RC" "--from without a value exits 2"
expect_match '--from needs a value' "$ERR" "… and says so"
cli db copy --from="$SRC" --to="$T/eq.db"
expect_eq 0 "$RC" "--from=URL --to=URL work too"
cli db copy --from "$SRC" --to "$T/x.db" extra
expect_eq 2 "$RC" "a stray argument exits 2"
check "usage errors wrote no store" test ! -e "$T/x.db"

finish
