#!/usr/bin/env bash
# t_case_claim.sh — working together on a case on the organisation's side
# (issue 14 item 6, docs/case-claim.md), over HTTP: two staff members
# claiming one case at the same moment (one wins, the other is told who has
# it), who has a case on its page and in the queue, a claim by someone who is
# not staff, releasing (by the holder, by an admin, not by a colleague),
# handing over with a note, the internal notes — never on the applicant's
# page nor in the applicant's API answers nor the public register (a planted
# marker) — hostile and oversized notes, a closed case, CSRF, the audit log.
. "$(dirname "$0")/lib.sh"

start_server || finish
cli demo cases --count 40 --seed 14 --db "$SRV_URL"
expect_eq 0 "$RC" "40 generated cases"
C=$(q "SELECT MIN(id) FROM cases WHERE state NOT IN ('draft', 'delivered', 'refused', 'withdrawn')")
CLOSED=$(q "SELECT MIN(id) FROM cases WHERE state IN ('delivered', 'refused')")
expect_match '^[0-9]+$' "$C" "an open case to work on"
expect_match '^[0-9]+$' "$CLOSED" "a closed case"
SOK_ID=$(q "SELECT id FROM users WHERE username = 'sokande'")
REG_ID=$(q "SELECT id FROM users WHERE username = 'registrator'")
q "UPDATE cases SET owner_user_id = $SOK_ID WHERE id = $C" >/dev/null
for u in samordnare registrator sokande admin hinder; do login "$u"; done
SAM=$(jar samordnare) REG=$(jar registrator) SOK=$(jar sokande) ADM=$(jar admin) HIN=$(jar hinder)

http GET "/cases/$C" "$SAM"
expect_status 200 "the coordinator opens the case"
expect_body_has "Ingen har tagit ärendet." "nobody has it yet"
expect_body_has 'action="/cases/'"$C"'/claim"' "…and the coordinator may take it"

# --- two claims at the same moment ---------------------------------------------------
TS=$(csrf_of /org "$SAM") TR=$(csrf_of /org "$REG")
for run in 1 2 3; do
    curl -s --max-time 30 -o "$T/race.sam.$run" -w '%{http_code}' -b "$SAM" --data-urlencode "csrf=$TS" \
        "$BASE/cases/$C/claim" >"$T/race.sam.st.$run" &
    p1=$!
    curl -s --max-time 30 -o "$T/race.reg.$run" -w '%{http_code}' -b "$REG" --data-urlencode "csrf=$TR" \
        "$BASE/cases/$C/claim" >"$T/race.reg.st.$run" &
    p2=$!
    wait "$p1" "$p2" # not the server's
    [ "$run" = 3 ] || { H=$(q "SELECT user_id FROM case_claim WHERE case_id = $C"); [ -n "$H" ] && break; }
done
expect_eq 1 "$(q "SELECT COUNT(*) FROM case_claim WHERE case_id = $C")" "two claims at once: one holder"
HOLDER=$(q "SELECT u.username FROM case_claim k JOIN users u ON u.id = k.user_id WHERE k.case_id = $C")
expect_match '^(samordnare|registrator)$' "$HOLDER" "…one of the two ($HOLDER)"
ST_SAM=$(cat "$T/race.sam.st.$run") ST_REG=$(cat "$T/race.reg.st.$run")
if [ "$HOLDER" = samordnare ]; then LOSER_ST=$ST_REG LOSER_BODY=$T/race.reg.$run WIN_ST=$ST_SAM; else LOSER_ST=$ST_SAM LOSER_BODY=$T/race.sam.$run WIN_ST=$ST_REG; fi
expect_eq 303 "$WIN_ST" "the winner is sent back to the case"
expect_eq 409 "$LOSER_ST" "the other is refused (409)"
WIN_NAME=$(q "SELECT u.display_name FROM case_claim k JOIN users u ON u.id = k.user_id WHERE k.case_id = $C")
check "…with a sentence naming who has it ($WIN_NAME)" grep -qF "$WIN_NAME har redan tagit ärendet" "$LOSER_BODY"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'case.claim' AND object_id = '$C'")" "one claim audited"

# From here on the coordinator has the case: the registrar hands it back if they won.
if [ "$HOLDER" = registrator ]; then
    post "/cases/$C/release" "$REG"
    expect_status 303 "the registrar releases the case"
    post "/cases/$C/claim" "$SAM"
    expect_status 303 "the coordinator takes it"
    expect_eq "handover" "$(q "SELECT kind FROM case_note WHERE case_id = $C ORDER BY id DESC LIMIT 1")" \
        "taking a case someone else had writes a handover note"
fi
expect_eq samordnare "$(q "SELECT u.username FROM case_claim k JOIN users u ON u.id = k.user_id WHERE k.case_id = $C")" \
    "the coordinator has the case"

# --- who has it, for the others -------------------------------------------------------
http GET "/cases/$C" "$REG"
expect_body_has "Ärendet har tagits av" "the colleague's case page says it is taken…"
expect_body_has "Karin Samordnare" "…by whom"
expect_body_lacks 'action="/cases/'"$C"'/claim"' "…and offers no claim"
http GET "/cases?state=all" "$REG"
check "the queue names who has the case" sh -c "grep -A0 -F '/cases/$C\"' '$BODY' | grep -qF 'Karin Samordnare'"
post "/cases/$C/claim" "$REG"
expect_status 409 "a second claim by someone else is refused"
expect_body_has "Karin Samordnare har redan tagit ärendet" "…naming who has it"
N_CLAIMS=$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'case.claim' AND object_id = '$C'")
post "/cases/$C/claim" "$SAM"
expect_status 303 "the holder claiming again changes nothing"
expect_eq "$N_CLAIMS" "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'case.claim' AND object_id = '$C'")" \
    "…and is not audited twice"
post "/cases/$C/release" "$REG"
expect_status 403 "a colleague cannot release someone else's claim"
expect_body_has "Bara Karin Samordnare eller en administratör kan släppa det" "…and is told who can"

# --- not staff ---------------------------------------------------------------------------
post "/cases/$C/claim" "$SOK"
expect_status 403 "the applicant cannot claim"
post "/cases/$C/claim" "$HIN"
expect_status 403 "an obstacle analyst (not release staff) cannot claim"
post "/cases/$C/notes" "$HIN" "body=x"
expect_status 403 "…nor write an internal note"
post "/cases/$C/notes" "$SOK" "body=Jag vill också skriva"
expect_status 403 "the applicant cannot write an internal note"
http POST "/cases/$C/claim" "$REG" --data-urlencode "note=utan token"
expect_status 403 "a claim without a CSRF token is refused"
post "/cases/999999/claim" "$SAM"
expect_status 404 "a case that does not exist"
post "/cases/$CLOSED/claim" "$SAM"
expect_status 409 "a closed case cannot be claimed"
expect_body_has "avslutat" "…and the page says why"

# --- internal notes, and the planted marker --------------------------------------------
MARK="INTERN-MARKOR-$$-$RANDOM"
post "/cases/$C/notes" "$SAM" "body=Ring sökanden om etikbeslutet. $MARK"
expect_status 303 "the coordinator writes an internal note"
post "/cases/$C/notes" "$REG" "body=<script>alert('x')</script> & \"citat\""
expect_status 303 "a note with markup is stored as text"
http GET "/cases/$C" "$SAM"
expect_body_has "$MARK" "the note is on the staff's case page"
expect_body_has "&lt;script&gt;alert(" "markup is shown escaped"
expect_body_lacks "<script>alert(" "…never run"
post "/cases/$C/notes" "$SAM" "body="
expect_status 422 "an empty note is refused"
post "/cases/$C/notes" "$SAM" "body=$(head -c 4001 /dev/zero | tr '\0' 'a')"
expect_status '4(13|22)' "a note over 4000 characters is refused"
expect_body_has "4000" "…saying how long it may be"
expect_eq 2 "$(q "SELECT COUNT(*) FROM case_note WHERE case_id = $C AND kind = 'note'")" "only the two good notes are kept"

http GET "/cases/$C" "$SOK"
expect_status 200 "the applicant sees their case"
expect_body_lacks "$MARK" "the applicant's page never shows an internal note"
expect_body_lacks "Interna anteckningar" "…nor the notes section"
expect_body_lacks "Ärendet har tagits av" "…nor who has claimed it"
expect_body_lacks "claimed-by" "…anywhere on the page"
for path in "/api/v1/cases/$C" "/api/v1/cases/$C/documents" "/api/v1/cases"; do
    http GET "$path" "$SOK"
    expect_status 200 "the applicant's API: $path"
    expect_body_lacks "$MARK" "…holds no internal note"
done
for path in /beslut /beslut.json /beslut.csv /beslut.atom /diarium; do
    http GET "$path" -
    expect_body_lacks "$MARK" "the public $path holds no internal note"
done

# --- handing over -----------------------------------------------------------------------
post "/cases/$C/release" "$SAM" "to=$REG_ID" "note="
expect_status 422 "a handover needs a note"
post "/cases/$C/release" "$SAM" "to=$SOK_ID" "note=Till sökanden?"
expect_status 422 "a case cannot be handed to someone who cannot work it"
expect_body_has "Välj en kollega i listan" "…and the page says what to do"
post "/cases/$C/release" "$SAM" "to=abc" "note=x"
expect_status 422 "a colleague that is not a number"
http GET "/cases/$C" "$SAM"
expect_body_has "Rolf Registrator" "the handover form offers the colleague"
post "/cases/$C/release" "$SAM" "to=$REG_ID" "note=Överlämnas under semestern; komplettering begärd muntligen."
expect_status 303 "the coordinator hands the case to the registrar with a note"
expect_eq registrator "$(q "SELECT u.username FROM case_claim k JOIN users u ON u.id = k.user_id WHERE k.case_id = $C")" \
    "the registrar has the case"
expect_eq "handover|$(q "SELECT id FROM users WHERE username = 'samordnare'")|$REG_ID" \
    "$(q "SELECT kind, from_user_id, to_user_id FROM case_note WHERE case_id = $C ORDER BY id DESC LIMIT 1")" \
    "a handover note from the coordinator to the registrar"
http GET "/cases/$C" "$REG"
expect_body_has "Överlämnas under semestern" "the handover note is in the thread"
expect_body_has "Du har tagit ärendet" "the registrar sees the case is theirs"

# --- the admin releases it ----------------------------------------------------------------
http GET "/cases" "$ADM"
expect_body_has 'href="/cases/claims"' "the admin's case page links to the claims"
http GET "/cases/claims" "$ADM"
expect_status 200 "the admin's list of claims"
expect_body_has "Rolf Registrator" "…names who has the case"
http GET "/cases/claims" "$SAM"
expect_status 403 "the coordinator has no list of claims to release"
http GET "/cases/$C" "$ADM"
expect_status 404 "the admin does not see the case itself"
post "/cases/$C/release" "$ADM"
expect_status 303 "the admin releases the claim"
expect_eq 0 "$(q "SELECT COUNT(*) FROM case_claim WHERE case_id = $C")" "nobody has the case"
post "/cases/$C/release" "$ADM"
expect_status 409 "releasing a case nobody has"
expect_body_has "Ingen har tagit ärendet" "…says so"
post "/cases/$C/claim" "$SAM" "note=Tar tillbaka ärendet."
expect_status 303 "the coordinator takes the case again"
expect_eq "handover|$REG_ID|Tar tillbaka ärendet." \
    "$(q "SELECT kind, from_user_id, body FROM case_note WHERE case_id = $C ORDER BY id DESC LIMIT 1")" \
    "…with a handover note from the registrar who had it"

# --- audited ---------------------------------------------------------------------------
for a in case.claim case.handover case.release_other case.note; do
    n=$(q "SELECT COUNT(*) FROM audit_log WHERE action = '$a' AND object_id = '$C'")
    check "$a is audited ($n)" test "$n" -ge 1
done
expect_eq 0 "$(q "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%$MARK%'")" "no audit row carries a note's text"
cli audit verify --db "$SRV_URL"
expect_eq 0 "$RC" "the audit chain is whole"
finish
