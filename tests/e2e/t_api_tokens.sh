#!/usr/bin/env bash
# t_api_tokens.sh — API tokens and the JSON API for cases (issue 14 item 9):
# an admin makes a token on /admin/api-tokens (shown once) and from the
# shell; "Authorization: Bearer" on /api/v1/ signs the request in as the
# token's grant (the case list, a case, its documents, a step through the
# transition table, no CSRF token needed); the token is refused (401 with a
# sentence) once revoked, past its day, unknown or malformed, and the
# header is ignored on HTML pages (sign-in redirect, CSRF still asked).
# Cases outside the token's unit are not found (404, as on the pages); a
# step its role may not take is refused (403). Each use leaves an audit row
# (at most one a minute per token); the token is never in the server's
# logs, the access log or the store.
. "$(dirname "$0")/lib.sh"

start_server || finish
cli demo cases --db "$SRV_URL" --count 40 --seed 7
expect_eq 0 "$RC" "demo cases added"
RH=$(q "SELECT id FROM org_node WHERE code = 'RH'")
SODER=$(q "SELECT id FROM org_node WHERE code = 'RH-SODER'")
TOMORROW=$(date -u -d tomorrow +%F)
NEXT_MONTH=$(date -u -d '+30 days' +%F)
TOKEN_RE='dl_[0-9a-f]{64}'
api() { # api METHOD PATH TOKEN [curl args...]
    local m=$1 p=$2 t=$3
    shift 3
    http "$m" "$p" - -H "Authorization: Bearer $t" "$@"
}
json() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval("d" + sys.argv[2]))' "$BODY" "$1" 2>/dev/null; }

# --- made on the page (CSRF'd form), shown once --------------------------------
login admin
A=$(jar admin)
http GET /admin/api-tokens "$A"
expect_status 200 "the admin opens /admin/api-tokens"
expect_body_has 'name="expires"' "…with the form"
post /admin/api-tokens "$A" "name=Rapportsystem" "role=coordinator" "node=$RH" "expires=$NEXT_MONTH"
expect_status 201 "a token is made on the page"
PAGE_TOKEN=$(grep -oE "$TOKEN_RE" "$BODY" | head -1)
expect_match "^$TOKEN_RE\$" "$PAGE_TOKEN" "…and shown once"
http GET /admin/api-tokens "$A"
expect_body_has "Rapportsystem" "the list names it"
expect_no_match "$PAGE_TOKEN" "$(cat "$BODY")" "…and never shows the token again"
http POST /admin/api-tokens "$A" --data-urlencode "name=x" --data-urlencode "role=coordinator" \
    --data-urlencode "node=$RH" --data-urlencode "expires=$NEXT_MONTH"
expect_status 403 "a form without its CSRF token is refused"
for bad in "expires=2020-01-01" "expires=$(date -u -d '+400 days' +%F)" "expires=31/12/2026"; do
    post /admin/api-tokens "$A" "name=Fel" "role=coordinator" "node=$RH" "$bad"
    expect_status 422 "a bad expiry ($bad) is refused"
done
post /admin/api-tokens "$A" "name=Fel" "role=registrar" "node=0" "expires=$TOMORROW"
expect_status 422 "a unit's role for the whole installation is refused"
expect_eq 1 "$(q "SELECT COUNT(*) FROM api_token")" "…and nothing more is stored"
login samordnare
post /admin/api-tokens "$(jar samordnare)" "name=Egen" "role=admin" "node=0" "expires=$TOMORROW"
expect_status 403 "a coordinator may not make tokens"

# --- made from the shell ---------------------------------------------------------
cli api-token create --db "$SRV_URL" --name "Söder-systemet" --role coordinator --org RH-SODER --expires "$TOMORROW"
expect_eq 0 "$RC" "datalots api-token create"
SODER_TOKEN=$(printf '%s' "$OUT" | grep -oE "$TOKEN_RE")
expect_match "^$TOKEN_RE\$" "$SODER_TOKEN" "…prints the token"
cli api-token create --db "$SRV_URL" --name "x" --role coordinator --org NOPE --expires "$TOMORROW"
expect_eq 1 "$RC" "an unknown unit is refused"
cli api-token create --db "$SRV_URL" --name "x" --role coordinator --org RH
expect_eq 2 "$RC" "--expires is required"
cli api-token create --db "$SRV_URL" --name "Utgår" --role coordinator --org RH --expires "$TOMORROW"
OLD_TOKEN=$(printf '%s' "$OUT" | grep -oE "$TOKEN_RE")
OLD_ID=$(q "SELECT id FROM api_token WHERE name = 'Utgår'")
q "UPDATE api_token SET expires_at = 1000 WHERE id = $OLD_ID" >/dev/null
cli api-token list --db "$SRV_URL"
expect_match "Söder-systemet	coordinator	Regionområde Söder" "$OUT" "datalots api-token list"
expect_match "Utgår.*expired" "$OUT" "…with the expired one as expired"

# --- the API with a token ------------------------------------------------------------
api GET /api/v1/cases "$PAGE_TOKEN"
expect_status 200 "the case list with a token"
N=$(json '["queue"]["total"]')
expect_match '^[1-9][0-9]*$' "$N" "…shows the coordinator's queue"
# The generator leaves few cases where a coordinator acts: one is put back
# to received (the step below is the transition table's, as on the page).
CASE=$(q "SELECT c.id FROM cases c JOIN org_node o ON o.id = c.target_node_id WHERE c.state = 'delivered'
          AND o.path NOT LIKE (SELECT path FROM org_node WHERE code = 'RH-SODER') || '%'
          AND NOT EXISTS (SELECT 1 FROM case_unit u WHERE u.case_id = c.id) ORDER BY c.id LIMIT 1")
q "UPDATE cases SET state = 'received' WHERE id = $CASE" >/dev/null
VERSION=$(q "SELECT version FROM cases WHERE id = $CASE")
api GET "/api/v1/cases/$CASE" "$PAGE_TOKEN"
expect_status 200 "one case with a token"
expect_eq received "$(json '["state"]')" "…in its state"
expect_match "request_completion" "$(json '["events_allowed"]')" "…with the steps the role may take"
api GET "/api/v1/cases/$CASE/documents" "$PAGE_TOKEN"
expect_status 200 "its documents"
api GET "/api/v1/cases?state=bogus" "$PAGE_TOKEN"
expect_status 400 "an unknown state filter is refused"
# Outside its unit: not found, as on the pages.
api GET "/api/v1/cases/$CASE" "$SODER_TOKEN"
expect_status 404 "a token of another unit does not see the case"
api POST "/api/v1/cases/$CASE/events/request_completion" "$SODER_TOKEN" --data-urlencode "version=$VERSION" \
    --data-urlencode "text=Bifoga etikprövningens beslut."
expect_status 404 "…nor step it"
# A step its role may not take: forbidden.
api POST "/api/v1/cases/$CASE/events/withdraw" "$PAGE_TOKEN" --data-urlencode "version=$VERSION"
expect_status 403 "a step the token's role may not take is refused"
expect_match '"message":"[^"]{12,}' "$(cat "$BODY")" "…with a sentence"
# A step through the transition table, with no CSRF token.
api POST "/api/v1/cases/$CASE/events/request_completion" "$PAGE_TOKEN" --data-urlencode "version=$VERSION" \
    --data-urlencode "text=Bifoga etikprövningens beslut."
expect_status 200 "a step with a token (no CSRF token needed)"
expect_eq completion_requested "$(json '["state"]')" "…moves the case"
TOKEN_USER=$(q "SELECT user_id FROM api_token WHERE name = 'Rapportsystem'")
expect_eq 1 "$(q "SELECT COUNT(*) FROM case_event WHERE case_id = $CASE AND event = 'request_completion' AND actor_user_id = $TOKEN_USER")" \
    "…recorded in the timeline as the token's account"
api POST "/api/v1/cases/$CASE/events/request_completion" "$PAGE_TOKEN" --data-urlencode "version=$VERSION" \
    --data-urlencode "text=igen"
expect_status '409|422' "the same step on an old version is refused"

# --- refusals: 401 with a sentence ---------------------------------------------------------
refused() { # refused DESC [curl args...]
    local desc=$1
    shift
    http GET /api/v1/cases - "$@"
    expect_status 401 "$desc"
    expect_match '"message":"[^"]{12,}' "$(cat "$BODY")" "…with a sentence"
    expect_header WWW-Authenticate '^Bearer' "…and a Bearer challenge"
}
refused "an expired token" -H "Authorization: Bearer $OLD_TOKEN"
refused "an unknown token" -H "Authorization: Bearer dl_$(printf '0%.0s' $(seq 1 64))"
refused "a malformed token" -H "Authorization: Bearer dl_' OR '1'='1"
refused "another scheme" -H "Authorization: Basic YWRtaW46YWRtaW4="
refused "a bare scheme" -H "Authorization: Bearer"
refused "the token twice" -H "Authorization: Bearer $PAGE_TOKEN $PAGE_TOKEN"
refused "an oversized header" -H "Authorization: Bearer $(head -c 6000 /dev/zero | tr '\0' a)"
refused "script in the header" -H "Authorization: Bearer <script>alert(1)</script>"
expect_body_lacks "<script>" "…not echoed"
# With a session cookie too: the header decides, no cookie is read.
http GET /api/v1/cases "$A" -H "Authorization: Bearer dl_junk"
expect_status 401 "a bad token is refused even beside a session cookie"

# Revoked on the page (CSRF'd button), then refused.
PAGE_ID=$(q "SELECT id FROM api_token WHERE name = 'Rapportsystem'")
post "/admin/api-tokens/$PAGE_ID/revoke" "$A"
expect_status 303 "the admin revokes the token"
refused "a revoked token" -H "Authorization: Bearer $PAGE_TOKEN"
expect_body_has "återkallad" "…saying so"
refused "…in English when asked" -H "Authorization: Bearer $PAGE_TOKEN" -H "Accept-Language: en"
expect_body_has "has been revoked" "…saying so in English"
post "/admin/api-tokens/$PAGE_ID/revoke" "$A"
expect_status 409 "a second revocation is refused"
cli api-token revoke --db "$SRV_URL" "$(q "SELECT id FROM api_token WHERE name = 'Söder-systemet'")"
expect_eq 0 "$RC" "datalots api-token revoke"
refused "a token revoked from the shell" -H "Authorization: Bearer $SODER_TOKEN"

# --- never on HTML pages --------------------------------------------------------------------
cli api-token create --db "$SRV_URL" --name "Sidor" --role admin --expires "$TOMORROW"
ADMIN_TOKEN=$(printf '%s' "$OUT" | grep -oE "$TOKEN_RE")
http GET /cases - -H "Authorization: Bearer $ADMIN_TOKEN"
expect_status 303 "a token on an HTML page is ignored"
expect_header Location '^/login' "…the page asks to sign in"
http GET /admin/api-tokens - -H "Authorization: Bearer $ADMIN_TOKEN"
expect_status 303 "…also on /admin/api-tokens"
http POST /admin/api-tokens - -H "Authorization: Bearer $ADMIN_TOKEN" --data-urlencode "name=x" \
    --data-urlencode "role=admin" --data-urlencode "node=0" --data-urlencode "expires=$TOMORROW"
expect_status 403 "…and a form posted with it still needs a CSRF token"
# A session on the API still needs CSRF for a step.
http POST "/api/v1/cases/$CASE/events/withdraw" "$A" --data-urlencode "version=1"
expect_status 403 "a session on the API needs its CSRF token"
http GET /api/v1/cases "$A"
expect_status 200 "…and reads with the session as before"

# --- audit, and no token in any log or the store ------------------------------------------
USES=$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'api_token.use' AND object_id = '$PAGE_ID'")
expect_eq 1 "$USES" "a token's uses within a minute leave one audit row"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'api_token.create' AND object_id = '$PAGE_ID'")" "its creation is audited"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'api_token.revoke' AND object_id = '$PAGE_ID'")" "…and its revocation"
for t in "$PAGE_TOKEN" "$SODER_TOKEN" "$OLD_TOKEN" "$ADMIN_TOKEN"; do
    hex=${t#dl_}
    check "the token is in no log" bash -c "! grep -rqF '${hex:0:24}' '$SRV_DIR'/*.log '$SRV_ERR' '$SRV_OUT' 2>/dev/null"
done
expect_eq 0 "$(q "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%${PAGE_TOKEN:3:24}%'")" "…nor in the audit log"
expect_eq 0 "$(q "SELECT COUNT(*) FROM api_token WHERE token_hash LIKE '%${PAGE_TOKEN:3:24}%'")" "…nor stored"
check "the access log has the API requests" grep -q '/api/v1/cases' "$SRV_LOG"
finish
