#!/usr/bin/env bash
# t_roles.sh — who may do what, over HTTP: every demo account × the
# protected routes, anonymous visitors, and a unit-scoped administrator.
. "$(dirname "$0")/lib.sh"

start_server || finish

users=(admin sokande registrator samordnare samrad sekretess vc-bjorkdalen uttag-bjorkdalen
       roc-norr direktor dataanalys redaktor hinder natverk)
for u in "${users[@]}"; do
    login "$u"
    [ "$STATUS" = 303 ] || not_ok "$u signs in" "status $STATUS"
done
ok "all ${#users[@]} demo accounts signed in"

n_diary0=$(q 'SELECT COUNT(*) FROM diary_entry')
n_org0=$(q 'SELECT COUNT(*) FROM org_node')
n_users0=$(q 'SELECT COUNT(*) FROM users')

# route | method | who may ("*" = anyone signed in) | allowed status
matrix=(
    "/admin/users|GET|admin|200"
    "/admin/users/new|GET|admin|200"
    "/admin/audit|GET|admin|200"
    "/admin/users/1|GET|admin|200"
    "/diarium/new|GET|registrator|200"
    "/diarium/1/correct|GET|registrator|200"
    "/diarium|POST|registrator|303"
    "/org|POST|admin|303"
    "/admin/users|POST|admin|303"
    "/admin/users/2/roles|POST|admin|303"
    "/account/password|GET|*|200"
    "/org|GET|*|200"
    "/diarium|GET|*|200"
    "/diarium/1|GET|*|200"
    "/api/v1/org|GET|*|200"
    "/|GET|*|200"
)
seqn=0
# form_for ROUTE — the fields of a valid POST to ROUTE (unique per call)
form_for() {
    seqn=$((seqn + 1))
    case $1 in
        /diarium) echo "org=1 doc_date=2026-03-03 direction=in counterpart=Matristest subject=Rad-$seqn" ;;
        /org) echo "parent=1 kind=regionomrade name=Matrisenhet-$seqn code=MTX-$seqn" ;;
        /admin/users) echo "username=matris-$seqn display_name=Matris-$seqn password=Matris-lösen-$seqn-xyz" ;;
        /admin/users/2/roles) echo "role=editor node=0" ;;
    esac
}

for row in "${matrix[@]}"; do
    IFS='|' read -r route method who want <<<"$row"
    for u in "${users[@]}"; do
        J=$(jar "$u")
        if [ "$method" = GET ]; then
            http GET "$route" "$J"
        else
            # shellcheck disable=SC2046
            post "$route" "$J" $(form_for "$route")
        fi
        if [ "$who" = "*" ] || [ "$who" = "$u" ]; then exp=$want; else exp=403; fi
        if [ "$STATUS" = "$exp" ]; then
            ok "$u: $method $route → $exp"
        else
            not_ok "$u: $method $route → $exp" "got $STATUS: $(excerpt 200)"
        fi
    done
done

expect_eq $((n_diary0 + 1)) "$(q 'SELECT COUNT(*) FROM diary_entry')" "only the registrar's POST /diarium wrote an entry"
expect_eq $((n_org0 + 1)) "$(q 'SELECT COUNT(*) FROM org_node')" "only the admin's POST /org wrote a unit"
expect_eq $((n_users0 + 1)) "$(q 'SELECT COUNT(*) FROM users')" "only the admin's POST /admin/users wrote an account"

# --- anonymous: GETs go to /login?next=…, POSTs are 401 ---
A=$(jar anonymous)
curl -s -o /dev/null -c "$A" "$BASE/login"
for route in /admin/users /admin/users/new /admin/audit /admin/users/1 /diarium/new /diarium/1/correct /account/password; do
    http GET "$route" "$A"
    esc=$(printf '%s' "$route" | sed 's,/,%2F,g')
    if [ "$STATUS" = 303 ] && [ "$(hdr Location)" = "/login?next=$esc" ]; then
        ok "anonymous: GET $route → 303 /login?next=$esc"
    else
        not_ok "anonymous: GET $route → 303 /login?next=$esc" "got $STATUS Location: $(hdr Location)"
    fi
done
for route in /diarium /org /admin/users /admin/users/2/roles /diarium/1/correct /account/password /logout /admin/users/2/disable; do
    # shellcheck disable=SC2046
    post "$route" "$A" $(form_for "$route")
    expect_status 401 "anonymous: POST $route → 401"
done
for route in / /diarium /diarium/1 /org /api/v1/diarium /api/v1/org /login /healthz; do
    http GET "$route" "$A"
    expect_status 200 "anonymous: GET $route → 200"
done
http GET /admin/users "$A" -H 'Accept: application/json'
expect_status 401 "anonymous: GET /admin/users asking for JSON → 401"
expect_eq $((n_diary0 + 1)) "$(q 'SELECT COUNT(*) FROM diary_entry')" "anonymous posts wrote nothing"

# --- the menu shows only what the user may use ---
http GET / "$(jar admin)"
expect_body_has 'href="/admin/users"' "admin's menu has Användare"
http GET / "$(jar registrator)"
expect_body_has 'href="/diarium/new"' "registrator's menu has Registrera handling"
expect_body_lacks 'href="/admin/users"' "registrator's menu lacks Användare"
http GET / "$(jar sokande)"
expect_body_lacks 'href="/admin/' "sokande's menu has no admin links"
expect_body_lacks 'href="/diarium/new"' "sokande's menu has no registration link"

# --- a unit-scoped administrator (admin@VC-BJORK) ---
DATALOTS_PASSWORD=Skopat-lösen-4711 cli user add enhetsadmin --name "Enhets Admin" --role admin@VC-BJORK --db "$SRV_URL"
expect_eq 0 "$RC" "CLI: add enhetsadmin with admin@VC-BJORK"
login enhetsadmin Skopat-lösen-4711
EJ=$(jar enhetsadmin)
http GET /admin/audit "$EJ"
expect_status 403 "unit admin: /admin/audit is 403 (installation only)"
post /admin/users "$EJ" username=by-unit-admin display_name=X password=Enhets-skapat-1234
expect_status 403 "unit admin: cannot create accounts"
vc=$(q "SELECT id FROM org_node WHERE code = 'VC-BJORK'")
rh=$(q "SELECT id FROM org_node WHERE code = 'RH'")
norr=$(q "SELECT id FROM org_node WHERE code = 'RH-NORR'")
target=$(q "SELECT id FROM users WHERE username = 'sokande'")
post "/admin/users/$target/roles" "$EJ" role=assigned_employee node="$vc"
expect_status 303 "unit admin: may grant a role at VC-BJORK"
post "/admin/users/$target/roles" "$EJ" role=registrar node="$rh"
expect_status 403 "unit admin: may not grant a role at RH (above the unit)"
post "/admin/users/$target/roles" "$EJ" role=admin node=0
expect_status 403 "unit admin: may not grant an installation-wide role"
post /org "$EJ" parent="$norr" kind=vardenhet name=Ny-enhet code=NY-NORR
expect_status 403 "unit admin: may not add a unit under RH-NORR"
post "/admin/users/$target/disable" "$EJ"
expect_status 403 "unit admin: may not disable accounts"
post "/admin/users/$target/password" "$EJ" password=Kapat-lösenord-123
expect_status 403 "unit admin: may not set others' passwords"
expect_eq 0 "$(q "SELECT COUNT(*) FROM role_assignment WHERE user_id = $target AND role IN ('registrar','admin')")" "unit admin: no grant above the unit was written"

# --- grants take effect at once, revocation too ---
login sokande
SJ=$(jar sokande)
http GET /diarium/new "$SJ"
expect_status 403 "sokande cannot register"
post "/admin/users/$target/roles" "$(jar admin)" role=registrar node="$rh"
expect_status 303 "admin grants registrar@RH to sokande"
http GET /diarium/new "$SJ"
expect_status 200 "sokande can register at once"
gid=$(q "SELECT id FROM role_assignment WHERE user_id = $target AND role = 'registrar'")
post "/admin/users/$target/roles/$gid/revoke" "$(jar admin)"
expect_status 303 "admin revokes the grant"
http GET /diarium/new "$SJ"
expect_status 403 "sokande cannot register after the revocation"
post "/admin/users/$target/roles" "$(jar admin)" role=registrar node="$norr"
http GET /diarium/new "$SJ"
expect_status 200 "registrar@RH-NORR may open the form"
post /diarium "$SJ" org="$rh" doc_date=2026-03-03 direction=in counterpart=X subject=Y
expect_status 403 "registrar@RH-NORR may not register in RH's diary (held below it)"
aid=$(q "SELECT id FROM users WHERE username = 'admin'")
agid=$(q "SELECT id FROM role_assignment WHERE user_id = $aid AND role = 'admin'")
post "/admin/users/$aid/roles/$agid/revoke" "$(jar admin)"
expect_status 409 "admin cannot revoke their own admin role"

finish
