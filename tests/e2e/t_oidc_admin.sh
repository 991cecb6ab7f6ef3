#!/usr/bin/env bash
# t_oidc_admin.sh — an admin undoing what OpenID Connect sign-in set up
# (issue 17; store/oidc_admin.c, cli/cmd_oidc.c, handlers/admin_users.c), and
# invitations under the password policy (handlers/invitation.c,
# handlers/case_members.c), against the real provider on loopback
# (tests/browser/oidc_provider.mjs, npm's oidc-provider), driven by curl;
# on SQLite and PostgreSQL. `datalots oidc unlink` and the admin page's
# "Ta bort kopplingen" clear the link, take the mapped grants away and end
# the sessions the provider signed in; the next sign-in links or creates
# anew as the provider is set. `datalots oidc unmap` removes a map and its
# grants at once while a grant a person gave of the same role stays. A
# missing CSRF token, a non-admin, an account with nothing linked, one's
# own account, hostile CLI input: refused, nothing written. With
# `oidc passwords --for staff` (or nobody) neither invitation makes a
# password account — refused with a sentence, no account made — and the
# way it points to (the provider's button, back to the invitation) works;
# with everyone the invitation works as before. Values are read back with
# sqlite3/psql and sha256sum.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/oidc_lib.sh"

DLP=$(free_port)
PUB=http://127.0.0.1:$DLP
SECRET=Klienthemlighet-$RANDOM$RANDOM-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '%s\n' "$SECRET" >"$T/client.secret"
chmod 600 "$T/client.secret"
ACC=$T/accounts.json
cat >"$ACC" <<JSON
{
  "anna": {"sub": "anna-0001", "name": "Anna Andersson", "email": "anna.andersson@regionhalsan.example",
           "email_verified": true, "groups": ["dl-coordinators", "staff"]},
  "ivar": {"sub": "ivar-0009", "name": "Ivar Isaksson", "email": "ivar@example.org", "email_verified": true},
  "fia":  {"sub": "fia-0006", "name": "Fia Fors", "email": "fia@example.org", "email_verified": true}
}
JSON

start_server --listen "127.0.0.1:$DLP" --public-url "$PUB" || finish
oidc_provider_start "$ACC" \
    "id=datalots,secret-file=$T/client.secret,redirect=$PUB/login/oidc/callback,logout=$PUB/,alg=RS256" || finish
ok "the OpenID provider listens at $OP"

add_region() { # add_region [more oidc add options] — the provider, (re)configured
    cli oidc add --db "$SRV_URL" --name region --issuer "$OP" --client-id datalots \
        --client-secret-file "$T/client.secret" --label "Logga in med Regionhälsans inloggning" "$@"
}
add_region --link-claim email --link-to email --create-accounts 1
expect_eq 0 "$RC" "oidc add region (links by verified e-mail, creates accounts): exit 0${ERR:+; $ERR}"
PROV=$(q "SELECT id FROM oidc_provider WHERE name = 'region'")
RH=$(q "SELECT id FROM org_node WHERE code = 'RH'")
cli oidc map --db "$SRV_URL" --name region --claim groups --value dl-coordinators --role coordinator --org RH
expect_eq 0 "$RC" "oidc map groups=dl-coordinators → coordinator @ RH${ERR:+; $ERR}"

who() { grep -o '<span class="who">[^<]*</span>' "$BODY" | sed 's/<[^>]*>//g'; }
grants_of() { # grants_of USERNAME — "role@code/source" lines, sorted
    q "SELECT r.role || '@' || COALESCE(o.code, '') || '/' || r.source FROM role_assignment r JOIN users u ON u.id = r.user_id
       LEFT JOIN org_node o ON o.id = r.node_id WHERE u.username = '$1' ORDER BY r.role, r.source" | tr '\n' ' ' | sed 's/ $//'
}
link_of() { q "SELECT COALESCE(external_issuer, '') || '|' || COALESCE(external_subject, '') FROM users WHERE username = '$1'"; }
audits() { q "SELECT COUNT(*) FROM audit_log WHERE action = '$1'"; }

# An account with anna's address, made by a person; her first sign-in links it.
DATALOTS_PASSWORD='Ett eget långt lösenord 2026' cli user add anna --name "Anna Andersson" \
    --email anna.andersson@regionhalsan.example --db "$SRV_URL"
expect_eq 0 "$RC" "user add anna${ERR:+; $ERR}"
AID=$(q "SELECT id FROM users WHERE username = 'anna'")
expect_eq "coordinator@RH/" "$(grants_of samordnare)" "samordnare holds coordinator @ RH, given by a person"
JA=$T/jar.anna
signin() { # signin JAR LOGIN DESC — a sign-in through region in a fresh browser
    rm -f "$1"
    oidc_flow "$1" "$2" /login/oidc/region || not_ok "$3 reaches the callback" "$OIDC_STEP"
}
signin "$JA" anna "anna's sign-in"
expect_status 30[23] "anna signs in through region"
http GET / "$JA"
expect_eq "Anna Andersson" "$(who)" "…as the account anna"
expect_eq "$OP|anna-0001" "$(link_of anna)" "anna's account is linked to (issuer, sub)"
expect_eq "coordinator@RH/oidc:$PROV" "$(grants_of anna)" "her claim gives coordinator @ RH (source oidc:$PROV)"
http GET /samrad "$JA"
expect_status 200 "anna (coordinator by her claim) opens /samrad"

# --- datalots oidc unlink ------------------------------------------------------------
n_unlink=$(audits auth.oidc.unlink)
before=$(q "SELECT (SELECT COUNT(*) FROM users WHERE external_subject IS NOT NULL) || '/' || (SELECT COUNT(*) FROM role_assignment) || '/' || (SELECT COUNT(*) FROM audit_log)")
bad_unlink() { # bad_unlink DESC ERE ARGS…
    local desc=$1 want=$2
    shift 2
    cli oidc unlink --db "$SRV_URL" "$@"
    if [ "$RC" -ne 0 ] && printf '%s' "$ERR" | grep -Eiq -- "$want"; then ok "oidc unlink refuses $desc"
    else not_ok "oidc unlink refuses $desc" "exit $RC, stderr [$ERR], wanted /$want/"; fi
}
bad_unlink "no --user" 'required' 
bad_unlink "an unknown user" 'no account.*nobody-here' --user nobody-here
bad_unlink "an account with nothing linked" 'registrator has no identity linked' --user registrator
bad_unlink "a user name with a control character" 'control' --user "$(printf 'an\tna')"
bad_unlink "a user name of 5,000 characters" 'username' --user "$(printf 'u%.0s' $(seq 5000))"
bad_unlink "a user name that is SQL" 'no account' --user "anna' OR '1'='1"
bad_unlink "an unknown option" 'unknown' --user anna --force 1
bad_unlink "a value missing" 'needs a value' --user
expect_eq "$before" "$(q "SELECT (SELECT COUNT(*) FROM users WHERE external_subject IS NOT NULL) || '/' || (SELECT COUNT(*) FROM role_assignment) || '/' || (SELECT COUNT(*) FROM audit_log)")" \
    "no refused unlink changed a link, a grant or the audit log"
expect_eq "$OP|anna-0001" "$(link_of anna)" "…anna is still linked"

cli oidc unlink --db "$SRV_URL" --user anna
expect_eq 0 "$RC" "oidc unlink --user anna: exit 0${ERR:+; $ERR}"
expect_match "unlinked from $OP \\(subject anna-0001\\); 1 mapped grant taken away, 1 session ended" "$OUT" "…saying what it did"
expect_eq "|" "$(link_of anna)" "anna's account has no identity linked"
expect_eq "" "$(grants_of anna)" "…and the mapped grant is gone"
expect_eq "coordinator@RH/" "$(grants_of samordnare)" "samordnare's grant of the same role, given by a person, stays"
expect_eq $((n_unlink + 1)) "$(audits auth.oidc.unlink)" "audited auth.oidc.unlink"
expect_match "issuer $OP, subject anna-0001" \
    "$(q "SELECT detail FROM audit_log WHERE action = 'auth.oidc.unlink' AND object_id = '$AID' ORDER BY seq DESC LIMIT 1")" \
    "…with the old issuer and subject in the detail"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'role.revoke' AND object_id = '$AID' AND detail LIKE 'coordinator%unlinked%'")" \
    "…and a role.revoke for the mapped grant"
http GET / "$JA"
expect_eq "" "$(who)" "the session the provider signed in has ended"
check "the audit chain holds" cli audit verify --db "$SRV_URL"
expect_eq 0 "$RC" "datalots audit verify"

# The next sign-in links anew, by the verified e-mail, as the provider is set.
n_link=$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.oidc.link' AND object_id = '$AID'")
signin "$JA" anna "anna's next sign-in"
expect_status 30[23] "anna signs in again"
http GET / "$JA"
expect_eq "Anna Andersson" "$(who)" "…to the same account"
expect_eq "$OP|anna-0001" "$(link_of anna)" "…linked anew (by the e-mail claim)"
expect_eq $((n_link + 1)) "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.oidc.link' AND object_id = '$AID'")" "…audited auth.oidc.link"
expect_eq "coordinator@RH/oidc:$PROV" "$(grants_of anna)" "…and her claim gives coordinator @ RH again"

# --- datalots oidc unmap -------------------------------------------------------------------
maps_before=$(q "SELECT COUNT(*) FROM oidc_role_map")
bad_unmap() { # bad_unmap DESC ERE ARGS…
    local desc=$1 want=$2
    shift 2
    cli oidc unmap --db "$SRV_URL" "$@"
    if [ "$RC" -ne 0 ] && printf '%s' "$ERR" | grep -Eiq -- "$want"; then ok "oidc unmap refuses $desc"
    else not_ok "oidc unmap refuses $desc" "exit $RC, stderr [$ERR], wanted /$want/"; fi
}
m=(--claim groups --value dl-coordinators --role coordinator)
bad_unmap "an unknown provider" 'no provider' --name nope "${m[@]}" --org RH
bad_unmap "a map that does not exist (other value)" 'no map of groups = dl-other' --name region --claim groups --value dl-other --role coordinator --org RH
bad_unmap "a map that does not exist (installation, not RH)" 'no map' --name region "${m[@]}"
bad_unmap "an unknown role" 'role' --name region --claim groups --value dl-coordinators --role kung --org RH
bad_unmap "an unknown organisation" 'XX-NOPE' --name region "${m[@]}" --org XX-NOPE
bad_unmap "a claim with markup" 'claim' --name region --claim '<x>' --value dl-coordinators --role coordinator --org RH
bad_unmap "a value of 5,000 characters" 'value' --name region --claim groups --value "$(printf 'v%.0s' $(seq 5000))" --role coordinator --org RH
bad_unmap "a value that is SQL" 'no map' --name region --claim groups --value "x' OR '1'='1" --role coordinator --org RH
bad_unmap "an organisation code of 5,000 characters" 'org' --name region "${m[@]}" --org "$(printf 'o%.0s' $(seq 5000))"
bad_unmap "--role missing" 'required' --name region --claim groups --value dl-coordinators
expect_eq "$maps_before" "$(q "SELECT COUNT(*) FROM oidc_role_map")" "no refused unmap removed a map"
expect_eq "coordinator@RH/oidc:$PROV" "$(grants_of anna)" "…nor a grant"

n_remove=$(audits oidc.role_map.remove)
cli oidc unmap --db "$SRV_URL" --name region "${m[@]}" --org RH
expect_eq 0 "$RC" "oidc unmap groups=dl-coordinators → coordinator @ RH: exit 0${ERR:+; $ERR}"
expect_match "no longer gives coordinator at RH; 1 grant taken away" "$OUT" "…saying what it did"
expect_eq $((maps_before - 1)) "$(q "SELECT COUNT(*) FROM oidc_role_map")" "the map is gone"
expect_eq "" "$(grants_of anna)" "anna's mapped grant is gone at once"
expect_eq "coordinator@RH/" "$(grants_of samordnare)" "samordnare's coordinator @ RH, given by a person, stays"
expect_eq $((n_remove + 1)) "$(audits oidc.role_map.remove)" "audited oidc.role_map.remove"
http GET /samrad "$JA"
expect_status 40[34] "anna's session, still open, no longer opens /samrad"
http GET / "$JA"
expect_eq "Anna Andersson" "$(who)" "…though she is still signed in"
cli oidc list --db "$SRV_URL"
expect_no_match "dl-coordinators" "$OUT" "oidc list shows the map no more"
signin "$T/jar.anna3" anna "anna's sign-in after unmap"
expect_eq "" "$(grants_of anna)" "her next sign-in gives no role from the claim"
cli oidc unmap --db "$SRV_URL" --name region "${m[@]}" --org RH
expect_ne 0 "$RC" "unmapping it again: refused"
expect_match "no map of groups = dl-coordinators to coordinator at RH" "$ERR" "…with a sentence"
# Put the map back: anna's next sign-in holds the role again (for the pages below).
cli oidc map --db "$SRV_URL" --name region "${m[@]}" --org RH
signin "$JA" anna "anna's sign-in after map"
expect_eq "coordinator@RH/oidc:$PROV" "$(grants_of anna)" "mapped again, her next sign-in gives the role back"

# --- the admin's page ---------------------------------------------------------------------
login admin
AJ=$(jar admin)
http GET "/admin/users/$AID" "$AJ"
expect_status 200 "the admin opens anna's page"
expect_body_has "action=\"/admin/users/$AID/oidc/unlink\"" "…it has the unlink form"
expect_body_has 'Ta bort kopplingen' "…with the button 'Ta bort kopplingen'"
http POST "/admin/users/$AID/oidc/unlink" "$AJ"
expect_status 403 "POST …/oidc/unlink without a CSRF token: 403"
http POST "/admin/users/$AID/oidc/unlink" "$AJ" --data-urlencode csrf=0000
expect_status 403 "…with a wrong CSRF token: 403"
expect_eq "$OP|anna-0001" "$(link_of anna)" "…anna is still linked"
login samordnare
post "/admin/users/$AID/oidc/unlink" "$(jar samordnare)"
expect_status 40[34] "a coordinator (no admin) posting the unlink with her own CSRF token: refused ($STATUS)"
http POST "/admin/users/$AID/oidc/unlink" - --data-urlencode csrf=0000
expect_status 30[23]\|40[0-9] "signed out: not unlinked ($STATUS)"
expect_eq "$OP|anna-0001" "$(link_of anna)" "…anna is still linked"
post "/admin/users/99999999/oidc/unlink" "$AJ"
expect_status 404 "the unlink of an account nobody has: 404"
ADMIN_ID=$(q "SELECT id FROM users WHERE username = 'admin'")
q "UPDATE users SET external_issuer = 'https://idp.self.example', external_subject = 'admin-self' WHERE id = $ADMIN_ID" >/dev/null
post "/admin/users/$ADMIN_ID/oidc/unlink" "$AJ"
expect_status 409 "an admin unlinking her own account: 409"
expect_body_has 'ditt eget konto' "…saying to ask another admin"
expect_eq "https://idp.self.example|admin-self" "$(link_of admin)" "…her link stays"
q "UPDATE users SET external_issuer = NULL, external_subject = NULL WHERE id = $ADMIN_ID" >/dev/null

n_unlink=$(audits auth.oidc.unlink)
post "/admin/users/$AID/oidc/unlink" "$AJ"
expect_status 303 "the admin removes anna's link: 303"
expect_header Location "^/admin/users/$AID\\?unlinked=1" "…back to her page with a notice"
expect_eq "|" "$(link_of anna)" "anna's account has no identity linked"
expect_eq "" "$(grants_of anna)" "…nor the mapped grant"
expect_eq "coordinator@RH/" "$(grants_of samordnare)" "samordnare's person-given grant stays"
expect_eq $((n_unlink + 1)) "$(audits auth.oidc.unlink)" "audited auth.oidc.unlink"
expect_eq "admin" "$(q "SELECT actor FROM audit_log WHERE action = 'auth.oidc.unlink' ORDER BY seq DESC LIMIT 1")" "…by the admin"
http GET "/admin/users/$AID?unlinked=1" "$AJ"
expect_body_has 'Kopplingen till inloggningen via organisationen är borttagen' "the page says the link is removed"
expect_body_has 'Ingen kopplad' "…and shows none linked"
expect_body_lacks "oidc/unlink" "…and no unlink button any more"
http GET "/admin/users/$AID?unlinked=1" "$AJ" -H 'Accept-Language: en'
expect_body_has 'The link to sign-in through the organisation is removed' "…in English too"
post "/admin/users/$AID/oidc/unlink" "$AJ"
expect_status 409 "unlinking again, nothing linked: 409"
expect_body_has 'inget att ta bort' "…with a sentence"
expect_eq $((n_unlink + 1)) "$(audits auth.oidc.unlink)" "…not audited as an unlink"

# The next sign-in through a provider that only creates accounts: a new one.
add_region --create-accounts 1
expect_eq 0 "$RC" "oidc add region again, without the link claim${ERR:+; $ERR}"
n_users=$(q "SELECT COUNT(*) FROM users")
JA2=$T/jar.anna2
signin "$JA2" anna "anna's sign-in after the page's unlink"
expect_status 30[23] "anna signs in through region"
anna_new=region-$(printf '%s' anna-0001 | sha256sum | cut -c1-12)
expect_eq $((n_users + 1)) "$(q "SELECT COUNT(*) FROM users")" "…a new account is made"
expect_eq "$OP|anna-0001" "$(link_of "$anna_new")" "…named $anna_new and linked to her identity"
expect_eq "|" "$(link_of anna)" "…the old account stays unlinked"

# --- invitations under the password policy -------------------------------------------------
add_region --link-claim email --link-to email --create-accounts 1
login registrator
RJ=$(jar registrator)
register() { # register TITLE EMAIL — prints the invitation path of the new case
    post /cases/register "$RJ" "org=$RH" "counterpart=Pappersbrev från $1" "applicant_name=Ines Inbjuden" \
        "applicant_email=$2" "title=$1"
    local id
    id=$(hdr Location | sed 's/.*\///' | tr -d '\r')
    q "SELECT body_text FROM outbox WHERE case_id = $id AND kind = 'case.invitation'" | grep -o '/invitation?t=[0-9a-f]*' | head -1
}
LINK1=$(register "Brev om astma" ivar@example.org)
LINK2=$(register "Brev om KOL" kol@example.org)
LINK3=$(register "Brev om diabetes" dia@example.org)
check "three invitation links" test -n "$LINK1" -a -n "$LINK2" -a -n "$LINK3"
case_of() { q "SELECT case_id FROM case_invitation WHERE token_hash = '$(printf '%s' "${1#*t=}" | sha256sum | cut -c1-64)'"; }
C1=$(case_of "$LINK1")
# A project member's invitation, from an applicant's case (made while passwords work).
SOK=$(q "SELECT id FROM users WHERE username = 'sokande'")
q "INSERT INTO cases(org_id, target_node_id, owner_user_id, state, process, created_at, updated_at, diary_number,
   applicant_email, applicant_name, title) VALUES ($RH, $RH, $SOK, 'extracting', 2, '2026-01-01T00:00:00Z',
   '2026-01-01T00:00:00Z', 'RH 2026-07171', 'sara@universitet.example', 'Sara Forskare', 'Hjärtsvikt')" >/dev/null
CM=$(q "SELECT id FROM cases WHERE diary_number = 'RH 2026-07171'")
login sokande
post "/cases/$CM/members" "$(jar sokande)" "email=fia@example.org"
expect_status 303 "the applicant invites fia as a project member"
MLINK=$(q "SELECT body_text FROM outbox WHERE kind = 'case.member_invite' AND to_addr = 'fia@example.org' ORDER BY id DESC LIMIT 1" |
    grep -o '/medlem?t=[0-9a-f]*' | head -1)
check "the member invitation has a link" test -n "$MLINK"

cli oidc passwords --db "$SRV_URL" --for staff
expect_eq 0 "$RC" "oidc passwords --for staff (applicants must use a provider)${ERR:+; $ERR}"
counts() { q "SELECT (SELECT COUNT(*) FROM users) || '/' || (SELECT COUNT(*) FROM role_assignment) || '/' || (SELECT COUNT(*) FROM sessions) || '/' || (SELECT COUNT(*) FROM case_invitation WHERE accepted_at IS NOT NULL) || '/' || (SELECT COUNT(*) FROM case_member WHERE user_id IS NOT NULL)"; }
n0=$(counts)
V=$T/jar.visitor
rm -f "$V"
http GET "$LINK1" "$V"
expect_status 200 "policy staff: the invitation page opens"
expect_body_lacks 'name="password"' "…without a form for a password account"
expect_body_has "href=\"/login?next=%2Finvitation%3Ft%3D${LINK1#*t=}\"" "…with a link to sign in that comes back to the invitation"
expect_body_has 'inte med lösenord' "…saying applicants do not use passwords"
vtok=$(csrf_of /login "$V") # the page has no form now; the browser's token is the same on every page
check "the visitor has a CSRF token" test "${#vtok}" -eq 64
http POST /invitation "$V" --data-urlencode "csrf=$vtok" --data-urlencode "token=${LINK1#*t=}" \
    --data-urlencode "username=ivar" --data-urlencode "display_name=Ivar Isaksson" \
    --data-urlencode "password=Ett långt lösenord 2026" --data-urlencode "confirm=Ett långt lösenord 2026"
expect_status 403 "policy staff: a password account from the case invitation is refused (403)"
expect_body_has 'Här skapas inga konton med lösenord' "…with the sentence"
expect_body_has 'Logga in den vägen först' "…saying to sign in through the provider first"
expect_body_has "href=\"/login?next=%2Finvitation%3Ft%3D${LINK1#*t=}\"" "…with the way back to the invitation"
expect_eq 0 "$(q "SELECT COUNT(*) FROM users WHERE username = 'ivar'")" "…no account ivar"
expect_eq "$n0" "$(counts)" "…no account, grant, session, acceptance or membership made"
http POST /invitation "$V" --data-urlencode "token=${LINK1#*t=}" --data-urlencode "username=ivar" \
    --data-urlencode "display_name=Ivar" --data-urlencode "password=Ett långt lösenord 2026" --data-urlencode "confirm=Ett långt lösenord 2026"
expect_status 403 "…and without a CSRF token: 403"
http GET "$MLINK" "$V"
expect_status 200 "policy staff: the member invitation page opens"
expect_body_lacks 'name="password"' "…without a form for a password account"
expect_body_has "href=\"/login?next=%2Fmedlem%3Ft%3D${MLINK#*t=}\"" "…with a link to sign in that comes back"
http POST /medlem "$V" --data-urlencode "csrf=$vtok" --data-urlencode "token=${MLINK#*t=}" \
    --data-urlencode "username=fia" --data-urlencode "display_name=Fia Fors" \
    --data-urlencode "password=Ett långt lösenord 2026" --data-urlencode "confirm=Ett långt lösenord 2026"
expect_status 403 "policy staff: a password account from the member invitation is refused (403)"
expect_body_has 'Här skapas inga konton med lösenord' "…with the sentence"
expect_eq "$n0" "$(counts)" "…nothing made"
cli oidc passwords --db "$SRV_URL" --for nobody
http POST /invitation "$V" --data-urlencode "csrf=$vtok" --data-urlencode "token=${LINK2#*t=}" \
    --data-urlencode "username=kol" --data-urlencode "display_name=Kol Forskare" \
    --data-urlencode "password=Ett långt lösenord 2026" --data-urlencode "confirm=Ett långt lösenord 2026"
expect_status 403 "policy nobody: refused too"
expect_eq "$n0" "$(counts)" "…nothing made"
cli oidc passwords --db "$SRV_URL" --for applicants
http GET "$LINK2" "$V"
expect_body_has 'name="password"' "policy applicants (applicants keep passwords): the form is offered"
cli oidc passwords --db "$SRV_URL" --for staff

# The way the sentence points to: the provider's button, back to the invitation, signed in.
IV=$T/jar.ivar
rm -f "$IV"
http GET "/login?next=/invitation?t=${LINK1#*t=}" "$IV"
start=$(grep -o 'href="/login/oidc/region[^"]*"' "$BODY" | head -1 | sed 's/^href="//; s/"$//; s/&amp;/\&/g')
expect_eq "/login/oidc/region?next=%2Finvitation%3Ft%3D${LINK1#*t=}" "$start" "/login's button keeps the invitation as next"
oidc_flow "$IV" ivar "$start" || not_ok "ivar's sign-in reaches the callback" "$OIDC_STEP"
expect_status 30[23] "ivar signs in through the provider (an account is made)"
expect_header Location "^/invitation\\?t=${LINK1#*t=}\$" "…and comes back to the invitation"
ivar_user=region-$(printf '%s' ivar-0009 | sha256sum | cut -c1-12)
IVID=$(q "SELECT id FROM users WHERE username = '$ivar_user'")
http GET "$LINK1" "$IV"
expect_body_has 'Koppla ärendet till mitt konto' "signed in, the invitation offers to take the case in"
post /invitation "$IV" "token=${LINK1#*t=}"
expect_status 303 "ivar takes the case into the account the provider made"
expect_eq "$IVID" "$(q "SELECT owner_user_id FROM cases WHERE id = $C1")" "…the case is his"
expect_eq "" "$(q "SELECT password_hash FROM users WHERE id = $IVID")" "…an account without a password"
FJ=$T/jar.fia
rm -f "$FJ"
http GET "/login?next=/medlem?t=${MLINK#*t=}" "$FJ"
start=$(grep -o 'href="/login/oidc/region[^"]*"' "$BODY" | head -1 | sed 's/^href="//; s/"$//; s/&amp;/\&/g')
oidc_flow "$FJ" fia "$start" || not_ok "fia's sign-in reaches the callback" "$OIDC_STEP"
expect_header Location "^/medlem\\?t=${MLINK#*t=}\$" "fia signs in through the provider and comes back to the member invitation"
post /medlem "$FJ" "token=${MLINK#*t=}"
expect_status 303 "fia joins the project with the account the provider made (its verified e-mail is the invited one)"
expect_eq "fia@example.org" "$(q "SELECT u.email FROM case_member m JOIN users u ON u.id = m.user_id WHERE m.case_id = $CM")" \
    "…the member is her account"

# With everyone: as before.
cli oidc passwords --db "$SRV_URL" --for everyone
E=$T/jar.everyone
rm -f "$E"
http GET "$LINK3" "$E"
expect_body_has 'name="password"' "policy everyone: the form is offered"
etok=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$BODY" | head -1 | sed 's/.*value="\([0-9a-f]*\)"/\1/')
http POST /invitation "$E" --data-urlencode "csrf=$etok" --data-urlencode "token=${LINK3#*t=}" \
    --data-urlencode "username=dia" --data-urlencode "display_name=Dia Forskare" \
    --data-urlencode "password=Ett långt lösenord 2026" --data-urlencode "confirm=Ett långt lösenord 2026"
expect_status 303 "policy everyone: a password account from the invitation is made, as before"
expect_eq "applicant" "$(q "SELECT r.role FROM role_assignment r JOIN users u ON u.id = r.user_id WHERE u.username = 'dia'")" \
    "…with the applicant role"
http GET / "$E"
expect_eq "Dia Forskare" "$(who)" "…and signed in"

check "the audit chain holds at the end" cli audit verify --db "$SRV_URL"
expect_eq 0 "$RC" "datalots audit verify"
finish
