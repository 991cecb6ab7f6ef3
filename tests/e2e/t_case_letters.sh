#!/usr/bin/env bash
# t_case_letters.sh — a case's documents as letters (handlers/case_documents.c,
# report/case_letters.c): Process 1 and Process 2 driven by process1.sh and
# process2.sh, then every document fetched as HTML and as PDF by the people
# who may read it; the PDFs' text through pdftotext: the diary number, the
# decision released in part with its appeal instructions ("Hur man
# överklagar", kammarrätten, three weeks), its conditions and reasons, the
# English version (?lang=en), the samråd's recommendation with each of its
# assessments under its heading, the review marked SEKRETESS on every page. And
# the bad paths: the applicant asking for the review, a stranger, a document
# of another case, no sign-in, a bad language.
. "$(dirname "$0")/lib.sh"

start_server || finish

out1=$(bash "$E2E_ROOT/tests/e2e/process1.sh" "$BASE" 2>&1)
expect_eq 0 "$?" "process1.sh: a Process 1 case, delivered"
echo "$out1" | grep -E '^FAILED' | head -3
case1=$(echo "$out1" | sed -n 's/^case \([0-9]*\)$/\1/p')
out2=$(bash "$E2E_ROOT/tests/e2e/process2.sh" "$BASE" 2>&1)
expect_eq 0 "$?" "process2.sh: a Process 2 case, delivered (released in part)"
echo "$out2" | grep -E '^FAILED' | head -3
case2=$(echo "$out2" | sed -n 's/^case \([0-9]*\)$/\1/p')
expect_match '^[0-9]+$' "$case1" "process1.sh names its case"
expect_match '^[0-9]+$' "$case2" "process2.sh names its case"

num1=$(q "SELECT diary_number FROM cases WHERE id = $case1")
num2=$(q "SELECT diary_number FROM cases WHERE id = $case2")
file2=$(printf '%s' "$num2" | tr ' ' '-')
# doc CASE KIND — the id of the case's first document of that kind.
doc() { q "SELECT id FROM case_document WHERE case_id = $1 AND kind = '$2' ORDER BY id LIMIT 1"; }
dec1=$(doc "$case1" decision)
dec2=$(doc "$case2" decision)
rev1=$(doc "$case1" confidentiality_review)
asg1=$(doc "$case1" assignment)
expect_match '^[0-9]+$' "$dec2" "case 2 has a decision"

P=$T/pdf
mkdir -p "$P"
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'; }
every_page() { # every_page FILE TEXT
    local n i
    n=$(pages "$1")
    [ -n "$n" ] || return 1
    for ((i = 1; i <= n; i++)); do pdftotext -layout -f "$i" -l "$i" "$1" - | grep -Fq -- "$2" || return 1; done
}
# pdf PATH USER NAME — GET the PDF as USER into $P/NAME.pdf and its text into $P/NAME.txt.
pdf() {
    http GET "$1" "$(jar "$2")"
    cp "$BODY" "$P/$3.pdf"
    pdftotext "$P/$3.pdf" "$P/$3.txt" 2>/dev/null || : >"$P/$3.txt"
    tr -s ' \n' ' ' <"$P/$3.txt" >"$P/$3.flat"
}
has() { grep -Fq -- "$2" "$P/$1.flat"; } # has NAME TEXT (the text with line breaks as spaces)

login sokande
login samordnare
login sekretess
login direktor
login hinder

# --- the case page links each document ---------------------------------------
http GET "/cases/$case2" "$(jar sokande)"
expect_body_has "href=\"/cases/$case2/documents/$dec2\"" "the case page links the decision (Visa)"
expect_body_has "href=\"/cases/$case2/documents/$dec2/pdf\"" "and its PDF"
http GET "/cases/$case1" "$(jar sokande)"
expect_body_lacks "/documents/$rev1\"" "the applicant's case page does not link the review"

# --- the decision released in part, in Swedish -------------------------------
pdf "/cases/$case2/documents/$dec2/pdf" sokande dec2
expect_status 200 "the applicant fetches the decision as PDF"
expect_header Content-Type '^application/pdf' "it is application/pdf"
expect_header Content-Disposition "^inline; filename=\"$file2-beslut\\.pdf\"\$" "inline, named $file2-beslut.pdf"
expect_eq '%PDF-' "$(head -c 5 "$P/dec2.pdf")" "the body is a PDF"
expect_match 'Title: +Beslut om utlämnande av allmänna handlingar' "$(pdfinfo "$P/dec2.pdf")" "the PDF's title"
for s in "Regionhälsan" "Beslut om utlämnande av allmänna handlingar" "Diarienummer" "$num2" "Mottagare" \
    "Sara Forskare" "Diabetes typ 2 i primärvården" "delvis bifall" "Hur man överklagar" "kammarrätten" \
    "tre veckor" "Pseudonymiserade uppgifter; förstörs senast 2035-12-31." \
    "Vårdcentralen Sjöstaden har nekat; dess uppgifter lämnas inte ut." "Dan Direktör" "Förvaltningsdirektör" \
    "10 kap. 14 §" "Dnr $num2" "Sida 1 av"; do
    check "the decision (sv) holds \"$s\"" has dec2 "$s"
done
check "the footer's diary number is on every page" every_page "$P/dec2.pdf" "Dnr $num2"
check "the conditions are not repeated under the reasons" test "$(grep -o 'förstörs senast 2035-12-31' "$P/dec2.txt" | wc -l)" = 1

# --- and in English -------------------------------------------------------------
pdf "/cases/$case2/documents/$dec2/pdf?lang=en" sokande dec2en
expect_status 200 "the English decision (?lang=en)"
expect_header Content-Disposition "filename=\"$file2-beslut-en\\.pdf\"" "named …-beslut-en.pdf"
for s in "Decision on the release of official documents" "Reference no." "$num2" "approved in part" \
    "How to appeal" "Administrative Court of Appeal" "three weeks" "Pseudonymiserade uppgifter" \
    "Director (förvaltningsdirektör)" "Ref. $num2" "Page 1 of"; do
    check "the decision (en) holds \"$s\"" has dec2en "$s"
done
check "the English letter has no Swedish appeal heading" sh -c "! grep -Fq 'Hur man överklagar' '$P/dec2en.txt'"

# --- HTML ------------------------------------------------------------------------
http GET "/cases/$case2/documents/$dec2" "$(jar sokande)"
expect_status 200 "the decision as a page"
expect_header Content-Type '^text/html' "HTML"
expect_body_has '<article class="doc" lang="sv">' "the document inside the page layout"
expect_body_has "Hur man överklagar" "with the appeal instructions"
expect_body_has "kammarrätten" "naming the court"
expect_body_has "href=\"/cases/$case2/documents/$dec2/pdf?lang=sv\"" "a link to the PDF"
expect_body_has "href=\"/cases/$case2/documents/$dec2?lang=en\"" "and to the English version"
expect_body_has 'class="site' "inside the site's layout"
http GET "/cases/$case2/documents/$dec2?lang=en" "$(jar sokande)"
expect_body_has '<article class="doc" lang="en">' "?lang=en gives the English letter"
expect_body_has "Administrative Court of Appeal" "with the English appeal instructions"

# --- an approval in whole has no appeal notice -------------------------------
pdf "/cases/$case1/documents/$dec1/pdf" sokande dec1
expect_status 200 "the Process 1 decision as PDF"
check "it names the case" has dec1 "$num1"
check "it is an approval" has dec1 "Utfall: bifall."
check "with the verksamhetschef's conditions" has dec1 "Endast de variabler som anges; förstörs 2035-12-31."
check "signed by the verksamhetschef" has dec1 "Verksamhetschef"
check "no appeal notice on an approval in whole" sh -c "! grep -Fq 'Hur man överklagar' '$P/dec1.flat'"

# --- the assignment ------------------------------------------------------------
pdf "/cases/$case1/documents/$asg1/pdf" samordnare asg1
expect_status 200 "the coordinator fetches the assignment"
for s in "Uppdrag att ta ut data" "Ulla Uppdragstagare" "personalakt" "Endast de variabler som anges" "$num1"; do
    check "the assignment holds \"$s\"" has asg1 "$s"
done

# --- every document of both cases, HTML and PDF, as the coordinator ------------
n_ok=0
n_all=0
for c in "$case1" "$case2"; do
    for d in $(q "SELECT id FROM case_document WHERE case_id = $c ORDER BY id"); do
        n_all=$((n_all + 1))
        http GET "/cases/$c/documents/$d" "$(jar samordnare)"
        s1=$STATUS
        http GET "/cases/$c/documents/$d/pdf" "$(jar samordnare)"
        [ "$s1" = 200 ] && [ "$STATUS" = 200 ] && [ "$(head -c 5 "$BODY")" = '%PDF-' ] && n_ok=$((n_ok + 1))
    done
done
expect_eq "$n_all" "$n_ok" "every document of both cases opens as HTML and as PDF ($n_all)"

# --- the samråd's recommendation: each assessment under its heading ----------
rec1=$(doc "$case1" recommendation)
pdf "/cases/$case1/documents/$rec1/pdf" samordnare rec1
expect_status 200 "the recommendation as PDF"
for s in "Samrådets rekommendation" "Vetenskaplig frågeställning" "Frågeställningen är tydlig och angelägen." \
    "Genomförbarhet" "Uttaget är genomförbart ur journalsystemet." "Överensstämmelse med etikgodkännandet" \
    "Stämmer med Etikprövningsmyndighetens beslut." "Villkor" "Pseudonymiserade uppgifter."; do
    check "the recommendation (sv) holds \"$s\"" has rec1 "$s"
done
check "not as one run-in text" sh -c "! grep -Fq 'Genomförbarhet: Uttaget' '$P/rec1.flat'"
pdf "/cases/$case1/documents/$rec1/pdf?lang=en" samordnare rec1en
for s in "Research question" "Feasibility" "Consistency with the ethical approval" "Conditions"; do
    check "the recommendation (en) holds \"$s\"" has rec1en "$s"
done

# --- the confidentiality review ------------------------------------------------
# A long review, so that the marking must be on more than one page.
long=$(for i in $(seq 1 60); do printf 'Stycke %s: uppgifterna om hälsotillstånd är känsliga; menprövningen gäller varje variabel.\n' "$i"; done)
q "UPDATE case_document SET body = '$long' WHERE id = $rev1" >/dev/null
audits=$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'case.read_confidential'")
pdf "/cases/$case1/documents/$rev1/pdf" sekretess rev1
expect_status 200 "the reviewer fetches the review"
check "the review spans pages ($(pages "$P/rev1.pdf"))" test "$(pages "$P/rev1.pdf")" -ge 2
check "SEKRETESS enligt OSL 25 kap. 1 § on every page" every_page "$P/rev1.pdf" "SEKRETESS enligt OSL 25 kap. 1 §"
check "the review's text" has rev1 "Stycke 60: uppgifterna om hälsotillstånd"
check "OSL 10 kap. 14 § named" has rev1 "10 kap. 14 § OSL"
expect_eq "$((audits + 1))" "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'case.read_confidential'")" "the read is audited"
pdf "/cases/$case1/documents/$rev1/pdf?lang=en" samordnare rev1en
expect_status 200 "the samråd's coordinator reads it too, in English"
check "marked on every page in English as well" every_page "$P/rev1en.pdf" "SEKRETESS enligt OSL 25 kap. 1 §"
http GET "/cases/$case1/documents/$rev1" "$(jar sekretess)"
expect_status 200 "the review as a page"
expect_body_has '<p class="doc-marking">SEKRETESS enligt OSL 25 kap. 1 §</p>' "marked in the HTML"

# --- bad paths -------------------------------------------------------------------
http GET "/cases/$case1/documents/$rev1" "$(jar sokande)"
expect_status 404 "the applicant does not get the review (HTML)"
http GET "/cases/$case1/documents/$rev1/pdf" "$(jar sokande)"
expect_status 404 "nor its PDF"
expect_body_lacks "Stycke" "and nothing of it"
http GET "/cases/$case1/documents/$dec1/pdf" "$(jar hinder)"
expect_status 404 "a stranger gets 404 for a decision"
http GET "/cases/$case1/documents/$dec1" "$(jar hinder)"
expect_status 404 "and for its page"
http GET "/cases/$case1/documents/$dec2" "$(jar samordnare)"
expect_status 404 "a document of another case is 404"
http GET "/cases/$case1/documents/$dec2/pdf" "$(jar sokande)"
expect_status 404 "also as PDF"
http GET "/cases/$case1/documents/999999/pdf" "$(jar samordnare)"
expect_status 404 "a document that does not exist is 404"
http GET "/cases/$case1/documents/$dec1/pdf" -
expect_status 303 "not signed in: sent to sign in"
expect_header Location '^/login' "to /login"
http GET "/cases/$case1/documents/$dec1?lang=de" "$(jar sokande)"
expect_status 400 "a language other than sv or en is 400"
http GET "/cases/$case1/documents/$dec1/pdf?lang=" "$(jar sokande)"
expect_status 400 "an empty language too"
finish
