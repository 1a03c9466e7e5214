#!/usr/bin/env bash
# The README's test command: set the machine up, then run every test and print `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm test --silent
