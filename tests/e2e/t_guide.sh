#!/usr/bin/env bash
# t_guide.sh — the knowledge guide in the store and on the web (issue 11,
# first part): `datalots catalog import` loads content/ (168 items), a second
# import changes nothing, a changed file becomes a new version, a file that
# breaks a rule stops the whole import with nothing written, and export gives
# back the same files; /guide lists and filters the items, /guide/{id} shows
# one with its Markdown as HTML (raw HTML and script links rendered inert),
# related items by name, sources and review date, in Swedish and English.
. "$(dirname "$0")/lib.sh"

start_server || finish
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
n_files=$(find "$ROOT/content" -name '*.md' | wc -l)

cli catalog import "$ROOT/content" --db "$SRV_URL"
expect_eq 0 "$RC" "datalots catalog import content/ succeeds"
expect_eq "catalog import: $n_files added, 0 changed, 0 unchanged" "$OUT" "every item is added"
expect_eq "$n_files" "$(q 'SELECT COUNT(*) FROM guide_item')" "one row per file"
cli catalog import "$ROOT/content" --db "$SRV_URL"
expect_eq "catalog import: 0 added, 0 changed, $n_files unchanged" "$OUT" "importing the same files again adds no version"
expect_eq "$n_files" "$(q 'SELECT COUNT(*) FROM guide_version')" "one version per item"

# A changed file: a new version, published.
cp -r "$ROOT/content" "$T/content"
sed -i 's/^summary: Statlig myndighet som för/summary: Myndighet som för/' "$T/content/agencies/socialstyrelsen.md"
cli catalog import "$T/content" --db "$SRV_URL"
expect_eq "catalog import: 0 added, 1 changed, $((n_files - 1)) unchanged" "$OUT" "a changed file is one new version"
expect_eq "2|2" "$(q "SELECT latest_version, published_version FROM guide_item WHERE id = 'socialstyrelsen'")" \
    "…published as version 2"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'guide.import' AND detail = 'added 0, changed 1, unchanged $((n_files - 1))'")" \
    "the import is in the audit log"

# Export gives back the same files.
cli catalog export "$T/out" --db "$SRV_URL"
expect_eq 0 "$RC" "datalots catalog export"
check "import → export gives the same files" diff -r "$T/content" "$T/out"

# A broken file: nothing is imported.
versions=$(q 'SELECT COUNT(*) FROM guide_version')
cp -r "$T/content" "$T/broken"
sed -i 's/^reviewed: .*/reviewed: 2026-13-45/' "$T/broken/laws/gdpr.md" 2>/dev/null || true
f=$(ls "$T/broken/laws/"*.md | head -1)
sed -i 's/^reviewed: .*/reviewed: 2026-13-45/' "$f"
sed -i 's/^summary: .*/summary: Ändrad men aldrig importerad./' "$T/broken/agencies/scb.md"
cli catalog import "$T/broken" --db "$SRV_URL"
expect_eq 1 "$RC" "an import with a broken file fails"
expect_match "reviewed" "$OUT" "…naming the problem"
expect_match "nothing was imported" "$OUT" "…and saying nothing was imported"
expect_eq "$versions" "$(q 'SELECT COUNT(*) FROM guide_version')" "no version was added, not even for the good changed file"
cli catalog import "$T/nowhere" --db "$SRV_URL"
expect_eq 1 "$RC" "a folder that does not exist is refused"
cli catalog export --db "$SRV_URL"
expect_eq 2 "$RC" "export without a folder is wrong usage"

# Hostile Markdown: raw HTML and a javascript: link are rendered inert.
mkdir -p "$T/hostile/guides"
cat >"$T/hostile/guides/guide-provsida.md" <<'MD'
---
id: guide-provsida
type: guide
title: Provsida med fientlig Markdown
title_en: Test page with hostile Markdown
summary: En sida som provar att rå HTML aldrig släpps igenom.
summary_en: A page that checks that raw HTML never gets through.
categories: prov
sources: https://example.org/kalla
reviewed: 2026-01-01
responsible: redaktör
---

Text med <script>alert(1)</script> och <img src=x onerror=alert(2)> i sig.

<iframe src="https://evil.example/"></iframe>

[klicka](javascript:alert(3)) och **fet** text.

| Kolumn | Tal |
| --- | --- |
| a | 1 |

## Så går du vidare

Inget.
MD
cli catalog import "$T/hostile" --db "$SRV_URL"
expect_eq 0 "$RC" "a page with hostile Markdown is imported (it breaks no rule of the format)"
http GET /guide/guide-provsida -
expect_status 200 "the page is shown"
expect_body_lacks "<script>alert(1)" "a script tag is not passed through"
expect_body_lacks "onerror=alert" "an event handler attribute is not passed through"
expect_body_lacks "<iframe" "an iframe is not passed through"
expect_body_lacks 'href="javascript:' "a javascript: link is dropped"
expect_body_has "<strong>fet</strong>" "ordinary Markdown is rendered"
expect_body_has "<table>" "GitHub tables are rendered"

# The directory and the pages.
http GET /guide -
expect_status 200 "the guide's directory"
expect_body_has "Lagar (" "…with the count per type"
expect_body_has 'rel="next"' "…a page at a time, with a link to the next"
http GET "/guide?page=2&q=&type=all&category=&sort=title" -
expect_status 200 "the pager's link to page 2 works"
expect_body_has 'rel="prev"' "…and page 2 links back"
http GET "/guide?page=0" -
expect_status 400 "page 0 is refused"
http GET "/guide?type=agency" -
expect_body_has 'href="/guide/socialstyrelsen"' "…listing the items (the agencies here)"
http GET "/guide?type=law" -
expect_status 200 "filtered to the laws"
expect_body_has 'href="/guide/offentlighets-och-sekretesslagen"' "…a law is listed" 
expect_body_lacks 'href="/guide/socialstyrelsen"' "…an agency is not"
http GET "/guide?type=law&sort=date" -
expect_status 200 "sorted by review date"
http GET "/guide?type=nonsense" -
expect_status 400 "an unknown type is refused"
http GET "/guide?category=register" -
expect_status 200 "filtered by category"
expect_body_has 'href="/guide/patientregistret"' "…a register is in the category register"

http GET /guide/socialstyrelsen -
expect_status 200 "an item's page"
expect_body_has "<h2>Så går du vidare</h2>" "its Markdown headings are HTML"
expect_body_has "Myndighet som för de nationella" "the published (newest) version is shown"
expect_body_has '<a href="/guide/patientregistret">Patientregistret</a>' "related items are shown by name"
expect_body_has 'href="https://www.socialstyrelsen.se/statistik-och-data/register/"' "sources are links"
expect_body_has "Granskad" "the review date is shown"
expect_body_has "Så går du vidare" "the page says what to do next"
expect_body_lacks 'class="unconfirmed"' "…an item with no unconfirmed facts has no such box"
http GET /guide/patientregistret -
expect_body_has '<aside class="unconfirmed"' "the facts not yet confirmed are in one box"
expect_body_has 'Uppgifter som inte är bekräftade' "…under its heading"
expect_body_has '<li>Socialstyrelsens väntetid till handläggare (cirka 7 månader)' "…one list item per fact"
expect_body_has 'Senast kontrollerat <span class="nowrap">2026-12-05</span>' "…with the date they were last checked"
expect_body_lacks 'ej bekräftad som aktuell' "…and not inline in the text"
http GET /guide/socialstyrelsen - -H 'Accept-Language: en'
expect_body_has "National Board of Health and Welfare" "the English page has the English title"
expect_body_has "The text below is in Swedish only." "…and says the text is Swedish"
http GET /guide/finns-inte -
expect_status 404 "an unknown item is 404"
http GET "/guide/%3Cscript%3E" -
expect_status 404 "a hostile id is 404"

# Search: one box, Swedish stemming, the item named by the words first.
# query | the item that must come first
relevance=(
    "patientregistret|patientregistret"
    "patientregistrets|patientregistret"
    "socialstyrelsen|socialstyrelsen"
    "socialstyrelsens|socialstyrelsen"
    "cancerregistret|cancerregistret"
    "cancerregister|cancerregistret"
    "läkemedelsregistret|lakemedelsregistret"
    "gdpr|gdpr"
    "riksstroke|riksstroke"
    "biobankslagen|biobankslagen"
    "region skåne|region-skane"
    "etikprövningsmyndigheten|etikprovningsmyndigheten"
)
for row in "${relevance[@]}"; do
    IFS='|' read -r query want <<<"$row"
    http GET "/api/v1/search?q=$(printf '%s' "$query" | jq -sRr @uri)" -
    first=$(jq -r '.items[0].id // ""' "$BODY")
    expect_eq "$want" "$first" "search \"$query\" puts $want first"
done
http GET "/api/v1/search?q=registren" -
check "an inflected form (registren) finds the registers" test "$(jq '.total' "$BODY")" -gt 20
expect_eq "id type title title_en url" "$(jq -r '.items[0] | keys_unsorted | join(" ")' "$BODY")" "each hit has id, type, title and its page"
http GET "/api/v1/search?q=registren&type=law" -
expect_eq "law" "$(jq -r '[.items[].type] | unique | join(",")' "$BODY")" "the API filters by type"
http GET "/api/v1/search" -
expect_status 400 "the API without a query is refused"
http GET "/api/v1/search?q=$(head -c 300 /dev/zero | tr '\0' 'a')" -
expect_status 400 "an oversized query is refused"
http GET "/api/v1/search?q=%22%29%20OR%20%2A%20NEAR" -
expect_status 200 "search syntax is taken as words, not as a query language"

http GET "/guide?q=patientregistret" -
expect_status 200 "the search page (a plain GET form: no JavaScript needed)"
expect_body_has 'träffar för ”patientregistret”' "it says how many hits"
expect_match 'href="/guide/patientregistret"' "$(grep -o 'href="/guide/[a-z0-9-]*"' "$BODY" | grep -v '"/guide/map"' | sed -n 1p)" \
    "the named item is the first hit"
expect_body_has 'Nationella register (' "facets: the hits per type"
http GET "/guide?q=patientregistret&type=case-story" -
expect_body_lacks 'href="/guide/patientregistret"' "a facet narrows the hits"
expect_body_has 'href="/guide/fall-lakemedelssakerhet"' "…to its type"
http GET "/guide?q=patientregistret&sort=title" -
expect_status 200 "hits sorted by name"
http GET "/guide?q=socialstyrelsn" -
expect_body_has 'Menade du <a href="/guide?q=socialstyrelsen">socialstyrelsen</a>?' "a near-miss spelling gets \"did you mean\""
misses0=$(q "SELECT COALESCE(SUM(count), 0) FROM guide_search_miss WHERE query = 'socialstyrelsn'")
http GET "/guide?q=socialstyrelsn" -
expect_eq $((misses0 + 1)) "$(q "SELECT count FROM guide_search_miss WHERE query = 'socialstyrelsn'")" \
    "every search with no hit is counted for follow-up, also when asked again"
http GET "/guide?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E" -
expect_status 200 "a hostile query is answered"
expect_body_lacks "<script>alert(1)" "…and shown escaped"

# From reading to doing: "Ansök om data".
http GET /guide/patientregistret -
expect_body_has "Ansök om data" "a register's page offers to request data"
expect_body_has "bestalladata.socialstyrelsen.se" "…with the holder's own instructions"
expect_body_has 'href="/guide/socialstyrelsen"' "…and its holder"
expect_body_lacks "Ansök om data här" "…not this installation's form, which is not the holder"
http GET /guide/vastra-gotalandsregionen -
expect_body_lacks "Ansök om data här" "a region not linked to this installation has no form link"
cli catalog holder RH vastra-gotalandsregionen --db "$SRV_URL"
expect_eq 0 "$RC" "datalots catalog holder links the demo region to its item"
http GET /guide/vastra-gotalandsregionen -
rh=$(q "SELECT id FROM org_node WHERE code = 'RH'")
expect_body_has "href=\"/cases/new?org=$rh\"" "now the region's page offers this installation's request form"
cli catalog holder RH finns-inte --db "$SRV_URL"
expect_eq 1 "$RC" "linking to an item that does not exist is refused"
cli catalog holder NOPE vastra-gotalandsregionen --db "$SRV_URL"
expect_eq 1 "$RC" "…and to an organisation that does not exist"
http GET /guide/gdpr -
expect_body_lacks "Ansök om data" "a law's page does not offer to request data"

# Public pages are kept for every reader until the store changes.
http GET /guide/socialstyrelsen -
http GET /guide/socialstyrelsen -
expect_header X-Page-Cache '^hit$' "an anonymous reader gets the kept page"
sed -i 's/^summary: Myndighet som för/summary: Den myndighet som för/' "$T/content/agencies/socialstyrelsen.md"
cli catalog import "$T/content" --db "$SRV_URL"
http GET /guide/socialstyrelsen -
expect_header X-Page-Cache '^miss$' "a published change is rendered on the very next request"
expect_body_has "Den myndighet som för" "…showing the change"

# The link checker, run from the shell: the broken source links listed.
mkdir -p "$T/www" "$T/linkitems/guides"
echo ok >"$T/www/ok.html"
WPORT=$(free_port)
python3 -m http.server "$WPORT" --bind 127.0.0.1 --directory "$T/www" >/dev/null 2>&1 &
WPID=$!
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$WPORT/ok.html" && break; sleep 0.1; done
cat >"$T/linkitems/guides/guide-lankprov.md" <<MD
---
id: guide-lankprov
type: guide
title: Länkprov
title_en: Link test
summary: En sida vars källor prövas av länkkontrollen.
summary_en: A page whose sources the link check tries.
categories: prov
sources: http://127.0.0.1:$WPORT/ok.html, http://127.0.0.1:$WPORT/borta.html, http://127.0.0.1:1/stangd
reviewed: 2026-01-01
responsible: redaktör
---

Text.

## Så går du vidare

Inget.
MD
new_store "$T/links"
cli catalog import "$T/linkitems" --db "$STORE_URL"
expect_eq 0 "$RC" "a store with one test item"
cli catalog links --timeout 5 --db "$STORE_URL"
expect_eq 1 "$RC" "the link check fails when a link is broken"
expect_match "guide-lankprov: http://127.0.0.1:$WPORT/borta.html: HTTP 404" "$OUT" "a missing page is named with its status"
expect_match "guide-lankprov: http://127.0.0.1:1/stangd: " "$OUT" "a server that does not answer is named"
expect_no_match "ok.html" "$OUT" "a working link is not"
expect_match "catalog links: 3 checked, 2 broken" "$OUT" "…and it sums up"
cli catalog links --timeout 0 --db "$STORE_URL"
expect_eq 2 "$RC" "a timeout of 0 is wrong usage"
kill "$WPID" 2>/dev/null; wait "$WPID" 2>/dev/null


finish
