//! The app's log file, written by the app's own logging setup while the real
//! commands run on a mock app with a canary in everything the user types:
//! the file records what happened (events, error codes, a panic's place) and
//! never the user's text, a passphrase, the recovery key or the data key.
//!
//! Its own process: the logging setup is process-wide.

use std::sync::Arc;

use keyring_core::api::CredentialStoreApi;
use rapport_app::{BookWatch, Jobs, context, logging, specta_builder};
use rapport_core::session::{KeychainChoice, Session};
use rapport_core::{KeyStore, Keychain, VaultPaths};
use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;

const CANARY: &str = "Quillfeather";
const PASSPHRASE: &str = "Quillfeather harbour lanterns";

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
fn the_log_file_holds_events_and_codes_but_no_user_text_or_key() {
    if !crate::in_own_process("log_file::the_log_file_holds_events_and_codes_but_no_user_text_or_key") {
        return;
    }
    let logs = tempfile::tempdir().unwrap();
    logging::init();
    let log_path = logging::attach_file(logs.path()).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let store = keyring_core::sample::Store::new().unwrap();
    let keychain: Arc<dyn KeyStore> = Arc::new(Keychain::from_store(store.clone()));
    let session = Session::new(VaultPaths::new(dir.path().join("rapport.db")), KeychainChoice::Fixed(keychain));
    let app = mock_builder()
        .manage(session)
        .manage(Arc::new(Jobs::default()))
        .manage(BookWatch::default())
        .invoke_handler(specta_builder::<MockRuntime>().invoke_handler())
        .build(context())
        .unwrap();
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();

    let created =
        invoke(&webview, "vault_create", json!({"input": {"mode": "keychain", "passphrase": PASSPHRASE}})).unwrap();
    let recovery = created["recovery_key"].as_str().unwrap().to_string();
    let vault_id = created["status"]["vault_id"].as_str().unwrap().to_string();

    let account = invoke(
        &webview,
        "account_create",
        json!({"input": {"name": format!("{CANARY} Shipping"), "tier": "strategic"}}),
    )
    .unwrap();
    let id = account["id"].as_str().unwrap();
    // Refused input that quotes the user's text in its message.
    let refused =
        invoke(&webview, "account_create", json!({"input": {"name": format!("{CANARY} Shipping"), "tier": null}}))
            .unwrap_err();
    assert!(refused["message"].is_string(), "{refused}");
    invoke(&webview, "search", json!({"text": CANARY})).unwrap();
    invoke(&webview, "account_view", json!({"id": id})).unwrap();
    invoke(&webview, "vault_lock", json!({})).unwrap();
    let wrong = invoke(&webview, "vault_unlock", json!({"secret": format!("{CANARY} not it")})).unwrap_err();
    assert_eq!(wrong["code"], "wrong_secret");
    invoke(&webview, "vault_unlock", json!({"secret": PASSPHRASE})).unwrap();
    invoke(&webview, "vault_lock", json!({})).unwrap();

    // Panics: one with a fixed message, one whose message carries user text.
    let fixed = std::thread::spawn(|| panic!("a fixed panic message")).join();
    assert!(fixed.is_err());
    let formatted = std::thread::spawn(|| panic!("could not file {CANARY} under {PASSPHRASE}")).join();
    assert!(formatted.is_err());

    let raw_key = store.build("Rapport", &format!("vault-{vault_id}"), None).unwrap().get_secret().unwrap();
    let key_hex: String = raw_key.iter().map(|b| format!("{b:02x}")).collect();
    let log = std::fs::read_to_string(&log_path).unwrap();

    // It is the log of what happened…
    assert!(log.contains("command refused"), "no refusal logged:\n{log}");
    assert!(log.contains("WrongSecret"), "no wrong-secret code logged:\n{log}");
    assert!(log.contains("panic: a fixed panic message"), "no panic logged:\n{log}");
    assert!(log.contains("location=tests/all/log_file.rs:"), "no panic location logged:\n{log}");
    assert!(log.contains("<message withheld,"), "the formatted panic was not logged:\n{log}");
    // …without what the user typed or any secret.
    for (what, secret) in [
        ("user text", CANARY.to_string()),
        ("user text (lower case)", CANARY.to_lowercase()),
        ("passphrase", PASSPHRASE.to_string()),
        ("recovery key", recovery.clone()),
        ("recovery key without dashes", recovery.replace('-', "")),
        ("data key (lower hex)", key_hex.clone()),
        ("data key (upper hex)", key_hex.to_uppercase()),
        ("PRAGMA key", "PRAGMA key".to_string()),
    ] {
        assert!(!log.contains(&secret), "the {what} reached the log file:\n{log}");
    }
}
