#!/usr/bin/env bash
# t_search.sh — searching the public diary over HTTP and the JSON API, on
# whichever store the suite runs on: words as prefixes, the number, never a
# confidential entry's text, hostile input, limits.
. "$(dirname "$0")/lib.sh"

start_server || finish
login registrator
RJ=$(jar registrator)
post /diarium "$RJ" org=1 doc_date=2026-04-01 direction=in "counterpart=Lunds universitet" "subject=Begäran om registeruttag för kohortstudie"
post /diarium "$RJ" org=1 doc_date=2026-04-02 direction=in "counterpart=Umeå universitet" "subject=Hemlig kohort" confidential=1 "legal_ref=OSL 25 kap. 1 §"
secret_no=$(q "SELECT number FROM diary_entry WHERE subject = 'Hemlig kohort'")

http GET "/diarium?q=kohort" -
expect_status 200 "a search answers 200"
expect_body_has "Begäran om registeruttag för kohortstudie" "a word's beginning finds the entry"
expect_body_lacks "Hemlig kohort" "a confidential entry's subject is never shown"
expect_body_has "Träffar för" "the page says it shows search results"
http GET "/diarium?q=umeå" -
expect_body_lacks "$secret_no" "a confidential entry is not found by its counterpart"
http GET "/diarium?q=$(printf '%s' "$secret_no" | sed 's/ /+/g')" -
expect_body_has "$secret_no" "an exact diary number finds even a confidential entry (the number is public)"
expect_body_lacks "Hemlig kohort" "…still masked"
http GET "/diarium?q=LUNDS+KOHORT" -
expect_body_has "kohortstudie" "all words are required, in any case"
http GET "/diarium?q=%22%3B+DROP+TABLE+diary_entry%3B+--" -
expect_status 200 "search syntax and SQL in the query are just words"
expect_ne 0 "$(q 'SELECT COUNT(*) FROM diary_entry')" "the diary is still there"
http GET "/diarium?q=$(head -c 201 /dev/zero | tr '\0' a)" -
expect_status 400 "a query over 200 characters is refused"
http GET "/diarium?q=%FF" -
expect_status 400 "invalid UTF-8 in the query is refused"
http GET "/api/v1/diarium?q=kohort" - -H 'Accept: application/json'
expect_status 200 "the API searches too"
expect_body_has '"total":1' "the API finds exactly the public entry"
http GET "/diarium?q=kohort&page=2" -
expect_status 200 "paging a search works"
finish
