#!/usr/bin/env python3
"""openapi_body.py — checks a JSON body against the 200 response schema an
OpenAPI 3.0 document gives for GET PATH (python3-jsonschema; OpenAPI's
`nullable: true` read as "or null").

usage: openapi_body.py OPENAPI.json PATH BODY.json — exit 1 with the first
error when the body does not match."""
import json
import sys

import jsonschema


def to_json_schema(node):
    if isinstance(node, list):
        return [to_json_schema(x) for x in node]
    if not isinstance(node, dict):
        return node
    out = {k: to_json_schema(v) for k, v in node.items() if k not in ("nullable", "example")}
    if node.get("nullable"):
        if "type" not in out:
            return {"anyOf": [out, {"type": "null"}]}
        out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = list(out["enum"]) + [None]
    return out


def main():
    doc = json.load(open(sys.argv[1], encoding="utf-8"))
    op = doc["paths"][sys.argv[2]]["get"]
    schema = op["responses"]["200"]["content"]["application/json"]["schema"]
    root = {"components": to_json_schema(doc["components"])}
    root.update(to_json_schema(schema))
    body = json.load(open(sys.argv[3], encoding="utf-8"))
    try:
        jsonschema.Draft7Validator(root).validate(body)
    except jsonschema.ValidationError as err:
        print("%s at %s" % (err.message, "/".join(str(p) for p in err.absolute_path)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
