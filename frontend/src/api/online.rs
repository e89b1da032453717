//! Online track, trainee side: the catalogue, courses, lesson progress,
//! quizzes and the credit-hour ledger.

use cultivator_shared::api::Page;
use cultivator_shared::api::authoring::CourseOutline;
use cultivator_shared::api::catalog::CourseSummary;
use cultivator_shared::api::learning::{
    AttentionAnswer, AttentionOutcome, CourseEnrollmentView, CreditLedger, LessonProgressView,
    OfflineProgress, OfflineReport, ProgressReport,
};
use cultivator_shared::api::my_learning::{MyCourse, MyCourseProgress};
use cultivator_shared::api::online_classes::ClassCourseProgress;
use cultivator_shared::api::quizzes::{AttemptResult, AttemptView, QuizView, SubmitAnswers};
use cultivator_shared::{CSRF_HEADER, CSRF_HEADER_VALUE, ClassId, CourseId, LessonId};
use gloo_net::http::Request;

use super::{ApiResult, get, send_json, url};

/// Published courses whose title or summary contains `words`, in `category`
/// (either may be empty).
pub async fn search_courses(words: String, category: String) -> ApiResult<Page<CourseSummary>> {
    let mut params = vec![("limit", "100".to_owned())];
    if !words.trim().is_empty() {
        params.push(("q", words.trim().to_owned()));
    }
    if !category.is_empty() {
        params.push(("category", category));
    }
    let query: Vec<String> = params
        .into_iter()
        .map(|(k, v)| format!("{k}={}", encode_component(&v)))
        .collect();
    get(&url(&format!("/courses?{}", query.join("&")))).await
}

/// `encodeURIComponent`, without pulling in js-sys for one function.
fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

pub async fn course_categories() -> ApiResult<Vec<String>> {
    get(&url("/course-categories")).await
}

/// A course with its modules and lessons (articles as sanitised HTML).
pub async fn course_outline(id: CourseId) -> ApiResult<CourseOutline> {
    get(&url(&format!("/courses/{id}"))).await
}

/// The signed-in user's enrollment and progress in a course.
pub async fn my_course(id: CourseId) -> ApiResult<MyCourseProgress> {
    get(&url(&format!("/me/courses/{id}"))).await
}

/// The signed-in user's courses, for "continue learning".
pub async fn my_courses() -> ApiResult<Vec<MyCourse>> {
    if let Some(known) = super::first_screen::signed_in_list(|h| h.my_courses.clone()) {
        return known;
    }
    get(&url("/me/courses")).await
}

pub async fn enroll(id: CourseId) -> ApiResult<CourseEnrollmentView> {
    send_json(Request::post(&url(&format!("/courses/{id}/enroll"))), &()).await
}

pub async fn lesson_progress(id: LessonId) -> ApiResult<LessonProgressView> {
    get(&url(&format!("/lessons/{id}/progress"))).await
}

pub async fn report_progress(
    id: LessonId,
    report: &ProgressReport,
) -> ApiResult<LessonProgressView> {
    send_json(
        Request::post(&url(&format!("/lessons/{id}/progress"))),
        report,
    )
    .await
}

/// Reports made with no network, oldest first (see `crate::outbox`). The
/// answer (an `OfflineOutcome`) is not read: each lesson shows its stored
/// progress when opened, and not parsing it keeps the app smaller.
pub async fn report_offline_progress(reports: Vec<OfflineReport>) -> ApiResult<()> {
    send_json::<_, serde::de::IgnoredAny>(
        Request::post(&url("/me/progress/offline")),
        &OfflineProgress { reports },
    )
    .await
    .map(|_| ())
}

pub async fn answer_attention(id: LessonId, code: u8) -> ApiResult<AttentionOutcome> {
    send_json(
        Request::post(&url(&format!("/lessons/{id}/attention"))),
        &AttentionAnswer { code },
    )
    .await
}

/// Sends a report with `fetch(…, {keepalive: true})`, which the browser
/// delivers even while the page is being closed. Nobody waits for the answer.
pub fn report_progress_on_exit(id: LessonId, report: &ProgressReport) {
    let Ok(body) = serde_json::to_string(report) else {
        return;
    };
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(headers) = web_sys::Headers::new() else {
        return;
    };
    let _ = headers.set("content-type", "application/json");
    let _ = headers.set(CSRF_HEADER, CSRF_HEADER_VALUE);
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    // web-sys has no setter for `keepalive`; it is a plain dictionary field.
    let _ = web_sys::js_sys::Reflect::set(
        &init,
        &wasm_bindgen::JsValue::from_str("keepalive"),
        &wasm_bindgen::JsValue::TRUE,
    );
    init.set_headers(&headers);
    init.set_body(&wasm_bindgen::JsValue::from_str(&body));
    let _ = window.fetch_with_str_and_init(&url(&format!("/lessons/{id}/progress")), &init);
}

/// Where a lesson's video or document is streamed from.
pub fn media_url(id: LessonId) -> String {
    url(&format!("/lessons/{id}/media"))
}

/// A video lesson's audio-only rendition.
pub fn audio_url(id: LessonId) -> String {
    url(&format!("/lessons/{id}/media/audio"))
}

/// The courses an online class follows, with the signed-in trainee's progress.
pub async fn my_class_courses(class: ClassId) -> ApiResult<Vec<ClassCourseProgress>> {
    get(&url(&format!("/me/classes/{class}/courses"))).await
}

pub async fn course_quizzes(id: CourseId) -> ApiResult<Vec<QuizView>> {
    get(&url(&format!("/courses/{id}/quizzes"))).await
}

pub async fn start_attempt(quiz: i64) -> ApiResult<AttemptView> {
    send_json(
        Request::post(&url(&format!("/quizzes/{quiz}/attempts"))),
        &(),
    )
    .await
}

pub async fn submit_attempt(attempt: i64, answers: &SubmitAnswers) -> ApiResult<AttemptResult> {
    send_json(
        Request::post(&url(&format!("/attempts/{attempt}/submit"))),
        answers,
    )
    .await
}

/// The signed-in user's credit-hour ledger.
pub async fn my_credits() -> ApiResult<CreditLedger> {
    if let Some(known) = super::first_screen::signed_in_list(|h| h.credits.clone()) {
        return known;
    }
    get(&url("/me/credits")).await
}
