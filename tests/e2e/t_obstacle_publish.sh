#!/usr/bin/env bash
# t_obstacle_publish.sh — only the redacted version of an obstacle can be
# published (issue 13 item 3): the analyst's page marks each personnummer,
# e-mail address, phone number and name the detector finds, by kind in
# words, and proposes the text with them replaced; a text that still holds
# a personnummer, samordningsnummer, e-mail address or phone number is
# refused with a sentence naming the kind, and nothing is published; a name
# left in needs the analyst's confirmation that it is not a person. The
# confirmed text is published (audited, naming no text); taking it out of
# the register needs a reason. Other roles and strangers never reach the
# page; a post without the CSRF token does nothing; script in the text is
# stored as text and shown escaped.
. "$(dirname "$0")/lib.sh"

start_server || finish
published() { q "SELECT published_at <> '' FROM obstacle WHERE id = $ID" | sed 's/^t$/1/; s/^f$/0/'; }
http POST /api/v1/obstacles - -H 'Content-Type: application/json' --data-binary \
    '{"what": "Patienten 19121212-1212 och Anna Svensson (anna@example.se, 070-123 45 67) fick vänta ett år.",
      "category": "lead_times", "suggestion": "Ring Karin Berg på 08-123 456 78."}'
expect_status 201 "an obstacle with personal data in it is reported"
ID=$(q "SELECT MAX(id) FROM obstacle")

login hinder
H=$(jar hinder)
http GET "/hinder/analys/$ID/publicera" "$H"
expect_status 200 "the analyst opens the publication page"
expect_body_has '<mark>19121212-1212 <span class="pii-kind">[Personnummer]</span></mark>' "the personnummer is marked, with its kind in words"
expect_body_has '<mark>anna@example.se <span class="pii-kind">[E-postadress]</span></mark>' "…the e-mail address"
expect_body_has '<mark>070-123 45 67 <span class="pii-kind">[Telefonnummer]</span></mark>' "…the phone number"
expect_body_has '<mark>Anna Svensson <span class="pii-kind">[Namn]</span></mark>' "…the name"
expect_body_has '<mark>Karin Berg <span class="pii-kind">[Namn]</span></mark>' "…and the suggestion's name"
expect_body_has 'Patienten [personnummer borttaget] och [namn borttaget] ([e-postadress borttagen], [telefonnummer borttaget]) fick vänta' \
    "the text to publish is proposed with them replaced"
expect_eq 0 "$(published)" "nothing is published by opening the page"

refused() { # refused DESC KIND-WORD name=value...
    local desc=$1 word=$2
    shift 2
    post "/hinder/analys/$ID/publicera" "$H" "$@"
    expect_status 422 "$desc"
    expect_body_has "$word" "…saying what is still there"
    expect_eq 0 "$(published)" "…and nothing is published"
}
refused "the report as written is refused" "Personnummer" "public_text=Patienten 19121212-1212 fick vänta."
refused "a personnummer without century or separator is refused" "Personnummer" "public_text=Den med 1212121212 väntade."
refused "a samordningsnummer is refused" "Samordningsnummer" "public_text=Den med 701063-2391 väntade."
refused "an e-mail address is refused" "E-postadress" "public_text=Skriv till anna@example.se."
refused "a phone number is refused" "Telefonnummer" "public_text=Ring 070-123 45 67."
refused "…also in the suggestion" "Telefonnummer" "public_text=Vi väntade." "public_suggestion=Ring 08-123 456 78."
refused "a name left in is refused without a confirmation" "namn" "public_text=Anna Svensson väntade ett år."
post "/hinder/analys/$ID/publicera" "$H" "public_text="
expect_status 422 "an empty text is refused"
expect_eq 0 "$(published)" "…and nothing is published"
post "/hinder/analys/$ID/publicera" "$H" "public_text=$(head -c 4001 /dev/zero | tr '\0' x)"
expect_status 422 "a text over 4000 characters is refused"
http POST "/hinder/analys/$ID/publicera" "$H" --data-urlencode "public_text=En forskargrupp väntade ett år."
expect_status 403 "a post without the CSRF token is refused"
expect_eq 0 "$(published)" "…and nothing is published"

# Strangers and other roles never reach it.
http GET "/hinder/analys/$ID/publicera" -
expect_status 303 "a stranger is sent to sign in"
for who in sokande redaktor admin; do
    login "$who"
    http GET "/hinder/analys/$ID/publicera" "$(jar "$who")"
    expect_status 403 "$who cannot open the publication page"
    post "/hinder/analys/$ID/publicera" "$(jar "$who")" "public_text=En forskargrupp väntade ett år."
    expect_status 403 "$who cannot publish"
done
expect_eq 0 "$(published)" "…and nothing was published"
http GET "/hinder/analys/999999/publicera" "$H"
expect_status 404 "an obstacle that does not exist is 404"

# The confirmed, redacted text.
post "/hinder/analys/$ID/publicera" "$H" "public_text=En forskargrupp vid Astrid Lindgrens barnsjukhus väntade ett år. <script>alert(1)</script>" \
    "public_suggestion=Inför en tidsgräns." names_confirmed=1
expect_status 303 "the redacted text, its names confirmed, is published"
expect_eq 1 "$(published)" "…and the obstacle is in the register"
expect_eq "En forskargrupp vid Astrid Lindgrens barnsjukhus väntade ett år. <script>alert(1)</script>|Inför en tidsgräns." \
    "$(q "SELECT public_text || '|' || public_suggestion FROM obstacle WHERE id = $ID")" "…with exactly that text"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'obstacle.publish' AND object_id = '$ID' AND detail = ''")" \
    "…audited, naming no text"
http GET "$(hdr Location)" "$H"
expect_body_has "Hindret är publicerat" "the page says it is published"
expect_body_has "&lt;script&gt;alert(1)&lt;/script&gt;" "script in the text is shown escaped"
expect_body_lacks "<script>alert(1)" "…never as script"
expect_eq "Patienten 19121212-1212 och Anna Svensson (anna@example.se, 070-123 45 67) fick vänta ett år." \
    "$(q "SELECT what_happened FROM obstacle WHERE id = $ID")" "the report as written is kept, never changed"

# Out of the register: a reason is needed.
post "/hinder/analys/$ID/avpublicera" "$H" "reason="
expect_status 422 "taking it out without a reason is refused"
expect_eq 1 "$(published)" "…and it stays"
post "/hinder/analys/$ID/avpublicera" "$H" "reason=Rapportören bad om det."
expect_status 303 "with a reason it is taken out"
expect_eq 0 "$(published)" "…and is no longer in the register"
expect_eq "Rapportören bad om det." \
    "$(q "SELECT detail FROM audit_log WHERE action = 'obstacle.unpublish' AND object_id = '$ID'")" "…the reason audited"
post "/hinder/analys/$ID/avpublicera" "$H" "reason=En gång till."
expect_status 404 "taking out one that is not in the register is refused"
http GET "/hinder/analys/$ID/publicera" "$H"
expect_body_has "En forskargrupp vid Astrid Lindgrens barnsjukhus" "the text is kept for the next publication"
finish
