//! Files Rapport writes outside the vault, and what a killed process leaves.
//!
//! - [`PrivateFile`]: the one way to write a file that holds the book in plain
//!   text (a book export, a brief, a pack, a report, a calendar). On Linux it
//!   is written as an *unnamed* file (`O_TMPFILE`) and only given its name once
//!   complete, so a process killed mid-write (even `kill -9`, even a power cut)
//!   leaves nothing: the kernel frees an unnamed file when its last descriptor
//!   closes. Elsewhere, or on a file system without `O_TMPFILE`, it falls back
//!   to a hidden partial name (below) that the next run sweeps.
//! - Partial names: `<name>.partial-<pid>-<random>` (plus SQLite's `-journal`
//!   and a header's `.vault`), for the encrypted copies made by backup and
//!   restore, which SQLite must open by path. [`sweep_partials`] removes those
//!   whose process is gone; the vault sweeps its own folder at unlock, a backup
//!   its destination folder, an export its destination folder.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

const PARTIAL: &str = ".partial-";

/// A name beside `path` for a file being written by this process:
/// `<path>.partial-<pid>-<random>`.
pub(crate) fn partial_name(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!("{PARTIAL}{}-{}", std::process::id(), uuid::Uuid::new_v4().simple()));
    name.into()
}

/// The folder a path is in ("." for a bare file name).
pub(crate) fn folder_of(path: &Path) -> &Path {
    path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// Removes the partial files in `dir` left by processes that no longer run
/// (killed during a backup, a restore or an export). Files of a live process
/// are left alone, as is anything that does not carry the partial pattern.
/// Best effort: a folder that cannot be read is skipped silently.
pub fn sweep_partials(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(partial_owner) else { continue };
        if pid == std::process::id() || process_alive(pid) {
            continue;
        }
        let path = entry.path();
        match fs::remove_file(&path) {
            Ok(()) => tracing::info!("removed {}, left by a Rapport that stopped mid-write", path.display()),
            Err(e) => tracing::warn!("could not remove {}: {e}", path.display()),
        }
    }
}

/// The process id in a partial file's name: `….partial-<pid>-<32 hex>[suffix]`
/// where the suffix is one of the companions SQLite or the header adds.
fn partial_owner(name: &str) -> Option<u32> {
    let at = name.rfind(PARTIAL)?;
    let rest = &name[at + PARTIAL.len()..];
    let (pid, rest) = rest.split_once('-')?;
    let pid: u32 = pid.parse().ok()?;
    let (random, suffix) = rest.split_at_checked(32)?;
    if !random.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    matches!(suffix, "" | ".vault" | "-journal" | "-wal" | "-shm").then_some(pid)
}

#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else { return false };
    // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
    if unsafe { libc::kill(pid, 0) } == 0 {
        return true;
    }
    // EPERM: it exists but belongs to someone else.
    std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    // No cheap portable probe: keep the file. (Windows deletes nothing here;
    // the residual is documented in ARCHITECTURE.md.)
    true
}

/// Test-only hook, harmless otherwise: with `RAPPORT_TEST_PAUSE=<point>:<file>`
/// the process creates `<file>` when it reaches `<point>` and waits until the
/// file is removed, so a test can kill it at exactly that point. Points:
/// `write` (holding the write lock), `backup` and `restore` (the encrypted
/// partial copy written), `export` (the plain text written, not yet named).
pub(crate) fn test_pause(point: &str) {
    let Some(setting) = std::env::var_os("RAPPORT_TEST_PAUSE") else { return };
    let setting = setting.to_string_lossy();
    let Some((at, file)) = setting.split_once(':') else { return };
    if at != point {
        return;
    }
    let file = Path::new(file);
    if fs::write(file, std::process::id().to_string()).is_err() {
        return;
    }
    while file.exists() {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Test-only signal: with `RAPPORT_TEST_SIGNAL=<point>:<file>` the process
/// creates `<file>` when it reaches `<point>` and carries on (`busy`: a write
/// found the vault locked and starts waiting).
pub(crate) fn test_signal(point: &str) {
    let Some(setting) = std::env::var_os("RAPPORT_TEST_SIGNAL") else { return };
    let setting = setting.to_string_lossy();
    if let Some((at, file)) = setting.split_once(':')
        && at == point
    {
        let _ = fs::write(file, std::process::id().to_string());
    }
}

/// A file being written that must never be seen half-written, and whose
/// content must never outlive a killed process under any name (see the module
/// documentation). Write through [`PrivateFile::file`], then
/// [`PrivateFile::finish`]; dropped unfinished, nothing remains.
pub struct PrivateFile {
    file: File,
    dest: PathBuf,
    /// The fallback's hidden name; `None` for an unnamed (`O_TMPFILE`) file.
    named: Option<PathBuf>,
}

impl PrivateFile {
    /// Starts a file that will become `dest`: readable by the user only.
    pub fn create(dest: &Path) -> Result<Self> {
        if dest.is_dir() {
            return Err(Error::validation("path", format!("{} is a folder; choose a file name", dest.display())));
        }
        if dest.file_name().is_none() {
            return Err(Error::validation("path", "give a file name to write to"));
        }
        let dir = folder_of(dest);
        sweep_partials(dir);
        #[cfg(target_os = "linux")]
        if let Some(file) = unnamed_in(dir) {
            return Ok(Self { file, dest: dest.to_path_buf(), named: None });
        }
        let named = hidden_partial(dest);
        let file = new_private(&named).map_err(|e| Error::io("creating a file in", dir, e))?;
        Ok(Self { file, dest: dest.to_path_buf(), named: Some(named) })
    }

    pub fn file(&mut self) -> &mut File {
        &mut self.file
    }

    /// Flushes to disk and gives the file its name: replacing `dest` when
    /// `replace`, else failing if `dest` appeared meanwhile.
    pub fn finish(mut self, replace: bool) -> Result<()> {
        let dest = self.dest.clone();
        self.file.sync_all().map_err(|e| Error::io("writing", &dest, e))?;
        test_pause("export");
        let named = match self.named.take() {
            Some(named) => named,
            None => match self.name_unnamed(replace)? {
                Some(named) => named,
                None => {
                    sync_folder(&dest);
                    return Ok(());
                }
            },
        };
        // From here a complete file has a hidden partial name; it is swept
        // if the process dies before the rename below.
        let placed = if replace {
            fs::rename(&named, &dest)
        } else {
            fs::hard_link(&named, &dest).and_then(|()| fs::remove_file(&named))
        };
        if let Err(e) = placed {
            let _ = fs::remove_file(&named);
            return Err(Error::io("writing", &dest, e));
        }
        sync_folder(&dest);
        Ok(())
    }

    /// Names an unnamed file: straight at `dest` when not replacing (the
    /// link fails if `dest` exists); otherwise at a hidden partial name for
    /// the caller to rename over `dest`. If the kernel will not link it (no
    /// /proc, say), its content is copied to a hidden partial name instead.
    #[cfg(target_os = "linux")]
    fn name_unnamed(&mut self, replace: bool) -> Result<Option<PathBuf>> {
        use std::io::Seek;
        let target = if replace { hidden_partial(&self.dest) } else { self.dest.clone() };
        match link_unnamed(&self.file, &target) {
            Ok(()) => return Ok(replace.then_some(target)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(Error::io("writing", &self.dest, e));
            }
            Err(e) => tracing::info!("could not link the unnamed file ({e}); copying it instead"),
        }
        let named = hidden_partial(&self.dest);
        let copied = (|| {
            let mut out = new_private(&named)?;
            self.file.rewind()?;
            std::io::copy(&mut self.file, &mut out)?;
            out.sync_all()
        })();
        if let Err(e) = copied {
            let _ = fs::remove_file(&named);
            return Err(Error::io("writing", &self.dest, e));
        }
        Ok(Some(named))
    }

    #[cfg(not(target_os = "linux"))]
    fn name_unnamed(&mut self, _replace: bool) -> Result<Option<PathBuf>> {
        unreachable!("unnamed files are only made on Linux")
    }
}

impl Drop for PrivateFile {
    fn drop(&mut self) {
        if let Some(named) = &self.named {
            let _ = fs::remove_file(named);
        }
    }
}

/// Writes `bytes` as a [`PrivateFile`] at `path`, replacing it.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = PrivateFile::create(path)?;
    file.file().write_all(bytes).map_err(|e| Error::io("writing", path, e))?;
    file.finish(true)
}

/// `.<name>.partial-<pid>-<random>` beside `dest`: hidden, and swept.
fn hidden_partial(dest: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(dest.file_name().unwrap_or_default());
    partial_name(&dest.with_file_name(name))
}

fn new_private(path: &Path) -> std::io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// An unnamed file in `dir`, or `None` where the file system has no `O_TMPFILE`.
#[cfg(target_os = "linux")]
fn unnamed_in(dir: &Path) -> Option<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // Without O_EXCL, so that it can be linked once complete.
    fs::OpenOptions::new().read(true).write(true).custom_flags(libc::O_TMPFILE).mode(0o600).open(dir).ok()
}

/// Gives an `O_TMPFILE` file a name, through its /proc link (which, unlike
/// `AT_EMPTY_PATH`, needs no privilege).
#[cfg(target_os = "linux")]
fn link_unnamed(file: &File, to: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::io::AsRawFd;
    let from = CString::new(format!("/proc/self/fd/{}", file.as_raw_fd()))?;
    let to = CString::new(to.as_os_str().as_bytes())?;
    // SAFETY: both arguments are valid NUL-terminated paths that outlive the call.
    let linked =
        unsafe { libc::linkat(libc::AT_FDCWD, from.as_ptr(), libc::AT_FDCWD, to.as_ptr(), libc::AT_SYMLINK_FOLLOW) };
    if linked == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
}

/// Makes a rename or link durable; not every platform can open a folder.
fn sync_folder(path: &Path) {
    if let Ok(dir) = File::open(folder_of(path)) {
        let _ = dir.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_names_carry_their_owner() {
        let name = partial_name(Path::new("/x/book.db"));
        let name = name.file_name().unwrap().to_str().unwrap();
        assert_eq!(partial_owner(name), Some(std::process::id()));
        assert_eq!(partial_owner(&format!("{name}.vault")), Some(std::process::id()));
        assert_eq!(partial_owner(&format!("{name}-journal")), Some(std::process::id()));
        assert_eq!(partial_owner(&format!("{name}.bak")), None);
        assert_eq!(partial_owner("book.db.partial-notes.txt"), None);
        assert_eq!(partial_owner("book.db"), None);
    }
}
