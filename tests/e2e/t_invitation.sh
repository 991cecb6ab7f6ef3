#!/usr/bin/env bash
# t_invitation.sh — an applicant whose request came by post, with no account
# here, is invited to continue online (store/case_invitation.c,
# handlers/invitation.c): the registrar registers the request; the applicant's
# acknowledgement in the outbox carries an invitation link instead of a case
# link they could not open (the token is stored only as its SHA-256); the link
# shows the case and a form; a new account with the invited address and the
# applicant role is made, signed in, and owns the case; the link works once,
# not after it expired, not with a bad or unknown token; hostile and broken
# input is refused with a sentence and nothing half-written; someone signed in
# takes the case into their own account instead.
. "$(dirname "$0")/lib.sh"

start_server || finish

org=$(q "SELECT id FROM org_node WHERE code = 'RH'")
register() { # register TITLE EMAIL — sets PID
    post /cases/register "$RJ" "org=$org" "counterpart=Pappersbrev från $1" "applicant_name=Ines Inbjuden" \
        "applicant_email=$2" "title=$1"
    PID=$(hdr Location | sed 's/.*\///' | tr -d '\r')
}
link_of() { # link_of CASE_ID — the invitation path in the applicant's mail
    q "SELECT body_text FROM outbox WHERE case_id = $1 AND kind = 'case.invitation'" | grep -o '/invitation?t=[0-9a-f]*' | head -1
}

login registrator
RJ=$(jar registrator)
register "Brev om astma hos barn" "ines.inbjuden@universitet.example"
expect_status 303 "the registrar registers a request from someone with no account"
expect_eq "received|ingen" "$(q "SELECT state, CASE WHEN owner_user_id IS NULL THEN 'ingen' ELSE 'satt' END FROM cases WHERE id = $PID")" \
    "the case is received and has no owner yet"
expect_eq 1 "$(q "SELECT COUNT(*) FROM outbox WHERE case_id = $PID AND kind = 'case.invitation' AND to_addr = 'ines.inbjuden@universitet.example'")" \
    "the applicant's acknowledgement is an invitation, to the address on the request"
expect_eq 0 "$(q "SELECT COUNT(*) FROM outbox WHERE case_id = $PID AND kind = 'case.received'")" \
    "…instead of the plain acknowledgement with a link they could not open"
LINK=$(link_of "$PID")
TOKEN=${LINK#*t=}
check "the mail carries a link with a 64-digit token" test "${#TOKEN}" -eq 64
expect_eq 0 "$(q "SELECT COUNT(*) FROM case_invitation WHERE token_hash = '$TOKEN'")" "the token itself is not stored"
expect_eq 1 "$(q "SELECT COUNT(*) FROM case_invitation WHERE case_id = $PID AND accepted_at IS NULL")" "one open invitation"

# The page, anonymous.
A="$T/anon.jar"
http GET "$LINK" "$A"
expect_status 200 "the invitation page opens without an account"
expect_body_has "Brev om astma hos barn" "it names the request"
expect_body_has "$(q "SELECT diary_number FROM cases WHERE id = $PID")" "…with its diary number"
expect_body_has 'value="Ines Inbjuden"' "the name from the request is filled in"
expect_body_has "ines.inbjuden@universitet.example" "it says which address the account gets"
http GET "$LINK" "$A" -H 'Accept-Language: en'
expect_body_has "Follow your request online" "the page in English"

# Bad tokens: malformed, unknown.
http GET "/invitation?t=xyz" "$A"
expect_status 400 "a malformed token is refused"
http GET "/invitation?t=$(printf '0%.0s' $(seq 64))" "$A"
expect_status 404 "an unknown token is not found"
expect_body_has "Kontrollera länken" "…with a sentence to act on"
http GET "/invitation" "$A"
expect_status 400 "no token at all is refused"

# Broken input: nothing is created.
users0=$(q "SELECT COUNT(*) FROM users")
post /invitation "$A" "token=$TOKEN" "username=ines" "display_name=Ines Inbjuden" "password=kort" "confirm=kort"
expect_status 422 "a password too short is refused"
expect_body_has 'value="ines"' "…and what was typed is kept"
post /invitation "$A" "token=$TOKEN" "username=ines" "display_name=Ines Inbjuden" \
    "password=Ett långt lösenord 2026" "confirm=Ett annat lösenord 2026"
expect_status 422 "two different passwords are refused"
expect_body_has "Lösenorden är inte lika" "…with a sentence"
post /invitation "$A" "token=$TOKEN" "username=sokande" "display_name=Ines Inbjuden" \
    "password=Ett långt lösenord 2026" "confirm=Ett långt lösenord 2026"
expect_status 409 "a user name already taken is refused (409, conflict)"
expect_body_has "redan upptaget" "…saying so"
post /invitation "$A" "token=$TOKEN" "username=<script>alert(1)</script>" "display_name=Ines" \
    "password=Ett långt lösenord 2026" "confirm=Ett långt lösenord 2026"
expect_status 422 "a hostile user name is refused"
expect_body_lacks "<script>alert(1)" "…and not echoed as markup"
post /invitation "$A" "token=$TOKEN" "username=ines" "display_name=$(head -c 300 /dev/zero | tr '\0' 'x')" \
    "password=Ett långt lösenord 2026" "confirm=Ett långt lösenord 2026"
expect_status 422 "an oversized name is refused"
post /invitation "$A" "token=$TOKEN" "username=ines"
expect_status 422 "a form without name and password is refused"
http POST /invitation "$A" --data-urlencode "token=$TOKEN" --data-urlencode "username=ines" \
    --data-urlencode "display_name=Ines" --data-urlencode "password=Ett långt lösenord 2026" \
    --data-urlencode "confirm=Ett långt lösenord 2026"
expect_status 403 "without its CSRF token the form is refused"
expect_eq "$users0" "$(q "SELECT COUNT(*) FROM users")" "no account was made by any of these"
expect_eq "ingen" "$(q "SELECT CASE WHEN owner_user_id IS NULL THEN 'ingen' ELSE 'satt' END FROM cases WHERE id = $PID")" "and the case still has no owner"

# Accepting, as a visitor new to the site would: a fresh browser, the form's
# own CSRF token, nothing else.
F="$T/fresh.jar"
rm -f "$F"
http GET "$LINK" "$F"
ftok=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$BODY" | head -1 | sed 's/.*value="\([0-9a-f]*\)"/\1/')
check "the invitation page gives a fresh browser a CSRF token of its own" test "${#ftok}" -eq 64
http POST /invitation "$F" --data-urlencode "csrf=$ftok" --data-urlencode "token=$TOKEN" --data-urlencode "username=ines" \
    --data-urlencode "display_name=Ines Inbjuden" --data-urlencode "password=Ett långt lösenord 2026" \
    --data-urlencode "confirm=Ett långt lösenord 2026"
A=$F
expect_status 303 "the applicant creates an account from the invitation"
expect_match "^/cases/$PID" "$(hdr Location | tr -d '\r')" "…and is taken to the case"
uid=$(q "SELECT id FROM users WHERE username = 'ines'")
expect_eq "ines.inbjuden@universitet.example|applicant" \
    "$(q "SELECT u.email, r.role FROM users u JOIN role_assignment r ON r.user_id = u.id WHERE u.id = $uid")" \
    "the account has the invited address and the applicant role"
expect_eq "$uid" "$(q "SELECT owner_user_id FROM cases WHERE id = $PID")" "the case is theirs"
http GET "/cases/$PID" "$A"
expect_status 200 "signed in, they open their case"
expect_body_has "Brev om astma hos barn" "…and see it"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'case.invitation_accept' AND object_id = '$PID'")" \
    "the acceptance is in the audit log"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login' AND detail = 'via invitation' AND actor = 'ines'")" \
    "…and so is the sign-in it made"
check "the audit chain holds" cli audit verify --db "$SRV_URL"
expect_eq 0 "$RC" "datalots audit verify"

# Once only.
A2="$T/anon2.jar"
http GET "$LINK" "$A2"
expect_status 410 "the link cannot be used twice"
expect_body_has "redan använd" "…saying so"
post /invitation "$A2" "token=$TOKEN" "username=ines2" "display_name=Ines" \
    "password=Ett långt lösenord 2026" "confirm=Ett långt lösenord 2026"
expect_status 410 "…nor posted twice"
expect_eq 0 "$(q "SELECT COUNT(*) FROM users WHERE username = 'ines2'")" "no second account"

# Expired.
register "Brev om KOL" "kol.forskare@universitet.example"
LINK2=$(link_of "$PID")
q "UPDATE case_invitation SET expires_at = 1 WHERE case_id = $PID" >/dev/null
http GET "$LINK2" "$T/anon3.jar"
expect_status 410 "an expired invitation is refused"
expect_body_has "gått ut" "…with what to do"

# Staff do not take requests into their own accounts.
register "Brev om hjärtsvikt" "hjarta.forskare@universitet.example"
LINKS=$(link_of "$PID")
login samordnare
http GET "$LINKS" "$(jar samordnare)"
post /invitation "$(jar samordnare)" "token=${LINKS#*t=}"
expect_status 403 "a coordinator cannot take an invited request into their account"
expect_eq "ingen" "$(q "SELECT CASE WHEN owner_user_id IS NULL THEN 'ingen' ELSE 'satt' END FROM cases WHERE id = $PID")" \
    "…the case still has no owner"

# Someone signed in takes the case into their own account.
register "Brev om diabetes" "forskare.tva@universitet.example"
LINK3=$(link_of "$PID")
login sokande
SJ=$(jar sokande)
http GET "$LINK3" "$SJ"
expect_status 200 "a signed-in applicant opens an invitation"
expect_body_has "Koppla ärendet till mitt konto" "…and is offered to take the case into their account"
post /invitation "$SJ" "token=${LINK3#*t=}"
expect_status 303 "they take it"
expect_eq "$(q "SELECT id FROM users WHERE username = 'sokande'")" "$(q "SELECT owner_user_id FROM cases WHERE id = $PID")" \
    "the case now belongs to their account"

# A request from an address that has an account gets no invitation.
register "Brev från känd sökande" "SOKANDE@regionhalsan.example"
expect_eq "0|1" "$(q "SELECT (SELECT COUNT(*) FROM outbox WHERE case_id = $PID AND kind = 'case.invitation'), (SELECT COUNT(*) FROM outbox WHERE case_id = $PID AND kind = 'case.received')")" \
    "an applicant with an account gets the plain acknowledgement, no invitation"

finish
