//! Python tools from PyPI, each in a virtualenv kept beside the build cache
//! and installed once per pinned release.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

/// `requirement` (pinned, `name==x.y.z`) installed into `target/<venv>`;
/// returns the path of its `bin` command.
pub fn install(target: &Path, venv: &str, requirement: &str, bin: &str) -> Result<PathBuf> {
    let venv = target.join(venv);
    let command = venv.join("bin").join(bin);
    let marker = venv.join(requirement);
    if command.exists() && marker.exists() {
        return Ok(command);
    }
    let _ = std::fs::remove_dir_all(&venv);
    run_ok(Command::new("python3").arg("-m").arg("venv").arg(&venv))
        .context("python3 -m venv (Debian: apt-get install python3-venv)")?;
    run_ok(Command::new(venv.join("bin").join("pip")).args([
        "install",
        "--quiet",
        "--disable-pip-version-check",
        requirement,
    ]))?;
    std::fs::write(&marker, b"")?;
    Ok(command)
}

pub fn run_ok(command: &mut Command) -> Result<()> {
    let status = command
        .status()
        .with_context(|| format!("could not start {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed ({status})");
    }
    Ok(())
}
