//! Lesson media (videos, audio renditions, documents): which types are
//! accepted, and where the bytes live, behind [`MediaStore`]: a directory
//! on the local disk ([`DiskStore`], the embedded default) or an
//! S3-compatible object store shared by every node ([`ObjectMedia`]).

mod disk;
mod objects;
pub mod range;

use std::path::PathBuf;
use std::sync::Arc;

use bytes::Bytes;
use cultivator_shared::api::authoring::LessonKind;
use futures_util::{Stream, StreamExt};

pub use disk::DiskStore;
pub use objects::{MediaUrl, ObjectMedia, ObjectRead, ReadError};

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
        "weba" => Some("audio/webm"),
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
        // WebM with Opus: the smallest at a given quality, played by every
        // browser the trainees' phones run.
        "audio/webm" => Some("weba"),
        _ => None,
    }
}

pub const AUDIO_TYPES: &str = "audio/mp4, audio/mpeg, audio/webm";

/// Bytes of a file's start that [`content_matches`] looks at.
pub const SIGNATURE_BYTES: usize = 8;

/// Whether a file that starts with `head` is what its extension says: a
/// declared `video/mp4` must be an MP4, not arbitrary bytes served back
/// under that type. Checks the format's signature (magic bytes).
pub fn content_matches(extension: &str, head: &[u8]) -> bool {
    match extension {
        // ISO base media (MP4, M4A): a box size, then "ftyp".
        "mp4" | "m4a" => head.get(4..8) == Some(b"ftyp".as_slice()),
        // Matroska/WebM: the EBML header.
        "webm" | "weba" => head.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]),
        // MP3: an ID3 tag, or straight into an MPEG audio frame sync.
        "mp3" => {
            head.starts_with(b"ID3")
                || (head.len() >= 2 && head[0] == 0xFF && head[1] & 0xE0 == 0xE0)
        }
        "pdf" => head.starts_with(b"%PDF-"),
        // Office Open XML files are ZIP archives.
        "docx" | "pptx" => head.starts_with(b"PK\x03\x04"),
        _ => false,
    }
}

#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("the file is larger than the limit of {max_bytes} bytes")]
    TooLarge { max_bytes: u64 },
    #[error("the upload was interrupted: {0}")]
    Interrupted(String),
    /// The bytes are not the declared type (e.g. not a video at all).
    #[error("the file's content is not a .{extension} file")]
    NotWhatItSays { extension: String },
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Store(#[from] object_store::Error),
}

/// Streams an upload into the store under `key`, one chunk in memory at a
/// time (an object store holds one multipart part). It is written aside
/// and committed when complete, so a viewer never streams half a file; past
/// `max_bytes`, if the body breaks off, or if its bytes are not what its
/// key says, the partial upload is discarded and nothing replaces the
/// current media.
pub async fn store_upload(
    store: &dyn MediaStore,
    key: &str,
    mut body: impl Stream<Item = Result<Bytes, impl std::fmt::Display>> + Unpin,
    max_bytes: u64,
) -> Result<u64, UploadError> {
    let extension = key.rsplit_once('.').map_or("", |(_, ext)| ext);
    let mut upload = store.begin(key).await?;
    let mut written: u64 = 0;
    let mut head: Vec<u8> = Vec::with_capacity(SIGNATURE_BYTES);
    let outcome: Result<(), UploadError> = async {
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|e| UploadError::Interrupted(e.to_string()))?;
            written += chunk.len() as u64;
            if written > max_bytes {
                return Err(UploadError::TooLarge { max_bytes });
            }
            if head.len() < SIGNATURE_BYTES {
                let wanted = SIGNATURE_BYTES - head.len();
                head.extend_from_slice(&chunk[..wanted.min(chunk.len())]);
            }
            upload.write(chunk).await?;
        }
        // Judged once the whole body is in, so that a body too large is
        // told so whatever it holds.
        if !content_matches(extension, &head) {
            return Err(UploadError::NotWhatItSays {
                extension: extension.to_owned(),
            });
        }
        Ok(())
    }
    .await;
    if let Err(err) = outcome {
        upload.abort().await;
        if matches!(
            err,
            UploadError::TooLarge { .. } | UploadError::NotWhatItSays { .. }
        ) {
            drain(&mut body).await;
        }
        return Err(err);
    }
    upload.commit().await?;
    Ok(written)
}

/// Deletes the media a lesson no longer points at: a new upload of another
/// type (`lesson-7.webm` replacing `lesson-7.mp4`) is stored under a new
/// key, and the old file would otherwise stay in the store for good. Called
/// once the lesson points at `current`; a failure is logged, not returned
/// (the new media is in place, and a leftover file is only space).
pub async fn discard_replaced(store: &dyn MediaStore, previous: Option<&str>, current: &str) {
    let Some(previous) = previous.filter(|p| *p != current && !p.is_empty()) else {
        return;
    };
    if let Err(err) = store.remove(previous).await {
        tracing::warn!(error = %err, key = previous, "could not delete replaced media");
    }
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
#[async_trait::async_trait]
pub trait MediaStore: Send + Sync {
    /// Starts writing `key`; nothing is visible under it until committed.
    async fn begin(&self, key: &str) -> Result<Box<dyn Upload>, UploadError>;
    /// Whether `key` holds bytes.
    async fn exists(&self, key: &str) -> bool;
    /// Where `key` is read from; `None` for a key this store never holds.
    fn source(&self, key: &str) -> Option<MediaSource>;
    /// Deletes `key`'s bytes; a key that holds none is not an error.
    async fn remove(&self, key: &str) -> Result<(), UploadError>;
}

/// An upload in progress.
#[async_trait::async_trait]
pub trait Upload: Send {
    async fn write(&mut self, chunk: Bytes) -> Result<(), UploadError>;
    /// Makes the bytes visible under the key, replacing what was there.
    async fn commit(self: Box<Self>) -> Result<(), UploadError>;
    /// Discards what was written (best effort: a leftover is never visible).
    async fn abort(self: Box<Self>);
}

/// Where to read a key's bytes from.
pub enum MediaSource {
    /// A file on this node's disk, served with range requests.
    File(PathBuf),
    /// An object in the shared store, read with [`ObjectMedia::read`].
    Object(ObjectMedia, object_store::path::Path),
}

/// The store the configuration names: S3 when `media_url` is set, the
/// media directory otherwise.
pub fn open(
    media_url: Option<&MediaUrl>,
    media_dir: &std::path::Path,
) -> Result<Arc<dyn MediaStore>, object_store::Error> {
    Ok(match media_url {
        Some(url) => Arc::new(ObjectMedia::s3(url)?),
        None => Arc::new(DiskStore::new(media_dir)),
    })
}

/// Keys are file names we make (`lesson-12.mp4`): letters, digits, `-_.`,
/// never a leading dot (the disk store's uploads in progress).
fn safe_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !key.starts_with('.')
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
    fn content_must_match_its_declared_type() {
        let mp4 = [
            0, 0, 0, 0x20, b'f', b't', b'y', b'p', b'i', b's', b'o', b'm',
        ];
        assert!(content_matches("mp4", &mp4));
        assert!(content_matches("m4a", &mp4));
        assert!(!content_matches("mp4", b"<script>alert(1)</script>"));
        assert!(!content_matches("webm", &mp4));
        assert!(content_matches("webm", &[0x1A, 0x45, 0xDF, 0xA3, 0x9F]));
        assert!(content_matches("mp3", b"ID3\x04\0"));
        assert!(content_matches("mp3", &[0xFF, 0xFB, 0x90, 0x64]));
        assert!(content_matches("pdf", b"%PDF-1.7\n"));
        assert!(!content_matches("pdf", b"%PD"));
        assert!(content_matches("docx", b"PK\x03\x04\x14\0"));
        assert!(!content_matches("exe", b"MZ\x90\0"));
    }

    #[test]
    fn keys_cannot_escape_the_media_directory() {
        assert!(safe_key("lesson-1.mp4"));
        assert!(!safe_key("../etc/passwd"));
        assert!(!safe_key(".hidden"));
        assert!(!safe_key("a/b.mp4"));
        assert!(!safe_key(""));
    }
}
