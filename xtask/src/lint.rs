//! `cargo xtask lint`: the static checks CI runs before the tests. Clippy
//! with warnings denied on the whole workspace, and again on the frontend as
//! the browser gets it (wasm32, with and without the staff pages: code behind
//! `cfg(target_arch = "wasm32")` and the `staff` feature is invisible to a
//! host build); and `cultivator-shared` kept free of the server's stack, so
//! it keeps building for the browser.

use anyhow::{Context, Result, bail};

use crate::frontend::WASM_TARGET;
use crate::{cargo, cargo_command};

/// What `shared/` must never depend on: the database layer, the web
/// framework and the async runtime belong to the server.
const SERVER_ONLY: [&str; 3] = ["sea-orm", "axum", "tokio"];

pub fn run() -> Result<()> {
    step("clippy on the workspace");
    cargo(
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    )?;
    // `--target`, never RUSTFLAGS: cargo then takes the wasm32 rustflags from
    // .cargo/config.toml as `cargo xtask frontend` does, so the lints see the
    // cfgs of the shipped bundle, and host build scripts and proc-macros,
    // shared with every other command, keep their flags and are not rebuilt.
    for (bundle, features) in [
        ("trainee", &[][..]),
        ("staff", &["--features", "staff"][..]),
    ] {
        step(&format!(
            "clippy on the frontend for {WASM_TARGET}, {bundle} bundle"
        ));
        let mut args = vec![
            "clippy",
            "-p",
            "cultivator-frontend",
            "--target",
            WASM_TARGET,
        ];
        args.extend(features);
        args.extend(["--", "-D", "warnings"]);
        cargo(&args, &[])?;
    }
    step("cultivator-shared has no server-only dependency");
    shared_stays_portable()?;
    println!("xtask: lint passed");
    Ok(())
}

fn step(what: &str) {
    println!("xtask: lint: {what}");
}

fn shared_stays_portable() -> Result<()> {
    let mut found = Vec::new();
    for dependency in SERVER_ONLY {
        if let Some(tree) = normal_dependency_path("cultivator-shared", dependency)? {
            found.push(format!(
                "cultivator-shared depends on {dependency}:\n{tree}"
            ));
        }
    }
    if !found.is_empty() {
        bail!(
            "shared/ must build without the server's stack (serde and small pure crates only):\n{}",
            found.join("\n")
        );
    }
    Ok(())
}

/// How `package` reaches `dependency` through normal dependencies (not dev
/// or build ones), with any of its features, on the host or in the browser:
/// `cargo tree -i`'s output, or `None` when it does not.
fn normal_dependency_path(package: &str, dependency: &str) -> Result<Option<String>> {
    let args = [
        "tree",
        "-p",
        package,
        "--all-features",
        "-e",
        "normal",
        "-i",
        dependency,
        "--target",
        "host-tuple",
        "--target",
        WASM_TARGET,
    ];
    let output = cargo_command()
        .args(args)
        .output()
        .with_context(|| format!("could not start `cargo {}`", args.join(" ")))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.success() {
        // In the package's graph but only through dev or build edges, cargo
        // tree succeeds, prints nothing and warns "nothing to print". It
        // prints one tree per target, often the same one twice.
        let mut trees: Vec<&str> = Vec::new();
        for tree in stdout.split("\n\n").map(str::trim) {
            if !tree.is_empty() && !trees.contains(&tree) {
                trees.push(tree);
            }
        }
        return Ok((!trees.is_empty()).then(|| trees.join("\n\n")));
    }
    // Nowhere in the package's graph: cargo tree rejects the spec itself.
    // Any other failure (a missing package, several versions of the
    // dependency, no lock file) is an error, never a pass.
    if stderr.contains(&format!(
        "package ID specification `{dependency}` did not match any packages"
    )) {
        return Ok(None);
    }
    bail!(
        "`cargo {}` failed ({}):\n{stderr}",
        args.join(" "),
        output.status
    )
}
