#!/usr/bin/env bash
# Installs the Debian packages datalots needs to build, run, test and benchmark.
# Idempotent: asks apt only for what is missing, and says nothing when all is there.
set -euo pipefail

packages=(
  build-essential pkg-config gettext locales
  libmicrohttpd-dev libsodium-dev libsqlite3-dev sqlite3
  libjansson-dev libcurl4-gnutls-dev libpq-dev zlib1g-dev
  postgresql curl nginx-light openssl wrk age tzdata time python3 jq
  chromium chromium-driver
  libcairo2-dev libpango1.0-dev fonts-dejavu-core poppler-utils python3-aiosmtpd
  libcmark-gfm-dev libcmark-gfm-extensions-dev libstemmer-dev libraptor2-dev raptor2-utils
  ffmpeg
  libxlsxwriter-dev libarchive-dev unixodbc-dev odbc-postgresql libsqliteodbc python3-openpyxl libssl-dev python3-yaml python3-icalendar
  libgmime-3.0-dev dovecot-imapd
  libxml2-utils
  clang libclang-rt-14-dev
  valgrind
)
# libcurl4-gnutls-dev, not -openssl-dev: libraptor2-dev depends on the GnuTLS
# flavour and the two conflict (same libcurl API, SMTP with TLS in both).
# nginx-light and openssl: tests/e2e/t_nginx_deploy.sh runs deploy/nginx-datalots.conf
# with a self-signed certificate.
# ffmpeg: ffprobe checks the committed case-story film (tests/e2e/t_guide_media.sh).
# libxlsxwriter, libarchive (tar inside the age file), unixODBC (other source
# databases; the PostgreSQL and SQLite ODBC drivers test it) and openpyxl (reads
# delivered XLSX independently of the writer): the extraction (docs/extract.md).
# GMime reads the official mailbox's messages (MIME); dovecot-imapd is the IMAP
# server tests/e2e/t_mailbox.sh starts unprivileged (docs/mailbox.md).
# libxml2-utils: xmllint validates every Atom feed against tests/schemas/atom.rng.
# clang and libclang-rt-14-dev (its libFuzzer, ASan and UBSan runtimes) build the
# fuzz targets of fuzz/ (make fuzz, docs/fuzzing.md).
# valgrind: memcheck runs the release build in make check (make valgrind,
# docs/valgrind.md).
# Remaking the film (scripts/make-case-film.sh) also needs espeak-ng.

# Node.js runs the browser tests (playwright-core from npm) and the test OpenID
# provider of the OIDC tests (npm's oidc-provider, tests/browser/oidc_provider.mjs;
# tests/browser/npm_deps.sh installs tests/browser/node_modules from its lock
# file for both). Many machines already have a newer Node from elsewhere; only
# ask Debian for it when there is none.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The UI switches language per request with uselocale(); glibc's gettext needs the
# locales to exist. Generate sv_SE and en_GB (UTF-8) when they are missing.
need_gen=0
for loc in sv_SE.utf8 en_GB.utf8; do
  locale -a 2>/dev/null | grep -qx "$loc" || need_gen=1
done
if [ "$need_gen" -eq 1 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  for loc in "sv_SE.UTF-8 UTF-8" "en_GB.UTF-8 UTF-8"; do
    grep -qx "$loc" /etc/locale.gen 2>/dev/null || echo "$loc" | $SUDO tee -a /etc/locale.gen >/dev/null
  done
  $SUDO locale-gen >/dev/null
fi
