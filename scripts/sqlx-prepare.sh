#!/usr/bin/env bash
# The store's static queries are checked at compile time by sqlx's macros
# (`query!`, `query_as!`, `query_scalar!`) against the offline query data in
# crates/core/.sqlx/, so no build needs a database.
#
#   bash scripts/sqlx-prepare.sh          refresh crates/core/.sqlx/ after changing a query or the schema
#   bash scripts/sqlx-prepare.sh --check  fail if the committed data is not what the schema gives (CI)
#
# Both describe every query against a plain SQLite file with the vault's
# schema (every migration and the change-log triggers), written by the core's
# `schema_db` example.
set -euo pipefail
cd "$(dirname "$0")/.."
check=false
case "${1:-}" in
  --check) check=true ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The example links the core, whose query macros need the committed data or a
# database: a query just added or changed has no data yet. So it is built
# against the bare migrations first, applied here without the core (the
# change-log triggers change no query's description; the core's SQLite has
# concat_ws, Python's may not).
python3 - "$tmp/bare.db" <<'PY'
import glob, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.create_function("concat_ws", -1, lambda sep, *parts: sep.join(str(p) for p in parts if p is not None))
for path in sorted(glob.glob("crates/core/migrations/*.sql")):
    with open(path) as migration:
        db.executescript(migration.read())
db.commit()
PY
touch crates/core/src/lib.rs
DATABASE_URL="sqlite://$tmp/bare.db?mode=ro" SQLX_OFFLINE=false \
  cargo run -q --locked -p rapport_core --features bench --example schema_db -- "$tmp/schema.db"
mkdir "$tmp/sqlx"
# The macros are expanded again only when the crate is rebuilt: touch it.
touch crates/core/src/lib.rs
DATABASE_URL="sqlite://$tmp/schema.db?mode=ro" SQLX_OFFLINE=false SQLX_OFFLINE_DIR="$tmp/sqlx" \
  cargo check -q --locked -p rapport_core --features bench --lib --tests
# The next ordinary build expands the macros from the committed data again.
touch crates/core/src/lib.rs

if $check; then
  if ! diff -r crates/core/.sqlx "$tmp/sqlx" >"$tmp/diff"; then
    head -40 "$tmp/diff" >&2
    echo "crates/core/.sqlx/ is out of date with the store's queries or the schema: run bash scripts/sqlx-prepare.sh and commit it" >&2
    exit 1
  fi
  echo "sqlx offline data: $(ls "$tmp/sqlx" | wc -l) queries, up to date"
else
  rm -rf crates/core/.sqlx
  cp -r "$tmp/sqlx" crates/core/.sqlx
  echo "sqlx offline data: $(ls crates/core/.sqlx | wc -l) queries written to crates/core/.sqlx/"
fi
