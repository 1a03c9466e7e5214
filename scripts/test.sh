#!/usr/bin/env bash
# The README's test command: set the machine up, then run every test and print `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The project's Node 22 (the `node` devDependency) first, whatever `node` the caller's PATH has (Node 20 here).
export PATH="$PWD/node_modules/.bin:$PATH"
npm test --silent
