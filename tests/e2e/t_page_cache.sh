#!/usr/bin/env bash
# t_page_cache.sh — rendered pages kept in memory (src/web/page_cache.c):
# the coordinator's queue and a case page come from the cache when nothing
# changed (byte for byte what rendering gives), and are rendered anew on the
# very next request after any write — by this server, by another process
# (the CLI), or by SQL straight into the store as another app server would;
# writes to the tables people touch while only reading (sessions) don't
# count. Each viewer and language has their own page, each API token its
# own case list (a revoked token gets 401, never a kept list); a signed-out
# viewer gets the sign-in page, never a kept one; --page-cache 0 keeps
# nothing.
. "$(dirname "$0")/lib.sh"

start_server || finish
cli demo cases --db "$SRV_URL" --count 40 --seed 7
expect_eq 0 "$RC" "datalots demo cases added cases to the running server's store"

login samordnare
J=$(jar samordnare)
http GET /cases "$J"
expect_status 200 "the coordinator's queue"
expect_header X-Page-Cache '^miss$' "the first look at the queue is rendered"
cp "$BODY" "$T/queue.1"
http GET /cases "$J"
expect_header X-Page-Cache '^hit$' "the second look, with nothing changed, comes from the cache"
check "the kept queue is byte for byte the rendered one" cmp -s "$T/queue.1" "$BODY"

# A write by another process (the CLI adds a case): the next request renders.
v0=$(q 'SELECT n FROM store_version')
cli demo cases --db "$SRV_URL" --count 1 --seed 8
v1=$(q 'SELECT n FROM store_version')
check "adding a case raised the store's change counter ($v0 → $v1)" test "$v1" -gt "$v0"
http GET /cases "$J"
expect_header X-Page-Cache '^miss$' "after a case was added the queue is rendered anew"
http GET /cases "$J"
expect_header X-Page-Cache '^hit$' "…and is kept again"

# SQL straight into the store, as another app server sharing it would write.
newest=$(q "SELECT MAX(id) FROM cases WHERE state NOT IN ('draft','delivered','refused','withdrawn')")
q "UPDATE cases SET diary_number = 'RH CACHE-PROV-1' WHERE id = $newest" >/dev/null
http GET /cases "$J"
expect_header X-Page-Cache '^miss$' "a change written by SQL outside this server is seen at once"
expect_body_has "RH CACHE-PROV-1" "the queue shows the diary number written a moment ago"

# The case page, and a transition made on this server.
http GET "/cases/$newest" "$J"
expect_status 200 "the case page"
http GET "/cases/$newest" "$J"
expect_header X-Page-Cache '^hit$' "the case page, read again, comes from the cache"
cp "$BODY" "$T/case.1"
q "UPDATE cases SET decision_conditions = 'Villkor skrivet i prov' WHERE id = $newest" >/dev/null
http GET "/cases/$newest" "$J"
expect_header X-Page-Cache '^miss$' "the case page after its case changed is rendered anew"

# Tables written while people only read don't count as changes.
v2=$(q 'SELECT n FROM store_version')
q "UPDATE sessions SET last_seen_at = last_seen_at" >/dev/null
expect_eq "$v2" "$(q 'SELECT n FROM store_version')" "a session's last activity does not raise the counter"
http GET "/cases/$newest" "$J"
expect_header X-Page-Cache '^hit$' "…so the page stays kept"

# Each viewer has their own page: the director, signed in too (a sign-in is
# a registered write, so both pages are rendered once after it), is never
# shown samordnare's page (their name is in its header), and each one's own
# page is kept side by side.
name=$(q "SELECT display_name FROM users WHERE username = 'samordnare'")
login direktor
D=$(jar direktor)
http GET /cases "$J"
http GET /cases "$D"
expect_status 200 "the director's queue"
expect_header X-Page-Cache '^miss$' "another viewer's first look is rendered, not taken from samordnare's"
expect_body_lacks "$name" "the director's page does not carry samordnare's name"
http GET /cases "$J"
expect_header X-Page-Cache '^hit$' "samordnare's own page is kept"
expect_body_has "$name" "…and is samordnare's"
http GET /cases "$D"
expect_header X-Page-Cache '^hit$' "the director's own page is kept beside it"
expect_body_lacks "$name" "…and is the director's"

# Each language has its own page.
http GET /cases "$J" -H 'Accept-Language: en'
expect_header X-Page-Cache '^miss$' "the English queue is rendered on its first look"
expect_body_has 'lang="en"' "…in English"
http GET /cases "$J" -H 'Accept-Language: en'
expect_header X-Page-Cache '^hit$' "…and then kept"

# Revalidation: a kept page carries an ETag (a digest of its bytes) and
# asks the browser to check again each time; a check that still names the
# page gets a 304 without a body, also when the page had to be rendered
# anew but came out the same; a changed page gets its new bytes.
A=$(jar anonymous)
http GET /diarium "$A"
expect_status 200 "the public diary, signed out"
http GET /diarium "$A"
expect_header X-Page-Cache '^hit$' "the public diary, read again, comes from the cache"
expect_header ETag '^"[0-9a-f]{32}"$' "…with an ETag"
expect_header Cache-Control '^private, no-cache$' "…that the browser must check again before using it"
expect_no_header_value() { grep -qi "^$1: *$2" "$HDRS" && check "$3" false || check "$3" true; }
expect_no_header_value Cache-Control 'no-store' "…and may keep (no no-store)"
tag=$(hdr ETag)
cp "$BODY" "$T/diary.1"
http GET /diarium "$A" -H "If-None-Match: $tag"
expect_status 304 "a check with the page's ETag gets 304 Not Modified"
check "…without a body" test ! -s "$BODY"
http GET /diarium "$A" -H "If-None-Match: \"00000000000000000000000000000000\", W/$tag"
expect_status 304 "…also when the tag is one of several, weak"
http GET /diarium "$A" -H 'If-None-Match: "00000000000000000000000000000000"'
expect_status 200 "a check with another tag gets the page"
check "…the same bytes" cmp -s "$T/diary.1" "$BODY"
http GET /diarium "$A" -H 'If-None-Match: garbage, "'
expect_status 200 "a malformed If-None-Match gets the page"
q "UPDATE sessions SET last_seen_at = last_seen_at" >/dev/null
q "UPDATE store_version SET n = n + 1" >/dev/null
http GET /diarium "$A" -H "If-None-Match: $tag"
expect_header X-Page-Cache '^miss$' "after the counter moved the diary is rendered anew"
expect_status 304 "…and, being the same page, still answers 304"
entry=$(q "SELECT MAX(id) FROM diary_entry WHERE confidential = 0")
q "UPDATE diary_entry SET subject = 'Ändrad i prov för ETag' WHERE id = $entry" >/dev/null
http GET /diarium "$A" -H "If-None-Match: $tag"
expect_status 200 "after a diary entry changed the old tag gets the new page"
expect_body_has 'Ändrad i prov för ETag' "…with the change"
check "…under a new ETag" test "$(hdr ETag)" != "$tag"
http GET "/diarium/$entry" "$A"
http GET "/diarium/$entry" "$A"
expect_header X-Page-Cache '^hit$' "a diary entry's page comes from the cache"
expect_header ETag '^"[0-9a-f]{32}"$' "…with an ETag"
http GET /login "$A"
expect_no_header ETag "a page that is not kept (sign-in) has no ETag"
expect_header Cache-Control '^no-store$' "…and is not to be stored"

# The API's case list with API tokens: each token has its own kept list
# (its grant is the token's, not another token's), and the token is checked
# before the cache is asked — revoked after its list was kept, it gets 401.
TOMORROW=$(date -u -d tomorrow +%F)
cli api-token create --db "$SRV_URL" --name "Cache RH" --role coordinator --org RH --expires "$TOMORROW"
RH_TOKEN=$(printf '%s' "$OUT" | grep -oE 'dl_[0-9a-f]{64}')
cli api-token create --db "$SRV_URL" --name "Cache Söder" --role coordinator --org RH-SODER --expires "$TOMORROW"
SODER_TOKEN=$(printf '%s' "$OUT" | grep -oE 'dl_[0-9a-f]{64}')
ALL='/api/v1/cases?state=all'
items() { grep -o '"id":' "$BODY" | wc -l; } # one per case listed
# A token's first use of the minute is audited (a write): the next request
# renders once more, then the list is kept.
for t in "$RH_TOKEN" "$SODER_TOKEN"; do http GET "$ALL" - -H "Authorization: Bearer $t"; done
http GET "$ALL" - -H "Authorization: Bearer $RH_TOKEN"
expect_status 200 "the API's case list with a token of Regionhälsan"
cp "$BODY" "$T/api.rh"
RH_ITEMS=$(items)
http GET "$ALL" - -H "Authorization: Bearer $RH_TOKEN"
expect_header X-Page-Cache '^hit$' "…read again, comes from the cache"
check "…byte for byte the rendered list" cmp -s "$T/api.rh" "$BODY"
http GET "$ALL" - -H "Authorization: Bearer $SODER_TOKEN"
expect_status 200 "the list with a token of Regionområde Söder"
expect_header X-Page-Cache '^miss$' "…is its own, not the other token's kept list"
SODER_ITEMS=$(items)
check "…with fewer cases ($SODER_ITEMS of $RH_ITEMS)" test "$SODER_ITEMS" -lt "$RH_ITEMS"
http GET "$ALL" - -H "Authorization: Bearer $SODER_TOKEN"
expect_header X-Page-Cache '^hit$' "…and is kept beside it"
expect_eq "$SODER_ITEMS" "$(items)" "…as its own"
http GET /api/v1/cases - -H "Authorization: Bearer $RH_TOKEN"
expect_header X-Page-Cache '^miss$' "another query is another list"
# Revoked by SQL: api_token does not move the counter, so only the check can refuse.
v3=$(q 'SELECT n FROM store_version')
q "UPDATE api_token SET revoked_at = '2026-01-01T00:00:00Z' WHERE name = 'Cache RH'" >/dev/null
expect_eq "$v3" "$(q 'SELECT n FROM store_version')" "revoking a token leaves the counter as it was"
http GET /api/v1/cases - -H "Authorization: Bearer $RH_TOKEN"
expect_status 401 "a token revoked after its list was kept is refused"
expect_no_header X-Page-Cache "…without the kept list"
expect_body_lacks '"items"' "…and without any case"

# Signed out: the sign-in page, never the kept queue.
cp "$J" "$T/old.jar"
post /logout "$J"
expect_status 303 "samordnare signs out"
http GET /cases "$T/old.jar"
expect_status 303 "after signing out the queue redirects to sign in"
expect_no_header X-Page-Cache "…without a kept page"

# Without a cache nothing is kept.
stop_server
start_server --page-cache 0 || finish
login samordnare
http GET /cases "$(jar samordnare)"
http GET /cases "$(jar samordnare)"
expect_status 200 "the queue with --page-cache 0"
expect_no_header X-Page-Cache "--page-cache 0 keeps no page"

finish
