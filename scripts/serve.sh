#!/usr/bin/env bash
# Sets up everything (scripts/setup.sh, idempotent) and serves the app with `trunk serve`
# on http://127.0.0.1:8080/ (override the port with PORT=...). Ctrl-C stops it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
# wasm-opt 132 from npm ahead of any older system wasm-opt (trunk uses the first on PATH).
export PATH="$ROOT/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH"
PORT="${PORT:-8080}"
echo
echo "iommu-topo: serving on http://127.0.0.1:$PORT/  (first build takes a minute; Ctrl-C to stop)"
echo
exec trunk serve --offline --address 127.0.0.1 --port "$PORT"
