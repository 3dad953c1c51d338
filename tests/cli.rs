//! The command line against a real data directory: routers add, list and remove, and backup.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const PASSWORD: &str = "Kata-Sandi-Rahasia";

/// The binary on the data directory `data`, its output captured, its key from the directory.
fn binary(data: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_routeros-traffic"));
    command
        .env("ROUTEROS_TRAFFIC_DATA_DIR", data)
        .env_remove("ROUTEROS_TRAFFIC_SECRET_KEY")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// What the process printed once it exited. One that runs on (a server or simulator that
/// started after all, a command that hangs) is stopped after 30 s and fails the test, rather
/// than hanging it. Outputs here are a few lines, well within the pipes' buffers.
fn exited(mut child: std::process::Child) -> Output {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("still running after 30 s: {:?}", child.wait_with_output().unwrap());
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn run(data: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    let mut child = binary(data).args(args).stdin(Stdio::piped()).spawn().expect("the binary runs");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    exited(child)
}

/// The server on `addr`, watching a router that never answers; for starts that must fail.
fn serve(data: &std::path::Path, addr: &str) -> Output {
    let child = binary(data)
        .env("LEPTOS_SITE_ADDR", addr)
        .env("LEPTOS_SITE_ROOT", "target/site")
        .env("ROUTEROS_HOST", "127.0.0.1:1")
        .stdin(Stdio::null())
        .spawn()
        .expect("the binary runs");
    exited(child)
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

#[test]
fn routers_are_added_listed_and_removed_and_the_password_never_printed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let added = run(
        &data,
        &["routers", "add", "core-1", "--host", "10.1.2.3:8729", "--user", "api", "--password-stdin"],
        &format!("{PASSWORD}\n"),
    );
    assert!(added.status.success(), "{}", text(&added));
    let listed = run(&data, &["routers", "list"], "");
    let listing = text(&listed);
    assert!(listed.status.success() && listing.contains("core-1\t10.1.2.3:8729\tapi"), "{listing}");
    assert!(listing.contains("password stored"), "{listing}");

    let again = run(&data, &["routers", "add", "core-1", "--host", "10.1.2.4"], "");
    assert!(!again.status.success() && text(&again).contains("already exists"), "{}", text(&again));
    let hostile = run(&data, &["routers", "add", "../etc", "--host", "10.1.2.4"], "");
    assert!(!hostile.status.success() && text(&hostile).contains("name:"), "{}", text(&hostile));

    let copy = dir.path().join("backup.db");
    let backup = run(&data, &["backup", copy.to_str().unwrap()], "");
    assert!(backup.status.success() && copy.exists(), "{}", text(&backup));

    let removed = run(&data, &["routers", "remove", "core-1"], "");
    assert!(removed.status.success(), "{}", text(&removed));
    assert!(!text(&run(&data, &["routers", "list"], "")).contains("core-1"));
    let unknown = run(&data, &["routers", "remove", "core-1"], "");
    assert!(!unknown.status.success() && text(&unknown).contains("no router named"), "{}", text(&unknown));

    for output in [&added, &listed, &again, &backup, &removed] {
        assert!(!text(output).contains(PASSWORD), "the password was printed");
    }
    for file in std::fs::read_dir(&data).unwrap() {
        let bytes = std::fs::read(file.unwrap().path()).unwrap();
        assert!(
            !bytes.windows(PASSWORD.len()).any(|w| w == PASSWORD.as_bytes()),
            "a file holds the password"
        );
    }
    let key_mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(data.join("secret.key")).unwrap().permissions(),
    );
    assert_eq!(key_mode & 0o777, 0o600);
    let dir_mode = std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&data).unwrap().permissions());
    assert_eq!(dir_mode & 0o777, 0o700);
}

#[test]
fn users_and_tokens_are_managed_without_a_secret_ever_printed_but_the_new_token_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let short = run(&data, &["users", "add", "ana", "--role", "admin", "--password-stdin"], "short\n");
    assert!(!short.status.success() && text(&short).contains("at least 8"), "{}", text(&short));
    let added =
        run(&data, &["users", "add", "ana", "--role", "admin", "--password-stdin"], &format!("{PASSWORD}\n"));
    assert!(added.status.success(), "{}", text(&added));
    let listed = run(&data, &["users", "list"], "");
    assert!(text(&listed).contains("ana\tadmin"), "{}", text(&listed));
    let passwd = run(&data, &["users", "passwd", "ana", "--password-stdin"], "another-password\n");
    assert!(passwd.status.success(), "{}", text(&passwd));

    let token = run(&data, &["tokens", "add", "prometheus"], "");
    assert!(token.status.success(), "{}", text(&token));
    let printed = String::from_utf8_lossy(&token.stdout).trim().to_owned();
    assert_eq!(printed.len(), 64, "256 bits as hex on stdout: {printed}");
    let tokens = run(&data, &["tokens", "list"], "");
    assert!(
        text(&tokens).contains("prometheus\tviewer") && !text(&tokens).contains(&printed),
        "{}",
        text(&tokens)
    );
    assert!(run(&data, &["tokens", "remove", "prometheus"], "").status.success());
    assert!(run(&data, &["users", "remove", "ana"], "").status.success());

    for output in [&added, &listed, &passwd, &tokens] {
        assert!(!text(output).contains(PASSWORD) && !text(output).contains("another-password"));
    }
    for file in std::fs::read_dir(&data).unwrap() {
        let bytes = std::fs::read(file.unwrap().path()).unwrap();
        for secret in [PASSWORD.as_bytes(), printed.as_bytes()] {
            assert!(!bytes.windows(secret.len()).any(|w| w == secret), "a file holds a secret");
        }
    }
}

#[test]
fn without_a_user_the_server_refuses_to_listen_beyond_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let output = serve(dir.path(), "0.0.0.0:0");
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(text(&output).contains("routeros-traffic users add"), "{}", text(&output));
}

#[test]
fn a_port_already_taken_is_named_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();

    let api = run(dir.path(), &["simulate", "--listen", &addr], "");
    assert_eq!(api.status.code(), Some(1), "{}", text(&api));
    assert!(text(&api).contains(&format!("cannot listen on {addr}: ")), "{}", text(&api));

    let control = run(dir.path(), &["simulate", "--listen", "127.0.0.1:0", "--control", &addr], "");
    assert_eq!(control.status.code(), Some(1), "{}", text(&control));
    assert!(
        text(&control).contains(&format!("cannot listen on {addr} (control port): ")),
        "{}",
        text(&control)
    );

    let dashboard = serve(dir.path(), &addr);
    assert_eq!(dashboard.status.code(), Some(1), "{}", text(&dashboard));
    assert!(text(&dashboard).contains(&format!("cannot listen on {addr}: ")), "{}", text(&dashboard));
}
