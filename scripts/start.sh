#!/usr/bin/env bash
# The README's run command. The Electron binary cannot be downloaded on these machines, so this runs
# Carefront in browser mode: the same main-process services and the same renderer, over the
# loopback WebSocket bridge. Where Electron is available, `npm run start:electron` opens the desktop app.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The project's Node 22 (the `node` devDependency) first, whatever `node` the caller's PATH has (Node 20 here).
export PATH="$PWD/node_modules/.bin:$PATH"
npm start --silent -- "$@"
