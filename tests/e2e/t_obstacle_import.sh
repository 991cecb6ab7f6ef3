#!/usr/bin/env bash
# t_obstacle_import.sh — obstacles from an earlier survey (issue 13 item 1):
# `datalots obstacles import FILE` takes a CSV whose columns are the report
# form's fields plus the date it was reported; labels stand for keys; quoted
# fields may span lines. A file with broken rows — a missing description,
# a category or consequence not in the list, an impossible or future date,
# a law that is not one, a row with too many fields, a text too long,
# malformed CSV — names every bad row by its number and imports nothing;
# the header must name known columns, each once. Each imported obstacle has
# an audit row naming its category only, and no follow-up link opens it.
. "$(dirname "$0")/lib.sh"

start_server || finish
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cli catalog import "$ROOT/content" --db "$SRV_URL"
expect_eq 0 "$RC" "the knowledge guide is imported (its laws)"
count() { q 'SELECT COUNT(*) FROM obstacle'; }
imp() { cli obstacles import "$1" --db "$SRV_URL"; }

cat >"$T/good.csv" <<'EOF'
what,category,consequence,actors,law,reported,email,suggestion,actor_type
"Vi väntade elva månader på beslut, och fick sedan
ett avslag utan motivering.",Handläggnings- och ledtider,delayed,"Region Norr, forskargrupp",osl-25-kap-1,2024-03-05,forskare@example.se,,Forskare
Registret saknade variabelbeskrivningar.,semantic,Arbetet stoppades,,,2023-11-30,,Publicera en variabellista.,authority
<script>alert(1)</script>,other,,,,,,,
EOF
imp "$T/good.csv"
expect_eq 0 "$RC" "a survey's CSV is imported ($ERR)"
expect_match "3 obstacles imported" "$OUT" "…and says how many"
expect_eq 3 "$(count)" "three obstacles are stored"
expect_eq "lead_times|delayed|osl-25-kap-1|2024-03-05|researcher" \
    "$(q "SELECT category || '|' || consequence || '|' || law_id || '|' || substr(created_at, 1, 10) || '|' || actor_type FROM obstacle WHERE actors LIKE 'Region Norr%'")" \
    "a label stands for its key, and the survey's date is kept"
expect_eq 1 "$(q "SELECT COUNT(*) FROM obstacle WHERE what_happened LIKE '%sedan_ett avslag%' AND what_happened NOT LIKE '%sedan ett avslag%'")" \
    "a quoted field keeps its line break"
expect_eq "stopped|authority" "$(q "SELECT consequence || '|' || actor_type FROM obstacle WHERE category = 'semantic'")" \
    "a consequence's label too, and an actor type's key"
expect_eq "" "$(q "SELECT actor_type FROM obstacle WHERE category = 'other'")" "no actor type given: none stored"
expect_eq 3 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'obstacle.import' AND actor = 'cli'")" \
    "each has an audit row"
expect_eq 0 "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'obstacle.import' AND detail NOT IN ('lead_times', 'semantic', 'other')")" \
    "…naming the category only"
expect_eq "$(date +%Y-%m-%d)" "$(q "SELECT substr(created_at, 1, 10) FROM obstacle WHERE category = 'other'")" \
    "a row without a date is dated today"

# Broken rows: each named, nothing imported.
cat >"$T/bad.csv" <<EOF
what,category,consequence,reported,law
En bra rad.,technical,,2024-01-01,
,technical,,,
Fel kategori.,weather,,,
Fel följd.,technical,boredom,,
Omöjligt datum.,technical,,2024-02-30,
Datum i framtiden.,technical,,2099-01-01,
För många fält.,technical,,,,extra
$(head -c 4001 /dev/zero | tr '\0' 'x'),technical,,,
EOF
imp "$T/bad.csv"
expect_eq 1 "$RC" "a file with broken rows is refused"
for row in 3 4 5 6 7 8 9; do expect_match "row $row: " "$ERR" "…naming row $row"; done
expect_match "row 3: .*Vad hände" "$ERR" "…saying the description is missing"
expect_match "row 4: .*category \"weather\"" "$ERR" "…that the category is not in the list"
expect_match "row 7: .*future" "$ERR" "…that the date is in the future"
expect_match "row 8: .*6 fields where the header has 5" "$ERR" "…that a row has too many fields"
expect_match "row 9: .*4000" "$ERR" "…that a text is too long"
expect_match "7 bad rows: nothing imported" "$ERR" "…and that nothing was imported"
expect_no_match "row 2:" "$ERR" "the good row is not named"
expect_eq 3 "$(count)" "nothing more is stored"

printf 'what,category,law\nEn lag som inte finns.,technical,lagen-om-ingenting\n' >"$T/nolaw.csv"
imp "$T/nolaw.csv"
expect_eq 1 "$RC" "a law that is not in the guide is refused"
expect_match "row 2: .*kunskapsguiden" "$ERR" "…naming the row"
expect_eq 3 "$(count)" "…and nothing is stored"

printf 'what,category\n"Ett citat som aldrig stängs,technical\n' >"$T/quote.csv"
imp "$T/quote.csv"
expect_eq 1 "$RC" "malformed CSV is refused"
expect_match "not closed" "$ERR" "…saying what is wrong"
expect_match "nothing imported" "$ERR" "…and that nothing was imported"

printf 'what,category,colour\nx,other,red\n' >"$T/col.csv"
imp "$T/col.csv"
expect_eq 1 "$RC" "an unknown column is refused"
expect_match '"colour" is not one of' "$ERR" "…naming it"
printf 'what,what,category\nx,y,other\n' >"$T/twice.csv"
imp "$T/twice.csv"
expect_match '"what" comes twice' "$ERR" "a column named twice is refused"
printf 'what,data\nx,y\n' >"$T/nocat.csv"
imp "$T/nocat.csv"
expect_match "at least the columns what and category" "$ERR" "a header without category is refused"
: >"$T/empty.csv"
imp "$T/empty.csv"
expect_eq 1 "$RC" "an empty file is refused"
expect_match "header row" "$ERR" "…saying it needs a header"
printf 'what,category\n' >"$T/header.csv"
imp "$T/header.csv"
expect_match "no rows under its header" "$ERR" "a header alone is refused"
imp "$T/no-such-file.csv"
expect_match "cannot open" "$ERR" "a missing file is named"
expect_eq 3 "$(count)" "none of them stored anything"
cli obstacles export
expect_eq 2 "$RC" "an unknown verb is a usage error"
finish
