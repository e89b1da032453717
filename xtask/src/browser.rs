//! Makes sure the browser tests find Chromium and its WebDriver.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Installs Chromium with apt when it is missing and we may (root on a Debian
/// or Ubuntu system); otherwise explains what to install.
pub fn ensure_chromium() -> Result<()> {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    let has_apt =
        Path::new("/usr/bin/apt-get").exists() && Path::new("/etc/debian_version").exists();
    if !has_apt || !is_root()? {
        bail!(
            "the browser tests need {CHROMIUM} and {CHROMEDRIVER}; install them \
             (Debian/Ubuntu: `sudo apt-get install chromium chromium-driver`) and run again"
        );
    }
    println!("xtask: installing chromium and chromium-driver with apt-get");
    apt_get(&["update"])?;
    apt_get(&[
        "install",
        "-y",
        "--no-install-recommends",
        "chromium",
        "chromium-driver",
    ])?;
    if !(Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists()) {
        bail!("apt-get finished but {CHROMIUM} or {CHROMEDRIVER} is still missing");
    }
    Ok(())
}

fn apt_get(args: &[&str]) -> Result<()> {
    let status = Command::new("apt-get")
        .args(args)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status()
        .context("could not start apt-get")?;
    if !status.success() {
        bail!("`apt-get {}` failed ({status})", args.join(" "));
    }
    Ok(())
}

fn is_root() -> Result<bool> {
    let output = Command::new("id")
        .arg("-u")
        .output()
        .context("could not run `id -u`")?;
    Ok(String::from_utf8_lossy(&output.stdout).trim() == "0")
}
