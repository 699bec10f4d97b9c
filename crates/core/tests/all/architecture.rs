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
            "analysis",
            "care",
            "meetings",
            "blueprint",
            "settings",
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

/// Uses against the rule that are still there, to be removed (issue 14's
/// follow-up): the test fails on any other, and on one of these once it is
/// gone, so this list only shrinks.
const KNOWN_AGAINST_THE_RULE: &[&str] = &["care → brief"];

/// Edges that close a loop between top-level modules and are still there.
/// Same ratchet as above. Most go round through `care → brief` (account care
/// loads the plan a brief reports on) and `people`/`connections`/`accounts` →
/// `summary` → their types: the next step is a blueprint read model in the
/// domain and a summary that reads rows only.
const KNOWN_IN_A_CYCLE: &[&str] = &[
    "accounts → people",
    "accounts → summary",
    "brief → accounts",
    "brief → care",
    "brief → documents",
    "brief → interactions",
    "brief → meetings",
    "brief → people",
    "brief → report",
    "brief → summary",
    "care → brief",
    "care → summary",
    "connections → summary",
    "documents → meetings",
    "interactions → people",
    "interactions → summary",
    "meetings → accounts",
    "meetings → people",
    "people → summary",
    "report → accounts",
    "report → care",
    "report → documents",
    "report → summary",
    "summary → care",
    "summary → connections",
    "summary → people",
];

#[test]
fn no_module_uses_a_higher_layer_or_a_sibling_context() {
    let mut wrong = Vec::new();
    for (module, uses) in graph() {
        let Some(layer) = layer_of(&module) else { continue };
        for used in uses {
            let used_layer = layer_of(&used).unwrap();
            let sideways = rank(layer) == 4 && rank(used_layer) == 4 && layer != used_layer;
            if rank(used_layer) > rank(layer) || sideways {
                wrong.push(format!("{module} → {used}"));
            }
        }
    }
    ratchet("against the dependency rule (lower layers never use higher ones)", &wrong, KNOWN_AGAINST_THE_RULE);
}

/// Fails on anything found that is not known, and on anything known that is
/// no longer found (take it off the list).
fn ratchet(what: &str, found: &[String], known: &[&str]) {
    let new: Vec<&String> = found.iter().filter(|f| !known.contains(&f.as_str())).collect();
    let gone: Vec<&&str> = known.iter().filter(|k| !found.iter().any(|f| f == *k)).collect();
    assert!(new.is_empty(), "new uses {what}:\n{}", new.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n"));
    assert!(gone.is_empty(), "fixed, so take them off the known list in tests/architecture.rs: {gone:?}");
}

#[test]
fn no_cycle_between_top_level_modules() {
    let graph: BTreeMap<String, BTreeSet<String>> = graph()
        .into_iter()
        .map(|(m, uses)| (home(&m).to_string(), uses.iter().map(|u| home(u).to_string()).collect()))
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
    // An edge a → b is in a cycle when b leads back to a.
    let mut in_cycle = Vec::new();
    for (module, uses) in &graph {
        for used in uses {
            if reaches(used, module) {
                in_cycle.push(format!("{module} → {used}"));
            }
        }
    }
    ratchet("that close an import cycle", &in_cycle, KNOWN_IN_A_CYCLE);
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

/// The store files helper "perf" converted: every static query in them is
/// checked at compile time (`query!`, `query_as!`, `query_scalar!`).
const CHECKED_STORE_FILES: [&str; 4] = ["store/summaries.rs", "store/imports.rs", "store/book.rs", "store/care.rs"];

/// Queries in those files still run unchecked until their owner converts them
/// (care.rs's two lookups belong to the checks on what a record names).
const KNOWN_UNCHECKED: [&str; 2] = [
    "SELECT 1 FROM accounts WHERE id = ?1 AND deleted_at IS NULL",
    "SELECT account_id FROM people WHERE id = ?1 AND deleted_at IS NULL",
];

#[test]
fn static_queries_in_the_converted_store_files_are_checked_at_compile_time() {
    let mut found = Vec::new();
    for rel in CHECKED_STORE_FILES {
        let text = std::fs::read_to_string(src().join(rel)).unwrap();
        let body = text.split("#[cfg(test)]").next().unwrap_or(&text);
        for call in ["sqlx::query(", "sqlx::query_as(", "sqlx::query_scalar("] {
            for (at, _) in body.match_indices(call) {
                // The first argument, spaces and newlines skipped: a string
                // literal there is a query the macros could have checked.
                let argument = body[at + call.len()..].trim_start();
                let literal = argument.starts_with('"') || argument.starts_with("r#\"") || argument.starts_with("r\"");
                let sql = argument.trim_start_matches(['r', '#', '"']);
                if literal && !KNOWN_UNCHECKED.iter().any(|q| sql.starts_with(q)) {
                    let line = body[..at].lines().count();
                    found.push(format!("{rel}:{line}: {}", argument.lines().next().unwrap_or_default()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "static queries not checked at compile time (use query!/query_as!/query_scalar!):\n{}",
        found.join("\n")
    );
}
