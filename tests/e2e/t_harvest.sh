#!/usr/bin/env bash
# t_harvest.sh — `datalots catalog harvest` (issue 11): another catalogue's
# DCAT-AP, served by python3 -m http.server from tests/fixtures/harvest/,
# read along its Hydra pages (Turtle) or as RDF/XML, matched by
# dct:identifier on a second harvest (a new version only where the source
# changed, an editor's words kept), unknown vocabulary and unmapped
# datasets reported (exit 1), and nothing published until an editor says so.
# Hostile input — a huge literal, XML entity expansion, an external entity
# (file:///etc/passwd), a paging loop, a page that 404s mid-way, malformed
# Turtle, pages over the limits, a file:// address — each stops with a
# clear report (exit 2) and the store exactly as it was.
. "$(dirname "$0")/lib.sh"

start_server || finish
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FIX=$ROOT/tests/fixtures/harvest

cli catalog import "$ROOT/content" --db "$SRV_URL"
expect_eq 0 "$RC" "the guide's own items are in the store (the holders a harvest matches)"

mkdir -p "$T/www"
cp -r "$FIX"/. "$T/www/"
WPORT=$(free_port)
python3 -m http.server "$WPORT" --bind 127.0.0.1 --directory "$T/www" >/dev/null 2>"$T/www.log" &
WPID=$!
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$WPORT/catalog.rdf" && break; sleep 0.1; done
W=http://127.0.0.1:$WPORT

# What the store holds, to compare before and after a refused harvest.
state() {
    q "SELECT (SELECT COUNT(*) FROM guide_item) || '/' || (SELECT COUNT(*) FROM guide_version) || '/' ||
              (SELECT COUNT(*) FROM harvest_identifier) || '/' || (SELECT COUNT(*) FROM audit_log) || '/' ||
              (SELECT COALESCE(SUM(latest_version), 0) FROM guide_item)"
}

# --- a dry run writes nothing ----------------------------------------------
before=$(state)
cli catalog harvest "$W/cat/page1.ttl" --dry-run --db "$SRV_URL"
expect_eq 0 "$RC" "a dry run of a clean catalogue exits 0"
expect_match "catalog harvest \(dry run\): 3 added, 0 changed, 0 unchanged, 0 left out; nothing was written" "$OUT" \
    "…and says what it would do"
expect_eq "$before" "$(state)" "…writing nothing"

# --- two Hydra pages of Turtle ----------------------------------------------
cli catalog harvest "$W/cat/page1.ttl" --db "$SRV_URL"
expect_eq 0 "$RC" "a clean two-page catalogue is harvested (exit 0)"
expect_match "catalog harvest: 2 pages, [0-9]+ triples, 3 datasets" "$OUT" "both Hydra pages are read"
expect_match "dcat:Dataset 3" "$OUT" "the classes are counted"
expect_match "every dataset mapped" "$OUT" "every dataset mapped"
expect_match "3 added, 0 changed, 0 unchanged, 0 left out; not published" "$OUT" "three new items, not published"
row=$(q "SELECT i.id, i.published_version, i.latest_version FROM guide_item i JOIN harvest_identifier h ON h.item_id = i.id
         WHERE h.identifier = 'urn:example:diabetes-skane'")
expect_eq "diabetesvard-i-region-skane|0|1" "$row" "the dataset is item diabetesvard-i-region-skane, version 1 unpublished"
src=$(q "SELECT source FROM guide_version WHERE item_id = 'diabetesvard-i-region-skane' AND version = 1")
expect_match "^holder: region-skane$" "$src" "the publisher's foaf:name found the holder"
expect_match "^title_en: Diabetes care in Region Skåne$" "$src" "the English title comes from @en"
expect_match "^summary: Besök och labbvärden för patienter med diabetes i Skåne\.$" "$src" "the summary is the first sentence"
expect_match "^categories: diabetes, journaldata$" "$src" "the Swedish keywords are the categories"
expect_match "^coverage_from: 2010-01-01$" "$src" "dct:temporal's start is coverage_from"
expect_match "^how_to_apply: Uppgift saknas i den skördade katalogen; se källan\.$" "$src" "a field the source lacks gets the placeholder"
expect_match "^unconfirmed: .*hur man ansöker \(saknas i den skördade katalogen\)" "$src" "…and is flagged for the editors"
expect_eq "1998" "$(q "SELECT v.source FROM guide_version v WHERE v.item_id = 'strokevard-i-sverige'" | sed -n 's/^coverage_from: //p')" \
    "an xsd:gYear start is a year"
cli catalog drafts --db "$SRV_URL"
expect_match "diabetesvard-i-region-skane: version 1 not published \(readers have never seen the item\)" "$OUT" \
    "catalog drafts lists the harvested items"

# Readers see nothing of an unpublished item: not the page, the list, the search.
http GET /guide/diabetesvard-i-region-skane -
expect_status 404 "an unpublished harvested item has no page"
http GET "/guide?type=dataset" -
expect_body_lacks "diabetesvard-i-region-skane" "…is not in the directory"
http GET "/guide?q=diabetesv%C3%A5rd" -
expect_body_lacks "diabetesvard-i-region-skane" "…nor found by the search"
cli catalog publish diabetesvard-i-region-skane 1 --db "$SRV_URL"
expect_eq 0 "$RC" "an editor publishes it from the shell"
http GET /guide/diabetesvard-i-region-skane -
expect_status 200 "…and readers see it"
expect_body_has "Diabetesvård i Region Skåne" "…with its title"
http GET "/guide?q=diabetesv%C3%A5rd" -
expect_body_has "diabetesvard-i-region-skane" "…and the search finds it"

# --- a second harvest: matched by identifier -------------------------------
cli catalog harvest "$W/cat/page1.ttl" --db "$SRV_URL"
expect_match "0 added, 0 changed, 3 unchanged, 0 left out" "$OUT" "the same catalogue again adds no version"
expect_eq 3 "$(q "SELECT COUNT(*) FROM guide_version WHERE item_id IN (SELECT item_id FROM harvest_identifier)")" \
    "three items, three versions"

# An editor fills in how to apply (a published version of their own) ...
mkdir -p "$T/edited"
cp -r "$ROOT/content"/. "$T/edited/"
mkdir -p "$T/edited/datasets"
q "SELECT source FROM guide_version WHERE item_id = 'diabetesvard-i-region-skane' AND version = 1" |
    sed 's/^how_to_apply: .*/how_to_apply: Skriv till Region Skånes dataenhet./' >"$T/edited/datasets/diabetesvard-i-region-skane.md"
cli catalog import "$T/edited" --db "$SRV_URL"
expect_match "0 added, 1 changed" "$OUT" "the editor's version is imported (version 2, published)"
# ... then the source changes one title and one description.
mkdir -p "$T/www/cat2"
sed -e 's/"Strokevård i Sverige"@sv/"Strokevård i hela Sverige"@sv/' \
    -e 's/Besök och labbvärden för patienter/Besök och labbsvar för patienter/' "$T/www/cat/page1.ttl" >"$T/www/cat2/page1.ttl"
cp "$T/www/cat/page2.ttl" "$T/www/cat2/page2.ttl"
cli catalog harvest "$W/cat2/page1.ttl" --db "$SRV_URL"
expect_eq 0 "$RC" "the changed catalogue is harvested"
expect_match "0 added, 2 changed, 1 unchanged, 0 left out" "$OUT" "a new version only where the source changed"
expect_eq "strokevard-i-sverige|2|1" \
    "$(q "SELECT i.id, i.latest_version, (SELECT COUNT(*) FROM harvest_identifier h WHERE h.item_id = i.id) FROM guide_item i WHERE i.id = 'strokevard-i-sverige'")" \
    "the renamed dataset is the same item (matched by identifier, not title), now at version 2"
expect_eq "3|2" "$(q "SELECT latest_version, published_version FROM guide_item WHERE id = 'diabetesvard-i-region-skane'")" \
    "the changed item has version 3, unpublished; readers still see version 2"
src=$(q "SELECT source FROM guide_version WHERE item_id = 'diabetesvard-i-region-skane' AND version = 3")
expect_match "^summary: Besök och labbsvar för patienter" "$src" "version 3 has the source's new text"
expect_match "^how_to_apply: Skriv till Region Skånes dataenhet\.$" "$src" "…and keeps the editor's how_to_apply"
expect_no_match "hur man ansöker (saknas" "$src" "…which is no longer flagged"

# --- RDF/XML, and a local file ---------------------------------------------
cli catalog harvest "$W/catalog.rdf" --db "$SRV_URL"
expect_eq 0 "$RC" "an RDF/XML catalogue is harvested"
expect_match "1 added" "$OUT" "…its dataset added"
expect_eq "socialstyrelsen" "$(q "SELECT v.source FROM guide_version v JOIN harvest_identifier h ON h.item_id = v.item_id
    WHERE h.identifier = 'rdf-lakemedel-1'" | sed -n 's/^holder: //p')" "…with its publisher matched"
cli catalog harvest "$FIX/catalog.rdf" --db "$SRV_URL"
expect_eq 0 "$RC" "a local file is harvested too"
expect_match "0 added, 0 changed, 1 unchanged" "$OUT" "…and matches the same identifier"

# --- what does not map is reported --------------------------------------------
cli catalog harvest "$W/unknown.ttl" --db "$SRV_URL"
expect_eq 1 "$RC" "a catalogue with unmapped parts exits 1"
expect_match "<https://vocab.example.org/ns#qualityScore> 1" "$OUT" "an unknown predicate is listed with its count"
expect_match "<https://vocab.example.org/ns#SpecialThing> 1 \(not mapped\)" "$OUT" "an unknown class is listed"
expect_match "dcat:distribution 1" "$OUT" "so is a DCAT property the guide has no field for"
expect_match "https://okand.example.org/ds/2: has no dct:identifier" "$OUT" "a dataset without identifier is named"
expect_match "okand-3: the publisher \"Ett påhittat bolag AB\" is no holder" "$OUT" "an unknown publisher is named"
expect_match "1 added, 0 changed, 0 unchanged, 2 left out" "$OUT" "…the mapped dataset is imported, the others left out"
expect_match "^unconfirmed: .*utgivningsåret" \
    "$(q "SELECT v.source FROM guide_version v JOIN harvest_identifier h ON h.item_id = v.item_id WHERE h.identifier = 'okand-1'")" \
    "coverage_from from dct:issued is flagged"
cli catalog harvest "$W/unknown.ttl" --holder socialstyrelsen --dry-run --db "$SRV_URL"
expect_match "okand-3: the publisher \"Ett påhittat bolag AB\" is no holder of the guide; --holder socialstyrelsen is used" "$OUT" \
    "--holder stands in for an unknown publisher (and says so)"
cli catalog harvest "$W/unknown.ttl" --holder no-such-item --db "$SRV_URL"
expect_eq 2 "$RC" "--holder naming no item is refused"

# Two datasets with one identifier, and one whose item would break a rule;
# N-Triples named with --format.
long=$(printf 'Lång titel %.0s' $(seq 30))
{
    for n in 1 2; do
        echo "<https://dup.example/d$n> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset> ."
        echo "<https://dup.example/d$n> <http://purl.org/dc/terms/identifier> \"dubblett\" ."
        echo "<https://dup.example/d$n> <http://purl.org/dc/terms/title> \"Dubblett $n\"@sv ."
        echo "<https://dup.example/d$n> <http://www.w3.org/ns/dcat#landingPage> <https://dup.example/d$n.html> ."
        echo "<https://dup.example/d$n> <http://purl.org/dc/terms/issued> \"2020-01-01\" ."
        echo "<https://dup.example/d$n> <http://purl.org/dc/terms/publisher> <https://dup.example/sos> ."
    done
    echo "<https://dup.example/d3> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset> ."
    echo "<https://dup.example/d3> <http://purl.org/dc/terms/identifier> \"for-lang\" ."
    echo "<https://dup.example/d3> <http://purl.org/dc/terms/title> \"$long\" ."
    echo "<https://dup.example/d3> <http://www.w3.org/ns/dcat#landingPage> <https://dup.example/d3.html> ."
    echo "<https://dup.example/d3> <http://purl.org/dc/terms/issued> \"2020\" ."
    echo "<https://dup.example/d3> <http://purl.org/dc/terms/publisher> <https://dup.example/sos> ."
    echo "<https://dup.example/sos> <http://xmlns.com/foaf/0.1/name> \"socialstyrelsen\" ."
} >"$T/www/dup.data"
cli catalog harvest "$W/dup.data" --format ntriples --dry-run --db "$SRV_URL"
expect_eq 1 "$RC" "N-Triples read with --format; problems exit 1"
expect_match "catalog harvest: 1 page, 19 triples, 3 datasets" "$OUT" "…all three datasets read"
expect_match "dubblett: has the same dct:identifier as a dataset before it; left out" "$OUT" "a repeated identifier is named"
expect_match "for-lang: the item it would become breaks a rule: title is longer than 200 characters" "$OUT" \
    "a dataset whose item breaks a rule is named with the rule"
expect_match "1 added, 0 changed, 0 unchanged, 2 left out; nothing was written" "$OUT" "…the first of the pair is the one kept"

# --- hostile input: a clear report and the store unchanged ------------------------
before=$(state)
refused() { # refused DESC ERE ARGS... — exit 2, the reason, nothing written
    local desc=$1 ere=$2; shift 2
    cli catalog harvest "$@" --db "$SRV_URL"
    expect_eq 2 "$RC" "$desc: exit 2"
    expect_match "$ere" "$OUT$ERR" "$desc: the report says why"
    expect_eq "$before" "$(state)" "$desc: the store is unchanged"
}
python3 -c "
import sys
sys.stdout.write('@prefix dct: <http://purl.org/dc/terms/> .\n@prefix dcat: <http://www.w3.org/ns/dcat#> .\n')
sys.stdout.write('<https://x.example/d> a dcat:Dataset ; dct:identifier \"huge\" ; dct:description \"' + 'a' * 300000 + '\" .\n')
" >"$T/www/huge.ttl"
refused "a huge literal" "page 1 .*a literal of 300000 bytes is longer than the harvest allows.*nothing was imported" "$W/huge.ttl"
refused "a page over --max-bytes" "page 1 .*larger than 4096 bytes" "$W/huge.ttl" --max-bytes 4096
refused "XML entity expansion (billion laughs)" "declares XML entities.*nothing was imported" "$W/billion-laughs.rdf"
refused "an external entity" "declares XML entities" "$W/external-entity.rdf"
expect_no_match "root:" "$OUT" "…and /etc/passwd appears nowhere in the report"
expect_eq 0 "$(q "SELECT COUNT(*) FROM guide_version WHERE source LIKE '%root:%'")" "…nor in the store"
refused "an external DTD" "Entity 'xxe' not defined.*nothing was imported" "$W/external-dtd.rdf"
expect_match "GET /external-dtd.rdf" "$(cat "$T/www.log")" "(the test server logs what it is asked for)"
expect_no_match "GET /evil.dtd" "$(cat "$T/www.log")" "…which was never fetched"
expect_no_match "root:" "$OUT" "…and /etc/passwd appears nowhere"
refused "a paging loop" "page 2 links back to page 1 .*a paging loop; nothing was imported" "$W/loop/page1.ttl"
refused "a page that 404s mid-way" "page 2 \(.*missing/page2.ttl\): the server answered HTTP 404; nothing was imported" "$W/missing/page1.ttl"
refused "malformed Turtle on page 2" "page 2 \(.*malformed/page2.ttl, read as turtle\): line 7: .*nothing was imported" "$W/malformed/page1.ttl"
refused "more pages than --max-pages" "more than 1 pages \(--max-pages\)" "$W/cat/page1.ttl" --max-pages 1
refused "a file:// address" "only http:// and https:// addresses or a local file" "file:///etc/passwd"
expect_no_match "root:" "$OUT" "…whose content is never read"
refused "a server that does not answer" "page 1 \(http://127.0.0.1:1/x.ttl\): " "http://127.0.0.1:1/x.ttl" --timeout 5
refused "a file that is not there" "page 1 .*No such file" "$T/nowhere.ttl"
cli catalog harvest "$W/cat/page1.ttl" --format jsonld --db "$SRV_URL"
expect_eq 2 "$RC" "JSON-LD is wrong usage"
expect_match "raptor2 reads no JSON-LD" "$ERR" "…and says why"
cli catalog harvest --db "$SRV_URL"
expect_eq 2 "$RC" "a harvest without a catalogue is wrong usage"
cli catalog publish diabetesvard-i-region-skane 99 --db "$SRV_URL"
expect_eq 1 "$RC" "publishing a version that does not exist fails"

kill "$WPID" 2>/dev/null; wait "$WPID" 2>/dev/null
finish
