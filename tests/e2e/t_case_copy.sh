#!/usr/bin/env bash
# t_case_copy.sh — follow-up applications (issue 14 item 7,
# docs/case-copy.md), over HTTP: "Kopiera som ny ansökan" on a closed case
# by the applicant who owns it (a new draft, linked, on the form version in
# force), the form made anew without some fields (`datalots form
# new-version`) and a copy that says which fields did not follow, the
# edited copy sent in and the coordinator's field-by-field difference from
# the earlier case (hostile text shown escaped); refusals: an open case,
# someone else's case, staff, no CSRF token, a malformed id; the version
# every case keeps; audited.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
start_server || finish
cli demo cases --count 40 --seed 15 --db "$SRV_URL"
expect_eq 0 "$RC" "40 generated cases"
SOK_ID=$(q "SELECT id FROM users WHERE username = 'sokande'")
R=$(q "SELECT MIN(id) FROM cases WHERE state IN ('refused', 'delivered')")
O=$(q "SELECT MIN(id) FROM cases WHERE state NOT IN ('draft', 'delivered', 'refused', 'withdrawn')")
X=$(q "SELECT MAX(id) FROM cases WHERE state IN ('refused', 'delivered', 'withdrawn') AND id <> $R")
for v in "$R" "$O" "$X"; do expect_match '^[0-9]+$' "$v" "a case for the test ($v)"; done
q "UPDATE cases SET owner_user_id = $SOK_ID, icd10 = 'E11, I50' WHERE id IN ($R, $O)" >/dev/null
q "UPDATE cases SET owner_user_id = NULL WHERE id = $X" >/dev/null
for u in sokande samordnare; do login "$u"; done
SOK=$(jar sokande) SAM=$(jar samordnare)

# --- what the pages offer -----------------------------------------------------------------
http GET "/cases/$R" "$SOK"
expect_status 200 "the applicant opens the closed case"
expect_body_has 'action="/cases/'"$R"'/copy"' "…which offers a copy as a new application"
expect_body_has "Kopiera som ny ansökan" "…with its button"
expect_body_has "blankettversion" "…and says which form version it was written on"
http GET "/cases/$O" "$SOK"
expect_body_lacks 'action="/cases/'"$O"'/copy"' "an open case offers no copy"

# --- refusals ------------------------------------------------------------------------------
post "/cases/$O/copy" "$SOK"
expect_status 409 "copying an open case is refused"
expect_body_has "Ärendet pågår fortfarande" "…with a sentence saying when it can be done"
post "/cases/$X/copy" "$SOK"
expect_status 404 "someone else's case cannot be copied (nor is it shown)"
post "/cases/$R/copy" "$SAM"
expect_status 403 "the coordinator cannot copy the applicant's case"
expect_body_has "Bara den som har gjort ansökan" "…and is told who can"
post "/cases/abc/copy" "$SOK"
expect_status 404 "a case id that is not a number"
post "/cases/99999999999999999999999/copy" "$SOK"
expect_status 404 "a case id too large for any case"
http POST "/cases/$R/copy" "$SOK"
expect_status 403 "a copy without a CSRF token is refused"
http GET "/cases/$R/copy" "$SOK"
expect_status '40[45]' "GET does not copy"
expect_eq 0 "$(q "SELECT COUNT(*) FROM cases WHERE copied_from IS NOT NULL")" "no refused attempt left a copy"

# --- a copy on the same form ------------------------------------------------------------
post "/cases/$R/copy" "$SOK"
expect_status 201 "the applicant copies the closed case"
expect_body_has "Ansökan är kopierad" "…and is told so"
expect_body_has "Alla fält följde med." "…every field followed"
N1=$(grep -o 'href="/cases/[0-9]*">Öppna' "$BODY" | sed 's/[^0-9]//g')
expect_match '^[0-9]+$' "$N1" "the page links to the new draft"
expect_eq "draft|$R|1|$SOK_ID" "$(q "SELECT state, copied_from, form_version, owner_user_id FROM cases WHERE id = $N1")" \
    "a draft of the applicant's, linked to the earlier case, on form version 1"
expect_eq 0 "$(q "SELECT COUNT(*) FROM cases a JOIN cases b ON b.id = $R WHERE a.id = $N1 AND (a.title <> b.title OR a.purpose <> b.purpose OR a.icd10 <> b.icd10 OR a.population <> b.population OR a.variables <> b.variables)")" \
    "the fields are the earlier case's"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'case.copy' AND object_id = '$N1'")" "the copy is audited"

# --- the form changes: a new version without two fields ----------------------------------
cli form new-version --drop nosuchfield --db "$SRV_URL"
expect_eq 1 "$RC" "a field the form does not have cannot be dropped"
expect_match "inget fält nosuchfield" "$ERR" "…and the command says which"
cli form new-version --drop title --db "$SRV_URL"
expect_eq 1 "$RC" "a field a request needs to be sent cannot be dropped"
expect_match "behövs för att en ansökan ska kunna skickas in" "$ERR" "…and the command says why"
cli form new-version --drop icd10 --drop legal_note --note "ICD-10 frågas nu i dataordlistan" --db "$SRV_URL"
expect_eq 0 "$RC" "form version 2 without ICD-10 and the legal note"
expect_eq 2 "$OUT" "…printed as 2"
# The form in force no longer asks for them; a value posted anyway is not kept.
ORG=$(q "SELECT id FROM org_node WHERE code = 'RH'")
http GET "/cases/new?org=$ORG" "$SOK"
expect_body_lacks 'name="icd10"' "a new request's form no longer has the ICD-10 field"
expect_body_has 'name="title"' "…but still the others"
post /cases "$SOK" "org=$ORG" "send=0" "title=Ny efter version 2" "icd10=E11 (smugglat)"
expect_status 303 "a draft posted with a value for the dropped field is saved"
NEWD=$(hdr Location | sed 's/.*\///' | tr -d '\r')
expect_eq "2|" "$(q "SELECT form_version, icd10 FROM cases WHERE id = $NEWD")" "…on version 2, without the dropped field's value"
http GET "/cases/$R" "$SOK"
expect_status 200 "a case written on version 1 still opens"
cli form list --db "$SRV_URL"
check "version 2 lacks icd10" sh -c "! printf '%s\n' \"\$1\" | grep -q '^2	icd10	'" _ "$OUT"
check "version 1 keeps it" sh -c "printf '%s\n' \"\$1\" | grep -q '^1	icd10	'" _ "$OUT"
post "/cases/$R/copy" "$SOK"
expect_status 201 "a second copy, on the new form"
expect_body_has "Fält som inte följde med" "the page says which fields did not follow"
expect_body_has "Diagnoskoder (ICD-10)" "…naming ICD-10"
expect_body_has "E11, I50" "…with what it held"
N2=$(grep -o 'href="/cases/[0-9]*">Öppna' "$BODY" | sed 's/[^0-9]//g')
expect_eq "2||$R" "$(q "SELECT form_version, icd10, copied_from FROM cases WHERE id = $N2")" \
    "the copy is on version 2, without ICD-10"
expect_eq 1 "$(q "SELECT form_version FROM cases WHERE id = $R")" "the earlier case keeps version 1"

# A value today's checks refuse (an age key whose checksum is wrong) is left out and named too.
BADKEY=age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq
q "UPDATE cases SET age_key = '$BADKEY', delivery = 'paper' WHERE id = $R" >/dev/null
post "/cases/$R/copy" "$SOK"
expect_status 201 "a case holding a value today's form refuses is still copied"
expect_body_has "Mottagarens offentliga age-nyckel" "…naming the field left out"
N3=$(grep -o 'href="/cases/[0-9]*">Öppna' "$BODY" | sed 's/[^0-9]//g')
expect_eq "|$R" "$(q "SELECT age_key, copied_from FROM cases WHERE id = $N3")" "…and the copy holds no bad key"

# --- the applicant edits the copy and sends it; the coordinator sees the difference -------
http GET "/cases/$N2" "$SOK"
expect_status 200 "the applicant opens the new draft"
cp "$BODY" "$T/draft.html"
NEW_TITLE="Uppföljning <script>alert(1)</script> & fler patienter"
"$PY" - "$T/draft.html" "/cases/$N2" "$NEW_TITLE" >"$T/draft.post" <<'PYEOF'
import sys, html.parser, urllib.parse
page, action, title = sys.argv[1], sys.argv[2], sys.argv[3]
class F(html.parser.HTMLParser):
    def __init__(s):
        super().__init__(); s.on = False; s.out = []; s.ta = None; s.sel = None
    def handle_starttag(s, tag, a):
        a = dict(a)
        if tag == 'form': s.on = a.get('action') == action
        if not s.on: return
        if tag == 'input' and a.get('name') and a.get('type') not in ('submit', 'file'):
            if a.get('type') == 'checkbox' and 'checked' not in a: return
            s.out.append([a['name'], a.get('value', '')])
        elif tag == 'textarea': s.ta = [a['name'], '']; s.out.append(s.ta)
        elif tag == 'select': s.sel = a['name']
        elif tag == 'option' and s.sel and 'selected' in a: s.out.append([s.sel, a.get('value', '')])
    def handle_endtag(s, tag):
        if tag == 'textarea': s.ta = None
        if tag == 'select': s.sel = None
        if tag == 'form': s.on = False
    def handle_data(s, d):
        if s.ta is not None: s.ta[1] += d
f = F(); f.feed(open(page, encoding='utf-8').read())
out = [(k, title if k == 'title' else v) for k, v in f.out] + [('send', '1')]
print(urllib.parse.urlencode(out), end='')
PYEOF
http POST "/cases/$N2" "$SOK" -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "@$T/draft.post"
expect_status 303 "the edited copy is sent in"
expect_eq received "$(q "SELECT state FROM cases WHERE id = $N2")" "…and received"
http GET "/cases/$N2" "$SAM"
expect_status 200 "the coordinator opens the new case"
expect_body_has "Skillnader mot den tidigare ansökan" "the field-by-field difference is shown"
expect_body_has "Projektets titel" "…naming the title"
expect_body_has "Uppföljning &lt;script&gt;alert(1)&lt;/script&gt; &amp; fler patienter" "…with the new title, escaped"
expect_body_lacks "<script>alert(1)" "…never as markup"
expect_body_has "$(q "SELECT title FROM cases WHERE id = $R" | sed 's/&/\&amp;/g')" "…and the earlier title"
expect_body_has "Diagnoskoder (ICD-10)" "…and the ICD-10 that did not follow"
expect_body_has "Kopierad från ärende" "the earlier case is linked"
expect_body_has 'class="form-version">2<' "the case shows form version 2"
http GET "/cases/$N2" "$SOK"
expect_body_lacks "Skillnader mot den tidigare ansökan" "the applicant does not get the coordinator's difference"
expect_body_has 'class="form-version">2<' "…but sees the form version"
http GET "/cases/$R" "$SAM"
expect_body_has "Kopierad som ny ansökan:" "the earlier case links to its sent copy"
cli audit verify --db "$SRV_URL"
expect_eq 0 "$RC" "the audit chain is whole"
finish
