//! Online completions count for coordinators: completing the courses an
//! online class follows completes the class in the same transaction, the
//! dashboard counts the trainee as trained online, and a full recount
//! agrees. A course completed outside any class earns credit hours but is
//! not training in a programme, until its trainee joins an online class
//! following it. On both databases.

use cultivator_server::domain::coordination::recount;
use cultivator_shared::api::class_progress::ClassProgress;
use cultivator_shared::api::classes::{ClassDetail, CreateClassRequest, MyEnrollment};
use cultivator_shared::api::coordination::Dashboard;
use cultivator_shared::api::learning::{CourseEnrollmentView, LessonProgressView, ProgressReport};
use cultivator_shared::api::online_classes::{ClassCourseProgress, ClassCourses};
use cultivator_shared::{
    CourseId, EnrollmentMode, EnrollmentStatus, ErrorCode, ProgrammeId, PublishState, Track,
};
use cultivator_tests::classes::{create_class, demo_programme, offline_class};
use cultivator_tests::client::{expect_error, expect_json};
use cultivator_tests::learning::{SmallCourse, let_time_pass, played, read_through, small_course};
use cultivator_tests::{ApiClient, Backend, TestApp, on_both_databases};
use reqwest::{Method, StatusCode};

on_both_databases!(
    completing_an_online_classs_courses_counts_the_trainee_and_recount_agrees,
    only_managers_set_the_courses_of_online_classes,
    a_trainee_sees_the_courses_of_an_online_class_with_their_progress,
    joining_an_online_class_enrols_the_trainee_in_its_courses,
    a_member_who_has_done_the_new_course_list_completes_the_class_at_once,
    the_class_managers_see_each_members_progress,
);

fn online_class(programme: ProgrammeId) -> CreateClassRequest {
    CreateClassRequest {
        title: "四川省线上研修班".into(),
        track: Track::Online,
        region_code: "51".into(),
        venue: None,
        attendance_threshold_pct: None,
        planned_sessions: None,
        enrollment_mode: EnrollmentMode::Open,
        ..offline_class(programme, 100, EnrollmentMode::Open)
    }
}

async fn online_trained(coordinator: &ApiClient, programme: ProgrammeId) -> anyhow::Result<u64> {
    let dashboard: Dashboard = expect_json(
        coordinator
            .get(&format!(
                "/api/v1/coordination/dashboard?programme={}",
                programme.0
            ))
            .await?,
        StatusCode::OK,
    )
    .await?;
    Ok(dashboard.online.trained)
}

async fn progress(
    client: &ApiClient,
    lesson: cultivator_shared::LessonId,
    body: &ProgressReport,
) -> anyhow::Result<LessonProgressView> {
    expect_json(
        client
            .post(&format!("/api/v1/lessons/{lesson}/progress"), body)
            .await?,
        StatusCode::OK,
    )
    .await
}

/// Enrols in the small course and completes every required lesson.
async fn complete_course(
    app: &TestApp,
    trainee: &ApiClient,
    course: &SmallCourse,
) -> anyhow::Result<LessonProgressView> {
    let _: CourseEnrollmentView = expect_json(
        trainee
            .post(&format!("/api/v1/courses/{}/enroll", course.id), &())
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    read_through(&app.db, trainee, course.document).await?;
    read_through(&app.db, trainee, course.article).await?;
    progress(trainee, course.video, &played(0, 2)).await?;
    let_time_pass(&app.db, course.video, 20_000).await?;
    progress(trainee, course.video, &played(2, 20)).await
}

async fn set_courses(
    client: &ApiClient,
    class: &ClassDetail,
    courses: Vec<CourseId>,
) -> anyhow::Result<reqwest::Response> {
    client
        .send_json(
            Method::PUT,
            &format!("/api/v1/classes/{}/courses", class.class.id),
            &ClassCourses { courses },
        )
        .await
}

async fn completing_an_online_classs_courses_counts_the_trainee_and_recount_agrees(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let programme = demo_programme(&app.db).await?;
    let course = small_course(&app.db, PublishState::Published).await?;
    let instructor = app.signed_in("13800000005").await?;
    let class = create_class(&instructor, &online_class(programme)).await?;
    assert_eq!(
        set_courses(&instructor, &class, vec![course.id])
            .await?
            .status(),
        StatusCode::NO_CONTENT
    );
    let listed: ClassCourses = expect_json(
        instructor
            .get(&format!("/api/v1/classes/{}/courses", class.class.id))
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(listed.courses, vec![course.id]);

    let coordinator = app.signed_in("13800000002").await?;
    let before = online_trained(&coordinator, programme).await?;

    // A trainee in the class completes its only course.
    let in_class = app.signed_in("13800000010").await?;
    let mine: MyEnrollment = expect_json(
        in_class
            .post(&format!("/api/v1/classes/{}/apply", class.class.id), &())
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(mine.status, EnrollmentStatus::Enrolled);
    let last = complete_course(&app, &in_class, &course).await?;
    assert!(last.course_completed);
    let detail: ClassDetail = expect_json(
        in_class
            .get(&format!("/api/v1/classes/{}", class.class.id))
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(
        detail.my_enrollment.map(|e| e.status),
        Some(EnrollmentStatus::Completed),
        "the online class completes with its last course"
    );
    assert_eq!(online_trained(&coordinator, programme).await?, before + 1);

    // A trainee outside any class completes the same course: credit hours,
    // but no programme to count them in.
    let alone = app.signed_in("13800000011").await?;
    assert!(
        complete_course(&app, &alone, &course)
            .await?
            .course_completed
    );
    assert_eq!(online_trained(&coordinator, programme).await?, before + 1);

    // Reporting again changes nothing: completion is counted once.
    let_time_pass(&app.db, course.video, 5_000).await?;
    progress(&in_class, course.video, &played(0, 20)).await?;
    assert_eq!(online_trained(&coordinator, programme).await?, before + 1);

    // Joining the class with its courses already done completes it at once.
    let joined: MyEnrollment = expect_json(
        alone
            .post(&format!("/api/v1/classes/{}/apply", class.class.id), &())
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(joined.status, EnrollmentStatus::Completed);
    assert_eq!(online_trained(&coordinator, programme).await?, before + 2);

    let report = recount::recount(&app.db, false).await?;
    assert!(report.agrees(), "recount disagrees: {report:?}");
    app.stop().await
}

async fn only_managers_set_the_courses_of_online_classes(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let programme = demo_programme(&app.db).await?;
    let course = small_course(&app.db, PublishState::Published).await?;
    let draft = small_course(&app.db, PublishState::Draft).await?;
    let instructor = app.signed_in("13800000005").await?;
    let online = create_class(&instructor, &online_class(programme)).await?;
    let offline = create_class(
        &instructor,
        &offline_class(programme, 10, EnrollmentMode::Open),
    )
    .await?;
    let trainee = app.signed_in("13800000010").await?;
    expect_error(
        set_courses(&trainee, &online, vec![course.id]).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    expect_error(
        set_courses(&instructor, &offline, vec![course.id]).await?,
        StatusCode::CONFLICT,
        ErrorCode::Conflict,
    )
    .await?;
    for bad in [
        vec![draft.id],
        vec![course.id, course.id],
        vec![CourseId(0)],
    ] {
        expect_error(
            set_courses(&instructor, &online, bad).await?,
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        )
        .await?;
    }
    app.stop().await
}

async fn my_class_courses(
    client: &ApiClient,
    class: &ClassDetail,
) -> anyhow::Result<Vec<ClassCourseProgress>> {
    expect_json(
        client
            .get(&format!("/api/v1/me/classes/{}/courses", class.class.id))
            .await?,
        StatusCode::OK,
    )
    .await
}

/// The demo data, two published courses and an online class of the demo
/// programme created by the demo instructor (following no course yet).
struct Setup {
    app: TestApp,
    programme: ProgrammeId,
    first: SmallCourse,
    second: SmallCourse,
    instructor: ApiClient,
    class: ClassDetail,
}

async fn online_class_with_two_courses(backend: Backend) -> anyhow::Result<Setup> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let programme = demo_programme(&app.db).await?;
    let first = small_course(&app.db, PublishState::Published).await?;
    let second = small_course(&app.db, PublishState::Published).await?;
    let instructor = app.signed_in("13800000005").await?;
    let class = create_class(&instructor, &online_class(programme)).await?;
    Ok(Setup {
        app,
        programme,
        first,
        second,
        instructor,
        class,
    })
}

async fn a_trainee_sees_the_courses_of_an_online_class_with_their_progress(
    backend: Backend,
) -> anyhow::Result<()> {
    let Setup {
        app,
        programme: _,
        first,
        second,
        instructor,
        class,
    } = online_class_with_two_courses(backend).await?;
    let trainee = app.signed_in("13800000010").await?;
    assert!(my_class_courses(&trainee, &class).await?.is_empty());
    set_courses(&instructor, &class, vec![second.id, first.id]).await?;

    // In the class's order; nothing started yet.
    let listed = my_class_courses(&trainee, &class).await?;
    let ids: Vec<CourseId> = listed.iter().map(|c| c.course.id).collect();
    assert_eq!(ids, vec![second.id, first.id]);
    assert!(
        listed
            .iter()
            .all(|c| c.progress_pct.is_none() && !c.completed)
    );
    assert_eq!(listed[0].course.title, "测试课程");

    // Enrolled in one course and through with it: 100 %, completed.
    complete_course(&app, &trainee, &first).await?;
    let listed = my_class_courses(&trainee, &class).await?;
    assert_eq!(listed[0].progress_pct, None);
    assert_eq!(listed[1].progress_pct, Some(100));
    assert!(listed[1].completed);

    // Someone else's progress is their own.
    let other = app.signed_in("13800000011").await?;
    assert!(
        my_class_courses(&other, &class)
            .await?
            .iter()
            .all(|c| c.progress_pct.is_none())
    );
    expect_error(
        trainee.get("/api/v1/me/classes/999999/courses").await?,
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
    )
    .await?;
    app.stop().await
}

async fn joining_an_online_class_enrols_the_trainee_in_its_courses(
    backend: Backend,
) -> anyhow::Result<()> {
    let Setup {
        app,
        programme: _,
        first,
        second,
        instructor,
        class,
    } = online_class_with_two_courses(backend).await?;
    set_courses(&instructor, &class, vec![first.id]).await?;

    let member = app.signed_in("13800000010").await?;
    let mine: MyEnrollment = expect_json(
        member
            .post(&format!("/api/v1/classes/{}/apply", class.class.id), &())
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(mine.status, EnrollmentStatus::Enrolled);
    let enrolled = |listed: &[ClassCourseProgress]| -> Vec<bool> {
        listed.iter().map(|c| c.progress_pct.is_some()).collect()
    };
    assert_eq!(
        enrolled(&my_class_courses(&member, &class).await?),
        vec![true]
    );

    // A course added later reaches those already in the class, and only them.
    set_courses(&instructor, &class, vec![first.id, second.id]).await?;
    assert_eq!(
        enrolled(&my_class_courses(&member, &class).await?),
        vec![true, true]
    );
    let outsider = app.signed_in("13800000011").await?;
    assert_eq!(
        enrolled(&my_class_courses(&outsider, &class).await?),
        vec![false, false]
    );
    app.stop().await
}

async fn my_class_status(
    client: &ApiClient,
    class: &cultivator_shared::api::catalog::ClassSummary,
) -> anyhow::Result<Option<EnrollmentStatus>> {
    let detail: ClassDetail = expect_json(
        client.get(&format!("/api/v1/classes/{}", class.id)).await?,
        StatusCode::OK,
    )
    .await?;
    Ok(detail.my_enrollment.map(|e| e.status))
}

async fn a_member_who_has_done_the_new_course_list_completes_the_class_at_once(
    backend: Backend,
) -> anyhow::Result<()> {
    let Setup {
        app,
        programme,
        first: done,
        second: pending,
        instructor,
        class,
    } = online_class_with_two_courses(backend).await?;
    set_courses(&instructor, &class, vec![pending.id]).await?;
    let coordinator = app.signed_in("13800000002").await?;
    let before = online_trained(&coordinator, programme).await?;

    let member = app.signed_in("13800000010").await?;
    let applied = member
        .post(&format!("/api/v1/classes/{}/apply", class.class.id), &())
        .await?;
    assert_eq!(applied.status(), StatusCode::OK);
    assert!(
        complete_course(&app, &member, &done)
            .await?
            .course_completed
    );
    assert_eq!(
        my_class_status(&member, &class.class).await?,
        Some(EnrollmentStatus::Enrolled),
        "a course outside the class does not complete it"
    );

    // The class now follows only what the member has done: no later course
    // completion would complete it, so changing the list does.
    set_courses(&instructor, &class, vec![done.id]).await?;
    assert_eq!(
        my_class_status(&member, &class.class).await?,
        Some(EnrollmentStatus::Completed)
    );
    assert_eq!(online_trained(&coordinator, programme).await?, before + 1);
    app.stop().await
}

async fn the_class_managers_see_each_members_progress(backend: Backend) -> anyhow::Result<()> {
    let Setup {
        app,
        programme: _,
        first,
        second,
        instructor,
        class,
    } = online_class_with_two_courses(backend).await?;
    set_courses(&instructor, &class, vec![first.id, second.id]).await?;
    let apply = format!("/api/v1/classes/{}/apply", class.class.id);
    let busy = app.signed_in("13800000010").await?;
    let idle = app.signed_in("13800000011").await?;
    for trainee in [&busy, &idle] {
        let _: MyEnrollment = expect_json(trainee.post(&apply, &()).await?, StatusCode::OK).await?;
    }
    complete_course(&app, &busy, &first).await?;

    let path = |query: &str| format!("/api/v1/classes/{}/progress?{query}", class.class.id);
    let list: ClassProgress = expect_json(
        instructor.get(&path("sort=percent&desc=true")).await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(list.courses, 2);
    assert_eq!(list.members.total, 2);
    let top = &list.members.items[0];
    assert_eq!(top.name, "张秀英");
    assert_eq!(
        (top.percent, top.lessons_completed * 2),
        (50, list.required_lessons)
    );
    assert!(top.verified_ms >= 20_000, "{top:?}");
    assert!(top.last_activity.is_some());
    assert!(!top.mobile.contains('*'), "instructors see whole mobiles");
    let bottom = &list.members.items[1];
    assert_eq!(
        (bottom.percent, bottom.verified_ms, bottom.last_activity),
        (0, 0, None)
    );
    // Paged, and sorted the other way.
    let page: ClassProgress = expect_json(
        instructor.get(&path("sort=percent&limit=1")).await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(page.members.total, 2);
    assert_eq!(page.members.items.len(), 1);
    assert_eq!(page.members.items[0].percent, 0);
    // A coordinator over the region sees it with masked mobiles.
    let sichuan = app.signed_in("13800000003").await?;
    let seen: ClassProgress = expect_json(sichuan.get(&path("")).await?, StatusCode::OK).await?;
    assert!(seen.members.items.iter().all(|m| m.mobile.contains('*')));
    // As spreadsheets.
    let csv = instructor
        .get(&format!("/api/v1/classes/{}/progress.csv", class.class.id))
        .await?;
    assert_eq!(csv.status(), StatusCode::OK);
    let text = csv.text().await?;
    assert!(
        text.contains("verified_minutes") && text.contains("张秀英"),
        "{text}"
    );
    let xlsx = instructor
        .get(&format!("/api/v1/classes/{}/progress.xlsx", class.class.id))
        .await?;
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert!(xlsx.bytes().await?.starts_with(b"PK"));
    // Members see no one's progress; bad sorts are refused.
    expect_error(
        busy.get(&path("")).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    let bad = instructor.get(&path("sort=mobile")).await?;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    app.stop().await
}
