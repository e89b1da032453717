//! Online track, instructor side: authoring courses, their lessons and
//! media, question banks and quizzes.

use cultivator_shared::api::authoring::{
    CourseDraft, CourseOrder, Created, LessonDraft, ModuleDraft,
};
use cultivator_shared::api::my_learning::{AuthoredCourse, BankQuestion};
use cultivator_shared::api::online_classes::ClassCourses;
use cultivator_shared::api::quizzes::{NewQuestion, NewQuiz, QuizView};
use cultivator_shared::{ClassId, CourseId, LessonId, ModuleId};
use gloo_net::http::{Request, RequestBuilder};

use super::{ApiError, ApiResult, error_from, get, send_json, url, with_csrf};

/// The signed-in instructor's courses, drafts included.
pub async fn authored_courses() -> ApiResult<Vec<AuthoredCourse>> {
    get(&url("/instructor/courses")).await
}

pub async fn create_course(draft: &CourseDraft) -> ApiResult<Created> {
    send_json(Request::post(&url("/courses")), draft).await
}

pub async fn edit_course(id: CourseId, draft: &CourseDraft) -> ApiResult<()> {
    no_content(with_csrf(Request::put(&url(&format!("/courses/{id}")))).json(draft)).await
}

pub async fn publish_course(id: CourseId) -> ApiResult<()> {
    no_content(with_csrf(Request::post(&url(&format!("/courses/{id}/publish")))).build()).await
}

pub async fn add_module(course: CourseId, draft: &ModuleDraft) -> ApiResult<Created> {
    send_json(
        Request::post(&url(&format!("/courses/{course}/modules"))),
        draft,
    )
    .await
}

pub async fn add_lesson(module: ModuleId, draft: &LessonDraft) -> ApiResult<Created> {
    send_json(
        Request::post(&url(&format!("/modules/{module}/lessons"))),
        draft,
    )
    .await
}

/// Uploads a video or document as the raw body, typed by the file's own type.
pub async fn upload_media(lesson: LessonId, file: web_sys::File) -> ApiResult<()> {
    let builder: RequestBuilder =
        with_csrf(Request::put(&url(&format!("/lessons/{lesson}/media"))))
            .header("content-type", &file.type_());
    no_content(builder.body(file)).await
}

/// Uploads a video lesson's audio-only rendition. Browsers name an `.m4a`
/// file's type variously (or not at all): the server takes the standard names.
pub async fn upload_audio(lesson: LessonId, file: web_sys::File) -> ApiResult<()> {
    let name = file.name().to_ascii_lowercase();
    let content_type = match file.type_().as_str() {
        "audio/mpeg" | "audio/mp3" => "audio/mpeg",
        "" if name.ends_with(".mp3") => "audio/mpeg",
        "audio/webm" | "video/webm" => "audio/webm",
        "" if name.ends_with(".webm") || name.ends_with(".weba") => "audio/webm",
        _ => "audio/mp4",
    };
    let builder: RequestBuilder = with_csrf(Request::put(&url(&format!(
        "/lessons/{lesson}/media/audio"
    ))))
    .header("content-type", content_type);
    no_content(builder.body(file)).await
}

/// Puts a course's modules and lessons in a new order, in one request.
pub async fn reorder_course(id: CourseId, order: &CourseOrder) -> ApiResult<()> {
    no_content(with_csrf(Request::put(&url(&format!("/courses/{id}/order")))).json(order)).await
}

/// The courses an online class follows.
pub async fn class_courses(class: ClassId) -> ApiResult<ClassCourses> {
    get(&url(&format!("/classes/{class}/courses"))).await
}

pub async fn set_class_courses(class: ClassId, list: &ClassCourses) -> ApiResult<()> {
    no_content(with_csrf(Request::put(&url(&format!("/classes/{class}/courses")))).json(list)).await
}

pub async fn question_bank(course: CourseId) -> ApiResult<Vec<BankQuestion>> {
    get(&url(&format!("/courses/{course}/questions"))).await
}

pub async fn add_question(course: CourseId, question: &NewQuestion) -> ApiResult<i64> {
    send_json(
        Request::post(&url(&format!("/courses/{course}/questions"))),
        question,
    )
    .await
}

pub async fn create_quiz(course: CourseId, quiz: &NewQuiz) -> ApiResult<QuizView> {
    send_json(
        Request::post(&url(&format!("/courses/{course}/quizzes"))),
        quiz,
    )
    .await
}

/// Sends a built request whose success has no body (204).
async fn no_content(request: Result<Request, gloo_net::Error>) -> ApiResult<()> {
    let request = request.map_err(|_| ApiError::Network)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    if response.ok() {
        Ok(())
    } else {
        Err(error_from(&response).await)
    }
}
