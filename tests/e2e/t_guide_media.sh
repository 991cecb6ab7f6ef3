#!/usr/bin/env bash
# t_guide_media.sh — case stories' rules and films (issue 11, item 8): the
# case page shows each step's rule as a link to the law, the table "Regler
# i exemplet", the film with its captions track and the transcript;
# /guide/media/{file} serves the film and captions with their types, byte
# ranges (206, 416, ignored ranges), cache headers, HEAD and If-None-Match,
# and nothing else (no traversal, no unknown names, no symbolic links);
# `content check` and `catalog import` refuse a case story whose rule names
# a missing step or a non-law, whose film or captions are missing, or whose
# captions are not WebVTT, with nothing imported; export writes the films
# back beside the items; the committed film is VP9/Opus, 30-60 s (ffprobe).
. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
MEDIA=$ROOT/content/media
mkdir -p "$T/media"
cp "$MEDIA"/* "$T/media/"
ln -s "$ROOT/README.md" "$T/media/lank-till-readme.vtt"
start_server --guide-media "$T/media" || finish
FILM=fall-journaldata-process-1.webm
VTT=fall-journaldata-process-1.vtt
size=$(stat -c %s "$MEDIA/$FILM")

cli catalog import "$ROOT/content" --db "$SRV_URL"
expect_eq 0 "$RC" "the guide with its case stories is imported"

# --- the case page -------------------------------------------------------------
http GET /guide/fall-journaldata-process-1 -
expect_status 200 "the case story"
cp "$BODY" "$T/case.html"
step4=$(sed -n '/<li><strong>Samråd (nästa möte)/,/<\/li>/p' "$T/case.html")
expect_match '<strong>Regel:</strong> <a href="/guide/osl-25-kap-1">Hälso- och sjukvårdssekretessen – OSL 25 kap\. 1 §</a></li>' "$step4" \
    "step 4 ends with its rule, a link to OSL 25 kap. 1 §"
expect_eq 5 "$(grep -c '<strong>Regel:</strong> <a href="/guide/' "$T/case.html")" "five steps carry a rule"
table=$(sed -n '/<table class="case-rules">/,/<\/table>/p' "$T/case.html")
expect_eq 5 "$(grep -c '<tr><td><a href="/guide/' <<<"$table")" "the table 'Regler i exemplet' has one row per rule"
expect_match '<a href="/guide/osl-10-kap-14">Utlämnande med förbehåll – OSL 10 kap\. 14 §</a></td><td>5\. <span lang="sv">Beslut</span>' \
    "$table" "…each with its step's number and name"
expect_body_has 'Regler i exemplet</h2>' "the table has its heading"
expect_body_has '<video controls preload="metadata" width="640" height="360" poster="/guide/media/fall-journaldata-process-1-poster.png">' \
    "the film: controls, metadata only, a poster, no autoplay"
expect_body_lacks 'autoplay' "nothing plays by itself"
expect_body_has '<source src="/guide/media/fall-journaldata-process-1.webm" type="video/webm">' "the film's source and type"
expect_body_has '<track kind="captions" src="/guide/media/fall-journaldata-process-1.vtt" srclang="sv" label="Svenska" default>' \
    "Swedish captions, on by default"
expect_body_has 'href="/guide/media/fall-journaldata-process-1.webm" download>' "a link to download the film"
expect_body_has '<h2>Textversion av filmen</h2>' "the transcript is on the page"
# Every caption cue's words are in the transcript (the page tells it without the film).
text=$(sed -e 's/<[^>]*>//g' "$T/case.html" | tr -s ' \n' ' ')
missing=0
while IFS= read -r cue; do
    grep -qF -- "$cue" <<<"$text" || { missing=$((missing + 1)); echo "# not in the transcript: $cue"; }
done < <(awk 'BEGIN{RS=""} /-->/ { sub(/^[^\n]*-->[^\n]*\n/, ""); sub(/^[0-9]+\n[^\n]*\n/, ""); gsub(/\n/, " "); print }' "$MEDIA/$VTT")
expect_eq 0 "$missing" "every caption cue is in the transcript"
expect_eq 8 "$(grep -c -- '-->' "$MEDIA/$VTT")" "…all 8 cues were looked at"
http GET /guide/fall-ehds-framtida-datatillstand -
expect_body_has '<strong>Regel:</strong> <a href="/guide/ehds">' "another story: its rules too"
expect_body_lacks '<video' "a story without a film has no player"
http GET /guide/fall-journaldata-process-1 - -H 'Accept-Language: en'
expect_body_has 'Rules in the example</h2>' "in English: the table's heading"
expect_body_has '>Health care secrecy – Chapter 25 Section 1' "…the rules' English titles"
expect_body_has 'label="Svenska"' "…the captions are still Swedish"

# --- /guide/media/ -------------------------------------------------------------
http GET "/guide/media/$FILM" -
expect_status 200 "the film"
expect_header Content-Type '^video/webm$' "…as video/webm"
expect_header Content-Length "^$size$" "…whole"
expect_header Accept-Ranges '^bytes$' "…saying that ranges work"
expect_header Cache-Control 'public, max-age=2592000' "…kept for 30 days"
check "…the same bytes as the file" cmp -s "$BODY" "$MEDIA/$FILM"
etag=$(hdr ETag)
http GET "/guide/media/$VTT" -
expect_header Content-Type '^text/vtt; charset=utf-8$' "the captions as text/vtt"
expect_match '^WEBVTT' "$(head -1 "$BODY")" "…starting WEBVTT"
http GET "/guide/media/fall-journaldata-process-1-poster.png" -
expect_header Content-Type '^image/png$' "the poster as image/png"
http HEAD "/guide/media/$FILM" -
expect_status 200 "HEAD"
expect_header Content-Length "^$size$" "…with the length"
printf 'HEAD /guide/media/%s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$FILM" >"$T/head.req"
raw "$T/head.req"
expect_eq 200 "$RAW_STATUS" "HEAD on a fresh connection"
check "…sends the headers and no body ($(stat -c %s "$T/raw") bytes)" test "$(stat -c %s "$T/raw")" -lt 2000
http GET "/guide/media/$FILM" - -H "If-None-Match: $etag"
expect_status 304 "If-None-Match with the ETag: 304"

http GET "/guide/media/$FILM" - -H 'Range: bytes=0-99'
expect_status 206 "bytes=0-99: 206"
expect_header Content-Range "^bytes 0-99/$size$" "…Content-Range"
expect_header Content-Length '^100$' "…100 bytes"
check "…the first 100 bytes" cmp -s "$BODY" <(head -c 100 "$MEDIA/$FILM")
http GET "/guide/media/$FILM" - -H "Range: bytes=$((size - 10))-"
expect_status 206 "an open range to the end"
expect_header Content-Range "^bytes $((size - 10))-$((size - 1))/$size$" "…the last 10 bytes"
http GET "/guide/media/$FILM" - -H 'Range: bytes=-16'
expect_status 206 "a suffix range"
check "…the last 16 bytes" cmp -s "$BODY" <(tail -c 16 "$MEDIA/$FILM")
http GET "/guide/media/$FILM" - -H "Range: bytes=100-$((size * 2))"
expect_header Content-Range "^bytes 100-$((size - 1))/$size$" "a range past the end is cut at the end"
http GET "/guide/media/$FILM" - -H "Range: bytes=$size-"
expect_status 416 "a range starting at the end: 416"
expect_header Content-Range "^bytes \*/$size$" "…with the size"
http GET "/guide/media/$FILM" - -H 'Range: bytes=-0'
expect_status 416 "an empty suffix: 416"
for bad in 'bytes=0-9,20-29' 'bytes=9-0' 'items=0-9' 'bytes=abc' 'bytes=99999999999999999999-'; do
    http GET "/guide/media/$FILM" - -H "Range: $bad"
    expect_status 200 "Range \"$bad\" is ignored: the whole film"
    expect_header Content-Length "^$size$" "…all of it"
done
http GET "/guide/media/$FILM" - -H 'Range: bytes=0-9' -H 'If-Range: "another-version"'
expect_status 200 "If-Range naming another version: the whole film"
http GET "/guide/media/$FILM" - -H 'Range: bytes=0-9' -H "If-Range: $etag"
expect_status 206 "If-Range with this version: the range"

for p in /guide/media/../../README.md /guide/media/..%2F..%2FREADME.md /guide/media/%2e%2e /guide/media/.vtt \
         /guide/media/README.md /guide/media/saknas.webm /guide/media/FALL.webm /guide/media/a.webm.exe \
         /guide/media/lank-till-readme.vtt "/guide/media/$FILM/x" /guide/media/; do
    http GET "$p" -
    expect_status '4[0-9][0-9]' "$p is refused"
    expect_body_lacks 'datalots — ' "…and shows no file from outside the media folder"
done
http GET /guide/media/lank-till-readme.vtt -
expect_status 404 "a symbolic link in the media folder is not followed"

# --- the checker and the import refuse broken stories --------------------------
story() { # story NAME SED-EXPRESSION — a copy of content/ with one change to the Process 1 story
    rm -rf "$T/$1"
    cp -r "$ROOT/content" "$T/$1"
    sed -i "$2" "$T/$1/cases/fall-journaldata-process-1.md"
}
story c-step 's/^rules: .*/rules: 9=osl-25-kap-1/'
cli content check "$T/c-step"
expect_eq 1 "$RC" "a rule on a step that does not exist is refused"
expect_match 'rules: step 9 is not in the list under "## Steg för steg" \(steps 1-7\)' "$OUT" "…saying which step"
story c-nolaw 's/^rules: .*/rules: 4=socialstyrelsen, 5=finns-inte/'
cli content check "$T/c-nolaw"
expect_match 'rules: "socialstyrelsen" is a agency, not a law' "$OUT" "a rule naming an agency is refused"
expect_match 'rules: no item has the id "finns-inte"' "$OUT" "…and one naming no item"
story c-syntax 's/^rules: .*/rules: fyra=osl-25-kap-1/'
cli content check "$T/c-syntax"
expect_match 'rules: "fyra=osl-25-kap-1" must be STEP=LAW-ID' "$OUT" "a rule that is not STEP=LAW-ID is refused"
story c-nofile 's/^video: .*/video: finns-inte.webm/'
cli content check "$T/c-nofile"
expect_match 'video: .*/media/finns-inte.webm does not exist' "$OUT" "a film that is not there is refused"
story c-badname 's/^video: .*/video: ..\/..\/etc\/passwd.webm/'
cli content check "$T/c-badname"
expect_match "video \"../../etc/passwd.webm\" must be a file name in content/media/" "$OUT" "a film name with a path is refused"
story c-ext 's/^video_captions: .*/video_captions: fall-journaldata-process-1.srt/'
cli content check "$T/c-ext"
expect_match 'video_captions "fall-journaldata-process-1.srt" must be .*\.vtt' "$OUT" "captions that are not .vtt are refused"
story c-nocap '/^video_captions: /d'
cli content check "$T/c-nocap"
expect_match 'a film needs captions' "$OUT" "a film without captions is refused"
story c-notext 's/^## Textversion av filmen$/## Om filmen/'
cli content check "$T/c-notext"
expect_match 'a film needs its words written out: add a section "## Textversion av filmen"' "$OUT" "a film without a transcript is refused"
story c-vtt 's/^video: .*/&/'
printf 'WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nbaklänges\n' >"$T/c-vtt/media/$VTT"
cli content check "$T/c-vtt"
expect_eq 1 "$RC" "captions whose cue ends before it starts are refused"
expect_match "media/$VTT:3: the cue ends before or when it starts" "$OUT" "…naming the captions file and line"
printf '1\n00:00:01,000 --> 00:00:02,000\nSRT\n' >"$T/c-vtt/media/$VTT"
cli content check "$T/c-vtt"
expect_match "media/$VTT:1: a WebVTT file must start with the line \"WEBVTT\"" "$OUT" "an SRT file named .vtt is refused"
story c-fake 's/^video: .*/&/'
printf 'not a film' >"$T/c-fake/media/$FILM"
cli content check "$T/c-fake"
expect_match "video: .*$FILM is not a WebM \(Matroska\) film" "$OUT" "a .webm that is no WebM is refused"
story c-link 's/^video: .*/&/'
rm "$T/c-link/media/$FILM"
ln -s "$MEDIA/$FILM" "$T/c-link/media/$FILM"
cli content check "$T/c-link"
expect_match 'is a symbolic link, which is not followed' "$OUT" "a film that is a symbolic link is refused"

versions=$(q 'SELECT COUNT(*) FROM guide_version')
sed -i 's/^summary: Ett påhittat exempel där/summary: Ett uppdiktat exempel där/' "$T/c-vtt/cases/fall-journaldata-process-1.md"
cli catalog import "$T/c-vtt" --db "$SRV_URL"
expect_eq 1 "$RC" "catalog import with broken captions fails"
expect_match "problem with the films' files; nothing was imported" "$OUT" "…saying nothing was imported"
cli catalog import "$T/c-nolaw" --db "$SRV_URL"
expect_eq 1 "$RC" "catalog import with a rule naming an agency fails"
expect_eq "$versions" "$(q 'SELECT COUNT(*) FROM guide_version')" "no version was added"

# --- the web editor checks the rules against the store ------------------------------
login redaktor
J=$(jar redaktor)
src=$(q "SELECT source FROM guide_version WHERE item_id = 'fall-journaldata-process-1' AND version = 1")
bad=$(printf '%s' "$src" | sed 's/^rules: .*/rules: 4=socialstyrelsen, 9=osl-25-kap-1/')
post /guide/fall-journaldata-process-1/edit "$J" "version=1" "action=save" "source=$bad"
expect_status 422 "the editor may not save a rule naming an agency or a missing step"
expect_body_has 'rules names &quot;socialstyrelsen&quot;, which is no law of the guide' "…naming the agency"
expect_body_has 'rules: step 9 is not in the list' "…and the step"
good=$(printf '%s' "$src" | sed 's/^rules: .*/rules: 4=osl-25-kap-1, 4=offentlighets-och-sekretesslagen/')
post /guide/fall-journaldata-process-1/edit "$J" "version=1" "action=save" "source=$good"
expect_status 303 "two rules on one step are saved"
post /guide/fall-journaldata-process-1/edit "$J" "version=2" "action=preview" "source=$good"
expect_body_has '<strong>Regler:</strong> <a href="/guide/osl-25-kap-1">' "…and the preview shows them together under the step"

# --- export writes the films back ---------------------------------------------------
cli catalog export "$T/out" --db "$SRV_URL" --guide-media "$MEDIA"
expect_eq 0 "$RC" "export"
check "import → export gives the same files, films included" diff -r "$ROOT/content" "$T/out"
cli catalog export "$T/out2" --db "$SRV_URL" --guide-media "$T/nowhere"
expect_eq 1 "$RC" "export without the films' folder fails"
expect_match 'nowhere/fall-journaldata-process-1' "$ERR" "…naming the missing file"

# --- the committed film ----------------------------------------------------------
if command -v ffprobe >/dev/null; then
    probe=$(ffprobe -v error -show_entries stream=codec_name,codec_type,width,height:format=duration -of default=nw=1 "$MEDIA/$FILM")
    expect_match 'codec_name=vp9' "$probe" "the film is VP9"
    expect_match 'codec_name=opus' "$probe" "…with Opus sound"
    expect_match 'width=640' "$probe" "…640 wide"
    dur=$(sed -n 's/^duration=\([0-9]*\).*/\1/p' <<<"$probe")
    check "…30-60 s long ($dur s)" test "$dur" -ge 30 -a "$dur" -le 60
    check "…smaller than 1 MB ($size bytes)" test "$size" -lt 1000000
    last_end=$(grep -- '-->' "$MEDIA/$VTT" | tail -1 | sed 's/.*--> \([0-9:.]*\).*/\1/' | awk -F: '{print int($1*3600+$2*60+$3)}')
    check "the last caption ends within the film ($last_end s of $dur s)" test "$last_end" -le "$((dur + 1))"
else
    not_ok "ffprobe is missing" "scripts/install-deps.sh installs ffmpeg"
fi

finish
