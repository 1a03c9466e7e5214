#!/usr/bin/env bash
# Brings a fresh machine of this kind (Debian 12, Node 20 on PATH) to what Carefront needs:
# Debian's Chromium (end-to-end tests, browser mode, the sign-in tests), openssl, fonts for every UI language, the SIP rig
# (Kamailio, baresip, SIPp, rtpengine) when its install script exists, the test FHIR server (HAPI FHIR on
# Java 17 + Maven) and the npm packages.
# Node 22 comes from the `node` devDependency: every `npm run` uses it. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# openssl: the sign-in tests make a TLS certificate for their identity provider on loopback.
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
dpkg -s fonts-noto-core >/dev/null 2>&1 || need_apt+=(fonts-noto-core)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need_apt+=(fonts-noto-cjk)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
if [ -x test/rig/install-debian-packages.sh ] || [ -f test/rig/install-debian-packages.sh ]; then
  bash test/rig/install-debian-packages.sh
fi

# The EHR link's integration tests run against a real HAPI FHIR server built from test/fhir-server.
bash test/fhir-server/build.sh

# The Electron binary cannot be downloaded here; its TypeScript types install without it.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
echo "setup: Node for npm scripts is $(node_modules/.bin/node --version)"
