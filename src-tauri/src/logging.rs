//! The app's log: stderr (filtered by `RUST_LOG`, INFO by default) and a file
//! in the app's data directory, rotated by size so it never grows past
//! [`MAX_FILES`] × [`MAX_BYTES`].
//!
//! What goes in: events, ids, counts, error codes. What never does: anything the
//! user typed, a key, a passphrase, an error's message (it may quote input or a
//! file name). The file's filter is fixed — our crates at INFO, everything else
//! at WARN — so `RUST_LOG=trace` cannot pour a dependency's tracing into it;
//! `tests/log_file.rs` drives the app and checks the file holds no user text or key.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

/// The current file's name; older ones are `rapport.log.1` (newest) to `.4`.
pub const FILE_NAME: &str = "rapport.log";
/// A file is rotated before it would grow past this.
pub const MAX_BYTES: u64 = 1024 * 1024;
/// The current file and the rotated ones, in all.
pub const MAX_FILES: usize = 5;

/// What the file keeps: our own crates at INFO, the rest at WARN.
const FILE_FILTER: &str = "warn,rapport_app=info,rapport_core=info";

/// A size-rotated log file: `rapport.log`, then `rapport.log.1` … `.{keep-1}`.
pub struct RotatingFile {
    dir: PathBuf,
    max_bytes: u64,
    keep: usize,
    file: File,
    written: u64,
}

impl RotatingFile {
    pub fn open(dir: &Path, max_bytes: u64, keep: usize) -> io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let file = open_private(&dir.join(FILE_NAME))?;
        let written = file.metadata()?.len();
        Ok(Self { dir: dir.to_path_buf(), max_bytes, keep: keep.max(1), file, written })
    }

    fn path(&self, n: usize) -> PathBuf {
        if n == 0 { self.dir.join(FILE_NAME) } else { self.dir.join(format!("{FILE_NAME}.{n}")) }
    }

    /// `.{keep-2}` → `.{keep-1}` … current → `.1`, then a fresh current file.
    fn rotate(&mut self) -> io::Result<()> {
        self.file.flush()?;
        let _ = std::fs::remove_file(self.path(self.keep - 1));
        for n in (0..self.keep - 1).rev() {
            let from = self.path(n);
            if from.exists() {
                std::fs::rename(&from, self.path(n + 1))?;
            }
        }
        self.file = open_private(&self.path(0))?;
        self.written = 0;
        Ok(())
    }
}

impl Write for RotatingFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // One formatted event arrives as one write: it is never split across files.
        if self.written > 0 && self.written + buf.len() as u64 > self.max_bytes {
            self.rotate()?;
        }
        self.file.write_all(buf)?;
        self.written += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Owner-only on Unix: the log says when the vault was used, which is nobody else's business.
fn open_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Where file events go: nowhere until [`attach_file`] names the directory
/// (the app's data directory is known only once Tauri has started).
#[derive(Clone, Default)]
struct FileSink(Arc<Mutex<Option<RotatingFile>>>);

impl Write for FileSink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.0.lock() {
            Ok(mut guard) => match guard.as_mut() {
                Some(file) => file.write(buf),
                None => Ok(buf.len()),
            },
            // A panic while logging must not silence the log for good, nor panic again.
            Err(poisoned) => match poisoned.into_inner().as_mut() {
                Some(file) => file.write(buf),
                None => Ok(buf.len()),
            },
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.0.lock() {
            Ok(mut guard) => guard.as_mut().map_or(Ok(()), Write::flush),
            Err(_) => Ok(()),
        }
    }
}

impl<'a> MakeWriter<'a> for FileSink {
    type Writer = FileSink;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

static SINK: OnceLock<FileSink> = OnceLock::new();

/// Installs the global subscriber (stderr + the file sink) and the panic hook.
/// A second call does nothing.
pub fn init() {
    let sink = SINK.get_or_init(FileSink::default).clone();
    let stderr_filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let stderr = tracing_subscriber::fmt::layer().with_writer(io::stderr).with_filter(stderr_filter);
    let file =
        tracing_subscriber::fmt::layer().with_ansi(false).with_writer(sink).with_filter(EnvFilter::new(FILE_FILTER));
    if tracing_subscriber::registry().with(stderr).with(file).try_init().is_ok() {
        install_panic_hook();
    }
}

/// Starts writing the log file in `dir` (created if missing). Returns the file's path.
pub fn attach_file(dir: &Path) -> io::Result<PathBuf> {
    let file = RotatingFile::open(dir, MAX_BYTES, MAX_FILES)?;
    let sink = SINK.get_or_init(FileSink::default);
    let mut guard = sink.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    *guard = Some(file);
    Ok(dir.join(FILE_NAME))
}

/// A panic is logged with where it happened. Its message is kept only when it
/// is a fixed string from the code (`panic!("literal")`); a formatted message
/// (`unwrap` on an error, `panic!("{x}")`) may carry user text or a key, so
/// only its length is logged.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let location = info.location().map_or_else(|| "unknown".to_string(), |l| format!("{}:{}", l.file(), l.line()));
        let thread = std::thread::current().name().unwrap_or("unnamed").to_string();
        let message = panic_summary(info.payload());
        tracing::error!(target: "rapport_app::panic", %location, %thread, "panic: {message}");
        // The standard hook prints the full message to stderr: fine while developing,
        // but a release build's stderr can end up in the system journal.
        if cfg!(debug_assertions) {
            previous(info);
        }
    }));
}

fn panic_summary(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&'static str>() {
        (*text).to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        format!("<message withheld, {} bytes>", text.len())
    } else {
        "<no message>".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(dir: &Path) -> Vec<(String, u64)> {
        let mut found: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (e.file_name().to_string_lossy().into_owned(), e.metadata().unwrap().len())
            })
            .collect();
        found.sort();
        found
    }

    #[test]
    fn rotates_by_size_and_keeps_at_most_the_configured_files() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = RotatingFile::open(dir.path(), 100, 3).unwrap();
        for n in 0..40 {
            log.write_all(format!("event {n:02} ........\n").as_bytes()).unwrap();
        }
        log.flush().unwrap();
        let found = files(dir.path());
        let names: Vec<_> = found.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["rapport.log", "rapport.log.1", "rapport.log.2"]);
        assert!(found.iter().all(|(_, len)| *len <= 100), "{found:?}");
        // The newest event is in the current file, the one before the rotation in `.1`.
        let current = std::fs::read_to_string(dir.path().join("rapport.log")).unwrap();
        assert!(current.ends_with("event 39 ........\n"), "{current}");
        let older = std::fs::read_to_string(dir.path().join("rapport.log.1")).unwrap();
        let first_current: u32 = current[6..8].parse().unwrap();
        assert!(older.contains(&format!("event {:02}", first_current - 1)), "{older}");
    }

    #[test]
    fn reopening_appends_and_counts_what_is_there() {
        let dir = tempfile::tempdir().unwrap();
        {
            let mut log = RotatingFile::open(dir.path(), 50, 2).unwrap();
            log.write_all(b"first run, thirty bytes long.\n").unwrap();
        }
        let mut log = RotatingFile::open(dir.path(), 50, 2).unwrap();
        log.write_all(b"second run, thirty bytes long\n").unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join("rapport.log")).unwrap(), "second run, thirty bytes long\n");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("rapport.log.1")).unwrap(),
            "first run, thirty bytes long.\n"
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let _log = RotatingFile::open(dir.path(), 50, 2).unwrap();
        let mode = std::fs::metadata(dir.path().join("rapport.log")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn a_formatted_panic_message_is_withheld() {
        let literal: Box<dyn std::any::Any + Send> = Box::new("index out of range");
        assert_eq!(panic_summary(literal.as_ref()), "index out of range");
        let formatted: Box<dyn std::any::Any + Send> = Box::new(format!("bad name {}", "Halvorsen"));
        assert_eq!(panic_summary(formatted.as_ref()), "<message withheld, 18 bytes>");
    }
}
