include!("commands.rs");

fn main() {
    // Every app command gets an `allow-<name>` permission and nothing is allowed
    // by default: a capability file must grant each one to a window.
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
