//! `cargo xtask frontend`: compiles the Leptos app to WebAssembly, generates
//! its JavaScript glue with wasm-bindgen (as a library, so no extra tool to
//! install), and lays out `frontend/dist/` with content-hashed, precompressed
//! assets and an `index.html` that loads them.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use wasm_bindgen_cli_support::Bindgen;

use crate::{compress, hash, workspace_root};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// The file name stem of the generated glue and module.
const OUT_NAME: &str = "cultivator";
/// Brotli bytes a browser may download on first load (index.html, JS, WASM, CSS).
const BUDGET_BYTES: usize = 250_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Size-optimised (`wasm-release` profile), checked against the budget.
    Release,
    /// Plain debug build: quick to compile, large, not budget-checked.
    Dev,
}

impl Profile {
    /// The cargo profile name and the directory it builds into.
    fn cargo_profile(self) -> (&'static str, &'static str) {
        match self {
            Profile::Release => ("wasm-release", "wasm-release"),
            Profile::Dev => ("dev", "debug"),
        }
    }
}

pub fn build(profile: Profile) -> Result<()> {
    let root = workspace_root();
    let frontend = root.join("frontend");
    let (cargo_profile, profile_dir) = profile.cargo_profile();

    crate::cargo(
        &[
            "build",
            "-p",
            "cultivator-frontend",
            "--target",
            WASM_TARGET,
            "--profile",
            cargo_profile,
        ],
        &[],
    )?;
    let target_dir = target_dir()?;
    let wasm = target_dir
        .join(WASM_TARGET)
        .join(profile_dir)
        .join("cultivator-frontend.wasm");

    let staging = target_dir.join("xtask").join("bindgen");
    recreate_dir(&staging)?;
    Bindgen::new()
        .input_path(&wasm)
        .out_name(OUT_NAME)
        .web(true)?
        .typescript(false)
        .remove_name_section(profile == Profile::Release)
        .remove_producers_section(true)
        .generate(&staging)
        .with_context(|| format!("wasm-bindgen on {}", wasm.display()))?;

    let dist = frontend.join("dist");
    let assets = dist.join("assets");
    recreate_dir(&dist)?;
    fs::create_dir_all(&assets)?;

    let js = copy_hashed(
        &staging.join(format!("{OUT_NAME}.js")),
        &assets,
        OUT_NAME,
        ".js",
    )?;
    let wasm = copy_hashed(
        &staging.join(format!("{OUT_NAME}_bg.wasm")),
        &assets,
        OUT_NAME,
        "_bg.wasm",
    )?;
    let css = copy_hashed(
        &frontend.join("style").join("app.css"),
        &assets,
        "app",
        ".css",
    )?;
    // Inline JS from dependencies (`#[wasm_bindgen(inline_js)]`), imported
    // relative to the glue file.
    let snippets = staging.join("snippets");
    if snippets.is_dir() {
        copy_tree(&snippets, &assets.join("snippets"))?;
    }
    fs::write(dist.join("index.html"), index_html(&js, &wasm, &css))?;

    let sizes = compress::precompress_all(&dist)?;
    println!();
    let first_load = compress::print_table(&dist, &sizes);
    println!(
        "\nfirst load (brotli, everything above): {} (budget {})",
        compress::kb(first_load),
        compress::kb(BUDGET_BYTES)
    );
    // A work-in-progress branch may measure itself against another figure;
    // CI never sets this.
    let budget = std::env::var("CULTIVATOR_FIRST_LOAD_BUDGET")
        .ok()
        .and_then(|b| b.parse().ok())
        .unwrap_or(BUDGET_BYTES);
    if profile == Profile::Release && first_load > budget {
        bail!(
            "the first load is {} brotli, over the {} budget",
            compress::kb(first_load),
            compress::kb(budget)
        );
    }
    println!("wrote {}", dist.display());
    Ok(())
}

/// Where cargo puts build output, honouring `CARGO_TARGET_DIR` and config.
fn target_dir() -> Result<PathBuf> {
    let output = crate::cargo_command()
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .output()
        .context("could not run `cargo metadata`")?;
    if !output.status.success() {
        bail!(
            "`cargo metadata` failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    match metadata.get("target_directory").and_then(|v| v.as_str()) {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => bail!("`cargo metadata` did not report a target_directory"),
    }
}

/// Copies `source` to `<dir>/<stem>-<hash><suffix>` and returns the new file name.
fn copy_hashed(source: &Path, dir: &Path, stem: &str, suffix: &str) -> Result<String> {
    let bytes = fs::read(source).with_context(|| format!("reading {}", source.display()))?;
    let name = format!("{stem}-{}{suffix}", hash::short(&bytes));
    fs::write(dir.join(&name), bytes)?;
    Ok(name)
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Removes `dir` with everything in it, so no stale file survives, and makes it again.
fn recreate_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))
}

/// The page every client route is served: it only loads the app. The loading
/// line is removed by the app once it starts.
fn index_html(js: &str, wasm: &str, css: &str) -> String {
    format!(
        r##"<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="theme-color" content="#2f7d32">
<title>Cultivator 乡村人才培训</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/{css}">
<link rel="modulepreload" href="/assets/{js}">
<link rel="preload" href="/assets/{wasm}" as="fetch" type="application/wasm" crossorigin>
</head>
<body>
<p id="boot" class="boot">正在加载… Loading…</p>
<noscript><p class="boot">请在浏览器中启用 JavaScript 后使用本系统。Please enable JavaScript to use Cultivator.</p></noscript>
<script type="module">import init from '/assets/{js}'; init({{ module_or_path: '/assets/{wasm}' }});</script>
</body>
</html>
"##
    )
}
