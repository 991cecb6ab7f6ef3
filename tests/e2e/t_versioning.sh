#!/usr/bin/env bash
# t_versioning.sh — optimistic concurrency: an edit names the version it
# started from; a stale edit gets 409 with what changed, never a silent
# overwrite (user profile and organisation unit, on whichever store the
# suite runs on).
. "$(dirname "$0")/lib.sh"

start_server || finish
login admin
A1=$(jar admin)
login_jar "$T/jar.admin2" admin
A2=$T/jar.admin2
rid=$(q "SELECT id FROM users WHERE username = 'registrator'")

# --- user profile ---
http GET "/admin/users/$rid" "$A1"
v=$(grep -o 'name="version" value="[0-9]*"' "$BODY" | grep -o '[0-9]*' | head -1)
expect_match '^[0-9]+$' "$v" "the profile form carries the record's version"
post "/admin/users/$rid/profile" "$A1" "version=$v" "display_name=Rolf Första" "email=rolf@example.se"
expect_status 303 "a save at the current version is accepted"
expect_eq "Rolf Första" "$(q "SELECT display_name FROM users WHERE id = $rid")" "the first save is stored"
post "/admin/users/$rid/profile" "$A2" "version=$v" "display_name=Rolf Andra" "email=rolf@example.se"
expect_status 409 "a save at the old version is refused with 409"
expect_body_has "Någon annan har ändrat uppgifterna" "the refusal says someone else changed it"
expect_body_has "Rolf Första" "the refusal shows what is saved now"
expect_body_has "Rolf Andra" "the refusal shows what the user sent"
expect_eq "Rolf Första" "$(q "SELECT display_name FROM users WHERE id = $rid")" "the stale save overwrote nothing"
nv=$(grep -o 'name="version" value="[0-9]*"' "$BODY" | grep -o '[0-9]*' | head -1)
expect_eq $((v + 1)) "$nv" "the conflict page offers the new version to save on"
post "/admin/users/$rid/profile" "$A2" "version=$nv" "display_name=Rolf Andra" "email=rolf@example.se"
expect_status 303 "saving again on the new version is accepted"
expect_eq "Rolf Andra" "$(q "SELECT display_name FROM users WHERE id = $rid")" "the deliberate second save is stored"
post "/admin/users/$rid/profile" "$A1" "version=abc" "display_name=X"
expect_status 422 "a malformed version is refused"
post "/admin/users/999999/profile" "$A1" "version=1" "display_name=X"
expect_status 404 "editing a missing user is 404"
expect_eq 2 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'user.update'")" "each accepted save is audited, refused ones are not"

# --- organisation unit ---
uid=$(q "SELECT id FROM org_node WHERE code = 'VC-BJORK'")
http GET "/org/$uid" "$A1"
expect_status 200 "the unit edit page opens for an admin"
v=$(grep -o 'name="version" value="[0-9]*"' "$BODY" | grep -o '[0-9]*' | head -1)
post "/org/$uid" "$A1" "version=$v" "name=Vårdcentralen Björkdalen Centrum"
expect_status 303 "renaming at the current version is accepted"
post "/org/$uid" "$A2" "version=$v" "name=VC Björkdalen"
expect_status 409 "a rename at the old version is refused with 409"
expect_body_has "Vårdcentralen Björkdalen Centrum" "the refusal shows the saved name"
expect_eq "Vårdcentralen Björkdalen Centrum" "$(q "SELECT name FROM org_node WHERE id = $uid")" "the stale rename overwrote nothing"

# --- who may edit a unit ---
login registrator
http GET "/org/$uid" "$(jar registrator)"
expect_status 403 "a registrar may not edit units"
post "/org/$uid" "$(jar registrator)" "version=$v" "name=Hack"
expect_status 403 "a registrar's edit is refused"

finish
