#!/usr/bin/env bash
# t_obstacle_measure.sh — measures against obstacles through HTTP (issue 13
# item 7): the analyst (demo account `hinder`) registers a measure from an
# obstacle's page, links it to a second obstacle by reference, starts it
# and reports progress with a note (refused without one), completes it;
# each step a dated timeline row and an audit row naming no text. The
# public page of a published obstacle shows the measure, its status, its
# progress and the public timeline — never the reason of an internal edit,
# nor the obstacle's internal notes; an obstacle not published shows
# nothing. Refused, with nothing written: progress 101, -1 or a word;
# malformed days; an unknown obstacle reference; an oversized title; no
# CSRF token; a step that does not apply; another role (403) and a
# stranger (sent to sign in). Script in a title comes out escaped.
. "$(dirname "$0")/lib.sh"

start_server || finish
writes() { q "SELECT (SELECT COUNT(*) FROM obstacle_measure) + (SELECT COUNT(*) FROM obstacle_measure_step) + (SELECT COUNT(*) FROM obstacle_measure_link) + (SELECT COUNT(*) FROM audit_log WHERE action LIKE 'measure.%')"; }

# Two reports through the API; the first is published, the second not.
for what in "Regionen lämnade inte ut journaldata för registerforskning." \
    "Kodverken för diagnoser skiljer sig mellan journalsystemen."; do
    http POST /api/v1/obstacles - -H 'Content-Type: application/json' \
        --data-binary "{\"what\": \"$what\", \"category\": \"legal_interpretation\"}"
    expect_status 201 "a report is made"
done
O1=$(q "SELECT MIN(id) FROM obstacle")
O2=$(q "SELECT MAX(id) FROM obstacle")
REF2=$(printf 'H-%06d' "$O2")
login hinder
H=$(jar hinder)
# An internal note on the obstacle: must never reach the public page.
tok=$(csrf_of "/hinder/analys/$O1" "$H")
http POST "/hinder/analys/$O1/steg/triage" "$H" --data-urlencode "note=INTERN-HINDERANTECKNING" --data-urlencode "csrf=$tok"
expect_status 303 "the obstacle is triaged with an internal note"
post "/hinder/analys/$O1/publicera" "$H" "public_text=Regionen lämnade inte ut journaldata."
expect_status 303 "the first obstacle is published"

# From the obstacle's page to the create form, the obstacle filled in.
http GET "/hinder/analys/$O1" "$H"
expect_body_has "/hinder/atgarder?hinder=$O1#ny" "the analyst's obstacle page links to a new measure for it"
expect_body_has "Inga åtgärder ännu." "…and has none yet"
http GET "/hinder/atgarder?hinder=$O1" "$H"
expect_status 200 "the measures page"
expect_body_has "value=\"$(printf 'H-%06d' "$O1")\"" "…with the obstacle's reference in the create form"

# create NAME=VALUE... — POST /hinder/atgarder with the page's CSRF token.
create() {
    local tok args=() kv
    tok=$(csrf_of /hinder/atgarder "$H")
    for kv in "$@"; do args+=(--data-urlencode "$kv"); done
    http POST /hinder/atgarder "$H" "${args[@]}" --data-urlencode "csrf=$tok"
}
before=$(writes)
create "title=x" "outcome=guidance" "start=2026-13-01"
expect_status 422 "a malformed start day is refused"
expect_body_has "Startdag" "…naming the field"
create "title=x" "outcome=guidance" "due=31/12/2026"
expect_status 422 "a malformed due day is refused"
create "title=x" "outcome=guidance" "start=2026-12-01" "due=2026-11-01"
expect_status 422 "a due day before the start is refused"
create "title=x" "outcome=guidance" "obstacles=H-999999"
expect_status 422 "an unknown obstacle reference is refused"
expect_body_has "H-999999" "…naming it"
create "title=x" "outcome=guidance" "obstacles=hinder-ett"
expect_status 422 "a word that is no reference is refused"
create "title=$(head -c 201 /dev/zero | tr '\0' 'x')" "outcome=guidance"
expect_status 422 "an oversized title is refused"
create "title=x" "outcome=lagandring"
expect_status 422 "an unknown outcome type is refused"
create "title=   " "outcome=guidance"
expect_status 422 "a blank title is refused"
http POST /hinder/atgarder "$H" --data-urlencode "title=x" --data-urlencode "outcome=guidance"
expect_status 403 "no CSRF token is refused"
expect_eq "$before" "$(writes)" "…and none of these wrote anything"

create "title=Vägledning om sekretessprövning <script>alert(1)</script>" "outcome=guidance" \
    "description=Nationell vägledning för regionernas prövning." "body=Socialstyrelsen" \
    "start=2026-07-01" "due=2026-12-31" "obstacles=$(printf 'H-%06d' "$O1")"
expect_status 303 "a measure is registered"
M=$(q "SELECT MAX(id) FROM obstacle_measure")
expect_eq "/hinder/atgarder/$M" "$(hdr Location)" "…and the analyst is sent to it"
http GET "/hinder/atgarder/$M" "$H"
expect_body_has "&lt;script&gt;alert(1)&lt;/script&gt;" "script in the title comes out escaped"
expect_body_lacks "<script>alert(1)" "…never as script"

# link and unlink by reference
lpost() { local tok; tok=$(csrf_of "/hinder/atgarder/$M" "$H"); http POST "/hinder/atgarder/$M/$1" "$H" --data-urlencode "$2" --data-urlencode "csrf=$tok"; }
lpost koppla "reference=$REF2"
expect_status 303 "the second obstacle is linked by its reference"
lpost koppla "reference=$REF2"
expect_status 409 "linking it twice is refused"
lpost koppla "reference=H-424242"
expect_status 422 "an unknown reference is refused"
lpost koppla-loss "obstacle=$O2"
expect_status 303 "…it can be unlinked"
lpost koppla "reference=${REF2#H-}"
expect_status 303 "…and linked again by its number"
expect_eq 2 "$(q "SELECT COUNT(*) FROM obstacle_measure_link WHERE measure_id = $M")" "the measure addresses two obstacles"

# step EVENT NAME=VALUE...
step() {
    local ev=$1 tok args=() kv
    shift
    tok=$(csrf_of "/hinder/atgarder/$M" "$H")
    for kv in "$@"; do args+=(--data-urlencode "$kv"); done
    http POST "/hinder/atgarder/$M/steg/$ev" "$H" "${args[@]}" --data-urlencode "csrf=$tok"
}
before=$(writes)
step progress "progress=10" "note=För tidigt"
expect_status 409 "progress before the start does not apply"
step start "progress=10"
expect_status 422 "a start without a note is refused"
expect_body_has "visas offentligt" "…saying the note is public"
for bad in 101 -1 tio; do
    step start "progress=$bad" "note=Arbetet har börjat"
    expect_status 422 "progress $bad is refused"
done
expect_eq "$before" "$(writes)" "…and none of these wrote anything"
step start "progress=10" "note=Arbetet med vägledningen har börjat."
expect_status 303 "the measure is started at 10 %"
step progress "progress=60" "note=Remissversionen är klar."
expect_status 303 "progress 60 % with a note"
step edit "title=Vägledning om sekretessprövning" "outcome=guidance" "note=INTERNT-ANDRINGSSKAL"
expect_status 303 "the title is edited with an internal reason"
http GET "/hinder/atgarder/$M" "$H"
expect_body_has "60&nbsp;%" "the analyst sees the progress"
expect_body_has "visas offentligt" "…and is told the notes are public"

# The public page of the published obstacle.
http GET "/hinder/$O1" -
expect_status 200 "the public obstacle page"
expect_body_has "Vägledning om sekretessprövning" "…shows the measure"
expect_body_has "Pågår" "…its status"
expect_body_has '<progress max="100" value="60"' "…its progress as a progress bar"
expect_body_has '60&nbsp;%' "…and as a number that does not wrap"
expect_body_has "Remissversionen är klar." "…and the public timeline's notes"
expect_body_lacks "INTERNT-ANDRINGSSKAL" "…never an edit's internal reason"
expect_body_lacks "INTERN-HINDERANTECKNING" "…never the obstacle's internal note"
expect_body_lacks "(hinder)" "…nor the analyst's account name"
http GET "/hinder/$O2" -
expect_status 404 "the obstacle not published has no public page"

step complete "note=Vägledningen är publicerad."
expect_status 303 "the measure is completed"
expect_eq "done 100" "$(q "SELECT status || ' ' || progress FROM obstacle_measure WHERE id = $M")" "…at 100 %"
step cancel "note=Ångrar"
expect_status 409 "a completed measure cannot be cancelled"
http GET "/hinder/$O1" -
expect_body_has "Genomförd" "the public page shows it done"
expect_eq 5 "$(q "SELECT COUNT(*) FROM obstacle_measure_step WHERE measure_id = $M")" "five timeline rows (registered, started, progress, edit, done)"
expect_eq 0 "$(q "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'measure.%' AND (detail LIKE '%Remiss%' OR detail LIKE '%INTERNT%')")" \
    "the audit rows name no text"
expect_eq 8 "$(q "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'measure.%'")" \
    "one audit row per change (create, link, unlink, link, 4 steps)"

# The analyst's obstacle page lists it; the list filters.
http GET "/hinder/analys/$O1" "$H"
expect_body_has "/hinder/atgarder/$M" "the analyst's obstacle page lists the measure"
http GET "/hinder/atgarder?status=done&outcome=guidance" "$H"
expect_body_has "/hinder/atgarder/$M\"" "the filter by status and type finds it"
http GET "/hinder/atgarder?status=ongoing" "$H"
expect_body_lacks "/hinder/atgarder/$M\"" "…and another status does not"
http GET "/hinder/atgarder?status=klar" "$H"
expect_status 400 "an unknown status in the filter is 400"

# Who may.
A=$(jar anon)
http GET /hinder/atgarder "$A"
expect_status 303 "a stranger is sent to sign in"
login redaktor
R=$(jar redaktor)
http GET /hinder/atgarder "$R"
expect_status 403 "an editor may not see the measures"
http GET "/hinder/atgarder/$M" "$R"
expect_status 403 "…nor one measure"
tok=$(csrf_of /org "$R")
http POST /hinder/atgarder "$R" --data-urlencode "title=x" --data-urlencode "outcome=other" --data-urlencode "csrf=$tok"
expect_status 403 "…nor create one"
finish
