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
        // The code and the field only: a message can quote what was typed or a file name.
        match e.code() {
            ErrorCode::Internal | ErrorCode::Io | ErrorCode::Corrupt => {
                tracing::error!(code = ?e.code(), "command failed")
            }
            code => tracing::info!(?code, field = e.field(), "command refused"),
        }
        Self { code: e.code(), message, field: e.field().map(str::to_string) }
    }
}
