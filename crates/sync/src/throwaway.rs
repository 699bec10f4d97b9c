//! A throwaway PostgreSQL server for tests: `initdb` in a temp directory,
//! `pg_ctl start` on a free loopback port with its socket in that directory,
//! stopped and deleted on drop. Uses the distribution's binaries
//! (`/usr/lib/postgresql/N/bin`, Debian's `postgresql` package, 15 or newer;
//! `RAPPORT_PG_BIN` overrides). PostgreSQL refuses to run as root, so under
//! root (CI) the server runs as the `postgres` user the package creates.

use std::fs;
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use rand::RngCore;

/// The superuser the server is made with.
pub const ADMIN: &str = "postgres";

pub struct Server {
    dir: tempfile::TempDir,
    bin: PathBuf,
    run_as: Option<String>,
    port: u16,
    password: String,
    started_in: Duration,
}

impl Server {
    /// Makes and starts a server; panics with what went wrong (it is for tests).
    pub fn start() -> Self {
        let began = Instant::now();
        let bin = binaries();
        let run_as = is_root().then(|| "postgres".to_string());
        let dir = tempfile::Builder::new().prefix("rapport-pg-").tempdir().expect("a temp directory");
        let mut bytes = [0u8; 16];
        rand::rng().fill_bytes(&mut bytes);
        let password: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let pwfile = dir.path().join("pwfile");
        fs::write(&pwfile, &password).expect("writing the password file");
        if let Some(user) = &run_as {
            let status = Command::new("chown").arg("-R").arg(format!("{user}:")).arg(dir.path()).status();
            assert!(
                status.is_ok_and(|s| s.success()),
                "chown of {} to {user} failed: is Debian's postgresql package installed?",
                dir.path().display()
            );
        }
        let mut server = Self { dir, bin, run_as, port: 0, password, started_in: Duration::ZERO };
        let data = server.data_dir();
        server.run(
            "initdb",
            &[
                "-D",
                path(&data),
                "-U",
                ADMIN,
                "-A",
                "scram-sha-256",
                "--pwfile",
                path(&pwfile),
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
        );
        fs::remove_file(&pwfile).ok();
        // A free port can be taken between asking and binding: try a few.
        for _ in 0..5 {
            server.port = free_port();
            let options = format!(
                "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
                server.port,
                server.dir.path().display()
            );
            let log = server.dir.path().join("log");
            if server
                .try_run("pg_ctl", &["-D", path(&data), "-w", "-t", "30", "-l", path(&log), "-o", &options, "start"])
            {
                server.started_in = began.elapsed();
                return server;
            }
        }
        let log = fs::read_to_string(server.dir.path().join("log")).unwrap_or_default();
        panic!("the throwaway PostgreSQL did not start:\n{log}");
    }

    /// The administrator's URL (the superuser, on the `postgres` database).
    pub fn admin_url(&self) -> String {
        self.url(ADMIN, &self.password)
    }

    /// The administrator's password (random, made by `start`).
    pub fn admin_password(&self) -> &str {
        &self.password
    }

    /// A URL for another role on the same server and database.
    pub fn url(&self, user: &str, password: &str) -> String {
        format!("postgres://{user}:{password}@127.0.0.1:{}/postgres", self.port)
    }

    /// Makes a login role in `rapport_member` (with `psql`, as an
    /// administrator would for each person), after `server_setup`; returns
    /// its password.
    pub fn create_member_role(&self, role: &str) -> String {
        let mut bytes = [0u8; 16];
        rand::rng().fill_bytes(&mut bytes);
        let password: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        // Through stdin: psql interpolates its variables there (not in -c).
        let mut psql = Command::new(self.bin.join("psql"))
            .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", ADMIN])
            .args(["-d", "postgres", "-v", &format!("role={role}"), "-v", &format!("password={password}")])
            .env("PGPASSWORD", &self.password)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("psql runs");
        std::io::Write::write_all(
            &mut psql.stdin.take().expect("psql's stdin"),
            b"CREATE ROLE :\"role\" LOGIN PASSWORD :'password' IN ROLE rapport_member;\n",
        )
        .expect("writing to psql");
        let output = psql.wait_with_output().expect("psql runs");
        assert!(output.status.success(), "psql: {}", String::from_utf8_lossy(&output.stderr));
        password
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Everything the server keeps on disk: the cluster, its WAL included.
    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// From nothing to accepting connections (initdb included).
    pub fn started_in(&self) -> Duration {
        self.started_in
    }

    /// Stops the server at once, as a crash or a pulled plug would.
    pub fn kill(&self) {
        self.try_run("pg_ctl", &["-D", path(&self.data_dir()), "-m", "immediate", "stop"]);
    }

    fn run(&self, tool: &str, args: &[&str]) {
        assert!(self.try_run(tool, args), "{tool} failed");
    }

    fn try_run(&self, tool: &str, args: &[&str]) -> bool {
        let program = self.bin.join(tool);
        let mut command = match &self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(&program);
                c
            }
            None => Command::new(&program),
        };
        // Both tools chdir nowhere; the user they run as may not be allowed
        // into the test's working directory.
        command.args(args).current_dir(self.dir.path());
        let output = command.output().unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()));
        if !output.status.success() {
            eprintln!("{tool}: {}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        }
        output.status.success()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

fn path(p: &Path) -> &str {
    p.to_str().expect("temp paths are UTF-8")
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("binding a loopback port");
    listener.local_addr().expect("a bound address").port()
}

/// The newest PostgreSQL 15+ under /usr/lib/postgresql, or `RAPPORT_PG_BIN`.
fn binaries() -> PathBuf {
    if let Some(dir) = std::env::var_os("RAPPORT_PG_BIN") {
        return PathBuf::from(dir);
    }
    let newest = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| Some((e.file_name().to_str()?.parse::<u32>().ok()?, e.path().join("bin"))))
        .filter(|(version, bin)| *version >= 15 && bin.join("initdb").exists())
        .max_by_key(|(version, _)| *version);
    match newest {
        Some((_, bin)) => bin,
        None => panic!(
            "no PostgreSQL 15 or newer under /usr/lib/postgresql: run scripts/setup.sh --test \
             (Debian's postgresql package) or set RAPPORT_PG_BIN"
        ),
    }
}
