//! The desktop shell: a Tauri window around `rapport_core`. This crate wires
//! commands, state and the window; everything else lives in the core.

mod clock;
mod commands;
mod error;
mod export;
mod jobs;
pub use jobs::Jobs;

use rapport_core::VaultPaths;
use rapport_core::session::{KeychainChoice, Session};
use tauri_specta::{Builder, ErrorHandlingMode, collect_commands};

include!("../commands.rs");

/// The typed command set; also exports the TypeScript bindings (see the test in
/// `tests/ipc_contract.rs`).
pub fn specta_builder<R: tauri::Runtime>() -> Builder<R> {
    Builder::<R>::new().error_handling(ErrorHandlingMode::Throw).disable_serde_phases().commands(collect_commands![
        commands::vault_state,
        commands::vault_create,
        commands::vault_unlock_keychain,
        commands::vault_unlock,
        commands::vault_lock,
        commands::vault_status,
        commands::account_create,
        commands::account_query,
        commands::account_view,
        commands::account_update,
        commands::people_ours,
        commands::person_create,
        commands::person_update,
        commands::connection_create,
        commands::connection_update,
        commands::interaction_create,
        commands::interaction_update,
        commands::interaction_list,
        commands::trash_delete,
        commands::trash_restore,
        commands::trash_list,
        commands::trash_empty,
        commands::search,
        commands::import_preview,
        commands::import_commit,
        commands::demo_load,
        commands::meeting_create,
        commands::meeting_update,
        commands::meeting_list,
        commands::meeting_view,
        commands::meeting_act,
        commands::meeting_trips,
        commands::settings_get,
        commands::settings_update,
        commands::brief_preview,
        commands::brief_export,
        commands::pack_export,
        commands::export_cancel,
        commands::calendar_export,
        commands::portfolio_export,
        commands::annual_review_export,
        commands::touchpoints_export,
        commands::export_open,
        commands::blueprint_list,
        commands::blueprint_create,
        commands::blueprint_view,
        commands::blueprint_apply,
        commands::blueprint_save_draft,
        commands::blueprint_compare,
        commands::blueprint_export,
        commands::today_view,
        commands::portfolio_view,
        commands::portfolio_score,
        commands::account_care,
        commands::account_set_cadence,
        commands::ownership_answer,
        commands::feedback_list,
        commands::feedback_get,
        commands::feedback_create,
        commands::feedback_update,
        commands::feedback_act,
        commands::feedback_thank,
        commands::feedback_history,
        commands::story_list,
        commands::story_create,
        commands::story_update,
        commands::story_departments,
        commands::backup_list,
        commands::backup_now,
        commands::backup_auto,
        commands::backup_check,
        commands::backup_restore,
        commands::backup_folder_choose,
        commands::backup_folder_reset,
    ])
}

/// The app's context (config, embedded UI, ACL) for any runtime, so tests can
/// run the real capability checks on a mock runtime.
pub fn context<R: tauri::Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

pub const BINDINGS_PATH: &str = "ui/src/ipc/bindings.ts";

pub fn run() -> anyhow::Result<()> {
    init_logging();
    let paths = VaultPaths::default_location()?;
    let builder = specta_builder::<tauri::Wry>();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::Builder::new().open_js_links_on_click(false).build())
        .manage(Session::new(paths, KeychainChoice::System))
        .manage(std::sync::Arc::new(export::Exports::default()))
        .manage(std::sync::Arc::new(Jobs::default()))
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            tauri::Manager::state::<std::sync::Arc<export::Exports>>(app).attach(app.handle().clone());
            Ok(())
        })
        .build(context())?
        .run(|handle, event| {
            if let tauri::RunEvent::Exit = event {
                // Close the pool cleanly so the WAL is checkpointed and the key
                // dropped; a background job stops after its current batch first.
                tauri::Manager::state::<std::sync::Arc<Jobs>>(handle).stop();
                let session = tauri::Manager::state::<Session>(handle);
                tauri::async_runtime::block_on(session.lock());
            }
        });
    Ok(())
}

/// Logs go to stderr only, at INFO unless `RUST_LOG` says otherwise. Nothing the
/// user typed and no key is ever logged (sqlx statement logging is off in the core).
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}
