#!/usr/bin/env bash
# t_dictionary.sh — the data dictionary (issue 12 item 2): the public page
# /data/ordlista read signed out in Swedish and English, its filters (a GET
# form: words, sensitivity, table) and their bad values, the JSON variant,
# `datalots dictionary export` → edit → `import` → export again (the same
# file), bad CSV rows named by line with nothing written, and the request
# form: the offered variables as checkboxes per table, ticked ones saved as
# keys and shown ticked again, the free text kept below them, an old
# request's free text shown whole, and a key that is not offered (or SQL
# in one) refused with a sentence and nothing saved.
. "$(dirname "$0")/lib.sh"

start_server || finish
A=$(jar anon)

# --- the page, signed out --------------------------------------------------------
http GET /data/ordlista "$A"
expect_status 200 "the dictionary page, signed out"
expect_body_has "Dataordlista: Regionhälsan" "…of the demo's only organisation, chosen without asking"
expect_body_has '<h2 id="t-patient">Patienter</h2>' "…a heading per table, with its Swedish label"
expect_body_has '<code>patient.personnummer</code>' "…the personnummer is offered"
expect_body_has 'Lämnas bara ut som pseudonym.' "…and said to be delivered only as a pseudonym"
expect_body_has 'sens-direct_identifier"><span class="sens-mark" aria-hidden="true">▲</span>Direkt identifierande' \
    "…its sensitivity as a word with a mark, not colour alone"
expect_body_lacks '<code>patient.id</code>' "…row ids (never delivered) are not offered"
expect_body_has 'Visar 24 av 24 variabler.' "…24 variables offered"
expect_body_has 'href="/cases/new?org=' "…and a link to apply"
expect_header ETag '.+' "the page has an ETag (page cache)"
http GET /data/ordlista "$A" -H 'Accept-Language: en'
expect_status 200 "the page in English"
expect_body_has "Data dictionary: Regionhälsan" "…titled in English"
expect_body_has '<h2 id="t-lab_result">Lab results</h2>' "…table labels in English"
expect_body_has 'Released only as a pseudonym.' "…the schema's descriptions in English"
expect_body_has 'Directly identifying' "…the sensitivity in English"
expect_body_lacks 'Labbresultat' "…no Swedish label left"

# --- filters (a plain GET form) ----------------------------------------------------
http GET "/data/ordlista?org=RH&q=npu" "$A"
expect_body_has '<code>lab_result.npu_code</code>' "words: NPU finds the NPU code"
expect_body_has 'Visar 1 av 24 variabler.' "…and only it"
expect_body_has 'value="npu"' "…the word stays in the box"
http GET "/data/ordlista?org=RH&sens=direct_identifier&table=&q=" "$A"
expect_status 200 "an empty table choice (\"Alla\") is no filter"
expect_body_has 'Visar 1 av 24 variabler.' "sensitivity: one directly identifying variable"
expect_body_has '<option value="direct_identifier" selected>' "…the choice stays selected"
http GET "/data/ordlista?org=RH&table=prescription" "$A"
expect_body_has 'Visar 5 av 24 variabler.' "table: the prescriptions' five"
expect_body_lacks '<code>patient.sex</code>' "…and nothing of other tables"
http GET "/data/ordlista?org=RH&q=finnsinte" "$A"
expect_body_has 'Inga variabler passar filtret.' "no hit: a sentence and a way back"
http GET "/data/ordlista?org=RH&sens=secret" "$A"
expect_status 400 "an unknown sensitivity is refused"
expect_body_has 'Välj känslighet och tabell i listorna.' "…with a sentence"
http GET "/data/ordlista?org=RH&table=cases%3B%20DROP%20TABLE%20cases" "$A"
expect_status 400 "SQL as a table is refused"
http GET "/data/ordlista?org=NOPE" "$A"
expect_status 404 "an unknown organisation: 404"
expect_body_has 'Det finns ingen organisation med den koden.' "…with a sentence"

# --- JSON -------------------------------------------------------------------------
http GET "/api/v1/dictionary?org=RH" "$A"
expect_status 200 "the JSON variant"
n=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["items"]), d["organisation"], d["items"][0]["variable"], d["items"][0]["sensitivity"])' "$BODY")
expect_eq "24 RH patient.personnummer direct_identifier" "$n" "…24 items, the first the personnummer"
http GET "/api/v1/dictionary?org=RH&table=lab_result" "$A" -H 'Accept-Language: en'
expect_eq "6 Lab results" "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["items"]), d["items"][0]["table_label"])' "$BODY")" \
    "…filtered by table, labels in English"
http GET "/api/v1/dictionary" "$A"
expect_status 400 "…without org: 400"

# --- the CLI: export → edit → import → export ------------------------------------
cli dictionary export --org RH --db "$SRV_URL"
expect_eq 0 "$RC" "export"
printf '%s\n' "$OUT" >"$T/dict.csv"
expect_eq 'variable,table,label,type,offered,sensitivity,description_sv,description_en' "$(head -1 "$T/dict.csv" | tr -d '\r')" \
    "…with its header"
expect_eq 30 "$(wc -l <"$T/dict.csv")" "…and a row per variable (29)"
python3 - "$T/dict.csv" "$T/edited.csv" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
for r in rows[1:]:
    if r[0] == 'lab_result.value':
        r[6] = 'Provsvaret som tal, med "punkt" som decimaltecken, t.ex. 48,5 skrivs 48.5.'
        r[7] = 'The result as a number.'
    if r[0] == 'care_contact.contact_type':
        r[4] = '0'
w = csv.writer(open(sys.argv[2], 'w', newline='', encoding='utf-8'))
w.writerows(rows)
EOF
cli dictionary import --org RH "$T/edited.csv" --db "$SRV_URL"
expect_eq 0 "$RC" "import of the edited file"
expect_eq "dictionary import: 29 variables written" "$OUT" "…every row written"
cli dictionary export --org RH --db "$SRV_URL"
printf '%s\n' "$OUT" >"$T/again.csv"
expect_eq "" "$(diff <(tr -d '\r' <"$T/edited.csv") <(tr -d '\r' <"$T/again.csv"))" "export after import gives the edited file back"
http GET "/data/ordlista?org=RH&table=lab_result" "$A"
expect_body_has 'med &quot;punkt&quot; som decimaltecken' "the page shows the new wording at once"
http GET "/data/ordlista?org=RH&table=lab_result" "$A" -H 'Accept-Language: en'
expect_body_has 'The result as a number.' "…and its English"
http GET "/data/ordlista?org=RH" "$A"
expect_body_lacks '<code>care_contact.contact_type</code>' "…and no longer offers what was turned off"

# --- bad rows: each named, nothing written --------------------------------------
before=$(q "SELECT variable || offered || sensitivity || description_sv || description_en FROM data_dictionary ORDER BY variable" | sha256sum)
audit_before=$(q "SELECT COUNT(*) FROM audit_log")
long=$(python3 -c 'print("å" * 1001)')
{
    head -1 "$T/edited.csv"
    echo 'patient.sex,patient,Kön,text,1,quasi_identifier,Ändrad men filen är dålig,'
    echo 'patient.nope,patient,X,text,1,health,Finns inte,'
    echo 'patient.birth_date,patient,X,date,1,secret,Fel klass,'
    echo "patient.municipality,patient,X,text,1,quasi_identifier,$long,"
    printf 'lab_result.npu_code,lab_result,X,text,1,health,bad \xc3\x28 utf8,\r\n'
    echo 'diagnosis.icd10,diagnosis,X,text,ja,health,Fel offered,'
    echo 'diagnosis.icd10,diagnosis,X,text,1,health,för få fält'
    echo 'patient.sex,patient,Kön,text,1,quasi_identifier,Två gånger,'
} >"$T/bad.csv"
cli dictionary import --org RH "$T/bad.csv" --db "$SRV_URL"
expect_eq 1 "$RC" "a file with bad rows: exit 1"
exp="$T/bad.csv:3: Variabeln ”patient.nope” finns inte i källschemat.
$T/bad.csv:4: Känslighetsklassen ”secret” för ”patient.birth_date” finns inte (direct_identifier, quasi_identifier, health eller administrative).
$T/bad.csv:5: Beskrivningen på svenska för ”patient.municipality” är för lång (högst 1000 tecken).
$T/bad.csv:6: Beskrivningen på svenska för ”lab_result.npu_code” är inte giltig UTF-8.
$T/bad.csv:7: Erbjuds för ”diagnosis.icd10” måste vara 0 eller 1.
$T/bad.csv:8: Raden har 7 fält; den ska ha 8.
$T/bad.csv:9: Variabeln ”patient.sex” står redan på rad 2.
dictionary import: 7 problems, nothing written"
expect_eq "$exp" "$OUT" "…each bad row named by its line, with the exact sentence"
expect_eq "$before" "$(q "SELECT variable || offered || sensitivity || description_sv || description_en FROM data_dictionary ORDER BY variable" | sha256sum)" \
    "…and nothing written (not even the good row 2)"
expect_eq "$audit_before" "$(q "SELECT COUNT(*) FROM audit_log")" "…nor audited"
printf 'variable,label\npatient.sex,Kön\n' >"$T/head.csv"
cli dictionary import --org RH "$T/head.csv" --db "$SRV_URL"
expect_eq "$T/head.csv:1: Första raden ska vara rubrikraden variable,table,label,type,offered,sensitivity,description_sv,description_en." \
    "$OUT" "a wrong header is named"
printf 'variable,table,label,type,offered,sensitivity,description_sv,description_en\npatient.sex,"oops,x\n' >"$T/quote.csv"
cli dictionary import --org RH "$T/quote.csv" --db "$SRV_URL"
expect_match 'quote.csv:2: Raden är inte giltig CSV \(ett citattecken stängs aldrig\)' "$OUT" "an unclosed quote is named"
cli dictionary import --org NOPE "$T/edited.csv" --db "$SRV_URL"
expect_eq 1 "$RC" "an unknown organisation: exit 1"
expect_match 'ingen organisation med koden ”NOPE”' "$ERR" "…with a sentence"
cli dictionary seed --org RH --db "$SRV_URL"
expect_eq "dictionary seed: 0 variables added" "$OUT" "seeding again adds nothing"

# --- the request form -----------------------------------------------------------
login sokande
J=$(jar sokande)
org=$(q "SELECT id FROM org_node WHERE code = 'RH'")
http GET "/cases/new?org=$org" "$J"
expect_status 200 "the request form"
expect_body_has '<fieldset class="var-group"><legend>Patienter</legend>' "…a fieldset per table with its legend"
expect_body_has 'name="variable" value="patient.personnummer"' "…the personnummer offered as a box"
expect_body_has 'Lämnas bara ut som pseudonym.' "…said to be a pseudonym"
expect_body_lacks 'value="care_contact.contact_type"' "…what is not offered has no box"
expect_body_has "href=\"/data/ordlista?org=RH\">Se dataordlistan</a>" "…and a link to the dictionary"
tok=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$BODY" | head -1 | sed 's/.*value="\([0-9a-f]*\)"/\1/')
http POST /cases "$J" -F "csrf=$tok" -F "org=$org" -F "title=Ordlistan" -F "variable=patient.sex" \
    -F "variable=lab_result.value" -F "variable=patient.sex" -F "variables=Blodtryck om det finns"
expect_status 303 "a draft with two boxes ticked (one twice) and free text"
id=$(hdr Location | sed 's#.*/cases/##')
expect_eq "patient.sex
lab_result.value

Blodtryck om det finns" "$(q "SELECT variables FROM cases WHERE id = $id")" "…saved as keys, one per line, then the free text"
http GET "/cases/$id" "$J"
expect_body_has 'value="patient.sex" checked' "…shown ticked again"
expect_body_has 'value="lab_result.value" checked' "…both"
expect_body_lacks 'value="patient.birth_date" checked' "…and nothing else ticked"
expect_match '>Blodtryck om det finns</textarea>' "$(tr -d '\n' <"$BODY")" "…the free text in the textarea below"
version=$(q "SELECT version FROM cases WHERE id = $id")
for bad in 'patient.id; DROP TABLE cases' 'patient.id' 'care_contact.contact_type'; do
    http GET "/cases/$id" "$J"
    tok=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$BODY" | head -1 | sed 's/.*value="\([0-9a-f]*\)"/\1/')
    http POST "/cases/$id" "$J" -F "csrf=$tok" -F "version=$version" -F "title=Ordlistan ändrad" \
        -F "variable=patient.sex" --form-string "variable=$bad" -F "variables=Annat"
    expect_status 422 "a key not offered is refused: $bad"
    expect_body_has "Organisationen erbjuder inte variabeln ”$bad”." "…with a sentence naming it"
    expect_body_has 'value="patient.sex" checked' "…the good box still ticked on the page shown again"
    expect_eq "Ordlistan|$version" "$(q "SELECT title, version FROM cases WHERE id = $id")" "…and nothing saved"
done
q "UPDATE cases SET variables = 'HbA1c och kreatinin, 2019–2023
Blodtryck' WHERE id = $id"
http GET "/cases/$id" "$J"
expect_match '>HbA1c och kreatinin, 2019–2023Blodtryck</textarea>' "$(tr -d '\n' <"$BODY")" "an old request's free text shows whole"
expect_body_lacks '" checked' "…with no box ticked"
http GET "/cases/$id" "$J" -H 'Accept-Language: en'
expect_body_has 'Released only as a pseudonym.' "the form's variables in English"
expect_body_has 'See the data dictionary' "…and its link"

finish
