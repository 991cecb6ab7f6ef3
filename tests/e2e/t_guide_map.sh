#!/usr/bin/env bash
# t_guide_map.sh — the knowledge guide's visual overview /guide/map (issue
# 11, item 6): the regions as an SVG tile map (one square per region with a
# tile: in content/, each a link with a name, none on another's place), the
# same regions as a list beside it, the path from research question to
# delivered data whose links all lead somewhere; a region's page lists the
# registers and datasets it holds; names are escaped, the page is English on
# an English request and kept by the page cache.
. "$(dirname "$0")/lib.sh"

start_server || finish
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

cli catalog import "$ROOT/content" --db "$SRV_URL"
expect_eq 0 "$RC" "the guide is imported"
mapfile -t region_ids < <(grep -l '^tile:' "$ROOT"/content/*/*.md | xargs -n1 basename | sed 's/\.md$//' | sort)
expect_eq 21 "${#region_ids[@]}" "content/ has 21 regions with a tile"

http GET /guide -
expect_body_has 'href="/guide/map"' "/guide links to the map"

http GET /guide/map -
expect_status 200 "the map page (a literal route before /guide/{id})"
cp "$BODY" "$T/map.html"
svg=$(sed -n '/<svg class="tilemap-svg"/,/<\/svg>/p' "$T/map.html")
list=$(sed -n '/<div class="tilemap-list">/,/<\/div>/p' "$T/map.html")
path=$(sed -n '/<ol class="data-path">/,/<\/ol>/p' "$T/map.html")
expect_match 'role="group" aria-labelledby="tilemap-title"' "$svg" "the SVG is a labelled group"
expect_match '<title id="tilemap-title">Karta: ' "$svg" "…whose label is its own title"
expect_eq 21 "$(grep -o '<a href="/guide/[a-z0-9-]*" class="tile"' <<<"$svg" | wc -l)" "21 squares, each a link"
expect_eq 21 "$(grep -o '<rect ' <<<"$svg" | wc -l)" "…one square each"
expect_eq 21 "$(grep -o '<rect x="[0-9]*" y="[0-9]*"' <<<"$svg" | sort -u | wc -l)" "no two squares at one place"
expect_match '<a href="/guide/region-skane" class="tile"><title>Region Skåne</title>' "$svg" \
    "a square's title is its accessible name (no aria-label: the visible short name stays part of the name)"
expect_match '>Skåne</text>' "$svg" "…and the short name in it"
expect_match '>Västra</text><text[^>]*>Götaland</text>' "$svg" "two words on two lines"
expect_match '>Väster-</text><text[^>]*>norrland</text>' "$svg" "a long compound broken after its prefix"
expect_match '>12</text>' "$svg" "the county code is in the square"
# The squares' places follow the tiles: Norrbotten (4,0) top, Skåne (2,8) below Jönköping (2,6).
y_of() { grep -o "href=\"/guide/$1\" class=\"tile\"[^>]*><title>[^<]*</title><rect x=\"[0-9]*\" y=\"[0-9]*\"" <<<"$svg" | sed 's/.*y="\([0-9]*\)"/\1/'; }
x_of() { grep -o "href=\"/guide/$1\" class=\"tile\"[^>]*><title>[^<]*</title><rect x=\"[0-9]*\"" <<<"$svg" | sed 's/.*x="\([0-9]*\)"/\1/'; }
check "Norrbotten is at the top" test "$(y_of region-norrbotten)" -lt "$(y_of region-vasterbotten)"
check "Skåne is below Jönköping" test "$(y_of region-skane)" -gt "$(y_of region-jonkoping)"
expect_eq "$(x_of region-skane)" "$(x_of region-jonkoping)" "…in the same column"
check "Gotland lies east of Kalmar" test "$(x_of region-gotland)" -gt "$(x_of region-kalmar)"

bad=
for id in "${region_ids[@]}"; do
    grep -q "<a href=\"/guide/$id\" class=\"tile\"" <<<"$svg" || bad="$bad $id(no square)"
    grep -q "<a href=\"/guide/$id\">" <<<"$list" || bad="$bad $id(not in the list)"
done
expect_eq "" "$bad" "every region is a square and in the text list"
expect_eq 21 "$(grep -c '<li><a href="/guide/' <<<"$list")" "the list has the 21 regions"
expect_match 'Region Stockholm</a> <span class="hint">länskod 01 · data i guiden: [1-9]' "$list" \
    "the list says a region's county code and how much it holds"
bad=
for href in $(grep -o 'class="tile" *href="[^"]*"\|href="[^"]*" class="tile"' <<<"$svg" | grep -o '/guide/[a-z0-9-]*'); do
    http GET "$href" -
    [ "$STATUS" = 200 ] || bad="$bad $href:$STATUS"
done
expect_eq "" "$bad" "every square's link answers 200"

# The path from question to data.
expect_eq 7 "$(grep -c '<span class="step-number"' <<<"$path")" "the path has seven steps"
for step in Forskningsfråga Etikprövning "Hitta data och datahållare" Ansökan "Sekretessprövning och beslut" \
    "Uttag och leverans" Analys; do
    expect_match "</span> $step</h3>" "$path" "a step: $step"
done
expect_match 'href="/guide/guide-etikprovning"' "$path" "the ethics step leads into its guide"
expect_match 'href="/guide/guide-sekretessprovning"' "$path" "the decision step leads into its guide"
expect_match '<a class="button" href="/cases/new">Ansök om data</a>' "$path" "the application step leads to this holder's request form"
bad=
n_links=0
for href in $(grep -o 'href="[^"]*"' <<<"$path" | sed 's/^href="//; s/"$//'); do
    n_links=$((n_links + 1))
    case $href in
        "#"*) grep -q "id=\"${href#\#}\"" "$T/map.html" || bad="$bad $href" ;;
        /cases/new)
            http GET "$href" -
            [ "$STATUS" = 303 ] && [[ $(hdr Location) == /login?next=* ]] || bad="$bad $href:$STATUS" ;;
        *) http GET "$href" -
            [ "$STATUS" = 200 ] || bad="$bad $href:$STATUS" ;;
    esac
done
check "the path has its links ($n_links)" test "$n_links" -ge 12
expect_eq "" "$bad" "every link of the path leads somewhere (a guide page, the map, the request form via sign-in)"

# A region's page lists what it holds.
mapfile -t held < <(grep -l '^holder: region-stockholm$' "$ROOT"/content/*/*.md | xargs -n1 basename | sed 's/\.md$//')
check "Region Stockholm holds something in content/ (${#held[@]})" test "${#held[@]}" -ge 1
http GET /guide/region-stockholm -
expect_status 200 "a region's page"
expect_body_has '<h2 id="holdings-h">Data hos regionen</h2>' "it has \"Data hos regionen\""
holdings=$(sed -n '/<section class="holdings"/,/<\/section>/p' "$BODY")
bad=
for id in "${held[@]}"; do grep -q "href=\"/guide/$id\"" <<<"$holdings" || bad="$bad $id"; done
expect_eq "" "$bad" "…listing every item whose holder is the region"
expect_eq "${#held[@]}" "$(grep -c '<li><a href=' <<<"$holdings")" "…and nothing else"
expect_body_has 'href="/guide/map">Alla regioner på kartan</a>' "a region's page links back to the map"
http GET /guide/region-blekinge -
expect_body_lacks 'Data hos regionen' "a region that holds nothing in the guide has no empty list"
http GET /guide/socialstyrelsen -
expect_body_has '<h2 id="holdings-h">Data hos datahållaren</h2>' "an agency's page lists what it holds too"
expect_body_has 'href="/guide/patientregistret"' "…Socialstyrelsen the patient register"
expect_body_lacks 'Alla regioner på kartan' "…with no link to the region map"

# English.
http GET /guide/map - -H 'Accept-Language: en'
expect_status 200 "the English map page"
expect_body_has '<h1>Map and the path to data</h1>' "…has an English heading"
expect_body_has '<title>Region Jönköping County</title>' "…the English names on the squares"
expect_body_has '>Jönköping</text>' "…and their short names"
expect_body_has 'From research question to delivered data' "…and the English path"
expect_body_has '>Request data</a>' "…with the request form's link in English"
http GET /guide/region-stockholm - -H 'Accept-Language: en'
expect_body_has 'Data held by the region' "the English region page lists its holdings"

# Kept for every reader until the store changes; a changed title is escaped.
http GET /guide/map -
expect_header X-Page-Cache '^hit$' "the map is kept by the page cache"
cp -r "$ROOT/content" "$T/content"
sed -i 's/^title: Region Gotland$/title: Region Gotland <b>\&amp; öarna<\/b>/' "$T/content/regions/region-gotland.md"
cli catalog import "$T/content" --db "$SRV_URL"
n_files=$(find "$ROOT/content" -name '*.md' | wc -l)
expect_eq "catalog import: 0 added, 1 changed, $((n_files - 1)) unchanged" "$OUT" "a region's title changed"
http GET /guide/map -
expect_header X-Page-Cache '^miss$' "the changed map is rendered anew"
expect_body_has '<title>Region Gotland &lt;b&gt;&amp;amp; öarna&lt;/b&gt;</title>' "a name is escaped in the square's title"
expect_body_has '>&lt;b&gt;&amp;amp; öarna&lt;/b&gt;</text>' "…and in the square"
expect_body_lacks '<b>&amp; öarna' "…and nowhere passed through as markup"

finish
