#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine and starts Rapport on its default vault
# (rapport.db in the platform data dir, e.g. ~/.local/share/rapport/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
(cd ui && npm run build)
exec cargo run --locked -p rapport-app
