#!/usr/bin/env bash
# t_api_contract.sh — the API contract (issue 14 item 9): every /api/v1/
# route of `datalots routes` is in the OpenAPI document the server serves at
# /api/v1/openapi.json (docs/openapi.yaml, built in) with its method, every
# documented API operation is a route, and each route answers a plain
# request with a status the document lists for it (api_contract.py). The
# served document is docs/openapi.yaml's content.
. "$(dirname "$0")/lib.sh"

start_server || finish
cli routes
expect_eq 0 "$RC" "datalots routes"
printf '%s\n' "$OUT" >"$T/routes.tsv"
while IFS= read -r line; do
    case $line in
    "ok - "*) ok "${line#ok - }" ;;
    "not ok - "*) not_ok "${line#not ok - }" ;;
    esac
done < <(python3 "$(dirname "$0")/api_contract.py" "$BASE" "$T/routes.tsv" 2>&1 || echo "not ok - api_contract.py failed")
http GET /api/v1/openapi.json -
check "the served document is docs/openapi.yaml" python3 -c '
import json, sys, yaml
served = json.load(open(sys.argv[1], encoding="utf-8"))
source = json.loads(json.dumps(yaml.safe_load(open(sys.argv[2], encoding="utf-8")), default=str))
sys.exit(0 if served == source else 1)' "$BODY" "$E2E_ROOT/docs/openapi.yaml"
# the bodies of the public feeds against their documented schema (issue 15 item 4)
cp "$BODY" "$T/openapi.json"
cli demo cases --db "$SRV_URL" --count 30 --seed 9
http GET /api/v1/holder-profile -
expect_status 200 "the holder profile"
check "its body matches the HolderProfile schema of the document" \
    python3 "$(dirname "$0")/openapi_body.py" "$T/openapi.json" /api/v1/holder-profile "$BODY"
printf '{"format":"datalots-holder-profile/1","generated_at":"x","suppressed_below":5,"organisations":[{"id":1}]}' >"$T/bad.json"
check "…and the check refuses a body that does not" \
    bash -c '! python3 "$1" "$2" /api/v1/holder-profile "$3" >/dev/null' _ "$(dirname "$0")/openapi_body.py" "$T/openapi.json" "$T/bad.json"
finish
