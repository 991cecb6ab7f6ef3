#!/usr/bin/env bash
# t_holder_feeds.sh — predictability across holders (issue 15 item 4;
# docs/holder-feeds.md). Three holders, each `datalots serve` on its own
# store with its own generated history (demo cases, different counts and
# seeds, the organisation renamed), publish /api/v1/holder-profile; their
# lead times (complete application to decision per process, per step — all
# and per process, version 2 — and receipt to delivery) are checked against nearest-rank medians and 90th
# percentiles computed here from each store's cases and transitions. A fourth, national, installation lists
# the three feeds plus hostile ones served by a plain Python HTTP server
# (not JSON, the wrong shape, numbers out of range, 2 MiB, a port where
# nothing listens, and a valid profile whose names carry markup) and
# `datalots holders refresh` fetches them: the bad ones are refused with a
# reason and /jamfor shows the three holders side by side with the
# figures of their feeds, the markup escaped. Then one holder goes down:
# the next refresh keeps its last good copy, and /jamfor says so with the
# copy's age. The CLI's wrong usage is refused. Last, a serve started with
# --holders-refresh 2 fetches the feeds itself, at start and again later.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
declare -a HB HPID HDB
NAMES=("" "Region Ett" "Region Två" "Region Tre")
for i in 1 2 3; do
    start_server || finish
    cli demo cases --db "$SRV_URL" --count $((30 + 25 * i)) --seed $((7 * i))
    expect_eq 0 "$RC" "holder $i: $((30 + 25 * i)) generated cases"
    q "UPDATE org_node SET name = '${NAMES[$i]}' WHERE parent_id IS NULL" >/dev/null
    HB[$i]=$BASE HPID[$i]=$SRV_PID HDB[$i]=$SRV_URL
done

# --- each holder's feed against its own store -------------------------------
for i in 1 2 3; do
    BASE=${HB[$i]}
    http GET /api/v1/holder-profile -
    expect_status 200 "holder $i: its profile"
    cp "$BODY" "$T/profile$i.json"
    store_sql "${HDB[$i]}" "SELECT process, clock_stopped_at - clock_started_at - clock_paused_total FROM cases
        WHERE org_id = (SELECT id FROM org_node WHERE parent_id IS NULL) AND clock_stopped_at > 0 AND clock_started_at > 0
        ORDER BY id DESC LIMIT 1000" >"$T/leads$i.raw"
    if out=$("$PY" - "$T/leads$i.raw" "$T/profile$i.json" "${NAMES[$i]}" <<'PYEOF'
import json, math, sys
vals = {"all": [], "1": [], "2": []}
for line in open(sys.argv[1]):
    if not line.strip():
        continue
    p, v = line.strip().split("|")
    if p in ("1", "2") and int(v) >= 0:
        vals[p].append(int(v)); vals["all"].append(int(v))
def rank(v, q):
    v = sorted(v); k = min(max(math.ceil(q * len(v) - 1e-6), 1), len(v)); return v[k - 1] / 86400
doc = json.load(open(sys.argv[2]))
org = doc["organisations"][0]
assert org["name"] == sys.argv[3], org["name"]
assert any(s["key"] == "awaiting_samrad" and s["target"] for s in org["steps"])
assert org["needed_to_send"], "no needed fields"
shown = 0
for lt in org["lead_times"]:
    if lt["measure"] != "complete_application_to_decision":
        continue
    v = vals[lt["process"]]
    if len(v) < 5:
        assert lt["cases"] is None and lt["median_days"] is None and lt["p90_days"] is None, lt
        continue
    shown += 1
    assert lt["cases"] == len(v), (lt, len(v))
    assert abs(lt["median_days"] - round(rank(v, 0.5), 1)) < 0.051, (lt, rank(v, 0.5))
    assert abs(lt["p90_days"] - round(rank(v, 0.9), 1)) < 0.051, (lt, rank(v, 0.9))
print("%d lead times shown, %d cases" % (shown, len(vals["all"])))
PYEOF
    ); then ok "holder $i: lead times match the store's median and 90th percentile ($out)"; else not_ok "holder $i: $out"; fi
done
# per step and receipt to delivery, from each store's transitions
for i in 1 2 3; do
    store_sql "${HDB[$i]}" "SELECT e.case_id, e.at, e.event, e.from_state, e.to_state, c.process FROM case_event e
        JOIN cases c ON c.id = e.case_id WHERE c.state IN ('delivered', 'refused', 'withdrawn')
        ORDER BY e.case_id, e.id" >"$T/events$i.raw"
    if out=$("$PY" - "$T/events$i.raw" "$T/profile$i.json" <<'PYEOF'
import datetime, json, math, sys
cases, process = {}, {}
for line in open(sys.argv[1]):
    if line.strip():
        cid, at, ev, fr, to, p = line.rstrip("\n").split("|")
        t = datetime.datetime.fromisoformat(at.replace("Z", "+00:00")).timestamp()
        cases.setdefault(int(cid), []).append((int(t), ev, fr, to))
        process[int(cid)] = p
# the newest 1,000 closed cases: all, and (version 2) those of each process
newest = sorted(cases, reverse=True)[:1000]
by_proc = {p: sorted([c for c in cases if process[c] == p], reverse=True)[:1000] for p in ("1", "2")}
def step_times(ids):
  steps, delivery = {}, []
  for evs in (cases[c] for c in ids):
    secs, visits = {}, {}
    for i, (t, ev, fr, to) in enumerate(evs):
        if fr != to or i == 0:
            visits[to] = visits.get(to, 0) + 1
        end = evs[i + 1][0] if i + 1 < len(evs) else t
        if end > t:
            secs[to] = secs.get(to, 0) + end - t
    for s in visits:
        steps.setdefault(s, []).append(secs.get(s, 0))
    rec = next((t for t, ev, _, _ in evs if ev in ("submit", "register_incoming")), None)
    dlv = next((t for t, ev, _, _ in evs if rec is not None and ev == "register_delivery"), None)
    if dlv is not None:
        delivery.append(dlv - rec)
  return steps, delivery
steps, delivery = step_times(newest)
split = {p: step_times(ids)[0] for p, ids in by_proc.items()}
def rank(v, q):
    v = sorted(v); k = min(max(math.ceil(q * len(v) - 1e-6), 1), len(v)); return v[k - 1] / 86400
def same(fig, v, what):
    if len(v) < 5:
        assert fig["cases"] is None and fig["median_days"] is None, (what, fig, len(v))
        return 0
    assert fig["cases"] == len(v), (what, fig, len(v))
    assert abs(fig["median_days"] - round(rank(v, 0.5), 1)) < 0.051, (what, fig, rank(v, 0.5))
    assert abs(fig["p90_days"] - round(rank(v, 0.9), 1)) < 0.051, (what, fig, rank(v, 0.9))
    return 1
doc = json.load(open(sys.argv[2]))
assert doc["format"] == "datalots-holder-profile/1" and doc["version"] == 2, doc["version"]
org = doc["organisations"][0]
shown = per_process = 0
for st in org["steps"]:
    if st["closed"]:
        assert st["lead"] is None and st["lead_by_process"] is None
    else:
        shown += same(st["lead"], steps.get(st["key"], []), st["key"])
        for p in ("1", "2"):
            per_process += same(st["lead_by_process"][p], split[p].get(st["key"], []), st["key"] + " process " + p)
dl = [x for x in org["lead_times"] if x["measure"] == "receipt_to_delivery"][0]
shown += same(dl, delivery, "delivery")
assert shown >= 3 and per_process >= 2, "too few figures shown to check: %d, %d per process" % (shown, per_process)
print("%d figures and %d per process checked over %d closed cases (process 1: %d, 2: %d), %d delivered"
      % (shown, per_process, len(cases), len(by_proc["1"]), len(by_proc["2"]), len(delivery)))
PYEOF
    ); then ok "holder $i: per-step (all, process 1, process 2) and receipt-to-delivery lead times match the store ($out)"; else not_ok "holder $i: $out"; fi
done
M1=$("$PY" -c 'import json,sys; print("%.0f" % json.load(open(sys.argv[1]))["organisations"][0]["lead_times"][0]["median_days"])' "$T/profile1.json")

# --- hostile feeds -----------------------------------------------------------
mkdir -p "$T/www"
printf 'this is { not json' >"$T/www/garbage.json"
printf '{"format":"datalots-holder-profile/1","generated_at":"x","organisations":"many"}' >"$T/www/shape.json"
"$PY" - "$T/profile1.json" "$T/www" <<'PYEOF'
import json, sys
doc = json.load(open(sys.argv[1]))
bad = json.loads(json.dumps(doc))
bad["organisations"][0]["lead_times"][0].update({"cases": 9, "median_days": -3, "p90_days": 4})
json.dump(bad, open(sys.argv[2] + "/numbers.json", "w"))
split = json.loads(json.dumps(doc))
st = next(s for s in split["organisations"][0]["steps"] if s["lead_by_process"])
st["lead_by_process"]["2"] = {"cases": 7, "median_days": 30, "p90_days": 12}
json.dump(split, open(sys.argv[2] + "/split.json", "w"))
hostile = json.loads(json.dumps(doc))
hostile["organisations"][0]["name"] = "<script>alert(1)</script>Region Fyra"
hostile["organisations"][0]["process_page"] = "javascript:alert(1)"
hostile["organisations"][0]["steps"][0]["label"] = "<img src=x onerror=alert(2)>"
json.dump(hostile, open(sys.argv[2] + "/hostile.json", "w"))
big = json.loads(json.dumps(doc))
big["padding"] = "x" * (2 * 1024 * 1024)
json.dump(big, open(sys.argv[2] + "/big.json", "w"))
PYEOF
WPORT=$(free_port)
"$PY" -m http.server "$WPORT" --bind 127.0.0.1 --directory "$T/www" >"$T/www.log" 2>&1 &
WPID=$!
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$WPORT") 2>/dev/null && break; sleep 0.05; done
DOWN=$(free_port)

# --- the national installation -----------------------------------------------
start_server || finish
NAT=$SRV_URL
for i in 1 2 3; do
    cli holders add --db "$NAT" "${HB[$i]}/api/v1/holder-profile"
    expect_eq 0 "$RC" "holders add: holder $i"
done
for f in garbage shape numbers split big hostile; do
    cli holders add --db "$NAT" "http://127.0.0.1:$WPORT/$f.json"
    expect_eq 0 "$RC" "holders add: the $f feed"
done
cli holders add --db "$NAT" "http://127.0.0.1:$DOWN/api/v1/holder-profile"
expect_eq 0 "$RC" "holders add: a holder that is down"
cli holders add --db "$NAT" "${HB[1]}/api/v1/holder-profile"
expect_eq 1 "$RC" "holders add: the same URL twice is refused"
expect_match "listed already" "$ERR" "…saying it is listed already"
for bad in "ftp://example.org/x" "file:///etc/passwd" "http://" "http://a b/" "notaurl"; do
    cli holders add --db "$NAT" "$bad"
    expect_eq 2 "$RC" "holders add refuses \"$bad\""
done
cli holders remove --db "$NAT" "http://127.0.0.1:1/none"
expect_eq 1 "$RC" "holders remove: a URL not listed"
cli holders frobnicate --db "$NAT"
expect_eq 2 "$RC" "holders: an unknown subcommand is wrong usage"

cli holders refresh --db "$NAT"
expect_eq 1 "$RC" "holders refresh: exit 1 when some feeds failed"
for i in 1 2 3; do
    expect_match "ok	${HB[$i]}/api/v1/holder-profile	1 organisations" "$OUT" "refresh: holder $i fetched"
done
expect_match "ok	http://127.0.0.1:$WPORT/hostile.json" "$OUT" "refresh: the feed with markup is valid in shape and kept"
expect_match "failed	http://127.0.0.1:$WPORT/garbage.json	the feed is not valid JSON" "$OUT" "refresh: not JSON is refused"
expect_match "failed	http://127.0.0.1:$WPORT/shape.json	the feed's organisations are not a list" "$OUT" "refresh: the wrong shape is refused"
expect_match "failed	http://127.0.0.1:$WPORT/numbers.json	a lead time is not a number of days" "$OUT" "refresh: a negative lead time is refused"
expect_match "failed	http://127.0.0.1:$WPORT/split.json	a lead time's 90th percentile is below its median" "$OUT" \
    "refresh: a step's lead time per process out of order is refused"
expect_match "failed	http://127.0.0.1:$WPORT/big.json	the feed is larger than 1 MiB" "$OUT" "refresh: 2 MiB is refused"
expect_match "failed	http://127.0.0.1:$DOWN/api/v1/holder-profile	the feed could not be fetched" "$OUT" "refresh: a holder that is down"
cli holders list --db "$NAT"
expect_eq 0 "$RC" "holders list"
expect_match "garbage.json	never	the feed is not valid JSON" "$OUT" "…shows a feed never fetched with its error"

http GET /jamfor -
expect_status 200 "/jamfor, anonymous"
cp "$BODY" "$T/jamfor1.html"
for i in 1 2 3; do check "…shows ${NAMES[$i]}" grep -q "${NAMES[$i]}" "$BODY"; done
check "…the markup of a hostile feed is escaped" grep -q '&lt;script&gt;alert(1)&lt;/script&gt;Region Fyra' "$BODY"
check "…and never raw" bash -c '! grep -q "<script>alert\|<img src=x" "$1"' _ "$BODY"
check "…a javascript: process page is not linked" bash -c '! grep -qi "javascript:" "$1"' _ "$BODY"
check "…holder 1's median lead time as its feed gives it ($M1)" grep -q "<td class=\"num\">$M1</td>" "$BODY"
check "…a holder that never answered is named with a note" grep -q "Inga uppgifter har kunnat hämtas" "$BODY"
check "…the steps with their targets" grep -qF '<th scope="row">Väntar på samråd</th><td>20 arbetsdagar</td>' "$BODY"
check "…each open step of each holder with its days, all and per process, as its feed gives them" \
    "$PY" - "$BODY" "$T/profile1.json" "$T/profile2.json" "$T/profile3.json" <<'PYEOF'
import json, sys
html = open(sys.argv[1], encoding="utf-8").read()
def pair(f):
    return "–" if f["cases"] is None else "%.0f / %.0f" % (f["median_days"], f["p90_days"])
def target(t):
    return "inget mål" if t is None else "%d %s" % (t["days"], "kalenderdagar" if t["unit"] == "calendar_days" else "arbetsdagar")
rows = split = 0
for path in sys.argv[2:]:
    for st in json.load(open(path))["organisations"][0]["steps"]:
        if st["closed"]:
            continue
        lp = st["lead_by_process"]
        row = '<th scope="row">%s</th><td>%s</td><td class="num">%s</td><td class="num">%s</td><td class="num">%s</td>' % (
            st["label"], target(st["target"]), pair(st["lead"]), pair(lp["1"]), pair(lp["2"]))
        assert row in html, row
        rows += 1
        split += lp["1"]["cases"] is not None and lp["2"]["cases"] is not None
assert split >= 1, "no step with figures for both processes"
PYEOF

# --- a holder goes down: the last good copy stays ------------------------------
stop_server "${HPID[3]}"
cli holders refresh --db "$NAT"
expect_eq 1 "$RC" "refresh with holder 3 down"
expect_match "failed	${HB[3]}/api/v1/holder-profile	the feed could not be fetched" "$OUT" "…holder 3 failed"
http GET /jamfor -
check "…holder 3 still shown from the last good copy" grep -q "Region Tre" "$BODY"
check "…with a note that the newest fetch failed" grep -q "Senaste hämtningen misslyckades; uppgifterna ovan är den senaste fungerande kopian." "$BODY"
check "…and the copy's age" grep -q "0 dagar sedan" "$BODY"
AUD=$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'holder_feed.add'")
expect_eq 10 "$AUD" "each feed added is audited"

# --- serve refreshes the feeds itself (--holders-refresh) ----------------------
# A second national installation fetches nothing from the shell: only its
# serve's thread can fill the feeds' copies, at start and every 2 seconds.
"$DL" serve --db "$NAT" --listen 127.0.0.1:0 --holders-refresh 604801 >/dev/null 2>"$T/bad-refresh.err"
expect_eq 2 "$?" "serve refuses a refresh interval over a week"
check "…with a sentence naming the option" grep -q -- "--holders-refresh" "$T/bad-refresh.err"
start_server --holders-refresh 2 || finish
NAT2=$SRV_URL NAT2_PID=$SRV_PID NAT2_ERR=$SRV_ERR
for i in 1 2 3; do cli holders add --db "$NAT2" "${HB[$i]}/api/v1/holder-profile"; done
state() { store_sql "$NAT2" "SELECT COUNT(*) FROM holder_feed WHERE fetched_at <> '' AND body <> ''" \
    "SELECT COUNT(*) FROM holder_feed WHERE last_error <> '' AND body = ''" | tr '\n' ' ' | sed 's/ $//'; }
for _ in $(seq 1 100); do [ "$(state)" = "2 1" ] && break; sleep 0.2; done
expect_eq "2 1" "$(state)" "serve fetched the two holders that answer, and noted the one that is down, by itself"
FIRST=$(store_sql "$NAT2" "SELECT fetched_at FROM holder_feed WHERE url = '${HB[1]}/api/v1/holder-profile'")
for _ in $(seq 1 50); do
    [ "$(store_sql "$NAT2" "SELECT fetched_at FROM holder_feed WHERE url = '${HB[1]}/api/v1/holder-profile'")" != "$FIRST" ] && break
    sleep 0.2
done
check "…and again a few seconds later (every --holders-refresh seconds)" \
    test "$(store_sql "$NAT2" "SELECT fetched_at FROM holder_feed WHERE url = '${HB[1]}/api/v1/holder-profile'")" \> "$FIRST"
http GET /jamfor -
check "…/jamfor shows what it fetched" grep -q "Region Två" "$BODY"
check "…and the holder that is down with its note" grep -q "Inga uppgifter har kunnat hämtas" "$BODY"
check "serve says what each pass fetched on standard error" grep -q "datalots: holder feeds: ok	${HB[2]}/api/v1/holder-profile	1 organisations" "$NAT2_ERR"
check "…and what failed" grep -q "datalots: holder feeds: failed	${HB[3]}/api/v1/holder-profile	the feed could not be fetched" "$NAT2_ERR"
SECONDS=0
stop_server "$NAT2_PID"
expect_eq 0 "$?" "serve with the refresh thread stops cleanly"
check "…within 10 seconds ($SECONDS s)" test "$SECONDS" -le 10

kill "$WPID" 2>/dev/null
wait "$WPID" 2>/dev/null
finish
