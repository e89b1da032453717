//! What the learning pages read, through the API: the catalogue's search and
//! categories, a trainee's progress and "continue learning", attempts left on
//! a quiz, and an instructor's own courses and question bank — on both
//! databases.

use cultivator_shared::api::Page;
use cultivator_shared::api::authoring::{CourseDraft, Created};
use cultivator_shared::api::catalog::CourseSummary;
use cultivator_shared::api::my_learning::{
    AuthoredCourse, BankQuestion, MyCourse, MyCourseProgress,
};
use cultivator_shared::api::quizzes::{NewQuestion, NewQuiz, QuestionKind, QuizScoring, QuizView};
use cultivator_shared::{CreditHours, ErrorCode, PublishState};
use cultivator_tests::client::{expect_error, expect_json};
use cultivator_tests::learning::{read_through, small_course};
use cultivator_tests::{ApiClient, Backend, TestApp, on_both_databases};
use reqwest::StatusCode;

on_both_databases!(
    the_catalogue_searches_published_courses_by_words_and_category,
    a_trainee_sees_progress_and_the_lesson_to_continue_with,
    the_course_progress_counts_quiz_attempts_left,
    instructors_see_their_own_courses_and_question_bank,
);

const INSTRUCTOR: &str = "13800000005";
const TRAINEE: &str = "13800000010";

async fn create_course(
    instructor: &ApiClient,
    title: &str,
    summary: &str,
    category: &str,
    publish: bool,
) -> anyhow::Result<i64> {
    let draft = CourseDraft {
        title: title.into(),
        summary: summary.into(),
        category: category.into(),
        credit_hours: CreditHours(10),
        completion_threshold_pct: 90,
        attention_every_minutes: None,
    };
    let course: Created = expect_json(
        instructor.post("/api/v1/courses", &draft).await?,
        StatusCode::CREATED,
    )
    .await?;
    if publish {
        let published = instructor
            .post(&format!("/api/v1/courses/{}/publish", course.id), &())
            .await?;
        assert_eq!(published.status(), StatusCode::NO_CONTENT);
    }
    Ok(course.id)
}

async fn titles(client: &ApiClient, query: &str) -> anyhow::Result<Vec<String>> {
    let page: Page<CourseSummary> = expect_json(
        client.get(&format!("/api/v1/courses{query}")).await?,
        StatusCode::OK,
    )
    .await?;
    Ok(page.items.into_iter().map(|c| c.title).collect())
}

async fn the_catalogue_searches_published_courses_by_words_and_category(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    create_course(&instructor, "水稻栽培", "从育秧到收割", "种植技术", true).await?;
    create_course(
        &instructor,
        "Orchard care",
        "Pruning 100% of trees",
        "种植技术",
        true,
    )
    .await?;
    create_course(
        &instructor,
        "合作社财务",
        "记账与水稻收购",
        "经营管理",
        true,
    )
    .await?;
    create_course(&instructor, "水稻草稿", "未发布", "草稿分类", false).await?;
    let visitor = app.client()?;

    let mut rice = titles(&visitor, "?q=%E6%B0%B4%E7%A8%BB").await?;
    rice.sort();
    assert_eq!(
        rice,
        ["合作社财务", "水稻栽培"],
        "title or summary, drafts never"
    );
    assert_eq!(titles(&visitor, "?q=orchard").await?, ["Orchard care"]);
    assert_eq!(titles(&visitor, "?q=100%25").await?, ["Orchard care"]);
    assert!(
        titles(&visitor, "?q=%25%25%25x").await?.is_empty(),
        "% is literal"
    );
    let both = titles(
        &visitor,
        "?q=%E6%B0%B4%E7%A8%BB&category=%E7%A7%8D%E6%A4%8D%E6%8A%80%E6%9C%AF",
    )
    .await?;
    assert_eq!(both, ["水稻栽培"]);

    let categories: Vec<String> = expect_json(
        visitor.get("/api/v1/course-categories").await?,
        StatusCode::OK,
    )
    .await?;
    assert!(categories.contains(&"种植技术".to_owned()));
    assert!(categories.contains(&"经营管理".to_owned()));
    assert!(!categories.contains(&"草稿分类".to_owned()));
    assert_eq!(
        categories.iter().filter(|c| *c == "种植技术").count(),
        1,
        "each category once"
    );
    app.stop().await
}

async fn a_trainee_sees_progress_and_the_lesson_to_continue_with(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let course = small_course(&app.db, PublishState::Published).await?;
    let trainee = app.signed_in(TRAINEE).await?;
    let progress_url = format!("/api/v1/me/courses/{}", course.id);

    let before: MyCourseProgress =
        expect_json(trainee.get(&progress_url).await?, StatusCode::OK).await?;
    assert!(before.enrollment.is_none() && before.lessons.is_empty());
    assert_eq!(before.progress_pct, 0);

    let _: serde_json::Value = expect_json(
        trainee
            .post(&format!("/api/v1/courses/{}/enroll", course.id), &())
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    // Reading the document completes it; one of three required lessons.
    read_through(&app.db, &trainee, course.document).await?;
    let after: MyCourseProgress =
        expect_json(trainee.get(&progress_url).await?, StatusCode::OK).await?;
    assert!(after.enrollment.is_some());
    assert_eq!(after.progress_pct, 33);
    let done: Vec<_> = after
        .lessons
        .iter()
        .filter(|l| l.completed)
        .map(|l| l.lesson_id)
        .collect();
    assert_eq!(done, [course.document]);

    let mine: Vec<MyCourse> =
        expect_json(trainee.get("/api/v1/me/courses").await?, StatusCode::OK).await?;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].course.id, course.id);
    assert_eq!(mine[0].progress_pct, 33);
    assert_eq!(
        mine[0].next_lesson.as_ref().map(|l| l.id),
        Some(course.video),
        "the first lesson not yet completed"
    );
    assert!(mine[0].completed_at.is_none());

    let other = app.signed_in("13800000011").await?;
    let theirs: Vec<MyCourse> =
        expect_json(other.get("/api/v1/me/courses").await?, StatusCode::OK).await?;
    assert!(theirs.is_empty(), "only one's own courses");
    expect_error(
        app.client()?.get("/api/v1/me/courses").await?,
        StatusCode::UNAUTHORIZED,
        ErrorCode::Unauthenticated,
    )
    .await?;
    app.stop().await
}

async fn the_course_progress_counts_quiz_attempts_left(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let course = small_course(&app.db, PublishState::Published).await?;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let question = NewQuestion {
        kind: QuestionKind::TrueFalse,
        prompt: "秸秆可以还田".into(),
        options: vec!["对".into(), "错".into()],
        correct: vec![0],
        explanation: String::new(),
    };
    let _: i64 = expect_json(
        instructor
            .post(
                &format!("/api/v1/courses/{}/questions", course.id),
                &question,
            )
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let settings = NewQuiz {
        title: "小测".into(),
        question_count: 1,
        shuffle: false,
        pass_pct: 100,
        max_attempts: Some(2),
        time_limit_secs: None,
        required: true,
        scoring: QuizScoring::Best,
        show_answers: None,
    };
    let quiz: QuizView = expect_json(
        instructor
            .post(&format!("/api/v1/courses/{}/quizzes", course.id), &settings)
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let trainee = app.signed_in(TRAINEE).await?;
    let _: serde_json::Value = expect_json(
        trainee
            .post(&format!("/api/v1/courses/{}/enroll", course.id), &())
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let _: serde_json::Value = expect_json(
        trainee
            .post(&format!("/api/v1/quizzes/{}/attempts", quiz.id), &())
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let progress: MyCourseProgress = expect_json(
        trainee
            .get(&format!("/api/v1/me/courses/{}", course.id))
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(progress.quizzes.len(), 1);
    let status = progress.quizzes[0];
    assert_eq!(status.quiz_id, quiz.id);
    assert_eq!(status.attempts_used, 1);
    assert_eq!(status.attempts_left, Some(1));
    assert_eq!(status.best_score_pct, None, "not submitted yet");
    assert!(!status.passed);
    app.stop().await
}

async fn instructors_see_their_own_courses_and_question_bank(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let draft = create_course(&instructor, "草稿课程", "", "测试", false).await?;
    let mine: Vec<AuthoredCourse> = expect_json(
        instructor.get("/api/v1/instructor/courses").await?,
        StatusCode::OK,
    )
    .await?;
    let found = mine.iter().find(|c| c.course.id.0 == draft);
    assert_eq!(found.map(|c| c.state), Some(PublishState::Draft));

    let question = NewQuestion {
        kind: QuestionKind::Multiple,
        prompt: "哪些是粮食作物？".into(),
        options: vec!["水稻".into(), "玫瑰".into(), "小麦".into()],
        correct: vec![0, 2],
        explanation: "玫瑰是花卉。".into(),
    };
    let bank_url = format!("/api/v1/courses/{draft}/questions");
    let id: i64 = expect_json(
        instructor.post(&bank_url, &question).await?,
        StatusCode::CREATED,
    )
    .await?;
    let bank: Vec<BankQuestion> =
        expect_json(instructor.get(&bank_url).await?, StatusCode::OK).await?;
    assert_eq!(bank.len(), 1);
    assert_eq!(bank[0].id, id);
    assert_eq!(bank[0].question, question);

    let trainee = app.signed_in(TRAINEE).await?;
    expect_error(
        trainee.get(&bank_url).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    expect_error(
        trainee.get("/api/v1/instructor/courses").await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    app.stop().await
}
