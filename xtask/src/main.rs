//! `cargo xtask <command>`: the project's build tasks, written in Rust so they
//! run wherever cargo does.
//!
//! - `frontend [--dev]`: build the WebAssembly app into `frontend/dist/`.
//! - `lint`: clippy with warnings denied on the workspace and on both browser
//!   bundles for wasm32, and a check that `shared/` does not depend on
//!   sea-orm, axum or tokio.
//! - `run [ARGS..]`: build the frontend, then run the server with demo data.
//! - `test`: lint, build the frontend, make sure Chromium is present, run
//!   every test, then fuzz the API.
//! - `fuzz`: schemathesis over the served OpenAPI document, anonymously and
//!   signed in as a trainee and as an admin; fails on any 5xx.
//! - `bench web`: the browser benchmark (`tests/src/bin/web_bench.rs`): cold
//!   and warm times to content and bytes on Fast 3G.

mod browser;
mod bundle;
mod compress;
mod dist;
mod frontend;
mod fuzz;
mod hash;
mod lint;
mod python;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};

/// The S3-compatible server for the media-storage tests (moto's server).
const S3_SERVER: &str = "moto[server]==5.1.22";

const USAGE: &str = "usage: cargo xtask <command>

commands:
  frontend [--dev]   build the browser app into frontend/dist (--dev: unoptimised, faster)
  lint               clippy -D warnings on the workspace and on the frontend for wasm32
                     (with and without `staff`); fail if cultivator-shared depends on
                     sea-orm, axum or tokio
  run [ARGS..]       build the frontend (release), then `cultivator serve --demo [ARGS..]`
  test               lint, build the frontend (release), ensure Chromium, run the tests (server side,
                     then the browser app's own), then fuzz
  fuzz               schemathesis (from PyPI) over the API as anonymous, trainee and admin; fails on any 5xx
  bench web          build the frontend (release), ensure Chromium, then time the sign-in page, trainee
                     home, a course and a lesson in Chromium on Fast 3G, cold and warm";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<()> {
    let (command, rest) = args
        .split_first()
        .map_or(("", &[][..]), |(c, r)| (c.as_str(), r));
    match command {
        "frontend" => {
            let profile = match rest {
                [] => frontend::Profile::Release,
                [flag] if flag == "--dev" => frontend::Profile::Dev,
                _ => bail!("unexpected arguments to `frontend`: {rest:?}\n\n{USAGE}"),
            };
            frontend::build(profile)
        }
        "lint" => {
            if !rest.is_empty() {
                bail!("`lint` takes no arguments\n\n{USAGE}");
            }
            lint::run()
        }
        "run" => {
            frontend::build(frontend::Profile::Release)?;
            cargo(
                &[
                    "run",
                    "--release",
                    "-p",
                    "cultivator-server",
                    "--bin",
                    "cultivator",
                    "--",
                    "serve",
                    "--demo",
                ],
                rest,
            )
        }
        "test" => {
            if !rest.is_empty() {
                bail!("`test` takes no arguments\n\n{USAGE}");
            }
            lint::run()?;
            frontend::build(frontend::Profile::Release)?;
            browser::ensure_chromium()?;
            // The server's tests run with the server's own dependency
            // features, as it is built for production: in one cargo call with
            // the browser app, features unify across both, and the server
            // under test is not the server that ships (a paging bound held in
            // production and not under test). The browser app's own tests run
            // in a second call.
            // The S3-compatible server the media-storage tests start (moto,
            // from PyPI).
            let s3_server = python::install(
                &frontend::target_dir()?,
                "moto-venv",
                S3_SERVER,
                "moto_server",
            )?;
            let status = cargo_command()
                .args(["test", "--workspace", "--exclude", "cultivator-frontend"])
                .env("CULTIVATOR_TEST_S3_SERVER", &s3_server)
                .status()
                .context("could not start `cargo test`")?;
            if !status.success() {
                bail!("`cargo test --workspace` failed ({status})");
            }
            cargo(&["test", "-p", "cultivator-frontend"], &[])?;
            fuzz::run()
        }
        "bench" => match rest {
            [what] if what == "web" => {
                frontend::build(frontend::Profile::Release)?;
                browser::ensure_chromium()?;
                cargo(
                    &[
                        "run",
                        "--release",
                        "-p",
                        "cultivator-tests",
                        "--bin",
                        "web-bench",
                    ],
                    &[],
                )
            }
            _ => bail!("`bench` takes one argument, `web`\n\n{USAGE}"),
        },
        "fuzz" => {
            if !rest.is_empty() {
                bail!("`fuzz` takes no arguments\n\n{USAGE}");
            }
            fuzz::run()
        }
        "" | "help" | "-h" | "--help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => bail!("unknown command `{other}`\n\n{USAGE}"),
    }
}

/// The workspace root: xtask lives one level below it.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// A `cargo` command run from the workspace root, using the same cargo that runs us.
///
/// It does not inherit the variables `cargo run` set for xtask itself
/// (`CARGO_PKG_NAME`, `CARGO_MANIFEST_DIR`, ...): cargo reruns a build script
/// that watches one of them (ring's does) when its value differs from the
/// last build, so a cargo started from here and one started from a shell
/// would rebuild each other's work every time.
pub fn cargo_command() -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(workspace_root());
    for (name, _) in std::env::vars_os() {
        if name.to_str().is_some_and(set_by_cargo_run) {
            command.env_remove(name);
        }
    }
    command
}

/// Whether `cargo run` sets the environment variable `name` for the program
/// it runs (besides `CARGO`, which names the cargo to use).
fn set_by_cargo_run(name: &str) -> bool {
    name.starts_with("CARGO_PKG_")
        || name.starts_with("CARGO_MANIFEST_")
        || matches!(
            name,
            "CARGO_CRATE_NAME" | "CARGO_BIN_NAME" | "CARGO_PRIMARY_PACKAGE"
        )
}

/// Runs cargo with `args` then `extra`, output going straight to the terminal.
pub fn cargo(args: &[&str], extra: &[String]) -> Result<()> {
    let status = cargo_command()
        .args(args)
        .args(extra)
        .status()
        .with_context(|| format!("could not start `cargo {}`", args.join(" ")))?;
    if !status.success() {
        bail!("`cargo {}` failed ({status})", args.join(" "));
    }
    Ok(())
}
