#!/usr/bin/env bash
# t_obstacle_categories.sh — the editable category list through HTTP (issue
# 13 item 1, "… other — editable list"): the analyst (demo account
# `hinder`) adds a category with its guidance and policy area, and the
# report form shows it with the guidance, in Swedish and in English; a
# report takes it; the register, the queue and the compiled report name it;
# the analyst renames it and takes it off the form, after which a new
# report (form and API) is refused it but the register still names the old
# ones. Refused, with nothing written: other roles, no or a forged CSRF
# token, a key taken or malformed, a missing English name, a position out
# of range, an unknown policy area, an unknown category in the path,
# hostile and oversized input (which the page shows escaped).
. "$(dirname "$0")/lib.sh"

start_server || finish
cats() { q "SELECT COUNT(*) || '|' || COALESCE(SUM(active), 0) FROM obstacle_category"; }
writes() { q "SELECT (SELECT COUNT(*) FROM obstacle_category) + (SELECT COUNT(*) FROM audit_log WHERE action LIKE 'obstacle_category.%')"; }

# Who may see and change the list.
http GET /hinder/kategorier -
expect_status 303 "a stranger is sent to sign in"
login redaktor
R=$(jar redaktor)
http GET /hinder/kategorier "$R"
expect_status 403 "an editor may not see the list"
post /hinder/kategorier "$R" key=x label_sv=X label_en=X policy_area=other position=5 active=1
expect_status 403 "…nor add to it"
login hinder
H=$(jar hinder)
http GET /hinder/kategorier "$H"
expect_status 200 "the analyst's category list"
expect_body_has "Tolkning av lagstiftning" "…lists the seeded categories"
expect_body_has 'id="kategori-ethical_review"' "…each with its form"
expect_body_has "Etikprövningsmyndigheten" "…and its guidance"
expect_eq 9 "$(grep -o '<tr><td class="num nowrap">' "$BODY" | wc -l)" "…nine rows"
http GET /hinder/analys "$H"
expect_body_has 'href="/hinder/kategorier"' "the queue links to the list"

# Adding one.
before=$(writes)
add() { post /hinder/kategorier "$H" "$@"; }
add key=data_access "label_sv=Tillgång till data" "label_en=Access to data" \
    "guidance_sv=Gäller det en enskild beställning? Fråga först regionens dataservice." \
    "guidance_en=Is it one order? Ask the region's data service first." policy_area=infrastructure position=15 active=1
expect_status 303 "a new category is added"
expect_match 'kategorier\?sparad=1#kategori-data_access$' "$(hdr Location)" "…back to it on the list"
expect_eq "10|10" "$(cats)" "…stored"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'obstacle_category.create' AND object_id = 'data_access'")" "…audited"
http GET /hinder/ny -
expect_body_has 'value="data_access"' "the report form offers it"
expect_body_has "Fråga först regionens dataservice." "…with its guidance"
order=$(grep -o 'name="category" value="[a-z_]*"' "$BODY" | sed 's/.*value="//; s/"//' | head -3 | tr '\n' ' ')
expect_eq "legal_interpretation data_access missing_legal_support " "$order" "…in its place in the list"
http GET /hinder/ny - -H 'Accept-Language: en'
expect_body_has "Access to data" "…in English with its English name"
expect_body_has "Ask the region&#39;s data service first." "…and English guidance"
expect_body_has "Interpretation of legislation" "…the seeded ones still through the catalogue"

# A report takes it; the queue, the register and the compiled report name it.
A=$(jar anon)
CSRF=$(csrf_of /hinder/ny "$A")
http POST /hinder "$A" --data-urlencode "what=Vi fick aldrig tillgång till data från labbsystemet." \
    --data-urlencode category=data_access --data-urlencode "csrf=$CSRF"
expect_status 303 "a report with the new category is accepted"
id=$(q "SELECT id FROM obstacle WHERE category = 'data_access'")
expect_ne "" "$id" "…and stored with its key"
http GET "/hinder/analys?category=data_access" "$H"
expect_body_has "/hinder/analys/$id" "the queue filters by it"
expect_body_has "Tillgång till data" "…and names it"
http GET "/hinder/analys?category=nonsense" "$H"
expect_status 422 "an unknown category in the queue's filter is refused"
y=$(this_year)
http GET "/hinder/rapport?from=$y-01-01&to=$y-12-31" "$H"
expect_body_has "Tillgång till data" "the compiled report counts it"
expect_body_has "Politikområde" "…and has the policy areas"
expect_body_has "Digital infrastruktur och standarder" "…with its area"
http GET "/hinder/rapport?from=$y-01-01&to=$y-12-31&format=csv" "$H"
expect_body_has "policy_area" "…also in the CSV"

# Renamed, moved to another area and taken off the form.
post "/hinder/kategorier/data_access" "$H" "label_sv=Åtkomst till data" "label_en=Data access" \
    "guidance_sv=" "guidance_en=" policy_area=organisation position=95 active=0
expect_status 303 "the category is changed"
expect_eq "10|9" "$(cats)" "…still listed, no longer active"
expect_eq "Åtkomst till data|organisation|0|95" \
    "$(q "SELECT label_sv || '|' || policy_area || '|' || active || '|' || position FROM obstacle_category WHERE key = 'data_access'")" "…as sent"
http GET /hinder/ny -
expect_body_lacks 'value="data_access"' "the form no longer offers it"
CSRF=$(csrf_of /hinder/ny "$A")
http POST /hinder "$A" --data-urlencode "what=Ännu ett hinder." --data-urlencode category=data_access \
    --data-urlencode "csrf=$CSRF"
expect_status 422 "a report may no longer pick it"
expect_body_has "Välj en av kategorierna i listan." "…with a sentence"
http POST /api/v1/obstacles - -H 'Content-Type: application/json' \
    --data-binary '{"what": "Ännu ett hinder.", "category": "data_access"}'
expect_status 422 "…nor through the API"
expect_body_has '"field":"category"' "…naming the field"
expect_eq 1 "$(q "SELECT COUNT(*) FROM obstacle")" "…nothing stored"
http GET "/hinder/analys/$id" "$H"
expect_body_has "Åtkomst till data" "the old report names it by its new name"

# Refusals: nothing written, what was sent shown again.
before=$(writes)
add key=data_access label_sv=Dubblett label_en=Duplicate policy_area=other position=5 active=1
expect_status 409 "a key already taken is refused"
expect_body_has "data_access" "…naming it"
add "key=Data Access" label_sv=X label_en=X policy_area=other position=5 active=1
expect_status 422 "a malformed key is refused"
expect_body_has "Nyckeln ska vara" "…with the rule"
expect_body_has 'value="Data Access"' "…and what was written kept"
add key=x1 label_sv=X policy_area=other position=5 active=1
expect_status 422 "a missing English name is refused"
expect_body_has "Namn på engelska" "…naming the field"
add key=x2 label_sv=X label_en=X policy_area=astrology position=5 active=1
expect_status 422 "an unknown policy area is refused"
add key=x3 label_sv=X label_en=X policy_area=other position=1000 active=1
expect_status 422 "a position out of range is refused"
add key=x4 label_sv=X label_en=X policy_area=other position=tre active=1
expect_status 422 "a position that is no number is refused"
add key=x5 "label_sv=$(head -c 81 /dev/zero | tr '\0' 'x')" label_en=X policy_area=other position=5 active=1
expect_status 422 "an oversized name is refused"
add key=x6 label_sv=X label_en=X "guidance_sv=$(head -c 601 /dev/zero | tr '\0' 'g')" policy_area=other position=5
expect_status 422 "oversized guidance is refused"
add "key=$(head -c 41 /dev/zero | tr '\0' 'k')" label_sv=X label_en=X policy_area=other position=5
expect_status 422 "an oversized key is refused"
add "key=x7" 'label_sv=<script>alert(1)</script>' "label_en=\"><img src=x onerror=alert(2)>" policy_area=other position=1000
expect_status 422 "hostile input refused for another reason…"
expect_body_lacks '<script>alert(1)' "…is shown escaped"
expect_body_has '&lt;script&gt;alert(1)&lt;/script&gt;' "…as text"
post /hinder/kategorier/no_such "$H" label_sv=X label_en=X policy_area=other position=5
expect_status 404 "an unknown category in the path"
post "/hinder/kategorier/Bad-Key" "$H" label_sv=X label_en=X policy_area=other position=5
expect_status 404 "a malformed key in the path"
http POST /hinder/kategorier "$H" --data-urlencode key=x8 --data-urlencode label_sv=X --data-urlencode label_en=X \
    --data-urlencode policy_area=other --data-urlencode position=5
expect_status 403 "no CSRF token is refused"
http POST /hinder/kategorier "$H" --data-urlencode key=x9 --data-urlencode label_sv=X --data-urlencode label_en=X \
    --data-urlencode policy_area=other --data-urlencode position=5 --data-urlencode "csrf=$(printf '%064d' 0)"
expect_status 403 "a forged CSRF token is refused"
expect_eq "$before" "$(writes)" "…and no refusal wrote anything"

# Hostile text that passes is stored as written and shown escaped everywhere.
add key=hostile 'label_sv=<b>fet</b> & "citat"' 'label_en=<i>x</i>' \
    'guidance_sv=<script>alert(3)</script>' policy_area=other position=97 active=1
expect_status 303 "hostile text that breaks no rule is kept as text"
http GET /hinder/ny -
expect_body_lacks '<script>alert(3)' "the form escapes its guidance"
expect_body_has '&lt;b&gt;fet&lt;/b&gt; &amp; &quot;citat&quot;' "…and its name"
http GET /hinder/kategorier "$H" -H 'Accept-Language: en'
expect_body_has "Obstacle categories" "the list page in English"
expect_body_lacks '<i>x</i>' "…escaped there too"
finish
