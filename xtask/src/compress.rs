//! Precompressed siblings (`.br`, `.gz`) for every file the server sends, and
//! the size table that keeps the first page load honest.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use flate2::{Compression, read::GzDecoder, write::GzEncoder};

use crate::dist::Dist;

/// One file of the build and its sizes in bytes.
pub struct Sizes {
    pub path: PathBuf,
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

/// Gives every file produced so far in `dist` a `<file>.br` (quality 11)
/// and a `<file>.gz` (best) sibling, and returns the sizes of each original
/// file, sorted by path. A sibling that already decodes to the file's bytes
/// is kept as it is: compressing again would cost seconds and, through
/// [`Dist::write`], change nothing.
pub fn precompress(dist: &mut Dist) -> Result<Vec<Sizes>> {
    dist.produced()
        .into_iter()
        .map(|path| {
            let raw = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
            let gz = reuse_or(&with_suffix(&path, "gz"), &raw, gunzip, gzip)?;
            let br = reuse_or(&with_suffix(&path, "br"), &raw, unbrotli, brotli)?;
            dist.write(with_suffix(&path, "gz"), &gz)?;
            dist.write(with_suffix(&path, "br"), &br)?;
            Ok(Sizes {
                path,
                raw: raw.len(),
                gzip: gz.len(),
                brotli: br.len(),
            })
        })
        .collect()
}

/// The existing compressed file at `path` if it decodes to `raw`, else `raw`
/// compressed afresh.
fn reuse_or(
    path: &Path,
    raw: &[u8],
    decode: fn(&[u8]) -> Result<Vec<u8>>,
    encode: fn(&[u8]) -> Result<Vec<u8>>,
) -> Result<Vec<u8>> {
    if let Ok(existing) = fs::read(path)
        && decode(&existing).is_ok_and(|decoded| decoded == raw)
    {
        return Ok(existing);
    }
    encode(raw)
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

fn gunzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    GzDecoder::new(bytes).read_to_end(&mut out)?;
    Ok(out)
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

fn unbrotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 64 * 1024).read_to_end(&mut out)?;
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

    #[test]
    fn compressed_forms_decode_to_the_original() -> Result<()> {
        let text = "培训计划 Cultivator ".repeat(200);
        assert_eq!(gunzip(&gzip(text.as_bytes())?)?, text.as_bytes());
        assert_eq!(unbrotli(&brotli(text.as_bytes())?)?, text.as_bytes());
        Ok(())
    }
}
