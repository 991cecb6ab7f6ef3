#!/usr/bin/env bash
# t_pii.sh — `datalots pii scan` (src/cli/cmd_pii.c over core/pii.c): the
# hand-written corpus of tests/data/pii/ (planted identifiers: recall per
# type, printed, 100 % required for personnummer, samordningsnummer, email
# and phone; negatives: look-alikes that are not people, none may be
# flagged), code-point offsets, standard input, and bad input: malformed
# JSON, objects without text, invalid UTF-8 and oversized lines (each named
# by its line number on stderr, no output line, the later lines still
# scanned, exit status 1), a missing file, usage errors.
. "$(dirname "$0")/lib.sh"

P=$T/pii
mkdir -p "$P"
CORPUS=$E2E_ROOT/tests/data/pii

# --- help and usage -----------------------------------------------------------
cli --help
expect_match 'pii +personal data' "$OUT" "datalots --help lists pii"
cli pii --help
expect_eq 0 "$RC" "pii --help exits 0"
for w in 'scan \[FILE\]' personnummer samordningsnummer email phone name 'code points' 'line number'; do
    expect_match "$w" "$OUT" "pii --help mentions $w"
done
cli pii
expect_eq 2 "$RC" "pii without a subcommand exits 2"
expect_match 'say scan' "$ERR" "pii without a subcommand says what to write"
cli pii frob
expect_eq 2 "$RC" "pii frob exits 2"
cli pii scan a b
expect_eq 2 "$RC" "pii scan with two files exits 2"
cli pii scan "$P/missing.jsonl"
expect_eq 1 "$RC" "a missing file exits 1"
expect_match 'missing.jsonl: No such file' "$ERR" "a missing file is named"

# --- the corpus ---------------------------------------------------------------
# The committed JSON lines are what corpus.py makes of the marked texts.
for c in planted negatives; do
    python3 "$CORPUS/corpus.py" jsonl "$CORPUS/$c.txt" "$( [ $c = planted ] && echo p || echo n )" >"$P/$c.jsonl"
    check "tests/data/pii/$c.jsonl is up to date with $c.txt" cmp -s "$P/$c.jsonl" "$CORPUS/$c.jsonl"
done
n_planted=$(wc -l <"$CORPUS/planted.jsonl")
n_neg=$(wc -l <"$CORPUS/negatives.jsonl")
check "the corpus has at least 150 texts ($n_planted planted, $n_neg negatives)" test $((n_planted + n_neg)) -ge 150

for c in planted negatives; do
    cli pii scan "$CORPUS/$c.jsonl"
    expect_eq 0 "$RC" "pii scan of the $c corpus exits 0"
    expect_eq "$(wc -l <"$CORPUS/$c.jsonl")" "$(wc -l <"$T/cli.out")" "one output line per $c text"
    cp "$T/cli.out" "$P/$c.out"
    echo "# --- $c corpus ---"
    if python3 "$CORPUS/corpus.py" score "$CORPUS/$c.jsonl" "$P/$c.out" $c >"$P/$c.score"; then
        ok "$c corpus: recall and false positives within the targets"
    else
        not_ok "$c corpus: recall or false positives outside the targets" "$(cat "$P/$c.score")"
    fi
    sed 's/^/# /' "$P/$c.score"
done
# the scorer is not blind: drop the first phone span found, or flag the
# first negative, and it fails
python3 -c '
import json, sys
done = False
for line in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(line)
    if not done and any(s["type"] == "phone" for s in o["spans"]):
        o["spans"] = [s for s in o["spans"] if s["type"] != "phone"]
        done = True
    print(json.dumps(o))' "$P/planted.out" >"$P/planted.mut"
if python3 "$CORPUS/corpus.py" score "$CORPUS/planted.jsonl" "$P/planted.mut" planted >/dev/null; then
    not_ok "the scorer fails when a phone number is missed"
else
    ok "the scorer fails when a phone number is missed"
fi
sed '1s/"spans":\[\]/"spans":[{"start":0,"end":3,"type":"name"}]/' "$P/negatives.out" >"$P/negatives.mut"
check "the negatives mutation took" grep -q '"type":"name"' "$P/negatives.mut"
if python3 "$CORPUS/corpus.py" score "$CORPUS/negatives.jsonl" "$P/negatives.mut" negatives >/dev/null; then
    not_ok "the scorer fails when a negative is flagged"
else
    ok "the scorer fails when a negative is flagged"
fi

# --- offsets, standard input ----------------------------------------------------
printf '%s\n' '{"id":"e","text":"😀 åäö 850709-9805 och anna@x.se"}' >"$P/emoji.jsonl"
cli pii scan "$P/emoji.jsonl"
expect_eq '{"id":"e","spans":[{"start":6,"end":17,"type":"personnummer"},{"start":22,"end":31,"type":"email"}]}' \
    "$OUT" "offsets count code points (emoji and å/ä/ö before the matches), end exclusive"
OUT=$("$DL" pii scan <"$P/emoji.jsonl" 2>>"$T/cli.err")
expect_match '"start":6,"end":17' "$OUT" "pii scan reads standard input without FILE"
OUT=$("$DL" pii scan - <"$P/emoji.jsonl" 2>>"$T/cli.err")
expect_match '"start":6,"end":17' "$OUT" "pii scan reads standard input for -"
printf '{"id":[1,{"a":2}],"text":"inget här"}\r\n{"id":null,"text":""}\n' >"$P/ids.jsonl"
cli pii scan "$P/ids.jsonl"
expect_eq 0 "$RC" "ids of any JSON type and CRLF line ends are fine"
expect_eq $'{"id":[1,{"a":2}],"spans":[]}\n{"id":null,"spans":[]}' "$OUT" "ids are written back as read"
: >"$P/empty.jsonl"
cli pii scan "$P/empty.jsonl"
expect_eq "0:" "$RC:$OUT" "empty input: exit 0, no output"

# --- bad lines: named, skipped, the rest scanned, exit 1 ---------------------------
{
    echo '{"id":1,"text":"070-123 45 67"}'
    echo 'inte json'
    echo '{"id":3}'
    printf '{"id":4,"text":"bad \xff byte"}\n'
    echo '["id",5]'
    echo '{"id":6,"text":"a@b.se"}'
    echo '{"id":7,"text":"x","id":8}'
    echo '{"id":9,"text":"850709-9805"}'
    printf '{"id":10,"text":"surrogat \xed\xa0\x80 och overlong \xc0\xaf"}\n'
} >"$P/bad.jsonl"
cli pii scan "$P/bad.jsonl"
expect_eq 1 "$RC" "bad lines: exit status 1"
expect_match 'bad.jsonl line 2: not JSON' "$ERR" "malformed JSON: the line number is named"
expect_match 'line 3: expected an object' "$ERR" "an object without text: the line number is named"
expect_match 'line 4: not valid UTF-8' "$ERR" "invalid UTF-8: the line number is named"
expect_match 'line 5: expected an object' "$ERR" "an array: the line number is named"
expect_match 'line 7: not JSON' "$ERR" "duplicate keys: the line number is named"
expect_match 'line 9: not valid UTF-8' "$ERR" "an encoded surrogate and an overlong form: the line number is named"
expect_eq 6 "$(printf '%s\n' "$ERR" | grep -c 'line [0-9]*:')" "one message per bad line"
expect_eq $'{"id":1,"spans":[{"start":0,"end":13,"type":"phone"}]}\n{"id":6,"spans":[{"start":0,"end":6,"type":"email"}]}\n{"id":9,"spans":[{"start":0,"end":11,"type":"personnummer"}]}' \
    "$OUT" "the good lines around the bad ones are scanned, and only they"

# an oversized line (over 1 MiB) is refused, the next is scanned
perl -e 'print q({"id":"big","text":"), "a" x (1024 * 1024), qq("}\n{"id":"after","text":"a\@b.se"}\n)' >"$P/big.jsonl"
cli pii scan "$P/big.jsonl"
expect_eq 1 "$RC" "an oversized line: exit status 1"
expect_match 'line 1: longer than 1048576 bytes' "$ERR" "an oversized line is named"
expect_eq '{"id":"after","spans":[{"start":0,"end":6,"type":"email"}]}' "$OUT" "the line after an oversized one is scanned"
# just under the cap is fine
perl -e 'print q({"id":"max","text":"), "a" x (1024 * 1024 - 40), qq( 850709-9805"}\n)' >"$P/max.jsonl"
cli pii scan "$P/max.jsonl"
expect_eq 0 "$RC" "a line just under the cap is scanned"
expect_match '"type":"personnummer"' "$OUT" "… and its personnummer at the end found"

finish
