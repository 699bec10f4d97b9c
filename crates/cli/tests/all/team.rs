//! `rapport team …` and `rapport sync` against a throwaway PostgreSQL server.

use assert_cmd::Command;
use rapport_sync::throwaway::{ADMIN, Server};

use crate::common::{self, failure, stdout};

fn rapport() -> Command {
    let mut cmd = Command::cargo_bin("rapport").unwrap();
    cmd.env_remove("RAPPORT_DB").env_remove("PGPASSWORD");
    cmd
}

#[test]
fn server_setup_sets_up_once_and_is_safe_to_run_again() {
    let pg = Server::start();
    let first = stdout(rapport().args(["team", "server-setup", &pg.admin_url()]));
    assert!(first.starts_with("set up the server: 2 migrations applied, schema version "), "{first}");
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

#[test]
fn two_vaults_make_a_team_and_share_an_account_through_the_cli() {
    // The member's keys go to the OS keychain: the throwaway gnome-keyring
    // of scripts/test.sh.
    if std::env::var("RAPPORT_TEST_SECRET_SERVICE").as_deref() != Ok("1") {
        eprintln!("skipped: needs RAPPORT_TEST_SECRET_SERVICE=1 and a running Secret Service");
        return;
    }
    let pg = Server::start();
    stdout(rapport().args(["team", "server-setup", &pg.admin_url()]));
    let ada_password = pg.create_member_role("ada");
    let bob_password = pg.create_member_role("bob");
    let dir = tempfile::tempdir().unwrap();
    let (ada, bob) = (dir.path().join("ada.db"), dir.path().join("bob.db"));
    let run = |db: &std::path::Path| {
        let mut cmd = common::rapport(db);
        cmd.env_remove("PGPASSWORD");
        cmd
    };
    for db in [&ada, &bob] {
        stdout(run(db).args(["init", "--keystore", "passphrase"]));
    }

    let (code, line) = failure(run(&ada).arg("sync"));
    assert_eq!(
        (code, line.as_str()),
        (
            2,
            "rapport: this vault is not in a team: create one (rapport team create) or join one (rapport team join CODE)\n"
        )
    );
    let created = stdout(run(&ada).args(["team", "create", "North", "--server", &pg.url("ada", &ada_password)]));
    assert!(created.starts_with("created team North ("), "{created}");
    let invitation = stdout(run(&ada).args(["team", "invite"]));
    assert_eq!(invitation.lines().count(), 1, "{invitation}");
    let (code, line) = failure(run(&bob).args(["team", "join", "not-a-code", "--user", "bob"]));
    assert_eq!((code, line.as_str()), (2, "rapport: that is not an invitation code: it starts with rapport-invite-\n"));
    let joined =
        stdout(run(&bob).args(["team", "join", invitation.trim(), "--user", "bob"]).env("PGPASSWORD", &bob_password));
    let fingerprint = joined.trim_end().rsplit("fingerprint is ").next().unwrap().to_string();
    assert_eq!(fingerprint.len(), 19, "{joined}");

    let (code, line) = failure(run(&bob).arg("sync"));
    assert_eq!(code, 2);
    assert!(line.contains("has not been admitted"), "{line}");
    let admitted = stdout(run(&ada).args(["team", "admit", "--all"]));
    assert!(admitted.starts_with("admitted bob (") && admitted.contains(&fingerprint), "{admitted}");
    let members: serde_json::Value =
        serde_json::from_str(&stdout(run(&bob).args(["team", "members", "--json"]))).unwrap();
    assert_eq!(members.as_array().unwrap().len(), 2, "{members}");

    stdout(run(&ada).args(["account", "add", "--name", "Harbour Logistics", "--tier", "key"]));
    let pushed = stdout(run(&ada).arg("sync"));
    assert!(pushed.starts_with("pushed ") && !pushed.starts_with("pushed 0"), "{pushed}");
    let pulled = stdout(run(&bob).arg("sync"));
    assert!(pulled.contains("applied ") && !pulled.contains("applied 0"), "{pulled}");
    let list = stdout(run(&bob).args(["account", "list"]));
    assert!(list.contains("Harbour Logistics"), "{list}");
    assert_eq!(stdout(run(&bob).arg("sync")), "pushed 0, pulled 0, applied 0\n", "up to date");
}
