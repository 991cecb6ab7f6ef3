#!/usr/bin/env bash
# t_guide_facets.sh — the knowledge guide narrowed and counted by facets
# (store/guide_facets.c, migration 0021): import writes one row per
# category, holder, and region, data type or law among the holder and the
# related items; /guide offers each facet with its values and counts as
# they are among the hits, a chosen value narrows the search and the
# directory alike, two narrow together, the pager keeps them, and a value
# nobody has, or a hostile one, gives an empty page. Publishing an edited
# item rewrites its rows. Counts are checked against the store by SQL.
# `datalots catalog search` gives the same search from the shell.
. "$(dirname "$0")/lib.sh"

start_server || finish
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cli catalog import "$ROOT/content" --db "$SRV_URL"
expect_eq 0 "$RC" "the guide is imported"
facets() { q "SELECT COUNT(*) FROM guide_facet f JOIN guide_item i ON i.seq = f.seq WHERE $1"; }
expect_eq "$(facets "i.id = 'patientregistret' AND f.kind = 'holder' AND f.value = 'socialstyrelsen'")" 1 \
    "a register's holder is a facet row"
n_law=$(facets "f.kind = 'law' AND f.value = 'gdpr'")
check "items related to the GDPR are law rows ($n_law)" test "$n_law" -gt 5
expect_eq 0 "$(facets "f.kind = 'law' AND f.value IN (SELECT id FROM guide_item WHERE type <> 'law')")" \
    "a law row always names a law"
expect_eq 0 "$(facets "f.kind = 'region' AND f.value IN (SELECT id FROM guide_item WHERE type <> 'region')")" \
    "a region row always names a region"
cli catalog import "$ROOT/content" --db "$SRV_URL"
expect_eq "$n_law" "$(facets "f.kind = 'law' AND f.value = 'gdpr'")" "importing again rebuilds the same rows"

# The directory narrowed by a law: as many items as the store has rows.
http GET "/guide?law=gdpr" -
expect_status 200 "the directory narrowed by a law"
expect_body_has "av $n_law</p>" "…shows as many items as relate to it ($n_law)"
expect_body_has "<option value=\"gdpr\" selected>" "…with the law chosen in its filter"
expect_body_has "details class=\"filters-box\" open" "…and the filters open"
expect_body_has "Ta bort urvalet" "…and a way to clear them"

# A search, its facets and counts.
http GET "/guide?q=register" -
expect_status 200 "a search"
expect_body_has 'id="f-holder"' "…offers the holders among its hits"
expect_body_has 'id="f-law"' "…the laws"
expect_body_has 'id="f-category"' "…the categories"
expect_body_lacks "details class=\"filters-box\" open" "…with the filters folded away until used"
n_sos=$(sed -n '/id="f-holder"/,/<\/select>/p' "$BODY" | grep -o '<option value="socialstyrelsen">[^<]*([0-9]*)' | sed 's/.*(\([0-9]*\))/\1/')
check "Socialstyrelsen is a holder among the hits ($n_sos)" test "${n_sos:-0}" -gt 0
http GET "/guide?q=register&holder=socialstyrelsen" -
expect_body_has "$n_sos träffar för" "narrowed by that holder, the hits are as many as its count said"
expect_body_lacks 'href="/guide/riksstroke"' "…and a quality register held by others is gone"
http GET "/guide?q=register&holder=socialstyrelsen&law=gdpr&category=register" -
expect_status 200 "three facets at once"
http GET "/guide?q=register&holder=finns-inte" -
expect_body_has "0 träffar för" "a value nobody has finds nothing"
expect_body_has '<option value="finns-inte" selected>finns-inte (0)</option>' "…and still shows what was chosen"
http GET "/guide?holder=%27%29%3B%20DROP%20TABLE%20guide_facet%3B%20--&law=%3Cscript%3E" -
expect_status 200 "hostile values are values"
expect_body_lacks "<script>" "…shown as text"
check "…and the facets are still there" test "$(q 'SELECT COUNT(*) FROM guide_facet')" -gt 100
http GET "/guide?law=$(head -c 81 /dev/zero | tr '\0' 'x')" -
expect_status 400 "a value over 80 characters is refused"

# The pager keeps the narrowing (60 generated datasets: two pages).
cli demo guide --count 60 --db "$SRV_URL"
expect_eq 0 "$RC" "60 generated datasets are added"
http GET "/guide?category=genererad&law=" -
expect_body_has "av 60</p>" "the generated datasets are a category of 60"
expect_body_has "category=genererad&amp;holder=&amp;region=&amp;datatype=&amp;law=&amp;sort=title\" rel=\"next\"" \
    "the pager's next page keeps the category"
http GET "/guide?page=2&category=genererad&holder=&region=&datatype=&law=&sort=title" -
expect_body_has "Visar 51–60 av 60" "…and the second page is the rest of it"

# The same search from the shell (datalots catalog search).
cli catalog search --db "$SRV_URL" patientregistret
expect_eq 0 "$RC" "datalots catalog search"
expect_match "^patientregistret	register	Patientregistret" "$OUT" "…prints the best hit first: id, type, title"
expect_match "[0-9]+ hits$" "$OUT" "…and how many there are"
cli catalog search --db "$SRV_URL" --type quality-register --limit 3 register
expect_eq 3 "$(printf '%s\n' "$OUT" | grep -c '	quality-register	')" "--type and --limit narrow and cut the list"
cli catalog search --db "$SRV_URL" --latency diabetes stroke "register socialstyrelsen"
expect_match "^catalog search: 3 searches, p50 [0-9.]+ ms, p95 [0-9.]+ ms, slowest [0-9.]+ ms" "$OUT" \
    "--latency times each search in the store"
cli catalog search --db "$SRV_URL" --limit 0 x
expect_eq 2 "$RC" "a limit out of range is a usage error"
cli catalog search --db "$SRV_URL"
expect_eq 2 "$RC" "nothing to search for is a usage error"
cli catalog search --db "$SRV_URL" --type planet x
expect_eq 2 "$RC" "an unknown type is a usage error"

# Publishing an edited item rewrites its rows.
login redaktor
J=$(jar redaktor)
http GET /guide/patientregistret/edit "$J"
ver=$(q "SELECT latest_version FROM guide_item WHERE id = 'patientregistret'")
src=$(q "SELECT v.source FROM guide_version v JOIN guide_item i ON i.id = v.item_id AND v.version = i.latest_version WHERE i.id = 'patientregistret'")
printf '%s\n' "$src" | sed 's/^categories: .*/categories: register, provkategori/' >"$T/edited.md"
post /guide/patientregistret/edit "$J" "version=$ver" "action=save" "source=$(cat "$T/edited.md")"
expect_status 303 "an editor saves a new version"
post /guide/patientregistret/publish "$J" "version=$((ver + 1))"
expect_status 303 "…and publishes it"
expect_eq 1 "$(facets "i.id = 'patientregistret' AND f.kind = 'category' AND f.value = 'provkategori'")" \
    "the published categories are its facet rows"
http GET "/guide?category=provkategori" -
expect_body_has 'href="/guide/patientregistret"' "…and narrow the directory at once"

finish
