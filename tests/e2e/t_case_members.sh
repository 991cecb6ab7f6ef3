#!/usr/bin/env bash
# t_case_members.sh — project members of a release case over HTTP (issue 14
# item 5; store/case_members.c, handlers/case_members.c, store/delivery.c):
# the applicant invites co-researchers by e-mail (a token link, only its
# SHA-256 stored); one creates an account from the link, one who has an
# account signs in and joins; each sees the case and must accept the terms
# of use (the version accepted is recorded) before anything is delivered;
# the delivery goes to the applicant and to members who accepted, not to the
# others, and the page says so; leaving and removal are audited and
# registered. Accepting for someone else — another invitation's token from
# another account, a member id not one's own — is refused with a sentence;
# so are a stale terms version, bad addresses, duplicates, the wrong role, a
# missing CSRF token, malformed and unknown tokens, hostile input.
. "$(dirname "$0")/lib.sh"

start_server || finish
PUB=https://data.region.example

org=$(q "SELECT id FROM org_node WHERE code = 'RH'")
sara=$(q "SELECT id FROM users WHERE username = 'sokande'")
q "INSERT INTO cases(org_id, target_node_id, owner_user_id, state, process, created_at, updated_at, diary_number,
   applicant_email, applicant_name, title) VALUES ($org, $org, $sara, 'extracting', 2, '2026-01-01T00:00:00Z',
   '2026-01-01T00:00:00Z', 'RH 2026-07070', 'sara@universitet.example', 'Sara Forskare', 'Hjärtsvikt i Västra')" >/dev/null
C=$(q "SELECT id FROM cases WHERE diary_number = 'RH 2026-07070'")
login sokande
SJ=$(jar sokande)
link_to() { # link_to ADDRESS — the /medlem link in the newest invitation mail to ADDRESS
    q "SELECT body_text FROM outbox WHERE kind = 'case.member_invite' AND to_addr = '$1' ORDER BY id DESC LIMIT 1" |
        grep -o '/medlem?t=[0-9a-f]*' | head -1
}

# --- inviting -----------------------------------------------------------------------
http GET "/cases/$C" "$SJ"
expect_body_has 'id="medlemmar"' "the owner's case page has the members section"
expect_body_has "levereras bara till projektmedlemmar som har godkänt" "…saying who gets the delivery"
post "/cases/$C/members" "$SJ" "email=maja.medforskare@uni.example"
expect_status 303 "the applicant invites a co-researcher"
expect_eq 1 "$(q "SELECT COUNT(*) FROM outbox WHERE case_id = $C AND kind = 'case.member_invite' AND to_addr = 'maja.medforskare@uni.example'")" \
    "an invitation mail is queued"
MLINK=$(link_to maja.medforskare@uni.example)
MTOK=${MLINK#*t=}
check "the mail has a link with a 64-digit token" test "${#MTOK}" -eq 64
expect_eq 0 "$(q "SELECT COUNT(*) FROM case_member WHERE token_hash = '$MTOK'")" "the token itself is not stored"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'case.member_invite' AND object_id = '$C'")" "audited"

DATALOTS_PASSWORD='Ett långt lösenord för N 2026' cli user add nils --name "Nils Nilsson" --email nils@uni.example \
    --role applicant --db "$SQLDB"
DATALOTS_PASSWORD='Ett långt lösenord för O 2026' cli user add olle --name "Olle Obehörig" --email olle@uni.example \
    --role applicant --db "$SQLDB"
post "/cases/$C/members" "$SJ" "email=nils@uni.example"
expect_status 303 "a second co-researcher, who has an account, is invited"
NLINK=$(link_to nils@uni.example)
NTOK=${NLINK#*t=}

n0=$(q "SELECT COUNT(*) FROM case_member")
post "/cases/$C/members" "$SJ" "email=inte en adress"
expect_status 422 "a malformed address is refused"
post "/cases/$C/members" "$SJ" "email=<script>@x.example"
expect_status 422 "a hostile address is refused"
expect_body_lacks "<script>@" "…and not echoed as markup"
post "/cases/$C/members" "$SJ" "email=$(head -c 300 /dev/zero | tr '\0' 'a')@uni.example"
expect_status 422 "an oversized address is refused"
post "/cases/$C/members" "$SJ" "email=MAJA.medforskare@uni.example"
expect_status 409 "inviting the same person twice is refused"
expect_body_has "redan inbjuden" "…with a sentence"
post "/cases/$C/members" "$SJ" "email=sokande@regionhalsan.example"
expect_status 409 "the applicant cannot invite themself"
http POST "/cases/$C/members" "$SJ" --data-urlencode "email=x@uni.example"
expect_status 403 "without the CSRF token the invitation is refused"
login samordnare
post "/cases/$C/members" "$(jar samordnare)" "email=y@uni.example"
expect_status 403 "the coordinator cannot invite members to the applicant's project"
expect_body_has "Bara sökanden" "…saying who can"
login olle 'Ett långt lösenord för O 2026'
OJ=$(jar olle)
post "/cases/$C/members" "$OJ" "email=z@uni.example"
expect_status 404 "an applicant who is not in the case does not see it"
expect_eq "$n0" "$(q "SELECT COUNT(*) FROM case_member")" "no invitation was made by any of these"

# --- the link -------------------------------------------------------------------------
http GET "/medlem?t=xyz" -
expect_status 400 "a malformed token is refused"
http GET "/medlem?t=$(printf '0%.0s' $(seq 64))" -
expect_status 404 "an unknown token is not found"
expect_body_has "Kontrollera länken" "…with a sentence"
A="$T/maja.jar"
rm -f "$A"
http GET "$MLINK" "$A"
expect_status 200 "the invitation page opens without an account"
expect_body_has "Hjärtsvikt i Västra" "…names the project"
expect_body_has "maja.medforskare@uni.example" "…and the invited address"
http GET "$MLINK" "$A" -H 'Accept-Language: en'
expect_body_has "Invitation to a research project" "…in English too"

# Olle, signed in, tries Nils's token: refused, nothing changes.
http GET "$NLINK" "$OJ"
expect_status 200 "Olle opens Nils's invitation"
tok=$(csrf_of "$NLINK" "$OJ")
http POST /medlem "$OJ" --data-urlencode "csrf=$tok" --data-urlencode "token=$NTOK"
expect_status 403 "Olle cannot accept the invitation meant for Nils"
expect_body_has "Inbjudan gäller en annan person" "…told plainly why"
expect_eq 0 "$(q "SELECT COUNT(*) FROM case_member WHERE user_id = (SELECT id FROM users WHERE username = 'olle')")" \
    "Olle is no member"

# Maja makes an account from the link.
tok=$(csrf_of "$MLINK" "$A")
http POST /medlem "$A" --data-urlencode "csrf=$tok" --data-urlencode "token=$MTOK" --data-urlencode "username=maja" \
    --data-urlencode "display_name=Maja Medforskare" --data-urlencode "password=kort" --data-urlencode "confirm=kort"
expect_status 422 "a password too short is refused"
http POST /medlem "$A" --data-urlencode "csrf=$tok" --data-urlencode "token=$MTOK" --data-urlencode "username=maja" \
    --data-urlencode "display_name=Maja Medforskare" --data-urlencode "password=Ett långt lösenord för M 2026" \
    --data-urlencode "confirm=Ett långt lösenord för M 2026"
expect_status 303 "Maja creates an account and joins"
expect_match "^/cases/$C" "$(hdr Location | tr -d '\r')" "…and is taken to the case"
maja=$(q "SELECT id FROM users WHERE username = 'maja'")
expect_eq "maja.medforskare@uni.example|applicant" \
    "$(q "SELECT u.email, r.role FROM users u JOIN role_assignment r ON r.user_id = u.id WHERE u.id = $maja")" \
    "the account has the invited address and the applicant role"
tok=$(csrf_of /org "$A")
http POST /medlem "$A" --data-urlencode "csrf=$tok" --data-urlencode "token=$MTOK"
expect_status 410 "the link works once"
http GET "/cases/$C" "$A"
expect_status 200 "the member sees the case"
expect_body_has "Användarvillkor" "…and the terms of use"
expect_body_has "identifiera" "…their text"
expect_body_lacks 'name="completion"' "a member does not write as the applicant"
expect_body_lacks 'action="/cases/'"$C"'/members"' "…nor invite others"
MID=$(q "SELECT id FROM case_member WHERE user_id = $maja")

# Nils signs in and joins with his own token.
login nils 'Ett långt lösenord för N 2026'
NJ=$(jar nils)
tok=$(csrf_of "$NLINK" "$NJ")
http POST /medlem "$NJ" --data-urlencode "csrf=$tok" --data-urlencode "token=$NTOK"
expect_status 303 "Nils, signed in with the invited address, joins"
NID=$(q "SELECT id FROM case_member WHERE user_id = (SELECT id FROM users WHERE username = 'nils')")

# --- the terms -----------------------------------------------------------------------------
post "/cases/$C/members/$NID/terms" "$A" "version=1"
expect_status 403 "Maja cannot accept the terms for Nils"
expect_body_has "Du kan bara godkänna villkoren för dig själv" "…with a sentence"
post "/cases/$C/members/$MID/terms" "$NJ" "version=1"
expect_status 403 "…nor Nils for Maja"
post "/cases/$C/members/$MID/terms" "$SJ" "version=1"
expect_status 403 "…nor the applicant for a member"
post "/cases/$C/members/$MID/terms" "$A" "version=2"
expect_status 409 "a terms version that is not the newest is refused"
post "/cases/$C/members/$MID/terms" "$A" "version=abc"
expect_status 422 "a malformed version is refused"
http POST "/cases/$C/members/$MID/terms" "$A" --data-urlencode "version=1"
expect_status 403 "without the CSRF token the acceptance is refused"
expect_eq "0|0" "$(q "SELECT MAX(terms_version), MAX(accepted_at) FROM case_member WHERE case_id = $C")" "nobody accepted yet"
post "/cases/$C/members/$MID/terms" "$A" "version=1"
expect_status 303 "Maja accepts the terms"
expect_eq 1 "$(q "SELECT terms_version FROM case_member WHERE id = $MID")" "the version accepted is recorded"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'case.member_terms' AND detail LIKE 'member $MID, terms version 1'")" \
    "…and audited"
post "/cases/$C/members/$MID/terms" "$A" "version=1"
expect_status 409 "accepting twice says it is done already"
http GET "/cases/$C" "$SJ"
expect_body_has "Medlem, har godkänt villkoren" "the owner sees who accepted"
expect_body_has "Medlem, har inte godkänt villkoren" "…and who has not"

# --- the delivery ---------------------------------------------------------------------------
FILE=$T/out/leverans.age
mkdir -p "$T/out"
head -c 20000 /dev/urandom >"$FILE"
cli delivery offer --db "$SQLDB" --public-url "$PUB" --case "$C" --file "$FILE" --as dataanalys --hours 48
expect_eq 0 "$RC" "Data och analys delivers ($ERR)"
expect_eq 2 "$(q "SELECT COUNT(*) FROM delivery WHERE case_id = $C")" "two offers: the applicant and the member who accepted"
expect_eq 1 "$(q "SELECT COUNT(*) FROM outbox WHERE case_id = $C AND kind = 'delivery.offer' AND to_addr = 'maja.medforskare@uni.example'")" \
    "the member who accepted gets a link"
expect_eq 0 "$(q "SELECT COUNT(*) FROM outbox WHERE case_id = $C AND kind = 'delivery.offer' AND to_addr = 'nils@uni.example'")" \
    "the member who has not accepted gets nothing"
expect_eq 1 "$(q "SELECT COUNT(*) FROM outbox WHERE case_id = $C AND kind = 'delivery.offer' AND to_addr = 'sara@universitet.example'")" \
    "the applicant gets theirs as before"
check "the member's copy is a file of its own" test -f "$FILE.m1"

# --- leaving and removal ------------------------------------------------------------------------
post "/cases/$C/members/$NID/end" "$A" ""
expect_status 403 "a member cannot remove another member"
expect_body_has "Bara medlemmen själv eller sökanden" "…with a sentence"
d0=$(q "SELECT COUNT(*) FROM diary_entry")
post "/cases/$C/members/$MID/end" "$A" ""
expect_status 303 "Maja leaves the project"
expect_eq "left" "$(q "SELECT ended_how FROM case_member WHERE id = $MID")" "recorded as left"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'case.member_leave' AND object_id = '$C'")" "audited"
expect_eq $((d0 + 1)) "$(q "SELECT COUNT(*) FROM diary_entry")" "registered in the diarium"
http GET "/cases/$C" "$A"
expect_status 404 "a member who left no longer sees the case"
post "/cases/$C/members/$NID/end" "$SJ" ""
expect_status 303 "the applicant removes Nils"
expect_eq "removed" "$(q "SELECT ended_how FROM case_member WHERE id = $NID")" "recorded as removed"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'case.member_remove' AND object_id = '$C'")" "audited"
post "/cases/$C/members/$NID/end" "$SJ" ""
expect_status 409 "removing twice is refused"
post "/cases/$C/members/999999/end" "$SJ" ""
expect_status 404 "no such member"
post "/cases/$C/members/$NID/terms" "$NJ" "version=1"
expect_status 404 "a removed member cannot accept the terms (nor see the case)"

# --- a new version of the terms (datalots terms) -------------------------------------------------
printf 'Nya villkor: uppgifterna får inte föras ut ur landet.\n' >"$T/terms_sv.txt"
printf 'New terms: the data may not leave the country.\n' >"$T/terms_en.txt"
: >"$T/empty.txt"
cli terms add --sv "$T/terms_sv.txt" --db "$SQLDB"
expect_eq 2 "$RC" "terms add without --en is a usage error"
cli terms add --sv "$T/empty.txt" --en "$T/terms_en.txt" --db "$SQLDB"
expect_eq 1 "$RC" "empty terms are refused"
expect_match "tomma" "$ERR" "…with a sentence"
cli terms add --sv "$T/terms_sv.txt" --en "$T/nonexistent.txt" --db "$SQLDB"
expect_eq 1 "$RC" "a missing file is refused"
cli terms add --sv "$T/terms_sv.txt" --en "$T/terms_en.txt" --db "$SQLDB"
expect_eq 0 "$RC" "a second version of the terms is added ($ERR)"
expect_match "terms version 2 added" "$OUT" "…and numbered"
cli terms list --db "$SQLDB"
expect_match "^2	.*Nya villkor" "$OUT" "terms list shows the newest first"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'terms.add'")" "audited"
post "/cases/$C/members" "$SJ" "email=ny.medlem@uni.example"
expect_status 409 "a delivered case takes no new members"
q "INSERT INTO cases(org_id, target_node_id, owner_user_id, state, process, created_at, updated_at, diary_number,
   applicant_email, applicant_name, title) VALUES ($org, $org, $sara, 'awaiting_decision', 2, '2026-01-01T00:00:00Z',
   '2026-01-01T00:00:00Z', 'RH 2026-07071', 'sara@universitet.example', 'Sara Forskare', 'Andra projektet')" >/dev/null
C=$(q "SELECT id FROM cases WHERE diary_number = 'RH 2026-07071'")
post "/cases/$C/members" "$SJ" "email=ny.medlem@uni.example"
expect_status 303 "a member is invited to an open case"
NEWLINK=$(link_to ny.medlem@uni.example)
NEWTOK=${NEWLINK#*t=}
Z="$T/ny.jar"
rm -f "$Z"
tok=$(csrf_of "$NEWLINK" "$Z")
http POST /medlem "$Z" --data-urlencode "csrf=$tok" --data-urlencode "token=$NEWTOK" --data-urlencode "username=nymedlem" \
    --data-urlencode "display_name=Ny Medlem" --data-urlencode "password=Ett långt lösenord för Z 2026" \
    --data-urlencode "confirm=Ett långt lösenord för Z 2026"
expect_status 303 "a new member joins"
http GET "/cases/$C" "$Z"
expect_body_has "Nya villkor" "…and is shown the newest terms"
ZID=$(q "SELECT id FROM case_member WHERE email = 'ny.medlem@uni.example'")
post "/cases/$C/members/$ZID/terms" "$Z" "version=1"
expect_status 409 "accepting the old version is refused"
expect_body_has "version 2 gäller nu" "…naming the version in force"
post "/cases/$C/members/$ZID/terms" "$Z" "version=2"
expect_status 303 "the newest version is accepted"
expect_eq 2 "$(q "SELECT terms_version FROM case_member WHERE id = $ZID")" "…and recorded"

check "the audit chain holds" cli audit verify --db "$SRV_URL"
expect_eq 0 "$RC" "datalots audit verify"
finish
