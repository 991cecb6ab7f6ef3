#!/usr/bin/env bash
# t_guide_edit.sh — editing the knowledge guide on the web (issue 11, item 2):
# an editor opens an item's newest source, previews a change (nothing saved),
# saves it as a new version (who, when; readers still see the published one),
# sees it in the history with the difference, and publishes it (readers see
# it on the very next request); a change that breaks a rule is refused with
# every problem and nothing saved; of two editors starting from the same
# version, the second gets the difference and keeps their text; only
# editors reach these pages; export writes the published version.
. "$(dirname "$0")/lib.sh"

start_server || finish
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cli catalog import "$ROOT/content" --db "$SRV_URL"
expect_eq 0 "$RC" "the guide is imported"

# Who may edit.
http GET /guide/gdpr/edit -
expect_status 303 "a stranger is sent to sign in"
login sokande
http GET /guide/gdpr/edit "$(jar sokande)"
expect_status 403 "an applicant may not edit the guide"
login redaktor
J=$(jar redaktor)
http GET /guide/gdpr "$J"
expect_body_has 'href="/guide/gdpr/edit"' "the editor is offered to edit the page"
http GET /guide/gdpr "$(jar sokande)"
expect_body_lacks 'href="/guide/gdpr/edit"' "…others are not"

http GET /guide/gdpr/edit "$J"
expect_status 200 "the editor opens the item"
expect_body_has "id: gdpr" "the form holds the item's source"
src=$(q "SELECT source FROM guide_version WHERE item_id = 'gdpr' AND version = 1")
new_src="${src}

Ett nytt stycke som redaktören lade till i dag."

# Preview: rendered, nothing saved.
post /guide/gdpr/edit "$J" "version=1" "action=preview" "source=$new_src"
expect_status 200 "preview"
expect_body_has "<p>Ett nytt stycke som redaktören lade till i dag.</p>" "the preview shows the change as readers would see it"
expect_eq 1 "$(q "SELECT COUNT(*) FROM guide_version WHERE item_id = 'gdpr'")" "a preview saves nothing"

# Save: a new version, not yet published.
post /guide/gdpr/edit "$J" "version=1" "action=save" "source=$new_src"
expect_status 303 "save"
expect_match "^/guide/gdpr/history\\?v=2" "$(hdr Location | tr -d '\r')" "…to the history, showing the new version"
expect_eq "2|1|web|$(q "SELECT id FROM users WHERE username = 'redaktor'")" \
    "$(q "SELECT i.latest_version, i.published_version, v.origin, v.created_by FROM guide_item i JOIN guide_version v ON v.item_id = i.id AND v.version = 2 WHERE i.id = 'gdpr'")" \
    "version 2 is saved by the editor from the web; version 1 is still published"
http GET /guide/gdpr -
expect_body_lacks "Ett nytt stycke som redaktören" "readers still see the published version"
http GET "/guide/gdpr/history?v=2" "$J"
expect_status 200 "the history"
expect_body_has '<span class="added">+ Ett nytt stycke som redaktören lade till i dag.</span>' "it shows the added line"
expect_body_has "Edvin Redaktör" "…and who saved it"
expect_body_has "(import från filer)" "…and that version 1 came from the files"

# Publish.
post /guide/gdpr/publish "$J" "version=2"
expect_status 303 "publish version 2"
http GET /guide/gdpr -
expect_body_has "Ett nytt stycke som redaktören lade till i dag." "readers see the change on the next request"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'guide.save' AND object_id = 'gdpr'")" "the save is audited"
expect_eq 1 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'guide.publish' AND detail = 'gdpr v2'")" "the publication is audited"
cli catalog export "$T/out" --db "$SRV_URL"
check "export writes the published version" grep -q "Ett nytt stycke som redaktören" "$T/out/laws/gdpr.md"
post /guide/gdpr/publish "$J" "version=99"
expect_status 404 "publishing a version that does not exist is refused"

# Breaking a rule: every problem listed, nothing saved.
broken=$(printf '%s' "$new_src" | sed '/^title: /d; s/^related: /related: finns-inte, /')
post /guide/gdpr/edit "$J" "version=2" "action=save" "source=$broken"
expect_status 422 "a change that breaks the format's rules is refused"
expect_body_has "title" "…naming the missing title"
expect_body_has "finns-inte" "…and the related id that does not exist"
expect_body_has "Inget sparades" "…saying nothing was saved"
expect_eq 2 "$(q "SELECT latest_version FROM guide_item WHERE id = 'gdpr'")" "no version was added"
other_id=$(printf '%s' "$new_src" | sed 's/^id: gdpr$/id: nagot-annat/')
post /guide/gdpr/edit "$J" "version=2" "action=save" "source=$other_id"
expect_status 422 "the id cannot be changed"
post /guide/gdpr/edit "$J" "version=x" "action=save" "source=$new_src"
expect_status 422 "a version that is not a number is refused"
post /guide/gdpr/edit "$J" "version=2" "action=delete" "source=$new_src"
expect_status 422 "an unknown action is refused"
http POST /guide/gdpr/edit "$J" --data-urlencode "version=2" --data-urlencode "action=save" --data-urlencode "source=$new_src"
expect_status 403 "without the CSRF token the save is refused"
tok=$(csrf_of /guide/gdpr/edit "$J")
{ printf 'version=2&action=save&csrf=%s&source=' "$tok"; head -c 300000 /dev/zero | tr '\0' 'a'; } >"$T/big"
http POST /guide/gdpr/edit "$J" -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "@$T/big"
expect_status '413|422' "an oversized text is refused"
expect_eq 2 "$(q "SELECT latest_version FROM guide_item WHERE id = 'gdpr'")" "still no version added"

# Hostile Markdown saved and published stays inert.
hostile="${new_src}

<script>alert(1)</script> [x](javascript:alert(2))"
post /guide/gdpr/edit "$J" "version=2" "action=save" "source=$hostile"
expect_status 303 "a text with raw HTML is saved (the format allows any Markdown)"
post /guide/gdpr/publish "$J" "version=3"
http GET /guide/gdpr -
expect_body_lacks "<script>alert(1)" "…and is shown without the script"
expect_body_lacks 'href="javascript:' "…and without the script link"

# Two editors from the same version: one wins, the other sees the difference.
mine="${new_src}

Min ändring."
theirs="${new_src}

Deras ändring."
post /guide/gdpr/edit "$J" "version=3" "action=save" "source=$theirs"
expect_status 303 "the first editor saves"
post /guide/gdpr/edit "$J" "version=3" "action=save" "source=$mine"
expect_status 409 "the second editor, starting from the same version, is refused"
expect_body_has "Någon annan har sparat sidan" "…told that someone saved in between"
expect_body_has '<span class="removed">− Deras ändring.</span>' "…shown what the other saved"
expect_body_has '<span class="added">+ Min ändring.</span>' "…against their own text"
expect_body_has 'Min ändring.</textarea>' "…and keeps their text in the form"
expect_body_has 'name="version" value="4"' "…to save again over the newest version if they want"
expect_eq 4 "$(q "SELECT latest_version FROM guide_item WHERE id = 'gdpr'")" "only the first save made a version"

# The editors' worklist: pages due for review, unconfirmed facts.
http GET /guide/review "$J"
expect_status 200 "the editors' worklist"
expect_body_has "Sidor att granska" "it lists the pages due for review"
expect_body_has "Uppgifter som inte är bekräftade" "…and the unconfirmed facts"
n_facts=$(cli content unconfirmed "$ROOT/content"; printf '%s\n' "$OUT" | grep -c ': ')
check "every unconfirmed fact of the files is on the list ($n_facts)" test "$(grep -c '<td class="date">' "$BODY")" -ge "$n_facts"
q "UPDATE guide_item SET reviewed = '2020-01-01' WHERE id = 'gdpr'" >/dev/null
old=$(q "SELECT source FROM guide_version WHERE item_id = 'gdpr' AND version = (SELECT published_version FROM guide_item WHERE id = 'gdpr')" | sed 's/^reviewed: .*/reviewed: 2020-01-01/')
post /guide/gdpr/edit "$J" "version=$(q "SELECT latest_version FROM guide_item WHERE id = 'gdpr'")" "action=save" "source=$old"
post /guide/gdpr/publish "$J" "version=$(q "SELECT latest_version FROM guide_item WHERE id = 'gdpr'")"
http GET /guide/review "$J"
expect_body_has '<a href="/guide/gdpr/edit">EU:s dataskyddsförordning (GDPR)</a></td><td class="date">2020-01-01</td>' \
    "an item reviewed in 2020 is due, with its date"
http GET /guide/review "$(jar sokande)"
expect_status 403 "only editors see the worklist"


finish
