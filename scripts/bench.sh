#!/usr/bin/env bash
# The figures quoted in issue notes: vault open/unlock timings and the app's
# cold start and idle memory, then the large-book benchmark (SQLCipher vs plain
# SQLite; release build; BOOK_SIZE="accounts people interactions" to scale it
# down). Needs a built tree (scripts/test.sh builds it).
set -euo pipefail
cd "$(dirname "$0")/.."
sandbox=$(mktemp -d)
# GTK starts xdg-document-portal, which mounts a FUSE dir under the runtime dir.
# Each step may fail (nothing mounted, already gone) without failing the run.
cleanup() {
  fusermount -u "$sandbox/runtime/doc" 2>/dev/null || true
  rm -rf "$sandbox" 2>/dev/null || true
}
trap cleanup EXIT
mkdir -p "$sandbox"/{home,data,config,cache,runtime} && chmod 700 "$sandbox/runtime"
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
export PATH="$CARGO_HOME/bin:$PATH"
export HOME="$sandbox/home" XDG_DATA_HOME="$sandbox/data" XDG_CONFIG_HOME="$sandbox/config" \
  XDG_CACHE_HOME="$sandbox/cache" XDG_RUNTIME_DIR="$sandbox/runtime"
cargo build --locked -p rapport-cli
dbus-run-session -- bash -euo pipefail -c '
  echo -n throwaway | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  cargo run --locked -q -p rapport_core --example vault_bench -- 9
  xvfb-run -a -s "-screen 0 1280x860x24" node tests/e2e/bench-startup.mjs 5
'
# shellcheck disable=SC2086 # BOOK_SIZE is three numbers, split on purpose
cargo run --locked --release -q -p rapport_core --features bench --example book_bench -- ${BOOK_SIZE:-}
# One brief and a pack of 50 through Rapport, and the same documents printed by
# headless Chromium (`chromium` must be installed for the comparison).
cargo run --locked --release -q -p rapport_core --example brief_bench
# Capturing an idea with 500 already in the blueprint: Enter → stored → view back.
cargo run --locked --release -q -p rapport_core --example blueprint_bench
# Today and the portfolio on the large book, and scoring every account's health.
cargo run --locked --release -q -p rapport_core --example care_bench
