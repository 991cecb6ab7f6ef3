#!/usr/bin/env bash
# t_audit.sh — the audit log: what is recorded, `datalots audit verify`
# (intact, a changed row, a removed row, the newest row removed, a forged
# row) and the chain status on /admin/audit.
. "$(dirname "$0")/lib.sh"

start_server || finish
DB=$SRV_URL

# --- some activity ---
login registrator
RJ=$(jar registrator)
login_jar "$T/jar.bad" samordnare wrong-password-4711
post /diarium "$RJ" org=1 doc_date=2026-03-07 direction=out "counterpart=Revisorn" "subject=Granskning"
post /diarium "$RJ" org=1 doc_date=2026-03-07 direction=in counterpart=Hemlig subject=Hemligt confidential=1 "legal_ref=OSL 21 kap. 1 §"
cid=$(hdr Location | sed 's,.*/,,')
http GET "/diarium/$cid" "$RJ"
login admin
AJ=$(jar admin)
post /org "$AJ" parent=1 kind=regionomrade "name=Regionområde Väst" code=RH-VAST
post /admin/users "$AJ" username=granskad display_name="Granskad Person" password=Granskad-lösen-99
for a in auth.login auth.login_failed diary.register diary.read_confidential org.create user.create; do
    n=$(q "SELECT COUNT(*) FROM audit_log WHERE action = '$a'")
    if [ "${n:-0}" -gt 0 ]; then ok "the audit log records $a"; else not_ok "the audit log records $a"; fi
done
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login_failed' AND actor = 'samordnare'")" "a failed sign-in is audited under the username"
if q "SELECT * FROM audit_log" | grep -q 'wrong-password-4711\|Granskad-lösen-99'; then not_ok "no password in the audit log"; else ok "no password in the audit log"; fi

# --- intact ---
last=$(q 'SELECT MAX(seq) FROM audit_log')
expect_eq "$last" "$(q 'SELECT COUNT(*) FROM audit_log')" "seq runs 1..$last"
cli audit verify --db "$DB"
expect_eq 0 "$RC" "audit verify exits 0"
expect_match "intact: $last rows" "$OUT" "audit verify: intact, $last rows"
http GET /admin/audit "$AJ"
expect_status 200 "admin: /admin/audit is 200"
expect_body_has 'Kedjan är hel' "/admin/audit says the chain is whole"
expect_body_has "Antal rader: $last" "/admin/audit counts $last rows"

q 'CREATE TABLE audit_backup AS SELECT * FROM audit_log'
restore() {
    q 'DELETE FROM audit_log; INSERT INTO audit_log SELECT * FROM audit_backup ORDER BY seq'
    cli audit verify --db "$DB"
    [ "$RC" = 0 ] || not_ok "restored audit log verifies" "$OUT"
}

# --- a changed row ---
mid=$((last / 2))
q "UPDATE audit_log SET detail = detail || ' (ändrad)' WHERE seq = $mid"
cli audit verify --db "$DB"
expect_eq 1 "$RC" "a changed detail: audit verify exits 1"
expect_match "BROKEN at row $mid\b" "$OUT" "a changed detail: BROKEN at row $mid"
http GET /admin/audit "$AJ"
expect_body_has "Kedjan är bruten vid rad $mid" "/admin/audit shows the chain broken at row $mid"
expect_body_lacks 'Kedjan är hel' "/admin/audit no longer says whole"
restore
q "UPDATE audit_log SET actor = 'någon annan' WHERE seq = 3"
cli audit verify --db "$DB"
expect_match 'BROKEN at row 3\b' "$OUT" "a changed actor: BROKEN at row 3"
restore
q "UPDATE audit_log SET at = '2020-01-01T00:00:00Z' WHERE seq = $last"
cli audit verify --db "$DB"
expect_match "BROKEN at row $last\b" "$OUT" "a changed time on the newest row: BROKEN at row $last"
restore
q "UPDATE audit_log SET hash = prev_hash WHERE seq = 2"
cli audit verify --db "$DB"
expect_match 'BROKEN at row 2\b' "$OUT" "a replaced hash: BROKEN at row 2"
restore

# --- a removed row ---
q "DELETE FROM audit_log WHERE seq = 5"
cli audit verify --db "$DB"
expect_eq 1 "$RC" "a removed row: audit verify exits 1"
expect_match 'BROKEN at row 6\b' "$OUT" "a removed row 5: BROKEN at row 6 (the gap)"
restore
q "DELETE FROM audit_log WHERE seq = 1"
cli audit verify --db "$DB"
expect_match 'BROKEN at row 2\b' "$OUT" "the first row removed: BROKEN at row 2"
restore

# --- the newest row removed ---
q "DELETE FROM audit_log WHERE seq = $last"
cli audit verify --db "$DB"
expect_eq 1 "$RC" "the newest row removed: audit verify exits 1"
expect_match "BROKEN at row $last\b" "$OUT" "the newest row removed: BROKEN at row $last"
http GET /admin/audit "$AJ"
expect_body_has "Kedjan är bruten vid rad $last" "/admin/audit shows the removal of the newest row"
restore

# --- a forged row appended ---
q "INSERT INTO audit_log(seq, at, actor_user_id, actor, action, object_type, object_id, before_digest, after_digest, detail, prev_hash, hash)
   SELECT seq + 1, at, actor_user_id, 'falsk', action, object_type, object_id, before_digest, after_digest, 'förfalskad', hash, hash FROM audit_log WHERE seq = $last"
cli audit verify --db "$DB"
expect_eq 1 "$RC" "a forged row: audit verify exits 1"
expect_match "BROKEN at row $((last + 1))\b" "$OUT" "a forged row: BROKEN at row $((last + 1))"
restore

cli audit verify --db "$DB"
expect_eq 0 "$RC" "after restoring, audit verify exits 0 again"
http GET /admin/audit "$AJ"
expect_body_has 'Kedjan är hel' "/admin/audit says whole again"
http GET /admin/audit "$RJ"
expect_status 403 "registrator: /admin/audit is 403"

# --- appending continues the chain ---
post /diarium "$RJ" org=1 doc_date=2026-03-07 direction=out counterpart=Efter subject=Efter
expect_status 303 "a registration after the checks"
cli audit verify --db "$DB"
expect_eq 0 "$RC" "the chain is whole after more appends"
expect_match "intact: $((last + 1)) rows" "$OUT" "one more row"

finish
