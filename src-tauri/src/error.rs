//! How errors cross IPC: `{ code, message, field }` with a closed code the UI
//! branches on. Never a bare string.

use rapport_core::{Error, ErrorCode};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum IpcErrorCode {
    Validation,
    WrongSecret,
    VaultMissing,
    VaultExists,
    Locked,
    NeedsSecret,
    KeychainUnavailable,
    NotFound,
    Corrupt,
    Io,
    Internal,
}

impl From<ErrorCode> for IpcErrorCode {
    fn from(code: ErrorCode) -> Self {
        match code {
            ErrorCode::Validation => Self::Validation,
            ErrorCode::WrongSecret => Self::WrongSecret,
            ErrorCode::VaultMissing => Self::VaultMissing,
            ErrorCode::VaultExists => Self::VaultExists,
            ErrorCode::Locked => Self::Locked,
            ErrorCode::NeedsSecret => Self::NeedsSecret,
            ErrorCode::KeychainUnavailable => Self::KeychainUnavailable,
            ErrorCode::NotFound => Self::NotFound,
            ErrorCode::Corrupt => Self::Corrupt,
            ErrorCode::Io => Self::Io,
            ErrorCode::Internal => Self::Internal,
        }
    }
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct IpcError {
    pub code: IpcErrorCode,
    pub message: String,
    /// For validation errors: the input field at fault.
    pub field: Option<String>,
}

impl From<Error> for IpcError {
    fn from(e: Error) -> Self {
        let message = match &e {
            // The field is reported separately; the UI shows the rule next to it.
            Error::Validation { message, .. } => message.clone(),
            other => other.to_string(),
        };
        if e.code() == ErrorCode::Internal {
            tracing::error!("internal error: {e}");
        }
        Self { code: e.code().into(), message, field: e.field().map(str::to_string) }
    }
}
