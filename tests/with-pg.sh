#!/usr/bin/env bash
# tests/with-pg.sh CMD… — runs CMD with a throwaway PostgreSQL 15 cluster
# (scripts/pg-cluster.sh): DATALOTS_TEST_PG holds its URL. The cluster is
# stopped and removed when CMD ends, also when it fails or is interrupted.
# If the cluster cannot start, prints "<suite>: 0 passed, 1 failed".
set -u
cd "$(dirname "$0")/.."
dir=$(mktemp -d "${TMPDIR:-/tmp}/datalots-pg.XXXXXX")
trap 'bash scripts/pg-cluster.sh stop "$dir" >/dev/null 2>&1' EXIT
trap 'exit 130' INT TERM
if ! url=$(bash scripts/pg-cluster.sh start "$dir"); then
  echo "with-pg: the PostgreSQL cluster did not start (see $dir/log)" >&2
  echo "${DATALOTS_TEST_SUITE:-pg}: 0 passed, 1 failed"
  exit 1
fi
DATALOTS_TEST_PG=$url "$@"
