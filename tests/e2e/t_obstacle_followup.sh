#!/usr/bin/env bash
# t_obstacle_followup.sh — the follow-up of the obstacles (issue 13 item 6):
# with --obstacle-stale-days 10, obstacles imported with their survey dates
# (3, 20, 60 and 500 days ago) are counted on /hinder/uppfoljning by age
# group — none with a responsible body yet — and the three without a step
# for ten days are listed as waiting, the longest first, and flagged in the
# analyst's queue; a step taken today takes one off the list. Only the
# analyst reaches the page; it reads in English too.
. "$(dirname "$0")/lib.sh"

start_server --obstacle-stale-days 10 || finish
day() { date -d "-$1 days" +%Y-%m-%d; }
cat >"$T/old.csv" <<EOF2
what,category,reported
Tre dagar gammalt hinder.,technical,$(day 3)
Tjugo dagar gammalt hinder.,technical,$(day 20)
Sextio dagar gammalt hinder.,semantic,$(day 60)
Femhundra dagar gammalt hinder.,lead_times,$(day 500)
EOF2
cli obstacles import "$T/old.csv" --db "$SRV_URL"
expect_eq 0 "$RC" "four obstacles of different ages are imported ($ERR)"

login hinder
H=$(jar hinder)
http GET /hinder/uppfoljning "$H"
expect_status 200 "the analyst opens the follow-up"
row=$(tr -d '\n' <"$BODY" | grep -o '<tr><th scope="row"><em>Ingen ansvarig aktör ännu</em></th>.*</tr>' | head -1 |
    sed -e 's/<\/tr>.*//' -e 's/<[^>]*>/ /g' | tr -s ' ')
# An imported date is midday in Stockholm: before then the oldest is 499 whole days old.
oldest=$(( ($(date +%s) - $(date -d "$(q "SELECT created_at FROM obstacle WHERE what_happened LIKE 'Femhundra%'")" +%s)) / 86400 ))
expect_eq " Ingen ansvarig aktör ännu 1 1 1 0 1 4 3 $oldest " "$row" \
    "no body yet: one each in 0–7, 8–30, 31–90 days and over a year; four open, three waiting, the oldest $oldest days"
expect_body_has "Väntar på åtgärd" "the waiting ones are listed"
order=$(grep -o 'href="/hinder/analys/[0-9]*">H-[0-9]*' "$BODY" | sed 's/.*>//' | tr '\n' ' ')
expect_eq "H-000004 H-000003 H-000002 " "$order" "…the longest waiting first, the three-day-old one not among them"

http GET /hinder/analys "$H"
expect_eq 3 "$(grep -c 'class="flag"' "$BODY")" "the queue flags the three waiting"

# A step today takes one off the list.
ID=$(q "SELECT id FROM obstacle WHERE what_happened LIKE 'Sextio%'")
post "/hinder/analys/$ID/steg/triage" "$H" "note=Sorterat i dag."
expect_status 303 "the sixty-day-old one is triaged today"
http GET /hinder/uppfoljning "$H"
order=$(grep -o 'href="/hinder/analys/[0-9]*">H-[0-9]*' "$BODY" | sed 's/.*>//' | tr '\n' ' ')
expect_eq "H-000004 H-000002 " "$order" "…and no longer waits"

http GET "/language?lang=en&next=/hinder/uppfoljning" "$H"
http GET /hinder/uppfoljning "$H"
expect_body_has "No responsible body yet" "the page reads in English"

http GET /hinder/uppfoljning -
expect_status 303 "a stranger is sent to sign in"
for who in sokande redaktor; do
    login "$who"
    http GET /hinder/uppfoljning "$(jar "$who")"
    expect_status 403 "$who cannot open the follow-up"
done
finish
