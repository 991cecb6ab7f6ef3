#!/usr/bin/env python3
"""corpus.py — the personal-data test corpus of tests/e2e/t_pii.sh.

  corpus.py jsonl planted.txt      JSON lines {"id", "text", "expect": [{"start",
                                   "end", "type"}]}: the text without its
                                   [[type|text]] marks, the marks as spans in
                                   code points (end exclusive)
  corpus.py score EXPECTED ACTUAL  compares `datalots pii scan` output with the
                                   expected spans: prints recall per type and
                                   the spans nobody planted; exit 1 when a type
                                   in STRICT falls short of 100 % or a text of a
                                   negatives corpus (no "expect" marks at all)
                                   has any span
"""
import json
import re
import sys

MARK = re.compile(r"\[\[([a-z]+)\|([^\]]+)\]\]")
TYPES = ["personnummer", "samordningsnummer", "email", "phone", "name"]
STRICT = {"personnummer", "samordningsnummer", "email", "phone"}


def texts(path):
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                yield n, line


def to_jsonl(path, prefix):
    for n, line in texts(path):
        out, spans, pos = [], [], 0
        for m in MARK.finditer(line):
            if m.group(1) not in TYPES:
                sys.exit(f"{path}:{n}: unknown type {m.group(1)}")
            out.append(line[pos:m.start()])
            start = sum(len(s) for s in out)  # Python str length = code points
            out.append(m.group(2))
            spans.append({"start": start, "end": start + len(m.group(2)), "type": m.group(1)})
            pos = m.end()
        out.append(line[pos:])
        text = "".join(out)
        if "[[" in text or "]]" in text:
            sys.exit(f"{path}:{n}: a mark is not closed")
        print(json.dumps({"id": f"{prefix}{n}", "text": text, "expect": spans}, ensure_ascii=False))


def score(expected_path, actual_path, negatives):
    expected = {}
    with open(expected_path, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            expected[o["id"]] = (o["text"], {(s["start"], s["end"], s["type"]) for s in o["expect"]})
    actual = {}
    with open(actual_path, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            actual[o["id"]] = {(s["start"], s["end"], s["type"]) for s in o["spans"]}
    fail = False
    missing_ids = [i for i in expected if i not in actual]
    if missing_ids:
        print(f"no output line for {len(missing_ids)} texts: {missing_ids[:5]}")
        fail = True
    planted = {t: 0 for t in TYPES}
    found = {t: 0 for t in TYPES}
    extra = {t: 0 for t in TYPES}
    for i, (text, want) in expected.items():
        got = actual.get(i, set())
        for s in want:
            planted[s[2]] += 1
            if s in got:
                found[s[2]] += 1
            else:
                print(f"  missed {s[2]} {text[s[0]:s[1]]!r} in {i}")
        for s in got - want:
            extra[s[2]] += 1
            print(f"  {'FALSE POSITIVE' if negatives else 'unplanted'} {s[2]} {text[s[0]:s[1]]!r} in {i}")
    if negatives:
        flagged = sum(extra.values())
        print(f"negatives: {len(expected)} texts, {flagged} spans flagged (false positives)")
        for t in TYPES:
            print(f"  {t:18} {extra[t]} false positives")
        if flagged:
            fail = True
    else:
        print(f"planted: {len(expected)} texts")
        for t in TYPES:
            r = 100.0 * found[t] / planted[t] if planted[t] else 100.0
            print(f"  {t:18} recall {found[t]}/{planted[t]} = {r:.1f} %   unplanted spans {extra[t]}")
            if t in STRICT and found[t] < planted[t]:
                fail = True
            if t in STRICT and extra[t]:
                fail = True
    return 1 if fail else 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "jsonl":
        to_jsonl(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 5 and sys.argv[1] == "score":
        sys.exit(score(sys.argv[2], sys.argv[3], sys.argv[4] == "negatives"))
    else:
        sys.exit("usage: corpus.py jsonl FILE ID-PREFIX | score EXPECTED ACTUAL planted|negatives")
