#!/usr/bin/env bash
# t_obstacle_triage.sh — the obstacle lifecycle through HTTP (issue 13 item
# 2): reports come in; the analyst (demo account `hinder`) sees the queue
# oldest first and filtered, opens an obstacle, gets one form per step the
# table allows and takes it through triage, assessment, forwarding, a
# measure and a closing answer — each step a history row, an audit row
# naming no text, and for a public step a mail to a reporter who gave an
# address with a link that opens their page, where the public steps and
# the answer show (in Swedish and English). A duplicate suggested by the
# text is merged with both histories kept. Refused, with nothing written:
# anonymous, other roles, a missing or forged CSRF token, a step that does
# not apply now, an unknown step, and hostile or oversized input in every
# field.
. "$(dirname "$0")/lib.sh"

start_server --public-url http://datalots.example.se || finish
writes() { q "SELECT (SELECT COUNT(*) FROM obstacle_step) + (SELECT COUNT(*) FROM outbox) + (SELECT COUNT(*) FROM audit_log WHERE action LIKE 'obstacle.%' AND action <> 'obstacle.report')"; }
state_of() { q "SELECT state FROM obstacle WHERE id = $1"; }

# Three reports, signed out: two about the same thing (one with an address), one other.
A=$(jar anon)
CSRF=$(csrf_of /hinder/ny "$A")
report() {
    local args=() kv
    for kv in "$@"; do args+=(--data-urlencode "$kv"); done
    http POST /hinder "$A" "${args[@]}" --data-urlencode "csrf=$CSRF"
}
report "what=Sekretessprövningen av journaldata för registerforskning tog åtta månader i regionen." \
    "category=lead_times" "email=forskare@example.org"
expect_status 303 "the first report is accepted"
loc=$(hdr Location); token=${loc#*t=}; token=${token%%&*}
report "what=Kodverken för diagnoser skiljer sig mellan journalsystemen." "category=semantic"
report "what=Sekretessprövningen av journaldata dröjde i månader för vår registerforskning." "category=lead_times" \
    "email=dubblett@example.org"
expect_status 303 "a third report, much like the first"
first=$(q "SELECT id FROM obstacle WHERE reporter_email = 'forskare@example.org'")
dup=$(q "SELECT id FROM obstacle WHERE reporter_email = 'dubblett@example.org'")
other=$(q "SELECT id FROM obstacle WHERE category = 'semantic'")
# (The age filter's inclusive side, and the order by time rather than id,
# are in tests/unit/test_obstacle_steps.c: sqlite3 outside the server
# cannot write the obstacle table, whose search index uses its stemmer.)

# Who may see the queue.
http GET /hinder/analys "$A"
expect_status 303 "a stranger is sent to sign in for the queue"
login redaktor
R=$(jar redaktor)
http GET /hinder/analys "$R"
expect_status 403 "an editor may not see the queue"
http GET "/hinder/analys/$first" "$R"
expect_status 403 "…nor an obstacle's page"
login hinder
H=$(jar hinder)
http GET / "$H"
expect_body_has 'href="/hinder/analys"' "the analyst's menu has the queue"

# The queue: oldest first, filters, English.
http GET /hinder/analys "$H"
expect_status 200 "the analyst's queue"
refs=$(grep -o 'href="/hinder/analys/[0-9]*"' "$BODY" | sed 's/[^0-9]//g' | tr '\n' ' ')
expect_eq "$first $other $dup " "$refs" "…oldest first"
expect_body_has '<td class="num nowrap"><a href="/hinder/analys/' "…references that do not wrap"
http GET "/hinder/analys?category=semantic" "$H"
expect_eq "$other " "$(grep -o 'href="/hinder/analys/[0-9]*"' "$BODY" | sed 's/[^0-9]//g' | tr '\n' ' ')" "filtered by category"
http GET "/hinder/analys?age=1" "$H"
expect_body_has "Inga hinder matchar filtret." "filtered by age: none a day old yet"
http GET "/hinder/analys?age=0" "$H"
expect_eq 3 "$(grep -o 'href="/hinder/analys/[0-9]*"' "$BODY" | wc -l)" "…and age 0 shows them all"
http GET "/hinder/analys?state=triaged" "$H"
expect_body_has "Inga hinder matchar filtret." "filtered by state: none triaged yet"
http GET "/hinder/analys?state=astrology" "$H"
expect_status 400 "an unknown state in the filter is refused"
expect_body_has "Läge" "…naming the field"
http GET /hinder/analys "$H" -H 'Accept-Language: en'
expect_body_has "Obstacle analysis" "the queue in English"

# The obstacle's page: the report, the forms of the allowed steps, the duplicate suggested.
http GET "/hinder/analys/$dup" "$H"
expect_status 200 "an obstacle's page"
expect_body_has "dröjde i månader" "…shows the report"
forms=$(grep -o 'action="/hinder/analys/[0-9]*/steg/[a-z_]*"' "$BODY" | sed 's/.*steg\///; s/"//' | sort -u | tr '\n' ' ')
expect_eq "archive edit merge triage " "$forms" "…one form per allowed step of a received obstacle"
expect_body_has "href=\"/hinder/analys/$first\"" "…suggests the similar report"
http GET "/hinder/analys/999999" "$H"
expect_status 404 "an unknown obstacle"
http GET "/hinder/analys/abc" "$H"
expect_status 404 "a malformed id"

# step ID EVENT [name=value...] — the analyst's POST with the CSRF token.
step() {
    local id=$1 ev=$2 args=() kv tok
    shift 2
    tok=$(csrf_of "/hinder/analys/$id" "$H")
    for kv in "$@"; do args+=(--data-urlencode "$kv"); done
    http POST "/hinder/analys/$id/steg/$ev" "$H" "${args[@]}" --data-urlencode "csrf=$tok"
}

# Refusals: nothing written.
before=$(writes)
step "$first" assess "need=Forskning"
expect_status 409 "a step that does not apply yet is refused"
expect_body_has "Ladda om sidan" "…with a sentence"
step "$first" fly
expect_status 404 "an unknown step"
step "$first" archive "note=   "
expect_status 422 "archiving without a reason is refused"
expect_body_has "Skriv skälet" "…naming it"
step "$first" triage "note=$(head -c 2001 /dev/zero | tr '\0' 'a')"
expect_status 422 "a note over 2000 characters is refused"
step "$first" edit "need=<script>alert(1)</script>"
expect_status 422 "an edit without its reason is refused"
expect_body_lacks "<script>alert(1)" "…and the input is escaped when shown again"
step "$first" merge "note=dubblett" "into=abc"
expect_status 422 "a merge target that is no number is refused"
step "$first" merge "note=dubblett" "into=$first"
expect_status 422 "merging into itself is refused"
http POST "/hinder/analys/$first/steg/triage" "$H" --data-urlencode "note=x"
expect_status 403 "no CSRF token is refused"
http POST "/hinder/analys/$first/steg/triage" "$H" --data-urlencode "note=x" --data-urlencode "csrf=$(printf '%064d' 0)"
expect_status 403 "a forged CSRF token is refused"
tok=$(csrf_of "/hinder/analys" "$R")
http POST "/hinder/analys/$first/steg/triage" "$R" --data-urlencode "csrf=$tok"
expect_status 403 "an editor may not take a step"
http POST "/hinder/analys/$first/steg/triage" "$A" --data-urlencode "csrf=$CSRF"
expect_status 401 "a stranger must sign in to take a step"
expect_eq "$before" "$(writes)" "nothing was written by the refused steps"
expect_eq received "$(state_of "$first")" "…and the state is unchanged"

# The lifecycle, hostile text kept as text.
step "$first" triage "note=Intern anteckning <b>fet</b>"
expect_status 303 "triage"
step "$first" assess "need=Registerforskning om vårdförlopp" "legal_basis=OSL 25 kap. 1 §" "note=intern bedömning"
expect_status 303 "assess"
step "$first" edit "need=Registerforskning om vårdförlopp i regionen" "note=Preciserade behovet"
expect_status 303 "an edit with its reason"
step "$first" forward "body=Socialdepartementet <script>x</script>"
expect_status 303 "forward to the responsible body"
step "$first" record_measure "note=Vägledning om men-prövning publicerad."
expect_status 303 "record a measure"
step "$first" close "answer=Tack för rapporten! Vägledningen finns nu i kunskapsguiden."
expect_status 303 "close with a public answer"
expect_eq closed "$(state_of "$first")" "the obstacle is closed"
expect_eq "triage|assess|edit|forward|record_measure|close" \
    "$(q "SELECT event FROM obstacle_step WHERE obstacle_id = $first ORDER BY id" | tr '\n' '|' | sed 's/|$//')" \
    "each step is a history row"
expect_eq 6 "$(q "SELECT COUNT(*) FROM obstacle_step WHERE obstacle_id = $first AND actor_id = (SELECT id FROM users WHERE username = 'hinder') AND at <> ''")" \
    "…dated and attributed"
expect_eq 6 "$(q "SELECT COUNT(*) FROM audit_log WHERE object_id = '$first' AND action LIKE 'obstacle.%' AND action <> 'obstacle.report'")" \
    "…and audited"
expect_eq 0 "$(q "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%Social%' OR detail LIKE '%Vägledning%' OR detail LIKE '%journaldata%'")" \
    "the audit names no text"
expect_eq 5 "$(q "SELECT COUNT(*) FROM outbox WHERE to_addr = 'forskare@example.org' AND kind = 'obstacle.step'")" \
    "the reporter is mailed at each public step (not the edit)"
expect_eq 0 "$(q "SELECT COUNT(*) FROM outbox WHERE body_text LIKE '%journaldata%'")" "…never with the report's text"
http GET "/hinder/analys/$first" "$H"
expect_body_has "Hindret är avslutat. Inga fler steg." "a closed obstacle offers no step"
expect_body_lacks 'action="/hinder/analys/'"$first"'/steg/' "…and no form"
expect_body_has "Socialdepartementet &lt;script&gt;" "hostile text is shown as text"
step "$first" close "answer=igen"
expect_status 409 "a second close is refused"

# The reporter's page: the mailed link and the original one, the public steps and the answer.
mailed=$(q "SELECT body_text FROM outbox WHERE to_addr = 'forskare@example.org' ORDER BY id DESC LIMIT 1" |
    grep -o 'folj?t=[0-9a-f]*' | head -1 | sed 's/folj?t=//')
expect_match '^[0-9a-f]{64}$' "$mailed" "the mail carries a follow-up link"
expect_match 'http://datalots\.example\.se/hinder/folj\?t=' "$(q "SELECT body_text FROM outbox ORDER BY id DESC LIMIT 1")" \
    "…on the site's public address"
http GET "/hinder/folj?t=$mailed" -
expect_status 200 "the mailed link opens the reporter's page"
expect_body_has "Avslutat med svar" "…with the public group of the state"
expect_body_has "Tack för rapporten! Vägledningen finns nu i kunskapsguiden." "…the public answer"
expect_body_has "Vägledning om men-prövning publicerad." "…the public measure"
expect_body_lacks "Intern anteckning" "…and no internal note"
expect_body_lacks "Preciserade behovet" "…nor an edit's reason"
http GET "/hinder/folj?t=$token" - -H 'Accept-Language: en'
expect_status 200 "the original link still works"
expect_body_has "Closed with an answer" "…in English"

# Merge the duplicate into the first: both histories kept, shown on the kept one.
step "$dup" triage
step "$dup" merge "into=$first" "note=Samma hinder som ett tidigare rapporterat."
expect_status 303 "the duplicate is merged"
expect_eq "merged|$first" "$(q "SELECT state, merged_into FROM obstacle WHERE id = $dup")" "…into the first"
expect_eq 2 "$(q "SELECT COUNT(*) FROM obstacle_step WHERE obstacle_id = $dup")" "the duplicate keeps its history"
http GET "/hinder/analys/$first" "$H"
expect_body_has "[från H-$(printf '%06d' "$dup")]" "the kept one shows the duplicate's steps"
expect_eq 2 "$(q "SELECT COUNT(*) FROM outbox WHERE to_addr = 'dubblett@example.org'")" "the duplicate's reporter is told"
http GET /hinder/analys "$H"
expect_body_lacks "href=\"/hinder/analys/$dup\"" "a merged one leaves the open queue"

# The other, with no address: archived with a reason, no mail.
step "$other" archive "note=Hör till en annan myndighet; vi har lämnat en kopia dit."
expect_status 303 "archive with a reason"
expect_eq 0 "$(q "SELECT COUNT(*) FROM outbox WHERE body_text LIKE '%H-$(printf '%06d' "$other")%'")" "no address, no mail"
expect_eq "Hör till en annan myndighet; vi har lämnat en kopia dit." \
    "$(q "SELECT public_answer FROM obstacle WHERE id = $other")" "the reason is the public answer"

# Answer templates: those fitting the step and the category are offered;
# a chosen one fills the step's answer, without JavaScript.
A=$(jar anon)
http GET /hinder/ny "$A"
post /hinder "$A" "what=Min etikansökan har legat i åtta månader." category=ethical_review
ETH=$(q "SELECT MAX(id) FROM obstacle")
http GET "/hinder/analys/$ETH" "$H"
expect_body_has "?mall=ethical_review_elsewhere#steg-archive\">Hör till Etikprövningsmyndigheten</a>" \
    "the archive step offers the ethical review template for that category"
expect_body_lacks "mall=law_change_proposed" "…not one of another category"
http GET "/hinder/analys/$ETH?mall=ethical_review_elsewhere" "$H"
expect_status 200 "a chosen template"
expect_body_has ">Tack för din rapport. Frågor om en enskild ansökan om etikprövning avgörs av Etikprövningsmyndigheten" \
    "…fills the archiving reason, the public answer"
http GET "/hinder/analys/$ETH?mall=guidance_published" "$H"
expect_body_lacks ">Tack för din rapport. Frågan om hur lagen" "a template of another category fills nothing"
http GET "/hinder/analys/$ETH?mall=%3Cscript%3E" "$H"
expect_status 400 "an unknown template is refused"

finish
