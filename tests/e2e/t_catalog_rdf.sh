#!/usr/bin/env bash
# t_catalog_rdf.sh — the knowledge guide's datasets as a DCAT-AP-SE /
# HealthDCAT-AP catalogue (issue 11, item 9; docs/catalog-rdf.md), read with
# raptor2's rapper: Turtle and RDF/XML give the same triples; the counts of
# datasets, keywords, source pages and laws are the ones content/ implies;
# one dataset's document has exactly the triples its front matter calls
# for; no blank node, every IRI absolute; the Hydra pages walk to the end
# and add up to the total (with 300 generated datasets); content
# negotiation (303, 406, Vary) and a browser never handed RDF nor a
# harvester the kept HTML; unknown and hostile ids; no catalogue without
# --public-url. The SHACL validation is tests/browser/catalog_shacl.test.mjs.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PUB=https://data.example.se

command -v rapper >/dev/null || { not_ok "rapper is installed (Debian: raptor2-utils)" "not found"; finish; }

start_server --public-url "$PUB" || finish
cli catalog import "$ROOT/content" --db "$SRV_URL"
expect_eq 0 "$RC" "the guide is imported"

# What content/ says: the items that are datasets, and per item its
# categories, its source URLs and its related laws that have an SFS or CELEX number.
mapfile -t ds_files < <(grep -lE '^type: (register|quality-register|dataset)$' "$ROOT"/content/*/*.md | sort)
N=${#ds_files[@]}
check "content/ has datasets ($N)" test "$N" -gt 40
fm() { sed -n '2,/^---$/p' "$1" | sed -n "s/^$2: //p"; }
list_n() { tr ',' '\n' <<<"$1" | sed 's/^ *//; s/ *$//' | grep -c . ; }
laws_of() { # "ITEMS DISTINCT": the related ids of $1 that are laws with an sfs
    # or celex number, and how many different numbers (one law, one IRI) they have
    local n=0 id f nums=
    for id in $(fm "$1" related | tr ',' ' '); do
        f=$(ls "$ROOT"/content/*/"$id".md 2>/dev/null | head -1)
        if [ -n "$f" ] && grep -q '^type: law$' "$f" && grep -qE '^(sfs|celex): ' "$f"; then
            n=$((n + 1))
            nums="$nums $(grep -hE '^(sfs|celex): ' "$f" | head -1 | cut -d' ' -f2)"
        fi
    done
    echo "$n $(tr ' ' '\n' <<<"$nums" | grep . | sort -u | wc -l)"
}
kw=0; pages=0; laws=0
for f in "${ds_files[@]}"; do
    kw=$((kw + $(fm "$f" categories | tr ',' '\n' | sed 's/^ *//; s/ *$//' | grep . | sort -u | wc -l)))
    pages=$((pages + $(fm "$f" sources | tr ',' '\n' | sed 's/^ *//; s/ *$//' | grep . | sort -u | wc -l)))
    read -r _ d < <(laws_of "$f")
    laws=$((laws + d))
done

# --- the first page in three formats ---
nt() { rapper -q -i "$1" -o ntriples "$2" "http://relative.invalid/" 2>"$T/rapper.err"; }
http GET /catalog.ttl -
expect_status 200 "/catalog.ttl"
expect_header Content-Type '^text/turtle; charset=utf-8' "…as Turtle in UTF-8"
cp "$BODY" "$T/p1.ttl"
http GET /catalog.rdf -
expect_status 200 "/catalog.rdf"
expect_header Content-Type '^application/rdf\+xml; charset=utf-8' "…as RDF/XML"
cp "$BODY" "$T/p1.rdf"
http GET /catalog.jsonld -
expect_status 200 "/catalog.jsonld"
expect_header Content-Type '^application/ld\+json; charset=utf-8' "…as JSON-LD"
check "…which is JSON" python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["@graph"]' "$BODY"
# The page's own address differs by format; the rest is one graph.
norm() { sed -E 's/catalog\.(ttl|rdf|jsonld)\?/catalog.EXT?/g' | sort; }
nt turtle "$T/p1.ttl" | norm >"$T/p1.ttl.nt"
expect_eq "" "$(cat "$T/rapper.err")" "rapper reads the Turtle without a complaint"
nt rdfxml "$T/p1.rdf" | norm >"$T/p1.rdf.nt"
expect_eq "" "$(cat "$T/rapper.err")" "rapper reads the RDF/XML without a complaint"
count_ttl=$(rapper -i turtle -c "$T/p1.ttl" 2>&1 | sed -n 's/.*returned \([0-9]*\) triples.*/\1/p')
count_rdf=$(rapper -i rdfxml -c "$T/p1.rdf" 2>&1 | sed -n 's/.*returned \([0-9]*\) triples.*/\1/p')
check "rapper -c counts triples ($count_ttl)" test "${count_ttl:-0}" -gt 1000
expect_eq "$count_ttl" "$count_rdf" "Turtle and RDF/XML hold as many triples"
check "…and the same triples" cmp -s "$T/p1.ttl.nt" "$T/p1.rdf.nt"
expect_eq 0 "$(grep -c '_:' "$T/p1.ttl.nt")" "no blank node anywhere"
expect_eq 0 "$(grep -c 'relative.invalid' "$T/p1.ttl.nt")" "no relative IRI (none resolved against a base)"
expect_eq 0 "$(grep -oE '<[^>]*>' "$T/p1.ttl.nt" | grep -vcE '^<(https?://[^/>]+|mailto:[^@>]+@[^>]+>$)')" \
    "every IRI is absolute: http(s), or mailto: for a contact's address"
n_mail=$(grep -l '^contact_email: ' -r "$ROOT/content" | wc -l)
expect_eq "$n_mail" "$(grep -c '<http://www.w3.org/2006/vcard/ns#hasEmail> <mailto:' "$T/p1.ttl.nt")" \
    "each of the $n_mail datasets that name a contact address has a contact point with vcard:hasEmail"
P1_DATASETS=$(grep -c '<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset>' "$T/p1.ttl.nt")
expect_eq "$(( N < 100 ? N : 100 ))" "$P1_DATASETS" "the first page has min($N, 100) datasets"
for cls in dcat#Catalog dcat#Dataset dcat#Distribution foaf/0.1/Agent vcard/ns#Kind; do
    expect_eq 0 "$(grep -E "^_:[^ ]* <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <[^>]*$cls>" "$T/p1.ttl.nt" | wc -l)" \
        "no $cls is a blank node"
done
expect_eq 1 "$(grep -c "^<$PUB/catalog> <http://purl.org/dc/terms/license> <http://creativecommons.org/publicdomain/zero/1.0/>" "$T/p1.ttl.nt")" \
    "the catalogue has its licence (DCAT-AP-SE)"
expect_eq "$P1_DATASETS" "$(grep -c '<http://purl.org/dc/terms/format> <http://publications.europa.eu/resource/authority/file-type/HTML>' "$T/p1.ttl.nt")" \
    "every distribution has dct:format"

# Determinism: an English request renders anew (another cache key), the same bytes.
http GET /catalog.ttl - -H 'Cookie: lang=en'
check "the same store gives the same bytes" cmp -s "$BODY" "$T/p1.ttl"

# The command line writes the same document.
"$DL" catalog rdf --db "$SRV_URL" --public-url "$PUB" >"$T/cli.ttl" 2>"$T/cli.err"
expect_eq 0 "$?" "datalots catalog rdf"
check "…gives the bytes /catalog.ttl serves" cmp -s "$T/cli.ttl" "$T/p1.ttl"
"$DL" catalog rdf --db "$SRV_URL" --public-url "$PUB" --format jsonld --dataset patientregistret >"$T/cli.jsonld" 2>>"$T/cli.err"
expect_eq 0 "$?" "datalots catalog rdf --format jsonld --dataset patientregistret"
check "…gives the bytes /guide/patientregistret.jsonld serves" \
    bash -c "curl -s '$BASE/guide/patientregistret.jsonld' | cmp -s - '$T/cli.jsonld'"
# Round trip: this catalogue harvested back (store/harvest.c) matches every
# dataset to its item by its identifier, BASE/guide/ID#dataset, adds none.
cli catalog harvest "$T/cli.ttl" --db "$SRV_URL" --dry-run
expect_match "catalog harvest \(dry run\): 0 added, [0-9]+ changed, [0-9]+ unchanged, 0 left out" "$OUT" \
    "harvesting the exported catalogue back matches every dataset, adds none"
matched=$(printf '%s' "$OUT" | sed -n 's/.*0 added, \([0-9]*\) changed, \([0-9]*\) unchanged.*/\1 \2/p')
expect_eq "$P1_DATASETS" "$(( ${matched% *} + ${matched#* } ))" "…all $P1_DATASETS of the first page"
cli catalog rdf --db "$SRV_URL"
expect_eq 2 "$RC" "catalog rdf without --public-url: usage error"
expect_match 'public-url' "$ERR" "…naming the option"
cli catalog rdf --db "$SRV_URL" --public-url "$PUB" --page 2
expect_eq 1 "$RC" "catalog rdf --page past the last fails"
expect_match 'no page 2' "$ERR" "…saying how many there are"
cli catalog rdf --db "$SRV_URL" --public-url "$PUB" --dataset gdpr
expect_eq 1 "$RC" "catalog rdf --dataset of a law fails"
expect_match 'no published register, quality register or dataset is called gdpr' "$ERR" "…saying why"
cli catalog rdf --db "$SRV_URL" --public-url "$PUB" --format n3
expect_eq 2 "$RC" "an unknown --format is a usage error"
cli catalog rdf --db "$SRV_URL" --public-url "ftp://x"
expect_eq 1 "$RC" "a public address that is no http(s) IRI is refused"

# --- the whole catalogue, page by page, against content/ ---
walk() { # walk EXT — follows hydra:next from page 1; all triples into $T/all.EXT.nt
    local url="/catalog.$1" n=0 fmt=turtle
    [ "$1" = rdf ] && fmt=rdfxml
    : >"$T/all.$1.nt"
    WALKED=0
    while [ -n "$url" ] && [ "$n" -lt 50 ]; do
        http GET "$url" -
        [ "$STATUS" = 200 ] || { not_ok "page $url" "status $STATUS"; return; }
        nt "$fmt" "$BODY" >"$T/page.nt"
        cat "$T/page.nt" >>"$T/all.$1.nt"
        n=$((n + 1))
        url=$(grep -o "<http://www.w3.org/ns/hydra/core#next> <$PUB[^>]*>" "$T/page.nt" | sed "s|.*<$PUB||; s|>$||")
    done
    WALKED=$n
}
walk ttl
expect_eq 1 "$WALKED" "with content/ alone ($N datasets) the catalogue is one page"
DS='<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset>'
expect_eq "$N" "$(grep -c "$DS" "$T/all.ttl.nt")" "one dcat:Dataset per register, quality register and dataset of content/"
expect_eq "$N" "$(grep -c "^<$PUB/catalog> <http://www.w3.org/ns/dcat#dataset>" "$T/all.ttl.nt")" "…each in the catalogue"
expect_eq "$kw" "$(grep -c '<http://www.w3.org/ns/dcat#keyword>' "$T/all.ttl.nt")" "one dcat:keyword per category ($kw)"
expect_eq "$pages" "$(grep -E '#dataset> <http://xmlns.com/foaf/0.1/page>' "$T/all.ttl.nt" | wc -l)" \
    "one foaf:page per source URL ($pages)"
expect_eq "$laws" "$(grep -c '<http://data.europa.eu/r5r/applicableLegislation>' "$T/all.ttl.nt")" \
    "one dcatap:applicableLegislation per different law (SFS or CELEX number) an item relates to ($laws)"
expect_eq "$N" "$(grep -c '<http://purl.org/dc/terms/publisher>' <(grep '#dataset> ' "$T/all.ttl.nt"))" \
    "every dataset has its holder as publisher"
expect_eq "$N" "$(grep -c '<http://healthdataportal.eu/ns/health#hdab>' "$T/all.ttl.nt")" "…and as access body (healthdcatap:hdab)"
expect_eq "$N" "$(grep -c '<http://healthdataportal.eu/ns/health#populationCoverage>' "$T/all.ttl.nt")" \
    "healthdcatap:populationCoverage from population"
expect_eq 0 "$(grep -c 'numberOfRecords\|numberOfUniqueIndividuals' "$T/all.ttl.nt")" "no invented record counts"
expect_eq 1 "$(grep -c '^<https://rkrattsbaser.gov.se/sfst?bet=2009:400> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://data.europa.eu/eli/ontology#LegalResource>' "$T/all.ttl.nt")" \
    "the Public Access and Secrecy Act is one node, whichever of its items a dataset names"
expect_match 'rkrattsbaser\.gov\.se/sfst\?bet=2008:355' "$(cat "$T/all.ttl.nt")" "the Patient Data Act by its SFS number"
expect_match 'rut\.registerforskning\.se' "$(grep '<http://xmlns.com/foaf/0.1/page>' "$T/all.ttl.nt")" \
    "registers link to their variables in RUT (not copied)"

# --- one dataset's document: exactly what its front matter calls for ---
f="$ROOT/content/registers/patientregistret.md"
K=$(fm "$f" categories | tr ',' '\n' | sed 's/^ *//; s/ *$//' | grep . | sort -u | wc -l)
S=$(fm "$f" sources | tr ',' '\n' | sed 's/^ *//; s/ *$//' | grep . | sort -u | wc -l)
read -r Li Ld < <(laws_of "$f")
# 12 about the dataset, 6 the health theme and its scheme, 1 landing page,
# 2 access rights and Sweden, 7 the distribution and its format, 14 the
# holder (an agency: agent with its type, contact), 3 the period, 1 the
# population, 1 the catalogue's link: 47; 1 for its contact's e-mail
# address (contact_email); then K keywords, S pages (each typed), Ld
# different laws (link, type) named by Li law items (title, page).
expected=$((47 + 1 + K + 2 * S + 2 * Ld + 2 * Li))
for ext in ttl rdf jsonld; do
    http GET "/guide/patientregistret.$ext" -
    expect_status 200 "/guide/patientregistret.$ext"
    cp "$BODY" "$T/one.$ext"
done
expect_header Content-Type '^application/ld\+json; charset=utf-8' "…JSON-LD's type"
got=$(rapper -i turtle -c "$T/one.ttl" 2>&1 | sed -n 's/.*returned \([0-9]*\) triples.*/\1/p')
expect_eq "$expected" "$got" "the Patient Register's document has 47 + 1 + $K + 2×$S + 2×$Ld + 2×$Li triples"
nt turtle "$T/one.ttl" | sort >"$T/one.ttl.nt"
nt rdfxml "$T/one.rdf" | sort >"$T/one.rdf.nt"
check "…the same in RDF/XML" cmp -s "$T/one.ttl.nt" "$T/one.rdf.nt"
expect_match "<$PUB/guide/patientregistret#dataset> <http://purl.org/dc/terms/title> \"Patientregistret\"@sv" \
    "$(cat "$T/one.ttl.nt")" "the Swedish title with its language tag"
expect_match "<$PUB/guide/patientregistret#period> <http://www.w3.org/ns/dcat#startDate> \"1964\"\^\^<http://www.w3.org/2001/XMLSchema#gYear>" \
    "$(cat "$T/one.ttl.nt")" "coverage_from as the period's start (xsd:gYear)"
expect_match "<$PUB/guide/patientregistret#dataset> <http://purl.org/dc/terms/publisher> <$PUB/guide/socialstyrelsen#agent>" \
    "$(cat "$T/one.ttl.nt")" "the holder is the publisher, by IRI"

# --- content negotiation ---
http GET /catalog - -H 'Accept: text/turtle'
expect_status 303 "/catalog for text/turtle: 303"
expect_header Location '^/catalog\.ttl$' "…to /catalog.ttl"
expect_header Vary '^Accept' "…with Vary: Accept"
http GET '/catalog?page=1' - -H 'Accept: application/rdf+xml'
expect_header Location '^/catalog\.rdf\?page=1$' "application/rdf+xml: /catalog.rdf, the page kept"
http GET /catalog - -H 'Accept: application/ld+json'
expect_header Location '^/catalog\.jsonld$' "application/ld+json: /catalog.jsonld"
http GET /catalog - -H 'Accept: text/turtle;q=0.5, application/rdf+xml'
expect_header Location '^/catalog\.rdf$' "the higher q wins"
http GET /catalog - -H 'Accept: text/html,application/xhtml+xml,*/*;q=0.8'
expect_status 303 "a browser at /catalog…"
expect_header Location '^/guide$' "…is sent to the guide"
http GET /catalog - -H 'Accept: image/png'
expect_status 406 "an Accept the catalogue cannot meet: 406"
expect_body_has 'text/turtle' "…saying which types there are"
http GET /catalog - -H 'Accept: text/turtle;q=0'
expect_status 406 "q=0 refuses"

# /guide/ID: the browser's page (kept) and the harvester's document never mix.
BROWSER='Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
http GET /guide/patientregistret - -H "$BROWSER"
expect_status 200 "the Patient Register's page for a browser"
expect_header Content-Type '^text/html' "…HTML"
expect_header Vary '^Accept' "…with Vary: Accept"
expect_body_has '<link rel="alternate" type="text/turtle" href="/guide/patientregistret.ttl">' "…linking its Turtle"
expect_body_has '<link rel="alternate" type="application/ld+json" href="/guide/patientregistret.jsonld">' "…and JSON-LD"
http GET /guide/patientregistret - -H "$BROWSER"
expect_header X-Page-Cache '^hit' "the page is kept"
expect_header Vary '^Accept' "…and a kept page says Vary: Accept too"
http GET /guide/patientregistret - -H 'Accept: text/turtle'
expect_status 303 "a harvester asking the kept page for Turtle gets a 303, not the HTML"
expect_header Location '^/guide/patientregistret\.ttl$' "…to the dataset's document"
http GET /guide/patientregistret - -H 'Accept: application/rdf+xml;q=0.9, text/html;q=0.5'
expect_header Location '^/guide/patientregistret\.rdf$' "RDF/XML preferred to HTML: its document"
http GET /guide/patientregistret - -H "$BROWSER"
expect_header Content-Type '^text/html' "a browser after that still gets HTML"
http GET /guide/patientregistret -
expect_status 200 "no Accept header: the page"
http GET /guide -
expect_body_has '<link rel="alternate" type="application/rdf+xml" href="/catalog.rdf">' "/guide links the catalogue"
http GET /guide/gdpr -
expect_body_lacks 'rel="alternate"' "a law's page names no RDF document (not a dataset)"

# --- wrong and hostile addresses ---
for bad in /guide/gdpr.ttl /guide/finns-inte.ttl /guide/patientregistret.exe /guide/patientregistret.ttl.ttl \
    '/guide/%2e%2e.ttl' '/guide/x%27%20OR%201=1.ttl' "/guide/$(printf 'a%.0s' $(seq 300)).rdf"; do
    http GET "$bad" -
    expect_status 404 "$bad: 404"
done
http GET '/guide/%00.ttl' -
expect_status '400|404' "a NUL in the id is refused"
for q in 'page=0' 'page=abc' 'page=1&page=2' 'page=99999999999'; do
    http GET "/catalog.ttl?$q" -
    expect_status 400 "/catalog.ttl?$q: 400"
done
http GET '/catalog.ttl?page=2' -
expect_status 404 "a page past the last: 404"
expect_body_has 'sidor' "…saying so"
http POST /catalog.ttl -
expect_status 405 "POST /catalog.ttl: 405"

# --- 300 generated datasets: the pages walk to the end ---
cli demo guide --count 300 --db "$SRV_URL"
expect_eq 0 "$RC" "300 generated datasets are added"
TOTAL=$((N + 300))
LAST=$(((TOTAL + 99) / 100))
for ext in ttl rdf; do
    walk "$ext"
    expect_eq "$LAST" "$WALKED" "$ext: hydra:next walks $LAST pages"
    expect_eq "$TOTAL" "$(grep -c "$DS" "$T/all.$ext.nt")" "$ext: the pages hold all $TOTAL datasets"
    expect_eq "$TOTAL" "$(grep "$DS" "$T/all.$ext.nt" | sort -u | wc -l)" "$ext: …each once"
done
expect_match "hydra/core#totalItems> \"$TOTAL\"" "$(cat "$T/all.ttl.nt")" "hydra:totalItems is $TOTAL"
expect_match "hydra/core#last> <$PUB/catalog.ttl\?page=$LAST>" "$(cat "$T/all.ttl.nt")" "hydra:last is page $LAST"
expect_match "hydra/core#lastPage> \"$PUB/catalog.ttl\?page=$LAST\"" "$(cat "$T/all.ttl.nt")" \
    "…and ckanext-dcat's hydra:lastPage"
http GET "/catalog.ttl?page=2" -
expect_match "hydra/core#previous> <$PUB/catalog.ttl\?page=1>" "$(nt turtle "$BODY")" "page 2 links back to page 1"
expect_eq 0 "$(grep -c '_:' "$T/all.ttl.nt")" "no blank node on any page"
stop_server

# --- without --public-url there are no absolute IRIs to give ---
start_server || finish
http GET /catalog.ttl -
expect_status 500 "without --public-url: 500 (a setting the installation lacks, code 11)"
expect_body_has 'public-url' "…naming the option to set"

finish
