//! The shell's contract: the command list, the handlers, the ACL grants and the
//! generated TypeScript all agree, and the commands work on a mock app.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use rapport_app::{BINDINGS_PATH, BookChanged, BookWatch, COMMANDS, Jobs, context, specta_builder};
use rapport_core::session::{KeychainChoice, Session};
use rapport_core::{KeyStore, Keychain, VaultPaths};
use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri_specta::Event as _;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn generated_bindings() -> String {
    let file = tempfile::NamedTempFile::new().unwrap();
    specta_builder::<MockRuntime>()
        .export(specta_typescript::Typescript::default().header("// Generated from the Rust commands by `cargo test --test all ipc_contract` (UPDATE_BINDINGS=1 rewrites it). Do not edit.\n"), file.path())
        .unwrap();
    std::fs::read_to_string(file.path()).unwrap()
}

#[test]
fn typescript_bindings_match_the_rust_commands() {
    let generated = generated_bindings();
    let committed_path = root().join(BINDINGS_PATH);
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&committed_path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
    assert!(
        committed == generated,
        "{BINDINGS_PATH} is out of date with the Rust commands; run `UPDATE_BINDINGS=1 cargo test --test all ipc_contract` and commit it"
    );
}

#[test]
fn command_list_handlers_and_capability_grants_agree() {
    let declared: BTreeSet<String> = COMMANDS.iter().map(|c| c.to_string()).collect();

    // Every command the bindings can invoke has a handler (specta collects from the same macro).
    let bindings = generated_bindings();
    let invoked: BTreeSet<String> = bindings
        .split("__TAURI_INVOKE<")
        .skip(1)
        .map(|rest| rest.split("(\"").nth(1).unwrap().split('"').next().unwrap().to_string())
        .collect();
    assert_eq!(invoked, declared, "build.rs's command list and the handlers differ");

    let capability: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("capabilities/main.json")).unwrap()).unwrap();
    let granted: BTreeSet<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .filter_map(|p| p.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect();
    assert_eq!(granted, declared, "capabilities/main.json does not grant exactly the app's commands");
    assert_eq!(capability["windows"], json!(["main"]));
}

#[test]
fn config_keeps_the_security_baseline() {
    let config: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("tauri.conf.json")).unwrap()).unwrap();
    let security = &config["app"]["security"];
    assert_eq!(config["app"]["withGlobalTauri"], json!(false));
    assert_eq!(security["freezePrototype"], json!(true));
    let csp = security["csp"].as_object().unwrap();
    for directive in ["default-src", "script-src", "style-src", "connect-src"] {
        let value = csp[directive].as_str().unwrap();
        assert!(!value.contains("unsafe"), "{directive} allows {value}");
        assert!(!value.contains('*'), "{directive} allows a wildcard: {value}");
    }
    assert_eq!(csp["connect-src"], json!("ipc: http://ipc.localhost"));
    // No plugin that would hand the webview the file system, a shell or raw SQL.
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    for plugin in ["tauri-plugin-shell", "tauri-plugin-fs", "tauri-plugin-sql"] {
        assert!(!manifest.contains(plugin), "{plugin} must not be a dependency");
    }
}

fn invoke(webview: &tauri::WebviewWindow<MockRuntime>, cmd: &str, body: Value) -> Result<Value, Value> {
    get_ipc_response(
        webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|response| response.deserialize::<Value>().unwrap())
}

#[test]
fn commands_create_unlock_and_store_accounts_on_a_mock_app() {
    // The real context: the real capability file decides what the window may call.
    let dir = tempfile::tempdir().unwrap();
    let keychain: Arc<dyn KeyStore> = Arc::new(Keychain::from_store(keyring_core::sample::Store::new().unwrap()));
    let session = Session::new(VaultPaths::new(dir.path().join("rapport.db")), KeychainChoice::Fixed(keychain));
    let app = mock_builder()
        .manage(session)
        .manage(Arc::new(Jobs::default()))
        .manage(BookWatch::default())
        .invoke_handler(specta_builder::<MockRuntime>().invoke_handler())
        .build(context())
        .unwrap();
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();

    let state = invoke(&webview, "vault_state", json!({})).unwrap();
    assert_eq!(state["lifecycle"], "missing");
    assert_eq!(state["keychain_available"], true);

    let err = invoke(&webview, "account_query", json!({"query": {}})).unwrap_err();
    assert_eq!(err["code"], "locked");

    let err =
        invoke(&webview, "vault_create", json!({"input": {"mode": "passphrase", "passphrase": "short"}})).unwrap_err();
    assert_eq!(err, json!({"code": "validation", "message": "use at least 8 characters", "field": "passphrase"}));

    let created = invoke(&webview, "vault_create", json!({"input": {"mode": "keychain", "passphrase": null}})).unwrap();
    assert_eq!(created["recovery_key"].as_str().unwrap().len(), 47);
    assert_eq!(created["status"]["key_source"], "keychain");

    let account =
        invoke(&webview, "account_create", json!({"input": {"name": "Larkspur Health", "tier": "strategic"}})).unwrap();
    assert_eq!(account["name"], "Larkspur Health");
    let err = invoke(&webview, "account_create", json!({"input": {"name": "", "tier": null}})).unwrap_err();
    assert_eq!(err["field"], "name");

    invoke(&webview, "vault_lock", json!({})).unwrap();
    assert_eq!(invoke(&webview, "vault_state", json!({})).unwrap()["lifecycle"], "locked");
    let err = invoke(&webview, "vault_unlock", json!({"secret": "wrong wrong wrong"})).unwrap_err();
    assert_eq!(err["code"], "wrong_secret");
    invoke(&webview, "vault_unlock_keychain", json!({})).unwrap();
    let page = invoke(&webview, "account_query", json!({"query": {"sort": "name"}})).unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["rows"][0]["name"], "Larkspur Health");
    assert_eq!(page["rows"][0]["flags"], json!(["no_owner", "no_sponsor", "no_ties"]));

    // A bad id or an unknown enum word is refused without touching anything.
    let err = invoke(&webview, "account_view", json!({"id": "nope"})).unwrap_err();
    assert_eq!(err["code"], "not_found");
    let err = invoke(&webview, "trash_delete", json!({"kind": "galaxy", "id": "x"})).unwrap_err();
    assert!(err.to_string().contains("galaxy"), "{err}");

    // Backups: one now; with the database deleted and the vault locked, the
    // default folder still lists it, and restoring it with the keychain's key
    // opens the book again.
    let written = invoke(&webview, "backup_now", json!({})).unwrap();
    assert_eq!(written["reason"], "manual");
    let listed = invoke(&webview, "backup_list", json!({})).unwrap();
    assert_eq!(listed["backups"][0]["name"], written["name"]);
    assert_eq!(listed["is_default"], true);
    assert_eq!(invoke(&webview, "backup_check", json!({"name": written["name"]})).unwrap()["ok"], true);
    invoke(&webview, "vault_lock", json!({})).unwrap();
    std::fs::remove_file(dir.path().join("rapport.db")).unwrap();
    assert_eq!(invoke(&webview, "backup_list", json!({})).unwrap()["backups"].as_array().unwrap().len(), 1);
    let err = invoke(&webview, "backup_restore", json!({"name": "../rapport.db", "secret": null})).unwrap_err();
    assert_eq!(err["field"], "backup");
    let status = invoke(&webview, "backup_restore", json!({"name": written["name"], "secret": null})).unwrap();
    assert_eq!(status["unlocked_by"], "keychain");
    let page = invoke(&webview, "account_query", json!({"query": {"sort": "name"}})).unwrap();
    assert_eq!(page["total"], 1);
}

#[test]
fn writes_tell_the_window_what_changed_and_the_account_keeps_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let keychain: Arc<dyn KeyStore> = Arc::new(Keychain::from_store(keyring_core::sample::Store::new().unwrap()));
    let session = Session::new(VaultPaths::new(dir.path().join("rapport.db")), KeychainChoice::Fixed(keychain));
    let builder = specta_builder::<MockRuntime>();
    let app = mock_builder()
        .manage(session)
        .manage(Arc::new(Jobs::default()))
        .manage(BookWatch::default())
        .invoke_handler(builder.invoke_handler())
        .build(context())
        .unwrap();
    builder.mount_events(&app);
    tauri::Manager::state::<BookWatch>(&app).attach(app.handle().clone());
    let (sent, received) = std::sync::mpsc::channel();
    BookChanged::listen(&app, move |event| sent.send(event.payload).unwrap());
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    let next = || received.recv_timeout(std::time::Duration::from_secs(5)).unwrap();
    let none = || received.recv_timeout(std::time::Duration::from_millis(200)).ok();

    invoke(&webview, "vault_create", json!({"input": {"mode": "keychain", "passphrase": null}})).unwrap();
    invoke(&webview, "settings_update", json!({"settings": {"your_name": "Ines Okafor"}})).unwrap();
    assert_eq!(none(), None, "settings are not part of the book's history");

    let account =
        invoke(&webview, "account_create", json!({"input": {"name": "Larkspur Health", "tier": "strategic"}})).unwrap();
    let id = account["id"].as_str().unwrap().to_string();
    let created = next();
    assert_eq!(created.0.entities, ["account"]);
    assert_eq!(created.0.account_ids, std::slice::from_ref(&id));

    // Reads and refused writes say nothing.
    invoke(&webview, "account_query", json!({"query": {}})).unwrap();
    invoke(&webview, "account_create", json!({"input": {"name": "", "tier": null}})).unwrap_err();
    assert_eq!(none(), None);

    let mut input = json!({"name": "Larkspur Health", "tier": "key"});
    input["industry"] = json!("Healthcare");
    invoke(&webview, "account_update", json!({"id": id, "input": input})).unwrap();
    let updated = next();
    assert_eq!(updated.0.entities, ["account"]);
    assert_eq!(updated.0.account_ids, std::slice::from_ref(&id));
    assert!(updated.0.last_seq > created.0.last_seq, "{created:?} then {updated:?}");

    let history = invoke(&webview, "account_history", json!({"accountId": id})).unwrap();
    let actions: Vec<&str> = history.as_array().unwrap().iter().map(|c| c["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["create", "update"], "{history:#}");
    assert_eq!(history[1]["who"], "Ines Okafor");
    let tier = history[1]["fields"].as_array().unwrap().iter().find(|f| f["field"] == "tier").unwrap();
    assert_eq!((&tier["old"], &tier["new"]), (&json!("strategic"), &json!("key")));

    // After locking and unlocking, only new writes are news.
    invoke(&webview, "vault_lock", json!({})).unwrap();
    invoke(&webview, "vault_unlock_keychain", json!({})).unwrap();
    assert_eq!(none(), None);
    invoke(&webview, "trash_delete", json!({"kind": "account", "id": id})).unwrap();
    assert_eq!(next().0.account_ids, [id]);
}
