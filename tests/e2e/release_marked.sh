#!/usr/bin/env bash
# tests/e2e/release_marked.sh BASE_URL approve|refuse — a Process 1 case
# from an empty form to a decision against a running demo server, with a
# marker (HEMLIG-…) in every field and document that is not public: the
# applicant's and the researcher's names, addresses and phone, the
# question, the population, the variables, the legal note, the security
# plan, the completion request and answer, the confidentiality review and
# its conditions, the samråd's three assessments and conditions, and the
# decision's conditions (and an approval's text). Public are the
# applicant's organisation, the title, the purpose and a refusal's reasons
# (PUBLIKT-SKAL). For t_release_register.sh. Prints the case id last.
BASE=${1:?usage: release_marked.sh BASE_URL approve|refuse}
BASE=${BASE%/}
MODE=${2:?approve or refuse}
. "$(dirname "$0")/process_lib.sh"

sign_in sokande
get /cases/new sokande
org=$(grep -o 'href="/cases/new?org=[0-9]*"[^<]*Regionhälsan' "$PT/body" | head -1 | sed 's/.*org=\([0-9]*\).*/\1/')
[ -n "$org" ] || die "no Regionhälsan to apply to"
get "/cases/new?org=$org" sokande
unit=$(option_value "Vårdcentralen Björkdalen")
[ -n "$unit" ] || die "Vårdcentralen Björkdalen is not offered"
send_from "/cases/new?org=$org" /cases sokande "org=$org" "applicant_name=HEMLIG-SOKANDE Sara" \
    "applicant_email=hemlig-sokande@example.se" "applicant_phone=HEMLIG-TELEFON 0701" \
    "applicant_org=Öppna universitetet $MODE" "pi_name=HEMLIG-FORSKARE Åsa" "pi_email=hemlig-forskare@example.se" \
    "pi_org=HEMLIG-FORSKARORG institutionen" "title=${TITLE_PREFIX:-}Publik titel $MODE: diabetes i primärvården" \
    "purpose=Att beskriva vården av patienter med diabetes. Ytterligare en mening om syftet." \
    "question=HEMLIG-FRAGA om HbA1c?" "ethics_dnr=2024-01234-01" "ethics_date=2024-03-15" \
    "legal_basis=public_interest" "legal_note=HEMLIG-RATTSLIG-NOT" "population=HEMLIG-POPULATION vuxna" \
    "icd10=E11" "period_from=2015-01-01" "period_to=2024-12-31" \
    "variables=patient.sex lab_result.value HEMLIG-VARIABEL" "sec_storage=HEMLIG-LAGRING" \
    "sec_access=HEMLIG-ATKOMST" "sec_retention=HEMLIG-BEVARANDE" "sec_destruction=HEMLIG-FORSTORING" \
    "target_node=$unit" "contacts_patients=1" "delivery=paper" "send=1"
status_is 303 "the marked request is sent"
id=${LOCATION##*/}
case $id in '' | *[!0-9]*) die "no case id in $LOCATION" ;; esac

sign_in samordnare
step "$id" request_completion samordnare "text=HEMLIG-KOMPLETTERINGSBEGARAN"
status_is 303 "a completion is asked for"
step "$id" complete sokande "text=HEMLIG-KOMPLETTERING"
status_is 303 "and given"
step "$id" accept_complete samordnare "process=1" "${checklist[@]}"
status_is 303 "complete; Process 1"
sign_in sekretess
step "$id" confidentiality_review sekretess "text=HEMLIG-SEKRETESSPROVNING" "conditions=HEMLIG-FORBEHALL"
status_is 303 "the confidentiality review"
if [ "$MODE" = refuse ]; then ev=recommend_refusal; else ev=recommend_release; fi
step "$id" "$ev" samordnare "scientific=HEMLIG-BEDOMNING-VETENSKAP" "feasibility=HEMLIG-BEDOMNING-GENOMFORBAR" \
    "ethics=HEMLIG-BEDOMNING-ETIK" "conditions=HEMLIG-REKOMMENDATIONSVILLKOR"
status_is 303 "the samråd's recommendation"
sign_in vc-bjorkdalen
if [ "$MODE" = refuse ]; then
    step "$id" refuse vc-bjorkdalen "text=PUBLIKT-SKAL: uppgifterna kan inte lämnas ut utan men." \
        "conditions=HEMLIG-BESLUTSVILLKOR"
else
    step "$id" approve vc-bjorkdalen "text=HEMLIG-BESLUTSTEXT" "conditions=HEMLIG-BESLUTSVILLKOR"
fi
status_is 303 "the decision ($MODE)"
echo "case $id"
