# shellcheck shell=bash
# scripts/valgrind_cli.sh — the commands of scripts/valgrind.sh (sourced by
# it): every command `datalots --help` lists, with --help and run for real
# with valid arguments, under memcheck, one test per run (vg). The stores
# and what the runs need are made natively first: a bare demo store for the
# demo generators and the guide's import, and a full one (the server's
# store, plus a case approved for extraction by tests/e2e/process2.sh over
# a native server, which also serves the holder feed, the catalogue to
# harvest and the pages the link check asks). The last test fails when a
# command of --help had no real run here.

# real NAME WANTED-EXIT ARGS... — vg, and NAME's first word counts as run
# (in $T/ran: the two lanes are two processes).
real() {
    echo "${1%% *}" >>"$T/ran"
    vg "$@"
}

# cli_setup — before the lanes start.
cli_setup() {
    local key vars terms
    BARE=sqlite:$T/bare.db
    FULL=sqlite:$T/full.db
    REPORTS=sqlite:$T/reports.db
    cp "$T/full.db" "$T/reports.db"
    "$DL" demo source --patients 300 --seed 1 --out "$T/source.db" --quiet >>"$T/setup.log" 2>&1
    "$DL" extract source add --db "$FULL" --org RH --name default --url "sqlite:$T/source.db" >>"$T/setup.log" 2>&1
    HPORT=$(free_port)
    HBASE=http://127.0.0.1:$HPORT
    "$DL" serve --db "$FULL" --listen "127.0.0.1:$HPORT" --access-log off --public-url "$HBASE" \
        --extract-interval 0 >"$T/helper.out" 2>"$T/helper.err" &
    SERVER_PIDS+=("$!")
    for _ in $(seq 1 100); do grep -q 'listening on' "$T/helper.out" 2>/dev/null && break; sleep 0.05; done
    # A case approved for extraction with release terms (Process 2 over HTTP).
    "$DL" age keygen -o "$T/recipient.key" >>"$T/setup.log" 2>&1
    key=$(sed -n 's/^# public key: //p' "$T/recipient.key")
    vars='patient.sex, patient.birth_date, diagnosis.icd10, diagnosis.diagnosis_date, lab_result.value'
    terms="terms=1 date_precision=month"
    for v in patient.sex patient.birth_date diagnosis.icd10 diagnosis.diagnosis_date lab_result.value; do
        terms="$terms release_variable=$v"
    done
    REQ_VARIABLES=$vars REQ_ICD10=E11 P2_AGE_KEY=$key P2_STOP_BEFORE_DELIVERY=1 P2_APPROVE_EXTRA=$terms \
        bash "$ROOT/tests/e2e/process2.sh" "$HBASE" >"$T/p2.out" 2>&1
    CASE=$(sed -n 's/^case \([0-9][0-9]*\)$/\1/p' "$T/p2.out" | tail -1)
    [ -n "$CASE" ] || not_ok "setup: a case approved for extraction" "$(tail -3 "$T/p2.out")"
    # Input files.
    mkdir -p "$T/links/guides" "$T/in"
    cat >"$T/links/guides/guide-lankprov.md" <<MD
---
id: guide-lankprov
type: guide
title: Länkprov
title_en: Link test
summary: En sida vars källor prövas av länkkontrollen.
summary_en: A page whose sources the link check tries.
categories: prov
sources: $HBASE/static/style.css, $HBASE/borta.html, http://127.0.0.1:1/stangd
reviewed: 2026-01-01
responsible: redaktör
---

Text.

## Så går du vidare

Inget.
MD
    "$DL" init --db "sqlite:$T/links.db" >>"$T/setup.log" 2>&1
    "$DL" catalog import "$T/links" --db "sqlite:$T/links.db" >>"$T/setup.log" 2>&1
    cat >"$T/in/obstacles.csv" <<'CSV'
what,category,consequence,actors,reported,email,actor_type
"Vi väntade elva månader på beslut, och fick sedan
ett avslag utan motivering.",Handläggnings- och ledtider,delayed,"Region Norr",2024-03-05,forskare@example.se,Forskare
<script>alert(1)</script>,other,,,,,
CSV
    printf '%s\n' '{"id": 1, "text": "Patienten Anna Andersson, 19121212-1212, anna@example.se, 070-123 45 67."}' \
        '{"id": "b", "text": "Inget personligt här."}' 'inte json' >"$T/in/pii.jsonl"
    printf 'Villkor: uppgifterna får inte föras ut ur landet.\n' >"$T/in/terms_sv.txt"
    printf 'Terms: the data must not leave the country.\n' >"$T/in/terms_en.txt"
    head -c 70000 /dev/urandom >"$T/in/plain.bin"
}

# commands — the commands `datalots --help` lists, one a line.
commands() { "$DL" --help | awk '/^commands:/ {on = 1; next} on && /^  [a-z]/ {print $1} on && /^$/ {exit}'; }

# help_runs — --help of every command and of a few subcommands, the top
# level's --help and --version, an unknown command.
help_runs() {
    local c
    vg "help" 0 --help
    vg "version" 0 --version
    vg "unknown command" 2 frobnicate
    for c in $(commands); do vg "help: $c" 0 "$c" --help; done
    vg "help: age encrypt" 0 age encrypt --help
    vg "help: db copy" 0 db copy --help
    vg "help: report followup" 0 report followup --help
}

# free_runs — the real runs that need no store, and the compiled reports
# (on a copy of the full store of their own); beside cli_runs.
free_runs() {
    local y
    y=$(this_year)
    # age: keys, recipients, passphrases, armor; the output read back.
    real "age keygen" 0 age keygen -o "$T/vg.key"
    real "age encrypt -r" 0 age encrypt -r "$(sed -n 's/^# public key: //p' "$T/vg.key" 2>/dev/null)" -o "$T/plain.age" "$T/in/plain.bin"
    real "age decrypt -i" 0 age decrypt -i "$T/vg.key" -o "$T/plain.out" "$T/plain.age"
    selected "age decrypt -i" && ! cmp -s "$T/in/plain.bin" "$T/plain.out" && not_ok "age decrypt -i gives back the plaintext"
    DATALOTS_PASSPHRASE=valgrind-fras real "age encrypt -p -a" 0 age encrypt -p --work-factor 10 -a -o "$T/pass.age" "$T/in/plain.bin"
    DATALOTS_PASSPHRASE=valgrind-fras real "age decrypt (passphrase, armor)" 0 age decrypt -o "$T/pass.out" "$T/pass.age"
    selected "age decrypt (passphrase" && ! cmp -s "$T/in/plain.bin" "$T/pass.out" &&
        not_ok "age decrypt with the passphrase gives back the plaintext"
    real "age decrypt (wrong key)" 4 age decrypt -i "$T/recipient.key" -o "$T/wrong.out" "$T/plain.age"
    real "content check" 0 content check content/
    real "content unconfirmed" 0 content unconfirmed content/
    real "routes" 0 routes
    real "demo source" 0 demo source --patients 100 --seed 2 --out "$T/source2.db" --quiet
    real "doc sample (pdf)" 0 doc sample --lang sv --rows 30 --out "$T/sample.pdf"
    real "doc sample (html)" 0 doc sample --lang en --format html --out "$T/sample.html"
    real "pii scan" 1 pii scan "$T/in/pii.jsonl"
    # Compiled reports in every format.
    for c in html csv xlsx pdf; do
        real "report obstacles ($c)" 0 report obstacles --from 2022-01-01 --to "$y-12-31" --format "$c" \
            --out "$T/obstacles.$c" --db "$REPORTS"
        real "report followup ($c)" 0 report followup --from "$((y - 1))-01-01" --to "$y-12-31" --format "$c" \
            --lang en --out "$T/followup.$c" --db "$REPORTS"
    done
}

# cli_runs — the real runs on the stores, in an order where each finds
# what it needs.
cli_runs() {
    local y tok_id t0=$SECONDS
    y=$(this_year)
    # init: a new store (every migration), and --demo on a demo store.
    real "init (new store)" 0 init --db "sqlite:$T/new.db"
    real "init --demo (demo present)" 0 init --db "$BARE" --demo
    echo serve >>"$T/ran" # the server cycle
    # The guide and the demo generators, on the bare demo store.
    real "catalog import" 0 catalog import content --db "$BARE"
    real "demo network" 0 demo network --db "$BARE"
    real "demo questions" 0 demo questions --db "$BARE"
    real "demo obstacles" 0 demo obstacles --count 20 --seed 2 --db "$BARE"
    real "demo cases" 0 demo cases --count 5 --seed 2 --db "$BARE"
    real "demo guide" 0 demo guide --count 5 --db "$BARE"
    # Accounts and the audit log.
    DATALOTS_PASSWORD=Valgrind-losen-2026 real "user add" 0 user add vgkonto --name "Val Grind" \
        --email vg@example.org --role registrar@RH --db "$FULL"
    DATALOTS_PASSWORD=Valgrind-losen-2027 real "user passwd" 0 user passwd vgkonto --db "$FULL"
    real "user role" 0 user role vgkonto --add coordinator@RH --db "$FULL"
    real "audit verify" 0 audit verify --db "$FULL"
    real "audit head" 0 audit head --db "$FULL"
    real "api-token create" 0 api-token create --name vg --role coordinator --org RH \
        --expires "$(date -u -d tomorrow +%F)" --db "$FULL"
    real "api-token list" 0 api-token list --db "$FULL"
    tok_id=$(store_sql "$FULL" "SELECT id FROM api_token WHERE name = 'vg'")
    real "api-token revoke" 0 api-token revoke "${tok_id:-0}" --db "$FULL"
    # OpenID Connect providers (the secret from a file, never the command line).
    printf 'vg-client-secret\n' >"$T/oidc-secret" && chmod 600 "$T/oidc-secret"
    real "oidc add" 0 oidc add --name vg-sso --issuer https://idp.example.se --client-id datalots \
        --client-secret-file "$T/oidc-secret" --label "Logga in med SITHS" --label-en "Sign in with SITHS" \
        --link-claim email --link-to email --db "$FULL"
    real "oidc map" 0 oidc map --name vg-sso --claim groups --value reg --role registrar --org RH --db "$FULL"
    real "oidc passwords" 0 oidc passwords --for everyone --db "$FULL"
    real "oidc list" 0 oidc list --db "$FULL"
    # The knowledge guide.
    real "catalog holder" 0 catalog holder RH vastra-gotalandsregionen --db "$FULL"
    real "catalog export" 0 catalog export "$T/export" --db "$FULL"
    real "catalog rdf" 0 catalog rdf --public-url https://data.region.example --db "$FULL"
    real "catalog harvest" '0|1' catalog harvest "$HBASE/catalog.ttl" --dry-run --db "$FULL"
    real "catalog search" 0 catalog search register socialstyrelsen --db "$FULL"
    real "catalog drafts" 0 catalog drafts --db "$FULL"
    real "catalog publish" 0 catalog publish patientregistret 1 --db "$FULL"
    real "catalog links" 1 catalog links --timeout 5 --db "sqlite:$T/links.db"
    # Mail: queued, listed, sent to the catcher.
    real "mail test" 0 mail test --to mottagare@example.se --db "$FULL"
    real "mail list" 0 mail list --db "$FULL"
    real "mail send" 0 mail send "${SMTP[@]}" --db "$FULL"
    # Forms, cases, documents, dictionary.
    real "form list" 0 form list --db "$FULL"
    real "form new-version" 0 form new-version --drop icd10 --note "ICD-10 frågas nu i dataordlistan" --db "$FULL"
    real "cases remind" 0 cases remind --db "$FULL"
    real "cases digest" 0 cases digest --db "$FULL"
    real "dictionary seed" 0 dictionary seed --org RH --db "$FULL"
    real "dictionary export" 0 dictionary export --org RH --db "$FULL"
    real "dictionary import" 0 dictionary import --org RH "$LOGS/dictionary export.out" --db "$FULL"
    real "obstacles import" 0 obstacles import "$T/in/obstacles.csv" --db "$FULL"
    # The extraction of the approved case, then its delivery.
    real "extract source list" 0 extract source list --db "$FULL"
    real "extract source add" 0 extract source add --org RH --name default --url "sqlite:$T/source.db" \
        --rate 0 --window 00:00-23:59 --db "$FULL"
    real "extract spec" 0 extract spec --case "${CASE:-0}" --db "$FULL"
    real "extract (run)" 0 extract --case "${CASE:-0}" --extract-dir "$T/extract-cli" --db "$FULL"
    real "extract status" 0 extract status --case "${CASE:-0}" --db "$FULL"
    local delivered=("$T"/extract-cli/*.age)
    real "age decrypt (the delivery)" 0 age decrypt -i "$T/recipient.key" -o "$T/delivery.tar" "${delivered[0]}"
    real "delivery offer" 0 delivery offer --case "${CASE:-0}" --file "${delivered[0]}" \
        --as dataanalys --hours 48 --public-url https://data.region.example --db "$FULL"
    real "delivery sweep" 0 delivery sweep --db "$FULL"
    # Retention, terms, predictions, personal data, holder feeds.
    real "retention schedule" 0 retention schedule --db "$FULL"
    real "retention set" 0 retention set --target document --kind acknowledgement --years 3 \
        --basis "Gallras 3 år efter avslut (valgrind)" --db "$FULL"
    real "retention run" 0 retention run --as-of "$(date +%F)" --db "$FULL"
    real "retention run --apply" 0 retention run --apply --max 5 --db "$FULL"
    real "terms add" 0 terms add --sv "$T/in/terms_sv.txt" --en "$T/in/terms_en.txt" --db "$FULL"
    real "terms list" 0 terms list --db "$FULL"
    real "predict" 0 predict --org RH --process 2 --units 3 --estimate yes --db "$FULL"
    real "predict check" 0 predict check --org RH --seed 3 --db "$FULL"
    real "holders add" 0 holders add "$HBASE/api/v1/holder-profile" --db "$FULL"
    real "holders refresh" 0 holders refresh --db "$FULL"
    real "holders list" 0 holders list --db "$FULL"
    real "holders remove" 0 holders remove "$HBASE/api/v1/holder-profile" --db "$FULL"
    real "db copy" 0 db copy --from "$BARE" --to "sqlite:$T/copy.db"
    [ -n "${PG_COPY:-}" ] && real "db copy (to PostgreSQL)" 0 db copy --from "$BARE" --to "$PG_COPY"

    echo "# lane 2 (the commands): $((SECONDS - t0)) s"
}

# every_command_ran — the last test: each command of --help had a real run.
every_command_ran() {
    local c cmds missing=()
    [ -n "${VALGRIND_ONLY:-}" ] && return 0
    mapfile -t cmds < <(commands)
    for c in "${cmds[@]}"; do
        grep -qx -- "$c" "$T/ran" 2>/dev/null || missing+=("$c")
    done
    if ((${#missing[@]})); then
        not_ok "every command of --help ran under valgrind" "not run: ${missing[*]} (add it to scripts/valgrind_cli.sh)"
    else
        ok "every command of --help ran under valgrind (${#cmds[@]})"
    fi
}
