//! How errors cross IPC: `{ code, message, field }` with a closed code the UI
//! branches on. Never a bare string.

use rapport_core::{Error, ErrorCode};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct IpcError {
    pub code: ErrorCode,
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
        Self { code: e.code(), message, field: e.field().map(str::to_string) }
    }
}
