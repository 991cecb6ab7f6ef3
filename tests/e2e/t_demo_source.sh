#!/usr/bin/env bash
# t_demo_source.sh — `datalots demo source` (src/extract/demo_source.c): its
# help, usage errors (exit 2 with a message), a SQLite file that Debian's
# sqlite3 reads (schema, counts, indexes used, personnummer checked by an
# independent Luhn in awk), the same seed giving the same rows, refusals
# (existing file, missing directory) and a killed run leaving no file.
# With DATALOTS_TEST_PG (the e2e-pg suite): the --format pgsql text loaded
# with psql gives the same rows as the SQLite file, and loading it twice
# fails without touching the first load.
. "$(dirname "$0")/lib.sh"

D=$T/src
mkdir -p "$D"
sq() { sqlite3 -batch "$@"; }

# --- help and usage errors ---
cli demo --help
expect_eq 0 "$RC" "demo --help exits 0"
for w in "demo source" --patients --seed --out "--format sql" datalots_source 20000000; do
    expect_match "$w" "$OUT" "demo --help mentions $w"
done
cli demo source --help
expect_eq 0 "$RC" "demo source --help exits 0"

usage() { # usage ERE DESC ARGS… — exit 2 and a message matching ERE, no file made
    local ere=$1 desc=$2
    shift 2
    cli demo source "$@"
    expect_eq 2 "$RC" "$desc: exit 2"
    expect_match "$ere" "$ERR" "$desc: says why"
}
usage 'give --patients' "no --patients" --out "$D/u.db"
usage 'from 1 to 20000000' "--patients 0" --patients 0 --out "$D/u.db"
usage 'from 1 to 20000000' "--patients above the cap" --patients 20000001 --out "$D/u.db"
usage 'from 1 to 20000000' "--patients not a number" --patients 12abc --out "$D/u.db"
usage 'from 1 to 20000000' "--patients negative" --patients -3 --out "$D/u.db"
usage '--seed needs a number' "--seed negative" --patients 10 --seed -1 --out "$D/u.db"
usage 'needs a value' "--patients without a value" --patients
usage 'unknown option "--bogus"' "unknown option" --patients 10 --bogus --out "$D/u.db"
usage 'sqlite, sql or pgsql, not "xml"' "unknown format" --patients 10 --format xml
usage 'standard output' "--format sql with a file" --patients 10 --format sql --out "$D/u.db"
usage 'give --out' "neither --out nor --format" --patients 10
check "no file made by a usage error" test ! -e "$D/u.db"

# --- a SQLite file ---
cli demo source --patients 2000 --seed 5 --out "$D/a.db"
expect_eq 0 "$RC" "demo source --patients 2000 exits 0"
expect_match "2000 patients in $D/a.db" "$ERR" "progress ends with where the file is"
expect_eq ok "$(sq "$D/a.db" 'PRAGMA integrity_check')" "sqlite3 finds the file sound"
expect_eq "care_contact datalots_source diagnosis lab_result patient prescription" \
    "$(sq "$D/a.db" "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)")" \
    "the tables of the source schema and datalots_source"
expect_eq "id,personnummer,sex,birth_date,municipality" \
    "$(sq "$D/a.db" "SELECT group_concat(name) FROM pragma_table_info('patient')")" "patient's columns"
expect_eq "id,patient_id,unit_code,sample_date,npu_code,value,value_unit" \
    "$(sq "$D/a.db" "SELECT group_concat(name) FROM pragma_table_info('lab_result')")" "lab_result's columns"
expect_eq 2000 "$(sq "$D/a.db" 'SELECT COUNT(*) FROM patient')" "2000 patients"
n=$(sq "$D/a.db" 'SELECT COUNT(*) FROM care_contact')
check "about four contacts per patient ($n)" test "$n" -gt 6000 -a "$n" -lt 10000
expect_eq "1|5|2000" "$(sq "$D/a.db" "SELECT (SELECT value FROM datalots_source WHERE key = 'schema_version'),
    (SELECT value FROM datalots_source WHERE key = 'seed'), (SELECT value FROM datalots_source WHERE key = 'patients')")" \
    "datalots_source: schema version, seed, patients"
expect_match '^yes: ' "$(sq "$D/a.db" "SELECT value FROM datalots_source WHERE key = 'synthetic'")" "datalots_source says it is synthetic"
expect_match 'care_contact_date' "$(sq "$D/a.db" "EXPLAIN QUERY PLAN SELECT * FROM care_contact WHERE contact_date BETWEEN '2020-01-01' AND '2020-12-31'")" \
    "a period filter uses the date index"
expect_match 'diagnosis_patient' "$(sq "$D/a.db" "EXPLAIN QUERY PLAN SELECT * FROM diagnosis WHERE patient_id = 17")" \
    "a patient's rows come by the patient_id index"
expect_eq "" "$(sq "$D/a.db" "SELECT DISTINCT unit_code FROM care_contact WHERE unit_code NOT IN
    ('VC-BJORK', 'VC-SJO', 'BUM-NORR', 'VC-EKH', 'PSY-SODER', 'REH-SODER')")" "contacts only at the demo units"
# An independent check of every personnummer: 12 digits, the Luhn digit over
# YYMMDDNNN, the sex digit odd for M, unique.
bad=$(sq "$D/a.db" 'SELECT personnummer, sex FROM patient' | awk -F'|' '
    { p = $1; if (length(p) != 12 || p ~ /[^0-9]/) { bad++; next }
      s = 0; for (i = 0; i < 9; i++) { d = substr(p, 3 + i, 1) * (i % 2 ? 1 : 2); s += int(d / 10) + d % 10 }
      if ((10 - s % 10) % 10 != substr(p, 12, 1)) bad++
      if ((substr(p, 11, 1) % 2 ? "M" : "K") != $2) bad++
      if (seen[p]++) bad++ }
    END { print bad + 0 }')
expect_eq 0 "$bad" "every personnummer has its Luhn digit, the right sex digit and is unique"

# --- the same seed, the same rows; another seed, others ---
dump_rows() { sq "$1" '.mode list' "SELECT * FROM patient ORDER BY id" "SELECT * FROM care_contact ORDER BY id" \
    "SELECT * FROM diagnosis ORDER BY id" "SELECT * FROM lab_result ORDER BY id" "SELECT * FROM prescription ORDER BY id"; }
cli demo source --patients 2000 --seed 5 --out "$D/b.db" --quiet
expect_eq 0 "$RC" "a second run with the same seed"
expect_eq "" "$ERR" "--quiet prints no progress"
check "the rows of all five tables" test "$(dump_rows "$D/a.db" | wc -l)" -gt 20000
check "the same seed gives the same rows" cmp -s <(dump_rows "$D/a.db") <(dump_rows "$D/b.db")
cli demo source --patients 2000 --seed 6 --out "$D/c.db" --quiet
check "another seed gives other rows" test "$(dump_rows "$D/a.db" | md5sum)" != "$(dump_rows "$D/c.db" | md5sum)"

# --- refusals ---
cp "$D/a.db" "$D/keep.db"
cli demo source --patients 10 --out "$D/keep.db"
expect_eq 1 "$RC" "an existing file is refused"
expect_match 'already exists' "$ERR" "… saying it exists"
check "… and left as it was" cmp -s "$D/a.db" "$D/keep.db"
cli demo source --patients 10 --out "$D/nowhere/x.db"
expect_eq 1 "$RC" "a missing directory fails"
expect_match 'cannot create .*nowhere/x.db' "$ERR" "… naming the path"
check "… and makes nothing" test ! -e "$D/nowhere"

# --- killed midway: no file; the next run makes it ---
"$DL" demo source --patients 400000 --out "$D/k.db" --quiet 2>>"$T/cli.err" &
pid=$!
for _ in $(seq 50); do [ -e "$D/k.db.partial" ] && break; sleep 0.1; done
sleep 0.5
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
check "kill -9 midway leaves no k.db" test ! -e "$D/k.db"
cli demo source --patients 100 --out "$D/k.db" --quiet
expect_eq 0 "$RC" "the next run succeeds"
expect_eq 100 "$(sq "$D/k.db" 'SELECT COUNT(*) FROM patient')" "… with its own rows"
check "… and no partial file is left" test ! -e "$D/k.db.partial"

# --- SQL text ---
export SOURCE_DATE_EPOCH=1767225600
cli demo source --patients 300 --seed 2 --format sql
expect_eq 0 "$RC" "--format sql exits 0"
printf '%s\n' "$OUT" >"$D/a.sql"
expect_match 'COPY patient \(id, personnummer, sex, birth_date, municipality\) FROM stdin;' "$OUT" "a COPY block for patient"
expect_match 'generated_at	2026-01-01T00:00:00Z' "$OUT" "generated_at from SOURCE_DATE_EPOCH"
cli demo source --patients 300 --seed 2 --out -
printf '%s\n' "$OUT" >"$D/b.sql"
check "--out - writes the same SQL" cmp -s "$D/a.sql" "$D/b.sql"
unset SOURCE_DATE_EPOCH

# --- PostgreSQL (e2e-pg) ---
if on_pg; then
    name=e2e_src_$$_$RANDOM
    store_sql "$DATALOTS_TEST_PG" "CREATE DATABASE $name" >/dev/null && PG_DBS+=("$name")
    url=$(pg_url_of "$name")
    psql_load() { PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 "$url" >/dev/null; }
    "$DL" demo source --patients 1000 --seed 1 --format pgsql --quiet 2>>"$T/cli.err" | psql_load
    expect_eq "0 0" "${PIPESTATUS[*]}" "demo source --format pgsql | psql loads"
    cli demo source --patients 1000 --seed 1 --out "$D/pg.db" --quiet
    # The same rows in both (reals compared in hundredths; dates as ISO).
    rows() { # rows URL-or-FILE
        local q=("SELECT id, personnummer, sex, birth_date, municipality FROM patient ORDER BY id"
            "SELECT id, patient_id, unit_code, contact_date, contact_type FROM care_contact ORDER BY id"
            "SELECT id, patient_id, unit_code, diagnosis_date, icd10, is_primary FROM diagnosis ORDER BY id"
            "SELECT id, patient_id, unit_code, sample_date, npu_code, CAST(round(value * 100) AS bigint), value_unit FROM lab_result ORDER BY id"
            "SELECT id, patient_id, unit_code, prescribed_date, atc_code, CAST(round(ddd_per_day * 100) AS bigint) FROM prescription ORDER BY id")
        PGOPTIONS='-c datestyle=ISO' store_sql "$1" "${q[@]}"
    }
    rows "$url" >"$D/pg.rows"
    rows "$D/pg.db" >"$D/sqlite.rows"
    n=$(wc -l <"$D/sqlite.rows")
    check "the rows of all five tables ($n lines)" test "$n" -gt 8000
    check "PostgreSQL holds the same rows as the SQLite file" cmp -s "$D/pg.rows" "$D/sqlite.rows"
    expect_eq 1000 "$(store_sql "$url" 'SELECT COUNT(*) FROM patient')" "1000 patients in PostgreSQL"
    expect_eq 3 "$(store_sql "$url" "SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'care_contact'")" \
        "care_contact has its key, patient and date indexes"
    expect_eq date "$(store_sql "$url" "SELECT data_type FROM information_schema.columns WHERE table_name = 'lab_result' AND column_name = 'sample_date'")" \
        "dates are PostgreSQL dates"
    "$DL" demo source --patients 5 --seed 9 --format pgsql --quiet 2>>"$T/cli.err" | psql_load 2>/dev/null
    expect_ne 0 "${PIPESTATUS[1]}" "loading into a database that has the tables fails"
    expect_eq 1000 "$(store_sql "$url" 'SELECT COUNT(*) FROM patient')" "… and leaves the first load as it was"
fi

finish
