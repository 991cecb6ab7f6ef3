#!/usr/bin/env bash
# t_obstacle_report.sh — reporting an obstacle (issue 11 item 7, the intake
# of issue 13): every knowledge page links to the form pre-filled with the
# page (a law's page picks the law); anyone may report, signed in or not;
# the report is stored with an audit row naming no text, and the reporter
# gets a private follow-up link showing the report and its state, while a
# forged link gets nothing. Bad input — a missing description or category,
# a category or consequence not in the list, a law that is not one, a page
# off the site, texts too long, script in every field, a filled robot
# trap, no CSRF token — is refused with a sentence and nothing is stored.
. "$(dirname "$0")/lib.sh"

start_server || finish
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cli catalog import "$ROOT/content" --db "$SRV_URL"
expect_eq 0 "$RC" "the knowledge guide is imported"
count() { q 'SELECT COUNT(*) FROM obstacle'; }

# The link on every kind of knowledge page.
A=$(jar anon)
for p in /guide/patientregistret /guide/osl-25-kap-1 /guide /guide/map; do
    http GET "$p" "$A"
    expect_status 200 "$p"
    expect_body_has "href=\"/hinder/ny?sida=$p\"" "$p links to the report form with the page"
done

# The form, pre-filled with a law's page.
http GET "/hinder/ny?sida=/guide/osl-25-kap-1" "$A"
expect_status 200 "the report form, signed out"
expect_body_has 'name="page" value="/guide/osl-25-kap-1"' "…carries the page it is about"
expect_body_has '<option value="osl-25-kap-1" selected>' "…with the law of a law's page chosen"
expect_body_has 'name="category" value="legal_interpretation"' "…offers the categories"
expect_body_has 'class="trap" aria-hidden="true"' "…has a robot trap hidden from people"
expect_body_has 'value="ethical_review" required aria-describedby="guidance-ethical_review"' \
    "…and a category whose questions belong elsewhere is described by its guidance"
expect_body_has 'id="guidance-ethical_review">Gäller det en enskild ansökan om etikprövning? Den handläggs av Etikprövningsmyndigheten' \
    "…which names where they belong, before anything is sent"
expect_body_has '<option value="patient_organisation">Patientorganisation</option>' "…offers the actor types"
http GET "/hinder/ny?sida=/guide/patientregistret" "$A"
expect_body_has 'href="/guide/patientregistret">Patientregistret</a>' "a register's page is named by its title"
expect_body_lacks '" selected>' "…and no law is chosen for it"
http GET "/hinder/ny?sida=//evil.example/x" "$A"
expect_status 200 "a page off the site in the address is ignored"
expect_body_lacks "evil.example" "…and not shown"
http GET "/hinder/ny" "$A" -H 'Accept-Language: en'
expect_body_has "Report an obstacle" "the form in English"

tok() { grep -o 'name="csrf" value="[0-9a-f]*"' "$BODY" | head -1 | sed 's/.*value="\([0-9a-f]*\)"/\1/'; }
http GET /hinder/ny "$A"
CSRF=$(tok)
# report JAR [name=value...] — posts the form with the CSRF token of JAR's last form.
report() {
    local j=$1 args=() kv
    shift
    for kv in "$@"; do args+=(--data-urlencode "$kv"); done
    http POST /hinder "$j" "${args[@]}" --data-urlencode "csrf=$CSRF"
}

# Signed out: stored, sent to the private link.
report "$A" "what=Regionen tolkade OSL 25:1 som att inga journaldata fick lämnas ut för registerforskning." \
    "category=legal_interpretation" "law=osl-25-kap-1" "consequence=delayed" "data=Journaldata" \
    "actors=Region X" "suggestion=Vägledning om men-prövning." "page=/guide/osl-25-kap-1" "email=forskare@example.org" \
    "actor_type=researcher" "website="
expect_status 303 "a report signed out is accepted"
loc=$(hdr Location)
expect_match '^/hinder/folj\?t=[0-9a-f]{64}&ny=1$' "$loc" "…and leads to the private follow-up link"
expect_eq 1 "$(count)" "one obstacle is stored"
expect_eq "received|legal_interpretation|osl-25-kap-1|delayed|/guide/osl-25-kap-1|forskare@example.org|0" \
    "$(q "SELECT state, category, law_id, consequence, about_page, reporter_email, COALESCE(reporter_id, 0) FROM obstacle")" \
    "…in state received, with what was chosen and no account"
expect_eq researcher "$(q "SELECT actor_type FROM obstacle")" "…and the actor type chosen"
token=${loc#*t=}; token=${token%%&*}
expect_eq 0 "$(q "SELECT COUNT(*) FROM obstacle WHERE follow_token_hash = '$token'")" "the token itself is not stored"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'obstacle.report' AND actor = 'public' AND detail = 'legal_interpretation'")" \
    "the report is audited, naming its category and no text"
http GET "$loc" "$A"
expect_status 200 "the follow-up page"
expect_body_has "Tack! Hindret är mottaget" "…thanks the reporter"
expect_body_has "H-0000" "…gives the reference"
expect_body_has "Mottaget" "…shows the state"
expect_body_has "Regionen tolkade OSL 25:1" "…and what was reported"
expect_body_has "<dd>Forskare</dd>" "…with its actor type"
expect_body_has 'href="/guide/osl-25-kap-1"' "…with the law linked"
http GET "/hinder/folj?t=$token" - -H 'Accept-Language: en'
expect_status 200 "the link works from another browser, without the session"
expect_body_has "Your reported obstacle" "…in English too"
expect_body_has "Interpretation of legislation" "…with the category in English"
expect_body_lacks "Thank you" "…without the thanks, coming back"

# Forged and malformed links.
forged=$(printf '%064d' 0)
http GET "/hinder/folj?t=$forged" -
expect_status 404 "a forged link finds nothing"
expect_body_has "Länken till hindret är inte giltig" "…and says so"
http GET "/hinder/folj?t=abc" -
expect_status 400 "a malformed token is refused"
http GET "/hinder/folj" -
expect_status 400 "no token is refused"

# Signed in: the account is recorded.
login sokande
S=$(jar sokande)
http GET /hinder/ny "$S"
CSRF=$(tok)
report "$S" "what=Etikprövningen tog åtta månader." "category=lead_times"
expect_status 303 "a signed-in report is accepted"
expect_eq "$(q "SELECT id FROM users WHERE username = 'sokande'")" "$(q 'SELECT reporter_id FROM obstacle ORDER BY id DESC LIMIT 1')" \
    "…and knows its reporter"
expect_eq "|||" "$(q "SELECT law_id, consequence, about_page, actor_type FROM obstacle ORDER BY id DESC LIMIT 1")" "…nothing chosen, nothing stored"

# Bad input: a sentence, the values kept, nothing stored.
http GET /hinder/ny "$A"
CSRF=$(tok)
before=$(count)
report "$A" "what=" "category=technical"
expect_status 422 "no description is refused"
expect_body_has "Vad hände?" "…naming the field"
report "$A" "what=   " "category=technical"
expect_status 422 "a blank description is refused"
report "$A" "what=Något hände" "data=Labbdata"
expect_status 422 "no category is refused"
expect_body_has "Kategori" "…naming it"
expect_body_has 'value="Labbdata"' "…and what was written is kept"
report "$A" "what=Något hände" "category=astrology"
expect_status 422 "a category not in the list is refused"
report "$A" "what=Något hände" "category=other" "consequence=famine"
expect_status 422 "a consequence not in the list is refused"
report "$A" "what=Något hände" "category=other" "actor_type=astronaut"
expect_status 422 "an actor type not in the list is refused"
expect_body_has "Vem rapporterar" "…naming the field"
report "$A" "what=Något hände" "category=other" "law=patientregistret"
expect_status 422 "a law that is not a law is refused"
expect_body_has "Lagen som valts finns inte" "…with a sentence"
report "$A" "what=Något hände" "category=other" "law=finns-inte"
expect_status 422 "an unknown law is refused"
report "$A" "what=$(head -c 4001 /dev/zero | tr '\0' 'x')" "category=other"
expect_status 422 "a description over 4000 characters is refused"
expect_body_has "4000" "…saying the limit"
report "$A" "what=Något" "category=other" "actors=$(head -c 501 /dev/zero | tr '\0' 'a')"
expect_status 422 "actors over 500 characters are refused"
report "$A" "what=Något" "category=other" "suggestion=$(head -c 2001 /dev/zero | tr '\0' 'a')"
expect_status 422 "a suggestion over 2000 characters is refused"
report "$A" "what=Något" "category=other" "email=inte-en-adress"
expect_status 422 "a malformed e-mail address is refused"
report "$A" "what=Något" "category=other" "website=http://spam.example"
expect_status 400 "a filled robot trap is refused"
report "$A" "what=Något" "category=other" "page=https://evil.example/"
expect_status 303 "a page off the site is dropped, the report kept"
expect_eq "" "$(q 'SELECT about_page FROM obstacle ORDER BY id DESC LIMIT 1')" "…without the page"
before=$(count)
http POST /hinder "$A" --data-urlencode "what=Utan token" --data-urlencode "category=other"
expect_status 403 "a report without the CSRF token is refused"
http POST /hinder "$A" -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "what=%ZZ&category=other&csrf=$CSRF"
expect_status 400 "a malformed body is refused"
expect_eq "$before" "$(count)" "none of the refused reports was stored"

# Script in every field: stored as written, shown as text.
x='<script>alert(1)</script>"><img src=x onerror=alert(2)>'
report "$A" "what=$x" "category=other" "data=$x" "actors=$x" "suggestion=$x" "email=a@example.org"
expect_status 303 "a report full of markup is accepted as text"
http GET "$(hdr Location)" "$A"
expect_body_lacks "<script>alert" "…and no script reaches the page"
expect_body_lacks "<img src=x" "…nor an element"
expect_body_has "&lt;script&gt;alert(1)&lt;/script&gt;" "…it is shown as text"

finish
