//! Media in one directory on the local disk: an upload is written to a
//! hidden file beside its key and renamed over it when complete.

use std::path::{Path, PathBuf};

use bytes::Bytes;
use tokio::io::AsyncWriteExt;

use super::{MediaSource, MediaStore, Upload, UploadError, safe_key};

#[derive(Debug, Clone)]
pub struct DiskStore {
    root: PathBuf,
}

impl DiskStore {
    pub fn new(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
        }
    }

    fn path(&self, key: &str) -> Option<PathBuf> {
        safe_key(key).then(|| self.root.join(key))
    }
}

struct DiskUpload {
    file: tokio::io::BufWriter<tokio::fs::File>,
    staging: PathBuf,
    path: PathBuf,
}

#[async_trait::async_trait]
impl MediaStore for DiskStore {
    async fn begin(&self, key: &str) -> Result<Box<dyn Upload>, UploadError> {
        let path = self
            .path(key)
            .ok_or_else(|| std::io::Error::other(format!("unsafe media key {key:?}")))?;
        tokio::fs::create_dir_all(&self.root).await?;
        let staging = self.root.join(format!(".upload-{key}"));
        let file = tokio::io::BufWriter::new(tokio::fs::File::create(&staging).await?);
        Ok(Box::new(DiskUpload {
            file,
            staging,
            path,
        }))
    }

    async fn exists(&self, key: &str) -> bool {
        match self.path(key) {
            Some(path) => tokio::fs::metadata(path).await.is_ok_and(|m| m.is_file()),
            None => false,
        }
    }

    fn source(&self, key: &str) -> Option<MediaSource> {
        self.path(key).map(MediaSource::File)
    }

    async fn remove(&self, key: &str) -> Result<(), UploadError> {
        let path = self
            .path(key)
            .ok_or_else(|| std::io::Error::other(format!("unsafe media key {key:?}")))?;
        match tokio::fs::remove_file(path).await {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(err.into()),
            _ => Ok(()),
        }
    }
}

#[async_trait::async_trait]
impl Upload for DiskUpload {
    async fn write(&mut self, chunk: Bytes) -> Result<(), UploadError> {
        Ok(self.file.write_all(&chunk).await?)
    }

    async fn commit(mut self: Box<Self>) -> Result<(), UploadError> {
        self.file.flush().await?;
        self.file.get_ref().sync_all().await?;
        let DiskUpload {
            file,
            staging,
            path,
        } = *self;
        drop(file);
        tokio::fs::rename(&staging, &path).await?;
        Ok(())
    }

    async fn abort(self: Box<Self>) {
        let DiskUpload { file, staging, .. } = *self;
        drop(file);
        let _ = tokio::fs::remove_file(&staging).await;
    }
}
