#!/usr/bin/env bash
# t_obstacle_register.sh — the public register of published obstacles (issue
# 13 item 4): /hinder with its filters, the word searched for and its pages,
# /hinder/ID and the Atom feed /hinder.atom, anonymous. 300 generated
# obstacles (`datalots demo obstacles`, about 60 % published); each
# filter's count is checked against a query of its own. A personnummer and
# an e-mail address planted in what happened of a published obstacle, whose
# public text is the redacted wording, never appear on the register, the
# obstacle's page or the feed; script in a public text comes out escaped;
# an obstacle not published is 404; bad filter values are 400 with a
# sentence; the feed parses as XML and holds its entries.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
start_server || finish
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cli catalog import "$ROOT/content" --db "$SRV_URL"
cli demo obstacles --count 300 --seed 3 --db "$SRV_URL"
expect_eq 0 "$RC" "300 generated obstacles"
PUB=$(q "SELECT COUNT(*) FROM obstacle WHERE published_at <> ''")
check "about 60 % of them are published ($PUB)" test "$PUB" -gt 140 -a "$PUB" -lt 220
expect_eq 0 "$(q "SELECT COUNT(*) FROM obstacle WHERE published_at <> '' AND public_text <> what_happened")" \
    "…with the generated text as the public text"

# Planted: personal data in what happened (and the other private fields) of
# the newest published obstacle, whose public text is the redacted wording;
# script in the public text of another.
# Through datalots' own doors (the store's search index keeps the obstacle
# table out of reach of other writers): a report with personal data in
# every private field, published by the analyst with the redacted wording.
http POST /api/v1/obstacles - -H 'Content-Type: application/json' --data-binary \
    '{"what": "Patienten 19121212-1212 mejlade anna.planterad@example.se.", "category": "technical",
      "data": "PLANTERAD-DATA", "actors": "PLANTERAD-AKTOR", "suggestion": "PLANTERAT-FORSLAG",
      "email": "rapportor.planterad@example.se"}'
expect_status 201 "a report with personal data is made"
PLANT=$(q "SELECT MAX(id) FROM obstacle")
login hinder
H=$(jar hinder)
post "/hinder/analys/$PLANT/publicera" "$H" "public_text=En patient mejlade [borttaget]. Registret svarade inte."
expect_status 303 "…and published with its redacted wording"
PUB=$((PUB + 1))
XSS=$(q "SELECT MIN(id) FROM obstacle WHERE published_at <> ''")
post "/hinder/analys/$XSS/publicera" "$H" "public_text=<script>alert(1)</script> & <b>fet</b>" \
    "public_suggestion=<img src=x onerror=alert(2)>"
expect_status 303 "script in a public text is published as text"
post "/hinder/analys/$PLANT/steg/triage" "$H" "note=INTERN-ANTECKNING"
expect_status 303 "the published one is triaged"
http GET "/hinder/$PLANT" -
expect_body_has "Sorterat" "its public history shows the lifecycle's step"
expect_body_has "Publicerat i registret" "…and its publication"
expect_body_lacks "INTERN-ANTECKNING" "…never a step's note"
HIDDEN=$(q "SELECT MIN(id) FROM obstacle WHERE published_at = ''")

A=$(jar anon)
planted_absent() { # planted_absent WHERE — none of the private texts in $BODY
    local s
    for s in 19121212-1212 191212-1212 anna.planterad@example.se rapportor.planterad PLANTERAD-DATA PLANTERAD-AKTOR \
        PLANTERAT-FORSLAG; do
        expect_body_lacks "$s" "$1 never shows the planted $s"
    done
}
shown_total() { grep -o '<span class="nowrap">[0-9]*</span> [a-z ]*' "$BODY" | head -1 | grep -o '[0-9]*' | head -1; }

# The register: everything published, newest first, 25 a page.
http GET /hinder "$A"
expect_status 200 "/hinder answers"
expect_eq "$PUB" "$(shown_total)" "…and counts every published obstacle"
expect_eq 25 "$(grep -c 'href="/hinder/[0-9]*">H-[0-9]\{6\}</a>' "$BODY")" "…25 on the first page"
first_ref=$(printf 'H-%06d' "$PLANT")
expect_body_has ">$first_ref</a>" "…the newest first ($first_ref)"
expect_body_has "En patient mejlade [borttaget]" "…with the public text"
expect_body_lacks "href=\"/hinder/$HIDDEN\"" "…and no obstacle that is not published"
planted_absent "/hinder"
expect_body_has 'href="/hinder.atom"' "…and a link to the feed"

# Each filter against a query of its own.
for f in "kategori|category|$(q "SELECT category FROM obstacle WHERE published_at <> '' GROUP BY category ORDER BY COUNT(*) DESC, category LIMIT 1")" \
         "aktor|actor_type|researcher" \
         "status|state|received" \
         "lag|law_id|$(q "SELECT law_id FROM obstacle WHERE published_at <> '' AND law_id <> '' ORDER BY id LIMIT 1")"; do
    IFS='|' read -r param column value <<<"$f"
    want=$(q "SELECT COUNT(*) FROM obstacle WHERE published_at <> '' AND $column = '$value'")
    http GET "/hinder?$param=$value" "$A"
    expect_status 200 "/hinder?$param=$value answers"
    expect_eq "$want" "$(shown_total)" "…with the count of published obstacles with $column = $value"
    expect_body_has "<option value=\"$value\" selected>" "…and the value chosen in its list"
done
for year in 2022 2024 2026; do
    want=$(q "SELECT COUNT(*) FROM obstacle WHERE published_at <> '' AND created_at >= '$year-01-01' AND created_at < '$((year + 1))-01-01'")
    http GET "/hinder?ar=$year" "$A"
    expect_eq "$want" "$(shown_total)" "/hinder?ar=$year counts the published of that year ($want)"
done
cat=$(q "SELECT category FROM obstacle WHERE published_at <> '' ORDER BY id LIMIT 1")
want=$(q "SELECT COUNT(*) FROM obstacle WHERE published_at <> '' AND category = '$cat' AND created_at >= '2025-01-01' AND created_at < '2026-01-01'")
http GET "/hinder?kategori=$cat&ar=2025&aktor=&status=&lag=&q=" "$A"
expect_eq "$want" "$(shown_total)" "two filters together, the others left empty as the form sends them ($want)"
# the counts in a list: the count of each category within the year chosen
n_tech=$(q "SELECT COUNT(*) FROM obstacle WHERE published_at <> '' AND category = 'technical' AND created_at >= '2025-01-01' AND created_at < '2026-01-01'")
http GET "/hinder?ar=2025" "$A"
if [ "$n_tech" -gt 0 ]; then
    expect_match "<option value=\"technical\">[^<]* \\($n_tech\\)</option>" "$(cat "$BODY")" "the category list counts within the year ($n_tech)"
fi

# The word: a substring of the public text, any case for A–Z.
want=$(q "SELECT COUNT(*) FROM obstacle WHERE published_at <> '' AND LOWER(public_text) LIKE '%etikgodkännande%'")
http GET /hinder "$A" -G --data-urlencode "q=ETIKGODKännande"
expect_eq "$want" "$(shown_total)" "a word searched for in the public texts, any case for A–Z ($want)"
http GET /hinder "$A" -G --data-urlencode "q=19121212-1212"
expect_eq 0 "$(shown_total)" "…never in the private text"
http GET /hinder "$A" -G --data-urlencode "q=100%_"
expect_eq 0 "$(shown_total)" "…LIKE's own characters match themselves"

# Pages: the second holds the next 25, the last the rest.
http GET "/hinder?sida=2" "$A"
expect_eq 25 "$(grep -c 'href="/hinder/[0-9]*">H-' "$BODY")" "page 2 holds 25"
second=$(q "SELECT id FROM obstacle WHERE published_at <> '' ORDER BY id DESC LIMIT 1 OFFSET 25")
expect_body_has "href=\"/hinder/$second\"" "…beginning with the 26th newest"
last=$(( (PUB + 24) / 25 ))
http GET "/hinder?sida=$last" "$A"
expect_eq $(( PUB - (last - 1) * 25 )) "$(grep -c 'href="/hinder/[0-9]*">H-' "$BODY")" "the last page holds the rest"
expect_body_lacks 'rel="next"' "…and has no next page"
http GET "/hinder?sida=$((last + 1))" "$A"
expect_status 200 "a page past the end answers"
expect_body_has "Inga publicerade hinder i urvalet." "…saying there is nothing there"

# One obstacle.
http GET "/hinder/$PLANT" "$A"
expect_status 200 "/hinder/$PLANT (published) answers"
expect_body_has "En patient mejlade [borttaget]. Registret svarade inte." "…with its public text"
expect_body_has "href=\"/hinder/ny?sida=/hinder/$PLANT\"" "…and a link to report a similar one"
expect_body_has "Mottaget" "…its status"
expect_body_has "Publicerat i registret" "…and its public history"
planted_absent "/hinder/$PLANT"
law=$(q "SELECT law_id FROM obstacle WHERE published_at <> '' AND law_id <> '' ORDER BY id LIMIT 1")
lid=$(q "SELECT id FROM obstacle WHERE published_at <> '' AND law_id = '$law' ORDER BY id LIMIT 1")
http GET "/hinder/$lid" "$A"
expect_body_has "href=\"/guide/$law\"" "an obstacle's law links to its guide page"
http GET "/hinder/$XSS" "$A"
expect_body_lacks "<script>alert(1)" "script in a public text is not markup"
expect_body_has "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;fet&lt;/b&gt;" "…it is shown escaped"
expect_body_lacks "<img src=x" "…nor in the public suggestion"
http GET "/hinder/$HIDDEN" "$A"
expect_status 404 "an obstacle not published is 404"
expect_body_lacks "HEMLIG" "…showing nothing of it"
post "/hinder/analys/$lid/avpublicera" "$H" "reason=Testet tar ut det."
expect_status 303 "one is taken out of the register"
http GET "/hinder/$lid" "$A"
expect_status 404 "…nor one taken out of the register"
for p in /hinder/0 /hinder/abc /hinder/007 /hinder/99999999; do
    http GET "$p" "$A"
    expect_status 404 "$p is 404"
done
for p in /hinder/ny /hinder/rapport; do
    http GET "$p" "$A"
    check "$p is still its own page (not an obstacle's)" test "$STATUS" != 404
done

# Bad values: 400 with a sentence.
for bad in "kategori=bogus|kategori" "aktor=x|aktör" "status=nope|status" "ar=12|fyra siffror" "ar=abcd|fyra siffror" \
           "ar=1999|fyra siffror" "sida=0|Sida" "sida=x|Sida" "kategori=a&kategori=b|Kategori"; do
    IFS='|' read -r query says <<<"$bad"
    http GET "/hinder?$query" "$A"
    expect_status 400 "/hinder?$query is refused"
    check "…with a sentence ($says)" grep -qi "$says" "$BODY"
done
long=$(printf 'x%.0s' $(seq 101))
http GET "/hinder?q=$long" "$A"
expect_status 400 "a word of 101 characters is refused"

# The feed: Atom 1.0, the newest 50, parsed as XML.
http GET /hinder.atom "$A"
expect_status 200 "/hinder.atom answers"
expect_header Content-Type '^application/atom\+xml' "…as Atom"
planted_absent "/hinder.atom"
cp "$BODY" "$T/feed.xml"
out=$("$PY" - "$T/feed.xml" "$XSS" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"a": "http://www.w3.org/2005/Atom"}
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "{http://www.w3.org/2005/Atom}feed", root.tag
for need in ("a:id", "a:title", "a:updated", "a:author/a:name"):
    assert root.find(need, ns) is not None, need
entries = root.findall("a:entry", ns)
for e in entries:
    for need in ("a:id", "a:title", "a:updated", "a:content"):
        assert e.find(need, ns) is not None and e.find(need, ns).text, need
    assert e.find("a:content", ns).get("type") == "text"
    link = e.find("a:link[@rel='alternate']", ns)
    assert link is not None and link.get("href").endswith("/hinder/" + e.find("a:id", ns).text.rsplit("/", 1)[1])
print(len(entries), len({e.find("a:id", ns).text for e in entries}))
PY
)
expect_eq "50 50" "$out" "the feed parses and holds 50 entries with their own ids"
want_first=$(q "SELECT id FROM obstacle WHERE published_at <> '' ORDER BY published_at DESC, id DESC LIMIT 1")
check "…the newest published first" grep -q "<id>tag:[^<]*,2026:hinder/$want_first</id>" "$T/feed.xml"
http GET /hinder.atom "$A"
cp "$BODY" "$T/feed2.xml"
got=$("$PY" -c 'import sys, xml.etree.ElementTree as ET
ns = {"a": "http://www.w3.org/2005/Atom"}
texts = [e.text for e in ET.parse(sys.argv[1]).getroot().findall("a:entry/a:content", ns)]
print(next((t for t in texts if t and t.startswith("<script>")), ""))' "$T/feed2.xml")
expect_eq "<script>alert(1)</script> & <b>fet</b>" "$got" "script in a public text is text in the feed (escaped, read back as it was)"
atom_valid "$T/feed2.xml" "/hinder.atom is valid Atom (RELAX NG, xmllint)"

# English.
http GET /hinder "$A" -H 'Accept-Language: en'
expect_body_has "Obstacle register" "the register in English"
finish
