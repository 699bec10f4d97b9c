//! Long jobs the UI starts in the background (scoring every account's health
//! after unlocking, the daily backup). Locking the vault raises their stop
//! flag first, so the lock waits for one batch at most, not for the whole
//! job; a backup is one copy and runs to its end.

use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Debug, Default)]
pub struct Jobs {
    stop: AtomicBool,
    /// Held while a backup runs: never two at once.
    pub backup: tokio::sync::Mutex<()>,
}

impl Jobs {
    pub fn start(&self) {
        self.stop.store(false, Ordering::SeqCst);
    }

    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
    }

    /// What a job's progress callback returns between batches.
    pub fn go_on(&self) -> ControlFlow<()> {
        if self.stop.load(Ordering::SeqCst) { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
    }
}
