#!/usr/bin/env bash
# Installs what Rapport needs on a Debian/Ubuntu machine: system libraries for
# the webview and SQLCipher, Node packages for the UI, and (with --test) the
# tools the tests drive: Xvfb, WebKitWebDriver, tauri-driver, gnome-keyring,
# poppler-utils (pdftotext, pdffonts, pdfinfo, pdftoppm for the PDF tests),
# PostgreSQL (the team server's tests start a throwaway one from its binaries).
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

say() { printf '\n== %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

packages=(build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev fonts-dejavu-core)
if [ "$want_test" = 1 ]; then
  packages+=(xvfb xauth x11-utils webkit2gtk-driver dbus dbus-x11 gnome-keyring libsecret-tools poppler-utils)
  # Debian's postgresql is 15 on bookworm; the tests need 15 or newer.
  packages+=(postgresql)
fi
if ! command -v node >/dev/null || ! node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)'; then
  packages+=(nodejs npm)
fi
# scripts/sqlx-prepare.sh --check lays out the bare schema with Python's sqlite3.
if [ "$want_test" = 1 ] && ! command -v python3 >/dev/null; then
  packages+=(python3)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "apt: installing ${missing[*]}"
  if [[ " ${missing[*]} " == *" postgresql "* ]]; then
    # The tests make their own throwaway servers: don't let the package create
    # and start a system cluster on port 5432 (as the official Docker image does).
    as_root mkdir -p /etc/postgresql-common/createcluster.d
    echo 'create_main_cluster = false' | as_root tee /etc/postgresql-common/createcluster.d/rapport-no-main.conf >/dev/null
  fi
  as_root apt-get -o DPkg::Lock::Timeout=600 update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)'; then
  echo "Rapport's UI build needs Node.js 20 or newer; this machine has $(node --version)." >&2
  exit 1
fi
if ! command -v cargo >/dev/null; then
  echo "Rust is not installed: install it with rustup (https://rustup.rs), then run this again." >&2
  exit 1
fi

say "npm: UI packages"
(cd ui && npm ci --no-audit --no-fund --loglevel=error)

if [ "$want_test" = 1 ]; then
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
  if ! command -v tauri-driver >/dev/null; then
    say "cargo: installing tauri-driver"
    cargo install tauri-driver --version '^2' --locked
  fi
fi
