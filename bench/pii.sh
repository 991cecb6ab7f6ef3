#!/usr/bin/env bash
# bench/pii.sh — `datalots pii scan` throughput against a reference (issue
# 13). Generates BENCH_MB megabytes of obstacle-report prose as JSON lines
# {"id", "text"} with planted personnummer, samordningsnummer, e-mail
# addresses, phone numbers and names (deterministic: the same text on every
# run), then per round times
#   datalots  `datalots pii scan FILE` (all five kinds, checks dates and
#             check digits, code-point offsets, JSON out), and
#   reference `grep -P -o REGEX FILE` over the same file with one regular
#             expression for personnummer-shaped numbers, e-mail addresses
#             and phone-shaped numbers (no names, no date or Luhn check, no
#             JSON: a lower bar of work than datalots does).
# Prints MB of JSON lines per second of both, by CPU time (user + system)
# and by wall time, the ratios datalots / reference (>= 1.0: datalots at
# least as fast) per round, and the median and spread over the rounds.
# datalots' figures include its start-up (dynamic linking of its libraries)
# and JSON parsing. Absolute times depend on the machine; compare ratios.
#
#   bench/pii.sh                          32 MB, 3 rounds
#   BENCH_MB=2 BENCH_ROUNDS=1 bench/pii.sh
#
# Exits 0 when it could measure, 1 when it could not run.
set -euo pipefail

die() { echo "bench/pii.sh: $*" >&2; exit 1; }
cd "$(dirname "$0")/.."
ROOT_DIR=$(git rev-parse --show-toplevel 2>/dev/null) || die "not inside the datalots git repository"
cd "$ROOT_DIR"
for tool in perl grep make /usr/bin/time; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed (Debian: perl, grep, make, time)"
done
echo x | grep -P x >/dev/null 2>&1 || die "grep -P does not work here (GNU grep with PCRE is needed)"

MB=${BENCH_MB:-32}
ROUNDS=${BENCH_ROUNDS:-3}
[[ $MB =~ ^[1-9][0-9]*$ ]] || die "BENCH_MB must be a positive number"
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "BENCH_ROUNDS must be a positive number"

MAKE_OUT=$(make --no-print-directory datalots 2>&1) || { echo "$MAKE_OUT" >&2; die "make datalots failed"; }
BIN="$ROOT_DIR/datalots"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/datalots-bench-pii.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# The text: sentences of the kind the corpus in tests/data/pii/ holds, each
# with one or two identifiers in about half of them, 1–6 sentences a text.
perl -CS -Mutf8 -e '
  use strict; use warnings;
  my $target = $ARGV[0] * 1000 * 1000;
  my $seed = 13;
  sub rnd { $seed = ($seed * 1103515245 + 12345) % 2147483648; return int($seed / 65536) % $_[0]; }
  sub luhn { my @d = split //, $_[0]; my $s = 0;
    for my $i (0 .. 8) { my $v = $d[$i] * ($i % 2 ? 1 : 2); $s += $v > 9 ? $v - 9 : $v; } return (10 - $s % 10) % 10; }
  sub pnr { my $samo = shift; my $y = 1930 + rnd(90); my $m = 1 + rnd(12); my $d = 1 + rnd(28) + ($samo ? 60 : 0);
    my $six = sprintf("%02d%02d%02d", $y % 100, $m, $d); my $nnn = sprintf("%03d", rnd(1000));
    my $c = luhn($six . $nnn); my $f = rnd(4);
    return $f == 0 ? "$six-$nnn$c" : $f == 1 ? "$six$nnn$c" : $f == 2 ? int($y / 100) . "$six$nnn$c" : int($y / 100) . "$six-$nnn$c"; }
  my @first = qw(Anna Eva Maria Karin Lars Erik Johan Per Sara Åsa Göran Ingrid Mikael Lena Nils Emma);
  my @sur = qw(Svensson Andersson Lindqvist Öberg Berg Nilsson Karlsson Holm Ström Eklund Wallin Tallberg);
  my @dom = qw(regionhalland.se vgregion.se ki.se lu.se gu.se regionsormland.se);
  sub phone { my $f = rnd(4); my @n = map { rnd(10) } 1 .. 7;
    return $f == 0 ? "070-$n[0]$n[1]$n[2] $n[3]$n[4] $n[5]$n[6]" : $f == 1 ? "08-$n[0]$n[1]$n[2] $n[3]$n[4]$n[5] $n[6]$n[0]"
         : $f == 2 ? "+46 70 $n[0]$n[1]$n[2] $n[3]$n[4] $n[5]$n[6]" : "031-$n[0]$n[1] $n[2]$n[3] $n[4]$n[5]"; }
  sub name { $first[rnd(scalar @first)] . " " . $sur[rnd(scalar @sur)] }
  sub mail { lc($first[rnd(scalar @first)]) . "." . lc($sur[rnd(scalar @sur)]) . "\@" . $dom[rnd(scalar @dom)] }
  my @plain = (
    "Uttaget försenades eftersom registret inte hade levererat variablerna i tid.",
    "Handläggningen av ärendet RH 2026-00042 tog längre tid än väntat på grund av semestrar.",
    "Enligt beslutet Dnr 2023-01234-01 omfattar tillståndet inte barn under 18 år.",
    "Kostnaden beräknades till 1 234 567 kr och godkändes av förvaltningen den 2026-12-06.",
    "Region Halland, organisationsnummer 232100-0140, ansvarar för registret.",
    "Leveransen innehöll 12 345 rader och tre filer som inte gick att öppna.",
    "Samrådet ville ha en ny bedömning av sekretessen innan uttaget godkändes.",
  );
  my @with = (
    sub { "Patienten med personnummer " . pnr(0) . " fanns två gånger i registret." },
    sub { "Samordningsnumret " . pnr(1) . " saknades i folkbokföringens uttag." },
    sub { "Handläggaren " . name() . " kunde inte nå sökande på " . phone() . "." },
    sub { "Beslutet skickades till " . mail() . " i stället för till forskaren." },
    sub { "Kontakta " . name() . " (" . mail() . ", " . phone() . ") om frågor." },
  );
  my ($bytes, $id) = (0, 0);
  while ($bytes < $target) {
    my @s; my $k = 1 + rnd(6);
    for (1 .. $k) { push @s, rnd(2) ? $with[rnd(scalar @with)]->() : $plain[rnd(scalar @plain)]; }
    my $text = join(" ", @s); $id++;
    print "{\"id\":$id,\"text\":\"$text\"}\n";
    { use bytes; $bytes += length($text); }
  }
' "$MB" >"$TMP/texts.jsonl"
BYTES=$(stat -c %s "$TMP/texts.jsonl")
LINES=$(wc -l <"$TMP/texts.jsonl")
echo "text: $LINES texts, $(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }') MB of JSON lines"

# personnummer/samordningsnummer-shaped, e-mail, phone-shaped
REGEX='\b(?:(?:19|20)?\d{6}[-+ ]?\d{4})\b|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}|(?:\+46|0046|\b0)[ -]?(?:\(0\))?\d{1,3}[ -]?\d{2,3}[ -]?\d{2,3}(?:[ -]?\d{2})?\b'

# run NAME CMD… — runs CMD with stdout to $TMP/NAME.out; sets WALL and CPU
# (user + system) seconds. CPU time is the headline: a shared machine's
# other load stretches the wall time of both sides unevenly.
run() {
  local name=$1; shift
  /usr/bin/time -f '%e %U %S' -o "$TMP/$name.time" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err" ||
    { head -5 "$TMP/$name.err" >&2; die "$name failed: $*"; }
  WALL=$(awk '{ printf "%.3f", $1 }' "$TMP/$name.time")
  CPU=$(awk '{ printf "%.3f", $2 + $3 }' "$TMP/$name.time")
}
mbps() { awk -v b="$BYTES" -v t="$1" 'BEGIN { if (t < 0.001) t = 0.001; printf "%.1f", b / 1e6 / t }'; }
: >"$TMP/ratios"
for ((r = 1; r <= ROUNDS; r++)); do
  run ref grep -P -o "$REGEX" "$TMP/texts.jsonl"
  REF_WALL=$WALL REF_CPU=$CPU
  run dl "$BIN" pii scan "$TMP/texts.jsonl"
  RATIO=$(awk -v a="$REF_CPU" -v b="$CPU" 'BEGIN { if (b < 0.001) b = 0.001; printf "%.2f", a / b }')
  WRATIO=$(awk -v a="$REF_WALL" -v b="$WALL" 'BEGIN { if (b < 0.001) b = 0.001; printf "%.2f", a / b }')
  echo "$RATIO $WRATIO" >>"$TMP/ratios"
  printf 'round %d: reference grep -P %s MB/s CPU (%s MB/s wall, %d matches); datalots pii scan %s MB/s CPU (%s MB/s wall, %d spans): %sx CPU, %sx wall\n' \
    "$r" "$(mbps "$REF_CPU")" "$(mbps "$REF_WALL")" "$(wc -l <"$TMP/ref.out")" "$(mbps "$CPU")" "$(mbps "$WALL")" \
    "$(grep -o '"type"' "$TMP/dl.out" | wc -l)" "$RATIO" "$WRATIO"
done
[ "$(wc -l <"$TMP/dl.out")" -eq "$LINES" ] || die "datalots wrote $(wc -l <"$TMP/dl.out") lines for $LINES texts"
stat1() { cut -d' ' -f"$1" "$TMP/ratios" | sort -n | awk -v w="$2" '{ v[NR] = $1 } END { print (w == "min" ? v[1] : w == "max" ? v[NR] : v[int((NR + 1) / 2)]) }'; }
echo "pii scan: $(stat1 1 med)x the reference's MB/s in CPU time (rounds $(stat1 1 min)–$(stat1 1 max)x)," \
  "$(stat1 2 med)x in wall time (rounds $(stat1 2 min)–$(stat1 2 max)x)"
