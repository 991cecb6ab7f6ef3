#!/usr/bin/env bash
# t_calls.sh — joint calls of the coordinating support through HTTP (issue
# 15 item 2, docs/calls.md): the network coordinator (demo account
# `natverk`) publishes a call with Markdown text, opening and closing days,
# criteria and a budget; a member organisation (the account `sokande`)
# applies; the coordinator assesses every criterion, decides with reasons,
# and publishes the project's results as a guide item draft, which the
# editor (`redaktor`) publishes — the guide item then says "Resultat av
# projektet X" and links the project, whose page links the guide item.
# Refused, with nothing written: an application after the closing day (a
# sentence naming the day), a decision before the assessment, a step by
# the wrong role, withdrawing someone else's application, someone else's
# application (404), malformed days, too many criteria, a score outside
# 0–5, oversized text, no CSRF token, a coordinator assessing their own
# application. Script in text comes out escaped;
# the Markdown's raw HTML and javascript: links do not reach the page.
. "$(dirname "$0")/lib.sh"

# The results' guide item names the project's page at the public address as its source.
start_server --public-url http://datalots.example || finish
writes() { q "SELECT (SELECT COUNT(*) FROM joint_call) + (SELECT COUNT(*) FROM joint_application) + (SELECT COUNT(*) FROM joint_score) + (SELECT COUNT(*) FROM audit_log WHERE action LIKE 'call.%')"; }

http GET /utlysningar -
expect_status 200 "the calls page is public"
expect_body_has "Inga utlysningar matchar filtret." "…and lists none yet"
expect_body_lacks 'action="/utlysningar"' "…with no form for a new call for the public"

login natverk
N=$(jar natverk)
# new NAME=VALUE... — POST /utlysningar with the page's CSRF token.
new_call() {
    local tok args=() kv
    tok=$(csrf_of /utlysningar "$N")
    for kv in "$@"; do args+=(--data-urlencode "$kv"); done
    http POST /utlysningar "$N" "${args[@]}" --data-urlencode "csrf=$tok"
}
http GET /utlysningar "$N"
expect_body_has 'action="/utlysningar"' "the coordinator sees the form for a new call"

BODY_MD='## Syfte

Samverkan mellan **stödfunktioner** och datahållare.

<script>alert("md")</script> [klicka](javascript:alert(1))'
CRIT=$'Gemensam nytta för forskare\nSamverkan mellan minst två stödfunktioner\nGenomförbarhet'
before=$(writes)
new_call "title=Testutlysning" "body=$BODY_MD" "opens=2020-13-01" "closes=2099-12-31" "criteria=$CRIT" "budget=1 000 000 kr"
expect_status 422 "a malformed opening day is refused"
expect_body_has "Första ansökningsdag" "…naming the field"
new_call "title=Testutlysning" "body=$BODY_MD" "opens=2026-06-01" "closes=2026-05-01" "criteria=$CRIT" "budget=1 000 000 kr"
expect_status 422 "a closing day before the opening day is refused"
expect_body_has "Sista ansökningsdag kan inte vara före första ansökningsdag." "…with a sentence"
new_call "title=Testutlysning" "body=$BODY_MD" "opens=2020-01-01" "closes=2099-12-31" "criteria=" "budget=1 000 000 kr"
expect_status 422 "a call without criteria is refused"
expect_body_has "Skriv minst ett bedömningskriterium, ett per rad." "…with a sentence"
new_call "title=Testutlysning" "body=$BODY_MD" "opens=2020-01-01" "closes=2099-12-31" \
    "criteria=$(printf 'k%d\n' 1 2 3 4 5 6 7 8 9 10 11)" "budget=1 000 000 kr"
expect_status 422 "eleven criteria are refused"
expect_body_has "högst 10 kriterier" "…with a sentence"
new_call "title=$(head -c 1000 /dev/zero | tr '\0' 'x')" "body=x" "opens=2020-01-01" "closes=2099-12-31" "criteria=k" "budget=b"
expect_match '^(413|422)$' "$STATUS" "an oversized title is refused"
new_call "title=Testutlysning" "body=" "opens=2020-01-01" "closes=2099-12-31" "criteria=k" "budget=b"
expect_status 422 "a call without text is refused"
http POST /utlysningar "$N" --data-urlencode "title=Utan token" --data-urlencode "body=x" --data-urlencode "opens=2020-01-01" \
    --data-urlencode "closes=2099-12-31" --data-urlencode "criteria=k" --data-urlencode "budget=b"
expect_status 403 "a new call without a CSRF token is refused"
expect_eq "$before" "$(writes)" "nothing was written by the refused calls"

new_call "title=Gemensamma metoder <script>alert(1)</script>" "body=$BODY_MD" "opens=2020-01-01" "closes=2099-12-31" \
    "criteria=$CRIT" "budget=1 000 000 kr"
expect_status 303 "the coordinator publishes an open call"
C=$(q "SELECT MAX(id) FROM joint_call")
new_call "title=Stängd utlysning" "body=Den här är stängd." "opens=2020-01-01" "closes=2020-01-31" "criteria=k" "budget=b"
expect_status 303 "…and one that closed in 2020"
CLOSED=$(q "SELECT MAX(id) FROM joint_call")
new_call "title=Kommande utlysning" "body=Den här öppnar sedan." "opens=2099-01-01" "closes=2099-12-31" "criteria=k" "budget=b"
expect_status 303 "…and one that opens in 2099"
UPCOMING=$(q "SELECT MAX(id) FROM joint_call")

http GET "/utlysningar/$C" -
expect_status 200 "the call's page is public"
expect_body_has "<strong>stödfunktioner</strong>" "its Markdown is rendered"
expect_body_lacks '<script>alert("md")' "…without the Markdown's raw HTML"
expect_body_lacks 'href="javascript:' "…nor a javascript: link"
expect_body_lacks '<script>alert(1)</script>' "the title's script comes out escaped"
expect_body_has "Samverkan mellan minst två stödfunktioner" "the criteria are listed"
expect_body_has "2099-12-31" "…and the closing day"
expect_body_has "1 000 000 kr" "…and the budget"

http GET "/utlysningar?visa=open" -
expect_body_has "/utlysningar/$C\"" "the open filter shows the open call"
expect_body_lacks "/utlysningar/$CLOSED\"" "…not the closed one"
expect_body_lacks "/utlysningar/$UPCOMING\"" "…nor the upcoming one"
http GET "/utlysningar?visa=closed" -
expect_body_has "/utlysningar/$CLOSED\"" "the closed filter shows the closed call"
expect_body_lacks "/utlysningar/$C\"" "…not the open one"
http GET "/utlysningar?visa=upcoming" -
expect_body_has "/utlysningar/$UPCOMING\"" "the upcoming filter shows the call that opens later"
http GET "/utlysningar" -
expect_body_has "/utlysningar/$CLOSED\"" "all calls: the closed one"
expect_body_has "/utlysningar/$C\"" "…and the open one"
http GET "/utlysningar?visa=bogus" -
expect_match '^4[0-9][0-9]$' "$STATUS" "an unknown filter is refused"

http GET "/utlysningar/$C/ansok" -
expect_status 303 "the public is sent to sign in to apply"
http GET "/utlysningar/99999" -
expect_status 404 "an unknown call is 404"
http GET "/utlysningar/abc" -
expect_status 404 "a call id that is no number is 404"

login sokande
S=$(jar sokande)
tok=$(csrf_of /utlysningar "$S")
http POST /utlysningar "$S" --data-urlencode "title=x" --data-urlencode "body=x" --data-urlencode "opens=2020-01-01" \
    --data-urlencode "closes=2099-12-31" --data-urlencode "criteria=k" --data-urlencode "budget=b" --data-urlencode "csrf=$tok"
expect_status 403 "an applicant cannot publish a call"

# apply JAR CALL NAME=VALUE... — POST the application form with its token.
apply() {
    local j=$1 c=$2 tok args=() kv
    shift 2
    tok=$(csrf_of "/utlysningar/$c/ansok" "$j")
    for kv in "$@"; do args+=(--data-urlencode "$kv"); done
    http POST "/utlysningar/$c/ansok" "$j" "${args[@]}" --data-urlencode "csrf=$tok"
}
GOOD=("org=Centrum för hälsodata" "email=kontakt@example.se" "project=Gemensam checklista <b>fet</b>" \
    "description=Vi tar fram en gemensam checklista för datauttag tillsammans med två regioner.")
before=$(writes)
apply "$S" "$CLOSED" "${GOOD[@]}"
expect_status 409 "an application after the closing day is refused"
expect_body_has "Utlysningen stängde 2020-01-31. Ansökningar tas inte emot efter sista ansökningsdagen." "…with a sentence naming the day"
http GET "/utlysningar/$CLOSED/ansok" "$S"
expect_body_lacks 'action="/utlysningar/'"$CLOSED"'/ansok"' "the closed call shows no application form"
apply "$S" "$UPCOMING" "${GOOD[@]}"
expect_status 409 "an application before the opening day is refused"
expect_body_has "Utlysningen öppnar 2099-01-01." "…with a sentence naming the day"
apply "$S" "$C" "org=Centrum för hälsodata" "email=inte-en-adress" "project=P" "description=D"
expect_status 422 "a malformed e-mail address is refused"
apply "$S" "$C" "org=" "email=kontakt@example.se" "project=P" "description=D"
expect_status 422 "an application without an organisation is refused"
expect_body_has "Skriv namnet på organisationen som söker." "…with a sentence"
apply "$S" "$C" "org=O" "email=kontakt@example.se" "project=P" "description=$(head -c 30000 /dev/zero | tr '\0' 'y')"
expect_match '^(413|422)$' "$STATUS" "an oversized description is refused"
apply "$S" "$C" "org=O$(printf '\001')" "email=kontakt@example.se" "project=P" "description=D"
expect_match '^(400|422)$' "$STATUS" "a control character is refused"
http POST "/utlysningar/$C/ansok" "$S" --data-urlencode "org=O" --data-urlencode "email=kontakt@example.se" \
    --data-urlencode "project=P" --data-urlencode "description=D"
expect_status 403 "an application without a CSRF token is refused"
expect_eq "$before" "$(writes)" "nothing was written by the refused applications"

apply "$S" "$C" "${GOOD[@]}"
expect_status 303 "the applicant applies to the open call"
A=$(q "SELECT MAX(id) FROM joint_application")
expect_eq "submitted" "$(q "SELECT state FROM joint_application WHERE id = $A")" "…and the application is submitted"
http GET "/ansokningar/$A" "$S"
expect_status 200 "the applicant sees the application"
expect_body_has "Gemensam checklista &lt;b&gt;fet&lt;/b&gt;" "…its title escaped"
expect_body_has 'id="steg-withdraw"' "…and may withdraw it"
expect_body_lacks 'id="steg-assess"' "…but not assess it"
http GET /utlysningar "$S"
expect_body_has "/ansokningar/$A\"" "the calls page lists the applicant's own applications"

# Someone else: not visible, not to be stepped.
login registrator
R=$(jar registrator)
http GET "/ansokningar/$A" "$R"
expect_status 404 "someone else's application is not there for another account"
tok=$(csrf_of /utlysningar "$R")
http POST "/ansokningar/$A/steg/withdraw" "$R" --data-urlencode "csrf=$tok"
expect_status 404 "…nor can it be withdrawn by them"
http GET "/ansokningar/$A" -
expect_status 303 "the public is sent to sign in"
http GET /utlysningar -
expect_body_lacks "href=\"/projekt/$A\"" "an application not granted is not listed as a project"
http GET "/projekt/$A" -
expect_status 404 "an application not granted has no public project page"

# step JAR EVENT NAME=VALUE... — POST a step with the application page's token.
step() {
    local j=$1 ev=$2 tok args=() kv
    shift 2
    tok=$(csrf_of "/ansokningar/$A" "$j")
    for kv in "$@"; do args+=(--data-urlencode "$kv"); done
    http POST "/ansokningar/$A/steg/$ev" "$j" "${args[@]}" --data-urlencode "csrf=$tok"
}
before=$(writes)
step "$S" assess "score_1=5" "score_2=5" "score_3=5"
expect_status 403 "the applicant cannot assess"
expect_body_has "Bara nätverkskoordinatorn kan göra detta." "…with a sentence"
step "$N" grant "reason=Bra."
expect_status 409 "a decision before the assessment is refused"
expect_body_has "Ansökan har inte bedömts ännu. Bedöm den mot varje kriterium innan du fattar beslut." "…with a sentence"
step "$N" assess "score_1=4" "score_2=6" "score_3=3"
expect_status 422 "a score of 6 is refused"
step "$N" assess "score_1=4" "score_2=-1" "score_3=3"
expect_status 422 "a score of -1 is refused"
step "$N" assess "score_1=4" "score_2=tre" "score_3=3"
expect_status 422 "a score that is no number is refused"
step "$N" assess "score_1=4" "score_3=3"
expect_status 422 "a criterion without a score is refused"
expect_body_has "kriterium 2" "…naming the criterion"
step "$N" bogus "note=x"
expect_status 404 "an unknown step is 404"
http POST "/ansokningar/$A/steg/assess" "$N" --data-urlencode "score_1=4" --data-urlencode "score_2=4" --data-urlencode "score_3=4"
expect_status 403 "a step without a CSRF token is refused"
expect_eq "$before" "$(writes)" "nothing was written by the refused steps"

step "$N" assess "score_1=4" "comment_1=Tydlig nytta <i>x</i>" "score_2=5" "score_3=3" "comment_3=Tidplanen är snäv."
expect_status 303 "the coordinator assesses every criterion"
expect_eq "assessed|3" "$(q "SELECT state, (SELECT COUNT(*) FROM joint_score WHERE application_id = $A) FROM joint_application WHERE id = $A")" "…the application is assessed with three scores"
http GET "/ansokningar/$A" "$S"
expect_body_has "Tydlig nytta &lt;i&gt;x&lt;/i&gt;" "the applicant sees the comment, escaped"
step "$S" withdraw
expect_status 409 "an assessed application can no longer be withdrawn"
step "$N" grant "reason="
expect_status 422 "a decision without reasons is refused"
expect_body_has "Skriv skälen för beslutet." "…with a sentence"
step "$N" results "results_title=R" "results_summary=S" "results_body=B"
expect_status 409 "results before the grant are refused"
step "$N" grant "reason=Projektet ger gemensam nytta och har två regioner med."
expect_status 303 "the coordinator grants the project"
expect_eq "granted" "$(q "SELECT state FROM joint_application WHERE id = $A")" "…and it is granted"
http GET "/projekt/$A" -
expect_status 200 "the granted project's page is public"
expect_body_has "Projektet har inte publicerat några resultat ännu." "…with no results yet"
expect_body_lacks "kontakt@example.se" "…and without the contact's e-mail"
http GET /utlysningar -
expect_body_has "href=\"/projekt/$A\"" "the calls page lists the granted project"

before=$(writes)
step "$N" results "results_title=Checklista" "results_summary=" "results_body=Text"
expect_status 422 "results without a summary are refused"
step "$N" results "results_title=Checklista" "results_summary=S" "results_body="
expect_status 422 "results without a text are refused"
expect_eq "0" "$(q "SELECT COUNT(*) FROM guide_item WHERE id = 'projekt-$A-resultat'")" "…and no guide item was made"
expect_eq "$before" "$(writes)" "…nor anything else written"
step "$N" results "results_title=Gemensam checklista för datauttag" \
    "results_summary=En checklista som två regioner och Centrum för hälsodata tagit fram." \
    "results_body=## Checklistan

1. Etikprövning klar
2. Datasäkerhetsplan"
expect_status 303 "the coordinator publishes the results into the knowledge guide"
G="projekt-$A-resultat"
expect_eq "reported|$G" "$(q "SELECT state, guide_item_id FROM joint_application WHERE id = $A")" "…the application is reported and linked to the guide item"
expect_eq "guide|1|0" "$(q "SELECT type, latest_version, published_version FROM guide_item WHERE id = '$G'")" "…a guide item draft, not yet published"
http GET "/guide/$G" -
expect_status 404 "readers do not see the draft"
http GET "/projekt/$A" -
expect_body_has "Resultaten väntar på granskning" "the project's page says the results await review"

login redaktor
E=$(jar redaktor)
http GET "/projekt/$A" "$E"
expect_body_has "/guide/$G/edit" "the editor is led to the draft"
post "/guide/$G/publish" "$E" "version=1"
expect_status 303 "the editor publishes the results"
http GET "/guide/$G" -
expect_status 200 "the results are in the knowledge guide"
expect_body_has "Resultat av projektet" "the guide item says whose results it is"
expect_body_has "href=\"/projekt/$A\"" "…and links the project"
expect_body_has "Gemensam checklista för datauttag" "…with the results' title"
http GET "/projekt/$A" -
expect_body_has "href=\"/guide/$G\"" "the project's page links the guide item"
http GET "/ansokningar/$A" "$S"
expect_body_has "Resultat publicerade" "the applicant sees the state"
expect_body_has "Inga fler steg för dig i det här läget." "…and no further step"

# A second application, withdrawn by its applicant; the coordinator sees both.
login samrad
M=$(jar samrad)
apply "$M" "$C" "org=Regionalt biobankscentrum" "email=bb@example.se" "project=Provsamlingar" "description=D"
expect_status 303 "a second organisation applies"
A2=$(q "SELECT MAX(id) FROM joint_application")
http GET "/ansokningar/$A2" "$S"
expect_status 404 "the first applicant does not see the second application"
http GET "/utlysningar/$C" "$N"
expect_body_has "/ansokningar/$A\"" "the coordinator sees the first application on the call"
expect_body_has "/ansokningar/$A2\"" "…and the second"
http GET "/utlysningar/$C" "$S"
expect_body_lacks "/ansokningar/$A2\"" "the applicant does not see the call's applications"
tok=$(csrf_of "/ansokningar/$A2" "$M")
http POST "/ansokningar/$A2/steg/withdraw" "$M" --data-urlencode "csrf=$tok"
expect_status 303 "the second applicant withdraws"
expect_eq "withdrawn" "$(q "SELECT state FROM joint_application WHERE id = $A2")" "…and the application is withdrawn"
tok=$(csrf_of "/ansokningar/$A2" "$N")
http POST "/ansokningar/$A2/steg/assess" "$N" --data-urlencode "score_1=1" --data-urlencode "score_2=1" --data-urlencode "score_3=1" --data-urlencode "csrf=$tok"
expect_status 409 "a withdrawn application cannot be assessed"

# The coordinator applies too, and may not assess their own application.
apply "$N" "$C" "org=Nätverket" "email=n@example.se" "project=Eget projekt" "description=D"
expect_status 303 "the coordinator applies for their organisation"
A3=$(q "SELECT MAX(id) FROM joint_application")
http GET "/ansokningar/$A3" "$N"
expect_body_lacks 'id="steg-assess"' "…their own application offers no assessment"
tok=$(csrf_of "/ansokningar/$A3" "$N")
http POST "/ansokningar/$A3/steg/assess" "$N" --data-urlencode "score_1=5" --data-urlencode "score_2=5" --data-urlencode "score_3=5" --data-urlencode "csrf=$tok"
expect_status 403 "…and assessing it is refused"
expect_body_has "Du har själv skickat ansökan och kan därför inte bedöma den eller besluta om den." "…with a sentence"
expect_eq "0" "$(q "SELECT COUNT(*) FROM joint_score WHERE application_id = $A3")" "…and no score was saved"

expect_eq "3" "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'call.create'")" "every call has its audit row"
expect_eq "1" "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'call.results' AND object_id = '$A'")" "…and the results their audit row"
finish
