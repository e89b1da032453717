//! Playable media for the demo's video lessons: an 8-second test pattern
//! with a tone (H.264/AAC in MP4, which every phone browser plays) and its
//! audio-only rendition (AAC in M4A). Both are in the binary, so that
//! `serve --demo` works from a fresh clone, and are stored through
//! [`media::store_upload`], the path uploads take (signature check,
//! write-aside and rename), under the keys an upload would use.

use bytes::Bytes;
use cultivator_shared::{LessonId, UserId};
use sea_orm::DatabaseConnection;

use crate::db::courses;
use crate::domain::learning::authoring;
use crate::domain::learning::media::{self, MediaStore};
use crate::domain::seed::demo::DemoError;

/// Made once with ffmpeg (`testsrc2` at 480×270, 15 fps, and `sine`; see
/// `server/demo-media/README.md`).
const VIDEO: &[u8] = include_bytes!("../../../demo-media/lesson.mp4");
const AUDIO: &[u8] = include_bytes!("../../../demo-media/lesson-audio.m4a");
/// The clip's length: the lesson's length must match it, or the server
/// would wait for ten minutes of playback of an 8-second video.
pub const CLIP_SECS: u32 = 8;

/// Gives every video lesson of the demo instructor's courses the demo clip
/// and its audio rendition, where the lesson has none or its file is gone
/// (a fresh media directory). Returns how many lessons got media.
pub async fn attach(
    db: &DatabaseConnection,
    store: &dyn MediaStore,
    author: UserId,
) -> Result<usize, DemoError> {
    let mut attached = 0;
    for lesson in courses::video_lessons_by(db, author).await? {
        let present = |key: Option<String>| async move {
            match key {
                Some(key) => store.exists(&key).await,
                None => false,
            }
        };
        if present(lesson.media_path.clone()).await && present(lesson.audio_path.clone()).await {
            continue;
        }
        let id = LessonId(lesson.id);
        let video_key = format!("lesson-{}.mp4", lesson.id);
        let audio_key = format!("lesson-{}-audio.m4a", lesson.id);
        put(store, &video_key, VIDEO).await?;
        put(store, &audio_key, AUDIO).await?;
        authoring::set_media(db, id, &video_key)
            .await
            .map_err(|_| DemoError::Malformed("lesson media"))?;
        authoring::set_audio(db, id, &audio_key)
            .await
            .map_err(|_| DemoError::Malformed("lesson audio"))?;
        courses::set_duration(db, id, CLIP_SECS).await?;
        attached += 1;
    }
    Ok(attached)
}

async fn put(store: &dyn MediaStore, key: &str, bytes: &'static [u8]) -> Result<(), DemoError> {
    let body =
        futures_util::stream::iter([Ok::<_, std::convert::Infallible>(Bytes::from_static(bytes))]);
    media::store_upload(store, key, body, bytes.len() as u64).await?;
    Ok(())
}
