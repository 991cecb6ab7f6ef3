#!/usr/bin/env bash
# tests/e2e/process2.sh BASE_URL — Process 2 from an empty form to a closed
# case against a running demo server (`make demo`): the applicant asks for
# data from a whole area (Regionområde Norr), delivered encrypted to their
# age key; the coordinator confirms Process 2; the reviewer documents the
# confidentiality review; the samråd recommends release with a deadline for
# the units; the area's chief answers for each unit — one refuses, with a
# reason; the coordinator closes the round; the director decides with the
# answers in view; Data och analys registers the encrypted delivery.
# Exits non-zero at the first failed check. Prints the case id last.
# For the extraction's tests (t_extract.sh): REQ_VARIABLES and REQ_ICD10
# replace the request's variables and codes (REQ_ICD10= set but empty: no
# code, the population is every patient seen), P2_AGE_KEY its age key,
# P2_APPROVE_EXTRA (name=value words) is added to the approval (its terms),
# and P2_STOP_BEFORE_DELIVERY=1 leaves the case waiting for its extraction.
BASE=${1:?usage: process2.sh BASE_URL}
BASE=${BASE%/}
. "$(dirname "$0")/process_lib.sh"
KEY=${P2_AGE_KEY:-age1clxclgdw2aknamv0l3ma28mj95jwj36vvf92q80225qhcre7zfqqss3gsw}
read -r -a approve_extra <<<"${P2_APPROVE_EXTRA:-}"

sign_in sokande
get /cases/new sokande
org=$(grep -o 'href="/cases/new?org=[0-9]*"[^<]*Regionhälsan' "$PT/body" | head -1 | sed 's/.*org=\([0-9]*\).*/\1/')
[ -n "$org" ] || die "no Regionhälsan to apply to"
get "/cases/new?org=$org" sokande
area=$(option_value "Regionområde Norr")
[ -n "$area" ] || die "Regionområde Norr is not offered"
mapfile -t fields < <(request_fields)
send_from "/cases/new?org=$org" /cases sokande "org=$org" "${fields[@]}" "target_node=$area" \
    "delivery=encrypted" "age_key=$KEY" "send=1"
status_is 303 "a request for a whole area is sent"
id=${LOCATION##*/}
case $id in '' | *[!0-9]*) die "no case id in $LOCATION" ;; esac
get "/cases/$id" sokande
number=$(grep -o 'RH [0-9]\{4\}-[0-9]\{5\}' "$PT/body" | head -1)
[ -n "$number" ] || die "no diary number on the case page"
pass "registered as $number"

sign_in samordnare
get "/cases/$id" samordnare
body_has 'value="2" checked' "Process 2 is suggested for an area"
step "$id" accept_complete samordnare "process=2" "${checklist[@]}"
status_is 303 "complete; Process 2 confirmed"
sign_in sekretess
step "$id" confidentiality_review sekretess "text=Utlämnande pseudonymiserat medför ingen skada (OSL 25:1)."
status_is 303 "the confidentiality review is documented"
deadline=$(date -d '+10 days' +%F)
step "$id" recommend_release samordnare "scientific=Frågeställningen är godtagbar." "feasibility=Genomförbart för området." \
    "ethics=Stämmer med etikgodkännandet." "deadline=$deadline"
status_is 303 "the samråd recommends release; the units are asked"
get "/cases/$id" samordnare
body_has "Enheterna tillfrågas" "the case waits for the units"
body_has "$deadline" "with the deadline"
step "$id" close_consultation samordnare
status_is 403 "the round cannot close before the units have answered"

sign_in roc-norr
get "/cases/$id" roc-norr
body_has "Vårdcentralen Sjöstaden" "the area's chief sees the area's units"
for unit in "Vårdcentralen Björkdalen" "Vårdcentralen Sjöstaden" "Barn- och ungdomsmottagningen Norr"; do
    get "/cases/$id" roc-norr
    uid=$(tr '\n' ' ' <"$PT/body" | perl -ne 'BEGIN { $u = shift } print "$1\n" if /<tr><td>\Q$u\E<\/td>.*?name="unit" value="(\d+)"/' "$unit")
    [ -n "$uid" ] || die "no answer form for $unit"
    if [ "$unit" = "Vårdcentralen Sjöstaden" ]; then
        step "$id" unit_answer roc-norr "unit=$uid" "refuses=1" "text=Enheten byter journalsystem under perioden."
    else
        step "$id" unit_answer roc-norr "unit=$uid"
    fi
    status_is 303 "$unit answers"
done
get "/cases/$id" samordnare
body_has "Nekar" "the refusal reaches the coordinator"
body_has "Enheten byter journalsystem under perioden." "with its reason"
step "$id" close_consultation samordnare
status_is 303 "the coordinator closes the unit round"

sign_in direktor
get "/cases/$id" direktor
body_has "Väntar på beslut" "the director has the case"
body_has "Nekar" "with the units' answers in view"
step "$id" approve direktor "partial=1" "text=Vårdcentralen Sjöstaden har nekat; dess uppgifter lämnas inte ut." \
    "conditions=Pseudonymiserade uppgifter; förstörs senast 2035-12-31." "${approve_extra[@]}"
status_is 303 "the director decides (release in part)"
if [ "${P2_STOP_BEFORE_DELIVERY:-}" = 1 ]; then
    echo "$CHECKS checks passed"
    echo "case $id"
    exit 0
fi

sign_in dataanalys
get /cases dataanalys
body_has "$number" "Data och analys has the case in its queue"
step "$id" register_delivery dataanalys "delivery=encrypted"
status_is 303 "Data och analys registers the encrypted delivery"
get "/cases/$id" sokande
body_has "Levererad" "the case is closed as delivered"
echo "$CHECKS checks passed"
echo "case $id"
