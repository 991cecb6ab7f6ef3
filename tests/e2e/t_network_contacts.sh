#!/usr/bin/env bash
# t_network_contacts.sh — a network member's contact people (issue 15 item
# 1, docs/network.md): on a member's change page the network coordinator
# (natverk) sees every contact person with a form to change it and a button
# to remove it, and a form to add another. Checked: add, change, remove,
# each audited (network.contact_add/_change/_remove); the last one cannot
# be removed; at most 8; the same address twice in one member (any case) is
# refused; hostile, oversized and malformed input on every field is refused
# with a sentence and nothing half-written; no CSRF token 403; other roles
# 403 and anonymous visitors the sign-in page; a contact of another member
# or an unknown one 404. The question queue follows at once: an account
# whose address becomes a member's contact address may see the queue and
# answer the member's question; when the address is changed or removed, 403.
. "$(dirname "$0")/lib.sh"

start_server || finish
cli demo network --db "$SRV_URL"
expect_eq 0 "$RC" "datalots demo network seeds the network"

NJ=$(jar natverk)
login natverk
post /natverk/ny "$NJ" "namn=Forskningsstöd Öst" "erbjuder=Rådgivning" "stoder=Forskare i öst" \
    "kontakt=Erik Öst" "epost=erik@ost.example.se"
expect_status 303 "the coordinator adds a member with its first contact person"
M=$(q "SELECT id FROM network_member WHERE name = 'Forskningsstöd Öst'")
NORR=$(q "SELECT id FROM network_member WHERE name = 'Regionalt forskningsstöd Norr'")
C1=$(q "SELECT id FROM network_contact WHERE member_id = $M")
contacts() { q "SELECT name || '|' || email || '|' || role FROM network_contact WHERE member_id = $M ORDER BY id" | tr '\n' ';'; }
audits() { q "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'network.contact_%'"; }

# --- the change page lists the contact people ----------------------------------------
http GET "/natverk/$M/andra" "$NJ"
expect_status 200 "the coordinator opens the member's change page"
expect_body_has 'id="kontakter"' "…with a section of contact people"
expect_body_has "action=\"/natverk/$M/kontakter/$C1/andra\"" "…the one contact person with a form to change it"
expect_body_has 'value="erik@ost.example.se"' "…filled with its address"
expect_body_lacks "action=\"/natverk/$M/kontakter/$C1/ta-bort\"" "…and no button to remove the only one"
expect_body_has "En medlem har alltid en kontaktperson" "…but a sentence saying why"
expect_body_has "action=\"/natverk/$M/kontakter\"" "…and a form to add another"
expect_body_has '<label for="ny-roll">' "…with labelled fields"
expect_body_lacks 'name="kontakt"' "the member's own form no longer holds a contact person"

# --- add ------------------------------------------------------------------------------
post "/natverk/$M/kontakter" "$NJ" "namn=Stina Statistik" "epost=stina@ost.example.se" "roll=statistiker"
expect_status 303 "the coordinator adds a contact person"
expect_match "/natverk/$M/andra#kontakter\$" "$(hdr Location)" "…and is back on the change page"
C2=$(q "SELECT id FROM network_contact WHERE member_id = $M AND email = 'stina@ost.example.se'")
expect_eq "Erik Öst|erik@ost.example.se|;Stina Statistik|stina@ost.example.se|statistiker;" "$(contacts)" "…stored with its role"
expect_eq "1|natverk|member $M: stina@ost.example.se" \
    "$(q "SELECT COUNT(*) || '|' || MAX(actor) || '|' || MAX(detail) FROM audit_log WHERE action = 'network.contact_add' AND object_id = '$C2'")" \
    "…audited as the coordinator, with member and address"
http GET "/natverk/$M" -
expect_body_has "Stina Statistik, statistiker" "the member's public page shows the new contact person and role"
expect_body_has 'href="mailto:stina@ost.example.se"' "…with a mail link"
http GET "/natverk/$M/andra" "$NJ"
expect_body_has "action=\"/natverk/$M/kontakter/$C1/ta-bort\"" "with two, each has a button to remove it"
expect_body_has "action=\"/natverk/$M/kontakter/$C2/ta-bort\"" "…the second too"

# --- refused additions: nothing half-written -------------------------------------------
BEFORE=$(contacts)
post "/natverk/$M/kontakter" "$NJ" "namn=Stina igen" "epost=STINA@Ost.Example.SE"
expect_status 409 "the same address twice in one member (other case) is refused"
expect_body_has "redan en kontaktperson med den e-postadressen" "…with a sentence"
expect_body_has 'value="Stina igen"' "…and the add form keeps what was written"
post "/natverk/$NORR/kontakter" "$NJ" "namn=Stina i Norr" "epost=stina@ost.example.se"
expect_status 303 "…while another member may have the same address"
q "DELETE FROM network_contact WHERE member_id = $NORR AND email = 'stina@ost.example.se'" >/dev/null
A0=$(audits)
LONG201=$(head -c 201 /dev/zero | tr '\0' x)
bad_add() { # bad_add DESC STATUS name=… epost=… roll=… (400: the form reader's refusal, 422: a field's rule)
    local desc=$1 want=$2; shift 2
    post "/natverk/$M/kontakter" "$NJ" "$@"
    expect_status "$want" "$desc is refused ($want)"
    # the store's or the form's sentence on the change page, or the form
    # reader's (control characters) on an error page
    expect_match 'role="alert"|styrtecken' "$(cat "$BODY")" "…with a sentence"
}
bad_add "an empty name" 422 "namn=" "epost=a@ost.example.se"
bad_add "a name of 201 characters" 422 "namn=$LONG201" "epost=a@ost.example.se"
bad_add "a name over two lines" 400 "namn=Rad 1
Rad 2" "epost=a@ost.example.se"
bad_add "a name with a control character" 400 "namn=A$(printf '\x01')B" "epost=a@ost.example.se"
bad_add "an empty address" 422 "namn=Anna" "epost="
bad_add "a malformed address" 422 "namn=Anna" "epost=inte en adress"
bad_add "an address without a domain" 422 "namn=Anna" "epost=anna@"
bad_add "an address with a header after it" 400 "namn=Anna" "epost=a@ost.example.se
Bcc: b@example.se"
bad_add "an address of 300 characters" 422 "namn=Anna" "epost=$(head -c 290 /dev/zero | tr '\0' a)@example.se"
bad_add "a role of 101 characters" 422 "namn=Anna" "epost=a@ost.example.se" "roll=$(head -c 101 /dev/zero | tr '\0' r)"
bad_add "a role over two lines" 400 "namn=Anna" "epost=a@ost.example.se" "roll=stat
istiker"
post_raw "/natverk/$M/kontakter" "$NJ" "namn=Anna%FF%FE&epost=a%40ost.example.se"
expect_status 400 "a name that is not UTF-8 is refused"
post_raw "/natverk/$M/kontakter" "$NJ" "namn=Anna&epost=a%40ost.example.se&roll=%C3"
expect_status 400 "a role that is not UTF-8 is refused"
post_raw "/natverk/$M/kontakter" "$NJ" "namn=Anna&namn=Bo&epost=a%40ost.example.se"
expect_status 400 "a name given twice is refused"
expect_eq "$BEFORE" "$(contacts)" "no refused addition was stored"
expect_eq "$A0" "$(audits)" "…nor audited"
post "/natverk/$M/kontakter" "$NJ" "namn=<script>alert(1)</script> Ö" "epost=o@ost.example.se" "roll=\"><b>samordnare"
expect_status 303 "markup in a name and role is taken as text"
C3=$(q "SELECT id FROM network_contact WHERE member_id = $M AND email = 'o@ost.example.se'")
http GET "/natverk/$M/andra" "$NJ"
expect_body_lacks "<script>alert(1)" "…and comes out escaped on the change page"
expect_body_has "&lt;script&gt;alert(1)&lt;/script&gt; Ö" "…as text"
http GET "/natverk/$M" -
expect_body_lacks "<b>samordnare" "…and on the public page"

# --- at most 8 -------------------------------------------------------------------------
for i in 4 5 6 7 8; do
    post "/natverk/$M/kontakter" "$NJ" "namn=Person $i" "epost=p$i@ost.example.se" "roll=registrator"
    expect_status 303 "contact person $i is added"
done
expect_eq 8 "$(q "SELECT COUNT(*) FROM network_contact WHERE member_id = $M")" "the member has 8 contact people"
http GET "/natverk/$M/andra" "$NJ"
expect_body_lacks "action=\"/natverk/$M/kontakter\"" "with 8, the form to add is not shown"
expect_body_has "så många kontaktpersoner som går" "…but a sentence saying why"
post "/natverk/$M/kontakter" "$NJ" "namn=Person 9" "epost=p9@ost.example.se"
expect_status 409 "a ninth is refused"
expect_body_has "högst 8 kontaktpersoner" "…with a sentence"
expect_eq 8 "$(q "SELECT COUNT(*) FROM network_contact WHERE member_id = $M")" "…and not stored"

# --- change ----------------------------------------------------------------------------
post "/natverk/$M/kontakter/$C2/andra" "$NJ" "namn=Stina Samordnare" "epost=Stina.S@ost.example.se" "roll=samordnare"
expect_status 303 "the coordinator changes a contact person"
expect_eq "Stina Samordnare|Stina.S@ost.example.se|samordnare" \
    "$(q "SELECT name || '|' || email || '|' || role FROM network_contact WHERE id = $C2")" "…stored in place"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'network.contact_change' AND object_id = '$C2'")" "…audited"
post "/natverk/$M/kontakter/$C2/andra" "$NJ" "namn=Stina Samordnare" "epost=stina.s@OST.example.se" "roll="
expect_status 303 "a contact keeps its own address in another case and may lose its role"
BEFORE=$(contacts)
A0=$(audits)
post "/natverk/$M/kontakter/$C2/andra" "$NJ" "namn=Stina" "epost=ERIK@ost.example.se"
expect_status 409 "changing to another contact's address is refused"
expect_body_has 'value="ERIK@ost.example.se"' "…and that contact's form keeps what was written"
bad_change() { # bad_change DESC STATUS name=… epost=… roll=…
    local desc=$1 want=$2; shift 2
    post "/natverk/$M/kontakter/$C2/andra" "$NJ" "$@"
    expect_status "$want" "changing to $desc is refused ($want)"
}
bad_change "an empty name" 422 "namn=" "epost=s@ost.example.se"
bad_change "a name of 201 characters" 422 "namn=$LONG201" "epost=s@ost.example.se"
bad_change "a name with a control character" 400 "namn=S$(printf '\x7f')" "epost=s@ost.example.se"
bad_change "an empty address" 422 "namn=Stina" "epost="
bad_change "a malformed address" 422 "namn=Stina" "epost=stina(at)ost.example.se"
bad_change "an address with a header after it" 400 "namn=Stina" "epost=s@ost.example.se
Cc: x@example.se"
bad_change "a role of 101 characters" 422 "namn=Stina" "epost=s@ost.example.se" "roll=$(head -c 101 /dev/zero | tr '\0' r)"
post_raw "/natverk/$M/kontakter/$C2/andra" "$NJ" "namn=%FF&epost=s%40ost.example.se"
expect_status 400 "changing to a name that is not UTF-8 is refused"
expect_eq "$BEFORE" "$(contacts)" "no refused change was stored"
expect_eq "$A0" "$(audits)" "…nor audited"
post "/natverk/$NORR/kontakter/$C2/andra" "$NJ" "namn=Fel" "epost=fel@ost.example.se"
expect_status 404 "changing a contact through another member is 404"
post "/natverk/$M/kontakter/999999/andra" "$NJ" "namn=Ingen" "epost=ingen@ost.example.se"
expect_status 404 "…and so is changing an unknown contact"
post "/natverk/999999/kontakter" "$NJ" "namn=Ingen" "epost=ingen@ost.example.se"
expect_status 404 "adding to an unknown member is 404"
post "/natverk/$M/kontakter/abc/andra" "$NJ" "namn=Ingen" "epost=ingen@ost.example.se"
expect_status 404 "…and a contact number that is no number is 404"
expect_eq "$BEFORE" "$(contacts)" "…nothing changed"

# --- the member's own form keeps its contact people ---------------------------------------
post "/natverk/$M/andra" "$NJ" "namn=Forskningsstöd Öst" "erbjuder=Rådgivning och mer" "stoder=Forskare i öst" \
    "kontakt=Ska inte" "epost=ska-inte@example.se"
expect_status 303 "the coordinator changes the member itself"
expect_eq "$BEFORE" "$(contacts)" "…and its contact people stay as they are (contact fields posted are ignored)"

# --- remove ---------------------------------------------------------------------------
for c in $(q "SELECT id FROM network_contact WHERE member_id = $M AND email LIKE 'p%@ost.example.se'"); do
    post "/natverk/$M/kontakter/$c/ta-bort" "$NJ"
    expect_status 303 "contact $c is removed"
done
post "/natverk/$M/kontakter/$C3/ta-bort" "$NJ"
expect_status 303 "the contact with markup is removed"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'network.contact_remove' AND object_id = '$C3' AND detail = 'member $M: o@ost.example.se'")" \
    "…audited with member and address"
post "/natverk/$NORR/kontakter/$C1/ta-bort" "$NJ"
expect_status 404 "removing a contact through another member is 404"
post "/natverk/$M/kontakter/999999/ta-bort" "$NJ"
expect_status 404 "…and so is removing an unknown contact"
post "/natverk/$M/kontakter/$C2/ta-bort" "$NJ"
expect_status 303 "the second-last is removed"
expect_eq "Erik Öst|erik@ost.example.se|;" "$(contacts)" "one contact person is left"
http GET "/natverk/$M" -
expect_body_lacks "stina" "the public page (cached before) no longer shows the removed contact"
expect_body_has "erik@ost.example.se" "…but the one left"
post "/natverk/$M/kontakter/$C1/ta-bort" "$NJ"
expect_status 409 "removing the last one is refused"
expect_body_has "En medlem har alltid en kontaktperson" "…with a sentence"
expect_eq "Erik Öst|erik@ost.example.se|;" "$(contacts)" "…and it stays"

# --- CSRF and other roles ---------------------------------------------------------------
http POST "/natverk/$M/kontakter" "$NJ" --data-urlencode "namn=Utan token" --data-urlencode "epost=u@ost.example.se"
expect_status 403 "adding without a CSRF token is refused"
http POST "/natverk/$M/kontakter/$C1/andra" "$NJ" --data-urlencode "namn=Utan token" --data-urlencode "epost=u@ost.example.se"
expect_status 403 "…and so is changing"
http POST "/natverk/$M/kontakter/$C1/ta-bort" "$NJ"
expect_status 403 "…and removing"
for who in redaktor registrator sokande; do
    login "$who"
    WJ=$(jar "$who")
    post "/natverk/$M/kontakter" "$WJ" "namn=Intrång" "epost=intrang@example.se"
    expect_status 403 "$who may not add a contact person"
    post "/natverk/$M/kontakter/$C1/andra" "$WJ" "namn=Intrång" "epost=intrang@example.se"
    expect_status 403 "$who may not change one"
    post "/natverk/$M/kontakter/$C1/ta-bort" "$WJ"
    expect_status 403 "$who may not remove one"
done
A=$(jar anon)
http POST "/natverk/$M/kontakter" "$A" --data-urlencode "namn=Intrång" --data-urlencode "epost=intrang@example.se" \
    --data-urlencode "csrf=$(csrf_of /login "$A")"
expect_status '30[23]|401|403' "an anonymous visitor may not add one"
expect_eq "Erik Öst|erik@ost.example.se|;" "$(contacts)" "nothing was changed by others"

# --- the question queue follows the contact addresses ----------------------------------------
RJ=$(jar redaktor)
login redaktor
REMAIL=$(q "SELECT email FROM users WHERE username = 'redaktor'")
expect_match '@' "$REMAIL" "the demo user redaktor has an e-mail address"
http GET /fragor "$RJ"
expect_status 403 "redaktor, no contact person, may not see the question queue"
http POST /fragor/ny "$A" --data-urlencode "topic=access" --data-urlencode "data_type=patient-record" \
    --data-urlencode "body=Vem i öst beslutar om journaldata?" --data-urlencode "email=asker@example.se" \
    --data-urlencode "csrf=$(csrf_of /fragor/ny "$A")"
expect_status 200 "a question is asked"
QID=$(q "SELECT MAX(id) FROM question")
if [ "$(q "SELECT member_id FROM question WHERE id = $QID")" != "$M" ]; then
    post "/fragor/$QID/steg/route" "$NJ" "member=$M"
    expect_status '30[23]' "the coordinator sends it to Öst"
fi
expect_eq "$M" "$(q "SELECT member_id FROM question WHERE id = $QID")" "the question is with Öst"
post "/natverk/$M/kontakter" "$NJ" "namn=Redaktören" "epost=$(echo "$REMAIL" | tr '[:lower:]' '[:upper:]')" "roll=samordnare"
expect_status 303 "redaktor's address (other case) becomes Öst's contact address"
CR=$(q "SELECT id FROM network_contact WHERE member_id = $M AND lower(email) = lower('$REMAIL')")
http GET /fragor "$RJ"
expect_status 200 "…and redaktor, still signed in, sees the queue at once"
http GET "/fragor/$QID" "$RJ"
expect_status 200 "…and Öst's question"
expect_body_has 'id="steg-answer"' "…with the step to answer it"
post "/natverk/$M/kontakter/$CR/andra" "$NJ" "namn=Redaktören" "epost=annan@ost.example.se" "roll=samordnare"
expect_status 303 "the contact's address is changed to another"
http GET /fragor "$RJ"
expect_status 403 "…and redaktor may no longer see the queue"
http GET "/fragor/$QID" "$RJ"
expect_status 403 "…nor Öst's question"
post "/natverk/$M/kontakter/$CR/andra" "$NJ" "namn=Redaktören" "epost=$REMAIL" "roll=samordnare"
expect_status 303 "the address is changed back"
http GET "/fragor/$QID" "$RJ"
expect_status 200 "…and redaktor sees Öst's question again"
post "/natverk/$M/kontakter/$CR/ta-bort" "$NJ"
expect_status 303 "the contact is removed"
http GET /fragor "$RJ"
expect_status 403 "…and redaktor may no longer see the queue"
post "/fragor/$QID/steg/answer" "$RJ" "answer=Ett svar från den borttagna."
expect_status 403 "…nor answer Öst's question"
expect_eq 0 "$(q "SELECT COUNT(*) FROM question WHERE id = $QID AND state = 'answered'")" "…which stays unanswered"

finish
