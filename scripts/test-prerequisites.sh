#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing, without questions: openssl (tls.test.js makes
# its self-signed certificate with it), curl (scripts/packaging-test.sh talks to the servers it starts), chromium
# (console.test.js drives Debian's Chromium through playwright-core, which downloads no browser) and postgresql
# (the PostgreSQL stores and cluster mode are tested against a real server). Then makes sure PostgreSQL runs on
# loopback with the test role (see scripts/test-postgres.sh). Needs root or sudo and the Debian mirror only when
# something is missing. Run by scripts/test.sh and .ci/run.
set -euo pipefail

missing=()
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v curl >/dev/null 2>&1 || missing+=(curl)
[ -x "${TIDINGS_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
if [ -z "${TIDINGS_TEST_POSTGRES:-}" ] && ! command -v pg_ctlcluster >/dev/null 2>&1; then
  missing+=(postgresql)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} for the tests (Debian packages)..."
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q "${missing[@]}"
fi

"$(dirname "$0")/test-postgres.sh"
