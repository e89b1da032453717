//! Lesson media (videos, audio renditions, documents): which types are
//! accepted, and where the bytes live. Storage sits behind [`MediaStore`] so
//! that an object store can replace the local disk later.

use std::path::{Path, PathBuf};

use cultivator_shared::api::authoring::LessonKind;

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
