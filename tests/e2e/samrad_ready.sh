#!/usr/bin/env bash
# tests/e2e/samrad_ready.sh BASE_URL — brings cases to the samråd against a
# running demo server, as people do (process_lib.sh): the applicant sends
# three Process 1 requests for Vårdcentralen Björkdalen; the coordinator
# accepts the first two as complete (Process 1) and leaves the third
# received; the confidentiality reviewer documents the review of the first.
# Prints "reviewed ID", "unreviewed ID" and "received ID" last; exits
# non-zero at the first failed check. Used by t_samrad.sh.
BASE=${1:?usage: samrad_ready.sh BASE_URL}
BASE=${BASE%/}
. "$(dirname "$0")/process_lib.sh"

sign_in sokande
get /cases/new sokande
org=$(grep -o 'href="/cases/new?org=[0-9]*"[^<]*Regionhälsan' "$PT/body" | head -1 | sed 's/.*org=\([0-9]*\).*/\1/')
[ -n "$org" ] || die "no Regionhälsan to apply to"
get "/cases/new?org=$org" sokande
unit=$(option_value "Vårdcentralen Björkdalen")
[ -n "$unit" ] || die "Vårdcentralen Björkdalen is not offered"
mapfile -t fields < <(request_fields | grep -v "^title=")
ids=()
for n in 1 2 3; do
    send_from "/cases/new?org=$org" /cases sokande "org=$org" "${fields[@]}" "title=Samrådsstudie $n" \
        "target_node=$unit" "contacts_patients=1" "delivery=paper" "send=1"
    status_is 303 "request $n is sent"
    id=${LOCATION##*/}
    case $id in '' | *[!0-9]*) die "no case id in $LOCATION" ;; esac
    ids+=("$id")
done

sign_in samordnare
for id in "${ids[0]}" "${ids[1]}"; do
    step "$id" accept_complete samordnare "process=1" "${checklist[@]}"
    status_is 303 "case $id is complete, Process 1"
done
sign_in sekretess
step "${ids[0]}" confidentiality_review sekretess "text=Inga patienter skadas om uppgifterna lämnas ut pseudonymiserade (OSL 25:1)." \
    "conditions=Pseudonymiserade uppgifter."
status_is 303 "the designated reviewer documents the review of case ${ids[0]}"
echo "reviewed ${ids[0]}"
echo "unreviewed ${ids[1]}"
echo "received ${ids[2]}"
