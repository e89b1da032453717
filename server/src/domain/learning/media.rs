//! Lesson media (videos, audio renditions, documents): which types are
//! accepted, and where the bytes live. Storage sits behind [`MediaStore`] so
//! that an object store can replace the local disk later.

use std::path::{Path, PathBuf};

use bytes::Bytes;
use cultivator_shared::api::authoring::LessonKind;
use futures_util::{Stream, StreamExt};

/// The file extension stored for an accepted content type, or `None` if
/// this kind of lesson does not take it.
pub fn extension_for(kind: LessonKind, content_type: &str) -> Option<&'static str> {
    let mime = content_type.split(';').next().unwrap_or_default().trim();
    match (kind, mime) {
        (LessonKind::Video, "video/mp4") => Some("mp4"),
        (LessonKind::Video, "video/webm") => Some("webm"),
        (LessonKind::Video, "audio/mp4") => Some("m4a"),
        (LessonKind::Video, "audio/mpeg") => Some("mp3"),
        (LessonKind::Document, "application/pdf") => Some("pdf"),
        (
            LessonKind::Document,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ) => Some("docx"),
        (
            LessonKind::Document,
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ) => Some("pptx"),
        _ => None,
    }
}

/// The content type to serve a stored file with, from its extension.
pub fn content_type(key: &str) -> Option<&'static str> {
    match key.rsplit_once('.')?.1 {
        "mp4" => Some("video/mp4"),
        "webm" => Some("video/webm"),
        "m4a" => Some("audio/mp4"),
        "mp3" => Some("audio/mpeg"),
        "pdf" => Some("application/pdf"),
        "docx" => Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        "pptx" => Some("application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        _ => None,
    }
}

/// The types [`extension_for`] accepts for a lesson kind, for error messages.
pub fn accepted_types(kind: LessonKind) -> &'static str {
    match kind {
        LessonKind::Video => "video/mp4, video/webm, audio/mp4, audio/mpeg",
        LessonKind::Document => "application/pdf, .docx, .pptx",
        LessonKind::Article => "no files (an article is text)",
    }
}

/// The audio-only rendition of a video lesson: small enough for a slow
/// network, played by the same player.
pub fn audio_extension(content_type: &str) -> Option<&'static str> {
    match content_type.split(';').next().unwrap_or_default().trim() {
        "audio/mp4" => Some("m4a"),
        "audio/mpeg" => Some("mp3"),
        _ => None,
    }
}

pub const AUDIO_TYPES: &str = "audio/mp4, audio/mpeg";

#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("the file is larger than the limit of {max_bytes} bytes")]
    TooLarge { max_bytes: u64 },
    #[error("the upload was interrupted: {0}")]
    Interrupted(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Streams an upload into the store under `key`, one chunk in memory at a
/// time. It is written aside and renamed when complete, so a viewer never
/// streams half a file; past `max_bytes`, or if the body breaks off, the
/// partial file is removed and nothing replaces the current media.
pub async fn store_upload(
    store: &dyn MediaStore,
    key: &str,
    mut body: impl Stream<Item = Result<Bytes, impl std::fmt::Display>> + Unpin,
    max_bytes: u64,
) -> Result<u64, UploadError> {
    use tokio::io::AsyncWriteExt;

    let path = store
        .local_path(key)
        .ok_or_else(|| std::io::Error::other(format!("unsafe media key {key:?}")))?;
    let staging = store.staging_path(key);
    if let Some(dir) = path.parent() {
        tokio::fs::create_dir_all(dir).await?;
    }
    let mut file = tokio::io::BufWriter::new(tokio::fs::File::create(&staging).await?);
    let mut written: u64 = 0;
    let outcome: Result<(), UploadError> = async {
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|e| UploadError::Interrupted(e.to_string()))?;
            written += chunk.len() as u64;
            if written > max_bytes {
                return Err(UploadError::TooLarge { max_bytes });
            }
            file.write_all(&chunk).await?;
        }
        file.flush().await?;
        file.get_ref().sync_all().await?;
        Ok(())
    }
    .await;
    if let Err(err) = outcome {
        drop(file);
        let _ = tokio::fs::remove_file(&staging).await;
        if matches!(err, UploadError::TooLarge { .. }) {
            drain(&mut body).await;
        }
        return Err(err);
    }
    drop(file);
    tokio::fs::rename(&staging, &path).await?;
    Ok(written)
}

/// Reads and discards up to [`DRAIN_BYTES`] more of a refused upload, so
/// that a client still sending gets the error response rather than a reset
/// connection (closing a socket with unread data resets it).
async fn drain<E>(body: &mut (impl Stream<Item = Result<Bytes, E>> + Unpin)) {
    let mut drained: u64 = 0;
    while drained < DRAIN_BYTES {
        match body.next().await {
            Some(Ok(chunk)) => drained += chunk.len() as u64,
            _ => break,
        }
    }
}

/// How much of a refused upload is read and thrown away before answering.
pub const DRAIN_BYTES: u64 = 4 * 1024 * 1024;

/// Where media bytes are kept, by key (a file name without directories).
pub trait MediaStore: Send + Sync {
    /// A local file to serve the media from (with range requests).
    fn local_path(&self, key: &str) -> Option<PathBuf>;
    /// Where an upload is written before it is committed under `key`.
    fn staging_path(&self, key: &str) -> PathBuf;
}

/// Media in one directory on the local disk.
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
}

fn safe_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !key.starts_with('.')
}

impl MediaStore for DiskStore {
    fn local_path(&self, key: &str) -> Option<PathBuf> {
        safe_key(key).then(|| self.root.join(key))
    }

    fn staging_path(&self, key: &str) -> PathBuf {
        self.root.join(format!(".upload-{key}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_lesson_kind_takes_its_own_types() {
        assert_eq!(extension_for(LessonKind::Video, "video/mp4"), Some("mp4"));
        assert_eq!(
            extension_for(LessonKind::Video, "audio/mp4; codecs=mp4a"),
            Some("m4a")
        );
        assert_eq!(extension_for(LessonKind::Video, "application/pdf"), None);
        assert_eq!(
            extension_for(LessonKind::Document, "application/pdf"),
            Some("pdf")
        );
        assert_eq!(extension_for(LessonKind::Article, "text/html"), None);
        assert_eq!(extension_for(LessonKind::Document, "text/html"), None);
    }

    #[test]
    fn keys_cannot_escape_the_media_directory() {
        let store = DiskStore::new(Path::new("/srv/media"));
        assert!(store.local_path("lesson-1.mp4").is_some());
        assert!(store.local_path("../etc/passwd").is_none());
        assert!(store.local_path(".hidden").is_none());
        assert!(store.local_path("a/b.mp4").is_none());
    }
}
