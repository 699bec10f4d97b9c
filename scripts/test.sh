#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine and runs every test: formatting and
# lints, the UI's unit tests, the core against real encrypted files, the CLI,
# the keychain against a real Secret Service, and the real app window end to end.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
started=$SECONDS
step() { printf '\n== %s (%ss)\n' "$*" "$((SECONDS - started))"; }

bash scripts/setup.sh --test

step "rustfmt"
cargo fmt --all -- --check

step "ui: typecheck, lint, unit tests, build"
(cd ui && npm run typecheck && npm run lint && npm test && npm run build)

step "crates/ stay Tauri-free"
if cargo tree --locked -p rapport_core -p rapport-cli -p rapport_sync -e normal,build --prefix none | grep -E '^tauri'; then
  echo "crates/core, crates/cli or crates/sync depends on tauri (above); crates/ must stay Tauri-free" >&2
  exit 1
fi

step "sqlx offline query data matches the schema"
bash scripts/sqlx-prepare.sh --check

step "clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
# The benchmark examples need the core's `bench` feature; lint them too.
cargo clippy -p rapport_core --all-targets --features bench --locked -- -D warnings

# The rest runs in a private D-Bus session with a throwaway gnome-keyring, and
# with HOME and the XDG dirs in a temp dir, so no test can touch a real profile
# or a real keyring.
sandbox=$(mktemp -d)
# GTK starts xdg-document-portal, which mounts a FUSE dir under the runtime dir.
# Each step may fail (nothing mounted, already gone) without failing the run.
cleanup() {
  fusermount -u "$sandbox/runtime/doc" 2>/dev/null || true
  rm -rf "$sandbox" 2>/dev/null || true
}
trap cleanup EXIT
mkdir -p "$sandbox"/{home,data,config,cache,runtime}
chmod 700 "$sandbox/runtime"
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
export PATH="$CARGO_HOME/bin:$PATH"
export HOME="$sandbox/home" XDG_DATA_HOME="$sandbox/data" XDG_CONFIG_HOME="$sandbox/config" \
  XDG_CACHE_HOME="$sandbox/cache" XDG_RUNTIME_DIR="$sandbox/runtime"
export RAPPORT_TEST_SECRET_SERVICE=1
unset RAPPORT_DB RAPPORT_PASSPHRASE

dbus-run-session -- bash -euo pipefail -c '
  echo -n throwaway | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  printf "\n== cargo test (core, CLI, shell) (%ss)\n" "$(( SECONDS ))"
  cargo test --workspace --locked
  printf "\n== end to end: the real window under Xvfb\n"
  # cargo test built target/debug/rapport-app with the UI just built; drive it.
  timeout 900 xvfb-run -a -s "-screen 0 1280x860x24" node --test --test-concurrency=1 tests/e2e/
'
step "all tests passed"
