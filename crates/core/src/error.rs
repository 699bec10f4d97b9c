//! One error type for the core. Every variant maps to a closed [`ErrorCode`] that
//! the desktop UI and the CLI branch on; the message is written for the user.

use std::path::Path;

use serde::Serialize;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The closed set of error kinds that crosses to the UI as `{ code, message }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Input broke a rule; `field` says which.
    Validation,
    /// The passphrase or recovery key did not open the vault.
    WrongSecret,
    /// No vault exists at the path.
    VaultMissing,
    /// A vault already exists at the path and would have been overwritten.
    VaultExists,
    /// The vault is locked; unlock first.
    Locked,
    /// The keychain holds no key for this vault (or there is no keychain): ask for
    /// the passphrase or the recovery key.
    NeedsSecret,
    /// The OS keychain is not available.
    KeychainUnavailable,
    NotFound,
    /// The action is not allowed in the current state; the message says what
    /// is missing or what to do instead.
    Refused,
    /// The user cancelled a long job before it finished.
    Cancelled,
    /// A file is damaged or is not what it claims to be.
    Corrupt,
    /// Another Rapport (the app, the CLI, an import) held the vault's write
    /// lock for longer than a write waits; try again when it finishes.
    Busy,
    Io,
    Internal,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{field}: {message}")]
    Validation { field: &'static str, message: String },
    #[error("that passphrase or recovery key does not open this vault")]
    WrongSecret,
    #[error("no vault at {0}")]
    VaultMissing(String),
    #[error("{0}")]
    VaultExists(String),
    #[error("the vault is locked")]
    Locked,
    #[error("{0}")]
    NeedsSecret(String),
    #[error(transparent)]
    Keychain(#[from] KeychainError),
    #[error("{0}")]
    Refused(String),
    #[error("cancelled")]
    Cancelled,
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0}")]
    Corrupt(String),
    #[error("{0}")]
    Busy(String),
    #[error("{action} {path}: {source}")]
    Io { action: &'static str, path: String, source: std::io::Error },
    #[error("database error: {0}")]
    Database(String),
    #[error("{0}")]
    Internal(String),
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Validation { .. } => ErrorCode::Validation,
            Self::WrongSecret => ErrorCode::WrongSecret,
            Self::VaultMissing(_) => ErrorCode::VaultMissing,
            Self::VaultExists(_) => ErrorCode::VaultExists,
            Self::Locked => ErrorCode::Locked,
            Self::NeedsSecret(_) => ErrorCode::NeedsSecret,
            Self::Keychain(_) => ErrorCode::KeychainUnavailable,
            Self::NotFound(_) => ErrorCode::NotFound,
            Self::Refused(_) => ErrorCode::Refused,
            Self::Cancelled => ErrorCode::Cancelled,
            Self::Corrupt(_) => ErrorCode::Corrupt,
            Self::Busy(_) => ErrorCode::Busy,
            Self::Io { .. } => ErrorCode::Io,
            Self::Database(_) | Self::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The field a validation error is about, for inline messages in forms.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::Validation { field, .. } => Some(field),
            _ => None,
        }
    }

    pub fn validation(field: &'static str, message: impl Into<String>) -> Self {
        Self::Validation { field, message: message.into() }
    }

    pub(crate) fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Self::Io { action, path: path.display().to_string(), source }
    }
}

/// What a damaged database file is reported as, wherever SQLite noticed.
pub(crate) const DAMAGED: &str = "the database file is damaged; restore it from a backup (rapport restore)";

/// What a write says when another process held the write lock for too long.
pub(crate) const BUSY: &str = "another Rapport is importing or writing to this vault; try again when it finishes";

/// SQLite's primary result codes this module tells apart.
const SQLITE_ERROR: i32 = 1;
const SQLITE_BUSY: i32 = 5;
const SQLITE_LOCKED: i32 = 6;
const SQLITE_CORRUPT: i32 = 11;
const SQLITE_NOTADB: i32 = 26;

/// The primary SQLite result code of a database error, if it is one. sqlx
/// reports extended codes (e.g. 267 = SQLITE_CORRUPT_VTAB); the primary code
/// is the low byte.
pub(crate) fn sqlite_code(e: &sqlx::Error) -> Option<i32> {
    match e {
        sqlx::Error::Database(db) => db.code().and_then(|c| c.parse::<i32>().ok()).map(|c| c & 0xff),
        _ => None,
    }
}

/// Whether SQLite refused because another connection holds the lock.
pub(crate) fn is_busy(e: &sqlx::Error) -> bool {
    matches!(sqlite_code(e), Some(SQLITE_BUSY | SQLITE_LOCKED))
}

/// Whether an error says the file's bytes are not what SQLite wrote: a page
/// that fails its authentication code or its structure. Some paths report it
/// only in the message (an error raised inside `sqlcipher_export`, say, comes
/// back as a generic SQLITE_ERROR whose text names the damage).
fn is_damage(e: &sqlx::Error) -> bool {
    if matches!(sqlite_code(e), Some(SQLITE_CORRUPT)) {
        return true;
    }
    // SQLCipher reports a page whose HMAC fails as a bare SQLITE_ERROR with
    // only the generic text; a real SQL mistake always says what it is ("no
    // such table: …", "near …: syntax error").
    if let sqlx::Error::Database(db) = e
        && sqlite_code(e) == Some(SQLITE_ERROR)
        && db.message() == "SQL logic error"
    {
        return true;
    }
    let text = e.to_string();
    text.contains("malformed") || text.contains("file is not a database")
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        // A stored value that does not read as its type (a date that is not
        // one, a word outside its vocabulary) is damage, never a default.
        if let sqlx::Error::ColumnDecode { index, source } = e {
            return match source.downcast::<Error>() {
                Ok(error) => *error,
                Err(source) => Self::Corrupt(format!("{index} in the vault cannot be read: {source}")),
            };
        }
        if is_busy(&e) {
            return Self::Busy(BUSY.into());
        }
        if matches!(sqlite_code(&e), Some(SQLITE_NOTADB)) {
            // The key does not match the file, or it is not a vault at all.
            return Self::Corrupt("the database cannot be read with this key, or it is not a Rapport vault".into());
        }
        if is_damage(&e) {
            return Self::Corrupt(DAMAGED.into());
        }
        Self::Database(e.to_string())
    }
}

impl From<sqlx::migrate::MigrateError> for Error {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        match e {
            sqlx::migrate::MigrateError::Execute(inner) | sqlx::migrate::MigrateError::ExecuteMigration(inner, _) => {
                Self::from(inner)
            }
            other => Self::Database(format!("migration failed: {other}")),
        }
    }
}

/// What went wrong with the OS keychain (see [`crate::keychain`]). Defined
/// here, with the other errors, so the error kernel depends on nothing.
#[derive(Debug, thiserror::Error)]
pub enum KeychainError {
    #[error("no keychain is available on this system ({0})")]
    Unavailable(String),
    #[error("the keychain refused the request ({0})")]
    Failed(String),
}
