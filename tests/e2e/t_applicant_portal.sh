#!/usr/bin/env bash
# t_applicant_portal.sh — the applicant's portal over HTTP (issue 14 item 2;
# handlers/case_portal.c, store/case_messages.c, core/case_portal.c): "Mina
# ärenden" lists the applicant's cases with the state in plain Swedish (and
# English), what happens next, who has the case (a role, never a person) and
# the typical time of that step, the median of earlier cases' stays from the
# registered transitions, or "no data yet"; the message thread on the case
# page: the applicant and the coordinator write, the other side gets a mail
# saying so and never the text; a completion or a PDF is registered in the
# diarium (while a completion is asked for, it is the case's own complete
# step); the same thread in the JSON API. Bad paths: anonymous, another
# applicant, a staff role that does not handle intake, no CSRF token, empty,
# oversized, malformed and hostile input, a draft, a document from staff.
. "$(dirname "$0")/lib.sh"

start_server || finish

org=$(q "SELECT id FROM org_node WHERE code = 'RH'")
sara=$(q "SELECT id FROM users WHERE username = 'sokande'")
SJ=$(jar sokande)
login sokande
login samordnare
KJ=$(jar samordnare)

# Earlier cases at the organisation: three stays in "received" of 2, 4 and 9
# days (median 4), one in the samråd's hands of 10 days; none left a decision.
mk_case() { # mk_case STATE TITLE [OWNER] — prints the new id
    q "INSERT INTO cases(org_id, target_node_id, owner_user_id, state, process, created_at, updated_at, diary_number,
       applicant_email, applicant_name, title) VALUES ($org, $org, ${3:-NULL}, '$1', 1, '2026-01-01T00:00:00Z',
       '2026-01-01T00:00:00Z', 'RH 2026-9$RANDOM', 'sara@universitet.example', 'Sara Forskare', '$2')" >/dev/null
    q "SELECT MAX(id) FROM cases"
}
hop() { # hop CASE AT FROM TO
    q "INSERT INTO case_event(case_id, at, actor_name, event, from_state, to_state)
       VALUES ($1, '$2', 'x', 'e', '$3', '$4')" >/dev/null
}
p1=$(mk_case awaiting_decision "Tidigare 1")
hop "$p1" 2026-01-01T08:00:00Z draft received
hop "$p1" 2026-01-03T08:00:00Z received awaiting_samrad
hop "$p1" 2026-01-13T08:00:00Z awaiting_samrad awaiting_decision
p2=$(mk_case awaiting_samrad "Tidigare 2")
hop "$p2" 2026-02-01T08:00:00Z draft received
hop "$p2" 2026-02-05T08:00:00Z received awaiting_samrad
p3=$(mk_case awaiting_samrad "Tidigare 3")
hop "$p3" 2026-03-01T08:00:00Z draft received
hop "$p3" 2026-03-10T08:00:00Z received awaiting_samrad

A=$(mk_case received "Astma hos barn i Norrland" "$sara")
D=$(mk_case awaiting_decision "Diabetes och njurar" "$sara")
DRAFT=$(mk_case draft "Ett utkast" "$sara")

# --- the portal -----------------------------------------------------------------
http GET /mina-arenden "$SJ"
expect_status 200 "the applicant opens Mina ärenden"
expect_body_has "Astma hos barn i Norrland" "…their case is listed"
expect_body_has "Inkommen" "…with its state in plain Swedish"
expect_body_has "Ansökan kontrolleras" "…what happens next"
expect_body_has "Samordnaren, Regionhälsan" "…who has it: a role, and where"
expect_body_lacks "Karin Samordnare" "…never a person's name"
expect_body_has "ungefär 4 dagar" "the typical time in 'received' is the median of 2, 4 and 9 days"
expect_body_has "median av 3 avslutade steg" "…over three stays"
expect_body_has "Inga uppgifter ännu" "a step no earlier case has left says there is no data yet"
expect_body_lacks "Tidigare 1" "another person's cases are not listed"
expect_body_has '<th scope="col">' "the table has column headers"
http GET /mina-arenden "$SJ" -H 'Accept-Language: en'
expect_body_has "My cases" "the portal in English"
expect_body_has "What happens next" "…its headings"
expect_body_has "The coordinator" "…who has the case"
expect_body_has "No data yet" "…and 'no data yet'"
# The filter: under way, closed, all.
WD=$(mk_case withdrawn "Återkallad studie" "$sara")
http GET "/mina-arenden?visa=pagaende" "$SJ"
expect_status 200 "the cases under way"
expect_body_has "Astma hos barn i Norrland" "…list a case sent in and not closed"
expect_body_lacks "Återkallad studie" "…and not a withdrawn one"
http GET "/mina-arenden?visa=avslutade" "$SJ"
expect_body_has "Återkallad studie" "the closed cases list the withdrawn one"
expect_body_lacks "Astma hos barn i Norrland" "…and not one under way"
http GET "/mina-arenden" "$SJ"
expect_body_has "Återkallad studie" "all cases: the withdrawn one…"
expect_body_has "Astma hos barn i Norrland" "…and the one under way"
http GET "/mina-arenden?visa=%3Cscript%3E" "$SJ"
expect_status 400 "a filter in no list is refused"
expect_body_lacks "<script>" "…without echoing it"
http GET "/mina-arenden?sida=abc" "$SJ"
expect_status 400 "a malformed page number is refused"
http GET "/mina-arenden?sida=999999999" "$SJ"
expect_status 400 "an out-of-range page number is refused"
http GET /mina-arenden -
expect_status "30[23]|401|403" "anonymous visitors do not get the portal"
expect_body_lacks "Astma" "…and see no case"

# --- messages on the case page ----------------------------------------------------
http GET "/cases/$A" "$SJ"
expect_status 200 "the applicant opens the case"
expect_body_has 'id="meddelanden"' "the case page has the message thread"
expect_body_has "Vad händer härnäst" "…and the portal's facts"
expect_body_has 'name="completion"' "the applicant may mark a message as a completion"

post "/cases/$A/messages" "$SJ" "body=Hej! När kan jag räkna med ett beslut? HEMLIGT-7731"
expect_status 303 "the applicant writes a message"
expect_match "/cases/$A#meddelanden" "$(hdr Location | tr -d '\r')" "…and returns to the thread"
expect_eq "applicant|Sara Forskare" "$(q "SELECT side, author_name FROM case_message WHERE case_id = $A")" \
    "stored as the applicant's, with their name"
expect_eq 1 "$(q "SELECT COUNT(*) FROM outbox WHERE case_id = $A AND kind = 'case.staff_message'")" \
    "the coordinators are told by e-mail"
expect_eq 0 "$(q "SELECT COUNT(*) FROM outbox WHERE case_id = $A AND body_text LIKE '%HEMLIGT-7731%'")" \
    "…and no mail carries the message's text"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'case.message' AND object_id = '$A'")" "audited"

http GET "/cases/$A" "$KJ"
expect_body_has "HEMLIGT-7731" "the coordinator reads it on the case page"
post "/cases/$A/messages" "$KJ" "body=Vi räknar med beslut inom tre veckor."
expect_status 303 "the coordinator answers"
expect_eq "staff" "$(q "SELECT side FROM case_message WHERE case_id = $A ORDER BY id DESC LIMIT 1")" "as the organisation"
expect_eq 1 "$(q "SELECT COUNT(*) FROM outbox WHERE case_id = $A AND kind = 'case.message' AND to_addr = 'sokande@regionhalsan.example'")" \
    "the applicant is told by e-mail"
expect_eq 0 "$(q "SELECT COUNT(*) FROM outbox WHERE case_id = $A AND body_text LIKE '%tre veckor%'")" "…without the text"
post "/cases/$A/messages" "$KJ" "body=En handling" "completion=1"
expect_status 422 "staff cannot send a completion through the thread"
expect_body_has "Bara sökanden skickar kompletteringar" "…with a sentence"
expect_body_has 'role="alert"' "…on the case page, as an alert"
expect_body_has '>En handling</textarea>' "…and what was written is kept in the form"

# Bad input: nothing is stored.
n0=$(q "SELECT COUNT(*) FROM case_message")
post "/cases/$A/messages" "$SJ" "body="
expect_status 422 "an empty message is refused"
post "/cases/$A/messages" "$SJ" "body=$(head -c 8001 /dev/zero | tr '\0' 'x')"
expect_status 422 "a message of 8001 characters is refused"
post_raw "/cases/$A/messages" "$SJ" "body=%ff%fe%fd"
expect_status "400|422" "invalid UTF-8 is refused"
http POST "/cases/$A/messages" "$SJ" --data-urlencode "body=Utan token"
expect_status 403 "without its CSRF token the message is refused"
post "/cases/$DRAFT/messages" "$SJ" "body=Till ett utkast"
expect_status 409 "a draft has no thread yet"
expect_body_has "inte inskickad" "…saying why"
login samrad
post "/cases/$A/messages" "$(jar samrad)" "body=Från samrådet"
expect_status "403|404" "a staff role that does not handle intake cannot write"
DATALOTS_PASSWORD='Ett annat långt lösenord 1' cli user add olle --name "Olle Annan" --email olle@example.org \
    --role applicant --db "$SQLDB"
login olle 'Ett annat långt lösenord 1'
post "/cases/$A/messages" "$(jar olle)" "body=Jag är inte sökanden"
expect_status 404 "another applicant cannot write in the case (its existence is not shown)"
http GET "/cases/$A" "$(jar olle)"
expect_status 404 "…nor read it"
http GET /mina-arenden "$(jar olle)"
expect_status 200 "another applicant has a portal of their own"
expect_body_lacks "Astma hos barn" "…without Sara's cases (the kept page is per viewer)"
expect_body_has "Du har inga ansökningar ännu." "…saying they have none"
expect_eq "$n0" "$(q "SELECT COUNT(*) FROM case_message")" "none of these stored a message"

# Hostile text is kept as text and shown escaped.
post "/cases/$A/messages" "$SJ" "body=<script>alert('x')</script> & <b>fet</b>"
expect_status 303 "a message with markup is kept"
http GET "/cases/$A" "$SJ"
expect_body_lacks "<script>alert('x')" "…and never rendered as markup"
expect_body_has "&lt;script&gt;" "…but escaped"

# --- a message that is a document ---------------------------------------------------
d0=$(q "SELECT COUNT(*) FROM diary_entry")
post "/cases/$A/messages" "$SJ" "body=Här kommer etikprövningens beslut som ni saknade." "completion=1"
expect_status 303 "the applicant sends a completion in the thread"
expect_eq 1 "$(q "SELECT COUNT(*) FROM case_document WHERE case_id = $A AND kind = 'completion'")" \
    "it is a completion document of the case"
expect_eq $((d0 + 1)) "$(q "SELECT COUNT(*) FROM diary_entry")" "…registered in the diarium"
expect_ne "" "$(q "SELECT m.document_id FROM case_message m WHERE case_id = $A ORDER BY id DESC LIMIT 1")" \
    "the message names its document"
http GET "/cases/$A" "$SJ"
expect_body_has "registrerad som RH" "the thread shows the diary number"

"$DL" doc sample --out "$T/bilaga.pdf" >/dev/null 2>&1
tok=$(csrf_of /org "$SJ")
http POST "/cases/$A/messages" "$SJ" -F "csrf=$tok" -F "body=En ny bilaga" -F "file=@$T/bilaga.pdf;type=application/pdf"
expect_status 303 "a PDF sent with a message (multipart)"
expect_eq "$(sha256sum "$T/bilaga.pdf" | cut -c1-64)" \
    "$(q "SELECT a.sha256 FROM case_message m JOIN case_attachment a ON a.id = m.attachment_id WHERE m.case_id = $A ORDER BY m.id DESC LIMIT 1")" \
    "the file is attached to the case, byte for byte"
expect_eq 2 "$(q "SELECT COUNT(*) FROM case_document WHERE case_id = $A AND kind = 'completion'")" "…and registered"
printf 'not a pdf' >"$T/fake.pdf"
http POST "/cases/$A/messages" "$SJ" -F "csrf=$tok" -F "body=Falsk" -F "file=@$T/fake.pdf;type=application/pdf"
expect_status 422 "a file that is no PDF is refused"
expect_eq 0 "$(q "SELECT COUNT(*) FROM case_message WHERE body = 'Falsk'")" "…and nothing of it is kept"

# While a completion is asked for, the completion is the case's own step.
q "UPDATE cases SET state = 'completion_requested' WHERE id = $D" >/dev/null
post "/cases/$D/messages" "$SJ" "body=Komplettering: populationen är barn 0–17 år." "completion=1"
expect_status 303 "the applicant answers a completion request in the thread"
expect_eq "received" "$(q "SELECT state FROM cases WHERE id = $D")" "the case is received again (the complete step)"
expect_eq 1 "$(q "SELECT COUNT(*) FROM case_event WHERE case_id = $D AND event = 'complete'")" "…in its history"
expect_eq 1 "$(q "SELECT COUNT(*) FROM outbox WHERE case_id = $D AND kind = 'case.staff_update'")" \
    "the step's own mail tells the coordinators"
expect_eq 0 "$(q "SELECT COUNT(*) FROM outbox WHERE case_id = $D AND kind = 'case.staff_message'")" "…once"

# --- the JSON API ------------------------------------------------------------------
http GET "/api/v1/cases/$A/messages" "$SJ"
expect_status 200 "the thread in the API"
expect_match '"side":"applicant"' "$(cat "$BODY")" "…with each message's side"
expect_match '"may_write":true' "$(cat "$BODY")" "…and whether the viewer may write"
expect_match '"registered_as":"RH' "$(cat "$BODY")" "…and the diary number of a document"
tok=$(csrf_of /org "$SJ")
http POST "/api/v1/cases/$A/messages" "$SJ" -H "X-CSRF-Token: $tok" --data-urlencode "body=Via API:et"
expect_status 201 "a message posted through the API"
expect_match '"created":[0-9]+' "$(cat "$BODY")" "…answers with its id"
http POST "/api/v1/cases/$A/messages" "$SJ" --data-urlencode "body=Utan token"
expect_status 403 "the API refuses a session post without the CSRF token"
http GET "/api/v1/cases/$A/messages" "$(jar olle)"
expect_status 404 "another applicant gets 404 from the API too"
http POST "/api/v1/cases/$A/messages" "$SJ" -H "X-CSRF-Token: $tok" --data-urlencode "body="
expect_status 422 "an empty message through the API is refused"
http GET "/api/v1/cases/999999/messages" "$SJ"
expect_status 404 "no such case"
# Another system with a coordinator's API token (coordinators and registrars hold intake): the same checks, no CSRF (no cookie).
cli api-token create --name "Ärendesystem" --role coordinator --org RH --expires "$(date -u -d '+30 days' +%F)" --db "$SQLDB"
KT=$OUT
http GET "/api/v1/cases/$A/messages" - -H "Authorization: Bearer $KT"
expect_status 200 "a coordinator's API token reads the thread"
http POST "/api/v1/cases/$A/messages" - -H "Authorization: Bearer $KT" --data-urlencode "body=Svar från ärendesystemet"
expect_status 201 "…and writes in it as the organisation"
expect_eq "staff" "$(q "SELECT side FROM case_message WHERE body = 'Svar från ärendesystemet'")" "stored as the organisation's"
cli api-token create --name "Samrådet" --role samrad_member --org RH --expires "$(date -u -d '+30 days' +%F)" --db "$SQLDB"
http GET "/api/v1/cases/$A/messages" - -H "Authorization: Bearer $OUT"
expect_match '"may_write":false' "$(cat "$BODY")" "a samråd member's token reads the thread, and may not write"
http POST "/api/v1/cases/$A/messages" - -H "Authorization: Bearer $OUT" --data-urlencode "body=Från samrådet"
expect_status 403 "…and its post is refused"
expect_body_has "Bara sökanden och organisationens samordnare" "…with a sentence"

check "the audit chain holds" cli audit verify --db "$SRV_URL"
expect_eq 0 "$RC" "datalots audit verify"
finish
