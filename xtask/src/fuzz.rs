//! `cargo xtask fuzz`: schema-driven fuzzing of the whole API.
//!
//! Starts a release build of the server with the demo data on a fresh
//! SQLite file, then runs
//! [schemathesis](https://schemathesis.readthedocs.io) (installed from PyPI
//! into a virtualenv kept beside the build cache) over the served OpenAPI
//! document three times: anonymously, signed in as a trainee, and signed in
//! as an admin. It generates requests from every operation's declared
//! parameters and bodies (examples, boundary values, then random fuzzing) and
//! fails on any 5xx answer or dropped connection. Each pass has a time budget
//! so that the whole run stays within a few minutes.
//!
//! Left out: signing out (`logout`, `logout_everywhere`, `sign_out_user`)
//! and role changes (`set_roles`), which would end or strip the very session
//! a pass runs as; and `upload_audio`, whose `audio/*` body schemathesis
//! cannot serialise (the same upload code is fuzzed through `upload_media`).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::{cargo, frontend::target_dir, python, workspace_root};

/// The schemathesis release the run was tuned with.
const SCHEMATHESIS: &str = "schemathesis==4.32.5";
/// Seconds each of the three passes may run.
const PASS_SECONDS: u32 = 100;
/// Examples generated per operation and phase.
const EXAMPLES: u32 = 20;
const EXCLUDED: [&str; 5] = [
    "logout",
    "logout_everywhere",
    "sign_out_user",
    "set_roles",
    "upload_audio",
];
const TRAINEE: &str = "13800000010";
const ADMIN: &str = "13800000001";
const DEMO_PASSWORD: &str = "demo2026";

pub fn run() -> Result<()> {
    // A release build, as deployed: no debug assertions, overflow wraps as
    // it would in production, and the fuzzer gets through more requests.
    cargo(
        &[
            "build",
            "--release",
            "-p",
            "cultivator-server",
            "--bin",
            "cultivator",
        ],
        &[],
    )?;
    let target = target_dir()?;
    let schemathesis = python::install(&target, "schemathesis-venv", SCHEMATHESIS, "schemathesis")?;
    let work = target.join("xtask").join("fuzz");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;
    let port = free_port()?;
    let server = Server::start(&target.join("release").join("cultivator"), &work, port)?;
    let base = format!("http://127.0.0.1:{port}");
    server.wait_healthy(port)?;
    let mut totals = Vec::new();
    for (who, mobile) in [
        ("anonymous", None),
        ("trainee", Some(TRAINEE)),
        ("admin", Some(ADMIN)),
    ] {
        let cookie = mobile.map(|m| sign_in(port, m)).transpose()?;
        let cases = pass(&schemathesis, &base, who, cookie.as_deref(), &work)?;
        totals.push((who, cases));
    }
    drop(server);
    for (who, cases) in totals {
        println!("xtask: fuzz: {who}: {cases}");
    }
    Ok(())
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// The server under test; stopped when dropped, whatever happened.
struct Server(Child);

impl Server {
    fn start(binary: &Path, work: &Path, port: u16) -> Result<Self> {
        let log = std::fs::File::create(work.join("server.log"))?;
        let child = Command::new(binary)
            .args(["serve", "--demo"])
            .current_dir(workspace_root())
            .env(
                "DATABASE_URL",
                format!("sqlite://{}", work.join("fuzz.db").display()),
            )
            .env("CULTIVATOR_LISTEN", format!("127.0.0.1:{port}"))
            // The demo stores its lesson clips here, not in the checkout.
            .env("CULTIVATOR_MEDIA_DIR", work.join("media"))
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .with_context(|| format!("could not start {}", binary.display()))?;
        Ok(Self(child))
    }

    fn wait_healthy(&self, port: u16) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(120);
        while Instant::now() < deadline {
            if http(port, "GET /healthz HTTP/1.1", "", "")
                .is_ok_and(|r| r.starts_with("HTTP/1.1 200"))
            {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        bail!("the server did not become healthy on port {port}")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One HTTP/1.1 exchange over a fresh connection; the raw answer.
fn http(port: u16, request_line: &str, headers: &str, body: &str) -> Result<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(
        stream,
        "{request_line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n{headers}Content-Length: {}\r\n\r\n{body}",
        body.len()
    )?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    Ok(answer)
}

/// Signs in with a demo account; the session cookie (`name=value`).
fn sign_in(port: u16, mobile: &str) -> Result<String> {
    let body = format!(r#"{{"mobile":"{mobile}","password":"{DEMO_PASSWORD}"}}"#);
    let answer = http(
        port,
        "POST /api/v1/auth/login HTTP/1.1",
        "Content-Type: application/json\r\nx-cultivator-csrf: 1\r\n",
        &body,
    )?;
    answer
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("set-cookie").then(|| {
                value
                    .trim()
                    .split(';')
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            })
        })
        .with_context(|| format!("signing in as {mobile} set no cookie: {answer}"))
}

/// One schemathesis pass; its "N generated, N passed" line.
fn pass(
    schemathesis: &Path,
    base: &str,
    who: &str,
    cookie: Option<&str>,
    work: &Path,
) -> Result<String> {
    println!("xtask: fuzz: {who}: schemathesis over {base}/api/openapi.json");
    let mut command = Command::new(schemathesis);
    command
        .arg("run")
        .arg(format!("{base}/api/openapi.json"))
        .args(["--checks", "not_a_server_error"])
        .args(["--phases", "examples,coverage,fuzzing"])
        .args(["--max-examples", &EXAMPLES.to_string()])
        .args(["--max-time", &PASS_SECONDS.to_string()])
        .args(["--request-timeout", "30"])
        .args(["--seed", "2026"])
        .args(["--header", "x-cultivator-csrf: 1"])
        .arg("--no-color");
    if let Some(cookie) = cookie {
        command.args(["--header", &format!("Cookie: {cookie}")]);
    }
    for operation in EXCLUDED {
        command.args(["--exclude-operation-id", operation]);
    }
    let output = command
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("could not start {}", schemathesis.display()))?;
    let text = String::from_utf8_lossy(&output.stdout);
    print!("{text}");
    if !output.status.success() {
        bail!(
            "schemathesis ({who}) found failures: see above and the server log in {}",
            work.display()
        );
    }
    Ok(text
        .lines()
        .skip_while(|l| !l.starts_with("Test cases:"))
        .nth(1)
        .unwrap_or("(no summary)")
        .trim()
        .to_owned())
}
