# shellcheck shell=bash
# tests/e2e/process_lib.sh — what process1.sh and process2.sh need to drive
# a running datalots over HTTP as people do: sign in, read a page, post a
# form with the page's CSRF token, and stop at the first failed check.
#   BASE       the server, e.g. http://127.0.0.1:8080
#   PW         the demo password (DEMO_PASSWORD overrides)
set -u
PW=${DEMO_PASSWORD:-demo-Regionhalsan-2026}
PT=$(mktemp -d)
trap 'rm -rf "$PT"' EXIT
CHECKS=0

die() { echo "FAILED: $*" >&2; [ -f "$PT/body" ] && sed -e 's/<[^>]*>//g' "$PT/body" | tr -s ' \n\t' ' ' | head -c 600 >&2; echo >&2; exit 1; }
pass() { CHECKS=$((CHECKS + 1)); echo "ok - $1"; }

# get PATH USER — GET as USER (cookie jar per user); sets STATUS, body in $PT/body.
get() {
    STATUS=$(curl -s -g --max-time 30 -o "$PT/body" -w '%{http_code}' -b "$PT/jar.$2" -c "$PT/jar.$2" "$BASE$1")
}
token() { grep -o 'name="csrf" value="[0-9a-f]*"' "$PT/body" | head -1 | sed 's/.*value="\([0-9a-f]*\)"/\1/'; }
# send PATH USER name=value... — POST with the CSRF token of the last page USER saw at PAGE.
send_from() {
    local page=$1 path=$2 user=$3
    shift 3
    get "$page" "$user"
    local tok args=() kv
    tok=$(token)
    [ -n "$tok" ] || die "no CSRF token on $page for $user"
    for kv in "$@"; do args+=(--data-urlencode "$kv"); done
    STATUS=$(curl -s -g --max-time 30 -o "$PT/body" -D "$PT/hdrs" -w '%{http_code}' -b "$PT/jar.$user" -c "$PT/jar.$user" \
        "${args[@]}" --data-urlencode "csrf=$tok" "$BASE$path")
    LOCATION=$(sed -n 's/^[Ll]ocation: *//p' "$PT/hdrs" | tr -d '\r' | tail -1)
}
sign_in() {
    rm -f "$PT/jar.$1"
    send_from /login /login "$1" "username=$1" "password=$PW"
    [ "$STATUS" = 303 ] || die "sign-in of $1 answered $STATUS"
}
body_has() { grep -qF -- "$1" "$PT/body" || die "$2: the page lacks \"$1\""; pass "$2"; }
body_lacks() { ! grep -qF -- "$1" "$PT/body" || die "$2: the page has \"$1\""; pass "$2"; }
status_is() { [ "$STATUS" = "$1" ] || die "$2: status $STATUS, expected $1"; pass "$2"; }
# The version hidden field of the case page USER sees.
case_version() {
    get "/cases/$1" "$2"
    grep -o 'data-version="[0-9]*"' "$PT/body" | head -1 | sed 's/.*="\([0-9]*\)"/\1/'
}
# step CASE EVENT USER [name=value...] — takes a step from the case page.
step() {
    local id=$1 ev=$2 user=$3
    shift 3
    local v
    v=$(case_version "$id" "$user")
    [ -n "$v" ] || die "$user sees no form on case $id (status $STATUS)"
    send_from "/cases/$id" "/cases/$id/events/$ev" "$user" "version=$v" "$@"
}
# The value of an <option> whose label contains TEXT on the last page.
option_value() {
    grep -o "<option value=\"[0-9]*\"[^>]*>[^<]*$1" "$PT/body" | head -1 | sed 's/<option value="\([0-9]*\)".*/\1/'
}
# A request's fields, complete (the scripts add where, what and how).
request_fields() {
    printf '%s\n' "applicant_name=Sara Forskare" "applicant_email=sokande@regionhalsan.example" \
        "applicant_org=Göteborgs universitet" "pi_name=Professor Åsa Öberg" "pi_email=asa.oberg@gu.example" \
        "pi_org=Göteborgs universitet, institutionen för medicin" "title=Diabetes typ 2 i primärvården 2015–2024" \
        "purpose=Att beskriva vården av patienter med typ 2-diabetes." \
        "question=Hur har HbA1c-målen uppnåtts över tid?" "ethics_dnr=2024-01234-01" "ethics_date=2024-03-15" \
        "legal_basis=public_interest" "population=Vuxna med diagnos E11 under perioden." "icd10=${REQ_ICD10-E11, E11.9}" \
        "period_from=2015-01-01" "period_to=2024-12-31" "variables=${REQ_VARIABLES:-Kön, födelseår, HbA1c, diagnoser, läkemedel (ATC)}" \
        "sec_storage=Krypterad server vid universitetet." "sec_access=Projektets tre forskare." \
        "sec_retention=Tio år enligt arkivreglerna." "sec_destruction=Raderas enligt universitetets rutin."
}
# Every point of the completeness check, ticked.
checklist=(check_applicant=1 check_ethics=1 check_legal=1 check_population=1 check_security=1 check_delivery=1)
