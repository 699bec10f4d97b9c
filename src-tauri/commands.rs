// The one list of the app's IPC commands. Included by build.rs (which declares
// them to Tauri's ACL so each is denied unless granted) and by the app (where a
// test checks it against the handlers and the capability file).
pub const COMMANDS: &[&str] = &[
    "vault_state",
    "vault_create",
    "vault_unlock_keychain",
    "vault_unlock",
    "vault_lock",
    "vault_status",
    "account_list",
    "account_create",
    "account_query",
    "account_view",
    "account_update",
    "people_ours",
    "person_create",
    "person_update",
    "connection_create",
    "connection_update",
    "interaction_create",
    "interaction_update",
    "interaction_list",
    "trash_delete",
    "trash_restore",
    "trash_list",
    "trash_empty",
    "search",
];
