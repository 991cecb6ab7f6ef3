# shellcheck shell=bash
# tests/browser/npm_deps.sh — installs tests/browser/node_modules from
# package-lock.json (npm ci) when it is missing or was installed from another
# lock file. Sourced by tests/browser/run.sh and tests/e2e/oidc_lib.sh (the
# e2e OIDC tests run npm's oidc-provider), which may run at the same time
# (e2e and e2e-pg share a stage of tests/run.sh): a flock on the lock file
# keeps it to one npm at a time.
#
#   browser_npm_deps   0 when node_modules matches the lock file; otherwise
#                      prints why on stderr and returns 1
browser_npm_deps() {
  local dir want have log rc
  dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  want=$(sha256sum "$dir/package-lock.json" | cut -c1-64)
  have=$(cat "$dir/node_modules/.datalots-lock.sha256" 2>/dev/null)
  [ "$want" = "$have" ] && return 0
  command -v npm >/dev/null 2>&1 || { echo "npm is not installed (Debian: npm)" >&2; return 1; }
  log=$(mktemp)
  (
    flock -w 300 9 || { echo "waited 5 minutes for another npm ci in $dir" >&2; exit 1; }
    # Another run may have installed it while this one waited.
    [ "$want" = "$(cat "$dir/node_modules/.datalots-lock.sha256" 2>/dev/null)" ] && exit 0
    cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >"$log" 2>&1 &&
      echo "$want" >"$dir/node_modules/.datalots-lock.sha256"
  ) 9<"$dir/package-lock.json"
  rc=$?
  [ $rc -eq 0 ] || { cat "$log" >&2; echo "npm ci in $dir failed" >&2; }
  rm -f "$log"
  return $rc
}
