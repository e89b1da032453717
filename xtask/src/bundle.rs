//! One build of the browser app, split by route: the pages a visitor meets
//! first (home, sign-in, register) are in the module that loads with the
//! page; every other page is a lazy route (`frontend/src/routes.rs`) whose
//! code is cut out into its own WebAssembly chunk and fetched when that page
//! is first opened.
//!
//! The steps are cargo-leptos's `--split`, done here as libraries so nothing
//! extra is installed: the linker keeps its relocations (`--emit-relocs`),
//! `wasm_split_cli_support` cuts the module at the split points the
//! `#[lazy_route]` macro marks and writes a small JavaScript link module that
//! fetches the chunks, and wasm-bindgen then makes the glue for the main
//! module, keeping the linker's exports the chunks call back into.
//!
//! The glue, the link module and the chunks name each other by relative
//! paths, so they cannot each carry their own content hash; they go together
//! into one folder named by the hash of all of them
//! (`assets/<bundle>-<hash>/`), which changes whenever any of them does.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use wasm_bindgen_cli_support::Bindgen;

use crate::dist::Dist;
use crate::frontend::{Profile, WASM_TARGET, target_dir};
use crate::hash;

/// The link module's name, relative to the glue.
const LINK_MODULE: &str = "__wasm_split.js";

/// Where one bundle's files went, as paths under `/assets/`.
pub struct BuiltBundle {
    /// The glue the page imports.
    pub js: String,
    /// The main module the glue instantiates.
    pub wasm: String,
    /// What the glue imports before the app can start (the link module).
    pub js_imports: Vec<String>,
    /// Chunks fetched when a lazy page is first opened.
    pub chunks: Vec<String>,
}

impl BuiltBundle {
    /// What a first visit downloads before the first page shows.
    pub fn first_load(&self) -> Vec<String> {
        let mut files = vec![self.js.clone(), self.wasm.clone()];
        files.extend(self.js_imports.iter().cloned());
        files
    }
}

/// Compiles the bundle `name` with `features`, splits it, runs wasm-bindgen
/// and lays its files out in `dist/assets/<name>-<hash>/`.
pub fn build(
    name: &str,
    features: &[&str],
    profile: Profile,
    dist: &mut Dist,
) -> Result<BuiltBundle> {
    let wasm = compile(features, profile)?;
    let staging = target_dir()?.join("xtask").join("bundle").join(name);
    recreate_dir(&staging)?;
    let split_dir = staging.join("split");
    let out_dir = staging.join("out");
    fs::create_dir_all(&split_dir)?;

    let input = fs::read(&wasm).with_context(|| format!("reading {}", wasm.display()))?;
    let main_wasm = split_dir.join("main.wasm");
    let main_module = format!("./{name}.js");
    let link_name = format!("./{LINK_MODULE}");
    let split = wasm_split_cli_support::transform({
        let mut options = wasm_split_cli_support::Options::new(&input);
        options.output_dir = &out_dir;
        options.main_out_path = &main_wasm;
        options.main_module = &main_module;
        options.link_name = &link_name;
        options
    })
    .map_err(|error| anyhow!("splitting {}: {error:#}", wasm.display()))?;

    Bindgen::new()
        .input_path(&main_wasm)
        .out_name(name)
        .web(true)?
        .typescript(false)
        .keep_lld_exports(true)
        .demangle(false)
        .remove_name_section(profile == Profile::Release)
        .remove_producers_section(true)
        .generate(&out_dir)
        .with_context(|| format!("wasm-bindgen on {}", main_wasm.display()))?;

    let files = files_under(&out_dir)?;
    let mut all = Vec::new();
    for file in &files {
        all.extend(file.to_string_lossy().as_bytes());
        all.extend(fs::read(out_dir.join(file))?);
    }
    let folder = PathBuf::from("assets").join(format!("{name}-{}", hash::short(&all)));
    for file in &files {
        dist.write(folder.join(file), &fs::read(out_dir.join(file))?)?;
    }
    let asset = |file: &str| format!("/{}/{file}", folder.display());
    let mut chunks: Vec<String> = split
        .split_modules
        .iter()
        .filter_map(|path| path.file_name())
        .map(|file| asset(&file.to_string_lossy()))
        .collect();
    chunks.sort();
    Ok(BuiltBundle {
        js: asset(&format!("{name}.js")),
        wasm: asset(&format!("{name}_bg.wasm")),
        js_imports: vec![asset(LINK_MODULE)],
        chunks,
    })
}

/// Builds the app's WebAssembly with the linker's relocations kept (which
/// the splitter needs) and returns its path. The flag goes to the final
/// link only (`cargo rustc`), so the dependencies' build is shared with
/// `cargo xtask lint` and every other wasm build.
fn compile(features: &[&str], profile: Profile) -> Result<PathBuf> {
    let (cargo_profile, profile_dir) = profile.cargo_profile();
    let features = features.join(",");
    let mut args = vec![
        "rustc",
        "-p",
        "cultivator-frontend",
        "--bin",
        "cultivator-frontend",
        "--target",
        WASM_TARGET,
        "--profile",
        cargo_profile,
    ];
    if !features.is_empty() {
        args.extend(["--features", features.as_str()]);
    }
    crate::cargo(
        &args,
        &["--".to_owned(), "-Clink-arg=--emit-relocs".to_owned()],
    )?;
    Ok(target_dir()?
        .join(WASM_TARGET)
        .join(profile_dir)
        .join("cultivator-frontend.wasm"))
}

/// Every file under `dir`, as paths relative to it, sorted.
fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        for entry in fs::read_dir(dir.join(&relative))
            .with_context(|| format!("listing {}", dir.join(&relative).display()))?
        {
            let entry = entry?;
            let path = relative.join(entry.file_name());
            if entry.file_type()?.is_dir() {
                pending.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Removes `dir` with everything in it, so no stale file survives, and makes it again.
fn recreate_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))
}
