//! A course saved on the phone for learning with no network: the service
//! worker keeps the course's reads, each lesson's progress read, article
//! images, documents and audio renditions, and the videos only if the
//! trainee asks (their size shown first), in its saved cache
//! (`frontend/pwa/sw.js`), and serves them when the network fails (media
//! from there first). The app remembers how much each saved course holds,
//! shows the total, and can clear it all; signing out clears it too.

use std::collections::BTreeMap;

use cultivator_shared::CourseId;
use cultivator_shared::api::authoring::{CourseOutline, LessonKind};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::device;

/// Saved courses and their bytes, as this device remembers them.
const SAVED: &str = "cultivator.saved-courses";

/// The videos of `course` (same-origin paths).
pub fn videos(course: &CourseOutline) -> Vec<String> {
    course
        .modules
        .iter()
        .flat_map(|m| &m.lessons)
        .filter(|l| l.kind == LessonKind::Video)
        .map(|l| format!("/api/v1/lessons/{}/media", l.id))
        .collect()
}

/// What to keep of `course` (same-origin paths), with its videos or not.
pub fn files(course: &CourseOutline, with_videos: bool) -> Vec<String> {
    let id = course.id;
    let mut files = vec![
        format!("/api/v1/courses/{id}"),
        format!("/api/v1/me/courses/{id}"),
        format!("/api/v1/courses/{id}/quizzes"),
    ];
    for lesson in course.modules.iter().flat_map(|m| &m.lessons) {
        let lesson_id = lesson.id;
        files.push(format!("/api/v1/lessons/{lesson_id}/progress"));
        match lesson.kind {
            LessonKind::Article => {
                files.extend(lesson.html.as_deref().map(image_paths).unwrap_or_default())
            }
            LessonKind::Document => files.push(format!("/api/v1/lessons/{lesson_id}/media")),
            LessonKind::Video if lesson.has_audio => {
                files.push(format!("/api/v1/lessons/{lesson_id}/media/audio"))
            }
            LessonKind::Video => {}
        }
    }
    if with_videos {
        files.extend(videos(course));
    }
    files
}

/// The same-origin images an article shows (`<img src="/...">`).
fn image_paths(html: &str) -> Vec<String> {
    html.split("<img")
        .skip(1)
        .filter_map(|tag| {
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            let from = tag.find("src=\"")? + 5;
            let len = tag[from..].find('"')?;
            let src = &tag[from..from + len];
            (src.starts_with('/') && !src.starts_with("//")).then(|| src.to_owned())
        })
        .collect()
}

/// Courses saved on this device, with their bytes.
pub fn saved() -> BTreeMap<i64, u64> {
    device::read_json(SAVED).unwrap_or_default()
}

/// Bytes of every course saved on this device.
pub fn saved_bytes() -> u64 {
    saved().values().sum()
}

/// Sends `message` to the service worker through the page's helper
/// (`frontend/pwa/register.js`) and waits for its answer.
async fn ask_worker(message: &JsValue) -> Result<JsValue, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let helper = js_sys::Reflect::get(&window, &"cultivatorOffline".into())?
        .dyn_into::<js_sys::Function>()?;
    let promise = helper
        .call1(&JsValue::NULL, message)?
        .dyn_into::<js_sys::Promise>()?;
    JsFuture::from(promise).await
}

fn message(kind: &str) -> Result<js_sys::Object, JsValue> {
    let message = js_sys::Object::new();
    js_sys::Reflect::set(&message, &"type".into(), &kind.into())?;
    Ok(message)
}

/// `message` of `kind` about `urls`, sent to the service worker; the number
/// its answer gives under `field`.
async fn ask_about(kind: &str, urls: &[String], field: &str) -> Result<u64, JsValue> {
    let message = message(kind)?;
    let urls: js_sys::Array = urls.iter().map(|u| JsValue::from_str(u)).collect();
    js_sys::Reflect::set(&message, &"urls".into(), &urls)?;
    let answer = ask_worker(&message.into()).await?;
    Ok(js_sys::Reflect::get(&answer, &field.into())?
        .as_f64()
        .unwrap_or(0.0) as u64)
}

/// The bytes the videos of `course` would take on this device.
pub async fn video_bytes(course: &CourseOutline) -> Result<u64, JsValue> {
    ask_about("sizes", &videos(course), "bytes").await
}

/// Saves `course` on this device, with its videos or not; the bytes it holds.
pub async fn save(course: &CourseOutline, with_videos: bool) -> Result<u64, JsValue> {
    let bytes = ask_about("save", &files(course, with_videos), "saved").await?;
    let mut all = saved();
    all.insert(course.id.0, bytes);
    device::write_json(SAVED, &all);
    Ok(bytes)
}

/// Clears every saved course from this device.
pub async fn clear() -> Result<(), JsValue> {
    ask_worker(&message("forget-saved")?.into()).await?;
    device::remove(SAVED);
    Ok(())
}

/// Forgets what was saved (the service worker empties its cache itself
/// when the person signs out).
pub fn forget() {
    device::remove(SAVED);
}

/// Whether `course` is saved on this device.
pub fn is_saved(course: CourseId) -> bool {
    saved().contains_key(&course.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cultivator_shared::api::authoring::{LessonOutline, ModuleOutline};
    use cultivator_shared::{CreditHours, LessonId, ModuleId, PublishState};

    fn lesson(id: i64, kind: LessonKind, html: Option<&str>, has_audio: bool) -> LessonOutline {
        LessonOutline {
            id: LessonId(id),
            title: String::new(),
            kind,
            required: true,
            duration_secs: None,
            html: html.map(str::to_owned),
            has_audio,
        }
    }

    #[test]
    fn a_course_keeps_its_reads_images_documents_and_audio_and_videos_only_when_asked() {
        let course = CourseOutline {
            id: CourseId(7),
            title: String::new(),
            summary: String::new(),
            category: String::new(),
            credit_hours: CreditHours(10),
            state: PublishState::Published,
            completion_threshold_pct: 80,
            attention_every_minutes: None,
            modules: vec![ModuleOutline {
                id: ModuleId(1),
                title: String::new(),
                lessons: vec![
                    lesson(
                        1,
                        LessonKind::Article,
                        Some(
                            r#"<p>x</p><img alt="a" src="/api/v1/media/9"><img src="https://elsewhere.example/b.png"><img src="//cdn/c.png">"#,
                        ),
                        false,
                    ),
                    lesson(2, LessonKind::Video, None, true),
                    lesson(3, LessonKind::Video, None, false),
                    lesson(4, LessonKind::Document, None, false),
                ],
            }],
        };
        assert_eq!(
            files(&course, true)[10..],
            ["/api/v1/lessons/2/media", "/api/v1/lessons/3/media"]
        );
        assert_eq!(
            files(&course, false),
            [
                "/api/v1/courses/7",
                "/api/v1/me/courses/7",
                "/api/v1/courses/7/quizzes",
                "/api/v1/lessons/1/progress",
                "/api/v1/media/9",
                "/api/v1/lessons/2/progress",
                "/api/v1/lessons/2/media/audio",
                "/api/v1/lessons/3/progress",
                "/api/v1/lessons/4/progress",
                "/api/v1/lessons/4/media",
            ]
        );
    }
}
