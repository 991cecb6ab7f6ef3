#!/usr/bin/env bash
# make-case-film.sh — makes the short film of the case story
# fall-journaldata-process-1 (step 4: the samråd and the confidentiality
# review under 25 kap. 1 § OSL) from Debian packages only: espeak-ng reads
# the narration below with its Swedish voice, ffmpeg shows each sentence as
# a slide and encodes VP9 + Opus WebM, and the WebVTT captions are written
# from the same sentences, each cue as long as its spoken sentence. The
# output replaces the committed files under content/media/; the item's
# section "## Textversion av filmen" holds the same sentences.
#
#   scripts/make-case-film.sh [OUT_DIR]      (default: content/media)
#
# Needs: espeak-ng, ffmpeg (ffprobe), fonts-dejavu-core, python3.
set -euo pipefail

OUT=${1:-$(cd "$(dirname "$0")/.." && pwd)/content/media}
NAME=fall-journaldata-process-1
FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
FONT_BOLD=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
HEADING="Steg 4: samråd och sekretessprövning"
GAP=0.4 # seconds of silence after each sentence

for tool in espeak-ng ffmpeg ffprobe python3; do
  command -v "$tool" >/dev/null || { echo "make-case-film: $tool is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
done
[ -r "$FONT" ] && [ -r "$FONT_BOLD" ] || { echo "make-case-film: the DejaVu fonts are missing (fonts-dejavu-core)" >&2; exit 1; }

# One sentence a line: spoken, shown as a slide and as one caption cue.
SENTENCES=$(cat <<'TEXT'
Det här är ett påhittat exempel om journaldata från en enda vårdenhet.
En forskare vill koppla enkätsvar från patienter till uppgifter ur deras journaler.
Efter etikprövningen skickar hon sin begäran till regionen.
I steg fyra träffas regionens samråd.
En utsedd funktion prövar sekretessen enligt tjugofemte kapitlet, första paragrafen, i offentlighets- och sekretesslagen.
Uppgifter om patienters hälsa får bara lämnas ut om det står klart att ingen lider men.
Samrådet rekommenderar därför utlämnande, men bara för patienter som har samtyckt.
Verksamhetschefen beslutar med samma villkor, och forskaren får ingen egen åtkomst till journalen.
TEXT
)

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"

# 1. Speech: one WAV per sentence, then silence after it; the durations give the cue times.
i=0
: >"$WORK/times"
while IFS= read -r line; do
  i=$((i + 1))
  printf '%s' "$line" >"$WORK/s$i.txt"
  espeak-ng -v sv -s 160 -w "$WORK/s$i.wav" -f "$WORK/s$i.txt" </dev/null
  d=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$WORK/s$i.wav")
  echo "$i $d" >>"$WORK/times"
  ffmpeg -nostdin -v error -y -i "$WORK/s$i.wav" -af "apad=pad_dur=$GAP" -ar 22050 -ac 1 "$WORK/p$i.wav"
  echo "file 'p$i.wav'" >>"$WORK/list"
done <<<"$SENTENCES"
ffmpeg -nostdin -v error -y -f concat -safe 0 -i "$WORK/list" -c:a pcm_s16le "$WORK/all.wav"

# 2. Cue times, the captions and one wrapped text file per slide.
python3 - "$WORK" "$GAP" "$OUT/$NAME.vtt" <<'PY'
import sys, textwrap
work, gap, vtt = sys.argv[1], float(sys.argv[2]), sys.argv[3]
def ts(t):
    ms = int(round(t * 1000)); h, ms = divmod(ms, 3600000); m, ms = divmod(ms, 60000); s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"
t = 0.0
cues = []
filters = []
for line in open(f"{work}/times"):
    i, d = line.split(); d = float(d)
    text = open(f"{work}/s{i}.txt", encoding="utf-8").read()
    cues.append((t, t + d, text))
    with open(f"{work}/slide{i}.txt", "w", encoding="utf-8") as f:
        f.write("\n".join(textwrap.wrap(text, 34)))
    filters.append((i, t, t + d + gap))
    t += d + gap
with open(vtt, "w", encoding="utf-8") as f:
    f.write("WEBVTT - Exempel: journaldata från en enda vårdenhet (Process 1)\n\n")
    f.write("NOTE Made by scripts/make-case-film.sh from the same sentences that are spoken.\n\n")
    for n, (a, b, text) in enumerate(cues, 1):
        f.write(f"{n}\n{ts(a)} --> {ts(b)}\n")
        f.write("\n".join(textwrap.wrap(text, 42)) + "\n\n")
with open(f"{work}/filters", "w") as f:
    f.write("\n".join(f"{i} {a:.3f} {b:.3f}" for i, a, b in filters))
PY

# 3. The video: a dark blue page, the heading, each sentence while it is spoken.
total=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$WORK/all.wav")
printf '%s' "$HEADING" >"$WORK/heading.txt"
vf="drawtext=fontfile=$FONT_BOLD:textfile=$WORK/heading.txt:fontcolor=white:fontsize=26:x=40:y=36"
vf="$vf,drawbox=x=40:y=80:w=560:h=3:color=0xF2C94C:t=fill"
while read -r i a b; do
  vf="$vf,drawtext=fontfile=$FONT:textfile=$WORK/slide$i.txt:fontcolor=white:fontsize=28:line_spacing=10:x=40:y=120:enable='between(t,$a,$b)'"
done <"$WORK/filters"
ffmpeg -nostdin -v error -y -f lavfi -i "color=c=0x1B3A5C:s=640x360:r=5:d=$total" -i "$WORK/all.wav" \
  -vf "$vf" -c:v libvpx-vp9 -b:v 0 -crf 45 -deadline good -row-mt 0 -threads 1 -g 50 \
  -c:a libopus -b:a 24k -ac 1 -shortest -map_metadata -1 -fflags +bitexact "$OUT/$NAME.webm"
# 4. The poster: the first slide.
ffmpeg -nostdin -v error -y -ss 1 -i "$OUT/$NAME.webm" -frames:v 1 -map_metadata -1 "$OUT/$NAME-poster.png"

echo "make-case-film: $OUT/$NAME.webm ($(stat -c %s "$OUT/$NAME.webm") bytes, ${total%.*} s), $NAME.vtt, $NAME-poster.png"
echo "make-case-film: the text for \"## Textversion av filmen\":"
echo "$SENTENCES" | tr '\n' ' ' | sed 's/ $//'; echo
