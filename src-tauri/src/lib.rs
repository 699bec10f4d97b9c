//! The desktop shell: a Tauri window around `rapport_core`. This crate wires
//! commands, state and the window; everything else lives in the core.

mod book_changed;
mod clock;
mod commands;
mod error;
mod export;
mod jobs;
pub mod logging;
pub mod menu;
pub use book_changed::{BookChanged, BookWatch};
mod vocabularies;
pub use jobs::Jobs;

use rapport_core::VaultPaths;
use rapport_core::session::{KeychainChoice, Session};
use tauri_specta::{Builder, ErrorHandlingMode, collect_commands, collect_events};

include!("../commands.rs");

/// The typed command set; also exports the TypeScript bindings (see the test in
/// `tests/all/ipc_contract.rs`).
pub fn specta_builder<R: tauri::Runtime>() -> Builder<R> {
    vocabularies::constants(Builder::<R>::new())
        .error_handling(ErrorHandlingMode::Throw)
        .disable_serde_phases()
        .commands(collect_commands![
            commands::vault::vault_state,
            commands::vault::vault_create,
            commands::vault::vault_unlock_keychain,
            commands::vault::vault_unlock,
            commands::vault::vault_lock,
            commands::vault::vault_status,
            commands::accounts::account_create,
            commands::accounts::account_query,
            commands::accounts::account_view,
            commands::accounts::account_update,
            commands::accounts::account_history,
            commands::people::people_ours,
            commands::people::person_create,
            commands::people::person_update,
            commands::people::person_move,
            commands::people::person_history,
            commands::people::account_moves,
            commands::people::connection_create,
            commands::people::connection_update,
            commands::accounts::interaction_create,
            commands::accounts::interaction_update,
            commands::accounts::interaction_list,
            commands::trash::trash_delete,
            commands::trash::trash_restore,
            commands::trash::trash_list,
            commands::trash::trash_empty,
            commands::accounts::search,
            commands::imports::import_preview,
            commands::imports::import_commit,
            commands::imports::demo_load,
            commands::meetings::meeting_create,
            commands::meetings::meeting_update,
            commands::meetings::meeting_list,
            commands::meetings::meeting_view,
            commands::meetings::meeting_act,
            commands::meetings::meeting_trips,
            commands::vault::settings_get,
            commands::vault::settings_update,
            commands::reports::export_audience_get,
            commands::reports::brief_preview,
            commands::reports::brief_export,
            commands::reports::pack_export,
            commands::reports::export_cancel,
            commands::reports::calendar_export,
            commands::reports::portfolio_export,
            commands::reports::annual_review_export,
            commands::reports::touchpoints_export,
            commands::reports::export_open,
            commands::blueprints::blueprint_list,
            commands::blueprints::blueprint_create,
            commands::blueprints::blueprint_view,
            commands::blueprints::blueprint_apply,
            commands::blueprints::blueprint_save_draft,
            commands::blueprints::blueprint_compare,
            commands::blueprints::blueprint_export,
            commands::vault::clock_now,
            commands::care::today_view,
            commands::care::portfolio_view,
            commands::care::portfolio_score,
            commands::care::account_care,
            commands::care::account_set_cadence,
            commands::care::ownership_answer,
            commands::care::feedback_list,
            commands::care::feedback_get,
            commands::care::feedback_create,
            commands::care::feedback_update,
            commands::care::feedback_act,
            commands::care::feedback_thank,
            commands::care::feedback_history,
            commands::care::story_list,
            commands::care::story_create,
            commands::care::story_update,
            commands::care::story_departments,
            commands::commitments::commitment_list,
            commands::commitments::commitment_create,
            commands::commitments::commitment_create_many,
            commands::commitments::commitment_update,
            commands::commitments::commitment_settle,
            commands::commitments::commitment_remove,
            commands::backups::backup_list,
            commands::backups::backup_now,
            commands::backups::backup_auto,
            commands::backups::backup_check,
            commands::backups::backup_restore,
            commands::backups::backup_folder_choose,
            commands::backups::backup_folder_reset,
        ])
        .events(collect_events![BookChanged])
}

/// The app's context (config, embedded UI, ACL) for any runtime, so tests can
/// run the real capability checks on a mock runtime.
pub fn context<R: tauri::Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

pub const BINDINGS_PATH: &str = "ui/src/ipc/bindings.ts";

/// What the window-state plugin remembers: size, position, maximised,
/// full screen (not visibility or decorations, which the app decides).
fn window_state_flags() -> tauri_plugin_window_state::StateFlags {
    use tauri_plugin_window_state::StateFlags;
    StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED | StateFlags::FULLSCREEN
}

/// The name a running instance holds (on Linux, a D-Bus name) so a second
/// launch on the same vault focuses it instead of opening the vault twice.
/// It is per vault file: instances on different vaults (`RAPPORT_DB`) do not
/// meet, which also keeps end-to-end tests with their own data apart.
pub fn instance_id(identifier: &str, db: &std::path::Path) -> String {
    let absolute = std::path::absolute(db).unwrap_or_else(|_| db.to_path_buf());
    // FNV-1a: stable across builds and platforms, unlike std's hasher.
    let hash = absolute
        .to_string_lossy()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("{identifier}.vault_{hash:016x}")
}

pub fn run() -> anyhow::Result<()> {
    logging::init();
    let paths = VaultPaths::default_location()?;
    let context = context();
    let instance = instance_id(&context.config().identifier, &paths.db);
    let builder = specta_builder::<tauri::Wry>();
    tauri::Builder::default()
        // First, so a second launch hands over before anything else starts.
        .plugin(
            tauri_plugin_single_instance::Builder::new()
                .dbus_id(instance)
                .callback(|app, _args, _cwd| {
                    tracing::info!("a second launch on this vault: focusing the window");
                    if let Some(window) = tauri::Manager::get_webview_window(app, "main") {
                        let _ = window.unminimize();
                        let _ = window.show();
                        let _ = window.set_focus();
                    }
                })
                .build(),
        )
        .plugin(tauri_plugin_window_state::Builder::new().with_state_flags(window_state_flags()).build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::Builder::new().open_js_links_on_click(false).build())
        .manage(Session::new(paths, KeychainChoice::System))
        .manage(std::sync::Arc::new(export::Exports::default()))
        .manage(std::sync::Arc::new(Jobs::default()))
        .manage(BookWatch::default())
        .manage(menu::Zoom::default())
        .menu(menu::build)
        .on_menu_event(menu::on_event)
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            tauri::Manager::state::<std::sync::Arc<export::Exports>>(app).attach(app.handle().clone());
            tauri::Manager::state::<BookWatch>(app).attach(app.handle().clone());
            match tauri::Manager::path(app).app_log_dir() {
                Ok(dir) => {
                    if let Err(e) = logging::attach_file(&dir) {
                        tracing::warn!(error = %e.kind(), "no log file");
                    }
                }
                Err(e) => tracing::warn!("no log directory: {e}"),
            }
            tracing::info!(version = env!("CARGO_PKG_VERSION"), "started");
            menu::restore_zoom(app.handle());
            // The plugin saves at exit only; a process that is ended rather than
            // exits (a crash, a killed session, a test driver) would lose the
            // window's place. So it is also saved on close and half a second
            // after the last move or resize.
            if let Some(window) = tauri::Manager::get_webview_window(app, "main") {
                let handle = app.handle().clone();
                let generation = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
                window.on_window_event(move |event| {
                    use std::sync::atomic::Ordering;
                    use tauri_plugin_window_state::AppHandleExt;
                    match event {
                        tauri::WindowEvent::CloseRequested { .. } => {
                            let _ = handle.save_window_state(window_state_flags());
                        }
                        tauri::WindowEvent::Moved(_) | tauri::WindowEvent::Resized(_) => {
                            let mine = generation.fetch_add(1, Ordering::SeqCst) + 1;
                            let (handle, generation) = (handle.clone(), generation.clone());
                            tauri::async_runtime::spawn(async move {
                                tokio::time::sleep(std::time::Duration::from_millis(500)).await;
                                if generation.load(Ordering::SeqCst) == mine {
                                    let _ = handle.save_window_state(window_state_flags());
                                }
                            });
                        }
                        _ => {}
                    }
                });
            }
            Ok(())
        })
        .build(context)?
        .run(|handle, event| {
            if let tauri::RunEvent::Exit = event {
                tracing::info!("exiting: locking the vault");
                // Close the pool cleanly so the WAL is checkpointed and the key
                // dropped; a background job stops after its current batch first.
                tauri::Manager::state::<std::sync::Arc<Jobs>>(handle).stop();
                let session = tauri::Manager::state::<Session>(handle);
                tauri::async_runtime::block_on(session.lock());
            }
        });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::instance_id;
    use std::path::Path;

    #[test]
    fn one_instance_name_per_vault_file_and_a_valid_dbus_name() {
        let a = instance_id("app.rapport.desktop", Path::new("/home/ines/.local/share/rapport/rapport.db"));
        let b = instance_id("app.rapport.desktop", Path::new("/tmp/rapport-e2e-x1/rapport.db"));
        assert_eq!(a, instance_id("app.rapport.desktop", Path::new("/home/ines/.local/share/rapport/rapport.db")));
        assert_ne!(a, b);
        // D-Bus: elements of [A-Za-z0-9_-], none starting with a digit, 255 bytes at most.
        for name in [&a, &b] {
            assert!(name.len() < 200, "{name}");
            for element in name.split('.') {
                assert!(!element.is_empty() && !element.starts_with(|c: char| c.is_ascii_digit()), "{name}");
                assert!(element.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'), "{name}");
            }
        }
    }
}
