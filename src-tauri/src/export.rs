//! Where exported files go and how they are opened. The save dialog and the
//! system viewer are driven from Rust: the webview never names a path to
//! write, and can only ask to open a file this app wrote in this session. So
//! the window holds no dialog, file-system or opener permission at all.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

use rapport_core::Error;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

/// End-to-end tests cannot drive a native save dialog: with this set, exports
/// go straight into that folder under their suggested names.
pub const E2E_EXPORT_DIR: &str = "RAPPORT_E2E_EXPORT_DIR";
/// The same for the backup folder picker.
pub const E2E_BACKUP_DIR: &str = "RAPPORT_E2E_BACKUP_DIR";

/// The two native services exports need, behind a trait so the commands do
/// not depend on the runtime type (and tests can run on the mock runtime).
pub trait Shell: Send + Sync {
    fn save_dialog(&self, name: &str, label: &str, extension: &str) -> tokio::sync::oneshot::Receiver<Option<PathBuf>>;
    fn open_path(&self, path: &Path) -> Result<(), String>;
    fn folder_dialog(&self, title: &str) -> tokio::sync::oneshot::Receiver<Option<PathBuf>>;
}

impl<R: Runtime> Shell for AppHandle<R> {
    fn save_dialog(&self, name: &str, label: &str, extension: &str) -> tokio::sync::oneshot::Receiver<Option<PathBuf>> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let mut dialog = self.dialog().file().set_title("Save as").set_file_name(name).add_filter(label, &[extension]);
        if let Ok(docs) = self.path().document_dir() {
            dialog = dialog.set_directory(docs);
        }
        dialog.save_file(move |picked| {
            let _ = tx.send(picked.and_then(|p| p.into_path().ok()));
        });
        rx
    }

    fn open_path(&self, path: &Path) -> Result<(), String> {
        self.opener().open_path(path.display().to_string(), None::<&str>).map_err(|e| e.to_string())
    }

    fn folder_dialog(&self, title: &str) -> tokio::sync::oneshot::Receiver<Option<PathBuf>> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let mut dialog = self.dialog().file().set_title(title);
        if let Ok(docs) = self.path().document_dir() {
            dialog = dialog.set_directory(docs);
        }
        dialog.pick_folder(move |picked| {
            let _ = tx.send(picked.and_then(|p| p.into_path().ok()));
        });
        rx
    }
}

#[derive(Default)]
pub struct Exports {
    shell: OnceLock<Box<dyn Shell>>,
    written: Mutex<HashSet<PathBuf>>,
    cancel: AtomicBool,
}

impl Exports {
    /// Connects the native services once the app is running.
    pub fn attach(&self, shell: impl Shell + 'static) {
        let _ = self.shell.set(Box::new(shell));
    }

    pub fn remember(&self, path: &Path) {
        self.written.lock().expect("exports lock").insert(path.to_path_buf());
    }

    pub fn was_written(&self, path: &Path) -> bool {
        self.written.lock().expect("exports lock").contains(path)
    }

    /// Asks the running export to stop at its next step.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::SeqCst);
    }

    /// Clears a stale cancel before a new export starts.
    pub fn start(&self) {
        self.cancel.store(false, Ordering::SeqCst);
    }

    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::SeqCst)
    }
}

/// What kind of file is being saved, for the dialog's filter.
#[derive(Clone, Copy)]
pub enum FileKind {
    Pdf,
    Calendar,
}

impl FileKind {
    fn filter(self) -> (&'static str, &'static str) {
        match self {
            Self::Pdf => ("PDF document", "pdf"),
            Self::Calendar => ("Calendar (iCalendar)", "ics"),
        }
    }
}

impl Exports {
    /// The system save dialog, with `suggested` as the file name. `None` when
    /// the user cancels.
    pub async fn choose_path(&self, suggested: &str, kind: FileKind) -> Option<PathBuf> {
        let (label, extension) = kind.filter();
        let name = safe_file_name(suggested, extension);
        if let Some(dir) = std::env::var_os(E2E_EXPORT_DIR) {
            return Some(PathBuf::from(dir).join(name));
        }
        let shell = self.shell.get()?;
        let mut path = shell.save_dialog(&name, label, extension).await.ok().flatten()?;
        // Whatever name was typed, the file is the kind we write: the viewer
        // must never be handed "brief.command" or "brief.pdf.exe".
        if path.extension().and_then(|e| e.to_str()).is_none_or(|e| !e.eq_ignore_ascii_case(extension)) {
            let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
            name.push(format!(".{extension}"));
            path.set_file_name(name);
        }
        Some(path)
    }

    /// The system's folder picker (for the backup folder). `None` when the
    /// user cancels. End-to-end tests name the folder in `RAPPORT_E2E_BACKUP_DIR`.
    pub async fn choose_folder(&self, title: &str) -> Option<PathBuf> {
        if let Some(dir) = std::env::var_os(E2E_BACKUP_DIR) {
            return Some(PathBuf::from(dir));
        }
        let shell = self.shell.get()?;
        shell.folder_dialog(title).await.ok().flatten()
    }

    /// Opens a file this app exported in the system's viewer for its type.
    pub fn open(&self, path: &Path) -> Result<(), Error> {
        if !self.was_written(path) {
            return Err(Error::validation(
                "path",
                "only files Rapport exported in this session can be opened from here",
            ));
        }
        let shell = self.shell.get().ok_or_else(|| Error::Internal("the app is still starting".into()))?;
        shell.open_path(path).map_err(|e| Error::Internal(format!("could not open {}: {e}", path.display())))
    }
}

/// A file name from a title: no path separators or control characters, not
/// too long, with the extension.
pub fn safe_file_name(stem: &str, extension: &str) -> String {
    let cleaned: String = stem.chars().map(|c| if unsafe_in_name(c) { ' ' } else { c }).collect();
    // Words of dots only ("..") would make a relative path or a hidden file.
    let words: Vec<&str> = cleaned.split_whitespace().filter(|w| !w.chars().all(|c| c == '.')).collect();
    let mut name: String = words.join(" ").trim_matches('.').chars().take(80).collect();
    if name.trim().is_empty() {
        name = "Rapport export".into();
    }
    format!("{}.{extension}", name.trim())
}

/// Path separators, characters some systems refuse, controls, and invisible
/// direction or zero-width marks that would disguise the name.
fn unsafe_in_name(c: char) -> bool {
    c.is_control()
        || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '\u{feff}' | '\u{061c}')
        || ('\u{200b}'..='\u{200f}').contains(&c)
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe() {
        assert_eq!(safe_file_name("Brief: Nordlys / Q3 review", "pdf"), "Brief Nordlys Q3 review.pdf");
        assert_eq!(safe_file_name("../../etc/passwd", "pdf"), "etc passwd.pdf");
        assert_eq!(safe_file_name("  \u{202e}\n", "ics"), "Rapport export.ics");
        assert_eq!(safe_file_name("invoice\u{202e}fdp.exe", "pdf"), "invoice fdp.exe.pdf");
        assert!(safe_file_name(&"x".repeat(500), "pdf").len() <= 84);
    }
}
