//! A throwaway PostgreSQL server for the receiver's tests: one cluster per
//! test run, in a temporary folder, listening on 127.0.0.1 only, with a
//! fresh database for each test. It is stopped and removed when the test
//! run ends.
//!
//! Needs PostgreSQL's server programs (Debian's `postgresql` package):
//! `initdb` on the PATH or under `/usr/lib/postgresql/*/bin`. Run as root,
//! the server runs as the `postgres` user, as PostgreSQL requires.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

struct Cluster {
    port: u16,
    /// The certificate authority that signed the server's certificate.
    authority: PathBuf,
}

static CLUSTER: OnceLock<Cluster> = OnceLock::new();
static NEXT: AtomicUsize = AtomicUsize::new(0);

/// The folder holding PostgreSQL's server programs.
fn programs() -> PathBuf {
    if let Some(found) = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .find(|dir| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file())
    }) {
        return found;
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|dir| {
            dir.filter_map(|e| e.ok())
                .map(|e| e.path().join("bin"))
                .collect()
        })
        .unwrap_or_default();
    versions.retain(|bin| bin.join("initdb").is_file());
    versions.sort();
    versions.pop().expect(
        "the PostgreSQL tests need PostgreSQL's server programs: apt-get install postgresql",
    )
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

/// `program` from PostgreSQL's folder, run as `postgres` when this is root.
fn run_as_server(bin: &Path, program: &str) -> Command {
    if is_root() {
        let mut command = Command::new("runuser");
        command
            .args(["-u", "postgres", "--"])
            .arg(bin.join(program));
        command
    } else {
        Command::new(bin.join(program))
    }
}

#[expect(
    clippy::zombie_processes,
    reason = "the watchdog outlives the test run on purpose, to stop the server after it"
)]
fn start() -> Cluster {
    let bin = programs();
    let dir = tempfile::Builder::new()
        .prefix("candor-test-postgres-")
        .tempdir()
        .unwrap()
        .keep();
    let authority = make_certificates(&dir);
    if is_root() {
        let status = Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(&dir)
            .status()
            .unwrap();
        assert!(
            status.success(),
            "cannot give {} to postgres",
            dir.display()
        );
    }
    let data = dir.join("data");
    let out = run_as_server(&bin, "initdb")
        .args([
            "-A",
            "trust",
            "-U",
            "candor",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
            "-D",
        ])
        .arg(&data)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "initdb failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    // TLS is on, for the tests that ask for it; the others connect without.
    let options = format!(
        "-h 127.0.0.1 -p {port} -k {dir} -c max_connections=400 -c ssl=on -c ssl_cert_file={dir}/server.crt -c ssl_key_file={dir}/server.key",
        dir = dir.display()
    );
    // `-w` waits until the server accepts connections.
    let out = run_as_server(&bin, "pg_ctl")
        .args(["-w", "-t", "60", "-D"])
        .arg(&data)
        .args(["-l"])
        .arg(dir.join("server.log"))
        .args(["-o", &options, "start"])
        .stdout(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the test PostgreSQL server did not start:\n{}\n{}",
        String::from_utf8_lossy(&out.stderr),
        std::fs::read_to_string(dir.join("server.log")).unwrap_or_default()
    );
    // Stopped and removed once this test run ends, however it ends. The
    // paths go in as arguments, never into the script's text.
    let stop = r#"while kill -0 "$1" 2>/dev/null; do sleep 1; done
if [ "$5" = root ]; then runuser -u postgres -- "$2" -D "$3" -m immediate stop; else "$2" -D "$3" -m immediate stop; fi >/dev/null 2>&1
rm -rf "$4""#;
    Command::new("sh")
        .args(["-c", stop, "watchdog"])
        .arg(std::process::id().to_string())
        .arg(bin.join("pg_ctl"))
        .arg(&data)
        .arg(&dir)
        .arg(if is_root() { "root" } else { "user" })
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    Cluster { port, authority }
}

/// Makes a certificate authority and a server certificate for 127.0.0.1
/// signed by it, in `dir`; returns the authority's certificate.
fn make_certificates(dir: &Path) -> PathBuf {
    let run = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("the PostgreSQL tests need openssl: apt-get install openssl");
        assert!(
            out.status.success(),
            "openssl {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    run(&[
        &["req", "-x509"][..],
        &ec,
        &[
            "-keyout",
            "ca.key",
            "-out",
            "ca.crt",
            "-days",
            "2",
            "-subj",
            "/CN=candor test authority",
        ],
    ]
    .concat());
    run(&[
        &["req"][..],
        &ec,
        &[
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=127.0.0.1",
        ],
    ]
    .concat());
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.crt",
        "-days",
        "2",
        "-extfile",
        "server.ext",
    ]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            dir.join("server.key"),
            std::fs::Permissions::from_mode(0o600),
        )
        .unwrap();
    }
    dir.join("ca.crt")
}

/// The certificate authority the test server's certificate comes from.
pub(crate) fn authority() -> PathBuf {
    CLUSTER.get_or_init(start).authority.clone()
}

/// Runs `work` with a connection to the database at `url`.
fn with_client<T>(url: &str, work: impl AsyncFnOnce(&tokio_postgres::Client) -> T) -> T {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .unwrap();
        let connection = tokio::spawn(connection);
        let result = work(&client).await;
        drop(client);
        let _ = connection.await;
        result
    })
}

/// The first column of the first row `sql` gives on the database at
/// `url`, as text (empty for NULL).
pub(crate) fn query_text(url: &str, sql: &str) -> String {
    with_client(url, async |client| {
        client
            .query_one(sql, &[])
            .await
            .unwrap()
            .get::<_, Option<String>>(0)
            .unwrap_or_default()
    })
}

/// Runs `sql` on the database at `url`.
pub(crate) fn execute(url: &str, sql: &str) {
    with_client(url, async |client| client.batch_execute(sql).await.unwrap());
}

/// The address of a new, empty database on the test server.
pub(crate) fn database() -> String {
    let cluster = CLUSTER.get_or_init(start);
    let name = format!(
        "test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let server = format!("postgres://candor@127.0.0.1:{}/postgres", cluster.port);
    execute(&server, &format!("CREATE DATABASE {name}"));
    format!("postgres://candor@127.0.0.1:{}/{name}", cluster.port)
}

/// Everything the candor tables of the database at `url` hold, each
/// binary value as its bytes (printable ones as they are), for checking
/// that nothing readable is stored.
pub(crate) fn everything_stored(url: &str) -> String {
    with_client(url, async |client| {
        let mut text = String::new();
        for query in [
            "SELECT id || ' ' || received_on || ' ' || encode(sealed, 'escape') FROM submissions",
            "SELECT day || ' ' || kind || ' ' || count FROM events",
            "SELECT digest || ' ' || used_at FROM used_stamps",
            "SELECT key || ' ' || expires || ' ' || encode(sealed, 'escape') FROM thanks",
            "SELECT name || ' ' || encode(value, 'escape') FROM settings",
            "SELECT id || ' ' || encode(sealed, 'escape') FROM marks",
        ] {
            for row in client.query(query, &[]).await.unwrap() {
                text.push_str(row.get::<_, &str>(0));
                text.push('\n');
            }
        }
        text
    })
}
