#!/usr/bin/env bash
# t_roles.sh — who may do what, over HTTP: every demo account × the
# protected routes, anonymous visitors, a unit-scoped administrator, and
# each kind of admin × each kind of account × every /admin/users/{id} route.
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
# menu_links — the links of the main menu in the last page, in order
menu_links() {
    sed -n '/<nav aria-label="Huvudmeny">/,/<\/nav>/p' "$BODY" | grep -o 'href="[^"]*"' | sed 's/^href="//; s/"$//' | tr '\n' ' ' | sed 's/ $//'
}
# expect_menu WHO JAR LINKS — the start page's menu for WHO is exactly LINKS
expect_menu() {
    http GET / "$2"
    if [ "$STATUS" = 200 ] && [ "$(menu_links)" = "$3" ]; then ok "$1's menu: $3"
    else not_ok "$1's menu: $3" "status $STATUS, menu: $(menu_links)"; fi
}
# demo account | the menu's links on the start page — written out by hand
menu_matrix=(
    "admin|/guide /diarium /data/ordlista /hinder /natverk /org /cases /uppfoljning /admin/users /admin/audit /admin/outbox"
    "sokande|/guide /diarium /data/ordlista /hinder /natverk /org /cases /guide/review"  # made an editor above (the /admin/users/2/roles row)
    "registrator|/guide /diarium /data/ordlista /hinder /natverk /org /cases /diarium/new /brevlada"
    "samordnare|/guide /diarium /data/ordlista /hinder /natverk /org /cases /samrad"
    "samrad|/guide /diarium /data/ordlista /hinder /natverk /org /cases /samrad"
    "sekretess|/guide /diarium /data/ordlista /hinder /natverk /org /cases"
    "vc-bjorkdalen|/guide /diarium /data/ordlista /hinder /natverk /org /cases"
    "uttag-bjorkdalen|/guide /diarium /data/ordlista /hinder /natverk /org /cases"
    "roc-norr|/guide /diarium /data/ordlista /hinder /natverk /org /cases"
    "direktor|/guide /diarium /data/ordlista /hinder /natverk /org /cases"
    "dataanalys|/guide /diarium /data/ordlista /hinder /natverk /org /cases"
    "redaktor|/guide /diarium /data/ordlista /hinder /natverk /org /cases /guide/review"
    "hinder|/guide /diarium /data/ordlista /hinder /natverk /org /cases /hinder/analys"
    "natverk|/guide /diarium /data/ordlista /hinder /natverk /org /cases /uppfoljning"
)
[ "${#menu_matrix[@]}" = "${#users[@]}" ] || not_ok "the menu matrix has a row per demo account" "${#menu_matrix[@]} rows"
for row in "${menu_matrix[@]}"; do
    IFS='|' read -r u links <<<"$row"
    expect_menu "$u" "$(jar "$u")" "$links"
done
expect_menu anonymous "$(jar anonymous)" "/guide /diarium /data/ordlista /hinder /natverk /org"
# the current page is marked, and only it
http GET /diarium "$(jar registrator)"
expect_body_has '<a href="/diarium" aria-current="page">' "menu: /diarium is the current page on /diarium"
expect_eq 1 "$(grep -o 'aria-current=' "$BODY" | wc -l)" "… and the only one"
http GET /diarium/new "$(jar registrator)"
expect_body_has '<a href="/diarium/new" aria-current="page">' "menu: /diarium/new is the current page on /diarium/new"
expect_body_has '<a href="/diarium">' "… and /diarium is not"
http GET /diarium/new "$(jar sokande)"
expect_status 403 "sokande: /diarium/new is refused"
expect_body_has "Det får den som har någon av de här rollerna: Registrator." "… naming the role that may (from the rule table)"
http GET /admin/users "$(jar registrator)"
expect_body_has "Det får den som har någon av de här rollerna: Administratör." "registrator: /admin/users names the admin role"

# --- a unit-scoped administrator (admin@VC-BJORK) ---
DATALOTS_PASSWORD=Skopat-lösen-4711 cli user add enhetsadmin --name "Enhets Admin" --role admin@VC-BJORK --db "$SRV_URL"
expect_eq 0 "$RC" "CLI: add enhetsadmin with admin@VC-BJORK"
login enhetsadmin Skopat-lösen-4711
EJ=$(jar enhetsadmin)
http GET /admin/audit "$EJ"
expect_status 403 "unit admin: /admin/audit is 403 (installation only)"
expect_body_has "någon av de här rollerna för hela installationen: Administratör." "… saying the role must be held for the whole installation"
expect_menu "unit admin" "$EJ" "/guide /diarium /data/ordlista /hinder /natverk /org /cases /admin/users"
post /admin/users "$EJ" username=by-unit-admin display_name=X password=Enhets-skapat-1234
expect_status 403 "unit admin: cannot create accounts"
vc=$(q "SELECT id FROM org_node WHERE code = 'VC-BJORK'")
rh=$(q "SELECT id FROM org_node WHERE code = 'RH'")
norr=$(q "SELECT id FROM org_node WHERE code = 'RH-NORR'")
target=$(q "SELECT id FROM users WHERE username = 'sokande'")
utarget=$(q "SELECT id FROM users WHERE username = 'uttag-bjorkdalen'") # holds a role at VC-BJORK
post "/admin/users/$utarget/roles" "$EJ" role=registrar node="$vc"
expect_status 303 "unit admin: may grant a role at VC-BJORK"
post "/admin/users/$utarget/roles" "$EJ" role=registrar node="$rh"
expect_status 403 "unit admin: may not grant a role at RH (above the unit)"
post "/admin/users/$utarget/roles" "$EJ" role=admin node=0
expect_status 403 "unit admin: may not grant an installation-wide role"
post /org "$EJ" parent="$norr" kind=vardenhet name=Ny-enhet code=NY-NORR
expect_status 403 "unit admin: may not add a unit under RH-NORR"
post "/admin/users/$utarget/disable" "$EJ"
expect_status 403 "unit admin: may not disable accounts"
post "/admin/users/$utarget/password" "$EJ" password=Kapat-lösenord-123
expect_status 403 "unit admin: may not set others' passwords"
expect_eq 0 "$(q "SELECT COUNT(*) FROM role_assignment WHERE user_id = $utarget AND (node_id IS NULL OR node_id <> $vc)")" "unit admin: no grant outside the unit was written"
post "/admin/users/$target/roles" "$EJ" role=assigned_employee node="$vc"
expect_status 404 "unit admin: may not bring in sokande (no role at a unit: outside the scope)"
expect_eq 0 "$(q "SELECT COUNT(*) FROM role_assignment WHERE user_id = $target AND node_id IS NOT NULL")" "… nothing was written"

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

# --- /admin/users/{id} and its forms, by scope ---
# An admin sees, and acts on, an account only when it is in the admin's
# scope: every account for an installation admin; for an admin of a unit,
# the accounts holding a role at a unit inside that unit's subtree (the
# same rule as the list). Outside it the answer is 404, the same as for an
# id nobody has, so the ids of other accounts are not confirmed. Inside it
# the installation-only forms (disable, enable, profile, password) are 403.
DATALOTS_PASSWORD=Norr-admin-lösen-4711 cli user add norradmin --name "Norr Admin" --role admin@RH-NORR --db "$SRV_URL"
expect_eq 0 "$RC" "CLI: add norradmin with admin@RH-NORR"
# one set of targets per admin kind, so that one kind's changes do not
# decide the other's answers
for k in inst unit; do
    DATALOTS_PASSWORD=Mål-lösen-$k-4711 cli user add "in-$k" --name "Inne $k" --role verksamhetschef@VC-BJORK \
        --role assigned_employee@VC-SJO --db "$SRV_URL"
    expect_eq 0 "$RC" "CLI: in-$k holds roles at VC-BJORK and VC-SJO (inside RH-NORR)"
    DATALOTS_PASSWORD=Mål-lösen-$k-4711 cli user add "out-$k" --name "Ute $k" --role registrar@VC-EKH \
        --role coordinator@RH --db "$SRV_URL"
    expect_eq 0 "$RC" "CLI: out-$k holds roles at VC-EKH (RH-SODER) and RH (above RH-NORR)"
    DATALOTS_PASSWORD=Mål-lösen-$k-4711 cli user add "none-$k" --name "Ingen $k" --db "$SRV_URL"
    expect_eq 0 "$RC" "CLI: none-$k holds no role"
    DATALOTS_PASSWORD=Mål-lösen-$k-4711 cli user add "wide-$k" --name "Bred $k" --role applicant --db "$SRV_URL"
    expect_eq 0 "$RC" "CLI: wide-$k holds only an installation-wide role"
done
login norradmin Norr-admin-lösen-4711
expect_status 303 "norradmin signs in"
login admin
uid() { q "SELECT id FROM users WHERE username = '$1'"; }
gid_of() { q "SELECT r.id FROM role_assignment r JOIN users u ON u.id = r.user_id WHERE u.username = '$1' AND r.role = '$2'"; }
ghost=$(( $(q 'SELECT MAX(id) FROM users') + 1000 ))

# admin kind | target | route | expected status — written out by hand.
# targets: in (roles inside RH-NORR), out (roles only outside it), none (no
# role at all), wide (an installation-wide role only), self, ghost (no such
# account). routes: view = GET /admin/users/{id}; the POSTs roles (grant
# registrar@VC-BJORK), revoke (in: the VC-SJO grant; out: VC-EKH; wide: the
# applicant grant; none and ghost: in-<kind>'s VC-BJORK grant, which is not
# theirs; self: the own admin grant), disable, enable, profile, password,
# unlock (lift the sign-in back-off).
scope_matrix=(
    "inst|in|view|200"    "inst|in|revoke|303"    "inst|in|roles|303"    "inst|in|disable|303"
    "inst|in|enable|303"  "inst|in|profile|303"   "inst|in|password|303"
    "inst|out|view|200"   "inst|out|revoke|303"   "inst|out|roles|303"   "inst|out|disable|303"
    "inst|out|enable|303" "inst|out|profile|303"  "inst|out|password|303"
    "inst|none|view|200"  "inst|none|revoke|404"  "inst|none|roles|303"  "inst|none|disable|303"
    "inst|none|enable|303" "inst|none|profile|303" "inst|none|password|303"
    "inst|wide|view|200"  "inst|wide|revoke|303"  "inst|wide|roles|303"  "inst|wide|disable|303"
    "inst|wide|enable|303" "inst|wide|profile|303" "inst|wide|password|303"
    "inst|ghost|view|404" "inst|ghost|revoke|404" "inst|ghost|roles|404" "inst|ghost|disable|404"
    "inst|ghost|enable|404" "inst|ghost|profile|404" "inst|ghost|password|404"
    "inst|in|unlock|303"   "inst|out|unlock|303"   "inst|none|unlock|303" "inst|wide|unlock|303"
    "inst|ghost|unlock|404"
    "unit|in|view|200"    "unit|in|revoke|303"    "unit|in|roles|303"    "unit|in|disable|403"
    "unit|in|enable|403"  "unit|in|profile|403"   "unit|in|password|403"
    "unit|out|view|404"   "unit|out|revoke|404"   "unit|out|roles|404"   "unit|out|disable|404"
    "unit|out|enable|404" "unit|out|profile|404"  "unit|out|password|404"
    "unit|none|view|404"  "unit|none|revoke|404"  "unit|none|roles|404"  "unit|none|disable|404"
    "unit|none|enable|404" "unit|none|profile|404" "unit|none|password|404"
    "unit|wide|view|404"  "unit|wide|revoke|404"  "unit|wide|roles|404"  "unit|wide|disable|404"
    "unit|wide|enable|404" "unit|wide|profile|404" "unit|wide|password|404"
    "unit|ghost|view|404" "unit|ghost|revoke|404" "unit|ghost|roles|404" "unit|ghost|disable|404"
    "unit|ghost|enable|404" "unit|ghost|profile|404" "unit|ghost|password|404"
    "unit|in|unlock|403"   "unit|out|unlock|404"   "unit|none|unlock|404" "unit|wide|unlock|404"
    "unit|ghost|unlock|404"
    "unit|self|unlock|403"
    "unit|self|view|200"  "unit|self|revoke|409"  "unit|self|roles|303"  "unit|self|disable|403"
    "unit|self|enable|403" "unit|self|profile|403" "unit|self|password|403"
    "inst|self|unlock|303"
    "inst|self|view|200"  "inst|self|revoke|409"  "inst|self|roles|303"  "inst|self|disable|409"
    "inst|self|enable|303" "inst|self|profile|303" "inst|self|password|303"
)
# what the refused targets look like before (to show that nothing changed)
snapshot() {
    local u
    for u in out-unit none-unit wide-unit; do
        q "SELECT u.username, u.display_name, u.disabled, u.version, u.password_hash,
                  (SELECT COUNT(*) FROM role_assignment r WHERE r.user_id = u.id)
           FROM users u WHERE u.username = '$u'"
    done
}
before=$(snapshot)
for row in "${scope_matrix[@]}"; do
    IFS='|' read -r kind who route want <<<"$row"
    if [ "$kind" = inst ]; then J=$(jar admin); me=admin; else J=$(jar norradmin); me=norradmin; fi
    case $who in
        self) tname=$me ;;
        ghost) tname= ;;
        *) tname=$who-$kind ;;
    esac
    if [ -n "$tname" ]; then tid=$(uid "$tname"); else tid=$ghost; fi
    case $route in
        view) http GET "/admin/users/$tid" "$J" ;;
        revoke)
            case $who in
                in) g=$(gid_of "$tname" assigned_employee) ;;
                out) g=$(gid_of "$tname" registrar) ;;
                wide) g=$(gid_of "$tname" applicant) ;;
                self) g=$(gid_of "$tname" admin) ;;
                *) g=$(gid_of "in-$kind" verksamhetschef) ;;
            esac
            post "/admin/users/$tid/roles/$g/revoke" "$J" ;;
        roles) post "/admin/users/$tid/roles" "$J" role=registrar node="$vc" ;;
        disable | enable | unlock) post "/admin/users/$tid/$route" "$J" ;;
        profile)
            ver=$(q "SELECT version FROM users WHERE id = $tid")
            post "/admin/users/$tid/profile" "$J" version="${ver:-1}" display_name="Ändrad av $kind" email=x@example.org ;;
        password) post "/admin/users/$tid/password" "$J" password=Nytt-matris-lösen-4711 ;;
    esac
    if [ "$STATUS" = "$want" ]; then ok "$kind admin, $who, $route → $want"
    else not_ok "$kind admin, $who, $route → $want" "got $STATUS: $(excerpt 200)"; fi
done
expect_eq "$before" "$(snapshot)" "the unit admin's 404s changed nothing (name, status, version, password, roles)"
login admin Nytt-matris-lösen-4711
expect_status 303 "admin signs in with the password set on the own page"

# a 404 for an account outside the scope is the 404 for an id nobody has
NJ=$(jar norradmin)
http GET "/admin/users/$ghost" "$NJ"
sed "s,%2F$ghost\",%2FID\"," "$BODY" >"$T/ghost.html" # the page's own path, in the language link
oid=$(uid out-unit)
http GET "/admin/users/$oid" "$NJ"
sed "s,%2F$oid\",%2FID\"," "$BODY" >"$T/out.html"
if [ "$STATUS" = 404 ] && cmp -s "$T/out.html" "$T/ghost.html"; then ok "unit admin: an account outside the scope looks like no account (the same 404 page)"
else not_ok "unit admin: an account outside the scope looks like no account (the same 404 page)" "$STATUS: $(diff "$T/ghost.html" "$T/out.html" | head -10)"; fi
expect_body_lacks "Ute unit" "… and does not show its name"
# the exact-username lookup finds only accounts in the scope
http GET "/admin/users?username=out-unit" "$NJ"
expect_status 200 "unit admin: looking up an account outside the scope does not redirect to it"
expect_body_has "Det finns ingen användare med det användarnamnet." "… it says there is no such account"
http GET "/admin/users?username=in-unit" "$NJ"
expect_status 303 "unit admin: looking up an account in the scope redirects to it"
expect_header Location "^/admin/users/$(uid in-unit)\$" "… to its page"
http GET "/admin/users?username=none-inst" "$(jar admin)"
expect_status 303 "installation admin: looking up an account with no role redirects to it"
# the list shows the same accounts the pages do
http GET /admin/users "$NJ"
expect_body_has ">in-unit<" "unit admin's list: in-unit"
expect_body_lacks ">out-unit<" "unit admin's list: not out-unit"
expect_body_lacks ">none-unit<" "unit admin's list: not none-unit"
expect_body_lacks ">wide-unit<" "unit admin's list: not wide-unit"


# --- at most 64 role grants per account (AUTHZ_MAX_GRANTS) ---
DATALOTS_PASSWORD=Många-roller-4711 cli user add manga --name "Många Roller" --role registrar@RH --db "$SRV_URL"
expect_eq 0 "$RC" "CLI: add manga with registrar@RH"
mid=$(uid manga)
rolelist="SELECT 'coordinator' AS role UNION ALL SELECT 'samrad_member' UNION ALL SELECT 'confidentiality_reviewer'
          UNION ALL SELECT 'verksamhetschef' UNION ALL SELECT 'assigned_employee' UNION ALL SELECT 'regionomradeschef'
          UNION ALL SELECT 'forvaltningsdirektor' UNION ALL SELECT 'data_analysis'"
q "INSERT INTO role_assignment(user_id, role, node_id, granted_at)
   SELECT $mid, r.role, o.id, '2026-01-01T00:00:00Z' FROM org_node o CROSS JOIN ($rolelist) r
   ORDER BY o.id, r.role LIMIT 62"
expect_eq 63 "$(q "SELECT COUNT(*) FROM role_assignment WHERE user_id = $mid")" "manga holds 63 grants"
login manga Många-roller-4711
MJ=$(jar manga)
http GET /diarium/new "$MJ"
expect_status 200 "manga (63 grants, registrar@RH first) may register"
post "/admin/users/$mid/roles" "$(jar admin)" role=registrar node=0
expect_status 422 "admin: a unit role for the whole installation is 422"
expect_body_has "måste ges vid en enhet" "… saying it needs a unit (not that it is held already)"
post "/admin/users/$mid/roles" "$(jar admin)" role=editor node=0
expect_status 303 "admin grants the 64th role on the web"
post "/admin/users/$mid/roles" "$(jar admin)" role=applicant node=0
expect_status 409 "admin: a 65th role is refused on the web (409)"
expect_body_has "Användaren har redan 64 roller, så många som ett konto kan ha. Ta bort en roll innan du ger en ny." "… with a sentence saying what to do"
cli user role manga --add network_coordinator --db "$SRV_URL"
expect_eq 1 "$RC" "CLI: a 65th role is refused (exit 1)"
expect_match "redan 64 roller" "$ERR" "… with the same sentence"
expect_eq 64 "$(q "SELECT COUNT(*) FROM role_assignment WHERE user_id = $mid")" "manga still holds 64 grants"
# two rows past the limit, as a store from before the limit may have them
q "INSERT INTO role_assignment(user_id, role, node_id, granted_at) VALUES ($mid, 'obstacle_analyst', NULL, '2026-01-01T00:00:00Z')" \
  "INSERT INTO role_assignment(user_id, role, node_id, granted_at) VALUES ($mid, 'network_coordinator', NULL, '2026-01-01T00:00:00Z')"
http GET "/admin/users/$mid" "$(jar admin)"
expect_status 200 "admin: the page of an account with 66 grants"
expect_eq 66 "$(grep -o "/admin/users/$mid/roles/[0-9]*/revoke" "$BODY" | sort -u | wc -l)" "… lists all 66 grants, each with its revoke button"
expect_body_has "fler roller än de 64" "… and says that none of them applies at sign-in"
http GET /diarium/new "$MJ"
expect_status 403 "manga with 66 grants: no role is loaded (not the first 64 silently)"
login manga Många-roller-4711
http GET /diarium/new "$MJ"
expect_status 403 "… also after signing in again"
last=$(q "SELECT MAX(id) FROM role_assignment WHERE user_id = $mid")
post "/admin/users/$mid/roles/$last/revoke" "$(jar admin)"
expect_status 303 "admin revokes the 66th grant on the web"
cli user role manga --remove obstacle_analyst --db "$SRV_URL"
expect_eq 0 "$RC" "CLI: removes the 65th grant"
expect_eq 64 "$(q "SELECT COUNT(*) FROM role_assignment WHERE user_id = $mid")" "manga holds 64 grants again"
http GET /diarium/new "$MJ"
expect_status 200 "manga with 64 grants may register again"
http GET "/admin/users/$mid" "$(jar admin)"
expect_body_lacks "fler roller än de 64" "the page no longer warns"

finish
