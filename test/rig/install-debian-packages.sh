#!/usr/bin/env bash
# The SIP test rig's Debian packages: Kamailio (registrar/proxy/WebSocket), baresip (a real SIP phone
# with a sine source), SIPp, rtpengine, and linphone-cli (linphonec: an independent SIP client for the
# interop tests). Idempotent; needs root (CI and these machines run as root).
set -euo pipefail
pkgs=(kamailio kamailio-websocket-modules kamailio-presence-modules kamailio-sqlite-modules baresip-core sip-tester rtpengine-daemon linphone-cli)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "rig: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
