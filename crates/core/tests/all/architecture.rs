//! The core's dependency rule and its store rule, checked on the source.
//!
//! Layers, lowest first (docs/ARCHITECTURE.md, "Modules and the dependency
//! rule"): kernel ← vault ← store ← domain ← documents / interchange ← app.
//! kernel holds what knows no domain (errors, text rules, vocabularies, the
//! iCalendar writer); app holds what drives the rest (session, backups,
//! the sample book).
//! A module may use modules of lower layers and of its own layer, never a
//! higher one; documents and interchange do not use each other; and no two
//! top-level modules may depend on each other, directly or round a loop.
//! Only the store (and the vault, for its own tables and maintenance) writes
//! SQL.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every top-level module of `src/` and its layer. A module missing here
/// fails the test: a new module has to say where it belongs.
const LAYERS: &[(&str, &[&str])] = &[
    // Errors, text rules, vocabularies and file formats that know no domain.
    ("kernel", &["error", "text", "kinds", "zone", "ics"]),
    // The encrypted file, its keys and schema: `db`, `files`, `header`,
    // `keychain` and `secret` are re-exported from `vault`.
    ("vault", &["vault", "db", "files", "header", "keychain", "secret"]),
    ("store", &["store", "changes"]),
    (
        "domain",
        &[
            "accounts",
            "people",
            "connections",
            "interactions",
            "touchpoints",
            "summary",
            "relationship",
            "analysis",
            "care",
            "commitments",
            "meetings",
            "blueprint",
            "settings",
            "team",
            "search",
            "trash",
            "page",
        ],
    ),
    ("documents", &["brief", "report", "documents", "pdf"]),
    ("interchange", &["book", "import", "bulk"]),
    ("app", &["backups", "session", "demo", "sample", "bench"]),
];

fn rank(layer: &str) -> u8 {
    match layer {
        "kernel" => 0,
        "vault" => 1,
        "store" => 2,
        "domain" => 3,
        "documents" | "interchange" => 4,
        _ => 5,
    }
}

fn layer_of(module: &str) -> Option<&'static str> {
    LAYERS.iter().find(|(_, modules)| modules.contains(&module)).map(|(layer, _)| *layer)
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to (`vault/db.rs` → `vault`).
fn module_of(file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src()).unwrap();
    let first = rel.components().next()?.as_os_str().to_string_lossy().into_owned();
    let name = first.strip_suffix(".rs").unwrap_or(&first).to_string();
    (name != "lib").then_some(name)
}

/// The source without comments and string literals' contents, so a doc
/// comment naming `crate::x` is not a dependency.
fn code(text: &str) -> String {
    text.lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if trimmed.starts_with("//") { "" } else { line.split(" // ").next().unwrap_or(line) }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules a file refers to: `crate::x`, and the names in
/// `use crate::{x, y::z}`.
fn references(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let text = code(text);
    let mut rest = text.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // use crate::{a, b::c, d::{e, f}}: the first name of each item at depth 0.
            let mut depth = 0;
            let mut items = vec![String::new()];
            for c in group.chars() {
                match c {
                    '}' if depth == 0 => break,
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => items.push(String::new()),
                    c => items.last_mut().unwrap().push(c),
                }
            }
            for item in items {
                let name: String = item.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        } else {
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

/// module -> the other top-level modules it uses.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let Some(module) = module_of(&file) else { continue };
        let text = std::fs::read_to_string(&file).unwrap();
        // Unit tests may drive the module from above.
        let body = text.split("#[cfg(test)]").next().unwrap_or(&text);
        let uses = graph.entry(module.clone()).or_default();
        for used in references(body) {
            // `sql!`-style macros and names that are not modules (`Result`…) are skipped.
            if used != module && layer_of(&used).is_some() {
                uses.insert(used);
            }
        }
    }
    graph
}

/// The re-exported names stand for their home module (`db` is `vault`).
fn home(module: &str) -> &str {
    match module {
        "db" | "files" | "header" | "keychain" | "secret" => "vault",
        "changes" => "store",
        other => other,
    }
}

#[test]
fn every_module_has_a_layer() {
    let unplaced: Vec<String> = graph().into_keys().filter(|m| layer_of(m).is_none()).collect();
    assert!(unplaced.is_empty(), "modules without a layer in tests/architecture.rs: {unplaced:?}");
}

/// The uses in `graph` from a module to a higher layer, or from one context
/// of the top layer to the other.
fn against_the_rule(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut wrong = Vec::new();
    for (module, uses) in graph {
        let Some(layer) = layer_of(module) else { continue };
        for used in uses {
            let used_layer = layer_of(used).unwrap();
            let sideways = rank(layer) == 4 && rank(used_layer) == 4 && layer != used_layer;
            if rank(used_layer) > rank(layer) || sideways {
                wrong.push(format!("{module} → {used}"));
            }
        }
    }
    wrong
}

#[test]
fn no_module_uses_a_higher_layer_or_a_sibling_context() {
    let wrong = against_the_rule(&graph());
    assert!(
        wrong.is_empty(),
        "uses against the dependency rule (lower layers never use higher ones; documents and interchange \
         never use each other):\n{}",
        wrong.join("\n")
    );
}

/// The edges of `graph` that close a loop: a → b where b leads back to a.
/// Re-exported names count as their home module.
fn edges_in_cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let graph: BTreeMap<String, BTreeSet<String>> = graph
        .iter()
        .map(|(m, uses)| (home(m).to_string(), uses.iter().map(|u| home(u).to_string()).collect()))
        .fold(BTreeMap::new(), |mut acc, (m, uses): (String, BTreeSet<String>)| {
            acc.entry(m.clone()).or_default().extend(uses.into_iter().filter(|u| *u != m));
            acc
        });
    let reaches = |from: &str, to: &str| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.to_string()];
        while let Some(node) = todo.pop() {
            if node == to {
                return true;
            }
            if seen.insert(node.clone()) {
                todo.extend(graph.get(&node).into_iter().flatten().cloned());
            }
        }
        false
    };
    let mut in_cycle = Vec::new();
    for (module, uses) in &graph {
        for used in uses {
            if reaches(used, module) {
                in_cycle.push(format!("{module} → {used}"));
            }
        }
    }
    in_cycle
}

#[test]
fn no_cycle_between_top_level_modules() {
    let in_cycle = edges_in_cycles(&graph());
    assert!(
        in_cycle.is_empty(),
        "uses that close an import cycle between top-level modules (move the shared code down a layer):\n{}",
        in_cycle.join("\n")
    );
}

/// The two checks above fail on what they are meant to catch.
#[test]
fn the_checks_catch_a_loop_and_a_use_from_below() {
    let graph = |edges: &[(&str, &str)]| {
        let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (from, to) in edges {
            g.entry(from.to_string()).or_default().insert(to.to_string());
        }
        g
    };
    // summary → care → summary round a loop; changes (the store's) ↔ vault's db.
    let looped =
        graph(&[("summary", "care"), ("care", "summary"), ("care", "kinds"), ("changes", "db"), ("vault", "store")]);
    assert_eq!(edges_in_cycles(&looped), ["care → summary", "store → vault", "summary → care", "vault → store"]);
    assert!(edges_in_cycles(&graph(&[("care", "summary"), ("summary", "kinds")])).is_empty());

    let upward = graph(&[("care", "brief"), ("kinds", "vault"), ("book", "report"), ("brief", "care")]);
    assert_eq!(against_the_rule(&upward), ["book → report", "care → brief", "kinds → vault"]);
}

/// Statements that reach the database. Only the store and the vault hold them.
const SQL_MARKERS: [&str; 6] = ["sqlx::query", "query_as", "query_scalar", "raw_sql", "QueryBuilder", "sql!("];

#[test]
fn no_sql_outside_the_store() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut found = Vec::new();
    for file in files {
        let rel = file.strip_prefix(src()).unwrap().to_string_lossy().into_owned();
        if rel.starts_with("store/") || rel.starts_with("vault/") || rel == "lib.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        // Unit tests may build a schema by hand.
        let body = text.split("#[cfg(test)]").next().unwrap_or(&text);
        for (n, line) in code(body).lines().enumerate() {
            if SQL_MARKERS.iter().any(|m| line.contains(m)) {
                found.push(format!("{rel}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "SQL outside src/store/ ({} lines):\n{}", found.len(), found.join("\n"));
}

#[test]
fn the_reference_reader_sees_grouped_and_plain_uses() {
    let refs = references(
        "use crate::{accounts, care::cadence::{a, b}, text};\nlet x = crate::summary::refresh();\n// crate::ghost\n",
    );
    assert_eq!(refs.into_iter().collect::<Vec<_>>(), ["accounts", "care", "summary", "text"]);
}

/// Runtime queries (`sqlx::query(`, `query_as(`, `query_scalar(`, with or
/// without a turbofish) whose SQL is known when the crate compiles: a string
/// literal, a `const`, or `sql!` of a literal. The macros can check those; a
/// runtime call is only for SQL put together while the program runs.
fn runtime_static_queries(text: &str) -> Vec<String> {
    let text = code(text);
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("sqlx::query") {
        let start = from + at;
        from = start + "sqlx::query".len();
        let mut rest = &text[from..];
        for kind in ["_as", "_scalar"] {
            if let Some(r) = rest.strip_prefix(kind) {
                rest = r;
                break;
            }
        }
        if let Some(generics) = rest.strip_prefix("::<") {
            let mut depth = 1;
            let Some(end) = generics.find(|c| {
                depth += match c {
                    '<' => 1,
                    '>' => -1,
                    _ => 0,
                };
                depth == 0
            }) else {
                continue;
            };
            rest = &generics[end + 1..];
        }
        // `query!(` is the checked macro; anything else is not a call.
        let Some(argument) = rest.strip_prefix('(') else { continue };
        let argument = argument.trim_start();
        let name: String = argument.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let a_const = name.chars().any(|c| c.is_ascii_uppercase())
            && name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        let literal = ["\"", "r\"", "r#\"", "sql!("].iter().any(|p| argument.starts_with(p));
        if literal || a_const {
            let line = text[..start].matches('\n').count() + 1;
            let first = text[start..].lines().next().unwrap_or_default().trim();
            found.push(format!("{line}: {first}"));
        }
    }
    found
}

/// Static SQL that stays a runtime query on purpose, with why: (file, call).
const RUNTIME_BY_DESIGN: &[(&str, &str)] = &[
    // The book export pages through every record type with one generic
    // function; each type's SELECT is its own const, which a macro can't take
    // through a type parameter. The round-trip tests read every column of it.
    ("store/book.rs", "sqlx::query_as::<_, T::Row>(T::SELECT);"),
];

#[test]
fn the_store_runs_no_static_query_unchecked() {
    let mut found = Vec::new();
    let mut files: Vec<_> =
        std::fs::read_dir(src().join("store")).unwrap().map(|entry| entry.unwrap().path()).collect();
    files.sort();
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        // Unit tests may build a schema by hand.
        let body = text.split("#[cfg(test)]").next().unwrap_or(&text);
        found.extend(
            runtime_static_queries(body)
                .into_iter()
                .map(|f| format!("store/{name}:{f}"))
                .filter(|f| !RUNTIME_BY_DESIGN.iter().any(|(file, call)| f.starts_with(file) && f.ends_with(call))),
        );
    }
    assert!(
        found.is_empty(),
        "static SQL run unchecked ({} queries): write it with sqlx::query!/query_as!/query_scalar! and run \
         scripts/sqlx-prepare.sh\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn the_static_query_reader_tells_literals_from_built_sql() {
    let text = r##"
        sqlx::query("DELETE FROM t WHERE id = ?1").bind(id);
        sqlx::query_as::<_, Row>(
            r#"SELECT a FROM t"#,
        );
        sqlx::query_scalar(SELECT_NAME).bind(id);
        sqlx::query_as(sql!("{SELECT} WHERE id = ?1"));
        sqlx::query!("SELECT 1");
        sqlx::query_as!(Row, "SELECT a FROM t");
        sqlx::query_as(sqlx::AssertSqlSafe(built));
        sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count_sql));
        // sqlx::query("in a comment")
    "##;
    assert_eq!(
        runtime_static_queries(text),
        [
            "2: sqlx::query(\"DELETE FROM t WHERE id = ?1\").bind(id);",
            "3: sqlx::query_as::<_, Row>(",
            "6: sqlx::query_scalar(SELECT_NAME).bind(id);",
            "7: sqlx::query_as(sql!(\"{SELECT} WHERE id = ?1\"));",
        ]
    );
}
