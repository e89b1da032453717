//! Precompressed siblings (`.br`, `.gz`) for every file the server sends, and
//! the size table that keeps the first page load honest.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use flate2::{Compression, write::GzEncoder};

/// One file of the build and its sizes in bytes.
pub struct Sizes {
    pub path: PathBuf,
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

/// Writes `<file>.br` (quality 11) and `<file>.gz` (best) next to every file
/// under `dir`, and returns the sizes of each original file, sorted by path.
pub fn precompress_all(dir: &Path) -> Result<Vec<Sizes>> {
    let mut files = Vec::new();
    collect_files(dir, &mut files)?;
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let raw = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
            let gz = gzip(&raw)?;
            let br = brotli(&raw)?;
            fs::write(with_suffix(&path, "gz"), &gz)?;
            fs::write(with_suffix(&path, "br"), &br)?;
            Ok(Sizes {
                path,
                raw: raw.len(),
                gzip: gz.len(),
                brotli: br.len(),
            })
        })
        .collect()
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(&path, out)?;
        } else if !matches!(path.extension().and_then(|e| e.to_str()), Some("br" | "gz")) {
            out.push(path);
        }
    }
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        // Quality 11 (the best), 4 MiB window.
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        writer.write_all(bytes)?;
        writer.flush()?;
    }
    Ok(out)
}

/// Prints the size table relative to `root`, returning the brotli total.
pub fn print_table(root: &Path, sizes: &[Sizes]) -> usize {
    let width = sizes
        .iter()
        .map(|s| display_name(root, &s.path).len())
        .max()
        .unwrap_or(4)
        .max(4);
    println!(
        "{:<width$}  {:>10}  {:>10}  {:>10}",
        "file", "raw", "gzip", "brotli"
    );
    for s in sizes {
        println!(
            "{:<width$}  {:>10}  {:>10}  {:>10}",
            display_name(root, &s.path),
            kb(s.raw),
            kb(s.gzip),
            kb(s.brotli)
        );
    }
    let total = |f: fn(&Sizes) -> usize| sizes.iter().map(f).sum::<usize>();
    let brotli_total = total(|s| s.brotli);
    println!(
        "{:<width$}  {:>10}  {:>10}  {:>10}",
        "total",
        kb(total(|s| s.raw)),
        kb(total(|s| s.gzip)),
        kb(brotli_total)
    );
    brotli_total
}

fn display_name(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Kilobytes (1 kB = 1000 bytes) with one decimal.
pub fn kb(bytes: usize) -> String {
    format!("{:.1} kB", bytes as f64 / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_forms_are_smaller_for_repetitive_text() -> Result<()> {
        let text = "培训计划 Cultivator ".repeat(200);
        assert!(gzip(text.as_bytes())?.len() < text.len() / 5);
        assert!(brotli(text.as_bytes())?.len() < text.len() / 5);
        Ok(())
    }
}
