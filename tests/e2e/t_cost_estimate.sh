#!/usr/bin/env bash
# t_cost_estimate.sh — the cost estimate before the decision (issue 14 item
# 3) over HTTP: an administrator sets the organisation's fee schedule and
# step targets on /admin/case-terms (bad amounts, a VAT rate Swedish law
# does not know and a coordinator trying are refused); the coordinator
# cannot send an estimate while the organisation does not charge, then
# sends one (hours → öre from the schedule, registered as an outgoing
# document, the clock paused, the applicant told); a coordinator cannot
# accept for the applicant; an answer after the estimate's last day is
# refused with a sentence naming the day; the applicant narrows the
# request, gets a new estimate and accepts it (registered as incoming, the
# clock running again); a withdrawal closes an open estimate.
. "$(dirname "$0")/lib.sh"

start_server || finish
ORG=$(q "SELECT id FROM org_node WHERE kind = 'forvaltning' ORDER BY id LIMIT 1")
UNIT=$(q "SELECT id FROM org_node WHERE name = 'Vårdcentralen Björkdalen'")
TODAY=$(TZ=Europe/Stockholm date +%F)
IN10=$(TZ=Europe/Stockholm date -d '+10 days' +%F)
YESTERDAY=$(TZ=Europe/Stockholm date -d '-1 day' +%F)
FIELDS=("applicant_name=Sara Forskare" "applicant_email=sokande@regionhalsan.example"
    "applicant_org=Göteborgs universitet" "pi_name=Professor Åsa Öberg" "pi_email=asa.oberg@gu.example"
    "pi_org=Göteborgs universitet" "title=Kostnad för uttag" "purpose=Att pröva kostnadsförslaget."
    "question=Vad kostar det?" "ethics_dnr=2024-01234-01" "ethics_date=2024-03-15" "legal_basis=public_interest"
    "population=Vuxna med diagnos E11." "icd10=E11" "period_from=2015-01-01" "period_to=2024-12-31"
    "variables=Kön, födelseår, HbA1c" "sec_storage=Krypterad server." "sec_access=Tre forskare."
    "sec_retention=Tio år." "sec_destruction=Raderas." "delivery=paper" "wished_date=2027-03-01")
CHECKS=(check_applicant=1 check_ethics=1 check_legal=1 check_population=1 check_security=1 check_delivery=1)

# new_case — the applicant sends a request; the coordinator finds it complete. Prints the id.
new_case() {
    post /cases "$(jar sokande)" "org=$ORG" "${FIELDS[@]}" "target_node=$UNIT" "contacts_patients=1" "send=1"
    local id
    id=$(q "SELECT MAX(id) FROM cases")
    post "/cases/$id/events/accept_complete" "$(jar samordnare)" "version=$(ver "$id")" process=1 "${CHECKS[@]}"
    echo "$id"
}
ver() { q "SELECT version FROM cases WHERE id = $1"; }
ev() { # ev CASE EVENT USER [name=value...]
    local id=$1 e=$2 u=$3
    shift 3
    post "/cases/$id/events/$e" "$(jar "$u")" "version=$(ver "$id")" "$@"
}

login sokande
login samordnare
login admin
C=$(new_case)
expect_eq awaiting_samrad "$(q "SELECT state FROM cases WHERE id = $C")" "a complete request waits for the samråd"

# --- no fee schedule: no estimate -------------------------------------------------
ev "$C" send_estimate samordnare "text=Uttag ur journalsystemet." "hours=10" "deadline=$IN10"
expect_status 422 "no estimate while the organisation does not charge"
expect_body_has "tar inte ut någon avgift" "…and the page says to enter a fee schedule"

# --- the admin page ------------------------------------------------------------------
http GET /admin/case-terms "$(jar admin)"
expect_status 200 "the administrator's page of target times and fees"
expect_body_has "Väntar på svar om kostnad" "…lists every step, the estimate's too"
expect_body_has 'name="days_received"' "…with a target for each step"
http GET /admin/case-terms "$(jar samordnare)"
expect_status 403 "a coordinator may not change the terms"
post "/admin/case-terms/$ORG/fees" "$(jar samordnare)" charges=1 base=1500 hourly=950 vat=25
expect_status 403 "…nor post them"
post "/admin/case-terms/$ORG/fees" "$(jar admin)" charges=1 base=1500 hourly=950 vat=20
expect_status 422 "a VAT rate Swedish law does not know is refused"
post "/admin/case-terms/$ORG/fees" "$(jar admin)" charges=1 base=-5 hourly=950 vat=25
expect_status 422 "a negative base fee is refused"
expect_body_has "inga minustecken" "…with a sentence saying how to write it"
post "/admin/case-terms/$ORG/fees" "$(jar admin)" charges=1 "base=1 500" "hourly=950,00" vat=25
expect_status 303 "the fee schedule is saved"
expect_eq "1|150000|95000|25" "$(q "SELECT charges, base_ore, hourly_ore, vat_percent FROM fee_schedule WHERE org_id = $ORG")" \
    "…in öre (integers), with its VAT rate"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'fee_schedule.set'")" "…and audited"
TARGETS=()
for s in completion_requested awaiting_samrad awaiting_cost_acceptance unit_consultation awaiting_decision \
    awaiting_assignment decision; do TARGETS+=("days_$s=7" "unit_$s=working"); done
post "/admin/case-terms/$ORG/targets" "$(jar admin)" "${TARGETS[@]}" days_received=9999 unit_received=working \
    days_extracting=7 unit_extracting=calendar
expect_status 422 "a target beyond ten years is refused"
post "/admin/case-terms/$ORG/targets" "$(jar admin)" "${TARGETS[@]}" days_extracting=7 unit_extracting=calendar
expect_status 422 "a step left without a target is refused"
expect_body_has "Ange antal dagar för varje steg" "…with a sentence"
post "/admin/case-terms/$ORG/targets" "$(jar admin)" "${TARGETS[@]}" days_received=3 unit_received=working \
    days_extracting=7 unit_extracting=calendar
expect_status 303 "the step targets are saved"
expect_eq "7|calendar" "$(q "SELECT days, unit FROM case_step_target WHERE org_id = $ORG AND state = 'extracting'")" \
    "…each step's days and how they are counted"

# --- the estimate ----------------------------------------------------------------------
ev "$C" send_estimate samordnare "text=Uttag ur journalsystemet." "hours=tolv" "deadline=$IN10"
expect_status 422 "hours that are no number are refused"
expect_body_has "hur många timmar" "…with a sentence"
ev "$C" send_estimate samordnare "text=Uttag ur journalsystemet." "hours=12,5" "deadline=$TODAY"
expect_status 422 "an answer day that is not after today is refused"
ev "$C" send_estimate samordnare "text=" "hours=12,5" "deadline=$IN10"
expect_status 422 "an estimate without the extraction specification is refused"
expect_eq awaiting_samrad "$(q "SELECT state FROM cases WHERE id = $C")" "…and nothing moved"
ev "$C" send_estimate samordnare "text=Uttag ur journalsystemet: HbA1c per besök." "hours=12,5" "deadline=$IN10"
expect_status 303 "the coordinator sends the estimate"
expect_eq "awaiting_cost_acceptance" "$(q "SELECT state FROM cases WHERE id = $C")" "the case waits for the applicant's answer"
expect_eq "1250|1337500|334375|1671875|$IN10|open" \
    "$(q "SELECT hours_centi, net_ore, vat_ore, total_ore, answer_by, status FROM case_estimate WHERE case_id = $C")" \
    "12,5 h × 950 kr + 1 500 kr = 13 375 kr, VAT 3 343,75 kr, 16 718,75 kr in all"
expect_match "16 718,75" "$(q "SELECT body FROM case_document WHERE case_id = $C AND kind = 'cost_estimate'")" \
    "the estimate's document shows the amount"
expect_eq "out" "$(q "SELECT d.direction FROM case_document c JOIN diary_entry d ON d.id = c.diary_entry_id WHERE c.case_id = $C AND c.kind = 'cost_estimate'")" \
    "…and is registered in the diarium as outgoing"
check "the clock is paused" test "$(q "SELECT clock_paused_at FROM cases WHERE id = $C")" -gt 0
expect_eq 1 "$(q "SELECT COUNT(*) FROM outbox WHERE case_id = $C AND to_addr = 'sokande@regionhalsan.example' AND kind = 'case.estimate'")" \
    "the applicant is told by e-mail"
MAIL=$(q "SELECT subject || ' ' || body_text FROM outbox WHERE case_id = $C AND kind = 'case.estimate'")
expect_match "svara senast $IN10" "$MAIL" "…with the day to answer by"
expect_no_match "16 718" "$MAIL" "…never the estimate's content"
http GET "/cases/$C" "$(jar sokande)"
expect_body_has "Godkänn kostnadsförslaget" "the applicant's page offers to accept"
expect_body_has "Begränsa ansökan" "…or to narrow the request"
ev "$C" accept_estimate samordnare
expect_status 403 "a coordinator cannot accept for the applicant"

# --- an answer after the last day ----------------------------------------------------
q "UPDATE case_estimate SET answer_by = '$YESTERDAY' WHERE case_id = $C"
ev "$C" accept_estimate sokande
expect_status 422 "an acceptance after the estimate's last day is refused"
expect_body_has "Svarstiden för kostnadsförslaget gick ut $YESTERDAY" "…with a sentence naming the day"
ev "$C" narrow_request sokande "text=Bara HbA1c."
expect_status 422 "so is a narrowing"
expect_eq "awaiting_cost_acceptance|open" "$(q "SELECT c.state, e.status FROM cases c JOIN case_estimate e ON e.case_id = c.id WHERE c.id = $C")" \
    "…and nothing moved"
q "UPDATE case_estimate SET answer_by = '$IN10' WHERE case_id = $C"

# --- narrowed, a new estimate, accepted ----------------------------------------------
ev "$C" narrow_request sokande "text="
expect_status 422 "a narrowing must say how"
ev "$C" narrow_request sokande "text=Bara HbA1c, inga läkemedel."
expect_status 303 "the applicant narrows the request"
expect_eq "awaiting_samrad|narrowed|0" "$(q "SELECT c.state, e.status, c.clock_paused_at FROM cases c JOIN case_estimate e ON e.case_id = c.id WHERE c.id = $C")" \
    "back with the coordinator, the estimate narrowed, the clock running"
expect_eq "Bara HbA1c, inga läkemedel." "$(q "SELECT body FROM case_document WHERE case_id = $C AND kind = 'narrowing'")" \
    "the narrowed text is registered"
ev "$C" send_estimate samordnare "text=Uttag av HbA1c." "hours=4" "deadline=$IN10"
expect_status 303 "a new estimate"
ev "$C" accept_estimate sokande "text=Vi godkänner."
expect_status 303 "the applicant accepts it"
expect_eq "narrowed accepted" "$(q "SELECT status FROM case_estimate WHERE case_id = $C ORDER BY id" | tr '\n' ' ' | sed 's/ $//')" \
    "the first estimate narrowed, the second accepted"
expect_eq "662500" "$(q "SELECT total_ore FROM case_estimate WHERE case_id = $C AND status = 'accepted'")" \
    "(1 500 + 4 × 950) × 1,25 = 6 625 kr"
expect_eq "in" "$(q "SELECT d.direction FROM case_document c JOIN diary_entry d ON d.id = c.diary_entry_id WHERE c.case_id = $C AND c.kind = 'estimate_acceptance'")" \
    "the accepted estimate is registered as incoming"
expect_eq "awaiting_samrad|0" "$(q "SELECT state, clock_paused_at FROM cases WHERE id = $C")" "the case continues with the samråd"
check "the paused time is counted" test "$(q "SELECT clock_paused_total FROM cases WHERE id = $C")" -ge 0
ev "$C" accept_estimate sokande
expect_status 409 "accepting twice is refused as a step that no longer applies"

# --- withdrawn while an estimate is open ---------------------------------------------
C2=$(new_case)
ev "$C2" send_estimate samordnare "text=Uttag." "hours=1" "deadline=$IN10"
expect_status 303 "an estimate on a second case"
ev "$C2" withdraw sokande "text=För dyrt."
expect_status 303 "the applicant withdraws"
expect_eq "withdrawn|withdrawn" "$(q "SELECT c.state, e.status FROM cases c JOIN case_estimate e ON e.case_id = c.id WHERE c.id = $C2")" \
    "the case and its open estimate are withdrawn"
cli audit verify --db "$SRV_URL"
expect_eq 0 "$RC" "the audit chain is whole"
finish
