#!/usr/bin/env bash
# t_lead_predict.sh — the lead time predicted before applying (issue 15 item
# 7): `datalots predict` and `predict check` on a generated history of 2,000
# cases (the 80 % interval's coverage on held-out cases printed and checked
# to lie near 80 %), the public page /process/ORG/prognos with its form,
# "too few cases to say" for an organisation with no decided case, and bad
# input: every option and query field malformed, out of range or hostile.
. "$(dirname "$0")/lib.sh"

start_server || finish
cli demo cases --count 2000 --seed 3 --db "$SRV_URL"
expect_eq 0 "$RC" "2,000 generated cases"
DECIDED=$(q "SELECT COUNT(*) FROM cases c JOIN org_node o ON o.id = c.org_id WHERE o.code = 'RH' AND c.state IN ('delivered', 'refused')")

# --- the command ------------------------------------------------------------------
cli predict --db "$SRV_URL" --org RH --process 2 --units 5 --data-kinds 3 --estimate no
expect_eq 0 "$RC" "datalots predict for a Process 2 request"
expect_match "^[0-9]+ of $DECIDED decided cases" "$OUT" "…says how many decided cases it rests on"
expect_match $'whole: receipt to delivery +[0-9]+ days \\(80 %: [0-9]+-[0-9]+\\)' "$OUT" "…the whole with its 80 % interval"
expect_match "unit_consultation" "$OUT" "…and Process 2's unit round as a step"
cli predict --db "$SRV_URL" --org RH --process 1
expect_no_match "unit_consultation" "$OUT" "a Process 1 request has no unit round"
for seed in 1 2; do
    cli predict check --db "$SRV_URL" --org RH --seed "$seed"
    expect_eq 0 "$RC" "predict check (seed $seed)"
    echo "# $OUT"
    PCT=$(sed -n 's/.*(\([0-9.]*\) %).*/\1/p' <<<"$OUT")
    check "the 80 % interval covers 70–90 % of the held-out cases (seed $seed: $PCT %)" \
        awk -v p="$PCT" 'BEGIN { exit !(p >= 70 && p <= 90) }'
done
for bad in "--process 3" "--units 0" "--units x" "--data-kinds -1" "--estimate maybe" "--holdout 5" "--org"; do
    # shellcheck disable=SC2086
    cli predict --db "$SRV_URL" --org RH $bad
    expect_eq 2 "$RC" "predict $bad is a usage error"
done
cli predict check --db "$SRV_URL" --org RH --holdout 95
expect_eq 2 "$RC" "holding out 95 % is a usage error"
cli predict --db "$SRV_URL" --org NOPE
expect_eq 1 "$RC" "an unknown organisation is refused"
expect_match "ingen organisation" "$ERR" "…saying so"

# --- the page --------------------------------------------------------------------------
ORG=$(q "SELECT id FROM org_node WHERE code = 'RH'")
http GET "/process/$ORG" -
expect_body_has "/process/$ORG/prognos" "the process page links the prediction"
http GET "/process/$ORG/prognos" -
expect_status 200 "the prediction page, anonymous, nothing described"
expect_body_has "ärenden som liknar ditt i allt du angett" "…rests on every decided case"
expect_body_has "$DECIDED" "…($DECIDED)"
http GET "/process/$ORG/prognos?process=2&enheter=5&datatyper=3&kostnad=nej" -
expect_status 200 "a Process 2 request described"
expect_body_has "Enheterna tillfrågas" "…has the units' round as a step"
expect_body_has "Från inkommen ansökan till leverans" "…and the whole"
expect_body_has 'value="2" checked' "…and the form keeps what was chosen"
http GET "/process/$ORG/prognos?process=2&kostnad=ja" -
expect_body_has "ärenden i samma process" "no case had an estimate: it rests on the process alone, and says so"
http GET "/process/$ORG/prognos?process=vet-inte&enheter=&datatyper=&kostnad=vet-inte" -
expect_status 200 "the form sent with nothing chosen (empty number boxes, don't know)"
expect_body_has "ärenden som liknar ditt i allt du angett" "…rests on every decided case"
http GET "/process/$ORG/prognos?process=1" - -H "Accept-Language: en"
expect_status 200 "the page in English"
expect_body_has "Expected lead time" "…with its heading translated"
for bad in "process=3" "process=" "enheter=0" "enheter=abc" "enheter=-1" "datatyper=1001" "datatyper=99999" "kostnad=kanske" "process=%3Cscript%3E"; do
    http GET "/process/$ORG/prognos?$bad" -
    expect_status 400 "?$bad is refused"
    expect_body_lacks "<script>" "…without echoing it"
done
http GET "/process/999999/prognos" -
expect_status 404 "an organisation that does not exist: 404"
# An organisation with no decided case: too few to say.
q "INSERT INTO org_node(parent_id, kind, name, code, path, created_at) VALUES (NULL, 'forvaltning', 'Tom region', 'TOM', '/tom/', '2026-01-01T00:00:00Z')" >/dev/null
NEWORG=$(q "SELECT id FROM org_node WHERE code = 'TOM'")
q "UPDATE org_node SET path = '/$NEWORG/' WHERE id = $NEWORG" >/dev/null
http GET "/process/$NEWORG/prognos?process=1" -
expect_status 200 "the page of an organisation with no decided case"
expect_body_has "För få avgjorda ärenden" "…says it has too few to say, not a guess"
cli predict check --db "$SRV_URL" --org TOM
expect_match "no held-out case could be predicted" "$OUT" "predict check says so too"
finish
