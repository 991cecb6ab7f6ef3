#!/usr/bin/env bash
# t_oidc.sh — sign-in through an OpenID Connect provider (issue 17) against a
# real, certified provider on loopback (npm's oidc-provider,
# tests/browser/oidc_provider.mjs, helpers in oidc_lib.sh), not a mock; the
# e2e suite runs it on SQLite and on PostgreSQL. `datalots oidc
# add/list/map/passwords` with hostile input; /login's buttons (Swedish and
# English labels, disabled providers); the authorization request (PKCE S256,
# state and nonce, the dl_oidc cookie); sign-in that creates an account or
# links one by a verified e-mail claim, a username claim or from
# /account/password; roles mapped from a claim that come and go with it;
# the password policy; sign-out through the provider's end-session endpoint
# (and CSP form-action naming the provider); and every bad answer — each bad
# ID token (wrong key, unknown or rolled kid, alg none, HS256 key confusion,
# expired, issued in the future, wrong audience, azp or issuer, no sub, no or
# another nonce, tampered, replayed), a missing, unknown, reused or foreign
# state, a provider that errs, is slow (10 s, then its circuit breaker) or
# is down, too many sign-ins from one address — refused with its status, a
# sentence in <p class="error" role="alert"> and an auth.oidc.refuse audit
# row, while password sign-in keeps working. Values are checked with tools
# other than datalots: sha256sum, python3 (the JWKS and the ID tokens),
# sqlite3/psql.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/oidc_lib.sh"

DLP=$(free_port)
PUB=http://127.0.0.1:$DLP
SECRET=Klienthemlighet-$RANDOM$RANDOM-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
SECRET2=Andra-klienten-$RANDOM$RANDOM-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '%s\n' "$SECRET" >"$T/client.secret"
printf '%s\n' "$SECRET2" >"$T/client2.secret"
chmod 600 "$T/client.secret" "$T/client2.secret"
export DL_TEST_OIDC_SECRET=$SECRET2 # the second provider's secret, read by serve from the environment
ACC=$T/accounts.json
write_accounts() { # write_accounts ANNA-GROUPS-JSON [BO-GROUPS-JSON]
    cat >"$ACC" <<JSON
{
  "anna":  {"sub": "248289761001", "name": "Anna Andersson", "email": "anna.andersson@regionhalsan.example",
            "email_verified": true, "groups": $1, "hsa_id": "SE2321000016-A001"},
  "bo":    {"sub": "bo-0002", "name": "Bo Berg", "email": "Registrator@RegionHalsan.example", "email_verified": true,
            "groups": ${2:-[]}},
  "cilla": {"sub": "cilla-0003", "name": "Cilla Carlsson", "email": "samordnare@regionhalsan.example", "email_verified": false},
  "dora":  {"sub": "dora-0004", "name": "<script>alert(1)</script> Dora", "email": "dora@example.org", "email_verified": true},
  "erik":  {"sub": "erik-0005", "name": "Erik Ek", "email": "erik@example.org", "email_verified": true},
  "fia":   {"sub": "fia-0006", "name": "Fia Fors", "email": "fia@example.org", "email_verified": true},
  "gun":   {"sub": "gun-0007", "name": "Gun Gran", "email": "gun@example.org", "email_verified": true},
  "hans":  {"sub": "hans-0008", "name": "Hans Holm", "email": "hans@example.org", "email_verified": true},
  "ivar":  {"sub": "ivar-0009", "name": "Ivar Isaksson", "email": "ivar@example.org", "email_verified": true},
  "jon":   {"sub": "jon-0010", "name": "Jon Jonsson", "preferred_username": "natverk"}
}
JSON
}
write_accounts '["dl-coordinators", "staff"]'

start_server --listen "127.0.0.1:$DLP" --public-url "$PUB" || finish
expect_eq "$DLP" "$PORT" "datalots listens on the port its --public-url names"
oidc_provider_start "$ACC" \
    "id=datalots,secret-file=$T/client.secret,redirect=$PUB/login/oidc/callback,logout=$PUB/,alg=RS256" \
    "id=datalots-es,secret-file=$T/client2.secret,redirect=$PUB/login/oidc/callback,logout=$PUB/,alg=ES256" || finish
ok "the OpenID provider listens at $OP"

# The provider's published keys, read with python: one RSA key of 2048 bits
# and one P-256 key, under the kids it printed.
jwks=$(curl -s --max-time 10 "$OP/jwks")
expect_eq "RS256 $OP_KID_RS256 2048|ES256 $OP_KID_ES256 P-256" "$(printf '%s' "$jwks" | python3 -c '
import base64, json, sys
out = []
for k in json.load(sys.stdin)["keys"]:
    if k["kty"] == "RSA":
        n = base64.urlsafe_b64decode(k["n"] + "=" * (-len(k["n"]) % 4))
        out.append("%s %s %d" % (k["alg"], k["kid"], len(n) * 8))
    else:
        out.append("%s %s %s" % (k["alg"], k["kid"], k["crv"]))
    assert "d" not in k, "a private key is published"
print("|".join(out))')" "the provider's JWKS: RS256 2048 bits and ES256 P-256, public parts only"

# --- datalots oidc add / list / map / passwords ------------------------------------
providers() { q "SELECT COUNT(*) FROM oidc_provider"; }
cli oidc add --db "$SRV_URL" --name region --issuer "$OP" --client-id datalots --client-secret-file "$T/client.secret" \
    --label "Logga in med Regionhälsans inloggning" --label-en "Sign in with Regionhälsan's single sign-on" \
    --scopes "openid profile email" --link-claim email --link-to email --create-accounts 1
expect_eq 0 "$RC" "oidc add region (secret from a file): exit 0${ERR:+; $ERR}"
cli oidc add --db "$SRV_URL" --name eid --issuer "$OP" --client-id datalots-es --client-secret-env DL_TEST_OIDC_SECRET \
    --label "Logga in med e-legitimation"
expect_eq 0 "$RC" "oidc add eid (secret from the environment): exit 0${ERR:+; $ERR}"
expect_eq 2 "$(providers)" "two providers in the store"
expect_eq "file:$T/client.secret|env:DL_TEST_OIDC_SECRET" \
    "$(q "SELECT client_secret_ref FROM oidc_provider ORDER BY name DESC" | tr '\n' '|' | sed 's/|$//')" \
    "the store keeps where the secrets are, not the secrets"
cli oidc list --db "$SRV_URL"
expect_eq 0 "$RC" "oidc list: exit 0"
expect_match "region" "$OUT" "oidc list names region"
expect_match "eid" "$OUT" "oidc list names eid"
expect_match "$OP" "$OUT" "oidc list shows the issuer"
expect_no_match "$SECRET" "$OUT$ERR" "oidc list never prints a secret"

n_before=$(providers)
bad_add() { # bad_add DESC ERE-OF-MESSAGE ARGS…
    local desc=$1 want=$2
    shift 2
    cli oidc add --db "$SRV_URL" "$@"
    if [ "$RC" -ne 0 ] && printf '%s' "$ERR" | grep -Eiq -- "$want"; then ok "oidc add refuses $desc"
    else not_ok "oidc add refuses $desc" "exit $RC, stderr [$ERR], wanted /$want/"; fi
}
base=(--issuer "$OP" --client-id x --client-secret-file "$T/client.secret")
bad_add "a name with capitals and spaces" 'name' --name "Bad Name" "${base[@]}"
bad_add "a name of 33 characters" 'name' --name "$(printf 'a%.0s' $(seq 33))" "${base[@]}"
bad_add "a name with a path" 'name' --name "../etc" "${base[@]}"
bad_add "a name with markup" 'name' --name "<b>x</b>" "${base[@]}"
bad_add "the secret on the command line" 'secret' --name cmdline --issuer "$OP" --client-id x --client-secret "$SECRET"
bad_add "no secret at all" 'secret' --name nosecret --issuer "$OP" --client-id x
bad_add "a secret file that does not exist" 'secret|file|'"$T"'/nope' --name nofile --issuer "$OP" --client-id x \
    --client-secret-file "$T/nope"
: >"$T/empty.secret"
bad_add "an empty secret file" 'secret|empty' --name emptysecret --issuer "$OP" --client-id x --client-secret-file "$T/empty.secret"
bad_add "a secret variable that is no variable name" 'secret-env|variable' --name noenv --issuer "$OP" --client-id x \
    --client-secret-env 'x; rm -rf /'
bad_add "both a secret file and a variable" 'exactly one|secret' --name both "${base[@]}" --client-secret-env DL_TEST_OIDC_SECRET
bad_add "a relative secret file" 'absolute' --name relative --issuer "$OP" --client-id x --client-secret-file client.secret
bad_add "an http:// issuer that is not this machine" 'issuer' --name remote --issuer "http://idp.example.org" --client-id x \
    --client-secret-file "$T/client.secret"
bad_add "an unknown option" 'unknown' --name unk "${base[@]}" --colour red
bad_add "an issuer that is not http(s)" 'issuer' --name ftp --issuer "ftp://127.0.0.1/" --client-id x \
    --client-secret-file "$T/client.secret"
bad_add "a javascript: issuer" 'issuer' --name js --issuer "javascript:alert(1)" --client-id x --client-secret-file "$T/client.secret"
bad_add "an issuer with spaces" 'issuer' --name sp --issuer "http://127.0.0.1 /x" --client-id x --client-secret-file "$T/client.secret"
bad_add "a label of 5,000 characters" 'label' --name longlabel "${base[@]}" --label "$(printf 'L%.0s' $(seq 5000))"
bad_add "a client id of 5,000 characters" 'client' --name longid --issuer "$OP" --client-id "$(printf 'c%.0s' $(seq 5000))" \
    --client-secret-file "$T/client.secret"
bad_add "an issuer of 5,000 characters" 'issuer' --name longiss --issuer "http://$(printf 'h%.0s' $(seq 5000))" --client-id x \
    --client-secret-file "$T/client.secret"
bad_add "--link-to other than email or username" 'link' --name linkto "${base[@]}" --link-claim email --link-to phone
bad_add "a link claim with markup" 'claim' --name linkclaim "${base[@]}" --link-claim '<x>' --link-to email
bad_add "scopes without openid" 'openid|scope' --name noopenid "${base[@]}" --scopes "profile email"
bad_add "--create-accounts 7" 'create' --name create7 "${base[@]}" --create-accounts 7
bad_add "a label with a control character" 'label' --name ctl "${base[@]}" --label "$(printf 'a\tb')"
expect_eq "$n_before" "$(providers)" "no refused oidc add left a provider behind"
expect_eq "" "$(q "SELECT name FROM oidc_provider WHERE name NOT IN ('region', 'eid')")" "…none by name either"

cli oidc map --db "$SRV_URL" --name region --claim groups --value dl-coordinators --role coordinator --org RH
expect_eq 0 "$RC" "oidc map groups=dl-coordinators → coordinator @ RH: exit 0${ERR:+; $ERR}"
cli oidc map --db "$SRV_URL" --name region --claim hsa_id --value SE2321000016-A001 --role editor
expect_eq 0 "$RC" "oidc map hsa_id=… → editor (installation): exit 0${ERR:+; $ERR}"
maps_before=$(q "SELECT COUNT(*) FROM oidc_role_map")
bad_map() {
    local desc=$1 want=$2
    shift 2
    cli oidc map --db "$SRV_URL" "$@"
    if [ "$RC" -ne 0 ] && printf '%s' "$ERR" | grep -Eiq -- "$want"; then ok "oidc map refuses $desc"
    else not_ok "oidc map refuses $desc" "exit $RC, stderr [$ERR], wanted /$want/"; fi
}
bad_map "an unknown provider" 'nope|provider' --name nope --claim groups --value x --role coordinator --org RH
bad_map "an unknown role" 'role' --name region --claim groups --value x --role kung --org RH
bad_map "an unknown organisation" 'org|XX-NOPE' --name region --claim groups --value x --role coordinator --org XX-NOPE
bad_map "a claim with markup" 'claim' --name region --claim '<x>' --value x --role coordinator --org RH
bad_map "a value of 5,000 characters" 'value' --name region --claim groups --value "$(printf 'v%.0s' $(seq 5000))" \
    --role coordinator --org RH
expect_eq "$maps_before" "$(q "SELECT COUNT(*) FROM oidc_role_map")" "no refused oidc map left a row"
cli oidc list --db "$SRV_URL"
expect_match 'map[[:space:]]+groups = dl-coordinators[[:space:]]+coordinator' "$OUT" "oidc list shows the groups mapping"
expect_match 'map[[:space:]]+hsa_id = SE2321000016-A001[[:space:]]+editor' "$OUT" "…and the hsa_id mapping"
expect_match '^passwords: everyone' "$OUT" "…and who may use a password"
cli oidc
expect_eq 2 "$RC" "datalots oidc without a subcommand: usage (exit 2)"
cli oidc remove --db "$SRV_URL" --name region
expect_eq 2 "$RC" "datalots oidc remove (no such subcommand): exit 2"
expect_match 'add, list, map' "$ERR" "…naming the subcommands"

cli oidc passwords --db "$SRV_URL" --for sometimes
expect_ne 0 "$RC" "oidc passwords --for sometimes: refused"
expect_match 'everyone' "$ERR" "…naming the choices"
cli oidc passwords --db "$SRV_URL" --for everyone
expect_eq 0 "$RC" "oidc passwords --for everyone: exit 0${ERR:+; $ERR}"

# Run again with the same name: the provider is changed, not doubled.
n_set=$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'oidc.provider.set'")
cli oidc add --db "$SRV_URL" --name eid --issuer "$OP" --client-id datalots-es --client-secret-env DL_TEST_OIDC_SECRET \
    --label "Logga in med e-legitimation (BankID, Freja)" --disabled 1
expect_eq 0 "$RC" "oidc add eid again (new label, disabled): exit 0${ERR:+; $ERR}"
expect_eq "2|Logga in med e-legitimation (BankID, Freja)|1" \
    "$(q "SELECT (SELECT COUNT(*) FROM oidc_provider), label, disabled FROM oidc_provider WHERE name = 'eid'")" \
    "…the same row changed: two providers, the new label, disabled"
expect_eq $((n_set + 1)) "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'oidc.provider.set'")" "…audited (oidc.provider.set)"
http GET /login -
expect_body_lacks 'href="/login/oidc/eid"' "a disabled provider has no button on /login"
n=$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.oidc.refuse' AND detail LIKE 'not_configured%'")
http GET /login/oidc/eid "$T/jar.disabled"
expect_status 404 "/login/oidc/eid while disabled: 404"
expect_body_has 'role="alert"' "…with a sentence"
expect_eq $((n + 1)) "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.oidc.refuse' AND detail LIKE 'not_configured%'")" \
    "…audited (not_configured)"
cli oidc add --db "$SRV_URL" --name eid --issuer "$OP" --client-id datalots-es --client-secret-env DL_TEST_OIDC_SECRET \
    --label "Logga in med e-legitimation" --disabled 0
expect_eq 0 "$RC" "oidc add eid once more (enabled): exit 0${ERR:+; $ERR}"
# A third provider links a first sign-in by a claim naming a username.
cli oidc add --db "$SRV_URL" --name intern --issuer "$OP" --client-id datalots --client-secret-file "$T/client.secret" \
    --label "Logga in med internkonto" --link-claim preferred_username --link-to username
expect_eq 0 "$RC" "oidc add intern (--link-to username): exit 0${ERR:+; $ERR}"

# --- /login and the authorization request -----------------------------------------
http GET /login -
expect_status 200 "/login: 200"
expect_body_has 'href="/login/oidc/region"' "/login: a button to /login/oidc/region"
expect_body_has 'Logga in med Regionhälsans inloggning' "…labelled as configured"
expect_body_has 'href="/login/oidc/eid"' "/login: a button to /login/oidc/eid"
expect_body_has 'name="password"' "/login: the password form is still there"
http GET /login - -H 'Accept-Language: en'
expect_body_has 'Sign in with Regionhälsan&#39;s single sign-on' "/login in English: the --label-en text (escaped)"
expect_body_lacks 'Logga in med Regionhälsans inloggning' "…not the Swedish one"
expect_body_has 'Logga in med e-legitimation' "…a provider without --label-en keeps its label"
http GET '/login?next=/diarium' -
expect_body_has 'href="/login/oidc/region?next=%2Fdiarium"' "/login?next=/diarium: the buttons keep next"
http GET '/login?next=//evil.example/' -
expect_body_lacks 'evil.example' "/login?next=//evil.example/: no off-site next in the buttons"

J=$T/jar.start
http GET '/login/oidc/region?next=/diarium' "$J"
expect_status 30[23] "GET /login/oidc/region: a redirect"
loc=$(hdr Location)
expect_match "^$OP/auth\\?" "$loc" "…to the provider's authorization endpoint (from its discovery document)"
expect_eq code "$(oidc_param "$loc" response_type)" "…response_type=code"
expect_eq datalots "$(oidc_param "$loc" client_id)" "…client_id=datalots"
expect_eq "$PUB/login/oidc/callback" "$(oidc_param "$loc" redirect_uri)" "…redirect_uri={public-url}/login/oidc/callback"
expect_eq "openid profile email" "$(oidc_param "$loc" scope)" "…the configured scopes"
expect_eq S256 "$(oidc_param "$loc" code_challenge_method)" "…code_challenge_method=S256"
expect_match '^[A-Za-z0-9_-]{43}$' "$(oidc_param "$loc" code_challenge)" "…a 43-character S256 code_challenge"
st1=$(oidc_param "$loc" state)
expect_match '^[A-Za-z0-9_-]{32,}$' "$st1" "…a state of at least 32 characters"
expect_match '^[A-Za-z0-9_-]{32,}$' "$(oidc_param "$loc" nonce)" "…a nonce of at least 32 characters"
expect_ne "$st1" "$(oidc_param "$loc" nonce)" "…the nonce is not the state"
sc=$(grep -i '^Set-Cookie: dl_oidc=' "$HDRS" | tr -d '\r')
expect_match 'HttpOnly' "$sc" "dl_oidc is HttpOnly"
expect_match 'SameSite=Lax' "$sc" "dl_oidc is SameSite=Lax"
expect_match 'Max-Age=600' "$sc" "dl_oidc lasts 10 minutes"
expect_eq 0 "$(q "SELECT COUNT(*) FROM oidc_login WHERE state_hash = '$st1'")" "the state is not stored in clear"
expect_eq 1 "$(q "SELECT COUNT(*) FROM oidc_login WHERE state_hash = '$(printf '%s' "$st1" | sha256sum | cut -c1-64)'")" \
    "the store keeps the state's SHA-256"
http GET '/login/oidc/region' "$J"
expect_ne "$st1" "$(oidc_param "$(hdr Location)" state)" "a second start has a new state"
n=$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.oidc.refuse'")
http GET /login/oidc/nope -
expect_status 404 "/login/oidc/nope (no such provider): 404"
expect_body_has 'role="alert"' "…with the sentence in role=alert"
expect_eq $((n + 1)) "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.oidc.refuse'")" "…audited"
http GET '/login/oidc/..%2F..%2Fetc' -
expect_status 40[04] "/login/oidc/..%2F..%2Fetc: refused (400 or 404)"
http GET "/login/oidc/$(printf 'a%.0s' $(seq 33))" -
expect_status 404 "/login/oidc/ + 33 characters: 404"

# --- sign-in that creates an account, with mapped roles -----------------------------
users() { q "SELECT COUNT(*) FROM users"; }
refusals() { q "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.oidc.refuse' AND detail LIKE '$1%'"; }
who() { grep -o '<span class="who">[^<]*</span>' "$BODY" | sed 's/<[^>]*>//g'; }
anna_user=region-$(printf '%s' 248289761001 | sha256sum | cut -c1-12)
n_users=$(users)
JA=$T/jar.anna
oidc_flow "$JA" anna '/login/oidc/region?next=/diarium' || not_ok "anna's sign-in reaches the callback" "$OIDC_STEP"
expect_status 30[23] "anna's first sign-in: a redirect"
expect_header Location '^/diarium$' "…to next=/diarium"
expect_match '^Set-Cookie: dl_session=[0-9a-f]{64};' "$(grep -i '^Set-Cookie: dl_session=' "$HDRS" | tr -d '\r')" "…with a session"
expect_eq $((n_users + 1)) "$(users)" "a new account for anna"
expect_eq "$anna_user|Anna Andersson|anna.andersson@regionhalsan.example|$OP|248289761001|" \
    "$(q "SELECT username, display_name, email, external_issuer, external_subject, password_hash FROM users WHERE username = '$anna_user'")" \
    "…named provider-<12 hex of sha256(sub)>, her name and verified e-mail, linked to (issuer, sub), no password"
http GET / "$JA"
expect_eq "Anna Andersson" "$(who)" "anna is signed in: her name in the header"
aid=$(q "SELECT id FROM users WHERE username = '$anna_user'")
expect_eq "coordinator|RH|oidc:$(q "SELECT id FROM oidc_provider WHERE name = 'region'")
editor||oidc:$(q "SELECT id FROM oidc_provider WHERE name = 'region'")" \
    "$(q "SELECT r.role, COALESCE(o.code, ''), r.source FROM role_assignment r LEFT JOIN org_node o ON o.id = r.node_id WHERE r.user_id = $aid ORDER BY r.role")" \
    "anna's claims give coordinator @ RH (groups) and editor (hsa_id), and no other role"
expect_eq "auth.oidc.create auth.oidc.login" \
    "$(q "SELECT action FROM audit_log WHERE object_id = '$aid' AND action LIKE 'auth.oidc.%' ORDER BY seq" | tr '\n' ' ' | sed 's/ $//')" \
    "audit: auth.oidc.create, then auth.oidc.login"
expect_eq 2 "$(q "SELECT COUNT(*) FROM audit_log WHERE object_id = '$aid' AND action = 'role.grant'")" "audit: a role.grant for each mapped role"
http GET /cases "$JA"
expect_status 200 "anna (coordinator @ RH by her claim) opens /cases"
# An ID token the provider handed out, decoded with python: RS256 under the published kid.
tok=$(curl -s "$OP/__test/info" | python3 -c 'import json, sys; print(json.load(sys.stdin)["last_id_token"])')
expect_eq "RS256 $OP_KID_RS256" "$(jwt_part "$tok" 0 | python3 -c 'import json, sys; h = json.load(sys.stdin); print(h["alg"], h["kid"])')" \
    "the token of client datalots was RS256 under the provider's RSA kid"

# A grant given by a person stays; the mapped ones follow the claims.
cli user role "$anna_user" --add data_analysis@RH --db "$SRV_URL"
expect_eq 0 "$RC" "a person gives anna data_analysis @ RH (user role --add)${ERR:+; $ERR}"
write_accounts '["staff"]'
JA2=$T/jar.anna2
oidc_flow "$JA2" anna /login/oidc/region || not_ok "anna's second sign-in reaches the callback" "$OIDC_STEP"
expect_status 30[23] "anna's second sign-in (groups without dl-coordinators): a redirect"
expect_eq $((n_users + 1)) "$(users)" "…the same account, no second one"
expect_eq "data_analysis|RH|
editor||oidc:$(q "SELECT id FROM oidc_provider WHERE name = 'region'")" \
    "$(q "SELECT r.role, COALESCE(o.code, ''), r.source FROM role_assignment r LEFT JOIN org_node o ON o.id = r.node_id WHERE r.user_id = $aid ORDER BY r.role")" \
    "…coordinator is gone with the claim; editor (hsa_id) and the grant a person gave stay"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE object_id = '$aid' AND action = 'role.revoke' AND detail LIKE '%coordinator%'")" \
    "audit: role.revoke coordinator"
write_accounts '["dl-coordinators", "staff"]'

# --- linking by a verified e-mail claim, not by an unverified one --------------------
rid=$(q "SELECT id FROM users WHERE username = 'registrator'")
JB=$T/jar.bo
oidc_flow "$JB" bo /login/oidc/region || not_ok "bo's sign-in reaches the callback" "$OIDC_STEP"
expect_status 30[23] "bo (verified e-mail = registrator's, other case): signed in"
http GET / "$JB"
expect_eq "Rolf Registrator" "$(who)" "…as registrator (linked by the e-mail claim)"
expect_eq "$OP|bo-0002" "$(q "SELECT external_issuer, external_subject FROM users WHERE id = $rid")" "registrator is linked to bo's identity"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE object_id = '$rid' AND action = 'auth.oidc.link'")" "audit: auth.oidc.link"
sid=$(q "SELECT id FROM users WHERE username = 'samordnare'")
# A mapped grant lasts while the account signs in through its provider: a
# password sign-in takes it away (and never a grant a person gave).
write_accounts '["dl-coordinators", "staff"]' '["dl-coordinators"]'
oidc_flow "$T/jar.bo-mapped" bo /login/oidc/region || not_ok "bo's sign-in reaches the callback" "$OIDC_STEP"
roles_of() { q "SELECT r.role || '@' || COALESCE(o.code, '') || ':' || r.source FROM role_assignment r LEFT JOIN org_node o ON o.id = r.node_id WHERE r.user_id = $1 ORDER BY r.role" | tr '\n' ' ' | sed 's/ $//'; }
expect_eq "coordinator@RH:oidc:$(q "SELECT id FROM oidc_provider WHERE name = 'region'") registrar@RH:" "$(roles_of "$rid")" \
    "bo's groups give registrator coordinator @ RH beside the registrar grant a person gave"
login registrator
expect_status 303 "registrator signs in with a password"
expect_eq "registrar@RH:" "$(roles_of "$rid")" "…and the mapped coordinator grant is gone, the given one stays"
write_accounts '["dl-coordinators", "staff"]'
JC=$T/jar.cilla
oidc_flow "$JC" cilla /login/oidc/region || not_ok "cilla's sign-in reaches the callback" "$OIDC_STEP"
expect_status 30[23] "cilla (samordnare's e-mail, not verified): signed in"
http GET / "$JC"
expect_eq "Cilla Carlsson" "$(who)" "…as a new account, not as samordnare"
expect_eq "" "$(q "SELECT COALESCE(external_subject, '') FROM users WHERE id = $sid")" "samordnare is not linked by an unverified e-mail"
expect_eq "" "$(q "SELECT email FROM users WHERE external_subject = 'cilla-0003'")" "cilla's account keeps no unverified e-mail"
expect_eq "" "$(q "SELECT role FROM role_assignment r JOIN users u ON u.id = r.user_id WHERE u.external_subject = 'cilla-0003'")" \
    "…and has no role"
JD=$T/jar.dora
oidc_flow "$JD" dora /login/oidc/region || not_ok "dora's sign-in reaches the callback" "$OIDC_STEP"
http GET / "$JD"
expect_body_lacks '<script>alert(1)' "a name claim with markup is escaped in the header"
expect_body_has '&lt;script&gt;alert(1)&lt;/script&gt; Dora' "…and shown as text"

# next= after a sign-in through the provider stays on this site.
for evil in '//evil.example/x' '/\evil.example' 'https://evil.example/'; do
    oidc_flow "$T/jar.next" anna "/login/oidc/region?next=$(printf '%s' "$evil" | python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.stdin.read(), safe=""))')" ||
        not_ok "anna's sign-in (next=$evil) reaches the callback" "$OIDC_STEP"
    expect_header Location '^/$' "a provider sign-in with next=$evil goes to /, never off-site"
    rm -f "$T/jar.next"
done

# --- linking from /account/password ---------------------------------------------------
login sekretess
JS=$(jar sekretess)
kid=$(q "SELECT id FROM users WHERE username = 'sekretess'")
http GET /account/password "$JS"
expect_status 200 "/account/password: 200"
expect_body_has 'action="/account/oidc/region/link"' "/account/password: a form to link region"
expect_body_has 'Koppla' "…a Koppla button"
n=$(refusals '')
post /account/oidc/region/link "$(jar nobody)"
expect_status 30[23]\|40[0-9] "POST …/link signed out: not a link"
expect_no_match "$OP" "$(hdr Location)" "…not sent to the provider"
http POST /account/oidc/region/link "$JS" --data-urlencode csrf=0000
expect_status 403 "POST …/link without the right CSRF token: 403"
http GET /account/oidc/region/link "$JS"
expect_status 405 "GET …/link (a link planted in a page): 405"
post /account/oidc/region/link "$JS"
expect_header Location "^$OP/auth\\?" "POST /account/oidc/region/link: to the provider"
expect_eq login "$(oidc_param "$(hdr Location)" prompt)" "…asking it to authenticate anew (prompt=login)"
oidc_continue "$JS" erik || not_ok "the link reaches the callback" "$OIDC_STEP"
http GET "$OIDC_CALLBACK" "$JS"
expect_status 30[23] "erik's identity linked to sekretess: a redirect"
expect_header Location '^/account/password' "…back to /account/password"
expect_eq "$OP|erik-0005" "$(q "SELECT external_issuer, external_subject FROM users WHERE id = $kid")" "sekretess holds erik's identity"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE object_id = '$kid' AND action = 'auth.oidc.link'")" "audit: auth.oidc.link"
http GET /account/password "$JS"
expect_body_has 'Logga in med Regionhälsans inloggning' "/account/password shows which provider is linked"
JE=$T/jar.erik
oidc_flow "$JE" erik /login/oidc/region || not_ok "erik's sign-in reaches the callback" "$OIDC_STEP"
http GET / "$JE"
expect_eq "Selma Sekretessprövare" "$(who)" "erik signs in as sekretess now"
# The same identity for a second account; a second identity for the same account.
login samrad
JR=$(jar samrad)
post /account/oidc/region/link "$JR"
oidc_continue "$JR" erik || not_ok "samrad's link reaches the callback" "$OIDC_STEP"
http GET "$OIDC_CALLBACK" "$JR"
expect_status 409 "linking erik's identity to samrad too: 409"
expect_body_has 'redan kopplad till en annan användare' "…'already linked to another user'"
expect_eq 1 "$(refusals 'subject_taken')" "audit: auth.oidc.refuse subject_taken"
post /account/oidc/region/link "$JS"
oidc_continue "$JS" gun || not_ok "sekretess's second link reaches the callback" "$OIDC_STEP"
http GET "$OIDC_CALLBACK" "$JS"
expect_status 409 "linking a second identity (gun) to sekretess: 409"
expect_eq 1 "$(refusals 'already_linked')" "audit: auth.oidc.refuse already_linked"
expect_eq "$OP|erik-0005" "$(q "SELECT external_issuer, external_subject FROM users WHERE id = $kid")" "…sekretess still holds erik's"

# oidc unlink: the identity leaves the account, with the sessions it signed in.
cli oidc unlink --db "$SRV_URL" --user nobody-here
expect_ne 0 "$RC" "oidc unlink --user of no account: refused"
login_jar "$T/jar.sekretess-pw" sekretess
cli oidc unlink --db "$SRV_URL" --user sekretess
expect_eq 0 "$RC" "oidc unlink --user sekretess: exit 0${ERR:+; $ERR}"
expect_eq "|" "$(q "SELECT COALESCE(external_issuer, ''), COALESCE(external_subject, '') FROM users WHERE id = $kid")" \
    "…sekretess holds no identity any more"
http GET /account/password "$JE"
expect_status 303 "…the session erik's identity signed in has ended"
http GET /account/password "$T/jar.sekretess-pw"
expect_status 200 "…a password session of sekretess goes on"
erik_user=region-$(printf '%s' erik-0005 | sha256sum | cut -c1-12)
n_users=$(users)
oidc_flow "$T/jar.erik2" erik /login/oidc/region || not_ok "erik's sign-in reaches the callback" "$OIDC_STEP"
expect_status 30[23] "erik signs in again after the unlink"
expect_eq "$((n_users + 1))|$erik_user" "$(users)|$(q "SELECT username FROM users WHERE external_subject = 'erik-0005'")" \
    "…into a new account of his own (region creates accounts), not sekretess"
cli oidc unlink --db "$SRV_URL" --user sekretess
expect_ne 0 "$RC" "oidc unlink of an account with no identity: refused${ERR:+ ($ERR)}"

# --- linking by a claim naming a username -------------------------------------------------
nid=$(q "SELECT id FROM users WHERE username = 'natverk'")
JJ=$T/jar.jon
oidc_flow "$JJ" jon /login/oidc/intern || not_ok "jon's sign-in reaches the callback" "$OIDC_STEP"
expect_status 30[23] "jon (preferred_username natverk) through intern: signed in"
http GET / "$JJ"
expect_eq "Nils Nätverkssamordnare" "$(who)" "…as natverk (linked by the username claim)"
expect_eq "$OP|jon-0010" "$(q "SELECT external_issuer, external_subject FROM users WHERE id = $nid")" "natverk is linked to jon's identity"
# A secret that cannot be read any more: the start is refused before the provider is asked.
mv "$T/client.secret" "$T/client.secret.away"
mark_nc=$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.oidc.refuse' AND detail LIKE 'not_configured%'")
http GET /login/oidc/intern "$T/jar.nosecret"
expect_status 404 "the secret file gone: /login/oidc/intern is refused (404)"
expect_body_has 'inte färdiginställd' "…saying the provider is not set up"
expect_no_match "$OP" "$(hdr Location)" "…not sent to the provider"
expect_eq $((mark_nc + 1)) "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.oidc.refuse' AND detail LIKE 'not_configured%'")" \
    "…audited (not_configured)"
mv "$T/client.secret.away" "$T/client.secret"

# --- the second provider: ES256 tokens, no accounts made ----------------------------
JA3=$T/jar.anna3
oidc_flow "$JA3" anna /login/oidc/eid || not_ok "anna's eid sign-in reaches the callback" "$OIDC_STEP"
expect_status 30[23] "anna signs in through eid (client datalots-es, ES256, secret from the environment)"
http GET / "$JA3"
expect_eq "Anna Andersson" "$(who)" "…to the same account (same issuer and subject)"
tok=$(curl -s "$OP/__test/info" | python3 -c 'import json, sys; print(json.load(sys.stdin)["last_id_token"])')
expect_eq "ES256 $OP_KID_ES256 datalots-es" "$(jwt_part "$tok" 0 | python3 -c 'import json, sys; h = json.load(sys.stdin); print(h["alg"], h["kid"], end=" ")'; jwt_part "$tok" 1 | python3 -c 'import json, sys; print(json.load(sys.stdin)["aud"])')" \
    "…the token was ES256 under the provider's EC kid, for datalots-es"
n_users=$(users)
oidc_flow "$T/jar.fia-eid" fia /login/oidc/eid || not_ok "fia's eid sign-in reaches the callback" "$OIDC_STEP"
expect_status 403 "fia through eid (no account, creation off): 403"
expect_body_has 'Ingen användare i datalots är kopplad' "…saying no account is linked"
expect_eq 1 "$(refusals 'no_account')" "audit: auth.oidc.refuse no_account"
expect_eq "$n_users" "$(users)" "…no account made"

# --- the state: missing, unknown, reused, from another browser ----------------------
# refused DESC STATUS REASON — the last response is a refusal: STATUS, the
# sentence in role=alert on the login page, no session, one more audit row
# auth.oidc.refuse whose detail starts with REASON (count taken by mark).
mark() { REF_N=$(refusals "$1"); USERS_N=$(users); }
refused() {
    local desc=$1 status=$2 reason=$3
    expect_status "$status" "$desc: $status"
    expect_body_has '<p class="error" role="alert"' "$desc: the sentence in role=alert"
    expect_body_has 'name="password"' "$desc: on the login page (password sign-in offered)"
    if grep -qi '^Set-Cookie: dl_session=[0-9a-f]' "$HDRS"; then not_ok "$desc: no session" "$(grep -i '^Set-Cookie: dl_session' "$HDRS")"
    else ok "$desc: no session"; fi
    expect_eq $((REF_N + 1)) "$(refusals "$reason")" "$desc: audit auth.oidc.refuse $reason"
    expect_eq "$USERS_N" "$(users)" "$desc: no account made"
}
mark state_missing
http GET '/login/oidc/callback?code=abc' -
refused "callback without a state" 400 state_missing
expect_body_has 'Logga in igen' "…saying to sign in again"
mark state_unknown
http GET "/login/oidc/callback?code=abc&state=$(printf 'f%.0s' $(seq 43))" -
refused "callback with a made-up state" 400 state_unknown
http GET "/login/oidc/callback?code=abc&state=%3Cscript%3E$(printf 'x%.0s' $(seq 3000))" -
expect_status 400 "callback with a hostile 3,000-character state: 400"
expect_body_has 'högst 1024 tecken' "…saying how long a state may be"
expect_body_lacks '<script>' "…not echoed"

JF=$T/jar.foreign
oidc_to_callback "$JF" hans /login/oidc/region || not_ok "hans's sign-in reaches the callback" "$OIDC_STEP"
mark state_browser
http GET "$OIDC_CALLBACK" "$T/jar.other-browser"
refused "the callback in another browser (no dl_oidc)" 400 state_browser
expect_body_has 'annan webbläsare' "…saying it began in another browser"
mark state_browser
http GET "$OIDC_CALLBACK" - -H "Cookie: dl_oidc=$(printf 'a%.0s' $(seq 64))"
refused "the callback with another browser's dl_oidc" 400 state_browser
browser=$(cookie_value "$JF" dl_oidc)
http GET "$OIDC_CALLBACK" "$JF"
expect_status 30[23] "…its own browser still signs in afterwards (a foreign try does not spend it)"
mark state_used
http GET "$OIDC_CALLBACK" - -H "Cookie: dl_oidc=$browser"
refused "the same callback again, with its browser's dl_oidc (state reused)" 400 state_used
expect_body_has 'redan använd' "…saying it is used already"
# The browser itself loses dl_oidc once signed in: the same callback again
# there (Back, reload) is refused as well.
http GET "$OIDC_CALLBACK" "$JF"
expect_status 400 "the same callback again in the signed-in browser: 400"
expect_body_has 'role="alert"' "…with a sentence"
# A refused callback (here: a bad token) spends its state too.
J=$T/jar.spent
oidc_to_callback "$J" ivar /login/oidc/region || not_ok "ivar's sign-in reaches the callback" "$OIDC_STEP"
oidc_mode expired
http GET "$OIDC_CALLBACK" "$J"
expect_status 401 "a callback refused for its token: 401"
mark state_used
oidc_mode none
http GET "$OIDC_CALLBACK" "$J"
refused "…and the same callback again (state reused)" 400 state_used
# RFC 9207: the provider names itself in the answer (iss); another name is a
# mix-up and refused.
J=$T/jar.mixup
oidc_to_callback "$J" ivar /login/oidc/region || not_ok "ivar's sign-in reaches the callback" "$OIDC_STEP"
expect_eq "$OP" "$(oidc_param "$OIDC_CALLBACK" iss)" "the provider's answer names its issuer (iss)"
mark token_invalid
http GET "$(printf '%s' "$OIDC_CALLBACK" | sed 's/iss=[^&]*/iss=http%3A%2F%2Fevil.example/')" "$J"
refused "an answer whose iss is another issuer (mix-up)" 401 token_invalid
expect_match 'iss' "$(q "SELECT detail FROM audit_log WHERE action = 'auth.oidc.refuse' ORDER BY seq DESC LIMIT 1")" \
    "…the audit row names iss"
# The person cancels at the provider: error=access_denied comes back.
J=$T/jar.cancel
http GET /login/oidc/region "$J"
_op "$J" "$(hdr Location)"
_op "$J" "$OP_LOC"
uid=${OP_LOC#"$OP"/interaction/}
[ "$uid" = "$OP_LOC" ] && uid=$(grep -o '/interaction/[A-Za-z0-9_-]*/abort' "$OP_BODY" | cut -d/ -f3)
_op "$J" "$OP/interaction/$uid/abort" -X POST
_op "$J" "$OP_LOC"
mark provider_error
http GET "${OP_LOC#"$BASE"}" "$J"
refused "the person cancelled at the provider (error=access_denied)" 502 provider_error
expect_match 'access_denied' "$(q "SELECT detail FROM audit_log WHERE action = 'auth.oidc.refuse' ORDER BY seq DESC LIMIT 1")" \
    "…the audit row names the provider's error"
# An error answer with markup in it: not shown back, kept as text in the audit log.
J=$T/jar.hostile-error
http GET /login/oidc/region "$J"
st=$(oidc_param "$(hdr Location)" state)
mark provider_error
http GET "/login/oidc/callback?state=$st&error=%3Cscript%3Ealert(1)%3C%2Fscript%3E&error_description=%3Cimg%20src%3Dx%20onerror%3Dalert(2)%3E" "$J"
refused "an error answer with markup" 502 provider_error
expect_body_lacks '<script>alert(1)' "…the error is not shown back"
expect_body_lacks '<img src=x' "…nor its description"
login admin
http GET /admin/audit "$(jar admin)"
expect_status 200 "the admin's audit page: 200"
expect_body_has '&lt;img src=x onerror=alert(2)&gt;' "…shows the provider's error as text"
expect_body_lacks '<img src=x onerror' "…not as markup"

# --- bad ID tokens ------------------------------------------------------------------------
# bad_token MODE REASON [DETAIL-ERE] — the provider spoils the next token
# (oidc_provider.mjs); datalots refuses it with 401 and an audit row.
bad_token() {
    local m=$1 reason=$2 detail=${3:-}
    local j=$T/jar.bad-$m
    oidc_to_callback "$j" fia /login/oidc/region || { not_ok "$m: the flow reaches the callback" "$OIDC_STEP"; return; }
    oidc_mode "$m" || { not_ok "$m: the provider takes the mode"; return; }
    mark "$reason"
    http GET "$OIDC_CALLBACK" "$j"
    refused "ID token $m" 401 "$reason"
    expect_body_has 'kunde inte godtas' "ID token $m: 'could not be accepted'"
    [ -n "$detail" ] && expect_match "$detail" "$(q "SELECT detail FROM audit_log WHERE action = 'auth.oidc.refuse' ORDER BY seq DESC LIMIT 1")" \
        "ID token $m: the audit row says why"
    expect_eq "" "$(q "SELECT username FROM users WHERE external_subject = 'fia-0006'")" "ID token $m: fia has no account"
}
# A key the JWKS lacks is refetched at most every 10 s: the store is told the
# last fetch was a minute ago where a test needs the refetch.
age_jwks() { q "UPDATE oidc_provider SET jwks_fetched_at = jwks_fetched_at - 60" >/dev/null; }
bad_token wrong_key token_invalid 'signature|verif'
age_jwks
bad_token unknown_kid token_invalid 'kid|key'
bad_token alg_none token_invalid
bad_token alg_none_sig token_invalid
bad_token hs256_confusion token_invalid
bad_token expired token_invalid 'exp'
bad_token iat_future token_invalid 'iat|future|issued'
bad_token wrong_aud token_invalid 'aud'
bad_token azp_other token_invalid 'aud|azp'
bad_token no_sub token_invalid 'sub'
bad_token no_nonce token_invalid 'nonce'
bad_token wrong_iss token_invalid 'iss'
bad_token bad_nonce token_invalid 'nonce'
bad_token tampered token_invalid 'signature|verif'
bad_token replay token_invalid 'nonce'
expect_no_match "$SECRET" "$(q "SELECT detail FROM audit_log WHERE action LIKE 'auth.oidc.%'")" "no audit row holds the client secret"
expect_eq 0 "$(q "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'auth.oidc.%' AND detail LIKE '%eyJ%'")" "no audit row holds a token"

# A rolled key: refused within 10 s of the last JWKS fetch, taken after it.
J=$T/jar.rotated1
oidc_to_callback "$J" gun /login/oidc/region || not_ok "gun's sign-in reaches the callback" "$OIDC_STEP"
q "UPDATE oidc_provider SET jwks_fetched_at = $(date +%s)" >/dev/null
oidc_mode rotated
mark token_invalid
http GET "$OIDC_CALLBACK" "$J"
refused "a rolled key right after a JWKS fetch (no refetch within 10 s)" 401 token_invalid
J=$T/jar.rotated2
oidc_to_callback "$J" gun /login/oidc/region || not_ok "gun's sign-in reaches the callback" "$OIDC_STEP"
age_jwks
oidc_mode rotated
http GET "$OIDC_CALLBACK" "$J"
expect_status 30[23] "a rolled key later: the JWKS is fetched again and the token taken"
expect_match 'rotated-' "$(q "SELECT jwks_json FROM oidc_provider WHERE name = 'region'")" "…the store's JWKS holds the new kid"

# --- the provider errs ----------------------------------------------------------------------
J=$T/jar.err
oidc_to_callback "$J" fia /login/oidc/region || not_ok "fia's sign-in reaches the callback" "$OIDC_STEP"
oidc_mode error
mark provider_error
http GET "$OIDC_CALLBACK" "$J"
refused "the token endpoint answers 500" 502 provider_error
expect_body_has 'logga in med lösenord' "…offering the password"

# --- who may use a password -----------------------------------------------------------------
n_pol=$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'oidc.password_policy'")
cli oidc passwords --db "$SRV_URL" --for applicants
expect_eq 0 "$RC" "oidc passwords --for applicants: exit 0${ERR:+; $ERR}"
n=$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.password_refused'")
login registrator
expect_status 403 "applicants only: registrator's right password is refused (403)"
expect_body_has 'Personal loggar in via organisationens identitetstjänst' "…saying staff sign in through the organisation"
expect_body_has 'href="/login/oidc/region"' "…with the provider's button beside it"
if grep -qi '^Set-Cookie: dl_session=[0-9a-f]' "$HDRS"; then not_ok "…no session"; else ok "…no session"; fi
expect_eq $((n + 1)) "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.password_refused'")" "…audited (auth.password_refused)"
login registrator wrong-password-1234
expect_status 401 "applicants only: a wrong password is still just a wrong password"
expect_body_lacks 'identitetstjänst, inte med lösenord' "…the policy is said only to who knew the password"
login sokande
expect_status 303 "applicants only: sokande (applicant) signs in with a password"
JB2=$T/jar.bo2
oidc_flow "$JB2" bo /login/oidc/region || not_ok "bo's sign-in reaches the callback" "$OIDC_STEP"
expect_status 30[23] "applicants only: registrator signs in through the provider"
cli oidc passwords --db "$SRV_URL" --for staff
login sokande
expect_status 403 "staff only: sokande's password is refused"
expect_body_has 'Sökande loggar in via en e-legitimation' "…saying applicants sign in with an e-ID"
login registrator
expect_status 303 "staff only: registrator's password works"
cli oidc passwords --db "$SRV_URL" --for nobody
login registrator
expect_status 403 "nobody: registrator's password is refused"
login sokande
expect_status 403 "nobody: sokande's password is refused"
cli oidc passwords --db "$SRV_URL" --for everyone
login registrator
expect_status 303 "everyone again: registrator's password works"
expect_eq $((n_pol + 4)) "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'oidc.password_policy'")" \
    "each policy change audited (oidc.password_policy)"

# --- a disabled account --------------------------------------------------------------------------
q "UPDATE users SET disabled = 1 WHERE external_subject = 'dora-0004'" >/dev/null
J=$T/jar.dora2
oidc_to_callback "$J" dora /login/oidc/region || not_ok "dora's sign-in reaches the callback" "$OIDC_STEP"
mark disabled
http GET "$OIDC_CALLBACK" "$J"
refused "a disabled account through the provider" 403 disabled
expect_body_has 'Kontot är avstängt' "…saying the account is disabled"

# --- sign-out -----------------------------------------------------------------------------
# A browser posts the sign-out (and a link) to datalots, which redirects to
# the provider: CSP form-action must name the provider's origin too.
http GET /login -
expect_match "form-action 'self' $OP( |;)" "$(hdr Content-Security-Policy)" "CSP form-action names the provider's origin"
expect_eq 1 "$(hdr Content-Security-Policy | grep -o "$OP" | wc -l | tr -d ' ')" "…once, though three providers share it"
JA4=$T/jar.anna4
oidc_flow "$JA4" anna /login/oidc/region || not_ok "anna's sign-in reaches the callback" "$OIDC_STEP"
http GET / "$JA4"
expect_eq "Anna Andersson" "$(who)" "anna is signed in before signing out"
n=$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.logout'")
post /logout "$JA4"
expect_status 30[23] "anna signs out: a redirect"
loc=$(hdr Location)
expect_match "^$OP/session/end\\?" "$loc" "…to the provider's end_session_endpoint"
expect_eq datalots "$(oidc_param "$loc" client_id)" "…with client_id"
expect_eq "$PUB/" "$(oidc_param "$loc" post_logout_redirect_uri)" "…and post_logout_redirect_uri={public-url}/"
expect_eq $((n + 1)) "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.logout'")" "audit: auth.logout"
http GET /account/password "$JA4"
expect_status 303 "…datalots' session has ended"
oidc_logout_confirm "$JA4" "$loc" || not_ok "the provider's sign-out form" "$OIDC_STEP"
expect_eq "$PUB/" "$OIDC_BACK" "the provider signs out and sends the browser back to {public-url}/"
http GET /login/oidc/region "$JA4"
_op "$JA4" "$(hdr Location)"
expect_match "^$OP/interaction/" "$OP_LOC" "…and asks who it is next time (its session ended too)"
post /logout "$(jar registrator)"
expect_header Location '^/$' "a password session signs out to / (not to a provider)"
# A provider whose discovery document names no end_session_endpoint: to /.
JE2=$T/jar.anna-eid
oidc_flow "$JE2" anna /login/oidc/eid || not_ok "anna's eid sign-in reaches the callback" "$OIDC_STEP"
q "UPDATE oidc_provider SET discovery_json = REPLACE(discovery_json, '\"end_session_endpoint\"', '\"x_end_session\"') WHERE name = 'eid'" >/dev/null
expect_eq 0 "$(q "SELECT COUNT(*) FROM oidc_provider WHERE name = 'eid' AND discovery_json LIKE '%\"end_session_endpoint\"%'")" \
    "(eid's cached discovery document now names no end_session_endpoint)"
post /logout "$JE2"
expect_header Location '^/$' "signed in through a provider without end_session_endpoint: sign-out goes to /"
http GET /account/password "$JE2"
expect_status 303 "…and the session has ended"

# --- the provider down, back with new keys, down again, slow -----------------------------------
# Each provider of datalots has a circuit breaker: one that took the whole
# timeout (not one that refused the connection at once) is not called for
# 30 s. The cases below keep to that: region's slow case comes last.
oidc_provider_stop
http GET /login -
expect_status 200 "the provider down: /login is 200"
expect_body_has 'href="/login/oidc/region"' "…with the buttons"
login sokande
expect_status 303 "the provider down: sokande signs in with a password"
http GET / "$(jar sokande)"
expect_eq "Sara Forskare" "$(who)" "…and is signed in"
oidc_provider_restart || finish
age_jwks
JA5=$T/jar.anna5
oidc_flow "$JA5" anna /login/oidc/region || not_ok "anna's sign-in reaches the callback" "$OIDC_STEP"
expect_status 30[23] "the provider back (new keys, the JWKS fetched again): anna signs in"
http GET / "$JA5"
expect_eq "Anna Andersson" "$(who)" "…as herself"

J=$T/jar.down
oidc_to_callback "$J" anna /login/oidc/eid || not_ok "anna's eid sign-in reaches the callback" "$OIDC_STEP"
oidc_provider_stop
mark provider_down
http GET "$OIDC_CALLBACK" "$J"
refused "the provider is down at the callback" 502 provider_down
expect_body_has 'svarar inte just nu' "…saying the provider does not answer"
login registrator
expect_status 303 "the provider down: registrator signs in with a password"
# A discovery document never fetched: the start itself is refused.
q "UPDATE oidc_provider SET discovery_json = '', discovery_fetched_at = 0 WHERE name = 'intern'" >/dev/null
mark provider_down
http GET /login/oidc/intern "$T/jar.down2"
refused "the provider down and its discovery not cached: the start" 502 provider_down
oidc_provider_restart || finish
http GET /login/oidc/eid "$T/jar.back"
expect_header Location "^$OP/auth\\?" "the provider back: eid starts at once (a refused connection trips no breaker)"

J=$T/jar.slow
oidc_to_callback "$J" fia /login/oidc/region || not_ok "fia's sign-in reaches the callback" "$OIDC_STEP"
oidc_mode slow
mark provider_down
t0=$(date +%s%N)
http GET "$OIDC_CALLBACK" "$J"
ms=$((($(date +%s%N) - t0) / 1000000))
refused "the token endpoint answers after 20 s" 502 provider_down
if [ "$ms" -ge 9000 ] && [ "$ms" -le 13000 ]; then ok "…refused after ${ms} ms (10 s allowed; 13 s at most here, under load)"
else not_ok "…refused after about 10 s" "${ms} ms"; fi
expect_body_has 'svarar inte just nu' "…saying the provider does not answer"
# The breaker: the next sign-in through region is refused at once, without
# calling the provider (no /auth in the provider's way), and audited.
mark provider_down
t0=$(date +%s%N)
http GET /login/oidc/region "$T/jar.held"
ms=$((($(date +%s%N) - t0) / 1000000))
refused "region right after it timed out (its breaker open)" 502 provider_down
if [ "$ms" -le 5000 ]; then ok "…at once (${ms} ms; a call would take 10 s)"; else not_ok "…at once" "${ms} ms"; fi
expect_match 'not called' "$(q "SELECT detail FROM audit_log WHERE action = 'auth.oidc.refuse' ORDER BY seq DESC LIMIT 1")" \
    "…the audit row says it was held back"
login registrator
expect_status 303 "meanwhile registrator signs in with a password"

# --- an address that makes too many refusals or starts too many sign-ins ----------------------
# Two budgets of 600 an hour per address, each writing rows: refusals
# audited, and sign-ins started. One curl, one connection, 700 made-up
# callbacks, then 700 starts of eid (region's breaker is still open).
flood() { # flood PATH — 700 GETs; prints the status codes, one a line
    local urls=()
    for _ in $(seq 700); do urls+=(-o /dev/null "$BASE$1"); done
    curl -s --max-time 300 -w '%{http_code}\n' "${urls[@]}"
}
tally() { sort | uniq -c | tr -s ' \n' ' '; }
codes=$(flood "/login/oidc/callback?code=x&state=$(printf 'f%.0s' $(seq 43))")
expect_eq 700 "$(printf '%s\n' "$codes" | grep -c '^400$')" "700 made-up callbacks from one address: each 400 ($(printf '%s\n' "$codes" | tally))"
# Refusals anyone can make (no sign-in of one's own begun: state_*,
# not_configured, provider_down) count against the budget; those that
# follow a sign-in begun (a bad token, no account…) are always audited.
anyone="(detail LIKE 'state\_%' ESCAPE '\\' OR detail LIKE 'not\_configured:%' ESCAPE '\\' OR detail LIKE 'provider\_down:%' ESCAPE '\\')"
expect_eq 600 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.oidc.refuse' AND $anyone")" \
    "…the address's refusals anyone can make audited up to 600 in the hour, this file's earlier ones included, then only logged"
grep -q 'not audited: the address is over its hourly limit' "$SRV_ERR" && ok "…the server's log says so" || not_ok "…the server's log says so"
http GET /login/oidc/eid "$T/jar.after-refusals"
expect_status 30[23] "…and sign-ins still start from that address (a budget of their own)"
n_rows=$(q "SELECT COUNT(*) FROM oidc_login")
codes=$(flood /login/oidc/eid)
n302=$(printf '%s\n' "$codes" | grep -c '^30[23]$')
n429=$(printf '%s\n' "$codes" | grep -c '^429$')
expect_eq 700 "$((n302 + n429))" "700 starts from one address: each a redirect or 429 ($(printf '%s\n' "$codes" | tally))"
expect_match '^[1-9]' "$n429" "…the last ones refused with 429"
expect_eq "$((n302 + 1))" "$(printf '%s\n' "$codes" | grep -n '^429$' | head -1 | cut -d: -f1)" "…every one after the first refusal refused too"
expect_eq $((n_rows + n302)) "$(q "SELECT COUNT(*) FROM oidc_login")" "…a row for each one taken, none for a refused one"
http GET /login/oidc/eid "$T/jar.flood"
expect_status 429 "the next start: 429"
expect_header Retry-After '^[0-9]+$' "…with Retry-After"
expect_body_has 'logga in med lösenord' "…and a sentence offering the password"
login sokande
expect_status 303 "over both OIDC budgets, sokande still signs in with a password"

# --- oidc unmap: the map and, at once, the grants it gave ------------------------------------
expect_match "coordinator@RH:oidc:" "$(roles_of "$aid")" "anna holds coordinator @ RH mapped from her groups"
cli oidc unmap --db "$SRV_URL" --name region --claim groups --value dl-coordinators --role coordinator --org RH
expect_eq 0 "$RC" "oidc unmap groups=dl-coordinators: exit 0${ERR:+; $ERR}"
expect_eq 0 "$(q "SELECT COUNT(*) FROM oidc_role_map WHERE value = 'dl-coordinators'")" "…the map is gone"
expect_no_match "coordinator@" "$(roles_of "$aid")" "…and anna's coordinator grant with it, at once"
expect_match "editor@:oidc:" "$(roles_of "$aid")" "…the other map's grant stays"
cli oidc unmap --db "$SRV_URL" --name region --claim groups --value dl-coordinators --role coordinator --org RH
expect_ne 0 "$RC" "oidc unmap of a map that is not there: refused${ERR:+ ($ERR)}"

# --- a provider disabled takes its mapped grants with it ---------------------------------------
expect_match "editor@:oidc:" "$(roles_of "$aid")" "anna holds editor, mapped from her hsa_id by region"
cli oidc add --db "$SRV_URL" --name region --issuer "$OP" --client-id datalots --client-secret-file "$T/client.secret" \
    --label "Logga in med Regionhälsans inloggning" --scopes "openid profile email" --link-claim email --link-to email \
    --create-accounts 1 --disabled 1
expect_eq 0 "$RC" "oidc add region --disabled 1: exit 0${ERR:+; $ERR}"
expect_eq "data_analysis@RH:" "$(roles_of "$aid")" "…her mapped grants are gone with it, the given one stays"


if on_pg; then dump=$(q "SELECT * FROM oidc_provider" "SELECT * FROM audit_log" "SELECT * FROM oidc_login")
else dump=$(cat "$SRV_DB" "$SRV_DB-wal" 2>/dev/null | tr -d '\0'); fi
expect_no_match "$SECRET" "$dump" "the client secret is nowhere in the store"
expect_no_match "$SECRET2" "$dump" "…nor the second one"
expect_no_match "$SECRET" "$(cat "$SRV_ERR" "$SRV_OUT" "$SRV_LOG")" "…nor in the server's output or access log"
cli audit verify --db "$SRV_URL"
expect_eq 0 "$RC" "the audit chain is whole after all this${ERR:+; $ERR}"
check "the server is still healthy" healthy

finish
