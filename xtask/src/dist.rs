//! Writes `frontend/dist` so that an unchanged build leaves it untouched: a
//! file is written only when its bytes differ, and files a build no longer
//! makes are removed, without recreating the folder. The release server
//! embeds this folder and its build script reruns when anything in it has a
//! newer modification time, so rewriting identical files would recompile and
//! relink the server on every `cargo xtask run`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// The output folder of one build and the files the build has produced in it.
pub struct Dist {
    root: PathBuf,
    produced: BTreeSet<PathBuf>,
}

impl Dist {
    /// Opens `root`, creating it only when it does not exist yet.
    pub fn open(root: PathBuf) -> Result<Self> {
        fs::create_dir_all(&root).with_context(|| format!("creating {}", root.display()))?;
        Ok(Self {
            root,
            produced: BTreeSet::new(),
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Makes `path` (relative to the root, or absolute inside it) hold
    /// `bytes`, writing only if it does not already; returns the full path.
    pub fn write(&mut self, path: impl AsRef<Path>, bytes: &[u8]) -> Result<PathBuf> {
        let path = self.root.join(path);
        write_if_changed(&path, bytes)?;
        self.produced.insert(path.clone());
        Ok(path)
    }

    /// Every file produced so far, sorted by path.
    pub fn produced(&self) -> Vec<PathBuf> {
        self.produced.iter().cloned().collect()
    }

    /// Removes every file under the root that this build did not produce,
    /// and any folder that leaves empty (never the root itself).
    pub fn remove_stale(&self) -> Result<()> {
        self.remove_stale_in(&self.root)
    }

    fn remove_stale_in(&self, dir: &Path) -> Result<()> {
        for entry in fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                self.remove_stale_in(&path)?;
                if fs::read_dir(&path)?.next().is_none() {
                    fs::remove_dir(&path)
                        .with_context(|| format!("removing {}", path.display()))?;
                }
            } else if !self.produced.contains(&path) {
                fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
            }
        }
        Ok(())
    }
}

/// Writes `bytes` to `path` unless it already holds exactly them (creating
/// its folder if needed); true when it wrote.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool> {
    if fs::read(path).is_ok_and(|existing| existing == bytes) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> Result<PathBuf> {
        let dir = std::env::temp_dir().join(format!("xtask-dist-{name}-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        Ok(dir)
    }

    #[test]
    fn identical_bytes_are_not_rewritten() -> Result<()> {
        let dir = scratch("same")?;
        let mut dist = Dist::open(dir.clone())?;
        let path = dist.write("a/x.txt", b"one")?;
        let before = fs::metadata(&path)?.modified()?;
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(!write_if_changed(&path, b"one")?);
        assert_eq!(fs::metadata(&path)?.modified()?, before);
        assert!(write_if_changed(&path, b"two")?);
        assert_eq!(fs::read(&path)?, b"two");
        fs::remove_dir_all(dir)?;
        Ok(())
    }

    #[test]
    fn files_not_produced_again_are_removed() -> Result<()> {
        let dir = scratch("stale")?;
        let mut first = Dist::open(dir.clone())?;
        first.write("keep.txt", b"k")?;
        first.write("old/gone.txt", b"g")?;
        let mut second = Dist::open(dir.clone())?;
        second.write("keep.txt", b"k")?;
        second.remove_stale()?;
        assert!(dir.join("keep.txt").exists());
        assert!(!dir.join("old").exists());
        fs::remove_dir_all(dir)?;
        Ok(())
    }
}
