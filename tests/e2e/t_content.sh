#!/usr/bin/env bash
# t_content.sh — `datalots content check` (src/core/content.c,
# content_set.c, src/cli/cmd_content.c): the knowledge guide's items in
# content/ pass; the good test set passes; each file under
# tests/data/content/bad/ breaks exactly one rule and gets exit 1 with that
# rule's message; usage errors exit 2.
. "$(dirname "$0")/lib.sh"

D=$E2E_ROOT/tests/data/content
TODAY=2026-12-05

# --- the real content ---------------------------------------------------------
cd "$E2E_ROOT" || exit 1
cli content check content/
expect_eq 0 "$RC" "content/: every item passes the check"
[ "$RC" = 0 ] || printf '%s\n' "$OUT" | grep -v '^  ' | head -40 | sed 's/^/    /'
items=$(printf '%s\n' "$OUT" | sed -n 's/^content check: \([0-9]*\) items.*/\1/p')
if [ "${items:-0}" -ge 150 ]; then ok "content/ holds at least 150 items ($items)"; else not_ok "content/ holds at least 150 items" "it holds ${items:-0}"; fi
for t in region municipality-overview agency register quality-register biobank data-type support-function law guide case-story; do
    expect_match "^  $t +[0-9]+" "$OUT" "content/ has items of type $t"
done
regions=$(printf '%s\n' "$OUT" | sed -n 's/^  region  *\([0-9]*\)$/\1/p')
expect_eq 21 "$regions" "content/ has the 21 regions"
cases=$(printf '%s\n' "$OUT" | sed -n 's/^  case-story  *\([0-9]*\)$/\1/p')
if [ "${cases:-0}" -ge 6 ]; then ok "content/ has at least six case stories ($cases)"; else not_ok "content/ has at least six case stories" "${cases:-0}"; fi
# every data type the seed names (004_*, "Kunskapshöjande stöd") has its item
for id in datatyp-journaldata datatyp-labbresultat datatyp-diagnoser datatyp-lakemedel datatyp-biobanksprov \
    datatyp-kvalitetsregisterdata datatyp-socioekonomiska-register datatyp-utbildningsdata \
    datatyp-socialforsakringsdata datatyp-bilddata datatyp-primarvardsdata datatyp-nationella-register; do
    if [ -f "content/data-types/$id.md" ]; then ok "the seed's data type $id has an item"; else not_ok "the seed's data type $id has an item"; fi
done
# every data type names its holders and how to ask
for f in content/data-types/*.md; do
    if grep -q '^related: .*[a-z]' "$f" && grep -q '^## Så går du vidare' "$f"; then ok "$(basename "$f"): names related holders and the next steps"
    else not_ok "$(basename "$f"): names related holders and the next steps"; fi
done

# --- the test sets ----------------------------------------------------------------
cli content check --today "$TODAY" "$D/good"
expect_eq 0 "$RC" "the good test set passes"
expect_match "content check: 6 items, 0 problems" "$OUT" "… and counts its 6 items"

# bad FILE-OR-FOLDER ERE — checked together with the good set: exit 1, the
# rule's message naming the file, and exactly one problem.
bad() {
    local what=$1 re=$2
    cli content check --today "$TODAY" "$D/good" "$D/bad/$what"
    if [ "$RC" = 1 ] && printf '%s\n' "$OUT" | grep -Eq -- "$re" && printf '%s\n' "$OUT" | grep -q 'content check: [0-9]* items, 1 problem$'; then
        ok "bad/$what: exit 1, one problem: $re"
    else
        not_ok "bad/$what: exit 1, one problem: $re" "exit $RC; $(printf '%s\n' "$OUT" | grep -v '^  ' | head -5)"
    fi
}
bad missing-summary-en.md 'missing-summary-en.md: the required key "summary_en" is missing'
bad unknown-type.md 'unknown-type.md:3: type "registry" is not known'
bad unknown-key.md 'unknown-key.md:12: the key "reviewd" is not known'
bad key-of-other-type.md 'the key "holder" is not known for type agency'
bad duplicate-key.md 'duplicate-key.md:5: the key "title" appears twice \(first on line 4\)'
bad id-mismatch.md 'id "annat-id" must equal the file name \("id-mismatch.md"\)'
bad Bad_Id.md 'id "Bad_Id" must be lower-case'
bad duplicate-id 'the id "myndighet-test" is already used by'
bad related-missing.md 'related: no item has the id "finns-inte"'
bad related-self.md 'related: the item lists itself'
bad related-empty-entry.md 'related: an entry is empty'
bad holder-missing.md 'holder: no item has the id "finns-inte"'
bad bad-date.md 'reviewed "2026-02-30" is not a date'
bad future-date.md 'reviewed 2027-01-01 is later than today \(2026-12-05\)'
bad bad-url.md '"www.example.se/utan-schema" is not a well-formed http\(s\) URL'
bad url-with-space.md 'is not a well-formed http\(s\) URL'
bad empty-title-en.md 'the key "title_en" has no value'
bad empty-value.md 'the key "responsible" has no value'
bad summary-not-sentence.md 'summary must be one full sentence'
bad summary-too-long.md 'summary is 325 characters'
bad empty-categories.md 'categories: write comma-separated words'
bad empty-body.md 'the body is empty'
bad no-next-steps.md 'must end with a section headed "## Så går du vidare"'
bad next-steps-not-last.md 'must end with a section headed "## Så går du vidare"'
bad next-steps-empty.md 'the section "## Så går du vidare" is empty'
bad law-without-number.md 'a law needs "sfs" .* or "celex"'
bad law-without-in-force.md 'an item of type law needs the key "in_force"'
bad bad-sfs.md 'sfs "SFS 2008/355" must be written YEAR:NUMBER'
bad bad-celex.md 'celex "2016/679" is not a CELEX number'
bad register-without-fee.md 'an item of type register needs the key "fee"'
bad bad-coverage.md 'coverage_from "sedan 1987" must be a year'
bad bad-region-code.md 'region_code "02" is not one of the 21 official county codes'
bad bad-tile.md 'tile "10,2" must be "column,row"'
bad duplicate-region-code 'region_code 01 is already used by'
bad duplicate-tile 'tile 2,3 is already used by'
bad no-front-matter.md 'no-front-matter.md:1: the file must start with a line "---"'
bad unclosed-front-matter.md 'the front matter is not closed'
bad malformed-line.md 'malformed-line.md:12: each front-matter line must be "key: value"'
bad crlf.md 'Windows line endings'
bad not-utf8.md 'is not UTF-8 text'
bad nul-byte.md 'is not UTF-8 text \(or holds a NUL byte\)'
bad bom.md 'bom.md:1: the file starts with a byte-order mark'
bad control-character.md 'control-character.md:4: the line holds a control character \(byte 0x1B\)'
bad holder-self.md 'holder: the item names itself'
bad empty-file.md 'empty-file.md: the file is empty'
bad unconfirmed-empty-entry.md 'unconfirmed-empty-entry.md:12: unconfirmed: an entry is empty'
bad unconfirmed-too-long.md 'unconfirmed: an entry is 301 characters'
bad unconfirmed-without-date.md 'unconfirmed needs "unconfirmed_checked"'
bad unconfirmed-future-date.md 'unconfirmed_checked 2027-01-01 is later than today \(2026-12-05\)'
bad unconfirmed-bad-date.md 'unconfirmed_checked "2026-13-01" is not a date'
bad unconfirmed-date-alone.md 'unconfirmed_checked without "unconfirmed"'

# every bad file is exercised above (a new one must get its line)
n_bad=$(find "$D/bad" -maxdepth 1 -mindepth 1 | wc -l)
n_lines=$(grep -c '^bad [A-Za-z0-9_.-]* ' "$0")
expect_eq "$n_bad" "$n_lines" "every entry of tests/data/content/bad has a test"

# a file too large to be one item (made here: 300 KiB)
{ sed -n '1,/^---$/{p}' "$D/good/myndighet-test.md" | sed '1!{/^---$/q}'; echo '---'; head -c 307200 /dev/zero | tr '\0' 'a'; } >"$T/big.md"
cli content check --today "$TODAY" "$T/big.md"
expect_eq 1 "$RC" "a 300 KiB file: exit 1"
expect_match 'larger than 256 KiB' "$OUT" "… says it is too large"

# all the bad files at once: each is reported, nothing stops early
cli content check --today "$TODAY" "$D/good" "$D/bad"
expect_eq 1 "$RC" "all bad files at once: exit 1"
reported=$(printf '%s\n' "$OUT" | grep -c '^/.*: ')
if [ "$reported" -ge "$n_bad" ]; then ok "all bad files at once: at least one line per entry ($reported)"; else not_ok "all bad files at once: at least one line per entry" "$reported lines for $n_bad entries"; fi

# a broken item is not blamed on the items that name it
mkdir -p "$T/one-broken"
cp "$D"/good/*.md "$T/one-broken/"
printf '\r\n' >>"$T/one-broken/region-testlan.md"
cli content check --today "$TODAY" "$T/one-broken"
expect_match 'region-testlan.md: the file has Windows line endings' "$OUT" "a broken item is reported"
expect_match 'content check: 6 items, 1 problem$' "$OUT" "… and only it: the items that name it are not blamed"

# the closing --- may carry trailing blanks
sed 's/^---$/---  /' "$D/good/lag-test.md" >"$T/trailing.md"
mkdir -p "$T/trailing-set" && cp "$D"/good/*.md "$T/trailing-set/" && cp "$T/trailing.md" "$T/trailing-set/lag-test.md"
cli content check --today "$TODAY" "$T/trailing-set"
expect_eq 0 "$RC" "a '---  ' delimiter with trailing blanks is accepted"

# symbolic links are reported, never followed (no loops, nothing read twice)
mkdir -p "$T/links/sub"
cp "$D/good/"*.md "$T/links/"
ln -s .. "$T/links/sub/up"
ln -s "$T/links/lag-test.md" "$T/links/sub/lank.md"
cli content check --today "$TODAY" "$T/links"
expect_eq 1 "$RC" "a tree with symbolic links: exit 1"
expect_match 'sub/up: is a symbolic link, which is not followed' "$OUT" "… a folder link is reported, not followed"
expect_match 'content check: 6 items, 2 problems$' "$OUT" "… the six items are each read once"

# the same file named twice is read once
cli content check --today "$TODAY" "$D/good" "$D/good/" "$D/good/lag-test.md"
expect_eq 0 "$RC" "good/, good and good/lag-test.md together: every file read once, exit 0"
expect_match 'content check: 6 items, 0 problems' "$OUT" "… 6 items"

# --- the editors' list of facts not yet confirmed -----------------------------------
cli content unconfirmed "$D/good"
expect_eq 0 "$RC" "content unconfirmed good/: exit 0"
expect_eq "register-test: att ansökan görs via e-post (checked 2026-02-01)
register-test: handläggningstiden (cirka tre månader) (checked 2026-02-01)" "$OUT" "… one line per fact: ID: fact (checked DATE)"
cli content unconfirmed content/
expect_eq 0 "$RC" "content unconfirmed content/: exit 0"
dates=$(printf '%s\n' "$OUT" | sed -n 's/.*(checked \([0-9-]*\))$/\1/p')
if [ -n "$dates" ] && [ "$dates" = "$(printf '%s\n' "$dates" | sort)" ]; then ok "… lists content/'s facts sorted by the date checked"
else not_ok "… lists content/'s facts sorted by the date checked" "$(printf '%s\n' "$OUT" | head -3)"; fi
if grep -rq '(ej bekräftad\?[^)]*20[0-9][0-9]-' content/; then not_ok "no item carries an inline (ej bekräftat DATE) note" "$(grep -rln '(ej bekräftad\?[^)]*20[0-9][0-9]-' content/ | head -3)"
else ok "no item carries an inline (ej bekräftat DATE) note: they are in \"unconfirmed\""; fi

# --- usage ----------------------------------------------------------------------------
cli content
expect_eq 2 "$RC" "content without a subcommand: exit 2"
cli content verify
expect_eq 2 "$RC" "content verify: exit 2"
expect_match 'expected check or unconfirmed' "$ERR" "… names the subcommand there is"
cli content check --bogus
expect_eq 2 "$RC" "content check --bogus: exit 2"
cli content check --today
expect_eq 2 "$RC" "content check --today without a date: exit 2"
cli content check --today 2026/13/45 "$D/good"
expect_eq 2 "$RC" "content check --today 2026/13/45: exit 2"
cli content check --today 2026-02-30 "$D/good"
expect_eq 2 "$RC" "content check --today 2026-02-30 (no such day): exit 2"
mkfifo "$T/fifo.md"
timeout 10 "$DL" content check "$T/fifo.md" >"$T/fifo.out" 2>&1
rc=$?
expect_eq 1 "$rc" "a FIFO named as the path: exit 1 at once (no hang)"
expect_match 'neither a folder nor a regular file' "$(cat "$T/fifo.out")" "… says what it is not"
cli content check "$T/does-not-exist"
expect_eq 1 "$RC" "a missing path: exit 1"
expect_match 'No such file or directory' "$ERR" "… says the path is missing"
mkdir -p "$T/empty"
cli content check "$T/empty"
expect_eq 1 "$RC" "a folder without items: exit 1"
expect_match 'no \*\.md items were found' "$OUT" "… says so"
cli content check --help
expect_eq 0 "$RC" "content check --help: exit 0"
expect_match 'Så går du vidare' "$OUT" "… lists the rules"
cli --help
expect_match 'content' "$OUT" "datalots --help lists content"

finish
