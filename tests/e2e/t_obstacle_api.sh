#!/usr/bin/env bash
# t_obstacle_api.sh — an obstacle reported by another system (issue 13 item
# 1): POST /api/v1/obstacles with a JSON object of the report form's
# fields answers 201 with the reference and the private follow-up link,
# which then works like a person's; the report is stored as from the
# public, whatever cookie came along. Bad input — not JSON, not an object,
# a member that is no field, a value of the wrong kind, a field twice, a
# category not in the list, a description too long, the robot trap filled
# in, the wrong content type — answers 4xx with a sentence (and the field)
# and stores nothing. Script in a field is stored as text and shown
# escaped. Floods: with --reports-per-hour 3, the fourth report from one
# address in an hour is refused with 429 and the minutes to wait, by the
# API and by the form alike, and nothing more is stored.
. "$(dirname "$0")/lib.sh"

start_server --reports-per-hour 3 || finish
count() { q 'SELECT COUNT(*) FROM obstacle'; }
api() { # api JSON [curl args...] — POST it; STATUS and $BODY
    local body=$1
    shift
    http POST /api/v1/obstacles - -H 'Content-Type: application/json' --data-binary "$body" "$@"
}
json_get() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval("d" + sys.argv[2]))' "$BODY" "$1" 2>/dev/null; }

api '{"what": "Vi väntade elva månader på ett beslut om utlämnande.", "category": "lead_times",
      "consequence": "delayed", "actors": "Region Norr", "email": "forskare@example.se"}' \
    -H "Cookie: dl_session=$(printf 'a%.0s' $(seq 1 64))"
expect_status 201 "a report as JSON is taken"
REF=$(json_get '["reference"]')
LINK=$(json_get '["follow_url"]')
expect_match '^H-[0-9]{6}$' "$REF" "…with its reference"
expect_match '/hinder/folj\?t=[0-9a-f]{64}$' "$LINK" "…and the private follow-up link"
expect_eq "received" "$(json_get '["state"]')" "…and its state"
expect_match '^/hinder/folj\?t=' "$(hdr Location)" "…and a Location header"
expect_eq 1 "$(count)" "one report is stored"
expect_eq "lead_times|delayed|forskare@example.se|" \
    "$(q "SELECT category || '|' || consequence || '|' || reporter_email || '|' || COALESCE(CAST(reporter_id AS TEXT), '') FROM obstacle")" \
    "…with its fields, and as from the public"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'obstacle.report' AND detail = 'lead_times'")" \
    "…and an audit row naming the category only"
http GET "/hinder/folj?t=${LINK##*t=}" -
expect_status 200 "the follow-up link opens"
expect_body_has "Vi väntade elva månader" "…and shows the report"
expect_body_has "$REF" "…with its reference"

# Bad input: a sentence, the field when there is one, nothing stored.
bad() { # bad STATUS JSON DESC [FIELD] [curl args...]
    local want=$1 body=$2 desc=$3 field=${4-}
    shift 4 2>/dev/null || shift $#
    api "$body" "$@"
    expect_status "$want" "$desc"
    expect_match '"message":"([^"\\]|\\.){12,}' "$(cat "$BODY")" "…with a sentence ($(excerpt 120))"
    [ -n "$field" ] && expect_eq "$field" "$(json_get '["error"]["field"]')" "…naming the field $field"
    expect_eq 1 "$(count)" "…and nothing stored"
}
bad 400 '{"what": "x", "category":' "malformed JSON is refused" ''
bad 400 '["what", "category"]' "an array is refused" ''
bad 400 '"just text"' "a string is refused" ''
bad 400 '' "an empty body is refused" ''
bad 400 '{"what": "x", "category": "other", "priority": "high"}' "a member that is no field is refused" ''
bad 400 '{"what": 42, "category": "other"}' "a number for a text is refused" ''
bad 400 '{"what": ["a"], "category": "other"}' "a list for a text is refused" ''
bad 400 '{"what": "a", "what": "b", "category": "other"}' "a field given twice is refused" ''
bad 422 '{"category": "other"}' "a report without a description is refused" what
bad 422 '{"what": "x", "category": "weather"}' "a category not in the list is refused" category
bad 422 '{"what": "x", "category": "other", "consequence": "fun"}' "a consequence not in the list is refused" consequence
bad 422 '{"what": "x", "category": "other", "email": "not an address"}' "a malformed e-mail address is refused" email
bad 422 "{\"what\": \"$(head -c 4001 /dev/zero | tr '\0' 'x')\", \"category\": \"other\"}" \
    "a description over 4000 characters is refused" what
bad 400 '{"what": "x", "category": "other", "website": "http://spam.example"}' "the robot trap filled in is refused" website
http POST /api/v1/obstacles - -H 'Content-Type: application/x-www-form-urlencoded' --data 'what=x&category=other'
expect_status 415 "a form body is refused: the API takes JSON"
expect_eq 1 "$(count)" "…and nothing stored"
http POST /api/v1/obstacles - -H 'Content-Type: application/json' --data-binary $'{"what": "\xff\xfe", "category": "other"}'
expect_status 400 "invalid UTF-8 is refused"
expect_eq 1 "$(count)" "…and nothing stored"

# Script in a field is text: stored as sent, shown escaped.
api '{"what": "<script>alert(1)</script> hände", "category": "other", "actors": "\"><img src=x onerror=alert(2)>"}'
expect_status 201 "a report with script in its fields is taken as text"
LINK2=$(json_get '["follow_url"]')
http GET "/hinder/folj?t=${LINK2##*t=}" -
expect_body_has "&lt;script&gt;alert(1)&lt;/script&gt;" "…and shown escaped"
expect_body_lacks "<script>alert(1)" "…never as script"
expect_body_lacks "<img src=x" "…nor as an element"

# A page off the site is dropped, as the form drops it.
api '{"what": "Det tredje hindret den här timmen.", "category": "technical", "page": "https://evil.example/"}'
expect_status 201 "a report naming a page off the site is taken"
expect_eq "" "$(q "SELECT about_page FROM obstacle WHERE what_happened LIKE 'Det tredje%'")" "…without the page"

# Floods: that was the third report from this address this hour; the
# fourth is refused — by the API or the form.
api '{"what": "Det fjärde hindret.", "category": "technical"}'
expect_status 429 "the fourth is refused"
expect_match 'Försök igen om [0-9]+ minuter' "$(json_get '["error"]["message"]')" "…saying when to try again"
A=$(jar anon)
http GET /hinder/ny "$A"
post /hinder "$A" what="Det femte, genom formuläret." category=technical
expect_status 429 "the form is held to the same limit"
expect_body_has "Försök igen om" "…with the same sentence"
expect_eq 3 "$(count)" "…and nothing more is stored"
expect_eq 0 "$(q "SELECT COUNT(*) FROM submit_limit WHERE bucket LIKE '%127.0.0.1%'")" \
    "the count keeps no address, only its keyed hash"
finish
