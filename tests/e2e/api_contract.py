#!/usr/bin/env python3
"""api_contract.py — the API contract check run by t_api_contract.sh.

Reads `datalots routes` (ROUTES file: methods, pattern, action, flags,
query, tab-separated) and the OpenAPI document the server serves
(/api/v1/openapi.json at BASE). Every /api/v1/ route must be a path of the
document with each of its methods (GET stands for GET and HEAD); every
operation of the document under /api/v1/ must be a route (nothing
documented that does not exist). Then each route gets a plain request — no
cookie, no token, no body, path parameters 1 and "x" — and its status must
be one the document lists for that operation, and an error's body the
error contract of docs/api.md ("Errors"): status, code, name and message,
the code's name and status as that file's table says. Prints one line per check,
"ok - …" or "not ok - …", and exits 1 when any failed."""
import json
import sys
import urllib.error
import urllib.request

base, routes_file = sys.argv[1], sys.argv[2]
failed = 0


def check(cond, desc):
    global failed
    print(("ok - " if cond else "not ok - ") + desc)
    if not cond:
        failed += 1


with urllib.request.urlopen(base + "/api/v1/openapi.json", timeout=10) as resp:
    check(resp.status == 200, "the document is served")
    doc = json.load(resp)
check(str(doc.get("openapi", "")).startswith("3."), "it is an OpenAPI 3 document")

routes = []
for line in open(routes_file, encoding="utf-8"):
    cols = line.rstrip("\n").split("\t")
    if len(cols) >= 2 and cols[1].startswith("/api/v1/"):
        for m in cols[0].split(","):
            if m != "HEAD":
                routes.append((m.lower(), cols[1]))
check(len(routes) >= 8, "datalots routes lists the API's routes (%d)" % len(routes))

paths = doc.get("paths", {})
for method, pattern in routes:
    op = paths.get(pattern, {}).get(method)
    check(op is not None, "%s %s is in the document" % (method.upper(), pattern))
route_set = set(routes)
for path, ops in paths.items():
    if not path.startswith("/api/v1/"):
        continue
    for method in ops:
        if method in ("get", "post", "put", "delete", "patch"):
            check((method, path) in route_set, "documented %s %s is a route" % (method.upper(), path))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# The error table of docs/api.md: code -> (name, status), read independently of the server.
import os
import re
error_table = {}
api_md = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "api.md")
for line in open(api_md, encoding="utf-8"):
    m = re.match(r"\| (\d+) \| `([a-z_]+)` \| (\d+) \|", line)
    if m:
        error_table[int(m.group(1))] = (m.group(2), int(m.group(3)))
check(len(error_table) >= 20, "docs/api.md has the error table (%d codes)" % len(error_table))


def check_error_body(body, status, what):
    try:
        err = json.loads(body)["error"]
    except (ValueError, KeyError, TypeError):
        check(False, "%s: the error body is {\"error\": {…}}" % what)
        return
    code = err.get("code")
    check(err.get("status") == status, "%s: error.status is the HTTP status %d" % (what, status))
    check(code in error_table, "%s: error.code %r is a documented code" % (what, code))
    if code in error_table:
        check(err.get("name") == error_table[code][0] and error_table[code][1] == status,
              "%s: code %d is named %s and answers %d" % (what, code, error_table[code][0], error_table[code][1]))
    check(isinstance(err.get("message"), str) and len(err["message"]) > 10, "%s: a message to act on" % what)


opener = urllib.request.build_opener(NoRedirect)
for method, pattern in routes:
    op = paths.get(pattern, {}).get(method)
    if op is None:
        continue
    url = base + pattern.replace("{id}", "1").replace("{event}", "x")
    req = urllib.request.Request(url, method=method.upper(), data=b"" if method == "post" else None,
                                 headers={"Accept": "application/json"})
    try:
        with opener.open(req, timeout=10) as resp:
            status, ctype = resp.status, resp.headers.get("Content-Type", "")
            body = resp.read()
    except urllib.error.HTTPError as err:
        status, ctype = err.code, err.headers.get("Content-Type", "")
        body = err.read()
    listed = sorted(op.get("responses", {}).keys())
    check(str(status) in listed, "a plain %s %s answers %d, which the document lists (%s)"
          % (method.upper(), pattern, status, ", ".join(listed)))
    check(ctype.startswith("application/json"), "…as JSON (%s)" % ctype)
    if status >= 400:
        check_error_body(body, status, "%s %s" % (method.upper(), pattern))

sys.exit(1 if failed else 0)
