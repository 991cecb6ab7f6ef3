#!/usr/bin/env bash
# t_samrad.sh — the samråd's meeting (handlers/samrad.c, store/samrad.c):
# three cases brought to the samråd by samrad_ready.sh (one with its
# confidentiality review, one without, one still received); the coordinator
# plans a meeting, adds attendees by competence, puts two cases on the
# agenda, assesses one (release) and leaves the other without a
# recommendation; holding without the required competences is refused with
# a sentence naming the missing one; held, the first case awaits the
# decision with the samråd's recommendation, the second stays, and the
# minutes are in the diarium and as a PDF that says "bordlagt" and never
# carries the review's text. A case comes off a planned agenda while it is
# unassessed (and goes on another meeting's), not when assessed, not off
# another meeting's or a held meeting's agenda. Bad paths: an applicant,
# the confidentiality reviewer, a case in another state, a POST without its
# CSRF token.
. "$(dirname "$0")/lib.sh"

start_server || finish

out=$(bash "$E2E_ROOT/tests/e2e/samrad_ready.sh" "$BASE" 2>&1)
expect_eq 0 "$?" "samrad_ready.sh: three cases brought to the samråd"
echo "$out" | grep -E '^FAILED' | head -3
c1=$(echo "$out" | sed -n 's/^reviewed \([0-9]*\)$/\1/p')
c2=$(echo "$out" | sed -n 's/^unreviewed \([0-9]*\)$/\1/p')
c3=$(echo "$out" | sed -n 's/^received \([0-9]*\)$/\1/p')
expect_match '^[0-9]+$' "$c1" "a case with its review"
expect_match '^[0-9]+$' "$c2" "a case without"
expect_match '^[0-9]+$' "$c3" "a case still received"
num1=$(q "SELECT diary_number FROM cases WHERE id = $c1")
num2=$(q "SELECT diary_number FROM cases WHERE id = $c2")
org=$(q "SELECT id FROM org_node WHERE code = 'RH'")
today=$(TZ=Europe/Stockholm date +%F)

login samordnare
login sokande
SJ=$(jar samordnare)

# --- plan the meeting ----------------------------------------------------------
http GET /samrad "$SJ"
expect_status 200 "the coordinator's samråd page"
expect_body_has "Nytt möte" "with the form for a new meeting"
post /samrad "$SJ" "org=$org" "held_on=$today" "place=Sal Tallen"
expect_status 303 "the coordinator plans a meeting"
mid=$(hdr Location | sed -n 's#.*/samrad/\([0-9]*\)$#\1#p')
expect_match '^[0-9]+$' "$mid" "the meeting has an id"
http GET "/samrad/$mid" "$SJ"
expect_status 200 "the meeting's page"
expect_body_has "$num1" "the ready cases are offered"
expect_body_has "Patientsäkerhetskompetens" "the missing competences are named"

post "/samrad/$mid/attendees" "$SJ" "name=Sam Ordnare" "competence=coordinator"
expect_status 303 "an attendee: the coordinator"
post "/samrad/$mid/attendees" "$SJ" "name=Vera Vetenskap" "competence=scientific"
expect_status 303 "an attendee: scientific competence"
post "/samrad/$mid/attendees" "$SJ" "name=Lars Jurist" "competence=legal"
expect_status 303 "an attendee: legal competence (vid behov)"
post "/samrad/$mid/attendees" "$SJ" "name=Ingen" "competence=chair"
expect_status 422 "an unknown competence is refused"

post "/samrad/$mid/agenda" "$SJ" "case=$c1"
expect_status 303 "the reviewed case on the agenda"
post "/samrad/$mid/agenda" "$SJ" "case=$c2"
expect_status 303 "the unreviewed case on the agenda"
post "/samrad/$mid/agenda" "$SJ" "case=$c1"
expect_status 409 "not twice"
post "/samrad/$mid/agenda" "$SJ" "case=$c3"
expect_status 422 "a case in another state is refused"
expect_body_has "väntar på samråd" "with a sentence saying why"

v=$(q "SELECT version FROM samrad_agenda WHERE meeting_id = $mid AND case_id = $c1")
post "/samrad/$mid/agenda/$c1/assessment" "$SJ" "version=$v" "scientific=Frågeställningen är tydlig och angelägen." \
    "feasibility=Uttaget är genomförbart ur journalen." "ethics=Stämmer med Etikprövningsmyndighetens beslut." \
    "recommendation=release" "conditions=Endast pseudonymiserade uppgifter."
expect_status 303 "the samråd's assessments of the first case: release"
post "/samrad/$mid/agenda/$c1/assessment" "$SJ" "version=$v" "scientific=x" "feasibility=y" "ethics=z" "recommendation=refusal"
expect_status 409 "a stale assessment is refused"

# --- off the agenda -----------------------------------------------------------------
http GET "/samrad/$mid" "$SJ"
expect_body_has "/samrad/$mid/agenda/$c2/remove" "an unassessed case has a button to take it off the agenda"
expect_body_lacks "/samrad/$mid/agenda/$c1/remove" "an assessed one has not"
post "/samrad/$mid/agenda/$c1/remove" "$SJ"
expect_status 409 "an assessed case stays on the agenda"
expect_body_has "Töm bedömningen" "with a sentence saying what to do"
post /samrad "$SJ" "org=$org" "held_on=$today" "place=Sal Björken"
mid2=$(hdr Location | sed -n 's#.*/samrad/\([0-9]*\)$#\1#p')
post "/samrad/$mid2/agenda/$c2/remove" "$SJ"
expect_status 404 "a case is not taken off another meeting's agenda"
expect_body_has "står inte på det här mötets dagordning" "with a sentence"
http POST "/samrad/$mid/agenda/$c2/remove" "$SJ"
expect_status 403 "a removal without its CSRF token is refused"
login sekretess
post "/samrad/$mid/agenda/$c2/remove" "$(jar sekretess)"
expect_status 403 "the confidentiality reviewer cannot change the agenda"
post "/samrad/$mid/agenda/$c2/remove" "$(jar sokande)"
expect_status '40[34]' "nor can an applicant"
expect_eq 1 "$(q "SELECT COUNT(*) FROM samrad_agenda WHERE meeting_id = $mid AND case_id = $c2")" "the case is still on the agenda"
post "/samrad/$mid/agenda/$c2/remove" "$SJ"
expect_status 303 "the coordinator takes the unassessed case off the agenda"
expect_eq 0 "$(q "SELECT COUNT(*) FROM samrad_agenda WHERE case_id = $c2")" "it is off"
http GET "/samrad/$mid2" "$SJ"
expect_body_has "$num2" "and ready for another meeting"
post "/samrad/$mid2/agenda" "$SJ" "case=$c2"
expect_status 303 "which takes it"
post "/samrad/$mid2/agenda/$c2/remove" "$SJ"
expect_status 303 "and gives it back"
post "/samrad/$mid/agenda" "$SJ" "case=$c2"
expect_status 303 "the case back on the first meeting's agenda"

# --- hold ---------------------------------------------------------------------------
post "/samrad/$mid/hold" "$SJ"
expect_status 422 "holding without patient safety competence is refused"
expect_body_has "Patientsäkerhetskompetens saknas" "with a sentence naming the missing competence"
expect_eq "planned|awaiting_samrad" "$(q "SELECT m.state, c.state FROM samrad_meeting m, cases c WHERE m.id = $mid AND c.id = $c1")" \
    "nothing moved"
post "/samrad/$mid/attendees" "$SJ" "name=Pia Patientsäker" "competence=patient_safety"
expect_status 303 "an attendee: patient safety competence"

http POST "/samrad/$mid/hold" "$SJ"
expect_status 403 "a POST without its CSRF token is refused"
http GET /samrad "$(jar sokande)"
expect_status 403 "an applicant has no samråd page"
http GET "/samrad/$mid" "$(jar sokande)"
expect_status '40[34]' "nor the meeting's"
post "/samrad/$mid/hold" "$(jar sokande)"
expect_status '40[34]' "and cannot hold it"

post "/samrad/$mid/hold" "$SJ"
expect_status 303 "the coordinator holds the meeting"
expect_eq "awaiting_decision" "$(q "SELECT state FROM cases WHERE id = $c1")" "the first case awaits the decision"
expect_eq 1 "$(q "SELECT COUNT(*) FROM case_document WHERE case_id = $c1 AND kind = 'recommendation' AND body LIKE '%Genomförbarhet: Uttaget%'")" \
    "with the samråd's recommendation holding the assessments"
expect_eq "awaiting_samrad" "$(q "SELECT state FROM cases WHERE id = $c2")" "the second case stays with the samråd"
expect_eq "held|internal|Samrådet|Protokoll från samrådsmöte $today" \
    "$(q "SELECT m.state, d.direction, d.counterpart, d.subject FROM samrad_meeting m JOIN diary_entry d ON d.id = m.minutes_diary_entry_id WHERE m.id = $mid")" \
    "the minutes are registered in the diarium"
http GET /diarium "$SJ"
expect_body_has "Protokoll från samrådsmöte $today" "and listed there"
http GET "/samrad/$mid" "$SJ"
expect_body_has "bordlagt" "the meeting's page says the second case was tabled"
post "/samrad/$mid/hold" "$SJ"
expect_status 409 "a meeting is held once"
post "/samrad/$mid/agenda/$c2/remove" "$SJ"
expect_status 409 "nothing comes off a held meeting's agenda"
expect_body_has "redan hållet" "with a sentence"

P=$T/pdf
mkdir -p "$P"
http GET "/samrad/$mid/minutes/pdf" "$SJ"
expect_status 200 "the minutes as PDF"
expect_header Content-Type 'application/pdf' "a PDF"
cp "$BODY" "$P/m.pdf"
pdftotext "$P/m.pdf" - 2>/dev/null | tr -s ' \n' ' ' >"$P/m.txt"
check "the PDF says Protokoll" grep -Fq "Protokoll" "$P/m.txt"
check "the PDF names the attendees" grep -Fq "Pia Patientsäker" "$P/m.txt"
check "with their competence" grep -Fq "Patientsäkerhetskompetens" "$P/m.txt"
check "the PDF names both cases" sh -c "grep -Fq '$num1' '$P/m.txt' && grep -Fq '$num2' '$P/m.txt'"
check "the PDF says bordlagt" grep -Fq "bordlagt" "$P/m.txt"
check "the PDF has the conditions" grep -Fq "Endast pseudonymiserade uppgifter." "$P/m.txt"
check "the PDF never carries the review's text" sh -c "! grep -Fq 'Inga patienter skadas' '$P/m.txt'"
http GET "/samrad/$mid/minutes/pdf?lang=en" "$SJ"
expect_status 200 "the minutes in English"
pdftotext "$BODY" - 2>/dev/null | tr -s ' \n' ' ' >"$P/en.txt"
check "the English PDF says Minutes" grep -Fq "Minutes of the samråd meeting" "$P/en.txt"
http GET "/samrad/$mid/minutes" "$SJ"
expect_status 200 "the minutes as a page"
expect_body_has "bordlagt" "which says bordlagt too"
expect_body_lacks "Inga patienter skadas" "and not the review's text"

cli audit verify --db "$SRV_URL"
expect_eq 0 "$RC" "the audit chain is whole"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'samrad.hold' AND object_id = '$mid'")" "holding is audited"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'samrad.agenda_remove' AND object_id = '$mid'")" "a removal is audited"
finish
