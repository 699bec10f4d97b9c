//! `rapport team server-setup` against a throwaway PostgreSQL server.

use assert_cmd::Command;
use rapport_sync::throwaway::{ADMIN, Server};

use crate::common::{failure, stdout};

fn rapport() -> Command {
    let mut cmd = Command::cargo_bin("rapport").unwrap();
    cmd.env_remove("RAPPORT_DB").env_remove("PGPASSWORD");
    cmd
}

#[test]
fn server_setup_sets_up_once_and_is_safe_to_run_again() {
    let pg = Server::start();
    let first = stdout(rapport().args(["team", "server-setup", &pg.admin_url()]));
    assert!(first.starts_with("set up the server: 1 migration applied, schema version "), "{first}");
    let second = stdout(rapport().args(["team", "server-setup", &pg.admin_url()]));
    assert!(second.starts_with("the server is up to date (schema version "), "{second}");
    assert_eq!(version(&first), version(&second));

    // The password can stay out of the URL (and the process list).
    let url = pg.admin_url().replace(&format!(":{}@", pg.admin_password()), "@");
    let third = stdout(rapport().args(["team", "server-setup", &url]).env("PGPASSWORD", pg.admin_password()));
    assert!(third.starts_with("the server is up to date"), "{third}");
}

/// The schema version a line of `server-setup` ends with.
fn version(line: &str) -> &str {
    line.trim_end().trim_end_matches(')').rsplit(' ').next().unwrap()
}

#[test]
fn server_setup_failures_are_one_line_and_a_non_zero_exit() {
    let pg = Server::start();

    let (code, line) = failure(rapport().args(["team", "server-setup", "localhost:5432"]));
    assert_eq!(code, 2);
    assert!(line.starts_with("rapport: the server address is not a PostgreSQL URL like postgres://"), "{line}");

    let wrong = pg.url(ADMIN, "not-the-password");
    let (code, line) = failure(rapport().args(["team", "server-setup", &wrong]));
    assert_eq!(code, 3);
    assert_eq!(
        line,
        format!(
            "rapport: the PostgreSQL server at 127.0.0.1:{}/postgres refused the user name or password\n",
            pg.port()
        )
    );

    pg.kill();
    let (code, line) = failure(rapport().args(["team", "server-setup", &pg.admin_url()]));
    assert_eq!(code, 1);
    assert!(
        line.starts_with(&format!("rapport: cannot reach the PostgreSQL server at 127.0.0.1:{}/postgres: ", pg.port())),
        "{line}"
    );
    assert!(!line.contains(pg.admin_password()), "the password is not printed: {line}");
}
