#!/usr/bin/env bash
# scripts/demo.sh — the second half of `make demo`: create var/demo.db with
# the demo region and accounts (once), print the accounts, load the knowledge
# guide from content/ (a new version only where a file changed), make the
# synthetic source database var/source.db (20,000 patients, once; `datalots
# demo source`, docs/extract-source.md) and set it as the demo region's
# source for extractions (docs/extract.md), and serve on
# http://127.0.0.1:8080 until Ctrl-C. DATALOTS_LISTEN overrides the address;
# DATALOTS_PUBLIC_URL the address the data catalogue's IRIs are under
# (docs/catalog-rdf.md; by default the one served).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
./datalots init --db sqlite:var/demo.db --demo
./datalots catalog import content --db sqlite:var/demo.db
# The demo region handles requests as Västra Götalandsregionen's process
# describes: the guide's page for it offers this installation's form.
./datalots catalog holder RH vastra-gotalandsregionen --db sqlite:var/demo.db >/dev/null
if [ ! -e var/source.db ]; then
    ./datalots demo source --patients 20000 --seed 1 --out var/source.db --quiet
fi
# Reported obstacles to browse (/hinder, the analyst's queue, the report),
# once per demo store: generated, about 60 % published.
if [ ! -e var/demo-obstacles.done ]; then
    ./datalots demo obstacles --count 300 --seed 1 --db sqlite:var/demo.db >/dev/null && touch var/demo-obstacles.done
fi
# The network of support functions (/natverk, /kalender, /nyheter) and a
# history of decided cases for the lead-time prediction (/process/1/prognos)
# and the follow-up figures, once per demo store.
if [ ! -e var/demo-network.done ]; then
    ./datalots demo network --db sqlite:var/demo.db --public-url "${DATALOTS_PUBLIC_URL:-http://${DATALOTS_LISTEN:-127.0.0.1:8080}}" >/dev/null && \
    ./datalots demo cases --count 600 --seed 1 --db sqlite:var/demo.db >/dev/null && touch var/demo-network.done
fi
# Questions to the network, routed and some answered (/fragor), once.
if [ ! -e var/demo-questions.done ]; then
    ./datalots demo questions --db sqlite:var/demo.db >/dev/null && touch var/demo-questions.done
fi
# Regionhälsan's extractions read it (at no set pace: it is no clinical system).
# /jamfor compares the holders whose feeds are listed: the demo lists its
# own, fetched by serve at start and then hourly (--holders-refresh).
if [ ! -e var/demo-holders.done ]; then
    ./datalots holders add "${DATALOTS_PUBLIC_URL:-http://${DATALOTS_LISTEN:-127.0.0.1:8080}}/api/v1/holder-profile" \
        --db sqlite:var/demo.db >/dev/null && touch var/demo-holders.done
fi
./datalots extract source add --db sqlite:var/demo.db --org RH --name default --url "sqlite:$PWD/var/source.db" >/dev/null
echo "Synthetic source database (20,000 invented patients): $PWD/var/source.db"
echo
echo "Open http://${DATALOTS_LISTEN:-127.0.0.1:8080}/ — stop with Ctrl-C."
listen=${DATALOTS_LISTEN:-127.0.0.1:8080}
exec ./datalots serve --db sqlite:var/demo.db --listen "$listen" --extract-dir var/extract --holders-refresh 3600 --public-url "${DATALOTS_PUBLIC_URL:-http://$listen}"
