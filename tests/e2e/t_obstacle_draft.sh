#!/usr/bin/env bash
# t_obstacle_draft.sh — the reporter before publication (issue 13 item 7):
# the form's preview shows how the report reads, the personal data that
# will be removed and similar PUBLISHED obstacles (by their published
# wording only — never an unpublished report, never a published one's
# private text) with a link to follow one instead; it stores and counts
# nothing, keeps every value for Skicka and Ändra, and keeps the robot
# trap and CSRF rules. From the follow-up link the reporter changes their
# texts (the old text kept in the analyst's history) or withdraws the
# report; a forged token, a missing CSRF token, hostile or oversized text
# change nothing; once published, both are refused with a sentence.
. "$(dirname "$0")/lib.sh"

start_server || finish
json_get() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval("d" + sys.argv[2]))' "$BODY" "$1" 2>/dev/null; }
token_of() { sed -n 's/.*[?&]t=\([0-9a-f]\{64\}\).*/\1/p' <<<"$1" | head -1; }
count() { q 'SELECT COUNT(*) FROM obstacle'; }
writes() { q "SELECT (SELECT COUNT(*) FROM obstacle) + (SELECT COUNT(*) FROM obstacle_step) + (SELECT COUNT(*) FROM audit_log) + (SELECT COUNT(*) FROM submit_limit)"; }

# One published obstacle, through datalots' own pages: its private text
# holds a word its published wording does not.
http POST /api/v1/obstacles - -H 'Content-Type: application/json' --data-binary \
    '{"what": "Kvastbergsregistret svarade aldrig på vår ansökan om Tranbärsregistret.", "category": "lead_times"}'
expect_status 201 "an obstacle is reported through the API"
PID=$(q "SELECT MAX(id) FROM obstacle")
PTOK=$(token_of "$(json_get '["follow_url"]')")
login hinder
H=$(jar hinder)
post "/hinder/analys/$PID/publicera" "$H" "public_text=En forskargrupp väntade ett år på Tranbärsregistret."
expect_status 303 "the analyst publishes it"
# And one that is not published, with a word of its own.
http POST /api/v1/obstacles - -H 'Content-Type: application/json' --data-binary \
    '{"what": "Fjärrdatabasen var stängd för Tranbärsregistret.", "category": "technical"}'
expect_status 201 "an unpublished obstacle is reported"

A=$(jar anon)
http GET /hinder/ny "$A"
expect_body_has 'name="steg" value="preview"' "the form has a preview button"
expect_body_has 'Bara hinderanalytikerna ser din e-postadress' "…and says who sees the e-mail address"
CSRF=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$BODY" | head -1 | sed 's/.*value="\([0-9a-f]*\)"/\1/')
form() { # form JAR name=value... — the report form with the CSRF token
    local j=$1 args=() kv
    shift
    for kv in "$@"; do args+=(--data-urlencode "$kv"); done
    http POST /hinder "$j" "${args[@]}" --data-urlencode "csrf=$CSRF"
}
WHAT="Hur länge ska Tranbärsregistret dröja? Patienten 19121212-1212, ring 070-123 45 67 eller anna@example.se."
BEFORE=$(writes)
form "$A" steg=preview "what=$WHAT" category=lead_times consequence=delayed actor_type=researcher \
    "suggestion=Inför en tidsgräns." "data=Uttag <b>fet</b>" "email=jag@example.org" page=/guide/osl-25-kap-1
expect_status 200 "the preview"
expect_body_has 'Förhandsgranska ditt hinder' "…is the preview page"
expect_body_has 'Personnummer: 1' "…warns of the personnummer"
expect_body_has 'Telefonnummer: 1' "…the phone number"
expect_body_has 'E-postadress: 1' "…and the e-mail address in the text (not the reporter's own)"
expect_body_has '<mark>19121212-1212 <span class="pii-kind">[Personnummer]</span></mark>' "…marked where it is, by kind in words"
expect_body_has 'Uttag &lt;b&gt;fet&lt;/b&gt;' "…markup in a field shown as text"
expect_body_has "href=\"/hinder/$PID#bevaka\"" "the published obstacle is listed, to follow instead"
expect_body_has "En forskargrupp väntade ett år på Tranbärsregistret." "…with its published wording"
expect_body_lacks "Kvastbergsregistret" "…never its private text"
expect_body_lacks "Fjärrdatabasen" "…and never the unpublished one"
expect_body_has "name=\"what\" value=\"$WHAT\"" "the preview carries the text to send"
expect_body_has 'name="category" value="lead_times"' "…the category"
expect_body_has 'name="email" value="jag@example.org"' "…the address"
expect_body_has 'name="page" value="/guide/osl-25-kap-1"' "…and the page"
expect_eq "$BEFORE" "$(writes)" "the preview stores nothing and is not counted against the flood limit"
form "$A" steg=preview "what=Kvastbergsregistret och Fjärrdatabasen" category=technical
expect_body_has 'Inga liknande publicerade hinder hittades.' "words only in private or unpublished texts find nothing"
form "$A" steg=preview "what=<script>alert(1)</script>" category=other
expect_body_has '&lt;script&gt;alert(1)&lt;/script&gt;' "script in the preview is shown escaped"
expect_body_lacks '<script>alert(1)' "…never run"
form "$A" steg=preview "what=$(head -c 4001 /dev/zero | tr '\0' x)" category=other
expect_status 422 "an oversized text is refused in the preview too"
form "$A" steg=preview "what=x" category=other website=http://spam.example
expect_status 400 "the robot trap holds for the preview"
http POST /hinder "$A" --data-urlencode steg=preview --data-urlencode "what=x" --data-urlencode category=other
expect_status 403 "a preview without the CSRF token is refused"
expect_eq "$BEFORE" "$(writes)" "…and none of them stored anything"

form "$A" steg=edit "what=$WHAT" category=lead_times "suggestion=Inför en tidsgräns." email=jag@example.org
expect_status 200 "Ändra goes back to the form"
expect_body_has ">$WHAT</textarea>" "…with the text kept"
expect_body_has 'value="lead_times" required checked' "…and the category"
expect_eq "$BEFORE" "$(writes)" "…storing nothing"
form "$A" steg=send "what=$WHAT" category=lead_times "suggestion=Inför en tidsgräns." email=jag@example.org
expect_status 303 "Skicka sends it"
TOK=$(token_of "$(hdr Location)")
ID=$(q "SELECT MAX(id) FROM obstacle")
expect_eq "$WHAT" "$(q "SELECT what_happened FROM obstacle WHERE id = $ID")" "…stored as previewed"

# The follow-up page: the proposal, and the forms.
http GET "/hinder/folj?t=$TOK" "$A"
expect_body_has 'Det här är din egen text,' "the reporter sees their text as it would be proposed"
expect_body_has 'Patienten [personnummer borttaget], ring [telefonnummer borttaget]' "…with the personal data already replaced"
expect_body_has 'action="/hinder/folj/andra"' "…the form to change it"
expect_body_has 'action="/hinder/folj/aterkalla"' "…and the one to withdraw"
CSRF=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$BODY" | head -1 | sed 's/.*value="\([0-9a-f]*\)"/\1/')
send() { # send PATH JAR name=value... — with the follow-up page's CSRF token
    local path=$1 j=$2 args=() kv
    shift 2
    for kv in "$@"; do args+=(--data-urlencode "$kv"); done
    http POST "$path" "$j" "${args[@]}" --data-urlencode "csrf=$CSRF"
}
FORGED=$(printf '%s' "$TOK" | tr '0-9a-f' '1-9a-f0')
BEFORE=$(writes)
send /hinder/folj/andra "$A" "t=$FORGED" "what=Förfalskat."
expect_status 404 "a forged token changes nothing"
expect_body_has 'Ingenting har ändrats' "…and says so"
send /hinder/folj/andra "$A" "t=nej" "what=Förfalskat."
expect_status 404 "a malformed token is refused"
send /hinder/folj/andra "$A" "t=$TOK" "what="
expect_status 422 "an empty text is refused"
send /hinder/folj/andra "$A" "t=$TOK" "what=$(head -c 4001 /dev/zero | tr '\0' x)"
expect_status 422 "an oversized text is refused"
send /hinder/folj/andra "$A" "t=$TOK" "what=$WHAT" "suggestion=Inför en tidsgräns."
expect_status 422 "an unchanged text is refused"
expect_body_has 'desamma' "…with a sentence"
http POST /hinder/folj/andra "$A" --data-urlencode "t=$TOK" --data-urlencode "what=Utan CSRF."
expect_status 403 "a change without the CSRF token is refused"
send /hinder/folj/aterkalla "$A" "t=$TOK"
expect_status 422 "withdrawing without ticking the box is refused"
send /hinder/folj/aterkalla "$A" "t=$FORGED" confirm=1
expect_status 404 "withdrawing with a forged token is refused"
expect_eq "$BEFORE" "$(writes)" "…none of them wrote anything"
expect_eq "received|$WHAT" "$(q "SELECT state || '|' || what_happened FROM obstacle WHERE id = $ID")" "…the report unchanged"

send /hinder/folj/andra "$A" "t=$TOK" "what=Tranbärsregistret dröjde ett år. <script>x</script>" "suggestion="
expect_status 303 "the reporter changes the text"
expect_eq "Tranbärsregistret dröjde ett år. <script>x</script>" "$(q "SELECT what_happened FROM obstacle WHERE id = $ID")" "…stored"
http GET "$(hdr Location)" "$A"
expect_body_has 'Dina ändringar är sparade' "…and told so"
expect_body_has '&lt;script&gt;x&lt;/script&gt;' "…the text shown escaped"
http GET "/hinder/analys/$ID" "$H"
expect_body_has 'Anmälaren ändrade texten' "the analyst sees the change in the history"
expect_body_has 'Patienten 19121212-1212' "…with the previous text"

send /hinder/folj/aterkalla "$A" "t=$TOK" confirm=1
expect_status 303 "the reporter withdraws the report"
expect_eq withdrawn "$(q "SELECT state FROM obstacle WHERE id = $ID")" "…it is withdrawn"
http GET "$(hdr Location)" "$A"
expect_body_has 'Rapporten är återkallad' "…and told so"
expect_body_has 'Återkallat av anmälaren' "…the state named"
expect_body_lacks 'action="/hinder/folj/andra"' "…no more forms"
send /hinder/folj/aterkalla "$A" "t=$TOK" confirm=1
expect_status 409 "withdrawing twice is refused"
post "/hinder/analys/$ID/publicera" "$H" "public_text=Ett registeruttag dröjde."
expect_status 409 "a withdrawn report cannot be published"

# Published: out of the reporter's reach.
BEFORE=$(writes)
send /hinder/folj/aterkalla "$A" "t=$PTOK" confirm=1
expect_status 409 "a published report cannot be withdrawn"
expect_body_has 'Kontakta hinderanalytikerna' "…the reporter is told whom to contact"
send /hinder/folj/andra "$A" "t=$PTOK" "what=Ny text."
expect_status 409 "…nor changed"
expect_eq "$BEFORE" "$(writes)" "…and nothing was written"
http GET "/hinder/folj?t=$PTOK" "$A"
expect_body_has "Hindret är publicerat i registret" "its follow-up page says it is published"
expect_body_lacks 'action="/hinder/folj/aterkalla"' "…without the forms"

http GET /hinder/ny "$A" -H 'Accept-Language: en'
CSRF=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$BODY" | head -1 | sed 's/.*value="\([0-9a-f]*\)"/\1/')
http POST /hinder "$A" -H 'Accept-Language: en' --data-urlencode steg=preview --data-urlencode "what=Tranbärsregistret" \
    --data-urlencode category=other --data-urlencode "csrf=$CSRF"
expect_body_has 'Preview your obstacle' "the preview in English"
expect_body_has 'Follow this one instead' "…with its link to follow"
finish
