#!/usr/bin/env bash
# t_mailbox.sh — the official mailbox (docs/mailbox.md) against a real IMAP
# server: Debian's dovecot, started unprivileged here with its own
# configuration in the test's folder (loopback, a free port, a passwd-file
# user, Maildir, no TLS, plaintext login on loopback). Messages are put in
# with IMAP APPEND (curl -T). The registrar sees the messages not yet
# registered, registers one as a new request and one into a case waiting for
# a completion, each with its PDF; a second registration of the same message
# (again, or two at once) is refused whole; a hostile message (HTML with a
# script, a file name with a path and quotes, not a PDF), a too large one
# and a malformed one each get a sentence and write nothing; the mailbox is
# flagged only after a registration; a dead server and a wrong password get
# sentences, and the password is never on a page or in a log.
. "$(dirname "$0")/lib.sh"

if ! command -v dovecot >/dev/null 2>&1 && [ ! -x /usr/sbin/dovecot ]; then
    not_ok "dovecot-imapd is installed" "run scripts/install-deps.sh"
    finish
fi

# --- the IMAP server ------------------------------------------------------------
. "$(dirname "$0")/imap_server.sh"
imap_server_start "$T/imap" || { not_ok "dovecot starts" "$(tail -5 "$T/imap/dovecot.log" 2>/dev/null)"; finish; }
SERVER_PIDS+=("$DOVECOT_PID") # stopped with the servers, at the end or on a failure
check "dovecot answers on 127.0.0.1:$IMAP_PORT" bash -c "curl -sS --max-time 20 --user $MB_USER:$MB_PW $IMAP/ -X \"EXAMINE INBOX\" >/dev/null"

flags_of() { imap "$IMAP/INBOX" -X "UID FETCH $1 (FLAGS)" | tr -d '\r'; }
uid_of() { # the UID of the message whose Message-ID holds $1
    imap "$IMAP/INBOX" -X "UID SEARCH HEADER Message-ID $1" | tr -d '\r' | awk '{print $3}'
}

"$DL" doc sample --out "$T/beslut.pdf" >/dev/null 2>&1
check "a real PDF to send" test -s "$T/beslut.pdf"
# mail NAME MESSAGE-ID SUBJECT BODY [FILE NAME TYPE] — a message in $T/NAME.eml.
mail() {
    local f=$T/$1.eml
    {
        printf 'From: Anna Berg <anna.berg@example.org>\r\nTo: registrator@regionhalsan.example\r\n'
        printf 'Subject: %s\r\nMessage-ID: <%s>\r\nDate: Mon, 07 Dec 2026 09:15:00 +0100\r\nMIME-Version: 1.0\r\n' "$3" "$2"
        if [ $# -ge 7 ]; then
            printf 'Content-Type: multipart/mixed; boundary="gr"\r\n\r\n--gr\r\n'
            printf 'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n%s\r\n--gr\r\n' "$4"
            printf 'Content-Type: %s\r\nContent-Disposition: attachment; filename="%s"\r\n' "$7" "$6"
            printf 'Content-Transfer-Encoding: base64\r\n\r\n'
            base64 -w 76 "$5" | sed 's/$/\r/'
            printf -- '--gr--\r\n'
        else
            printf 'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n%s\r\n' "$4"
        fi
    } >"$f"
    deliver "$f"
}

mail new1 new1@example.org "Ansökan om uppgifter: diabetes i primärvården" \
    "Hej! Vi ansöker om uppgifter för forskning om diabetes. Bifogat etikbeslutet." "$T/beslut.pdf" etikbeslut.pdf application/pdf
mail compl1 compl1@example.org "Komplettering" "Här kommer etikprövningsmyndighetens beslut." \
    "$T/beslut.pdf" beslut.pdf application/pdf
printf '<p>Hej</p><script>alert("x")</script>\n' >"$T/evil.html"
{
    printf 'From: "Mallory <script>" <mallory@example.org>\r\nSubject: <img src=x onerror=alert(1)>\r\n'
    printf 'Message-ID: <evil1@example.org>\r\nDate: Mon, 07 Dec 2026 09:20:00 +0100\r\nMIME-Version: 1.0\r\n'
    printf 'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\n'
    printf 'Content-Type: text/html; charset=utf-8\r\n\r\n<p>Hej</p><script>alert("x")</script>\r\n--b1\r\n'
    printf 'Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="../../etc/pass\\"wd\r\n .pdf"\r\n\r\n'
    printf 'MZ not a pdf at all\r\n--b1--\r\n'
} >"$T/evil.eml"
deliver "$T/evil.eml"
{
    printf 'From: Stor Fil <stor@example.org>\r\nSubject: Stort\r\nMessage-ID: <big1@example.org>\r\n'
    printf 'Content-Type: text/plain\r\n\r\n'
    head -c 300000 /dev/zero | tr '\0' 'x' | fold -w 70 | sed 's/$/\r/'
} >"$T/big.eml"
deliver "$T/big.eml"
printf 'this is no e-mail at all\r\nno headers, no sender\r\n' >"$T/bad.eml"
deliver "$T/bad.eml"
check "five messages in the mailbox (* SEARCH and five UIDs)" test "$(imap "$IMAP/INBOX" -X 'UID SEARCH ALL' | tr -d '\r' | wc -w)" -eq 7

# --- the server ---------------------------------------------------------------------
echo "$MB_PW" >"$T/mailbox.pw"
start_server --mailbox-url "$IMAP/INBOX" --mailbox-user "$MB_USER" --mailbox-password-file "$T/mailbox.pw" \
    --mailbox-max-bytes 200000 || finish
STORE_DIR=$SRV_DIR
login registrator
RJ=$(jar registrator)
http GET /brevlada "$RJ"
expect_status 200 "the registrar opens the mailbox page"
expect_body_has 'href="/brevlada"' "the registrar's menu leads to it"
expect_body_has "Ansökan om uppgifter: diabetes i primärvården" "it lists a message by its subject"
expect_body_has "Anna Berg &lt;anna.berg@example.org&gt;" "with its sender, escaped"
expect_body_has "2026-12-07 09:15" "and its date (Europe/Stockholm)"
expect_body_has "etikbeslut.pdf" "and its attachment"
expect_body_has "Vi ansöker om uppgifter för forskning om diabetes" "and its text"
expect_body_lacks "<script>" "a script in a message's HTML is never on the page"
expect_body_lacks "<img src=x" "nor markup from a subject"
expect_body_has "&lt;script&gt;alert" "the HTML is shown as text, escaped"
expect_body_lacks "../../etc" "a file name's path is dropped"
expect_body_has "större än gränsen" "a message over --mailbox-max-bytes gets a sentence"
expect_body_has "går inte att läsa som e-post" "a malformed message gets a sentence"
expect_body_lacks "$MB_PW" "the password is not on the page"
VALIDITY=$(grep -o 'name="uidvalidity" value="[0-9]*"' "$BODY" | head -1 | sed 's/.*value="\([0-9]*\)"/\1/')
check "the page names the mailbox's UIDVALIDITY" test -n "$VALIDITY"
UID_NEW=$(uid_of new1@example.org)
UID_COMPL=$(uid_of compl1@example.org)
UID_EVIL=$(uid_of evil1@example.org)
UID_BIG=$(uid_of big1@example.org)
UID_BAD=$(imap "$IMAP/INBOX" -X 'UID SEARCH ALL' | tr -d '\r' | awk '{print $NF}')
expect_no_match '\Seen' "$(flags_of "$UID_NEW")" "reading the mailbox flags nothing"

logins=$(grep -c 'imap-login: Info: Login' "$T/imap/dovecot.log")
http GET /brevlada "$RJ"
sleep 0.3
expect_eq $((logins + 1)) "$(grep -c 'imap-login: Info: Login' "$T/imap/dovecot.log")" \
    "one page reads the list and every message over one IMAP connection"

login sokande
http GET /brevlada "$(jar sokande)"
http GET /cases "$(jar sokande)"
expect_body_lacks 'href="/brevlada"' "an applicant's menu does not offer it"
http GET /brevlada "$(jar sokande)"
expect_status 403 "an applicant cannot read the official mailbox"
post /brevlada/register "$(jar sokande)" "uidvalidity=$VALIDITY" "uid=$UID_NEW" mode=new org=1
expect_status 403 "nor register from it"

# --- a new request ------------------------------------------------------------------
org=$(q "SELECT id FROM org_node WHERE code = 'RH'")
cases_before=$(q "SELECT COUNT(*) FROM cases")
post /brevlada/register "$RJ" "uidvalidity=$VALIDITY" "uid=$UID_NEW" mode=new "org=$org"
expect_status 303 "the registrar registers a message as a new request"
NEW_CASE=$(hdr Location | sed 's/.*\///' | tr -d '\r')
expect_eq "received|Ansökan om uppgifter: diabetes i primärvården|anna.berg@example.org" \
    "$(q "SELECT state, title, applicant_email FROM cases WHERE id = $NEW_CASE")" "a received case with the subject and the sender"
expect_eq "1|etikbeslut.pdf" "$(q "SELECT COUNT(*), MAX(filename) FROM case_attachment WHERE case_id = $NEW_CASE")" \
    "its attachment is on the case"
expect_eq "$(sha256sum "$T/beslut.pdf" | cut -c1-64)" "$(q "SELECT sha256 FROM case_attachment WHERE case_id = $NEW_CASE")" \
    "byte for byte"
expect_match "Anna Berg" "$(q "SELECT d.counterpart FROM case_document c JOIN diary_entry d ON d.id = c.diary_entry_id WHERE c.case_id = $NEW_CASE AND c.kind = 'request'")" \
    "the request is registered in the diarium with its sender"
expect_eq "1|$NEW_CASE" "$(q "SELECT COUNT(*), MAX(case_id) FROM mailbox_message WHERE message_id = 'new1@example.org'")" \
    "the message is registered once, with its case"
expect_match '\\Seen' "$(flags_of "$UID_NEW")" "after the commit the message is flagged \\Seen"
http GET /brevlada "$RJ"
expect_body_lacks "diabetes i primärvården" "a registered message is no longer listed"

post /brevlada/register "$RJ" "uidvalidity=$VALIDITY" "uid=$UID_NEW" mode=new "org=$org"
expect_status 409 "registering the same message again is refused"
expect_body_has "redan registrerat i ärende $NEW_CASE" "with a sentence naming the case"
expect_eq "$((cases_before + 1))" "$(q "SELECT COUNT(*) FROM cases")" "and no second case"
# The same message delivered again (new UID, same Message-ID).
deliver "$T/new1.eml"
UID_AGAIN=$(imap "$IMAP/INBOX" -X 'UID SEARCH ALL' | tr -d '\r' | awk '{print $NF}')
post /brevlada/register "$RJ" "uidvalidity=$VALIDITY" "uid=$UID_AGAIN" mode=new "org=$org"
expect_status 409 "a copy of a registered message (same Message-ID) is refused too"
expect_eq "$((cases_before + 1))" "$(q "SELECT COUNT(*) FROM cases")" "still one case"

# --- into a case that waits for a completion --------------------------------------
login samordnare
SJ=$(jar samordnare)
post "/cases/$NEW_CASE/events/request_completion" "$SJ" "version=$(q "SELECT version FROM cases WHERE id = $NEW_CASE")" \
    "text=Bifoga etikprövningsmyndighetens beslut."
expect_status 303 "the coordinator asks for a completion"
post /brevlada/register "$RJ" "uidvalidity=$VALIDITY" "uid=$UID_COMPL" mode=case "case=999999"
expect_status 404 "an unknown case is refused"
expect_body_has "inget ärende 999999" "with a sentence"
# Two registrars at once (a double click): one registration, one refusal.
login_jar "$T/jar.reg2" registrator
( BODY=$T/b1 HDRS=$T/h1; post /brevlada/register "$RJ" "uidvalidity=$VALIDITY" "uid=$UID_COMPL" mode=case "case=$NEW_CASE"
  echo "$STATUS" >"$T/s1" ) &
p1=$!
( BODY=$T/b2 HDRS=$T/h2; post /brevlada/register "$T/jar.reg2" "uidvalidity=$VALIDITY" "uid=$UID_COMPL" mode=case "case=$NEW_CASE"
  echo "$STATUS" >"$T/s2" ) &
p2=$!
wait "$p1" "$p2"
expect_eq "303 409" "$(sort <(cat "$T/s1") <(cat "$T/s2") | tr '\n' ' ' | sed 's/ $//')" \
    "two registrations of one message at once: one is made, the other refused"
expect_eq 1 "$(cat "$T/b1" "$T/b2" | grep -c 'redan registrerat i ärende')" "the refused one is told the message is registered"
expect_eq "1" "$(q "SELECT COUNT(*) FROM mailbox_message WHERE message_id = 'compl1@example.org'")" "one row for it"
expect_eq "received" "$(q "SELECT state FROM cases WHERE id = $NEW_CASE")" "the case is received again"
expect_eq "1" "$(q "SELECT COUNT(*) FROM case_document WHERE case_id = $NEW_CASE AND kind = 'completion'")" \
    "the completion is registered once"
expect_eq "2" "$(q "SELECT COUNT(*) FROM case_attachment WHERE case_id = $NEW_CASE")" "with its file"

# --- hostile, too large, malformed: a sentence, nothing written -------------------
rows=$(q "SELECT COUNT(*) FROM mailbox_message")
cases_now=$(q "SELECT COUNT(*) FROM cases")
atts=$(q "SELECT COUNT(*) FROM case_attachment")
post /brevlada/register "$RJ" "uidvalidity=$VALIDITY" "uid=$UID_EVIL" mode=new "org=$org"
expect_status 422 "a message whose file is not a PDF is refused"
expect_body_has "kan inte registreras" "with a sentence naming the file"
expect_body_lacks "../../etc" "the hostile file name is shown made safe"
post /brevlada/register "$RJ" "uidvalidity=$VALIDITY" "uid=$UID_BIG" mode=new "org=$org"
expect_status 413 "a message over the size limit is refused"
expect_body_has "större än gränsen" "with a sentence"
post /brevlada/register "$RJ" "uidvalidity=$VALIDITY" "uid=$UID_BAD" mode=new "org=$org"
expect_status 422 "a malformed message is refused"
expect_body_has "går inte att läsa som e-post" "with a sentence"
post /brevlada/register "$RJ" "uidvalidity=$((VALIDITY + 1))" "uid=$UID_EVIL" mode=new "org=$org"
expect_status 409 "a page from before the mailbox was rebuilt (another UIDVALIDITY) is refused"
post /brevlada/register "$RJ" "uidvalidity=$VALIDITY" "uid=999999" mode=new "org=$org"
expect_status 404 "a message no longer in the mailbox is refused"
post /brevlada/register "$RJ" "uidvalidity=$VALIDITY" "uid=$UID_EVIL" mode=case
expect_status 422 "into a case without its number is refused"
expect_eq "$rows|$cases_now|$atts" "$(q "SELECT (SELECT COUNT(*) FROM mailbox_message), (SELECT COUNT(*) FROM cases), (SELECT COUNT(*) FROM case_attachment)")" \
    "none of them wrote anything"
expect_no_match '\Seen' "$(flags_of "$UID_EVIL")" "and the refused messages stay unflagged"
expect_no_match '\Seen' "$(flags_of "$UID_BAD")" "(the malformed one too)"
stop_server

# --- move after registering ---------------------------------------------------------
imap "$IMAP/" -X 'CREATE Registrerat' >/dev/null
E2E_STORE=$STORE_DIR start_server --mailbox-url "$IMAP/INBOX" --mailbox-user "$MB_USER" \
    --mailbox-password-file "$T/mailbox.pw" --mailbox-after move:Registrerat || finish
mail new2 new2@example.org "Ny ansökan två" "En andra ansökan."
UID_NEW2=$(uid_of new2@example.org)
login registrator
RJ=$(jar registrator)
post /brevlada/register "$RJ" "uidvalidity=$VALIDITY" "uid=$UID_NEW2" mode=new "org=$org"
expect_status 303 "a message without files is registered as a new request"
expect_eq "" "$(uid_of new2@example.org)" "with --mailbox-after move: it has left INBOX"
expect_match "SEARCH [0-9]" "$(imap "$IMAP/Registrerat" -X 'UID SEARCH HEADER Message-ID new2@example.org' | tr -d '\r')" \
    "and lies in the folder"
stop_server

# --- a wrong password, a dead server ------------------------------------------------
echo "fel-$MB_PW-fel" >"$T/wrong.pw"
E2E_STORE=$STORE_DIR start_server --mailbox-url "$IMAP/INBOX" --mailbox-user "$MB_USER" \
    --mailbox-password-file "$T/wrong.pw" || finish
login registrator
http GET /brevlada "$(jar registrator)"
expect_status 502 "a wrong password: the page says the mailbox refused"
expect_body_has "tog inte emot inloggningen" "with a sentence naming the settings"
expect_body_lacks "fel-$MB_PW" "never the password"
stop_server
check "nor in the server's log" bash -c "! grep -qF -- '$MB_PW' '$SRV_ERR' '$SRV_LOG'"
E2E_STORE=$STORE_DIR start_server --mailbox-url "imap://127.0.0.1:$(free_port)/INBOX" --mailbox-user "$MB_USER" \
    --mailbox-password-file "$T/mailbox.pw" || finish
login registrator
http GET /brevlada "$(jar registrator)"
expect_status 502 "a dead server: a sentence"
expect_body_has "svarar inte" "saying it does not answer"
stop_server
cli serve --db "$(store_url "$STORE_DIR")" --listen 127.0.0.1:0 --mailbox-url "imap://me:pw@127.0.0.1/INBOX"
expect_eq 2 "$RC" "a password in --mailbox-url is refused at start"
expect_match "must not hold a user or password" "$ERR" "with a sentence"
expect_no_match ":pw@" "$ERR" "(without repeating it)"
E2E_STORE=$STORE_DIR start_server || finish
login registrator
http GET /brevlada "$(jar registrator)"
expect_body_has "Ingen myndighetsbrevlåda är inställd" "without --mailbox-url the page says how to set one"

finish
