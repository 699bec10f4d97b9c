//! The shell's tests, one binary (each file here is a module):
//! `ipc_contract` (the command list, handlers, ACL grants and generated
//! TypeScript agree; commands run on a mock app) and `log_file` (what the
//! app's log file holds). `UPDATE_BINDINGS=1 cargo test --test all ipc_contract`
//! rewrites the bindings.

mod ipc_contract;
mod log_file;

/// Runs the test called `name` (its path in this binary, such as
/// `log_file::the_log_file_holds_events_and_codes_but_no_user_text_or_key`)
/// alone in a child process of this binary, for a test that sets process-wide
/// state (the global logger, the panic hook) which would otherwise catch or
/// change what the other tests do. Returns `true` in the child, where the
/// test's body runs, and `false` in the parent once the child has passed.
fn in_own_process(name: &str) -> bool {
    const CHILD: &str = "RAPPORT_TEST_OWN_PROCESS";
    if std::env::var_os(CHILD).is_some() {
        return true;
    }
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args([name, "--exact", "--test-threads=1", "--nocapture"])
        .env(CHILD, name)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    // "1 passed": a name that matched no test would pass without running anything.
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "{name} failed in its own process:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    false
}
