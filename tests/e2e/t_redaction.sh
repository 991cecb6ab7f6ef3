#!/usr/bin/env bash
# t_redaction.sh — redacting an attachment (issue 14 item 8) over HTTP: the
# registrar puts a redacted PDF in place of the applicant's ethics decision;
# from then on the applicant, the samråd and the API's readers get the
# redacted version, while the original is kept and only the registry's
# readers open it, every read in the audit log. Bad paths: a redaction of an
# attachment that is not the case's, a file that is no PDF, the same bytes
# as the original, a missing, oversized or invalid reason, a role that may
# not redact, no CSRF token — each a clear answer and nothing written.
. "$(dirname "$0")/lib.sh"

start_server || finish
"$DL" doc sample --out "$T/original.pdf" >/dev/null 2>&1
"$DL" doc sample --rows 3 --out "$T/redacted.pdf" >/dev/null 2>&1
check "two different real PDFs" test -s "$T/original.pdf" -a -s "$T/redacted.pdf"
ORIG_SHA=$(sha256sum "$T/original.pdf" | cut -c1-64)
RED_SHA=$(sha256sum "$T/redacted.pdf" | cut -c1-64)
expect_ne "$ORIG_SHA" "$RED_SHA" "…with different bytes"

# The applicant's draft with the ethics decision, then in the registry's hands.
login sokande
J=$(jar sokande)
org=$(q "SELECT id FROM org_node WHERE parent_id IS NULL ORDER BY id LIMIT 1")
tok=$(csrf_of /org "$J")
http POST /cases "$J" -F "csrf=$tok" -F "org=$org" -F "title=Med känslig bilaga" -F "ethics_file=@$T/original.pdf;type=application/pdf"
expect_status 303 "the applicant's draft with the ethics decision"
CID=$(hdr Location | sed 's/.*\///' | tr -d '\r')
ATT=$(q "SELECT id FROM case_attachment WHERE case_id = $CID")
q "UPDATE cases SET state = 'received', target_node_id = (SELECT id FROM org_node WHERE code = 'VC-BJORK') WHERE id = $CID" >/dev/null
# a second case with an attachment of its own, for the wrong-case checks
tok=$(csrf_of /org "$J")
http POST /cases "$J" -F "csrf=$tok" -F "org=$org" -F "title=Annan" -F "ethics_file=@$T/original.pdf;type=application/pdf"
CID2=$(hdr Location | sed 's/.*\///' | tr -d '\r')
ATT2=$(q "SELECT id FROM case_attachment WHERE case_id = $CID2")

login registrator
R=$(jar registrator)
http GET "/cases/$CID" "$R"
expect_body_has "/cases/$CID/attachments/$ATT/maskering" "the case page links the attachment's redaction page for staff"
http GET "/cases/$CID/attachments/$ATT/maskering" "$R"
expect_status 200 "the registrar opens the redaction page"
expect_body_has 'name="redacted_file"' "…with the form for the redacted PDF"
expect_body_has "/cases/$CID/attachments/$ATT/original" "…and the link to the original"

# redact (multipart with the page's CSRF token)
redact() { # redact JAR CASE ATT FILE REASON
    local tok
    tok=$(csrf_of "/cases/$2/attachments/$3/maskering" "$1")
    [ -n "$tok" ] || tok=$(csrf_of /org "$1")
    http POST "/cases/$2/attachments/$3/maskering" "$1" -F "csrf=$tok" -F "redacted_file=@$4;type=application/pdf" -F "reason=$5"
}
redact "$R" "$CID" "$ATT" "$T/original.pdf" "Personnummer på sidan 2"
expect_status 422 "the same bytes as the original are refused"
expect_body_has "densamma som originalet" "…saying to upload the redacted version"
printf 'not a pdf at all' >"$T/text.pdf"
redact "$R" "$CID" "$ATT" "$T/text.pdf" "Personnummer på sidan 2"
expect_status 422 "a file that is no PDF is refused"
redact "$R" "$CID" "$ATT" "$T/redacted.pdf" "   "
expect_status 422 "a blank reason is refused"
expect_body_has "måste fyllas i" "…naming the field to fill in"
head -c 1001 /dev/zero | tr '\0' x >"$T/long.txt"
redact "$R" "$CID" "$ATT" "$T/redacted.pdf" "$(cat "$T/long.txt")"
expect_status 422 "a reason over 1,000 characters is refused"
redact "$R" "$CID" "$ATT2" "$T/redacted.pdf" "Fel ärende"
expect_status 404 "an attachment of another case is refused (404)"
redact "$R" "$CID" 999999 "$T/redacted.pdf" "Finns inte"
expect_status 404 "an attachment that does not exist is refused (404)"
http POST "/cases/$CID/attachments/$ATT/maskering" "$R" -F "redacted_file=@$T/redacted.pdf;type=application/pdf" -F "reason=Utan token"
expect_status 403 "a redaction without the CSRF token is refused"
expect_eq 0 "$(q "SELECT COUNT(*) FROM case_attachment_redaction")" "nothing was written by the refused attempts"
expect_eq 0 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'case.attachment_redact'")" "…and no redaction audited"

login samrad
redact "$(jar samrad)" "$CID" "$ATT" "$T/redacted.pdf" "Samrådet maskerar"
expect_status "403|404" "a samråd member may not redact"
login sokande
redact "$J" "$CID" "$ATT" "$T/redacted.pdf" "Sökanden maskerar"
expect_status "403|404" "the applicant may not redact"
expect_eq 0 "$(q "SELECT COUNT(*) FROM case_attachment_redaction")" "still nothing written"

redact "$R" "$CID" "$ATT" "$T/redacted.pdf" "Personnummer på sidan 2 maskerat (OSL 25 kap. 1 §)"
expect_status 303 "the registrar's redaction is saved"
expect_eq "$RED_SHA|$CID" "$(q "SELECT sha256, case_id FROM case_attachment_redaction WHERE attachment_id = $ATT")" "the redacted version is stored"
expect_eq "$ORIG_SHA" "$(q "SELECT sha256 FROM case_attachment WHERE id = $ATT")" "the original is kept unchanged"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'case.attachment_redact' AND object_id = '$ATT'")" "the redaction is audited"

# Who sees what.
http GET "/cases/$CID/attachments/$ATT" "$J"
expect_status 200 "the applicant downloads the attachment"
expect_eq "$RED_SHA" "$(sha256sum "$BODY" | cut -c1-64)" "…and gets the redacted version"
http GET "/cases/$CID/attachments/$ATT/original" "$J"
expect_status "403|404" "the applicant never gets the original"
http GET "/cases/$CID/attachments/$ATT/maskering" "$J"
expect_status "403|404" "…nor the redaction page"
http GET "/cases/$CID" "$J"
expect_body_has "Maskerad" "the applicant's case page says the attachment is redacted"
expect_body_lacks "$ORIG_SHA" "…and does not show the original's checksum"
http GET "/cases/$CID/attachments/$ATT" "$(jar samrad)"
if [ "$STATUS" = 200 ]; then
    expect_eq "$RED_SHA" "$(sha256sum "$BODY" | cut -c1-64)" "a samråd member gets the redacted version"
else
    expect_status 404 "a samråd member outside the case's unit sees no attachment"
fi
reads_before=$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'case.attachment_original_read'")
http GET "/cases/$CID/attachments/$ATT/original" "$R"
expect_status 200 "the registrar opens the original"
expect_eq "$ORIG_SHA" "$(sha256sum "$BODY" | cut -c1-64)" "…byte for byte"
expect_eq $((reads_before + 1)) "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'case.attachment_original_read'")" "…and the read is audited"
expect_eq "registrator" "$(q "SELECT actor FROM audit_log WHERE action = 'case.attachment_original_read' ORDER BY seq DESC LIMIT 1")" "…under the registrar's name"
http GET "/cases/$CID/attachments/$ATT/maskering" "$R"
expect_body_has "Personnummer på sidan 2 maskerat" "the redaction page shows why"
expect_body_has "Rolf Registrator" "…and who redacted it"
expect_body_has "$ORIG_SHA" "…and, to the registrar, the original's checksum"
http GET "/cases/$CID2/attachments/$ATT/original" "$R"
expect_status 404 "the original through another case's address is 404"

# A second redaction replaces the first; the original stays.
"$DL" doc sample --rows 5 --out "$T/redacted2.pdf" >/dev/null 2>&1
redact "$R" "$CID" "$ATT" "$T/redacted2.pdf" "Även namn på sidan 3"
expect_status 303 "a new redacted version replaces the earlier one"
expect_eq "1|$(sha256sum "$T/redacted2.pdf" | cut -c1-64)" "$(q "SELECT COUNT(*), MAX(sha256) FROM case_attachment_redaction WHERE attachment_id = $ATT")" "…one redaction, the newest"
expect_eq "$ORIG_SHA" "$(q "SELECT sha256 FROM case_attachment WHERE id = $ATT")" "…and the original is still the same"

# The English page.
http GET "/cases/$CID/attachments/$ATT/maskering" "$R" -H "Accept-Language: en"
expect_status 200 "the redaction page in English"
finish
