//! The native menu bar, and the zoom level it sets (remembered across starts).
//!
//! Items that need the UI (Lock, Keyboard shortcuts) are sent to it as a
//! [`MENU_EVENT`] event carrying the item's id; the UI listens in
//! `ui/src/ipc/window.ts`. The rest happens here: Quit, zoom, About, and on
//! Linux the Edit items.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tauri::menu::{
    AboutMetadataBuilder, Menu, MenuBuilder, MenuEvent, MenuItemBuilder, PredefinedMenuItem, SubmenuBuilder,
};
use tauri::{AppHandle, Emitter, Manager, Runtime};

/// The event the UI listens to; its payload is one of [`UI_ITEMS`].
pub const MENU_EVENT: &str = "menu";
/// Menu items the UI carries out.
pub const UI_ITEMS: [&str; 2] = [LOCK, SHORTCUTS];
pub const LOCK: &str = "lock";
pub const SHORTCUTS: &str = "shortcuts";
const QUIT: &str = "quit";
const ZOOM_IN: &str = "zoom-in";
const ZOOM_OUT: &str = "zoom-out";
const ZOOM_RESET: &str = "zoom-reset";
/// On Linux, GTK gives predefined Edit items no action (and none at all for
/// Undo/Redo), so these are our own items running WebKit's editing commands.
#[cfg(target_os = "linux")]
const EDIT: [(&str, &str, &str); 6] = [
    ("edit-undo", "Undo", "Undo"),
    ("edit-redo", "Redo", "Redo"),
    ("edit-cut", "Cut", "Cut"),
    ("edit-copy", "Copy", "Copy"),
    ("edit-paste", "Paste", "Paste"),
    ("edit-select-all", "Select All", "SelectAll"),
];

/// Zoom steps, as browsers offer them.
pub const ZOOM_STEPS: [f64; 11] = [0.5, 0.67, 0.75, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0];

/// The next step up (`+1`) or down (`-1`) from `current`; the ends stay put.
pub fn step_zoom(current: f64, direction: i8) -> f64 {
    if direction > 0 {
        ZOOM_STEPS.iter().copied().find(|s| *s > current + 1e-6).unwrap_or(ZOOM_STEPS[ZOOM_STEPS.len() - 1])
    } else {
        ZOOM_STEPS.iter().rev().copied().find(|s| *s < current - 1e-6).unwrap_or(ZOOM_STEPS[0])
    }
}

/// What the View menu remembers, in `view.json` in the app's config directory.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ViewSettings {
    pub zoom: f64,
}

impl Default for ViewSettings {
    fn default() -> Self {
        Self { zoom: 1.0 }
    }
}

impl ViewSettings {
    pub fn path(config_dir: &Path) -> PathBuf {
        config_dir.join("view.json")
    }

    /// The saved settings; a missing, unreadable or out-of-range file gives the defaults.
    pub fn load(config_dir: &Path) -> Self {
        std::fs::read(Self::path(config_dir))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Self>(&bytes).ok())
            .filter(|v| v.zoom.is_finite() && (ZOOM_STEPS[0]..=ZOOM_STEPS[ZOOM_STEPS.len() - 1]).contains(&v.zoom))
            .unwrap_or_default()
    }

    pub fn save(&self, config_dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(config_dir)?;
        let tmp = config_dir.join("view.json.tmp");
        std::fs::write(&tmp, serde_json::to_vec(self)?)?;
        std::fs::rename(tmp, Self::path(config_dir))
    }
}

/// The zoom level in use, so the menu can step from it.
#[derive(Default)]
pub struct Zoom(std::sync::Mutex<f64>);

pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let package = app.package_info();
    let about = AboutMetadataBuilder::new()
        .name(Some(package.name.clone()))
        .version(Some(package.version.to_string()))
        .comments(Some("Executive relationship planning, kept in an encrypted local vault."))
        .icon(app.default_window_icon().cloned())
        .build();

    let file = SubmenuBuilder::new(app, "File")
        .item(&MenuItemBuilder::with_id(LOCK, "Lock").accelerator("CmdOrCtrl+L").build(app)?)
        .separator()
        .item(&MenuItemBuilder::with_id(QUIT, "Quit").accelerator("CmdOrCtrl+Q").build(app)?)
        .build()?;

    let edit = edit_menu(app)?;

    let view = SubmenuBuilder::new(app, "View")
        .item(&MenuItemBuilder::with_id(ZOOM_IN, "Zoom In").accelerator("CmdOrCtrl+=").build(app)?)
        .item(&MenuItemBuilder::with_id(ZOOM_OUT, "Zoom Out").accelerator("CmdOrCtrl+-").build(app)?)
        .item(&MenuItemBuilder::with_id(ZOOM_RESET, "Actual Size").accelerator("CmdOrCtrl+0").build(app)?)
        .build()?;

    let help = SubmenuBuilder::new(app, "Help")
        .item(&MenuItemBuilder::with_id(SHORTCUTS, "Keyboard Shortcuts").accelerator("F1").build(app)?)
        .separator()
        .item(&PredefinedMenuItem::about(app, Some("About Rapport"), Some(about))?)
        .build()?;

    MenuBuilder::new(app).items(&[&file, &edit, &view, &help]).build()
}

#[cfg(target_os = "linux")]
fn edit_menu<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<tauri::menu::Submenu<R>> {
    // No accelerators: the webview already handles Ctrl+Z/C/V…, and the UI's own
    // Ctrl+Z (undo a deletion from its toast) must still reach it.
    let mut edit = SubmenuBuilder::new(app, "Edit");
    for (n, (id, label, _)) in EDIT.iter().enumerate() {
        if n == 2 {
            edit = edit.separator();
        }
        edit = edit.item(&MenuItemBuilder::with_id(*id, *label).build(app)?);
    }
    edit.build()
}

#[cfg(not(target_os = "linux"))]
fn edit_menu<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<tauri::menu::Submenu<R>> {
    SubmenuBuilder::new(app, "Edit").undo().redo().separator().cut().copy().paste().select_all().build()
}

/// Applies the saved zoom to the main window (at start).
pub fn restore_zoom<R: Runtime>(app: &AppHandle<R>) {
    let Ok(dir) = app.path().app_config_dir() else { return };
    let zoom = ViewSettings::load(&dir).zoom;
    set_zoom(app, zoom, false);
}

fn set_zoom<R: Runtime>(app: &AppHandle<R>, zoom: f64, save: bool) {
    if let Some(state) = app.try_state::<Zoom>() {
        *state.0.lock().unwrap_or_else(|p| p.into_inner()) = zoom;
    }
    if let Some(window) = app.get_webview_window("main")
        && let Err(e) = window.set_zoom(zoom)
    {
        tracing::warn!("could not set the zoom: {e}");
        return;
    }
    tracing::info!(zoom, "zoom set");
    if save
        && let Ok(dir) = app.path().app_config_dir()
        && let Err(e) = (ViewSettings { zoom }).save(&dir)
    {
        tracing::warn!(error = %e.kind(), "could not save the zoom");
    }
}

pub fn on_event<R: Runtime>(app: &AppHandle<R>, event: MenuEvent) {
    let id = event.id().as_ref();
    tracing::info!(item = id, "menu");
    match id {
        QUIT => app.exit(0),
        ZOOM_IN | ZOOM_OUT | ZOOM_RESET => {
            let current = app.try_state::<Zoom>().map_or(1.0, |z| *z.0.lock().unwrap_or_else(|p| p.into_inner()));
            let next = match id {
                ZOOM_IN => step_zoom(current, 1),
                ZOOM_OUT => step_zoom(current, -1),
                _ => 1.0,
            };
            set_zoom(app, next, true);
        }
        _ if UI_ITEMS.contains(&id) => {
            // To every listener: the UI listens without naming a target, and an
            // event sent to the "main" label would not reach such a listener.
            if let Err(e) = app.emit(MENU_EVENT, id) {
                tracing::warn!("could not send a menu item to the window: {e}");
            }
        }
        #[cfg(target_os = "linux")]
        _ => {
            if let Some((_, _, command)) = EDIT.iter().find(|(item, _, _)| *item == id)
                && let Some(window) = app.get_webview_window("main")
            {
                let command = *command;
                let _ = window.with_webview(move |webview| {
                    use webkit2gtk::WebViewExt;
                    webview.inner().execute_editing_command(command);
                });
            }
        }
        #[cfg(not(target_os = "linux"))]
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_steps_up_and_down_and_stops_at_the_ends() {
        assert_eq!(step_zoom(1.0, 1), 1.1);
        assert_eq!(step_zoom(1.0, -1), 0.9);
        assert_eq!(step_zoom(2.0, 1), 2.0);
        assert_eq!(step_zoom(0.5, -1), 0.5);
        // A level between steps (a hand-edited file) goes to the neighbouring step.
        assert_eq!(step_zoom(1.05, 1), 1.1);
        assert_eq!(step_zoom(1.05, -1), 1.0);
    }

    #[test]
    fn the_zoom_is_remembered_and_a_bad_file_gives_the_default() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(ViewSettings::load(dir.path()), ViewSettings::default());
        ViewSettings { zoom: 1.25 }.save(dir.path()).unwrap();
        assert_eq!(ViewSettings::load(dir.path()).zoom, 1.25);
        std::fs::write(ViewSettings::path(dir.path()), br#"{"zoom": 40}"#).unwrap();
        assert_eq!(ViewSettings::load(dir.path()).zoom, 1.0);
        std::fs::write(ViewSettings::path(dir.path()), b"not json").unwrap();
        assert_eq!(ViewSettings::load(dir.path()).zoom, 1.0);
    }
}
