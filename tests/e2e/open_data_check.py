#!/usr/bin/env python3
"""open_data_check.py — recomputes an open data set from raw counts taken
from the store (independently of the C code: the rule of docs/open-data.md
written again here) and compares it with the JSON and CSV the server gave.

usage: open_data_check.py cases|obstacles RAW.txt SET.json SET.csv
RAW.txt: the store's grouped counts, |-separated, one per line:
  cases:     org_name|year|process|state|count
  obstacles: category|year|state|count
Prints one line per problem; exit 1 when there is any."""
import csv
import json
import sys

MIN = 5


def suppress(counts):
    hidden = [0 < c < MIN for c in counts]
    total = sum(counts)
    if 0 < total < MIN:
        return hidden, True
    if sum(hidden) != 1:
        return hidden, False
    cands = [i for i, c in enumerate(counts) if not hidden[i] and c > 0]
    if not cands:
        return hidden, True
    pick = min(cands, key=lambda i: (counts[i], i))
    hidden[pick] = True
    return hidden, False


OUTCOME = {"delivered": "delivered", "refused": "refused", "withdrawn": "withdrawn"}


def expected(kind, raw):
    groups = {}
    for line in raw:
        f = line.rstrip("\n").split("|")
        if kind == "cases":
            org, year, proc, state, n = f
            proc = {"1": "1", "2": "2"}.get(proc, "ej_vald")
            key, cell = (org, int(year)), (proc, OUTCOME.get(state, "under_way"))
        else:
            cat, year, state, n = f
            key, cell = (cat, int(year)), (state,)
        g = groups.setdefault(key, {})
        g[cell] = g.get(cell, 0) + int(n)
    rows = []
    for key, cells in groups.items():
        # the server's order, which decides between equal counts: process
        # (not set, 1, 2), then outcome as listed; obstacle states by key
        order = {"ej_vald": 0, "1": 1, "2": 2, "under_way": 0, "delivered": 1, "refused": 2, "withdrawn": 3}
        names = sorted(cells, key=lambda c: tuple(order.get(x, 0) for x in c) + c if kind == "cases" else c)
        counts = [cells[c] for c in names]
        hidden, hide_total = suppress(counts)
        for c, n, h in zip(names, counts, hidden):
            rows.append(key + c + (None if h else n,))
        total_cell = ("alla", "alla") if kind == "cases" else ("alla",)
        rows.append(key + total_cell + (None if hide_total else sum(counts),))
    return sorted(rows, key=repr)


def main():
    kind, raw_path, json_path, csv_path = sys.argv[1:5]
    with open(raw_path, encoding="utf-8") as fh:
        raw = [l for l in fh if l.strip()]
    want = expected(kind, raw)
    doc = json.load(open(json_path, encoding="utf-8"))
    cols = doc["columns"]
    got = sorted((tuple(r[c] for c in cols) for r in doc["rows"]), key=repr)
    problems = []
    if doc.get("license") != "CC0-1.0":
        problems.append("licence is not CC0-1.0")
    if got != want:
        problems.append("JSON rows differ: %d got, %d expected; first difference %r / %r" % (
            len(got), len(want), next((a for a, b in zip(got, want) if a != b), None),
            next((b for a, b in zip(got, want) if a != b), None)))
    with open(csv_path, encoding="utf-8", newline="") as fh:
        rd = list(csv.reader(fh))
    if rd[0] != cols:
        problems.append("CSV header %r" % rd[0])
    csv_rows = []
    for r in rd[1:]:
        r = list(r)
        r[1] = int(r[1])
        r[-1] = None if r[-1] == "<5" else int(r[-1])
        csv_rows.append(tuple(r))
    if sorted(csv_rows, key=repr) != want:
        problems.append("CSV rows differ from the expected ones")
    # no group leaves exactly one hidden cell beside a shown total
    by_group = {}
    for r in want:
        by_group.setdefault(r[:2], []).append(r)
    for key, rows in by_group.items():
        cells = [r for r in rows if r[2] != "alla"]
        total = [r for r in rows if r[2] == "alla"][0]
        if total[-1] is not None and sum(1 for r in cells if r[-1] is None) == 1:
            problems.append("group %r: one hidden cell derivable from the total" % (key,))
    for p in problems:
        print(p)
    print("%s: %d rows, %d hidden" % (kind, len(want), sum(1 for r in want if r[-1] is None)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
