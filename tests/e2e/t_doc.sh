#!/usr/bin/env bash
# t_doc.sh — the case documents through `datalots doc sample` (src/cli/cmd_doc.c,
# report/doc_pdf.c, web/doc_web.c): the PDF's text with pdftotext (Swedish
# letters, "Sida N av M", the marking and the diary number on every page, a
# table spanning pages repeats its header), pdfinfo's metadata, the same
# bytes twice, the English letter, the HTML version, and usage errors.
. "$(dirname "$0")/lib.sh"

D=$T/doc
mkdir -p "$D"

# pages FILE — the number of pages pdfinfo reports.
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'; }
# every_page FILE TEXT — every page of FILE's text holds TEXT (fixed string).
every_page() {
    local n i
    n=$(pages "$1")
    [ -n "$n" ] || return 1
    for ((i = 1; i <= n; i++)); do
        pdftotext -layout -f "$i" -l "$i" "$1" - | grep -Fq -- "$2" || return 1
    done
}

# --- the Swedish sample ---
cli doc sample --lang sv --out "$D/sv.pdf"
expect_eq 0 "$RC" "doc sample --lang sv exits 0"
expect_match '2 pages, [0-9]+ bytes, rendered in [0-9.]+ ms' "$ERR" "it reports pages, bytes and time"
expect_eq '%PDF-' "$(head -c 5 "$D/sv.pdf")" "the file starts with %PDF-"
expect_eq 2 "$(pages "$D/sv.pdf")" "the sample letter has 2 pages"
info=$(pdfinfo "$D/sv.pdf")
expect_match 'Title: +Beslut om utlämnande av allmänna handlingar' "$info" "pdfinfo reports the title"
expect_match 'Creator: +datalots' "$info" "pdfinfo reports the creator"
expect_match 'Page size: +595.276 x 841.89 pts \(A4\)' "$info" "the pages are A4"
pdftotext -layout "$D/sv.pdf" "$D/sv.txt"
for s in 'Åsa Öberg' 'Åtgärdskoder (KVÅ)' 'Ändras det inte' 'Hjärtsviktsregistret' 'Förbehåll' \
         'Hur man överklagar' 'kammarrätten' 'Sida 1 av 2' 'Sida 2 av 2' 'Karin Lundqvist'; do
    check "the text holds \"$s\"" grep -Fq -- "$s" "$D/sv.txt"
done
check "the marking is on every page" every_page "$D/sv.pdf" 'SEKRETESS enligt OSL 25 kap. 1 §'
check "the diary number is in every page's footer" every_page "$D/sv.pdf" 'Dnr RH 2026-0142'

cli doc sample --out "$D/sv2.pdf"
check "the same sample gives the same bytes" cmp -s "$D/sv.pdf" "$D/sv2.pdf"
cli doc sample --out "$D/sv3.pdf" --date 2027-01-02T03:04:05Z
expect_match 'CreationDate: +Sat Jan  2 03:04:05 2027 UTC' "$(pdfinfo "$D/sv3.pdf")" "--date sets the creation date"

# --- a table over several pages ---
cli doc sample --lang en --rows 150 --out "$D/long.pdf"
expect_eq 0 "$RC" "doc sample --rows 150 exits 0"
n=$(pages "$D/long.pdf")
check "150 more rows take more than 4 pages ($n)" test "${n:-0}" -gt 4
last=0
for ((i = 1; i <= n; i++)); do
    pdftotext -layout -f "$i" -l "$i" "$D/long.pdf" - | grep -q 'Additional variable 150' && last=$i
done
check "the last row is on page 4 or later ($last)" test "$last" -ge 4
hdr_ok=1
for ((i = 2; i <= last; i++)); do
    pdftotext -layout -f "$i" -l "$i" "$D/long.pdf" - | grep -Eq '^ *Variable +Source +Period +Records' || hdr_ok=0
done
expect_eq 1 "$hdr_ok" "every page the table reaches repeats its header row"
check "the English marking is on every page" every_page "$D/long.pdf" 'CONFIDENTIAL under chapter 25'
expect_match "Page $n of $n" "$(pdftotext -layout "$D/long.pdf" -)" "the last page says Page $n of $n"

# --- HTML ---
cli doc sample --lang sv --out "$D/sv.html"
expect_eq 0 "$RC" "doc sample --out FILE.html exits 0"
html=$(cat "$D/sv.html")
expect_match '<article class="doc" lang="sv">' "$html" "the HTML holds the document"
expect_match '<p class="doc-marking">SEKRETESS enligt OSL 25 kap. 1 §</p>' "$html" "the HTML shows the marking"
expect_match '<th scope="col" class="num">Antal poster</th>' "$html" "number columns are marked"
expect_match '@media print' "$html" "the stylesheet with its print rules is inline"
cli doc sample --format html --out - 
expect_match '<h2>Hur man överklagar</h2>' "$OUT" "--format html --out - writes to standard output"

# --- usage errors ---
cli doc
expect_eq 2 "$RC" "doc without sample exits 2"
cli doc sample --lang de --out "$D/x.pdf"
expect_eq 2 "$RC" "--lang de exits 2"
expect_match 'sv or en' "$ERR" "and says which languages there are"
cli doc sample --rows -1 --out "$D/x.pdf"
expect_eq 2 "$RC" "--rows -1 exits 2"
cli doc sample
expect_eq 2 "$RC" "no --out exits 2"
cli doc sample --out "$D/missing/dir/x.pdf"
expect_eq 1 "$RC" "an unwritable --out exits 1"
expect_match 'cannot write' "$ERR" "and says so"
cli doc --help
expect_match 'datalots doc sample' "$OUT" "doc --help shows the usage"

finish
