//! `cargo xtask frontend`: compiles the Leptos app to WebAssembly, generates
//! its JavaScript glue with wasm-bindgen (as a library, so no extra tool to
//! install), and lays out `frontend/dist/` with content-hashed, precompressed
//! assets and an `index.html` that loads them. Run again with nothing
//! changed, it touches no file there (see [`crate::dist`]).

use std::fs;
use std::path::{Path, PathBuf};

use crate::bundle::BuiltBundle;
use crate::dist::Dist;
use crate::{bundle, compress, hash, workspace_root};
use anyhow::{Context, Result, bail};

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// The file name stem of the generated glue and module.
const OUT_NAME: &str = "cultivator";
/// Brotli bytes a trainee's browser may download on first load (the page,
/// the glue and the link module, the main WebAssembly module, the CSS): the
/// 250 kB a first visit on rural 3G can afford (docs/rural-networks.md).
/// Held since the app was split by route (`frontend/src/routes.rs`): the
/// whole trainee app was 358.9 kB; the main module with the home and
/// sign-in pages is 247.9 kB, every other page a chunk fetched when opened.
/// A change that needs more moves code out of the main module instead
/// (another lazy route, or words only a lazy page uses).
const BUDGET_BYTES: usize = 250_000;
/// The same for staff pages, opened on office computers and better
/// networks. Before the split by route the staff app was 632.1 kB on first
/// load; its main module is 259.1 kB, each staff page a chunk of its own.
const STAFF_BUDGET_BYTES: usize = 265_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Size-optimised (`wasm-release` profile), checked against the budget.
    Release,
    /// Plain debug build: quick to compile, large, not budget-checked.
    Dev,
}

impl Profile {
    /// The cargo profile name and the directory it builds into.
    pub fn cargo_profile(self) -> (&'static str, &'static str) {
        match self {
            Profile::Release => ("wasm-release", "wasm-release"),
            Profile::Dev => ("dev", "debug"),
        }
    }
}

/// One build of the app. Trainees, on cheap phones over slow networks, get
/// the app without the staff pages; instructors, coordinators and admins get
/// everything. The server picks the page by URL prefix (see `server/src/assets.rs`).
struct Bundle {
    /// File name stem of the glue, the module and the page.
    name: &'static str,
    features: &'static [&'static str],
    page: &'static str,
    /// Brotli bytes a browser may download on first load (page, JS, WASM, CSS).
    budget: usize,
}

const BUNDLES: [Bundle; 2] = [
    Bundle {
        name: OUT_NAME,
        features: &[],
        page: "index.html",
        budget: BUDGET_BYTES,
    },
    Bundle {
        name: "staff",
        features: &["staff"],
        page: "staff.html",
        budget: STAFF_BUDGET_BYTES,
    },
];

pub fn build(profile: Profile) -> Result<()> {
    let root = workspace_root();
    let frontend = root.join("frontend");
    let mut dist = Dist::open(frontend.join("dist"))?;
    let css = write_hashed(
        &mut dist,
        &stylesheet(&frontend.join("style"))?,
        "app",
        ".css",
    )?;

    let mut loads = Vec::new();
    let register = fs::read_to_string(frontend.join("pwa/register.js"))
        .context("reading frontend/pwa/register.js")?;
    let (mut shell_files, mut page_chunks) = (Vec::new(), Vec::new());
    for bundle in &BUNDLES {
        let built = bundle::build(bundle.name, bundle.features, profile, &mut dist)?;
        let css = format!("/assets/{css}");
        dist.write(bundle.page, index_html(&built, &css, &register).as_bytes())?;
        // The trainee app, every page of it, is cached when the service
        // worker installs; the staff app only once it is used.
        if bundle.name == OUT_NAME {
            shell_files = built.first_load();
            shell_files.push(css.clone());
            page_chunks = built.chunks.clone();
        }
        let mut first_load = vec![format!("/{}", bundle.page), css];
        first_load.extend(built.first_load());
        loads.push((bundle, first_load));
    }

    let worker = service_worker(
        &fs::read_to_string(frontend.join("pwa/sw.js")).context("reading frontend/pwa/sw.js")?,
        &shell_files,
        &page_chunks,
    );
    dist.write("sw.js", worker.as_bytes())?;
    let sizes = compress::precompress(&mut dist)?;
    dist.remove_stale()?;
    let dist = dist.root();
    println!();
    compress::print_table(dist, &sizes);
    let mut over = Vec::new();
    for (bundle, files) in loads {
        let first_load: usize = sizes
            .iter()
            .filter(|s| {
                files
                    .iter()
                    .any(|f| s.path == dist.join(f.trim_start_matches('/')))
            })
            .map(|s| s.brotli)
            .sum();
        // A work-in-progress branch may measure itself against another
        // figure; CI never sets this.
        let budget = std::env::var("CULTIVATOR_FIRST_LOAD_BUDGET")
            .ok()
            .and_then(|b| b.parse().ok())
            .filter(|_| bundle.name == OUT_NAME)
            .unwrap_or(bundle.budget);
        println!(
            "first load of {} (brotli: page, JS, WASM, CSS): {} (budget {})",
            bundle.page,
            compress::kb(first_load),
            compress::kb(budget)
        );
        if profile == Profile::Release && first_load > budget {
            over.push(format!(
                "{} is {} brotli, over its {} budget",
                bundle.page,
                compress::kb(first_load),
                compress::kb(budget)
            ));
        }
    }
    if !over.is_empty() {
        bail!("first load too large: {}", over.join("; "));
    }
    println!("wrote {}", dist.display());
    Ok(())
}

/// Every `.css` file of `style/`, in name order, as one stylesheet: each area
/// of the app keeps its own file.
fn stylesheet(dir: &Path) -> Result<Vec<u8>> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    files.retain(|p| p.extension().is_some_and(|e| e == "css"));
    files.sort();
    let mut out = Vec::new();
    for file in files {
        out.extend(fs::read(&file).with_context(|| format!("reading {}", file.display()))?);
        out.push(b'\n');
    }
    Ok(out)
}

/// Where cargo puts build output, honouring `CARGO_TARGET_DIR` and config.
pub fn target_dir() -> Result<PathBuf> {
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

fn write_hashed(dist: &mut Dist, bytes: &[u8], stem: &str, suffix: &str) -> Result<String> {
    let name = format!("{stem}-{}{suffix}", hash::short(bytes));
    dist.write(Path::new("assets").join(&name), bytes)?;
    Ok(name)
}

/// The page every client route is served: it only loads the app. The loading
/// line is removed by the app once it starts.
///
/// It carries the app's Content-Security-Policy (the server's header adds
/// `frame-ancestors`, which a `<meta>` cannot): scripts only from our origin
/// plus the one inline loader, allowed by its SHA-256 hash; WebAssembly
/// compiled from our own files (`'wasm-unsafe-eval'`); data only from our API;
/// no plugins, no `<base>` tricks, forms only to us. Styles allow inline
/// attributes, which the app's views set. The browser tests run the app under
/// this policy, so a change that breaks it fails them.
fn index_html(built: &BuiltBundle, css: &str, register: &str) -> String {
    let (js, wasm) = (&built.js, &built.wasm);
    let loader =
        format!("import init from '{js}'; init({{ module_or_path: '{wasm}' }});\n{register}");
    // The link module the glue imports is asked for with the glue, not a
    // round trip after it.
    let imports: String = built
        .js_imports
        .iter()
        .map(|file| format!("<link rel=\"modulepreload\" href=\"{file}\">\n"))
        .collect();
    let csp = content_security_policy(&loader);
    format!(
        r##"<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="theme-color" content="#2f7d32">
<title>Cultivator 乡村人才培训</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{css}">
<link rel="modulepreload" href="{js}">
{imports}<link rel="preload" href="{wasm}" as="fetch" type="application/wasm" crossorigin>
</head>
<body>
<p id="boot" class="boot">正在加载… Loading…</p>
<noscript><p class="boot">请在浏览器中启用 JavaScript 后使用本系统。Please enable JavaScript to use Cultivator.</p></noscript>
<script type="module">{loader}</script>
</body>
</html>
"##
    )
}

/// The policy for a page whose one inline script is `loader`.
fn content_security_policy(loader: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(loader));
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; \
         connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
    )
}

/// The service worker for this release: its version (from the names of the
/// files it caches, which change with their content), the files the app
/// starts from and the chunks of its other pages.
fn service_worker(template: &str, shell_files: &[String], page_chunks: &[String]) -> String {
    let names = [shell_files, page_chunks].concat().join("\n");
    let version = hash::short(names.as_bytes());
    let list = |files: &[String]| serde_json::to_string(files).unwrap_or_else(|_| "[]".to_owned());
    template
        .replace("'__VERSION__'", &format!("'{version}'"))
        .replace("__SHELL_FILES__", &list(shell_files))
        .replace("__PAGE_CHUNKS__", &list(page_chunks))
}
